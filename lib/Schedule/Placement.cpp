//===- Placement.cpp - Where a tensor's elements live in DRAM -------------===//
//
// Composition of affine placements and the STORE-rewriting sink. See
// Placement.h for the model.
//
//===----------------------------------------------------------------------===//

#include "accel/Schedule/Placement.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace accel;
using namespace accel::isa;
using namespace accel::schedule;

namespace {

/// Operand indices i in [0, count) with begin <= origin + step*i < end.
std::pair<int64_t, int64_t> preimage(int64_t origin, int64_t step,
                                     int64_t begin, int64_t end,
                                     int64_t count) {
  int64_t lo =
      std::max<int64_t>(0, llvm::divideCeilSigned(begin - origin, step));
  int64_t hi =
      std::min<int64_t>(count, llvm::divideCeilSigned(end - origin, step));
  return {lo, std::max(lo, hi)};
}

} // namespace

bool PlacementPiece::operator==(const PlacementPiece &other) const {
  return channelBegin == other.channelBegin && channelEnd == other.channelEnd &&
         base == other.base && imageStride == other.imageStride &&
         rowStride == other.rowStride && pixelStride == other.pixelStride &&
         rowBegin == other.rowBegin && rowEnd == other.rowEnd &&
         colBegin == other.colBegin && colEnd == other.colEnd;
}

Placement schedule::densePlacement(int64_t base, const Shape4 &shape,
                               int64_t elementBytes) {
  DramView view =
      DramView::dense(base, shape[1], shape[2], shape[3], elementBytes);
  PlacementPiece piece;
  piece.channelBegin = 0;
  piece.channelEnd = shape[3];
  piece.base = base;
  piece.imageStride = view.imageStride;
  piece.rowStride = view.rowStride;
  piece.pixelStride = view.pixelStride;
  piece.rowBegin = 0;
  piece.rowEnd = shape[1];
  piece.colBegin = 0;
  piece.colEnd = shape[2];
  return {piece};
}

Placement schedule::composeStrided(const Placement &result, int64_t originY,
                               int64_t originX, int64_t stepY, int64_t stepX,
                               int64_t operandChannelBegin,
                               int64_t resultChannelBegin,
                               int64_t channelCount, int64_t operandH,
                               int64_t operandW, int64_t elementBytes) {
  Placement pieces;
  for (const PlacementPiece &outer : result) {
    int64_t first = std::max(resultChannelBegin, outer.channelBegin);
    int64_t last =
        std::min(resultChannelBegin + channelCount, outer.channelEnd);
    if (first >= last)
      continue;
    auto [rowBegin, rowEnd] =
        preimage(originY, stepY, outer.rowBegin, outer.rowEnd, operandH);
    auto [colBegin, colEnd] =
        preimage(originX, stepX, outer.colBegin, outer.colEnd, operandW);
    if (rowBegin >= rowEnd || colBegin >= colEnd)
      continue;
    PlacementPiece piece;
    piece.channelBegin = first - resultChannelBegin + operandChannelBegin;
    piece.channelEnd = last - resultChannelBegin + operandChannelBegin;
    piece.base = outer.base + originY * outer.rowStride +
                 originX * outer.pixelStride +
                 (first - outer.channelBegin) * elementBytes;
    piece.imageStride = outer.imageStride;
    piece.rowStride = stepY * outer.rowStride;
    piece.pixelStride = stepX * outer.pixelStride;
    piece.rowBegin = rowBegin;
    piece.rowEnd = rowEnd;
    piece.colBegin = colBegin;
    piece.colEnd = colEnd;
    pieces.push_back(piece);
  }
  std::sort(pieces.begin(), pieces.end(),
            [](const PlacementPiece &a, const PlacementPiece &b) {
              return a.channelBegin < b.channelBegin;
            });
  return pieces;
}

Placement schedule::depthToSpaceOperandPlacement(
    const Placement &result, int64_t blockH, int64_t blockW,
    llvm::ArrayRef<int64_t> originsH, llvm::ArrayRef<int64_t> originsW,
    std::optional<int64_t> phase, int64_t channels, int64_t operandH,
    int64_t operandW, int64_t elementBytes) {
  if (phase)
    return composeStrided(result, originsH[*phase / blockW],
                          originsW[*phase % blockW], blockH, blockW, 0, 0,
                          channels, operandH, operandW, elementBytes);
  Placement pieces;
  for (int64_t p = 0; p < blockH * blockW; ++p) {
    Placement group = composeStrided(
        result, originsH[p / blockW], originsW[p % blockW], blockH, blockW,
        p * channels, 0, channels, operandH, operandW, elementBytes);
    pieces.insert(pieces.end(), group.begin(), group.end());
  }
  return pieces;
}

OutputCrop schedule::outputCropOf(const Placement &placement,
                                  const Shape4 &shape) {
  OutputCrop crop;
  for (const PlacementPiece &piece : placement)
    crop.push_back({piece.channelBegin, piece.channelEnd, piece.rowBegin,
                    shape[1] - piece.rowEnd, piece.colBegin,
                    shape[2] - piece.colEnd});
  return crop;
}

Placement schedule::cropPlacement(const OutputCrop &crop, const Shape4 &shape,
                                  int64_t elementBytes) {
  Placement dense = densePlacement(0, shape, elementBytes);
  if (crop.empty())
    return dense;
  Placement pieces;
  for (const OutputCropPiece &cut : crop) {
    PlacementPiece piece = dense.front();
    piece.channelBegin = cut.channelBegin;
    piece.channelEnd = cut.channelEnd;
    piece.base = cut.channelBegin * elementBytes;
    piece.rowBegin = cut.cutTop;
    piece.rowEnd = shape[1] - cut.cutBottom;
    piece.colBegin = cut.cutLeft;
    piece.colEnd = shape[2] - cut.cutRight;
    pieces.push_back(piece);
  }
  return pieces;
}

std::optional<DramView> schedule::asView(const Placement &placement,
                                     const Shape4 &shape) {
  if (placement.size() != 1)
    return std::nullopt;
  const PlacementPiece &piece = placement.front();
  if (piece.channelBegin != 0 || piece.channelEnd != shape[3] ||
      piece.rowBegin != 0 || piece.rowEnd != shape[1] ||
      piece.colBegin != 0 || piece.colEnd != shape[2] || piece.base < 0)
    return std::nullopt;
  return DramView{uint64_t(piece.base), piece.imageStride, piece.rowStride,
                  piece.pixelStride};
}

std::optional<Placement> schedule::windowPlacement(const Placement &input,
                                                   const Shape4 &inputShape,
                                                   int64_t kernelW,
                                                   int64_t strideW,
                                                   int64_t elementBytes) {
  std::optional<DramView> view = asView(input, inputShape);
  if (!view || view->pixelStride != inputShape[3] * elementBytes ||
      kernelW < 1 || strideW < 1 || kernelW > inputShape[2])
    return std::nullopt;
  PlacementPiece piece = input.front();
  piece.channelBegin = 0;
  piece.channelEnd = kernelW * inputShape[3];
  piece.pixelStride = strideW * view->pixelStride;
  piece.colBegin = 0;
  piece.colEnd = (inputShape[2] - kernelW) / strideW + 1;
  return Placement{piece};
}

std::optional<Placement>
schedule::slicePlacement(const Placement &input, const Shape4 &inputShape,
                         llvm::ArrayRef<int64_t> offsets,
                         llvm::ArrayRef<int64_t> strides,
                         const Shape4 &resultShape) {
  std::optional<DramView> view = asView(input, inputShape);
  if (!view || offsets.size() != 2 || strides.size() != 2)
    return std::nullopt;
  PlacementPiece piece = input.front();
  piece.base += offsets[0] * view->rowStride + offsets[1] * view->pixelStride;
  piece.rowStride = strides[0] * view->rowStride;
  piece.pixelStride = strides[1] * view->pixelStride;
  piece.rowBegin = 0;
  piece.rowEnd = resultShape[1];
  piece.colBegin = 0;
  piece.colEnd = resultShape[2];
  return Placement{piece};
}

std::optional<Placement> schedule::reshapeOperandPlacement(
    const Placement &result, const Shape4 &resultShape,
    const Shape4 &operandShape, int64_t elementBytes) {
  std::optional<DramView> view = asView(result, resultShape);
  if (!view)
    return std::nullopt;
  // The result's strides, a unit axis given the stride that makes it
  // contiguous with the next (its index is always 0).
  std::array<int64_t, 4> from = {view->imageStride, view->rowStride,
                                 view->pixelStride, elementBytes};
  for (int axis = 2; axis >= 0; --axis)
    if (resultShape[axis] == 1)
      from[axis] = from[axis + 1] * resultShape[axis + 1];
  // Walk both shapes in groups of equal element count: inside a group the
  // result's axes must be contiguous, and the operand's axes take strides
  // from the group's innermost one outwards.
  std::array<int64_t, 4> to = {0, 0, 0, elementBytes};
  int r = 0, o = 0;
  while (r < 4 && o < 4) {
    int rEnd = r + 1, oEnd = o + 1;
    int64_t rCount = resultShape[r], oCount = operandShape[o];
    while (rCount != oCount) {
      if (rCount < oCount) {
        if (rEnd == 4)
          return std::nullopt;
        rCount *= resultShape[rEnd++];
      } else {
        if (oEnd == 4)
          return std::nullopt;
        oCount *= operandShape[oEnd++];
      }
    }
    for (int axis = r; axis + 1 < rEnd; ++axis)
      if (from[axis] != from[axis + 1] * resultShape[axis + 1])
        return std::nullopt;
    to[oEnd - 1] = from[rEnd - 1];
    for (int axis = oEnd - 1; axis > o; --axis)
      to[axis - 1] = to[axis] * operandShape[axis];
    r = rEnd;
    o = oEnd;
  }
  // Trailing unit axes (any stride views them).
  for (; r < 4 && resultShape[r] == 1; ++r)
    ;
  for (; o < 4 && operandShape[o] == 1; ++o)
    to[o] = elementBytes;
  if (r != 4 || o != 4 || (operandShape[3] > 1 && to[3] != elementBytes))
    return std::nullopt;
  PlacementPiece piece;
  piece.channelEnd = operandShape[3];
  piece.base = int64_t(view->base);
  piece.imageStride = to[0];
  piece.rowStride = to[1];
  piece.pixelStride = to[2];
  piece.rowEnd = operandShape[1];
  piece.colEnd = operandShape[2];
  return Placement{piece};
}

bool schedule::isDense(const Placement &placement, const Shape4 &shape,
                   int64_t elementBytes) {
  std::optional<DramView> view = asView(placement, shape);
  if (!view)
    return false;
  DramView dense = DramView::dense(view->base, shape[1], shape[2], shape[3],
                                   elementBytes);
  return (shape[0] == 1 || view->imageStride == dense.imageStride) &&
         view->rowStride == dense.rowStride &&
         view->pixelStride == dense.pixelStride;
}

StoreRemapSink::StoreRemapSink(InstructionSink &next, const Shape4 &shape,
                               int64_t elementBytes, Placement placement)
    : next(next), shape(shape), elementBytes(elementBytes),
      placement(std::move(placement)) {}

llvm::Error StoreRemapSink::emit(const Instruction &inst) {
  const StoreOp *store = inst.getIf<StoreOp>();
  if (!store)
    return next.emit(inst);
  DramView dense = virtualOutput();
  if (store->planes != 1 || store->rowStride != dense.rowStride ||
      store->pixelStride != dense.pixelStride)
    return llvm::createStringError(
        "STORE does not target the dense virtual output");
  // Decode the box origin from its address in the virtual dense tensor.
  int64_t addr = store->dramAddr;
  int64_t image = addr / dense.imageStride;
  addr %= dense.imageStride;
  int64_t y0 = addr / dense.rowStride;
  addr %= dense.rowStride;
  int64_t x0 = addr / dense.pixelStride;
  addr %= dense.pixelStride;
  if (addr % elementBytes)
    return llvm::createStringError("STORE address is not element aligned");
  int64_t c0 = addr / elementBytes;

  std::vector<Instruction> parts;
  for (const PlacementPiece &piece : placement) {
    int64_t cFirst = std::max(c0, piece.channelBegin);
    int64_t cLast = std::min(c0 + store->boxC, piece.channelEnd);
    int64_t yFirst = std::max(y0, piece.rowBegin);
    int64_t yLast = std::min(y0 + store->boxH, piece.rowEnd);
    int64_t xFirst = std::max(x0, piece.colBegin);
    int64_t xLast = std::min(x0 + store->boxW, piece.colEnd);
    if (cFirst >= cLast || yFirst >= yLast || xFirst >= xLast)
      continue;
    StoreOp part = *store;
    part.accAddr = store->accAddr + (yFirst - y0) * store->accRowPitch +
                   (xFirst - x0) * store->accPixelPitch + (cFirst - c0);
    part.boxH = yLast - yFirst;
    part.boxW = xLast - xFirst;
    part.boxC = cLast - cFirst;
    int64_t target = piece.base + image * piece.imageStride +
                     yFirst * piece.rowStride + xFirst * piece.pixelStride +
                     (cFirst - piece.channelBegin) * elementBytes;
    if (target < 0)
      return llvm::createStringError(
          "placement maps a stored element below address 0");
    part.dramAddr = target;
    part.rowStride = piece.rowStride;
    part.pixelStride = piece.pixelStride;
    parts.push_back(Instruction(part, DepFlags{}, inst.layer));
  }
  return emitSplitStore(inst, std::move(parts), next);
}
