//===- accel-translate.cpp - Planned accel IR to an accel program ---------===//
//
// accel-translate --accel-to-asm  in.mlir            (readable assembly)
// accel-translate --accel-to-bin  in.mlir -o net.accel (binary program)
//
// The input is accel IR after --accel-tile and --accel-plan-memory (see
// docs/Backend.md). The module's only function is emitted, or the one
// chosen with --accel-entry=NAME. With `-o FILE`, output goes to a
// temporary file next to FILE that is renamed over it only on success, so a
// failed run never leaves a truncated or deleted program behind. Every
// error is one diagnostic at the offending op; the exit code is then 1.
//
//===----------------------------------------------------------------------===//

#include "accel/Emit/Emitter.h"
#include "accel/InitAll.h"
#include "accel/ISA/Program.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
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
  return accel::emit::emitModule(module, entryFunction);
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
        llvm::Expected<std::vector<uint8_t>> bytes =
            accel::isa::writeProgramBinary(emitted->program);
        if (!bytes)
          return op->emitError() << "cannot encode the program: "
                                 << llvm::toString(bytes.takeError());
        os.write(reinterpret_cast<const char *>(bytes->data()), bytes->size());
        return success();
      },
      registerDialects);
}

/// Finds `-o FILE` / `-o=FILE` (one or two dashes) in argv. Returns the
/// index of the argument holding the file name and the prefix before it.
std::optional<std::pair<int, std::string>> findOutputArg(int argc,
                                                         char **argv) {
  std::optional<std::pair<int, std::string>> found;
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg = argv[i];
    if (arg == "--")
      break;
    if ((arg == "-o" || arg == "--o") && i + 1 < argc)
      found = {i + 1, ""};
    else if (arg.starts_with("-o="))
      found = {i, "-o="};
    else if (arg.starts_with("--o="))
      found = {i, "--o="};
  }
  return found;
}

} // namespace

int main(int argc, char **argv) {
  registerAccelTranslations();

  // mlirTranslateMain's own complaints about zero or two translations are
  // cryptic ("must be specified at least once!" twice, or a parse error on
  // standard input): say what is wrong instead.
  int translations = 0;
  bool help = false;
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg = argv[i];
    if (arg == "--")
      break;
    translations += arg == "--accel-to-asm" || arg == "-accel-to-asm" ||
                    arg == "--accel-to-bin" || arg == "-accel-to-bin";
    help |= arg.starts_with("--help") || arg.starts_with("-help") ||
            arg == "--version";
  }
  if (!help && translations != 1) {
    llvm::WithColor::error(llvm::errs(), "accel-translate")
        << "choose exactly one of --accel-to-asm and --accel-to-bin (got "
        << translations << ")\n";
    return 1;
  }

  // Redirect `-o FILE` to a temporary sibling; rename it on success.
  std::vector<char *> args(argv, argv + argc);
  std::optional<std::pair<int, std::string>> output = findOutputArg(argc, argv);
  std::string finalPath, tempPath, tempArg;
  if (output) {
    llvm::StringRef value = argv[output->first];
    value.consume_front(output->second);
    if (value != "-") {
      finalPath = value.str();
      tempPath = finalPath + ".tmp-" +
                 std::to_string(llvm::sys::Process::getProcessId());
      tempArg = output->second + tempPath;
      args[output->first] = tempArg.data();
    }
  }
  // One diagnostic per error: do not dump the whole op after it unless the
  // user asks for it.
  printOpChosen = llvm::any_of(args, [](const char *arg) {
    return llvm::StringRef(arg).contains("mlir-print-op-on-diagnostic");
  });
  std::string quiet = "--mlir-print-op-on-diagnostic=false";
  if (!printOpChosen)
    args.insert(args.begin() + 1, quiet.data());
  LogicalResult result = mlirTranslateMain(
      int(args.size()), args.data(),
      "accel translation: planned accel IR to accelerator programs\n");
  if (tempPath.empty())
    return failed(result) ? 1 : 0;
  if (failed(result)) {
    llvm::sys::fs::remove(tempPath);
    return 1;
  }
  if (std::error_code error = llvm::sys::fs::rename(tempPath, finalPath)) {
    llvm::WithColor::error(llvm::errs(), "accel-translate")
        << "cannot write '" << finalPath << "': " << error.message() << "\n";
    llvm::sys::fs::remove(tempPath);
    return 1;
  }
  return 0;
}
