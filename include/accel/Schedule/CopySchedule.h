//===- CopySchedule.h - Strided copies through the accumulators -*- C++ -*-===//
//
// The one data movement the backend needs beyond AccelISA's conv, fill and
// add schedules: copy a tensor from one DRAM view into another (LOAD_ACC
// into the accumulators, STORE out with the destination's strides). It
// implements `accel.zero_insert` (fill, then copy the input to every
// stride-th position) and operands of depth_to_space / concat that cannot
// alias (function inputs, values that feed two such ops).
//
// Built on AccelISA's instruction structs and the same dependency-token
// protocol as generateAddSchedule; priced by the same timing model.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SCHEDULE_COPYSCHEDULE_H
#define ACCEL_SCHEDULE_COPYSCHEDULE_H

#include "accel/Schedule/ConvSchedule.h"
#include "accel/Target/Target.h"

#include "llvm/Support/Error.h"

namespace accel {
namespace schedule {

/// Copies `shape` elements from `source` to `dest` (both NHWC views of the
/// same element type) in accumulator-sized tiles of rows (or of columns
/// when one row does not fit half the accumulators). i8 values pass through
/// unchanged (LOAD_ACC with zero point 0, multiplier 1, shift 0; STORE
/// saturates, which is the identity on i8). Ends with a BARRIER.
llvm::Error generateCopySchedule(const schedule::PlaneShape &shape,
                                 const schedule::DramView &source,
                                 const schedule::DramView &dest,
                                 const TargetDesc &target, uint16_t layer,
                                 isa::InstructionSink &sink);

} // namespace schedule
} // namespace accel

#endif // ACCEL_SCHEDULE_COPYSCHEDULE_H
