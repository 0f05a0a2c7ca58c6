//===- ExecutePlan.cpp - Run a split plan with reference convolutions -----===//
//
// Executes each strategy of a SplitPlan exactly as an emitter lowers it:
// slicing/padding, the rearranged kernels from the plan's gathers, ordinary
// reference convolutions, and the interleave (split), depth-to-space + crop
// (stacked) or zero insertion (zero-insert). Tests compare the result with
// the direct scatter reference, so every index the plan computes is checked.
//
//===----------------------------------------------------------------------===//

#include "accel/Split/Reference.h"

using namespace accel;

namespace {
/// An NHWC activation buffer.
template <typename T>
struct Activation {
  int64_t n = 0, h = 0, w = 0, c = 0;
  std::vector<T> data;
  T &at(int64_t b, int64_t y, int64_t x, int64_t ch) {
    return data[((b * h + y) * w + x) * c + ch];
  }
};
} // namespace

/// Copies the window [y0, y0+h) x [x0, x0+w) of `src` (rows/cols outside the
/// source are not allowed: windows only ever shrink the input).
template <typename T>
static Activation<T> sliceInput(Activation<T> &src, int64_t y0, int64_t h,
                                int64_t x0, int64_t w) {
  Activation<T> dst{src.n, h, w, src.c, {}};
  dst.data.resize(src.n * h * w * src.c);
  for (int64_t b = 0; b < src.n; ++b)
    for (int64_t y = 0; y < h; ++y)
      for (int64_t x = 0; x < w; ++x)
        for (int64_t ch = 0; ch < src.c; ++ch)
          dst.at(b, y, x, ch) = src.at(b, y0 + y, x0 + x, ch);
  return dst;
}

template <typename In, typename Acc>
static std::vector<Acc> executeSplit(const SplitPlan &plan,
                                     Activation<In> &input,
                                     llvm::ArrayRef<In> weight,
                                     llvm::ArrayRef<Acc> bias, ZeroPoints zp) {
  const TransposedConvParams &p = plan.params;
  Activation<Acc> out{p.batch, plan.outH(), plan.outW(), p.outChannels, {}};
  out.data.resize(out.n * out.h * out.w * out.c);
  // Bias pre-fill: outputs no sub-convolution computes keep it.
  for (int64_t i = 0, e = out.data.size(); i < e; ++i)
    out.data[i] = bias.empty() ? Acc(0) : bias[i % out.c];

  for (const PhasePlan &phase : plan.phases) {
    if (!phase.hasTaps)
      continue;
    const AxisPhase &ph = plan.phaseH(phase), &pw = plan.phaseW(phase);
    Activation<In> sliced =
        sliceInput(input, ph.window(p.h.inputSize).offset, phase.shape.inH,
                   pw.window(p.w.inputSize).offset, phase.shape.inW);
    std::vector<In> subKernel = gatherElements<In>(
        weight, phaseKernelGather(plan, phase), In(zp.weight));
    std::vector<Acc> result =
        referenceConv<In, Acc>(phase.shape, sliced.data, subKernel, bias, zp);
    int64_t y0 = ph.firstComputedOutput(p.h.stride);
    int64_t x0 = pw.firstComputedOutput(p.w.stride);
    int64_t rows = ph.computeCount, cols = pw.computeCount;
    for (int64_t b = 0; b < p.batch; ++b)
      for (int64_t j = 0; j < rows; ++j)
        for (int64_t i = 0; i < cols; ++i)
          for (int64_t oc = 0; oc < p.outChannels; ++oc)
            out.at(b, y0 + j * p.h.stride, x0 + i * p.w.stride, oc) =
                result[((b * rows + j) * cols + i) * p.outChannels + oc];
  }
  return std::move(out.data);
}

template <typename In, typename Acc>
static std::vector<Acc> executeStacked(const SplitPlan &plan,
                                       Activation<In> &input,
                                       llvm::ArrayRef<In> weight,
                                       llvm::ArrayRef<Acc> bias,
                                       ZeroPoints zp) {
  const TransposedConvParams &p = plan.params;
  const StackedAxis &sh = plan.h.stacked, &sw = plan.w.stacked;
  ConvShape shape = plan.stackedShape();
  Activation<In> sliced =
      sliceInput(input, inputWindow(p.h.inputSize, sh.padBegin, sh.padEnd).offset,
                 shape.inH,
                 inputWindow(p.w.inputSize, sw.padBegin, sw.padEnd).offset,
                 shape.inW);
  std::vector<In> kernel =
      gatherElements<In>(weight, stackedKernelGather(plan), In(zp.weight));
  int64_t ocg = p.outChannelsPerGroup(), phases = p.h.stride * p.w.stride;
  std::vector<Acc> stackedBias;
  if (!bias.empty())
    for (int64_t g = 0; g < p.groups; ++g)
      for (int64_t r = 0; r < phases; ++r)
        for (int64_t c = 0; c < ocg; ++c)
          stackedBias.push_back(bias[g * ocg + c]);
  std::vector<Acc> grid =
      referenceConv<In, Acc>(shape, sliced.data, kernel, stackedBias, zp);

  // Depth-to-space with channels (group, rh, rw, c), then crop.
  Activation<Acc> out{p.batch, plan.outH(), plan.outW(), p.outChannels, {}};
  out.data.resize(out.n * out.h * out.w * out.c);
  for (int64_t b = 0; b < p.batch; ++b)
    for (int64_t y = 0; y < out.h; ++y)
      for (int64_t x = 0; x < out.w; ++x)
        for (int64_t oc = 0; oc < p.outChannels; ++oc) {
          int64_t gy = y + sh.cropOffset, gx = x + sw.cropOffset;
          int64_t qy = gy / p.h.stride, rh = gy % p.h.stride;
          int64_t qx = gx / p.w.stride, rw = gx % p.w.stride;
          int64_t g = oc / ocg, c = oc % ocg;
          int64_t channel = ((g * p.h.stride + rh) * p.w.stride + rw) * ocg + c;
          out.at(b, y, x, oc) =
              grid[((b * sh.gridCount + qy) * sw.gridCount + qx) * shape.outC +
                   channel];
        }
  return std::move(out.data);
}

template <typename In, typename Acc>
static std::vector<Acc> executeZeroInsert(const SplitPlan &plan,
                                          Activation<In> &input,
                                          llvm::ArrayRef<In> weight,
                                          llvm::ArrayRef<Acc> bias,
                                          ZeroPoints zp) {
  const TransposedConvParams &p = plan.params;
  const ZeroInsertAxis &zh = plan.h.zeroInsert, &zw = plan.w.zeroInsert;
  // "Zeros" are input zero points so that they contribute nothing.
  Activation<In> dilated{input.n, zh.dilatedSize, zw.dilatedSize, input.c, {}};
  dilated.data.assign(dilated.n * dilated.h * dilated.w * dilated.c,
                      In(zp.input));
  for (int64_t b = 0; b < input.n; ++b)
    for (int64_t y = 0; y < input.h; ++y)
      for (int64_t x = 0; x < input.w; ++x)
        for (int64_t ch = 0; ch < input.c; ++ch)
          dilated.at(b, y * p.h.stride, x * p.w.stride, ch) =
              input.at(b, y, x, ch);
  ConvShape shape = plan.zeroInsertShape();
  Activation<In> sliced = sliceInput(
      dilated, inputWindow(zh.dilatedSize, zh.padBegin, zh.padEnd).offset,
      shape.inH, inputWindow(zw.dilatedSize, zw.padBegin, zw.padEnd).offset,
      shape.inW);
  std::vector<In> kernel =
      gatherElements<In>(weight, zeroInsertKernelGather(plan), In(zp.weight));
  return referenceConv<In, Acc>(shape, sliced.data, kernel, bias, zp);
}

template <typename In, typename Acc>
std::vector<Acc> accel::executePlan(const SplitPlan &plan,
                                    SplitStrategy strategy,
                                    llvm::ArrayRef<In> input,
                                    llvm::ArrayRef<In> weight,
                                    llvm::ArrayRef<Acc> bias, ZeroPoints zp) {
  const TransposedConvParams &p = plan.params;
  Activation<In> in{p.batch, p.h.inputSize, p.w.inputSize, p.inChannels,
                    std::vector<In>(input.begin(), input.end())};
  switch (strategy) {
  case SplitStrategy::Split:
    return executeSplit<In, Acc>(plan, in, weight, bias, zp);
  case SplitStrategy::Stacked:
    return executeStacked<In, Acc>(plan, in, weight, bias, zp);
  case SplitStrategy::ZeroInsert:
    return executeZeroInsert<In, Acc>(plan, in, weight, bias, zp);
  }
  return {};
}

namespace accel {
template std::vector<float>
executePlan<float, float>(const SplitPlan &, SplitStrategy,
                          llvm::ArrayRef<float>, llvm::ArrayRef<float>,
                          llvm::ArrayRef<float>, ZeroPoints);
template std::vector<int32_t>
executePlan<int8_t, int32_t>(const SplitPlan &, SplitStrategy,
                             llvm::ArrayRef<int8_t>, llvm::ArrayRef<int8_t>,
                             llvm::ArrayRef<int32_t>, ZeroPoints);
} // namespace accel
