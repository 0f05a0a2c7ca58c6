//===- ConvKernel.cpp - The simulator's conv inner loops ------------------===//
//
// NHWC input, weights transposed to [tap][c][k] so that the innermost loop
// is an axpy over contiguous output channels: it vectorises without
// reassociating floating-point sums.
//
//===----------------------------------------------------------------------===//

#include "accel/Sim/Machine.h"

#include <algorithm>

using namespace accel;
using namespace accel::sim;

namespace {
template <typename T>
void convKernel(const ConvKernelShape &shape, const T *__restrict input,
                const T *__restrict weights, T *__restrict acc,
                bool accumulate) {
  const int64_t outK = shape.outK, channels = shape.channels;
  for (int64_t y = 0; y < shape.outH; ++y) {
    for (int64_t x = 0; x < shape.outW; ++x) {
      T *__restrict out = acc + y * shape.accPitch + x * outK;
      if (!accumulate)
        std::fill(out, out + outK, T(0));
      for (int64_t ky = 0; ky < shape.kernelH; ++ky) {
        int64_t iy = y * shape.strideH + ky * shape.dilationH;
        for (int64_t kx = 0; kx < shape.kernelW; ++kx) {
          int64_t ix = x * shape.strideW + kx * shape.dilationW;
          const T *__restrict pixel = input + (iy * shape.inW + ix) * channels;
          const T *__restrict tap =
              weights + (ky * shape.kernelW + kx) * channels * outK;
          for (int64_t c = 0; c < channels; ++c) {
            const T value = pixel[c];
            const T *__restrict row = tap + c * outK;
            for (int64_t k = 0; k < outK; ++k)
              out[k] += value * row[k];
          }
        }
      }
    }
  }
}
} // namespace

void sim::convKernelF32(const ConvKernelShape &shape, const float *input,
                        const float *weights, float *acc, bool accumulate) {
  convKernel(shape, input, weights, acc, accumulate);
}

void sim::convKernelI32(const ConvKernelShape &shape, const int32_t *input,
                        const int32_t *weights, int32_t *acc,
                        bool accumulate) {
  // Unsigned arithmetic wraps like the hardware's i32 accumulator instead
  // of overflowing (undefined behaviour) on hostile operands.
  convKernel(shape, reinterpret_cast<const uint32_t *>(input),
             reinterpret_cast<const uint32_t *>(weights),
             reinterpret_cast<uint32_t *>(acc), accumulate);
}
