//===- SplitPlan.cpp - Exact split of a transposed conv into stride-1 convs -===//
//
// Computes the per-axis phase decomposition described in
// include/accel/Split/SplitPlan.h and docs/Rationale-Split.md, the stacked and
// zero-insert alternatives derived from it, MAC counts, and the weight
// gathers that turn the original kernel into each strategy's kernels.
//
//===----------------------------------------------------------------------===//

#include "accel/Split/SplitPlan.h"
#include "accel/Support/EnumNames.h"
#include "accel/Target/DecisionCache.h"

#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cstdlib>
#include <numeric>

using namespace accel;

//===----------------------------------------------------------------------===//
// Strategy names
//===----------------------------------------------------------------------===//

static constexpr EnumName<SplitStrategy> kSplitStrategyNames[] = {
    {SplitStrategy::Split, "split"},
    {SplitStrategy::Stacked, "stacked"},
    {SplitStrategy::ZeroInsert, "zero-insert"}};

llvm::StringRef accel::stringifySplitStrategy(SplitStrategy strategy) {
  return enumName<SplitStrategy>(kSplitStrategyNames, strategy, "split");
}

std::optional<SplitStrategy> accel::parseSplitStrategy(llvm::StringRef name) {
  return parseEnumName<SplitStrategy>(kSplitStrategyNames, name);
}

//===----------------------------------------------------------------------===//
// AxisParams / AxisPhase
//===----------------------------------------------------------------------===//

AxisParams AxisParams::fromPyTorch(int64_t inputSize, int64_t kernelSize,
                                   int64_t stride, int64_t dilation,
                                   int64_t padding, int64_t outputPadding) {
  AxisParams params;
  params.inputSize = inputSize;
  params.kernelSize = kernelSize;
  params.stride = stride;
  params.dilation = dilation;
  params.padBegin = -padding;
  params.padEnd = -padding + outputPadding;
  return params;
}

int64_t AxisParams::outputSize() const {
  return (inputSize - 1) * stride + padBegin + padEnd +
         (kernelSize - 1) * dilation + 1;
}

InputWindow accel::inputWindow(int64_t inputSize, int64_t padBegin,
                               int64_t padEnd) {
  InputWindow window;
  int64_t begin = std::max<int64_t>(0, -padBegin);
  int64_t end = std::min<int64_t>(inputSize, inputSize + padEnd);
  if (end <= begin) {
    window.padBefore = std::max<int64_t>(0, inputSize + padBegin + padEnd);
    return window;
  }
  window.offset = begin;
  window.count = end - begin;
  window.padBefore = std::max<int64_t>(0, padBegin);
  window.padAfter = std::max<int64_t>(0, padEnd);
  return window;
}

//===----------------------------------------------------------------------===//
// Axis planning
//===----------------------------------------------------------------------===//

/// Fills the stacked form: the phase of tap k is (k*D) mod S and its input
/// lag is m_k = floor(k*D / S); output grid position q of any phase reads
/// input q - m_k. The common window spans m in [0, m_max]. Within a phase the
/// lags step by D/g; when every lag is congruent to m_max modulo D/g the
/// window keeps that dilation, otherwise it falls back to dilation 1.
static void planStacked(AxisPlan &plan) {
  const AxisParams &p = plan.params;
  int64_t s = p.stride, d = p.dilation;
  int64_t subDilation = d / std::gcd(d, s);
  int64_t maxLag = ((p.kernelSize - 1) * d) / s;
  bool aligned = true;
  for (int64_t k = 0; k < p.kernelSize; ++k)
    aligned &= (maxLag - (k * d) / s) % subDilation == 0;

  StackedAxis &st = plan.stacked;
  st.dilation = aligned ? subDilation : 1;
  st.numTaps = maxLag / st.dilation + 1;
  st.tapOf.assign(s * st.numTaps, -1);
  for (int64_t k = 0; k < p.kernelSize; ++k) {
    int64_t lag = (k * d) / s;
    if ((maxLag - lag) % st.dilation != 0)
      continue; // cannot happen when aligned; dilation 1 otherwise
    int64_t u = (maxLag - lag) / st.dilation;
    st.tapOf[((k * d) % s) * st.numTaps + u] = k;
  }

  int64_t gridLo = llvm::divideFloorSigned(-p.padBegin, s);
  int64_t gridHi = llvm::divideFloorSigned(plan.outputSize - 1 - p.padBegin, s);
  st.gridCount = gridHi - gridLo + 1;
  st.cropOffset = -p.padBegin - gridLo * s;
  st.padBegin = maxLag - gridLo;
  st.padEnd = st.gridCount - p.inputSize - st.padBegin +
              (st.numTaps - 1) * st.dilation;
  plan.stackedTaps = st.gridCount * st.numTaps * s;
}

llvm::Expected<AxisPlan> accel::planAxis(const AxisParams &params,
                                          const PlanLimits &limits) {
  const AxisParams &p = params;
  if (p.inputSize < 1 || p.kernelSize < 1 || p.stride < 1 || p.dilation < 1)
    return llvm::createStringError(
        llvm::formatv("invalid axis: input {0}, kernel {1}, stride {2}, "
                      "dilation {3} (all must be >= 1)",
                      p.inputSize, p.kernelSize, p.stride, p.dilation)
            .str());
  if (p.stride > limits.maxPhases)
    return llvm::createStringError(
        llvm::formatv("stride {0} exceeds the split plan's limit of {1} "
                      "phases; use a smaller stride",
                      p.stride, limits.maxPhases)
            .str());
  // The plan's loops run over the taps, the output and the input: bound
  // them (and the arithmetic below) before planning.
  std::optional<int64_t> span = llvm::checkedMulAdd<int64_t>(
      p.kernelSize - 1, p.dilation, 1);
  if (!span || *span > limits.maxKernelSpan)
    return llvm::createStringError(
        llvm::formatv("kernel extent (K-1)*D+1 with K = {0}, D = {1} exceeds "
                      "the split plan's limit of {2}",
                      p.kernelSize, p.dilation, limits.maxKernelSpan)
            .str());
  std::optional<int64_t> stretched =
      llvm::checkedMul<int64_t>(p.inputSize - 1, p.stride);
  if (!stretched || *stretched > (int64_t(1) << 48) ||
      std::abs(p.padBegin) > (int64_t(1) << 48) ||
      std::abs(p.padEnd) > (int64_t(1) << 48))
    return llvm::createStringError(
        llvm::formatv("input {0} at stride {1} with out_pad ({2}, {3}) gives "
                      "an output beyond any DRAM; reduce the sizes",
                      p.inputSize, p.stride, p.padBegin, p.padEnd)
            .str());
  int64_t outSize = p.outputSize();
  if (outSize < 1)
    return llvm::createStringError(
        llvm::formatv("out_pad ({0}, {1}) leaves an empty output (size {2})",
                      p.padBegin, p.padEnd, outSize)
            .str());

  AxisPlan plan;
  plan.params = p;
  plan.outputSize = outSize;
  const int64_t s = p.stride, d = p.dilation, in = p.inputSize;
  const int64_t subDilation = d / std::gcd(d, s);

  // Taps by phase in one pass over the kernel (descending k), not S passes.
  std::vector<llvm::SmallVector<int64_t, 4>> tapsOf(s);
  for (int64_t k = p.kernelSize - 1; k >= 0; --k)
    tapsOf[(k * d) % s].push_back(k);
  for (int64_t r = 0; r < s; ++r) {
    AxisPhase phase;
    phase.residue = r;
    phase.subDilation = subDilation;
    phase.taps = std::move(tapsOf[r]);

    // Owned outputs: o = padBegin + q*S + r with 0 <= o < outSize.
    int64_t qMin = llvm::divideCeilSigned(-p.padBegin - r, s);
    int64_t qMax = llvm::divideFloorSigned(outSize - 1 - p.padBegin - r, s);
    phase.firstOutput = p.padBegin + qMin * s + r;
    phase.ownedCount = std::max<int64_t>(0, qMax - qMin + 1);

    if (phase.hasTaps() && phase.ownedCount > 0) {
      // Owned output j reads input j + base + t*subDilation for tap t, where
      // base = qMin - m(taps[0]) and m(k) = (k*D - r)/S is the input lag.
      int64_t maxLag = (phase.taps.front() * d - r) / s;
      int64_t base = qMin - maxLag;
      int64_t lo = phase.ownedCount, hi = -1;
      for (int64_t t = 0; t < phase.numTaps(); ++t) {
        int64_t first = std::max<int64_t>(0, -base - t * subDilation);
        int64_t last = std::min<int64_t>(phase.ownedCount - 1,
                                         in - 1 - base - t * subDilation);
        if (first > last)
          continue;
        lo = std::min(lo, first);
        hi = std::max(hi, last);
      }
      if (hi >= lo) {
        phase.computeBegin = lo;
        phase.computeCount = hi - lo + 1;
        phase.padBegin = -(lo + base);
        phase.padEnd = phase.computeCount - in - phase.padBegin +
                       (phase.numTaps() - 1) * subDilation;
      }
    }
    plan.splitTaps += phase.computeCount * phase.numTaps();
    plan.phases.push_back(std::move(phase));
  }

  // Per tap k: the inputs i in [0, I) with 0 <= i*S + k*D + padBegin < out.
  for (int64_t k = 0; k < p.kernelSize; ++k) {
    int64_t offset = k * d + p.padBegin;
    int64_t first = std::max<int64_t>(0, llvm::divideCeilSigned(-offset, s));
    int64_t last = std::min<int64_t>(
        in - 1, llvm::divideFloorSigned(outSize - 1 - offset, s));
    plan.usefulTaps += std::max<int64_t>(0, last - first + 1);
  }

  planStacked(plan);

  ZeroInsertAxis &zi = plan.zeroInsert;
  zi.dilatedSize = (in - 1) * s + 1;
  zi.padBegin = (p.kernelSize - 1) * d + p.padBegin;
  zi.padEnd = (p.kernelSize - 1) * d + p.padEnd;
  plan.zeroInsertTaps = outSize * p.kernelSize;
  return plan;
}

//===----------------------------------------------------------------------===//
// 2-D planning
//===----------------------------------------------------------------------===//

ConvShape TransposedConvParams::baseConvShape() const {
  ConvShape shape;
  shape.batch = batch;
  shape.inC = inChannels;
  shape.outC = outChannels;
  shape.groups = groups;
  shape.element = element;
  return shape;
}

void TransposedConvParams::appendKey(std::string &key) const {
  // A field added to the parameters must join the key: these sizes change.
  static_assert(sizeof(AxisParams) == 6 * sizeof(int64_t),
                "AxisParams gained a field: add it to the key");
  static_assert(sizeof(TransposedConvParams) == 4 * sizeof(int64_t) +
                                                    2 * sizeof(AxisParams) +
                                                    sizeof(int64_t),
                "TransposedConvParams gained a field: add it to the key");
  appendKeyInts(key,
                {batch, inChannels, outChannels, groups, int64_t(element)});
  for (const AxisParams &axis : {h, w})
    appendKeyInts(key, {axis.inputSize, axis.kernelSize, axis.stride,
                        axis.dilation, axis.padBegin, axis.padEnd});
}

/// A stride-1 conv over the given input windows.
static ConvShape windowedShape(const TransposedConvParams &params,
                               const InputWindow &wh, const InputWindow &ww,
                               int64_t kernelH, int64_t kernelW,
                               int64_t dilationH, int64_t dilationW) {
  ConvShape shape = params.baseConvShape();
  shape.setAxisH(wh.count, kernelH, dilationH, wh.padBefore, wh.padAfter);
  shape.setAxisW(ww.count, kernelW, dilationW, ww.padBefore, ww.padAfter);
  return shape;
}

/// The error for invalid batch / channel / group counts, or success.
template <typename Params>
static llvm::Error checkChannels(const Params &params) {
  if (params.batch < 1 || params.inChannels < 1 || params.outChannels < 1 ||
      params.groups < 1 || params.inChannels % params.groups != 0 ||
      params.outChannels % params.groups != 0)
    return llvm::createStringError(
        llvm::formatv("invalid channels: batch {0}, in {1}, out {2}, groups "
                      "{3} (groups must divide both channel counts)",
                      params.batch, params.inChannels, params.outChannels,
                      params.groups)
            .str());
  return llvm::Error::success();
}

llvm::Expected<SplitPlan>
accel::planTransposedConv(const TransposedConvParams &params,
                          const PlanLimits &limits) {
  if (llvm::Error error = checkChannels(params))
    return error;
  std::optional<int64_t> phaseCount =
      llvm::checkedMul<int64_t>(params.h.stride, params.w.stride);
  bool tooManyPhases = params.h.stride >= 1 && params.w.stride >= 1 &&
                       (!phaseCount || *phaseCount > limits.maxPhases);
  if (tooManyPhases && !limits.omitPhasesBeyondLimit)
    return llvm::createStringError(
        llvm::formatv("stride {0}x{1} splits into {2} phases, more than the "
                      "split plan's limit of {3} (split emits one "
                      "convolution per phase, stacked S_h*S_w*C_out output "
                      "channels); use a smaller stride, or strategy=zero-insert / auto",
                      params.h.stride, params.w.stride,
                      phaseCount ? std::to_string(*phaseCount)
                                 : std::string("too many"),
                      limits.maxPhases)
            .str());
  SplitPlan plan;
  plan.params = params;
  llvm::Expected<AxisPlan> h = planAxis(params.h, limits);
  if (!h)
    return h.takeError();
  llvm::Expected<AxisPlan> w = planAxis(params.w, limits);
  if (!w)
    return w.takeError();
  plan.h = std::move(*h);
  plan.w = std::move(*w);
  if (tooManyPhases) {
    plan.phasesOmitted = true;
    return plan;
  }

  for (const AxisPhase &ph : plan.h.phases) {
    for (const AxisPhase &pw : plan.w.phases) {
      PhasePlan phase;
      phase.rh = ph.residue;
      phase.rw = pw.residue;
      phase.hasTaps = ph.computeCount > 0 && pw.computeCount > 0;
      phase.coversOwned = phase.hasTaps && ph.computeCount == ph.ownedCount &&
                          pw.computeCount == pw.ownedCount;
      phase.shape = windowedShape(params, ph.window(params.h.inputSize),
                                  pw.window(params.w.inputSize), ph.numTaps(),
                                  pw.numTaps(), ph.subDilation, pw.subDilation);
      plan.phases.push_back(phase);
    }
  }
  return plan;
}

llvm::Expected<SplitPlan> accel::splitStrategyPlan(const SplitPlan &plan) {
  TransposedConvParams raised = plan.params;
  bool changed = false;
  for (AxisParams *axis : {&raised.h, &raised.w}) {
    // Every residue must keep an output (a crop below K outputs would
    // leave phases with nothing to compute).
    if (axis->inputSize == 1 && axis->dilation == 1 &&
        axis->kernelSize > axis->stride &&
        axis->outputSize() >= axis->kernelSize) {
      axis->stride = axis->kernelSize;
      changed = true;
    }
  }
  std::optional<int64_t> phases =
      llvm::checkedMul(raised.h.stride, raised.w.stride);
  if (!changed || plan.phasesOmitted || !phases ||
      *phases > kMaxSingleTapPhases)
    return plan;
  return planTransposedConv(raised);
}

ConvShape SplitPlan::stackedShape() const {
  const StackedAxis &sh = h.stacked, &sw = w.stacked;
  ConvShape shape = windowedShape(
      params, inputWindow(params.h.inputSize, sh.padBegin, sh.padEnd),
      inputWindow(params.w.inputSize, sw.padBegin, sw.padEnd), sh.numTaps,
      sw.numTaps, sh.dilation, sw.dilation);
  shape.outC = params.outChannels * params.h.stride * params.w.stride;
  return shape;
}

ConvShape SplitPlan::zeroInsertShape() const {
  const ZeroInsertAxis &zh = h.zeroInsert, &zw = w.zeroInsert;
  return windowedShape(
      params, inputWindow(zh.dilatedSize, zh.padBegin, zh.padEnd),
      inputWindow(zw.dilatedSize, zw.padBegin, zw.padEnd), params.h.kernelSize,
      params.w.kernelSize, params.h.dilation, params.w.dilation);
}

MacCounts SplitPlan::macs(SplitStrategy strategy) const {
  int64_t perTap = params.batch * params.outChannels *
                   params.inChannelsPerGroup();
  MacCounts counts;
  counts.useful = perTap * h.usefulTaps * w.usefulTaps;
  switch (strategy) {
  case SplitStrategy::Split:
    counts.executed = perTap * h.splitTaps * w.splitTaps;
    break;
  case SplitStrategy::Stacked:
    counts.executed = perTap * h.stackedTaps * w.stackedTaps;
    break;
  case SplitStrategy::ZeroInsert:
    counts.executed = perTap * h.zeroInsertTaps * w.zeroInsertTaps;
    break;
  }
  return counts;
}

bool SplitPlan::everyOutputComputed() const {
  return llvm::all_of(phases, [&](const PhasePlan &phase) {
    return phase.coversOwned ||
           phaseH(phase).ownedCount * phaseW(phase).ownedCount == 0;
  });
}

//===----------------------------------------------------------------------===//
// 3-D
//===----------------------------------------------------------------------===//

llvm::Expected<SplitPlan3d>
accel::planTransposedConv3d(const TransposedConv3dParams &params,
                            const PlanLimits &limits) {
  if (llvm::Error error = checkChannels(params))
    return error;
  const AxisParams *axes[3] = {&params.d, &params.h, &params.w};
  int64_t phaseCount = 1;
  for (const AxisParams *a : axes) {
    std::optional<int64_t> product =
        llvm::checkedMul<int64_t>(phaseCount, std::max<int64_t>(a->stride, 1));
    if (!product || *product > limits.maxPhases)
      return llvm::createStringError(
          llvm::formatv("stride {0}x{1}x{2} splits into more phases than the "
                        "split plan's limit of {3}; use a smaller stride",
                        params.d.stride, params.h.stride, params.w.stride,
                        limits.maxPhases)
              .str());
    phaseCount = *product;
  }
  SplitPlan3d plan;
  plan.params = params;
  for (int i = 0; i < 3; ++i) {
    llvm::Expected<AxisPlan> axis = planAxis(*axes[i], limits);
    if (!axis)
      return axis.takeError();
    plan.axes[i] = std::move(*axis);
  }
  for (const AxisPhase &pd : plan.axes[0].phases)
    for (const AxisPhase &ph : plan.axes[1].phases)
      for (const AxisPhase &pw : plan.axes[2].phases) {
        Phase3d phase;
        phase.rd = pd.residue;
        phase.rh = ph.residue;
        phase.rw = pw.residue;
        phase.hasTaps =
            pd.computeCount > 0 && ph.computeCount > 0 && pw.computeCount > 0;
        phase.coversOwned = phase.hasTaps &&
                            pd.computeCount == pd.ownedCount &&
                            ph.computeCount == ph.ownedCount &&
                            pw.computeCount == pw.ownedCount;
        plan.phases.push_back(phase);
      }
  return plan;
}

bool SplitPlan3d::everyOutputComputed() const {
  return llvm::all_of(phases, [&](const Phase3d &phase) {
    return phase.coversOwned || axisPhase(phase, 0).ownedCount *
                                        axisPhase(phase, 1).ownedCount *
                                        axisPhase(phase, 2).ownedCount ==
                                    0;
  });
}

MacCounts SplitPlan3d::splitMacs() const {
  int64_t perTap = params.batch * params.outChannels *
                   params.inChannelsPerGroup();
  MacCounts counts;
  counts.useful = perTap * axes[0].usefulTaps * axes[1].usefulTaps *
                  axes[2].usefulTaps;
  counts.executed =
      perTap * axes[0].splitTaps * axes[1].splitTaps * axes[2].splitTaps;
  return counts;
}

//===----------------------------------------------------------------------===//
// Weight gathers
//===----------------------------------------------------------------------===//

std::vector<int64_t> accel::phaseKernelGather(const SplitPlan &plan,
                                              const PhasePlan &phase) {
  const AxisPhase &ph = plan.phaseH(phase), &pw = plan.phaseW(phase);
  int64_t kh = plan.params.h.kernelSize, kw = plan.params.w.kernelSize;
  int64_t icg = plan.params.inChannelsPerGroup();
  std::vector<int64_t> gather;
  gather.reserve(plan.params.outChannels * ph.numTaps() * pw.numTaps() * icg);
  for (int64_t oc = 0; oc < plan.params.outChannels; ++oc)
    for (int64_t th : ph.taps)
      for (int64_t tw : pw.taps)
        for (int64_t ic = 0; ic < icg; ++ic)
          gather.push_back(((oc * kh + th) * kw + tw) * icg + ic);
  return gather;
}

std::vector<int64_t> accel::stackedKernelGather(const SplitPlan &plan) {
  const TransposedConvParams &p = plan.params;
  const StackedAxis &sh = plan.h.stacked, &sw = plan.w.stacked;
  int64_t kh = p.h.kernelSize, kw = p.w.kernelSize;
  int64_t icg = p.inChannelsPerGroup(), ocg = p.outChannelsPerGroup();
  std::vector<int64_t> gather;
  gather.reserve(p.outChannels * p.h.stride * p.w.stride * sh.numTaps *
                 sw.numTaps * icg);
  for (int64_t g = 0; g < p.groups; ++g)
    for (int64_t rh = 0; rh < p.h.stride; ++rh)
      for (int64_t rw = 0; rw < p.w.stride; ++rw)
        for (int64_t c = 0; c < ocg; ++c)
          for (int64_t uh = 0; uh < sh.numTaps; ++uh)
            for (int64_t uw = 0; uw < sw.numTaps; ++uw) {
              int64_t th = sh.tapOf[rh * sh.numTaps + uh];
              int64_t tw = sw.tapOf[rw * sw.numTaps + uw];
              int64_t oc = g * ocg + c;
              for (int64_t ic = 0; ic < icg; ++ic)
                gather.push_back(th < 0 || tw < 0
                                     ? -1
                                     : ((oc * kh + th) * kw + tw) * icg + ic);
            }
  return gather;
}

std::vector<int64_t> accel::zeroInsertKernelGather(const SplitPlan &plan) {
  const TransposedConvParams &p = plan.params;
  int64_t kh = p.h.kernelSize, kw = p.w.kernelSize;
  int64_t icg = p.inChannelsPerGroup();
  std::vector<int64_t> gather;
  gather.reserve(p.outChannels * kh * kw * icg);
  for (int64_t oc = 0; oc < p.outChannels; ++oc)
    for (int64_t y = 0; y < kh; ++y)
      for (int64_t x = 0; x < kw; ++x)
        for (int64_t ic = 0; ic < icg; ++ic)
          gather.push_back(((oc * kh + (kh - 1 - y)) * kw + (kw - 1 - x)) *
                               icg +
                           ic);
  return gather;
}

std::vector<int64_t> accel::phaseKernelGather3d(const SplitPlan3d &plan,
                                                const Phase3d &phase) {
  const AxisPhase &pd = plan.axisPhase(phase, 0),
                  &ph = plan.axisPhase(phase, 1),
                  &pw = plan.axisPhase(phase, 2);
  int64_t kd = plan.params.d.kernelSize, kh = plan.params.h.kernelSize,
          kw = plan.params.w.kernelSize;
  int64_t icg = plan.params.inChannelsPerGroup();
  std::vector<int64_t> gather;
  gather.reserve(plan.params.outChannels * pd.numTaps() * ph.numTaps() *
                 pw.numTaps() * icg);
  for (int64_t oc = 0; oc < plan.params.outChannels; ++oc)
    for (int64_t td : pd.taps)
      for (int64_t th : ph.taps)
        for (int64_t tw : pw.taps)
          for (int64_t ic = 0; ic < icg; ++ic)
            gather.push_back((((oc * kd + td) * kh + th) * kw + tw) * icg +
                             ic);
  return gather;
}
