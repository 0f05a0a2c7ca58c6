//===- OnnxQuantOps.cpp - Quantized ONNX ops to int8 TOSA -----------------===//
//
// QLinearConv and ConvInteger become the int8 TOSA that TFLite -> TOSA
// producers write and that accel's backend compiles (convert-tosa-to-accel
// fuses the rescale into the conv's requantization): tosa.conv2d with i8
// input and weight, their zero points, an i32 bias and i32 accumulators,
// then (QLinearConv) tosa.rescale to i8 with one multiplier/shift per
// output channel (or one per tensor) computed from x_scale * w_scale /
// y_scale by accel::quantizeScale (TFLite's QuantizeMultiplier),
// SINGLE_ROUND, and the output zero point. Groups become one conv per group
// joined on channels, as for f32 Conv. uint8 tensors are carried as int8
// q - 128 with zero point z - 128 (OnnxQuant.h). Scales and zero points
// must be constants.
//
//===----------------------------------------------------------------------===//

#include "OnnxQuant.h"

#include "accel/Support/Rescale.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

using namespace mlir;
using namespace accel;
using namespace accel::onnx_import;

RankedTensorType accel::onnx_import::intType(Importer &im,
                                             ArrayRef<int64_t> shape,
                                             unsigned bits) {
  return RankedTensorType::get(shape, im.builder.getIntegerType(bits));
}

Value accel::onnx_import::zeroPointConst(Importer &im, int64_t value,
                                         unsigned bits) {
  if (bits == 8)
    return im.constant<int8_t>(intType(im, {1}, 8), {int8_t(value)});
  return im.constant<int32_t>(intType(im, {1}, 32), {int32_t(value)});
}

FailureOr<Value> accel::onnx_import::rescale(
    Importer &im, Value v, ArrayRef<double> scales, int64_t inZeroPoint,
    int64_t outZeroPoint, unsigned outBits,
    const std::function<std::string(size_t)> &describe) {
  std::vector<int32_t> multipliers;
  std::vector<int8_t> shifts;
  for (auto [c, scale] : llvm::enumerate(scales)) {
    std::optional<ScaleMultiplier> m = quantizeScale(scale);
    if (!m)
      return im.error() << describe(c)
                        << " cannot be a TOSA rescale (its shift would be "
                           "outside 2..62)";
    multipliers.push_back(m->multiplier);
    shifts.push_back(int8_t(m->shift));
  }
  auto type = cast<RankedTensorType>(v.getType());
  unsigned inBits = type.getElementTypeBitWidth();
  int64_t n = int64_t(multipliers.size());
  return tosa::RescaleOp::create(
             im.builder, im.loc,
             type.clone(im.builder.getIntegerType(outBits)), v,
             im.constant<int32_t>(intType(im, {n}, 32), multipliers,
                                  "multiplier"),
             im.constant<int8_t>(intType(im, {n}, 8), shifts, "shift"),
             zeroPointConst(im, inZeroPoint, inBits),
             zeroPointConst(im, outZeroPoint, outBits),
             /*scale32=*/true, tosa::RoundingMode::SINGLE_ROUND,
             /*per_channel=*/n > 1,
             /*input_unsigned=*/false, /*output_unsigned=*/false)
      .getResult();
}

Value accel::onnx_import::clampInt8(Importer &im, Value v, int64_t low,
                                    int64_t high) {
  if (low <= -128 && high >= 127)
    return v;
  IntegerType i8 = im.builder.getIntegerType(8);
  return tosa::ClampOp::create(
      im.builder, im.loc, v.getType(), v,
      im.builder.getIntegerAttr(i8, std::max<int64_t>(low, -128)),
      im.builder.getIntegerAttr(i8, std::min<int64_t>(high, 127)));
}

FailureOr<Value> accel::onnx_import::requantize(Importer &im, Value acc,
                                                const Requant &rq,
                                                int64_t begin, int64_t count) {
  std::vector<double> scales;
  bool perChannel = rq.wScale.size() > 1;
  for (int64_t c = 0; c < (perChannel ? count : 1); ++c)
    scales.push_back(rq.inScale * rq.wScale[perChannel ? begin + c : 0] /
                     rq.outScale);
  FailureOr<Value> out = rescale(
      im, acc, scales, 0, rq.outZeroPoint, 8, [&](size_t c) {
        return "the requantization scale " + std::to_string(scales[c]) +
               " (x_scale * w_scale" +
               (perChannel ? "[" + std::to_string(begin + c) + "]"
                           : std::string()) +
               " / y_scale)";
      });
  if (failed(out))
    return failure();
  return clampInt8(im, *out, rq.low, rq.high);
}

FailureOr<HostTensor> accel::onnx_import::int8Values(Importer &im,
                                                     const HostTensor &t,
                                                     int64_t offset,
                                                     StringRef what) {
  std::vector<int64_t> values;
  for (int64_t i = 0, n = t.size(); i < n; ++i) {
    int64_t v = t.intAt(i) + offset;
    if (t.isFloat || v < -128 || v > 127)
      return im.error() << what << " has a value outside int8 / uint8";
    values.push_back(v);
  }
  return HostTensor::ofInts(t.shape, std::move(values));
}

FailureOr<Value> accel::onnx_import::emitIntConv(
    Importer &im, Value x, ArrayRef<int64_t> xShape, const HostTensor &w,
    ArrayRef<int32_t> bias, int64_t xZp, int64_t wZp, int64_t group,
    const Requant *rq) {
  FailureOr<ConvGeometry> g = readGeometry(im, xShape, w.shape);
  if (failed(g))
    return failure();
  resolveConvPads(*g);
  int64_t outChannels = w.shape[0];
  int64_t outPer = outChannels / group, inPer = w.shape[1];
  SmallVector<int64_t> outShape;
  FailureOr<Value> in = fitToTosaConv(im, x, *g, outPer, outShape);
  if (failed(in))
    return failure();
  HostTensor ohwi = permuteHost(w, {0, 2, 3, 1});
  int64_t perRow = ohwi.size() / outChannels;
  OpBuilder &b = im.builder;
  SmallVector<Value> parts;
  for (int64_t gi = 0; gi < group; ++gi) {
    std::vector<int8_t> weight;
    for (int64_t i = gi * outPer * perRow; i < (gi + 1) * outPer * perRow; ++i)
      weight.push_back(int8_t(ohwi.ints[i]));
    Value part = group == 1 ? *in : channelSlice(im, *in, gi * inPer, inPer);
    SmallVector<int64_t> wShape = {outPer, ohwi.shape[1], ohwi.shape[2],
                                   ohwi.shape[3]};
    Value acc = tosa::Conv2DOp::create(
        b, im.loc, intType(im, outShape, 32), part,
        im.constant<int8_t>(intType(im, wShape, 8), weight, "weight"),
        im.constant<int32_t>(intType(im, {outPer}, 32),
                             bias.slice(gi * outPer, outPer), "bias"),
        zeroPointConst(im, xZp, 8), zeroPointConst(im, wZp, 8),
        b.getDenseI64ArrayAttr({g->padBegin[0], g->padEnd[0], g->padBegin[1],
                                g->padEnd[1]}),
        b.getDenseI64ArrayAttr(g->stride),
        b.getDenseI64ArrayAttr(g->dilation), TypeAttr::get(b.getI32Type()));
    if (!rq) {
      parts.push_back(acc);
      continue;
    }
    FailureOr<Value> q = requantize(im, acc, *rq, gi * outPer, outPer);
    if (failed(q))
      return failure();
    parts.push_back(*q);
  }
  return concatChannels(im, parts);
}

namespace {

const char *typeName(int32_t type) {
  switch (type) {
  case onnx::TensorProto::INT8:
    return "int8";
  case onnx::TensorProto::UINT8:
    return "uint8";
  default:
    return "another type";
  }
}

/// The scales and zero points of one quantized operand (one value, or one
/// per output channel); zero points are in the int8 form (uint8: z - 128)
/// and `offset` moves the operand's uint8 data there.
struct QuantParams {
  std::vector<double> scale;
  std::vector<int64_t> zeroPoint;
  int64_t offset = 0;
};

/// The zero point (input `zpIdx`, optional) of data of ONNX type
/// `dataType` (0: unknown, then the zero point's type decides, int8 when
/// absent).
FailureOr<QuantParams> zeroPoints(Importer &im, int zpIdx, StringRef what,
                                  int64_t channels, int32_t dataType) {
  QuantParams q;
  int32_t type = im.input(zpIdx) ? im.inputElementType(zpIdx) : dataType;
  if (type == 0)
    type = onnx::TensorProto::INT8;
  if (type != onnx::TensorProto::INT8 && type != onnx::TensorProto::UINT8)
    return im.error() << what << " zero point has ONNX element type " << type
                      << "; accel imports int8 and uint8 quantization only";
  if (dataType != 0 && dataType != type)
    return im.error() << what << " zero point is " << typeName(type)
                      << " but " << what << " is " << typeName(dataType);
  q.offset = type == onnx::TensorProto::UINT8 ? -128 : 0;
  q.zeroPoint.assign(1, q.offset);
  if (!im.input(zpIdx))
    return q;
  FailureOr<const HostTensor *> zp =
      im.constantInput(zpIdx, (what + " zero point").str());
  if (failed(zp))
    return failure();
  int64_t m = (*zp)->size();
  if (m != 1 && m != channels)
    return im.error() << what << " zero point has " << m << " elements";
  q.zeroPoint.clear();
  for (int64_t i = 0; i < m; ++i)
    q.zeroPoint.push_back((*zp)->intAt(i) + q.offset);
  return q;
}

/// Reads the scale (input `scaleIdx`) and zero point (input `zpIdx`) of
/// `what`; each has 1 or `channels` elements.
FailureOr<QuantParams> quantParams(Importer &im, int scaleIdx, int zpIdx,
                                   StringRef what, int64_t channels,
                                   int32_t dataType) {
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
  FailureOr<QuantParams> q = zeroPoints(im, zpIdx, what, channels, dataType);
  if (failed(q))
    return failure();
  for (int64_t i = 0; i < n; ++i) {
    double s = (*scale)->at(i);
    if (!(s > 0) || !std::isfinite(s))
      return im.error() << what << " scale " << s
                        << " is not positive and finite";
    q->scale.push_back(s);
  }
  return q;
}

bool uniform(ArrayRef<int64_t> v) {
  return llvm::all_of(v, [&](int64_t z) { return z == v.front(); });
}

/// The int8 activation input 0 and weight input `wIdx` of a QLinearConv /
/// ConvInteger, checked against the group count.
struct IntConvOperands {
  const Entry *x = nullptr;
  const HostTensor *w = nullptr;
  int64_t group = 1;
};

FailureOr<IntConvOperands> intConvOperands(Importer &im, int wIdx) {
  IntConvOperands ops;
  ops.x = im.requiredInput(0);
  if (!ops.x)
    return failure();
  auto xType = ops.x->value
                   ? dyn_cast<RankedTensorType>(ops.x->value.getType())
                   : RankedTensorType();
  if (!xType || !xType.getElementType().isInteger(8) ||
      ops.x->shape.size() != 4)
    return im.error() << "x must be a rank-4 int8 or uint8 tensor (a graph "
                         "input or a quantized op's result)";
  FailureOr<const HostTensor *> w = im.constantInput(wIdx, "the weight");
  if (failed(w))
    return failure();
  ops.w = *w;
  ops.group = im.attrInt("group", 1);
  ArrayRef<int64_t> ws = ops.w->shape;
  int64_t channels = ops.x->shape[1];
  if (ws.size() != 4 || ops.group < 1 || ws[1] * ops.group != channels ||
      ws[0] % ops.group != 0)
    return im.error() << "the weight must be [M, " << channels
                      << " / group, KH, KW] with M a multiple of group "
                      << ops.group;
  return ops;
}

/// The int8 weight values of a QLinearConv / ConvInteger (one zero point).
FailureOr<HostTensor> weightValues(Importer &im, const HostTensor &w,
                                   const QuantParams &wq) {
  if (!uniform(wq.zeroPoint))
    return im.error() << "per-channel weight zero points that differ are "
                         "not supported (TOSA has one weight zero point)";
  return int8Values(im, w, wq.offset, "the weight");
}

} // namespace

/// QLinearConv (2-D): x, x_scale, x_zero_point, w, w_scale, w_zero_point,
/// y_scale, y_zero_point, optional int32 B.
LogicalResult accel::onnx_import::convertQLinearConv(Importer &im) {
  FailureOr<IntConvOperands> ops = intConvOperands(im, 3);
  if (failed(ops))
    return failure();
  int64_t outChannels = ops->w->shape[0];
  int32_t xType = im.elementTypeOf(im.node->input(0));
  FailureOr<QuantParams> xq = quantParams(im, 1, 2, "x", 1, xType);
  FailureOr<QuantParams> wq =
      quantParams(im, 4, 5, "w", outChannels, im.inputElementType(3));
  FailureOr<QuantParams> yq = quantParams(im, 6, 7, "y", 1, 0);
  if (failed(xq) || failed(wq) || failed(yq))
    return failure();
  FailureOr<HostTensor> w = weightValues(im, *ops->w, *wq);
  if (failed(w))
    return failure();
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
  Requant rq{xq->scale[0], wq->scale, yq->scale[0], yq->zeroPoint[0]};
  FailureOr<Value> out =
      emitIntConv(im, ops->x->value, ops->x->shape, *w, bias,
                  xq->zeroPoint[0], wq->zeroPoint[0], ops->group, &rq);
  if (failed(out))
    return failure();
  im.defineValue(0, *out, nchwShape(*out));
  return success();
}

/// ConvInteger (2-D): x, w, optional x_zero_point, w_zero_point; the int32
/// accumulators are the result.
LogicalResult accel::onnx_import::convertConvInteger(Importer &im) {
  FailureOr<IntConvOperands> ops = intConvOperands(im, 1);
  if (failed(ops))
    return failure();
  int64_t outChannels = ops->w->shape[0];
  FailureOr<QuantParams> xq =
      zeroPoints(im, 2, "x", 1, im.elementTypeOf(im.node->input(0)));
  FailureOr<QuantParams> wq =
      zeroPoints(im, 3, "w", outChannels, im.inputElementType(1));
  if (failed(xq) || failed(wq))
    return failure();
  FailureOr<HostTensor> w = weightValues(im, *ops->w, *wq);
  if (failed(w))
    return failure();
  std::vector<int32_t> bias(outChannels, 0);
  FailureOr<Value> out =
      emitIntConv(im, ops->x->value, ops->x->shape, *w, bias,
                  xq->zeroPoint[0], wq->zeroPoint[0], ops->group, nullptr);
  if (failed(out))
    return failure();
  im.defineValue(0, *out, nchwShape(*out));
  return success();
}
