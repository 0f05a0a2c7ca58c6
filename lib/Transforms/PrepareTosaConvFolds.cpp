//===- PrepareTosaConvFolds.cpp - Fold BatchNorm, pads, PReLU into convs -===//
//
// Producers write BatchNorm after a convolution as per-channel arithmetic on
// its result, `(y - mean) * (gamma / sqrt(var + eps)) + beta`, and explicit
// padding as a tosa.pad before it. The accelerator has no elementwise
// multiply and no pad op, but a conv's weights, bias and padding absorb them:
//
//   mul(conv(x, W, b), s)  -> conv(x, W * s[o], b * s[o])
//   add(conv(x, W, b), t)  -> conv(x, W, b + t[o])
//   sub(conv(x, W, b), t)  -> conv(x, W, b - t[o])
//   conv(pad(x, p, 0))     -> conv(x) with p added to the conv's padding
//
// and, the other way round, a conv whose padding exceeds the module's
// target's `max_pad` keeps max_pad and gets the rest as explicit tosa.pad
// copies of at most max_pad per side each (a dilated conv's padding, e.g.
// HiFi-GAN's kernel 11 dilation 5 = 25, on a target whose pad limit is 15);
// the pad fold never merges past that limit.
//
// (o: the weight element's output channel). The BatchNorm folds are exact in
// real arithmetic; in f32 they round once per product at compile time
// instead of after the accumulation, a few ulps. The pad fold is exact.
//
// A PReLU with per-channel slopes after a conv, relu(y) + k * relu(c * y),
// becomes the conv with both branches as 2C output channels under one ReLU,
// summed by a 1x1 conv that a following conv absorbs (FoldPReluIntoConvs):
// no per-channel multiply is left, which the accelerator could only run as
// a grouped conv, one channel per pass of its MAC array.
//
//===----------------------------------------------------------------------===//

#include "PrepareTosa.h"

#include "accel/Dialect/Accel/IR/AccelAttrs.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"

#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace accel::prepare_tosa;

namespace {

/// A convolution constants can be folded into: f32 with constant weights
/// and bias (and, for BatchNorm, its result used only by the BatchNorm op).
struct FoldableConv {
  Operation *op;
  OpOperand *weight, *bias;
  /// The weights' elements are read only to fold a scale into them.
  ShapedType weightType;
  DenseElementsAttr biasValues;
  int64_t channels;
  /// Output channel of weight element `index` (row-major).
  int64_t channelOf(int64_t index) const {
    return channelMajor ? index / (weightType.getNumElements() / channels)
                        : index % channels;
  }
  bool channelMajor;
};

FailureOr<FoldableConv> matchFoldableConv(Value value, bool onlyUser = true) {
  Operation *op = value.getDefiningOp();
  if (!op || (onlyUser && !value.hasOneUse()))
    return failure();
  FoldableConv conv{op, nullptr, nullptr, {}, {}, 0, true};
  bool matched =
      llvm::TypeSwitch<Operation *, bool>(op)
          .Case<tosa::Conv2DOp, tosa::TransposeConv2DOp>([&](auto c) {
            conv.weight = &c.getWeightMutable();
            conv.bias = &c.getBiasMutable();
            return true;
          })
          .Case([&](tosa::DepthwiseConv2DOp c) {
            // HWCM: output channel c * M + m is the flattened last two axes.
            conv.weight = &c.getWeightMutable();
            conv.bias = &c.getBiasMutable();
            conv.channelMajor = false;
            return true;
          })
          .Default([](Operation *) { return false; });
  auto resultType = dyn_cast<RankedTensorType>(value.getType());
  if (!matched || !resultType || !resultType.hasStaticShape() ||
      !resultType.getElementType().isF32())
    return failure();
  conv.channels = resultType.getShape().back();
  conv.weightType = cast<ShapedType>(conv.weight->get().getType());
  if (!conv.weightType.getElementType().isF32() ||
      !isConstantElements(conv.weight->get()))
    return failure();
  conv.biasValues = getConstantElements(conv.bias->get());
  if (!conv.biasValues || !conv.biasValues.getElementType().isF32() ||
      (conv.biasValues.getNumElements() != 1 &&
       conv.biasValues.getNumElements() != conv.channels))
    return failure();
  return conv;
}

/// The per-channel values of a constant that broadcasts along the last axis
/// only (shape 1 x ... x 1 x C or all ones) against a result of `rank`.
std::optional<SmallVector<float>> getPerChannel(Value value, int64_t channels,
                                                int64_t rank) {
  DenseElementsAttr values = getConstantElements(value);
  if (!values || !values.getElementType().isF32() ||
      values.getType().getRank() != rank)
    return std::nullopt;
  ArrayRef<int64_t> shape = values.getType().getShape();
  if (llvm::any_of(shape.drop_back(), [](int64_t d) { return d != 1; }) ||
      (shape.back() != 1 && shape.back() != channels))
    return std::nullopt;
  SmallVector<float> perChannel;
  auto elements = values.getValues<float>();
  for (int64_t c = 0; c < channels; ++c)
    perChannel.push_back(elements[shape.back() == 1 ? 0 : c]);
  return perChannel;
}

/// Gives the conv new constant operands: `bias` (one per output channel)
/// and, when not empty, `weights` (the weight tensor's elements, row-major).
void setConvConstants(PatternRewriter &rewriter, const FoldableConv &conv,
                      ArrayRef<float> bias, ArrayRef<float> weights) {
  Location loc = conv.op->getLoc();
  auto biasType = RankedTensorType::get({conv.channels}, rewriter.getF32Type());
  rewriter.modifyOpInPlace(conv.op, [&] {
    conv.bias->set(tosa::ConstOp::create(
        rewriter, loc, biasType, DenseElementsAttr::get(biasType, bias)));
    if (weights.empty())
      return;
    auto weightType = cast<RankedTensorType>(conv.weightType);
    conv.weight->set(
        tosa::ConstOp::create(rewriter, loc, weightType,
                              DenseElementsAttr::get(weightType, weights)));
  });
}

enum class Affine { Scale, Add, Subtract };

/// Replaces `op` (conv `affine` constant) by the conv with the constant
/// folded into its weights and bias.
void foldAffine(PatternRewriter &rewriter, Operation *op,
                const FoldableConv &conv, Affine affine,
                ArrayRef<float> constant) {
  auto oldBias = conv.biasValues.getValues<float>();
  SmallVector<float> bias;
  for (int64_t c = 0; c < conv.channels; ++c) {
    float b = oldBias[conv.biasValues.getNumElements() == 1 ? 0 : c];
    bias.push_back(affine == Affine::Scale ? b * constant[c]
                   : affine == Affine::Add ? b + constant[c]
                                           : b - constant[c]);
  }
  SmallVector<float> weights;
  if (affine == Affine::Scale) {
    weights.reserve(conv.weightType.getNumElements());
    for (auto [index, w] : llvm::enumerate(
             getConstantElements(conv.weight->get()).getValues<float>()))
      weights.push_back(w * constant[conv.channelOf(index)]);
  }
  setConvConstants(rewriter, conv, bias, weights);
  rewriter.replaceOp(op, conv.op->getResults());
}

/// mul / add / sub of a conv's result and a per-channel constant -> the conv
/// with folded weights and bias. mul and add take the conv on either side,
/// sub only on the left.
template <typename OpTy, Affine affine>
struct FoldChannelAffineIntoConv : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Value lhs = op.getInput1(), rhs = op.getInput2();
    FailureOr<FoldableConv> conv = matchFoldableConv(lhs);
    if (failed(conv) && affine != Affine::Subtract) {
      std::swap(lhs, rhs);
      conv = matchFoldableConv(lhs);
    }
    if (failed(conv))
      return rewriter.notifyMatchFailure(
          op, "no operand is an f32 conv with constant weights and bias and "
              "no other user");
    if (lhs.getType() != op.getType())
      return rewriter.notifyMatchFailure(op, "broadcasts the conv's result");
    std::optional<SmallVector<float>> constant = getPerChannel(
        rhs, conv->channels, cast<RankedTensorType>(op.getType()).getRank());
    if (!constant)
      return rewriter.notifyMatchFailure(
          op, "the other operand is not a per-channel f32 constant");
    foldAffine(rewriter, op, *conv, affine, *constant);
    return success();
  }
};

/// The module's target's padding limit for `op`, or none without a target.
std::optional<int64_t> maxPadOf(Operation *op) {
  accel::TargetAttr target = accel::lookupTargetAttr(op);
  if (!target)
    return std::nullopt;
  return target.getDesc().limits.maxPad;
}

/// conv(pad(x, [0, 0, t, b, l, r, 0, 0], zero)) -> conv(x) with padding
/// (t, b, l, r) added, where zero is +0.0 for f32 and the conv's input zero
/// point for integers (what the conv's own padding reads).
template <typename ConvOp>
struct FoldPadIntoConv : OpRewritePattern<ConvOp> {
  using OpRewritePattern<ConvOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvOp conv,
                                PatternRewriter &rewriter) const override {
    auto pad = conv.getInput().template getDefiningOp<tosa::PadOp>();
    if (!pad)
      return rewriter.notifyMatchFailure(conv, "input is not a tosa.pad");
    if (!pad->hasOneUse())
      return rewriter.notifyMatchFailure(conv, "the padded tensor has other "
                                               "users");
    SmallVector<int64_t> padding;
    if (!tosa::getConstShapeValues(pad.getPadding().getDefiningOp(),
                                   padding) ||
        padding.size() != 8)
      return rewriter.notifyMatchFailure(conv, "padding is not constant");
    if (padding[0] || padding[1] || padding[6] || padding[7] ||
        llvm::any_of(padding, [](int64_t p) { return p < 0; }))
      return rewriter.notifyMatchFailure(
          conv, "pads the batch or channel axis, or crops");
    DenseElementsAttr value = getConstantElements(pad.getPadConst());
    if (!value)
      return rewriter.notifyMatchFailure(conv, "pad value is not constant");
    if (isa<FloatType>(value.getElementType())) {
      if (!(*value.value_begin<APFloat>()).isPosZero())
        return rewriter.notifyMatchFailure(conv, "pads with a value other "
                                                 "than +0.0");
    } else {
      FailureOr<int64_t> zeroPoint = conv.getInputZeroPoint();
      if (failed(zeroPoint) ||
          (*value.value_begin<APInt>()).getSExtValue() != *zeroPoint)
        return rewriter.notifyMatchFailure(
            conv, "pads with a value other than the input zero point");
    }
    ArrayRef<int64_t> old = conv.getPad();
    SmallVector<int64_t> merged = {old[0] + padding[2], old[1] + padding[3],
                                   old[2] + padding[4], old[3] + padding[5]};
    std::optional<int64_t> maxPad = maxPadOf(conv);
    if (maxPad && llvm::any_of(merged, [&](int64_t p) { return p > *maxPad; }))
      return rewriter.notifyMatchFailure(
          conv, "the merged padding would exceed the target's max_pad");
    rewriter.modifyOpInPlace(conv, [&] {
      conv.setPad(merged);
      conv.getInputMutable().assign(pad.getInput1());
    });
    rewriter.eraseOp(pad);
    return success();
  }
};

/// conv(x) with padding beyond the target's max_pad -> conv(pad(...pad(x)))
/// with the conv keeping max_pad per side and each tosa.pad adding at most
/// max_pad per side (what one accelerator copy can pad), filled with +0.0
/// or the conv's input zero point: exact, the conv reads the same values.
template <typename ConvOp>
struct PeelExcessConvPadding : OpRewritePattern<ConvOp> {
  using OpRewritePattern<ConvOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvOp conv,
                                PatternRewriter &rewriter) const override {
    std::optional<int64_t> maxPad = maxPadOf(conv);
    ArrayRef<int64_t> pad = conv.getPad();
    if (!maxPad || *maxPad < 1 ||
        llvm::none_of(pad, [&](int64_t p) { return p > *maxPad; }))
      return rewriter.notifyMatchFailure(conv, "padding within max_pad");
    auto inputType = dyn_cast<RankedTensorType>(conv.getInput().getType());
    if (!inputType || !inputType.hasStaticShape() || inputType.getRank() != 4)
      return rewriter.notifyMatchFailure(conv, "needs a static NHWC input");
    Type element = inputType.getElementType();
    TypedAttr fill;
    if (isa<FloatType>(element)) {
      fill = rewriter.getFloatAttr(element, 0.0);
    } else {
      FailureOr<int64_t> zeroPoint = conv.getInputZeroPoint();
      if (failed(zeroPoint))
        return rewriter.notifyMatchFailure(conv, "input zero point unknown");
      fill = rewriter.getIntegerAttr(element, *zeroPoint);
    }
    Location loc = conv.getLoc();
    auto fillType = RankedTensorType::get({1}, element);
    Value padConst = tosa::ConstOp::create(
        rewriter, loc, fillType, DenseElementsAttr::get(fillType, fill));
    SmallVector<int64_t> excess, kept;
    for (int64_t p : pad) {
      kept.push_back(std::min(p, *maxPad));
      excess.push_back(p - kept.back());
    }
    Value input = conv.getInput();
    SmallVector<int64_t> shape(inputType.getShape());
    while (llvm::any_of(excess, [](int64_t e) { return e > 0; })) {
      SmallVector<int64_t> step(8, 0);
      for (int side = 0; side < 4; ++side) {
        step[2 + side] = std::min(excess[side], *maxPad);
        excess[side] -= step[2 + side];
      }
      shape[1] += step[2] + step[3];
      shape[2] += step[4] + step[5];
      input = tosa::PadOp::create(
          rewriter, loc, RankedTensorType::get(shape, element), input,
          tosa::getTosaConstShape(rewriter, loc, step), padConst);
    }
    rewriter.modifyOpInPlace(conv, [&] {
      conv.setPad(kept);
      conv.getInputMutable().assign(input);
    });
    return success();
  }
};

/// The CRD depth-to-space (ONNX DepthToSpace mode CRD, PyTorch's
/// PixelShuffle) of a conv's result, as the importer writes it: reshape NHWC
/// [N, H, W, C*bh*bw] to [N, H, W, C, bh, bw], transpose by
/// (0, 1, 4, 2, 5, 3). Channel c * bh*bw + p of the conv becomes channel p*C
/// + c of a DCR depth-to-space (reshape to [N, H, W, bh, bw, C], transpose
/// by (0, 1, 3, 2, 4, 5): the form convert-tosa-to-accel runs) when the
/// conv's output channels are reordered that way: a permutation of its
/// weights and bias, exact.
struct FoldCrdOrderIntoConv : OpRewritePattern<tosa::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    static constexpr int32_t kCrd[] = {0, 1, 4, 2, 5, 3};
    auto split = op.getInput1().getDefiningOp<tosa::ReshapeOp>();
    if (op.getPerms() != ArrayRef<int32_t>(kCrd) || !split ||
        !split->hasOneUse())
      return rewriter.notifyMatchFailure(op, "not a CRD depth-to-space");
    FailureOr<FoldableConv> conv = matchFoldableConv(split.getInput1());
    auto splitType = cast<RankedTensorType>(split.getType());
    if (failed(conv) || !splitType.hasStaticShape() ||
        splitType.getRank() != 6 || !conv->channelMajor)
      return rewriter.notifyMatchFailure(
          op, "not the result of an f32 conv with constant weights and bias "
              "and no other user");
    auto convType = cast<RankedTensorType>(split.getInput1().getType());
    ArrayRef<int64_t> in = convType.getShape(), mid = splitType.getShape();
    int64_t channels = mid[3], blockH = mid[4], blockW = mid[5];
    int64_t block = blockH * blockW;
    if (convType.getRank() != 4 || mid[0] != in[0] || mid[1] != in[1] ||
        mid[2] != in[2] || channels * block != in[3])
      return rewriter.notifyMatchFailure(op, "shapes are not a depth-to-space");
    // New channel p * C + c reads old channel c * block + p.
    auto source = [&](int64_t channel) {
      return channel % channels * block + channel / channels;
    };
    int64_t perChannel = conv->weightType.getNumElements() / conv->channels;
    auto oldWeights =
        getConstantElements(conv->weight->get()).getValues<float>();
    SmallVector<float> weights;
    weights.reserve(conv->weightType.getNumElements());
    for (int64_t o = 0; o < conv->channels; ++o)
      for (int64_t i = 0; i < perChannel; ++i)
        weights.push_back(oldWeights[source(o) * perChannel + i]);
    auto oldBias = conv->biasValues.getValues<float>();
    SmallVector<float> bias;
    for (int64_t o = 0; o < conv->channels; ++o)
      bias.push_back(
          oldBias[conv->biasValues.getNumElements() == 1 ? 0 : source(o)]);
    rewriter.setInsertionPoint(conv->op);
    setConvConstants(rewriter, *conv, bias, weights);
    SmallVector<int64_t> dcrShape = {mid[0], mid[1], mid[2],
                                     blockH, blockW, channels};
    rewriter.setInsertionPoint(split);
    Value dcr = tosa::ReshapeOp::create(
        rewriter, split.getLoc(), splitType.clone(dcrShape), split.getInput1(),
        tosa::getTosaConstShape(rewriter, split.getLoc(), dcrShape));
    rewriter.setInsertionPoint(op);
    rewriter.replaceOpWithNewOp<tosa::TransposeOp>(
        op, op.getType(), dcr,
        rewriter.getDenseI32ArrayAttr({0, 1, 3, 2, 4, 5}));
    return success();
  }
};

/// A clamp of a value to [0, hi] (a ReLU, hi = FLT_MAX or +inf).
struct Relu {
  tosa::ClampOp op;
  double hi;
};

/// `value`'s producer as a clamp with lower bound `lo` (and one user), or
/// none.
std::optional<Relu> matchClampFrom(Value value, double lo) {
  auto clamp = value.getDefiningOp<tosa::ClampOp>();
  if (!clamp || !value.hasOneUse())
    return std::nullopt;
  auto min = dyn_cast<FloatAttr>(clamp.getMinValAttr());
  auto max = dyn_cast<FloatAttr>(clamp.getMaxValAttr());
  if (!min || !max || min.getValueAsDouble() != lo)
    return std::nullopt;
  return Relu{clamp, max.getValueAsDouble()};
}

/// PReLU after a convolution, as PyTorch exports nn.PReLU
/// (`relu(y) + k * relu(-1 * y)`, k = -slope per channel) or as
/// accel-prepare-tosa decomposes ONNX's PRelu (`relu(y) + s * min(y, 0)`,
/// the same with k = -s): in general
///   out = relu(y) + k * relu(c * y),   y = conv(x, W, b)
/// with per-channel constants c, k. The accelerator runs per-channel
/// multiplies as grouped convs (one channel per pass of the MAC array),
/// which made such a PReLU cost ~16x its conv (FSRCNN). Here the conv
/// computes both branches as 2C output channels, (W, b) and (c W, c b),
/// with one ReLU epilogue, and the sum becomes a 1x1 conv [I, diag(k)] over
/// them -- or, when the PReLU's only reader is a tosa.conv2d with constant
/// weights, is folded into that conv's weights (its input channels double:
/// [W', W' diag(k)]; the 1x1 has zero bias, so the reader's zero padding
/// reads the same zeros). A transposed conv reader keeps the 1x1: every
/// phase of its split form would carry the doubled channels (FSRCNN's
/// 56 -> 1 deconvolution: 7,884 cycles after the 1x1's 6,756 on
/// nvdla-large, against 16,802 folded). Exact in real arithmetic; in f32
/// c W and W' k round once at compile time (c = -1: exact).
struct FoldPReluIntoConvs : OpRewritePattern<tosa::AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::AddOp add,
                                PatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(add.getType());
    if (!type || !type.hasStaticShape() || type.getRank() != 4 ||
        !type.getElementType().isF32())
      return rewriter.notifyMatchFailure(add, "not a static f32 NHWC add");
    for (bool swapped : {false, true})
      if (succeeded(rewrite(add, swapped ? add.getInput2() : add.getInput1(),
                            swapped ? add.getInput1() : add.getInput2(),
                            rewriter)))
        return success();
    return rewriter.notifyMatchFailure(add, "not relu(conv) + k * relu(c * "
                                            "conv) with constants c, k");
  }

  LogicalResult rewrite(tosa::AddOp add, Value lhs, Value rhs,
                        PatternRewriter &rewriter) const {
    auto type = cast<RankedTensorType>(add.getType());
    int64_t channels = type.getDimSize(3);
    std::optional<Relu> positive = matchClampFrom(lhs, 0.0);
    auto mul = rhs.getDefiningOp<tosa::MulOp>();
    if (!positive || !mul || !rhs.hasOneUse() || lhs.getType() != type ||
        rhs.getType() != type)
      return failure();
    Value y = positive->op.getInput();
    // k * t, either side.
    Value t = mul.getInput1();
    std::optional<SmallVector<float>> k =
        getPerChannel(mul.getInput2(), channels, 4);
    if (!k) {
      t = mul.getInput2();
      k = getPerChannel(mul.getInput1(), channels, 4);
    }
    if (!k || t.getType() != type)
      return failure();
    // t = relu(c * y), or t = min(y, 0) = -relu(-y).
    SmallVector<float> c(channels, -1.0f);
    Operation *secondReader = nullptr;
    std::optional<Relu> negative = matchClampFrom(t, 0.0);
    if (negative) {
      auto scale = negative->op.getInput().getDefiningOp<tosa::MulOp>();
      if (!scale || !scale->hasOneUse())
        return failure();
      Value other = scale.getInput1() == y   ? scale.getInput2()
                    : scale.getInput2() == y ? scale.getInput1()
                                             : Value();
      std::optional<SmallVector<float>> perChannel =
          other ? getPerChannel(other, channels, 4) : std::nullopt;
      if (!perChannel)
        return failure();
      c = *perChannel;
      secondReader = scale;
    } else {
      auto min = t.getDefiningOp<tosa::ClampOp>();
      auto lo = min ? dyn_cast<FloatAttr>(min.getMinValAttr()) : FloatAttr();
      auto hi = min ? dyn_cast<FloatAttr>(min.getMaxValAttr()) : FloatAttr();
      if (!min || !t.hasOneUse() || min.getInput() != y || !lo || !hi ||
          hi.getValueAsDouble() != 0.0)
        return failure();
      negative = Relu{min, -lo.getValueAsDouble()};
      for (float &value : *k)
        value = -value;
      secondReader = min;
    }
    // One clamp serves both branches: the same bounds and NaN mode.
    if (negative->hi != positive->hi ||
        negative->op.getNanMode() != positive->op.getNanMode())
      return failure();
    // A conv2d or transpose_conv2d (weights OHWI: output channel major).
    FailureOr<FoldableConv> conv = matchFoldableConv(y, /*onlyUser=*/false);
    if (failed(conv) || !conv->channelMajor || y.getType() != type ||
        llvm::any_of(y.getUsers(), [&](Operation *user) {
          return user != positive->op && user != secondReader;
        }))
      return failure();
    DenseElementsAttr weights = getConstantElements(conv->weight->get());
    DenseElementsAttr bias = conv->biasValues;

    // The wide conv: [W; c W], [b; c b].
    Location loc = add.getLoc();
    auto f32 = rewriter.getF32Type();
    int64_t perChannel = weights.getNumElements() / channels;
    SmallVector<float> wideWeights(weights.getValues<float>());
    wideWeights.reserve(2 * wideWeights.size());
    for (int64_t i = 0, e = wideWeights.size(); i < e; ++i)
      wideWeights.push_back(wideWeights[i] * c[i / perChannel]);
    SmallVector<float> wideBias;
    auto biasValues = bias.getValues<float>();
    for (int scaled : {0, 1})
      for (int64_t o = 0; o < channels; ++o) {
        float b = biasValues[bias.getNumElements() == 1 ? 0 : o];
        wideBias.push_back(scaled ? b * c[o] : b);
      }
    // The reader the sum folds into: a tosa.conv2d reading the PReLU as its
    // input, nothing else reading it; its weights with the input channels
    // doubled, [W', W' diag(k)].
    auto reader = add->hasOneUse()
                      ? dyn_cast<tosa::Conv2DOp>(*add->getUsers().begin())
                      : tosa::Conv2DOp();
    FailureOr<FoldableConv> next =
        reader ? matchFoldableConv(reader.getResult(), /*onlyUser=*/false)
               : FailureOr<FoldableConv>(failure());
    SmallVector<float> folded;
    SmallVector<int64_t> foldedShape;
    if (succeeded(next) && reader.getInput() == add.getResult() &&
        next->weightType.getShape().back() == channels) {
      DenseElementsAttr nextWeights = getConstantElements(next->weight->get());
      foldedShape.assign(next->weightType.getShape().begin(),
                         next->weightType.getShape().end());
      foldedShape.back() *= 2;
      folded.reserve(2 * nextWeights.getNumElements());
      auto values = nextWeights.getValues<float>();
      for (int64_t row = 0, rows = nextWeights.getNumElements() / channels;
           row < rows; ++row) {
        for (int64_t i = 0; i < channels; ++i)
          folded.push_back(values[row * channels + i]);
        for (int64_t i = 0; i < channels; ++i)
          folded.push_back(values[row * channels + i] * (*k)[i]);
      }
    } else {
      next = FailureOr<FoldableConv>(failure());
    }
    // Only finite constants: inf * 0 and inf - inf would turn the branches'
    // exact zeros into NaN.
    auto finite = [](ArrayRef<float> values) {
      return llvm::all_of(values, [](float v) { return std::isfinite(v); });
    };
    if (!finite(*k) || !finite(c) || !finite(wideWeights) ||
        !finite(wideBias) || !finite(folded))
      return failure();
    SmallVector<int64_t> wideWeightShape(conv->weightType.getShape());
    wideWeightShape[0] *= 2;
    auto wideWeightType = RankedTensorType::get(wideWeightShape, f32);
    auto wideBiasType = RankedTensorType::get({2 * channels}, f32);
    auto wideType = type.clone({type.getDimSize(0), type.getDimSize(1),
                                type.getDimSize(2), 2 * channels});
    Operation *wide = rewriter.clone(*conv->op);
    wide->setOperand(conv->weight->getOperandNumber(),
                     tosa::ConstOp::create(
                         rewriter, loc, wideWeightType,
                         DenseElementsAttr::get(wideWeightType,
                                                ArrayRef<float>(wideWeights))));
    wide->setOperand(
        conv->bias->getOperandNumber(),
        tosa::ConstOp::create(
            rewriter, loc, wideBiasType,
            DenseElementsAttr::get(wideBiasType, ArrayRef<float>(wideBias))));
    wide->getResult(0).setType(wideType);
    Value relu = tosa::ClampOp::create(
        rewriter, positive->op.getLoc(), wideType, wide->getResult(0),
        positive->op.getMinValAttr(), positive->op.getMaxValAttr(),
        positive->op.getNanModeAttr());

    // The sum folded into the only reader's weights [W', W' diag(k)] ...
    if (succeeded(next)) {
      auto foldedType = RankedTensorType::get(foldedShape, f32);
      Value foldedWeights = tosa::ConstOp::create(
          rewriter, loc, foldedType,
          DenseElementsAttr::get(foldedType, ArrayRef<float>(folded)));
      rewriter.modifyOpInPlace(reader, [&] {
        reader.getInputMutable().assign(relu);
        next->weight->set(foldedWeights);
      });
      rewriter.eraseOp(add);
      return success();
    }
    // ... or a 1x1 conv [I, diag(k)] with zero bias.
    SmallVector<float> combine(channels * 2 * channels, 0.0f);
    for (int64_t o = 0; o < channels; ++o) {
      combine[o * 2 * channels + o] = 1.0f;
      combine[o * 2 * channels + channels + o] = (*k)[o];
    }
    auto combineType =
        RankedTensorType::get({channels, 1, 1, 2 * channels}, f32);
    auto zeroBiasType = RankedTensorType::get({channels}, f32);
    Value sum = tosa::Conv2DOp::create(
        rewriter, loc, type, relu,
        tosa::ConstOp::create(
            rewriter, loc, combineType,
            DenseElementsAttr::get(combineType, ArrayRef<float>(combine))),
        tosa::ConstOp::create(rewriter, loc, zeroBiasType,
                              DenseElementsAttr::get(zeroBiasType, 0.0f)),
        rewriter.getDenseI64ArrayAttr({0, 0, 0, 0}),
        rewriter.getDenseI64ArrayAttr({1, 1}),
        rewriter.getDenseI64ArrayAttr({1, 1}), TypeAttr::get(f32));
    rewriter.replaceOp(add, sum);
    return success();
  }
};

} // namespace

void accel::prepare_tosa::populateConvFoldPatterns(
    RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<FoldChannelAffineIntoConv<tosa::MulOp, Affine::Scale>,
               FoldChannelAffineIntoConv<tosa::AddOp, Affine::Add>,
               FoldChannelAffineIntoConv<tosa::SubOp, Affine::Subtract>,
               FoldPadIntoConv<tosa::Conv2DOp>,
               FoldPadIntoConv<tosa::DepthwiseConv2DOp>,
               PeelExcessConvPadding<tosa::Conv2DOp>,
               PeelExcessConvPadding<tosa::DepthwiseConv2DOp>,
               FoldCrdOrderIntoConv, FoldPReluIntoConvs>(context);
}
