//===- HostOp.cpp - Host op kinds and their consistency checks ------------===//
//
// The table of host op kinds and checkHostOp, shared by the accel.host
// verifier, the program verifier and the simulator (see HostOp.h).
//
//===----------------------------------------------------------------------===//

#include "accel/ISA/HostOp.h"
#include "accel/Support/InterfaceLayout.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <type_traits>

using namespace accel;
using namespace accel::isa;

namespace {

enum class HostClass {
  Unary,
  Binary,
  Reduce,
  Transpose,
  Reshape,
  Resize,
  Pool
};

struct HostKind {
  llvm::StringRef name;
  HostClass cls;
};

// Sorted by name (hostOpKinds returns them in this order).
constexpr HostKind kHostKinds[] = {
    {"tosa.abs", HostClass::Unary},
    {"tosa.add", HostClass::Binary},
    {"tosa.avg_pool2d", HostClass::Pool},
    {"tosa.erf", HostClass::Unary},
    {"tosa.exp", HostClass::Unary},
    {"tosa.log", HostClass::Unary},
    {"tosa.max_pool2d", HostClass::Pool},
    {"tosa.maximum", HostClass::Binary},
    {"tosa.minimum", HostClass::Binary},
    {"tosa.mul", HostClass::Binary},
    {"tosa.reciprocal", HostClass::Unary},
    {"tosa.reduce_max", HostClass::Reduce},
    {"tosa.reduce_min", HostClass::Reduce},
    {"tosa.reduce_sum", HostClass::Reduce},
    {"tosa.reshape", HostClass::Reshape},
    {"tosa.resize", HostClass::Resize},
    {"tosa.rsqrt", HostClass::Unary},
    {"tosa.sigmoid", HostClass::Unary},
    {"tosa.sub", HostClass::Binary},
    {"tosa.tanh", HostClass::Unary},
    {"tosa.transpose", HostClass::Transpose},
};

const HostKind *findKind(llvm::StringRef name) {
  for (const HostKind &kind : kHostKinds)
    if (kind.name == name)
      return &kind;
  return nullptr;
}

llvm::Error fail(const llvm::Twine &message) {
  return llvm::createStringError(message);
}

/// The expected result shape of `cls` on `operands` with `params`, or an
/// error naming the inconsistency.
llvm::Expected<std::vector<int64_t>>
inferShape(HostClass cls, llvm::ArrayRef<int64_t> params,
           llvm::ArrayRef<std::vector<int64_t>> operands) {
  const std::vector<int64_t> &input = operands.front();
  switch (cls) {
  case HostClass::Unary:
  case HostClass::Reshape:
    return input;
  case HostClass::Binary: {
    const std::vector<int64_t> &other = operands[1];
    if (other.size() != input.size())
      return fail("operands have ranks " + llvm::Twine(input.size()) +
                  " and " + llvm::Twine(other.size()) +
                  "; elementwise host ops need equal ranks");
    std::vector<int64_t> shape(input.size());
    for (size_t d = 0; d < input.size(); ++d) {
      if (input[d] != other[d] && input[d] != 1 && other[d] != 1)
        return fail("operand shapes " + shapeToString(input) + " and " +
                    shapeToString(other) +
                    " do not broadcast (each dimension must be equal or 1)");
      shape[d] = std::max(input[d], other[d]);
    }
    return shape;
  }
  case HostClass::Reduce: {
    if (params.size() != 1 || params[0] < 0 ||
        params[0] >= int64_t(input.size()))
      return fail("a reduction takes one parameter, an axis in [0, " +
                  llvm::Twine(input.size()) + ")");
    std::vector<int64_t> shape = input;
    shape[params[0]] = 1;
    return shape;
  }
  case HostClass::Transpose: {
    if (params.size() != input.size())
      return fail("a transpose takes a permutation of " +
                  llvm::Twine(input.size()) + " axes, got " +
                  llvm::Twine(params.size()));
    std::vector<int64_t> shape(input.size());
    std::vector<bool> seen(input.size(), false);
    for (size_t d = 0; d < params.size(); ++d) {
      if (params[d] < 0 || params[d] >= int64_t(input.size()) ||
          seen[params[d]])
        return fail("transpose parameters are not a permutation of [0, " +
                    llvm::Twine(input.size()) + ")");
      seen[params[d]] = true;
      shape[d] = input[params[d]];
    }
    return shape;
  }
  case HostClass::Resize: {
    if (params.size() != ResizeParamCount)
      return fail("a resize takes " + llvm::Twine(unsigned(ResizeParamCount)) +
                  " parameters (scale y n/d, x n/d, offset y/x, border y/x, "
                  "mode), got " + llvm::Twine(params.size()));
    if (input.size() != 4)
      return fail("a resize takes an NHWC tensor, got rank " +
                  llvm::Twine(input.size()));
    for (unsigned p : {ResizeScaleYN, ResizeScaleYD, ResizeScaleXN,
                       ResizeScaleXD})
      if (params[p] <= 0 || params[p] > (1 << 11))
        return fail("resize scales must be in [1, 2048]");
    for (unsigned p : {ResizeOffsetY, ResizeOffsetX, ResizeBorderY,
                       ResizeBorderX})
      if (params[p] < -(1 << 16) || params[p] > (1 << 16))
        return fail("resize offsets and borders must be in [-65536, 65536]");
    if (params[ResizeBilinear] != 0 && params[ResizeBilinear] != 1)
      return fail("resize mode must be 0 (nearest) or 1 (bilinear)");
    auto outSize = [&](int64_t in, int64_t n, int64_t d, int64_t offset,
                       int64_t border) {
      return llvm::divideFloorSigned((in - 1) * n - offset + border, d) + 1;
    };
    return std::vector<int64_t>{
        input[0],
        outSize(input[1], params[ResizeScaleYN], params[ResizeScaleYD],
                params[ResizeOffsetY], params[ResizeBorderY]),
        outSize(input[2], params[ResizeScaleXN], params[ResizeScaleXD],
                params[ResizeOffsetX], params[ResizeBorderX]),
        input[3]};
  }
  case HostClass::Pool: {
    if (params.size() != PoolParamCount)
      return fail("a pool takes " + llvm::Twine(unsigned(PoolParamCount)) +
                  " parameters (kernel y/x, stride y/x, pad top/bottom/"
                  "left/right), got " +
                  llvm::Twine(params.size()));
    if (input.size() != 4)
      return fail("a pool takes an NHWC tensor, got rank " +
                  llvm::Twine(input.size()));
    std::vector<int64_t> shape = input;
    for (int axis = 0; axis < 2; ++axis) {
      int64_t kernel = params[PoolKernelY + axis];
      int64_t stride = params[PoolStrideY + axis];
      int64_t before = params[PoolPadTop + 2 * axis];
      int64_t after = params[PoolPadBottom + 2 * axis];
      // TOSA's bounds: a window always overlaps the input.
      if (kernel < 1 || kernel > (1 << 16) || stride < 1 ||
          stride > (1 << 16) || before < 0 || after < 0 || before >= kernel ||
          after >= kernel)
        return fail("pool kernels and strides must be in [1, 65536] and "
                    "pads in [0, kernel)");
      int64_t span = input[1 + axis] + before + after - kernel;
      if (span < 0 || span % stride != 0)
        return fail(
            "pool " + llvm::Twine(axis == 0 ? "height" : "width") + " " +
            llvm::Twine(input[1 + axis]) + " + pads " + llvm::Twine(before) +
            " + " + llvm::Twine(after) + " - kernel " + llvm::Twine(kernel) +
            " must be >= 0 and divisible by the stride " + llvm::Twine(stride));
      shape[1 + axis] = span / stride + 1;
    }
    return shape;
  }
  }
  return input;
}

bool typeAllowed(HostClass cls, DType type) {
  switch (cls) {
  case HostClass::Unary:
  case HostClass::Resize:
    return type == DType::F32;
  case HostClass::Pool:
    return type == DType::F32 || type == DType::I8;
  case HostClass::Binary:
  case HostClass::Reduce:
    return type == DType::F32 || type == DType::I32;
  case HostClass::Transpose:
  case HostClass::Reshape:
    return true;
  }
  return false;
}

template <typename T>
void poolImpl(bool max, llvm::ArrayRef<T> input, llvm::ArrayRef<int64_t> in,
              llvm::ArrayRef<int64_t> p, llvm::ArrayRef<int64_t> out,
              llvm::MutableArrayRef<T> result) {
  for (int64_t n = 0; n < out[0]; ++n)
    for (int64_t oy = 0; oy < out[1]; ++oy)
      for (int64_t ox = 0; ox < out[2]; ++ox) {
        int64_t y0 = oy * p[PoolStrideY] - p[PoolPadTop];
        int64_t x0 = ox * p[PoolStrideX] - p[PoolPadLeft];
        int64_t yBegin = std::max<int64_t>(y0, 0);
        int64_t yEnd = std::min<int64_t>(y0 + p[PoolKernelY], in[1]);
        int64_t xBegin = std::max<int64_t>(x0, 0);
        int64_t xEnd = std::min<int64_t>(x0 + p[PoolKernelX], in[2]);
        for (int64_t c = 0; c < out[3]; ++c) {
          // The window is never empty: pads are below the kernel size.
          T best = input[((n * in[1] + yBegin) * in[2] + xBegin) * in[3] + c];
          [[maybe_unused]] float sum = 0;
          for (int64_t y = yBegin; y < yEnd; ++y)
            for (int64_t x = xBegin; x < xEnd; ++x) {
              T value = input[((n * in[1] + y) * in[2] + x) * in[3] + c];
              if constexpr (std::is_floating_point_v<T>) {
                sum += value;
                // TOSA's maximum propagates NaN.
                best = std::isnan(best) || std::isnan(value)
                           ? std::numeric_limits<T>::quiet_NaN()
                           : std::max(best, value);
              } else {
                best = std::max(best, value);
              }
            }
          T &slot = result[((n * out[1] + oy) * out[2] + ox) * out[3] + c];
          if constexpr (std::is_floating_point_v<T>)
            slot = max ? best : sum / float((yEnd - yBegin) * (xEnd - xBegin));
          else
            slot = best;
        }
      }
}

} // namespace

void isa::pool2d(bool max, llvm::ArrayRef<float> input,
                 llvm::ArrayRef<int64_t> inShape,
                 llvm::ArrayRef<int64_t> params,
                 llvm::ArrayRef<int64_t> outShape,
                 llvm::MutableArrayRef<float> result) {
  poolImpl<float>(max, input, inShape, params, outShape, result);
}

void isa::maxPool2d(llvm::ArrayRef<int8_t> input,
                    llvm::ArrayRef<int64_t> inShape,
                    llvm::ArrayRef<int64_t> params,
                    llvm::ArrayRef<int64_t> outShape,
                    llvm::MutableArrayRef<int8_t> result) {
  poolImpl<int8_t>(true, input, inShape, params, outShape, result);
}

int64_t HostTensor::numElements() const {
  // Saturating (hostile records): byteSize() still cannot overflow.
  uint64_t count = 1;
  for (int64_t dim : shape)
    count = llvm::SaturatingMultiply(count, uint64_t(std::max<int64_t>(dim, 0)));
  return int64_t(std::min<uint64_t>(count, uint64_t(INT64_MAX) / 8));
}

llvm::ArrayRef<llvm::StringRef> isa::hostOpKinds() {
  static const std::vector<llvm::StringRef> names = [] {
    std::vector<llvm::StringRef> list;
    for (const HostKind &kind : kHostKinds)
      list.push_back(kind.name);
    return list;
  }();
  return names;
}

bool isa::isHostOpKind(llvm::StringRef kind) { return findKind(kind); }

llvm::Error isa::checkHostOp(llvm::StringRef kind,
                             llvm::ArrayRef<int64_t> params,
                             llvm::ArrayRef<std::vector<int64_t>> operandShapes,
                             llvm::ArrayRef<DType> operandTypes,
                             llvm::ArrayRef<int64_t> resultShape,
                             DType resultType) {
  const HostKind *found = findKind(kind);
  if (!found) {
    std::string known;
    for (const HostKind &entry : kHostKinds)
      known += (known.empty() ? "" : ", ") + entry.name.str();
    return fail("unknown host op kind '" + kind + "' (the host runs " + known +
                ")");
  }
  size_t arity = found->cls == HostClass::Binary ? 2 : 1;
  if (operandShapes.size() != arity || operandTypes.size() != arity)
    return fail(kind + " takes " + llvm::Twine(arity) + " operand(s), got " +
                llvm::Twine(operandShapes.size()));
  if ((found->cls == HostClass::Unary || found->cls == HostClass::Binary) &&
      !params.empty())
    return fail(kind + " takes no parameters");
  for (llvm::ArrayRef<int64_t> shape : operandShapes) {
    if (shape.empty() || shape.size() > kMaxHostRank)
      return fail("host tensors have rank 1 to " + llvm::Twine(kMaxHostRank));
    for (int64_t dim : shape)
      if (dim < 1 || dim > (int64_t(1) << 32))
        return fail("host tensor dimensions must be in [1, 2^32], got " +
                    shapeToString(shape));
  }
  for (DType type : operandTypes)
    if (type != resultType)
      return fail(kind + ": operand and result element types differ");
  // TOSA's int8 average has zero points and a rounding rule of its own;
  // the host has the f32 one only.
  bool avgPool = kind == "tosa.avg_pool2d";
  if (!typeAllowed(found->cls, resultType) ||
      (avgPool && resultType != DType::F32)) {
    llvm::StringRef others = "";
    if (found->cls == HostClass::Binary || found->cls == HostClass::Reduce)
      others = " and i32";
    else if (found->cls == HostClass::Pool && !avgPool)
      others = " and i8";
    return fail(kind + " runs on f32" + others + " only, got " +
                dtypeName(resultType));
  }
  llvm::Expected<std::vector<int64_t>> expected =
      inferShape(found->cls, params, operandShapes);
  if (!expected)
    return fail(kind + ": " + llvm::toString(expected.takeError()));
  if (found->cls == HostClass::Reshape) {
    uint64_t in = 1, out = 1;
    for (int64_t dim : operandShapes.front())
      in = llvm::SaturatingMultiply(in, uint64_t(dim));
    for (int64_t dim : resultShape)
      out = llvm::SaturatingMultiply(out, uint64_t(std::max<int64_t>(dim, 0)));
    if (resultShape.empty() || resultShape.size() > kMaxHostRank || in != out)
      return fail(kind + ": result " + shapeToString(resultShape) +
                  " does not have the " + llvm::Twine(in) +
                  " elements of the operand");
    return llvm::Error::success();
  }
  if (llvm::ArrayRef<int64_t>(*expected) != resultShape)
    return fail(kind + ": result shape " + shapeToString(resultShape) +
                " should be " + shapeToString(*expected));
  return llvm::Error::success();
}

llvm::Error isa::verifyHostOpRecord(const HostOpRecord &record,
                                    uint64_t dramBytes) {
  std::vector<std::vector<int64_t>> shapes;
  std::vector<DType> types;
  for (const HostTensor &operand : record.operands) {
    shapes.push_back(operand.shape);
    types.push_back(operand.dtype);
  }
  if (llvm::Error error =
          checkHostOp(record.kind, record.params, shapes, types,
                      record.result.shape, record.result.dtype))
    return error;
  auto inside = [&](const HostTensor &tensor) {
    uint64_t bytes = uint64_t(tensor.byteSize());
    return tensor.dramAddr <= dramBytes && bytes <= dramBytes - tensor.dramAddr;
  };
  for (const HostTensor &operand : record.operands)
    if (!inside(operand))
      return fail(record.kind + ": an operand lies outside DRAM");
  if (!inside(record.result))
    return fail(record.kind + ": the result lies outside DRAM");
  return llvm::Error::success();
}

uint64_t isa::hostOpWork(const HostOpRecord &record) {
  uint64_t elements = 0;
  for (const HostTensor &operand : record.operands)
    elements = llvm::SaturatingAdd(elements, uint64_t(operand.numElements()));
  // A resize reads up to four input values per output element, a pool its
  // window.
  uint64_t perOutput = 1;
  if (record.kind == "tosa.resize")
    perOutput = 4;
  else if ((record.kind == "tosa.max_pool2d" ||
            record.kind == "tosa.avg_pool2d") &&
           record.params.size() == PoolParamCount)
    perOutput = llvm::SaturatingMultiply(
        uint64_t(std::max<int64_t>(record.params[PoolKernelY], 1)),
        uint64_t(std::max<int64_t>(record.params[PoolKernelX], 1)));
  return llvm::SaturatingAdd(
      elements,
      llvm::SaturatingMultiply(uint64_t(record.result.numElements()),
                               perOutput));
}

int64_t isa::hostOpCycles(const HostOpRecord &record, const HostModel &model,
                          bool handover) {
  assert(model.elementsPerCycle > 0 && "the host must make progress");
  double busy = std::ceil(double(hostOpWork(record)) / model.elementsPerCycle);
  double total =
      busy + (handover ? double(std::max<int64_t>(model.syncCycles, 0)) : 0);
  // 2^63 is exactly representable; anything at or above it saturates.
  if (!(total < 9223372036854775808.0))
    return std::numeric_limits<int64_t>::max();
  return int64_t(total);
}
