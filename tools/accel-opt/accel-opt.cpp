//===- accel-opt.cpp - The accel optimizer driver -------------------------===//
//
// mlir-opt with accel's dialects and passes: parses MLIR, runs the requested
// passes or pipelines, prints the result. See `accel-opt --help`.
//
// `accel-opt --accel-dump-target=PRESET` prints a target as JSON (the
// format `--accel-set-target=target=FILE.json` reads) instead: the way to
// start a target file of one's own from a preset.
//
// `-o FILE` is put in place only on success (accel/Support/OutputFile.h): a
// failed run leaves FILE as it was, and a FIFO or device such as /dev/null
// is written through, never replaced or deleted.
//
//===----------------------------------------------------------------------===//

#include "accel/InitAll.h"
#include "accel/Support/OutputFile.h"
#include "accel/Target/Target.h"
#include "accel/Support/ToolMain.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

#include <string>
#include <vector>

namespace {

/// The help text of --accel-dump-target, with the presets from the table.
const std::string dumpTargetHelp =
    "Print the target PRESET (" + accel::presetNameList() +
    ") or a target .json file as JSON and exit; edit the output and pass "
    "it to --accel-set-target=target=FILE.json";

llvm::cl::opt<std::string>
    dumpTarget("accel-dump-target", llvm::cl::desc(dumpTargetHelp),
               llvm::cl::value_desc("PRESET|FILE.json"), llvm::cl::init(""));

/// Writes the JSON of target `name` to `outputFilename` ("-": stdout).
bool dumpTargetJSON(llvm::StringRef name, llvm::StringRef outputFilename) {
  llvm::Expected<accel::TargetDesc> target = accel::resolveTarget(name);
  if (!target) {
    llvm::WithColor::error(llvm::errs(), "accel-opt")
        << llvm::toString(target.takeError()) << '\n';
    return false;
  }
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> output =
      mlir::openOutputFile(outputFilename, &error);
  if (!output) {
    llvm::WithColor::error(llvm::errs(), "accel-opt") << error << '\n';
    return false;
  }
  accel::writeTargetJSON(output->os(), *target);
  output->keep();
  return true;
}

} // namespace

int main(int argc, char **argv) {
  accel::registerVersionPrinter("accel-opt");
  mlir::DialectRegistry registry;
  accel::registerAllDialects(registry);
  accel::registerAllPasses();
  // One located diagnostic per error, without a dump of the failing op
  // (--mlir-print-op-on-diagnostic brings it back).
  std::vector<char *> args(argv, argv + argc);
  accel::quietOpOnDiagnostic(args);
  return accel::runWithRedirectedOutput(
      "accel-opt", std::move(args),
      [&](int argc, char **argv) {
        auto [inputFilename, outputFilename] = mlir::registerAndParseCLIOptions(
            argc, argv,
            "accel optimizer: split transposed convolutions and compile "
            "them for fixed-function convolution accelerators\n",
            registry);
        if (!dumpTarget.empty())
          return dumpTargetJSON(dumpTarget, outputFilename);
        return mlir::succeeded(mlir::MlirOptMain(argc, argv, inputFilename,
                                                 outputFilename, registry));
      });
}
