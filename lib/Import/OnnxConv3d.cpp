//===- OnnxConv3d.cpp - 3-D Conv and ConvTranspose to tosa.conv3d ---------===//
//
// A rank-5 ONNX tensor (N, C, D, H, W) is NDHWC internally. A 3-D Conv is
// one tosa.conv3d per group. TOSA has no transpose_conv3d, so a 3-D
// ConvTranspose is written as its exact phase decomposition from the
// 3-axis split plan (accel/Split/SplitPlan.h): one stride-1 tosa.conv3d per
// phase with only the phase's taps, each padded with zeros to the phase
// grid [N, Qd, Qh, Qw, M] (Q = ceil(out / S)), then interleaved one axis at
// a time as a concat on the last axis plus a row-major reshape (W: the
// phases of [N*Qd, Qh, Qw, M] side by side on channels are
// [N, Qd, Qh, Qw*Sw, M]; H and D the same with the trailing axes merged),
// cropped to the output and given the bias once. Every ONNX attribute
// combination the plan expresses (kernel, stride, pads, output_padding,
// output_shape, auto_pad, dilation, group) is exact; docs/Import.md.
//
//===----------------------------------------------------------------------===//

#include "OnnxImporterImpl.h"

#include "accel/Split/SplitPlan.h"

#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

using namespace mlir;
using namespace accel;
using namespace accel::onnx_import;

namespace {

using Axes3 = std::array<int64_t, 3>;

/// A 3-D conv's attributes on (D, H, W).
struct Geometry3d {
  Axes3 in, kernel, stride{1, 1, 1}, dilation{1, 1, 1}, padBegin{0, 0, 0},
      padEnd{0, 0, 0}, outputPadding{0, 0, 0};
  std::string autoPad;
  std::optional<SmallVector<int64_t>> outputShape;
};

/// Most phases times groups a 3-D ConvTranspose may expand into (each is
/// one tosa.conv3d).
constexpr int64_t kMaxPhaseConvs = 4096;

FailureOr<Geometry3d> readGeometry3d(Importer &im, ArrayRef<int64_t> xShape,
                                     ArrayRef<int64_t> wShape) {
  Geometry3d g;
  if (failed(readConvAttributes(im, xShape, wShape, 0,
                                {g.in, g.kernel, g.stride, g.dilation,
                                 g.padBegin, g.padEnd, g.outputPadding,
                                 g.autoPad, g.outputShape})))
    return failure();
  return g;
}

/// The channels [begin, begin + count) of an NDHWC value.
Value channelSlice5d(Importer &im, Value v, int64_t begin, int64_t count) {
  SmallVector<int64_t> size(cast<RankedTensorType>(v.getType()).getShape());
  size[4] = count;
  return im.slice(v, {0, 0, 0, 0, begin}, size);
}

/// Joins NDHWC values on channels (or returns the only one).
Value concatLast(Importer &im, ArrayRef<Value> parts) {
  if (parts.size() == 1)
    return parts.front();
  auto first = cast<RankedTensorType>(parts.front().getType());
  SmallVector<int64_t> shape(first.getShape());
  int64_t last = first.getRank() - 1;
  shape[last] = 0;
  for (Value part : parts)
    shape[last] += cast<RankedTensorType>(part.getType()).getDimSize(last);
  return tosa::ConcatOp::create(im.builder, im.loc, first.clone(shape), parts,
                                last);
}

/// One stride/dilation tosa.conv3d of NDHWC `x` with weight
/// [M, KD, KH, KW, C] (host values) and `bias`.
Value emitConv3d(Importer &im, Value x, const HostTensor &w,
                 ArrayRef<float> bias, ArrayRef<int64_t> pad, Axes3 stride,
                 Axes3 dilation, ArrayRef<int64_t> outShape) {
  return tosa::Conv3DOp::create(
      im.builder, im.loc, im.f32(outShape), x,
      im.constF32(w.shape, w.floats, "weight"),
      im.constF32({int64_t(bias.size())}, bias, "bias"),
      im.builder.getDenseI64ArrayAttr(pad),
      im.builder.getDenseI64ArrayAttr(stride),
      im.builder.getDenseI64ArrayAttr(dilation),
      TypeAttr::get(im.builder.getF32Type()));
}

/// The rows [begin, begin + count) of axis 0 of `w`.
HostTensor leadingSlice(const HostTensor &w, int64_t begin, int64_t count) {
  int64_t inner = w.size() / w.shape[0];
  HostTensor out = w;
  out.shape[0] = count;
  out.floats.assign(w.floats.begin() + begin * inner,
                    w.floats.begin() + (begin + count) * inner);
  return out;
}

} // namespace

LogicalResult accel::onnx_import::convertConv3d(Importer &im,
                                                const ConvOperands &ops) {
  const Entry *x = ops.x;
  const HostTensor &w = *ops.w;
  FailureOr<Geometry3d> g = readGeometry3d(im, x->shape, w.shape);
  FailureOr<std::vector<float>> bias = biasInput(im, ops.outChannels());
  FailureOr<Value> xValue = im.valueInput(0);
  if (failed(g) || failed(bias) || failed(xValue))
    return failure();
  if (g->autoPad != "NOTSET") {
    for (int i = 0; i < 3; ++i) {
      int64_t total = 0;
      if (g->autoPad != "VALID") {
        int64_t out = (g->in[i] + g->stride[i] - 1) / g->stride[i];
        total = std::max<int64_t>(0, (out - 1) * g->stride[i] +
                                         (g->kernel[i] - 1) * g->dilation[i] +
                                         1 - g->in[i]);
      }
      g->padBegin[i] =
          g->autoPad == "SAME_LOWER" ? total - total / 2 : total / 2;
      g->padEnd[i] = total - g->padBegin[i];
    }
  }
  // TOSA's exact-division rule, as fitToTosaConv does for 2-D: the rows
  // ONNX's floor drops are taken from the end pad, then from the input.
  int64_t batch = x->shape[0];
  SmallVector<int64_t> outShape = {batch, 0, 0, 0, ops.outPerGroup};
  Axes3 keep = g->in;
  for (int i = 0; i < 3; ++i) {
    int64_t span = g->in[i] - 1 + g->padBegin[i] + g->padEnd[i] -
                   (g->kernel[i] - 1) * g->dilation[i];
    if (span < 0)
      return im.error() << "kernel is larger than the padded input";
    int64_t r = span % g->stride[i];
    int64_t fromPad = std::min(r, g->padEnd[i]);
    g->padEnd[i] -= fromPad;
    keep[i] -= r - fromPad;
    outShape[1 + i] = span / g->stride[i] + 1;
  }
  Value in = *xValue;
  if (keep != g->in)
    in = im.slice(in, {0, 0, 0, 0, 0},
                  {batch, keep[0], keep[1], keep[2], x->shape[1]});
  SmallVector<int64_t> pad = {g->padBegin[0], g->padEnd[0], g->padBegin[1],
                              g->padEnd[1], g->padBegin[2], g->padEnd[2]};
  // [M, C/g, KD, KH, KW] -> [M, KD, KH, KW, C/g].
  HostTensor weight = permuteHost(w, {0, 2, 3, 4, 1});
  SmallVector<Value> parts;
  for (int64_t gi = 0; gi < ops.group; ++gi) {
    Value part = ops.group == 1 ? in
                                : channelSlice5d(im, in, gi * ops.inPerGroup,
                                                 ops.inPerGroup);
    parts.push_back(emitConv3d(
        im, part, leadingSlice(weight, gi * ops.outPerGroup, ops.outPerGroup),
        ArrayRef<float>(*bias).slice(gi * ops.outPerGroup, ops.outPerGroup),
        pad, g->stride, g->dilation, outShape));
  }
  Value out = concatLast(im, parts);
  im.defineValue(0, out,
                 {batch, ops.outChannels(), outShape[1], outShape[2],
                  outShape[3]});
  return success();
}

namespace {

/// TOSA out_pad per axis of a 3-D ConvTranspose (ONNX pads, output_padding,
/// output_shape and auto_pad resolved as the ONNX specification says).
FailureOr<std::array<AxisParams, 3>> transposeAxes(Importer &im,
                                                   const Geometry3d &g) {
  std::array<AxisParams, 3> axes;
  for (int i = 0; i < 3; ++i) {
    int64_t padBegin = g.padBegin[i], padEnd = g.padEnd[i];
    int64_t natural = g.stride[i] * (g.in[i] - 1) + g.outputPadding[i] +
                      (g.kernel[i] - 1) * g.dilation[i] + 1;
    if (g.outputShape || g.autoPad.rfind("SAME", 0) == 0) {
      int64_t target =
          g.outputShape ? (*g.outputShape)[i] : g.in[i] * g.stride[i];
      if (target < 1 || target > (int64_t(1) << 40))
        return im.error() << "output_shape " << target << " is out of range";
      int64_t total = natural - target;
      if (total < 0)
        return im.error() << "output_shape is larger than the op can produce";
      padBegin = g.autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
      padEnd = total - padBegin;
    } else if (g.autoPad == "VALID") {
      padBegin = padEnd = 0;
    }
    axes[i] = AxisParams{g.in[i],   g.kernel[i], g.stride[i], g.dilation[i],
                         -padBegin, -padEnd + g.outputPadding[i]};
  }
  return axes;
}

/// Interleaves the phase grids `slots` (indexed [(td * Sh + th) * Sw + tw]
/// by output slot, each [N, Qd, Qh, Qw, M]) into [N, Qd*Sd, Qh*Sh, Qw*Sw, M]
/// with last-axis concats and row-major reshapes, one axis at a time.
Value interleave(Importer &im, SmallVector<Value> slots, Axes3 s) {
  for (int axis = 2; axis >= 0; --axis) {
    if (s[axis] == 1)
      continue;
    SmallVector<Value> next;
    for (size_t first = 0; first < slots.size(); first += s[axis]) {
      auto type = cast<RankedTensorType>(slots[first].getType());
      ArrayRef<int64_t> shape = type.getShape();
      // [outer, shape[axis], Q, inner]: everything after the axis is
      // `inner` (for W: [N * Qd, Qh, Qw, M], the phase conv's NHWC form).
      int64_t outer = 1, inner = 1;
      for (int a = 0; a < axis; ++a)
        outer *= shape[a];
      for (int a = axis + 2; a < 5; ++a)
        inner *= shape[a];
      SmallVector<Value> parts;
      for (int64_t t = 0; t < s[axis]; ++t)
        parts.push_back(im.reshape(slots[first + t], {outer, shape[axis],
                                                      shape[axis + 1], inner}));
      SmallVector<int64_t> merged(shape);
      merged[axis + 1] *= s[axis];
      next.push_back(im.reshape(concatLast(im, parts), merged));
    }
    // Slots of the remaining axes keep their order; this axis is gone.
    slots = std::move(next);
  }
  return slots.front();
}

/// One group's phases, interleaved to [N, Qd*Sd, Qh*Sh, Qw*Sw, M/g].
/// `weight` is [M/g, KD, KH, KW, C/g]; the bias goes into the phase convs
/// (`bias` non-empty) only when they compute every output.
Value emitPhases(Importer &im, const SplitPlan3d &plan, Value x,
                 const HostTensor &weight, ArrayRef<float> bias) {
  const TransposedConv3dParams &p = plan.params;
  Axes3 s, q, in;
  for (int a = 0; a < 3; ++a) {
    s[a] = plan.axes[a].params.stride;
    q[a] = llvm::divideCeil(plan.axes[a].outputSize, s[a]);
    in[a] = plan.axes[a].params.inputSize;
  }
  int64_t m = p.outChannelsPerGroup();
  SmallVector<int64_t> gridShape = {p.batch, q[0], q[1], q[2], m};
  std::vector<float> zeros(m, 0.0f);
  SmallVector<Value> slots(s[0] * s[1] * s[2]);
  ImplicitLocOpBuilder b(im.loc, im.builder);
  for (const Phase3d &phase : plan.phases) {
    const AxisPhase *ap[3] = {&plan.axisPhase(phase, 0),
                              &plan.axisPhase(phase, 1),
                              &plan.axisPhase(phase, 2)};
    int64_t slot = (ap[0]->firstOutput * s[1] + ap[1]->firstOutput) * s[2] +
                   ap[2]->firstOutput;
    if (!phase.hasTaps) {
      slots[slot] = im.constF32(gridShape, {0.0f}, "zero");
      continue;
    }
    SmallVector<int64_t> start = {0, 0, 0, 0, 0}, size = {p.batch, 0, 0, 0,
                                                           p.inChannels};
    SmallVector<int64_t> pad, gridPad = {0, 0}, computed = {p.batch};
    Axes3 dilation;
    for (int a = 0; a < 3; ++a) {
      InputWindow win = ap[a]->window(in[a]);
      start[1 + a] = win.offset;
      size[1 + a] = win.count;
      pad.append({win.padBefore, win.padAfter});
      dilation[a] = ap[a]->subDilation;
      computed.push_back(ap[a]->computeCount);
      gridPad.append({ap[a]->computeBegin,
                      q[a] - ap[a]->computeBegin - ap[a]->computeCount});
    }
    computed.push_back(m);
    gridPad.append({0, 0});
    Value window = size[1] == in[0] && size[2] == in[1] && size[3] == in[2]
                       ? x
                       : im.slice(x, start, size);
    HostTensor sub = HostTensor::ofFloats(
        {m, ap[0]->numTaps(), ap[1]->numTaps(), ap[2]->numTaps(),
         p.inChannelsPerGroup()},
        gatherElements<float>(weight.floats, phaseKernelGather3d(plan, phase),
                              0.0f));
    Value conv = emitConv3d(im, window, sub, bias.empty() ? ArrayRef<float>(zeros) : bias, pad,
                            {1, 1, 1}, dilation, computed);
    if (ArrayRef<int64_t>(computed) != ArrayRef<int64_t>(gridShape))
      conv = tosa::PadOp::create(im.builder, im.loc, im.f32(gridShape), conv,
                                 tosa::getTosaConstShape(b, gridPad),
                                 im.constF32({1}, {0.0f}));
    slots[slot] = conv;
  }
  return interleave(im, slots, s);
}

} // namespace

LogicalResult
accel::onnx_import::convertConvTranspose3d(Importer &im,
                                           const ConvOperands &ops) {
  const Entry *x = ops.x;
  const HostTensor &w = *ops.w;
  FailureOr<Geometry3d> g = readGeometry3d(im, x->shape, w.shape);
  if (failed(g))
    return failure();
  FailureOr<std::array<AxisParams, 3>> axes = transposeAxes(im, *g);
  FailureOr<std::vector<float>> bias = biasInput(im, ops.outChannels());
  FailureOr<Value> xValue = im.valueInput(0);
  if (failed(axes) || failed(bias) || failed(xValue))
    return failure();
  // One plan serves every group: channels per group, groups = 1.
  TransposedConv3dParams params;
  params.batch = x->shape[0];
  params.inChannels = ops.inPerGroup;
  params.outChannels = ops.outPerGroup;
  std::tie(params.d, params.h, params.w) = std::tie((*axes)[0], (*axes)[1],
                                                    (*axes)[2]);
  int64_t phaseCount = g->stride[0] * g->stride[1] * g->stride[2];
  if (phaseCount * ops.group > kMaxPhaseConvs)
    return im.error() << "splits into " << phaseCount << " phases x "
                      << ops.group << " groups, more than the "
                      << kMaxPhaseConvs << " tosa.conv3d ops accel writes "
                      << "for one 3-D ConvTranspose";
  llvm::Expected<SplitPlan3d> plan = planTransposedConv3d(params);
  if (!plan)
    return im.error() << "cannot be split into phases: "
                      << llvm::toString(plan.takeError());
  bool biasInConvs = plan->everyOutputComputed();
  // [C, M/g, KD, KH, KW] -> [M/g, KD, KH, KW, C] per group below.
  SmallVector<Value> parts;
  for (int64_t gi = 0; gi < ops.group; ++gi) {
    Value in = ops.group == 1 ? *xValue
                              : channelSlice5d(im, *xValue,
                                               gi * ops.inPerGroup,
                                               ops.inPerGroup);
    HostTensor weight = permuteHost(
        leadingSlice(w, gi * ops.inPerGroup, ops.inPerGroup), {1, 2, 3, 4, 0});
    ArrayRef<float> groupBias =
        biasInConvs ? ArrayRef<float>(*bias).slice(gi * ops.outPerGroup,
                                                   ops.outPerGroup)
                    : ArrayRef<float>();
    parts.push_back(emitPhases(im, *plan, in, weight, groupBias));
  }
  Value out = concatLast(im, parts);
  SmallVector<int64_t> outShape = {params.batch, plan->axes[0].outputSize,
                                   plan->axes[1].outputSize,
                                   plan->axes[2].outputSize,
                                   ops.outChannels()};
  if (cast<RankedTensorType>(out.getType()).getShape() !=
      ArrayRef<int64_t>(outShape))
    out = im.slice(out, {0, 0, 0, 0, 0}, outShape);
  if (!biasInConvs)
    out = tosa::AddOp::create(
        im.builder, im.loc, out.getType(), out,
        im.constF32({1, 1, 1, 1, ops.outChannels()}, *bias, "bias"));
  im.defineValue(0, out,
                 {outShape[0], outShape[4], outShape[1], outShape[2],
                  outShape[3]});
  return success();
}
