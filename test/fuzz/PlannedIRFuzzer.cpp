//===- PlannedIRFuzzer.cpp - libFuzzer target: hostile planned accel IR ---===//
//
// The emitter trusts nothing it reads from planned IR: DRAM placements,
// tilings, phase groups, copy lists, quantization parameters and shapes all
// come from a file a user may have edited. This target starts from real
// planned IR -- the TOSA seeds in test/fuzz/planned/ compiled at start-up by
// the accel-compile pipeline for several strategies and targets, so the
// seeds always match the current compiler -- and applies the fuzzer's
// input as a list of edits to the integer literals of the printed module
// (addresses, strides, tile sizes, shapes, attribute values). A module
// that still parses and verifies goes through the emitter; a program that
// comes out must verify, survive the assembly round trip and run under
// tight limits. Any error is fine; a crash, hang, sanitizer report or leak
// is a finding.
//
// Input: byte 0 picks the seed; then records of 4 bytes
// (literal index u16, edit kind u8, parameter u8).
//
//===----------------------------------------------------------------------===//

#include "FuzzSimulation.h"

#include "accel/Emit/Emitter.h"
#include "accel/InitAll.h"
#include "accel/Pipelines/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cctype>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

using namespace accel;

namespace {

struct Seed {
  std::string text;
  /// [begin, end) of every integer literal in `text`.
  std::vector<std::pair<size_t, size_t>> literals;
};

struct State {
  std::unique_ptr<mlir::MLIRContext> context;
  std::vector<Seed> seeds;
};

State &state() {
  static State instance;
  return instance;
}

std::vector<std::pair<size_t, size_t>> findLiterals(const std::string &text) {
  std::vector<std::pair<size_t, size_t>> literals;
  for (size_t i = 0; i < text.size();) {
    bool startsNumber = std::isdigit(uint8_t(text[i])) &&
                        (i == 0 || !(std::isalnum(uint8_t(text[i - 1])) ||
                                     text[i - 1] == '_' || text[i - 1] == '%'));
    if (!startsNumber) {
      ++i;
      continue;
    }
    size_t begin = i > 0 && text[i - 1] == '-' ? i - 1 : i;
    size_t end = i;
    while (end < text.size() && std::isdigit(uint8_t(text[end])))
      ++end;
    // Dimension lists like 1x4x4x8: the 'x' ends one literal.
    literals.push_back({begin, end});
    i = end;
  }
  return literals;
}

void compileSeeds(State &st) {
  const char *dirEnv = std::getenv("ACCEL_FUZZ_PLANNED_DIR");
  std::string dir = dirEnv ? dirEnv : ACCEL_FUZZ_PLANNED_DIR;
  std::error_code ec;
  std::vector<std::string> files;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec))
    if (llvm::sys::path::extension(it->path()) == ".mlir")
      files.push_back(it->path());
  llvm::sort(files); // the seed order must not depend on the file system
  mlir::ScopedDiagnosticHandler quiet(st.context.get(),
                                      [](mlir::Diagnostic &) {
                                        return mlir::success();
                                      });
  for (const std::string &file : files) {
    for (llvm::StringRef target : {"nvdla-small", "diannao"}) {
      for (TransposeConvStrategy strategy :
           {TransposeConvStrategy::Split, TransposeConvStrategy::Stacked,
            TransposeConvStrategy::ZeroInsert}) {
        mlir::OwningOpRef<mlir::ModuleOp> module =
            mlir::parseSourceFile<mlir::ModuleOp>(file, st.context.get());
        if (!module || failed(compileToAccel(*module, target, strategy)))
          continue;
        Seed seed;
        llvm::raw_string_ostream os(seed.text);
        module->print(os);
        os.flush();
        seed.literals = findLiterals(seed.text);
        st.seeds.push_back(std::move(seed));
      }
    }
  }
  if (st.seeds.empty()) {
    llvm::errs() << "accel-fuzz-planned: no seed compiled from '" << dir
                 << "'\n";
    abort();
  }
}

std::string applyEdits(const Seed &seed, const uint8_t *data, size_t size) {
  // Edits are applied to a copy of the literal values, then the text is
  // rebuilt once (offsets stay valid).
  std::vector<std::string> values;
  for (auto [begin, end] : seed.literals)
    values.push_back(seed.text.substr(begin, end - begin));
  for (size_t i = 0; i + 4 <= size && !values.empty(); i += 4) {
    size_t index = (size_t(data[i]) | size_t(data[i + 1]) << 8) % values.size();
    uint8_t kind = data[i + 2], param = data[i + 3];
    long long old = std::strtoll(values[index].c_str(), nullptr, 10);
    long long value = 0;
    switch (kind % 8) {
    case 0: value = param; break;
    case 1: value = -(long long)param; break;
    case 2: value = old + (long long)param - 128; break;
    case 3: value = old > (1LL << 61) || old < -(1LL << 61) ? old : old * 2;
      break;
    case 4: value = 1LL << (param % 63); break;
    case 5: value = -(1LL << (param % 63)); break;
    case 6: value = 65535 + (long long)param - 128; break;
    default: value = 0; break;
    }
    values[index] = std::to_string(value);
  }
  std::string text;
  size_t cursor = 0;
  for (size_t i = 0; i < seed.literals.size(); ++i) {
    text.append(seed.text, cursor, seed.literals[i].first - cursor);
    text += values[i];
    cursor = seed.literals[i].second;
  }
  text.append(seed.text, cursor, std::string::npos);
  return text;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  State &st = state();
  mlir::DialectRegistry registry;
  registerAllDialects(registry);
  st.context = std::make_unique<mlir::MLIRContext>(registry);
  st.context->loadAllAvailableDialects();
  st.context->printOpOnDiagnostic(false);
  compileSeeds(st);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  State &st = state();
  if (size == 0)
    return 0;
  const Seed &seed = st.seeds[data[0] % st.seeds.size()];
  std::string text = applyEdits(seed, data + 1, size - 1);
  mlir::ScopedDiagnosticHandler quiet(st.context.get(),
                                      [](mlir::Diagnostic &) {
                                        return mlir::success();
                                      });
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(text, st.context.get());
  if (!module)
    return 0;
  mlir::FailureOr<emit::EmittedProgram> emitted = emit::emitModule(*module);
  if (failed(emitted))
    return 0;
  if (llvm::Error error = isa::verifyProgram(emitted->program)) {
    llvm::errs() << "the emitter returned an unverifiable program: "
                 << llvm::toString(std::move(error)) << "\n";
    abort();
  }
  fuzz::checkAsmRoundTrip(emitted->program);
  fuzz::simulateBounded(std::move(emitted->program));
  return 0;
}
