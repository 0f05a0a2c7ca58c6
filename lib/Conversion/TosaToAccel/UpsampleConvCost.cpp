//===- UpsampleConvCost.cpp - Price an upsample + conv fused or not -------===//
//
// The decision accel-compile makes for every nearest upsampling + conv pair
// accel-fuse-upsample-conv could fuse: both forms are priced with the same
// cost model strategy=auto uses (the schedule builders run into the timing
// model), and the pair is fused only when the fused form is strictly
// cheaper (docs/Transforms.md).
//
//===----------------------------------------------------------------------===//

#include "accel/Conversion/TosaToAccel/TransposeConvLowering.h"

#include "accel/Target/Tiler.h"

using namespace accel;

bool UpsampleConvPrices::fusedIsCheaper(CostObjective objective) const {
  return ranksBefore(fused, unfused, objective);
}

/// The unfused form: the upsampling as factorH * factorW per-channel 1x1
/// copies of the input (no bias, DataMovementPatterns.cpp) and the conv.
static llvm::Expected<CostEstimate>
priceUnfused(const ConvShape &upsampledConv, int64_t factorH, int64_t factorW,
             const TargetDesc &target) {
  llvm::Expected<TiledConv> conv =
      chooseTiling(upsampledConv, target, EpilogueTiming{/*hasBias=*/true});
  if (!conv)
    return conv.takeError();
  ConvShape copy = upsampledConv;
  copy.inH = upsampledConv.inH / factorH;
  copy.inW = upsampledConv.inW / factorW;
  copy.outC = copy.groups = copy.inC;
  copy.kernelH = copy.kernelW = 1;
  copy.padTop = copy.padBottom = copy.padLeft = copy.padRight = 0;
  llvm::Expected<TiledConv> copies =
      chooseTiling(copy, target, EpilogueTiming{/*hasBias=*/false});
  if (!copies)
    return copies.takeError();
  CostEstimate total = conv->cost;
  for (int64_t i = 0; i < factorH * factorW; ++i)
    total += copies->cost;
  return total;
}

llvm::Expected<UpsampleConvPrices>
accel::priceUpsampleConv(const TransposedConvParams &fused,
                         const ConvShape &upsampledConv, int64_t factorH,
                         int64_t factorW, std::optional<SplitStrategy> strategy,
                         const TargetDesc &target, CostObjective objective) {
  UpsampleConvPrices prices;
  llvm::Expected<CostEstimate> unfused =
      priceUnfused(upsampledConv, factorH, factorW, target);
  if (!unfused)
    return unfused.takeError();
  prices.unfused = *unfused;
  llvm::Expected<SplitPlan> plan = planTransposedConv(fused);
  if (!plan)
    return plan.takeError();
  if (!strategy) {
    llvm::Expected<StrategyChoice> choice =
        chooseStrategy(*plan, target, objective);
    if (!choice)
      return choice.takeError();
    for (const StrategyChoice::Alternative &alternative : choice->alternatives)
      if (alternative.strategy == choice->chosen)
        prices.fused = alternative.cost;
    return prices;
  }
  llvm::Expected<LoweredTransposeConv> lowered =
      lowerTransposeConv(*plan, *strategy);
  if (!lowered)
    return lowered.takeError();
  if (llvm::Error limits = checkProgramLimits(*plan, *strategy))
    return std::move(limits);
  llvm::Expected<CostEstimate> cost = priceLowering(*lowered, target);
  if (!cost)
    return cost.takeError();
  prices.fused = *cost;
  return prices;
}
