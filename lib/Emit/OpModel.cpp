//===- OpModel.cpp - accel ops as the backend's plain structs -------------===//

#include "accel/Emit/OpModel.h"


#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"

#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace accel;
using namespace accel::emit;
using namespace accel::schedule;

FailureOr<Shape4> emit::nhwcShape(Type type) {
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

std::optional<ElementKind> emit::elementKindOf(Type elementType) {
  if (elementType.isF32())
    return ElementKind::F32;
  if (elementType.isSignlessInteger(8))
    return ElementKind::I8;
  return std::nullopt;
}

int64_t emit::elementBytesOf(Type elementType) {
  return elementType.isSignlessInteger(8) ? 1 : 4;
}

ConvShape emit::convShapeOf(Conv2DOp op) { return op.getConvShape(); }

namespace {
int64_t intAttrOr(Operation *op, StringRef name, int64_t fallback) {
  if (auto attr = dyn_cast_or_null<IntegerAttr>(op->getAttr(name)))
    return attr.getInt();
  return fallback;
}
float floatAttrOr(Operation *op, StringRef name, float fallback) {
  if (auto attr = dyn_cast_or_null<FloatAttr>(op->getAttr(name)))
    return float(attr.getValueAsDouble());
  return fallback;
}
PostOpKind postOpOf(Operation *op) {
  if (auto attr = dyn_cast_or_null<PostOpKindAttr>(op->getAttr("post_op")))
    return attr.getValue();
  return PostOpKind::None;
}
} // namespace

schedule::ConvEpilogue emit::epilogueOf(Operation *op) {
  schedule::ConvEpilogue epilogue;
  // PostOpKind and isa::Activation share their numbering (docs/ISA.md).
  epilogue.activation = isa::Activation(uint8_t(postOpOf(op)));
  epilogue.clampLo = floatAttrOr(op, "clamp_min", 0.0f);
  epilogue.clampHi = floatAttrOr(op, "clamp_max", 0.0f);
  epilogue.alpha = floatAttrOr(op, "leaky_alpha", 0.0f);
  epilogue.inputZp = int32_t(intAttrOr(op, "input_zp", 0));
  epilogue.weightZp = int32_t(intAttrOr(op, "weight_zp", 0));
  epilogue.outputZp = int32_t(intAttrOr(op, "output_zp", 0));
  if (op->getAttr("requant_multiplier")) {
    epilogue.multiplier = int32_t(intAttrOr(op, "requant_multiplier", 1));
    epilogue.shift = int32_t(intAttrOr(op, "requant_shift", 0));
  } else if (llvm::isa<AddOp>(op)) {
    // An i8 add keeps the operands' common scale: identity requantization.
    epilogue.multiplier = 1;
    epilogue.shift = 0;
  }
  return epilogue;
}

schedule::PlaneShape emit::planeShapeOf(Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  Shape4 shape = *nhwcShape(type);
  schedule::PlaneShape plane;
  plane.batch = shape[0];
  plane.height = shape[1];
  plane.width = shape[2];
  plane.channels = shape[3];
  plane.element =
      elementKindOf(type.getElementType()).value_or(ElementKind::F32);
  return plane;
}

schedule::ZeroInsertGeometry emit::zeroInsertGeometryOf(ZeroInsertOp op) {
  schedule::ZeroInsertGeometry geometry;
  geometry.padTop = op.getPad()[0];
  geometry.padLeft = op.getPad()[2];
  geometry.strideH = op.getStride()[0];
  geometry.strideW = op.getStride()[1];
  geometry.fill = int32_t(op.getFillAttr().getInt());
  return geometry;
}

std::string emit::unsupportedReason(Operation *op) {
  if (op->getNumResults() != 1)
    return "";
  Type resultElem =
      cast<RankedTensorType>(op->getResult(0).getType()).getElementType();
  if (llvm::isa<Conv2DOp>(op) && resultElem.isSignlessInteger(32))
    return "an i8 convolution with an i32 (raw accumulator) result is not "
           "supported by the engine's store path; requantize to i8";
  if (llvm::isa<Conv2DOp, BiasFillOp, AddOp>(op) && resultElem.isSignlessInteger(8)) {
    PostOpKind kind = postOpOf(op);
    if (kind != PostOpKind::None && kind != PostOpKind::Relu &&
        kind != PostOpKind::Clamp)
      return "the engine applies only none, relu and clamp to i8 results";
  }
  return "";
}

FailureOr<schedule::TilingChoice> emit::readTiling(Operation *op) {
  auto tile = dyn_cast_or_null<DenseI64ArrayAttr>(op->getAttr(kTileAttr));
  auto order = dyn_cast_or_null<StringAttr>(op->getAttr(kLoopOrderAttr));
  if (!tile || tile.size() != 4 || !order)
    return failure();
  schedule::TilingChoice tiling;
  tiling.tileH = tile[0];
  tiling.tileW = tile[1];
  tiling.tileK = tile[2];
  tiling.tileC = tile[3];
  if (order.getValue() == schedule::loopOrderName(schedule::LoopOrder::SpatialOuter))
    tiling.order = schedule::LoopOrder::SpatialOuter;
  else if (order.getValue() ==
           schedule::loopOrderName(schedule::LoopOrder::OutChannelOuter))
    tiling.order = schedule::LoopOrder::OutChannelOuter;
  else
    return failure();
  return tiling;
}

NamedAttribute emit::placementAttr(MLIRContext *context,
                                   const Placement &placement,
                                   const Shape4 &shape) {
  Builder builder(context);
  if (std::optional<schedule::DramView> view = asView(placement, shape))
    return builder.getNamedAttr(
        kDramAttr, builder.getDenseI64ArrayAttr(
                       {int64_t(view->base), view->imageStride,
                        view->rowStride, view->pixelStride}));
  SmallVector<Attribute> pieces;
  for (const PlacementPiece &piece : placement)
    pieces.push_back(builder.getDenseI64ArrayAttr(
        {piece.channelBegin, piece.channelEnd, piece.base, piece.imageStride,
         piece.rowStride, piece.pixelStride, piece.rowBegin, piece.rowEnd,
         piece.colBegin, piece.colEnd}));
  return builder.getNamedAttr(kDramPiecesAttr, builder.getArrayAttr(pieces));
}

void emit::setPlacement(Operation *op, const Placement &placement,
                        const Shape4 &shape) {
  op->removeAttr(kDramAttr);
  op->removeAttr(kDramPiecesAttr);
  NamedAttribute attr = placementAttr(op->getContext(), placement, shape);
  op->setAttr(attr.getName(), attr.getValue());
}

namespace {
FailureOr<Placement> decodePlacement(Attribute dram, Attribute pieces,
                                     const Shape4 &shape) {
  if (auto view = dyn_cast_or_null<DenseI64ArrayAttr>(dram)) {
    if (view.size() != 4)
      return failure();
    PlacementPiece piece;
    piece.channelEnd = shape[3];
    piece.base = view[0];
    piece.imageStride = view[1];
    piece.rowStride = view[2];
    piece.pixelStride = view[3];
    piece.rowEnd = shape[1];
    piece.colEnd = shape[2];
    return Placement{piece};
  }
  auto list = dyn_cast_or_null<ArrayAttr>(pieces);
  if (!list)
    return failure();
  Placement placement;
  for (Attribute element : list) {
    auto values = dyn_cast<DenseI64ArrayAttr>(element);
    if (!values || values.size() != 10)
      return failure();
    PlacementPiece piece;
    piece.channelBegin = values[0];
    piece.channelEnd = values[1];
    piece.base = values[2];
    piece.imageStride = values[3];
    piece.rowStride = values[4];
    piece.pixelStride = values[5];
    piece.rowBegin = values[6];
    piece.rowEnd = values[7];
    piece.colBegin = values[8];
    piece.colEnd = values[9];
    placement.push_back(piece);
  }
  return placement;
}
} // namespace

FailureOr<Placement> emit::readPlacement(Value value) {
  FailureOr<Shape4> shape = nhwcShape(value.getType());
  if (failed(shape))
    return failure();
  if (auto arg = dyn_cast<BlockArgument>(value)) {
    auto func = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp());
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

std::string emit::locationString(Location loc) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto fileLoc = dyn_cast<FileLineColLoc>(loc))
    os << llvm::sys::path::filename(fileLoc.getFilename().getValue()) << ":"
       << fileLoc.getLine() << ":" << fileLoc.getColumn();
  else
    loc.print(os);
  return text;
}

std::string emit::layerName(Operation *op, unsigned index) {
  if (auto name = op->getAttrOfType<StringAttr>(kNameAttr))
    return name.str();
  Location loc = op->getLoc();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (llvm::isa<NameLoc>(inner)) {
        loc = inner;
        break;
      }
  if (auto named = dyn_cast<NameLoc>(loc))
    return named.getName().str();
  return (op->getName().stripDialect() + "_" + llvm::Twine(index)).str();
}

std::optional<Placement> emit::aliasOperandPlacement(Operation *consumer,
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
  if (auto concat = dyn_cast<ConcatOp>(consumer)) {
    int64_t offset = 0;
    for (unsigned i = 0; i < index; ++i)
      offset += (*nhwcShape(concat.getOperand(i).getType()))[3];
    return composeStrided(result, 0, 0, 1, 1, 0, offset, shape[3], shape[1],
                          shape[2], bytes);
  }
  // Reshape: the operand is the same bytes, only if the result is dense.
  Shape4 resultShape = *nhwcShape(consumer->getResult(0).getType());
  if (!isDense(result, resultShape, bytes))
    return std::nullopt;
  return densePlacement(result.front().base, shape, bytes);
}
