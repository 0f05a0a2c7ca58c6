//===- Extrapolate.cpp - Cost of long schedules from short ones -----------===//
//
// A conv schedule is a loop nest over images, groups, tile rows, tile
// columns, C_out tiles and C_in tiles. Along each loop the tiles fall into
// a few classes (the first ones touch the top/left padding, the last ones
// are partial or touch the bottom/right padding, all others are identical),
// so every cost -- cycles of a pipeline whose steady state repeats, DRAM
// bytes, MACs, energy -- is affine in the number of interior tiles of each
// loop, i.e. multilinear in the trip counts. The steady state repeats
// every two tiles, not every tile (double buffering alternates halves;
// three buffer stages rotate every three, yet sampled every two tiles they
// matched the full walk on every case tried, TilerTest), so
// we walk reduced copies of the conv with n and n+2 tiles along the
// longest loops, n of the same parity as the full count (every corner of
// that small grid), and extrapolate multilinearly to the full counts.
//
//===----------------------------------------------------------------------===//

#include "accel/Target/CostModel.h"
#include "CostModelInternal.h"

#include "llvm/Support/MathExtras.h"
#include <algorithm>
#include <cmath>
#include <functional>
#include <tuple>

using namespace accel;
using namespace accel::isa;
using namespace accel::schedule;

namespace {

/// Sample schedules stay at or below this many steps.
constexpr int64_t kSampleSteps = 1024;
/// Period of the pipeline's steady state along any tile loop.
constexpr int64_t kPeriod = 2;

/// Rewrites every conv of a group to have `n` trips of one loop.
using GroupShorten = std::function<void(std::vector<ConvShape> &, int64_t)>;

/// One loop of the nest that can be shortened.
struct Loop {
  int64_t trips = 0;  ///< full trip count N
  int64_t sample = 0; ///< a: walks use a and a + kPeriod trips
  /// Rewrites a shape to have `trips` trips of this loop.
  GroupShorten shorten;
  size_t nestIndex = 0; ///< position in the loop nest (tie-break)
};

/// Tiles along a spatial axis that can see padding at one end.
int64_t edgeTiles(int64_t tile, int64_t stride, int64_t reach) {
  return 1 + llvm::divideCeilSigned(std::max<int64_t>(reach, 0), tile * stride);
}

GroupShorten forEach(std::function<void(ConvShape &, int64_t)> shorten) {
  return [shorten](std::vector<ConvShape> &group, int64_t n) {
    for (ConvShape &shape : group)
      shorten(shape, n);
  };
}

std::vector<Loop> shortenableLoops(llvm::ArrayRef<ConvShape> group,
                                   const TilingChoice &tiling,
                                   bool shortenInChannels) {
  std::vector<Loop> loops;
  const ConvShape &shape = group.front();
  // A single conv tiles its output; a fused phase group tiles u-space (its
  // phases have stride 1, and their u-ranges start up to `spread` apart).
  int64_t outH = shape.outH(), outW = shape.outW();
  int64_t spreadH = 0, spreadW = 0;
  if (group.size() > 1) {
    schedule::PhaseRange rangeH = schedule::phaseRangeH(group);
    schedule::PhaseRange rangeW = schedule::phaseRangeW(group);
    outH = rangeH.end - rangeH.begin;
    outW = rangeW.end - rangeW.begin;
    for (const ConvShape &phase : group) {
      spreadH = std::max(spreadH, -phase.padTop - rangeH.begin);
      spreadW = std::max(spreadW, -phase.padLeft - rangeW.begin);
    }
  }
  int64_t inCPerGroup = shape.inC / shape.groups;
  int64_t outCPerGroup = shape.outC / shape.groups;
  int64_t tileH = std::min(tiling.tileH, outH);
  int64_t tileW = std::min(tiling.tileW, outW);
  int64_t tileK = std::min(tiling.tileK, outCPerGroup);
  int64_t tileC = std::min(tiling.tileC, inCPerGroup);
  auto add = [&](int64_t trips, int64_t sample,
                 std::function<void(ConvShape &, int64_t)> each) {
    GroupShorten shorten = forEach(std::move(each));
    sample += (trips - sample) % kPeriod; // same phase as the full count
    if (trips > sample + kPeriod)
      loops.push_back({trips, sample, std::move(shorten), loops.size()});
  };
  add(shape.batch, 2, [](ConvShape &s, int64_t n) { s.batch = n; });
  add(shape.groups, 2, [=](ConvShape &s, int64_t n) {
    s.inC = s.inC / s.groups * n;
    s.outC = s.outC / s.groups * n;
    s.groups = n;
  });
  // Spatial loops: drop whole interior tiles by shortening the input by
  // tile * stride rows per tile; both edges keep their padding exactly.
  int64_t reachH = 0, reachW = 0;
  for (const ConvShape &phase : group) {
    reachH = std::max({reachH, phase.padTop + spreadH,
                       phase.padBottom + (phase.kernelH - 1) * phase.dilationH +
                           spreadH});
    reachW = std::max({reachW, phase.padLeft + spreadW,
                       phase.padRight + (phase.kernelW - 1) * phase.dilationW +
                           spreadW});
  }
  int64_t tilesY = llvm::divideCeilSigned(outH, tileH);
  add(tilesY, 2 * edgeTiles(tileH, shape.strideH, reachH) + 1,
      [=](ConvShape &s, int64_t n) {
        s.inH -= (tilesY - n) * tileH * s.strideH;
      });
  int64_t tilesX = llvm::divideCeilSigned(outW, tileW);
  add(tilesX, 2 * edgeTiles(tileW, shape.strideW, reachW) + 1,
      [=](ConvShape &s, int64_t n) {
        s.inW -= (tilesX - n) * tileW * s.strideW;
      });
  int64_t tilesK = llvm::divideCeilSigned(outCPerGroup, tileK);
  add(tilesK, 3, [=](ConvShape &s, int64_t n) {
    s.outC = s.groups * (outCPerGroup - (tilesK - n) * tileK);
  });
  int64_t tilesC = llvm::divideCeilSigned(inCPerGroup, tileC);
  if (shortenInChannels)
    add(tilesC, 3, [=](ConvShape &s, int64_t n) {
      s.inC = s.groups * (inCPerGroup - (tilesC - n) * tileC);
    });
  // Longest loops first; ties keep the nest order (deterministic).
  std::sort(loops.begin(), loops.end(), [](const Loop &a, const Loop &b) {
    return std::tie(b.trips, a.nestIndex) < std::tie(a.trips, b.nestIndex);
  });
  return loops;
}

} // namespace

bool accel::detail::mayShortenInChannels(const TileLoopNest &nest) {
  // Only a nest that could hold a whole box or whole weights with fewer
  // C_in tiles but does not is pinned (a whole box also turns phase steps'
  // phases outer), and one whose whole box or whole weights, smaller with
  // fewer C_in tiles, could then fit a third buffer stage
  // (NestResidency::bufferStages).
  const NestResidency &residency = nest.getResidency();
  if ((residency.wholeInput || residency.wholeWeights) &&
      residency.bufferStages < kMaxBufferStages)
    return false;
  return (residency.wholeInput ||
          (!nest.reusesInputAcrossOutTiles() && residency.phaseSteps <= 1)) &&
         (residency.wholeWeights || residency.phaseSteps > 1 ||
          !nest.reusesWeightsAcrossSpatialTiles());
}

llvm::Expected<CostEstimate>
accel::detail::extrapolateGroup(llvm::ArrayRef<ConvShape> group,
                                const TilingChoice &tiling, int64_t steps,
                                const GroupWalk &walk,
                                bool shortenInChannels) {
  if (steps <= kExactWalkSteps)
    return walk(group);

  // Shorten the longest loops until a sample schedule is small.
  std::vector<Loop> all = shortenableLoops(group, tiling, shortenInChannels);
  std::vector<Loop> loops;
  double sampleSteps = double(steps);
  for (Loop &loop : all) {
    if (sampleSteps <= double(kSampleSteps))
      break;
    sampleSteps =
        sampleSteps / double(loop.trips) * double(loop.sample + kPeriod);
    loops.push_back(std::move(loop));
  }
  if (loops.empty())
    return walk(group);

  // Multilinear extrapolation over the corners {a, a+p}^d: the weight of
  // a+p is (N - a)/p, the weight of a is 1 - (N - a)/p (integers, since
  // N - a is a multiple of p; DRAM bytes and MACs come out exact).
  struct Accumulated {
    double cycles = 0, dramBytes = 0, energy = 0, macs = 0, compute = 0;
  } sum;
  size_t corners = size_t(1) << loops.size();
  for (size_t corner = 0; corner < corners; ++corner) {
    std::vector<ConvShape> reduced(group.begin(), group.end());
    double weight = 1;
    for (size_t i = 0; i < loops.size(); ++i) {
      bool upper = (corner >> i) & 1;
      const Loop &loop = loops[i];
      loop.shorten(reduced, loop.sample + (upper ? kPeriod : 0));
      double periods = double((loop.trips - loop.sample) / kPeriod);
      weight *= upper ? periods : 1 - periods;
    }
    llvm::Expected<CostEstimate> sample = walk(reduced);
    if (!sample)
      return sample.takeError();
    sum.cycles += weight * double(sample->cycles);
    sum.dramBytes += weight * double(sample->dramBytes);
    sum.energy += weight * sample->energyPJ;
    sum.macs += weight * double(sample->macs);
    sum.compute += weight * double(sample->computeCycles);
  }
  CostEstimate estimate;
  estimate.cycles = std::llround(sum.cycles);
  estimate.dramBytes = std::llround(sum.dramBytes);
  estimate.energyPJ = sum.energy;
  estimate.macs = std::llround(sum.macs);
  estimate.computeCycles = std::llround(sum.compute);
  return estimate;
}

llvm::Expected<CostEstimate> accel::estimateConvCost(const ConvShape &shape,
                                                     const TargetDesc &target,
                                                     const TilingChoice &tiling,
                                                     bool hasBias) {
  return estimateCroppedConvCost(shape, target, tiling, EpilogueTiming{hasBias},
                                 {});
}

llvm::Expected<CostEstimate>
accel::estimateCroppedConvCost(const ConvShape &shape, const TargetDesc &target,
                               const TilingChoice &tiling,
                               const EpilogueTiming &epilogue,
                               const OutputCrop &crop) {
  bool hasBias = epilogue.hasBias;
  int64_t steps = boundConvCost(shape, target, tiling, hasBias).steps;
  return detail::extrapolateGroup(
      {shape}, tiling, steps,
      [&](llvm::ArrayRef<ConvShape> group) {
        return detail::walkCroppedConvCost(group.front(), target, tiling,
                                           epilogue, crop);
      },
      detail::mayShortenInChannels(
          phaseGroupNest(shape, tiling, hasBias, true, target)));
}

llvm::Expected<CostEstimate> accel::estimateFusedCost(
    const PhaseGroup &group, const TargetDesc &target,
    const TilingChoice &tiling) {
  int64_t steps = boundFusedCost(group, target, tiling).steps;
  if (group.phases.empty())
    return CostEstimate{};
  return detail::extrapolateGroup(
      group.phases, tiling, steps,
      [&](llvm::ArrayRef<ConvShape> phases) {
        PhaseGroup reduced = group;
        reduced.phases.assign(phases.begin(), phases.end());
        return walkFusedCost(reduced, target, tiling);
      },
      detail::mayShortenInChannels(phaseGroupNest(
          group.phases, tiling, group.hasBias, group.sharedBias, target)));
}
