//===- LayerPatterns.cpp - TOSA layers other than transposed convs -> accel -===//
//
// One pattern per TOSA op of a generator network that maps onto a single
// accel op (or a short fixed sequence): conv2d, depthwise conv2d (a grouped
// accel.conv2d), matmul with a constant right operand (fully connected as a
// 1x1 conv), reshape, concat on the channel axis and the residual add of two
// activations. Fusion of biases and
// activations into these ops lives in FusionPatterns.cpp.
//
//===----------------------------------------------------------------------===//

#include "Common.h"

#include "accel/Target/Tiler.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include <type_traits>

using namespace mlir;
using namespace accel;
using namespace accel::tosa_to_accel;

namespace {

bool isAccelElement(Type type) {
  return type.isF32() || type.isInteger(8) || type.isInteger(32);
}

bool isStaticAccelTensor(Type type) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  return ranked && ranked.hasStaticShape() &&
         isAccelElement(ranked.getElementType());
}

/// f32 x f32 -> f32, or i8 x i8 -> i32 (raw accumulators).
bool isAccelConvTyping(Type in, Type weight, Type result) {
  return in == weight && ((in.isF32() && result.isF32()) ||
                          (in.isInteger(8) && result.isInteger(32)));
}

/// How a TOSA conv's kernel maps onto accel.conv2d's OHWI weights.
struct KernelLayout {
  int64_t outC, kernelH, kernelW, groups;
};

KernelLayout kernelLayout(tosa::Conv2DOp op) {
  ArrayRef<int64_t> shape = op.getWeight().getType().getShape();
  return {shape[0], shape[1], shape[2], 1};
}

/// A depthwise conv with multiplier M is a conv with C groups of one input
/// and M output channels: no MAC beyond the useful ones.
KernelLayout kernelLayout(tosa::DepthwiseConv2DOp op) {
  ArrayRef<int64_t> shape = op.getWeight().getType().getShape();
  return {shape[2] * shape[3], shape[0], shape[1], shape[2]};
}

/// Whether accelWeight can lay the kernel out (a depthwise kernel is
/// rearranged at compile time, so it must be constant).
bool hasLayableKernel(tosa::Conv2DOp) { return true; }
bool hasLayableKernel(tosa::DepthwiseConv2DOp op) {
  return isConstantElements(op.getWeight());
}

Value accelWeight(tosa::Conv2DOp op, PatternRewriter &) {
  return op.getWeight();
}

/// HWCM [KH, KW, C, M] -> OHWI [C * M, KH, KW, 1]: output channel c * M + m
/// (TOSA's depthwise output order) holds W[kh, kw, c, m].
Value accelWeight(tosa::DepthwiseConv2DOp op, PatternRewriter &rewriter) {
  ArrayRef<int64_t> shape = op.getWeight().getType().getShape();
  int64_t kh = shape[0], kw = shape[1], channels = shape[2], mult = shape[3];
  SmallVector<int64_t> gather;
  gather.reserve(kh * kw * channels * mult);
  for (int64_t c = 0; c < channels; ++c)
    for (int64_t m = 0; m < mult; ++m)
      for (int64_t y = 0; y < kh; ++y)
        for (int64_t x = 0; x < kw; ++x)
          gather.push_back(((y * kw + x) * channels + c) * mult + m);
  return createGatheredConstant(
      rewriter, op.getLoc(), getConstantElements(op.getWeight()),
      RankedTensorType::get({channels * mult, kh, kw, 1},
                            op.getWeight().getType().getElementType()),
      gather);
}

/// The accelerator conv `op` is (static shapes and accel typing checked).
template <typename TosaConvOp> ConvShape convShapeOf(TosaConvOp op) {
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  KernelLayout kernel = kernelLayout(op);
  ArrayRef<int64_t> pad = op.getPad(), stride = op.getStride(),
                    dilation = op.getDilation();
  ConvShape shape;
  shape.batch = inputType.getDimSize(0);
  shape.inH = inputType.getDimSize(1);
  shape.inW = inputType.getDimSize(2);
  shape.inC = inputType.getDimSize(3);
  shape.outC = kernel.outC;
  shape.kernelH = kernel.kernelH;
  shape.kernelW = kernel.kernelW;
  shape.groups = kernel.groups;
  shape.strideH = stride[0];
  shape.strideW = stride[1];
  shape.dilationH = dilation[0];
  shape.dilationW = dilation[1];
  shape.padTop = pad[0];
  shape.padBottom = pad[1];
  shape.padLeft = pad[2];
  shape.padRight = pad[3];
  shape.element = inputType.getElementType().isInteger(8) ? ElementKind::I8
                                                          : ElementKind::F32;
  return shape;
}

/// Static shapes with accel element kinds on every operand of a conv.
template <typename TosaConvOp> bool hasStaticConvTensors(TosaConvOp op) {
  return isStaticAccelTensor(op.getInput().getType()) &&
         isStaticAccelTensor(op.getWeight().getType()) &&
         isStaticAccelTensor(op.getOutput().getType()) &&
         isStaticAccelTensor(op.getBias().getType());
}

/// The element types the accelerator runs (after hasStaticConvTensors).
template <typename TosaConvOp> bool hasAccelConvElements(TosaConvOp op) {
  return isAccelConvTyping(
      cast<RankedTensorType>(op.getInput().getType()).getElementType(),
      cast<RankedTensorType>(op.getWeight().getType()).getElementType(),
      cast<RankedTensorType>(op.getOutput().getType()).getElementType());
}

/// Whether ConvertConv reads `op` as an accelerator conv (its first two
/// checks, each with its own message there).
template <typename TosaConvOp> bool hasAccelConvTypes(TosaConvOp op) {
  return hasStaticConvTensors(op) && hasAccelConvElements(op);
}

/// tosa.conv2d / tosa.depthwise_conv2d -> accel.conv2d with the same
/// padding, stride, dilation, bias and zero points (a depthwise conv as a
/// grouped one, with constant weights).
template <typename TosaConvOp>
struct ConvertConv : OpRewritePattern<TosaConvOp> {
  ConvertConv(MLIRContext *context, const TosaToAccelOptions &options)
      : OpRewritePattern<TosaConvOp>(context), options(options) {}

  LogicalResult matchAndRewrite(TosaConvOp op,
                                PatternRewriter &rewriter) const override {
    auto fail = [&](const Twine &message) {
      return reportError(op, options, message);
    };
    if (!hasStaticConvTensors(op))
      return fail("needs static shapes and f32 / i8 / i32 elements");
    auto resultType = cast<RankedTensorType>(op.getOutput().getType());
    if (!hasAccelConvElements(op))
      return fail("has element types the accelerator does not run "
                  "(supported: f32, or i8 with i32 accumulators)");
    FailureOr<int64_t> inputZp = op.getInputZeroPoint();
    FailureOr<int64_t> weightZp = op.getWeightZeroPoint();
    if (failed(inputZp) || failed(weightZp))
      return fail("needs constant zero points");
    if (!hasLayableKernel(op))
      return fail("needs constant weights (a depthwise conv runs as a grouped "
                  "conv with rearranged weights)");

    KernelLayout kernel = kernelLayout(op);
    Value bias = op.getBias();
    int64_t biasSize = cast<RankedTensorType>(bias.getType()).getDimSize(0);
    DenseElementsAttr biasValues = getConstantElements(bias);
    if (biasSize != kernel.outC && (!biasValues || biasSize != 1))
      return fail("needs a bias with one element per output channel (or a "
                  "constant single-element bias)");

    ConvShape shape = convShapeOf(op);
    // strategy=fold / auto: a conv with few output channels may run folded
    // (ChannelFoldPatterns.cpp); the estimates go on whichever op results.
    // Decided before the limits are checked: a fold or pack may run a conv
    // whose plain form the target cannot (a row wider than a program can
    // address folds into channels).
    std::optional<ConvFoldOrPackDecision> fold;
    if constexpr (std::is_same_v<TosaConvOp, tosa::Conv2DOp>)
      fold = decideConvFoldOrPack(op, shape, options);
    bool runsPlain = !fold || (!fold->folded && !fold->packed);
    if (runsPlain && failed(checkConvLimits(op, options, shape)))
      return failure();

    if (biasSize != kernel.outC)
      bias = createGatheredConstant(
          rewriter, op.getLoc(), biasValues,
          RankedTensorType::get({kernel.outC}, resultType.getElementType()),
          SmallVector<int64_t>(kernel.outC, 0));
    SmallVector<NamedAttribute> attrs = {
        rewriter.getNamedAttr("stride", op.getStrideAttr()),
        rewriter.getNamedAttr("dilation", op.getDilationAttr()),
        rewriter.getNamedAttr("pad", op.getPadAttr())};
    if (kernel.groups != 1)
      attrs.push_back(rewriter.getNamedAttr(
          "groups", rewriter.getI64IntegerAttr(kernel.groups)));
    if (shape.element == ElementKind::I8) {
      attrs.push_back(rewriter.getNamedAttr(
          "input_zp", rewriter.getI32IntegerAttr(*inputZp)));
      attrs.push_back(rewriter.getNamedAttr(
          "weight_zp", rewriter.getI32IntegerAttr(*weightZp)));
    }
    if constexpr (std::is_same_v<TosaConvOp, tosa::Conv2DOp>) {
      if (fold && fold->packed && !fold->folded) {
        rewriteTapPackedConv(op, bias, *fold->packed, fold->estimates,
                             rewriter);
        if (options.stats)
          options.stats->packedConvs += 1;
        return success();
      }
      if (fold && fold->folded) {
        rewriteFoldedConv(op, bias, *fold, rewriter);
        if (options.stats)
          options.stats->foldedConvs += 1;
        return success();
      }
    }
    attrs.push_back(rewriter.getNamedAttr(
        "operandSegmentSizes", rewriter.getDenseI32ArrayAttr({1, 1, 1, 0, 0})));
    Value weight = accelWeight(op, rewriter);
    auto conv = rewriter.replaceOpWithNewOp<Conv2DOp>(
        op, TypeRange{resultType}, ValueRange{op.getInput(), weight, bias},
        attrs);
    if (fold)
      recordStrategyEstimates(conv, fold->estimates, rewriter);
    return success();
  }

  const TosaToAccelOptions &options;
};

/// tosa.matmul [1, M, K] x const [1, K, N] -> accel.reshape to [1, 1, M, K],
/// a 1x1 accel.conv2d with N output channels (split into chunks joined by
/// accel.concat when N exceeds the target's channel limit), accel.reshape
/// back to [1, M, N]. The bias add that follows fuses into the conv(s).
struct ConvertMatMulToConv : OpRewritePattern<tosa::MatMulOp> {
  ConvertMatMulToConv(MLIRContext *context, const TosaToAccelOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(tosa::MatMulOp op,
                                PatternRewriter &rewriter) const override {
    auto fail = [&](const Twine &message) {
      return reportError(op, options, message);
    };
    if (!isStaticAccelTensor(op.getA().getType()) ||
        !isStaticAccelTensor(op.getB().getType()) ||
        !isStaticAccelTensor(op.getOutput().getType()))
      return fail("needs static shapes and f32 / i8 / i32 elements");
    auto aType = cast<RankedTensorType>(op.getA().getType());
    auto bType = cast<RankedTensorType>(op.getB().getType());
    auto resultType = cast<RankedTensorType>(op.getOutput().getType());
    if (!isAccelConvTyping(aType.getElementType(), bType.getElementType(),
                           resultType.getElementType()))
      return fail("has element types the accelerator does not run "
                  "(supported: f32, or i8 with i32 accumulators)");
    DenseElementsAttr weights = getConstantElements(op.getB());
    if (!weights)
      return fail("needs a constant right operand (a fully-connected layer's "
                  "weights) to become a 1x1 convolution");
    if (aType.getDimSize(0) != 1)
      return fail("has batch " + Twine(aType.getDimSize(0)) +
                  "; only batch 1 (one weight matrix) is a convolution");
    FailureOr<int64_t> aZp = op.getAZeroPoint();
    FailureOr<int64_t> bZp = op.getBZeroPoint();
    if (failed(aZp) || failed(bZp))
      return fail("needs constant zero points");

    Location loc = op.getLoc();
    int64_t m = aType.getDimSize(1), k = aType.getDimSize(2);
    int64_t n = bType.getDimSize(2);
    bool isInt8 = aType.getElementType().isInteger(8);
    Type accElem = resultType.getElementType();
    int64_t maxChannels =
        options.target ? options.target->limits.maxChannels : n;
    ConvShape shape;
    shape.inH = 1;
    shape.inW = m;
    shape.inC = k;
    shape.outC = std::min(n, maxChannels);
    shape.element = isInt8 ? ElementKind::I8 : ElementKind::F32;
    if (failed(checkConvLimits(op, options, shape)))
      return failure();

    Value input = ReshapeOp::create(
        rewriter, loc,
        TypeRange{RankedTensorType::get({1, 1, m, k}, aType.getElementType())},
        ValueRange{op.getA()}, ArrayRef<NamedAttribute>{});
    SmallVector<NamedAttribute> attrs;
    if (isInt8) {
      attrs.push_back(
          rewriter.getNamedAttr("input_zp", rewriter.getI32IntegerAttr(*aZp)));
      attrs.push_back(
          rewriter.getNamedAttr("weight_zp", rewriter.getI32IntegerAttr(*bZp)));
    }
    attrs.push_back(rewriter.getNamedAttr(
        "operandSegmentSizes", rewriter.getDenseI32ArrayAttr({1, 1, 0, 0, 0})));
    SmallVector<Value> chunks;
    for (int64_t first = 0; first < n; first += maxChannels) {
      int64_t count = std::min(maxChannels, n - first);
      // OHWI [count, 1, 1, K] from B [1, K, N]: element (o, 0, 0, c) is
      // B[0, c, first + o].
      SmallVector<int64_t> gather;
      gather.reserve(count * k);
      for (int64_t o = 0; o < count; ++o)
        for (int64_t c = 0; c < k; ++c)
          gather.push_back(c * n + first + o);
      Value kernel = createGatheredConstant(
          rewriter, loc, weights,
          RankedTensorType::get({count, 1, 1, k}, bType.getElementType()),
          gather);
      chunks.push_back(Conv2DOp::create(
          rewriter, loc,
          TypeRange{RankedTensorType::get({1, 1, m, count}, accElem)},
          ValueRange{input, kernel}, attrs));
    }
    Value conv = chunks.front();
    if (chunks.size() > 1)
      conv = ConcatOp::create(
          rewriter, loc,
          TypeRange{RankedTensorType::get({1, 1, m, n}, accElem)},
          ValueRange{chunks}, ArrayRef<NamedAttribute>{});
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, TypeRange{resultType},
                                           ValueRange{conv},
                                           ArrayRef<NamedAttribute>{});
    return success();
  }

  const TosaToAccelOptions &options;
};

/// tosa.reshape -> accel.reshape.
struct ConvertReshape : OpRewritePattern<tosa::ReshapeOp> {
  ConvertReshape(MLIRContext *context, const TosaToAccelOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(tosa::ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    if (!isStaticAccelTensor(op.getInput1().getType()) ||
        !isStaticAccelTensor(op.getOutput().getType()))
      return reportError(op, options,
                         "needs static shapes and f32 / i8 / i32 elements");
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, TypeRange{op.getType()},
                                           ValueRange{op.getInput1()},
                                           ArrayRef<NamedAttribute>{});
    return success();
  }

  const TosaToAccelOptions &options;
};

/// tosa.concat on the last axis -> accel.concat.
struct ConvertConcat : OpRewritePattern<tosa::ConcatOp> {
  ConvertConcat(MLIRContext *context, const TosaToAccelOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(tosa::ConcatOp op,
                                PatternRewriter &rewriter) const override {
    if (!isStaticAccelTensor(op.getType()) ||
        !llvm::all_of(op.getInput1().getTypes(), isStaticAccelTensor))
      return reportError(op, options,
                         "needs static shapes and f32 / i8 / i32 elements");
    int64_t rank = cast<RankedTensorType>(op.getType()).getRank();
    if (op.getAxis() != rank - 1)
      return reportError(op, options,
                         "concatenates along axis " + Twine(op.getAxis()) +
                             "; accel concatenates along the last (channel) "
                             "axis " + Twine(rank - 1) + " only");
    rewriter.replaceOpWithNewOp<ConcatOp>(op, TypeRange{op.getType()},
                                          op.getInput1(),
                                          ArrayRef<NamedAttribute>{});
    return success();
  }

  const TosaToAccelOptions &options;
};

/// tosa.add of two same-shape activations (a residual connection) ->
/// accel.add. Adds with a constant operand are biases (FusionPatterns.cpp).
struct ConvertResidualAdd : OpRewritePattern<tosa::AddOp> {
  ConvertResidualAdd(MLIRContext *context, const TosaToAccelOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(tosa::AddOp op,
                                PatternRewriter &rewriter) const override {
    if (isConstantElements(op.getInput1()) ||
        isConstantElements(op.getInput2()))
      return rewriter.notifyMatchFailure(op, "a constant operand is a bias");
    if (matchInt8ResidualAdd(op))
      return rewriter.notifyMatchFailure(
          op, "an int8 residual add (Int8ResidualAdd.cpp)");
    if (!isStaticAccelTensor(op.getType()))
      return reportError(op, options,
                         "needs static shapes and f32 / i8 / i32 elements");
    if (op.getInput1().getType() != op.getType() ||
        op.getInput2().getType() != op.getType())
      return reportError(op, options,
                         "broadcasts its operands; accel.add needs two "
                         "operands of the result's shape");
    rewriter.replaceOpWithNewOp<AddOp>(
        op, TypeRange{op.getType()},
        ValueRange{op.getInput1(), op.getInput2()}, ArrayRef<NamedAttribute>{});
    return success();
  }

  const TosaToAccelOptions &options;
};

} // namespace

void accel::tosa_to_accel::populateLayerPatterns(
    RewritePatternSet &patterns, const TosaToAccelOptions &options) {
  patterns.add<ConvertConv<tosa::Conv2DOp>, ConvertConv<tosa::DepthwiseConv2DOp>,
               ConvertMatMulToConv, ConvertReshape,
               ConvertConcat, ConvertResidualAdd>(patterns.getContext(),
                                                  options);
}

void accel::tosa_to_accel::prepriceConv(tosa::Conv2DOp op,
                                        const TosaToAccelOptions &options) {
  if (!options.target || !hasAccelConvTypes(op))
    return;
  // As ConvertConv: decided before the limits (each candidate checks its
  // own shape against them).
  (void)decideConvFoldOrPack(op, convShapeOf(op), options);
}
