//===- CopyScheduleTest.cpp - Strided copies through the accumulators -----===//
//
// schedule::generateCopySchedule on a target with 64 accumulator entries
// per half: the tile form (whole rows, column runs, channel slices) by the
// counts the PlaneTiling rule gives, a token protocol that neither
// deadlocks nor overwrites an accumulator half before it is stored, and a
// closing BARRIER. Then the program runs on the simulator's machine and
// every DRAM byte is compared with an image built from index formulas:
// copies from and into strided views (a channel slice, a zero-insert
// scatter, a crop through StoreRemapSink), f32 and i8. A chain of copies
// (generateCopySchedules) is one pipeline: halves alternating across the
// parts, one BARRIER, every part copied; a bad part emits nothing. A
// zero insertion (generateZeroInsertSchedule) fills and scatters every
// result byte as its geometry says; with stride 1 it stores each byte once.
//
//===----------------------------------------------------------------------===//

#include "PlacementOracle.h"

#include "accel/Schedule/CopySchedule.h"
#include "accel/Schedule/Placement.h"
#include "accel/Sim/Machine.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <string>

using namespace accel;
using namespace accel::isa;
using namespace accel::schedule;
using namespace accel::schedule::testing;

namespace {

constexpr int64_t kHalf = 64; ///< accumulator entries per half
/// The DRAM of the machine that runs a chain of copies.
constexpr int64_t kDramBytesForChains = 1 << 14;

/// nvdla-small with 2 * kHalf accumulator entries.
TargetDesc smallAccumulators() {
  TargetDesc target = *lookupPreset("nvdla-small");
  target.accBufferBytes = 2 * kHalf * 4;
  return target;
}

std::vector<Instruction> copySchedule(const PlaneShape &shape,
                                      const DramView &source,
                                      const DramView &dest,
                                      InstructionSink *through = nullptr) {
  std::vector<Instruction> insts;
  VectorSink sink(insts);
  llvm::Error error =
      generateCopySchedule(shape, source, dest, smallAccumulators(), 3,
                           through ? *through : sink);
  EXPECT_FALSE(bool(error)) << llvm::toString(std::move(error));
  return insts;
}

struct TileForm {
  const char *name;
  PlaneShape shape;
  // Expected, from the rule "whole rows when a row fits a half, else the
  // fewest equal runs of columns, else the fewest equal channel slices of
  // single pixels", evaluated by hand for kHalf = 64.
  int64_t rows, cols, channels, tiles;
};

const TileForm kForms[] = {
    // A 4 x 3 row is 12 entries: 64 / 12 = 5 rows, bands 5, 5, 2 per image.
    {"whole rows", {2, 12, 4, 3}, 5, 4, 3, 2 * 3},
    // A row of 10 x 9 = 90 entries: 7 pixels fit, so 2 runs of 5.
    {"column runs", {1, 3, 10, 9}, 1, 5, 9, 3 * 2},
    // 100 channels: 2 slices of 50, one pixel each.
    {"channel slices", {1, 2, 3, 100}, 1, 1, 50, 2 * 2 * 3},
};

TEST(CopyScheduleTest, TilesAreWholeRowsThenColumnRunsThenChannelSlices) {
  for (const TileForm &form : kForms) {
    SCOPED_TRACE(form.name);
    const PlaneShape &s = form.shape;
    DramView source = DramView::dense(0, s.height, s.width, s.channels, 4);
    DramView dest = DramView::dense(1 << 16, s.height, s.width, s.channels, 4);
    std::vector<Instruction> insts = copySchedule(s, source, dest);
    ASSERT_EQ(insts.size(), size_t(2 * form.tiles + 1));
    for (int64_t t = 0; t < form.tiles; ++t) {
      const LoadAccOp *load = insts[2 * t].getIf<LoadAccOp>();
      const StoreOp *store = insts[2 * t + 1].getIf<StoreOp>();
      ASSERT_TRUE(load && store) << "tile " << t;
      // Full-size tiles except at the plane's end.
      EXPECT_LE(load->boxH, form.rows);
      EXPECT_LE(load->boxW, form.cols);
      EXPECT_LE(load->boxC, form.channels);
      EXPECT_LE(load->boxH * load->boxW * load->boxC, kHalf);
      EXPECT_EQ(store->boxH, load->boxH);
      EXPECT_EQ(store->boxW, load->boxW);
      EXPECT_EQ(store->boxC, load->boxC);
      // Halves alternate; the STORE drains the half its LOAD_ACC filled.
      EXPECT_EQ(load->accAddr, (t % 2) * kHalf);
      EXPECT_EQ(store->accAddr, load->accAddr);
      EXPECT_EQ(load->accumulate, 0);
    }
    const LoadAccOp *first = insts[0].getIf<LoadAccOp>();
    EXPECT_EQ(first->boxH, form.rows);
    EXPECT_EQ(first->boxW, form.cols);
    EXPECT_EQ(first->boxC, form.channels);
    EXPECT_EQ(insts.back().opcode(), Opcode::Barrier);
    EXPECT_EQ(insts.back().layer, 3);
  }
}

/// Plays `insts` on in-order compute and store queues (greedy, compute
/// first: loads run as early as their tokens allow) and checks that the
/// stream finishes, that a LOAD_ACC only overwrites accumulator entries
/// whose tile's STORE has run, that a STORE reads entries its own tile
/// loaded, and that no "ready" token is left over. Tile k is the k-th
/// LOAD_ACC and the k-th STORE (one STORE per tile).
void expectSafeTokenProtocol(const std::vector<Instruction> &insts) {
  std::deque<const Instruction *> compute, store;
  for (const Instruction &inst : insts) {
    if (inst.opcode() == Opcode::LoadAcc)
      compute.push_back(&inst);
    else if (inst.opcode() == Opcode::Store)
      store.push_back(&inst);
    else
      ASSERT_EQ(inst.opcode(), Opcode::Barrier);
  }
  ASSERT_EQ(compute.size(), store.size());
  int64_t ready = 0, halfFree = 0; // compute -> store, store -> compute
  int64_t loads = 0, stores = 0;
  std::map<int64_t, int64_t> owner; // entry -> tile that loaded it
  std::vector<bool> stored(compute.size(), false);
  while (!compute.empty() || !store.empty()) {
    if (!compute.empty() && (!compute.front()->deps.popNext || halfFree > 0)) {
      const Instruction &inst = *compute.front();
      const LoadAccOp &load = *inst.getIf<LoadAccOp>();
      halfFree -= inst.deps.popNext;
      for (int64_t e = 0; e < load.boxH * load.boxW * load.boxC; ++e) {
        int64_t entry = load.accAddr + e;
        if (owner.count(entry))
          EXPECT_TRUE(stored[owner[entry]])
              << "LOAD_ACC of tile " << loads << " overwrites entry " << entry
              << " of tile " << owner[entry] << " before it is stored";
        owner[entry] = loads;
      }
      ready += inst.deps.pushNext;
      ++loads;
      compute.pop_front();
      continue;
    }
    if (!store.empty() && (!store.front()->deps.popPrev || ready > 0)) {
      const Instruction &inst = *store.front();
      const StoreOp &op = *inst.getIf<StoreOp>();
      ready -= inst.deps.popPrev;
      for (int64_t y = 0; y < op.boxH; ++y)
        for (int64_t x = 0; x < op.boxW; ++x)
          for (int64_t c = 0; c < op.boxC; ++c) {
            int64_t entry = op.accAddr + y * op.accRowPitch +
                            x * op.accPixelPitch + c;
            EXPECT_EQ(owner.count(entry) ? owner[entry] : -1, stores)
                << "STORE of tile " << stores << " reads entry " << entry;
          }
      stored[stores] = true;
      halfFree += inst.deps.pushPrev;
      ++stores;
      store.pop_front();
      continue;
    }
    FAIL() << "deadlock after " << loads << " loads and " << stores
           << " stores";
  }
  EXPECT_EQ(ready, 0);
}

TEST(CopyScheduleTest, TokensNeitherDeadlockNorOverwriteAHalf) {
  for (const TileForm &form : kForms) {
    SCOPED_TRACE(form.name);
    const PlaneShape &s = form.shape;
    expectSafeTokenProtocol(copySchedule(
        s, DramView::dense(0, s.height, s.width, s.channels, 4),
        DramView::dense(1 << 16, s.height, s.width, s.channels, 4)));
  }
  // One and two tiles (no pops at all).
  expectSafeTokenProtocol(copySchedule({1, 1, 2, 2}, DramView::dense(0, 1, 2, 2, 4),
                                       DramView::dense(64, 1, 2, 2, 4)));
  expectSafeTokenProtocol(
      copySchedule({2, 1, 2, 2}, DramView::dense(0, 1, 2, 2, 4),
                   DramView::dense(64, 1, 2, 2, 4)));
}

TEST(CopyScheduleTest, AChainOfCopiesIsOnePipelineWithOneBarrier) {
  // The three tile forms' shapes as one chain (24 tiles: 6 + 6 + 12), each
  // from its own dense source to its own dense destination, all through one
  // sink.
  std::vector<CopyPart> parts;
  std::vector<Instruction> insts;
  VectorSink sink(insts);
  int64_t base = 0, tiles = 0;
  for (const TileForm &form : kForms) {
    const PlaneShape &s = form.shape;
    int64_t bytes = s.batch * s.height * s.width * s.channels * 4;
    CopyPart part;
    part.shape = s;
    part.source = DramView::dense(base, s.height, s.width, s.channels, 4);
    part.dest = DramView::dense(base + bytes, s.height, s.width, s.channels, 4);
    part.sink = &sink;
    parts.push_back(part);
    base += 2 * bytes;
    tiles += form.tiles;
  }
  ASSERT_LE(base, kDramBytesForChains);
  llvm::Error error = generateCopySchedules(parts, smallAccumulators(), 5);
  ASSERT_FALSE(bool(error)) << llvm::toString(std::move(error));
  // One LOAD_ACC + STORE per tile and a single BARRIER at the very end.
  ASSERT_EQ(insts.size(), size_t(2 * tiles + 1));
  for (size_t i = 0; i + 1 < insts.size(); ++i)
    EXPECT_NE(insts[i].opcode(), Opcode::Barrier) << "instruction " << i;
  EXPECT_EQ(insts.back().opcode(), Opcode::Barrier);
  // The halves alternate across the parts' boundaries (tile k uses half
  // k mod 2), and only the chain's first two LOAD_ACCs pop no "half free"
  // token: no part restarts the pipeline.
  for (int64_t t = 0; t < tiles; ++t) {
    const LoadAccOp *load = insts[2 * t].getIf<LoadAccOp>();
    ASSERT_NE(load, nullptr) << "tile " << t;
    EXPECT_EQ(load->accAddr, (t % 2) * kHalf) << "tile " << t;
    EXPECT_EQ(insts[2 * t].deps.popNext, t >= 2) << "tile " << t;
    EXPECT_EQ(insts[2 * t].layer, 5);
  }
  expectSafeTokenProtocol(insts);

  // On the machine: every destination holds its source's bytes, every other
  // byte is untouched.
  sim::Machine machine(smallAccumulators(), kDramBytesForChains);
  for (int64_t address = 0; address < kDramBytesForChains; ++address)
    machine.dram[address] = uint8_t((address * 131 + 7) % 251);
  std::vector<uint8_t> expected = machine.dram;
  for (const CopyPart &part : parts) {
    int64_t bytes = part.shape.batch * part.shape.height * part.shape.width *
                    part.shape.channels * 4;
    std::copy_n(expected.begin() + part.source.base, bytes,
                expected.begin() + part.dest.base);
  }
  for (size_t i = 0; i < insts.size(); ++i) {
    llvm::Error error = machine.execute(insts[i]);
    ASSERT_FALSE(bool(error))
        << "instruction " << i << ": " << llvm::toString(std::move(error));
  }
  EXPECT_TRUE(machine.dram == expected);
}

TEST(CopyScheduleTest, AChainWithAnEmptyPartEmitsNothing) {
  std::vector<Instruction> insts;
  VectorSink sink(insts);
  std::vector<CopyPart> parts(2);
  parts[0].shape = {1, 2, 2, 2};
  parts[0].source = DramView::dense(0, 2, 2, 2, 4);
  parts[0].dest = DramView::dense(256, 2, 2, 2, 4);
  parts[1].shape = {1, 2, 0, 2};
  for (CopyPart &part : parts)
    part.sink = &sink;
  llvm::Error error = generateCopySchedules(parts, smallAccumulators(), 0);
  ASSERT_TRUE(bool(error));
  EXPECT_NE(llvm::toString(std::move(error)).find("empty dimension"),
            std::string::npos);
  EXPECT_TRUE(insts.empty());
}

TEST(CopyScheduleTest, RejectsAnEmptyPlane) {
  std::vector<Instruction> insts;
  VectorSink sink(insts);
  llvm::Error error = generateCopySchedule(
      {1, 0, 2, 2}, DramView{}, DramView{}, smallAccumulators(), 0, sink);
  ASSERT_TRUE(bool(error));
  EXPECT_NE(llvm::toString(std::move(error)).find("empty dimension"),
            std::string::npos);
  EXPECT_TRUE(insts.empty());
}

//===----------------------------------------------------------------------===//
// Functional: the copy on the simulator's machine
//===----------------------------------------------------------------------===//

constexpr int64_t kDramBytes = 1 << 16;
constexpr uint8_t kUntouched = 0xA5;

/// Every DRAM byte of `dram` equals `expected` (the first 8 differences
/// reported).
void expectDramEquals(const std::vector<uint8_t> &dram,
                      const std::vector<uint8_t> &expected) {
  int mismatches = 0;
  for (int64_t address = 0; address < kDramBytes; ++address)
    if (dram[address] != expected[address] && mismatches++ < 8)
      ADD_FAILURE() << "DRAM byte " << address << " is " << int(dram[address])
                    << ", expected " << int(expected[address]);
  EXPECT_EQ(mismatches, 0);
}

/// A distinct value for element number `index`: f32 index + 0.25, i8 a
/// pattern that reaches both -128 and 127.
void writeValue(std::vector<uint8_t> &dram, int64_t address, int64_t index,
                int64_t bytes) {
  if (bytes == 4) {
    float value = float(index) + 0.25f;
    std::memcpy(&dram[address], &value, 4);
  } else {
    dram[address] = uint8_t((index * 37 + 11) % 256);
  }
}

/// Source element (n, y, x, c) lives at `source` + its strides; the copy
/// must put it at `destination(n, y, x, c)` (or nowhere) and leave every
/// other byte alone. Runs `insts` on a machine whose DRAM holds the values
/// and compares the whole DRAM with the image built from the formula.
template <typename Destination>
void expectCopies(const std::vector<Instruction> &insts, const PlaneShape &s,
                  const DramView &source, Destination destination) {
  int64_t bytes = elementBytes(s.element);
  sim::Machine machine(smallAccumulators(), kDramBytes);
  std::fill(machine.dram.begin(), machine.dram.end(), kUntouched);
  int64_t index = 0;
  for (int64_t n = 0; n < s.batch; ++n)
    for (int64_t y = 0; y < s.height; ++y)
      for (int64_t x = 0; x < s.width; ++x)
        for (int64_t c = 0; c < s.channels; ++c, ++index)
          writeValue(machine.dram,
                     source.base + n * source.imageStride + y * source.rowStride +
                         x * source.pixelStride + c * bytes,
                     index, bytes);
  std::vector<uint8_t> expected = machine.dram;
  index = 0;
  int64_t written = 0;
  for (int64_t n = 0; n < s.batch; ++n)
    for (int64_t y = 0; y < s.height; ++y)
      for (int64_t x = 0; x < s.width; ++x)
        for (int64_t c = 0; c < s.channels; ++c, ++index)
          if (std::optional<int64_t> address = destination(n, y, x, c)) {
            writeValue(expected, *address, index, bytes);
            ++written;
          }
  ASSERT_GT(written, 0);
  for (size_t i = 0; i < insts.size(); ++i) {
    llvm::Error error = machine.execute(insts[i]);
    ASSERT_FALSE(bool(error)) << "instruction " << i << ": "
                              << llvm::toString(std::move(error));
  }
  expectDramEquals(machine.dram, expected);
}

/// Runs `body` on every tile form's shape, in f32 and in i8.
template <typename Body> void forEachFormAndElement(Body body) {
  for (const TileForm &form : kForms)
    for (ElementKind element : {ElementKind::F32, ElementKind::I8}) {
      SCOPED_TRACE(std::string(form.name) +
                   (element == ElementKind::F32 ? " f32" : " i8"));
      PlaneShape shape = form.shape;
      shape.element = element;
      body(shape);
    }
}

TEST(CopyScheduleTest, CopiesAChannelSliceIntoAZeroInsertScatter) {
  // Source: channels [1, 1 + C) of a C + 3 channel tensor at 512. Dest: the
  // scatter of a zero_insert with stride 2 x 3, padding top 1 / left 2, into
  // channels [1, 1 + C) of a C + 2 channel tensor at 32768.
  const int64_t strideH = 2, strideW = 3, padTop = 1, padLeft = 2;
  forEachFormAndElement([&](const PlaneShape &s) {
    int64_t bytes = elementBytes(s.element);
    int64_t srcC = s.channels + 3;
    DramView source = DramView::dense(512 + bytes, s.height, s.width, srcC,
                                      bytes);
    Shape4 dest{s.batch, (s.height - 1) * strideH + 1 + padTop + 1,
                (s.width - 1) * strideW + 1 + padLeft, s.channels + 2};
    const int64_t destBase = 32768;
    DramView destView{
        uint64_t(denseAddress(destBase, dest, 0, padTop, padLeft, 1, bytes)),
        dest[1] * dest[2] * dest[3] * bytes,
        strideH * dest[2] * dest[3] * bytes, strideW * dest[3] * bytes};
    expectCopies(copySchedule(s, source, destView), s, source,
                 [&](int64_t n, int64_t y, int64_t x, int64_t c) {
                   return std::optional<int64_t>(denseAddress(
                       destBase, dest, n, padTop + strideH * y,
                       padLeft + strideW * x, 1 + c, bytes));
                 });
  });
}

TEST(CopyScheduleTest, CopiesThroughAStoreRemapWithACrop) {
  // The zero_insert emission: the copy stores into a virtual dense tensor
  // that StoreRemapSink scatters with stride 2 x 2 and padding -1 (top) /
  // -2 (left), cropping the first row and column of the input.
  const int64_t stride = 2, padTop = -1, padLeft = -2;
  forEachFormAndElement([&](const PlaneShape &s) {
    int64_t bytes = elementBytes(s.element);
    Shape4 input{s.batch, s.height, s.width, s.channels};
    Shape4 result{s.batch, (s.height - 1) * stride + 1 + padTop,
                  (s.width - 1) * stride + 1 + padLeft, s.channels};
    const int64_t resultBase = 40000;
    Placement scattered = composeStrided(
        densePlacement(resultBase, result, bytes), padTop, padLeft, stride,
        stride, 0, 0, s.channels, s.height, s.width, bytes);
    std::vector<Instruction> insts;
    VectorSink sink(insts);
    StoreRemapSink remapSink(sink, input, bytes, scattered);
    DramView source = DramView::dense(256, s.height, s.width, s.channels,
                                      bytes);
    copySchedule(s, source, remapSink.virtualOutput(), &remapSink);
    expectCopies(insts, s, source,
                 [&](int64_t n, int64_t y, int64_t x,
                     int64_t c) -> std::optional<int64_t> {
                   int64_t ry = padTop + stride * y;
                   int64_t rx = padLeft + stride * x;
                   if (ry < 0 || ry >= result[1] || rx < 0 ||
                       rx >= result[2])
                     return std::nullopt;
                   return denseAddress(resultBase, result, n, ry, rx, c,
                                       bytes);
                 });
    expectSafeTokenProtocol(insts);
  });
}

/// Runs `insts` on `machine`; returns the bytes their STOREs wrote.
int64_t runCountingStores(sim::Machine &machine,
                          const std::vector<Instruction> &insts,
                          int64_t bytes) {
  int64_t stored = 0;
  for (size_t i = 0; i < insts.size(); ++i) {
    if (const auto *store = insts[i].getIf<StoreOp>())
      stored += store->planes * store->boxH * store->boxW * store->boxC * bytes;
    llvm::Error run = machine.execute(insts[i]);
    EXPECT_FALSE(bool(run))
        << "instruction " << i << ": " << llvm::toString(std::move(run));
  }
  return stored;
}

/// Runs generateZeroInsertSchedule (the input dense at 256, the result dense
/// at 30000) on the machine and compares every DRAM byte with the image the
/// geometry defines: the input where it lands, `fill` elsewhere in the
/// result, nothing outside it. Returns the bytes the STOREs wrote.
int64_t expectZeroInsert(const PlaneShape &in, const Shape4 &result,
                         const ZeroInsertGeometry &geometry) {
  int64_t bytes = elementBytes(in.element);
  const int64_t inputBase = 256, resultBase = 30000;
  PlaneShape out = in;
  out.height = result[1];
  out.width = result[2];
  std::vector<Instruction> insts;
  VectorSink sink(insts);
  llvm::Error error = generateZeroInsertSchedule(
      in, DramView::dense(inputBase, in.height, in.width, in.channels, bytes),
      out, densePlacement(resultBase, result, bytes), geometry,
      smallAccumulators(), 3, sink);
  EXPECT_FALSE(bool(error)) << llvm::toString(std::move(error));
  sim::Machine machine(smallAccumulators(), kDramBytes);
  std::fill(machine.dram.begin(), machine.dram.end(), kUntouched);
  Shape4 input{in.batch, in.height, in.width, in.channels};
  for (int64_t n = 0, index = 0; n < in.batch; ++n)
    for (int64_t y = 0; y < in.height; ++y)
      for (int64_t x = 0; x < in.width; ++x)
        for (int64_t c = 0; c < in.channels; ++c, ++index)
          writeValue(machine.dram,
                     denseAddress(inputBase, input, n, y, x, c, bytes), index,
                     bytes);
  std::vector<uint8_t> expected = machine.dram;
  for (int64_t n = 0; n < in.batch; ++n)
    for (int64_t y = 0; y < result[1]; ++y)
      for (int64_t x = 0; x < result[2]; ++x)
        for (int64_t c = 0; c < in.channels; ++c) {
          int64_t address = denseAddress(resultBase, result, n, y, x, c, bytes);
          int64_t iy = y - geometry.padTop, ix = x - geometry.padLeft;
          bool landed = iy >= 0 && ix >= 0 && iy % geometry.strideH == 0 &&
                        ix % geometry.strideW == 0 &&
                        iy / geometry.strideH < in.height &&
                        ix / geometry.strideW < in.width;
          if (landed) {
            int64_t index =
                ((n * in.height + iy / geometry.strideH) * in.width +
                 ix / geometry.strideW) *
                    in.channels +
                c;
            writeValue(expected, address, index, bytes);
          } else if (bytes == 4) {
            float zero = float(geometry.fill);
            std::memcpy(&expected[address], &zero, 4);
          } else {
            expected[address] = uint8_t(int8_t(geometry.fill));
          }
        }
  int64_t stored = runCountingStores(machine, insts, bytes);
  expectDramEquals(machine.dram, expected);
  return stored;
}

TEST(CopyScheduleTest, AStrideOneZeroInsertFillsOnlyThePadding) {
  // A padding copy (stride 1) writes every result byte once: the fill
  // covers only the boxes around the input (top, bottom, left, right; here
  // with padding 1 / 2 / 2 / 1, and with the left side cropped by -1), and
  // the copy the rest. With stride 2 the holes are filled too: the whole
  // result is filled, then the input scattered over it.
  forEachFormAndElement([&](const PlaneShape &s) {
    int64_t bytes = elementBytes(s.element);
    int64_t fill = s.element == ElementKind::I8 ? -7 : 0;
    int64_t resultBytes = 0;
    for (auto [top, bottom, left, right] :
         {std::array<int64_t, 4>{1, 2, 2, 1}, {0, 1, -1, 2}}) {
      SCOPED_TRACE("padding " + std::to_string(top) + " " +
                   std::to_string(bottom) + " " + std::to_string(left) + " " +
                   std::to_string(right));
      Shape4 result{s.batch, s.height + top + bottom, s.width + left + right,
                    s.channels};
      ZeroInsertGeometry geometry;
      geometry.padTop = top;
      geometry.padLeft = left;
      geometry.fill = int32_t(fill);
      resultBytes = result[0] * result[1] * result[2] * result[3] * bytes;
      EXPECT_EQ(expectZeroInsert(s, result, geometry), resultBytes);
    }
    ZeroInsertGeometry strided;
    strided.strideH = strided.strideW = 2;
    strided.padTop = strided.padLeft = 1;
    strided.fill = int32_t(fill);
    Shape4 result{s.batch, 2 * s.height + 1, 2 * s.width + 1, s.channels};
    resultBytes = result[0] * result[1] * result[2] * result[3] * bytes;
    int64_t inputBytes = s.batch * s.height * s.width * s.channels * bytes;
    EXPECT_EQ(expectZeroInsert(s, result, strided), resultBytes + inputBytes);
  });
}

TEST(CopyScheduleTest, APaddingCopyInPlaceFillsOnlyTheBorder) {
  // accel-plan-memory can place a padding copy's input inside its result
  // (the producer stores into the interior): then the schedule must fill
  // only the border, load nothing, and leave the interior as it is. An
  // input one pixel off that spot is still copied.
  forEachFormAndElement([&](const PlaneShape &s) {
    int64_t bytes = elementBytes(s.element);
    const int64_t top = 1, bottom = 2, left = 2, right = 1;
    const int64_t resultBase = 30000;
    Shape4 result{s.batch, s.height + top + bottom, s.width + left + right,
                  s.channels};
    PlaneShape out = s;
    out.height = result[1];
    out.width = result[2];
    ZeroInsertGeometry geometry;
    geometry.padTop = top;
    geometry.padLeft = left;
    geometry.fill = s.element == ElementKind::I8 ? -7 : 0;
    DramView interior{
        uint64_t(denseAddress(resultBase, result, 0, top, left, 0, bytes)),
        result[1] * result[2] * result[3] * bytes,
        result[2] * result[3] * bytes, result[3] * bytes};
    auto schedule = [&](const DramView &inputView) {
      std::vector<Instruction> insts;
      VectorSink sink(insts);
      llvm::Error error = generateZeroInsertSchedule(
          s, inputView, out, densePlacement(resultBase, result, bytes),
          geometry, smallAccumulators(), 3, sink);
      EXPECT_FALSE(bool(error)) << llvm::toString(std::move(error));
      return insts;
    };
    auto loads = [](const std::vector<Instruction> &insts) {
      return llvm::count_if(insts, [](const Instruction &inst) {
        return inst.opcode() == Opcode::LoadAcc;
      });
    };
    std::vector<Instruction> inPlace = schedule(interior);
    EXPECT_EQ(loads(inPlace), 0);

    sim::Machine machine(smallAccumulators(), kDramBytes);
    std::fill(machine.dram.begin(), machine.dram.end(), kUntouched);
    for (int64_t n = 0, index = 0; n < s.batch; ++n)
      for (int64_t y = 0; y < s.height; ++y)
        for (int64_t x = 0; x < s.width; ++x)
          for (int64_t c = 0; c < s.channels; ++c, ++index)
            writeValue(machine.dram,
                       denseAddress(resultBase, result, n, top + y, left + x, c,
                                    bytes),
                       index, bytes);
    std::vector<uint8_t> expected = machine.dram;
    int64_t border = 0;
    for (int64_t n = 0; n < s.batch; ++n)
      for (int64_t y = 0; y < result[1]; ++y)
        for (int64_t x = 0; x < result[2]; ++x)
          for (int64_t c = 0; c < s.channels; ++c) {
            if (y >= top && y < top + s.height && x >= left &&
                x < left + s.width)
              continue;
            int64_t address =
                denseAddress(resultBase, result, n, y, x, c, bytes);
            ++border;
            if (bytes == 4) {
              float fill = float(geometry.fill);
              std::memcpy(&expected[address], &fill, 4);
            } else {
              expected[address] = uint8_t(int8_t(geometry.fill));
            }
          }
    int64_t stored = runCountingStores(machine, inPlace, bytes);
    expectDramEquals(machine.dram, expected);
    EXPECT_EQ(stored, border * bytes);

    DramView offByOne = interior;
    offByOne.base += uint64_t(result[3] * bytes);
    EXPECT_GT(loads(schedule(offByOne)), 0);
  });
}

} // namespace
