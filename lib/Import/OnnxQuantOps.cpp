//===- OnnxQuantOps.cpp - Quantized ONNX ops to int8 TOSA -----------------===//
//
// QLinearConv becomes the int8 TOSA that TFLite -> TOSA producers write and
// that accel's backend compiles (convert-tosa-to-accel fuses the rescale
// into the conv's requantization): tosa.conv2d with i8 input and weight,
// their zero points, an i32 bias and i32 accumulators, then tosa.rescale to
// i8 with one multiplier/shift per output channel (or one per tensor)
// computed from x_scale * w_scale / y_scale by accel::quantizeScale
// (TFLite's QuantizeMultiplier), SINGLE_ROUND, and the output zero point.
// Only signed int8 is taken; scales and zero points must be constants.
//
//===----------------------------------------------------------------------===//

#include "OnnxImporterImpl.h"

#include "accel/Support/Rescale.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

using namespace mlir;
using namespace accel;
using namespace accel::onnx_import;

namespace {

/// The scales and zero points of one quantized operand (one value, or one
/// per output channel).
struct QuantParams {
  std::vector<double> scale;
  std::vector<int64_t> zeroPoint;
};

/// Reads the scale (input `scaleIdx`) and zero point (input `zpIdx`,
/// optional: 0) of `what`; each has 1 or `channels` elements.
FailureOr<QuantParams> quantParams(Importer &im, int scaleIdx, int zpIdx,
                                   StringRef what, int64_t channels) {
  QuantParams q;
  FailureOr<const HostTensor *> scale =
      im.constantInput(scaleIdx, (what + " scale").str());
  if (failed(scale))
    return failure();
  int64_t n = (*scale)->size();
  if (!(*scale)->isFloat || (n != 1 && n != channels))
    return im.error() << what << " scale must be f32 with 1"
                      << (channels > 1 ? " or " + std::to_string(channels)
                                       : std::string())
                      << " elements";
  for (int64_t i = 0; i < n; ++i) {
    double s = (*scale)->at(i);
    if (!(s > 0) || !std::isfinite(s))
      return im.error() << what << " scale " << s
                        << " is not positive and finite";
    q.scale.push_back(s);
  }
  q.zeroPoint.assign(1, 0);
  if (!im.input(zpIdx))
    return q;
  FailureOr<const HostTensor *> zp =
      im.constantInput(zpIdx, (what + " zero point").str());
  if (failed(zp))
    return failure();
  if (int32_t type = im.inputElementType(zpIdx);
      type != onnx::TensorProto::INT8)
    return im.error() << what << " zero point has ONNX element type " << type
                      << "; accel imports int8 (signed) quantization only";
  int64_t m = (*zp)->size();
  if (m != 1 && m != channels)
    return im.error() << what << " zero point has " << m << " elements";
  q.zeroPoint.clear();
  for (int64_t i = 0; i < m; ++i)
    q.zeroPoint.push_back((*zp)->intAt(i));
  return q;
}

RankedTensorType intType(Importer &im, ArrayRef<int64_t> shape,
                         unsigned bits) {
  return RankedTensorType::get(shape, im.builder.getIntegerType(bits));
}

Value zeroPointConst(Importer &im, int64_t value, unsigned bits) {
  if (bits == 8)
    return im.constant<int8_t>(intType(im, {1}, 8), {int8_t(value)});
  return im.constant<int32_t>(intType(im, {1}, 32), {int32_t(value)});
}

/// tosa.rescale of the i32 accumulators `acc` to i8 by
/// inScale * wScale[c] / outScale per channel c, then + outZeroPoint.
FailureOr<Value> requantize(Importer &im, Value acc, double inScale,
                            ArrayRef<double> wScale, double outScale,
                            int64_t outZeroPoint) {
  std::vector<int32_t> multipliers;
  std::vector<int8_t> shifts;
  for (auto [c, ws] : llvm::enumerate(wScale)) {
    double scale = inScale * ws / outScale;
    std::optional<ScaleMultiplier> m = quantizeScale(scale);
    if (!m)
      return im.error() << "the requantization scale " << scale
                        << " (x_scale * w_scale"
                        << (wScale.size() > 1 ? "[" + std::to_string(c) + "]"
                                              : std::string())
                        << " / y_scale) cannot be a TOSA rescale (its shift "
                           "would be outside 2..62)";
    multipliers.push_back(m->multiplier);
    shifts.push_back(int8_t(m->shift));
  }
  bool perChannel = multipliers.size() > 1;
  int64_t n = int64_t(multipliers.size());
  auto type = cast<RankedTensorType>(acc.getType());
  return tosa::RescaleOp::create(
             im.builder, im.loc, type.clone(im.builder.getIntegerType(8)),
             acc,
             im.constant<int32_t>(intType(im, {n}, 32), multipliers,
                                  "multiplier"),
             im.constant<int8_t>(intType(im, {n}, 8), shifts, "shift"),
             zeroPointConst(im, 0, 32), zeroPointConst(im, outZeroPoint, 8),
             /*scale32=*/true, tosa::RoundingMode::SINGLE_ROUND, perChannel,
             /*input_unsigned=*/false, /*output_unsigned=*/false)
      .getResult();
}

/// The int8 values of constant input `i` (an ONNX int8 tensor).
FailureOr<const HostTensor *> int8Constant(Importer &im, int i,
                                           StringRef what) {
  FailureOr<const HostTensor *> t = im.constantInput(i, what);
  if (failed(t))
    return failure();
  if (int32_t type = im.inputElementType(i); type != onnx::TensorProto::INT8)
    return im.error() << what << " has ONNX element type " << type
                      << "; accel imports int8 (signed) quantization only";
  return t;
}

} // namespace

/// QLinearConv (2-D, group 1): x, x_scale, x_zero_point, w, w_scale,
/// w_zero_point, y_scale, y_zero_point, optional int32 B.
LogicalResult accel::onnx_import::convertQLinearConv(Importer &im) {
  const Entry *x = im.requiredInput(0);
  if (!x)
    return failure();
  auto xType = x->value ? dyn_cast<RankedTensorType>(x->value.getType())
                        : RankedTensorType();
  if (!xType || !xType.getElementType().isInteger(8) || x->shape.size() != 4)
    return im.error() << "x must be a rank-4 int8 tensor (an int8 graph "
                         "input or a quantized op's result)";
  FailureOr<const HostTensor *> w = int8Constant(im, 3, "the weight");
  if (failed(w))
    return failure();
  ArrayRef<int64_t> ws = (*w)->shape;
  if (ws.size() != 4 || ws[1] != x->shape[1])
    return im.error() << "the weight must be [M, " << x->shape[1]
                      << ", KH, KW]";
  if (im.attrInt("group", 1) != 1)
    return im.error() << "group > 1 is not supported for QLinearConv";
  int64_t outChannels = ws[0];
  FailureOr<QuantParams> xq = quantParams(im, 1, 2, "x", 1);
  FailureOr<QuantParams> wq = quantParams(im, 4, 5, "w", outChannels);
  FailureOr<QuantParams> yq = quantParams(im, 6, 7, "y", 1);
  if (failed(xq) || failed(wq) || failed(yq))
    return failure();
  if (llvm::any_of(wq->zeroPoint,
                   [&](int64_t z) { return z != wq->zeroPoint[0]; }))
    return im.error() << "per-channel weight zero points that differ are "
                         "not supported (TOSA has one weight zero point)";
  std::vector<int32_t> bias(outChannels, 0);
  if (im.input(8)) {
    FailureOr<const HostTensor *> b = im.constantInput(8, "the bias");
    if (failed(b))
      return failure();
    if (im.inputElementType(8) != onnx::TensorProto::INT32 ||
        (*b)->size() != outChannels)
      return im.error() << "the bias must be int32 with " << outChannels
                        << " elements";
    for (int64_t c = 0; c < outChannels; ++c)
      bias[c] = int32_t((*b)->intAt(c));
  }
  FailureOr<ConvGeometry> g = readGeometry(im, x->shape, ws);
  if (failed(g))
    return failure();
  resolveConvPads(*g);
  SmallVector<int64_t> outShape;
  FailureOr<Value> in = fitToTosaConv(im, x->value, *g, outChannels, outShape);
  if (failed(in))
    return failure();
  HostTensor ohwi = permuteHost(**w, {0, 2, 3, 1});
  std::vector<int8_t> weight;
  for (int64_t i = 0, n = ohwi.size(); i < n; ++i)
    weight.push_back(int8_t(ohwi.intAt(i)));
  OpBuilder &b = im.builder;
  Value acc = tosa::Conv2DOp::create(
      b, im.loc, intType(im, outShape, 32), *in,
      im.constant<int8_t>(intType(im, ohwi.shape, 8), weight, "weight"),
      im.constant<int32_t>(intType(im, {outChannels}, 32), bias, "bias"),
      zeroPointConst(im, xq->zeroPoint[0], 8),
      zeroPointConst(im, wq->zeroPoint[0], 8),
      b.getDenseI64ArrayAttr({g->padBegin[0], g->padEnd[0], g->padBegin[1],
                              g->padEnd[1]}),
      b.getDenseI64ArrayAttr(g->stride), b.getDenseI64ArrayAttr(g->dilation),
      TypeAttr::get(b.getI32Type()));
  FailureOr<Value> out = requantize(im, acc, xq->scale[0], wq->scale,
                                    yq->scale[0], yq->zeroPoint[0]);
  if (failed(out))
    return failure();
  im.defineValue(0, *out,
                 {outShape[0], outChannels, outShape[1], outShape[2]});
  return success();
}
