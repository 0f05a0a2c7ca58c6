//===- Quantize.cpp - The accel-quantize pass (post-training int8) --------===//
//
// Post-training quantization of f32 TOSA functions (docs/Quantization.md):
// plan which tensors are int8 and which are i32 accumulator chains, run the
// f32 function on the calibration inputs (QuantizeEval.h) for the ranges,
// derive the int8 parameters, estimate the SQNR with a fake-quantized
// evaluation, then rewrite the function into int8 TOSA.
//
//===----------------------------------------------------------------------===//

#include "QuantizeEval.h"

#include "accel/Dialect/Accel/IR/AccelAnnotations.h"
#include "accel/Sim/Npy.h"
#include "accel/Support/OutputFile.h"
#include "accel/Support/Rescale.h"
#include "accel/Transforms/Passes.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace accel {
#define GEN_PASS_DEF_QUANTIZEPASS
#include "accel/Transforms/Passes.h.inc"
} // namespace accel

using namespace mlir;
using accel::evaluateTosaF32;
using accel::HostF32;
using accel::isEvaluableTosaOp;
using accel::quantizeScale;
using accel::readF32Constant;
using accel::ScaleMultiplier;

namespace {

/// real = scale * (q - zeroPoint).
struct QParams {
  double scale = 1.0;
  int32_t zeroPoint = 0;
};

struct Range {
  float lo = std::numeric_limits<float>::infinity();
  float hi = -std::numeric_limits<float>::infinity();
};

int8_t quantizeValue(double real, QParams p) {
  double q = std::nearbyint(real / p.scale) + p.zeroPoint;
  return int8_t(std::clamp(q, -128.0, 127.0));
}

float fakeQuantize(float real, QParams p) {
  return float(p.scale * (quantizeValue(real, p) - p.zeroPoint));
}

/// Asymmetric int8 parameters covering [lo, hi] widened to contain 0.
QParams paramsFor(Range r) {
  double lo = std::min(0.0, double(r.lo)), hi = std::max(0.0, double(r.hi));
  if (!std::isfinite(lo) || !std::isfinite(hi) || hi - lo <= 0)
    return {1.0 / 255, -128};
  QParams p;
  p.scale = (hi - lo) / 255.0;
  p.zeroPoint =
      int32_t(std::clamp(std::nearbyint(-128.0 - lo / p.scale), -128.0, 127.0));
  return p;
}

bool isConvLike(Operation *op) {
  return isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::TransposeConv2DOp,
             tosa::MatMulOp>(op);
}

/// The constant weight operand of a conv-like op.
Value weightOf(Operation *op) {
  if (auto m = dyn_cast<tosa::MatMulOp>(op))
    return m.getB();
  return op->getOperand(1);
}

/// Per-output-channel symmetric int8 weights.
struct QuantWeights {
  std::vector<int8_t> values;
  std::vector<double> scales; ///< one per output channel
  HostF32 dequantized;
};

/// Output channel of flat weight element i: OHWI (conv, transpose conv) has
/// it first; depthwise [KH, KW, C, M] and matmul [1, K, N] last.
QuantWeights quantizeWeights(Operation *op, const HostF32 &w) {
  bool leading = isa<tosa::Conv2DOp, tosa::TransposeConv2DOp>(op);
  int64_t n = int64_t(w.data.size());
  int64_t channels = leading ? w.shape[0]
                     : isa<tosa::DepthwiseConv2DOp>(op)
                         ? w.shape[2] * w.shape[3]
                         : w.shape.back();
  auto channelOf = [&](int64_t i) {
    return leading ? i / (n / channels) : i % channels;
  };
  QuantWeights q;
  std::vector<double> maxAbs(channels, 0.0);
  for (int64_t i = 0; i < n; ++i)
    maxAbs[channelOf(i)] =
        std::max(maxAbs[channelOf(i)], double(std::fabs(w.data[i])));
  for (double m : maxAbs)
    q.scales.push_back(m > 0 ? m / 127.0 : 1.0);
  q.dequantized = w;
  for (int64_t i = 0; i < n; ++i) {
    QParams p{q.scales[channelOf(i)], 0};
    q.values.push_back(quantizeValue(w.data[i], p));
    q.dequantized.data[i] = float(p.scale * q.values.back());
  }
  return q;
}

/// An i32 bias at the accumulator scales `acc` (one per channel of the
/// last axis): element i belongs to channel i % C; a one-element bias
/// becomes one value per channel.
SmallVector<int32_t> quantizeBias(const HostF32 &bias, ArrayRef<double> acc) {
  size_t n = bias.data.size() == 1 ? acc.size() : bias.data.size();
  SmallVector<int32_t> q;
  for (size_t i = 0; i < n; ++i) {
    float b = bias.data[bias.data.size() == 1 ? 0 : i];
    double v = std::nearbyint(b / acc[i % acc.size()]);
    q.push_back(int32_t(std::clamp(v, -2147483648.0, 2147483647.0)));
  }
  return q;
}

double sqnrDb(ArrayRef<HostF32> ref, ArrayRef<HostF32> got) {
  double signal = 0, noise = 0;
  for (auto [r, g] : llvm::zip(ref, got))
    for (auto [a, b] : llvm::zip(r.data, g.data)) {
      signal += double(a) * a;
      noise += (double(a) - b) * (double(a) - b);
    }
  if (noise == 0)
    return std::numeric_limits<double>::infinity();
  return 10 * std::log10(signal / noise);
}

/// Quantizes one function. Every step reports its own errors.
class FunctionQuantizer {
public:
  explicit FunctionQuantizer(func::FuncOp func) : func(func) {}

  LogicalResult plan();
  LogicalResult calibrate(ArrayRef<std::vector<HostF32>> samples);
  LogicalResult rewrite();
  llvm::json::Object report(size_t samples);

private:
  Value leakyInput(tosa::MaximumOp max, float &alpha);
  LogicalResult planOp(Operation &op);
  Range rangeOf(Value v);
  void assignParams();
  FailureOr<Value> rescale(Operation *at, Value in, Type outElem,
                           ArrayRef<double> scales, int32_t inZp,
                           int32_t outZp);
  Value constant(Location loc, RankedTensorType type, ArrayRef<int8_t> v);
  Value constant(Location loc, RankedTensorType type, ArrayRef<int32_t> v);
  LogicalResult rewriteConvLike(Operation *op, OpBuilder &b);
  LogicalResult rewriteAccChain(Operation *op, OpBuilder &b);
  LogicalResult setAccumulator(Value res, Operation *n,
                               std::vector<double> acc);
  LogicalResult rewriteOp(Operation *op, OpBuilder &b);
  LogicalResult materialize(Value old, Operation *at);

  func::FuncOp func;
  /// Values that stay i32 accumulators and continue into a reshape or
  /// bias add of the same chain.
  llvm::DenseSet<Value> accInner;
  /// Results of conv-like ops, their reshapes and bias adds (i32).
  llvm::DenseSet<Value> accValues;
  /// leaky ReLU: the tosa.mul folded into its table, and alpha.
  llvm::DenseSet<Operation *> fusedMuls;
  llvm::DenseMap<Operation *, float> leakyAlpha;
  /// mul(x, c) by a positive constant scalar: c (an i8 -> i8 rescale).
  llvm::DenseMap<Operation *, double> mulScale;
  llvm::DenseMap<Operation *, QuantWeights> weights;
  llvm::DenseMap<Value, Range> ranges;
  llvm::DenseMap<Value, QParams> params;
  SmallVector<HostF32> refOutputs, quantOutputs;
  // Rewrite state.
  llvm::DenseMap<Value, Value> mapped;
  llvm::DenseMap<Value, std::vector<double>> accScales;
  SmallVector<QParams> resultParams;
};

/// The x of max(x, mul(x, alpha)) with a splat f32 alpha in [0, 1].
Value FunctionQuantizer::leakyInput(tosa::MaximumOp max, float &alpha) {
  for (int i = 0; i < 2; ++i) {
    Value x = max->getOperand(i), other = max->getOperand(1 - i);
    auto mul = other.getDefiningOp<tosa::MulOp>();
    if (!mul || !other.hasOneUse())
      continue;
    for (int j = 0; j < 2; ++j) {
      std::optional<HostF32> c = readF32Constant(mul->getOperand(1 - j));
      if (mul->getOperand(j) != x || !c || c->data.size() != 1)
        continue;
      alpha = c->data[0];
      if (alpha >= 0 && alpha <= 1)
        return x;
    }
  }
  return {};
}

LogicalResult FunctionQuantizer::planOp(Operation &op) {
  auto unsupported = [&](StringRef why) {
    return op.emitOpError("is not supported by accel-quantize: ") << why;
  };
  if (!isEvaluableTosaOp(&op) || isa<tosa::SubOp, tosa::MinimumOp>(op))
    return unsupported("no int8 form (supported: conv2d, transpose_conv2d, "
                       "depthwise_conv2d, matmul, add, mul by a positive "
                       "scalar, clamp, tanh, sigmoid, leaky ReLU, concat, "
                       "transpose, reshape, max_pool2d)");
  for (Type t : op.getResultTypes())
    if (!cast<ShapedType>(t).getElementType().isF32())
      return unsupported("the function must be f32");
  if (isConvLike(&op)) {
    std::optional<HostF32> w = readF32Constant(weightOf(&op));
    if (!w)
      return unsupported("its weights must be an f32 constant");
    if (!isa<tosa::MatMulOp>(op) && !readF32Constant(op.getOperand(2)))
      return unsupported("its bias must be an f32 constant");
    if (isa<tosa::MatMulOp>(op) && w->shape[0] != 1)
      return unsupported("a batched matmul (B of batch > 1)");
    weights[&op] = quantizeWeights(&op, *w);
    // The accumulator chain: reshapes that keep the channel axis, then a
    // constant bias add.
    Value cur = op.getResult(0);
    accValues.insert(cur);
    while (cur.hasOneUse()) {
      Operation *user = *cur.getUsers().begin();
      auto resType = cast<ShapedType>(user->getResult(0).getType());
      bool reshape = isa<tosa::ReshapeOp>(user) &&
                     resType.getShape().back() ==
                         cast<ShapedType>(cur.getType()).getShape().back();
      bool bias = isa<tosa::AddOp>(user) && user->getOperand(0) == cur &&
                  readF32Constant(user->getOperand(1)) &&
                  resType == cur.getType();
      if (!reshape && !bias)
        break;
      accInner.insert(cur);
      cur = user->getResult(0);
      accValues.insert(cur);
    }
    return success();
  }
  if (accValues.contains(op.getResult(0)))
    return success();
  if (auto max = dyn_cast<tosa::MaximumOp>(op)) {
    float alpha = 0;
    Value x = leakyInput(max, alpha);
    if (!x)
      return unsupported("only leaky ReLU, max(x, mul(x, alpha)) with a "
                         "constant alpha in [0, 1], is quantized");
    fusedMuls.insert((x == max.getInput1() ? max.getInput2() : max.getInput1())
                         .getDefiningOp());
    leakyAlpha[&op] = alpha;
    return success();
  }
  if (auto mul = dyn_cast<tosa::MulOp>(op)) {
    for (Operation *user : op.getUsers())
      if (auto max = dyn_cast<tosa::MaximumOp>(user)) {
        float alpha;
        Value x = leakyInput(max, alpha);
        if (x && x != mul.getResult())
          return success(); // the leaky ReLU's own mul, fused at the max
      }
    // A scale by a positive constant scalar (e.g. HiFi-GAN's mean of its
    // multi-receptive-field blocks): an i8 -> i8 rescale.
    for (int i = 0; i < 2; ++i) {
      std::optional<HostF32> c = readF32Constant(mul->getOperand(1 - i));
      if (!c || c->data.size() != 1 || readF32Constant(mul->getOperand(i)) ||
          mul->getOperand(i).getType() != mul.getType())
        continue;
      if (!(c->data[0] > 0) || !std::isfinite(c->data[0]))
        break;
      mulScale[&op] = c->data[0];
      return success();
    }
    return unsupported("only the mul of a leaky ReLU, or of a tensor by a "
                       "positive constant scalar, is quantized");
  }
  if (auto add = dyn_cast<tosa::AddOp>(op))
    if (readF32Constant(add.getInput1()) || readF32Constant(add.getInput2()))
      return unsupported("an add of a constant that is not a conv's or "
                         "matmul's bias");
  return success();
}

LogicalResult FunctionQuantizer::plan() {
  for (Type t : func.getFunctionType().getInputs())
    if (auto s = dyn_cast<RankedTensorType>(t);
        !s || !s.hasStaticShape() || !s.getElementType().isF32())
      return func.emitOpError("accel-quantize needs static f32 tensor "
                              "arguments, got ")
             << t;
  for (Operation &op : func.getBody().front())
    if (!op.hasTrait<OpTrait::ConstantLike>() && !isa<func::ReturnOp>(op) &&
        failed(planOp(op)))
      return failure();
  return success();
}

/// A tensor whose value reaches a clamp through single-use transposes and
/// reshapes takes the clamp's range (ReLU / Clip fused into the rescale).
Range FunctionQuantizer::rangeOf(Value v) {
  Value cur = v;
  while (cur.hasOneUse()) {
    Operation *user = *cur.getUsers().begin();
    if (isa<tosa::ClampOp>(user))
      return ranges.lookup(user->getResult(0));
    if (!isa<tosa::TransposeOp, tosa::ReshapeOp>(user))
      break;
    cur = user->getResult(0);
  }
  return ranges.lookup(v);
}

void FunctionQuantizer::assignParams() {
  for (Value arg : func.getArguments())
    params[arg] = paramsFor(ranges.lookup(arg));
  for (Operation &op : func.getBody().front()) {
    if (op.hasTrait<OpTrait::ConstantLike>() || isa<func::ReturnOp>(op) ||
        fusedMuls.contains(&op))
      continue;
    Value res = op.getResult(0);
    if (accInner.contains(res))
      continue;
    // A max pool picks input values: it keeps the input's scale and zero
    // point, like a transpose.
    if (isa<tosa::TransposeOp, tosa::ReshapeOp, tosa::ClampOp,
            tosa::MaxPool2dOp>(op) &&
        !accValues.contains(res))
      params[res] = params.lookup(op.getOperand(0));
    else
      params[res] = paramsFor(rangeOf(res));
  }
}

LogicalResult
FunctionQuantizer::calibrate(ArrayRef<std::vector<HostF32>> samples) {
  auto record = [&](Value v, const HostF32 &t) {
    Range &r = ranges[v];
    for (float x : t.data) {
      r.lo = std::min(r.lo, x);
      r.hi = std::max(r.hi, x);
    }
  };
  llvm::DenseMap<Value, HostF32> none;
  for (const std::vector<HostF32> &sample : samples) {
    for (auto [arg, t] : llvm::zip(func.getArguments(), sample))
      record(arg, t);
    if (failed(evaluateTosaF32(func, sample, none, record, refOutputs)))
      return failure();
  }
  assignParams();
  // The same function with every int8 tensor and weight on its grid.
  llvm::DenseMap<Value, HostF32> preset;
  for (auto &[op, q] : weights)
    preset[weightOf(op)] = q.dequantized;
  auto fake = [&](Value v, HostF32 &t) {
    auto it = params.find(v);
    if (it != params.end())
      for (float &x : t.data)
        x = fakeQuantize(x, it->second);
  };
  for (const std::vector<HostF32> &sample : samples) {
    std::vector<HostF32> in = sample;
    for (auto [arg, t] : llvm::zip(func.getArguments(), in))
      fake(arg, t);
    if (failed(evaluateTosaF32(func, in, preset, fake, quantOutputs)))
      return failure();
  }
  return success();
}

Value FunctionQuantizer::constant(Location loc, RankedTensorType type,
                                  ArrayRef<int8_t> v) {
  OpBuilder b(func.getBody());
  return tosa::ConstOp::create(b, loc, type, DenseElementsAttr::get(type, v));
}

Value FunctionQuantizer::constant(Location loc, RankedTensorType type,
                                  ArrayRef<int32_t> v) {
  OpBuilder b(func.getBody());
  return tosa::ConstOp::create(b, loc, type, DenseElementsAttr::get(type, v));
}

/// tosa.rescale of `in` to `outElem` by real `scales` (one, or one per
/// channel of the last axis), SINGLE_ROUND, inserted before `at`.
FailureOr<Value> FunctionQuantizer::rescale(Operation *at, Value in,
                                            Type outElem,
                                            ArrayRef<double> scales,
                                            int32_t inZp, int32_t outZp) {
  OpBuilder b(at);
  Location loc = at->getLoc();
  SmallVector<int32_t> mult;
  SmallVector<int8_t> shift;
  for (double s : scales) {
    std::optional<ScaleMultiplier> m = quantizeScale(s);
    if (!m)
      return at->emitOpError("accel-quantize: the requantization scale ")
             << s << " cannot be a TOSA rescale (its shift would be outside "
             << "2..62)";
    mult.push_back(m->multiplier);
    shift.push_back(int8_t(m->shift));
  }
  auto inType = cast<RankedTensorType>(in.getType());
  int64_t n = int64_t(scales.size());
  Value m = constant(loc, RankedTensorType::get({n}, b.getI32Type()), mult);
  Value s = constant(loc, RankedTensorType::get({n}, b.getI8Type()), shift);
  Value izp =
      *tosa::createZeroPointTensor(b, loc, inType.getElementType(), inZp);
  Value ozp = *tosa::createZeroPointTensor(b, loc, outElem, outZp);
  return tosa::RescaleOp::create(b, loc, inType.clone(outElem), in, m, s, izp,
                                 ozp, /*scale32=*/true,
                                 tosa::RoundingMode::SINGLE_ROUND, n > 1,
                                 /*input_unsigned=*/false,
                                 /*output_unsigned=*/false)
      .getResult();
}

/// Ends an accumulator chain at `old`: rescale its i32 value to int8.
LogicalResult FunctionQuantizer::materialize(Value old, Operation *at) {
  QParams p = params.lookup(old);
  std::vector<double> scales;
  for (double s : accScales[old])
    scales.push_back(s / p.scale);
  FailureOr<Value> r =
      rescale(at, mapped[old], IntegerType::get(func.getContext(), 8), scales,
              0, p.zeroPoint);
  if (failed(r))
    return failure();
  mapped[old] = *r;
  return success();
}

LogicalResult FunctionQuantizer::rewriteConvLike(Operation *op, OpBuilder &b) {
  Location loc = op->getLoc();
  Value in = op->getOperand(0);
  QParams pin = params.lookup(in);
  const QuantWeights &q = weights[op];
  std::vector<double> acc;
  for (double s : q.scales)
    acc.push_back(pin.scale * s);
  Operation *n = b.clone(*op);
  n->setOperand(0, mapped[in]);
  auto wType = cast<RankedTensorType>(weightOf(op).getType());
  Value w = constant(loc, wType.clone(b.getI8Type()), q.values);
  OpBuilder atStart(func.getBody());
  Value inZp =
      *tosa::createZeroPointTensor(atStart, loc, b.getI8Type(), pin.zeroPoint);
  Value wZp = *tosa::createZeroPointTensor(atStart, loc, b.getI8Type(), 0);
  if (isa<tosa::MatMulOp>(op)) {
    n->setOperands({mapped[in], w, inZp, wZp});
  } else {
    SmallVector<int32_t> qb =
        quantizeBias(*readF32Constant(op->getOperand(2)), acc);
    Value bq = constant(
        loc, RankedTensorType::get({int64_t(qb.size())}, b.getI32Type()), qb);
    n->setOperands({mapped[in], w, bq, inZp, wZp});
    n->setAttr("acc_type", TypeAttr::get(b.getI32Type()));
  }
  return setAccumulator(op->getResult(0), n, std::move(acc));
}

/// `res` is now `n`'s i32 result with accumulator scales `acc`.
LogicalResult FunctionQuantizer::setAccumulator(Value res, Operation *n,
                                                std::vector<double> acc) {
  n->getResult(0).setType(cast<RankedTensorType>(res.getType())
                              .clone(IntegerType::get(func.getContext(), 32)));
  mapped[res] = n->getResult(0);
  accScales[res] = std::move(acc);
  return success();
}

/// A reshape or bias add inside an accumulator chain, in i32.
LogicalResult FunctionQuantizer::rewriteAccChain(Operation *op, OpBuilder &b) {
  Value in = op->getOperand(0), res = op->getResult(0);
  std::vector<double> acc = accScales[in];
  Operation *n = b.clone(*op);
  n->setOperand(0, mapped[in]);
  if (isa<tosa::AddOp>(op)) {
    SmallVector<int32_t> qb =
        quantizeBias(*readF32Constant(op->getOperand(1)), acc);
    auto bType = cast<RankedTensorType>(op->getOperand(1).getType());
    if (bType.getNumElements() != int64_t(qb.size())) {
      // A one-element bias, now one value per channel of the last axis.
      SmallVector<int64_t> shape(bType.getRank(), 1);
      shape.back() = int64_t(qb.size());
      bType = bType.clone(shape);
    }
    n->setOperand(1, constant(op->getLoc(), bType.clone(b.getI32Type()), qb));
  }
  return setAccumulator(res, n, std::move(acc));
}

LogicalResult FunctionQuantizer::rewriteOp(Operation *op, OpBuilder &b) {
  Value res = op->getResult(0);
  Type i8 = b.getI8Type(), i32 = b.getI32Type();
  auto resType = cast<RankedTensorType>(res.getType());
  QParams pout = params.lookup(res);
  auto table = [&](Value in, llvm::function_ref<double(double)> fn) {
    QParams pin = params.lookup(in);
    SmallVector<int8_t> entries;
    for (int i = -128; i <= 127; ++i)
      entries.push_back(
          quantizeValue(fn(pin.scale * (i - pin.zeroPoint)), pout));
    Value t = constant(op->getLoc(), RankedTensorType::get({256}, i8), entries);
    mapped[res] = tosa::TableOp::create(b, op->getLoc(), resType.clone(i8),
                                        mapped[in], t);
    return success();
  };
  if (isa<tosa::TanhOp>(op))
    return table(op->getOperand(0), [](double x) { return std::tanh(x); });
  if (isa<tosa::SigmoidOp>(op))
    return table(op->getOperand(0),
                 [](double x) { return 1 / (1 + std::exp(-x)); });
  if (auto max = dyn_cast<tosa::MaximumOp>(op)) {
    float alpha = 0;
    Value x = leakyInput(max, alpha);
    return table(x, [&](double v) { return std::max(v, double(alpha) * v); });
  }
  if (auto it = mulScale.find(op); it != mulScale.end()) {
    // y = c * x: q_y = rescale(q_x - zp_x, c * s_x / s_y) + zp_y.
    Value x = readF32Constant(op->getOperand(0)) ? op->getOperand(1)
                                                 : op->getOperand(0);
    QParams pin = params.lookup(x);
    FailureOr<Value> r = rescale(op, mapped[x], i8,
                                 {it->second * pin.scale / pout.scale},
                                 pin.zeroPoint, pout.zeroPoint);
    if (failed(r))
      return failure();
    mapped[res] = *r;
    return success();
  }
  if (auto add = dyn_cast<tosa::AddOp>(op)) {
    // TFLite's int8 add: both inputs to i32 at a common scale 2*max(s)/2^20.
    double common = 2 *
                    std::max(params.lookup(add.getInput1()).scale,
                             params.lookup(add.getInput2()).scale) /
                    double(1 << 20);
    SmallVector<Value, 2> wide;
    for (Value in : {add.getInput1(), add.getInput2()}) {
      QParams p = params.lookup(in);
      FailureOr<Value> r =
          rescale(op, mapped[in], i32, {p.scale / common}, p.zeroPoint, 0);
      if (failed(r))
        return failure();
      wide.push_back(*r);
    }
    Value sum = tosa::AddOp::create(b, op->getLoc(), resType.clone(i32),
                                    wide[0], wide[1]);
    FailureOr<Value> r =
        rescale(op, sum, i8, {common / pout.scale}, 0, pout.zeroPoint);
    if (failed(r))
      return failure();
    mapped[res] = *r;
    return success();
  }
  Operation *n = b.clone(*op);
  for (OpOperand &operand : n->getOpOperands()) {
    Value old = op->getOperand(operand.getOperandNumber());
    if (!mapped.count(old))
      continue; // shape operands
    Value v = mapped[old];
    QParams p = params.lookup(old);
    if (isa<tosa::ConcatOp>(op) &&
        (p.scale != pout.scale || p.zeroPoint != pout.zeroPoint)) {
      FailureOr<Value> r = rescale(n, v, i8, {p.scale / pout.scale},
                                   p.zeroPoint, pout.zeroPoint);
      if (failed(r))
        return failure();
      v = *r;
    }
    operand.set(v);
  }
  if (auto clamp = dyn_cast<tosa::ClampOp>(n)) {
    auto bound = [&](Attribute a) {
      double real = cast<FloatAttr>(a).getValueAsDouble();
      return b.getIntegerAttr(i8, quantizeValue(real, pout));
    };
    clamp.setMinValAttr(bound(clamp.getMinValAttr()));
    clamp.setMaxValAttr(bound(clamp.getMaxValAttr()));
  }
  n->getResult(0).setType(resType.clone(i8));
  mapped[res] = n->getResult(0);
  return success();
}

LogicalResult FunctionQuantizer::rewrite() {
  SmallVector<Operation *> ops;
  for (Operation &op : func.getBody().front())
    ops.push_back(&op);
  for (Value arg : func.getArguments()) {
    arg.setType(cast<RankedTensorType>(arg.getType())
                    .clone(IntegerType::get(func.getContext(), 8)));
    mapped[arg] = arg;
  }
  for (Operation *op : ops) {
    if (op->hasTrait<OpTrait::ConstantLike>() || fusedMuls.contains(op))
      continue;
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      for (OpOperand &operand : ret->getOpOperands()) {
        resultParams.push_back(params.lookup(operand.get()));
        operand.set(mapped[operand.get()]);
      }
      break;
    }
    OpBuilder b(op);
    Value res = op->getResult(0);
    LogicalResult done = isConvLike(op)            ? rewriteConvLike(op, b)
                         : accValues.contains(res) ? rewriteAccChain(op, b)
                                                   : rewriteOp(op, b);
    if (failed(done))
      return failure();
    if (accValues.contains(res) && !accInner.contains(res) &&
        failed(materialize(res, op)))
      return failure();
  }
  for (Operation *op : llvm::reverse(ops))
    if (!isa<func::ReturnOp>(op) && op->use_empty())
      op->erase();
  Block &body = func.getBody().front();
  func.setType(FunctionType::get(func.getContext(), body.getArgumentTypes(),
                                 body.getTerminator()->getOperandTypes()));
  Builder attrs(func.getContext());
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    QParams p = params.lookup(func.getArgument(i));
    func.setArgAttr(i, accel::kScaleAttr, attrs.getF64FloatAttr(p.scale));
    func.setArgAttr(i, accel::kZeroPointAttr,
                    attrs.getI32IntegerAttr(p.zeroPoint));
  }
  for (unsigned i = 0; i < func.getNumResults(); ++i) {
    // The old value the result had (params are keyed by the f32 values).
    QParams p = resultParams[i];
    func.setResultAttr(i, accel::kScaleAttr, attrs.getF64FloatAttr(p.scale));
    func.setResultAttr(i, accel::kZeroPointAttr,
                       attrs.getI32IntegerAttr(p.zeroPoint));
  }
  return success();
}

llvm::json::Object FunctionQuantizer::report(size_t samples) {
  llvm::json::Array outputs;
  for (unsigned i = 0; i < refOutputs.size() / samples; ++i) {
    SmallVector<HostF32> ref, got;
    for (size_t s = 0; s < samples; ++s) {
      size_t k = s * (refOutputs.size() / samples) + i;
      ref.push_back(refOutputs[k]);
      got.push_back(quantOutputs[k]);
    }
    double db = sqnrDb(ref, got);
    auto name = func.getResultAttrOfType<StringAttr>(i, "accel.name");
    auto scale = func.getResultAttrOfType<FloatAttr>(i, accel::kScaleAttr);
    auto zp = func.getResultAttrOfType<IntegerAttr>(i, accel::kZeroPointAttr);
    func.emitRemark() << "accel-quantize: result " << i
                      << (name ? " ('" + name.getValue().str() + "')" : "")
                      << ": SQNR "
                      << (std::isinf(db) ? std::string("inf")
                                         : llvm::formatv("{0:F2}", db).str())
                      << " dB against f32 over " << samples
                      << " calibration sample(s)";
    llvm::json::Object o{{"index", i},
                         {"scale", scale.getValueAsDouble()},
                         {"zero_point", zp.getInt()}};
    if (name)
      o["name"] = name.getValue();
    o["sqnr_db"] = std::isinf(db) ? llvm::json::Value(nullptr) : db;
    outputs.push_back(std::move(o));
  }
  llvm::json::Array inputs;
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    QParams p = params.lookup(func.getArgument(i));
    llvm::json::Object o{
        {"index", i}, {"scale", p.scale}, {"zero_point", p.zeroPoint}};
    if (auto name = func.getArgAttrOfType<StringAttr>(i, "accel.name"))
      o["name"] = name.getValue();
    inputs.push_back(std::move(o));
  }
  return llvm::json::Object{{"function", func.getSymName()},
                            {"samples", int64_t(samples)},
                            {"inputs", std::move(inputs)},
                            {"outputs", std::move(outputs)}};
}

} // namespace

namespace {

/// Reads the calibration samples of `func`: files argument-major within a
/// sample, each f32 with exactly the argument's shape.
LogicalResult readCalibration(func::FuncOp func, ArrayRef<std::string> files,
                              std::vector<std::vector<HostF32>> &samples) {
  unsigned args = func.getNumArguments();
  if (files.empty())
    return func.emitOpError("accel-quantize needs calibration inputs: "
                            "calibration=<x0.npy,...> (one f32 .npy per "
                            "argument per sample)");
  if (args == 0 || files.size() % args != 0)
    return func.emitOpError("accel-quantize: ")
           << files.size() << " calibration file(s) for " << args
           << " argument(s); give one .npy per argument per sample";
  for (size_t i = 0; i < files.size(); ++i) {
    llvm::Expected<accel::sim::NpyArray> npy =
        accel::sim::readNpyFile(files[i]);
    if (!npy)
      return func.emitOpError("accel-quantize: calibration file '")
             << files[i] << "': " << llvm::toString(npy.takeError());
    auto type = cast<RankedTensorType>(func.getArgument(i % args).getType());
    if (npy->dtype != accel::isa::DType::F32)
      return func.emitOpError("accel-quantize: calibration file '")
             << files[i] << "' must hold float32 (argument " << i % args
             << " is " << type << ")";
    if (ArrayRef<int64_t>(npy->shape) != type.getShape())
      return func.emitOpError("accel-quantize: calibration file '")
             << files[i] << "' has shape ["
             << llvm::make_range(npy->shape.begin(), npy->shape.end())
             << "], argument " << i % args << " is " << type;
    if (i % args == 0)
      samples.emplace_back();
    HostF32 t;
    t.shape.assign(npy->shape.begin(), npy->shape.end());
    t.data.resize(npy->numElements());
    std::memcpy(t.data.data(), npy->data.data(), t.data.size() * 4);
    samples.back().push_back(std::move(t));
  }
  return success();
}

struct QuantizePass : accel::impl::QuantizePassBase<QuantizePass> {
  using QuantizePassBase::QuantizePassBase;

  void runOnOperation() override {
    llvm::json::Array functions;
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      std::vector<std::vector<HostF32>> samples;
      FunctionQuantizer q(func);
      if (failed(readCalibration(func, calibration, samples)) ||
          failed(q.plan()) || failed(q.calibrate(samples)) ||
          failed(q.rewrite()))
        return signalPassFailure();
      functions.push_back(q.report(samples.size()));
    }
    if (report.empty())
      return;
    std::string text;
    llvm::raw_string_ostream os(text);
    os << llvm::formatv("{0:2}", llvm::json::Value(llvm::json::Object{
                                     {"functions", std::move(functions)}}))
       << "\n";
    if (report == "-") {
      llvm::outs() << text;
      return;
    }
    if (llvm::Error e = accel::writeFileAtomically(
            report,
            ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(text.data()),
                              text.size()))) {
      getOperation().emitError("accel-quantize: cannot write the report: ")
          << llvm::toString(std::move(e));
      return signalPassFailure();
    }
  }
};

} // namespace
