//===- ConvShape.h - Shape of one ordinary convolution ------*- C++ -*-===//
//
// The plain-C++ vocabulary shared by the split planner (which produces the
// stride-1 convolutions of a transposed conv), the cost model / tiler (which
// prices one conv on a target) and the program emitter. No MLIR types.
//
// Layouts follow TOSA: input NHWC, weights OHWI (per group: O = outC/groups,
// I = inC/groups), output NHWC. Padding is explicit and may be asymmetric.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_TARGET_CONVSHAPE_H
#define ACCEL_TARGET_CONVSHAPE_H

#include <cstdint>

namespace accel {

/// Element type of activations and weights on the accelerator.
enum class ElementKind {
  F32, ///< f32 activations and weights, f32 accumulate
  I8,  ///< i8 activations and weights, i32 accumulate, requantize on store
};

inline int64_t elementBytes(ElementKind kind) {
  return kind == ElementKind::F32 ? 4 : 1;
}

struct ConvShape {
  int64_t batch = 1;
  int64_t inH = 1, inW = 1, inC = 1;
  int64_t outC = 1;
  int64_t kernelH = 1, kernelW = 1;
  int64_t strideH = 1, strideW = 1;
  int64_t dilationH = 1, dilationW = 1;
  int64_t padTop = 0, padBottom = 0, padLeft = 0, padRight = 0;
  int64_t groups = 1;
  ElementKind element = ElementKind::F32;

  /// Sets one spatial axis of a stride-1 conv: input extent, kernel taps,
  /// dilation and the padding before / after (negative: a crop).
  void setAxisH(int64_t input, int64_t kernel, int64_t dilation,
                int64_t padBegin, int64_t padEnd) {
    inH = input;
    kernelH = kernel;
    dilationH = dilation;
    padTop = padBegin;
    padBottom = padEnd;
  }
  void setAxisW(int64_t input, int64_t kernel, int64_t dilation,
                int64_t padBegin, int64_t padEnd) {
    inW = input;
    kernelW = kernel;
    dilationW = dilation;
    padLeft = padBegin;
    padRight = padEnd;
  }

  static int64_t outSize(int64_t in, int64_t padBegin, int64_t padEnd,
                         int64_t kernel, int64_t stride, int64_t dilation) {
    int64_t span = (kernel - 1) * dilation + 1;
    int64_t padded = in + padBegin + padEnd - span;
    if (padded < 0)
      return 0;
    return padded / stride + 1;
  }
  int64_t outH() const {
    return outSize(inH, padTop, padBottom, kernelH, strideH, dilationH);
  }
  int64_t outW() const {
    return outSize(inW, padLeft, padRight, kernelW, strideW, dilationW);
  }
  /// MACs the conv performs as written (taps over padding included).
  int64_t macs() const {
    return batch * outH() * outW() * outC * kernelH * kernelW * (inC / groups);
  }
};

} // namespace accel

#endif // ACCEL_TARGET_CONVSHAPE_H
