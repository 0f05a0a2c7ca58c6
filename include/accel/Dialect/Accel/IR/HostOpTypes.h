//===- HostOpTypes.h - accel.host against the host op table ----*- C++ -*-===//
//
// The bridge between MLIR types and the host op table (accel/ISA/HostOp.h):
// the accel.host verifier, the host fallback of convert-tosa-to-accel and
// the emitter map element types and check an op through these two calls.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_DIALECT_ACCEL_IR_HOSTOPTYPES_H
#define ACCEL_DIALECT_ACCEL_IR_HOSTOPTYPES_H

#include "accel/ISA/Instruction.h"

#include "mlir/IR/TypeRange.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <optional>

namespace accel {

/// The program element type of f32, i8 or i32; nullopt for any other.
std::optional<isa::DType> programDType(mlir::Type elementType);

/// isa::checkHostOp for operands of types `inputs` and a result of type
/// `result`: each a static tensor of rank 1 to 4 with f32, i8 or i32
/// elements (the backend's tensors), else an error saying so.
llvm::Error checkHostOpTypes(llvm::StringRef kind,
                             llvm::ArrayRef<int64_t> params,
                             mlir::TypeRange inputs, mlir::Type result);

} // namespace accel

#endif // ACCEL_DIALECT_ACCEL_IR_HOSTOPTYPES_H
