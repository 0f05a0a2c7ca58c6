//===- Conv3dPatterns.cpp - tosa.conv3d as 2-D convs the accelerator runs -===//
//
// The accelerator has 2-D convolutions only. A tosa.conv3d (f32, NDHWC,
// stride 1 along D) is the sum over its depth taps kd of 2-D convolutions:
//   out[n, od] = sum_kd conv2d(x_padded[n, od + kd * dil_d], w[:, kd]),
// so with the D axis folded into the batch each tap is one tosa.conv2d of
// [N * OD, H, W, C] (the D window of tap kd is a slice of the D-padded
// input), and the taps are summed with tosa.add; the bias goes into the
// first tap. The D padding is a tosa.pad of H over [N, D, H * W, C] (a
// padding copy, accel.zero_insert), and the D window of a tap an
// accel.slice of its rows: whole planes, so with batch 1 a dense view the
// tap's conv reads in place (no copy). A 1x1x1 kernel (every phase of a kernel
// = stride transposed conv) is one conv2d over [N * D, H, W, C] and two free
// reshapes. The TOSA written here is lowered by the other patterns
// (conv2d, depthwise conv, slice, add, reshape). What does not fit (i8, a
// D stride above 1) is an error on the op: the host has no convolution.
//
// The backend stores tensors of rank 1 to 4, and the importer's NCDHW ->
// NDHWC transposes at a function's boundary end in rank 5, so the generic
// boundary absorption (BoundaryLayout.cpp) cannot take them. With batch 1
// they are absorbed here first: the argument or result is stored as DHWC
// and carries the accel.interface of its NCDHW shape (perm 0, 2, 3, 4, 1
// and the unit batch removed); inside, a free reshape restores the rank-5
// value. With one channel or one voxel the transpose may already be a
// reshape: the bytes are the same. Batch above 1 stays unabsorbed and is
// reported (the transpose cannot run anywhere).
//
//===----------------------------------------------------------------------===//

#include "Common.h"
#include "Conv3dBoundary.h"

#include "accel/Split/SplitPlan.h"

#include "accel/Dialect/Accel/IR/AccelAnnotations.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

using namespace mlir;
using namespace accel;
using namespace accel::tosa_to_accel;

namespace {

Value reshapeTo(PatternRewriter &rewriter, Location loc, Value v,
                ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getShape() == shape)
    return v;
  return tosa::ReshapeOp::create(rewriter, loc, type.clone(shape), v,
                                 tosa::getTosaConstShape(rewriter, loc, shape));
}

/// x [N, D, H, W, C] with `front` / `back` zero planes along D, as a
/// tosa.pad of H over [N, D, H * W, C].
Value padDepth(PatternRewriter &rewriter, Location loc, Value x,
               int64_t front, int64_t back) {
  auto type = cast<RankedTensorType>(x.getType());
  ArrayRef<int64_t> s = type.getShape();
  if (front == 0 && back == 0)
    return x;
  Value flat = reshapeTo(rewriter, loc, x, {s[0], s[1], s[2] * s[3], s[4]});
  int64_t padded = s[1] + front + back;
  auto zero = RankedTensorType::get({1}, rewriter.getF32Type());
  Value pad = tosa::PadOp::create(
      rewriter, loc, type.clone({s[0], padded, s[2] * s[3], s[4]}), flat,
      tosa::getTosaConstShape(rewriter, loc, {0, 0, front, back, 0, 0, 0, 0}),
      createZeroConstant(rewriter, loc, zero));
  return reshapeTo(rewriter, loc, pad, {s[0], padded, s[2], s[3], s[4]});
}

struct DecomposeConv3d : OpRewritePattern<tosa::Conv3DOp> {
  DecomposeConv3d(MLIRContext *context, const TosaToAccelOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(tosa::Conv3DOp op,
                                PatternRewriter &rewriter) const override {
    auto inType = dyn_cast<RankedTensorType>(op.getInput().getType());
    auto wType = dyn_cast<RankedTensorType>(op.getWeight().getType());
    auto outType = dyn_cast<RankedTensorType>(op.getType());
    if (hasNonStaticTensor(op))
      return reportError(op, options, unsupportedShapeMessage());
    if (!inType.getElementType().isF32() || !wType.getElementType().isF32() ||
        !outType.getElementType().isF32())
      return reportError(op, options,
                         "is only supported on f32 (a 3-D convolution runs "
                         "as 2-D convolutions summed in f32)");
    ArrayRef<int64_t> pad = op.getPad(), stride = op.getStride(),
                      dilation = op.getDilation();
    if (stride[0] != 1)
      return reportError(op, options,
                         "has stride " + Twine(stride[0]) +
                             " along D; accel runs a 3-D convolution as 2-D "
                             "convolutions over D and needs D stride 1");
    DenseElementsAttr weight = getConstantElements(op.getWeight());
    DenseElementsAttr bias = getConstantElements(op.getBias());
    if (!weight || !bias)
      return reportError(op, options, "needs a constant weight and bias");
    ArrayRef<int64_t> in = inType.getShape(), w = wType.getShape(),
                      out = outType.getShape();
    int64_t n = in[0], od = out[1], m = w[0], kd = w[1], kh = w[2], kw = w[3],
            c = w[4];
    Location loc = op.getLoc();
    Value x = padDepth(rewriter, loc, op.getInput(), pad[0], pad[1]);
    int64_t paddedD = in[1] + pad[0] + pad[1];
    auto f32 = rewriter.getF32Type();
    auto outFlat = RankedTensorType::get({n * od, out[2], out[3], m}, f32);
    auto tapWeightType = RankedTensorType::get({m, kh, kw, c}, f32);
    auto biasType = RankedTensorType::get({m}, f32);
    Value sum;
    for (int64_t t = 0; t < kd; ++t) {
      int64_t first = t * dilation[0];
      Value window = x;
      if (first != 0 || od != paddedD) {
        Value flat = reshapeTo(rewriter, loc, x,
                               {n, paddedD, in[2] * in[3], in[4]});
        auto windowType = inType.clone({n, od, in[2] * in[3], in[4]});
        // Batch 1: whole planes, one dense run of bytes the conv reads in
        // place; otherwise a copy (the images' runs have gaps).
        window =
            n == 1
                ? Value(
                      SliceOp::create(rewriter, loc, windowType, flat,
                                      rewriter.getDenseI64ArrayAttr({first, 0}),
                                      rewriter.getDenseI64ArrayAttr({1, 1})))
                : Value(tosa::SliceOp::create(
                      rewriter, loc, windowType, flat,
                      tosa::getTosaConstShape(rewriter, loc, {0, first, 0, 0}),
                      tosa::getTosaConstShape(rewriter, loc,
                                              {n, od, in[2] * in[3], in[4]})));
      }
      window = reshapeTo(rewriter, loc, window, {n * od, in[2], in[3], in[4]});
      SmallVector<int64_t> gather;
      for (int64_t o = 0; o < m; ++o)
        for (int64_t i = 0; i < kh * kw * c; ++i)
          gather.push_back((o * kd + t) * kh * kw * c + i);
      Value tapWeight = createGatheredConstant(rewriter, loc, weight,
                                               tapWeightType, gather);
      Value tapBias =
          t == 0 ? op.getBias() : createZeroConstant(rewriter, loc, biasType);
      Value conv = tosa::Conv2DOp::create(
          rewriter, loc, outFlat, window, tapWeight, tapBias,
          rewriter.getDenseI64ArrayAttr(pad.drop_front(2)),
          rewriter.getDenseI64ArrayAttr(stride.drop_front()),
          rewriter.getDenseI64ArrayAttr(dilation.drop_front()),
          TypeAttr::get(f32));
      sum = sum ? tosa::AddOp::create(rewriter, loc, outFlat, sum, conv)
                      .getResult()
                : conv;
    }
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, sum, out));
    return success();
  }

  const TosaToAccelOptions &options;
};

/// A channel concat of NDHWC tensors (a 3-D U-Net's skip connection) as
/// the same concat of their [N * D, H, W, C] views: the backend stores
/// rank 1 to 4, and the views of conv3d results are their conv2d outputs.
struct FlattenRank5Concat : OpRewritePattern<tosa::ConcatOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::ConcatOp op,
                                PatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    if (type.getRank() != 5 || op.getAxis() != 4 || !type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "not a static NDHWC channel "
                                             "concat");
    SmallVector<Value> flat;
    for (Value input : op.getInput1()) {
      ArrayRef<int64_t> s = cast<RankedTensorType>(input.getType()).getShape();
      flat.push_back(reshapeTo(rewriter, op.getLoc(), input,
                               {s[0] * s[1], s[2], s[3], s[4]}));
    }
    ArrayRef<int64_t> s = type.getShape();
    auto concat = tosa::ConcatOp::create(
        rewriter, op.getLoc(), type.clone({s[0] * s[1], s[2], s[3], s[4]}),
        flat, 3);
    // Its inputs are views of rank-5 values (a phase interleave's result).
    // accel-plan-memory views a reshape inside the concat's channel slice
    // when the strides allow and copies it into place otherwise.
    rewriter.replaceOp(op, reshapeTo(rewriter, op.getLoc(), concat, s));
    return success();
  }
};

/// The batch-1 rank-5 static shape of `value`, or an empty array.
ArrayRef<int64_t> batchOneRank5(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.hasStaticShape() || type.getRank() != 5 ||
      type.getDimSize(0) != 1)
    return {};
  return type.getShape();
}

/// Whether `op` is a tosa.transpose by `perm`.
bool isTransposeBy(Operation *op, ArrayRef<int32_t> perm) {
  auto transpose = dyn_cast_or_null<tosa::TransposeOp>(op);
  return transpose && transpose.getPerms() == perm;
}

constexpr int32_t kToNdhwc[] = {0, 2, 3, 4, 1};
constexpr int32_t kToNcdhw[] = {0, 4, 1, 2, 3};

Value reshapeAt(OpBuilder &builder, Location loc, Value v,
                ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(v.getType());
  ImplicitLocOpBuilder b(loc, builder);
  return tosa::ReshapeOp::create(builder, loc, type.clone(shape), v,
                                 tosa::getTosaConstShape(b, shape));
}

/// Whether NCDHW and NDHWC hold the same bytes (one channel, or one voxel):
/// the transpose between them may already be a reshape.
bool sameBytesAsNdhwc(ArrayRef<int64_t> ncdhw) {
  return ncdhw[1] == 1 || ncdhw[2] * ncdhw[3] * ncdhw[4] == 1;
}

/// [1, C, D, H, W] -> [D, H, W, C].
SmallVector<int64_t> storedShape(ArrayRef<int64_t> ncdhw) {
  return {ncdhw[2], ncdhw[3], ncdhw[4], ncdhw[1]};
}

} // namespace

unsigned accel::tosa_to_accel::absorbNdhwcBoundary(func::FuncOp func) {
  if (func.isExternal() || !func.getBody().hasOneBlock())
    return 0;
  MLIRContext *context = func.getContext();
  auto interface = [&](ArrayRef<int64_t> shape) {
    return InterfaceAttr::get(context, shape, {0, 2, 3, 4, 1});
  };
  unsigned absorbed = 0;
  OpBuilder builder(context);
  // An argument read only through NCDHW -> NDHWC transposes, or with one
  // channel or one voxel (NCDHW and NDHWC then hold the same bytes).
  for (BlockArgument arg : func.getArguments()) {
    SmallVector<int64_t> ncdhw(batchOneRank5(arg));
    if (ncdhw.empty() || func.getArgAttr(arg.getArgNumber(), kInterfaceAttr))
      continue;
    bool transposed = !arg.use_empty() &&
                      llvm::all_of(arg.getUsers(), [](Operation *user) {
                        return isTransposeBy(user, kToNdhwc);
                      });
    if (!transposed && !sameBytesAsNdhwc(ncdhw))
      continue;
    SmallVector<Operation *> users(arg.getUsers());
    auto type = cast<RankedTensorType>(arg.getType());
    arg.setType(type.clone(storedShape(ncdhw)));
    builder.setInsertionPointToStart(arg.getOwner());
    Value restored = reshapeAt(
        builder, arg.getLoc(), arg,
        transposed ? ArrayRef<int64_t>{1, ncdhw[2], ncdhw[3], ncdhw[4],
                                       ncdhw[1]}
                   : ArrayRef<int64_t>(ncdhw));
    if (transposed) {
      for (Operation *user : users) {
        user->getResult(0).replaceAllUsesWith(restored);
        user->erase();
      }
    } else {
      arg.replaceAllUsesExcept(restored, restored.getDefiningOp());
    }
    func.setArgAttr(arg.getArgNumber(), kInterfaceAttr,
                    interface(type.getShape()));
    ++absorbed;
  }
  // A result written by an NDHWC -> NCDHW transpose, or with one channel or
  // one voxel.
  Operation *terminator = func.front().getTerminator();
  for (OpOperand &operand : terminator->getOpOperands()) {
    SmallVector<int64_t> ncdhw(batchOneRank5(operand.get()));
    unsigned index = operand.getOperandNumber();
    if (ncdhw.empty() || func.getResultAttr(index, kInterfaceAttr))
      continue;
    Operation *def = operand.get().getDefiningOp();
    bool transposed = isTransposeBy(def, kToNcdhw);
    if (!transposed && !sameBytesAsNdhwc(ncdhw))
      continue;
    Value stored = transposed ? def->getOperand(0) : operand.get();
    builder.setInsertionPoint(terminator);
    operand.set(reshapeAt(builder, terminator->getLoc(), stored,
                          storedShape(ncdhw)));
    func.setResultAttr(index, kInterfaceAttr, interface(ncdhw));
    if (transposed && def->use_empty())
      def->erase();
    ++absorbed;
  }
  if (absorbed)
    func.setType(FunctionType::get(context, func.front().getArgumentTypes(),
                                   terminator->getOperandTypes()));
  return absorbed;
}

void accel::tosa_to_accel::populateConv3dPatterns(
    RewritePatternSet &patterns, const TosaToAccelOptions &options) {
  patterns.add<DecomposeConv3d>(patterns.getContext(), options);
  // Before ConvertConcat (LayerPatterns.cpp) makes it an accel.concat.
  patterns.add<FlattenRank5Concat>(patterns.getContext(),
                                   /*benefit=*/2);
}
