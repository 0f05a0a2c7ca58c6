//===- AccelAnnotations.h - The decisions passes record in the IR -*- C++ -*-===//
//
// The discardable attributes through which accel-tile, accel-plan-memory
// and accel-estimate hand their decisions to later passes and to the
// read-only emitter: their names, and readers and writers that convert the
// typed attributes (AccelContractAttrs.td) to and from the plain structs of
// accel/Schedule. Each attribute has exactly one writing pass;
// docs/Backend.md lists them. The dialect verifies every one of them
// (AccelDialect::verifyOperationAttribute and friends).
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_DIALECT_ACCEL_IR_ACCELANNOTATIONS_H
#define ACCEL_DIALECT_ACCEL_IR_ACCELANNOTATIONS_H

#include "accel/Dialect/Accel/IR/AccelOps.h"
#include "accel/Schedule/ConvSchedule.h"
#include "accel/Schedule/Placement.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LLVM.h"

#include "llvm/ADT/StringRef.h"

#include <optional>

namespace accel {

//===----------------------------------------------------------------------===//
// Attribute names
//===----------------------------------------------------------------------===//

/// accel-tile: `#accel.tiling` on every accel.conv2d.
constexpr llvm::StringLiteral kTileAttr = "accel.tile";
/// accel-tile: the phase convs of one split transposed conv that run as one
/// fused schedule (schedule::generateFusedPhaseSchedule) carry the same i64
/// id and the group's tiling; the first member in block order emits the
/// whole group as one layer and carries its estimate.
constexpr llvm::StringLiteral kPhaseGroupAttr = "accel.phase_group";
/// accel-plan-memory: the placement of an op's result (or of a function
/// argument): `#accel.dram_view`, or a list of `#accel.dram_piece`.
constexpr llvm::StringLiteral kDramAttr = "accel.dram";
constexpr llvm::StringLiteral kDramPiecesAttr = "accel.dram_pieces";
/// accel-plan-memory: i64 address of a constant in the weight blob.
constexpr llvm::StringLiteral kDramAddrAttr = "accel.dram_addr";
/// accel-plan-memory: operands of depth_to_space / concat that are copied.
constexpr llvm::StringLiteral kCopyOperandsAttr = "accel.copy_operands";
/// accel-plan-memory (defaults) or the user: tensor names of function
/// arguments / results (and optionally of constants and ops).
constexpr llvm::StringLiteral kNameAttr = "accel.name";
/// convert-tosa-to-accel: `#accel.interface` on a function argument or
/// result whose boundary layout change it absorbed (the caller's shape and
/// the permutation to the function's order).
constexpr llvm::StringLiteral kInterfaceAttr = "accel.interface";
/// accel-quantize: the int8 interface of a function argument or result,
/// real = accel.scale (f64, > 0) * (q - accel.zero_point (i32, -128..127)).
constexpr llvm::StringLiteral kScaleAttr = "accel.scale";
constexpr llvm::StringLiteral kZeroPointAttr = "accel.zero_point";
/// accel-plan-memory: `#accel.dram_plan` on every function.
constexpr llvm::StringLiteral kDramPlanAttr = "accel.dram_plan";
/// accel-estimate: `#accel.estimate` on every op that starts a program
/// layer, and the function's sums as `accel.est_total`.
constexpr llvm::StringLiteral kEstimateAttr = "accel.est";
constexpr llvm::StringLiteral kEstimateTotalAttr = "accel.est_total";

/// accel-plan-memory (recordLayerIdentity): the kind of the source op an
/// accel op was lowered from (`transpose_conv2d`); with `accel.name`, the op's layer identity.
constexpr llvm::StringLiteral kRoleAttr = "accel.role";
/// convert-tosa-to-accel: on the op that produces a lowered transposed
/// conv's result, the MACs of the transposed conv that are not
/// multiplications by inserted zeros or padding taps (i64).
constexpr llvm::StringLiteral kUsefulMacsAttr = "accel.useful_macs";

//===----------------------------------------------------------------------===//
// Layer identity (docs/Backend.md, "Layer names")
//===----------------------------------------------------------------------===//

/// Gives every source op of `root` (the TOSA ops in its regions, constants
/// aside) a layer identity in its location, before any lowering, so that
/// every op lowered from it inherits it: the name (the op's name location,
/// e.g. an ONNX node name, else a role-based default `<role><n>` such as
/// `deconv3`: the n-th transposed conv, counted in block order) and the role
/// (the op's kind, `transpose_conv2d`), as `fused<"accel.role=ROLE">[NAME]`.
/// Ops that already carry a role keep theirs (idempotent).
void assignLayerIdentity(mlir::Operation *root);

/// accel-plan-memory: copies the identity assignLayerIdentity put in the
/// locations of `root`'s accel ops into attributes that survive printing
/// without locations: `accel.name` (the layer name) and `accel.role`. Ops
/// that have an `accel.name` keep it.
void recordLayerIdentity(mlir::Operation *root);

/// The layer name in `loc`: its first name location, if any.
std::optional<std::string> layerNameOf(mlir::Location loc);

/// The role assignLayerIdentity recorded in `loc`, or "".
llvm::StringRef layerRoleOf(mlir::Location loc);

//===----------------------------------------------------------------------===//
// Shapes and element types
//===----------------------------------------------------------------------===//

/// NHWC extent of a static tensor type of rank 1..4 (leading 1s added).
mlir::FailureOr<schedule::Shape4> nhwcShape(mlir::Type type);

/// F32 or I8 for the activation element types the engine runs.
std::optional<ElementKind> elementKindOf(mlir::Type elementType);

/// Bytes of one element of f32, i8 or i32.
int64_t elementBytesOf(mlir::Type elementType);

//===----------------------------------------------------------------------===//
// Tilings (accel-tile)
//===----------------------------------------------------------------------===//

TilingAttr tilingAttr(mlir::MLIRContext *context,
                      const schedule::TilingChoice &tiling);
schedule::TilingChoice toTilingChoice(TilingAttr attr);

/// The `accel.tile` of `op`, or failure when it has none.
mlir::FailureOr<schedule::TilingChoice> readTiling(mlir::Operation *op);

//===----------------------------------------------------------------------===//
// Placements (accel-plan-memory)
//===----------------------------------------------------------------------===//

/// Encodes a placement as `accel.dram` (one uncropped piece covering
/// `shape`) or `accel.dram_pieces`.
mlir::NamedAttribute placementAttr(mlir::MLIRContext *context,
                                   const schedule::Placement &placement,
                                   const schedule::Shape4 &shape);

/// Writes the placement attribute on an op (removing the other form).
void setPlacement(mlir::Operation *op, const schedule::Placement &placement,
                  const schedule::Shape4 &shape);

/// The recorded placement of a value: from its defining accel op, from the
/// `accel.dram_addr` of a constant (dense), or from the `accel.dram` of a
/// function argument.
mlir::FailureOr<schedule::Placement> readPlacement(mlir::Value value);

/// Where operand `index` of a depth_to_space, concat, reshape or
/// zero_insert lives when it is placed inside the op's result (whose
/// placement is `result`; a zero_insert's input: the positions it scatters
/// to). std::nullopt for a reshape whose result is not dense.
std::optional<schedule::Placement>
aliasOperandPlacement(mlir::Operation *consumer, unsigned index,
                      const schedule::Placement &result);

/// True when a padding copy (ZeroInsertOp::isPaddingCopy) has its input placed
/// inside its result by accel-plan-memory: the producer already wrote the
/// interior, and the op only fills the border. Read from the recorded
/// placements, so the emitter's schedule and its memory-plan check agree
/// with the planner without an attribute of their own.
bool isZeroInsertInPlace(mlir::Operation *op);

namespace detail {
/// The dialect's check of the attributes above on `op` (other names
/// succeed): the right attribute kind on the right kind of op.
mlir::LogicalResult verifyContractAttribute(mlir::Operation *op,
                                            mlir::NamedAttribute attr);
} // namespace detail

} // namespace accel

#endif // ACCEL_DIALECT_ACCEL_IR_ACCELANNOTATIONS_H
