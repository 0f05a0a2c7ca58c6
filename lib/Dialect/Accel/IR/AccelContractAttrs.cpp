//===- AccelContractAttrs.cpp - Verifying the decisions passes record -----===//
//
// Two levels, each a single located error: the attribute verifiers check
// what a value means on its own (sizes positive, ranges non-empty, a
// utilization in [0, 1]); the dialect's discardable-attribute hooks check
// that each `accel.*` name carries the right kind of attribute on the
// right kind of op (a tiling on a conv, a placement on an accel op or a
// function argument, ...).
//
//===----------------------------------------------------------------------===//

#include "accel/Dialect/Accel/IR/AccelAnnotations.h"
#include "accel/Dialect/Accel/IR/AccelOps.h"
#include "accel/Support/InterfaceLayout.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

#include <cmath>

using namespace mlir;
using namespace accel;

//===----------------------------------------------------------------------===//
// Attribute verifiers
//===----------------------------------------------------------------------===//

LogicalResult
TilingAttr::verify(llvm::function_ref<InFlightDiagnostic()> emitError,
                   int64_t rows, int64_t cols, int64_t outChannels,
                   int64_t inChannels, TileLoopOrder, int64_t kernelRows) {
  if (rows < 1 || cols < 1 || outChannels < 1 || inChannels < 1)
    return emitError() << "tile sizes must be at least 1, got rows = " << rows
                       << ", cols = " << cols
                       << ", out_channels = " << outChannels
                       << ", in_channels = " << inChannels;
  if (kernelRows < 0)
    return emitError() << "kernel_rows must not be negative, got "
                       << kernelRows;
  return success();
}

LogicalResult
EstimateAttr::verify(llvm::function_ref<InFlightDiagnostic()> emitError,
                     int64_t cycles, int64_t dramBytes,
                     llvm::APFloat energyAPF, llvm::APFloat utilizationAPF) {
  double energyPJ = energyAPF.convertToDouble();
  double macUtilization = utilizationAPF.convertToDouble();
  if (cycles < 0 || dramBytes < 0)
    return emitError() << "cycles and dram_bytes must be non-negative, got "
                       << cycles << " and " << dramBytes;
  if (!std::isfinite(energyPJ) || energyPJ < 0)
    return emitError() << "energy_pj must be a non-negative number, got "
                       << energyPJ;
  if (!(macUtilization >= 0 && macUtilization <= 1))
    return emitError() << "mac_utilization must be in [0, 1], got "
                       << macUtilization;
  return success();
}

LogicalResult
DramViewAttr::verify(llvm::function_ref<InFlightDiagnostic()> emitError,
                     int64_t base, int64_t imageStride, int64_t rowStride,
                     int64_t pixelStride) {
  if (base < 0 || imageStride < 0 || rowStride < 0 || pixelStride < 0)
    return emitError() << "base and strides must be non-negative, got base = "
                       << base << ", image_stride = " << imageStride
                       << ", row_stride = " << rowStride
                       << ", pixel_stride = " << pixelStride;
  return success();
}

LogicalResult
DramPieceAttr::verify(llvm::function_ref<InFlightDiagnostic()> emitError,
                      int64_t channelBegin, int64_t channelEnd, int64_t,
                      int64_t imageStride, int64_t rowStride,
                      int64_t pixelStride, int64_t rowBegin, int64_t rowEnd,
                      int64_t colBegin, int64_t colEnd) {
  auto badRange = [](int64_t begin, int64_t end) {
    return begin < 0 || end <= begin;
  };
  if (badRange(channelBegin, channelEnd) || badRange(rowBegin, rowEnd) ||
      badRange(colBegin, colEnd))
    return emitError() << "channel, row and column ranges must be non-empty "
                          "and non-negative, got channels ["
                       << channelBegin << ", " << channelEnd << "), rows ["
                       << rowBegin << ", " << rowEnd << "), columns ["
                       << colBegin << ", " << colEnd << ")";
  if (imageStride < 0 || rowStride < 0 || pixelStride < 0)
    return emitError() << "strides must be non-negative, got image_stride = "
                       << imageStride << ", row_stride = " << rowStride
                       << ", pixel_stride = " << pixelStride;
  return success();
}

LogicalResult
DramPlanAttr::verify(llvm::function_ref<InFlightDiagnostic()> emitError,
                     int64_t totalBytes, int64_t inputBytes,
                     int64_t outputBytes, int64_t weightBytes,
                     int64_t arenaBytes, int64_t intermediateBytes,
                     int64_t reuseSavedBytes) {
  for (int64_t bytes : {totalBytes, inputBytes, outputBytes, weightBytes,
                        arenaBytes, intermediateBytes, reuseSavedBytes})
    if (bytes < 0)
      return emitError() << "byte counts must be non-negative, got " << bytes;
  // Each part is below 2^63, so the sum of four fits in an unsigned 64-bit.
  uint64_t parts = uint64_t(inputBytes) + uint64_t(outputBytes) +
                   uint64_t(weightBytes) + uint64_t(arenaBytes);
  if (parts > uint64_t(totalBytes))
    return emitError() << "inputs, outputs, weights and arena ("
                       << parts << " bytes) exceed total_bytes ("
                       << totalBytes << ")";
  if (reuseSavedBytes != intermediateBytes - arenaBytes)
    return emitError() << "reuse_saved_bytes (" << reuseSavedBytes
                       << ") must be intermediate_bytes - arena_bytes ("
                       << intermediateBytes << " - " << arenaBytes << ")";
  return success();
}

LogicalResult
InterfaceAttr::verify(llvm::function_ref<InFlightDiagnostic()> emitError,
                      ArrayRef<int64_t> shape, ArrayRef<int64_t> perm) {
  if (llvm::Error error = verifyInterfaceLayout(shape, perm, std::nullopt))
    return emitError() << llvm::toString(std::move(error));
  return success();
}

//===----------------------------------------------------------------------===//
// Discardable attributes on ops, arguments and results
//===----------------------------------------------------------------------===//

namespace {

bool isAccelOp(Operation *op) {
  return isa_and_nonnull<AccelDialect>(op->getDialect());
}

/// `accel.dram_pieces`: a list of pieces in increasing, disjoint channel
/// order.
LogicalResult verifyPieces(Operation *op, Attribute value) {
  auto list = dyn_cast<ArrayAttr>(value);
  if (!list || !llvm::all_of(list, llvm::IsaPred<DramPieceAttr>))
    return op->emitError() << "'" << kDramPiecesAttr
                           << "' must be an array of #accel.dram_piece, got "
                           << value;
  int64_t previousEnd = 0;
  for (auto [index, element] : llvm::enumerate(list)) {
    auto piece = cast<DramPieceAttr>(element);
    if (piece.getChannelBegin() < previousEnd)
      return op->emitError()
             << "'" << kDramPiecesAttr << "' piece " << index
             << " starts at channel " << piece.getChannelBegin()
             << ", inside the previous piece (channel ranges must be "
                "increasing and disjoint)";
    previousEnd = piece.getChannelEnd();
  }
  return success();
}

/// `accel.copy_operands`: strictly increasing operand indices.
LogicalResult verifyCopyOperands(Operation *op, Attribute value) {
  if (!llvm::isa<DepthToSpaceOp, ConcatOp>(op))
    return op->emitError() << "'" << kCopyOperandsAttr
                           << "' is only allowed on accel.depth_to_space and "
                              "accel.concat";
  auto indices = dyn_cast<DenseI64ArrayAttr>(value);
  if (!indices)
    return op->emitError() << "'" << kCopyOperandsAttr
                           << "' must be an array<i64> of operand indices, got "
                           << value;
  int64_t previous = -1;
  for (int64_t index : indices.asArrayRef()) {
    if (index <= previous || index >= int64_t(op->getNumOperands()))
      return op->emitError()
             << "'" << kCopyOperandsAttr
             << "' must list distinct operand indices in increasing order, "
                "each below "
             << op->getNumOperands() << ", got " << value;
    previous = index;
  }
  return success();
}

template <typename AttrTy>
LogicalResult expectAttr(Operation *op, NamedAttribute attr,
                         StringRef kind) {
  if (llvm::isa<AttrTy>(attr.getValue()))
    return success();
  return op->emitError() << "'" << attr.getName().getValue() << "' must be "
                         << kind << ", got " << attr.getValue();
}

LogicalResult verifyName(Operation *op, NamedAttribute attr) {
  return expectAttr<StringAttr>(op, attr, "a string");
}

/// `accel.interface` on argument or result `index` of a function: as many
/// elements as its static tensor type.
LogicalResult verifyInterface(Operation *op, NamedAttribute attr,
                              bool isResult, unsigned regionIndex,
                              unsigned index) {
  StringRef what = isResult ? "result" : "argument";
  auto function = dyn_cast<FunctionOpInterface>(op);
  if (!function || regionIndex != 0)
    return op->emitError() << "'" << kInterfaceAttr
                           << "' is only allowed on function " << what
                           << "s";
  if (failed(expectAttr<InterfaceAttr>(op, attr,
                                       "a #accel.interface attribute")))
    return failure();
  auto interface = cast<InterfaceAttr>(attr.getValue());
  Type type = isResult ? function.getResultTypes()[index]
                       : function.getArgumentTypes()[index];
  auto shaped = dyn_cast<RankedTensorType>(type);
  if (!shaped || !shaped.hasStaticShape())
    return op->emitError() << "'" << kInterfaceAttr << "' on " << what << " "
                           << index << " needs a static tensor type, got "
                           << type;
  if (llvm::Error error = verifyInterfaceLayout(
          interface.getShape(), interface.getPerm(), shaped.getShape()))
    return op->emitError() << "'" << kInterfaceAttr << "' on " << what << " "
                           << index << ": "
                           << llvm::toString(std::move(error));
  return success();
}

} // namespace

LogicalResult accel::detail::verifyContractAttribute(Operation *op,
                                                     NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == kTileAttr) {
    if (!llvm::isa<Conv2DOp>(op))
      return op->emitError() << "'" << name
                             << "' is only allowed on accel.conv2d";
    return expectAttr<TilingAttr>(op, attr, "a #accel.tiling attribute");
  }
  if (name == kPhaseGroupAttr) {
    if (!llvm::isa<Conv2DOp>(op))
      return op->emitError() << "'" << name
                             << "' is only allowed on accel.conv2d";
    auto id = dyn_cast<IntegerAttr>(attr.getValue());
    if (!id || !id.getType().isSignlessInteger(64) || id.getInt() < 0)
      return op->emitError() << "'" << name
                             << "' must be a non-negative i64 group id, got "
                             << attr.getValue();
    return success();
  }
  if (name == kEstimateAttr) {
    if (!isAccelOp(op))
      return op->emitError() << "'" << name
                             << "' is only allowed on accel ops";
    return expectAttr<EstimateAttr>(op, attr, "a #accel.estimate attribute");
  }
  if (name == kEstimateTotalAttr) {
    if (!llvm::isa<FunctionOpInterface>(op))
      return op->emitError() << "'" << name
                             << "' is only allowed on functions";
    return expectAttr<EstimateAttr>(op, attr, "a #accel.estimate attribute");
  }
  if (name == kDramPlanAttr) {
    if (!llvm::isa<FunctionOpInterface>(op))
      return op->emitError() << "'" << name
                             << "' is only allowed on functions";
    return expectAttr<DramPlanAttr>(op, attr, "a #accel.dram_plan attribute");
  }
  if (name == kDramAttr || name == kDramPiecesAttr) {
    if (!isAccelOp(op) || op->getNumResults() != 1)
      return op->emitError() << "'" << name
                             << "' is only allowed on accel ops (and "
                                "function arguments)";
    if (op->hasAttr(kDramAttr) && op->hasAttr(kDramPiecesAttr))
      return op->emitError() << "'" << kDramAttr << "' and '"
                             << kDramPiecesAttr << "' exclude each other";
    if (name == kDramAttr)
      return expectAttr<DramViewAttr>(op, attr,
                                      "a #accel.dram_view attribute");
    return verifyPieces(op, attr.getValue());
  }
  if (name == kDramAddrAttr) {
    if (!op->hasTrait<OpTrait::ConstantLike>())
      return op->emitError() << "'" << name
                             << "' is only allowed on constants";
    auto addr = dyn_cast<IntegerAttr>(attr.getValue());
    if (!addr || !addr.getType().isSignlessInteger(64) || addr.getInt() < 0)
      return op->emitError() << "'" << name
                             << "' must be a non-negative i64 address, got "
                             << attr.getValue();
    return success();
  }
  if (name == kCopyOperandsAttr)
    return verifyCopyOperands(op, attr.getValue());
  if (name == kNameAttr || name == kRoleAttr)
    return verifyName(op, attr);
  return success();
}

/// accel.scale / accel.zero_point of an int8 interface (accel-quantize).
static LogicalResult verifyQuantInterface(Operation *op, NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == kScaleAttr) {
    auto scale = dyn_cast<FloatAttr>(attr.getValue());
    if (!scale || !scale.getType().isF64() ||
        !(scale.getValueAsDouble() > 0) ||
        !std::isfinite(scale.getValueAsDouble()))
      return op->emitError() << "'" << name
                             << "' must be a positive finite f64, got "
                             << attr.getValue();
    return success();
  }
  auto zp = dyn_cast<IntegerAttr>(attr.getValue());
  if (!zp || !zp.getType().isSignlessInteger(32) || zp.getInt() < -128 ||
      zp.getInt() > 127)
    return op->emitError() << "'" << name
                           << "' must be an i32 in -128..127, got "
                           << attr.getValue();
  return success();
}

LogicalResult AccelDialect::verifyRegionArgAttribute(Operation *op,
                                                     unsigned regionIndex,
                                                     unsigned argIndex,
                                                     NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == kNameAttr)
    return verifyName(op, attr);
  if (name == kDramAttr)
    return expectAttr<DramViewAttr>(op, attr, "a #accel.dram_view attribute");
  if (name == kInterfaceAttr)
    return verifyInterface(op, attr, /*isResult=*/false, regionIndex,
                           argIndex);
  if (name == kScaleAttr || name == kZeroPointAttr)
    return verifyQuantInterface(op, attr);
  return op->emitError() << "'" << name
                         << "' is not an accel argument attribute (expected '"
                         << kNameAttr << "', '" << kDramAttr << "', '"
                         << kInterfaceAttr << "', '" << kScaleAttr
                         << "' or '" << kZeroPointAttr << "')";
}

LogicalResult AccelDialect::verifyRegionResultAttribute(Operation *op,
                                                        unsigned regionIndex,
                                                        unsigned resultIndex,
                                                        NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == kNameAttr)
    return verifyName(op, attr);
  if (name == kInterfaceAttr)
    return verifyInterface(op, attr, /*isResult=*/true, regionIndex,
                           resultIndex);
  if (name == kScaleAttr || name == kZeroPointAttr)
    return verifyQuantInterface(op, attr);
  return op->emitError() << "'" << name
                         << "' is not an accel result attribute (expected '"
                         << kNameAttr << "', '" << kInterfaceAttr << "', '"
                         << kScaleAttr << "' or '" << kZeroPointAttr << "')";
}
