//===- OpSchedule.h - Run an accel op's schedule builder --------*- C++ -*-===//
//
// The one place that turns a planned accel op into a call of its schedule
// builder (accel/Schedule): it reads the op's shape and epilogue
// (ComputeOpInterface), its tiling (accel.tile), the placements of its
// operands and result and the copies accel-plan-memory decided
// (AccelAnnotations.h), and runs the builder into an InstructionSink with
// stores remapped onto the result's placement (schedule::StoreRemapSink).
//
// The emitter runs it into the program's instruction vector; accel-estimate
// runs it into the simulator's timing model. Same builder, same
// arguments: the estimate is the price of what is emitted.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_DIALECT_ACCEL_UTILS_OPSCHEDULE_H
#define ACCEL_DIALECT_ACCEL_UTILS_OPSCHEDULE_H

#include "accel/Dialect/Accel/IR/AccelOps.h"
#include "accel/ISA/InstructionSink.h"
#include "accel/Target/Target.h"

#include "mlir/IR/Location.h"
#include "mlir/Support/LLVM.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <string>

namespace mlir {
namespace func {
class FuncOp;
} // namespace func
} // namespace mlir

namespace accel {

/// `file.mlir:LINE:COL` (file name without directories) for a file
/// location, the printed location otherwise: for messages and listings.
std::string locationString(mlir::Location loc);

//===----------------------------------------------------------------------===//
// One function per op kind
//===----------------------------------------------------------------------===//
//
// Each reads what it needs from the IR and runs the builder into `sink`
// (instructions tagged with `layer`). A missing or unusable decision is an
// error at the op naming the pass to run; a builder error is reported as
// "'<op>' op cannot be scheduled on target '<name>': <reason>".

/// generateConvSchedule with the op's `accel.tile`.
mlir::LogicalResult scheduleConv(Conv2DOp op, const TargetDesc &target,
                                 uint16_t layer, isa::InstructionSink &sink);

/// generateFusedPhaseSchedule over the members of one `accel.phase_group`
/// (block order; the first member's tiling), each phase storing through
/// its own placement.
mlir::LogicalResult schedulePhaseGroup(llvm::ArrayRef<Conv2DOp> members,
                                       const TargetDesc &target,
                                       uint16_t layer,
                                       isa::InstructionSink &sink);

/// generateFillSchedule.
mlir::LogicalResult scheduleBiasFill(BiasFillOp op, const TargetDesc &target,
                                     uint16_t layer,
                                     isa::InstructionSink &sink);

/// generateAddSchedule (both operands share the result's scale).
mlir::LogicalResult scheduleAdd(AddOp op, const TargetDesc &target,
                                uint16_t layer, isa::InstructionSink &sink);

/// generateZeroInsertSchedule: fill with the op's `fill`, then copy the
/// input into the stride-s sub-grid at the padding offset (negative padding
/// crops).
mlir::LogicalResult scheduleZeroInsert(ZeroInsertOp op,
                                       const TargetDesc &target,
                                       uint16_t layer,
                                       isa::InstructionSink &sink);

/// generateCopySchedule for every operand of a depth_to_space / concat
/// listed in its `accel.copy_operands`, into the operand's place inside
/// the result.
mlir::LogicalResult scheduleAliasCopies(mlir::Operation *op,
                                        const TargetDesc &target,
                                        uint16_t layer,
                                        isa::InstructionSink &sink);

//===----------------------------------------------------------------------===//
// The program layers of a function
//===----------------------------------------------------------------------===//

/// Which ops of a planned function become program layers, and the
/// schedule of each.
class LayerSchedules {
public:
  /// Collects the members of every `accel.phase_group` of `func`'s body.
  LayerSchedules(mlir::func::FuncOp func, const TargetDesc &target);

  /// Whether `op` starts a program layer: a conv (of a phase group, only
  /// the first member, which emits the whole group), a bias_fill, add or
  /// zero_insert, or a depth_to_space / concat with copied operands.
  bool startsLayer(mlir::Operation *op) const;

  /// Runs the schedule of the layer `op` starts (startsLayer) into `sink`.
  mlir::LogicalResult build(mlir::Operation *op, uint16_t layer,
                            isa::InstructionSink &sink) const;

private:
  const TargetDesc &target;
  /// Members of every phase group, in block order.
  llvm::DenseMap<int64_t, llvm::SmallVector<Conv2DOp>> phaseGroups;
};

} // namespace accel

#endif // ACCEL_DIALECT_ACCEL_UTILS_OPSCHEDULE_H
