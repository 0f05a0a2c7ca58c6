//===- DramLimit.h - Tensors must fit the accelerator's DRAM ---*- C++ -*-===//
//
// Every accel op's verifier (so every pass after parsing) and
// convert-tosa-to-accel (on the TOSA ops, before converting them) check each
// tensor an op touches against the DRAM the program format addresses
// (isa::kMaxDramBytes), from its type alone and with checked arithmetic, so
// a huge shape is one located error instead of a tiler search over billions
// of pixels or a plan no program can hold; later shape arithmetic only sees
// tensors whose byte counts fit comfortably in int64.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_DIALECT_ACCEL_IR_DRAMLIMIT_H
#define ACCEL_DIALECT_ACCEL_IR_DRAMLIMIT_H

#include "accel/ISA/Program.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"

#include "llvm/Support/CheckedArithmetic.h"

#include <algorithm>
#include <optional>

namespace accel {

/// Bytes of a static tensor type, or nullopt when it overflows int64.
inline std::optional<int64_t> tensorByteSize(mlir::Type type) {
  auto shaped = llvm::dyn_cast<mlir::ShapedType>(type);
  if (!shaped || !shaped.hasStaticShape())
    return std::nullopt;
  mlir::Type element = shaped.getElementType();
  if (!element.isIntOrFloat())
    return std::nullopt;
  std::optional<int64_t> bytes =
      std::max<int64_t>(1, element.getIntOrFloatBitWidth() / 8);
  for (int64_t dim : shaped.getShape()) {
    if (!bytes)
      return std::nullopt;
    bytes = llvm::checkedMul(*bytes, dim);
  }
  return bytes;
}

/// An error at `op` when one of its tensors is larger than the accelerator's
/// DRAM.
inline mlir::LogicalResult checkTensorsFitDram(mlir::Operation *op) {
  auto check = [&](mlir::Type type, llvm::StringRef what,
                   unsigned index) -> mlir::LogicalResult {
    auto shaped = llvm::dyn_cast<mlir::ShapedType>(type);
    if (!shaped || !shaped.hasStaticShape())
      return mlir::success();
    std::optional<int64_t> bytes = tensorByteSize(type);
    if (bytes && uint64_t(*bytes) <= isa::kMaxDramBytes)
      return mlir::success();
    return op->emitOpError()
           << what << " " << index << " (" << type << ", "
           << (bytes ? llvm::Twine(*bytes).str() : std::string("over 2^63"))
           << " bytes) does not fit the accelerator's DRAM ("
           << isa::kMaxDramBytes << " bytes); split the layer into smaller "
              "tensors";
  };
  for (auto [index, type] : llvm::enumerate(op->getOperandTypes()))
    if (mlir::failed(check(type, "operand", index)))
      return mlir::failure();
  for (auto [index, type] : llvm::enumerate(op->getResultTypes()))
    if (mlir::failed(check(type, "result", index)))
      return mlir::failure();
  return mlir::success();
}

} // namespace accel

#endif // ACCEL_DIALECT_ACCEL_IR_DRAMLIMIT_H
