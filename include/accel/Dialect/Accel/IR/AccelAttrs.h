//===- AccelAttrs.h - accel attributes ----------------------*- C++ -*-===//

#ifndef ACCEL_DIALECT_ACCEL_IR_ACCELATTRS_H
#define ACCEL_DIALECT_ACCEL_IR_ACCELATTRS_H

#include "accel/Target/Target.h"
#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Operation.h"

#include "accel/Dialect/Accel/IR/AccelEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "accel/Dialect/Accel/IR/AccelAttrs.h.inc"

namespace accel {
/// The `#accel.target` of the module enclosing `op` (or `op` itself when it
/// is a module), or a null attribute when there is none.
TargetAttr lookupTargetAttr(mlir::Operation *op);

/// Reports an error from loading a target (accel::resolveTarget) as one
/// diagnostic: at the JSON file's line and
/// column when the error has them (with a note at `use`), at `use`
/// otherwise, there prefixed with `context`. Never prints the enclosing
/// operation. Always fails.
mlir::LogicalResult emitTargetError(mlir::Location use, llvm::Error error,
                                    llvm::StringRef context = "");
} // namespace accel

#endif // ACCEL_DIALECT_ACCEL_IR_ACCELATTRS_H
