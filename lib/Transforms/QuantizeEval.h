//===- QuantizeEval.h - Functional f32 evaluator of TOSA functions -*- C++
//-*-===//
//
// Runs an f32 TOSA function on host tensors, op by op, for the
// post-training quantizer (accel-quantize): calibration ranges come from
// it, and so does the quantizer's own SQNR estimate (the same evaluation
// with every quantized tensor rounded to its int8 grid). Convolutions use
// the reference convolutions of accel/Split/Reference.h.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_LIB_TRANSFORMS_QUANTIZEEVAL_H
#define ACCEL_LIB_TRANSFORMS_QUANTIZEEVAL_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Value.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <vector>

namespace accel {

/// A dense row-major f32 tensor.
struct HostF32 {
  llvm::SmallVector<int64_t, 4> shape;
  std::vector<float> data;
};

/// True when the evaluator (and so the quantizer) can run `op`.
bool isEvaluableTosaOp(mlir::Operation *op);

/// Evaluates `func` on `inputs` (one per argument, shapes already checked).
/// `preset` holds values to use instead of the IR's (e.g. fake-quantized
/// weights); `after` runs on every op result once computed and may change
/// it. Fails with a diagnostic on an op it cannot run.
mlir::LogicalResult
evaluateTosaF32(mlir::func::FuncOp func, llvm::ArrayRef<HostF32> inputs,
                const llvm::DenseMap<mlir::Value, HostF32> &preset,
                llvm::function_ref<void(mlir::Value, HostF32 &)> after,
                llvm::SmallVectorImpl<HostF32> &outputs);

/// The f32 elements of a constant tensor value, or std::nullopt.
std::optional<HostF32> readF32Constant(mlir::Value value);

} // namespace accel

#endif // ACCEL_LIB_TRANSFORMS_QUANTIZEEVAL_H
