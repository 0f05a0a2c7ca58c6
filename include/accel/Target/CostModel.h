//===- CostModel.h - Cycles, DRAM traffic and energy of a conv -*- C++ -*-===//
//
// Prices convolutions on a target. `walkConvCost` runs the schedule
// generator (accel/Schedule/ConvSchedule.h) into the timing model
// (accel/ISA/PipelineTiming.h) without materialising the program, so it
// prices exactly what the emitter will emit and agrees with the
// simulator's cycles; `estimateConvCost` does the same for short schedules
// and extrapolates long ones from short sample walks. A closed form
// (`boundConvCost`) gives the same DRAM bytes and compute cycles cheaply
// and a lower bound on cycles; the tiler uses it to prune.
// docs/CostModel.md has the formulas.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_TARGET_COSTMODEL_H
#define ACCEL_TARGET_COSTMODEL_H

#include "accel/Schedule/ConvSchedule.h"
#include "accel/Schedule/CopySchedule.h"
#include "accel/Schedule/Placement.h"
#include "accel/Support/EnumNames.h"
#include "accel/Target/ConvShape.h"
#include "accel/Target/Target.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace accel {

/// Estimated cost of one conv (or a sum of several).
struct CostEstimate {
  int64_t cycles = 0;
  int64_t dramBytes = 0;
  double energyPJ = 0;
  int64_t macs = 0;          ///< MACs executed (taps over padding included)
  int64_t computeCycles = 0; ///< cycles the MAC array is busy

  /// macs / (cycles * atomicC * atomicK); 0 for an empty estimate.
  double macUtilization(const TargetDesc &target) const;
  CostEstimate &operator+=(const CostEstimate &other);
};

/// What the cost model's choices between alternatives minimise: strategies
/// of a transposed conv, folds and packing of a conv, an upsample + conv
/// fused or not (tilings stay cycles-first, Tiler.h). `Cycles` ranks by
/// (cycles, DRAM bytes, energy); `Energy` by (energy, cycles, DRAM bytes);
/// `EnergyDelay` by (energy x cycles, cycles, DRAM bytes, energy).
enum class CostObjective { Cycles, Energy, EnergyDelay };

/// cycles, energy, edp.
llvm::StringRef stringifyCostObjective(CostObjective objective);
/// The objectives' one name table (names and option help), which the
/// `objective` options of convert-tosa-to-accel and accel-compile offer
/// (EnumOptions.h).
llvm::ArrayRef<EnumName<CostObjective>> costObjectiveNames();

/// True when `a` ranks strictly before `b` under `objective`.
bool ranksBefore(const CostEstimate &a, const CostEstimate &b,
                 CostObjective objective);

/// Closed-form pieces of a tiling's cost.
struct CostBound {
  int64_t computeCycles = 0; ///< MAC-array cycles (exact)
  int64_t dramBytes = 0;     ///< DRAM bytes the schedule moves (exact)
  int64_t steps = 0;         ///< tile steps of the loop nest
  /// max(computeCycles, dramBytes / bandwidth): no schedule is faster.
  int64_t lowerBoundCycles = 0;
  /// lowerBoundCycles with the taps over padding columns counted as run:
  /// the order in which the tiler prices its shortlist. A schedule that
  /// skips them (NestResidency::splitKernelCols) does so on narrow tiles,
  /// whose per-tile overheads the bound does not see; ranked by the
  /// optimistic bound, they crowded better wide tilings out of the
  /// shortlist (docs/CostModel.md).
  int64_t rankCycles = 0;
  /// The schedule runs a phase group's phases outer (NestResidency::
  /// phasesOuter): a tiling whose accumulators do not fit side by side.
  /// The tiler shortlists these apart, so that they add candidates rather
  /// than crowd out those that fit side by side.
  bool phasesOuter = false;
};

/// What of a conv's fused epilogue its cost depends on (the parameter
/// values and table addresses do not change it): a bias, loaded with every
/// C_out tile, and an i8 lookup table, which keeps every POST busy twice as
/// long (isa::instructionCost). The activation and the requantization (one
/// scale or a per-channel table) price the same.
struct EpilogueTiming {
  bool hasBias = true;
  bool lut = false;
};

/// O(1)-ish closed form for one tiling (the tiler's pruning bound).
CostBound boundConvCost(const ConvShape &shape, const TargetDesc &target,
                        const schedule::TilingChoice &tiling, bool hasBias = true);

/// Exact cost of the schedule generateConvSchedule emits for this tiling
/// (a conv with bias iff `hasBias`): the whole schedule runs through the
/// timing model. O(tile steps).
llvm::Expected<CostEstimate> walkConvCost(const ConvShape &shape,
                                          const TargetDesc &target,
                                          const schedule::TilingChoice &tiling,
                                          bool hasBias = true);

/// Schedules with at most this many tile steps are walked exactly.
constexpr int64_t kExactWalkSteps = 4096;

/// The cost model's estimate: walkConvCost for schedules of at most
/// kExactWalkSteps steps. Longer schedules are periodic in every tile
/// loop (first tiles, identical interior tiles, last tiles), so their cost
/// is multilinear in the loop trip counts; it is extrapolated exactly from
/// walks of reduced copies of the conv (fewer interior tiles along the
/// longest loops). See docs/CostModel.md.
llvm::Expected<CostEstimate> estimateConvCost(const ConvShape &shape,
                                              const TargetDesc &target,
                                              const schedule::TilingChoice &tiling,
                                              bool hasBias = true);

//===----------------------------------------------------------------------===//
// Fused phase groups (generateFusedPhaseSchedule)
//===----------------------------------------------------------------------===//

/// The phases of one split transposed conv, priced as one fused schedule.
/// `sharedBias`: every phase reads the same bias (loaded once per tile);
/// `lut`: every phase's POST applies an i8 lookup table (EpilogueTiming).
struct PhaseGroup {
  std::vector<ConvShape> phases;
  bool hasBias = true;
  bool sharedBias = true;
  bool lut = false;
};

/// Closed form of a fused tiling (tileH/tileW in u-space).
CostBound boundFusedCost(const PhaseGroup &group, const TargetDesc &target,
                         const schedule::TilingChoice &tiling);

/// Exact cost of generateFusedPhaseSchedule for this tiling (full walk).
llvm::Expected<CostEstimate> walkFusedCost(const PhaseGroup &group,
                                           const TargetDesc &target,
                                           const schedule::TilingChoice &tiling);

/// walkFusedCost for short schedules, extrapolated like estimateConvCost
/// for long ones.
llvm::Expected<CostEstimate> estimateFusedCost(const PhaseGroup &group,
                                               const TargetDesc &target,
                                               const schedule::TilingChoice &tiling);

using schedule::OutputCrop;

/// estimateConvCost of a conv with `epilogue`, with the stores split and
/// clipped by `crop` (empty: dense output).
llvm::Expected<CostEstimate>
estimateCroppedConvCost(const ConvShape &shape, const TargetDesc &target,
                        const schedule::TilingChoice &tiling,
                        const EpilogueTiming &epilogue, const OutputCrop &crop);

/// Cost of whatever `generate` emits, measured with the timing model the
/// simulator uses (accel/ISA/PipelineTiming.h). Every estimate below is this
/// applied to one schedule generator.
llvm::Expected<CostEstimate> estimateSchedule(
    const TargetDesc &target,
    const std::function<llvm::Error(isa::InstructionSink &)> &generate);

/// Exact estimate of generateFillSchedule.
llvm::Expected<CostEstimate> estimateFillCost(const schedule::PlaneShape &shape,
                                              const TargetDesc &target,
                                              bool hasBias = true);

/// Exact estimate of generateAddSchedule.
llvm::Expected<CostEstimate> estimateAddCost(const schedule::PlaneShape &shape,
                                             const TargetDesc &target);

/// Exact estimate of schedule::generateZeroInsertSchedule into a dense
/// result: what accel-tile, strategy=auto and the emitter's program agree on.
/// `inputInPlace` (a stride-1 padding copy, every pad >= 0): the input lives
/// inside the result already (accel-plan-memory's in-place padding, its
/// producer storing into the interior), so only the border is filled.
llvm::Expected<CostEstimate>
estimateZeroInsertCost(const schedule::PlaneShape &input,
                       const schedule::PlaneShape &result,
                       const schedule::ZeroInsertGeometry &geometry,
                       const TargetDesc &target, bool inputInPlace = false);

/// Roofline lower bound: max(usefulMacs / (atomicC * atomicK),
/// compulsoryDramBytes / bandwidth), in cycles.
double rooflineCycles(int64_t usefulMacs, int64_t compulsoryDramBytes,
                      const TargetDesc &target);

/// Compulsory DRAM bytes of the convs of one layer (e.g. the phases of a
/// split transposed conv): the input once (they share it), every weight,
/// bias (if `hasBias`) and output once.
int64_t compulsoryDramBytes(llvm::ArrayRef<ConvShape> phases,
                            bool hasBias = true);

} // namespace accel

#endif // ACCEL_TARGET_COSTMODEL_H
