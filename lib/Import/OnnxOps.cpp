//===- OnnxOps.cpp - ONNX ops to TOSA, one function per op ----------------===//
//
// Each convert* function turns the importer's current node into TOSA in the
// internal layout (OnnxImporterImpl.h) with ONNX's exact semantics, or
// emits one error naming the node. Shape computations on constants (Shape,
// Gather, Concat, Unsqueeze, Cast, ... as PyTorch exports them) are folded
// on the host. docs/Import.md lists every op and the TOSA form it takes.
//
//===----------------------------------------------------------------------===//

#include "OnnxImporterImpl.h"
#include "OnnxNormOps.h"

#include "accel/Conversion/TosaToAccel/TransposeConvLowering.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/MathExtras.h"

#include <climits>
#include <cmath>
#include <limits>

using namespace mlir;
using namespace accel;
using namespace accel::onnx_import;

namespace {

using Converter = LogicalResult (*)(Importer &);

} // namespace

/// Where ONNX axis `axis` of a rank-`rank` tensor lands in the internal
/// layout: internalShape (OnnxImporterImpl.h) applied to a probe shape of
/// distinct sizes above 1 (the layouts only insert unit dimensions).
int64_t accel::onnx_import::internalAxis(int64_t axis, size_t rank) {
  SmallVector<int64_t> probe;
  for (size_t d = 0; d < rank; ++d)
    probe.push_back(int64_t(d) + 2);
  SmallVector<int64_t> placed = internalShape(probe);
  return llvm::find(placed, axis + 2) - placed.begin();
}

namespace {

SmallVector<int64_t> broadcastShapes(ArrayRef<int64_t> a, ArrayRef<int64_t> b,
                                     bool &ok) {
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> out(rank);
  ok = true;
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    ok &= da == db || da == 1 || db == 1;
    out[i] = std::max(da, db);
  }
  return out;
}

Value mulShift(Importer &im) {
  auto type = RankedTensorType::get({1}, im.builder.getI8Type());
  return tosa::ConstOp::create(
      im.builder, im.loc, type,
      DenseElementsAttr::get(type, im.builder.getI8IntegerAttr(0)));
}

Value mul(Importer &im, Value a, Value b) {
  return tosa::MulOp::create(im.builder, im.loc, a.getType(), a, b,
                             mulShift(im));
}

/// A splat f32 constant of `value` with rank `rank`, all dims 1.
Value scalarLike(Importer &im, Value like, float value) {
  size_t rank = cast<RankedTensorType>(like.getType()).getRank();
  return im.constF32(SmallVector<int64_t>(rank, 1), {value});
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

Value clamp(Importer &im, Value x, float low, float high) {
  return tosa::ClampOp::create(im.builder, im.loc, x.getType(), x,
                               im.builder.getF32FloatAttr(low),
                               im.builder.getF32FloatAttr(high));
}

LogicalResult clampTo(Importer &im, float low, float high) {
  FailureOr<Value> x = im.valueInput(0);
  if (failed(x))
    return failure();
  im.defineValue(0, clamp(im, *x, low, high), im.input(0)->shape);
  return success();
}

constexpr float kFloatMax = std::numeric_limits<float>::max();

LogicalResult convertRelu(Importer &im) { return clampTo(im, 0, kFloatMax); }

LogicalResult convertClip(Importer &im) {
  float low = -kFloatMax, high = kFloatMax;
  if (im.opset < 11) {
    low = im.attrFloat("min", low);
    high = im.attrFloat("max", high);
  }
  for (int i : {1, 2}) {
    if (!im.input(i))
      continue;
    FailureOr<const HostTensor *> bound =
        im.constantInput(i, i == 1 ? "the min bound" : "the max bound");
    if (failed(bound))
      return failure();
    if ((*bound)->size() != 1)
      return im.error() << "bound " << i << " must be a scalar";
    (i == 1 ? low : high) = float((*bound)->at(0));
  }
  return clampTo(im, low, high);
}

template <typename OpTy>
LogicalResult convertUnary(Importer &im) {
  FailureOr<Value> x = im.valueInput(0);
  if (failed(x))
    return failure();
  im.defineValue(0, OpTy::create(im.builder, im.loc, x->getType(), *x),
                 im.input(0)->shape);
  return success();
}

/// x >= 0 ? x : slope * x, exact for every slope.
Value negativeSlope(Importer &im, Value x, Value slope) {
  auto type = cast<RankedTensorType>(x.getType());
  auto boolType = RankedTensorType::get(type.getShape(), im.builder.getI1Type());
  Value positive = tosa::GreaterEqualOp::create(im.builder, im.loc, boolType, x,
                                                scalarLike(im, x, 0));
  Value scaled = mul(im, x, slope);
  return tosa::SelectOp::create(im.builder, im.loc, type, positive, x, scaled);
}

LogicalResult convertLeakyRelu(Importer &im) {
  FailureOr<Value> x = im.valueInput(0);
  if (failed(x))
    return failure();
  float alpha = im.attrFloat("alpha", 0.01f);
  Value scaled = mul(im, *x, scalarLike(im, *x, alpha));
  Value out;
  // For 0 <= alpha <= 1, max(x, alpha*x) is LeakyRelu (the form backends
  // fuse); for alpha > 1 it is the min; otherwise a select.
  if (alpha >= 0 && alpha <= 1)
    out = tosa::MaximumOp::create(im.builder, im.loc, x->getType(), *x, scaled);
  else if (alpha > 1)
    out = tosa::MinimumOp::create(im.builder, im.loc, x->getType(), *x, scaled);
  else
    out = negativeSlope(im, *x, scalarLike(im, *x, alpha));
  im.defineValue(0, out, im.input(0)->shape);
  return success();
}

LogicalResult convertPRelu(Importer &im) {
  FailureOr<Value> x = im.valueInput(0);
  FailureOr<const HostTensor *> slope = im.constantInput(1, "the slope");
  if (failed(x) || failed(slope))
    return failure();
  bool ok;
  ArrayRef<int64_t> shape = im.input(0)->shape;
  if (broadcastShapes(shape, (*slope)->shape, ok) != shape || !ok)
    return im.error() << "slope does not broadcast to the input";
  Value out =
      negativeSlope(im, *x, im.broadcastConstant(**slope, shape.size(), "slope"));
  im.defineValue(0, out, shape);
  return success();
}

/// TOSA elementwise op `OpTy` on two values (broadcast over size-1 dims).
template <typename OpTy> Value binary(Importer &im, Value a, Value b) {
  return OpTy::create(im.builder, im.loc, a.getType(), a, b);
}

/// Sqrt as reciprocal(rsqrt(x)) (TOSA has no sqrt): 0 -> 0, +inf -> +inf,
/// negative -> NaN, within two roundings of the true root elsewhere.
LogicalResult convertSqrt(Importer &im) {
  FailureOr<Value> x = im.valueInput(0);
  if (failed(x))
    return failure();
  Value inverse = tosa::RsqrtOp::create(im.builder, im.loc, x->getType(), *x);
  im.defineValue(
      0, tosa::ReciprocalOp::create(im.builder, im.loc, x->getType(), inverse),
      im.input(0)->shape);
  return success();
}

LogicalResult convertNeg(Importer &im) {
  FailureOr<Value> x = im.valueInput(0);
  if (failed(x))
    return failure();
  im.defineValue(0, mul(im, *x, scalarLike(im, *x, -1.0f)), im.input(0)->shape);
  return success();
}

/// Pow by a constant scalar integer exponent in [1, 4] (GELU's tanh form
/// exports x^3): repeated multiplication, exact as PyTorch's.
LogicalResult convertPow(Importer &im) {
  FailureOr<Value> x = im.valueInput(0);
  FailureOr<const HostTensor *> exponent = im.constantInput(1, "the exponent");
  if (failed(x) || failed(exponent))
    return failure();
  double e = (*exponent)->size() == 1 ? (*exponent)->at(0) : 0.0;
  if (e != std::floor(e) || e < 1 || e > 4)
    return im.error() << "supports a constant scalar integer exponent in "
                         "[1, 4] only";
  Value out = *x;
  for (int i = 1; i < int(e); ++i)
    out = mul(im, out, *x);
  im.defineValue(0, out, im.input(0)->shape);
  return success();
}

/// Elu: max(x, 0) + alpha * (exp(min(x, 0)) - 1), equal to ONNX's
/// select form for every x (exp(0) - 1 is 0; -inf gives -alpha).
LogicalResult convertElu(Importer &im) {
  FailureOr<Value> x = im.valueInput(0);
  if (failed(x))
    return failure();
  float alpha = im.attrFloat("alpha", 1.0f);
  Value exp = tosa::ExpOp::create(im.builder, im.loc, x->getType(),
                                  clamp(im, *x, -kFloatMax, 0));
  Value negative =
      mul(im, binary<tosa::SubOp>(im, exp, scalarLike(im, *x, 1.0f)),
          scalarLike(im, *x, alpha));
  im.defineValue(0,
                 binary<tosa::AddOp>(im, clamp(im, *x, 0, kFloatMax), negative),
                 im.input(0)->shape);
  return success();
}

/// Softplus: max(x, 0) + log(1 + exp(-|x|)), ONNX's log(exp(x) + 1)
/// without its overflow to +inf for x above ~88.
Value softplus(Importer &im, Value x) {
  Value negAbs =
      mul(im, tosa::AbsOp::create(im.builder, im.loc, x.getType(), x),
          scalarLike(im, x, -1.0f));
  Value exp = tosa::ExpOp::create(im.builder, im.loc, x.getType(), negAbs);
  Value log = tosa::LogOp::create(
      im.builder, im.loc, x.getType(),
      binary<tosa::AddOp>(im, exp, scalarLike(im, x, 1.0f)));
  return binary<tosa::AddOp>(im, clamp(im, x, 0, kFloatMax), log);
}

/// Softplus, and Mish (opset 18): x * tanh(softplus(x)).
LogicalResult convertSoftplus(Importer &im) {
  FailureOr<Value> x = im.valueInput(0);
  if (failed(x))
    return failure();
  Value out = softplus(im, *x);
  if (im.node->op_type() == "Mish")
    out = mul(im, *x,
              tosa::TanhOp::create(im.builder, im.loc, out.getType(), out));
  im.defineValue(0, out, im.input(0)->shape);
  return success();
}

/// HardSigmoid: clamp(alpha * x + beta, 0, 1); HardSwish is x times it
/// with alpha 1/6 and beta 1/2.
LogicalResult convertHardSigmoid(Importer &im) {
  FailureOr<Value> x = im.valueInput(0);
  if (failed(x))
    return failure();
  bool swish = im.node->op_type() == "HardSwish";
  float alpha = swish ? 1.0f / 6 : im.attrFloat("alpha", 0.2f);
  float beta = swish ? 0.5f : im.attrFloat("beta", 0.5f);
  Value gate =
      clamp(im,
            binary<tosa::AddOp>(im, mul(im, *x, scalarLike(im, *x, alpha)),
                                scalarLike(im, *x, beta)),
            0, 1);
  im.defineValue(0, swish ? mul(im, *x, gate) : gate, im.input(0)->shape);
  return success();
}

/// Gelu (opset 20): 0.5 * x * (1 + erf(x / sqrt(2))), or with
/// approximate = "tanh" 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715
/// x^3))). Older exports spell the erf form out (Div, Erf, Add, Mul).
LogicalResult convertGelu(Importer &im) {
  FailureOr<Value> x = im.valueInput(0);
  if (failed(x))
    return failure();
  std::string approximate = im.attrString("approximate", "none");
  if (approximate != "none" && approximate != "tanh")
    return im.error() << "unknown approximate '" << approximate
                      << "' (none or tanh)";
  Type type = x->getType();
  Value inner;
  if (approximate == "none") {
    inner =
        tosa::ErfOp::create(im.builder, im.loc, type,
                            mul(im, *x, scalarLike(im, *x, float(M_SQRT1_2))));
  } else {
    Value cube = mul(im, mul(im, *x, *x), *x);
    Value sum = binary<tosa::AddOp>(
        im, *x, mul(im, cube, scalarLike(im, *x, 0.044715f)));
    inner = tosa::TanhOp::create(
        im.builder, im.loc, type,
        mul(im, sum, scalarLike(im, *x, float(M_2_SQRTPI * M_SQRT1_2))));
  }
  Value half = mul(im, *x, scalarLike(im, *x, 0.5f));
  im.defineValue(
      0,
      mul(im, half, binary<tosa::AddOp>(im, inner, scalarLike(im, *x, 1.0f))),
      im.input(0)->shape);
  return success();
}

} // namespace

namespace {

//===----------------------------------------------------------------------===//
// Elementwise arithmetic
//===----------------------------------------------------------------------===//

/// Folds a binary op on two constants (shape arithmetic).
LogicalResult foldBinary(Importer &im, const HostTensor &a,
                         const HostTensor &b, StringRef op) {
  if (a.size() != b.size() && a.size() != 1 && b.size() != 1)
    return im.error() << "folds only same-size or scalar constants";
  bool isFloat = a.isFloat || b.isFloat;
  int64_t n = std::max(a.size(), b.size());
  HostTensor out = a.size() >= b.size() ? a : b;
  out.isFloat = isFloat;
  out.floats.assign(isFloat ? n : 0, 0);
  out.ints.assign(isFloat ? 0 : n, 0);
  for (int64_t i = 0; i < n; ++i) {
    int64_t ia = a.size() == 1 ? 0 : i, ib = b.size() == 1 ? 0 : i;
    if (isFloat) {
      double x = a.at(ia), y = b.at(ib);
      out.floats[i] = float(op == "Add"   ? x + y
                            : op == "Sub" ? x - y
                            : op == "Mul" ? x * y
                                          : x / y);
      continue;
    }
    // Shape arithmetic: wrap instead of overflowing (hostile constants).
    uint64_t x = a.intAt(ia), y = b.intAt(ib);
    if (op == "Div" && (y == 0 || (int64_t(x) == INT64_MIN && int64_t(y) == -1)))
      return im.error() << "integer division by zero or overflow";
    out.ints[i] = op == "Add"   ? int64_t(x + y)
                  : op == "Sub" ? int64_t(x - y)
                  : op == "Mul" ? int64_t(x * y)
                                : int64_t(x) / int64_t(y);
  }
  im.defineConstant(0, std::move(out));
  return success();
}

LogicalResult convertBinary(Importer &im) {
  StringRef op = im.node->op_type();
  const Entry *a = im.input(0), *b = im.input(1);
  if (!a || !b)
    return im.error() << "needs two inputs";
  if (a->isConstant() && b->isConstant())
    return foldBinary(im, *a->constant, *b->constant, op);
  bool ok;
  SmallVector<int64_t> shape = broadcastShapes(a->shape, b->shape, ok);
  if (!ok)
    return im.error() << "operand shapes do not broadcast";
  for (const Entry *e : {a, b})
    if (!e->isConstant() && e->shape.size() != shape.size())
      return im.error() << "broadcasts a tensor of rank " << e->shape.size()
                        << " to rank " << shape.size()
                        << "; only constants or same-rank tensors are "
                           "supported";
  auto operand = [&](const Entry *e, bool reciprocal) -> Value {
    if (!e->isConstant())
      return e->value;
    HostTensor t = *e->constant;
    if (!t.isFloat)
      t = HostTensor::ofFloats(t.shape,
                               std::vector<float>(t.ints.begin(), t.ints.end()));
    if (reciprocal)
      for (float &v : t.floats)
        v = 1.0f / v;
    return im.broadcastConstant(t, shape.size());
  };
  Type type = im.f32(internalShape(shape));
  Value lhs = operand(a, false);
  Value out;
  if (op == "Add")
    out = tosa::AddOp::create(im.builder, im.loc, type, lhs, operand(b, false));
  else if (op == "Sub")
    out = tosa::SubOp::create(im.builder, im.loc, type, lhs, operand(b, false));
  else if (op == "Mul")
    out = tosa::MulOp::create(im.builder, im.loc, type, lhs, operand(b, false),
                              mulShift(im));
  else {
    // TOSA has no float division: x * (1/y), the reciprocal of a constant
    // computed here, of a tensor with tosa.reciprocal.
    Value rhs = operand(b, true);
    if (!b->isConstant())
      rhs = tosa::ReciprocalOp::create(im.builder, im.loc, rhs.getType(), rhs);
    out = tosa::MulOp::create(im.builder, im.loc, type, lhs, rhs, mulShift(im));
  }
  im.defineValue(0, out, shape);
  return success();
}

//===----------------------------------------------------------------------===//
// BatchNormalization
//===----------------------------------------------------------------------===//

/// Per-channel y = x * scale + shift of an inference BatchNormalization.
struct ChannelAffine {
  std::vector<float> scale, shift;
};

/// Reads the (constant) parameters of BatchNormalization node `bn`.
std::optional<ChannelAffine> batchNormAffine(Importer &im,
                                             const onnx::NodeProto &bn,
                                             int64_t channels) {
  if (bn.input_size() < 5 || bn.output_size() > 1)
    return std::nullopt; // training mode (running statistics outputs)
  float epsilon = 1e-5f;
  for (const onnx::AttributeProto &a : bn.attribute())
    if (a.name() == "epsilon")
      epsilon = a.f();
  const onnx::NodeProto *saved = im.node;
  im.node = &bn;
  std::array<const HostTensor *, 4> params;
  bool ok = true;
  for (int i = 1; i <= 4; ++i) {
    const Entry *e = im.input(i);
    ok &= e && e->isConstant() && e->constant->size() == channels;
    params[i - 1] = ok ? &*e->constant : nullptr;
  }
  im.node = saved;
  if (!ok)
    return std::nullopt;
  ChannelAffine affine;
  for (int64_t c = 0; c < channels; ++c) {
    double scale = params[0]->at(c) / std::sqrt(params[3]->at(c) + epsilon);
    affine.scale.push_back(float(scale));
    affine.shift.push_back(float(params[1]->at(c) - params[2]->at(c) * scale));
  }
  return affine;
}

/// The BatchNormalization that is the only user of the current node's
/// output (to fold into it), with its per-channel affine.
std::optional<std::pair<const onnx::NodeProto *, ChannelAffine>>
foldableBatchNorm(Importer &im, int64_t channels) {
  const onnx::NodeProto *user = im.soleUser(0);
  if (!user || user->op_type() != "BatchNormalization" ||
      user->input(0) != im.node->output(0))
    return std::nullopt;
  std::optional<ChannelAffine> affine = batchNormAffine(im, *user, channels);
  if (!affine)
    return std::nullopt;
  return std::make_pair(user, std::move(*affine));
}

LogicalResult convertBatchNorm(Importer &im) {
  const Entry *x = im.input(0);
  if (!x || x->shape.size() < 2)
    return im.error() << "needs an input of rank >= 2";
  int64_t channels = x->shape[1];
  std::optional<ChannelAffine> affine =
      batchNormAffine(im, *im.node, channels);
  if (!affine)
    return im.error() << "needs constant scale, bias, mean and variance of "
                      << channels << " channels, and inference mode";
  FailureOr<Value> v = im.valueInput(0);
  if (failed(v))
    return failure();
  SmallVector<int64_t> paramShape(x->shape.size() - 1, 1);
  paramShape[0] = channels;
  Value scale = im.broadcastConstant(
      HostTensor::ofFloats(paramShape, affine->scale), x->shape.size(),
      "scale");
  Value shift = im.broadcastConstant(
      HostTensor::ofFloats(paramShape, affine->shift), x->shape.size(),
      "shift");
  Value out = tosa::AddOp::create(im.builder, im.loc, v->getType(),
                                  mul(im, *v, scale), shift);
  im.defineValue(0, out, x->shape);
  return success();
}

} // namespace

namespace {

//===----------------------------------------------------------------------===//
// Conv and ConvTranspose (1-D convs are 2-D with H = 1)
//===----------------------------------------------------------------------===//

} // namespace

LogicalResult accel::onnx_import::readConvAttributes(
    Importer &im, ArrayRef<int64_t> xShape, ArrayRef<int64_t> wShape,
    size_t first, const ConvAttributeRefs &g) {
  size_t spatial = xShape.size() - 2;
  for (size_t i = 0; i < spatial; ++i) {
    g.in[first + i] = xShape[2 + i];
    g.kernel[first + i] = wShape[2 + i];
  }
  auto read = [&](StringRef name, MutableArrayRef<int64_t> dst, size_t count,
                  size_t offset) -> LogicalResult {
    std::optional<SmallVector<int64_t>> values = im.attrInts(name);
    if (!values)
      return success();
    if (values->size() != count)
      return im.error() << "attribute '" << name << "' has " << values->size()
                        << " values; expected " << count;
    for (size_t i = 0; i < spatial; ++i)
      dst[first + i] = (*values)[offset + i];
    return success();
  };
  SmallVector<int64_t> kernelAttr(g.kernel);
  if (failed(read("kernel_shape", kernelAttr, spatial, 0)) ||
      failed(read("strides", g.stride, spatial, 0)) ||
      failed(read("dilations", g.dilation, spatial, 0)) ||
      failed(read("pads", g.padBegin, 2 * spatial, 0)) ||
      failed(read("pads", g.padEnd, 2 * spatial, spatial)) ||
      failed(read("output_padding", g.outputPadding, spatial, 0)))
    return failure();
  if (!llvm::equal(kernelAttr, g.kernel))
    return im.error() << "kernel_shape does not match the weight's shape";
  // Bounded so that no size computed from them can overflow.
  constexpr int64_t kMaxAttr = int64_t(1) << 20;
  for (size_t i = 0; i < g.in.size(); ++i) {
    if (g.stride[i] < 1 || g.dilation[i] < 1 || g.padBegin[i] < 0 ||
        g.padEnd[i] < 0 || g.outputPadding[i] < 0)
      return im.error() << "has a stride or dilation below 1 or a negative "
                           "pad";
    if (std::max({g.stride[i], g.dilation[i], g.padBegin[i], g.padEnd[i],
                  g.outputPadding[i], g.in[i], g.kernel[i]}) > kMaxAttr)
      return im.error() << "has a size, stride, dilation or pad above "
                        << kMaxAttr;
  }
  g.autoPad = im.attrString("auto_pad", "NOTSET");
  if (g.autoPad != "NOTSET" && g.autoPad != "VALID" &&
      g.autoPad != "SAME_UPPER" && g.autoPad != "SAME_LOWER")
    return im.error() << "unknown auto_pad '" << g.autoPad << "'";
  if (auto shape = im.attrInts("output_shape")) {
    if (shape->size() != spatial && shape->size() != spatial + 2)
      return im.error() << "output_shape has " << shape->size() << " values";
    g.outputShape = SmallVector<int64_t>(shape->end() - spatial, shape->end());
  }
  return success();
}

FailureOr<ConvGeometry>
accel::onnx_import::readGeometry(Importer &im, ArrayRef<int64_t> xShape,
                                 ArrayRef<int64_t> wShape) {
  ConvGeometry g;
  g.spatial = xShape.size() - 2;
  g.in = {1, 1};
  g.kernel = {1, 1};
  // 1-D attributes describe the W axis.
  if (failed(readConvAttributes(
          im, xShape, wShape, 2 - g.spatial,
          {g.in, g.kernel, g.stride, g.dilation, g.padBegin, g.padEnd,
           g.outputPadding, g.autoPad, g.outputShape})))
    return failure();
  return g;
}

namespace {

} // namespace

FailureOr<ConvOperands> accel::onnx_import::convOperands(Importer &im,
                                                         bool transposed) {
  const Entry *x = im.requiredInput(0);
  FailureOr<const HostTensor *> w = im.constantInput(1, "the weight");
  if (!x || failed(w))
    return failure();
  ArrayRef<int64_t> ws = (*w)->shape;
  size_t rank = x->shape.size();
  if (rank < 3 || rank > 5 || ws.size() != rank || !(*w)->isFloat)
    return im.error() << "supports 1-D, 2-D and 3-D inputs with an f32 "
                         "weight of the input's rank";
  ConvOperands ops{x, *w, im.attrInt("group", 1), 0, 0};
  int64_t channels = x->shape[1];
  bool ok = ops.group >= 1;
  if (ok && transposed) {
    ok = ws[0] == channels && channels % ops.group == 0;
    ops.inPerGroup = channels / ops.group;
    ops.outPerGroup = ws[1];
  } else if (ok) {
    ok = channels == ws[1] * ops.group && ws[0] % ops.group == 0;
    ops.inPerGroup = ws[1];
    ops.outPerGroup = ws[0] / ops.group;
  }
  if (!ok)
    return im.error() << "weight " << ws[0] << "x" << ws[1]
                      << " does not match " << channels
                      << " input channels in " << ops.group << " groups";
  return ops;
}

namespace {

/// The ONNX weight as [O, I, KH, KW] (a 1-D weight gets KH = 1).
HostTensor weight4d(const HostTensor &w) {
  HostTensor w4 = w;
  if (w4.shape.size() == 3)
    w4.shape.insert(w4.shape.begin() + 2, 1);
  return w4;
}

/// The rows [begin, begin + count) of `w` along axis `axis` (0 or 1).
HostTensor sliceAxis(const HostTensor &w, int axis, int64_t begin,
                     int64_t count) {
  int64_t outer = axis == 0 ? 1 : w.shape[0];
  int64_t inner = 1;
  for (size_t i = axis + 1; i < w.shape.size(); ++i)
    inner *= w.shape[i];
  HostTensor out = w;
  out.shape[axis] = count;
  out.floats.clear();
  for (int64_t o = 0; o < outer; ++o) {
    auto start = w.floats.begin() + (o * w.shape[axis] + begin) * inner;
    out.floats.insert(out.floats.end(), start, start + count * inner);
  }
  return out;
}

} // namespace

FailureOr<std::vector<float>> accel::onnx_import::biasInput(Importer &im,
                                                            int64_t channels) {
  if (!im.input(2))
    return std::vector<float>(channels, 0.0f);
  FailureOr<const HostTensor *> bias = im.constantInput(2, "the bias");
  if (failed(bias))
    return failure();
  if ((*bias)->size() != channels)
    return im.error() << "bias has " << (*bias)->size() << " values; the op "
                      << "has " << channels << " output channels";
  std::vector<float> values;
  for (int64_t i = 0; i < channels; ++i)
    values.push_back(float((*bias)->at(i)));
  return values;
}

namespace {

/// ONNX shape of a conv result from the internal [N, OH, OW, M].
SmallVector<int64_t> convOnnxShape(ArrayRef<int64_t> nhwc, size_t rank) {
  if (rank == 3)
    return {nhwc[0], nhwc[3], nhwc[2]};
  return {nhwc[0], nhwc[3], nhwc[1], nhwc[2]};
}

/// Defines the conv's result, or the folded BatchNormalization's.
void defineConv(Importer &im, Value out, size_t rank,
                const onnx::NodeProto *foldedBn) {
  SmallVector<int64_t> shape = convOnnxShape(
      cast<RankedTensorType>(out.getType()).getShape(), rank);
  if (!foldedBn) {
    im.defineValue(0, out, shape);
    return;
  }
  im.markConsumed(foldedBn);
  im.defineNamed(foldedBn->output(0), Entry{shape, out, std::nullopt});
}

} // namespace

/// Joins per-group results on channels (or returns the only one).
Value accel::onnx_import::concatChannels(Importer &im, ArrayRef<Value> parts) {
  if (parts.size() == 1)
    return parts.front();
  auto first = cast<RankedTensorType>(parts.front().getType());
  SmallVector<int64_t> shape(first.getShape());
  shape[3] = 0;
  for (Value part : parts)
    shape[3] += cast<RankedTensorType>(part.getType()).getDimSize(3);
  return tosa::ConcatOp::create(im.builder, im.loc, first.clone(shape), parts,
                               3);
}

/// The channels [begin, begin + count) of an NHWC value.
Value accel::onnx_import::channelSlice(Importer &im, Value v, int64_t begin, int64_t count) {
  SmallVector<int64_t> size(cast<RankedTensorType>(v.getType()).getShape());
  size[3] = count;
  return im.slice(v, {0, 0, 0, begin}, size);
}


void accel::onnx_import::resolveConvPads(ConvGeometry &g) {
  if (g.autoPad == "NOTSET")
    return;
  for (int i = 0; i < 2; ++i) {
    int64_t total = 0;
    if (g.autoPad != "VALID") {
      int64_t out = (g.in[i] + g.stride[i] - 1) / g.stride[i];
      total = std::max<int64_t>(0, (out - 1) * g.stride[i] +
                                       (g.kernel[i] - 1) * g.dilation[i] + 1 -
                                       g.in[i]);
    }
    g.padBegin[i] = g.autoPad == "SAME_LOWER" ? total - total / 2 : total / 2;
    g.padEnd[i] = total - g.padBegin[i];
  }
}

FailureOr<Value> accel::onnx_import::fitToTosaConv(
    Importer &im, Value x, ConvGeometry &g, int64_t outChannels,
    SmallVector<int64_t> &outShape) {
  // TOSA wants (in - 1 + pads - dilated kernel) divisible by the stride:
  // the r rows ONNX's floor drops at the end are never read, so drop them
  // from the end pad, then from the input.
  auto type = cast<RankedTensorType>(x.getType());
  outShape = {type.getDimSize(0), 0, 0, outChannels};
  std::array<int64_t, 2> keep = g.in;
  for (int i = 0; i < 2; ++i) {
    int64_t span = g.in[i] - 1 + g.padBegin[i] + g.padEnd[i] -
                   (g.kernel[i] - 1) * g.dilation[i];
    if (span < 0)
      return im.error() << "kernel is larger than the padded input";
    int64_t r = span % g.stride[i];
    int64_t fromPad = std::min(r, g.padEnd[i]);
    g.padEnd[i] -= fromPad;
    keep[i] -= r - fromPad;
    outShape[1 + i] = span / g.stride[i] + 1;
  }
  if (keep == g.in)
    return x;
  return im.slice(x, {0, 0, 0, 0},
                  {type.getDimSize(0), keep[0], keep[1], type.getDimSize(3)});
}

namespace {

/// One tosa.conv2d (group 1) or tosa.depthwise_conv2d of an ONNX weight
/// [M, C, KH, KW] (depthwise: [C * multiplier, 1, KH, KW]).
Value emitConv(Importer &im, Value x, const HostTensor &w4,
               ArrayRef<float> bias, const ConvGeometry &g,
               ArrayRef<int64_t> outShape, bool depthwise) {
  SmallVector<int64_t> pad = {g.padBegin[0], g.padEnd[0], g.padBegin[1],
                              g.padEnd[1]};
  Value biasValue = im.constF32({int64_t(bias.size())}, bias, "bias");
  TypeAttr acc = TypeAttr::get(im.builder.getF32Type());
  if (!depthwise) {
    HostTensor w = permuteHost(w4, {0, 2, 3, 1});
    return tosa::Conv2DOp::create(
        im.builder, im.loc, im.f32(outShape), x,
        im.constF32(w.shape, w.floats, "weight"), biasValue,
        im.builder.getDenseI64ArrayAttr(pad),
        im.builder.getDenseI64ArrayAttr(g.stride),
        im.builder.getDenseI64ArrayAttr(g.dilation), acc);
  }
  int64_t channels = cast<RankedTensorType>(x.getType()).getDimSize(3);
  HostTensor w = w4;
  w.shape = {channels, w4.shape[0] / channels, w4.shape[2], w4.shape[3]};
  w = permuteHost(w, {2, 3, 0, 1}); // [KH, KW, C, multiplier]
  return tosa::DepthwiseConv2DOp::create(
      im.builder, im.loc, im.f32(outShape), x,
      im.constF32(w.shape, w.floats, "weight"), biasValue, im.builder.getDenseI64ArrayAttr(pad),
      im.builder.getDenseI64ArrayAttr(g.stride),
      im.builder.getDenseI64ArrayAttr(g.dilation), acc);
}

LogicalResult convertConv(Importer &im) {
  FailureOr<ConvOperands> operands = convOperands(im, /*transposed=*/false);
  if (failed(operands))
    return failure();
  if (operands->x->shape.size() == 5)
    return convertConv3d(im, *operands);
  const Entry *x = operands->x;
  const HostTensor &w = *operands->w;
  size_t rank = x->shape.size();
  int64_t group = operands->group, channels = x->shape[1];
  int64_t outChannels = operands->outChannels();
  FailureOr<ConvGeometry> g = readGeometry(im, x->shape, w.shape);
  FailureOr<std::vector<float>> bias = biasInput(im, outChannels);
  FailureOr<Value> xValue = im.valueInput(0);
  if (failed(g) || failed(bias) || failed(xValue))
    return failure();
  resolveConvPads(*g);
  HostTensor w4 = weight4d(w);
  auto bn = foldableBatchNorm(im, outChannels);
  if (bn) {
    int64_t perRow = w4.size() / outChannels;
    for (int64_t m = 0; m < outChannels; ++m) {
      for (int64_t i = 0; i < perRow; ++i)
        w4.floats[m * perRow + i] *= bn->second.scale[m];
      (*bias)[m] = (*bias)[m] * bn->second.scale[m] + bn->second.shift[m];
    }
  }
  SmallVector<int64_t> outShape;
  FailureOr<Value> fitted = fitToTosaConv(im, *xValue, *g, outChannels,
                                          outShape);
  if (failed(fitted))
    return failure();
  Value in = *fitted;
  Value out;
  if (group == 1) {
    out = emitConv(im, in, w4, *bias, *g, outShape, false);
  } else if (w.shape[1] == 1 && group == channels) {
    out = emitConv(im, in, w4, *bias, *g, outShape, true);
  } else {
    int64_t inPer = operands->inPerGroup, outPer = operands->outPerGroup;
    SmallVector<Value> parts;
    SmallVector<int64_t> partShape = outShape;
    partShape[3] = outPer;
    for (int64_t gi = 0; gi < group; ++gi)
      parts.push_back(emitConv(
          im, channelSlice(im, in, gi * inPer, inPer),
          sliceAxis(w4, 0, gi * outPer, outPer),
          ArrayRef<float>(*bias).slice(gi * outPer, outPer), *g, partShape,
          false));
    out = concatChannels(im, parts);
  }
  defineConv(im, out, rank, bn ? bn->first : nullptr);
  return success();
}

} // namespace

FailureOr<TransposePads>
accel::onnx_import::transposePads(Importer &im, ConvGeometry &g) {
  TransposePads p;
  for (int i = 0; i < 2; ++i) {
    int64_t natural = g.stride[i] * (g.in[i] - 1) + g.outputPadding[i] +
                      g.kernel[i];
    bool active = i >= int(2 - g.spatial);
    if (active && (g.outputShape || g.autoPad.rfind("SAME", 0) == 0)) {
      int64_t target = g.outputShape ? (*g.outputShape)[i - (2 - g.spatial)]
                                     : g.in[i] * g.stride[i];
      if (target < 1 || target > (int64_t(1) << 40))
        return im.error() << "output_shape " << target << " is out of range";
      int64_t total = natural - target;
      if (total < 0)
        return im.error() << "output_shape is larger than the op can produce";
      bool upper = g.autoPad == "SAME_UPPER";
      g.padBegin[i] = upper ? total / 2 : total - total / 2;
      g.padEnd[i] = total - g.padBegin[i];
    } else if (active && g.autoPad == "VALID") {
      g.padBegin[i] = g.padEnd[i] = 0;
    }
    int64_t top = -g.padBegin[i];
    int64_t bottom = -g.padEnd[i] + g.outputPadding[i];
    int64_t cropEnd = 0;
    if (top <= -g.kernel[i]) {
      p.cropBegin[i] = -(g.kernel[i] - 1) - top;
      top = -(g.kernel[i] - 1);
    }
    if (bottom <= -g.kernel[i]) {
      cropEnd = -(g.kernel[i] - 1) - bottom;
      bottom = -(g.kernel[i] - 1);
    }
    p.outPad.append({top, bottom});
    p.full[i] = (g.in[i] - 1) * g.stride[i] + top + bottom + g.kernel[i];
    p.out[i] = p.full[i] - p.cropBegin[i] - cropEnd;
    if (p.out[i] < 1)
      return im.error() << "pads leave no output";
  }
  return p;
}

namespace {

/// One tosa.transpose_conv2d of an ONNX weight [C, M, KH, KW] (for a
/// dilated ConvTranspose, the zero-inserted kernel of dilateKernel, with
/// `dilation` recorded as kKernelDilationAttr).
Value emitTransposeConv(Importer &im, Value x, const HostTensor &w4,
                        ArrayRef<float> bias, const ConvGeometry &g,
                        const TransposePads &p) {
  HostTensor w = permuteHost(w4, {1, 2, 3, 0}); // [M, KH, KW, C]
  int64_t batch = cast<RankedTensorType>(x.getType()).getDimSize(0);
  SmallVector<int64_t> fullShape = {batch, p.full[0], p.full[1], w.shape[0]};
  auto conv = tosa::TransposeConv2DOp::create(
      im.builder, im.loc, im.f32(fullShape), x,
      im.constF32(w.shape, w.floats, "weight"),
      im.constF32({int64_t(bias.size())}, bias, "bias"),
      im.builder.getDenseI64ArrayAttr(p.outPad),
      im.builder.getDenseI64ArrayAttr(g.stride),
      TypeAttr::get(im.builder.getF32Type()));
  if (g.dilation != std::array<int64_t, 2>{1, 1})
    conv->setAttr(kKernelDilationAttr,
                  im.builder.getDenseI64ArrayAttr(g.dilation));
  Value out = conv;
  if (p.out == p.full)
    return out;
  return im.slice(out, {0, p.cropBegin[0], p.cropBegin[1], 0},
                  {batch, p.out[0], p.out[1], w.shape[0]});
}

/// The most elements of a dilated ConvTranspose's zero-inserted kernel
/// (64M, as many as convert-tosa-to-accel gathers per kernel).
constexpr int64_t kMaxDilatedKernelElements = int64_t(1) << 26;

/// The ONNX weight [C, M, KH, KW] with D - 1 zeros between taps along each
/// spatial axis: [C, M, (KH-1)*Dh + 1, (KW-1)*Dw + 1]. tosa.transpose_conv2d
/// has no dilation, so this kernel is what makes the TOSA exact; the
/// `accel.kernel_dilation` attribute tells convert-tosa-to-accel to plan
/// with the compact taps (no zero tap runs on the accelerator).
FailureOr<HostTensor> dilateKernel(Importer &im, const HostTensor &w4,
                                   std::array<int64_t, 2> dilation) {
  HostTensor out = w4;
  out.shape[2] = (w4.shape[2] - 1) * dilation[0] + 1;
  out.shape[3] = (w4.shape[3] - 1) * dilation[1] + 1;
  int64_t planes = w4.shape[0] * w4.shape[1];
  if (out.shape[2] > kMaxDilatedKernelElements / planes ||
      out.shape[3] > kMaxDilatedKernelElements / (planes * out.shape[2]))
    return im.error() << "has a dilated kernel of more than "
                      << kMaxDilatedKernelElements
                      << " elements (kernel extent (K - 1) * dilation + 1)";
  out.floats.assign(planes * out.shape[2] * out.shape[3], 0.0f);
  for (int64_t p = 0; p < planes; ++p)
    for (int64_t kh = 0; kh < w4.shape[2]; ++kh)
      for (int64_t kw = 0; kw < w4.shape[3]; ++kw)
        out.floats[(p * out.shape[2] + kh * dilation[0]) * out.shape[3] +
                   kw * dilation[1]] =
            w4.floats[(p * w4.shape[2] + kh) * w4.shape[3] + kw];
  return out;
}

LogicalResult convertConvTranspose(Importer &im) {
  FailureOr<ConvOperands> operands = convOperands(im, /*transposed=*/true);
  if (failed(operands))
    return failure();
  if (operands->x->shape.size() == 5)
    return convertConvTranspose3d(im, *operands);
  const Entry *x = operands->x;
  const HostTensor &w = *operands->w;
  size_t rank = x->shape.size();
  int64_t group = operands->group, inPer = operands->inPerGroup;
  int64_t outPer = operands->outPerGroup, outChannels = operands->outChannels();
  FailureOr<ConvGeometry> g = readGeometry(im, x->shape, w.shape);
  if (failed(g))
    return failure();
  // A dilated ConvTranspose is one with its zero-inserted kernel, whose
  // extent (K - 1) * D + 1 the pads are resolved with (dilateKernel).
  std::array<int64_t, 2> dilation = g->dilation;
  HostTensor w4 = weight4d(w);
  if (dilation != std::array<int64_t, 2>{1, 1}) {
    FailureOr<HostTensor> dilated = dilateKernel(im, w4, dilation);
    if (failed(dilated))
      return failure();
    w4 = std::move(*dilated);
    g->kernel = {w4.shape[2], w4.shape[3]};
  }
  FailureOr<TransposePads> pads = transposePads(im, *g);
  FailureOr<std::vector<float>> bias = biasInput(im, outChannels);
  FailureOr<Value> xValue = im.valueInput(0);
  if (failed(pads) || failed(bias) || failed(xValue))
    return failure();
  auto bn = foldableBatchNorm(im, outChannels);
  if (bn) {
    int64_t taps = w4.shape[2] * w4.shape[3];
    for (int64_t i = 0, n = w4.size(); i < n; ++i) {
      int64_t c = i / (outPer * taps), j = (i / taps) % outPer;
      w4.floats[i] *= bn->second.scale[(c / inPer) * outPer + j];
    }
    for (int64_t m = 0; m < outChannels; ++m)
      (*bias)[m] = (*bias)[m] * bn->second.scale[m] + bn->second.shift[m];
  }
  SmallVector<Value> parts;
  for (int64_t gi = 0; gi < group; ++gi) {
    Value in = group == 1 ? *xValue
                          : channelSlice(im, *xValue, gi * inPer, inPer);
    HostTensor wg = group == 1 ? w4 : sliceAxis(w4, 0, gi * inPer, inPer);
    ArrayRef<float> bg = ArrayRef<float>(*bias).slice(gi * outPer, outPer);
    parts.push_back(emitTransposeConv(im, in, wg, bg, *g, *pads));
  }
  defineConv(im, concatChannels(im, parts), rank, bn ? bn->first : nullptr);
  return success();
}

} // namespace

namespace {

//===----------------------------------------------------------------------===//
// Gemm / MatMul: tosa.matmul [1, M, K] x constant [1, K, N], then the bias
//===----------------------------------------------------------------------===//

/// Folds the per-feature affine of a BatchNormalization (BatchNorm1d after
/// a Linear layer) into b's columns and the bias: (a·b + c)·s + t =
/// a·(b·s) + (c·s + t). Returns the new bias ([N], or [M, N] for one).
HostTensor foldAffineIntoMatMul(HostTensor &b, const HostTensor *bias,
                                const ChannelAffine &affine, int64_t m) {
  int64_t k = b.shape[0], n = b.shape[1];
  for (int64_t r = 0; r < k; ++r)
    for (int64_t j = 0; j < n; ++j)
      b.floats[r * n + j] *= affine.scale[j];
  bool full = bias && bias->size() == m * n && bias->size() != n;
  int64_t rows = full ? m : 1;
  std::vector<float> values(rows * n);
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double c = !bias ? 0.0
                 : full ? bias->at(i * n + j)
                        : bias->at(bias->size() == 1 ? 0 : j);
      values[i * n + j] = float(c * affine.scale[j] + affine.shift[j]);
    }
  return HostTensor::ofFloats(full ? SmallVector<int64_t>{m, n}
                                   : SmallVector<int64_t>{n},
                              std::move(values));
}

/// out[M, N] = a[M, K] * b[K, N] (+ bias [N] or [M, N]); a BatchNormalization
/// that is the result's only user is folded in.
LogicalResult emitMatMul(Importer &im, Value a, ArrayRef<int64_t> aShape,
                         HostTensor b, const HostTensor *bias) {
  int64_t m = aShape[0], k = aShape[1], n = b.shape[1];
  if (b.shape[0] != k)
    return im.error() << "inner dims " << k << " and " << b.shape[0]
                      << " differ";
  auto bn = foldableBatchNorm(im, n);
  std::optional<HostTensor> foldedBias;
  if (bn) {
    foldedBias = foldAffineIntoMatMul(b, bias, bn->second, m);
    bias = &*foldedBias;
  }
  Value a3 = im.reshape(a, {1, m, k});
  Value b3 = im.constF32({1, k, n}, b.floats, "weight");
  Value zp = *tosa::createZeroPointTensor(im.builder, im.loc,
                                          im.builder.getF32Type(), 0);
  Value out = tosa::MatMulOp::create(im.builder, im.loc, im.f32({1, m, n}),
                                     a3, b3, zp, zp);
  out = im.reshape(out, {m, n});
  if (bias) {
    bool ok;
    if (broadcastShapes({m, n}, bias->shape, ok) !=
            SmallVector<int64_t>{m, n} ||
        !ok)
      return im.error() << "bias does not broadcast to " << m << "x" << n;
    out = tosa::AddOp::create(im.builder, im.loc, out.getType(), out,
                              im.broadcastConstant(*bias, 2, "bias"));
  }
  if (!bn) {
    im.defineValue(0, out, {m, n});
    return success();
  }
  im.markConsumed(bn->first);
  im.defineNamed(bn->first->output(0), Entry{{m, n}, out, std::nullopt});
  return success();
}

LogicalResult convertGemm(Importer &im) {
  const Entry *a = im.input(0);
  FailureOr<const HostTensor *> bIn = im.constantInput(1, "B");
  if (!a || failed(bIn))
    return failure();
  if (a->shape.size() != 2 || (*bIn)->shape.size() != 2 || !(*bIn)->isFloat)
    return im.error() << "needs a rank-2 A and a constant f32 rank-2 B";
  FailureOr<Value> aValue = im.valueInput(0);
  if (failed(aValue))
    return failure();
  SmallVector<int64_t> aShape = a->shape;
  if (im.attrInt("transA", 0)) {
    *aValue = im.transpose(*aValue, {1, 0});
    std::swap(aShape[0], aShape[1]);
  }
  HostTensor b = **bIn;
  if (im.attrInt("transB", 0))
    b = permuteHost(b, {1, 0});
  float alpha = im.attrFloat("alpha", 1), beta = im.attrFloat("beta", 1);
  for (float &v : b.floats)
    v *= alpha;
  std::optional<HostTensor> bias;
  if (im.input(2)) {
    FailureOr<const HostTensor *> c = im.constantInput(2, "C");
    if (failed(c))
      return failure();
    bias = **c;
    if (!bias->isFloat)
      return im.error() << "C must be f32";
    for (float &v : bias->floats)
      v *= beta;
  }
  return emitMatMul(im, *aValue, aShape, std::move(b),
                    bias ? &*bias : nullptr);
}

LogicalResult convertMatMul(Importer &im) {
  const Entry *a = im.input(0);
  FailureOr<const HostTensor *> b = im.constantInput(1, "the right operand");
  if (!a || failed(b))
    return failure();
  if (a->shape.size() != 2 || (*b)->shape.size() != 2 || !(*b)->isFloat)
    return im.error() << "supports a rank-2 tensor times a constant f32 "
                         "rank-2 matrix";
  FailureOr<Value> aValue = im.valueInput(0);
  if (failed(aValue))
    return failure();
  return emitMatMul(im, *aValue, a->shape, **b, nullptr);
}

//===----------------------------------------------------------------------===//
// Shape ops: ONNX meaning is on the ONNX layout
//===----------------------------------------------------------------------===//

/// Gives the current node's output the data of input 0 with ONNX shape
/// `shape` (a constant stays a constant).
LogicalResult reshapeTo(Importer &im, ArrayRef<int64_t> shape) {
  const Entry *x = im.input(0);
  std::optional<int64_t> count = checkedElementCount(shape);
  std::optional<int64_t> have = checkedElementCount(x->shape);
  if (!count || count != have)
    return im.error() << "new shape holds " << (count ? *count : -1)
                      << " elements; the input holds " << (have ? *have : -1);
  if (x->isConstant()) {
    HostTensor t = *x->constant;
    t.shape.assign(shape.begin(), shape.end());
    im.defineConstant(0, std::move(t));
    return success();
  }
  FailureOr<Value> v = im.onnxLayoutInput(0);
  if (failed(v))
    return failure();
  im.defineValue(0, im.fromOnnxLayout(im.reshape(*v, shape)), shape);
  return success();
}

LogicalResult convertReshape(Importer &im) {
  FailureOr<const HostTensor *> target = im.constantInput(1, "the shape");
  if (!im.input(0) || failed(target))
    return failure();
  ArrayRef<int64_t> in = im.input(0)->shape;
  SmallVector<int64_t> shape;
  int64_t known = 1, inferred = -1;
  bool allowZero = im.attrInt("allowzero", 0);
  for (int64_t i = 0; i < (*target)->size(); ++i) {
    int64_t dim = (*target)->intAt(i);
    if (dim == 0 && !allowZero) {
      if (i >= int64_t(in.size()))
        return im.error() << "shape copies dim " << i << " the input lacks";
      dim = in[i];
    }
    if (dim == -1) {
      if (inferred >= 0)
        return im.error() << "shape has two -1 dims";
      inferred = i;
    } else if (dim < 0) {
      return im.error() << "shape has negative dim " << dim;
    } else if (llvm::MulOverflow(known, std::max<int64_t>(dim, 1), known)) {
      return im.error() << "shape is too large";
    }
    shape.push_back(dim);
  }
  if (inferred >= 0) {
    std::optional<int64_t> total = checkedElementCount(in);
    if (!total || *total % known)
      return im.error() << "cannot infer the -1 dim";
    shape[inferred] = *total / known;
  }
  return reshapeTo(im, shape);
}

LogicalResult convertFlatten(Importer &im) {
  if (!im.input(0))
    return im.error() << "input 0 is missing";
  ArrayRef<int64_t> in = im.input(0)->shape;
  int64_t axis = im.attrInt("axis", 1);
  if (axis < 0)
    axis += in.size();
  if (axis < 0 || axis > int64_t(in.size()))
    return im.error() << "axis out of range";
  int64_t outer = 1, inner = 1;
  for (auto [i, dim] : llvm::enumerate(in))
    (int64_t(i) < axis ? outer : inner) *= dim;
  return reshapeTo(im, {outer, inner});
}

LogicalResult convertSqueeze(Importer &im) {
  FailureOr<SmallVector<int64_t>> axes = axesOf(im);
  if (!im.input(0) || failed(axes))
    return failure();
  ArrayRef<int64_t> in = im.input(0)->shape;
  llvm::SmallDenseSet<int64_t> drop;
  for (int64_t axis : *axes) {
    std::optional<int64_t> a = normalizeAxis(axis, in.size());
    if (!a || in[*a] != 1)
      return im.error() << "cannot squeeze axis " << axis;
    drop.insert(*a);
  }
  SmallVector<int64_t> shape;
  for (auto [i, dim] : llvm::enumerate(in))
    if (axes->empty() ? dim != 1 : !drop.contains(i))
      shape.push_back(dim);
  return reshapeTo(im, shape);
}

LogicalResult convertUnsqueeze(Importer &im) {
  FailureOr<SmallVector<int64_t>> axes = axesOf(im);
  if (!im.input(0) || failed(axes))
    return failure();
  ArrayRef<int64_t> in = im.input(0)->shape;
  size_t rank = in.size() + axes->size();
  SmallVector<int64_t> shape(rank, -1);
  for (int64_t axis : *axes) {
    std::optional<int64_t> a = normalizeAxis(axis, rank);
    if (!a || shape[*a] == 1)
      return im.error() << "bad unsqueeze axis " << axis;
    shape[*a] = 1;
  }
  auto next = in.begin();
  for (int64_t &dim : shape)
    if (dim == -1)
      dim = *next++;
  return reshapeTo(im, shape);
}

} // namespace

namespace {

LogicalResult convertConcat(Importer &im) {
  SmallVector<const Entry *> inputs;
  for (int i = 0; i < im.node->input_size(); ++i)
    if (const Entry *e = im.input(i))
      inputs.push_back(e);
  if (inputs.empty())
    return im.error() << "has no inputs";
  size_t rank = inputs.front()->shape.size();
  std::optional<int64_t> axis = normalizeAxis(im.attrInt("axis", 0), rank);
  if (!axis)
    return im.error() << "axis out of range";
  SmallVector<int64_t> shape = inputs.front()->shape;
  shape[*axis] = 0;
  for (const Entry *e : inputs) {
    SmallVector<int64_t> a = e->shape, b = inputs.front()->shape;
    if (a.size() != rank)
      return im.error() << "inputs have different ranks";
    a[*axis] = b[*axis] = 0;
    if (a != b)
      return im.error() << "inputs differ off the concat axis";
    shape[*axis] += e->shape[*axis];
  }
  if (llvm::all_of(inputs, [](const Entry *e) { return e->isConstant(); })) {
    // Shape computations: concatenations of 1-D integer constants.
    if (rank != 1)
      return im.error() << "folds only rank-1 constant concatenations";
    HostTensor out = *inputs.front()->constant;
    out.shape = shape;
    for (const Entry *e : llvm::drop_begin(inputs)) {
      const HostTensor &t = *e->constant;
      for (int64_t i = 0; i < t.size(); ++i) {
        if (out.isFloat)
          out.floats.push_back(float(t.at(i)));
        else
          out.ints.push_back(t.intAt(i));
      }
    }
    im.defineConstant(0, std::move(out));
    return success();
  }
  SmallVector<Value> values;
  for (int i = 0; i < im.node->input_size(); ++i) {
    if (!im.input(i))
      continue;
    FailureOr<Value> v = im.valueInput(i);
    if (failed(v))
      return failure();
    values.push_back(*v);
  }
  Value out = tosa::ConcatOp::create(im.builder, im.loc,
                                     im.f32(internalShape(shape)), values,
                                     uint32_t(internalAxis(*axis, rank)));
  im.defineValue(0, out, shape);
  return success();
}

LogicalResult convertTranspose(Importer &im) {
  const Entry *x = im.requiredInput(0);
  if (!x)
    return failure();
  size_t rank = x->shape.size();
  SmallVector<int64_t> perm;
  if (std::optional<SmallVector<int64_t>> p = im.attrInts("perm"))
    perm = *p;
  else
    for (size_t i = 0; i < rank; ++i)
      perm.push_back(rank - 1 - i);
  SmallVector<int64_t> sorted = perm;
  llvm::sort(sorted);
  if (!llvm::equal(sorted, llvm::seq<int64_t>(0, rank)))
    return im.error() << "perm is not a permutation of the " << rank
                      << " axes";
  if (x->isConstant()) {
    HostTensor t = permuteHost(*x->constant, perm);
    im.defineConstant(0, std::move(t));
    return success();
  }
  FailureOr<Value> v = im.onnxLayoutInput(0);
  if (failed(v))
    return failure();
  Value out = im.fromOnnxLayout(im.permute(*v, perm));
  SmallVector<int64_t> shape;
  for (int64_t axis : perm)
    shape.push_back(x->shape[axis]);
  im.defineValue(0, out, shape);
  return success();
}

LogicalResult convertIdentity(Importer &im) {
  const Entry *x = im.requiredInput(0);
  if (!x)
    return failure();
  im.define(0, *x);
  return success();
}

LogicalResult convertConstant(Importer &im) {
  if (const onnx::AttributeProto *value = im.attr("value")) {
    llvm::Expected<HostTensor> t =
        loadTensor(value->t(), im.getOptions().externalDataDir);
    if (!t)
      return im.error() << llvm::toString(t.takeError());
    im.defineConstant(0, std::move(*t));
    return success();
  }
  HostTensor t;
  if (const onnx::AttributeProto *a = im.attr("value_float"))
    t = HostTensor::ofFloats({}, {a->f()});
  else if (const onnx::AttributeProto *a = im.attr("value_floats"))
    t = HostTensor::ofFloats({a->floats_size()},
                             {a->floats().begin(), a->floats().end()});
  else if (const onnx::AttributeProto *a = im.attr("value_int"))
    t = HostTensor::ofInts({}, {a->i()});
  else if (const onnx::AttributeProto *a = im.attr("value_ints"))
    t = HostTensor::ofInts({a->ints_size()},
                           {a->ints().begin(), a->ints().end()});
  else
    return im.error() << "has no supported value attribute";
  im.defineConstant(0, std::move(t));
  return success();
}

/// Shape: the input's static shape, as a constant.
LogicalResult convertShape(Importer &im) {
  const Entry *x = im.requiredInput(0);
  if (!x)
    return failure();
  int64_t rank = x->shape.size();
  int64_t start = im.attrInt("start", 0), end = im.attrInt("end", rank);
  start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
  end = std::clamp<int64_t>(end < 0 ? end + rank : end, start, rank);
  std::vector<int64_t> dims(x->shape.begin() + start, x->shape.begin() + end);
  int64_t n = dims.size();
  im.defineConstant(0, HostTensor::ofInts({n}, std::move(dims)));
  return success();
}

/// Gather on constants (shape computations).
LogicalResult convertGather(Importer &im) {
  FailureOr<const HostTensor *> data = im.constantInput(0, "the data");
  FailureOr<const HostTensor *> indices = im.constantInput(1, "the indices");
  if (failed(data) || failed(indices))
    return failure();
  const HostTensor &d = **data;
  std::optional<int64_t> axis = normalizeAxis(im.attrInt("axis", 0),
                                              d.shape.size());
  if (!axis)
    return im.error() << "axis out of range";
  int64_t outer = 1, inner = 1, extent = d.shape[*axis];
  for (int64_t i = 0; i < *axis; ++i)
    outer *= d.shape[i];
  for (size_t i = *axis + 1; i < d.shape.size(); ++i)
    inner *= d.shape[i];
  HostTensor out = d;
  out.floats.clear();
  out.ints.clear();
  out.shape.assign(d.shape.begin(), d.shape.begin() + *axis);
  out.shape.append((*indices)->shape.begin(), (*indices)->shape.end());
  out.shape.append(d.shape.begin() + *axis + 1, d.shape.end());
  if (!checkedElementCount(out.shape))
    return im.error() << "the result is too large";
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t k = 0; k < (*indices)->size(); ++k) {
      int64_t index = (*indices)->intAt(k);
      if (index < 0)
        index += extent;
      if (index < 0 || index >= extent)
        return im.error() << "index " << (*indices)->intAt(k)
                          << " out of range";
      for (int64_t i = 0; i < inner; ++i) {
        int64_t source = (o * extent + index) * inner + i;
        if (d.isFloat)
          out.floats.push_back(d.floats[source]);
        else
          out.ints.push_back(d.ints[source]);
      }
    }
  im.defineConstant(0, std::move(out));
  return success();
}

/// Cast: constants are converted; f32 tensors cast to f32 pass through.
LogicalResult convertCast(Importer &im) {
  const Entry *x = im.requiredInput(0);
  if (!x)
    return failure();
  int64_t to = im.attrInt("to", 0);
  bool toFloat = to == onnx::TensorProto::FLOAT || to == onnx::TensorProto::DOUBLE;
  if (!x->isConstant()) {
    if (to != onnx::TensorProto::FLOAT)
      return im.error() << "casts an f32 tensor to another type";
    im.define(0, *x);
    return success();
  }
  const HostTensor &t = *x->constant;
  HostTensor out;
  if (toFloat) {
    std::vector<float> values;
    for (int64_t i = 0; i < t.size(); ++i)
      values.push_back(float(t.at(i)));
    out = HostTensor::ofFloats(t.shape, std::move(values));
  } else {
    std::vector<int64_t> values;
    for (int64_t i = 0; i < t.size(); ++i)
      values.push_back(t.intAt(i));
    out = HostTensor::ofInts(t.shape, std::move(values));
  }
  im.defineConstant(0, std::move(out));
  return success();
}

//===----------------------------------------------------------------------===//
// Pad, Resize / Upsample, DepthToSpace (rank 4, NHWC inside)
//===----------------------------------------------------------------------===//

/// Pad, constant mode: tosa.pad with the pads in the internal layout.
/// A crop of H and W (ONNX NCHW `start`, `size`) of the result of a
/// tosa.transpose_conv2d with no other use, folded into its out_pad (a
/// TF-SAME deconv: ConvTranspose then a negative Pad), so that what follows
/// (bias add, BatchNorm) stays next to the conv for accel-prepare-tosa.
/// Returns the new result, or null when out_pad cannot express the crop
/// (TOSA needs out_pad > -kernel).
Value cropTransposeConv(Importer &im, Value v, ArrayRef<int64_t> start,
                        ArrayRef<int64_t> size) {
  auto op = v.getDefiningOp<tosa::TransposeConv2DOp>();
  if (!op || !v.use_empty() || !im.isSoleUserOfInput(0))
    return Value();
  auto type = cast<RankedTensorType>(v.getType());
  ArrayRef<int64_t> kernel =
      cast<RankedTensorType>(op.getWeight().getType()).getShape();
  SmallVector<int64_t> outPad(op.getOutPad());
  for (int i = 0; i < 2; ++i) {
    int64_t cropBegin = start[2 + i];
    int64_t cropEnd = type.getDimSize(1 + i) - cropBegin - size[2 + i];
    outPad[2 * i] -= cropBegin;
    outPad[2 * i + 1] -= cropEnd;
    if (outPad[2 * i] <= -kernel[1 + i] || outPad[2 * i + 1] <= -kernel[1 + i])
      return Value();
  }
  OpBuilder::InsertionGuard guard(im.builder);
  im.builder.setInsertionPoint(op);
  Value folded = tosa::TransposeConv2DOp::create(
      im.builder, op.getLoc(),
      type.clone({type.getDimSize(0), size[2], size[3], type.getDimSize(3)}),
      op.getInput(), op.getWeight(), op.getBias(), op.getInputZp(),
      op.getWeightZp(), im.builder.getDenseI64ArrayAttr(outPad),
      op.getStrideAttr(), op.getAccTypeAttr());
  op.erase();
  return folded;
}

LogicalResult convertPad(Importer &im) {
  const Entry *x = im.requiredInput(0);
  if (!x)
    return failure();
  if (std::string mode = im.attrString("mode", "constant"); mode != "constant")
    return im.error() << "mode '" << mode << "' is not supported (constant only)";
  size_t rank = x->shape.size();
  SmallVector<int64_t> pads;
  float value = im.attrFloat("value", 0);
  if (im.opset < 11) {
    pads = im.attrInts("pads").value_or(SmallVector<int64_t>());
  } else {
    FailureOr<const HostTensor *> p = im.constantInput(1, "the pads");
    if (failed(p))
      return failure();
    for (int64_t i = 0; i < (*p)->size(); ++i)
      pads.push_back((*p)->intAt(i));
    if (im.input(2)) {
      FailureOr<const HostTensor *> c = im.constantInput(2, "the pad value");
      if (failed(c))
        return failure();
      if ((*c)->size() != 1)
        return im.error() << "the pad value must be a scalar";
      value = float((*c)->at(0));
    }
    if (im.input(3))
      return im.error() << "the axes input is not supported";
  }
  if (pads.size() != 2 * rank)
    return im.error() << "needs " << 2 * rank << " pads, got " << pads.size();
  // Negative pads crop (ONNX; what TF-SAME exporters write after a
  // transposed conv): a tosa.slice of the negative parts first, then a
  // tosa.pad of the positive ones. Each side is independent, so the order
  // does not change the result.
  SmallVector<int64_t> cropStart(rank, 0), cropped(x->shape);
  for (size_t i = 0; i < rank; ++i) {
    int64_t begin = pads[i], end = pads[rank + i];
    if (begin < -x->shape[i] || end < -x->shape[i] ||
        x->shape[i] + std::min<int64_t>(begin, 0) + std::min<int64_t>(end, 0) <
            1)
      return im.error() << "pads (" << begin << ", " << end << ") on axis "
                        << i << " crop the whole axis of size "
                        << x->shape[i];
    cropStart[i] = std::max<int64_t>(-begin, 0);
    cropped[i] -= std::max<int64_t>(-begin, 0) + std::max<int64_t>(-end, 0);
    pads[i] = std::max<int64_t>(begin, 0);
    pads[rank + i] = std::max<int64_t>(end, 0);
  }
  SmallVector<int64_t> shape(cropped);
  for (size_t i = 0; i < rank; ++i)
    shape[i] += pads[i] + pads[rank + i];
  if (!checkedElementCount(shape))
    return im.error() << "the padded tensor is too large";
  FailureOr<Value> v = im.valueInput(0);
  if (failed(v))
    return failure();
  if (cropped != ArrayRef<int64_t>(x->shape) && rank == 4 &&
      cropStart[0] == 0 && cropStart[1] == 0 && cropped[0] == x->shape[0] &&
      cropped[1] == x->shape[1])
    if (Value folded = cropTransposeConv(im, *v, cropStart, cropped)) {
      *v = folded;
      cropped.assign(x->shape.begin(), x->shape.end());
    }
  if (cropped != ArrayRef<int64_t>(x->shape))
  {
    SmallVector<int64_t> start = internalShape(cropStart);
    if (rank == 3)
      start[1] = 0; // the H = 1 axis of the N,1,L,C form
    *v = im.slice(*v, start, internalShape(cropped));
  }
  if (llvm::all_of(pads, [](int64_t p) { return p == 0; })) {
    im.defineValue(0, *v, shape);
    return success();
  }
  // ONNX pads are [begin..., end...] per ONNX axis; TOSA's are (low, high)
  // per internal axis.
  SmallVector<int64_t> padding;
  for (size_t axis = 0; axis < (rank == 3 ? 4 : rank); ++axis) {
    int64_t onnxAxis = -1; // the H = 1 axis of a rank-3 tensor
    for (size_t a = 0; a < rank; ++a)
      if (size_t(internalAxis(a, rank)) == axis)
        onnxAxis = a;
    padding.push_back(onnxAxis < 0 ? 0 : pads[onnxAxis]);
    padding.push_back(onnxAxis < 0 ? 0 : pads[rank + onnxAxis]);
  }
  ImplicitLocOpBuilder b(im.loc, im.builder);
  Value out = tosa::PadOp::create(im.builder, im.loc,
                                  im.f32(internalShape(shape)), *v,
                                  tosa::getTosaConstShape(b, padding),
                                  im.constF32({1}, {value}));
  im.defineValue(0, out, shape);
  return success();
}

/// One axis of a tosa.resize: scale numerator / denominator, offset, border.
struct ResizeAxis {
  int64_t n, d, offset, border;
};

/// The TOSA resize parameters for an integer upscale `s` of one axis (or
/// align_corners from `in` to `out`), or nullopt when the mode has no
/// exact TOSA form.
std::optional<ResizeAxis> resizeAxis(StringRef mode, StringRef coordinates,
                                     StringRef nearestMode, int64_t in,
                                     int64_t out) {
  // half_pixel_symmetric (opset 19) is half_pixel when the output size is
  // the exact scaled size, which every integer upscale below is.
  bool halfPixel = coordinates == "half_pixel" ||
                   coordinates == "half_pixel_symmetric" ||
                   (coordinates == "pytorch_half_pixel" && out > 1);
  if (coordinates == "align_corners" && mode == "linear") {
    if (in == 1 || out == 1)
      return ResizeAxis{1, 1, 0, 0};
    return ResizeAxis{out - 1, in - 1, 0, 0};
  }
  if (out % in)
    return std::nullopt;
  int64_t s = out / in;
  if (mode == "linear") {
    if (halfPixel) // source = (o + 0.5) / s - 0.5
      return ResizeAxis{2 * s, 2, 1 - s, s - 1};
    if (coordinates == "asymmetric") // source = o / s
      return ResizeAxis{s, 1, 0, s - 1};
    return std::nullopt;
  }
  // Nearest: with an integer scale, half_pixel (any rounding) and
  // asymmetric + floor both read input floor(o / s); TOSA rounds half up,
  // so shift by s / 2.
  if (halfPixel || (coordinates == "asymmetric" && nearestMode == "floor"))
    return ResizeAxis{s, 1, -(s / 2), s - 1 - s / 2};
  return std::nullopt;
}

/// The output size of Resize / Upsample from scales or sizes.
FailureOr<SmallVector<int64_t>> resizeOutputShape(Importer &im,
                                                  ArrayRef<int64_t> in) {
  const HostTensor *scales = nullptr, *sizes = nullptr;
  std::optional<HostTensor> attrScales;
  bool upsample = im.node->op_type() == "Upsample";
  // Opset 18's additions: antialias changes downscales only (which have no
  // exact form here anyway), axes names the dims scales / sizes cover.
  if (im.attrInt("antialias", 0) != 0)
    return im.error() << "antialias = 1 is not supported";
  if (std::optional<SmallVector<int64_t>> axes = im.attrInts("axes")) {
    SmallVector<int64_t> all;
    for (size_t i = 0; i < in.size(); ++i)
      all.push_back(int64_t(i));
    SmallVector<int64_t> given;
    for (int64_t axis : *axes)
      given.push_back(axis < 0 ? axis + int64_t(in.size()) : axis);
    if (given != all)
      return im.error() << "the axes attribute must list every axis in order";
  }
  if (std::string policy = im.attrString("keep_aspect_ratio_policy", "stretch");
      policy != "stretch")
    return im.error() << "keep_aspect_ratio_policy '" << policy
                      << "' is not supported (stretch only)";
  if (upsample && im.opset < 9) {
    const onnx::AttributeProto *a = im.attr("scales");
    if (!a)
      return im.error() << "needs the scales attribute";
    attrScales = HostTensor::ofFloats({a->floats_size()},
                                      {a->floats().begin(), a->floats().end()});
    scales = &*attrScales;
  } else {
    int scalesIndex = upsample || im.opset < 11 ? 1 : 2;
    for (int i : {scalesIndex, scalesIndex + 1}) {
      const Entry *e = im.input(i);
      if (!e || (i != scalesIndex && upsample))
        continue;
      if (!e->isConstant())
        return im.error() << "needs constant scales or sizes";
      if (e->constant->size() == 0)
        continue; // an empty tensor stands for "absent"
      (i == scalesIndex ? scales : sizes) = &*e->constant;
    }
  }
  const HostTensor *given = sizes ? sizes : scales;
  if (!given || given->size() != int64_t(in.size()))
    return im.error() << "needs " << in.size() << " scales or sizes";
  SmallVector<int64_t> out;
  for (size_t i = 0; i < in.size(); ++i) {
    double value = sizes ? double(sizes->intAt(i)) : in[i] * scales->at(i);
    if (!(value == std::floor(value) && value >= 1 && value <= kMaxElements))
      return im.error() << "output dim " << i << " = " << value
                        << " is not a positive integer";
    out.push_back(int64_t(value));
  }
  if (out[0] != in[0] || out[1] != in[1])
    return im.error() << "resizes the batch or channel dims";
  if (!checkedElementCount(out))
    return im.error() << "the output is too large";
  return out;
}

LogicalResult convertResize(Importer &im) {
  const Entry *x = im.requiredInput(0);
  if (!x)
    return failure();
  if (x->shape.size() != 4)
    return im.error() << "supports rank-4 (N, C, H, W) inputs";
  FailureOr<SmallVector<int64_t>> out = resizeOutputShape(im, x->shape);
  FailureOr<Value> v = im.valueInput(0);
  if (failed(out) || failed(v))
    return failure();
  std::string mode = im.attrString("mode", "nearest");
  if (mode == "bilinear")
    mode = "linear";
  bool upsample = im.node->op_type() == "Upsample";
  std::string coordinates = upsample ? "asymmetric"
                                     : im.attrString("coordinate_transformation_mode",
                                                     "half_pixel");
  std::string nearestMode =
      upsample ? "floor" : im.attrString("nearest_mode", "round_prefer_floor");
  std::optional<ResizeAxis> axes[2];
  for (int i = 0; i < 2; ++i)
    axes[i] = resizeAxis(mode, coordinates, nearestMode, x->shape[2 + i],
                         (*out)[2 + i]);
  if (!axes[0] || !axes[1] || (mode != "nearest" && mode != "linear"))
    return im.error() << "mode '" << mode << "' with coordinate_transformation_mode '"
                      << coordinates << "' and nearest_mode '" << nearestMode
                      << "' at this scale has no exact TOSA form (supported: "
                         "integer upscales, nearest or linear; linear also "
                         "align_corners)";
  ImplicitLocOpBuilder b(im.loc, im.builder);
  Value result = tosa::ResizeOp::create(
      im.builder, im.loc, im.f32(internalShape(*out)), *v,
      tosa::getTosaConstShape(b, {axes[0]->n, axes[0]->d, axes[1]->n,
                                  axes[1]->d}),
      tosa::getTosaConstShape(b, {axes[0]->offset, axes[1]->offset}),
      tosa::getTosaConstShape(b, {axes[0]->border, axes[1]->border}),
      mode == "linear" ? tosa::ResizeMode::BILINEAR
                       : tosa::ResizeMode::NEAREST_NEIGHBOR);
  im.defineValue(0, result, *out);
  return success();
}

/// DepthToSpace on NHWC: reshape the channels into (block, block, C') (DCR)
/// or (C', block, block) (CRD), move the blocks next to H and W, reshape.
LogicalResult convertDepthToSpace(Importer &im) {
  const Entry *x = im.requiredInput(0);
  if (!x)
    return failure();
  int64_t block = im.attrInt("blocksize", 0);
  std::string mode = im.attrString("mode", "DCR");
  // block <= C / block first: block * block must not overflow.
  if (x->shape.size() != 4 || block < 1 || block > x->shape[1] / block ||
      x->shape[1] % (block * block) || (mode != "DCR" && mode != "CRD"))
    return im.error() << "needs a rank-4 input whose channels divide by "
                         "blocksize^2 and mode DCR or CRD";
  FailureOr<Value> v = im.valueInput(0);
  if (failed(v))
    return failure();
  int64_t n = x->shape[0], c = x->shape[1] / (block * block);
  int64_t h = x->shape[2], w = x->shape[3];
  bool dcr = mode == "DCR";
  Value split = im.reshape(*v, dcr ? SmallVector<int64_t>{n, h, w, block, block, c}
                                   : SmallVector<int64_t>{n, h, w, c, block, block});
  Value moved = im.transpose(split, dcr ? SmallVector<int32_t>{0, 1, 3, 2, 4, 5}
                                        : SmallVector<int32_t>{0, 1, 4, 2, 5, 3});
  SmallVector<int64_t> shape = {n, c, h * block, w * block};
  im.defineValue(0, im.reshape(moved, internalShape(shape)), shape);
  return success();
}

/// ConstantOfShape: a constant shape filled with `value` (default 0.0f).
LogicalResult convertConstantOfShape(Importer &im) {
  FailureOr<const HostTensor *> shapeIn = im.constantInput(0, "the shape");
  if (failed(shapeIn))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < (*shapeIn)->size(); ++i)
    shape.push_back((*shapeIn)->intAt(i));
  std::optional<int64_t> count = checkedElementCount(shape);
  if (!count)
    return im.error() << "shape is negative or too large";
  HostTensor fill = HostTensor::ofFloats({1}, {0.0f});
  if (const onnx::AttributeProto *a = im.attr("value")) {
    llvm::Expected<HostTensor> t =
        loadTensor(a->t(), im.getOptions().externalDataDir);
    if (!t)
      return im.error() << llvm::toString(t.takeError());
    if (t->size() != 1)
      return im.error() << "value must hold one element";
    fill = std::move(*t);
  }
  HostTensor out = fill;
  out.shape = shape;
  if (out.isFloat)
    out.floats.assign(*count, fill.floats[0]);
  else
    out.ints.assign(*count, fill.ints[0]);
  im.defineConstant(0, std::move(out));
  return success();
}

/// The indices ONNX Slice takes along one axis of extent `dim`.
SmallVector<int64_t> sliceIndices(int64_t dim, int64_t start, int64_t end,
                                  int64_t step) {
  auto wrap = [&](int64_t i) { return i < 0 ? i + dim : i; };
  start = wrap(start);
  end = wrap(end);
  SmallVector<int64_t> indices;
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, dim);
    end = std::clamp<int64_t>(end, 0, dim);
    for (int64_t i = start; i < end; i += step)
      indices.push_back(i);
  } else {
    start = std::clamp<int64_t>(start, 0, dim - 1);
    end = std::clamp<int64_t>(end, -1, dim - 1);
    for (int64_t i = start; i > end; i += step)
      indices.push_back(i);
  }
  return indices;
}

/// Slice of a constant (the pad lists PyTorch computes).
LogicalResult convertSlice(Importer &im) {
  FailureOr<const HostTensor *> data = im.constantInput(0, "the data");
  if (failed(data))
    return im.error() << "Slice is supported on constants only";
  const HostTensor &d = **data;
  size_t rank = d.shape.size();
  auto list = [&](int input, StringRef name)
      -> FailureOr<std::optional<SmallVector<int64_t>>> {
    if (im.opset < 10)
      return im.attrInts(name);
    if (!im.input(input))
      return std::optional<SmallVector<int64_t>>();
    FailureOr<const HostTensor *> t = im.constantInput(input, name);
    if (failed(t))
      return failure();
    SmallVector<int64_t> values;
    for (int64_t i = 0; i < (*t)->size(); ++i)
      values.push_back((*t)->intAt(i));
    return std::optional<SmallVector<int64_t>>(values);
  };
  auto starts = list(1, "starts"), ends = list(2, "ends");
  auto axes = list(3, "axes"), steps = list(4, "steps");
  if (failed(starts) || failed(ends) || failed(axes) || failed(steps))
    return failure();
  if (!*starts || !*ends || (*starts)->size() != (*ends)->size())
    return im.error() << "needs starts and ends of one length";
  SmallVector<SmallVector<int64_t>> indices;
  for (int64_t dim : d.shape)
    indices.push_back(sliceIndices(dim, 0, dim, 1));
  for (size_t i = 0; i < (*starts)->size(); ++i) {
    std::optional<int64_t> axis =
        normalizeAxis(*axes ? (**axes)[i] : int64_t(i), rank);
    int64_t step = *steps ? (**steps)[i] : 1;
    if (!axis || step == 0)
      return im.error() << "bad axis or zero step";
    indices[*axis] = sliceIndices(d.shape[*axis], (**starts)[i],
                                  (**ends)[i], step);
  }
  SmallVector<int64_t> shape, strides(rank, 1);
  for (size_t a = 0; a < rank; ++a)
    shape.push_back(indices[a].size());
  for (int a = int(rank) - 2; a >= 0; --a)
    strides[a] = strides[a + 1] * d.shape[a + 1];
  HostTensor out = d;
  out.shape = shape;
  out.floats.clear();
  out.ints.clear();
  int64_t count = *checkedElementCount(shape);
  SmallVector<int64_t> pos(rank, 0);
  for (int64_t flat = 0; flat < count; ++flat) {
    int64_t source = 0;
    for (size_t a = 0; a < rank; ++a)
      source += indices[a][pos[a]] * strides[a];
    if (d.isFloat)
      out.floats.push_back(d.floats[source]);
    else
      out.ints.push_back(d.ints[source]);
    for (int a = int(rank) - 1; a >= 0; --a) {
      if (++pos[a] < shape[a])
        break;
      pos[a] = 0;
    }
  }
  im.defineConstant(0, std::move(out));
  return success();
}

Converter converterFor(StringRef opType) {
  return llvm::StringSwitch<Converter>(opType)
      .Case("Conv", convertConv)
      .Case("ConvTranspose", convertConvTranspose)
      .Case("BatchNormalization", convertBatchNorm)
      .Case("Relu", convertRelu)
      .Case("Clip", convertClip)
      .Case("LeakyRelu", convertLeakyRelu)
      .Case("PRelu", convertPRelu)
      .Case("Tanh", convertUnary<tosa::TanhOp>)
      .Case("Sigmoid", convertUnary<tosa::SigmoidOp>)
      .Case("Erf", convertUnary<tosa::ErfOp>)
      .Case("Exp", convertUnary<tosa::ExpOp>)
      .Case("Log", convertUnary<tosa::LogOp>)
      .Case("Abs", convertUnary<tosa::AbsOp>)
      .Case("Reciprocal", convertUnary<tosa::ReciprocalOp>)
      .Case("Neg", convertNeg)
      .Case("Pow", convertPow)
      .Case("Elu", convertElu)
      .Cases({"Softplus", "Mish"}, convertSoftplus)
      .Cases({"HardSigmoid", "HardSwish"}, convertHardSigmoid)
      .Case("Gelu", convertGelu)
      .Cases({"MaxPool", "AveragePool"}, convertPool)
      .Cases({"Add", "Sub", "Mul", "Div"}, convertBinary)
      .Case("Gemm", convertGemm)
      .Case("MatMul", convertMatMul)
      .Case("Reshape", convertReshape)
      .Case("Flatten", convertFlatten)
      .Case("Squeeze", convertSqueeze)
      .Case("Unsqueeze", convertUnsqueeze)
      .Case("Concat", convertConcat)
      .Case("Transpose", convertTranspose)
      .Cases({"Identity", "Dropout"}, convertIdentity)
      .Case("Constant", convertConstant)
      .Case("Shape", convertShape)
      .Case("Gather", convertGather)
      .Case("Cast", convertCast)
      .Case("Pad", convertPad)
      .Case("ConstantOfShape", convertConstantOfShape)
      .Case("Slice", convertSlice)
      .Cases({"Resize", "Upsample"}, convertResize)
      .Case("DepthToSpace", convertDepthToSpace)
      .Case("QLinearConv", convertQLinearConv)
      .Case("ConvInteger", convertConvInteger)
      .Case("QuantizeLinear", convertQuantizeLinear)
      .Case("DequantizeLinear", convertDequantizeLinear)
      .Case("Softmax", convertSoftmax)
      .Case("InstanceNormalization", convertInstanceNorm)
      .Case("LayerNormalization", convertLayerNorm)
      .Case("Sqrt", convertSqrt)
      .Case("ReduceMean", convertReduceMean)
      .Case("GlobalAveragePool", convertGlobalAveragePool)
      .Default(nullptr);
}

} // namespace

LogicalResult accel::onnx_import::convertNode(Importer &im) {
  Converter convert = converterFor(im.node->op_type());
  if (!convert)
    return im.error() << "unsupported op type '" << im.node->op_type()
                      << "' (docs/Import.md lists the supported ops)";
  // A node that reads a DequantizeLinear's result is the op of a QDQ
  // pattern (DQ -> op -> Q): it becomes int8 TOSA (OnnxQdqOps.cpp).
  if (readsDequantized(im))
    return convertQdqOp(im);
  // int8 tensors (a quantized model's) feed only the quantized converters.
  if (convert != convertQLinearConv && convert != convertConvInteger &&
      convert != convertQuantizeLinear && convert != convertDequantizeLinear)
    for (int i = 0, n = im.node->input_size(); i < n; ++i)
      if (const Entry *e = im.input(i);
          e && e->value &&
          !cast<RankedTensorType>(e->value.getType()).getElementType().isF32())
        return im.error() << "input '" << im.node->input(i)
                          << "' is int8; " << im.node->op_type()
                          << " takes f32 tensors only (mixed dtypes)";
  return convert(im);
}
