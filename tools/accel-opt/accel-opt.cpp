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
// A plain run (parse, run passes, print; no --verify-diagnostics,
// --split-input-file or other special mode) does MLIR 22's MlirOptMain steps
// itself, less one: upstream builds a SourceMgrDiagnosticVerifierHandler for
// every input even without --verify-diagnostics, and its constructor
// regex-scans every line of the input for `expected-*` comments (a third of
// the time to read a network's bytecode). Every other mode goes to
// MlirOptMain.
//
//===----------------------------------------------------------------------===//

#include "accel/InitAll.h"
#include "accel/Support/OutputFile.h"
#include "accel/Target/Target.h"
#include "accel/Support/ToolMain.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/Debug/CLOptionsSetup.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "mlir/Tools/ParseUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

#include <cstdio>
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

/// True when `config` asks for nothing but parse, passes and print: the
/// runs `runPlain` does. Any other mode (diagnostic verification, split
/// input, listings, IRDL, reproducers, round-trip checks, remarks, filtered
/// diagnostics, a bytecode version or elided resources) is MlirOptMain's.
bool isPlainRun(const mlir::MlirOptMainConfig &config) {
  return !config.shouldVerifyDiagnostics() &&
         config.inputSplitMarker().empty() && !config.shouldShowDialects() &&
         !config.shouldListPasses() && config.getIrdlFile().empty() &&
         !config.shouldRunReproducer() &&
         config.getReproducerFilename().empty() &&
         !config.shouldVerifyRoundtrip() && !config.shouldEmitRemarks() &&
         config.getRemarksOutputFile().empty() &&
         config.getDiagnosticVerbosityLevel() ==
             mlir::VerbosityLevel::ErrorsWarningsAndRemarks &&
         config.shouldShowNotes() && !config.shouldDumpPassPipeline() &&
         !config.bytecodeVersionToEmit() &&
         !config.shouldElideResourceDataFromBytecode();
}

/// MlirOptMain's steps for a plain run (`isPlainRun`): parse `inputFilename`
/// with the parse-time verifier, run the command line's pipeline with the
/// pass manager's command-line options (timing, IR printing, crash
/// reproducers, --verify-each), print text or bytecode to `outputFilename`,
/// kept only on success. Diagnostics go through a SourceMgrDiagnosticHandler
/// as upstream's do.
bool runPlain(const mlir::MlirOptMainConfig &config,
              llvm::StringRef inputFilename, llvm::StringRef outputFilename,
              mlir::DialectRegistry &registry) {
  if (inputFilename == "-" &&
      llvm::sys::Process::FileDescriptorIsDisplayed(fileno(stdin)))
    llvm::errs() << "(processing input from stdin now, hit ctrl-c/ctrl-d to "
                    "interrupt)\n";
  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> file =
      mlir::openInputFile(inputFilename, &errorMessage);
  if (!file) {
    llvm::errs() << errorMessage << "\n";
    return false;
  }
  std::unique_ptr<llvm::ToolOutputFile> output =
      mlir::openOutputFile(outputFilename, &errorMessage);
  if (!output) {
    llvm::errs() << errorMessage << "\n";
    return false;
  }

  auto sourceMgr = std::make_shared<llvm::SourceMgr>();
  sourceMgr->AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  // Threading follows --mlir-disable-threading (read by the constructor).
  mlir::MLIRContext context(registry);
  context.allowUnregisteredDialects(config.shouldAllowUnregisteredDialects());
  mlir::tracing::InstallDebugHandler installDebugHandler(
      context, config.getDebugConfig());
  mlir::SourceMgrDiagnosticHandler diagnostics(*sourceMgr, &context);

  mlir::DefaultTimingManager timingManager;
  mlir::applyDefaultTimingManagerCLOptions(timingManager);
  mlir::TimingScope timing = timingManager.getRootScope();

  // Parse single-threaded (no context locking), as upstream does.
  bool wasThreadingEnabled = context.isMultithreadingEnabled();
  context.disableMultithreading();
  mlir::FallbackAsmResourceMap fallbackResourceMap;
  mlir::ParserConfig parserConfig(&context, config.shouldVerifyOnParsing(),
                                  &fallbackResourceMap);
  mlir::TimingScope parserTiming = timing.nest("Parser");
  mlir::OwningOpRef<mlir::Operation *> op = mlir::parseSourceFileForTool(
      sourceMgr, parserConfig, !config.shouldUseExplicitModule());
  parserTiming.stop();
  context.enableMultithreading(wasThreadingEnabled);
  if (!op)
    return false;

  mlir::PassManager pm(op.get()->getName(),
                       mlir::PassManager::Nesting::Implicit);
  pm.enableVerifier(config.shouldVerifyPasses());
  if (mlir::failed(mlir::applyPassManagerCLOptions(pm)))
    return false;
  pm.enableTiming(timing);
  if (mlir::failed(config.setupPassPipeline(pm)) || mlir::failed(pm.run(*op)))
    return false;

  mlir::TimingScope outputTiming = timing.nest("Output");
  if (config.shouldEmitBytecode()) {
    mlir::BytecodeWriterConfig writerConfig(fallbackResourceMap);
    if (mlir::failed(
            mlir::writeBytecodeToFile(op.get(), output->os(), writerConfig)))
      return false;
  } else {
    mlir::AsmState asmState(op.get(), mlir::OpPrintingFlags(),
                            /*locationMap=*/nullptr, &fallbackResourceMap);
    op.get()->print(output->os(), asmState);
    output->os() << '\n';
  }
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
        mlir::MlirOptMainConfig config =
            mlir::MlirOptMainConfig::createFromCLOptions();
        if (isPlainRun(config)) {
          llvm::InitLLVM initLLVM(argc, argv);
          return runPlain(config, inputFilename, outputFilename, registry);
        }
        return mlir::succeeded(mlir::MlirOptMain(argc, argv, inputFilename,
                                                 outputFilename, registry));
      });
}
