//===- TileLoopNest.cpp - The tile loop nest of every conv schedule -------===//
//
// The walk (run) and the closed forms (inputLoadsPerBox, weightLoadsPerTile,
// loadedInputRows, ...) describe the same nest; the unit tests count the
// walk's loads and check them against the closed forms exhaustively over
// small nests.
//
//===----------------------------------------------------------------------===//

#include "accel/Schedule/TileLoopNest.h"
#include "accel/Support/Saturating.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <array>
#include <vector>

using namespace accel;
using namespace accel::schedule;

namespace {

/// Sum over tiles of size `tile` covering `total` of ceil(size / atomic).
int64_t sumPasses(int64_t total, int64_t tile, int64_t atomic) {
  int64_t full = total / tile, rest = total % tile;
  return full * llvm::divideCeilSigned(tile, atomic) +
         (rest ? llvm::divideCeilSigned(rest, atomic) : 0);
}

/// Sum over the tiles of `axis` of the box rows inside the input.
int64_t sumLoaded(const TileAxis &axis, int64_t tile) {
  int64_t total = 0;
  for (int64_t first = 0; first < axis.extent; first += tile) {
    int64_t count = std::min(tile, axis.extent - first);
    int64_t lo = std::max<int64_t>(axis.boxOrigin(first), 0);
    int64_t hi =
        std::min(axis.boxOrigin(first) + axis.boxExtent(count), axis.inputs);
    total += std::max<int64_t>(hi - lo, 0);
  }
  return total;
}

} // namespace

TileAxis schedule::phaseGroupAxis(llvm::ArrayRef<ConvShape> phases, bool rows) {
  // Phase r's output j sits at u = j - pad_r; position v of the nest is
  // u - range.begin, and its box starts at input row range.begin + v *
  // stride (a group of several phases has stride 1).
  PhaseRange range = rows ? phaseRangeH(phases) : phaseRangeW(phases);
  const ConvShape &first = phases.front();
  TileAxis axis;
  axis.extent = range.end - range.begin;
  axis.stride = rows ? first.strideH : first.strideW;
  axis.origin = range.begin;
  axis.inputs = rows ? first.inH : first.inW;
  axis.span = 0;
  for (const ConvShape &phase : phases)
    axis.span = std::max(axis.span,
                         rows ? (phase.kernelH - 1) * phase.dilationH + 1
                              : (phase.kernelW - 1) * phase.dilationW + 1);
  return axis;
}

TileLoopNest::TileLoopNest(int64_t groups, int64_t batch, const TileAxis &rows,
                           const TileAxis &cols, int64_t outChannels,
                           int64_t inChannels, const TilingChoice &tiling,
                           int64_t kernelHeight)
    : groups(groups), batch(batch), rows(rows), cols(cols),
      outChannels(outChannels), inChannels(inChannels),
      kernelHeight(kernelHeight), tileRows(std::min(tiling.tileH, rows.extent)),
      tileCols(std::min(tiling.tileW, cols.extent)),
      tileOut(std::min(tiling.tileK, outChannels)),
      tileIn(std::min(tiling.tileC, inChannels)),
      tileRowsOfKernel(tiling.kernelRows > 0
                           ? std::min(tiling.kernelRows, kernelHeight)
                           : kernelHeight),
      loopOrder(tiling.order),
      countY(llvm::divideCeilSigned(rows.extent, tileRows)),
      countX(llvm::divideCeilSigned(cols.extent, tileCols)),
      countK(llvm::divideCeilSigned(outChannels, tileOut)),
      countC(llvm::divideCeilSigned(inChannels, tileIn)),
      countR(llvm::divideCeilSigned(kernelHeight, tileRowsOfKernel)),
      countSpatial(saturatingProduct({batch, countY, countX})) {}

TileLoopNest TileLoopNest::forPhaseGroup(llvm::ArrayRef<ConvShape> phases,
                                         const TilingChoice &tiling) {
  const ConvShape &first = phases.front();
  // Kernel-row tiles are a plain conv's (one phase).
  return TileLoopNest(first.groups, first.batch, phaseGroupAxis(phases, true),
                      phaseGroupAxis(phases, false), first.outC / first.groups,
                      first.inC / first.groups, tiling,
                      phases.size() == 1 ? first.kernelH : 1);
}

int64_t TileLoopNest::steps() const {
  return saturatingProduct({groups, spatialTiles(), tilesK(), tilesC(),
                            tilesR(),
                            std::max<int64_t>(residency.phaseSteps, 1)});
}

bool TileLoopNest::reusesInputAcrossOutTiles() const {
  return loopOrder == LoopOrder::SpatialOuter && tilesK() > 1;
}

bool TileLoopNest::reusesWeightsAcrossSpatialTiles() const {
  return (loopOrder != LoopOrder::SpatialOuter || tilesK() == 1) &&
         spatialTiles() > 1;
}

bool TileLoopNest::loopOrderMatters() const {
  return tilesK() > 1 && (spatialTiles() > 1 || tilesC() > 1);
}

// The walk reloads a box / tile whenever the previous step used another
// one. With several C_in tiles every step changes the C_in tile, so
// nothing stays -- except a whole input box (whole weights), which keeps
// every C_in tile. With one, consecutive steps of the inner loop keep the
// outer loop's operand (the input box under SpatialOuter, the weight tile
// under OutChannelOuter), and an outer loop of one trip keeps the other.
// Phase steps take turns in the weight buffer, so no weight tile stays; nor
// do kernel-row tiles (every step changes the row tile), and the box stays
// across them (it does not depend on the kernel rows).
int64_t TileLoopNest::inputLoadsPerBox() const {
  bool spatialOuter = loopOrder == LoopOrder::SpatialOuter;
  bool keepsChannels = tilesC() == 1 || residency.wholeInput;
  return keepsChannels && (spatialOuter || spatialTiles() == 1) ? 1 : tilesK();
}

int64_t TileLoopNest::weightLoadsPerTile() const {
  if (residency.phaseSteps > 1)
    return spatialTiles();
  bool spatialOuter = loopOrder == LoopOrder::SpatialOuter;
  bool keepsChannels =
      (tilesC() == 1 && tilesR() == 1) || residency.wholeWeights;
  return keepsChannels && (!spatialOuter || tilesK() == 1) ? 1 : spatialTiles();
}

int64_t TileLoopNest::loadedInputRows() const {
  return sumLoaded(rows, tileRows);
}
int64_t TileLoopNest::loadedInputCols() const {
  return sumLoaded(cols, tileCols);
}

int64_t TileLoopNest::inChannelPasses(int64_t atomic) const {
  return sumPasses(inChannels, tileIn, atomic);
}
int64_t TileLoopNest::outChannelPasses(int64_t atomic) const {
  return sumPasses(outChannels, tileOut, atomic);
}

TileStep TileLoopNest::position(int64_t group, int64_t spatial, int64_t kTile,
                                int64_t cTile, int64_t rTile,
                                int64_t phase) const {
  int64_t tilesAcross = tilesY() * tilesX();
  TileStep step;
  step.group = group;
  step.image = spatial / tilesAcross;
  step.tileY = spatial / tilesX() % tilesY();
  step.tileX = spatial % tilesX();
  step.kTile = kTile;
  step.cTile = cTile;
  step.phase = phase;
  step.inputChunk = residency.wholeInput ? cTile : 0;
  step.weightChunk = residency.wholeWeights ? cTile : 0;
  step.y0 = step.tileY * tileRows;
  step.x0 = step.tileX * tileCols;
  step.rows = std::min(tileRows, rows.extent - step.y0);
  step.cols = std::min(tileCols, cols.extent - step.x0);
  step.k0 = kTile * tileOut;
  step.kCount = std::min(tileOut, outChannels - step.k0);
  step.c0 = cTile * tileIn;
  step.cCount = std::min(tileIn, inChannels - step.c0);
  step.boxY = rows.boxOrigin(step.y0);
  step.boxX = cols.boxOrigin(step.x0);
  step.boxH = rows.boxExtent(step.rows);
  step.boxW = cols.boxExtent(step.cols);
  step.lastC = cTile + 1 == tilesC() && rTile + 1 == tilesR();
  if (tilesR() > 1) {
    step.rTile = rTile;
    step.kernelRow0 = rTile * tileRowsOfKernel;
    step.kernelRows =
        std::min(tileRowsOfKernel, kernelHeight - step.kernelRow0);
  }
  return step;
}

llvm::Error
TileLoopNest::run(llvm::function_ref<bool(const TileStep &)> hasWork,
                  llvm::function_ref<llvm::Error(const TileStep &)> body) const {
  // Stages start at the last so that the first load of each buffer goes to
  // 0.
  int64_t stages = residency.bufferStages;
  int64_t stepIndex = 0, accTileIndex = 0, inputStage = stages - 1,
          weightStage = stages - 1;
  bool hasInput = false, hasWeight = false;
  std::array<int64_t, 5> residentBox{};
  std::array<int64_t, 5> residentWeight{};
  bool spatialOuter = loopOrder == LoopOrder::SpatialOuter;
  int64_t spatial = batch * tilesY() * tilesX(), outTiles = tilesK();
  int64_t inTiles = tilesC(), rowTiles = tilesR(),
          phases = std::max<int64_t>(residency.phaseSteps, 1);
  // Which C_in chunks of the resident box are loaded (one entry unless the
  // whole box is resident).
  std::vector<char> chunkLoaded(residency.wholeInput ? inTiles : 1);
  std::vector<char> weightChunkLoaded(residency.wholeWeights ? inTiles : 1);
  llvm::SmallVector<TileStep, 8> accSteps; // the steps of one accumulator tile
  // Phases outer: one accumulator tile per phase (its C_in tiles); else one
  // for every phase and C_in tile of the (spatial, C_out) position.
  bool phasesOuter = residency.phasesOuter && phases > 1;
  int64_t accTilesPerPosition = phasesOuter ? phases : 1;
  for (int64_t group = 0; group < groups; ++group)
    for (int64_t outer = 0; outer < (spatialOuter ? spatial : outTiles);
         ++outer)
      for (int64_t inner = 0; inner < (spatialOuter ? outTiles : spatial);
           ++inner)
        for (int64_t accTile = 0; accTile < accTilesPerPosition; ++accTile) {
          accSteps.clear();
          for (int64_t cTile = 0; cTile < inTiles; ++cTile)
            for (int64_t rTile = 0; rTile < rowTiles; ++rTile)
              for (int64_t phase = phasesOuter ? accTile : 0;
                   phase < (phasesOuter ? accTile + 1 : phases); ++phase) {
                TileStep step =
                    position(group, spatialOuter ? outer : inner,
                             spatialOuter ? inner : outer, cTile, rTile, phase);
                if (hasWork(step))
                  accSteps.push_back(step);
              }
          for (size_t i = 0; i < accSteps.size(); ++i) {
            TileStep &step = accSteps[i];
            std::array<int64_t, 5> boxKey = {
                group, step.image, step.tileY, step.tileX,
                residency.wholeInput ? 0 : step.cTile};
            std::array<int64_t, 5> weightKey = {
                group, step.kTile, residency.wholeWeights ? 0 : step.cTile,
                step.rTile, step.phase};
            if (!hasInput || boxKey != residentBox) {
              inputStage = (inputStage + 1) % stages;
              residentBox = boxKey;
              hasInput = true;
              std::fill(chunkLoaded.begin(), chunkLoaded.end(), 0);
            }
            step.loadInput = !chunkLoaded[step.inputChunk];
            chunkLoaded[step.inputChunk] = 1;
            if (!hasWeight || weightKey != residentWeight) {
              weightStage = (weightStage + 1) % stages;
              residentWeight = weightKey;
              hasWeight = true;
              std::fill(weightChunkLoaded.begin(), weightChunkLoaded.end(), 0);
            }
            step.loadWeights = !weightChunkLoaded[step.weightChunk];
            weightChunkLoaded[step.weightChunk] = 1;
            step.inputStage = inputStage;
            step.weightStage = weightStage;
            step.accStage = accTileIndex % residency.accSlots;
            step.waitStageFree = stepIndex >= stages;
            step.waitAccFree = i == 0 && accTileIndex >= residency.accSlots;
            step.endsAccTile = i + 1 == accSteps.size();
            if (llvm::Error error = body(step))
              return error;
            ++stepIndex;
          }
          if (!accSteps.empty())
            ++accTileIndex;
        }
  return llvm::Error::success();
}

namespace {
/// The outputs in [o0, o1) along one axis whose kernel position `k` reads
/// inside the input's `extent`: output o reads o * stride - pad +
/// k * dilation.
IndexRange outputsReadingInput(int64_t k, int64_t dilation, int64_t pad,
                               int64_t stride, int64_t extent, int64_t o0,
                               int64_t o1) {
  int64_t offset = k * dilation - pad;
  int64_t first = llvm::divideCeilSigned(-offset, stride);
  int64_t last = llvm::divideFloorSigned(extent - 1 - offset, stride);
  return {std::max(o0, first), std::min(o1, last + 1)};
}
} // namespace

IndexRange schedule::rowsReadingInput(const ConvShape &shape, int64_t ky,
                                      int64_t r0, int64_t r1) {
  return outputsReadingInput(ky, shape.dilationH, shape.padTop, shape.strideH,
                             shape.inH, r0, r1);
}

IndexRange schedule::colsReadingInput(const ConvShape &shape, int64_t kx,
                                      int64_t c0, int64_t c1) {
  return outputsReadingInput(kx, shape.dilationW, shape.padLeft, shape.strideW,
                             shape.inW, c0, c1);
}
