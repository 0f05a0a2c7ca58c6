//===- UpsampleConv.h - Nearest upsampling + conv as a transposed conv -*- C++ -*-===//
//
// A nearest-neighbour upsampling by an integer factor s followed by a
// stride-1 convolution is exactly one transposed convolution with stride s
// whose kernel is the conv's kernel, flipped and summed over every window of
// s consecutive taps (a kernel of K + s - 1 taps per axis). Per axis, with
// the conv's kernel w[0..K), padding (pb, pe) and up[j] = x[floor(j / s)]:
//
//   out[o] = sum_k w[k] * up[o + k - pb]
//          = sum_i x[i] * w'[o - i*s - (pb - (K-1))],
//   w'[t]  = sum of w[k] for k in [K-1-t, K-1-t+s-1] ∩ [0, K),
//
// i.e. TOSA transpose_conv2d with stride s, kernel w' and
// out_pad = (pb - (K-1), pe - (K-1)). The conv's zero padding reads zeros
// of the upsampled tensor, which is exactly where the transposed conv has no
// input, so the identity holds at the borders too. The split plan then turns
// the transposed conv into s phases of about (K + s - 1) / s taps each:
// (K + s - 1) MACs per input element instead of s * K.
//
// Plain C++ (no MLIR): the TOSA pass (accel-fuse-upsample-conv), the cost
// decision and the unit tests share it.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SPLIT_UPSAMPLECONV_H
#define ACCEL_SPLIT_UPSAMPLECONV_H

#include "accel/Split/SplitPlan.h"

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <vector>

namespace accel {

/// The input index each output index of one axis of a TOSA NEAREST_NEIGHBOR
/// resize reads (TOSA specification: y = o * d + offset, index
/// floor(y / n), rounded up when the remainder is at least n / 2, clamped
/// to the input).
std::vector<int64_t> nearestResizeSources(int64_t inSize, int64_t outSize,
                                          int64_t numerator,
                                          int64_t denominator, int64_t offset);

/// s when output index o reads input o / s for every o (each input element
/// repeated s times in order, s >= 1), else 0.
int64_t nearestRepeatFactor(llvm::ArrayRef<int64_t> sources, int64_t inSize);

/// The integer factor s of one axis of a NEAREST_NEIGHBOR resize from
/// `inSize` to `outSize` with scale numerator / denominator and `offset` when
/// it repeats every input element s times (output o reads input o / s),
/// else 0: nearestRepeatFactor of nearestResizeSources.
int64_t nearestUpsampleFactor(int64_t inSize, int64_t outSize,
                              int64_t numerator, int64_t denominator,
                              int64_t offset);

/// The transposed conv along one axis equal to upsampling an input of
/// `inputSize` by `factor` and convolving it (stride 1, dilation 1) with a
/// kernel of `kernelSize` taps and padding (padBegin, padEnd).
AxisParams upsampleConvAxis(int64_t inputSize, int64_t factor,
                            int64_t kernelSize, int64_t padBegin,
                            int64_t padEnd);

/// The composed kernel [OC, KH + sh - 1, KW + sw - 1, IC] (TOSA
/// transpose_conv2d layout) of a conv kernel [OC, KH, KW, IC] (OHWI) after a
/// nearest upsampling by (sh, sw): every tap the sum of the conv taps it
/// stands for (see the file comment). Sums in double, rounded once to f32.
std::vector<float> composeUpsampleConvKernel(llvm::ArrayRef<float> kernel,
                                             int64_t outChannels,
                                             int64_t kernelH, int64_t kernelW,
                                             int64_t inChannels, int64_t sh,
                                             int64_t sw);

} // namespace accel

#endif // ACCEL_SPLIT_UPSAMPLECONV_H
