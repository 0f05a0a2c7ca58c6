//===- InitAll.cpp - Register everything accel provides -------------------===//

#include "accel/InitAll.h"

#include "accel/Conversion/Passes.h"
#include "accel/Dialect/Accel/IR/AccelDialect.h"
#include "accel/Dialect/Accel/Transforms/Passes.h"
#include "accel/Pipelines/Pipelines.h"
#include "accel/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Transforms/Passes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Transforms/Passes.h"

void accel::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<accel::AccelDialect, mlir::tosa::TosaDialect,
                  mlir::func::FuncDialect, mlir::arith::ArithDialect,
                  mlir::tensor::TensorDialect>();
}

void accel::registerAllPasses() {
  accel::registerAccelPasses();
  accel::registerAccelConversionPasses();
  accel::registerAccelTransformsPasses();
  accel::registerAccelPipelines();
  // Upstream's TOSA clean-up passes (tosa-infer-shapes,
  // tosa-reduce-transposes, tosa-layerwise-constant-fold, tosa-validate,
  // ...), to compose with accel-prepare-tosa in front of accel-compile.
  mlir::tosa::registerTosaPasses();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
}
