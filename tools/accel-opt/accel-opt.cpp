//===- accel-opt.cpp - The accel optimizer driver -------------------------===//
//
// mlir-opt with accel's dialects and passes: parses MLIR, runs the requested
// passes or pipelines, prints the result. See `accel-opt --help`.
//
// `-o FILE` is put in place only on success (accel/Support/OutputFile.h): a
// failed run leaves FILE as it was, and a FIFO or device such as /dev/null
// is written through, never replaced or deleted.
//
//===----------------------------------------------------------------------===//

#include "accel/InitAll.h"
#include "accel/Support/OutputFile.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

#include <vector>

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  accel::registerAllDialects(registry);
  accel::registerAllPasses();
  return accel::runWithRedirectedOutput(
      "accel-opt", std::vector<char *>(argv, argv + argc),
      [&](int argc, char **argv) {
        return mlir::succeeded(mlir::MlirOptMain(
            argc, argv,
            "accel optimizer: split transposed convolutions and compile "
            "them for fixed-function convolution accelerators\n",
            registry));
      });
}
