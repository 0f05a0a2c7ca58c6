//===- SplitTransposeConvPatterns.cpp - transpose_conv2d -> stride-1 convs -===//
//
// Rewrites `tosa.transpose_conv2d` into ordinary stride-1 `tosa.conv2d` ops
// following accel's split plan (accel/Split/SplitPlan.h). One pattern per
// strategy:
//   * split:       a conv per phase + strided tensor.insert_slice interleave,
//   * stacked:     one conv with s_h*s_w*C_out channels + depth-to-space + crop,
//   * zero-insert: zero-point-inserted input + flipped-kernel conv.
// All of them keep the original result type, pass the bias, zero points and
// accumulator type to every conv (so int8 stays bit-exact), fold constant
// weights into new constants and rearrange other weights with TOSA ops.
//
//===----------------------------------------------------------------------===//

#include "accel/Split/SplitPlan.h"
#include "accel/Support/DenseConstant.h"
#include "accel/Transforms/Passes.h"

#include "llvm/Support/CheckedArithmetic.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace accel;

namespace {

//===----------------------------------------------------------------------===//
// Analysis shared by every strategy
//===----------------------------------------------------------------------===//

/// What the emitters need to know about one static transposed conv.
struct TransposeConvInfo {
  SplitPlan plan;
  RankedTensorType inputType, weightType, biasType, resultType;
  /// The weight as a constant, when it is one and its elements are whole
  /// bytes (the compile-time gathers copy raw element bytes).
  DenseElementsAttr constantWeight;
  /// Raw bytes of one weight zero-point element when the zero point is a
  /// constant (fills zero taps of constant stacked kernels).
  std::optional<SmallVector<char>> weightZpBytes;
  /// The bias as a constant (lets stacked fold the tiled bias).
  DenseElementsAttr constantBias;
};

/// Raw bytes of a single-element constant, if `value` is one.
static std::optional<SmallVector<char>> singleElementBytes(Value value) {
  DenseElementsAttr attr = accel::matchDenseConstant(value);
  if (!attr || attr.getNumElements() != 1)
    return std::nullopt;
  unsigned bits = attr.getElementType().getIntOrFloatBitWidth();
  if (bits % 8 != 0 || attr.getElementType().isInteger(1))
    return std::nullopt;
  ArrayRef<char> raw = attr.getRawData();
  return SmallVector<char>(raw.begin(), raw.begin() + bits / 8);
}

/// The most weight elements a compile-time gather handles (per kernel).
constexpr int64_t kMaxGatheredWeights = int64_t(1) << 24;

/// Checks that `op` is something the plan can express and builds the plan.
static FailureOr<TransposeConvInfo> analyze(tosa::TransposeConv2DOp op,
                                            PatternRewriter &rewriter) {
  TransposeConvInfo info;
  info.inputType = dyn_cast<RankedTensorType>(op.getInput().getType());
  info.weightType = dyn_cast<RankedTensorType>(op.getWeight().getType());
  info.biasType = dyn_cast<RankedTensorType>(op.getBias().getType());
  info.resultType = dyn_cast<RankedTensorType>(op.getOutput().getType());
  if (!info.inputType || !info.weightType || !info.biasType ||
      !info.resultType)
    return rewriter.notifyMatchFailure(op, "operands must be ranked tensors");
  if (!info.inputType.hasStaticShape() || !info.weightType.hasStaticShape() ||
      !info.biasType.hasStaticShape() || !info.resultType.hasStaticShape())
    return rewriter.notifyMatchFailure(
        op, "dynamic shapes are not supported (the split plan needs static "
            "input, weight, bias and result shapes)");
  if (info.biasType.getElementType() != info.resultType.getElementType())
    return rewriter.notifyMatchFailure(
        op, "bias and result element types differ");
  if (info.biasType.getRank() != 1)
    return rewriter.notifyMatchFailure(op, "bias must be rank 1");

  ArrayRef<int64_t> in = info.inputType.getShape();
  ArrayRef<int64_t> w = info.weightType.getShape();
  ArrayRef<int64_t> out = info.resultType.getShape();
  ArrayRef<int64_t> outPad = op.getOutPad();
  ArrayRef<int64_t> stride = op.getStride();
  if (in[3] != w[3])
    return rewriter.notifyMatchFailure(
        op, "weight input channels differ from input channels");
  int64_t biasSize = info.biasType.getDimSize(0);
  if (biasSize != 1 && biasSize != w[0])
    return rewriter.notifyMatchFailure(
        op, "bias must have one element or one per output channel");

  TransposedConvParams params;
  params.batch = in[0];
  params.inChannels = in[3];
  params.outChannels = w[0];
  params.element = info.inputType.getElementType().isInteger(8)
                       ? ElementKind::I8
                       : ElementKind::F32;
  params.h = AxisParams{in[1], w[1], stride[0], 1, outPad[0], outPad[1]};
  params.w = AxisParams{in[2], w[2], stride[1], 1, outPad[2], outPad[3]};
  llvm::Expected<SplitPlan> plan = planTransposedConv(params);
  if (!plan)
    return rewriter.notifyMatchFailure(op, [&](Diagnostic &diag) {
      diag << "cannot plan: " << llvm::toString(plan.takeError());
    });
  info.plan = std::move(*plan);
  if (info.plan.outH() != out[1] || info.plan.outW() != out[2] ||
      out[0] != in[0] || out[3] != w[0])
    return rewriter.notifyMatchFailure(
        op, "result shape does not match the transposed conv's output shape");

  // Constant weights are rearranged at compile time (gathers) up to a
  // budget; beyond it (e.g. a splat of billions of elements, a tiny file)
  // the weights are rearranged with TOSA ops like runtime weights, so the
  // pass never materialises a kernel or a gather of that size.
  DenseElementsAttr weightAttr = accel::matchDenseConstant(op.getWeight());
  Type weightElem = info.weightType.getElementType();
  if (weightAttr &&
      weightElem.isIntOrFloat() && !weightElem.isInteger(1) &&
      weightElem.getIntOrFloatBitWidth() % 8 == 0 &&
      weightAttr.getNumElements() <= kMaxGatheredWeights)
    info.constantWeight = weightAttr;
  info.weightZpBytes = singleElementBytes(op.getWeightZp());
  DenseElementsAttr biasAttr = accel::matchDenseConstant(op.getBias());
  if (biasAttr &&
      info.biasType.getElementType().getIntOrFloatBitWidth() % 8 == 0)
    info.constantBias = biasAttr;
  return info;
}

//===----------------------------------------------------------------------===//
// Small TOSA builders
//===----------------------------------------------------------------------===//

/// Builds TOSA ops for one rewrite at one location.
class TosaBuilder {
public:
  TosaBuilder(PatternRewriter &rewriter, Location loc)
      : rewriter(rewriter), loc(loc) {}

  Value shape(ArrayRef<int64_t> values) {
    return tosa::getTosaConstShape(rewriter, loc, values);
  }

  RankedTensorType tensorType(ArrayRef<int64_t> shape, Type element) {
    return RankedTensorType::get(shape, element);
  }

  /// tosa.slice, or `value` itself when the slice is the whole tensor.
  Value slice(Value value, ArrayRef<int64_t> offsets,
              ArrayRef<int64_t> sizes) {
    auto type = cast<RankedTensorType>(value.getType());
    if (type.getShape() == sizes)
      return value;
    return tosa::SliceOp::create(rewriter, loc,
                                 tensorType(sizes, type.getElementType()),
                                 value, shape(offsets), shape(sizes));
  }

  /// tosa.reshape, or `value` itself when the shape does not change.
  Value reshape(Value value, ArrayRef<int64_t> sizes) {
    auto type = cast<RankedTensorType>(value.getType());
    if (type.getShape() == sizes)
      return value;
    return tosa::ReshapeOp::create(rewriter, loc,
                                   tensorType(sizes, type.getElementType()),
                                   value, shape(sizes));
  }

  /// tosa.reverse along `axis` unless that axis has one element.
  Value reverse(Value value, int64_t axis) {
    auto type = cast<RankedTensorType>(value.getType());
    if (type.getDimSize(axis) == 1)
      return value;
    return tosa::ReverseOp::create(rewriter, loc, type, value,
                                   static_cast<uint32_t>(axis));
  }

  /// tosa.pad with `padConst` (a tensor<1xT>), skipped when all pads are 0.
  Value pad(Value value, ArrayRef<int64_t> pads, Value padConst) {
    if (llvm::all_of(pads, [](int64_t p) { return p == 0; }))
      return value;
    auto type = cast<RankedTensorType>(value.getType());
    SmallVector<int64_t> sizes(type.getShape());
    for (size_t d = 0; d < sizes.size(); ++d)
      sizes[d] += pads[2 * d] + pads[2 * d + 1];
    return tosa::PadOp::create(rewriter, loc,
                               tensorType(sizes, type.getElementType()), value,
                               shape(pads), padConst);
  }

  Value transpose(Value value, ArrayRef<int32_t> perms) {
    auto type = cast<RankedTensorType>(value.getType());
    SmallVector<int64_t> sizes;
    for (int32_t p : perms)
      sizes.push_back(type.getDimSize(p));
    return tosa::TransposeOp::create(
        rewriter, loc, tensorType(sizes, type.getElementType()), value, perms);
  }

  /// A tosa.const of `type` whose element i is source element gather[i]
  /// (raw element bytes), or the `fill` bytes for gather[i] < 0.
  Value gatherConstant(DenseElementsAttr source, RankedTensorType type,
                       ArrayRef<int64_t> gather, ArrayRef<char> fill) {
    size_t bytes = source.getElementType().getIntOrFloatBitWidth() / 8;
    ArrayRef<char> raw = source.getRawData();
    bool splat = source.isSplat();
    SmallVector<char> data;
    data.reserve(gather.size() * bytes);
    for (int64_t index : gather) {
      if (index < 0) {
        data.append(fill.begin(), fill.end());
        continue;
      }
      const char *element = raw.data() + (splat ? 0 : index * bytes);
      data.append(element, element + bytes);
    }
    auto attr = DenseElementsAttr::getFromRawBuffer(type, data);
    return tosa::ConstOp::create(rewriter, loc, type, attr);
  }

  PatternRewriter &rewriter;
  Location loc;
};

/// The stride-1 tosa.conv2d all strategies emit: the original op's bias, zero
/// points, accumulator type and local_bound, with explicit padding.
static Value createConv(TosaBuilder &b, tosa::TransposeConv2DOp op,
                        Value input, Value weight, Value bias,
                        RankedTensorType resultType,
                        ArrayRef<int64_t> pad) {
  return tosa::Conv2DOp::create(
      b.rewriter, b.loc, resultType, input, weight, bias, op.getInputZp(),
      op.getWeightZp(), b.rewriter.getDenseI64ArrayAttr(pad),
      b.rewriter.getDenseI64ArrayAttr({1, 1}),
      b.rewriter.getDenseI64ArrayAttr({1, 1}), op.getAccTypeAttr(),
      op.getLocalBoundAttr());
}

/// Slices `input` (NHWC) to the windows of a stride-1 conv; returns the slice
/// and sets `pad` to the conv's non-negative [top, bottom, left, right].
static Value sliceToWindows(TosaBuilder &b, Value input, const InputWindow &wh,
                            const InputWindow &ww,
                            SmallVectorImpl<int64_t> &pad) {
  auto type = cast<RankedTensorType>(input.getType());
  pad.assign({wh.padBefore, wh.padAfter, ww.padBefore, ww.padAfter});
  return b.slice(input, {0, wh.offset, ww.offset, 0},
                 {type.getDimSize(0), wh.count, ww.count, type.getDimSize(3)});
}

/// The original weight [OC, KH, KW, IC] padded with the weight zero point to
/// [OC, M_h*S_h, M_w*S_w, IC] (M = stacked window taps), reshaped to
/// [OC, M_h, S_h, M_w, S_w, IC] and reversed along both M axes. Element
/// (oc, u_h, r_h, u_w, r_w, ic) is then the stacked tap u of phase r (or a
/// zero-point tap), and phase r's split sub-kernel is the slice
/// u in [M - T_r, M) — see SplitPlan::stacked.tapOf for D = 1.
static Value phaseMajorWeight(TosaBuilder &b, tosa::TransposeConv2DOp op,
                              const TransposeConvInfo &info) {
  const SplitPlan &plan = info.plan;
  int64_t mh = plan.h.stacked.numTaps, mw = plan.w.stacked.numTaps;
  int64_t sh = plan.params.h.stride, sw = plan.params.w.stride;
  ArrayRef<int64_t> w = info.weightType.getShape();
  Value padded =
      b.pad(op.getWeight(),
            {0, 0, 0, mh * sh - w[1], 0, mw * sw - w[2], 0, 0},
            op.getWeightZp());
  Value split = b.reshape(padded, {w[0], mh, sh, mw, sw, w[3]});
  return b.reverse(b.reverse(split, 1), 3);
}

/// Adds the plan's MAC counts to `stats`.
static void record(SplitTransposeConvStats *stats, const SplitPlan &plan,
                   SplitStrategy strategy) {
  if (!stats)
    return;
  MacCounts macs = plan.macs(strategy);
  stats->rewritten += 1;
  stats->usefulMacs += macs.useful;
  stats->executedMacs += macs.executed;
}

/// Common base: the analysis and bookkeeping of every strategy's pattern.
template <typename Derived>
struct SplitPatternBase : OpRewritePattern<tosa::TransposeConv2DOp> {
  SplitPatternBase(MLIRContext *context, SplitTransposeConvStats *stats)
      : OpRewritePattern(context), stats(stats) {}

  LogicalResult matchAndRewrite(tosa::TransposeConv2DOp op,
                                PatternRewriter &rewriter) const override {
    FailureOr<TransposeConvInfo> info = analyze(op, rewriter);
    if (failed(info))
      return failure();
    if (Derived::strategy == SplitStrategy::Split) {
      // Single-tap phases on one-element axes (splitStrategyPlan).
      llvm::Expected<SplitPlan> own = splitStrategyPlan(info->plan);
      if (!own)
        return rewriter.notifyMatchFailure(op, [&](Diagnostic &diag) {
          diag << "cannot plan: " << llvm::toString(own.takeError());
        });
      info->plan = std::move(*own);
    }
    TosaBuilder b(rewriter, op.getLoc());
    FailureOr<Value> result =
        static_cast<const Derived *>(this)->emit(b, op, *info);
    if (failed(result))
      return failure();
    record(stats, info->plan, Derived::strategy);
    rewriter.replaceOp(op, *result);
    return success();
  }

  SplitTransposeConvStats *stats;
};

//===----------------------------------------------------------------------===//
// split
//===----------------------------------------------------------------------===//

/// transpose_conv2d -> one stride-1 conv2d per phase (only its own taps) whose
/// result is inserted with strides (s_h, s_w) into the bias-filled output.
struct SplitIntoPhaseConvs : SplitPatternBase<SplitIntoPhaseConvs> {
  static constexpr SplitStrategy strategy = SplitStrategy::Split;
  using SplitPatternBase::SplitPatternBase;

  /// The sub-kernel [OC, T_h, T_w, IC] of `phase`.
  Value phaseWeight(TosaBuilder &b, tosa::TransposeConv2DOp op,
                    const TransposeConvInfo &info, const PhasePlan &phase,
                    Value &phaseMajor) const {
    const SplitPlan &plan = info.plan;
    const AxisPhase &ph = plan.phaseH(phase), &pw = plan.phaseW(phase);
    int64_t oc = info.weightType.getDimSize(0);
    int64_t ic = info.weightType.getDimSize(3);
    SmallVector<int64_t> shape = {oc, ph.numTaps(), pw.numTaps(), ic};
    if (info.constantWeight)
      return b.gatherConstant(
          info.constantWeight,
          b.tensorType(shape, info.weightType.getElementType()),
          phaseKernelGather(plan, phase), {});
    // Stride 1 on both axes: the only phase uses the whole flipped kernel.
    if (ph.numTaps() == plan.params.h.kernelSize &&
        pw.numTaps() == plan.params.w.kernelSize)
      return b.reverse(b.reverse(op.getWeight(), 1), 2);
    if (!phaseMajor)
      phaseMajor = phaseMajorWeight(b, op, info);
    int64_t mh = plan.h.stacked.numTaps, mw = plan.w.stacked.numTaps;
    Value taps = b.slice(phaseMajor,
                         {0, mh - ph.numTaps(), phase.rh, mw - pw.numTaps(),
                          phase.rw, 0},
                         {oc, ph.numTaps(), 1, pw.numTaps(), 1, ic});
    return b.reshape(taps, shape);
  }

  /// The output pre-filled with the bias, for outputs no phase computes.
  Value biasFilledOutput(TosaBuilder &b, tosa::TransposeConv2DOp op,
                         const TransposeConvInfo &info) const {
    ArrayRef<int64_t> out = info.resultType.getShape();
    int64_t biasSize = info.biasType.getDimSize(0);
    Value bias = b.reshape(op.getBias(), {1, 1, 1, biasSize});
    return tosa::TileOp::create(
        b.rewriter, b.loc, info.resultType, bias,
        b.shape({out[0], out[1], out[2], out[3] / biasSize}));
  }

  FailureOr<Value> emit(TosaBuilder &b, tosa::TransposeConv2DOp op,
                        const TransposeConvInfo &info) const {
    const SplitPlan &plan = info.plan;
    ArrayRef<int64_t> out = info.resultType.getShape();
    Type resultElem = info.resultType.getElementType();
    int64_t sh = plan.params.h.stride, sw = plan.params.w.stride;

    Value result = plan.everyOutputComputed()
                       ? Value()
                       : biasFilledOutput(b, op, info);
    Value phaseMajor;
    for (const PhasePlan &phase : plan.phases) {
      if (!phase.hasTaps)
        continue;
      const AxisPhase &ph = plan.phaseH(phase), &pw = plan.phaseW(phase);
      SmallVector<int64_t> pad;
      Value input = sliceToWindows(b, op.getInput(),
                                   ph.window(plan.params.h.inputSize),
                                   pw.window(plan.params.w.inputSize), pad);
      Value weight = phaseWeight(b, op, info, phase, phaseMajor);
      SmallVector<int64_t> convShape = {out[0], ph.computeCount,
                                        pw.computeCount, out[3]};
      Value conv = createConv(b, op, input, weight, op.getBias(),
                              b.tensorType(convShape, resultElem), pad);
      // A single phase covering the whole output is the result itself.
      if (sh == 1 && sw == 1 && phase.coversOwned)
        return conv;
      if (!result)
        result = tensor::EmptyOp::create(b.rewriter, b.loc, out, resultElem);
      SmallVector<OpFoldResult> offsets = {
          b.rewriter.getIndexAttr(0),
          b.rewriter.getIndexAttr(ph.firstComputedOutput(sh)),
          b.rewriter.getIndexAttr(pw.firstComputedOutput(sw)),
          b.rewriter.getIndexAttr(0)};
      SmallVector<OpFoldResult> sizes, strides;
      for (int64_t size : convShape)
        sizes.push_back(b.rewriter.getIndexAttr(size));
      for (int64_t stride : {int64_t(1), sh, sw, int64_t(1)})
        strides.push_back(b.rewriter.getIndexAttr(stride));
      result = tensor::InsertSliceOp::create(b.rewriter, b.loc, conv, result,
                                             offsets, sizes, strides);
    }
    if (!result) // no phase computes anything: bias everywhere
      result = biasFilledOutput(b, op, info);
    return result;
  }
};

//===----------------------------------------------------------------------===//
// stacked
//===----------------------------------------------------------------------===//

/// transpose_conv2d -> one stride-1 conv2d with s_h*s_w*C_out channels (zero
/// taps pad every phase to a common window), depth-to-space, crop.
struct SplitIntoStackedConv : SplitPatternBase<SplitIntoStackedConv> {
  static constexpr SplitStrategy strategy = SplitStrategy::Stacked;
  using SplitPatternBase::SplitPatternBase;

  FailureOr<Value> emit(TosaBuilder &b, tosa::TransposeConv2DOp op,
                        const TransposeConvInfo &info) const {
    const SplitPlan &plan = info.plan;
    const StackedAxis &sth = plan.h.stacked, &stw = plan.w.stacked;
    ArrayRef<int64_t> out = info.resultType.getShape();
    Type resultElem = info.resultType.getElementType();
    int64_t sh = plan.params.h.stride, sw = plan.params.w.stride;
    int64_t oc = out[3], ic = info.weightType.getDimSize(3);
    int64_t phases = sh * sw;

    InputWindow wh = inputWindow(plan.params.h.inputSize, sth.padBegin,
                                 sth.padEnd);
    InputWindow ww = inputWindow(plan.params.w.inputSize, stw.padBegin,
                                 stw.padEnd);
    if (wh.empty() || ww.empty())
      return b.rewriter.notifyMatchFailure(
          op, "stacked conv window lies outside the input");

    // Kernel [S_h*S_w*OC, M_h, M_w, IC], channels ordered (rh, rw, oc).
    SmallVector<int64_t> kernelShape = {phases * oc, sth.numTaps, stw.numTaps,
                                        ic};
    // A gather entry is a zero tap exactly when an axis' window tap is.
    bool hasZeroTaps = llvm::is_contained(sth.tapOf, -1) ||
                       llvm::is_contained(stw.tapOf, -1);
    std::optional<int64_t> kernelElements = llvm::checkedMul<int64_t>(
        phases * oc, sth.numTaps * stw.numTaps * ic);
    Value weight;
    if (info.constantWeight && (!hasZeroTaps || info.weightZpBytes) &&
        kernelElements && *kernelElements <= kMaxGatheredWeights) {
      weight = b.gatherConstant(
          info.constantWeight,
          b.tensorType(kernelShape, info.weightType.getElementType()),
          stackedKernelGather(plan),
          info.weightZpBytes ? ArrayRef<char>(*info.weightZpBytes)
                             : ArrayRef<char>());
    } else {
      Value phaseMajor = phaseMajorWeight(b, op, info);
      weight = b.reshape(b.transpose(phaseMajor, {2, 4, 0, 1, 3, 5}),
                         kernelShape);
    }

    // Bias repeated per phase (a single-element bias broadcasts as is).
    Value bias = op.getBias();
    int64_t biasSize = info.biasType.getDimSize(0);
    if (biasSize != 1 && phases > 1) {
      RankedTensorType stackedBiasType =
          b.tensorType({phases * biasSize}, info.biasType.getElementType());
      if (info.constantBias) {
        std::vector<int64_t> biasGather;
        for (int64_t i = 0; i < phases * biasSize; ++i)
          biasGather.push_back(i % biasSize);
        bias = b.gatherConstant(info.constantBias, stackedBiasType, biasGather,
                                {});
      } else {
        bias = tosa::TileOp::create(b.rewriter, b.loc, stackedBiasType, bias,
                                    b.shape({phases}));
      }
    }

    SmallVector<int64_t> pad;
    Value input = sliceToWindows(b, op.getInput(), wh, ww, pad);
    int64_t gh = sth.gridCount, gw = stw.gridCount;
    Value conv =
        createConv(b, op, input, weight, bias,
                   b.tensorType({out[0], gh, gw, phases * oc}, resultElem),
                   pad);
    // Depth-to-space: [N, gh, gw, sh, sw, C] -> [N, gh, sh, gw, sw, C] (a
    // pure reshape when sh or gw is 1) -> [N, gh*sh, gw*sw, C], then crop.
    Value grid = conv;
    if (sh > 1 && gw > 1)
      grid = b.transpose(b.reshape(conv, {out[0], gh, gw, sh, sw, oc}),
                         {0, 1, 3, 2, 4, 5});
    Value interleaved = b.reshape(grid, {out[0], gh * sh, gw * sw, oc});
    return b.slice(interleaved, {0, sth.cropOffset, stw.cropOffset, 0}, out);
  }
};

//===----------------------------------------------------------------------===//
// zero-insert
//===----------------------------------------------------------------------===//

/// transpose_conv2d -> input with s-1 zero-point elements inserted between
/// rows/columns, then one stride-1 conv2d with the flipped kernel.
struct SplitIntoZeroInsertedConv : SplitPatternBase<SplitIntoZeroInsertedConv> {
  static constexpr SplitStrategy strategy = SplitStrategy::ZeroInsert;
  using SplitPatternBase::SplitPatternBase;

  FailureOr<Value> emit(TosaBuilder &b, tosa::TransposeConv2DOp op,
                        const TransposeConvInfo &info) const {
    const SplitPlan &plan = info.plan;
    const ZeroInsertAxis &zh = plan.h.zeroInsert, &zw = plan.w.zeroInsert;
    int64_t sh = plan.params.h.stride, sw = plan.params.w.stride;
    ArrayRef<int64_t> in = info.inputType.getShape();

    InputWindow wh = inputWindow(zh.dilatedSize, zh.padBegin, zh.padEnd);
    InputWindow ww = inputWindow(zw.dilatedSize, zw.padBegin, zw.padEnd);
    if (wh.empty() || ww.empty())
      return b.rewriter.notifyMatchFailure(
          op, "zero-insert conv window lies outside the input");

    // [N, H, W, C] -> [N, H, 1, W, 1, C] -> pad with the input zero point to
    // [N, H, sh, W, sw, C] -> [N, H*sh, W*sw, C]; the window slice drops the
    // trailing zeros.
    Value dilated = op.getInput();
    if (sh > 1 || sw > 1) {
      Value expanded = b.reshape(dilated, {in[0], in[1], 1, in[2], 1, in[3]});
      Value padded = b.pad(
          expanded, {0, 0, 0, 0, 0, sh - 1, 0, 0, 0, sw - 1, 0, 0},
          op.getInputZp());
      dilated = b.reshape(padded, {in[0], in[1] * sh, in[2] * sw, in[3]});
    }

    Value weight;
    if (info.constantWeight)
      weight = b.gatherConstant(info.constantWeight, info.weightType,
                                zeroInsertKernelGather(plan), {});
    else
      weight = b.reverse(b.reverse(op.getWeight(), 1), 2);

    SmallVector<int64_t> pad;
    Value input = sliceToWindows(b, dilated, wh, ww, pad);
    return createConv(b, op, input, weight, op.getBias(), info.resultType,
                      pad);
  }
};

} // namespace

void accel::populateSplitTransposeConvPatterns(RewritePatternSet &patterns,
                                               SplitStrategy strategy,
                                               SplitTransposeConvStats *stats) {
  MLIRContext *context = patterns.getContext();
  switch (strategy) {
  case SplitStrategy::Split:
    patterns.add<SplitIntoPhaseConvs>(context, stats);
    break;
  case SplitStrategy::Stacked:
    patterns.add<SplitIntoStackedConv>(context, stats);
    break;
  case SplitStrategy::ZeroInsert:
    patterns.add<SplitIntoZeroInsertedConv>(context, stats);
    break;
  }
}
