//===- ConvScheduleTest.cpp - Structure of generated conv schedules -------===//

#include "accel/Schedule/ConvSchedule.h"
#include "accel/ISA/Latency.h"
#include "accel/ISA/PipelineTiming.h"

#include "gtest/gtest.h"

#include <map>
#include <set>

using namespace accel;
using namespace accel::isa;
using namespace accel::schedule;

namespace {

TargetDesc smallTarget() { return *lookupPreset("nvdla-small"); }

std::vector<Instruction> schedule(const ConvShape &shape,
                                  const TilingChoice &tiling,
                                  ConvOperands operands = {}) {
  if (operands.output.pixelStride == 0) {
    operands.input = DramView::dense(0, shape.inH, shape.inW, shape.inC, 4);
    operands.output = DramView::dense(1 << 20, shape.outH(), shape.outW(),
                                      shape.outC, 4);
    operands.weights = 1 << 22;
    operands.bias = 1 << 23;
  }
  std::vector<Instruction> out;
  VectorSink sink(out);
  llvm::Error error = generateConvSchedule(shape, ConvEpilogue{}, tiling,
                                           operands, smallTarget(), 0, sink);
  EXPECT_FALSE(bool(error)) << llvm::toString(std::move(error));
  return out;
}

size_t countOpcode(const std::vector<Instruction> &insts, Opcode opcode) {
  size_t count = 0;
  for (const Instruction &inst : insts)
    count += inst.opcode() == opcode;
  return count;
}

TEST(ConvScheduleTest, OneTileConvByHand) {
  ConvShape shape;
  shape.inH = shape.inW = 4;
  shape.inC = shape.outC = 8;
  std::vector<Instruction> insts = schedule(shape, {4, 4, 8, 8});
  ASSERT_EQ(insts.size(), 7u);
  // The bias goes ahead of the weights, so the CONV waits for its weights
  // only, never for a bias load queued behind a STORE.
  const Opcode expected[] = {
      Opcode::LoadInput, Opcode::LoadBias, Opcode::LoadWeight, Opcode::Conv,
      Opcode::Post,      Opcode::Store,    Opcode::Barrier};
  for (size_t i = 0; i < insts.size(); ++i)
    EXPECT_EQ(insts[i].opcode(), expected[i]) << i;
  EXPECT_TRUE(insts[2].deps.pushNext);  // last load announces the data
  EXPECT_TRUE(insts[3].deps.popPrev);   // conv waits for it
  EXPECT_FALSE(insts[3].deps.popNext);  // first accumulator tile is free
  EXPECT_TRUE(insts[4].deps.pushNext);  // post hands over to the store
  EXPECT_TRUE(insts[5].deps.popPrev && insts[5].deps.pushPrev);
  const StoreOp *store = insts[5].getIf<StoreOp>();
  EXPECT_EQ(store->dramAddr, 1 << 20);
  EXPECT_EQ(store->rowStride, 4 * 8 * 4);
  EXPECT_EQ(store->pixelStride, 8 * 4);
}

TEST(ConvScheduleTest, ReusesResidentTiles) {
  ConvShape shape;
  shape.inH = shape.inW = 8;
  shape.inC = 8;
  shape.outC = 32;
  shape.kernelH = shape.kernelW = 3;
  // 6x6 outputs: 4 spatial tiles x 4 C_out tiles, C_in in one tile.
  std::vector<Instruction> spatialOuter =
      schedule(shape, {3, 3, 8, 8, LoopOrder::SpatialOuter});
  EXPECT_EQ(countOpcode(spatialOuter, Opcode::LoadInput), 4u);
  EXPECT_EQ(countOpcode(spatialOuter, Opcode::LoadWeight), 16u);
  std::vector<Instruction> channelOuter =
      schedule(shape, {3, 3, 8, 8, LoopOrder::OutChannelOuter});
  EXPECT_EQ(countOpcode(channelOuter, Opcode::LoadInput), 16u);
  EXPECT_EQ(countOpcode(channelOuter, Opcode::LoadWeight), 4u);
  EXPECT_EQ(countOpcode(channelOuter, Opcode::Store), 16u);
}

/// The accumulator address and "slot free" pop of each accumulator tile's
/// first CONV (a 1x1 conv with one C_in tile: one CONV per tile).
std::vector<std::pair<int64_t, bool>>
accTiles(const std::vector<Instruction> &insts) {
  std::vector<std::pair<int64_t, bool>> tiles;
  for (const Instruction &inst : insts)
    if (const ConvOp *conv = inst.getIf<ConvOp>())
      tiles.push_back({conv->accAddr, inst.deps.popNext});
  return tiles;
}

TEST(ConvScheduleTest, SmallAccumulatorTilesCycleThroughSlots) {
  // nvdla-small: 32 KiB of accumulators, 8,192 entries. A 4x4 x 8 tile
  // (128 entries) fits an eighth (1,024 entries): the 16 tiles cycle
  // through eight slots, and tile n's CONV waits for the STORE of tile
  // n - 8 (the first eight find their slot free).
  ConvShape shape;
  shape.inH = shape.inW = 16;
  shape.inC = shape.outC = 8;
  std::vector<std::pair<int64_t, bool>> tiles =
      accTiles(schedule(shape, {4, 4, 8, 8}));
  ASSERT_EQ(tiles.size(), 16u);
  for (size_t n = 0; n < tiles.size(); ++n) {
    EXPECT_EQ(tiles[n].first, int64_t(n % 8) * 1024) << n;
    EXPECT_EQ(tiles[n].second, n >= 8) << n;
  }
  // A 16 x 8 x 8 tile (1,024 entries) still fits an eighth; 16 x 16 x 8
  // (2,048) a quarter: 4 slots of 2,048 entries.
  shape.inW = 32;
  tiles = accTiles(schedule(shape, {16, 16, 8, 8}));
  ASSERT_EQ(tiles.size(), 2u);
  EXPECT_EQ(tiles[1].first, 2048);
  // A tile that fills a half (16 x 8 x 32 = 4,096 entries) keeps the two
  // halves: tile n waits for the STORE of tile n - 2.
  shape.outC = 32;
  tiles = accTiles(schedule(shape, {16, 8, 32, 8}));
  ASSERT_EQ(tiles.size(), 4u);
  for (size_t n = 0; n < tiles.size(); ++n) {
    EXPECT_EQ(tiles[n].first, int64_t(n % 2) * 4096) << n;
    EXPECT_EQ(tiles[n].second, n >= 2) << n;
  }
}

/// Per step of a schedule whose steps run one CONV each: the CONV's input
/// and weight addresses, and whether the step's first load pops compute's
/// "stage free" token.
struct StepStages {
  int64_t inAddr, weightAddr;
  bool popsFree;
};
std::vector<StepStages> stepStages(const std::vector<Instruction> &insts) {
  std::vector<StepStages> steps;
  bool inLoads = false, popsFree = false;
  for (const Instruction &inst : insts) {
    bool isLoad = inst.opcode() == Opcode::LoadInput ||
                  inst.opcode() == Opcode::LoadWeight ||
                  inst.opcode() == Opcode::LoadBias;
    if (isLoad && !inLoads)
      popsFree = inst.deps.popNext;
    inLoads = isLoad;
    if (const ConvOp *conv = inst.getIf<ConvOp>())
      steps.push_back({conv->inAddr, conv->weightAddr, popsFree});
  }
  return steps;
}

TEST(ConvScheduleTest, SmallTilesCycleThroughThreeBufferStages) {
  // nvdla-small: 96 KiB of input buffer, 32 KiB of weights; a third is
  // 32,768 and 10,880 bytes (10,922 rounded down to 64). A 1x1 conv 8 -> 16
  // over 16x16 in 4x4 tiles, C_out in two tiles of 8, spatial tiles outer:
  // 32 steps, each with a new weight tile (256 bytes + bias), every other
  // with a new input box (512 bytes). Both fit a third: step n's weights go
  // to stage n mod 3, spatial tile t's box to stage t mod 3, and from the
  // fourth step on a step's loads wait for the step three back.
  ConvShape shape;
  shape.inH = shape.inW = 16;
  shape.inC = 8;
  shape.outC = 16;
  std::vector<StepStages> steps =
      stepStages(schedule(shape, {4, 4, 8, 8, LoopOrder::SpatialOuter}));
  ASSERT_EQ(steps.size(), 32u);
  for (size_t n = 0; n < steps.size(); ++n) {
    EXPECT_EQ(steps[n].weightAddr, int64_t(n % 3) * 10880) << n;
    EXPECT_EQ(steps[n].inAddr, int64_t(n / 2 % 3) * 32768) << n;
    EXPECT_EQ(steps[n].popsFree, n >= 3) << n;
  }
  // A 3x3 kernel over 48 channels: a weight tile of 8 x 9 x 48 x 4 =
  // 13,824 bytes fits a half (16 KiB) but not a third, so the buffers keep
  // two stages and a step's loads wait for the step two back.
  shape.inH = shape.inW = 18;
  shape.inC = 48;
  shape.kernelH = shape.kernelW = 3;
  steps = stepStages(schedule(shape, {4, 4, 8, 48, LoopOrder::SpatialOuter}));
  ASSERT_EQ(steps.size(), 32u);
  for (size_t n = 0; n < steps.size(); ++n) {
    EXPECT_EQ(steps[n].weightAddr, int64_t(n % 2) * 16384) << n;
    EXPECT_EQ(steps[n].inAddr, int64_t(n / 2 % 2) * 49152) << n;
    EXPECT_EQ(steps[n].popsFree, n >= 2) << n;
  }
}

TEST(ConvScheduleTest, KeepsWholeWeightsAcrossSpatialTiles) {
  // 6x6 outputs in 4 spatial tiles, C_in in 4 tiles of 8: every C_in chunk
  // of a C_out tile's weights (4 x 2,304 bytes + bias) fits one 16 KiB
  // weight stage of nvdla-small, so each chunk is loaded once per C_out
  // tile, not once per spatial tile.
  ConvShape shape;
  shape.inH = shape.inW = 8;
  shape.inC = 32;
  shape.kernelH = shape.kernelW = 3;
  for (LoopOrder order :
       {LoopOrder::SpatialOuter, LoopOrder::OutChannelOuter}) {
    // SpatialOuter with one C_out tile; OutChannelOuter with two.
    int64_t outTiles = order == LoopOrder::SpatialOuter ? 1 : 2;
    shape.outC = 8 * outTiles;
    std::vector<Instruction> insts = schedule(shape, {3, 3, 8, 8, order});
    EXPECT_EQ(countOpcode(insts, Opcode::LoadWeight), size_t(4 * outTiles));
    EXPECT_EQ(countOpcode(insts, Opcode::LoadBias), size_t(outTiles));
    EXPECT_EQ(countOpcode(insts, Opcode::Conv), size_t(4 * 4 * outTiles));
    // Each CONV reads the chunk its C_in tile was loaded into (chunks load
    // at first need): the n-th CONV is C_in tile n % 4.
    std::vector<int64_t> chunkAddr;
    int64_t convs = 0;
    for (const Instruction &inst : insts) {
      if (const LoadWeightOp *load = inst.getIf<LoadWeightOp>()) {
        if (chunkAddr.size() == 4)
          chunkAddr.clear();
        chunkAddr.push_back(load->bufAddr);
      } else if (const ConvOp *conv = inst.getIf<ConvOp>()) {
        ASSERT_GT(chunkAddr.size(), size_t(convs % 4));
        EXPECT_EQ(conv->weightAddr, chunkAddr[convs++ % 4]);
      }
    }
    std::set<int64_t> distinct(chunkAddr.begin(), chunkAddr.end());
    EXPECT_EQ(distinct.size(), 4u);
  }
}

TEST(ConvScheduleTest, StoresCoverAPhaseGridExactlyOnce) {
  // A phase (1, 0) of a stride-2 transposed conv: its 5x7 outputs land on
  // odd rows and even columns of a 10x14x16 tensor.
  ConvShape shape;
  shape.inH = 5;
  shape.inW = 7;
  shape.inC = 8;
  shape.outC = 16;
  shape.kernelH = shape.kernelW = 1;
  ConvOperands operands;
  operands.input = DramView::dense(0, 5, 7, 8, 4);
  DramView full = DramView::dense(4096, 10, 14, 16, 4);
  operands.output = {full.base + full.rowStride, full.imageStride,
                     2 * full.rowStride, 2 * full.pixelStride};
  operands.weights = 1 << 20;
  std::vector<Instruction> insts =
      schedule(shape, {2, 3, 8, 8, LoopOrder::SpatialOuter}, operands);
  std::map<int64_t, int> written;
  for (const Instruction &inst : insts)
    if (const StoreOp *store = inst.getIf<StoreOp>())
      for (int64_t y = 0; y < store->boxH; ++y)
        for (int64_t x = 0; x < store->boxW; ++x)
          for (int64_t c = 0; c < store->boxC; ++c)
            ++written[store->dramAddr + y * store->rowStride +
                      x * store->pixelStride + c * 4];
  EXPECT_EQ(written.size(), size_t(5 * 7 * 16));
  for (auto [addr, count] : written) {
    EXPECT_EQ(count, 1);
    int64_t offset = addr - 4096;
    int64_t row = offset / full.rowStride, col = offset % full.rowStride /
                                                 full.pixelStride;
    EXPECT_EQ(row % 2, 1);
    EXPECT_EQ(col % 2, 0);
  }
}

TEST(ConvScheduleTest, TokensNeverDeadlock) {
  ConvShape shape;
  shape.inH = 13;
  shape.inW = 11;
  shape.inC = 24;
  shape.outC = 40;
  shape.kernelH = 3;
  shape.kernelW = 2;
  shape.groups = 2;
  for (LoopOrder order : {LoopOrder::SpatialOuter, LoopOrder::OutChannelOuter}) {
    std::vector<Instruction> insts = schedule(shape, {4, 5, 8, 8, order});
    PipelineTimer timer(smallTarget());
    for (size_t i = 0; i < insts.size(); ++i)
      ASSERT_FALSE(bool(timer.push(insts[i], i)));
    llvm::Expected<int64_t> cycles = timer.finish();
    ASSERT_TRUE(bool(cycles));
    EXPECT_GT(*cycles, 0);
  }
}

TEST(ConvScheduleTest, RejectsTilingsThatOverflowABuffer) {
  ConvShape shape;
  shape.inH = shape.inW = 64;
  shape.inC = shape.outC = 64;
  shape.kernelH = shape.kernelW = 3;
  std::vector<Instruction> out;
  VectorSink sink(out);
  llvm::Error error =
      generateConvSchedule(shape, ConvEpilogue{}, {64, 64, 64, 64}, {},
                           smallTarget(), 0, sink);
  ASSERT_TRUE(bool(error));
  EXPECT_NE(llvm::toString(std::move(error)).find("does not fit"),
            std::string::npos);
}

TEST(ConvScheduleTest, PipelineOverlapsLoadsWithCompute) {
  // Two identical compute-bound tiles: the second tile's loads hide under
  // the first tile's compute, so the total is well below twice one tile.
  // (No padding rows: a tile at the top or bottom border could skip the
  // kernel rows over them, and the two tiles would differ.)
  ConvShape shape;
  shape.inH = 18;
  shape.inW = 8;
  shape.inC = 64;
  shape.outC = 64;
  shape.kernelH = shape.kernelW = 3;
  shape.padLeft = shape.padRight = 1;
  auto cycles = [&](const TilingChoice &tiling) {
    std::vector<Instruction> insts = schedule(shape, tiling);
    PipelineTimer timer(smallTarget());
    for (size_t i = 0; i < insts.size(); ++i)
      EXPECT_FALSE(bool(timer.push(insts[i], i)));
    return *timer.finish();
  };
  ConvShape half = shape;
  half.inH = 10;
  int64_t oneTile = [&] {
    std::vector<Instruction> insts;
    VectorSink sink(insts);
    ConvOperands operands;
    operands.input = DramView::dense(0, 10, 8, 64, 4);
    operands.output = DramView::dense(1 << 20, 8, 8, 64, 4);
    operands.bias = 1 << 23;
    EXPECT_FALSE(bool(generateConvSchedule(half, ConvEpilogue{},
                                           {8, 8, 16, 16}, operands,
                                           smallTarget(), 0, sink)));
    PipelineTimer timer(smallTarget());
    for (size_t i = 0; i < insts.size(); ++i)
      EXPECT_FALSE(bool(timer.push(insts[i], i)));
    return *timer.finish();
  }();
  EXPECT_LT(cycles({8, 8, 16, 16}), 2 * oneTile);
}

} // namespace
