//===- QuantizeEval.cpp - Functional f32 evaluator of TOSA functions ------===//
//
// Part of accel-quantize (docs/Quantization.md). Layouts are TOSA's:
// activations NHWC, conv / transpose_conv weights OHWI, depthwise weights
// [KH, KW, C, M], matmul [N, M, K] x [N, K, P].
//
//===----------------------------------------------------------------------===//

#include "QuantizeEval.h"

#include "accel/ISA/HostOp.h"
#include "accel/Split/Reference.h"
#include "accel/Support/DenseConstant.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinTypes.h"

#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <map>

using namespace mlir;

namespace accel {
namespace {

int64_t numElements(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

SmallVector<int64_t, 4> rowStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t, 4> strides(shape.size(), 1);
  for (int64_t i = int64_t(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/// Elementwise binary op with TOSA broadcasting (equal ranks, size-1 dims).
HostF32 broadcastBinary(const HostF32 &a, const HostF32 &b,
                        ArrayRef<int64_t> outShape,
                        llvm::function_ref<float(float, float)> fn) {
  HostF32 out{SmallVector<int64_t, 4>(outShape), {}};
  out.data.resize(numElements(outShape));
  SmallVector<int64_t, 4> sa = rowStrides(a.shape), sb = rowStrides(b.shape),
                          so = rowStrides(outShape);
  for (int64_t i = 0, e = out.data.size(); i < e; ++i) {
    int64_t ia = 0, ib = 0, rest = i;
    for (size_t d = 0; d < outShape.size(); ++d) {
      int64_t idx = rest / so[d];
      rest %= so[d];
      ia += a.shape[d] == 1 ? 0 : idx * sa[d];
      ib += b.shape[d] == 1 ? 0 : idx * sb[d];
    }
    out.data[i] = fn(a.data[ia], b.data[ib]);
  }
  return out;
}

HostF32 transpose(const HostF32 &in, ArrayRef<int32_t> perms) {
  HostF32 out;
  for (int32_t p : perms)
    out.shape.push_back(in.shape[p]);
  out.data.resize(in.data.size());
  SmallVector<int64_t, 4> si = rowStrides(in.shape), so = rowStrides(out.shape);
  for (int64_t i = 0, e = out.data.size(); i < e; ++i) {
    int64_t src = 0, rest = i;
    for (size_t d = 0; d < perms.size(); ++d) {
      src += (rest / so[d]) * si[perms[d]];
      rest %= so[d];
    }
    out.data[i] = in.data[src];
  }
  return out;
}

HostF32 concat(ArrayRef<const HostF32 *> parts, int64_t axis,
               ArrayRef<int64_t> outShape) {
  HostF32 out{SmallVector<int64_t, 4>(outShape), {}};
  int64_t outer = numElements(outShape.take_front(axis));
  for (int64_t o = 0; o < outer; ++o)
    for (const HostF32 *p : parts) {
      int64_t inner = numElements(ArrayRef<int64_t>(p->shape).drop_front(axis));
      out.data.insert(out.data.end(), p->data.begin() + o * inner,
                      p->data.begin() + (o + 1) * inner);
    }
  return out;
}

/// ConvShape of a TOSA conv2d / depthwise_conv2d (weights as OHWI).
ConvShape convShape(ArrayRef<int64_t> in, int64_t outC, int64_t kh, int64_t kw,
                    ArrayRef<int64_t> pad, ArrayRef<int64_t> stride,
                    ArrayRef<int64_t> dilation, int64_t groups) {
  ConvShape s;
  s.batch = in[0];
  s.inC = in[3];
  s.outC = outC;
  s.groups = groups;
  s.strideH = stride[0];
  s.strideW = stride[1];
  s.setAxisH(in[1], kh, dilation[0], pad[0], pad[1]);
  s.setAxisW(in[2], kw, dilation[1], pad[2], pad[3]);
  return s;
}

/// Bias of `outC` elements (a one-element bias broadcast).
std::vector<float> fullBias(const HostF32 &bias, int64_t outC) {
  if (int64_t(bias.data.size()) == outC)
    return bias.data;
  return std::vector<float>(outC, bias.data.empty() ? 0.f : bias.data[0]);
}

HostF32 runConv(tosa::Conv2DOp op, const HostF32 &x, const HostF32 &w,
                const HostF32 &b, ArrayRef<int64_t> outShape) {
  ConvShape s = convShape(x.shape, w.shape[0], w.shape[1], w.shape[2],
                          op.getPad(), op.getStride(), op.getDilation(), 1);
  return {
      SmallVector<int64_t, 4>(outShape),
      referenceConv<float, float>(s, x.data, w.data, fullBias(b, w.shape[0]))};
}

HostF32 runDepthwise(tosa::DepthwiseConv2DOp op, const HostF32 &x,
                     const HostF32 &w, const HostF32 &b,
                     ArrayRef<int64_t> outShape) {
  // [KH, KW, C, M] -> OHWI [C*M, KH, KW, 1], groups = C.
  int64_t kh = w.shape[0], kw = w.shape[1], cm = w.shape[2] * w.shape[3];
  std::vector<float> ohwi(w.data.size());
  for (int64_t t = 0; t < kh * kw; ++t)
    for (int64_t o = 0; o < cm; ++o)
      ohwi[o * kh * kw + t] = w.data[t * cm + o];
  ConvShape s = convShape(x.shape, cm, kh, kw, op.getPad(), op.getStride(),
                          op.getDilation(), x.shape[3]);
  return {SmallVector<int64_t, 4>(outShape),
          referenceConv<float, float>(s, x.data, ohwi, fullBias(b, cm))};
}

HostF32 runTransposeConv(tosa::TransposeConv2DOp op, const HostF32 &x,
                         const HostF32 &w, const HostF32 &b,
                         ArrayRef<int64_t> outShape) {
  ArrayRef<int64_t> outPad = op.getOutPad(), stride = op.getStride();
  TransposedConvParams p;
  p.batch = x.shape[0];
  p.inChannels = x.shape[3];
  p.outChannels = w.shape[0];
  p.h = AxisParams{x.shape[1], w.shape[1], stride[0], 1, outPad[0], outPad[1]};
  p.w = AxisParams{x.shape[2], w.shape[2], stride[1], 1, outPad[2], outPad[3]};
  return {SmallVector<int64_t, 4>(outShape),
          referenceTransposedConv<float, float>(p, x.data, w.data,
                                                fullBias(b, w.shape[0]))};
}

HostF32 runMatMul(const HostF32 &a, const HostF32 &b,
                  ArrayRef<int64_t> outShape) {
  int64_t n = a.shape[0], m = a.shape[1], k = a.shape[2], p = b.shape[2];
  HostF32 out{SmallVector<int64_t, 4>(outShape),
              std::vector<float>(n * m * p, 0.f)};
  for (int64_t bi = 0; bi < n; ++bi)
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < p; ++j) {
        float acc = 0.f;
        for (int64_t t = 0; t < k; ++t)
          acc += a.data[(bi * m + i) * k + t] * b.data[(bi * k + t) * p + j];
        out.data[(bi * m + i) * p + j] = acc;
      }
  return out;
}

HostF32 unary(const HostF32 &in, llvm::function_ref<float(float)> fn) {
  HostF32 out = in;
  for (float &v : out.data)
    v = fn(v);
  return out;
}

float attrFloat(Attribute attr) {
  if (auto f = dyn_cast<FloatAttr>(attr))
    return float(f.getValueAsDouble());
  return float(cast<IntegerAttr>(attr).getInt());
}

/// One op's result from its operands (`get`) and result shape.
HostF32 evaluateOp(Operation &op,
                   llvm::function_ref<const HostF32 &(Value)> get,
                   ArrayRef<int64_t> shape) {
  return llvm::TypeSwitch<Operation *, HostF32>(&op)
      .Case([&](tosa::Conv2DOp c) {
        return runConv(c, get(c.getInput()), get(c.getWeight()),
                       get(c.getBias()), shape);
      })
      .Case([&](tosa::DepthwiseConv2DOp c) {
        return runDepthwise(c, get(c.getInput()), get(c.getWeight()),
                            get(c.getBias()), shape);
      })
      .Case([&](tosa::TransposeConv2DOp c) {
        return runTransposeConv(c, get(c.getInput()), get(c.getWeight()),
                                get(c.getBias()), shape);
      })
      .Case([&](tosa::MatMulOp m) {
        return runMatMul(get(m.getA()), get(m.getB()), shape);
      })
      .Case([&](tosa::AddOp o) {
        return broadcastBinary(get(o.getInput1()), get(o.getInput2()), shape,
                               [](float a, float b) { return a + b; });
      })
      .Case([&](tosa::SubOp o) {
        return broadcastBinary(get(o.getInput1()), get(o.getInput2()), shape,
                               [](float a, float b) { return a - b; });
      })
      .Case([&](tosa::MulOp o) {
        return broadcastBinary(get(o.getInput1()), get(o.getInput2()), shape,
                               [](float a, float b) { return a * b; });
      })
      .Case([&](tosa::MaximumOp o) {
        return broadcastBinary(get(o.getInput1()), get(o.getInput2()), shape,
                               [](float a, float b) { return std::max(a, b); });
      })
      .Case([&](tosa::MinimumOp o) {
        return broadcastBinary(get(o.getInput1()), get(o.getInput2()), shape,
                               [](float a, float b) { return std::min(a, b); });
      })
      .Case([&](tosa::ClampOp c) {
        float lo = attrFloat(c.getMinValAttr()),
              hi = attrFloat(c.getMaxValAttr());
        return unary(get(c.getInput()),
                     [&](float v) { return std::clamp(v, lo, hi); });
      })
      .Case([&](tosa::TanhOp t) {
        return unary(get(t.getInput()), [](float v) { return std::tanh(v); });
      })
      .Case([&](tosa::SigmoidOp s) {
        return unary(get(s.getInput()),
                     [](float v) { return 1.f / (1.f + std::exp(-v)); });
      })
      .Case([&](tosa::TransposeOp t) {
        return transpose(get(t.getInput1()), t.getPerms());
      })
      .Case([&](tosa::MaxPool2dOp p) {
        const HostF32 &in = get(p.getInput());
        SmallVector<int64_t> params(p.getKernel());
        llvm::append_range(params, p.getStride());
        llvm::append_range(params, p.getPad());
        HostF32 out;
        out.shape.assign(shape.begin(), shape.end());
        out.data.resize(numElements(shape));
        isa::pool2d(/*max=*/true, in.data, in.shape, params, shape, out.data);
        return out;
      })
      .Case([&](tosa::ReshapeOp r) {
        HostF32 t = get(r.getInput1());
        t.shape.assign(shape.begin(), shape.end());
        return t;
      })
      .Case([&](tosa::ConcatOp c) {
        SmallVector<const HostF32 *> parts;
        for (Value v : c.getInput1())
          parts.push_back(&get(v));
        return concat(parts, c.getAxis(), shape);
      })
      .Default([](Operation *) { return HostF32{}; });
}

} // namespace

bool isEvaluableTosaOp(Operation *op) {
  return llvm::isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp,
                   tosa::TransposeConv2DOp, tosa::MatMulOp, tosa::AddOp,
                   tosa::SubOp, tosa::MulOp, tosa::MaximumOp, tosa::MinimumOp,
                   tosa::ClampOp, tosa::TanhOp, tosa::SigmoidOp,
                   tosa::TransposeOp, tosa::ReshapeOp, tosa::MaxPool2dOp,
                   tosa::ConcatOp, func::ReturnOp>(op) ||
         op->hasTrait<OpTrait::ConstantLike>();
}

std::optional<HostF32> readF32Constant(Value value) {
  DenseElementsAttr attr = matchDenseConstant(value);
  if (!attr || !attr.getElementType().isF32())
    return std::nullopt;
  HostF32 t;
  t.shape.assign(attr.getType().getShape().begin(),
                 attr.getType().getShape().end());
  t.data.reserve(attr.getNumElements());
  for (float v : attr.getValues<float>())
    t.data.push_back(v);
  return t;
}

LogicalResult evaluateTosaF32(func::FuncOp func, ArrayRef<HostF32> inputs,
                              const llvm::DenseMap<Value, HostF32> &preset,
                              llvm::function_ref<void(Value, HostF32 &)> after,
                              SmallVectorImpl<HostF32> &outputs) {
  // Node-based: references handed out by `get` stay valid on insertion.
  std::map<const void *, HostF32> env;
  auto key = [](Value v) { return v.getAsOpaquePointer(); };
  for (auto [arg, in] : llvm::zip(func.getArguments(), inputs))
    env[key(arg)] = in;
  Operation *failedOp = nullptr;
  auto get = [&](Value v) -> const HostF32 & {
    if (auto it = preset.find(v); it != preset.end())
      return it->second;
    auto it = env.find(key(v));
    if (it != env.end())
      return it->second;
    std::optional<HostF32> c = readF32Constant(v);
    if (!c) {
      failedOp = v.getDefiningOp();
      c = HostF32{};
    }
    return env[key(v)] = std::move(*c);
  };
  for (Operation &op : func.getBody().front()) {
    if (op.hasTrait<OpTrait::ConstantLike>())
      continue;
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      for (Value v : ret.getOperands())
        outputs.push_back(get(v));
      break;
    }
    if (op.getNumResults() != 1 || !isEvaluableTosaOp(&op))
      return op.emitOpError("cannot be evaluated by accel-quantize");
    Value res = op.getResult(0);
    auto resType = dyn_cast<RankedTensorType>(res.getType());
    if (!resType || !resType.hasStaticShape())
      return op.emitOpError("needs a static result shape to be evaluated");
    ArrayRef<int64_t> shape = resType.getShape();
    HostF32 out = evaluateOp(op, get, shape);
    if (failedOp)
      return op.emitOpError("has an operand that is neither computed nor an "
                            "f32 constant");
    if (int64_t(out.data.size()) != numElements(shape))
      return op.emitOpError("evaluated to the wrong number of elements");
    if (after)
      after(res, out);
    env[key(res)] = std::move(out);
  }
  return success();
}

} // namespace accel
