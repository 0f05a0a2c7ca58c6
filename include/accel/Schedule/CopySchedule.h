//===- CopySchedule.h - Strided copies through the accumulators -*- C++ -*-===//
//
// The data movement the backend needs beyond the conv, fill and add
// schedules: copy a tensor from one DRAM view into another (LOAD_ACC into
// the accumulators, STORE out with the destination's strides), used for
// operands of depth_to_space / concat that cannot alias (function inputs,
// values that feed two such ops), and `accel.zero_insert` (fill, then copy
// the input to every stride-th position).
//
// Same dependency-token protocol as generateAddSchedule; priced by running
// these very builders into the timing model.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SCHEDULE_COPYSCHEDULE_H
#define ACCEL_SCHEDULE_COPYSCHEDULE_H

#include "accel/Schedule/ConvSchedule.h"
#include "accel/Schedule/Placement.h"
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

/// One copy of a chain: `shape` elements from `source` to `dest`, its
/// instructions emitted into `sink` (e.g. a StoreRemapSink placing its
/// STOREs; every part's sink must forward to the same program in order).
struct CopyPart {
  schedule::PlaneShape shape;
  schedule::DramView source, dest;
  isa::InstructionSink *sink = nullptr;
};

/// generateCopySchedule for several copies in one pipeline: the tiles of
/// every part run through the accumulators' two halves in sequence with no
/// BARRIER between parts (the concat of an `accel.slice` per kernel row
/// copies its operands this way), and one BARRIER ends the chain (emitted
/// into the last part's sink). Every part's destination must be disjoint
/// from every part's source. With `chain` the copies continue that chain
/// of plane schedules (ConvSchedule.h; its BARRIER as the chain says).
llvm::Error generateCopySchedules(llvm::ArrayRef<CopyPart> parts,
                                  const TargetDesc &target, uint16_t layer,
                                  PlaneChain *chain = nullptr);

/// The geometry of an `accel.zero_insert`: input pixel (i, j) goes to
/// result (padTop + i*strideH, padLeft + j*strideW); every other result
/// position holds `fill` (i8: the output zero point). Negative padding crops
/// (inputs that land outside the result are dropped).
struct ZeroInsertGeometry {
  int64_t padTop = 0, padLeft = 0;
  int64_t strideH = 1, strideW = 1;
  int32_t fill = 0;
};

/// The one schedule of a zero insertion, used by the emitter (with the real
/// placements) and by every price of it (accel-tile, strategy=auto): a fill
/// schedule writes `fill` over every position the input does not cover (with
/// stride 1: only the padding boxes around the input, in one chain; else all
/// of `result`), then a copy schedule scatters the input into it (its STOREs
/// remapped through composeStrided). `resultPlacement` is where the result
/// lives (dense at any base for a price). The fill and the copy run as one
/// plane chain (PlaneChain) ending with one BARRIER: the copy reads only the
/// input, and where its stores overwrite a fill's (stride > 1) the in-order
/// store queue keeps them in program order.
llvm::Error generateZeroInsertSchedule(const PlaneShape &input,
                                       const DramView &inputView,
                                       const PlaneShape &result,
                                       const Placement &resultPlacement,
                                       const ZeroInsertGeometry &geometry,
                                       const TargetDesc &target, uint16_t layer,
                                       isa::InstructionSink &sink);

} // namespace schedule
} // namespace accel

#endif // ACCEL_SCHEDULE_COPYSCHEDULE_H
