//===- Reference.h - Direct reference convolutions in plain C++ -*- C++ -*-===//
//
// Slow, obviously-correct reference implementations used as oracles: a direct
// (scatter) transposed convolution, written straight from the TOSA
// definition, and an ordinary strided/dilated/padded/grouped convolution.
// Both exist in f32 (f32 accumulate) and int8 (zero points, i32 accumulate)
// flavours through explicit instantiations for <float, float> and
// <int8_t, int32_t>. Unit tests and end-to-end tests compare everything the
// compiler produces against these.
//
// Layouts: activations NHWC, weights OHWI with I = C_in / groups, bias [C_out]
// (empty = no bias), results NHWC in the accumulator type.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SPLIT_REFERENCE_H
#define ACCEL_SPLIT_REFERENCE_H

#include "accel/Split/SplitPlan.h"
#include "accel/Target/ConvShape.h"

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <vector>

namespace accel {

/// Zero points of an int8 convolution: every product is
/// (x - input) * (w - weight). Padding behaves like an element equal to the
/// input zero point, i.e. it contributes nothing. Both are 0 for f32.
struct ZeroPoints {
  int32_t input = 0;
  int32_t weight = 0;
};

/// Direct transposed convolution: for every input element and kernel tap,
/// scatters into o = i*S + k*D + padBegin when it lands inside the output.
/// Returns [N, outH, outW, C_out].
template <typename In, typename Acc>
std::vector<Acc> referenceTransposedConv(const TransposedConvParams &params,
                                         llvm::ArrayRef<In> input,
                                         llvm::ArrayRef<In> weight,
                                         llvm::ArrayRef<Acc> bias,
                                         ZeroPoints zp = {});

/// Direct (gather) convolution with the shape's stride, dilation, padding and
/// groups. Returns [N, outH, outW, C_out].
template <typename In, typename Acc>
std::vector<Acc> referenceConv(const ConvShape &shape, llvm::ArrayRef<In> input,
                               llvm::ArrayRef<In> weight,
                               llvm::ArrayRef<Acc> bias, ZeroPoints zp = {});

/// Executes `plan` with `strategy` using only `referenceConv` plus data
/// movement (slices, zero insertion, interleave, depth-to-space, crop), the
/// way an emitter lowers it. The result must equal `referenceTransposedConv`.
template <typename In, typename Acc>
std::vector<Acc> executePlan(const SplitPlan &plan, SplitStrategy strategy,
                             llvm::ArrayRef<In> input, llvm::ArrayRef<In> weight,
                             llvm::ArrayRef<Acc> bias, ZeroPoints zp = {});

} // namespace accel

#endif // ACCEL_SPLIT_REFERENCE_H
