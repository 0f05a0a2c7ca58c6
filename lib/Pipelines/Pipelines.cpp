//===- Pipelines.cpp - The accel-compile pipeline -------------------------===//

#include "accel/Pipelines/Pipelines.h"

#include "accel/Conversion/Passes.h"
#include "accel/Conversion/TosaToAccel/TransposeConvLowering.h"
#include "accel/Dialect/Accel/IR/AccelAttrs.h"
#include "accel/Dialect/Accel/Transforms/Passes.h"
#include "accel/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

/// Fuses an upsample + conv pair only when the cost model prices the fused
/// transposed conv under `strategy` as cheaper (under `objective`) than the
/// unfused pair on the module's target (docs/Transforms.md). A pair that
/// cannot be priced stays unfused: convert-tosa-to-accel then reports what
/// does not fit.
static accel::UpsampleConvFilter
fuseWhenCheaper(accel::TransposeConvStrategy strategy,
                accel::CostObjective objective) {
  std::optional<accel::SplitStrategy> split;
  if (strategy == accel::TransposeConvStrategy::Split)
    split = accel::SplitStrategy::Split;
  else if (strategy == accel::TransposeConvStrategy::Stacked)
    split = accel::SplitStrategy::Stacked;
  else if (strategy == accel::TransposeConvStrategy::ZeroInsert)
    split = accel::SplitStrategy::ZeroInsert;
  return [split, objective](const accel::UpsampleConvCandidate &candidate) {
    accel::TargetAttr target = accel::lookupTargetAttr(candidate.conv);
    if (!target)
      return false;
    llvm::Expected<accel::UpsampleConvPrices> prices = accel::priceUpsampleConv(
        candidate.fused, candidate.upsampledConv, candidate.factorH,
        candidate.factorW, split, target.getDesc(), objective);
    if (!prices) {
      llvm::consumeError(prices.takeError());
      return false;
    }
    return prices->fusedIsCheaper(objective);
  };
}

void accel::buildAccelCompilePipeline(OpPassManager &pm,
                                      const AccelCompileOptions &options) {
  AccelSetTargetOptions targetOptions;
  targetOptions.target = options.target;
  pm.addPass(createAccelSetTarget(targetOptions));
  pm.addNestedPass<func::FuncOp>(createPrepareTosaPass());
  if (options.fuseUpsample) {
    FuseUpsampleConvPassOptions fuseOptions;
    fuseOptions.split = false; // convert-tosa-to-accel lowers it by strategy
    pm.addNestedPass<func::FuncOp>(createFuseUpsampleConvPass(
        fuseOptions, fuseWhenCheaper(options.strategy, options.objective)));
  }
  ConvertTosaToAccelOptions conversionOptions;
  conversionOptions.strategy = options.strategy;
  conversionOptions.objective = options.objective;
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
      "accel-set-target, accel-prepare-tosa, accel-fuse-upsample-conv (when "
      "cheaper), convert-tosa-to-accel, accel-tile, accel-plan-memory, "
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
