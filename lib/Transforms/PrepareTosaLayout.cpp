//===- PrepareTosaLayout.cpp - Layout transposes out of the way -----------===//
//
// Producers that think in NCHW wrap every NHWC TOSA conv in a pair of
// tosa.transpose ops (NHWC -> NCHW after it, NCHW -> NHWC before the next
// one) and apply BatchNorm, activations and residual adds in NCHW between
// them. These patterns move each interior transpose down through the
// layout-agnostic ops in between (elementwise ops, with their constant
// operands transposed back; channel concats; pads, with their padding
// permuted) until it meets its inverse, and
// upstream's transpose canonicalisation composes the pair into an identity
// that folds away. Transposes of a function argument stay where they are:
// they are the model's interface layout, which the backend absorbs at the
// boundary.
//
//===----------------------------------------------------------------------===//

#include "PrepareTosa.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"

using namespace mlir;
using namespace accel::prepare_tosa;

namespace {

/// A transpose that is not at the function's input boundary.
tosa::TransposeOp getInteriorTranspose(Value value) {
  auto transpose = value.getDefiningOp<tosa::TransposeOp>();
  if (!transpose || isa<BlockArgument>(transpose.getInput1()))
    return {};
  return transpose;
}

/// `shape` as it was before a transpose by `perms` produced it.
SmallVector<int64_t> untransposedShape(ArrayRef<int64_t> shape,
                                       ArrayRef<int32_t> perms) {
  SmallVector<int64_t> result(shape.size());
  for (auto [index, perm] : llvm::enumerate(perms))
    result[perm] = shape[index];
  return result;
}

SmallVector<int32_t> inversePermutation(ArrayRef<int32_t> perms) {
  SmallVector<int32_t> inverse(perms.size());
  for (auto [index, perm] : llvm::enumerate(perms))
    inverse[perm] = index;
  return inverse;
}

/// Whether `op` computes each result element from the operand elements at
/// the same (broadcast) position, so that it commutes with a transpose.
bool isLayoutAgnostic(Operation *op) {
  return op->getNumResults() == 1 &&
         (op->hasTrait<OpTrait::tosa::TosaElementwiseOperator>() ||
          isa<tosa::MulOp>(op));
}

/// The tensor operands of a layout-agnostic op (tosa.mul's shift is a
/// scalar, not a data operand).
MutableArrayRef<OpOperand> dataOperands(Operation *op) {
  MutableArrayRef<OpOperand> operands = op->getOpOperands();
  return isa<tosa::MulOp>(op) ? operands.take_front(2) : operands;
}

/// elementwise(transpose(x, p), c) -> transpose(elementwise(x, c'), p) where
/// every data operand is the same interior transpose or a constant c,
/// transposed back to c' at compile time.
struct SinkTransposeThroughElementwise : RewritePattern {
  explicit SinkTransposeThroughElementwise(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isLayoutAgnostic(op))
      return failure();
    auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (!resultType || !resultType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "result is not statically shaped");
    std::optional<ArrayRef<int32_t>> perms;
    for (OpOperand &operand : dataOperands(op))
      if (tosa::TransposeOp transpose = getInteriorTranspose(operand.get())) {
        perms = transpose.getPerms();
        break;
      }
    if (!perms)
      return rewriter.notifyMatchFailure(op, "no interior transpose operand");
    SmallVector<int32_t> inverse = inversePermutation(*perms);

    SmallVector<Value> operands(op->getOperands());
    for (OpOperand &operand : dataOperands(op)) {
      Value value = operand.get();
      tosa::TransposeOp transpose = getInteriorTranspose(value);
      if (transpose && transpose.getPerms() == *perms) {
        operands[operand.getOperandNumber()] = transpose.getInput1();
        continue;
      }
      DenseElementsAttr values = getConstantElements(value);
      if (!values || values.getType().getRank() != resultType.getRank())
        return rewriter.notifyMatchFailure(
            op, "an operand is neither the same transpose nor a constant");
      DenseElementsAttr transposed = transposeElements(values, inverse);
      if (!transposed)
        return rewriter.notifyMatchFailure(op, "constant cannot be permuted");
      operands[operand.getOperandNumber()] = tosa::ConstOp::create(
          rewriter, op->getLoc(), transposed.getType(), transposed);
    }
    Operation *sunk = rewriter.clone(*op);
    sunk->setOperands(operands);
    sunk->getResult(0).setType(
        resultType.clone(untransposedShape(resultType.getShape(), *perms)));
    rewriter.replaceOpWithNewOp<tosa::TransposeOp>(
        op, resultType, sunk->getResult(0), rewriter.getDenseI32ArrayAttr(*perms));
    return success();
  }
};

/// concat(transpose(a, p), transpose(b, p), axis) ->
/// transpose(concat(a, b, p[axis]), p).
struct SinkTransposeThroughConcat : OpRewritePattern<tosa::ConcatOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::ConcatOp op,
                                PatternRewriter &rewriter) const override {
    auto resultType = dyn_cast<RankedTensorType>(op.getType());
    if (!resultType || !resultType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "result is not statically shaped");
    SmallVector<Value> inputs;
    std::optional<ArrayRef<int32_t>> perms;
    for (Value input : op.getInput1()) {
      tosa::TransposeOp transpose = getInteriorTranspose(input);
      if (!transpose || (perms && transpose.getPerms() != *perms))
        return rewriter.notifyMatchFailure(
            op, "inputs are not interior transposes with one permutation");
      perms = transpose.getPerms();
      inputs.push_back(transpose.getInput1());
    }
    if (!perms)
      return rewriter.notifyMatchFailure(op, "no inputs");
    auto sunkType =
        resultType.clone(untransposedShape(resultType.getShape(), *perms));
    int32_t axis = (*perms)[op.getAxis()];
    Value sunk = tosa::ConcatOp::create(rewriter, op.getLoc(), sunkType, inputs,
                                        axis);
    rewriter.replaceOpWithNewOp<tosa::TransposeOp>(
        op, resultType, sunk, rewriter.getDenseI32ArrayAttr(*perms));
    return success();
  }
};

/// pad(transpose(x, p), padding) -> transpose(pad(x, padding'), p), the
/// pads of dim i moved to dim p[i]: an NCHW producer pads before the
/// transpose into the next conv, and the pad must reach that conv.
struct SinkTransposeThroughPad : OpRewritePattern<tosa::PadOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::PadOp op,
                                PatternRewriter &rewriter) const override {
    tosa::TransposeOp transpose = getInteriorTranspose(op.getInput1());
    if (!transpose)
      return rewriter.notifyMatchFailure(op, "input is not an interior "
                                             "transpose");
    auto resultType = dyn_cast<RankedTensorType>(op.getType());
    SmallVector<int64_t> padding;
    if (!resultType || !resultType.hasStaticShape() ||
        !tosa::getConstShapeValues(op.getPadding().getDefiningOp(), padding))
      return rewriter.notifyMatchFailure(op, "needs static shapes and "
                                             "constant padding");
    ArrayRef<int32_t> perms = transpose.getPerms();
    SmallVector<int64_t> moved(padding.size());
    for (auto [index, perm] : llvm::enumerate(perms)) {
      moved[2 * perm] = padding[2 * index];
      moved[2 * perm + 1] = padding[2 * index + 1];
    }
    Value sunk = tosa::PadOp::create(
        rewriter, op.getLoc(),
        resultType.clone(untransposedShape(resultType.getShape(), perms)),
        transpose.getInput1(),
        tosa::getTosaConstShape(rewriter, op.getLoc(), moved),
        op.getPadConst());
    rewriter.replaceOpWithNewOp<tosa::TransposeOp>(
        op, resultType, sunk, rewriter.getDenseI32ArrayAttr(perms));
    return success();
  }
};

/// identity(x) -> x.
struct RemoveIdentity : OpRewritePattern<tosa::IdentityOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::IdentityOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getInput1().getType() != op.getType())
      return rewriter.notifyMatchFailure(op, "refines the type of its input");
    rewriter.replaceOp(op, op.getInput1());
    return success();
  }
};

} // namespace

void accel::prepare_tosa::populateLayoutPatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<SinkTransposeThroughElementwise, SinkTransposeThroughConcat,
               SinkTransposeThroughPad, RemoveIdentity>(context);
  // transpose(transpose(x, p), q) -> transpose(x, p o q); an identity
  // permutation then folds to x.
  tosa::TransposeOp::getCanonicalizationPatterns(patterns, context);
}
