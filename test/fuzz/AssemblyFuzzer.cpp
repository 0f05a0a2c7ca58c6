//===- AssemblyFuzzer.cpp - libFuzzer target: program assembly text ------===//
//
// Feeds arbitrary text to parseProgramAsm. A program that parses must be
// verifiable, print back to assembly that parses to the same program, and
// run on zero inputs under tight SimLimits — the text form reaches the
// simulator with structured mutations the binary fuzzer rarely makes.
//
//===----------------------------------------------------------------------===//

#include "FuzzSimulation.h"

#include <cstdint>
#include <cstdlib>

using namespace accel;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  llvm::Expected<isa::Program> program = isa::parseProgramAsm(text);
  if (!program) {
    llvm::consumeError(program.takeError());
    return 0;
  }
  if (llvm::Error error = isa::verifyProgram(*program)) {
    llvm::errs() << "the parser returned an unverifiable program: "
                 << llvm::toString(std::move(error)) << "\n";
    abort();
  }
  fuzz::checkAsmRoundTrip(*program);
  fuzz::simulateBounded(std::move(*program));
  return 0;
}
