//===- PrepareTosaFcFolds.cpp - Fold layout and BatchNorm into an FC ------===//
//
// A generator's head as front ends write it (PyTorch: Linear -> view(N, C,
// H, W) -> BatchNorm2d; the ONNX importer: tosa.matmul + bias, a reshape to
// NCHW and a transpose to NHWC, then per-channel mul/add) is a
// fully-connected layer followed by data movement and per-channel
// arithmetic the accelerator has no op for. The FC's constant weight
// columns absorb both (batch 1: one row, column n is output element n):
//
//   reshape(fc(x), 1xCxHxW) bound for a transpose to NHWC
//       -> transpose(reshape(fc'(x), 1xHxWxC), 0,3,1,2)
//          (columns reordered to H, W, C; the transpose meets its inverse)
//   mul(fc(x), s) -> fc'(x)              (column n scaled by s[n])
//   add(fc(x), t) -> fc'(x)              (t[n] added to the bias)
//   sub(fc(x), t) -> fc'(x)              (t[n] subtracted from the bias)
//
// where fc(x) is tosa.matmul(x, W) with a constant W, optionally plus a
// constant bias, seen through reshapes, every intermediate value used once.
// s and t are constants that broadcast to fc(x)'s shape. The reorder is
// exact; the BatchNorm folds round once per product at compile time.
//
//===----------------------------------------------------------------------===//

#include "PrepareTosa.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"

using namespace mlir;
using namespace accel::prepare_tosa;

namespace {

/// A batch-1 fully-connected layer whose result reaches `value` through
/// reshapes, with its constant weights [1, K, N] and optional bias.
struct FcChain {
  tosa::MatMulOp matmul;
  /// The weights' elements are read only to rewrite them (weightsOf).
  RankedTensorType weightType;
  OpOperand *biasOperand = nullptr; ///< the constant operand of the bias add
  DenseElementsAttr bias;           ///< N elements or a splat of 1
  int64_t k = 0, n = 0;
};

Value skipReshapes(Value value) {
  while (auto reshape = value.getDefiningOp<tosa::ReshapeOp>()) {
    if (!reshape->hasOneUse())
      return value;
    value = reshape.getInput1();
  }
  return value;
}

FailureOr<FcChain> matchFc(Value value) {
  if (!value.hasOneUse())
    return failure();
  FcChain fc;
  Value inner = skipReshapes(value);
  if (auto add = inner.getDefiningOp<tosa::AddOp>()) {
    if (!add->hasOneUse())
      return failure();
    for (unsigned i = 0; i < 2 && !fc.biasOperand; ++i)
      if (DenseElementsAttr bias = getConstantElements(add->getOperand(i))) {
        fc.biasOperand = &add->getOpOperand(i);
        fc.bias = bias;
        inner = skipReshapes(add->getOperand(1 - i));
      }
    if (!fc.biasOperand || !inner.hasOneUse())
      return failure();
  }
  fc.matmul = inner.getDefiningOp<tosa::MatMulOp>();
  if (!fc.matmul || !fc.matmul->hasOneUse())
    return failure();
  fc.weightType = dyn_cast<RankedTensorType>(fc.matmul.getB().getType());
  auto aType = cast<ShapedType>(fc.matmul.getA().getType());
  if (!fc.weightType || !fc.weightType.getElementType().isF32() ||
      !isConstantElements(fc.matmul.getB()) || !aType.hasStaticShape() ||
      aType.getDimSize(0) != 1 || aType.getDimSize(1) != 1)
    return failure();
  fc.k = fc.weightType.getDimSize(1);
  fc.n = fc.weightType.getDimSize(2);
  auto valueType = dyn_cast<ShapedType>(value.getType());
  if (!valueType || !valueType.hasStaticShape() ||
      valueType.getNumElements() != fc.n)
    return failure();
  if (fc.bias && (!fc.bias.getElementType().isF32() ||
                  (fc.bias.getNumElements() != fc.n &&
                   fc.bias.getNumElements() != 1)))
    return failure();
  return fc;
}

/// Rewrites the FC with new weight columns (none: the weights stay) and bias
/// (both given per output column n; the bias only when the FC has one).
void setFc(PatternRewriter &rewriter, FcChain fc,
           std::optional<ArrayRef<float>> weight, ArrayRef<float> bias) {
  tosa::MatMulOp matmul = fc.matmul;
  Location loc = matmul.getLoc();
  RankedTensorType weightType = fc.weightType;
  if (weight)
    rewriter.modifyOpInPlace(matmul, [&] {
      matmul.getBMutable().set(
          tosa::ConstOp::create(rewriter, loc, weightType,
                                DenseElementsAttr::get(weightType, *weight)));
    });
  if (!fc.biasOperand)
    return;
  auto biasType = cast<RankedTensorType>(fc.biasOperand->get().getType());
  if (biasType.getNumElements() != fc.n)
    biasType = RankedTensorType::get({1, fc.n}, rewriter.getF32Type());
  Operation *add = fc.biasOperand->getOwner();
  Value biasValue = tosa::ConstOp::create(
      rewriter, loc, biasType, DenseElementsAttr::get(biasType, bias));
  rewriter.modifyOpInPlace(add, [&] { fc.biasOperand->set(biasValue); });
}

SmallVector<float> weightsOf(const FcChain &fc) {
  return llvm::to_vector(
      getConstantElements(tosa::MatMulOp(fc.matmul).getB()).getValues<float>());
}

SmallVector<float> biasOf(const FcChain &fc) {
  SmallVector<float> bias(fc.n, 0.0f);
  if (fc.bias) {
    auto values = fc.bias.getValues<float>();
    for (int64_t j = 0; j < fc.n; ++j)
      bias[j] = values[fc.bias.getNumElements() == 1 ? 0 : j];
  }
  return bias;
}

/// Whether `value`'s use chain -- single uses through elementwise ops that
/// commute with a layout change -- reaches a transpose to NHWC.
bool reachesNhwcTranspose(Value value) {
  while (value.hasOneUse()) {
    Operation *user = *value.getUsers().begin();
    if (auto transpose = dyn_cast<tosa::TransposeOp>(user))
      return transpose.getPerms() == ArrayRef<int32_t>{0, 2, 3, 1};
    bool elementwise =
        isa<tosa::ClampOp, tosa::TanhOp, tosa::SigmoidOp>(user) ||
        (isa<tosa::MulOp, tosa::AddOp, tosa::SubOp>(user) &&
         llvm::any_of(user->getOperands(), [&](Value operand) {
           return operand != value && getConstantElements(operand);
         }));
    if (!elementwise || user->getNumResults() != 1)
      return false;
    value = user->getResult(0);
  }
  return false;
}

/// reshape(fc, 1xCxHxW) whose result is transposed to NHWC further on ->
/// transpose(reshape(fc', 1xHxWxC), 0,3,1,2), fc' with its columns in
/// H, W, C order; the transpose then sinks to its inverse and cancels.
struct ReorderFcColumnsToNhwc : OpRewritePattern<tosa::ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(op.getType());
    if (!type || type.getRank() != 4 || !type.hasStaticShape() ||
        type.getDimSize(0) != 1 || !reachesNhwcTranspose(op.getResult()))
      return rewriter.notifyMatchFailure(op, "not 1xCxHxW bound for NHWC");
    FailureOr<FcChain> fc = matchFc(op.getInput1());
    if (failed(fc))
      return rewriter.notifyMatchFailure(op, "not the result of a batch-1 FC");
    int64_t c = type.getDimSize(1), h = type.getDimSize(2),
            w = type.getDimSize(3);
    SmallVector<float> oldWeight = weightsOf(*fc), oldBias = biasOf(*fc);
    SmallVector<float> weight(oldWeight.size()), bias(fc->n);
    // The column each NHWC column comes from; then every row is permuted
    // within itself (contiguous, unlike a column-outer loop).
    SmallVector<int64_t> source(fc->n);
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t y = 0; y < h; ++y)
        for (int64_t x = 0; x < w; ++x)
          source[(y * w + x) * c + ch] = (ch * h + y) * w + x;
    for (int64_t to = 0; to < fc->n; ++to)
      bias[to] = oldBias[source[to]];
    for (int64_t row = 0; row < fc->k; ++row)
      for (int64_t to = 0; to < fc->n; ++to)
        weight[row * fc->n + to] = oldWeight[row * fc->n + source[to]];
    setFc(rewriter, *fc, ArrayRef<float>(weight), bias);
    auto nhwcType = RankedTensorType::get({1, h, w, c}, type.getElementType());
    Value nhwc = tosa::ReshapeOp::create(
        rewriter, op.getLoc(), nhwcType, op.getInput1(),
        tosa::getTosaConstShape(rewriter, op.getLoc(), nhwcType.getShape()));
    rewriter.replaceOpWithNewOp<tosa::TransposeOp>(
        op, type, nhwc, rewriter.getDenseI32ArrayAttr({0, 3, 1, 2}));
    return success();
  }
};

enum class Affine { Scale, Add, Subtract };

/// The constant `value` broadcast to `shape` and flattened (row-major).
std::optional<SmallVector<float>> broadcastFlat(Value value,
                                                ArrayRef<int64_t> shape) {
  DenseElementsAttr values = getConstantElements(value);
  if (!values || !values.getElementType().isF32() ||
      values.getType().getRank() != int64_t(shape.size()))
    return std::nullopt;
  ArrayRef<int64_t> from = values.getType().getShape();
  for (auto [d, s] : llvm::zip(from, shape))
    if (d != 1 && d != s)
      return std::nullopt;
  auto elements = values.getValues<float>();
  int64_t count = 1;
  for (int64_t s : shape)
    count *= s;
  SmallVector<float> flat(count);
  for (int64_t i = 0; i < count; ++i) {
    int64_t rest = i, source = 0, stride = 1;
    for (int64_t d = int64_t(shape.size()) - 1; d >= 0; --d) {
      int64_t index = rest % shape[d];
      rest /= shape[d];
      if (from[d] != 1)
        source += index * stride;
      stride *= from[d];
    }
    flat[i] = elements[source];
  }
  return flat;
}

/// mul / add / sub of an FC's result and a constant -> the FC with the
/// constant folded into its columns (mul and add take the FC on either
/// side, sub only on the left).
template <typename OpTy, Affine affine>
struct FoldAffineIntoFc : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(op.getType());
    if (!type || !type.hasStaticShape())
      return failure();
    for (unsigned side = 0; side < (affine == Affine::Subtract ? 1 : 2);
         ++side) {
      Value fcValue = op->getOperand(side);
      if (fcValue.getType() != type)
        continue;
      FailureOr<FcChain> fc = matchFc(fcValue);
      std::optional<SmallVector<float>> constant =
          broadcastFlat(op->getOperand(1 - side), type.getShape());
      if (failed(fc) || !constant || (affine != Affine::Scale && !fc->bias))
        continue;
      SmallVector<float> bias = biasOf(*fc);
      for (int64_t j = 0; j < fc->n; ++j) {
        float v = (*constant)[j];
        if (affine == Affine::Scale)
          bias[j] *= v;
        else
          bias[j] += affine == Affine::Add ? v : -v;
      }
      if (affine != Affine::Scale) {
        // The weights stay (a new constant of the same values would cost a
        // copy and a hash of the whole matrix: 6.5 MB for DCGAN's FC).
        setFc(rewriter, *fc, std::nullopt, bias);
        rewriter.replaceOp(op, fcValue);
        return success();
      }
      SmallVector<float> weight = weightsOf(*fc);
      for (int64_t row = 0; row < fc->k; ++row) // row by row (contiguous)
        for (int64_t j = 0; j < fc->n; ++j)
          weight[row * fc->n + j] *= (*constant)[j];
      setFc(rewriter, *fc, ArrayRef<float>(weight), bias);
      rewriter.replaceOp(op, fcValue);
      return success();
    }
    return rewriter.notifyMatchFailure(op, "no batch-1 FC and constant");
  }
};

} // namespace

void accel::prepare_tosa::populateFcFoldPatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<ReorderFcColumnsToNhwc,
               FoldAffineIntoFc<tosa::MulOp, Affine::Scale>,
               FoldAffineIntoFc<tosa::AddOp, Affine::Add>,
               FoldAffineIntoFc<tosa::SubOp, Affine::Subtract>>(context);
}
