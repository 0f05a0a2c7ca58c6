//===- AccelOps.h - accel operations ------------------------*- C++ -*-===//

#ifndef ACCEL_DIALECT_ACCEL_IR_ACCELOPS_H
#define ACCEL_DIALECT_ACCEL_IR_ACCELOPS_H

#include "accel/Dialect/Accel/IR/AccelAttrs.h"
#include "accel/Dialect/Accel/IR/AccelDialect.h"
#include "accel/Schedule/ConvSchedule.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace accel {
/// The NHWC plane of a static tensor value of rank 1..4 (leading 1s added;
/// element kind F32 unless the element type is i8).
schedule::PlaneShape planeShapeOf(mlir::Value value);
} // namespace accel

#include "accel/Dialect/Accel/IR/AccelInterfaces.h.inc"

#define GET_OP_CLASSES
#include "accel/Dialect/Accel/IR/AccelOps.h.inc"

#endif // ACCEL_DIALECT_ACCEL_IR_ACCELOPS_H
