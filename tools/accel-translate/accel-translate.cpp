//===- accel-translate.cpp - Planned accel IR to an accel program ---------===//
//
// accel-translate --accel-to-asm  in.mlir            (readable assembly)
// accel-translate --accel-to-bin  in.mlir -o net.accel (binary program)
// accel-translate --import-onnx   model.onnx -o model.mlir (ONNX to TOSA,
//                                  docs/Import.md)
//
// The input is accel IR after --accel-tile and --accel-plan-memory (see
// docs/Backend.md). The module's only function is emitted, or the one
// chosen with --accel-entry=NAME. With `-o FILE`, output is put in place
// only on success (accel/Support/OutputFile.h), so a failed run never
// leaves a truncated or deleted program behind, and a FIFO or device is
// written through, never replaced. Every error is one diagnostic at the
// offending op; the exit code is then 1.
//
//===----------------------------------------------------------------------===//

#include "accel/Emit/Emitter.h"
#include "accel/Import/OnnxImporter.h"
#include "accel/InitAll.h"
#include "accel/ISA/Program.h"
#include "accel/Support/OutputFile.h"
#include "accel/Support/ToolMain.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

using namespace mlir;

namespace {

llvm::cl::opt<std::string>
    entryFunction("accel-entry",
                  llvm::cl::desc("Function to emit when the module has "
                                 "several (default: the only one)"),
                  llvm::cl::value_desc("NAME"), llvm::cl::init(""));

/// Whether the user passed --mlir-print-op-on-diagnostic themselves.
bool printOpChosen = false;

FailureOr<accel::emit::EmittedProgram> emitOperation(Operation *op) {
  // mlirTranslateMain sets printOpOnDiagnostic(true) on its context,
  // overriding the command-line flag: without this, an error at the module
  // (no --accel-entry match, say) would dump the whole module after it.
  if (!printOpChosen)
    op->getContext()->printOpOnDiagnostic(false);
  auto module = dyn_cast<ModuleOp>(op);
  if (!module)
    return op->emitError() << "expected a builtin.module";
  // The program is written before the module goes: no copy of its weights.
  accel::emit::EmitOptions options;
  options.borrowWeights = true;
  return accel::emit::emitModule(module, entryFunction, options);
}

void registerDialects(DialectRegistry &registry) {
  accel::registerAllDialects(registry);
}

void registerAccelTranslations() {
  TranslateFromMLIRRegistration toAsm(
      "accel-to-asm",
      "emit the accel program as annotated assembly (planned accel IR)",
      [](Operation *op, llvm::raw_ostream &os) -> LogicalResult {
        FailureOr<accel::emit::EmittedProgram> emitted = emitOperation(op);
        if (failed(emitted))
          return failure();
        accel::emit::printAnnotatedAsm(*emitted, os);
        return success();
      },
      registerDialects);
  TranslateFromMLIRRegistration toBin(
      "accel-to-bin", "emit the accel program in binary form (.accel)",
      [](Operation *op, llvm::raw_ostream &os) -> LogicalResult {
        FailureOr<accel::emit::EmittedProgram> emitted = emitOperation(op);
        if (failed(emitted))
          return failure();
        // emitOperation verified the program it emitted.
        if (llvm::Error error =
                accel::isa::writeVerifiedProgramBinary(emitted->program, os))
          return op->emitError() << "cannot encode the program: "
                                 << llvm::toString(std::move(error));
        return success();
      },
      registerDialects);
}

/// The translations' flag names, for "did you mean" on a misspelt one.
constexpr llvm::StringLiteral kTranslations[] = {"accel-to-asm", "accel-to-bin",
                                                 "import-onnx"};

} // namespace

int main(int argc, char **argv) {
  accel::registerVersionPrinter("accel-translate");
  registerAccelTranslations();
  accel::registerOnnxImportTranslation();

  // mlirTranslateMain's own complaints about zero or two translations are
  // cryptic ("must be specified at least once!" twice, or a parse error on
  // standard input): say what is wrong instead.
  int translations = 0;
  bool help = false;
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg = argv[i];
    if (arg == "--")
      break;
    translations += llvm::any_of(kTranslations, [&](llvm::StringRef name) {
      return arg == ("--" + name).str() || arg == ("-" + name).str();
    });
    help |= arg.starts_with("--help") || arg.starts_with("-help") ||
            arg == "--version";
  }
  if (!help && translations != 1) {
    // A misspelt translation flag is the usual reason for "got 0": name it
    // (mlirTranslateMain would only get to it after this check).
    for (int i = 1; i < argc && translations == 0; ++i) {
      llvm::StringRef arg = argv[i];
      if (arg == "--")
        break;
      llvm::StringRef flag = arg;
      if (!flag.consume_front("--") && !flag.consume_front("-"))
        continue;
      flag = flag.take_until([](char c) { return c == '='; });
      llvm::StringRef closest;
      unsigned best = 3; // farther than this is not a misspelling
      for (llvm::StringRef known : kTranslations) {
        unsigned distance = flag.edit_distance(known);
        if (flag != known && distance < best) {
          best = distance;
          closest = known;
        }
      }
      if (!closest.empty()) {
        llvm::WithColor::error(llvm::errs(), "accel-translate")
            << "unknown option '" << arg << "'; did you mean '--" << closest
            << "'?\n";
        return 1;
      }
    }
    llvm::WithColor::error(llvm::errs(), "accel-translate")
        << "choose exactly one of --accel-to-asm, --accel-to-bin and "
           "--import-onnx (got "
        << translations << ")\n";
    return 1;
  }

  // One diagnostic per error: do not dump the whole op after it unless the
  // user asks for it.
  std::vector<char *> args(argv, argv + argc);
  printOpChosen = accel::quietOpOnDiagnostic(args);
  // `-o FILE` is put in place only on success (accel/Support/OutputFile.h:
  // FIFOs and devices are written through, never replaced).
  return accel::runWithRedirectedOutput(
      "accel-translate", std::move(args), [](int argc, char **argv) {
        return succeeded(mlirTranslateMain(
            argc, argv,
            "accel translation: planned accel IR to accelerator programs\n"));
      });
}
