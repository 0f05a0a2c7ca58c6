//===- DataMovementPatterns.cpp - Slices and upsampling as accel copies ---===//
//
// accel has no copy or gather op: its engine moves data only on the way
// into and out of a convolution. A spatial tosa.slice, a zero tosa.pad and
// an integer-factor nearest-neighbour tosa.resize therefore run as copies:
// a 1x1 convolution with a unit kernel per channel (groups = C, one MAC per
// element written; x * 1 is exact in f32, and i8 uses an identity
// requantization). The slice's box is the copy's negative padding (a crop,
// free on the accelerator); the upsampling is s_h * s_w copies of the input
// stored as the phases of an accel.depth_to_space (strided stores, no extra
// pass). A pad is a stride-1 accel.zero_insert (a padding copy): a plane
// copy at DRAM speed, or only its border when accel-plan-memory places the
// input inside the result -- not a grouped conv, which the MAC array runs
// one channel at a time.
//
//===----------------------------------------------------------------------===//

#include "Common.h"

#include "accel/Split/UpsampleConv.h"
#include "accel/Support/DenseConstant.h"

#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace accel;
using namespace accel::tosa_to_accel;

namespace {

/// Whether `type` is a static rank-4 f32 or i8 tensor (what a copy moves).
bool isCopyableTensor(Type type) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  return ranked && ranked.hasStaticShape() && ranked.getRank() == 4 &&
         (ranked.getElementType().isF32() ||
          ranked.getElementType().isInteger(8));
}

/// The attributes of an accel.depth_to_space that interleaves `blockH` x
/// `blockW` phases starting at the origin (phase (rh, rw) at rows rh, rh +
/// blockH, ... and columns rw, rw + blockW, ...).
SmallVector<NamedAttribute> interleaveAttrs(Builder &builder, int64_t blockH,
                                            int64_t blockW) {
  return {builder.getNamedAttr("block",
                               builder.getDenseI64ArrayAttr({blockH, blockW})),
          builder.getNamedAttr(
              "origins_h", builder.getDenseI64ArrayAttr(
                               llvm::to_vector(llvm::seq<int64_t>(0, blockH)))),
          builder.getNamedAttr("origins_w",
                               builder.getDenseI64ArrayAttr(llvm::to_vector(
                                   llvm::seq<int64_t>(0, blockW))))};
}

/// The convolution shape of a copy of a tensor of `inputType` with `pad`.
ConvShape copyShape(RankedTensorType inputType, ArrayRef<int64_t> pad) {
  ConvShape shape;
  shape.batch = inputType.getDimSize(0);
  shape.inH = inputType.getDimSize(1);
  shape.inW = inputType.getDimSize(2);
  shape.inC = shape.outC = shape.groups = inputType.getDimSize(3);
  shape.padTop = pad[0];
  shape.padBottom = pad[1];
  shape.padLeft = pad[2];
  shape.padRight = pad[3];
  shape.element = inputType.getElementType().isInteger(8) ? ElementKind::I8
                                                          : ElementKind::F32;
  return shape;
}

/// The target's limits applied to that copy.
LogicalResult checkCopyLimits(Operation *op, const TosaToAccelOptions &options,
                              RankedTensorType inputType,
                              ArrayRef<int64_t> pad) {
  return checkConvLimits(op, options, copyShape(inputType, pad));
}

/// result = input cropped by the (non-positive) `pad` and scaled per channel
/// by `scale` ([C, 1, 1, 1], or null for 1), as a 1x1 accel.conv2d with one
/// tap per channel (groups = C).
Value createCopy(PatternRewriter &rewriter, Location loc, Value input,
                 RankedTensorType resultType, ArrayRef<int64_t> pad,
                 DenseElementsAttr scale = {}) {
  auto inputType = cast<RankedTensorType>(input.getType());
  Type element = inputType.getElementType();
  int64_t channels = inputType.getDimSize(3);
  Value weight =
      scale
          ? Value(tosa::ConstOp::create(rewriter, loc, scale.getType(), scale))
          : createUnitTapKernel(rewriter, loc, element, {channels, 1, 1, 1},
                                [](int64_t) { return 0; });
  return createMoveConv(rewriter, loc, input, weight, resultType, pad,
                        channels);
}

/// result = the channels [first, first + resultType's C) of `input`, cropped
/// by the (non-positive) `pad`, as a 1x1 accel.conv2d whose weight selects
/// one input channel per output channel (one-hot rows). Exact in f32 and i8
/// (each accumulator holds one input value), at C_in MACs per output
/// element: the price of a channel slice the engine cannot alias.
Value createChannelSelect(PatternRewriter &rewriter, Location loc,
                          Value input, RankedTensorType resultType,
                          int64_t first, ArrayRef<int64_t> pad) {
  auto inputType = cast<RankedTensorType>(input.getType());
  Type element = inputType.getElementType();
  int64_t inC = inputType.getDimSize(3), outC = resultType.getDimSize(3);
  Value weight = createUnitTapKernel(rewriter, loc, element, {outC, 1, 1, inC},
                                     [&](int64_t o) { return first + o; });
  return createMoveConv(rewriter, loc, input, weight, resultType, pad, 1);
}

/// tosa.slice of H and W (batch whole) -> a cropping copy; a slice of the
/// channels too -> a channel-selecting 1x1 conv (createChannelSelect).
struct ConvertSpatialSlice : OpRewritePattern<tosa::SliceOp> {
  ConvertSpatialSlice(MLIRContext *context, const TosaToAccelOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(tosa::SliceOp op,
                                PatternRewriter &rewriter) const override {
    auto fail = [&](const Twine &message) {
      return reportError(op, options, message);
    };
    if (!isCopyableTensor(op.getInput1().getType()) ||
        !isCopyableTensor(op.getType()))
      return fail("needs static rank-4 (NHWC) f32 or i8 tensors to run as a "
                  "copy");
    SmallVector<int64_t> start;
    if (!tosa::getConstShapeValues(op.getStart().getDefiningOp(), start))
      return fail("needs a constant start");
    auto inputType = cast<RankedTensorType>(op.getInput1().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> in = inputType.getShape(), out = resultType.getShape();
    if (start[0] != 0 || out[0] != in[0])
      return fail("slices the batch axis; accel runs slices of height, width "
                  "and channels only");
    SmallVector<int64_t> pad = {-start[1], -(in[1] - start[1] - out[1]),
                                -start[2], -(in[2] - start[2] - out[2])};
    if (start[3] == 0 && out[3] == in[3]) {
      if (failed(checkCopyLimits(op, options, inputType, pad)))
        return failure();
      rewriter.replaceOp(op, createCopy(rewriter, op.getLoc(), op.getInput1(),
                                        resultType, pad));
      return success();
    }
    ConvShape shape = copyShape(inputType, pad);
    shape.outC = out[3];
    shape.groups = 1;
    if (failed(checkConvLimits(op, options, shape)))
      return failure();
    rewriter.replaceOp(op, createChannelSelect(rewriter, op.getLoc(),
                                               op.getInput1(), resultType,
                                               start[3], pad));
    return success();
  }

  const TosaToAccelOptions &options;
};

/// tosa.pad of H and W (one a conv could not absorb, e.g. the padding
/// accel-prepare-tosa peels off a conv beyond the target's max_pad, or a 3-D
/// convolution's depth padding) -> a stride-1 accel.zero_insert whose fill
/// is the pad value: +0 in f32, any value in i8 (an input zero point).
struct ConvertSpatialPad : OpRewritePattern<tosa::PadOp> {
  ConvertSpatialPad(MLIRContext *context, const TosaToAccelOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(tosa::PadOp op,
                                PatternRewriter &rewriter) const override {
    auto fail = [&](const Twine &message) {
      return reportError(op, options, message);
    };
    if (!isCopyableTensor(op.getInput1().getType()) ||
        !isCopyableTensor(op.getType()))
      return fail("needs static rank-4 (NHWC) f32 or i8 tensors to run as a "
                  "copy");
    SmallVector<int64_t> padding;
    if (!tosa::getConstShapeValues(op.getPadding().getDefiningOp(), padding) ||
        padding.size() != 8)
      return fail("needs constant padding");
    if (padding[0] || padding[1] || padding[6] || padding[7] ||
        llvm::any_of(padding, [](int64_t p) { return p < 0; }))
      return fail("pads the batch or channel axis, or crops; accel pads "
                  "height and width only");
    DenseElementsAttr value = accel::matchDenseConstant(op.getPadConst());
    if (!value)
      return fail("needs a constant pad value");
    int64_t fill = 0;
    if (llvm::isa<FloatType>(value.getElementType())) {
      if (!(*value.value_begin<APFloat>()).isPosZero())
        return fail("pads with a value other than (+)0; accel's copies pad "
                    "f32 with zeros");
    } else {
      fill = (*value.value_begin<APInt>()).getSExtValue();
    }
    SmallVector<int64_t> pad = {padding[2], padding[3], padding[4],
                                padding[5]};
    rewriter.replaceOpWithNewOp<ZeroInsertOp>(
        op, TypeRange{op.getType()}, ValueRange{op.getInput1()},
        ArrayRef<NamedAttribute>{
            rewriter.getNamedAttr("stride",
                                  rewriter.getDenseI64ArrayAttr({1, 1})),
            rewriter.getNamedAttr("pad", rewriter.getDenseI64ArrayAttr(pad)),
            rewriter.getNamedAttr("fill",
                                  rewriter.getI32IntegerAttr(int32_t(fill)))});
    return success();
  }

  const TosaToAccelOptions &options;
};

/// tosa.resize NEAREST_NEIGHBOR by integer factors (s_h, s_w) -> s_h * s_w
/// copies of the input, interleaved by accel.depth_to_space.
struct ConvertNearestUpsample : OpRewritePattern<tosa::ResizeOp> {
  ConvertNearestUpsample(MLIRContext *context,
                         const TosaToAccelOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(tosa::ResizeOp op,
                                PatternRewriter &rewriter) const override {
    auto fail = [&](const Twine &message) {
      return reportError(op, options, message);
    };
    if (op.getMode() != tosa::ResizeMode::NEAREST_NEIGHBOR)
      return fail("is a bilinear resize; accel runs nearest-neighbour "
                  "upsampling by integer factors only");
    if (!isCopyableTensor(op.getInput().getType()) ||
        !isCopyableTensor(op.getType()))
      return fail("needs static rank-4 (NHWC) f32 or i8 tensors");
    SmallVector<int64_t> scale, offset;
    if (!tosa::getConstShapeValues(op.getScale().getDefiningOp(), scale) ||
        !tosa::getConstShapeValues(op.getOffset().getDefiningOp(), offset))
      return fail("needs constant scale and offset");
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> in = inputType.getShape(), out = resultType.getShape();
    int64_t factorH =
        nearestUpsampleFactor(in[1], out[1], scale[0], scale[1], offset[0]);
    int64_t factorW =
        nearestUpsampleFactor(in[2], out[2], scale[2], scale[3], offset[1]);
    if (factorH == 0 || factorW == 0)
      return fail("does not repeat every input pixel an integer number of "
                  "times (output index o reading input o / s); accel runs "
                  "only such nearest-neighbour upsampling");
    SmallVector<int64_t> noPad(4, 0);
    if (failed(checkCopyLimits(op, options, inputType, noPad)))
      return failure();
    SmallVector<Value> phases;
    for (int64_t p = 0; p < factorH * factorW; ++p)
      phases.push_back(
          createCopy(rewriter, op.getLoc(), op.getInput(), inputType, noPad));
    SmallVector<NamedAttribute> attrs =
        interleaveAttrs(rewriter, factorH, factorW);
    rewriter.replaceOpWithNewOp<DepthToSpaceOp>(op, TypeRange{resultType},
                                                phases, attrs);
    return success();
  }

  const TosaToAccelOptions &options;
};

/// The DCR depth-to-space that the ONNX importer writes for DepthToSpace
/// (and PyTorch's PixelShuffle, after accel-prepare-tosa reorders the
/// producing conv's channels from CRD): reshape NHWC [N, H, W, bh*bw*C] to
/// [N, H, W, bh, bw, C], transpose by (0, 1, 3, 2, 4, 5), reshape to
/// [N, H*bh, W*bw, C] -> the channel-grouped accel.depth_to_space (channel
/// group p = rh * bw + rw is phase (rh, rw)): no data moves, the producer's
/// stores write the interleaved positions (a copy when it cannot,
/// accel-plan-memory). Rooted at the rank-6 transpose, which nothing else
/// converts; either reshape may already be an accel.reshape.
struct ConvertDepthToSpace : OpRewritePattern<tosa::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    static constexpr int32_t kDcr[] = {0, 1, 3, 2, 4, 5};
    Value split = op.getInput1();
    Operation *splitOp = split.getDefiningOp();
    if (op.getPerms() != ArrayRef<int32_t>(kDcr) || !splitOp ||
        !llvm::isa<tosa::ReshapeOp, ReshapeOp>(splitOp) || !split.hasOneUse() ||
        !op->hasOneUse())
      return rewriter.notifyMatchFailure(op, "not a DCR depth-to-space");
    Operation *mergeOp = *op->getUsers().begin();
    if (!llvm::isa<tosa::ReshapeOp, ReshapeOp>(mergeOp))
      return rewriter.notifyMatchFailure(op, "not a DCR depth-to-space");
    Value input = splitOp->getOperand(0);
    auto splitType = dyn_cast<RankedTensorType>(split.getType());
    auto resultType =
        dyn_cast<RankedTensorType>(mergeOp->getResult(0).getType());
    if (!splitType || !splitType.hasStaticShape() || splitType.getRank() != 6 ||
        !isCopyableTensor(input.getType()) || !resultType ||
        !isCopyableTensor(resultType))
      return rewriter.notifyMatchFailure(op, "not static NHWC f32 / i8");
    ArrayRef<int64_t> in = cast<RankedTensorType>(input.getType()).getShape();
    ArrayRef<int64_t> mid = splitType.getShape(), out = resultType.getShape();
    int64_t blockH = mid[3], blockW = mid[4], channels = mid[5];
    if (mid[0] != in[0] || mid[1] != in[1] || mid[2] != in[2] ||
        blockH * blockW * channels != in[3] || blockH * blockW < 2 ||
        out[0] != in[0] || out[1] != in[1] * blockH ||
        out[2] != in[2] * blockW || out[3] != channels)
      return rewriter.notifyMatchFailure(op, "shapes are not a depth-to-space");
    SmallVector<NamedAttribute> attrs =
        interleaveAttrs(rewriter, blockH, blockW);
    rewriter.setInsertionPoint(mergeOp);
    Value result =
        DepthToSpaceOp::create(rewriter, mergeOp->getLoc(),
                               TypeRange{resultType}, ValueRange{input}, attrs);
    rewriter.replaceOp(mergeOp, result);
    rewriter.eraseOp(op);
    rewriter.eraseOp(splitOp);
    return success();
  }
};

/// tosa.mul of a static rank-4 f32 tensor by a constant with one value, or
/// one per channel -> a 1x1 accel.conv2d with that value as each channel's
/// tap (exact: x * k rounds once, like the mul). E.g. HiFi-GAN's mean of its
/// multi-receptive-field blocks. Runs after the activation patterns, so the
/// multiplications of leaky ReLU forms are never taken.
struct ConvertConstantScale : OpRewritePattern<tosa::MulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::MulOp op,
                                PatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(op.getType());
    if (!type || !isCopyableTensor(type) || !type.getElementType().isF32())
      return rewriter.notifyMatchFailure(op, "not a static rank-4 f32 mul");
    for (auto [input, factor] : {std::pair(op.getInput1(), op.getInput2()),
                                 std::pair(op.getInput2(), op.getInput1())}) {
      DenseElementsAttr constant = accel::matchDenseConstant(factor);
      auto constantType = dyn_cast<RankedTensorType>(factor.getType());
      if (!constant || input.getType() != type || !constantType ||
          constantType.getRank() != 4)
        continue;
      ArrayRef<int64_t> shape = constantType.getShape();
      int64_t channels = type.getDimSize(3);
      if (shape[0] != 1 || shape[1] != 1 || shape[2] != 1 ||
          (shape[3] != 1 && shape[3] != channels))
        continue;
      auto weightType =
          RankedTensorType::get({channels, 1, 1, 1}, rewriter.getF32Type());
      SmallVector<float> values = llvm::to_vector(constant.getValues<float>());
      values.resize(channels, values.front());
      SmallVector<int64_t> noPad(4, 0);
      rewriter.replaceOp(op, createCopy(rewriter, op.getLoc(), input, type,
                                        noPad,
                                        DenseElementsAttr::get(
                                            weightType, ArrayRef<float>(values))));
      return success();
    }
    return rewriter.notifyMatchFailure(
        op, "neither operand is a constant with one value or one per channel");
  }
};

} // namespace

void accel::tosa_to_accel::populateConstantScalePatterns(
    RewritePatternSet &patterns) {
  patterns.add<ConvertConstantScale>(patterns.getContext());
}

void accel::tosa_to_accel::populateDataMovementPatterns(
    RewritePatternSet &patterns, const TosaToAccelOptions &options) {
  patterns.add<ConvertDepthToSpace>(patterns.getContext());
  patterns.add<ConvertSpatialSlice, ConvertSpatialPad, ConvertNearestUpsample>(
      patterns.getContext(), options);
}
