//===- PlaneScheduleTest.cpp - Tiling of the fill / add schedules ---------===//
//
// schedule::PlaneTiling, the one tiling of the plane schedules (fill, add, the
// backend's copy), exhaustively over small planes and capacities, and the
// fill / add schedules built on it: whole rows when a row fits, column runs
// or channel slices when it does not (rows that used to be rejected).
//
//===----------------------------------------------------------------------===//

#include "accel/ISA/Latency.h"
#include "accel/ISA/PipelineTiming.h"
#include "accel/Schedule/ConvSchedule.h"
#include "accel/Sim/Machine.h"

#include "gtest/gtest.h"

#include <cstring>
#include <map>

using namespace accel;
using namespace accel::isa;
using namespace accel::schedule;

namespace {

TEST(PlaneTilingTest, CoversEveryElementOnceWithinCapacity) {
  for (int64_t batch : {1, 2})
    for (int64_t height : {1, 3, 5})
      for (int64_t width : {1, 4, 7})
        for (int64_t channels : {1, 3, 8, 13})
          for (int64_t capacity : {1, 2, 5, 8, 24, 100, 1000})
            for (int64_t maxChannels : {int64_t(1), int64_t(4), int64_t(1) << 40}) {
              PlaneShape shape{batch, height, width, channels};
              llvm::Expected<PlaneTiling> tiling =
                  PlaneTiling::create(shape, capacity, maxChannels);
              ASSERT_TRUE(bool(tiling)) << llvm::toString(tiling.takeError());
              std::map<std::array<int64_t, 4>, int> seen;
              for (int64_t i = 0; i < tiling->size(); ++i) {
                PlaneTile tile = (*tiling)[i];
                ASSERT_GE(tile.rows, 1);
                ASSERT_GE(tile.cols, 1);
                ASSERT_GE(tile.channels, 1);
                ASSERT_LE(tile.pixels() * tile.channels, capacity);
                ASSERT_LE(tile.channels, maxChannels);
                // Tiles of one slice are consecutive.
                if (i > 0 && tiling->sliceOf(i) == tiling->sliceOf(i - 1))
                  ASSERT_EQ(tile.c0, (*tiling)[i - 1].c0);
                for (int64_t y = 0; y < tile.rows; ++y)
                  for (int64_t x = 0; x < tile.cols; ++x)
                    for (int64_t c = 0; c < tile.channels; ++c)
                      ++seen[{tile.image, tile.y0 + y, tile.x0 + x,
                              tile.c0 + c}];
              }
              ASSERT_EQ(int64_t(seen.size()),
                        batch * height * width * channels);
              for (const auto &entry : seen)
                ASSERT_EQ(entry.second, 1);
              // The whole-row form whenever a row fits.
              if (channels <= maxChannels && width * channels <= capacity) {
                EXPECT_EQ(tiling->tileCols, width);
                EXPECT_EQ(tiling->tileChannels, channels);
                EXPECT_EQ(tiling->tileRows,
                          std::min(height, capacity / (width * channels)));
              }
            }
}

TEST(PlaneTilingTest, PicksRowsThenColumnsThenChannels) {
  // diannao: 1024 accumulator entries per half.
  PlaneTiling rows = *PlaneTiling::create({1, 9, 7, 20}, 1024, 4096);
  EXPECT_EQ(rows.tileRows, 7);
  EXPECT_EQ(rows.tileCols, 7);
  EXPECT_EQ(rows.size(), 2);
  // A 51 x 26 row (1326 entries): two equal runs of columns.
  PlaneTiling cols = *PlaneTiling::create({1, 21, 51, 26}, 1024, 4096);
  EXPECT_EQ(cols.tileRows, 1);
  EXPECT_EQ(cols.tileCols, 26);
  EXPECT_EQ(cols.tileChannels, 26);
  EXPECT_EQ(cols.size(), 42);
  // 2100 channels: three slices of 700, one pixel each.
  PlaneTiling slices = *PlaneTiling::create({1, 2, 3, 2100}, 1024, 4096);
  EXPECT_EQ(slices.tileChannels, 700);
  EXPECT_EQ(slices.tileCols, 1);
  EXPECT_EQ(slices.size(), 3 * 6);
  EXPECT_EQ(slices.sliceOf(6), 1);
  EXPECT_EQ(slices[6].c0, 700);
}

TEST(PlaneTilingTest, RejectsAnEmptyPlaneOrNoCapacity) {
  llvm::Expected<PlaneTiling> empty = PlaneTiling::create({1, 0, 4, 4}, 100, 100);
  ASSERT_FALSE(bool(empty));
  EXPECT_NE(llvm::toString(empty.takeError()).find("empty dimension"),
            std::string::npos);
  llvm::Expected<PlaneTiling> none = PlaneTiling::create({1, 2, 4, 4}, 0, 100);
  ASSERT_FALSE(bool(none));
  EXPECT_NE(llvm::toString(none.takeError()).find("not even one"),
            std::string::npos);
}

/// Runs `insts` through the timing model (which fails on a deadlock).
void expectNoDeadlock(const std::vector<Instruction> &insts,
                      const TargetDesc &target) {
  PipelineTimer timer(target);
  for (size_t i = 0; i < insts.size(); ++i)
    ASSERT_FALSE(bool(timer.push(insts[i], i)));
  llvm::Expected<int64_t> cycles = timer.finish();
  ASSERT_TRUE(bool(cycles)) << llvm::toString(cycles.takeError());
}

TEST(PlaneScheduleTest, FillOfARowThatDoesNotFitRunsInSlicesWithTheirBias) {
  // Used to fail with "one output row does not fit the target's buffers".
  TargetDesc target = *lookupPreset("diannao");
  PlaneShape shape{1, 2, 3, 2100, ElementKind::F32};
  DramView output = DramView::dense(1 << 20, 2, 3, 2100, 4);
  std::vector<Instruction> insts;
  VectorSink sink(insts);
  llvm::Error error = generateFillSchedule(shape, ConvEpilogue{},
                                           uint64_t(1 << 16), output, target,
                                           0, sink);
  ASSERT_FALSE(bool(error)) << llvm::toString(std::move(error));
  expectNoDeadlock(insts, target);
  // Two bias loads (one per weight-buffer half) per slice, each at its
  // slice's channel offset.
  std::vector<int64_t> biasAddrs;
  std::map<int64_t, int> stored;
  for (const Instruction &inst : insts) {
    if (const auto *load = inst.getIf<LoadBiasOp>()) {
      EXPECT_EQ(load->count, 700);
      biasAddrs.push_back(load->dramAddr);
    }
    if (const auto *store = inst.getIf<StoreOp>())
      for (int64_t x = 0; x < store->boxW; ++x)
        for (int64_t c = 0; c < store->boxC; ++c)
          ++stored[store->dramAddr + x * store->pixelStride + c * 4];
  }
  std::vector<int64_t> expected;
  for (int64_t slice = 0; slice < 3; ++slice)
    for (int half = 0; half < 2; ++half)
      expected.push_back((1 << 16) + slice * 700 * 4);
  EXPECT_EQ(biasAddrs, expected);
  EXPECT_EQ(stored.size(), size_t(2 * 3 * 2100));
  for (const auto &entry : stored)
    EXPECT_EQ(entry.second, 1);
}

TEST(PlaneScheduleTest, AddOfARowThatDoesNotFitRunsInColumnRuns) {
  // Used to fail with "one row of the add does not fit the accumulators".
  TargetDesc target = *lookupPreset("diannao");
  PlaneShape shape{1, 18, 34, 72, ElementKind::F32};
  DramView view = DramView::dense(0, 18, 34, 72, 4);
  std::vector<Instruction> insts;
  VectorSink sink(insts);
  llvm::Error error = generateAddSchedule(shape, view, AddOperandScale{}, view,
                                          AddOperandScale{}, ConvEpilogue{},
                                          view, target, 0, sink);
  ASSERT_FALSE(bool(error)) << llvm::toString(std::move(error));
  expectNoDeadlock(insts, target);
  int64_t stores = 0;
  for (const Instruction &inst : insts)
    if (const auto *store = inst.getIf<StoreOp>()) {
      EXPECT_EQ(store->boxH, 1);
      // 34 columns of 72 channels in runs of at most 14 pixels: 12, 12, 10.
      int64_t x0 = store->dramAddr / (72 * 4) % 34;
      EXPECT_EQ(store->boxW, x0 >= 24 ? 10 : 12);
      ++stores;
    }
  EXPECT_EQ(stores, 18 * 3);
}

TEST(PlaneScheduleTest, AnAddWithoutRhsLoadsOnlyItsLhs) {
  // An operand that contributes 0 (the zeros an unfused activation is added
  // to) is not loaded: the schedule writes the same bytes as the add of a
  // zeros tensor, with half the LOAD_ACCs. ReLU as the epilogue, on values
  // of both signs, in tiles of column runs (diannao's accumulators).
  TargetDesc target = *lookupPreset("diannao");
  PlaneShape shape{1, 5, 34, 72, ElementKind::F32};
  const int64_t elements = 5 * 34 * 72, bytes = elements * 4;
  DramView lhs = DramView::dense(0, 5, 34, 72, 4);
  DramView zeros = DramView::dense(uint64_t(bytes), 5, 34, 72, 4);
  DramView output = DramView::dense(uint64_t(2 * bytes), 5, 34, 72, 4);
  ConvEpilogue relu;
  relu.activation = Activation::Relu;
  auto run = [&](std::optional<DramView> rhs, size_t &loads) {
    std::vector<Instruction> insts;
    VectorSink sink(insts);
    llvm::Error error =
        generateAddSchedule(shape, lhs, AddOperandScale{}, rhs,
                            AddOperandScale{}, relu, output, target, 0, sink);
    EXPECT_FALSE(bool(error)) << llvm::toString(std::move(error));
    expectNoDeadlock(insts, target);
    sim::Machine machine(target, uint64_t(3 * bytes));
    for (int64_t i = 0; i < elements; ++i) {
      float value = float(i % 13) - 6.5f, zero = 0;
      std::memcpy(&machine.dram[i * 4], &value, 4);
      std::memcpy(&machine.dram[bytes + i * 4], &zero, 4);
    }
    loads = 0;
    for (const Instruction &inst : insts) {
      loads += inst.opcode() == Opcode::LoadAcc;
      llvm::Error step = machine.execute(inst);
      EXPECT_FALSE(bool(step)) << llvm::toString(std::move(step));
    }
    std::vector<float> result(elements);
    std::memcpy(result.data(), &machine.dram[2 * bytes], bytes);
    return result;
  };
  size_t bothLoads = 0, lhsLoads = 0;
  std::vector<float> both = run(zeros, bothLoads);
  std::vector<float> lhsOnly = run(std::nullopt, lhsLoads);
  EXPECT_EQ(both, lhsOnly);
  for (int64_t i = 0; i < elements; ++i)
    ASSERT_EQ(lhsOnly[i], std::max(float(i % 13) - 6.5f, 0.0f)) << i;
  EXPECT_GT(lhsLoads, 0u);
  EXPECT_EQ(bothLoads, 2 * lhsLoads);
}

} // namespace
