//===- OnnxQdqOps.cpp - QDQ patterns to int8 TOSA -------------------------===//
//
// The QDQ form quantization tools (onnxruntime's quantize_static, PyTorch)
// write: DequantizeLinear on int8 weights (per tensor or per output channel)
// and on activations, a float op, QuantizeLinear on its result. Each
// DQ -> op [-> Relu / Clip] -> Q becomes the int8 TOSA of QLinearConv
// (OnnxQuantOps.cpp): Conv / ConvTranspose / Gemm / MatMul as i8 x i8 -> i32
// with zero points and an i32 bias, tosa.rescale to i8 (per channel when
// the weight scale is), the activation as a clamp in the int8 domain; Add
// as rescale (i8 -> i32, both inputs to a common scale) -> add -> rescale;
// Concat as a rescale of each input whose scale or zero point differs from
// the output's. DequantizeLinear defines its result as the int8 data (so
// the op reads it); QuantizeLinear reached on its own is the interface: a
// graph input read only by QuantizeLinear is an int8 argument, a
// DequantizeLinear result that is a graph output an int8 result, both with
// their scale and zero point as accel.scale / accel.zero_point (the interface
// attributes accel-quantize writes too).
// Anything else is one error naming the node: no float fallback.
//
//===----------------------------------------------------------------------===//

#include "OnnxQuant.h"
#include "accel/Dialect/Accel/IR/AccelAnnotations.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

using namespace mlir;
using namespace accel;
using namespace accel::onnx_import;

namespace {


/// The parameters of one QuantizeLinear / DequantizeLinear node; zero points
/// in the int8 form (uint8: z - 128, `offset` -128).
struct QdqParams {
  std::vector<double> scale;
  std::vector<int64_t> zeroPoint;
  int64_t axis = 1;
  int64_t offset = 0;
  int32_t zpType = 0;
  bool perTensor() const { return scale.size() == 1; }
};

int64_t nodeAttrInt(const onnx::NodeProto &n, StringRef name,
                    int64_t fallback) {
  for (const onnx::AttributeProto &a : n.attribute())
    if (a.name() == name)
      return a.i();
  return fallback;
}

/// Names QDQ node `n` in an error on the current node (nothing when it is
/// the current node, which the error names already).
std::string describe(Importer &im, const onnx::NodeProto &n) {
  if (&n == im.node)
    return "";
  return n.op_type() + " '" + n.name() + "': ";
}

/// Reads the scale and zero point of QDQ node `n` on a rank-`rank` tensor
/// whose ONNX type is `dataType` (for a zero point that is absent: then a
/// QuantizeLinear gives uint8); `allowInt32` admits an int32 bias's DQ.
FailureOr<QdqParams> readQdq(Importer &im, const onnx::NodeProto &n,
                             size_t rank, int32_t dataType, bool allowInt32) {
  QdqParams q;
  const Entry *scale = n.input_size() > 1 ? im.lookup(n.input(1)) : nullptr;
  if (!scale || !scale->isConstant())
    return im.error() << describe(im, n) << "the scale (input 1) must be a "
                         "constant (accel maps constant quantization "
                         "parameters only)";
  const HostTensor &s = *scale->constant;
  for (int64_t i = 0; i < s.size(); ++i) {
    if (!s.isFloat || !(s.at(i) > 0) || !std::isfinite(s.at(i)))
      return im.error() << describe(im, n)
                        << "the scale must be positive, finite f32";
    q.scale.push_back(s.at(i));
  }
  bool hasZp = n.input_size() > 2 && !n.input(2).empty();
  q.zpType = hasZp ? im.elementTypeOf(n.input(2)) : dataType;
  if (!q.zpType)
    q.zpType = n.op_type() == "QuantizeLinear" ? onnx::TensorProto::UINT8
                                               : onnx::TensorProto::INT8;
  if (q.zpType != onnx::TensorProto::INT8 &&
      q.zpType != onnx::TensorProto::UINT8 &&
      !(allowInt32 && q.zpType == onnx::TensorProto::INT32))
    return im.error() << describe(im, n) << "the zero point has ONNX element "
                      << "type " << q.zpType << "; accel maps int8 and uint8 "
                      << "quantization" << (allowInt32 ? " (and int32 biases)" : "")
                      << " only";
  q.offset = q.zpType == onnx::TensorProto::UINT8 ? -128 : 0;
  q.zeroPoint.assign(q.scale.size(), q.offset);
  if (hasZp) {
    const Entry *zp = im.lookup(n.input(2));
    if (!zp || !zp->isConstant())
      return im.error() << describe(im, n) << "the zero point (input 2) must "
                                          "be a constant";
    if (zp->constant->size() != int64_t(q.scale.size()))
      return im.error() << describe(im, n) << "the zero point has "
                        << zp->constant->size() << " elements, the scale "
                        << q.scale.size();
    for (int64_t i = 0; i < zp->constant->size(); ++i)
      q.zeroPoint[i] = zp->constant->intAt(i) + q.offset;
  }
  std::optional<int64_t> axis =
      normalizeAxis(nodeAttrInt(n, "axis", 1), std::max<size_t>(rank, 1));
  if (!q.perTensor() && !axis)
    return im.error() << describe(im, n) << "axis is out of range";
  q.axis = axis.value_or(1);
  return q;
}

bool isGraphInput(Importer &im, StringRef name) {
  const Entry *e = im.lookup(name);
  return e && e->value && !im.producer(name);
}

/// Records an int8 interface tensor's quantization.
void recordInterface(Importer &im, StringRef name, const QdqParams &q) {
  im.setInterfaceAttr(name, kScaleAttr, im.builder.getF64FloatAttr(q.scale[0]));
  im.setInterfaceAttr(name, kZeroPointAttr,
                      im.builder.getI32IntegerAttr(int32_t(q.zeroPoint[0])));
}

/// A dequantized input of the pattern's op: its int8 data (an i8 value or
/// an int constant) and parameters.
struct Dequantized {
  const Entry *data;
  QdqParams q;
};

FailureOr<Dequantized> dequantized(Importer &im, int i, bool allowInt32) {
  const onnx::NodeProto *dq =
      i < im.node->input_size() ? im.producer(im.node->input(i)) : nullptr;
  if (!dq || dq->op_type() != "DequantizeLinear")
    return im.error() << "input " << i << " ('" << im.node->input(i)
                      << "') is not a DequantizeLinear result (a QDQ op "
                         "takes all its tensors dequantized)";
  const Entry *data = im.lookup(dq->output(0));
  FailureOr<QdqParams> q = readQdq(im, *dq, data ? data->shape.size() : 0,
                                   im.elementTypeOf(dq->input(0)), allowInt32);
  if (failed(q))
    return failure();
  return Dequantized{data, *q};
}

/// An activation input: an i8 value with one scale.
FailureOr<Dequantized> activation(Importer &im, int i) {
  FailureOr<Dequantized> d = dequantized(im, i, false);
  if (failed(d))
    return failure();
  if (!d->data->value || !d->q.perTensor())
    return im.error() << "input " << i << " must be an int8 activation with "
                         "one scale (per-tensor)";
  return d;
}

/// A constant weight input with int8 values.
FailureOr<Dequantized> weight(Importer &im, int i, int64_t channelAxis,
                              int64_t channels) {
  FailureOr<Dequantized> d = dequantized(im, i, false);
  if (failed(d))
    return failure();
  if (!d->data->isConstant())
    return im.error() << "the weight (input " << i << ") must be a "
                         "dequantized constant";
  if (!d->q.perTensor() &&
      (d->q.axis != channelAxis || int64_t(d->q.scale.size()) != channels))
    return im.error() << "the weight's per-axis quantization must be on its "
                         "output-channel axis "
                      << channelAxis << " with " << channels << " scales";
  if (llvm::any_of(d->q.zeroPoint,
                   [&](int64_t z) { return z != d->q.zeroPoint[0]; }))
    return im.error() << "per-channel weight zero points that differ are "
                         "not supported (TOSA has one weight zero point)";
  return d;
}

/// The i32 bias of input `i` (absent: zeros): a DequantizeLinear of int32
/// with scale x_scale * w_scale[c] and zero point 0, or an f32 constant
/// quantized to that scale with round half to even.
FailureOr<std::vector<int32_t>> intBias(Importer &im, int i, double xScale,
                                        ArrayRef<double> wScale,
                                        int64_t channels) {
  std::vector<int32_t> bias(channels, 0);
  if (i >= im.node->input_size() || im.node->input(i).empty())
    return bias;
  auto scaleOf = [&](int64_t c) {
    return xScale * wScale[wScale.size() > 1 ? c : 0];
  };
  const onnx::NodeProto *p = im.producer(im.node->input(i));
  if (p && p->op_type() == "DequantizeLinear") {
    FailureOr<Dequantized> d = dequantized(im, i, true);
    if (failed(d))
      return failure();
    const HostTensor *b = d->data->isConstant() ? &*d->data->constant : nullptr;
    if (!b || b->isFloat || b->size() != channels)
      return im.error() << "the bias must be a constant with " << channels
                        << " integer values";
    for (int64_t c = 0; c < channels; ++c) {
      double s = d->q.scale[d->q.perTensor() ? 0 : c];
      if (d->q.zeroPoint[d->q.perTensor() ? 0 : c] != 0 ||
          std::abs(s - scaleOf(c)) > 1e-6 * scaleOf(c))
        return im.error() << "the bias's scale " << s << " (channel " << c
                          << ") is not x_scale * w_scale = " << scaleOf(c)
                          << " with zero point 0 (it cannot be added to the "
                             "i32 accumulators exactly)";
      bias[c] = int32_t(b->intAt(c));
    }
    return bias;
  }
  FailureOr<const HostTensor *> b = im.constantInput(i, "the bias");
  if (failed(b))
    return failure();
  if (!(*b)->isFloat || (*b)->size() != channels)
    return im.error() << "the bias must be f32 with " << channels
                      << " values, or a dequantized int32";
  for (int64_t c = 0; c < channels; ++c) {
    double q = std::nearbyint((*b)->at(c) / scaleOf(c)); // half to even
    if (std::abs(q) > 2147483647.0)
      return im.error() << "the bias " << (*b)->at(c) << " (channel " << c
                        << ") does not fit int32 at scale " << scaleOf(c);
    bias[c] = int32_t(q);
  }
  return bias;
}

/// The QuantizeLinear after the current node (through a Relu or Clip,
/// folded into the int8 range).
struct Output {
  const onnx::NodeProto *act = nullptr, *q = nullptr;
  QdqParams params;
  int64_t low = -128, high = 127;
};

/// Clip's bound `i` (input, or attribute `name` before opset 11).
FailureOr<std::optional<double>> clipBound(Importer &im,
                                           const onnx::NodeProto &clip, int i,
                                           StringRef name) {
  for (const onnx::AttributeProto &a : clip.attribute())
    if (a.name() == name)
      return std::optional<double>(a.f());
  if (i >= clip.input_size() || clip.input(i).empty())
    return std::optional<double>();
  const Entry *e = im.lookup(clip.input(i));
  if (!e || !e->isConstant() || e->constant->size() != 1)
    return im.error() << describe(im, clip) << name
                      << " must be a constant scalar";
  return std::optional<double>(e->constant->at(0));
}

/// The pattern's QuantizeLinear and activation bounds. `act` is a Relu or
/// Clip that is itself the pattern's op (DQ -> Relu -> Q); otherwise one may
/// follow the current node.
FailureOr<Output> quantizedOutput(Importer &im,
                                  const onnx::NodeProto *act = nullptr) {
  Output out;
  const onnx::NodeProto *user =
      act ? im.soleUserOf(act->output(0)) : im.soleUser(0);
  if (act) {
    out.act = act;
  } else if (user && (user->op_type() == "Relu" || user->op_type() == "Clip")) {
    out.act = user;
    user = im.soleUserOf(user->output(0));
  }
  if (!user || user->op_type() != "QuantizeLinear")
    return im.error() << "its result is not quantized by a QuantizeLinear "
                         "that is its only user (accel maps DQ -> op [-> "
                         "Relu / Clip] -> Q patterns; no float fallback)";
  out.q = user;
  FailureOr<QdqParams> q = readQdq(im, *user, 0, 0, false);
  if (failed(q))
    return failure();
  if (!q->perTensor())
    return im.error() << describe(im, *user) << "per-axis quantization of an "
                         "activation is not supported";
  out.params = *q;
  if (!out.act)
    return out;
  double s = q->scale[0];
  int64_t z = q->zeroPoint[0];
  std::optional<double> lo = 0.0, hi;
  if (out.act->op_type() == "Clip") {
    FailureOr<std::optional<double>> l = clipBound(im, *out.act, 1, "min");
    FailureOr<std::optional<double>> h = clipBound(im, *out.act, 2, "max");
    if (failed(l) || failed(h))
      return failure();
    lo = *l;
    hi = *h;
  }
  // Quantization is monotone, so Q(clip(v, lo, hi)) clamps Q(v) to
  // [Q(lo), Q(hi)] (half to even, as QuantizeLinear rounds).
  auto quant = [&](double v) {
    return int64_t(std::clamp(std::nearbyint(v / s) + double(z), -129.0,
                              128.0));
  };
  if (lo)
    out.low = std::max<int64_t>(-128, quant(*lo));
  if (hi)
    out.high = std::min<int64_t>(127, quant(*hi));
  return out;
}

/// Defines the pattern's result: the Q node's output.
void defineQuantized(Importer &im, const Output &out, Value v,
                     ArrayRef<int64_t> onnxShape) {
  if (out.act && out.act != im.node)
    im.markConsumed(out.act);
  im.markConsumed(out.q);
  im.defineNamed(out.q->output(0),
                 Entry{SmallVector<int64_t>(onnxShape), v, std::nullopt});
}

} // namespace

namespace {

/// Conv / ConvTranspose (2-D) between DQ and Q.
LogicalResult convertQdqConv(Importer &im, bool transposed) {
  FailureOr<Dequantized> x = activation(im, 0);
  if (failed(x))
    return failure();
  if (x->data->shape.size() != 4)
    return im.error() << "a quantized conv takes a rank-4 input";
  const Entry *wEntry = im.lookup(im.node->input(1));
  if (!wEntry || wEntry->shape.size() != 4)
    return im.error() << "the weight must be rank 4";
  int64_t group = im.attrInt("group", 1);
  int64_t channels = transposed ? wEntry->shape[1] * group : wEntry->shape[0];
  FailureOr<Dequantized> w = weight(im, 1, transposed ? 1 : 0, channels);
  if (failed(w))
    return failure();
  double xScale = x->q.scale[0];
  FailureOr<std::vector<int32_t>> bias =
      intBias(im, 2, xScale, w->q.scale, channels);
  FailureOr<Output> out = quantizedOutput(im);
  if (failed(bias) || failed(out))
    return failure();
  Requant rq{xScale, w->q.scale, out->params.scale[0],
             out->params.zeroPoint[0], out->low, out->high};
  const HostTensor &wt = *w->data->constant;
  Value xv = x->data->value;
  int64_t xZp = x->q.zeroPoint[0], wZp = w->q.zeroPoint[0];
  if (!transposed) {
    if (wt.shape[1] * group != x->data->shape[1] || channels % group)
      return im.error() << "the weight does not match the input's channels "
                           "in " << group << " groups";
    FailureOr<Value> v = emitIntConv(im, xv, x->data->shape, wt, *bias, xZp,
                                     wZp, group, &rq);
    if (failed(v))
      return failure();
    defineQuantized(im, *out, *v, nchwShape(*v));
    return success();
  }
  if (group != 1 || wt.shape[0] != x->data->shape[1])
    return im.error() << "a quantized ConvTranspose needs group 1 and a "
                         "weight [C, M, KH, KW] matching the input";
  FailureOr<ConvGeometry> g = readGeometry(im, x->data->shape, wt.shape);
  if (failed(g))
    return failure();
  if (g->dilation != std::array<int64_t, 2>{1, 1})
    return im.error() << "a quantized ConvTranspose with dilation is not "
                         "supported";
  FailureOr<TransposePads> pads = transposePads(im, *g);
  if (failed(pads))
    return failure();
  HostTensor mhwc = permuteHost(wt, {1, 2, 3, 0});
  std::vector<int8_t> wv(mhwc.ints.begin(), mhwc.ints.end());
  int64_t batch = x->data->shape[0];
  SmallVector<int64_t> full = {batch, pads->full[0], pads->full[1], channels};
  OpBuilder &b = im.builder;
  Value acc = tosa::TransposeConv2DOp::create(
      b, im.loc, intType(im, full, 32), xv,
      im.constant<int8_t>(intType(im, mhwc.shape, 8), wv, "weight"),
      im.constant<int32_t>(intType(im, {channels}, 32), *bias, "bias"),
      zeroPointConst(im, xZp, 8), zeroPointConst(im, wZp, 8),
      b.getDenseI64ArrayAttr(pads->outPad), b.getDenseI64ArrayAttr(g->stride),
      TypeAttr::get(b.getI32Type()));
  FailureOr<Value> v = requantize(im, acc, rq, 0, channels);
  if (failed(v))
    return failure();
  Value result = *v;
  if (pads->out != pads->full)
    result = im.slice(result, {0, pads->cropBegin[0], pads->cropBegin[1], 0},
                      {batch, pads->out[0], pads->out[1], channels});
  defineQuantized(im, *out, result, nchwShape(result));
  return success();
}

/// Gemm (transA 0, alpha = beta = 1) / MatMul of a rank-2 activation and a
/// constant weight between DQ and Q: tosa.matmul i8 -> i32, + i32 bias,
/// rescale per output column when the weight's scale is per column.
LogicalResult convertQdqMatMul(Importer &im) {
  bool gemm = im.node->op_type() == "Gemm";
  bool transB = gemm && im.attrInt("transB", 0);
  if (gemm && (im.attrInt("transA", 0) || im.attrFloat("alpha", 1) != 1 ||
               im.attrFloat("beta", 1) != 1))
    return im.error() << "a quantized Gemm needs transA = 0 and alpha = "
                         "beta = 1";
  FailureOr<Dequantized> a = activation(im, 0);
  if (failed(a))
    return failure();
  const Entry *bEntry = im.lookup(im.node->input(1));
  if (a->data->shape.size() != 2 || !bEntry || bEntry->shape.size() != 2)
    return im.error() << "a quantized " << im.node->op_type()
                      << " takes rank-2 operands";
  int64_t m = a->data->shape[0], k = a->data->shape[1];
  int64_t n = bEntry->shape[transB ? 0 : 1];
  FailureOr<Dequantized> b = weight(im, 1, transB ? 0 : 1, n);
  if (failed(b))
    return failure();
  HostTensor bt = *b->data->constant;
  if (transB)
    bt = permuteHost(bt, {1, 0});
  if (bt.shape[0] != k)
    return im.error() << "inner dims " << k << " and " << bt.shape[0]
                      << " differ";
  double aScale = a->q.scale[0];
  FailureOr<std::vector<int32_t>> bias =
      gemm ? intBias(im, 2, aScale, b->q.scale, n)
           : FailureOr<std::vector<int32_t>>(std::vector<int32_t>(n, 0));
  FailureOr<Output> out = quantizedOutput(im);
  if (failed(bias) || failed(out))
    return failure();
  std::vector<int8_t> bv(bt.ints.begin(), bt.ints.end());
  Value acc = tosa::MatMulOp::create(
      im.builder, im.loc, intType(im, {1, m, n}, 32),
      im.reshape(a->data->value, {1, m, k}),
      im.constant<int8_t>(intType(im, {1, k, n}, 8), bv, "weight"),
      zeroPointConst(im, a->q.zeroPoint[0], 8),
      zeroPointConst(im, b->q.zeroPoint[0], 8));
  if (llvm::any_of(*bias, [](int32_t v) { return v != 0; }))
    acc = tosa::AddOp::create(
        im.builder, im.loc, acc.getType(), acc,
        im.constant<int32_t>(intType(im, {1, 1, n}, 32), *bias, "bias"));
  Requant rq{aScale, b->q.scale, out->params.scale[0],
             out->params.zeroPoint[0], out->low, out->high};
  FailureOr<Value> v = requantize(im, acc, rq, 0, n);
  if (failed(v))
    return failure();
  defineQuantized(im, *out, im.reshape(*v, {m, n}), {m, n});
  return success();
}

/// The fixed-point headroom of Add's common scale (TFLite's left shift for
/// int8 adds).
constexpr int kAddShift = 20;

/// Add of two int8 activations of the same shape: each rescaled to i32 at
/// the common scale 2 * max(s_a, s_b) / 2^20, tosa.add, rescaled to the
/// output scale.
LogicalResult convertQdqAdd(Importer &im) {
  FailureOr<Dequantized> a = activation(im, 0);
  FailureOr<Dequantized> b = activation(im, 1);
  if (failed(a) || failed(b))
    return failure();
  if (a->data->shape != b->data->shape)
    return im.error() << "a quantized Add needs inputs of the same shape";
  FailureOr<Output> out = quantizedOutput(im);
  if (failed(out))
    return failure();
  double common = 2 * std::max(a->q.scale[0], b->q.scale[0]) /
                  double(int64_t(1) << kAddShift);
  SmallVector<Value> terms;
  for (const Dequantized *d : {&*a, &*b}) {
    double s = d->q.scale[0] / common;
    FailureOr<Value> t =
        rescale(im, d->data->value, {s}, d->q.zeroPoint[0], 0, 32,
                [&](size_t) { return "the input scale ratio " +
                                     std::to_string(s); });
    if (failed(t))
      return failure();
    terms.push_back(*t);
  }
  Value sum = tosa::AddOp::create(im.builder, im.loc, terms[0].getType(),
                                  terms[0], terms[1]);
  double s = common / out->params.scale[0];
  FailureOr<Value> v =
      rescale(im, sum, {s}, 0, out->params.zeroPoint[0], 8, [&](size_t) {
        return "the output scale ratio " + std::to_string(s);
      });
  if (failed(v))
    return failure();
  defineQuantized(im, *out, clampInt8(im, *v, out->low, out->high),
                  a->data->shape);
  return success();
}

/// The int8 activation `d` at the (per-tensor) `output` scale and zero
/// point: an i8 -> i8 rescale, or `d` itself when both are already equal.
FailureOr<Value> toOutputScale(Importer &im, const Dequantized &d,
                               const QdqParams &output) {
  double sy = output.scale[0];
  int64_t zy = output.zeroPoint[0];
  if (d.q.scale[0] == sy && d.q.zeroPoint[0] == zy)
    return d.data->value;
  double r = d.q.scale[0] / sy;
  return rescale(im, d.data->value, {r}, d.q.zeroPoint[0], zy, 8, [&](size_t) {
    return "the input scale ratio " + std::to_string(r);
  });
}

/// Concat of int8 activations: inputs whose scale or zero point differ from
/// the output's are rescaled to it first.
LogicalResult convertQdqConcat(Importer &im) {
  SmallVector<Dequantized> inputs;
  for (int i = 0; i < im.node->input_size(); ++i) {
    FailureOr<Dequantized> d = activation(im, i);
    if (failed(d))
      return failure();
    inputs.push_back(*d);
  }
  size_t rank = inputs.front().data->shape.size();
  std::optional<int64_t> axis = normalizeAxis(im.attrInt("axis", 0), rank);
  if (!axis)
    return im.error() << "axis out of range";
  FailureOr<Output> out = quantizedOutput(im);
  if (failed(out))
    return failure();
  SmallVector<int64_t> shape = inputs.front().data->shape;
  shape[*axis] = 0;
  SmallVector<Value> values;
  for (const Dequantized &d : inputs) {
    SmallVector<int64_t> s = d.data->shape, ref = inputs.front().data->shape;
    if (s.size() != rank)
      return im.error() << "inputs have different ranks";
    shape[*axis] += s[*axis];
    s[*axis] = ref[*axis] = 0;
    if (s != ref)
      return im.error() << "inputs differ off the concat axis";
    FailureOr<Value> v = toOutputScale(im, d, out->params);
    if (failed(v))
      return failure();
    values.push_back(*v);
  }
  auto first = cast<RankedTensorType>(values.front().getType());
  Value cat = tosa::ConcatOp::create(
      im.builder, im.loc, first.clone(internalShape(shape)), values,
      uint32_t(internalAxis(*axis, rank)));
  defineQuantized(im, *out, clampInt8(im, cat, out->low, out->high), shape);
  return success();
}

/// Relu / Clip between a DQ and a Q of their own (a quantized activation
/// after an Add or a Concat, as onnxruntime's quantizer writes it): Q is
/// monotone, so Q(clip(v, lo, hi)) is the input brought to the output's
/// scale and zero point (an i8 -> i8 rescale, none when both are the same)
/// clamped to [Q(lo), Q(hi)].
LogicalResult convertQdqActivation(Importer &im) {
  FailureOr<Dequantized> x = activation(im, 0);
  if (failed(x))
    return failure();
  FailureOr<Output> out = quantizedOutput(im, im.node);
  if (failed(out))
    return failure();
  FailureOr<Value> v = toOutputScale(im, *x, out->params);
  if (failed(v))
    return failure();
  defineQuantized(im, *out, clampInt8(im, *v, out->low, out->high),
                  x->data->shape);
  return success();
}

} // namespace

bool accel::onnx_import::readsDequantized(Importer &im) {
  for (const std::string &in : im.node->input())
    if (const onnx::NodeProto *p = in.empty() ? nullptr : im.producer(in);
        p && p->op_type() == "DequantizeLinear")
      return true;
  return false;
}

LogicalResult accel::onnx_import::convertQdqOp(Importer &im) {
  StringRef op = im.node->op_type();
  if (op == "Conv" || op == "ConvTranspose")
    return convertQdqConv(im, op == "ConvTranspose");
  if (op == "Gemm" || op == "MatMul")
    return convertQdqMatMul(im);
  if (op == "Add")
    return convertQdqAdd(im);
  if (op == "Concat")
    return convertQdqConcat(im);
  if (op == "Relu" || op == "Clip")
    return convertQdqActivation(im);
  return im.error() << "reads a DequantizeLinear result; accel maps DQ -> "
                       "op -> Q patterns of Conv, ConvTranspose, Gemm, "
                       "MatMul, Add, Concat, Relu and Clip only (no float "
                       "fallback)";
}

/// DequantizeLinear: its result is the int8 data (uint8 moved to int8),
/// which the pattern's op reads; a graph output is an int8 result.
LogicalResult accel::onnx_import::convertDequantizeLinear(Importer &im) {
  const Entry *x = im.requiredInput(0);
  if (!x)
    return failure();
  int32_t type = im.elementTypeOf(im.node->input(0));
  FailureOr<QdqParams> q =
      readQdq(im, *im.node, x->shape.size(), type, /*allowInt32=*/true);
  if (failed(q))
    return failure();
  if (x->isConstant()) {
    if (q->zpType == onnx::TensorProto::INT32) {
      im.define(0, *x);
      return success();
    }
    FailureOr<HostTensor> v = int8Values(im, *x->constant, q->offset, "x");
    if (failed(v))
      return failure();
    im.defineConstant(0, std::move(*v));
    return success();
  }
  auto t = cast<RankedTensorType>(x->value.getType());
  if (!t.getElementType().isInteger(8) ||
      q->zpType == onnx::TensorProto::INT32)
    return im.error() << "x must be an int8 or uint8 tensor";
  const std::string &name = im.node->output(0);
  bool graphOutput =
      llvm::any_of(im.getModel().graph().output(),
                   [&](const onnx::ValueInfoProto &o) { return o.name() == name; });
  if (graphOutput) {
    if (!q->perTensor())
      return im.error() << "a graph output needs one scale (per-tensor)";
    recordInterface(im, name, *q);
  }
  im.define(0, *x);
  return success();
}

/// QuantizeLinear of a constant (a weight, as PyTorch's QAT export writes
/// it): folded with ONNX's definition, saturate(round_half_even(x /
/// y_scale) + y_zero_point) in f32; the result holds the ONNX values.
static LogicalResult foldQuantize(Importer &im, const HostTensor &x,
                                  const QdqParams &q) {
  if (!x.isFloat)
    return im.error() << "x must be f32";
  int64_t inner = 1, channels = int64_t(q.scale.size());
  if (!q.perTensor()) {
    if (x.shape.size() <= size_t(q.axis) || x.shape[q.axis] != channels)
      return im.error() << "the scale has " << channels
                        << " elements, x's axis " << q.axis << " does not";
    for (size_t d = q.axis + 1; d < x.shape.size(); ++d)
      inner *= x.shape[d];
  }
  int64_t low = q.offset ? 0 : -128, high = q.offset ? 255 : 127;
  std::vector<int64_t> values;
  for (int64_t i = 0, n = x.size(); i < n; ++i) {
    int64_t c = q.perTensor() ? 0 : (i / inner) % channels;
    float scaled = x.floats[i] / float(q.scale[c]);
    double v = std::nearbyint(double(scaled)) + double(q.zeroPoint[c] - q.offset);
    values.push_back(int64_t(std::clamp(v, double(low), double(high))));
  }
  im.defineConstant(0, HostTensor::ofInts(x.shape, std::move(values)));
  return success();
}

/// QuantizeLinear outside a pattern: the quantization of a graph input,
/// which is declared int8 (OnnxImporter.cpp) and carries the parameters,
/// or of a constant (folded).
LogicalResult accel::onnx_import::convertQuantizeLinear(Importer &im) {
  const Entry *x = im.requiredInput(0);
  if (!x)
    return failure();
  FailureOr<QdqParams> q =
      readQdq(im, *im.node, x->shape.size(), 0, /*allowInt32=*/false);
  if (failed(q))
    return failure();
  if (x->isConstant())
    return foldQuantize(im, *x->constant, *q);
  StringRef in = im.node->input(0);
  if (!isGraphInput(im, in) ||
      !cast<RankedTensorType>(x->value.getType()).getElementType().isInteger(
          8))
    return im.error() << "its input '" << in << "' is neither a graph input "
                      << "nor the result of an op accel quantizes (DQ -> "
                         "Conv, ConvTranspose, Gemm, MatMul, Add or Concat "
                         "[-> Relu / Clip] -> Q); no float fallback";
  if (!q->perTensor())
    return im.error() << "a graph input needs one scale (per-tensor)";
  recordInterface(im, in, *q);
  im.define(0, *x);
  return success();
}
