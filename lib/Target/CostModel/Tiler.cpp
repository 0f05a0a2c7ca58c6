//===- Tiler.cpp - Choose tile sizes for a conv on a target ---------------===//
//
// Candidate tile sizes per dimension are the distinct values ceil(N / n)
// (every distinct tile count), channel tiles rounded up to the array's
// atomic width. Every fitting candidate gets a closed-form lower bound; the
// most promising ones (by bound, then fewer steps) are priced exactly until
// the bound exceeds the best exact cost.
//
//===----------------------------------------------------------------------===//

#include "accel/Target/Tiler.h"
#include "accel/Schedule/TileLoopNest.h"
#include "accel/Target/DecisionCache.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>

using namespace accel;
using namespace accel::isa;
using namespace accel::schedule;

namespace {

/// Exact evaluations per conv; bounds the tiler's run time. Long
/// schedules (priced by extrapolation from several sample walks) get fewer.
constexpr size_t kMaxExactEvaluations = 24;
constexpr size_t kMaxExtrapolatedEvaluations = 8;
/// Exact walks of a shortlist take at most its budget x this many phase
/// steps (a walk's steps x the phases it schedules): never binding on a
/// single conv, whose exact walks have at most kExactWalkSteps steps.
constexpr int64_t kBudgetPhaseSteps = kExactWalkSteps;

/// Distinct tile sizes ceil(total / n), rounded up to a multiple of
/// `atomic` (capped at total), largest first; then powers of two below the
/// atomic width, for buffers too small for one full-width tile.
std::vector<int64_t> tileSizes(int64_t total, int64_t atomic) {
  std::vector<int64_t> sizes;
  for (int64_t count = 1; count <= total; ++count) {
    int64_t size = std::min(
        total,
        llvm::divideCeilSigned(llvm::divideCeilSigned(total, count), atomic) *
            atomic);
    if (sizes.empty() || sizes.back() != size)
      sizes.push_back(size);
    if (size <= atomic)
      break;
  }
  int64_t narrowest = sizes.back();
  for (int64_t size = int64_t(1) << 20; size >= 1; size /= 2)
    if (size < narrowest)
      sizes.push_back(size);
  return sizes;
}

/// The largest size in [1, total] for which `fits` holds (0 if none), for
/// a `fits` that holds up to some size and fails above it (a footprint
/// grows with every tile dimension).
int64_t largestFitting(int64_t total, llvm::function_ref<bool(int64_t)> fits) {
  int64_t low = 0, high = total; // fits(low) (or low == 0), answer <= high
  while (low < high) {
    int64_t mid = low + (high - low + 1) / 2;
    if (fits(mid))
      low = mid;
    else
      high = mid - 1;
  }
  return low;
}

/// Channel tiles that fill the buffers: the largest tile that fits (given
/// the other tile sizes) and the balanced split with as many tiles,
/// ceil(total / ceil(total / largest)), when tileSizes() lacks them. An
/// atomic-width multiple that does not fit leaves a gap down to the next
/// power of two (half the array); these close it.
llvm::SmallVector<int64_t, 2>
fillingTiles(int64_t total, llvm::ArrayRef<int64_t> sizes,
             llvm::function_ref<bool(int64_t)> fits) {
  llvm::SmallVector<int64_t, 2> extra;
  int64_t largest = largestFitting(total, fits);
  if (largest < 1)
    return extra;
  int64_t balanced =
      llvm::divideCeilSigned(total, llvm::divideCeilSigned(total, largest));
  for (int64_t size : {largest, balanced})
    if (!llvm::is_contained(sizes, size) && !llvm::is_contained(extra, size))
      extra.push_back(size);
  return extra;
}

/// Every tiling of the TileLoopNest of `phases` (a plain conv: one phase)
/// whose `footprint` fits `target`: tile sizes from tileSizes() per
/// dimension (C_out outermost, then C_in, rows, columns), plus the channel
/// tiles of fillingTiles() for each combination of the other sizes, each
/// in both loop orders.
/// `listed`, if given, receives the number of tilings from tileSizes()
/// alone (the filling ones follow them). `sideBySide`, if given, is a
/// second, stricter layout (a phase group's weight tiles side by side: every
/// tiling it fits, `footprint` fits too) whose filling tiles are added as
/// well: the layout changes at the channel count where it stops fitting,
/// so the largest count each layout fits can both win. `kernelRowTiles`:
/// a plain conv's schedule (generateConvSchedule), which may cut its weight
/// tiles by kernel rows; the kernel-row tilings follow the filling ones.
std::vector<TilingChoice> enumerateNestTilings(
    llvm::ArrayRef<ConvShape> phases, const TargetDesc &target,
    llvm::function_ref<TileFootprint(const TilingChoice &)> footprint,
    size_t *listed = nullptr,
    llvm::function_ref<TileFootprint(const TilingChoice &)> sideBySide = {},
    bool kernelRowTiles = false) {
  std::vector<TilingChoice> tilings;
  if (phases.empty() || phases.front().groups < 1)
    return tilings;
  const ConvShape &first = phases.front();
  TileAxis rows = phaseGroupAxis(phases, /*rows=*/true);
  TileAxis cols = phaseGroupAxis(phases, /*rows=*/false);
  if (rows.extent < 1 || cols.extent < 1)
    return tilings;
  std::vector<int64_t> heights = tileSizes(rows.extent, 1);
  std::vector<int64_t> widths = tileSizes(cols.extent, 1);
  std::vector<int64_t> outChannels =
      tileSizes(first.outC / first.groups, target.atomicK);
  std::vector<int64_t> inChannels =
      tileSizes(first.inC / first.groups, target.atomicC);
  auto fits = [&](int64_t h, int64_t w, int64_t k, int64_t c) {
    return fitsTarget(
        footprint(TilingChoice{h, w, k, c, LoopOrder::SpatialOuter}), target);
  };
  auto fitsSideBySide = [&](int64_t h, int64_t w, int64_t k, int64_t c) {
    return fitsTarget(
        sideBySide(TilingChoice{h, w, k, c, LoopOrder::SpatialOuter}), target);
  };
  // The filling tiles of a channel dimension under each layout.
  auto filling = [&](int64_t total, llvm::ArrayRef<int64_t> sizes,
                     llvm::function_ref<bool(int64_t)> fitsAll,
                     llvm::function_ref<bool(int64_t)> fitsStrict) {
    auto extra = fillingTiles(total, sizes, fitsAll);
    if (sideBySide)
      for (int64_t size : fillingTiles(total, sizes, fitsStrict))
        if (!llvm::is_contained(extra, size))
          extra.push_back(size);
    return extra;
  };
  auto add = [&](int64_t h, int64_t w, int64_t k, int64_t c,
                 int64_t kernelRows = 0) {
    for (LoopOrder order :
         {LoopOrder::SpatialOuter, LoopOrder::OutChannelOuter})
      tilings.push_back(TilingChoice{h, w, k, c, order, kernelRows});
  };
  int64_t totalK = first.outC / first.groups, totalC = first.inC / first.groups;
  for (int64_t k : outChannels)
    for (int64_t c : inChannels)
      for (int64_t h : heights)
        for (int64_t w : widths)
          if (fits(h, w, k, c))
            add(h, w, k, c);
  if (listed)
    *listed = tilings.size();
  // Then the channel tiles that fill the buffers, with the listed others
  // (after the listed ones, so that ties keep going to those).
  for (int64_t k : outChannels)
    for (int64_t h : heights)
      for (int64_t w : widths)
        for (int64_t c : filling(
                 totalC, inChannels,
                 [&](int64_t c) { return fits(h, w, k, c); },
                 [&](int64_t c) { return fitsSideBySide(h, w, k, c); }))
          add(h, w, k, c);
  for (int64_t c : inChannels)
    for (int64_t h : heights)
      for (int64_t w : widths)
        for (int64_t k : filling(
                 totalK, outChannels,
                 [&](int64_t k) { return fits(h, w, k, c); },
                 [&](int64_t k) { return fitsSideBySide(h, w, k, c); }))
          add(h, w, k, c);
  // Kernel-row tiles (a plain conv): where the weights of a channel tile
  // at least as wide as the array (or the conv) do not fit a stage even
  // with the smallest spatial tile, the most kernel rows that do, balanced
  // over the row tiles (ceil(K_h / ceil(K_h / most))), with every spatial
  // tile that fits. They keep the whole array busy where the tiler would
  // otherwise halve C_in or C_out.
  if (kernelRowTiles && phases.size() == 1 && first.kernelH > 1) {
    auto fitsRows = [&](int64_t h, int64_t w, int64_t k, int64_t c,
                        int64_t kernelRows) {
      return fitsTarget(footprint(TilingChoice{
                            h, w, k, c, LoopOrder::SpatialOuter, kernelRows}),
                        target);
    };
    int64_t kernelH = first.kernelH;
    for (int64_t k : outChannels) {
      if (k < std::min(totalK, target.atomicK))
        continue;
      for (int64_t c : inChannels) {
        if (c < std::min(totalC, target.atomicC) || fits(1, 1, k, c))
          continue;
        int64_t most = largestFitting(kernelH - 1, [&](int64_t rows) {
          return fitsRows(1, 1, k, c, rows);
        });
        if (most < 1)
          continue;
        int64_t rows = llvm::divideCeilSigned(
            kernelH, llvm::divideCeilSigned(kernelH, most));
        for (int64_t h : heights)
          for (int64_t w : widths)
            if (fitsRows(h, w, k, c, rows))
              add(h, w, k, c, rows);
      }
    }
  }
  return tilings;
}

/// Prices the most promising tilings (by closed-form bound, then fewer
/// steps, then bytes) exactly until a bound exceeds the fastest estimate
/// by more than kCycleTieTolerance; the winner is, among the tilings within
/// that tolerance of the fastest, the one minimising (DRAM bytes, energy,
/// cycles, enumeration index): a fraction of a percent of cycles is not
/// worth re-reading the weights (4x the DRAM bytes on sngan's second deconv
/// for 0.2% fewer cycles).
/// The first `listed` tilings (tileSizes() alone), the filling channel
/// tiles and the kernel-row tilings are ranked and cut separately, the
/// others getting a third of the budget each: the extra candidates can only
/// improve the choice over the listed ones.
/// enumerateNestTilings lists every tile size in both loop orders, side by
/// side; where the order changes nothing (TileLoopNest::loopOrderMatters of
/// the nest of `phaseShapes`) the second of the two reuses the first's
/// estimate instead of walking the same schedule again.

/// `boundsAreLower`: the bounds are lower bounds of the estimates, so a
/// candidate whose bound is past the fastest estimate's tie is skipped.
/// They are not for a conv stored in place (a crop clips stores the dense
/// bound counts): then every shortlisted candidate is priced.
template <typename Bound, typename Estimate>
llvm::Expected<TiledConv>
pickBest(const std::vector<TilingChoice> &tilings, size_t listed,
         llvm::ArrayRef<ConvShape> phaseShapes, Bound bound, Estimate estimate,
         bool boundsAreLower = true) {
  int64_t phases = int64_t(phaseShapes.size());
  struct Candidate {
    CostBound bound;
    size_t index;
  };
  std::vector<Candidate> candidates;
  candidates.reserve(tilings.size());
  for (size_t i = 0; i < tilings.size(); ++i)
    candidates.push_back({bound(tilings[i]), i});
  auto promising = [](const Candidate &a, const Candidate &b) {
    return std::tie(a.bound.rankCycles, a.bound.steps, a.bound.dramBytes,
                    a.index) < std::tie(b.bound.rankCycles, b.bound.steps,
                                        b.bound.dramBytes, b.index);
  };
  // The most promising `budget` of [begin, end), in order.
  auto shortlist = [&](size_t begin, size_t end, size_t budget) {
    auto first = candidates.begin() + begin, last = candidates.begin() + end;
    size_t count = std::min(budget, end - begin);
    std::partial_sort(first, first + count, last, promising);
    if (count && first->bound.steps > kExactWalkSteps)
      return std::make_pair(
          first, first + std::min(count, kMaxExtrapolatedEvaluations /
                                             (begin ? 3 : 1)));
    // Exact walks: at most `budget` x kBudgetPhaseSteps phase steps (the
    // first candidate is always priced).
    int64_t stepBudget = int64_t(budget) * kBudgetPhaseSteps, walked = 0;
    for (size_t n = 0; n < count; ++n) {
      int64_t steps = std::min(first[n].bound.steps, kExactWalkSteps) * phases;
      if (n > 0 && walked + steps > stepBudget) {
        count = n;
        break;
      }
      walked += steps;
    }
    return std::make_pair(first, first + count);
  };
  listed = std::min(listed, candidates.size());
  // The tilings whose phases run outer (accumulators too large side by
  // side) go last, as a third list: their bound does not see the exposed
  // POST + STORE of every phase, so ranked with the rest they could fill
  // the budget and push out a faster tiling that fits side by side.
  auto sideBySide = [](const Candidate &c) { return !c.bound.phasesOuter; };
  size_t listedFirst =
      std::stable_partition(candidates.begin(), candidates.begin() + listed,
                            sideBySide) -
      candidates.begin();
  size_t filling =
      std::count_if(candidates.begin() + listed, candidates.end(), sideBySide);
  std::stable_partition(
      candidates.begin() + listedFirst, candidates.end(),
      [&](const Candidate &c) { return c.index >= listed && sideBySide(c); });
  size_t outerBegin = listedFirst + filling;
  // The kernel-row tilings (after the filling ones) are a list of their
  // own too: ranked with the filling tiles, their full-array bounds pushed
  // the faster filling tilings out of the budget (MDE's upconvs on
  // nvdla-small, +2%).
  size_t rowsBegin =
      std::stable_partition(candidates.begin() + listedFirst,
                            candidates.begin() + outerBegin,
                            [&](const Candidate &c) {
                              return tilings[c.index].kernelRows == 0;
                            }) -
      candidates.begin();
  auto lists = {
      shortlist(0, listedFirst, kMaxExactEvaluations),
      shortlist(listedFirst, rowsBegin, kMaxExactEvaluations / 3),
      shortlist(rowsBegin, outerBegin, kMaxExactEvaluations / 3),
      shortlist(outerBegin, candidates.size(), kMaxExactEvaluations / 3)};

  struct Priced {
    CostEstimate cost;
    size_t index;
  };
  std::vector<Priced> priced;
  std::optional<int64_t> fastest;
  // Estimates by tiling index, for the twin in the other loop order.
  std::vector<std::optional<CostEstimate>> known(tilings.size());
  auto twinOf = [&](size_t index) -> std::optional<size_t> {
    size_t twin = index ^ 1;
    if (twin >= tilings.size())
      return std::nullopt;
    const TilingChoice &a = tilings[index], &b = tilings[twin];
    if (std::tie(a.tileH, a.tileW, a.tileK, a.tileC, a.kernelRows) !=
            std::tie(b.tileH, b.tileW, b.tileK, b.tileC, b.kernelRows) ||
        a.order == b.order)
      return std::nullopt;
    return twin;
  };
  for (auto [first, last] : lists) {
    for (auto it = first; it != last; ++it) {
      // Ranked by rankCycles (>= the bound): a later candidate may still
      // have a lower bound, so a hopeless one is skipped, not the rest.
      if (boundsAreLower && fastest &&
          it->bound.lowerBoundCycles > withinTie(*fastest))
        continue;
      std::optional<size_t> twin = twinOf(it->index);
      llvm::Expected<CostEstimate> cost =
          twin && known[*twin] &&
                  !TileLoopNest::forPhaseGroup(phaseShapes, tilings[it->index])
                       .loopOrderMatters()
              ? llvm::Expected<CostEstimate>(*known[*twin])
              : estimate(tilings[it->index]);
      if (!cost)
        return cost.takeError();
      known[it->index] = *cost;
      fastest = std::min(fastest.value_or(cost->cycles), cost->cycles);
      priced.push_back({*cost, it->index});
    }
  }
  const Priced *best = nullptr;
  for (const Priced &p : priced) {
    if (p.cost.cycles > withinTie(*fastest))
      continue;
    if (!best || std::make_tuple(p.cost.dramBytes, p.cost.energyPJ,
                                 p.cost.cycles, p.index) <
                     std::make_tuple(best->cost.dramBytes, best->cost.energyPJ,
                                     best->cost.cycles, best->index))
      best = &p;
  }
  return TiledConv{tilings[best->index], best->cost};
}

/// The bytes of every field a tiling decision depends on.
std::string decisionKey(const TargetDesc &target,
                        llvm::ArrayRef<ConvShape> shapes, bool hasBias,
                        bool sharedBias, bool lut) {
  std::string key;
  appendTargetKey(key, target);
  appendKeyInts(key, {hasBias, sharedBias, lut, int64_t(shapes.size())});
  for (const ConvShape &s : shapes)
    appendKeyInts(key, {s.batch, s.inH, s.inW, s.inC, s.outC, s.kernelH,
                        s.kernelW, s.strideH, s.strideW, s.dilationH,
                        s.dilationW, s.padTop, s.padBottom, s.padLeft,
                        s.padRight, s.groups, int64_t(s.element)});
  return key;
}

/// Tiling decisions already made in this process: the pipeline asks twice
/// for every transposed conv under strategy=auto (convert-tosa-to-accel
/// prices the strategies, accel-tile tiles the winner), so the second ask
/// is a lookup.
DecisionCache<TiledConv> &convDecisions() {
  static DecisionCache<TiledConv> cache;
  return cache;
}

DecisionCache<TiledPhaseGroup> &groupDecisions() {
  static DecisionCache<TiledPhaseGroup> cache;
  return cache;
}

llvm::Expected<TiledConv> chooseTilingUncached(const ConvShape &shape,
                                               const TargetDesc &target,
                                               const EpilogueTiming &epilogue,
                                               const OutputCrop &crop);
llvm::Expected<TiledPhaseGroup>
tilePhaseGroupUncached(const PhaseGroup &group, const TargetDesc &target);

} // namespace

std::vector<TilingChoice> accel::enumerateTilings(const ConvShape &shape,
                                                  const TargetDesc &target) {
  return enumerateNestTilings(
      shape, target,
      [&](const TilingChoice &tiling) {
        return tileFootprint(shape, tiling, target);
      },
      nullptr, {}, /*kernelRowTiles=*/true);
}

llvm::Expected<TiledConv> accel::chooseTiling(const ConvShape &shape,
                                              const TargetDesc &target,
                                              const EpilogueTiming &epilogue,
                                              const OutputCrop &crop) {
  std::string key = decisionKey(target, shape, epilogue.hasBias,
                                /*sharedBias=*/false, epilogue.lut);
  appendKeyInts(key, {int64_t(crop.size())});
  for (const schedule::OutputCropPiece &piece : crop)
    appendKeyInts(key, {piece.channelBegin, piece.channelEnd, piece.cutTop,
                        piece.cutBottom, piece.cutLeft, piece.cutRight});
  return convDecisions().getOrCompute(
      key, [&] { return chooseTilingUncached(shape, target, epilogue, crop); });
}

namespace {
llvm::Expected<TiledConv> chooseTilingUncached(const ConvShape &shape,
                                               const TargetDesc &target,
                                               const EpilogueTiming &epilogue,
                                               const OutputCrop &crop) {
  if (llvm::Error error = checkTargetLimits(shape, target))
    return std::move(error);
  if (shape.outH() < 1 || shape.outW() < 1)
    return llvm::createStringError("conv output is empty");
  size_t listed = 0;
  std::vector<TilingChoice> tilings = enumerateNestTilings(
      shape, target,
      [&](const TilingChoice &tiling) {
        return tileFootprint(shape, tiling, target);
      },
      &listed, {}, /*kernelRowTiles=*/true);
  if (tilings.empty()) {
    TilingChoice smallest{1, 1, 1, 1, LoopOrder::SpatialOuter};
    TileFootprint need = tileFootprint(shape, smallest);
    return llvm::createStringError(
        "no tiling fits the target's buffers: the smallest tile needs " +
        llvm::Twine(need.inputBytes) + " input, " +
        llvm::Twine(need.weightBytes) + " weight bytes and " +
        llvm::Twine(need.accEntries) +
        " accumulators per stage, the target "
        "has " +
        llvm::Twine(target.inputBufferBytes / 2) + ", " +
        llvm::Twine(target.weightBufferBytes / 2) + " and " +
        llvm::Twine(target.accBufferBytes / 8));
  }

  return pickBest(
      tilings, listed, shape,
      [&](const TilingChoice &tiling) {
        return boundConvCost(shape, target, tiling, epilogue.hasBias);
      },
      [&](const TilingChoice &tiling) {
        return estimateCroppedConvCost(shape, target, tiling, epilogue, crop);
      },
      /*boundsAreLower=*/crop.empty());
}
} // namespace

std::vector<TilingChoice>
accel::enumerateFusedTilings(const PhaseGroup &group,
                             const TargetDesc &target) {
  return enumerateNestTilings(
      group.phases, target,
      [&](const TilingChoice &tiling) {
        return fusedTileFootprint(group.phases, tiling, group.hasBias,
                                  group.sharedBias, target);
      },
      nullptr, [&](const TilingChoice &tiling) {
        return fusedTileFootprint(group.phases, tiling, group.hasBias,
                                  group.sharedBias);
      });
}

llvm::Expected<TiledConv> accel::chooseFusedTiling(const PhaseGroup &group,
                                                   const TargetDesc &target) {
  for (const ConvShape &phase : group.phases)
    if (llvm::Error error = checkTargetLimits(phase, target))
      return std::move(error);
  if (llvm::Error error = schedule::checkPhaseGroup(group.phases))
    return std::move(error);
  size_t listed = 0;
  std::vector<TilingChoice> tilings = enumerateNestTilings(
      group.phases, target,
      [&](const TilingChoice &tiling) {
        return fusedTileFootprint(group.phases, tiling, group.hasBias,
                                  group.sharedBias, target);
      },
      &listed, [&](const TilingChoice &tiling) {
        return fusedTileFootprint(group.phases, tiling, group.hasBias,
                                  group.sharedBias);
      });
  if (tilings.empty()) {
    llvm::Error error = checkFitsTarget(
        fusedTileFootprint(group.phases, {1, 1, 1, 1, LoopOrder::SpatialOuter},
                           group.hasBias, group.sharedBias, target),
        target, "no fused tiling fits: the smallest fused tile");
    if (!error) // the smallest tile fits: the phases' u-ranges are empty
      error = llvm::createStringError("no fused tiling of an empty group");
    return std::move(error);
  }
  return pickBest(
      tilings, listed, group.phases,
      [&](const TilingChoice &tiling) {
        return boundFusedCost(group, target, tiling);
      },
      [&](const TilingChoice &tiling) {
        return estimateFusedCost(group, target, tiling);
      });
}

llvm::Expected<TiledPhaseGroup>
accel::tilePhaseGroup(const PhaseGroup &group, const TargetDesc &target) {
  return groupDecisions().getOrCompute(
      decisionKey(target, group.phases, group.hasBias, group.sharedBias,
                  group.lut),
      [&] { return tilePhaseGroupUncached(group, target); });
}

namespace {
llvm::Expected<TiledPhaseGroup>
tilePhaseGroupUncached(const PhaseGroup &group, const TargetDesc &target) {
  TiledPhaseGroup result;
  std::optional<CostEstimate> separate;
  std::string separateError;
  {
    std::vector<TiledConv> phases;
    CostEstimate total;
    bool ok = true;
    for (const ConvShape &phase : group.phases) {
      llvm::Expected<TiledConv> tiled =
          chooseTiling(phase, target, {group.hasBias, group.lut});
      if (!tiled) {
        separateError = llvm::toString(tiled.takeError());
        ok = false;
        break;
      }
      total += tiled->cost;
      phases.push_back(*tiled);
    }
    if (ok) {
      separate = total;
      result.phases = std::move(phases);
    }
  }
  if (!separate) // a phase alone does not fit: neither does the group
    return llvm::createStringError(separateError);
  if (group.phases.size() < 2) {
    result.total = *separate;
    return result;
  }
  llvm::Expected<TiledConv> fused = chooseFusedTiling(group, target);
  if (fused) {
    auto key = [](const CostEstimate &c) {
      return std::make_tuple(c.cycles, c.dramBytes, c.energyPJ);
    };
    if (key(fused->cost) <= key(*separate)) {
      result.fused = true;
      result.fusedTiling = *fused;
      result.phases.clear();
      result.total = fused->cost;
      return result;
    }
  } else {
    llvm::consumeError(fused.takeError());
  }
  result.total = *separate;
  return result;
}
} // namespace

llvm::Expected<TiledLayer> accel::tileLayer(llvm::ArrayRef<ConvShape> convs,
                                            const TargetDesc &target,
                                            bool hasBias) {
  TiledLayer layer;
  for (const ConvShape &conv : convs) {
    llvm::Expected<TiledConv> tiled =
        chooseTiling(conv, target, EpilogueTiming{hasBias});
    if (!tiled)
      return tiled.takeError();
    layer.total += tiled->cost;
    layer.convs.push_back(*tiled);
  }
  int64_t usefulMacs = 0;
  for (const ConvShape &conv : convs)
    usefulMacs += conv.macs();
  layer.rooflineCycles =
      rooflineCycles(usefulMacs, compulsoryDramBytes(convs, hasBias), target);
  return layer;
}

void accel::appendTargetKey(std::string &key, const TargetDesc &target) {
  key.append(target.name);
  key.push_back('\0');
  appendKeyInts(key, {int64_t(target.dataflow)});
  forEachNumericField(target, [&](const NumericField &field) {
    if (field.isInteger)
      appendKeyInts(key, {field.integer});
    else
      key.append(reinterpret_cast<const char *>(&field.real),
                 sizeof(field.real));
  });
}
