//===- Pipelines.cpp - The accel-compile pipeline -------------------------===//

#include "accel/Pipelines/Pipelines.h"

#include "accel/Conversion/Passes.h"
#include "accel/Dialect/Accel/Transforms/Passes.h"
#include "accel/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

void accel::buildAccelCompilePipeline(OpPassManager &pm,
                                      const AccelCompileOptions &options) {
  AccelSetTargetOptions targetOptions;
  targetOptions.target = options.target;
  pm.addPass(createAccelSetTarget(targetOptions));
  pm.addNestedPass<func::FuncOp>(createPrepareTosaPass());
  ConvertTosaToAccelOptions conversionOptions;
  conversionOptions.strategy = options.strategy;
  conversionOptions.hostFallback = options.hostFallback;
  pm.addNestedPass<func::FuncOp>(createConvertTosaToAccel(conversionOptions));
  pm.addPass(createAccelTile());
  pm.addPass(createAccelPlanMemory());
  pm.addPass(createAccelEstimate());
}

void accel::registerAccelPipelines() {
  PassPipelineRegistration<AccelCompileOptions>(
      "accel-compile",
      "Compile TOSA to tiled, memory-planned accel IR for a target: "
      "accel-set-target, accel-prepare-tosa, convert-tosa-to-accel, accel-tile, accel-plan-memory, "
      "accel-estimate",
      buildAccelCompilePipeline);
}

LogicalResult accel::compileToAccel(ModuleOp module, StringRef target,
                                    TransposeConvStrategy strategy) {
  AccelCompileOptions options;
  options.target = target.str();
  options.strategy = strategy;
  PassManager pm(module->getContext());
  buildAccelCompilePipeline(pm, options);
  return pm.run(module);
}
