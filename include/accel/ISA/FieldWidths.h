//===- FieldWidths.h - Instruction field widths that bound a layer -*- C++
//-*-===//
//
// The widths of the instruction fields that carry a layer's shape rather
// than a tile's: a tensor's rows and columns (LOAD_INPUT tensor_h/tensor_w,
// with the box origin y0/x0 one bit wider and signed), channel counts
// (LOAD_WEIGHT count/chans, CONV in_c/out_k) and the kernel geometry (CONV
// kernel, stride and dilation). Instruction.h declares those fields with
// these widths; checkTargetLimits (Target.h) checks a layer's ConvShape
// against them, so a layer whose program could not be encoded is rejected
// when it is converted, not when the program is written. Header-only: the
// target library uses it without linking the ISA.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_ISA_FIELDWIDTHS_H
#define ACCEL_ISA_FIELDWIDTHS_H

#include <cstdint>

namespace accel {
namespace isa {

/// tensor_h, tensor_w, channel counts and box extents.
constexpr unsigned kExtentBits = 16;
/// kernel_h/w, stride_h/w, dil_h/w.
constexpr unsigned kKernelBits = 8;

/// Largest tensor row / column count and channel count a program can
/// address.
constexpr int64_t kMaxExtent = (int64_t(1) << kExtentBits) - 1;
/// Largest box origin (y0 / x0: kExtentBits + 1 signed bits): the last
/// input row / column (padding included) an output window can start at.
constexpr int64_t kMaxOrigin = (int64_t(1) << kExtentBits) - 1;
/// Largest kernel extent, stride and dilation a CONV can encode.
constexpr int64_t kMaxKernelField = (int64_t(1) << kKernelBits) - 1;

} // namespace isa
} // namespace accel

#endif // ACCEL_ISA_FIELDWIDTHS_H
