//===- StoreRemapTest.cpp - STOREs rewritten through a placement ----------===//
//
// schedule::StoreRemapSink: every accumulator entry a STORE box of the
// virtual dense output writes must land where the placement (read by
// PlacementOracle.h, or by the op's own index formula) puts that element,
// or nowhere when it is cropped; the dependency tokens of a split STORE
// move to its first (pops) and last (pushes) part; a fully cropped box
// still moves its tokens; every other instruction passes unchanged.
//
//===----------------------------------------------------------------------===//

#include "PlacementOracle.h"

#include "accel/Schedule/Placement.h"

#include "gtest/gtest.h"

#include <map>
#include <optional>
#include <vector>

using namespace accel;
using namespace accel::isa;
using namespace accel::schedule;
using namespace accel::schedule::testing;

namespace {

DType dtypeOfBytes(int64_t bytes) { return bytes == 1 ? DType::I8 : DType::F32; }

/// A STORE of box [y0, y0+h) x [x0, x0+w) x [c0, c0+c) of image `image` of
/// the virtual dense output `shape`, from a dense [h][w][c] accumulator
/// tile at `accAddr` (what the schedule builders emit).
Instruction virtualStore(const Shape4 &shape, int64_t bytes, int64_t image,
                         int64_t y0, int64_t x0, int64_t c0, int64_t h,
                         int64_t w, int64_t c, int64_t accAddr,
                         DepFlags deps = {}, uint16_t layer = 7) {
  StoreOp store;
  store.accAddr = accAddr;
  store.boxH = h;
  store.boxW = w;
  store.boxC = c;
  store.accRowPitch = w * c;
  store.accPixelPitch = c;
  store.dramAddr = denseAddress(0, shape, image, y0, x0, c0, bytes);
  store.rowStride = shape[2] * shape[3] * bytes;
  store.pixelStride = shape[3] * bytes;
  store.dtype = int64_t(dtypeOfBytes(bytes));
  return Instruction(store, deps, layer);
}

/// Accumulator entry -> DRAM address of every element the STOREs in
/// `insts` write (read from the StoreOp fields). Fails on an entry stored
/// twice or two entries stored to one address.
std::map<int64_t, int64_t> storedElements(const std::vector<Instruction> &insts,
                                          int64_t bytes) {
  std::map<int64_t, int64_t> stored;
  std::map<int64_t, int64_t> byAddress;
  for (const Instruction &inst : insts) {
    const StoreOp *store = inst.getIf<StoreOp>();
    if (!store)
      continue;
    for (int64_t plane = 0; plane < store->planes; ++plane)
      for (int64_t y = 0; y < store->boxH; ++y)
        for (int64_t x = 0; x < store->boxW; ++x)
          for (int64_t c = 0; c < store->boxC; ++c) {
            int64_t entry = store->accAddr + plane * store->accPlanePitch +
                            y * store->accRowPitch + x * store->accPixelPitch +
                            c;
            int64_t address = store->dramAddr + plane * store->planeStride +
                              y * store->rowStride + x * store->pixelStride +
                              c * bytes;
            EXPECT_TRUE(stored.emplace(entry, address).second)
                << "entry " << entry << " stored twice";
            EXPECT_TRUE(byAddress.emplace(address, entry).second)
                << "address " << address << " stored twice";
          }
  }
  return stored;
}

/// The entries `box` (a virtual STORE) should write and where, given
/// where element (n, y, x, c) of the virtual output belongs.
template <typename Where>
std::map<int64_t, int64_t> expectedElements(const Instruction &box,
                                            const Shape4 &shape, int64_t bytes,
                                            Where where) {
  const StoreOp &store = *box.getIf<StoreOp>();
  int64_t image = store.dramAddr / (shape[1] * shape[2] * shape[3] * bytes);
  int64_t rest = store.dramAddr / bytes % (shape[1] * shape[2] * shape[3]);
  int64_t y0 = rest / (shape[2] * shape[3]);
  int64_t x0 = rest / shape[3] % shape[2];
  int64_t c0 = rest % shape[3];
  std::map<int64_t, int64_t> expected;
  for (int64_t y = 0; y < store.boxH; ++y)
    for (int64_t x = 0; x < store.boxW; ++x)
      for (int64_t c = 0; c < store.boxC; ++c)
        if (std::optional<int64_t> address =
                where(image, y0 + y, x0 + x, c0 + c))
          expected[store.accAddr + y * store.accRowPitch +
                   x * store.accPixelPitch + c] = *address;
  return expected;
}

std::vector<Instruction> remap(const Shape4 &shape, int64_t bytes,
                               const Placement &placement,
                               const std::vector<Instruction> &input) {
  std::vector<Instruction> out;
  VectorSink sink(out);
  StoreRemapSink remapSink(sink, shape, bytes, placement);
  for (const Instruction &inst : input) {
    llvm::Error error = remapSink.emit(inst);
    EXPECT_FALSE(bool(error)) << llvm::toString(std::move(error));
  }
  return out;
}

DepFlags allTokens() {
  DepFlags deps;
  deps.popPrev = deps.popNext = deps.pushPrev = deps.pushNext = true;
  return deps;
}

/// Two pieces written by hand (not by composeStrided): channels [0, 2) at
/// 1000 with rows [1, 3) kept and a doubled row stride; channels [2, 5) at
/// a negative affine origin whose column 0 is cropped.
Placement handWrittenPlacement() {
  PlacementPiece low;
  low.channelBegin = 0;
  low.channelEnd = 2;
  low.base = 1000;
  low.imageStride = 4096;
  low.rowStride = 512;
  low.pixelStride = 16;
  low.rowBegin = 1;
  low.rowEnd = 3;
  low.colBegin = 0;
  low.colEnd = 4;
  PlacementPiece high;
  high.channelBegin = 2;
  high.channelEnd = 5;
  high.base = -24;
  high.imageStride = 8192;
  high.rowStride = 256;
  high.pixelStride = 24;
  high.rowBegin = 0;
  high.rowEnd = 4;
  high.colBegin = 1;
  high.colEnd = 4;
  return {low, high};
}

TEST(StoreRemapTest, BoxesLandWhereTheHandWrittenPiecesSay) {
  const int64_t bytes = 4;
  Shape4 shape{2, 4, 4, 5};
  Placement placement = handWrittenPlacement();
  std::vector<Instruction> boxes;
  int64_t acc = 0;
  // Image 0 in 2 x 2 x 3 boxes (channels 0-2 and 3-4 straddle the piece
  // boundary at 2), image 1 in 1 x 3 x 5 and 1 x 1 x 5 row strips.
  for (int64_t y = 0; y < 4; y += 2)
    for (int64_t x = 0; x < 4; x += 2)
      for (int64_t c = 0; c < 5; c += 3) {
        int64_t depth = std::min<int64_t>(3, 5 - c);
        boxes.push_back(virtualStore(shape, bytes, 0, y, x, c, 2, 2, depth, acc));
        acc += 2 * 2 * depth;
      }
  for (int64_t y = 0; y < 4; ++y) {
    boxes.push_back(virtualStore(shape, bytes, 1, y, 0, 0, 1, 3, 5, acc));
    acc += 15;
    boxes.push_back(virtualStore(shape, bytes, 1, y, 3, 0, 1, 1, 5, acc));
    acc += 5;
  }
  std::vector<Instruction> out = remap(shape, bytes, placement, boxes);
  std::map<int64_t, int64_t> expected;
  for (const Instruction &box : boxes) {
    std::map<int64_t, int64_t> part = expectedElements(
        box, shape, bytes, [&](int64_t n, int64_t y, int64_t x, int64_t c) {
          return placedAddress(placement, n, y, x, c, bytes);
        });
    expected.insert(part.begin(), part.end());
  }
  EXPECT_EQ(storedElements(out, bytes), expected);
  for (const Instruction &inst : out) {
    ASSERT_EQ(inst.opcode(), Opcode::Store);
    EXPECT_EQ(inst.layer, 7);
    EXPECT_EQ(inst.getIf<StoreOp>()->dtype, int64_t(DType::F32));
  }
}

TEST(StoreRemapTest, StackedDepthToSpaceStoresLandInTheCroppedResult) {
  // The virtual output is a stacked depth_to_space operand (4 groups of 3
  // channels on a 3 x 4 grid, block 2, origins -1 / 0); its placement is
  // the one composeStrided builds, the expectation the op's definition.
  const int64_t block = 2, channels = 3, gridH = 3, gridW = 4;
  const std::vector<int64_t> originsH{-1, 0}, originsW{0, -1};
  for (int64_t bytes : {1, 4}) {
    Shape4 shape{2, gridH, gridW, block * block * channels};
    Shape4 result{2, block * gridH - 2, block * gridW - 1, channels};
    Placement placement;
    for (int64_t p = 0; p < block * block; ++p) {
      Placement group = composeStrided(
          densePlacement(64, result, bytes), originsH[p / block],
          originsW[p % block], block, block, p * channels, 0, channels, gridH,
          gridW, bytes);
      placement.insert(placement.end(), group.begin(), group.end());
    }
    auto where = [&](int64_t n, int64_t i, int64_t j,
                     int64_t ch) -> std::optional<int64_t> {
      int64_t p = ch / channels;
      int64_t y = originsH[p / block] + block * i;
      int64_t x = originsW[p % block] + block * j;
      if (y < 0 || y >= result[1] || x < 0 || x >= result[2])
        return std::nullopt;
      return denseAddress(64, result, n, y, x, ch % channels, bytes);
    };
    // Boxes of 2 rows x 3 columns x 5 channels (crossing the groups).
    std::vector<Instruction> boxes;
    int64_t acc = 0;
    for (int64_t n = 0; n < shape[0]; ++n)
      for (int64_t y = 0; y < gridH; y += 2)
        for (int64_t x = 0; x < gridW; x += 3)
          for (int64_t c = 0; c < shape[3]; c += 5) {
            int64_t h = std::min<int64_t>(2, gridH - y);
            int64_t w = std::min<int64_t>(3, gridW - x);
            int64_t d = std::min<int64_t>(5, shape[3] - c);
            boxes.push_back(virtualStore(shape, bytes, n, y, x, c, h, w, d, acc,
                                         allTokens()));
            acc += h * w * d;
          }
    std::vector<Instruction> out = remap(shape, bytes, placement, boxes);
    std::map<int64_t, int64_t> expected;
    for (const Instruction &box : boxes) {
      std::map<int64_t, int64_t> part =
          expectedElements(box, shape, bytes, where);
      expected.insert(part.begin(), part.end());
    }
    std::map<int64_t, int64_t> stored = storedElements(out, bytes);
    EXPECT_EQ(stored, expected);
    // Every result element is written (the crop only drops the border).
    EXPECT_EQ(int64_t(stored.size()),
              result[0] * result[1] * result[2] * result[3]);
  }
}

TEST(StoreRemapTest, ASplitStorePopsOnItsFirstPartAndPushesOnItsLast) {
  const int64_t bytes = 4;
  Shape4 shape{1, 4, 4, 5};
  Placement placement = handWrittenPlacement();
  // Rows 1-2, columns 0-3, all channels: the low piece keeps it whole, the
  // high piece drops column 0, so two parts.
  DepFlags mixed;
  mixed.popPrev = mixed.pushPrev = true;
  for (DepFlags deps : {allTokens(), mixed}) {
    std::vector<Instruction> out = remap(
        shape, bytes, placement,
        {virtualStore(shape, bytes, 0, 1, 0, 0, 2, 4, 5, 0, deps)});
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].deps.popPrev, deps.popPrev);
    EXPECT_EQ(out[0].deps.popNext, deps.popNext);
    EXPECT_FALSE(out[0].deps.pushPrev || out[0].deps.pushNext);
    EXPECT_FALSE(out[1].deps.popPrev || out[1].deps.popNext);
    EXPECT_EQ(out[1].deps.pushPrev, deps.pushPrev);
    EXPECT_EQ(out[1].deps.pushNext, deps.pushNext);
  }
  // Three parts: a box over three channel groups.
  Shape4 three{1, 2, 2, 6};
  Placement groups;
  for (int64_t p = 0; p < 3; ++p) {
    PlacementPiece piece;
    piece.channelBegin = 2 * p;
    piece.channelEnd = 2 * p + 2;
    piece.base = 4096 * (p + 1);
    piece.imageStride = 1024;
    piece.rowStride = 64;
    piece.pixelStride = 8;
    piece.rowEnd = piece.colEnd = 2;
    groups.push_back(piece);
  }
  std::vector<Instruction> out =
      remap(three, bytes, groups,
            {virtualStore(three, bytes, 0, 0, 0, 0, 2, 2, 6, 0, allTokens())});
  ASSERT_EQ(out.size(), 3u);
  DepFlags first, last;
  first.popPrev = first.popNext = true;
  last.pushPrev = last.pushNext = true;
  EXPECT_EQ(out[0].deps, first);
  EXPECT_EQ(out[1].deps, DepFlags{});
  EXPECT_EQ(out[2].deps, last);
  // A box inside one piece: one part with every token.
  out = remap(three, bytes, groups,
              {virtualStore(three, bytes, 0, 0, 1, 2, 2, 1, 2, 0, allTokens())});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].deps, allTokens());
}

TEST(StoreRemapTest, AFullyCroppedBoxBecomesOneEmptyStoreWithItsTokens) {
  const int64_t bytes = 4;
  Shape4 shape{1, 4, 4, 5};
  Placement placement = handWrittenPlacement();
  // Row 0 of channels 0-1 is cropped (the low piece keeps rows 1-2), and so
  // is column 0 of channels 2-4.
  for (const Instruction &box :
       {virtualStore(shape, bytes, 0, 0, 0, 0, 1, 4, 2, 8, allTokens()),
        virtualStore(shape, bytes, 0, 0, 0, 2, 4, 1, 3, 8, allTokens()),
        virtualStore(shape, bytes, 0, 3, 0, 0, 1, 1, 5, 8, allTokens())}) {
    std::vector<Instruction> out = remap(shape, bytes, placement, {box});
    ASSERT_EQ(out.size(), 1u);
    ASSERT_EQ(out[0].opcode(), Opcode::Store);
    EXPECT_EQ(out[0].deps, allTokens());
    EXPECT_EQ(out[0].layer, box.layer);
    EXPECT_TRUE(storedElements(out, bytes).empty());
  }
}

TEST(StoreRemapTest, OtherInstructionsPassUnchanged) {
  Shape4 shape{1, 2, 2, 3};
  DepFlags deps;
  deps.popNext = deps.pushPrev = true;
  LoadAccOp load;
  load.dramAddr = 123;
  load.boxH = load.boxW = 2;
  load.boxC = 3;
  load.rowStride = 99;
  load.pixelStride = 7;
  ConvOp conv;
  conv.inH = conv.inW = 3;
  conv.outK = 2;
  PostOp post;
  post.shift = 5;
  std::vector<Instruction> input = {
      Instruction(load, deps, 3), Instruction(conv, deps, 4),
      Instruction(post, DepFlags{}, 5), Instruction(LoadInputOp{}, deps, 6),
      Instruction(BarrierOp{}, DepFlags{}, 9)};
  // A placement that would move every STORE elsewhere.
  EXPECT_EQ(remap(shape, 4, densePlacement(1 << 20, shape, 4), input), input);
}

TEST(StoreRemapTest, RejectsStoresOutsideTheVirtualOutputAndNegativeTargets) {
  const int64_t bytes = 4;
  Shape4 shape{1, 4, 4, 5};
  std::vector<Instruction> out;
  VectorSink sink(out);
  StoreRemapSink remapSink(sink, shape, bytes, densePlacement(0, shape, bytes));
  Instruction strided = virtualStore(shape, bytes, 0, 0, 0, 0, 1, 1, 1, 0);
  strided.getIf<StoreOp>()->rowStride *= 2;
  llvm::Error error = remapSink.emit(strided);
  ASSERT_TRUE(bool(error));
  EXPECT_NE(llvm::toString(std::move(error)).find("dense virtual output"),
            std::string::npos);
  // A piece whose kept elements start below address 0 breaks the
  // placement's invariant: an error, not a wrapped address.
  Placement broken = handWrittenPlacement();
  broken[1].colBegin = 0;
  StoreRemapSink brokenSink(sink, shape, bytes, broken);
  error = brokenSink.emit(virtualStore(shape, bytes, 0, 0, 0, 2, 1, 1, 1, 0));
  ASSERT_TRUE(bool(error));
  EXPECT_NE(llvm::toString(std::move(error)).find("below address 0"),
            std::string::npos);
}

} // namespace
