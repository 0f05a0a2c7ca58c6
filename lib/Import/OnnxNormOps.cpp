//===- OnnxNormOps.cpp - Softmax, normalisation and means to TOSA ---------===//
//
// Softmax, InstanceNormalization, ReduceMean and GlobalAveragePool become
// the TOSA decompositions front ends write (reductions keep
// the reduced axis, so every elementwise op broadcasts over size-1
// dimensions), in the internal layout (OnnxImporterImpl.h). The
// accelerator runs none of these ops: convert-tosa-to-accel leaves them
// to the host.
//
//===----------------------------------------------------------------------===//

#include "OnnxNormOps.h"

using namespace mlir;
using namespace accel::onnx_import;

namespace {

RankedTensorType reducedType(Value v, int64_t axis) {
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[axis] = 1;
  return RankedTensorType::get(shape, type.getElementType());
}

Value reduceSum(Importer &im, Value v, int64_t axis) {
  return tosa::ReduceSumOp::create(im.builder, im.loc, reducedType(v, axis), v,
                                   im.builder.getI32IntegerAttr(axis));
}

Value reduceMax(Importer &im, Value v, int64_t axis) {
  return tosa::ReduceMaxOp::create(im.builder, im.loc, reducedType(v, axis), v,
                                   im.builder.getI32IntegerAttr(axis));
}

Value mulOf(Importer &im, Value a, Value b) {
  auto shiftType = RankedTensorType::get({1}, im.builder.getI8Type());
  Value shift = tosa::ConstOp::create(
      im.builder, im.loc, shiftType,
      DenseElementsAttr::get(shiftType, im.builder.getI8IntegerAttr(0)));
  Type type = a.getType();
  if (cast<RankedTensorType>(b.getType()).getNumElements() >
      cast<RankedTensorType>(type).getNumElements())
    type = b.getType();
  return tosa::MulOp::create(im.builder, im.loc, type, a, b, shift);
}

/// A rank-`rank` f32 splat constant of `value` (all dims 1).
Value splat(Importer &im, size_t rank, float value) {
  return im.constF32(SmallVector<int64_t>(rank, 1), {value});
}

} // namespace

LogicalResult accel::onnx_import::convertSoftmax(Importer &im) {
  const Entry *in = im.requiredInput(0);
  if (!in)
    return failure();
  size_t rank = in->shape.size();
  int64_t axis = im.attrInt("axis", im.opset >= 13 ? -1 : 1);
  if (axis < 0)
    axis += int64_t(rank);
  if (axis < 0 || axis >= int64_t(rank))
    return im.error() << "axis " << im.attrInt("axis", 0)
                      << " is out of range for a rank-" << rank << " input";
  // Before opset 13 Softmax normalises over all axes from `axis` on.
  if (im.opset < 13 && axis != int64_t(rank) - 1)
    return im.error() << "Softmax before opset 13 normalises over the "
                         "flattened axes from "
                      << axis << " on; only the last axis is supported";
  FailureOr<Value> x = im.valueInput(0);
  if (failed(x))
    return failure();
  int64_t internal = internalAxis(axis, rank);
  Value max = reduceMax(im, *x, internal);
  Value shifted =
      tosa::SubOp::create(im.builder, im.loc, x->getType(), *x, max);
  Value exp = tosa::ExpOp::create(im.builder, im.loc, x->getType(), shifted);
  Value sum = reduceSum(im, exp, internal);
  Value inverse =
      tosa::ReciprocalOp::create(im.builder, im.loc, sum.getType(), sum);
  im.defineValue(0, mulOf(im, exp, inverse), in->shape);
  return success();
}

namespace {

/// (x - mean) / sqrt(var + epsilon) with the mean and the (biased) variance
/// over the ONNX axes `axes` of `x` (ONNX shape `shape`): reduce_sum per
/// axis and a multiply by 1/count, rsqrt.
Value normalizeOver(Importer &im, Value x, ArrayRef<int64_t> shape,
                    ArrayRef<int64_t> axes, float epsilon) {
  size_t rank = shape.size();
  int64_t count = 1;
  for (int64_t axis : axes)
    count *= shape[axis];
  // Splat constants take the internal rank (an N,C,L input is N,1,L,C).
  size_t internalRank = cast<RankedTensorType>(x.getType()).getRank();
  auto meanOf = [&](Value v) {
    for (int64_t axis : axes)
      v = reduceSum(im, v, internalAxis(axis, rank));
    return mulOf(im, v, splat(im, internalRank, 1.0f / float(count)));
  };
  Value centered =
      tosa::SubOp::create(im.builder, im.loc, x.getType(), x, meanOf(x));
  Value variance = meanOf(mulOf(im, centered, centered));
  Value shifted =
      tosa::AddOp::create(im.builder, im.loc, variance.getType(), variance,
                          splat(im, internalRank, epsilon));
  Value inverse =
      tosa::RsqrtOp::create(im.builder, im.loc, shifted.getType(), shifted);
  return mulOf(im, centered, inverse);
}

} // namespace

LogicalResult accel::onnx_import::convertInstanceNorm(Importer &im) {
  const Entry *in = im.requiredInput(0);
  if (!in)
    return failure();
  size_t rank = in->shape.size();
  if (rank < 3 || rank > 4)
    return im.error() << "InstanceNormalization takes an N,C,L or N,C,H,W "
                         "input, got rank "
                      << rank;
  int64_t channels = in->shape[1];
  FailureOr<const HostTensor *> scale = im.constantInput(1, "the scale");
  if (failed(scale))
    return failure();
  FailureOr<const HostTensor *> bias = im.constantInput(2, "the bias B");
  if (failed(bias))
    return failure();
  if ((*scale)->size() != channels || (*bias)->size() != channels)
    return im.error() << "scale and B must have " << channels
                      << " elements (one per channel)";
  FailureOr<Value> x = im.valueInput(0);
  if (failed(x))
    return failure();
  SmallVector<int64_t> spatial;
  for (size_t axis = 2; axis < rank; ++axis)
    spatial.push_back(int64_t(axis));
  Value normalized =
      normalizeOver(im, *x, in->shape, spatial, im.attrFloat("epsilon", 1e-5f));
  // Per-channel constants as ONNX [C, 1, ...] broadcasts.
  auto perChannel = [&](const HostTensor &t, StringRef role) {
    HostTensor shaped = t;
    shaped.shape.assign(rank - 1, 1);
    shaped.shape[0] = channels;
    return im.broadcastConstant(shaped, rank, role);
  };
  Value scaled = mulOf(im, normalized, perChannel(**scale, "scale"));
  Value out = tosa::AddOp::create(im.builder, im.loc, x->getType(), scaled,
                                  perChannel(**bias, "bias"));
  im.defineValue(0, out, in->shape);
  return success();
}

LogicalResult accel::onnx_import::convertLayerNorm(Importer &im) {
  const Entry *in = im.requiredInput(0);
  if (!in)
    return failure();
  size_t rank = in->shape.size();
  std::optional<int64_t> axis = normalizeAxis(im.attrInt("axis", -1), rank);
  if (!axis)
    return im.error() << "axis " << im.attrInt("axis", -1)
                      << " is out of range for a rank-" << rank << " input";
  for (int i = 1; i < im.node->output_size(); ++i)
    if (!im.node->output(i).empty())
      return im.error() << "the Mean and InvStdDev outputs are not supported";
  ArrayRef<int64_t> normalized = ArrayRef<int64_t>(in->shape).drop_front(*axis);
  SmallVector<const HostTensor *, 2> affine;
  for (int i : {1, 2}) {
    if (!im.input(i)) {
      affine.push_back(nullptr); // B is optional
      continue;
    }
    FailureOr<const HostTensor *> t =
        im.constantInput(i, i == 1 ? "the scale" : "the bias B");
    if (failed(t))
      return failure();
    // Right-aligned, each dimension equal or 1.
    ArrayRef<int64_t> shape = (*t)->shape;
    bool ok = shape.size() <= normalized.size();
    for (size_t d = 0; ok && d < shape.size(); ++d) {
      int64_t dim = shape[shape.size() - 1 - d];
      ok = dim == 1 || dim == normalized[normalized.size() - 1 - d];
    }
    if (!ok)
      return im.error() << (i == 1 ? "Scale" : "B")
                        << " does not broadcast to the normalized axes";
    affine.push_back(*t);
  }
  if (!affine[0])
    return im.error() << "needs the Scale input";
  FailureOr<Value> x = im.valueInput(0);
  if (failed(x))
    return failure();
  SmallVector<int64_t> axes;
  for (size_t a = *axis; a < rank; ++a)
    axes.push_back(int64_t(a));
  Value out = mulOf(
      im,
      normalizeOver(im, *x, in->shape, axes, im.attrFloat("epsilon", 1e-5f)),
      im.broadcastConstant(*affine[0], rank, "scale"));
  if (affine[1])
    out = tosa::AddOp::create(im.builder, im.loc, x->getType(), out,
                              im.broadcastConstant(*affine[1], rank, "bias"));
  im.defineValue(0, out, in->shape);
  return success();
}

namespace {

/// The mean of `x` (ONNX shape `shape`) over the ONNX axes `axes`: one
/// tosa.reduce_sum per axis, then a mul by 1 / count; with `keepDims` false
/// the reduced axes are dropped (a reshape in the ONNX layout).
void defineMean(Importer &im, Value x, ArrayRef<int64_t> shape,
                const llvm::SmallDenseSet<int64_t> &axes, bool keepDims) {
  size_t rank = shape.size();
  int64_t count = 1;
  SmallVector<int64_t> kept(shape), dropped;
  for (size_t axis = 0; axis < rank; ++axis) {
    if (!axes.contains(int64_t(axis))) {
      dropped.push_back(shape[axis]);
      continue;
    }
    count *= shape[axis];
    kept[axis] = 1;
    x = reduceSum(im, x, internalAxis(int64_t(axis), rank));
  }
  size_t internalRank = cast<RankedTensorType>(x.getType()).getRank();
  Value mean = mulOf(im, x, splat(im, internalRank, 1.0f / float(count)));
  if (keepDims) {
    im.defineValue(0, mean, kept);
    return;
  }
  Value onnx = im.reshape(im.toOnnxLayout(mean, kept), dropped);
  im.defineValue(0, im.fromOnnxLayout(onnx), dropped);
}

} // namespace

LogicalResult accel::onnx_import::convertReduceMean(Importer &im) {
  const Entry *in = im.requiredInput(0);
  FailureOr<SmallVector<int64_t>> axes = axesOf(im);
  if (!in || failed(axes))
    return failure();
  size_t rank = in->shape.size();
  llvm::SmallDenseSet<int64_t> reduced;
  for (int64_t axis : *axes) {
    std::optional<int64_t> a = normalizeAxis(axis, rank);
    if (!a || !reduced.insert(*a).second)
      return im.error() << "axis " << axis
                        << " is out of range or repeated for a rank-" << rank
                        << " input";
  }
  FailureOr<Value> x = im.valueInput(0);
  if (failed(x))
    return failure();
  // No axes: all of them, or (noop_with_empty_axes, opset 18) none.
  if (reduced.empty()) {
    if (im.attrInt("noop_with_empty_axes", 0) != 0) {
      im.defineValue(0, *x, in->shape);
      return success();
    }
    for (size_t axis = 0; axis < rank; ++axis)
      reduced.insert(int64_t(axis));
  }
  defineMean(im, *x, in->shape, reduced, im.attrInt("keepdims", 1) != 0);
  return success();
}

LogicalResult accel::onnx_import::convertGlobalAveragePool(Importer &im) {
  const Entry *in = im.requiredInput(0);
  if (!in)
    return failure();
  size_t rank = in->shape.size();
  if (rank < 3 || rank > 4)
    return im.error() << "GlobalAveragePool takes an N,C,L or N,C,H,W "
                         "input, got rank "
                      << rank;
  FailureOr<Value> x = im.valueInput(0);
  if (failed(x))
    return failure();
  llvm::SmallDenseSet<int64_t> spatial;
  for (size_t axis = 2; axis < rank; ++axis)
    spatial.insert(int64_t(axis));
  defineMean(im, *x, in->shape, spatial, /*keepDims=*/true);
  return success();
}
