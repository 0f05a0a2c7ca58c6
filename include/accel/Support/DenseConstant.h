//===- DenseConstant.h - Reading constant tensors ---------------*- C++ -*-===//
//
// The one way accel's passes and emitter read a constant tensor's
// elements: `dense<...>` as is, and a `dense_resource` blob (how the ONNX
// importer writes weights, docs/Import.md) as a DenseElementsAttr over the
// blob's bytes. Header-only, so every library that reads weights uses it
// without a new link dependency.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SUPPORT_DENSECONSTANT_H
#define ACCEL_SUPPORT_DENSECONSTANT_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/Value.h"

namespace accel {

/// The elements of `value` when it is a constant (dense or dense_resource
/// with a blob of the right size), else null.
inline mlir::DenseElementsAttr matchDenseConstant(mlir::Value value) {
  mlir::Attribute attr;
  if (!mlir::matchPattern(value, mlir::m_Constant(&attr)))
    return {};
  if (auto dense = llvm::dyn_cast<mlir::DenseElementsAttr>(attr))
    return dense;
  auto resource = llvm::dyn_cast<mlir::DenseResourceElementsAttr>(attr);
  if (!resource)
    return {};
  mlir::AsmResourceBlob *blob = resource.getRawHandle().getBlob();
  if (!blob)
    return {};
  llvm::ArrayRef<char> data = blob->getData();
  bool splat = false;
  if (!mlir::DenseElementsAttr::isValidRawBuffer(resource.getType(), data,
                                                 splat))
    return {};
  return mlir::DenseElementsAttr::getFromRawBuffer(resource.getType(), data);
}

} // namespace accel

#endif // ACCEL_SUPPORT_DENSECONSTANT_H
