//===- Extrapolate.cpp - Cost of long schedules from short ones -----------===//
//
// A conv schedule is a loop nest over images, groups, tile rows, tile
// columns, C_out tiles and C_in tiles. Along each loop the tiles fall into
// a few classes (the first ones touch the top/left padding, the last ones
// are partial or touch the bottom/right padding, all others are identical),
// so every cost -- cycles of a pipeline whose steady state repeats, DRAM
// bytes, MACs, energy -- is affine in the number of interior tiles of each
// loop, i.e. multilinear in the trip counts. The steady state repeats
// every two tiles, not every tile (double buffering alternates halves), so
// we walk reduced copies of the conv with n and n+2 tiles along the
// longest loops, n of the same parity as the full count (every corner of
// that small grid), and extrapolate multilinearly to the full counts.
//
//===----------------------------------------------------------------------===//

#include "accel/Target/CostModel.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <tuple>

using namespace accel;
using namespace accel::isa;

namespace {

/// Sample schedules stay at or below this many steps.
constexpr int64_t kSampleSteps = 1024;
/// Period of the pipeline's steady state along any tile loop.
constexpr int64_t kPeriod = 2;

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// One loop of the nest that can be shortened.
struct Loop {
  int64_t trips = 0;  ///< full trip count N
  int64_t sample = 0; ///< a: walks use a and a + kPeriod trips
  /// Rewrites a shape to have `trips` trips of this loop.
  std::function<void(ConvShape &, int64_t)> shorten;
  size_t nestIndex = 0; ///< position in the loop nest (tie-break)
};

/// Tiles along a spatial axis that can see padding at one end.
int64_t edgeTiles(int64_t tile, int64_t stride, int64_t reach) {
  return 1 + ceilDiv(std::max<int64_t>(reach, 0), tile * stride);
}

std::vector<Loop> shortenableLoops(const ConvShape &shape,
                                   const TilingChoice &tiling) {
  std::vector<Loop> loops;
  int64_t outH = shape.outH(), outW = shape.outW();
  int64_t inCPerGroup = shape.inC / shape.groups;
  int64_t outCPerGroup = shape.outC / shape.groups;
  int64_t tileH = std::min(tiling.tileH, outH);
  int64_t tileW = std::min(tiling.tileW, outW);
  int64_t tileK = std::min(tiling.tileK, outCPerGroup);
  int64_t tileC = std::min(tiling.tileC, inCPerGroup);
  auto add = [&](int64_t trips, int64_t sample,
                 std::function<void(ConvShape &, int64_t)> shorten) {
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
  int64_t reachH = std::max(shape.padTop, shape.padBottom +
                                              (shape.kernelH - 1) *
                                                  shape.dilationH);
  int64_t tilesY = ceilDiv(outH, tileH);
  add(tilesY, 2 * edgeTiles(tileH, shape.strideH, reachH) + 1,
      [=](ConvShape &s, int64_t n) {
        s.inH -= (tilesY - n) * tileH * s.strideH;
      });
  int64_t reachW = std::max(shape.padLeft, shape.padRight +
                                               (shape.kernelW - 1) *
                                                   shape.dilationW);
  int64_t tilesX = ceilDiv(outW, tileW);
  add(tilesX, 2 * edgeTiles(tileW, shape.strideW, reachW) + 1,
      [=](ConvShape &s, int64_t n) {
        s.inW -= (tilesX - n) * tileW * s.strideW;
      });
  int64_t tilesK = ceilDiv(outCPerGroup, tileK);
  add(tilesK, 3, [=](ConvShape &s, int64_t n) {
    s.outC = s.groups * (outCPerGroup - (tilesK - n) * tileK);
  });
  int64_t tilesC = ceilDiv(inCPerGroup, tileC);
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

llvm::Expected<CostEstimate> accel::estimateConvCost(const ConvShape &shape,
                                                     const TargetDesc &target,
                                                     const TilingChoice &tiling,
                                                     bool hasBias) {
  int64_t steps = boundConvCost(shape, target, tiling, hasBias).steps;
  if (steps <= kExactWalkSteps)
    return walkConvCost(shape, target, tiling, hasBias);

  // Shorten the longest loops until a sample schedule is small.
  std::vector<Loop> all = shortenableLoops(shape, tiling);
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
    return walkConvCost(shape, target, tiling, hasBias);

  // Multilinear extrapolation over the corners {a, a+p}^d: the weight of
  // a+p is (N - a)/p, the weight of a is 1 - (N - a)/p (integers, since
  // N - a is a multiple of p; DRAM bytes and MACs come out exact).
  struct Accumulated {
    double cycles = 0, dramBytes = 0, energy = 0, macs = 0, compute = 0;
  } sum;
  size_t corners = size_t(1) << loops.size();
  for (size_t corner = 0; corner < corners; ++corner) {
    ConvShape reduced = shape;
    double weight = 1;
    for (size_t i = 0; i < loops.size(); ++i) {
      bool upper = (corner >> i) & 1;
      const Loop &loop = loops[i];
      loop.shorten(reduced, loop.sample + (upper ? kPeriod : 0));
      double periods = double((loop.trips - loop.sample) / kPeriod);
      weight *= upper ? periods : 1 - periods;
    }
    llvm::Expected<CostEstimate> sample =
        walkConvCost(reduced, target, tiling, hasBias);
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
