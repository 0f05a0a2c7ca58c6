//===- HostOps.cpp - The simulator's host op kernels ----------------------===//
//
// Reference kernels for the host op kinds, written from the TOSA
// specification's pseudo-code: elementwise ops broadcast over dimensions
// of size 1, reductions keep the reduced axis, resize follows the spec's
// integer coordinate arithmetic (scale n/d, offset, border; bilinear
// weights dy = ry / scale_n). f32 computes in float like the spec's f32
// profile; i32 wraps like two's complement hardware.
//
//===----------------------------------------------------------------------===//

#include "accel/Sim/HostOps.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>

using namespace accel;
using namespace accel::isa;
using namespace accel::sim;

namespace {

template <typename T>
std::vector<T> load(const HostTensor &tensor, const std::vector<uint8_t> &dram) {
  std::vector<T> values(tensor.numElements());
  std::memcpy(values.data(), dram.data() + tensor.dramAddr,
              values.size() * sizeof(T));
  return values;
}

template <typename T>
void store(const HostTensor &tensor, const std::vector<T> &values,
           std::vector<uint8_t> &dram) {
  std::memcpy(dram.data() + tensor.dramAddr, values.data(),
              values.size() * sizeof(T));
}

/// Row-major strides of `shape`, with 0 for broadcast (size-1) dimensions
/// of an operand whose result dimension is larger.
std::vector<int64_t> broadcastStrides(llvm::ArrayRef<int64_t> shape,
                                      llvm::ArrayRef<int64_t> resultShape) {
  std::vector<int64_t> strides(shape.size());
  int64_t stride = 1;
  for (size_t d = shape.size(); d-- > 0;) {
    strides[d] = shape[d] == resultShape[d] ? stride : 0;
    stride *= shape[d];
  }
  return strides;
}

/// Calls fn(resultIndex, offset) for every element of `shape` in row-major
/// order, `offset` advancing by `strides` (an operand's view of it).
void forEachIndex(llvm::ArrayRef<int64_t> shape,
                  llvm::ArrayRef<int64_t> strides,
                  llvm::function_ref<void(int64_t, int64_t)> fn) {
  std::vector<int64_t> index(shape.size(), 0);
  int64_t total = 1;
  for (int64_t dim : shape)
    total *= dim;
  int64_t offset = 0;
  for (int64_t linear = 0; linear < total; ++linear) {
    fn(linear, offset);
    for (size_t d = shape.size(); d-- > 0;) {
      offset += strides[d];
      if (++index[d] < shape[d])
        break;
      offset -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
}

template <typename T> T wrapInt(int64_t value) {
  if constexpr (std::is_integral_v<T>)
    return T(uint32_t(uint64_t(value)));
  return T(value);
}

template <typename T>
llvm::Error runBinary(const HostOpRecord &record, std::vector<uint8_t> &dram) {
  std::vector<T> lhs = load<T>(record.operands[0], dram);
  std::vector<T> rhs = load<T>(record.operands[1], dram);
  const std::vector<int64_t> &shape = record.result.shape;
  std::vector<int64_t> rhsStrides =
      broadcastStrides(record.operands[1].shape, shape);
  std::vector<int64_t> lhsOffsets(record.result.numElements());
  forEachIndex(shape, broadcastStrides(record.operands[0].shape, shape),
               [&](int64_t linear, int64_t offset) {
                 lhsOffsets[linear] = offset;
               });
  std::function<T(T, T)> fn;
  if constexpr (std::is_integral_v<T>)
    fn = llvm::StringSwitch<std::function<T(T, T)>>(record.kind)
             .Case("tosa.add",
                   [](T a, T b) { return wrapInt<T>(int64_t(a) + b); })
             .Case("tosa.sub",
                   [](T a, T b) { return wrapInt<T>(int64_t(a) - b); })
             .Case("tosa.mul",
                   [](T a, T b) { return wrapInt<T>(int64_t(a) * b); })
             .Case("tosa.maximum", [](T a, T b) { return std::max(a, b); })
             .Default([](T a, T b) { return std::min(a, b); });
  else
    fn = llvm::StringSwitch<std::function<T(T, T)>>(record.kind)
             .Case("tosa.add", [](T a, T b) { return a + b; })
             .Case("tosa.sub", [](T a, T b) { return a - b; })
             .Case("tosa.mul", [](T a, T b) { return a * b; })
             // TOSA propagates NaN in maximum / minimum.
             .Case("tosa.maximum",
                   [](T a, T b) {
                     return std::isnan(a) || std::isnan(b) ? NAN
                                                           : std::max(a, b);
                   })
             .Default([](T a, T b) {
               return std::isnan(a) || std::isnan(b) ? NAN : std::min(a, b);
             });
  std::vector<T> result(record.result.numElements());
  forEachIndex(shape, rhsStrides, [&](int64_t linear, int64_t offset) {
    result[linear] = fn(lhs[lhsOffsets[linear]], rhs[offset]);
  });
  store(record.result, result, dram);
  return llvm::Error::success();
}

llvm::Error runUnary(const HostOpRecord &record, std::vector<uint8_t> &dram) {
  std::vector<float> values = load<float>(record.operands[0], dram);
  float (*fn)(float) =
      llvm::StringSwitch<float (*)(float)>(record.kind)
          .Case("tosa.abs", [](float x) { return std::fabs(x); })
          .Case("tosa.erf", [](float x) { return std::erf(x); })
          .Case("tosa.exp", [](float x) { return std::exp(x); })
          .Case("tosa.log", [](float x) { return std::log(x); })
          .Case("tosa.reciprocal", [](float x) { return 1.0f / x; })
          .Case("tosa.rsqrt", [](float x) { return 1.0f / std::sqrt(x); })
          .Case("tosa.tanh", [](float x) { return std::tanh(x); })
          .Default([](float x) { return 1.0f / (1.0f + std::exp(-x)); });
  for (float &value : values)
    value = fn(value);
  store(record.result, values, dram);
  return llvm::Error::success();
}

template <typename T>
llvm::Error runReduce(const HostOpRecord &record, std::vector<uint8_t> &dram) {
  std::vector<T> input = load<T>(record.operands[0], dram);
  llvm::ArrayRef<int64_t> shape = record.operands[0].shape;
  int64_t axis = record.params[0];
  int64_t outer = 1, inner = 1, extent = shape[axis];
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  for (size_t d = axis + 1; d < shape.size(); ++d)
    inner *= shape[d];
  bool sum = record.kind == "tosa.reduce_sum";
  bool max = record.kind == "tosa.reduce_max";
  std::vector<T> result(outer * inner);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      T acc = input[o * extent * inner + i];
      for (int64_t k = 1; k < extent; ++k) {
        T value = input[(o * extent + k) * inner + i];
        if (sum)
          acc = std::is_integral_v<T> ? wrapInt<T>(int64_t(acc) + int64_t(value))
                                      : acc + value;
        else
          acc = max ? std::max(acc, value) : std::min(acc, value);
      }
      result[o * inner + i] = acc;
    }
  store(record.result, result, dram);
  return llvm::Error::success();
}

/// Transpose and reshape move bytes only, whatever the element type.
void runTranspose(const HostOpRecord &record, std::vector<uint8_t> &dram) {
  const HostTensor &input = record.operands[0];
  int64_t bytes = dtypeBytes(input.dtype);
  // The result walks the input with the permuted input strides.
  std::vector<int64_t> inputStrides(input.shape.size());
  int64_t stride = 1;
  for (size_t d = input.shape.size(); d-- > 0;) {
    inputStrides[d] = stride;
    stride *= input.shape[d];
  }
  std::vector<int64_t> strides;
  for (int64_t axis : record.params)
    strides.push_back(inputStrides[axis]);
  std::vector<uint8_t> source(dram.begin() + input.dramAddr,
                              dram.begin() + input.dramAddr + input.byteSize());
  forEachIndex(record.result.shape, strides,
               [&](int64_t linear, int64_t offset) {
                 std::memcpy(dram.data() + record.result.dramAddr +
                                 linear * bytes,
                             source.data() + offset * bytes, bytes);
               });
}

/// TOSA resize on f32 NHWC (spec pseudo-code, integer coordinates).
void runResize(const HostOpRecord &record, std::vector<uint8_t> &dram) {
  std::vector<float> input = load<float>(record.operands[0], dram);
  llvm::ArrayRef<int64_t> in = record.operands[0].shape;
  llvm::ArrayRef<int64_t> out = record.result.shape;
  llvm::ArrayRef<int64_t> p = record.params;
  bool bilinear = p[ResizeBilinear] == 1;
  std::vector<float> result(record.result.numElements());
  auto at = [&](int64_t n, int64_t y, int64_t x, int64_t c) {
    return input[((n * in[1] + y) * in[2] + x) * in[3] + c];
  };
  auto clampTo = [](int64_t value, int64_t size) {
    return std::clamp<int64_t>(value, 0, size - 1);
  };
  for (int64_t n = 0; n < out[0]; ++n)
    for (int64_t oy = 0; oy < out[1]; ++oy)
      for (int64_t ox = 0; ox < out[2]; ++ox) {
        int64_t y = oy * p[ResizeScaleYD] + p[ResizeOffsetY];
        int64_t x = ox * p[ResizeScaleXD] + p[ResizeOffsetX];
        int64_t iy = llvm::divideFloorSigned(y, p[ResizeScaleYN]);
        int64_t ix = llvm::divideFloorSigned(x, p[ResizeScaleXN]);
        int64_t ry = y - iy * p[ResizeScaleYN];
        int64_t rx = x - ix * p[ResizeScaleXN];
        float dy = float(ry) / float(p[ResizeScaleYN]);
        float dx = float(rx) / float(p[ResizeScaleXN]);
        for (int64_t c = 0; c < out[3]; ++c) {
          float value;
          if (bilinear) {
            int64_t y0 = clampTo(iy, in[1]), y1 = clampTo(iy + 1, in[1]);
            int64_t x0 = clampTo(ix, in[2]), x1 = clampTo(ix + 1, in[2]);
            value = at(n, y0, x0, c) * (1 - dy) * (1 - dx) +
                    at(n, y0, x1, c) * (1 - dy) * dx +
                    at(n, y1, x0, c) * dy * (1 - dx) +
                    at(n, y1, x1, c) * dy * dx;
          } else {
            int64_t ny = clampTo(2 * ry >= p[ResizeScaleYN] ? iy + 1 : iy, in[1]);
            int64_t nx = clampTo(2 * rx >= p[ResizeScaleXN] ? ix + 1 : ix, in[2]);
            value = at(n, ny, nx, c);
          }
          result[((n * out[1] + oy) * out[2] + ox) * out[3] + c] = value;
        }
      }
  store(record.result, result, dram);
}

/// TOSA max_pool2d / avg_pool2d (isa::pool2d), f32 or int8 (maximum).
void runPool(const HostOpRecord &record, std::vector<uint8_t> &dram) {
  llvm::ArrayRef<int64_t> in = record.operands[0].shape;
  llvm::ArrayRef<int64_t> out = record.result.shape;
  if (record.result.dtype == DType::I8) {
    std::vector<int8_t> input = load<int8_t>(record.operands[0], dram);
    std::vector<int8_t> result(record.result.numElements());
    isa::maxPool2d(input, in, record.params, out, result);
    store(record.result, result, dram);
    return;
  }
  std::vector<float> input = load<float>(record.operands[0], dram);
  std::vector<float> result(record.result.numElements());
  isa::pool2d(record.kind == "tosa.max_pool2d", input, in, record.params, out,
              result);
  store(record.result, result, dram);
}

} // namespace

llvm::Error sim::runHostOp(const HostOpRecord &record,
                           std::vector<uint8_t> &dram) {
  llvm::StringRef kind = record.kind;
  bool isInt = record.result.dtype == DType::I32;
  if (kind == "tosa.reshape") {
    std::memmove(dram.data() + record.result.dramAddr,
                 dram.data() + record.operands[0].dramAddr,
                 record.result.byteSize());
    return llvm::Error::success();
  }
  if (kind == "tosa.transpose") {
    runTranspose(record, dram);
    return llvm::Error::success();
  }
  if (kind == "tosa.resize") {
    runResize(record, dram);
    return llvm::Error::success();
  }
  if (kind == "tosa.max_pool2d" || kind == "tosa.avg_pool2d") {
    runPool(record, dram);
    return llvm::Error::success();
  }
  if (kind.starts_with("tosa.reduce_"))
    return isInt ? runReduce<int32_t>(record, dram)
                 : runReduce<float>(record, dram);
  if (record.operands.size() == 2)
    return isInt ? runBinary<int32_t>(record, dram)
                 : runBinary<float>(record, dram);
  return runUnary(record, dram);
}
