//===- PlacementTest.cpp - Composition of strided placements --------------===//
//
// densePlacement, composeStrided, asView and isDense against index
// arithmetic written here: for every element of every operand, the address
// the placement gives it (PlacementOracle.h reads the pieces as Placement.h
// documents them) must be the dense address of the result position the op's
// own definition sends it to (depth_to_space, stacked depth_to_space with a
// crop, concat, zero_insert, and chains of them), or nothing when that
// position is outside the result.
//
//===----------------------------------------------------------------------===//

#include "PlacementOracle.h"

#include "accel/Schedule/Placement.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <vector>

using namespace accel;
using namespace accel::schedule;
using namespace accel::schedule::testing;

namespace {

/// Where the op's definition sends operand element (n, y, x, c): an address,
/// or std::nullopt when it is dropped.
using ElementMap = std::function<std::optional<int64_t>(int64_t, int64_t,
                                                        int64_t, int64_t)>;

/// Checks `placement` of an operand of `shape` against `expected` on every
/// element and returns the addresses of the elements it keeps. Also checks
/// the documented structure: pieces in channel order, disjoint.
std::vector<int64_t> expectPlacement(const Placement &placement,
                                     const Shape4 &shape, int64_t bytes,
                                     const ElementMap &expected) {
  for (size_t i = 1; i < placement.size(); ++i)
    EXPECT_LE(placement[i - 1].channelEnd, placement[i].channelBegin)
        << "pieces " << i - 1 << " and " << i << " are not in channel order";
  std::vector<int64_t> kept;
  int mismatches = 0;
  for (int64_t n = 0; n < shape[0]; ++n)
    for (int64_t y = 0; y < shape[1]; ++y)
      for (int64_t x = 0; x < shape[2]; ++x)
        for (int64_t c = 0; c < shape[3]; ++c) {
          std::optional<int64_t> got = placedAddress(placement, n, y, x, c,
                                                     bytes);
          std::optional<int64_t> want = expected(n, y, x, c);
          if (got != want && mismatches++ < 8)
            ADD_FAILURE() << "element (" << n << ", " << y << ", " << x
                          << ", " << c << "): placed at "
                          << (got ? std::to_string(*got) : "<dropped>")
                          << ", expected "
                          << (want ? std::to_string(*want) : "<dropped>");
          if (got)
            kept.push_back(*got);
        }
  EXPECT_EQ(mismatches, 0);
  return kept;
}

/// Every element address of a dense tensor, sorted.
std::vector<int64_t> allAddresses(int64_t base, const Shape4 &shape,
                                  int64_t bytes) {
  std::vector<int64_t> addresses;
  for (int64_t n = 0; n < shape[0]; ++n)
    for (int64_t y = 0; y < shape[1]; ++y)
      for (int64_t x = 0; x < shape[2]; ++x)
        for (int64_t c = 0; c < shape[3]; ++c)
          addresses.push_back(denseAddress(base, shape, n, y, x, c, bytes));
  std::sort(addresses.begin(), addresses.end());
  return addresses;
}

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

bool inside(int64_t y, int64_t x, const Shape4 &shape) {
  return y >= 0 && y < shape[1] && x >= 0 && x < shape[2];
}

TEST(PlacementTest, DenseIsRowMajorAndReadsBackAsItsView) {
  for (int64_t bytes : {1, 4}) {
    Shape4 shape{2, 3, 4, 5};
    Placement dense = densePlacement(96, shape, bytes);
    expectPlacement(dense, shape, bytes,
                    [&](int64_t n, int64_t y, int64_t x, int64_t c) {
                      return denseAddress(96, shape, n, y, x, c, bytes);
                    });
    std::optional<DramView> view = asView(dense, shape);
    ASSERT_TRUE(view.has_value());
    EXPECT_EQ(view->base, 96u);
    EXPECT_EQ(view->imageStride, 3 * 4 * 5 * bytes);
    EXPECT_EQ(view->rowStride, 4 * 5 * bytes);
    EXPECT_EQ(view->pixelStride, 5 * bytes);
    EXPECT_TRUE(isDense(dense, shape, bytes));
    // Another shape's placement is not this one.
    EXPECT_FALSE(isDense(dense, Shape4{2, 3, 4, 6}, bytes));
    EXPECT_FALSE(asView(dense, Shape4{2, 3, 5, 5}).has_value());
  }
}

TEST(PlacementTest, DepthToSpacePhasesInterleaveIntoTheResult) {
  // result[n, oh[rh] + bh*i, ow[rw] + bw*j, c] = phase_{rh,rw}[n, i, j, c].
  struct Case {
    int64_t blockH, blockW;
    std::vector<int64_t> originsH, originsW;
  };
  for (const Case &d2s : {Case{2, 2, {0, 1}, {0, 1}},
                          Case{3, 2, {1, 0, 2}, {1, 0}},
                          Case{1, 3, {0}, {2, 0, 1}}})
    for (int64_t bytes : {1, 4}) {
      Shape4 result{2, 7, 5, 3};
      int64_t base = 40;
      Placement resultPlacement = densePlacement(base, result, bytes);
      std::vector<int64_t> covered;
      for (int64_t rh = 0; rh < d2s.blockH; ++rh)
        for (int64_t rw = 0; rw < d2s.blockW; ++rw) {
          int64_t oh = d2s.originsH[rh], ow = d2s.originsW[rw];
          // The phase owns exactly the positions it reaches.
          Shape4 phase{result[0], ceilDiv(result[1] - oh, d2s.blockH),
                       ceilDiv(result[2] - ow, d2s.blockW), result[3]};
          Placement placement = composeStrided(
              resultPlacement, oh, ow, d2s.blockH, d2s.blockW, 0, 0,
              result[3], phase[1], phase[2], bytes);
          std::vector<int64_t> kept = expectPlacement(
              placement, phase, bytes,
              [&](int64_t n, int64_t i, int64_t j, int64_t c) {
                return denseAddress(base, result, n, oh + d2s.blockH * i,
                                    ow + d2s.blockW * j, c, bytes);
              });
          covered.insert(covered.end(), kept.begin(), kept.end());
          // One uncropped piece: a view LOADs and STOREs can use, with
          // step = block.
          std::optional<DramView> view = asView(placement, phase);
          ASSERT_TRUE(view.has_value());
          EXPECT_EQ(view->base,
                    uint64_t(denseAddress(base, result, 0, oh, ow, 0, bytes)));
          EXPECT_EQ(view->rowStride, d2s.blockH * result[2] * result[3] * bytes);
          EXPECT_EQ(view->pixelStride, d2s.blockW * result[3] * bytes);
          EXPECT_EQ(isDense(placement, phase, bytes),
                    d2s.blockH == 1 && d2s.blockW == 1);
        }
      // The phases together write every result element exactly once.
      std::sort(covered.begin(), covered.end());
      EXPECT_EQ(covered, allAddresses(base, result, bytes));
    }
}

/// The placement of a stacked depth_to_space's single operand: one
/// composition per channel group, as the backend builds it.
Placement stackedOperand(const Placement &result, int64_t blockH,
                         int64_t blockW, const std::vector<int64_t> &originsH,
                         const std::vector<int64_t> &originsW,
                         int64_t channels, int64_t gridH, int64_t gridW,
                         int64_t bytes) {
  Placement pieces;
  for (int64_t p = 0; p < blockH * blockW; ++p) {
    Placement group = composeStrided(result, originsH[p / blockW],
                                     originsW[p % blockW], blockH, blockW,
                                     p * channels, 0, channels, gridH, gridW,
                                     bytes);
    pieces.insert(pieces.end(), group.begin(), group.end());
  }
  return pieces;
}

TEST(PlacementTest, StackedDepthToSpaceGroupsAreCroppedPieces) {
  // Channel group p = rh*bw + rw of a (gridH x gridW x bh*bw*C) operand is
  // phase p; origins r - crop are negative for the cropped border.
  const int64_t block = 2, channels = 3, gridH = 4, gridW = 5;
  const std::vector<int64_t> originsH{-1, 0}, originsW{-1, 0};
  for (int64_t bytes : {1, 4}) {
    // A crop of one position on every side: 2*4 - 2 by 2*5 - 2.
    Shape4 result{2, block * gridH - 2, block * gridW - 2, channels};
    Shape4 operand{2, gridH, gridW, block * block * channels};
    Placement placement =
        stackedOperand(densePlacement(0, result, bytes), block, block,
                       originsH, originsW, channels, gridH, gridW, bytes);
    std::vector<int64_t> kept = expectPlacement(
        placement, operand, bytes,
        [&](int64_t n, int64_t i, int64_t j,
            int64_t ch) -> std::optional<int64_t> {
          int64_t p = ch / channels, c = ch % channels;
          int64_t y = originsH[p / block] + block * i;
          int64_t x = originsW[p % block] + block * j;
          if (!inside(y, x, result))
            return std::nullopt;
          return denseAddress(0, result, n, y, x, c, bytes);
        });
    std::sort(kept.begin(), kept.end());
    EXPECT_EQ(kept, allAddresses(0, result, bytes));
    // The group at origin (-1, -1) has its affine origin before the result.
    EXPECT_TRUE(std::any_of(placement.begin(), placement.end(),
                            [](const PlacementPiece &piece) {
                              return piece.base < 0;
                            }));
    // Cropped and scattered: no view a LOAD could read.
    EXPECT_FALSE(asView(placement, operand).has_value());
    EXPECT_FALSE(isDense(placement, operand, bytes));
  }
}

TEST(PlacementTest, ConcatInputsSitAtTheirChannelOffsets) {
  const std::vector<int64_t> inputChannels{3, 5, 2};
  for (int64_t bytes : {1, 4}) {
    Shape4 result{2, 3, 4, 10};
    Placement resultPlacement = densePlacement(64, result, bytes);
    int64_t offset = 0;
    for (int64_t channels : inputChannels) {
      Shape4 input{2, 3, 4, channels};
      Placement placement =
          composeStrided(resultPlacement, 0, 0, 1, 1, 0, offset, channels,
                         input[1], input[2], bytes);
      expectPlacement(placement, input, bytes,
                      [&](int64_t n, int64_t y, int64_t x, int64_t c) {
                        return denseAddress(64, result, n, y, x, offset + c,
                                            bytes);
                      });
      std::optional<DramView> view = asView(placement, input);
      ASSERT_TRUE(view.has_value());
      EXPECT_EQ(view->base, uint64_t(64 + offset * bytes));
      EXPECT_EQ(view->pixelStride, 10 * bytes);
      EXPECT_FALSE(isDense(placement, input, bytes));
      offset += channels;
    }
    // A concat of one input is the result itself.
    Placement whole = composeStrided(resultPlacement, 0, 0, 1, 1, 0, 0, 10,
                                     result[1], result[2], bytes);
    EXPECT_TRUE(isDense(whole, result, bytes));
    EXPECT_EQ(whole, resultPlacement);
  }
}

TEST(PlacementTest, ZeroInsertScattersTheInputAndCropsNegativePadding) {
  // Input (i, j) goes to (padTop + strideH*i, padLeft + strideW*j) of the
  // (I-1)*S + 1 + pads result.
  struct Case {
    int64_t strideH, strideW, padTop, padBottom, padLeft, padRight;
  };
  Shape4 input{2, 3, 4, 2};
  for (const Case &zi : {Case{2, 3, 1, 1, 2, 0}, Case{2, 2, 0, 0, 0, 0},
                         Case{3, 2, -1, 0, -2, 1}, Case{1, 1, -1, -1, 0, 0}})
    for (int64_t bytes : {1, 4}) {
      Shape4 result{input[0],
                    (input[1] - 1) * zi.strideH + 1 + zi.padTop + zi.padBottom,
                    (input[2] - 1) * zi.strideW + 1 + zi.padLeft + zi.padRight,
                    input[3]};
      Placement placement = composeStrided(
          densePlacement(8, result, bytes), zi.padTop, zi.padLeft, zi.strideH,
          zi.strideW, 0, 0, input[3], input[1], input[2], bytes);
      std::vector<int64_t> kept = expectPlacement(
          placement, input, bytes,
          [&](int64_t n, int64_t i, int64_t j,
              int64_t c) -> std::optional<int64_t> {
            int64_t y = zi.padTop + zi.strideH * i;
            int64_t x = zi.padLeft + zi.strideW * j;
            if (!inside(y, x, result))
              return std::nullopt;
            return denseAddress(8, result, n, y, x, c, bytes);
          });
      // Only crops drop anything.
      bool crops = zi.padTop < 0 || zi.padBottom < 0 || zi.padLeft < 0 ||
                   zi.padRight < 0;
      EXPECT_EQ(int64_t(kept.size()) < input[0] * input[1] * input[2] * input[3],
                crops);
    }
}

TEST(PlacementTest, APhaseOfADepthToSpaceThatIsAConcatInputComposes) {
  // concat(a: 2 channels, d2s: 3 channels) -> 7 x 6 x 5; the d2s (block
  // 2 x 3) places its phases through its own placement as a concat input.
  const int64_t offset = 2, channels = 3, blockH = 2, blockW = 3;
  const std::vector<int64_t> originsH{0, 1}, originsW{2, 0, 1};
  for (int64_t bytes : {1, 4}) {
    Shape4 concat{1, 7, 6, offset + channels};
    Placement d2sResult =
        composeStrided(densePlacement(128, concat, bytes), 0, 0, 1, 1, 0,
                       offset, channels, concat[1], concat[2], bytes);
    std::vector<int64_t> covered;
    for (int64_t rh = 0; rh < blockH; ++rh)
      for (int64_t rw = 0; rw < blockW; ++rw) {
        int64_t oh = originsH[rh], ow = originsW[rw];
        Shape4 phase{1, ceilDiv(concat[1] - oh, blockH),
                     ceilDiv(concat[2] - ow, blockW), channels};
        Placement placement =
            composeStrided(d2sResult, oh, ow, blockH, blockW, 0, 0, channels,
                           phase[1], phase[2], bytes);
        std::vector<int64_t> kept = expectPlacement(
            placement, phase, bytes,
            [&](int64_t n, int64_t i, int64_t j, int64_t c) {
              return denseAddress(128, concat, n, oh + blockH * i,
                                  ow + blockW * j, offset + c, bytes);
            });
        covered.insert(covered.end(), kept.begin(), kept.end());
      }
    // Together the phases fill exactly the d2s channels of the concat.
    std::vector<int64_t> expected;
    for (int64_t y = 0; y < concat[1]; ++y)
      for (int64_t x = 0; x < concat[2]; ++x)
        for (int64_t c = 0; c < channels; ++c)
          expected.push_back(
              denseAddress(128, concat, 0, y, x, offset + c, bytes));
    std::sort(covered.begin(), covered.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(covered, expected);
  }
}

TEST(PlacementTest, AConcatInputOfAStackedDepthToSpaceSplitsOverItsGroups) {
  // The stacked operand (4 groups of 3 channels, cropped) is the concat of a
  // 5-channel and a 7-channel value: the second starts inside group 1 and
  // spans groups 1-3, each of them cropped differently.
  const int64_t block = 2, channels = 3, gridH = 3, gridW = 4;
  const std::vector<int64_t> originsH{-1, 0}, originsW{0, -1};
  for (int64_t bytes : {1, 4}) {
    Shape4 result{1, block * gridH - 1, block * gridW - 1, channels};
    Placement operand =
        stackedOperand(densePlacement(16, result, bytes), block, block,
                       originsH, originsW, channels, gridH, gridW, bytes);
    int64_t offset = 0;
    for (int64_t width : {5, 7}) {
      Shape4 input{1, gridH, gridW, width};
      Placement placement = composeStrided(operand, 0, 0, 1, 1, 0, offset,
                                           width, gridH, gridW, bytes);
      expectPlacement(placement, input, bytes,
                      [&](int64_t n, int64_t i, int64_t j,
                          int64_t c) -> std::optional<int64_t> {
                        int64_t ch = offset + c;
                        int64_t p = ch / channels;
                        int64_t y = originsH[p / block] + block * i;
                        int64_t x = originsW[p % block] + block * j;
                        if (!inside(y, x, result))
                          return std::nullopt;
                        return denseAddress(16, result, n, y, x,
                                            ch % channels, bytes);
                      });
      offset += width;
    }
  }
}

/// The address of operand element (n, y, x, c) of a row-major reshape from
/// `operand` to `result`, where the result is channels [offset, offset +
/// result[3]) of a dense `whole` at `base`: the element's linear index,
/// unravelled in the result's shape.
int64_t reshapedAddress(int64_t base, const Shape4 &whole, int64_t offset,
                        const Shape4 &operand, const Shape4 &result, int64_t n,
                        int64_t y, int64_t x, int64_t c, int64_t bytes) {
  int64_t linear = ((n * operand[1] + y) * operand[2] + x) * operand[3] + c;
  int64_t rc = linear % result[3];
  linear /= result[3];
  int64_t rx = linear % result[2];
  linear /= result[2];
  int64_t ry = linear % result[1];
  int64_t rn = linear / result[1];
  return denseAddress(base, whole, rn, ry, rx, offset + rc, bytes);
}

TEST(PlacementTest, AReshapeViewsItsOperandInAChannelSliceWhenStridesAllow) {
  struct Case {
    Shape4 result, operand;
    int64_t slices; // the result is one of `slices` channel slices
    bool views;
  };
  // The 3-D phase interleave's reshapes (OnnxConv3d.cpp): the W level's
  // concat [N*D, H, W, 2M] viewed as [N, D, H, 2W*M] is one of the H level's
  // two channel slices, and so on; a reshape that merges a channel slice's
  // channels with its pixels cannot be a view.
  for (const Case &t : {Case{{1, 4, 8, 256}, {4, 8, 8, 32}, 2, true},
                        Case{{1, 1, 4, 4096}, {1, 4, 8, 512}, 2, true},
                        Case{{8, 16, 16, 16}, {1, 1, 4, 8192}, 2, false},
                        Case{{2, 3, 4, 5}, {2, 3, 4, 5}, 3, true},
                        Case{{2, 3, 4, 6}, {6, 4, 2, 3}, 2, true},
                        Case{{2, 3, 4, 6}, {2, 3, 2, 12}, 2, false},
                        Case{{2, 3, 4, 6}, {2, 12, 1, 6}, 2, true},
                        Case{{1, 3, 1, 6}, {3, 1, 1, 6}, 4, true},
                        Case{{2, 3, 4, 6}, {1, 1, 2, 72}, 1, true}})
    for (int64_t bytes : {1, 4}) {
      int64_t base = 64;
      Shape4 whole = t.result;
      whole[3] *= t.slices;
      for (int64_t slice = 0; slice < t.slices; ++slice) {
        int64_t offset = slice * t.result[3];
        Placement resultPlacement = composeStrided(
            densePlacement(base, whole, bytes), 0, 0, 1, 1, 0, offset,
            t.result[3], t.result[1], t.result[2], bytes);
        std::optional<Placement> placement = reshapeOperandPlacement(
            resultPlacement, t.result, t.operand, bytes);
        // One slice of one is dense: every reshape views it.
        EXPECT_EQ(placement.has_value(), t.views || t.slices == 1)
            << "result " << t.result[0] << "x" << t.result[1] << "x"
            << t.result[2] << "x" << t.result[3] << " slice " << slice;
        if (!placement)
          continue;
        expectPlacement(*placement, t.operand, bytes,
                        [&](int64_t n, int64_t y, int64_t x, int64_t c) {
                          return reshapedAddress(base, whole, offset, t.operand,
                                                 t.result, n, y, x, c, bytes);
                        });
      }
    }
}

TEST(PlacementTest, AWindowViewsOverlappingRunsOfItsDenseInput) {
  // result[n, y, x, j * C + c] = input[n, y, x * stride + j, c]: the result
  // element's address is the input element's, for every kernel and stride.
  for (int64_t bytes : {1, 4})
    for (int64_t kernel : {1, 2, 3, 5})
      for (int64_t stride : {1, 2, 3}) {
        Shape4 input{2, 3, 7, 3};
        int64_t base = 32;
        std::optional<Placement> placement = windowPlacement(
            densePlacement(base, input, bytes), input, kernel, stride, bytes);
        ASSERT_TRUE(placement.has_value());
        Shape4 result{input[0], input[1], (input[2] - kernel) / stride + 1,
                      kernel * input[3]};
        expectPlacement(*placement, result, bytes,
                        [&](int64_t n, int64_t y, int64_t x, int64_t c) {
                          return denseAddress(base, input, n, y,
                                              x * stride + c / input[3],
                                              c % input[3], bytes);
                        });
        std::optional<DramView> view = asView(*placement, result);
        ASSERT_TRUE(view.has_value());
        EXPECT_EQ(view->pixelStride, stride * input[3] * bytes);
      }
  // Pixels that are not contiguous (a concat's channel slice) have no
  // window view; nor has a kernel wider than the input.
  Shape4 slice{1, 3, 7, 3}, whole{1, 3, 7, 6};
  Placement sliced =
      composeStrided(densePlacement(0, whole, 1), 0, 0, 1, 1, 0, 3, 3, 3, 7, 1);
  EXPECT_FALSE(windowPlacement(sliced, slice, 2, 1, 1).has_value());
  EXPECT_FALSE(
      windowPlacement(densePlacement(0, slice, 1), slice, 8, 1, 1).has_value());
}

TEST(PlacementTest, ASliceViewsEveryStridedPixelOfItsInput) {
  // result[n, y, x, c] = input[n, oy + y*sy, ox + x*sx, c], for a dense
  // input and for a channel slice of a concat (a strided input).
  for (int64_t bytes : {1, 4})
    for (int64_t slices : {1, 2}) {
      Shape4 input{2, 9, 8, 3}, whole = input;
      whole[3] *= slices;
      Placement placed =
          composeStrided(densePlacement(16, whole, bytes), 0, 0, 1, 1, 0,
                         (slices - 1) * 3, 3, 9, 8, bytes);
      for (auto [oy, ox, sy, sx] : {std::array<int64_t, 4>{0, 0, 1, 1},
                                    std::array<int64_t, 4>{2, 1, 2, 3},
                                    std::array<int64_t, 4>{8, 7, 1, 1}}) {
        Shape4 result{input[0], (input[1] - 1 - oy) / sy + 1,
                      (input[2] - 1 - ox) / sx + 1, input[3]};
        std::optional<Placement> placement =
            slicePlacement(placed, input, {oy, ox}, {sy, sx}, result);
        ASSERT_TRUE(placement.has_value());
        expectPlacement(*placement, result, bytes,
                        [&](int64_t n, int64_t y, int64_t x, int64_t c) {
                          return denseAddress(16, whole, n, oy + y * sy,
                                              ox + x * sx, (slices - 1) * 3 + c,
                                              bytes);
                        });
      }
    }
}

TEST(PlacementTest, PositionsOutsideTheResultAreDropped) {
  const int64_t bytes = 4;
  Shape4 result{1, 8, 8, 2};
  Placement dense = densePlacement(0, result, bytes);
  // A phase one row and column larger than the result has room for: rows
  // and columns 1, 3, 5, 7 land inside, 9 does not.
  Shape4 phase{1, 5, 5, 2};
  Placement placement =
      composeStrided(dense, 1, 1, 2, 2, 0, 0, 2, phase[1], phase[2], bytes);
  std::vector<int64_t> kept = expectPlacement(
      placement, phase, bytes,
      [&](int64_t n, int64_t i, int64_t j,
          int64_t c) -> std::optional<int64_t> {
        if (i == 4 || j == 4)
          return std::nullopt;
        return denseAddress(0, result, n, 1 + 2 * i, 1 + 2 * j, c, bytes);
      });
  EXPECT_EQ(kept.size(), size_t(4 * 4 * 2));
  EXPECT_FALSE(asView(placement, phase).has_value());
  // Wholly outside (rows, or channels past the result's): nothing left.
  EXPECT_TRUE(composeStrided(dense, 8, 0, 2, 2, 0, 0, 2, 3, 3, bytes).empty());
  EXPECT_TRUE(
      composeStrided(dense, -7, 0, 2, 1, 0, 0, 2, 3, 3, bytes).empty());
  EXPECT_TRUE(composeStrided(dense, 0, 0, 1, 1, 0, 2, 2, 8, 8, bytes).empty());
}

} // namespace
