//===- FuzzSimulation.h - Bounded simulation shared by fuzzers -*- C++ -*-===//
//
// Runs a program that a fuzzer managed to load: zero inputs, tight
// SimLimits (so a hostile program can neither allocate gigabytes nor run
// for minutes), then every output read back. Any error is fine; a crash,
// sanitizer report or leak is the bug the fuzzer looks for.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_TEST_FUZZ_FUZZSIMULATION_H
#define ACCEL_TEST_FUZZ_FUZZSIMULATION_H

#include "accel/ISA/Assembly.h"
#include "accel/ISA/Program.h"
#include "accel/Sim/Simulator.h"

#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <string>

namespace accel {
namespace fuzz {

/// Limits small enough for thousands of executions per second.
inline sim::SimLimits fuzzLimits() {
  sim::SimLimits limits;
  limits.maxMemoryBytes = uint64_t(64) << 20;
  limits.maxInstructions = 4096;
  limits.maxWork = uint64_t(1) << 22;
  return limits;
}

/// Aborts (a fuzzer finding) unless `program` survives a trip through the
/// assembly text unchanged: print, parse, print again.
inline void checkAsmRoundTrip(const isa::Program &program) {
  std::string first, second;
  llvm::raw_string_ostream firstStream(first), secondStream(second);
  isa::printProgramAsm(program, firstStream);
  firstStream.flush();
  llvm::Expected<isa::Program> again = isa::parseProgramAsm(first);
  if (!again) {
    llvm::errs() << "printed assembly does not parse: "
                 << llvm::toString(again.takeError()) << "\n";
    abort();
  }
  isa::printProgramAsm(*again, secondStream);
  secondStream.flush();
  if (first != second) {
    llvm::errs() << "assembly round trip changed the program\n";
    abort();
  }
}

/// Runs `program` on zero inputs under fuzzLimits().
inline void simulateBounded(isa::Program program) {
  llvm::Expected<sim::Simulator> simulator =
      sim::Simulator::create(std::move(program), fuzzLimits());
  if (!simulator) {
    llvm::consumeError(simulator.takeError());
    return;
  }
  for (const isa::TensorInfo &tensor : simulator->program().tensors) {
    if (tensor.role != isa::TensorRole::Input)
      continue;
    sim::NpyArray zeros{tensor.dtype, tensor.shape,
                        std::vector<uint8_t>(tensor.byteSize(), 0)};
    if (llvm::Error error = simulator->setInput(tensor.name, zeros)) {
      llvm::errs() << "a zero array of the declared shape was rejected: "
                   << llvm::toString(std::move(error)) << "\n";
      abort();
    }
  }
  llvm::Expected<sim::SimReport> report = simulator->run();
  if (!report) {
    llvm::consumeError(report.takeError());
    return;
  }
  for (const isa::TensorInfo &tensor : simulator->program().tensors) {
    llvm::Expected<sim::NpyArray> array = simulator->readTensor(tensor.name);
    if (!array) {
      llvm::errs() << "declared tensor unreadable: "
                   << llvm::toString(array.takeError()) << "\n";
      abort();
    }
  }
}

} // namespace fuzz
} // namespace accel

#endif // ACCEL_TEST_FUZZ_FUZZSIMULATION_H
