//===- AccelDialect.cpp - accel dialect registration ----------------------===//

#include "accel/Dialect/Accel/IR/AccelDialect.h"
#include "accel/Dialect/Accel/IR/AccelAnnotations.h"
#include "accel/Dialect/Accel/IR/AccelOps.h"

#include "mlir/IR/BuiltinOps.h"

using namespace mlir;
using namespace accel;

#include "accel/Dialect/Accel/IR/AccelOpsDialect.cpp.inc"

void AccelDialect::initialize() {
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "accel/Dialect/Accel/IR/AccelOps.cpp.inc"
      >();
}

LogicalResult AccelDialect::verifyOperationAttribute(Operation *op,
                                                     NamedAttribute attr) {
  if (attr.getName() != getTargetAttrName())
    return detail::verifyContractAttribute(op, attr);
  if (!llvm::isa<ModuleOp>(op))
    return op->emitError() << "'" << getTargetAttrName()
                           << "' is only allowed on a builtin.module";
  if (!llvm::isa<TargetAttr>(attr.getValue()))
    return op->emitError() << "'" << getTargetAttrName()
                           << "' must be an #accel.target attribute, got "
                           << attr.getValue();
  return success();
}
