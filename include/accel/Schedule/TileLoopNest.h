//===- TileLoopNest.h - The tile loop nest of conv schedules -*- C++ -*-===//
//
// Every conv schedule -- a plain conv and the fused schedule of a phase
// group (a plain conv is a group of one phase) -- walks the same nest:
//
//   for group
//     for spatial tile (image, tile row, tile column) | for C_out tile
//       for C_out tile                                | for spatial tile
//         for C_in tile                 | [for phase]  (phases outer)
//           [for kernel-row tile]       |   for C_in tile
//             [for phase]   (phase steps)
//               step: load what is not resident, CONV, and after the last
//                     C_in (and kernel-row) tile POST + STORE the
//                     accumulator tile
//
// (the left column of the first two loops is LoopOrder::SpatialOuter, the
// right OutChannelOuter; the inner loops' right column is phase steps with
// the phases outer).
// Residency options (NestResidency) widen what stays on chip:
// *phase steps* give each phase of a fused group its own step, so one
// phase's weight tile is double-buffered at a time (the phases share the
// input box and the accumulator tile); a *whole input box* holds every
// C_in tile of a spatial tile (loaded chunk by chunk, C_in tile c at the
// step that first needs it), so under SpatialOuter the box is read once
// for all C_out tiles; *whole weights* hold every C_in tile of a C_out
// tile's weights the same way, so under OutChannelOuter (or with one C_out
// tile) they are read once for all spatial tiles. Phase steps with the
// *phases outer* run each phase's C_in tiles in a row over a whole input box
// (or the one C_in tile's box), read once for all phases: each phase then
// has an accumulator tile of its own, one phase's at a time instead of
// every phase's side by side, which leaves room for 4x larger spatial tiles
// on a stride-2 group (fewer weight reloads) and stores one phase while the
// next computes. *Kernel-row tiles* (TilingChoice::kernelRows, plain convs
// only) cut a weight tile too large for a stage by kernel rows: each step
// loads one row tile's weights and runs those rows over the same resident
// input box, adding into the accumulators. Another option,
// *kernel rows split*, changes no loop: each kernel row runs as its own
// CONV, so border tiles skip the kernel rows over padding rows.
// TileLoopNest owns the iteration, the residency rule (a step skips the
// input box / weight tile the previous step loaded), the buffer stages
// (two, or three where the box and weight tile fit a third) and the
// dependency tokens; the schedule builders
// (accel/Schedule/ConvSchedule.h) turn each step into instructions. The same
// class answers the closed-form questions the cost model's bound asks (trip
// counts, steps, how often each box and tile is loaded, how many input rows
// the boxes read inside the tensor), so the bound and the walk share one
// reuse rule.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SCHEDULE_TILELOOPNEST_H
#define ACCEL_SCHEDULE_TILELOOPNEST_H

#include "accel/Schedule/ConvSchedule.h"
#include "accel/Target/ConvShape.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <cstdint>

namespace accel {
namespace schedule {

/// One spatial axis of the nest: the positions it tiles (output rows of a
/// conv, u-space rows of a phase group) and the input rows each tile's box
/// reads. Position v's box starts at input row `origin + v * stride`; a
/// tile of n positions reads (n - 1) * stride + span rows.
struct TileAxis {
  int64_t extent = 1; ///< positions tiled
  int64_t stride = 1; ///< input rows between neighbouring positions
  int64_t span = 1;   ///< input rows one position reads (largest dilated kernel)
  int64_t origin = 0; ///< input row of position 0's box (minus the leading pad)
  int64_t inputs = 1; ///< rows of the input tensor

  /// Input rows a box of `positions` positions reads (halo included).
  int64_t boxExtent(int64_t positions) const {
    return (positions - 1) * stride + span;
  }
  /// Input row the box of the tile starting at position `first` starts at.
  int64_t boxOrigin(int64_t first) const { return origin + first * stride; }
};

/// The rows axis (`rows` true) or columns axis of a phase group's nest
/// (phaseRangeH/W: the union of the phases' u-ranges; one phase: its output).
TileAxis phaseGroupAxis(llvm::ArrayRef<ConvShape> phases, bool rows);

/// One step of the nest: where it is, which loads it issues, which buffer
/// stages it uses and which tokens it waits for.
struct TileStep {
  int64_t group = 0, image = 0, tileY = 0, tileX = 0, kTile = 0, cTile = 0;
  int64_t y0 = 0, x0 = 0, rows = 0, cols = 0; ///< positions (axis coordinates)
  int64_t k0 = 0, kCount = 0, c0 = 0, cCount = 0; ///< channels within the group
  /// Kernel-row tiles: the tile index and its kernel rows [kernelRow0,
  /// kernelRow0 + kernelRows); kernelRows 0: every row (no row tiles).
  int64_t rTile = 0, kernelRow0 = 0, kernelRows = 0;
  int64_t boxY = 0, boxX = 0, boxH = 0, boxW = 0; ///< the input box
  /// The C_in loop's last tile (and the kernel-row loop's last): POST +
  /// STORE follow.
  bool lastC = false;
  /// Phase steps: the phase this step computes (else 0: every phase).
  int64_t phase = 0;
  /// Whole input box: the C_in chunk this step loads / reads (else 0).
  int64_t inputChunk = 0;
  /// Whole weights: the C_in chunk of the weight tile this step loads /
  /// reads (else 0).
  int64_t weightChunk = 0;
  /// The last step of its accumulator tile (the last STORE hands the
  /// accumulator half back).
  bool endsAccTile = false;

  /// The input box / weight tile differs from the previous step's: load it
  /// into the next stage of its buffer (NestResidency::bufferStages).
  bool loadInput = false, loadWeights = false;
  int64_t inputStage = 0, weightStage = 0; ///< buffer stage the CONV reads
  int64_t accStage = 0; ///< accumulator slot written (NestResidency::accSlots)
  /// The step's first load pops compute's "stage free" token (from step
  /// `bufferStages` on: the token of the step that many back, which held
  /// the stage before).
  bool waitStageFree = false;
  /// The step's first CONV pops the store queue's "slot drained" token (a
  /// fresh accumulator tile once every slot has held one: the token the
  /// last STORE of the tile accSlots back pushed).
  bool waitAccFree = false;
};

/// Most stages a conv schedule's input and weight buffers are cut into
/// (NestResidency::bufferStages).
constexpr int64_t kMaxBufferStages = 3;

/// Bytes from one stage of a `bufferBytes` buffer cut into `stages` to the
/// next: the halves, or the thirds rounded down to 64 bytes so that every
/// stage starts 64-byte aligned (the presets' halves are).
inline int64_t stagePitch(int64_t bufferBytes, int64_t stages) {
  return stages == 2 ? bufferBytes / 2 : bufferBytes / stages / 64 * 64;
}

/// The residency options of a nest (see the file comment).
struct NestResidency {
  /// Phases stepped one at a time (1: the step runs every phase).
  int64_t phaseSteps = 1;
  /// Every C_in tile of the spatial tile's input box stays resident.
  bool wholeInput = false;
  /// Every C_in tile of the C_out tile's weights (and its bias) stays
  /// resident.
  bool wholeWeights = false;
  /// Each kernel row runs as its own CONV (reading its row of the weight
  /// tile at the tile's C_out pitch, w_pitch), so that a tile at the top or
  /// bottom border skips the taps that read padding rows.
  bool splitKernelRows = false;
  /// A phase's CONV is cut into column ranges with the kernel columns that
  /// read input there, so that a tile at the left or right border skips the
  /// taps that read padding columns: a range with every kernel column runs
  /// the whole kernel (or its rows, with splitKernelRows), a border range
  /// one CONV per kernel row with its kernel columns (w_pitch), each writing
  /// its rows at the accumulator tile's row pitch (acc_pitch).
  bool splitKernelCols = false;
  /// With phase steps: the phase loop runs outside the C_in loop, each
  /// phase an accumulator tile of its own (with several C_in tiles this
  /// requires wholeInput, so that the phases share the box).
  bool phasesOuter = false;
  /// Equal accumulator slots the accumulator tiles cycle through (tile n
  /// in slot n mod accSlots, waiting for the STORE of tile n - accSlots):
  /// 2, the halves, or up to kMaxPlaneSlots when the tile is that much
  /// smaller than the buffer (planGroup in ConvSchedule.cpp), so that a tile's
  /// CONVs do not wait for the DRAM round trip of the STORE two tiles back.
  int64_t accSlots = 2;
  /// Stages of the input and weight buffers the loads cycle through (a
  /// box / weight tile that changes goes to stage n mod stages; a step's
  /// loads wait for compute to release the step `stages` back): 2, the
  /// halves, or 3 when both the input box and the weight tile fit a third
  /// (planGroup), so that the load of the step after next need not wait for
  /// the CONVs of the previous one.
  int64_t bufferStages = 2;
};

/// The output rows in [r0, r1) of `shape` whose kernel row `ky` reads a row
/// inside the input (the others read padding): one contiguous range,
/// empty when none does.
IndexRange rowsReadingInput(const ConvShape &shape, int64_t ky, int64_t r0,
                            int64_t r1);
/// The same for output columns [c0, c1) and kernel column `kx`.
IndexRange colsReadingInput(const ConvShape &shape, int64_t kx, int64_t c0,
                            int64_t c1);

/// The tile loop nest of one conv schedule (see the file comment).
class TileLoopNest {
public:
  /// A nest over `groups` x `batch` images of `rows` x `cols` positions,
  /// `outChannels` / `inChannels` channels per group, with a kernel of
  /// `kernelHeight` rows (what tiling.kernelRows tiles; a fused group's
  /// nest passes 1). Tile sizes are clamped to the extents; every count
  /// must be >= 1.
  TileLoopNest(int64_t groups, int64_t batch, const TileAxis &rows,
               const TileAxis &cols, int64_t outChannels, int64_t inChannels,
               const TilingChoice &tiling, int64_t kernelHeight = 1);

  /// The nest of a phase group (one phase: a plain conv) under `tiling`.
  static TileLoopNest forPhaseGroup(llvm::ArrayRef<ConvShape> phases,
                                    const TilingChoice &tiling);

  /// Switches on the residency options (schedule::planPhaseGroup decides).
  void setResidency(const NestResidency &options) { residency = options; }
  const NestResidency &getResidency() const { return residency; }

  int64_t getBatch() const { return batch; }
  const TileAxis &rowsAxis() const { return rows; }
  const TileAxis &colsAxis() const { return cols; }
  LoopOrder order() const { return loopOrder; }

  /// Tile sizes after clamping to the extents.
  int64_t tileH() const { return tileRows; }
  int64_t tileW() const { return tileCols; }
  int64_t tileK() const { return tileOut; }
  int64_t tileC() const { return tileIn; }
  /// Kernel rows per weight tile (the kernel's height without row tiles).
  int64_t tileKernelRows() const { return tileRowsOfKernel; }

  /// Trip counts (saturating: they feed cost bounds), computed once: the
  /// tiler bounds every candidate tiling with them.
  int64_t tilesY() const { return countY; }
  int64_t tilesX() const { return countX; }
  int64_t tilesK() const { return countK; }
  int64_t tilesC() const { return countC; }
  int64_t tilesR() const { return countR; } ///< kernel-row tiles (1: none)
  int64_t spatialTiles() const {            ///< batch * tilesY * tilesX
    return countSpatial;
  }
  /// groups * spatialTiles * tilesK * tilesC * tilesR (* phase steps)
  int64_t steps() const;

  /// Whether the loop order would reuse a whole input box: every C_out
  /// tile of a spatial tile runs in a row, and there are several.
  bool reusesInputAcrossOutTiles() const;
  /// Whether the loop order would reuse whole weights: every spatial tile
  /// of a C_out tile runs in a row, and there are several.
  bool reusesWeightsAcrossSpatialTiles() const;

  /// Whether the other loop order would give a different schedule. It
  /// does not with one C_out tile (both orders walk the spatial tiles in a
  /// row), nor with one spatial tile and one C_in tile (both walk the C_out
  /// tiles in a row, and neither can hold a whole box or whole weights):
  /// the steps, their loads and the residency come out the same, so the
  /// two orders cost the same (the tiler prices one of them).
  bool loopOrderMatters() const;

  /// How many times each input box (one spatial tile, one C_in tile) is
  /// loaded: once when the C_out loop runs inside the spatial loop (or
  /// there is one spatial tile) and C_in fits one tile or the whole box is
  /// resident, else once per C_out tile.
  int64_t inputLoadsPerBox() const;
  /// How many times each weight tile (one C_out, one C_in, one kernel-row
  /// tile) is loaded: once when the spatial loop runs inside the C_out loop
  /// (or there is one C_out tile) and C_in fits one tile without row tiles
  /// or the whole weights are resident, else once per spatial tile (always with
  /// several phase steps: the phases take turns in the buffer; a phase without
  /// work in a tile skips its load, so this is an upper bound there).
  int64_t weightLoadsPerTile() const;
  /// How many times each C_out tile's bias is loaded: with the weight tile
  /// of the last C_in tile, so as often as a weight tile.
  int64_t biasLoadsPerTile() const { return weightLoadsPerTile(); }

  /// Sum over tile rows (columns) of the input rows (columns) the tile's
  /// box reads inside the tensor; the rest is padding fill, no DRAM reads.
  int64_t loadedInputRows() const;
  int64_t loadedInputCols() const;
  /// Sum over C_in (C_out) tiles of ceil(tile channels / atomic): the MAC
  /// array's passes over one group's channels.
  int64_t inChannelPasses(int64_t atomic) const;
  int64_t outChannelPasses(int64_t atomic) const;

  /// Runs `body` on every step in nest order. A position for which
  /// `hasWork` is false is skipped entirely: it loads nothing and takes no
  /// stage or token. Stops at the first error.
  llvm::Error
  run(llvm::function_ref<bool(const TileStep &)> hasWork,
      llvm::function_ref<llvm::Error(const TileStep &)> body) const;

private:
  TileStep position(int64_t group, int64_t spatial, int64_t kTile,
                    int64_t cTile, int64_t rTile, int64_t phase) const;

  int64_t groups, batch;
  TileAxis rows, cols;
  int64_t outChannels, inChannels, kernelHeight;
  int64_t tileRows, tileCols, tileOut, tileIn, tileRowsOfKernel;
  LoopOrder loopOrder;
  int64_t countY, countX, countK, countC, countR, countSpatial;
  NestResidency residency;
};

/// The nest the schedule of a phase group (one phase: a plain conv, for
/// which `hasBias` / `sharedBias` do not matter) walks on `target`, with the
/// residency options its buffers allow (ConvSchedule.cpp's planGroup).
TileLoopNest phaseGroupNest(llvm::ArrayRef<ConvShape> phases,
                            const TilingChoice &tiling, bool hasBias,
                            bool sharedBias, const TargetDesc &target);

} // namespace schedule
} // namespace accel

#endif // ACCEL_SCHEDULE_TILELOOPNEST_H
