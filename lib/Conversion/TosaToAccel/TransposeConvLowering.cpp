//===- TransposeConvLowering.cpp - accel form of a split plan -------------===//
//
// Turns a SplitPlan into the convolutions, fills and depth-to-space geometry
// that convert-tosa-to-accel emits, and prices them with the cost model for
// strategy=auto. Plain C++: the MLIR patterns only materialise this.
//
//===----------------------------------------------------------------------===//

#include "accel/Conversion/TosaToAccel/TransposeConvLowering.h"

#include "accel/Target/Tiler.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <tuple>

using namespace accel;

namespace {

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// A stride-1 conv along one axis over the whole input with the plan's
/// exact padding: a negative value is a crop (accel.conv2d's load box starts
/// inside the input), so no output is computed only to be dropped.
struct AxisConv {
  int64_t padBegin = 0, padEnd = 0;
  int64_t outputs = 0;
};

AxisConv exactPadding(int64_t inputSize, int64_t padBegin, int64_t padEnd,
                      int64_t span) {
  AxisConv conv;
  conv.padBegin = padBegin;
  conv.padEnd = padEnd;
  conv.outputs = inputSize + padBegin + padEnd - span + 1;
  return conv;
}

/// The grid one axis phase contributes to depth-to-space: `count` positions
/// starting at output `origin`, and the conv producing them (if it has taps).
struct AxisPart {
  bool hasTaps = false;
  AxisConv conv;
  int64_t origin = 0;
  int64_t count = 0;
};

AxisPart lowerAxisPhase(const AxisPlan &axis, const AxisPhase &phase) {
  AxisPart part;
  part.origin = phase.firstOutput;
  part.count = phase.ownedCount;
  if (!phase.hasTaps() || phase.computeCount == 0 || phase.ownedCount == 0)
    return part;
  part.hasTaps = true;
  // Widen the computed range to every owned output: outputs no tap reaches
  // read only padding, i.e. become the bias.
  int64_t padBegin = phase.padBegin + phase.computeBegin;
  int64_t padEnd = phase.padEnd +
                   (phase.ownedCount - phase.computeBegin - phase.computeCount);
  int64_t span = (phase.numTaps() - 1) * phase.subDilation + 1;
  part.conv = exactPadding(axis.params.inputSize, padBegin, padEnd, span);
  part.origin = phase.firstOutput;
  part.count = part.conv.outputs;
  return part;
}

ConvShape baseShape(const TransposedConvParams &params) {
  ConvShape shape;
  shape.batch = params.batch;
  shape.inC = params.inChannels;
  shape.outC = params.outChannels;
  shape.groups = params.groups;
  shape.element = params.element;
  return shape;
}

std::vector<int64_t> identityBias(int64_t channels, int64_t copies) {
  std::vector<int64_t> gather;
  for (int64_t i = 0; i < channels * copies; ++i)
    gather.push_back(i % channels);
  return gather;
}

void lowerSplit(const SplitPlan &plan, LoweredTransposeConv &lowered) {
  const TransposedConvParams &params = plan.params;
  std::vector<AxisPart> hParts, wParts;
  for (const AxisPhase &phase : plan.h.phases)
    hParts.push_back(lowerAxisPhase(plan.h, phase));
  for (const AxisPhase &phase : plan.w.phases)
    wParts.push_back(lowerAxisPhase(plan.w, phase));
  lowered.blockH = params.h.stride;
  lowered.blockW = params.w.stride;
  for (const AxisPart &part : hParts)
    lowered.originsH.push_back(part.origin);
  for (const AxisPart &part : wParts)
    lowered.originsW.push_back(part.origin);

  for (const PhasePlan &phase : plan.phases) {
    const AxisPart &ph = hParts[phase.rh], &pw = wParts[phase.rw];
    LoweredPart part;
    part.rh = phase.rh;
    part.rw = phase.rw;
    part.isConv = ph.hasTaps && pw.hasTaps;
    part.shape = baseShape(params);
    part.outH = ph.count;
    part.outW = pw.count;
    part.biasGather = identityBias(params.outChannels, 1);
    if (part.isConv) {
      const AxisPhase &aph = plan.phaseH(phase), &apw = plan.phaseW(phase);
      ConvShape &shape = part.shape;
      shape.inH = params.h.inputSize;
      shape.inW = params.w.inputSize;
      shape.kernelH = aph.numTaps();
      shape.kernelW = apw.numTaps();
      shape.dilationH = aph.subDilation;
      shape.dilationW = apw.subDilation;
      shape.padTop = ph.conv.padBegin;
      shape.padBottom = ph.conv.padEnd;
      shape.padLeft = pw.conv.padBegin;
      shape.padRight = pw.conv.padEnd;
      part.kernelGather = phaseKernelGather(plan, phase);
    }
    lowered.parts.push_back(std::move(part));
  }
}

void lowerStacked(const SplitPlan &plan, LoweredTransposeConv &lowered) {
  const TransposedConvParams &params = plan.params;
  const StackedAxis &sh = plan.h.stacked, &sw = plan.w.stacked;
  AxisConv ch = exactPadding(params.h.inputSize, sh.padBegin, sh.padEnd,
                             (sh.numTaps - 1) * sh.dilation + 1);
  AxisConv cw = exactPadding(params.w.inputSize, sw.padBegin, sw.padEnd,
                             (sw.numTaps - 1) * sw.dilation + 1);
  int64_t phases = params.h.stride * params.w.stride;
  LoweredPart part;
  part.isConv = true;
  part.shape = baseShape(params);
  ConvShape &shape = part.shape;
  shape.inH = params.h.inputSize;
  shape.inW = params.w.inputSize;
  shape.outC = params.outChannels * phases;
  shape.kernelH = sh.numTaps;
  shape.kernelW = sw.numTaps;
  shape.dilationH = sh.dilation;
  shape.dilationW = sw.dilation;
  shape.padTop = ch.padBegin;
  shape.padBottom = ch.padEnd;
  shape.padLeft = cw.padBegin;
  shape.padRight = cw.padEnd;
  part.outH = ch.outputs;
  part.outW = cw.outputs;
  part.kernelGather = stackedKernelGather(plan);
  part.biasGather = identityBias(params.outChannels, phases);
  lowered.parts.push_back(std::move(part));
  // Grid position g = i*S + r is output g - crop.
  lowered.blockH = params.h.stride;
  lowered.blockW = params.w.stride;
  int64_t cropH = sh.cropOffset;
  int64_t cropW = sw.cropOffset;
  for (int64_t r = 0; r < params.h.stride; ++r)
    lowered.originsH.push_back(r - cropH);
  for (int64_t r = 0; r < params.w.stride; ++r)
    lowered.originsW.push_back(r - cropW);
}

llvm::Error lowerZeroInsert(const SplitPlan &plan,
                            LoweredTransposeConv &lowered) {
  const TransposedConvParams &params = plan.params;
  const ZeroInsertAxis &zh = plan.h.zeroInsert, &zw = plan.w.zeroInsert;
  // The crop (negative padding) is part of the zero insertion; positive
  // padding stays the conv's (zero fill on load, no DRAM bytes).
  int64_t pads[4] = {std::min<int64_t>(0, zh.padBegin),
                     std::min<int64_t>(0, zh.padEnd),
                     std::min<int64_t>(0, zw.padBegin),
                     std::min<int64_t>(0, zw.padEnd)};
  std::copy(pads, pads + 4, lowered.zeroInsertPad);
  lowered.zeroInsertH = zh.dilatedSize + pads[0] + pads[1];
  lowered.zeroInsertW = zw.dilatedSize + pads[2] + pads[3];
  if (lowered.zeroInsertH < 1 || lowered.zeroInsertW < 1)
    return makeError("zero-insert: the crop removes the whole dilated input");
  LoweredPart part;
  part.isConv = true;
  part.shape = baseShape(params);
  ConvShape &shape = part.shape;
  shape.inH = lowered.zeroInsertH;
  shape.inW = lowered.zeroInsertW;
  shape.kernelH = params.h.kernelSize;
  shape.kernelW = params.w.kernelSize;
  shape.dilationH = params.h.dilation;
  shape.dilationW = params.w.dilation;
  shape.padTop = std::max<int64_t>(0, zh.padBegin);
  shape.padBottom = std::max<int64_t>(0, zh.padEnd);
  shape.padLeft = std::max<int64_t>(0, zw.padBegin);
  shape.padRight = std::max<int64_t>(0, zw.padEnd);
  part.outH = shape.outH();
  part.outW = shape.outW();
  if (part.outH != plan.outH() || part.outW != plan.outW())
    return makeError(llvm::formatv(
        "zero-insert: the conv produces {0}x{1}, the transposed conv {2}x{3}",
        part.outH, part.outW, plan.outH(), plan.outW()));
  part.kernelGather = zeroInsertKernelGather(plan);
  part.biasGather = identityBias(params.outChannels, 1);
  lowered.parts.push_back(std::move(part));
  lowered.originsH = {0};
  lowered.originsW = {0};
  return llvm::Error::success();
}

} // namespace

llvm::Expected<LoweredTransposeConv>
accel::lowerTransposeConv(const SplitPlan &plan, SplitStrategy strategy) {
  const TransposedConvParams &params = plan.params;
  if (params.groups != 1 || params.h.dilation != 1 || params.w.dilation != 1)
    return makeError("only groups = 1 and dilation = 1 are lowered to accel "
                     "(TOSA's transpose_conv2d has neither)");
  LoweredTransposeConv lowered;
  lowered.strategy = strategy;
  switch (strategy) {
  case SplitStrategy::Split:
    lowerSplit(plan, lowered);
    break;
  case SplitStrategy::Stacked:
    lowerStacked(plan, lowered);
    break;
  case SplitStrategy::ZeroInsert:
    if (llvm::Error error = lowerZeroInsert(plan, lowered))
      return std::move(error);
    break;
  }
  lowered.inputH = params.h.inputSize;
  lowered.inputW = params.w.inputSize;
  lowered.outputH = plan.outH();
  lowered.outputW = plan.outW();
  lowered.macs.useful = plan.macs(strategy).useful;
  for (const LoweredPart &part : lowered.parts)
    if (part.isConv)
      lowered.macs.executed += part.shape.macs();
  return lowered;
}

std::vector<ConvShape>
accel::loweredConvShapes(const LoweredTransposeConv &lowered) {
  std::vector<ConvShape> shapes;
  for (const LoweredPart &part : lowered.parts)
    if (part.isConv)
      shapes.push_back(part.shape);
  return shapes;
}

OutputCrop accel::stackedOutputCrop(const LoweredTransposeConv &lowered) {
  OutputCrop crop;
  if (lowered.strategy != SplitStrategy::Stacked || lowered.parts.empty())
    return crop;
  const LoweredPart &part = lowered.parts.front();
  int64_t channels = part.shape.outC / (lowered.blockH * lowered.blockW);
  // Grid index i of phase origin o lands on output o + block*i; the kept
  // indices are [ceil(-o / block), ceil((size - o) / block)) within the grid.
  auto kept = [](int64_t origin, int64_t block, int64_t size, int64_t count) {
    auto ceilDiv = [](int64_t a, int64_t b) {
      return a >= 0 ? (a + b - 1) / b : -((-a) / b);
    };
    int64_t lo = std::max<int64_t>(0, ceilDiv(-origin, block));
    int64_t hi = std::min<int64_t>(count, ceilDiv(size - origin, block));
    return std::make_pair(lo, std::max(lo, hi));
  };
  bool cropsAnything = false;
  for (int64_t p = 0; p < lowered.blockH * lowered.blockW; ++p) {
    auto [top, bottom] = kept(lowered.originsH[p / lowered.blockW],
                              lowered.blockH, lowered.outputH, part.outH);
    auto [left, right] = kept(lowered.originsW[p % lowered.blockW],
                              lowered.blockW, lowered.outputW, part.outW);
    if (top >= bottom || left >= right) {
      cropsAnything = true;
      continue; // the whole channel group is dropped
    }
    crop.push_back({p * channels, (p + 1) * channels, top, part.outH - bottom,
                    left, part.outW - right});
    cropsAnything |= top > 0 || bottom < part.outH || left > 0 ||
                     right < part.outW;
  }
  return cropsAnything ? crop : OutputCrop{};
}

llvm::Expected<CostEstimate>
accel::priceLowering(const LoweredTransposeConv &lowered,
                     const TargetDesc &target) {
  CostEstimate total;
  PhaseGroup phases; // split: the phase convs, priced together
  OutputCrop crop = stackedOutputCrop(lowered);
  for (const LoweredPart &part : lowered.parts) {
    if (part.isConv && lowered.strategy == SplitStrategy::Split) {
      phases.phases.push_back(part.shape);
      continue;
    }
    if (part.isConv) {
      llvm::Expected<TiledConv> tiled =
          chooseTiling(part.shape, target, /*hasBias=*/true);
      if (!tiled)
        return tiled.takeError();
      if (crop.empty()) {
        total += tiled->cost;
        continue;
      }
      llvm::Expected<CostEstimate> cropped = estimateCroppedConvCost(
          part.shape, target, tiled->tiling, /*hasBias=*/true, crop);
      if (!cropped)
        return cropped.takeError();
      total += *cropped;
      continue;
    }
    if (part.outH == 0 || part.outW == 0)
      continue;
    isa::PlaneShape plane{part.shape.batch, part.outH, part.outW,
                          part.shape.outC, part.shape.element};
    llvm::Expected<CostEstimate> fill =
        estimateFillCost(plane, target, /*hasBias=*/true);
    if (!fill)
      return fill.takeError();
    total += *fill;
  }
  if (!phases.phases.empty()) {
    llvm::Expected<TiledPhaseGroup> group = tilePhaseGroup(phases, target);
    if (!group)
      return group.takeError();
    total += group->total;
  }
  if (lowered.strategy == SplitStrategy::ZeroInsert &&
      !lowered.zeroInsertIsIdentity()) {
    const ConvShape &conv = lowered.parts.front().shape;
    // The zero-inserted map is written to DRAM in full (zeros) and the
    // input is copied into it: priced as a fill without bias plus an
    // elementwise pass over the input.
    isa::PlaneShape dilated{conv.batch, lowered.zeroInsertH,
                            lowered.zeroInsertW, conv.inC, conv.element};
    llvm::Expected<CostEstimate> zeros =
        estimateFillCost(dilated, target, /*hasBias=*/false);
    if (!zeros)
      return zeros.takeError();
    total += *zeros;
    // Until the emitter's zero_insert schedule exists, the strided copy of
    // the input is priced as an elementwise pass over it (the add schedule:
    // an upper estimate, it loads a second operand of the same size).
    int64_t inH = lowered.inputH, inW = lowered.inputW;
    isa::PlaneShape input{conv.batch, inH, inW, conv.inC, conv.element};
    llvm::Expected<CostEstimate> copy = estimateAddCost(input, target);
    if (!copy)
      return copy.takeError();
    total += *copy;
  }
  return total;
}

llvm::Expected<StrategyChoice> accel::chooseStrategy(const SplitPlan &plan,
                                                     const TargetDesc &target) {
  StrategyChoice choice;
  const StrategyChoice::Alternative *best = nullptr;
  std::string reasons;
  for (SplitStrategy strategy :
       {SplitStrategy::Split, SplitStrategy::Stacked,
        SplitStrategy::ZeroInsert}) {
    StrategyChoice::Alternative alternative;
    alternative.strategy = strategy;
    llvm::Expected<LoweredTransposeConv> lowered =
        lowerTransposeConv(plan, strategy);
    llvm::Expected<CostEstimate> cost =
        lowered ? priceLowering(*lowered, target)
                : llvm::Expected<CostEstimate>(lowered.takeError());
    if (cost) {
      alternative.feasible = true;
      alternative.cost = *cost;
    } else {
      alternative.reason = llvm::toString(cost.takeError());
      reasons += (reasons.empty() ? "" : "; ") +
                 stringifySplitStrategy(strategy).str() + ": " +
                 alternative.reason;
    }
    choice.alternatives.push_back(alternative);
  }
  auto key = [](const StrategyChoice::Alternative &a) {
    return std::make_tuple(a.cost.cycles, a.cost.dramBytes, a.cost.energyPJ);
  };
  for (const StrategyChoice::Alternative &alternative : choice.alternatives)
    if (alternative.feasible && (!best || key(alternative) < key(*best)))
      best = &alternative;
  if (!best)
    return makeError("no strategy fits the target: " + reasons);
  choice.chosen = best->strategy;
  return choice;
}
