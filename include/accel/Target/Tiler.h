//===- Tiler.h - Choose tile sizes for a conv on a target ----*- C++ -*-===//
//
// Enumerates tilings of one conv (output rows/columns, C_out and C_in
// tiles, loop order, kernel rows per weight tile), rejects those whose two
// buffer stages overflow any buffer, and picks the cheapest by exact
// cycles, then DRAM bytes, then energy, then the tiling itself
// (deterministic). Closed-form lower bounds
// prune the candidates so that a layer takes milliseconds.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_TARGET_TILER_H
#define ACCEL_TARGET_TILER_H

#include "accel/Schedule/ConvSchedule.h"
#include "accel/Target/ConvShape.h"
#include "accel/Target/CostModel.h"
#include "accel/Target/Target.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <vector>

namespace accel {

using schedule::LoopOrder;
using schedule::TilingChoice;

/// A conv with its chosen tiling and that tiling's estimate.
struct TiledConv {
  TilingChoice tiling;
  CostEstimate cost;
};

/// Every tiling the tiler considers for `shape` that fits `target`, in a
/// deterministic order.
std::vector<TilingChoice> enumerateTilings(const ConvShape &shape,
                                           const TargetDesc &target);

/// Tilings whose estimated cycles are within this fraction of the fastest
/// one's tie: the tiler picks the one with the fewest DRAM bytes among them
/// (then energy, cycles, enumeration order).
constexpr double kCycleTieTolerance = 0.005;

/// The largest cycle count that ties with `fastest`.
inline int64_t withinTie(int64_t fastest) {
  return fastest + static_cast<int64_t>(fastest * kCycleTieTolerance);
}

/// The best tiling. Errors if the conv exceeds the target's limits or no
/// tiling fits (e.g. one kernel's weights exceed half the weight buffer).
/// `crop` is where the conv's output goes (the channel pieces of a stacked
/// or folded conv stored straight into its depth_to_space result; empty:
/// a dense tensor): the shortlist is priced with the stores split and
/// clipped as the program will run them, so the pick and its estimate are
/// those of the conv in place (the closed-form bounds that order the
/// shortlist stay those of a dense output). The tilings are priced with the
/// conv's `epilogue` (a lookup table doubles every POST, which moves the
/// balance between compute and DMA).
llvm::Expected<TiledConv> chooseTiling(const ConvShape &shape,
                                       const TargetDesc &target,
                                       const EpilogueTiming &epilogue = {},
                                       const OutputCrop &crop = {});

/// Every fitting fused tiling of a phase group (tileH/tileW in u-space).
std::vector<TilingChoice> enumerateFusedTilings(const PhaseGroup &group,
                                                const TargetDesc &target);

/// The best fused tiling of a phase group. Errors if a phase exceeds the
/// target's limits, the phases cannot be fused (schedule::checkPhaseGroup) or
/// no tiling fits.
llvm::Expected<TiledConv> chooseFusedTiling(const PhaseGroup &group,
                                            const TargetDesc &target);

/// How the phases of one split transposed conv run: one fused schedule
/// (the input read once for all phases) or one schedule per phase,
/// whichever is cheaper (cycles, then DRAM bytes, then energy; ties fuse).
struct TiledPhaseGroup {
  bool fused = false;
  TiledConv fusedTiling;          ///< when fused
  std::vector<TiledConv> phases;  ///< when not fused, one per phase
  CostEstimate total;
};

llvm::Expected<TiledPhaseGroup> tilePhaseGroup(const PhaseGroup &group,
                                               const TargetDesc &target);

/// A layer made of several convs (the phases of a split transposed conv,
/// or one conv): every conv tiled on its own; cost is their sum (the
/// schedules run back to back).
struct TiledLayer {
  std::vector<TiledConv> convs;
  CostEstimate total;
  double rooflineCycles = 0; ///< see rooflineCycles() in CostModel.h
};

llvm::Expected<TiledLayer> tileLayer(llvm::ArrayRef<ConvShape> convs,
                                     const TargetDesc &target,
                                     bool hasBias = true);

} // namespace accel

#endif // ACCEL_TARGET_TILER_H
