//===- MemoryPlanCheck.h - Live DRAM regions never overlap ----*- C++ -*-===//
//
// The emitter trusts the DRAM plan it reads from the IR. A hand-edited or
// otherwise corrupt plan (an intermediate placed over a function input, a
// constant over the output) would still emit and simulate -- with wrong
// numbers and no error. This check runs before emission and turns such a
// plan into one error at the op that defines the offending tensor.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_EMIT_MEMORYPLANCHECK_H
#define ACCEL_EMIT_MEMORYPLANCHECK_H

#include "mlir/Support/LLVM.h"

namespace mlir {
namespace func {
class FuncOp;
} // namespace func
} // namespace mlir

namespace accel {
namespace emit {

/// Checks the DRAM plan of a planned function: tensors that share storage
/// by design (the operands of depth_to_space / concat / reshape placed
/// inside the result, unless listed in `accel.copy_operands`) form one
/// storage region; a region is live from its first producer to its last
/// reader, except the program's interface (inputs, outputs, constants),
/// which is live for the whole run. Two regions live at the same time must not share a
/// byte, and every region must lie inside `accel.dram_plan`'s total_bytes.
/// Runs in O(n log n) over the function's tensors.
mlir::LogicalResult verifyMemoryPlan(mlir::func::FuncOp func);

} // namespace emit
} // namespace accel

#endif // ACCEL_EMIT_MEMORYPLANCHECK_H
