//===- TileLoopNestTest.cpp - The shared tile loop nest
//--------------------===//
//
// A hand-walked nest, the closed forms (loads per box/tile, loaded input
// rows, steps) against counts taken over the walk for every small nest, the
// axes of a phase group, and the rows each kernel row of a conv reads inside
// its input against a row-by-row count.
//
//===----------------------------------------------------------------------===//

#include "accel/Schedule/TileLoopNest.h"

#include "gtest/gtest.h"

#include "../RowTapsOracle.h"

#include <set>
#include <tuple>
#include <vector>

using namespace accel;
using namespace accel::schedule;

namespace {

std::vector<TileStep> walk(const TileLoopNest &nest,
                           std::function<bool(const TileStep &)> hasWork =
                               [](const TileStep &) { return true; }) {
  std::vector<TileStep> steps;
  llvm::Error error = nest.run(hasWork, [&](const TileStep &step) {
    steps.push_back(step);
    return llvm::Error::success();
  });
  EXPECT_FALSE(bool(error)) << llvm::toString(std::move(error));
  return steps;
}

TEST(TileLoopNestTest, WalkByHand) {
  // 5 output rows (stride 2, kernel 3, pad 1 over 9 input rows) in tiles
  // of 3, 2 columns in one tile, 4 C_out in tiles of 2, C_in in one tile.
  TileAxis rows{/*extent=*/5, /*stride=*/2, /*span=*/3, /*origin=*/-1,
                /*inputs=*/9};
  TileAxis cols{2, 1, 1, 0, 2};
  TileLoopNest nest(1, 1, rows, cols, 4, 2,
                    {3, 4, 2, 8, LoopOrder::SpatialOuter});
  EXPECT_EQ(nest.tileH(), 3);
  EXPECT_EQ(nest.tileW(), 2); // clamped to the extent
  EXPECT_EQ(nest.tileC(), 2);
  EXPECT_EQ(nest.steps(), 4);
  std::vector<TileStep> steps = walk(nest);
  ASSERT_EQ(steps.size(), 4u);
  // (tile row, C_out tile): (0,0) (0,1) (1,0) (1,1).
  const int64_t tileY[] = {0, 0, 1, 1}, kTile[] = {0, 1, 0, 1};
  const int64_t y0[] = {0, 0, 3, 3}, rowsOf[] = {3, 3, 2, 2};
  const int64_t boxY[] = {-1, -1, 5, 5}, boxH[] = {7, 7, 5, 5};
  const bool loadInput[] = {true, false, true, false};
  const int64_t inputStage[] = {0, 0, 1, 1}, weightStage[] = {0, 1, 0, 1};
  const bool waits[] = {false, false, true, true};
  for (size_t i = 0; i < steps.size(); ++i) {
    const TileStep &s = steps[i];
    EXPECT_EQ(s.tileY, tileY[i]) << i;
    EXPECT_EQ(s.kTile, kTile[i]) << i;
    EXPECT_EQ(s.y0, y0[i]) << i;
    EXPECT_EQ(s.rows, rowsOf[i]) << i;
    EXPECT_EQ(s.k0, 2 * kTile[i]) << i;
    EXPECT_EQ(s.kCount, 2) << i;
    EXPECT_EQ(s.boxY, boxY[i]) << i;
    EXPECT_EQ(s.boxH, boxH[i]) << i;
    EXPECT_EQ(s.boxW, 2) << i;
    EXPECT_TRUE(s.lastC) << i;
    EXPECT_EQ(s.loadInput, loadInput[i]) << i;
    EXPECT_TRUE(s.loadWeights) << i;
    EXPECT_EQ(s.inputStage, inputStage[i]) << i;
    EXPECT_EQ(s.weightStage, weightStage[i]) << i;
    EXPECT_EQ(s.accStage, int64_t(i % 2)) << i;
    EXPECT_EQ(s.waitStageFree, waits[i]) << i;
    EXPECT_EQ(s.waitAccFree, waits[i]) << i;
  }
  // Rows read inside the input: [0, 6) and [5, 9).
  EXPECT_EQ(nest.loadedInputRows(), 6 + 4);
  EXPECT_EQ(nest.inputLoadsPerBox(), 1);
  EXPECT_EQ(nest.weightLoadsPerTile(), 2);
}

TEST(TileLoopNestTest, CInTilesAccumulateBeforeTheOutput) {
  TileAxis axis{1, 1, 1, 0, 1};
  TileLoopNest nest(1, 1, axis, axis, 2, 5,
                    {1, 1, 2, 2, LoopOrder::OutChannelOuter});
  std::vector<TileStep> steps = walk(nest);
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[2].cCount, 1);
  EXPECT_FALSE(steps[0].lastC || steps[1].lastC);
  EXPECT_TRUE(steps[2].lastC);
  // One accumulator tile: it never waits for the store queue.
  for (const TileStep &step : steps) {
    EXPECT_EQ(step.accStage, 0);
    EXPECT_FALSE(step.waitAccFree);
    EXPECT_TRUE(step.loadInput && step.loadWeights);
  }
  EXPECT_EQ(nest.inChannelPasses(/*atomic=*/2), 3);
  EXPECT_EQ(nest.outChannelPasses(/*atomic=*/4), 1);
}

TEST(TileLoopNestTest, SkippedPositionsTakeNoStageOrToken) {
  TileAxis rows{3, 1, 1, 0, 3}, cols{1, 1, 1, 0, 1};
  TileLoopNest nest(1, 1, rows, cols, 1, 1,
                    {1, 1, 1, 1, LoopOrder::SpatialOuter});
  std::vector<TileStep> steps =
      walk(nest, [](const TileStep &step) { return step.tileY != 1; });
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[1].tileY, 2);
  EXPECT_EQ(steps[1].inputStage, 1);
  EXPECT_EQ(steps[1].accStage, 1);
  EXPECT_FALSE(steps[1].waitStageFree);
}

/// Every position once; the closed forms equal what the walk does.
void checkAgainstWalk(const TileLoopNest &nest, int64_t groups, int64_t batch,
                      int64_t inputRows, int64_t inputCols,
                      int64_t kernelHeight = 1) {
  std::vector<TileStep> steps = walk(nest);
  ASSERT_EQ(int64_t(steps.size()), nest.steps());
  std::set<std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t,
                      int64_t, int64_t>>
      seen;
  int64_t phases = nest.getResidency().phaseSteps;
  // With a whole input box, a step's chunk was loaded by a step of the
  // same box at or before it.
  std::set<std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t>> chunks;
  // With whole weights, likewise for a weight chunk of the same C_out tile
  // (and phase) since that tile was last loaded.
  std::set<std::tuple<int64_t, int64_t, int64_t, int64_t>> weightChunks;
  std::tuple<int64_t, int64_t, int64_t> weightTile{-1, -1, -1};
  int64_t inputLoads = 0, weightLoads = 0, biasLoads = 0;
  for (const TileStep &s : steps) {
    EXPECT_TRUE(seen.insert({s.group, s.image, s.tileY, s.tileX, s.kTile,
                             s.cTile, s.rTile, s.phase})
                    .second);
    // Kernel-row tiles: consecutive rows of the kernel, the last one
    // ending at its last row (lastC only there).
    if (nest.tilesR() > 1) {
      EXPECT_EQ(s.kernelRow0, s.rTile * nest.tileKernelRows());
      EXPECT_EQ(s.kernelRows,
                std::min(nest.tileKernelRows(), kernelHeight - s.kernelRow0));
      if (s.lastC)
        EXPECT_EQ(s.kernelRow0 + s.kernelRows, kernelHeight);
    } else {
      EXPECT_EQ(s.kernelRows, 0);
    }
    if (s.loadInput)
      chunks.insert({s.group, s.image, s.tileY, s.tileX, s.inputChunk});
    EXPECT_TRUE(
        chunks.count({s.group, s.image, s.tileY, s.tileX, s.inputChunk}));
    EXPECT_EQ(s.inputChunk, nest.getResidency().wholeInput ? s.cTile : 0);
    EXPECT_EQ(s.weightChunk, nest.getResidency().wholeWeights ? s.cTile : 0);
    if (s.loadWeights) {
      std::tuple<int64_t, int64_t, int64_t> tile{s.group, s.kTile, s.phase};
      if (tile != weightTile)
        weightChunks.clear();
      weightTile = tile;
      weightChunks.insert({s.group, s.kTile, s.phase, s.weightChunk});
    }
    EXPECT_TRUE(weightChunks.count({s.group, s.kTile, s.phase, s.weightChunk}));
    // The multi-buffering protocol pops one "stage free" token per step
    // (with its first load): every step loads something.
    EXPECT_TRUE(s.loadInput || s.loadWeights);
    inputLoads += s.loadInput;
    weightLoads += s.loadWeights;
    biasLoads += s.loadWeights && s.lastC;
  }
  // Accumulator tiles: consecutive steps ending at endsAccTile, one
  // (spatial, C_out) position, C_in tiles in order ending with the last,
  // halves alternating; with the phases outer, one phase each.
  std::vector<TileStep> accTile;
  int64_t accTiles = 0;
  for (const TileStep &s : steps) {
    if (!accTile.empty()) {
      const TileStep &first = accTile.front();
      EXPECT_EQ(std::make_tuple(s.group, s.image, s.tileY, s.tileX, s.kTile),
                std::make_tuple(first.group, first.image, first.tileY,
                                first.tileX, first.kTile));
      EXPECT_GE(s.cTile, accTile.back().cTile);
      if (nest.getResidency().phasesOuter)
        EXPECT_EQ(s.phase, first.phase);
    }
    EXPECT_EQ(s.accStage, accTiles % 2);
    EXPECT_EQ(s.waitAccFree, accTile.empty() && accTiles >= 2);
    accTile.push_back(s);
    if (s.endsAccTile) {
      EXPECT_TRUE(s.lastC);
      EXPECT_EQ(accTile.front().cTile, 0);
      ++accTiles;
      accTile.clear();
    }
  }
  EXPECT_TRUE(accTile.empty());
  int64_t phasesPerTile = nest.getResidency().phasesOuter ? phases : 1;
  EXPECT_EQ(accTiles, groups * nest.spatialTiles() * nest.tilesK() *
                          std::max<int64_t>(phasesPerTile, 1));
  EXPECT_EQ(inputLoads, groups * nest.spatialTiles() * nest.tilesC() *
                            nest.inputLoadsPerBox());
  EXPECT_EQ(weightLoads, groups * nest.tilesK() * nest.tilesC() *
                             nest.tilesR() * phases *
                             nest.weightLoadsPerTile());
  EXPECT_EQ(biasLoads,
            groups * nest.tilesK() * phases * nest.biasLoadsPerTile());
  // Input rows inside the tensor, counted row by row over the tile rows.
  int64_t loadedRows = 0, loadedCols = 0;
  for (const TileStep &s : steps) {
    if (s.group || s.image || s.kTile || s.cTile || s.rTile || s.phase)
      continue;
    for (int64_t r = s.boxY; r < s.boxY + s.boxH; ++r)
      loadedRows += s.tileX == 0 && r >= 0 && r < inputRows;
    for (int64_t c = s.boxX; c < s.boxX + s.boxW; ++c)
      loadedCols += s.tileY == 0 && c >= 0 && c < inputCols;
  }
  EXPECT_EQ(loadedRows, nest.loadedInputRows());
  EXPECT_EQ(loadedCols, nest.loadedInputCols());
  (void)batch;
}

TEST(TileLoopNestTest, ClosedFormsMatchTheWalk) {
  for (int64_t groups : {1, 2})
    for (int64_t batch : {1, 2})
      for (int64_t extentH : {1, 3, 4})
        for (int64_t extentW : {1, 2})
          for (int64_t outC : {1, 3, 4})
            for (int64_t inC : {1, 3})
              for (int64_t tileH = 1; tileH <= extentH; ++tileH)
                for (int64_t tileK = 1; tileK <= outC; ++tileK)
                  for (int64_t tileC = 1; tileC <= inC; ++tileC)
                    for (LoopOrder order : {LoopOrder::SpatialOuter,
                                            LoopOrder::OutChannelOuter})
                      for (NestResidency residency :
                           {NestResidency{1, false}, NestResidency{1, true},
                            NestResidency{2, false}, NestResidency{3, true},
                            NestResidency{1, false, true},
                            NestResidency{1, true, true},
                            NestResidency{2, true, false, false, false, true},
                            NestResidency{3, true, false, false, false, true},
                            NestResidency{2, false, false, false, false, true}})
                        // Kernel-row tiles (kernel height, rows per tile) of
                        // a 3-row kernel: 3 tiles of 1 row, 2 of 2 and 1;
                        // plain convs only, never with whole weights
                        // (planGroup).
                        for (auto [kernelHeight, kernelRows] :
                             {std::pair<int64_t, int64_t>{1, 0},
                              {3, 1},
                              {3, 2}}) {
                          if (kernelRows && (residency.phaseSteps > 1 ||
                                             residency.wholeWeights))
                            continue;
                          TileAxis rows{extentH, 2, 3, -1, 2 * extentH - 1};
                          TileAxis cols{extentW, 1, 2, 0, extentW};
                          TileLoopNest nest(
                              groups, batch, rows, cols, outC, inC,
                              {tileH, 1, tileK, tileC, order, kernelRows},
                              kernelHeight);
                          nest.setResidency(residency);
                          // Phases outer over several C_in tiles share a
                          // whole box (planGroup never sets it without).
                          if (residency.phasesOuter && !residency.wholeInput &&
                              nest.tilesC() > 1)
                            continue;
                          SCOPED_TRACE(
                              testing::Message()
                              << groups << " " << batch << " " << extentH << " "
                              << extentW << " " << outC << " " << inC << " "
                              << tileH << " " << tileK << " " << tileC << " "
                              << int(order) << " " << residency.phaseSteps
                              << " " << residency.wholeInput << " "
                              << residency.wholeWeights << " "
                              << residency.phasesOuter << " " << kernelHeight
                              << " " << kernelRows);
                          checkAgainstWalk(nest, groups, batch, rows.inputs,
                                           cols.inputs, kernelHeight);
                        }
}

TEST(TileLoopNestTest, PhaseGroupAxesCoverTheUnionOfUSpace) {
  // Phase A: k2, no padding, out 3 (u in [0, 3)); phase B: k3 pad 1, out 4
  // (u in [-1, 3)). The nest tiles u in [-1, 3): 4 positions, boxes from
  // input row -1, 3 rows of span.
  ConvShape a;
  a.inH = a.inW = 4;
  a.kernelH = a.kernelW = 2;
  ConvShape b = a;
  b.kernelH = b.kernelW = 3;
  b.padTop = b.padBottom = b.padLeft = b.padRight = 1;
  ASSERT_EQ(a.outH(), 3);
  ASSERT_EQ(b.outH(), 4);
  TileAxis axis = phaseGroupAxis({a, b}, /*rows=*/true);
  EXPECT_EQ(axis.extent, 4);
  EXPECT_EQ(axis.origin, -1);
  EXPECT_EQ(axis.span, 3);
  EXPECT_EQ(axis.stride, 1);
  EXPECT_EQ(axis.inputs, 4);
  // A plain strided conv: its own output rows, boxes from -pad.
  ConvShape strided = b;
  strided.inH = 9;
  strided.strideH = 2;
  TileAxis own = phaseGroupAxis(strided, /*rows=*/true);
  EXPECT_EQ(own.extent, 5);
  EXPECT_EQ(own.origin, -1);
  EXPECT_EQ(own.stride, 2);
  EXPECT_EQ(own.boxOrigin(3), 5);
  EXPECT_EQ(own.boxExtent(2), 5);
}

TEST(TileLoopNestTest, RowsReadingInputMatchRowByRow) {
  // Every small conv (stride, dilation, padding, kernel rows) and every row
  // window [r0, r1): the range is exactly the rows whose input row is
  // inside the tensor, contiguous, and its sizes sum to the oracle's count.
  for (int64_t inH : {1, 2, 5})
    for (int64_t kernelH : {1, 2, 3, 4})
      for (int64_t strideH : {1, 2, 3})
        for (int64_t dilationH : {1, 2})
          for (int64_t padTop : {0, 1, 3})
            for (int64_t padBottom : {0, 2}) {
              ConvShape s;
              s.inH = inH;
              s.kernelH = kernelH;
              s.strideH = strideH;
              s.dilationH = dilationH;
              s.padTop = padTop;
              s.padBottom = padBottom;
              if (s.outH() <= 0)
                continue;
              SCOPED_TRACE(testing::Message()
                           << "inH " << inH << " k " << kernelH << " s "
                           << strideH << " d " << dilationH << " pad " << padTop
                           << "," << padBottom);
              int64_t total = 0;
              for (int64_t ky = 0; ky < kernelH; ++ky) {
                total += rowsReadingInput(s, ky, 0, s.outH()).size();
                for (int64_t r0 = 0; r0 <= s.outH(); ++r0)
                  for (int64_t r1 = r0; r1 <= s.outH(); ++r1) {
                    IndexRange range = rowsReadingInput(s, ky, r0, r1);
                    for (int64_t r = r0; r < r1; ++r) {
                      int64_t y = r * strideH - padTop + ky * dilationH;
                      bool reads = y >= 0 && y < inH;
                      bool inRange = r >= range.begin && r < range.end;
                      EXPECT_EQ(reads, inRange)
                          << "ky " << ky << " row " << r << " of [" << r0
                          << ", " << r1 << ")";
                    }
                  }
              }
              EXPECT_EQ(total, oracle::rowTapsReadingInput(s));
            }
}

TEST(TileLoopNestTest, ColsReadingInputMatchColumnByColumn) {
  // The same for columns (NestResidency::splitKernelCols): every small conv
  // and every column window [c0, c1), checked column by column.
  for (int64_t inW : {1, 2, 5})
    for (int64_t kernelW : {1, 2, 3, 4})
      for (int64_t strideW : {1, 2, 3})
        for (int64_t dilationW : {1, 2})
          for (int64_t padLeft : {0, 1, 3})
            for (int64_t padRight : {0, 2}) {
              ConvShape s;
              s.inW = inW;
              s.kernelW = kernelW;
              s.strideW = strideW;
              s.dilationW = dilationW;
              s.padLeft = padLeft;
              s.padRight = padRight;
              if (s.outW() <= 0)
                continue;
              SCOPED_TRACE(testing::Message()
                           << "inW " << inW << " k " << kernelW << " s "
                           << strideW << " d " << dilationW << " pad "
                           << padLeft << "," << padRight);
              int64_t total = 0;
              for (int64_t kx = 0; kx < kernelW; ++kx) {
                total += colsReadingInput(s, kx, 0, s.outW()).size();
                for (int64_t c0 = 0; c0 <= s.outW(); ++c0)
                  for (int64_t c1 = c0; c1 <= s.outW(); ++c1) {
                    IndexRange range = colsReadingInput(s, kx, c0, c1);
                    for (int64_t c = c0; c < c1; ++c) {
                      int64_t x = c * strideW - padLeft + kx * dilationW;
                      bool reads = x >= 0 && x < inW;
                      bool inRange = c >= range.begin && c < range.end;
                      EXPECT_EQ(reads, inRange)
                          << "kx " << kx << " column " << c << " of [" << c0
                          << ", " << c1 << ")";
                    }
                  }
              }
              EXPECT_EQ(total, oracle::colTapsReadingInput(s));
            }
}

} // namespace
