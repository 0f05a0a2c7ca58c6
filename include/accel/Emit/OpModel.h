//===- OpModel.h - accel ops as the backend's plain structs --*- C++ -*-===//
//
// The thin layer between the accel dialect and the plain-C++ backend: the
// ConvShape / ConvEpilogue / PlaneShape of an op, and the discardable
// attributes through which `accel-tile` and `accel-plan-memory` hand their
// decisions to the read-only emitter (names, encodings, readers, writers).
// docs/Backend.md lists every attribute.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_EMIT_OPMODEL_H
#define ACCEL_EMIT_OPMODEL_H

#include "accel/Dialect/Accel/IR/AccelOps.h"
#include "accel/Schedule/ConvSchedule.h"
#include "accel/Schedule/CopySchedule.h"
#include "accel/Schedule/Placement.h"
#include "accel/Target/ConvShape.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LLVM.h"

#include "llvm/ADT/StringRef.h"

#include <string>

namespace accel {
namespace emit {

//===----------------------------------------------------------------------===//
// Attribute names
//===----------------------------------------------------------------------===//

/// accel-tile (per op).
constexpr llvm::StringLiteral kTileAttr = "accel.tile";
constexpr llvm::StringLiteral kLoopOrderAttr = "accel.loop_order";
constexpr llvm::StringLiteral kEstCyclesAttr = "accel.est_cycles";
constexpr llvm::StringLiteral kEstDramBytesAttr = "accel.est_dram_bytes";
constexpr llvm::StringLiteral kEstEnergyAttr = "accel.est_energy_pj";
constexpr llvm::StringLiteral kMacUtilizationAttr = "accel.mac_utilization";
/// accel-tile: the phase convs of one split transposed conv that run as one
/// fused schedule (schedule::generateFusedPhaseSchedule) carry the same id; the
/// first member in block order carries the group's estimates, every member
/// the group's tiling (tile rows/columns in the phases' shared u-space).
constexpr llvm::StringLiteral kPhaseGroupAttr = "accel.phase_group";
/// accel-tile (per function).
constexpr llvm::StringLiteral kEstTotalCyclesAttr = "accel.est_total_cycles";
constexpr llvm::StringLiteral kEstTotalDramBytesAttr =
    "accel.est_total_dram_bytes";
constexpr llvm::StringLiteral kEstTotalEnergyAttr = "accel.est_total_energy_pj";
/// accel-plan-memory.
constexpr llvm::StringLiteral kDramAttr = "accel.dram";
constexpr llvm::StringLiteral kDramPiecesAttr = "accel.dram_pieces";
constexpr llvm::StringLiteral kDramAddrAttr = "accel.dram_addr";
constexpr llvm::StringLiteral kCopyOperandsAttr = "accel.copy_operands";
constexpr llvm::StringLiteral kNameAttr = "accel.name";
constexpr llvm::StringLiteral kDramPlanAttr = "accel.dram_plan";

//===----------------------------------------------------------------------===//
// Shapes and element types
//===----------------------------------------------------------------------===//

/// NHWC extent of a static tensor type of rank 1..4 (leading 1s added).
mlir::FailureOr<schedule::Shape4> nhwcShape(mlir::Type type);

/// F32 or I8 for the activation element types the engine runs.
std::optional<ElementKind> elementKindOf(mlir::Type elementType);

/// Bytes of one element of f32, i8 or i32.
int64_t elementBytesOf(mlir::Type elementType);

/// The conv as the tiler and the schedule generator see it.
ConvShape convShapeOf(Conv2DOp op);

/// Fused activation and int8 parameters of an op that writes accumulators
/// (conv2d, bias_fill, add).
schedule::ConvEpilogue epilogueOf(mlir::Operation *op);

/// The output plane of a bias_fill / add / zero_insert (element kind from
/// the result type).
schedule::PlaneShape planeShapeOf(mlir::Value value);

/// Where a zero_insert puts its input and what it fills the rest with.
schedule::ZeroInsertGeometry zeroInsertGeometryOf(ZeroInsertOp op);

/// Why an op cannot be emitted (empty when it can): i32 conv results and
/// i8 activations other than none/relu/clamp.
std::string unsupportedReason(mlir::Operation *op);

//===----------------------------------------------------------------------===//
// Decisions recorded in the IR
//===----------------------------------------------------------------------===//

/// Reads `accel.tile` / `accel.loop_order`.
mlir::FailureOr<schedule::TilingChoice> readTiling(mlir::Operation *op);

/// Encodes a placement as `accel.dram` (one uncropped piece) or
/// `accel.dram_pieces`.
mlir::NamedAttribute placementAttr(mlir::MLIRContext *context,
                                   const schedule::Placement &placement,
                                   const schedule::Shape4 &shape);

/// Writes the placement attribute on an op (removing the other form).
void setPlacement(mlir::Operation *op, const schedule::Placement &placement,
                  const schedule::Shape4 &shape);

/// The recorded placement of a value: from its defining accel op, or from
/// the `accel.dram` attribute of a function argument.
mlir::FailureOr<schedule::Placement> readPlacement(mlir::Value value);

/// Where operand `index` of a depth_to_space, concat or reshape lives when
/// it is placed inside the op's result (whose placement is `result`).
/// std::nullopt for a reshape whose result is not dense.
std::optional<schedule::Placement> aliasOperandPlacement(mlir::Operation *consumer,
                                               unsigned index,
                                               const schedule::Placement &result);

/// `file.mlir:LINE:COL` (file name without directories) for a file
/// location, the printed location otherwise: for messages and listings.
std::string locationString(mlir::Location loc);

/// A short, stable name for an op's layer: its `accel.name`, else the name
/// of a NameLoc, else `<mnemonic>_<index>`.
std::string layerName(mlir::Operation *op, unsigned index);

} // namespace emit
} // namespace accel

#endif // ACCEL_EMIT_OPMODEL_H
