//===- TransposeConvLowering.cpp - accel form of a split plan -------------===//
//
// Turns a SplitPlan into the convolutions, fills and depth-to-space geometry
// that convert-tosa-to-accel emits, and prices them with the cost model for
// strategy=auto. Plain C++: the MLIR patterns only materialise this.
//
//===----------------------------------------------------------------------===//

#include "accel/Conversion/TosaToAccel/TransposeConvLowering.h"

#include "accel/ISA/Program.h"
#include "accel/Target/DecisionCache.h"
#include "accel/Target/Tiler.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <limits>
#include <optional>

using namespace accel;

namespace {

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
    part.shape = params.baseConvShape();
    part.outH = ph.count;
    part.outW = pw.count;
    if (part.isConv) {
      const AxisPhase &aph = plan.phaseH(phase), &apw = plan.phaseW(phase);
      part.shape.setAxisH(params.h.inputSize, aph.numTaps(), aph.subDilation,
                          ph.conv.padBegin, ph.conv.padEnd);
      part.shape.setAxisW(params.w.inputSize, apw.numTaps(), apw.subDilation,
                          pw.conv.padBegin, pw.conv.padEnd);
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
  part.shape = params.baseConvShape();
  part.shape.outC = params.outChannels * phases;
  part.shape.setAxisH(params.h.inputSize, sh.numTaps, sh.dilation, ch.padBegin,
                      ch.padEnd);
  part.shape.setAxisW(params.w.inputSize, sw.numTaps, sw.dilation, cw.padBegin,
                      cw.padEnd);
  part.outH = ch.outputs;
  part.outW = cw.outputs;
  part.biasCopies = phases;
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
  lowered.zeroInsertStride[0] = params.h.stride;
  lowered.zeroInsertStride[1] = params.w.stride;
  lowered.zeroInsertH = zh.dilatedSize + pads[0] + pads[1];
  lowered.zeroInsertW = zw.dilatedSize + pads[2] + pads[3];
  if (lowered.zeroInsertH < 1 || lowered.zeroInsertW < 1)
    return llvm::createStringError(
        "zero-insert: the crop removes the whole dilated input");
  LoweredPart part;
  part.isConv = true;
  part.shape = params.baseConvShape();
  ConvShape &shape = part.shape;
  shape.setAxisH(lowered.zeroInsertH, params.h.kernelSize, params.h.dilation,
                 std::max<int64_t>(0, zh.padBegin),
                 std::max<int64_t>(0, zh.padEnd));
  shape.setAxisW(lowered.zeroInsertW, params.w.kernelSize, params.w.dilation,
                 std::max<int64_t>(0, zw.padBegin),
                 std::max<int64_t>(0, zw.padEnd));
  part.outH = shape.outH();
  part.outW = shape.outW();
  if (part.outH != plan.outH() || part.outW != plan.outW())
    return llvm::createStringError(llvm::formatv(
        "zero-insert: the conv produces {0}x{1}, the transposed conv {2}x{3}",
        part.outH, part.outW, plan.outH(), plan.outW()));
  lowered.parts.push_back(std::move(part));
  lowered.originsH = {0};
  lowered.originsW = {0};
  return llvm::Error::success();
}

} // namespace

const int64_t accel::kMaxProgramLayers =
    std::numeric_limits<decltype(isa::Instruction::layer)>::max();

namespace {

/// Product of non-negative factors, or nullopt on overflow.
std::optional<int64_t> product(std::initializer_list<int64_t> factors) {
  int64_t result = 1;
  for (int64_t factor : factors) {
    std::optional<int64_t> next = llvm::checkedMul(result, factor);
    if (!next)
      return std::nullopt;
    result = *next;
  }
  return result;
}

} // namespace

llvm::Error accel::checkProgramLimits(const SplitPlan &plan,
                                      SplitStrategy strategy) {
  const TransposedConvParams &p = plan.params;
  if (llvm::Error error = checkLayerLimit(p, strategy))
    return error;
  int64_t phases = p.h.stride * p.w.stride; // bounded by PlanLimits
  int64_t inBytes = elementBytes(p.element);
  int64_t accBytes = 4; // f32, or i32 accumulators
  int64_t kernelTaps = p.h.kernelSize * p.w.kernelSize; // bounded spans
  std::optional<int64_t> convOutput, kernel, extra = 0;
  switch (strategy) {
  case SplitStrategy::Split: // the phases store into the result
    kernel = product({p.outChannels, kernelTaps, p.inChannels, inBytes});
    convOutput = 0;
    break;
  case SplitStrategy::Stacked:
    kernel = product({p.outChannels, phases, plan.h.stacked.numTaps,
                      plan.w.stacked.numTaps, p.inChannels, inBytes});
    convOutput = product({p.batch, plan.h.stacked.gridCount,
                          plan.w.stacked.gridCount, p.outChannels, phases,
                          accBytes});
    break;
  case SplitStrategy::ZeroInsert:
    kernel = product({p.outChannels, kernelTaps, p.inChannels, inBytes});
    convOutput = 0;
    extra = product({p.batch, plan.h.zeroInsert.dilatedSize,
                     plan.w.zeroInsert.dilatedSize, p.inChannels, inBytes});
    break;
  }
  std::optional<int64_t> input = product(
      {p.batch, p.h.inputSize, p.w.inputSize, p.inChannels, inBytes});
  std::optional<int64_t> output = product(
      {p.batch, plan.outH(), plan.outW(), p.outChannels, accBytes});
  uint64_t total = 0;
  bool overflow = false;
  for (const std::optional<int64_t> &bytes :
       {input, output, kernel, convOutput, extra}) {
    overflow |= !bytes;
    if (!overflow)
      total += uint64_t(*bytes); // each < 2^63, at most 5 of them
    overflow |= total > isa::kMaxDramBytes;
  }
  if (overflow)
    return llvm::createStringError(llvm::formatv(
        "{0} needs more DRAM than the accelerator addresses ({1} bytes): "
        "input {2}x{3}x{4}x{5}, result {2}x{6}x{7}x{8}{9}; split the layer "
        "into smaller tensors",
        stringifySplitStrategy(strategy), isa::kMaxDramBytes, p.batch,
        p.h.inputSize, p.w.inputSize, p.inChannels, plan.outH(), plan.outW(),
        p.outChannels,
        kernel ? (", kernels " + llvm::Twine(*kernel) + " bytes").str()
               : std::string(", kernels too large")));
  return llvm::Error::success();
}

llvm::Error accel::checkLayerLimit(const TransposedConvParams &params,
                                   SplitStrategy strategy) {
  if (strategy != SplitStrategy::Split)
    return llvm::Error::success(); // one conv (+ one zero insertion)
  std::optional<int64_t> layers =
      llvm::checkedMul(params.h.stride, params.w.stride);
  if (layers && *layers <= kMaxProgramLayers)
    return llvm::Error::success();
  return llvm::createStringError(llvm::formatv(
      "split makes {0} accelerator layers (one per phase of stride {1}x{2}), "
      "more than a program holds ({3}); use a smaller stride or "
      "strategy=stacked / zero-insert",
      layers ? std::to_string(*layers) : std::string("over 2^63"),
      params.h.stride, params.w.stride, kMaxProgramLayers));
}

std::vector<int64_t> accel::kernelGatherOf(const SplitPlan &plan,
                                           const LoweredPart &part,
                                           SplitStrategy strategy) {
  switch (strategy) {
  case SplitStrategy::Split:
    return phaseKernelGather(
        plan, plan.phases[part.rh * plan.params.w.stride + part.rw]);
  case SplitStrategy::Stacked:
    return stackedKernelGather(plan);
  case SplitStrategy::ZeroInsert:
    return zeroInsertKernelGather(plan);
  }
  llvm_unreachable("unknown strategy");
}

llvm::Expected<LoweredTransposeConv>
accel::lowerTransposeConv(const SplitPlan &plan, SplitStrategy strategy) {
  const TransposedConvParams &params = plan.params;
  if (params.groups != 1)
    return llvm::createStringError(
        "only groups = 1 is lowered to accel (TOSA's transpose_conv2d has no "
        "groups; an importer writes one per group)");
  if (plan.phasesOmitted && strategy != SplitStrategy::ZeroInsert)
    return llvm::createStringError(llvm::formatv(
        "stride {0}x{1} splits into {2} phases, more than {3} (split emits "
        "one convolution per phase, stacked S_h*S_w*C_out output channels); "
        "only zero-insert can lower it",
        params.h.stride, params.w.stride, params.h.stride * params.w.stride,
        PlanLimits().maxPhases));
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
  if (lowered.strategy != SplitStrategy::Stacked || lowered.parts.empty())
    return {};
  // The pieces accel-plan-memory gives the conv's result inside the
  // depth_to_space result (the emitter stores through exactly these).
  const ConvShape &conv = lowered.parts.front().shape;
  int64_t channels = conv.outC / (lowered.blockH * lowered.blockW);
  int64_t bytes = elementBytes(conv.element);
  schedule::Placement result = schedule::densePlacement(
      0, {conv.batch, lowered.outputH, lowered.outputW, channels}, bytes);
  const LoweredPart &part = lowered.parts.front();
  schedule::Placement pieces = schedule::depthToSpaceOperandPlacement(
      result, lowered.blockH, lowered.blockW, lowered.originsH,
      lowered.originsW, std::nullopt, channels, part.outH, part.outW, bytes);
  return schedule::outputCropOf(pieces,
                                {conv.batch, part.outH, part.outW, conv.outC});
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
      // Tiled as accel-tile will: in place, in the depth_to_space result.
      llvm::Expected<TiledConv> tiled =
          chooseTiling(part.shape, target, EpilogueTiming{}, crop);
      if (!tiled)
        return tiled.takeError();
      total += tiled->cost;
      continue;
    }
    if (part.outH == 0 || part.outW == 0)
      continue;
    schedule::PlaneShape plane{part.shape.batch, part.outH, part.outW,
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
    // The emitted accel.zero_insert, priced by its one schedule.
    schedule::PlaneShape input{conv.batch, lowered.inputH, lowered.inputW,
                               conv.inC, conv.element};
    schedule::PlaneShape dilated{conv.batch, lowered.zeroInsertH,
                                 lowered.zeroInsertW, conv.inC, conv.element};
    llvm::Expected<CostEstimate> zeroInsert = estimateZeroInsertCost(
        input, dilated, lowered.zeroInsertGeometry(), target);
    if (!zeroInsert)
      return zeroInsert.takeError();
    total += *zeroInsert;
  }
  return total;
}

namespace {
/// The three strategies priced (split, stacked, zero-insert; at least one
/// feasible), whatever the objective.
using StrategyPrices = std::vector<StrategyChoice::Alternative>;
llvm::Expected<StrategyPrices> priceStrategies(const SplitPlan &plan,
                                               const TargetDesc &target);
} // namespace

llvm::Expected<StrategyChoice> accel::chooseStrategy(const SplitPlan &plan,
                                                     const TargetDesc &target,
                                                     CostObjective objective) {
  // A plan is a function of its parameters (and whether its phases were
  // omitted beyond the limit): they and the target make the key. The
  // prices do not depend on the objective; the choice among them does.
  static DecisionCache<StrategyPrices> prices;
  std::string key;
  appendTargetKey(key, target);
  plan.params.appendKey(key);
  appendKeyInts(key, {plan.phasesOmitted});
  llvm::Expected<StrategyPrices> priced =
      prices.getOrCompute(key, [&] { return priceStrategies(plan, target); });
  if (!priced)
    return priced.takeError();
  StrategyChoice choice;
  choice.alternatives = std::move(*priced);
  const StrategyChoice::Alternative *best = nullptr;
  for (const StrategyChoice::Alternative &alternative : choice.alternatives)
    if (alternative.feasible &&
        (!best || ranksBefore(alternative.cost, best->cost, objective)))
      best = &alternative;
  choice.chosen = best->strategy; // priceStrategies has a feasible one
  return choice;
}

namespace {
llvm::Expected<StrategyPrices> priceStrategies(const SplitPlan &plan,
                                               const TargetDesc &target) {
  StrategyPrices alternatives;
  std::string reasons;
  for (SplitStrategy strategy :
       {SplitStrategy::Split, SplitStrategy::Stacked,
        SplitStrategy::ZeroInsert}) {
    StrategyChoice::Alternative alternative;
    alternative.strategy = strategy;
    // Split lowers its own plan (single-tap phases on one-element axes).
    std::optional<SplitPlan> splitPlan;
    const SplitPlan *own = &plan;
    llvm::Error planError = llvm::Error::success();
    if (strategy == SplitStrategy::Split) {
      llvm::Expected<SplitPlan> planned = splitStrategyPlan(plan);
      if (planned)
        own = &splitPlan.emplace(std::move(*planned));
      else
        planError = planned.takeError();
    }
    llvm::Expected<LoweredTransposeConv> lowered =
        planError ? llvm::Expected<LoweredTransposeConv>(std::move(planError))
                  : lowerTransposeConv(*own, strategy);
    // The program's limits from shapes before any pricing (the tiler's
    // search grows with the spatial size).
    llvm::Error limits =
        lowered ? checkProgramLimits(*own, strategy) : llvm::Error::success();
    llvm::Expected<CostEstimate> cost =
        !lowered  ? llvm::Expected<CostEstimate>(lowered.takeError())
        : limits ? llvm::Expected<CostEstimate>(std::move(limits))
                 : priceLowering(*lowered, target);
    if (cost) {
      alternative.feasible = true;
      alternative.cost = *cost;
    } else {
      alternative.reason = llvm::toString(cost.takeError());
      reasons += (reasons.empty() ? "" : "; ") +
                 stringifySplitStrategy(strategy).str() + ": " +
                 alternative.reason;
    }
    alternatives.push_back(alternative);
  }
  if (llvm::none_of(alternatives,
                    [](const StrategyChoice::Alternative &alternative) {
                      return alternative.feasible;
                    }))
    return llvm::createStringError("no strategy fits the target: " + reasons);
  return alternatives; // chooseStrategy picks among them
}
} // namespace
