//===- AccelAnnotations.cpp - The decisions passes record in the IR -------===//

#include "accel/Dialect/Accel/IR/AccelAnnotations.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace accel;
using namespace accel::schedule;

static constexpr llvm::StringLiteral kRolePrefix = "accel.role=";

/// `deconv` for transpose_conv2d, ...: the short names users know layers by.
static StringRef defaultNameStem(StringRef role) {
  return llvm::StringSwitch<StringRef>(role)
      .Case("transpose_conv2d", "deconv")
      .Case("transpose_conv3d", "deconv3d")
      .Case("conv2d", "conv")
      .Case("depthwise_conv2d", "dwconv")
      .Case("matmul", "fc")
      .Default(role);
}

StringRef accel::layerRoleOf(Location loc) {
  StringRef role;
  loc->walk([&](Location inner) {
    auto fused = dyn_cast<FusedLoc>(inner);
    auto metadata =
        fused ? dyn_cast_or_null<StringAttr>(fused.getMetadata()) : nullptr;
    if (!metadata || !metadata.getValue().starts_with(kRolePrefix))
      return WalkResult::advance();
    role = metadata.getValue().drop_front(kRolePrefix.size());
    return WalkResult::interrupt();
  });
  return role;
}

std::optional<std::string> accel::layerNameOf(Location loc) {
  std::optional<std::string> name;
  loc->walk([&](Location inner) {
    auto named = dyn_cast<NameLoc>(inner);
    if (!named)
      return WalkResult::advance();
    name = named.getName().str();
    return WalkResult::interrupt();
  });
  return name;
}

void accel::assignLayerIdentity(Operation *root) {
  MLIRContext *context = root->getContext();
  llvm::StringMap<unsigned> counts;
  root->walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (op == root || op->getName().getDialectNamespace() != "tosa" ||
        op->hasTrait<OpTrait::ConstantLike>() || op->getNumResults() == 0)
      return;
    StringRef role = op->getName().stripDialect();
    unsigned index = ++counts[defaultNameStem(role)];
    Location loc = op->getLoc();
    if (!layerRoleOf(loc).empty())
      return;
    if (!layerNameOf(loc))
      loc = NameLoc::get(
          StringAttr::get(context, defaultNameStem(role) + Twine(index)), loc);
    op->setLoc(FusedLoc::get(context, {loc},
                             StringAttr::get(context, kRolePrefix + role)));
  });
}

void accel::recordLayerIdentity(Operation *root) {
  root->walk([&](Operation *op) {
    if (!llvm::isa<AccelDialect>(op->getDialect()) ||
        op->hasTrait<OpTrait::ConstantLike>() || op->hasAttr(kNameAttr))
      return;
    std::optional<std::string> name = layerNameOf(op->getLoc());
    if (!name)
      return;
    MLIRContext *context = op->getContext();
    op->setAttr(kNameAttr, StringAttr::get(context, *name));
    StringRef role = layerRoleOf(op->getLoc());
    if (!role.empty())
      op->setAttr(kRoleAttr, StringAttr::get(context, role));
  });
}

FailureOr<Shape4> accel::nhwcShape(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape() || tensor.getRank() < 1 ||
      tensor.getRank() > 4)
    return failure();
  Shape4 shape = {1, 1, 1, 1};
  int64_t rank = tensor.getRank();
  for (int64_t i = 0; i < rank; ++i)
    shape[4 - rank + i] = tensor.getDimSize(i);
  return shape;
}

std::optional<ElementKind> accel::elementKindOf(Type elementType) {
  if (elementType.isF32())
    return ElementKind::F32;
  if (elementType.isSignlessInteger(8))
    return ElementKind::I8;
  return std::nullopt;
}

int64_t accel::elementBytesOf(Type elementType) {
  return elementType.isSignlessInteger(8) ? 1 : 4;
}

PlaneShape accel::planeShapeOf(Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  Shape4 shape = *nhwcShape(type);
  PlaneShape plane;
  plane.batch = shape[0];
  plane.height = shape[1];
  plane.width = shape[2];
  plane.channels = shape[3];
  plane.element =
      elementKindOf(type.getElementType()).value_or(ElementKind::F32);
  return plane;
}

//===----------------------------------------------------------------------===//
// Tilings
//===----------------------------------------------------------------------===//

TilingAttr accel::tilingAttr(MLIRContext *context,
                             const TilingChoice &tiling) {
  TileLoopOrder order = TileLoopOrder::SpatialOuter;
  switch (tiling.order) {
  case LoopOrder::SpatialOuter:
    order = TileLoopOrder::SpatialOuter;
    break;
  case LoopOrder::OutChannelOuter:
    order = TileLoopOrder::OutChannelOuter;
    break;
  }
  return TilingAttr::get(context, tiling.tileH, tiling.tileW, tiling.tileK,
                         tiling.tileC, order, tiling.kernelRows);
}

TilingChoice accel::toTilingChoice(TilingAttr attr) {
  TilingChoice tiling;
  tiling.tileH = attr.getRows();
  tiling.tileW = attr.getCols();
  tiling.tileK = attr.getOutChannels();
  tiling.tileC = attr.getInChannels();
  tiling.kernelRows = attr.getKernelRows();
  switch (attr.getOrder()) {
  case TileLoopOrder::SpatialOuter:
    tiling.order = LoopOrder::SpatialOuter;
    break;
  case TileLoopOrder::OutChannelOuter:
    tiling.order = LoopOrder::OutChannelOuter;
    break;
  }
  return tiling;
}

FailureOr<TilingChoice> accel::readTiling(Operation *op) {
  auto attr = op->getAttrOfType<TilingAttr>(kTileAttr);
  if (!attr)
    return failure();
  return toTilingChoice(attr);
}

//===----------------------------------------------------------------------===//
// Placements
//===----------------------------------------------------------------------===//

NamedAttribute accel::placementAttr(MLIRContext *context,
                                    const Placement &placement,
                                    const Shape4 &shape) {
  Builder builder(context);
  if (std::optional<DramView> view = asView(placement, shape))
    return builder.getNamedAttr(
        kDramAttr, DramViewAttr::get(context, int64_t(view->base),
                                     view->imageStride, view->rowStride,
                                     view->pixelStride));
  SmallVector<Attribute> pieces;
  for (const PlacementPiece &piece : placement)
    pieces.push_back(DramPieceAttr::get(
        context, piece.channelBegin, piece.channelEnd, piece.base,
        piece.imageStride, piece.rowStride, piece.pixelStride, piece.rowBegin,
        piece.rowEnd, piece.colBegin, piece.colEnd));
  return builder.getNamedAttr(kDramPiecesAttr, builder.getArrayAttr(pieces));
}

void accel::setPlacement(Operation *op, const Placement &placement,
                         const Shape4 &shape) {
  op->removeAttr(kDramAttr);
  op->removeAttr(kDramPiecesAttr);
  NamedAttribute attr = placementAttr(op->getContext(), placement, shape);
  op->setAttr(attr.getName(), attr.getValue());
}

namespace {
FailureOr<Placement> decodePlacement(Attribute dram, Attribute pieces,
                                     const Shape4 &shape) {
  if (auto view = dyn_cast_or_null<DramViewAttr>(dram)) {
    PlacementPiece piece;
    piece.channelEnd = shape[3];
    piece.base = view.getBase();
    piece.imageStride = view.getImageStride();
    piece.rowStride = view.getRowStride();
    piece.pixelStride = view.getPixelStride();
    piece.rowEnd = shape[1];
    piece.colEnd = shape[2];
    return Placement{piece};
  }
  auto list = dyn_cast_or_null<ArrayAttr>(pieces);
  if (!list)
    return failure();
  Placement placement;
  for (Attribute element : list) {
    auto attr = dyn_cast<DramPieceAttr>(element);
    if (!attr)
      return failure();
    PlacementPiece piece;
    piece.channelBegin = attr.getChannelBegin();
    piece.channelEnd = attr.getChannelEnd();
    piece.base = attr.getBase();
    piece.imageStride = attr.getImageStride();
    piece.rowStride = attr.getRowStride();
    piece.pixelStride = attr.getPixelStride();
    piece.rowBegin = attr.getRowBegin();
    piece.rowEnd = attr.getRowEnd();
    piece.colBegin = attr.getColBegin();
    piece.colEnd = attr.getColEnd();
    placement.push_back(piece);
  }
  return placement;
}
} // namespace

FailureOr<Placement> accel::readPlacement(Value value) {
  FailureOr<Shape4> shape = nhwcShape(value.getType());
  if (failed(shape))
    return failure();
  if (auto arg = dyn_cast<BlockArgument>(value)) {
    auto func = dyn_cast<FunctionOpInterface>(arg.getOwner()->getParentOp());
    if (!func)
      return failure();
    return decodePlacement(func.getArgAttr(arg.getArgNumber(), kDramAttr),
                           nullptr, *shape);
  }
  Operation *op = value.getDefiningOp();
  // Constants live densely in the weight blob.
  if (auto addr = op->getAttrOfType<IntegerAttr>(kDramAddrAttr))
    return densePlacement(
        addr.getInt(), *shape,
        elementBytesOf(cast<ShapedType>(value.getType()).getElementType()));
  return decodePlacement(op->getAttr(kDramAttr), op->getAttr(kDramPiecesAttr),
                         *shape);
}

std::optional<Placement> accel::aliasOperandPlacement(Operation *consumer,
                                                      unsigned index,
                                                      const Placement &result) {
  Value operand = consumer->getOperand(index);
  Shape4 shape = *nhwcShape(operand.getType());
  int64_t bytes =
      elementBytesOf(cast<ShapedType>(operand.getType()).getElementType());
  if (auto d2s = dyn_cast<DepthToSpaceOp>(consumer))
    return depthToSpaceOperandPlacement(
        result, d2s.getBlock()[0], d2s.getBlock()[1], d2s.getOriginsH(),
        d2s.getOriginsW(),
        d2s.isChannelGrouped() ? std::nullopt : std::optional<int64_t>(index),
        (*nhwcShape(d2s.getType()))[3], shape[1], shape[2], bytes);
  if (auto zeroInsert = dyn_cast<ZeroInsertOp>(consumer))
    return composeStrided(result, zeroInsert.getPad()[0],
                          zeroInsert.getPad()[2], zeroInsert.getStride()[0],
                          zeroInsert.getStride()[1], 0, 0, shape[3], shape[1],
                          shape[2], bytes);
  if (auto concat = dyn_cast<ConcatOp>(consumer)) {
    int64_t offset = 0;
    for (unsigned i = 0; i < index; ++i)
      offset += (*nhwcShape(concat.getOperand(i).getType()))[3];
    return composeStrided(result, 0, 0, 1, 1, 0, offset, shape[3], shape[1],
                          shape[2], bytes);
  }
  // Reshape: the operand is the same bytes in its own shape; a strided
  // result (a concat's channel slice) views it when the strides allow.
  Shape4 resultShape = *nhwcShape(consumer->getResult(0).getType());
  if (isDense(result, resultShape, bytes))
    return densePlacement(result.front().base, shape, bytes);
  return reshapeOperandPlacement(result, resultShape, shape, bytes);
}

bool accel::isZeroInsertInPlace(Operation *op) {
  auto zeroInsert = dyn_cast<ZeroInsertOp>(op);
  if (!zeroInsert || !zeroInsert.isPaddingCopy())
    return false;
  FailureOr<Placement> input = readPlacement(zeroInsert.getInput());
  FailureOr<Placement> result = readPlacement(zeroInsert.getResult());
  if (failed(input) || failed(result))
    return false;
  std::optional<Placement> inside = aliasOperandPlacement(op, 0, *result);
  return inside && *inside == *input;
}
