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

#include <optional>

namespace accel {

/// A constant's elements as the bytes that hold them (DenseElementsAttr's
/// raw layout: one element when `splat`), read in place: no attribute is
/// built, so a large blob is neither copied nor hashed.
struct ConstantBytes {
  ConstantBytes() = default;
  ConstantBytes(mlir::ShapedType type, llvm::ArrayRef<char> raw, bool splat)
      : type(type), raw(raw), splat(splat) {}
  /// The bytes of a DenseElementsAttr (which must outlive them).
  ConstantBytes(mlir::DenseElementsAttr attr)
      : type(attr.getType()), raw(attr.getRawData()), splat(attr.isSplat()) {}
  mlir::Type getElementType() const { return type.getElementType(); }

  mlir::ShapedType type;
  llvm::ArrayRef<char> raw;
  bool splat = false;
};

/// The bytes of `value` when it is a constant (dense or dense_resource with a
/// blob of the right size), else nullopt.
inline std::optional<ConstantBytes> matchConstantBytes(mlir::Value value) {
  mlir::Attribute attr;
  if (!mlir::matchPattern(value, mlir::m_Constant(&attr)))
    return std::nullopt;
  if (auto dense = llvm::dyn_cast<mlir::DenseElementsAttr>(attr))
    return ConstantBytes{dense.getType(), dense.getRawData(), dense.isSplat()};
  auto resource = llvm::dyn_cast<mlir::DenseResourceElementsAttr>(attr);
  if (!resource)
    return std::nullopt;
  mlir::AsmResourceBlob *blob = resource.getRawHandle().getBlob();
  if (!blob)
    return std::nullopt;
  ConstantBytes bytes{resource.getType(), blob->getData(), false};
  if (!mlir::DenseElementsAttr::isValidRawBuffer(bytes.type, bytes.raw,
                                                 bytes.splat))
    return std::nullopt;
  return bytes;
}

/// The elements of `value` when it is a constant (dense or dense_resource
/// with a blob of the right size), else null. A blob becomes a uniqued
/// DenseElementsAttr (its bytes copied and hashed once per context): where
/// only the bytes are needed, matchConstantBytes reads them in place.
inline mlir::DenseElementsAttr matchDenseConstant(mlir::Value value) {
  mlir::Attribute attr;
  if (mlir::matchPattern(value, mlir::m_Constant(&attr)))
    if (auto dense = llvm::dyn_cast<mlir::DenseElementsAttr>(attr))
      return dense;
  std::optional<ConstantBytes> bytes = matchConstantBytes(value);
  if (!bytes)
    return {};
  return mlir::DenseElementsAttr::getFromRawBuffer(bytes->type, bytes->raw);
}

} // namespace accel

#endif // ACCEL_SUPPORT_DENSECONSTANT_H
