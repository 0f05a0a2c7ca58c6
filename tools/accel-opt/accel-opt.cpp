//===- accel-opt.cpp - The accel optimizer driver -------------------------===//
//
// mlir-opt with accel's dialects and passes: parses MLIR, runs the requested
// passes or pipelines, prints the result. See `accel-opt --help`.
//
//===----------------------------------------------------------------------===//

#include "accel/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  accel::registerAllDialects(registry);
  accel::registerAllPasses();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv,
      "accel optimizer: split transposed convolutions and compile them for "
      "fixed-function convolution accelerators\n",
      registry));
}
