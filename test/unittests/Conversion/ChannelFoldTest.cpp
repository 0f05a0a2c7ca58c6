//===- ChannelFoldTest.cpp - Channel folding of a conv --------------------===//
//
// accel::foldGroupedConv / foldKernelGather checked by brute force: for
// random ordinary convs (strides 1-2, kernels 1-5, paddings, 1-3 output
// channels) and every fold up to 3 x 3, the folded conv (naive loops over its
// gathered kernel, zero taps zero) followed by the depth-to-space the folded
// geometry describes (dropping positions outside the result) writes every
// result position exactly once and equals the original conv computed
// directly. Also: the candidates respect the target's stride limit and the
// array's columns, and chooseFold's pick is the cheapest priced candidate.
// Input-side packing (tapPackCandidate) likewise: the move conv (one tap of
// 1 per packed channel) followed by the K_h x 1 conv over the same OHWI
// weights equals the conv, for random convs with 1-3 input channels,
// strides, dilations and paddings; and the candidate rules. Both at once
// (fold_pack): a fold's conv packed, windowed or rows packed, equals the conv.
//
//===----------------------------------------------------------------------===//

#include "accel/Conversion/TosaToAccel/ChannelFold.h"
#include "accel/Target/Tiler.h"
#include "llvm/Support/FormatVariadic.h"

#include "gtest/gtest.h"

#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

using namespace accel;

namespace {

/// Naive NHWC conv (batch 1), OHWI kernel, no bias, with the shape's
/// dilation; outside-input taps read 0.
std::vector<double> naiveConv(const ConvShape &s, const std::vector<double> &in,
                              const std::vector<double> &kernel) {
  int64_t oh = s.outH(), ow = s.outW();
  std::vector<double> out(oh * ow * s.outC, 0.0);
  for (int64_t y = 0; y < oh; ++y)
    for (int64_t x = 0; x < ow; ++x)
      for (int64_t o = 0; o < s.outC; ++o) {
        double acc = 0;
        for (int64_t i = 0; i < s.kernelH; ++i)
          for (int64_t j = 0; j < s.kernelW; ++j) {
            int64_t iy = y * s.strideH - s.padTop + i * s.dilationH;
            int64_t ix = x * s.strideW - s.padLeft + j * s.dilationW;
            if (iy < 0 || iy >= s.inH || ix < 0 || ix >= s.inW)
              continue;
            for (int64_t c = 0; c < s.inC; ++c)
              acc += in[(iy * s.inW + ix) * s.inC + c] *
                     kernel[((o * s.kernelH + i) * s.kernelW + j) * s.inC + c];
          }
        out[(y * ow + x) * s.outC + o] = acc;
      }
  return out;
}

/// A random conv with 1..3 input channels and a kernel row of 2..5 taps
/// (a tap-pack candidate), possibly cropping (padding -1) at the top/left.
ConvShape randomTinyInputConv(std::mt19937 &rng, int maxOutC, int maxStride,
                              bool dilateW) {
  auto pick = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  ConvShape s;
  s.inH = pick(3, 12);
  s.inW = pick(3, 12);
  s.inC = pick(1, 3);
  s.outC = pick(1, maxOutC);
  s.kernelH = pick(1, 5);
  s.kernelW = pick(2, 5);
  s.strideH = pick(1, maxStride);
  s.strideW = pick(1, maxStride);
  s.dilationH = pick(1, 2);
  if (dilateW)
    s.dilationW = pick(1, 2);
  s.padTop = pick(-1, s.kernelH - 1);
  s.padBottom = pick(0, s.kernelH - 1);
  s.padLeft = pick(-1, s.kernelW - 1);
  s.padRight = pick(0, s.kernelW - 1);
  return s;
}

/// A random input and OHWI kernel for `s` (values in [-1, 1)), and the
/// identity gather of the kernel (what foldKernelGather starts from).
struct ConvData {
  std::vector<double> in, kernel;
  std::vector<int64_t> identity;
};
ConvData randomConvData(const ConvShape &s, std::mt19937 &rng) {
  std::uniform_real_distribution<double> value(-1, 1);
  ConvData data;
  data.in.resize(s.inH * s.inW * s.inC);
  data.kernel.resize(s.outC * s.kernelH * s.kernelW * s.inC);
  for (double &v : data.in)
    v = value(rng);
  for (double &v : data.kernel)
    v = value(rng);
  data.identity.resize(data.kernel.size());
  for (size_t i = 0; i < data.identity.size(); ++i)
    data.identity[i] = int64_t(i);
  return data;
}

/// Element (y, x, c) of `in` (NHWC, batch 1, shape `s`) padded as `pack`'s
/// copy pads it: 0 outside the input.
double paddedInput(const ConvShape &s, const std::vector<double> &in,
                   const TapPack &pack, int64_t y, int64_t x, int64_t c) {
  int64_t iy = y - pack.padTop, ix = x - pack.padLeft;
  return iy >= 0 && iy < s.inH && ix >= 0 && ix < s.inW
             ? in[(iy * s.inW + ix) * s.inC + c]
             : 0.0;
}

/// The channel-grouped depth_to_space of a folded conv's `grid`: group
/// (rh, rw) channel k of grid position (i, j) lands at (origins_h[rh] +
/// block_h * i, origins_w[rw] + block_w * j); positions outside the result
/// are dropped. `writes` counts the writes per result element.
std::vector<double> depthToSpace(const GroupedConv &folded,
                                 const std::vector<double> &grid,
                                 std::vector<int> &writes) {
  const ConvShape &f = folded.conv;
  int64_t channels = folded.channels;
  std::vector<double> result(folded.resultH * folded.resultW * channels, 0.0);
  writes.assign(result.size(), 0);
  for (int64_t i = 0; i < f.outH(); ++i)
    for (int64_t j = 0; j < f.outW(); ++j)
      for (int64_t rh = 0; rh < folded.blockH; ++rh)
        for (int64_t rw = 0; rw < folded.blockW; ++rw) {
          int64_t y = folded.originsH[rh] + folded.blockH * i;
          int64_t x = folded.originsW[rw] + folded.blockW * j;
          if (y < 0 || y >= folded.resultH || x < 0 || x >= folded.resultW)
            continue;
          for (int64_t k = 0; k < channels; ++k) {
            int64_t channel = (rh * folded.blockW + rw) * channels + k;
            int64_t at = (y * folded.resultW + x) * channels + k;
            result[at] = grid[(i * f.outW() + j) * f.outC + channel];
            writes[at] += 1;
          }
        }
  return result;
}

TEST(ChannelFoldTest, FoldedConvAndDepthToSpaceEqualTheConv) {
  std::mt19937 rng(20261205);
  auto pick = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  int checked = 0;
  for (int trial = 0; trial < 60; ++trial) {
    GroupedConv base;
    ConvShape &s = base.conv;
    s.inH = pick(1, 9);
    s.inW = pick(1, 9);
    s.inC = pick(1, 3);
    s.outC = pick(1, 3);
    s.kernelH = pick(1, 5);
    s.kernelW = pick(1, 5);
    s.strideH = pick(1, 2);
    s.strideW = pick(1, 2);
    // Dilated kernels fold as their dense span (zero taps between).
    s.dilationH = trial % 3 == 0 ? pick(2, 3) : 1;
    s.dilationW = trial % 3 == 0 ? pick(2, 3) : 1;
    s.padTop = pick(0, s.kernelH - 1);
    s.padBottom = pick(0, s.kernelH - 1);
    s.padLeft = pick(0, s.kernelW - 1);
    s.padRight = pick(0, s.kernelW - 1);
    if (s.outH() < 1 || s.outW() < 1)
      continue;
    base.channels = s.outC;
    base.resultH = s.outH();
    base.resultW = s.outW();
    auto [in, kernel, identity] = randomConvData(s, rng);
    std::vector<double> expected = naiveConv(s, in, kernel);
    for (int64_t fh = 1; fh <= 3; ++fh)
      for (int64_t fw = 1; fw <= 3; ++fw) {
        llvm::Expected<GroupedConv> folded = foldGroupedConv(base, fh, fw);
        ASSERT_TRUE(bool(folded)) << llvm::toString(folded.takeError());
        const ConvShape &f = folded->conv;
        EXPECT_EQ(f.outC, s.outC * fh * fw);
        EXPECT_EQ(f.strideH, fh * s.strideH);
        if (fh * fw == 1) {
          EXPECT_EQ(f.kernelW, s.kernelW); // the base itself, dilated
          EXPECT_EQ(f.dilationW, s.dilationW);
        } else {
          EXPECT_EQ(f.kernelW,
                    (fw - 1) * s.strideW + (s.kernelW - 1) * s.dilationW + 1);
          EXPECT_EQ(f.dilationH, 1);
          EXPECT_EQ(f.dilationW, 1);
        }
        std::vector<int64_t> gather = foldKernelGather(base, *folded, identity);
        ASSERT_EQ(int64_t(gather.size()),
                  f.outC * f.kernelH * f.kernelW * f.inC);
        std::vector<double> foldedKernel(gather.size());
        for (size_t i = 0; i < gather.size(); ++i)
          foldedKernel[i] = gather[i] < 0 ? 0.0 : kernel[gather[i]];
        std::vector<double> grid = naiveConv(f, in, foldedKernel);
        std::vector<int> writes;
        std::vector<double> result = depthToSpace(*folded, grid, writes);
        ASSERT_EQ(result.size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i) {
          ASSERT_EQ(writes[i], 1) << "trial " << trial << " fold " << fh << "x"
                                  << fw << " element " << i;
          ASSERT_NEAR(result[i], expected[i], 1e-9)
              << "trial " << trial << " fold " << fh << "x" << fw;
        }
        ++checked;
      }
  }
  EXPECT_GT(checked, 300);
}

TEST(ChannelFoldTest, CandidatesRespectTheStrideLimitAndTheColumns) {
  TargetDesc target = *lookupPreset("nvdla-large"); // atomic-K 32
  GroupedConv base;
  base.conv.inH = base.conv.inW = 32;
  base.conv.inC = 16;
  base.conv.outC = 3;
  base.conv.kernelH = base.conv.kernelW = 3;
  base.conv.strideH = base.conv.strideW = 2;
  base.conv.padTop = base.conv.padBottom = base.conv.padLeft =
      base.conv.padRight = 1;
  base.channels = 3;
  base.resultH = base.conv.outH();
  base.resultW = base.conv.outW();
  auto candidates = foldCandidates(base, target);
  ASSERT_FALSE(candidates.empty());
  for (auto [fh, fw] : candidates) {
    EXPECT_LE(fh * base.conv.strideH, target.limits.maxStride);
    EXPECT_LE(fw * base.conv.strideW, target.limits.maxStride);
    EXPECT_LE(fh * fw * 3, 2 * target.atomicK);
    EXPECT_LE(std::abs(fh - fw), 1);
  }
  // A conv that fills the columns is no candidate.
  GroupedConv wide = base;
  wide.conv.outC = wide.channels = 32;
  EXPECT_TRUE(foldCandidates(wide, target).empty());

  llvm::Expected<FoldChoice> choice = chooseFold(base, target);
  ASSERT_TRUE(bool(choice)) << llvm::toString(choice.takeError());
  ASSERT_EQ(choice->candidates.size(), candidates.size() + 1);
  auto key = [](const CostEstimate &c) {
    return std::make_tuple(c.cycles, c.dramBytes, c.energyPJ);
  };
  for (const FoldChoice::Candidate &c : choice->candidates) {
    ASSERT_TRUE(c.feasible) << c.reason;
    EXPECT_FALSE(key(c.cost) < key(choice->cost));
  }
}

/// One row of `width` positions, inC -> outC channels, a kernel of
/// `kernelW` taps with dilation `dilationW` and `pad` on both sides.
GroupedConv oneRowConv(int64_t width, int64_t inC, int64_t outC,
                       int64_t kernelW, int64_t dilationW, int64_t pad) {
  GroupedConv base;
  ConvShape &s = base.conv;
  s.inH = 1;
  s.inW = width;
  s.inC = inC;
  s.outC = outC;
  s.kernelW = kernelW;
  s.dilationW = dilationW;
  s.padLeft = s.padRight = pad;
  base.channels = outC;
  base.resultH = s.outH();
  base.resultW = s.outW();
  return base;
}

/// Each fold of `folds` (W factors of a one-row `base`) cannot run
/// unpacked on `target`, its folded kernel is (f - 1) + `span` taps wide,
/// and its windowed pack (main conv: stride 1, one tap wide) prices.
void expectOnlyPackedFoldsRun(
    const GroupedConv &base, const TargetDesc &target,
    const std::vector<std::pair<int64_t, int64_t>> &folds, int64_t span) {
  for (auto [fh, fw] : folds) {
    SCOPED_TRACE("fold 1x" + std::to_string(fw));
    llvm::Expected<GroupedConv> folded = foldGroupedConv(base, fh, fw);
    ASSERT_TRUE(bool(folded)) << llvm::toString(folded.takeError());
    EXPECT_EQ(folded->conv.strideW, fw);
    EXPECT_EQ(folded->conv.kernelW, (fw - 1) + span);
    llvm::Expected<CostEstimate> unpacked = priceGroupedConv(*folded, target);
    EXPECT_FALSE(bool(unpacked));
    if (!unpacked)
      llvm::consumeError(unpacked.takeError());
    std::optional<TapPack> pack = tapPackCandidate(folded->conv, target);
    ASSERT_TRUE(pack && pack->windowed);
    EXPECT_EQ(pack->main.strideW, 1);
    EXPECT_EQ(pack->main.kernelW, 1);
    EXPECT_EQ(pack->pack.kernelW, (fw - 1) + span);
    llvm::Expected<CostEstimate> packed =
        priceTapPack(*pack, target, groupedOutputCrop(*folded));
    EXPECT_TRUE(bool(packed)) << llvm::toString(packed.takeError());
  }
}

TEST(ChannelFoldTest, WindowOnlyFoldsPassTheStrideCapOnOneRowLayers) {
  // HiFi-GAN's conv_post shape: one row of 2048 positions, 8 -> 1 channels,
  // kernel 7, padding 3, on nvdla-large (atomic-K 32, max_stride 8). Folds
  // stop at f_w = 8 unpacked (stride 8); packed, the window carries the
  // stride, so f_w = 16, 32 and 64 (half, all and twice the 32 columns) are
  // offered as well. The unpacked conv of such a fold is beyond the target,
  // its windowed pack is not.
  TargetDesc target = *lookupPreset("nvdla-large");
  GroupedConv base = oneRowConv(2048, 8, 1, 7, 1, 3);
  for (auto [fh, fw] : foldCandidates(base, target))
    EXPECT_LE(fw, target.limits.maxStride);
  std::vector<std::pair<int64_t, int64_t>> beyond =
      windowOnlyFolds(base, target);
  std::vector<std::pair<int64_t, int64_t>> want = {{1, 16}, {1, 32}, {1, 64}};
  EXPECT_EQ(beyond, want);
  expectOnlyPackedFoldsRun(base, target, beyond, 7);
  // Two rows, a layer filling the columns, or folds within the cap and the
  // kernel limit: nothing beyond.
  GroupedConv twoRows = base;
  twoRows.conv.inH = 2;
  twoRows.resultH = 2;
  EXPECT_TRUE(windowOnlyFolds(twoRows, target).empty());
  GroupedConv wide = base;
  wide.conv.outC = wide.channels = 32;
  EXPECT_TRUE(windowOnlyFolds(wide, target).empty());
  TargetDesc permissive = target;
  permissive.limits.maxStride = 64;
  permissive.limits.maxKernel = 128;
  EXPECT_TRUE(windowOnlyFolds(base, permissive).empty());
}

TEST(ChannelFoldTest, WindowOnlyFoldsTakeDilatedKernelsWiderThanTheTarget) {
  // HiFi-GAN's last resblock conv (scaled): one row of 2048 positions, 8 -> 8
  // channels, kernel 11, dilation 5 (a span of 51 taps), padding 25, on
  // nvdla-large (max_kernel 32). Every unpacked fold has a kernel of
  // (f - 1) + 51 taps, beyond the target; packed, the window holds the span
  // and the main conv's kernel is one tap wide. The factors filling half,
  // all and twice the 32 columns (2, 4, 8; within the stride cap) are
  // offered, and their packs price.
  TargetDesc target = *lookupPreset("nvdla-large");
  GroupedConv base = oneRowConv(2048, 8, 8, 11, 5, 25);
  ASSERT_EQ(base.resultW, 2048);
  std::vector<std::pair<int64_t, int64_t>> folds =
      windowOnlyFolds(base, target);
  std::vector<std::pair<int64_t, int64_t>> want = {{1, 2}, {1, 4}, {1, 8}};
  EXPECT_EQ(folds, want);
  expectOnlyPackedFoldsRun(base, target, folds, 51);
  // Undilated, the same layer's folds up to 8 run unpacked: none offered.
  EXPECT_TRUE(
      windowOnlyFolds(oneRowConv(2048, 8, 8, 11, 1, 5), target).empty());
}

TEST(ChannelFoldTest, FoldsWithKernelsBeyondTheGatherBudgetAreNotTaken) {
  TargetDesc target = *lookupPreset("nvdla-large");
  GroupedConv base;
  base.conv.inH = base.conv.inW = 20;
  base.conv.inC = 65536;
  base.conv.outC = 3;
  base.conv.kernelH = base.conv.kernelW = 16; // 3*16*16*65536 = 50M elements
  base.channels = 3;
  base.resultH = base.conv.outH();
  base.resultW = base.conv.outW();
  std::vector<std::pair<int64_t, int64_t>> candidates =
      foldCandidates(base, target);
  ASSERT_FALSE(candidates.empty());
  for (auto [fh, fw] : candidates) {
    llvm::Expected<GroupedConv> folded = foldGroupedConv(base, fh, fw);
    ASSERT_TRUE(bool(folded)) << llvm::toString(folded.takeError());
    const ConvShape &conv = folded->conv;
    ASSERT_GT(conv.outC * conv.kernelH * conv.kernelW * conv.inC,
              kMaxGatheredKernelElements);
  }
  llvm::Expected<FoldChoice> choice = chooseFold(base, target);
  if (!choice) { // the plain conv does not fit either: every reason is given
    std::string message = llvm::toString(choice.takeError());
    for (auto [fh, fw] : candidates)
      EXPECT_NE(
          message.find(
              llvm::formatv("fold {0}x{1}: its kernel of ", fh, fw).str()),
          std::string::npos)
          << message;
    return;
  }
  EXPECT_EQ(choice->chosen.foldH * choice->chosen.foldW, 1);
  for (const FoldChoice::Candidate &c : llvm::drop_begin(choice->candidates)) {
    EXPECT_FALSE(c.feasible);
    EXPECT_NE(c.reason.find("more than the conversion rearranges"),
              std::string::npos)
        << c.reason;
  }
}

} // namespace

TEST(ChannelFoldTest, PackedConvsEqualTheConv) {
  TargetDesc target = *lookupPreset("nvdla-large"); // atomic-C 64
  std::mt19937 rng(20261203);
  std::uniform_real_distribution<double> value(-1, 1);
  int checked = 0;
  for (int trial = 0; trial < 80; ++trial) {
    ConvShape s = randomTinyInputConv(rng, /*maxOutC=*/6, /*maxStride=*/2,
                                      /*dilateW=*/true);
    if (s.outH() < 1 || s.outW() < 1)
      continue;
    std::optional<TapPack> pack = tapPackCandidate(s, target);
    ASSERT_TRUE(pack.has_value()) << "trial " << trial;
    const ConvShape &move = pack->pack, &main = pack->main;
    EXPECT_EQ(move.kernelH, 1);
    EXPECT_EQ(move.outC, s.kernelW * s.inC);
    EXPECT_EQ(main.kernelW, 1);
    EXPECT_EQ(main.inC, s.kernelW * s.inC);
    EXPECT_EQ(main.macs(), s.macs()); // every packed MAC is one of the conv's
    std::vector<double> in(s.inH * s.inW * s.inC),
        kernel(s.outC * s.kernelH * s.kernelW * s.inC);
    for (double &v : in)
      v = value(rng);
    for (double &v : kernel)
      v = value(rng);
    // The move conv's kernel: channel o = j * C + c has one tap (0, j, c).
    std::vector<double> moveKernel(move.outC * move.kernelW * move.inC, 0.0);
    for (int64_t o = 0; o < move.outC; ++o)
      moveKernel[o * move.kernelW * move.inC + o] = 1.0;
    std::vector<double> packed = naiveConv(move, in, moveKernel);
    ASSERT_EQ(int64_t(packed.size()), move.outH() * move.outW() * move.outC);
    // Without dilation along W the packed input is a window of the input
    // padded (or cropped) along W: P[y][x][j*C + c] = padded[y][x*s_w + j][c].
    EXPECT_EQ(pack->windowed, s.dilationW == 1);
    if (pack->windowed) {
      EXPECT_EQ(pack->needsPadCopy(), s.padLeft != 0 || s.padRight != 0);
      int64_t paddedW = s.inW + pack->padLeft + pack->padRight;
      ASSERT_EQ((paddedW - s.kernelW) / s.strideW + 1, move.outW());
      for (int64_t y = 0; y < move.outH(); ++y)
        for (int64_t x = 0; x < move.outW(); ++x)
          for (int64_t o = 0; o < move.outC; ++o) {
            int64_t col = x * s.strideW + o / s.inC - pack->padLeft;
            double want = col >= 0 && col < s.inW
                              ? in[(y * s.inW + col) * s.inC + o % s.inC]
                              : 0.0;
            ASSERT_EQ(packed[(y * move.outW() + x) * move.outC + o], want)
                << "trial " << trial;
          }
    }
    ASSERT_EQ(move.outH(), main.inH);
    ASSERT_EQ(move.outW(), main.inW);
    // The same OHWI bytes read as [K, K_h, 1, K_w * C].
    std::vector<double> got = naiveConv(main, packed, kernel);
    std::vector<double> want = naiveConv(s, in, kernel);
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i)
      ASSERT_NEAR(got[i], want[i], 1e-12) << "trial " << trial << " at " << i;
    ++checked;
  }
  EXPECT_GT(checked, 40);
}

TEST(ChannelFoldTest, BlockPackedConvsEqualTheConv) {
  // The block view built the way ChannelFold.h documents it: the input read
  // as W / S pixels of S * C channels (its own bytes: P[y][v][b*C + c] =
  // in[y][v*S + b][c]), then a K_h x T conv with stride 1 along W, the
  // padding in whole blocks, and blockPackedKernelGather's kernel (-1 taps
  // zero): equal to the conv, for strides 2..8 with paddings that are not
  // whole blocks, negative ones (crops) included.
  TargetDesc target = *lookupPreset("nvdla-large"); // atomic-C 64
  std::mt19937 rng(20261206);
  auto pick = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  int checked = 0, wideTaps = 0;
  for (int trial = 0; trial < 120; ++trial) {
    ConvShape s;
    s.strideW = pick(2, 8);
    s.strideH = pick(1, 2);
    s.inW = s.strideW * pick(1, 6);
    s.inH = pick(1, 5);
    s.inC = pick(1, 4);
    s.outC = pick(1, 3);
    s.kernelH = pick(1, 3);
    s.kernelW = pick(1, 20);
    s.padTop = pick(0, s.kernelH - 1);
    s.padBottom = pick(0, s.kernelH - 1);
    s.padLeft = pick(-1, s.kernelW - 1);
    s.padRight = pick(-1, s.kernelW - 1);
    if (s.outH() < 1 || s.outW() < 1)
      continue;
    std::optional<TapPack> pack = blockPackCandidate(s, target);
    ASSERT_TRUE(pack.has_value()) << "trial " << trial;
    ASSERT_TRUE(pack->blocked && pack->windowed);
    EXPECT_FALSE(pack->needsPadCopy());
    const ConvShape &view = pack->pack, &main = pack->main;
    EXPECT_EQ(view.kernelW, s.strideW);
    EXPECT_EQ(view.strideW, s.strideW);
    EXPECT_EQ(main.inW, s.inW / s.strideW);
    EXPECT_EQ(main.inC, s.strideW * s.inC);
    EXPECT_EQ(main.strideW, 1);
    ASSERT_EQ(main.outW(), s.outW());
    ASSERT_EQ(main.outH(), s.outH());
    wideTaps += main.kernelW > 1;
    ConvData data = randomConvData(s, rng);
    // P is the input's own bytes (NHWC): pixel v of a row is the run of S
    // pixels starting at v * S.
    std::vector<double> blocks = data.in;
    std::vector<int64_t> gather = blockPackedKernelGather(*pack);
    ASSERT_EQ(int64_t(gather.size()),
              main.outC * main.kernelH * main.kernelW * main.inC);
    std::vector<double> kernel(gather.size(), 0.0);
    for (size_t i = 0; i < gather.size(); ++i)
      if (gather[i] >= 0)
        kernel[i] = data.kernel[gather[i]];
    std::vector<double> got = naiveConv(main, blocks, kernel);
    std::vector<double> want = naiveConv(s, data.in, data.kernel);
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i)
      ASSERT_NEAR(got[i], want[i], 1e-12) << "trial " << trial << " at " << i;
    ++checked;
  }
  EXPECT_GT(checked, 60);
  EXPECT_GT(wideTaps, 30);
  // Not candidates: stride 1, a width that is not whole blocks, dilation
  // along W, more than half the array's rows of input channels.
  ConvShape s;
  s.inH = 1;
  s.inW = 64;
  s.inC = 8;
  s.outC = 1;
  s.kernelW = 14;
  s.strideW = 8;
  s.padLeft = s.padRight = 3;
  ASSERT_TRUE(blockPackCandidate(s, target).has_value());
  EXPECT_EQ(blockPackCandidate(s, target)->main.kernelW, 3); // blocks x-1..x+1
  ConvShape t = s;
  t.strideW = 1;
  EXPECT_FALSE(blockPackCandidate(t, target).has_value());
  t = s;
  t.inW = 60;
  EXPECT_FALSE(blockPackCandidate(t, target).has_value());
  t = s;
  t.dilationW = 2;
  EXPECT_FALSE(blockPackCandidate(t, target).has_value());
  t = s;
  t.inC = 33;
  EXPECT_FALSE(blockPackCandidate(t, target).has_value());
}

TEST(ChannelFoldTest, RowPackedConvsEqualTheConv) {
  // The row-packed form built the way ChannelFold.h documents it: pad the
  // input on all sides (0 outside), take K_h row slices (offset i * d_h,
  // stride s_h) side by side in channels (Q), window Q along W (P), then a
  // 1 x 1 conv with rowPackedKernelGather's kernel: equal to the conv.
  TargetDesc target = *lookupPreset("nvdla-large");
  std::mt19937 rng(20261204);
  std::uniform_real_distribution<double> value(-1, 1);
  int checked = 0;
  for (int trial = 0; trial < 80; ++trial) {
    ConvShape s = randomTinyInputConv(rng, /*maxOutC=*/5, /*maxStride=*/3,
                                      /*dilateW=*/false);
    if (s.outH() < 1 || s.outW() < 1)
      continue;
    std::optional<TapPack> pack = rowPackCandidate(s, target);
    ASSERT_EQ(pack.has_value(), s.kernelH >= 2) << "trial " << trial;
    if (!pack)
      continue;
    ASSERT_TRUE(pack->rowsPacked && pack->windowed);
    const ConvShape &main = pack->main;
    EXPECT_EQ(main.kernelH * main.kernelW, 1);
    EXPECT_EQ(main.inC, s.kernelH * s.kernelW * s.inC);
    EXPECT_EQ(main.macs(), s.macs());
    std::vector<double> in(s.inH * s.inW * s.inC),
        kernel(s.outC * s.kernelH * s.kernelW * s.inC);
    for (double &v : in)
      v = value(rng);
    for (double &v : kernel)
      v = value(rng);
    int64_t ph = s.inH + pack->padTop + pack->padBottom;
    int64_t pw = s.inW + pack->padLeft + pack->padRight;
    auto padded = [&](int64_t y, int64_t x, int64_t c) {
      return paddedInput(s, in, *pack, y, x, c);
    };
    int64_t rows = main.inH, kh = pack->kernelH, C = s.inC;
    ASSERT_LE((kh - 1) * pack->dilationH + (rows - 1) * pack->strideH, ph - 1);
    std::vector<double> q(rows * pw * kh * C);
    for (int64_t y = 0; y < rows; ++y)
      for (int64_t x = 0; x < pw; ++x)
        for (int64_t i = 0; i < kh; ++i)
          for (int64_t c = 0; c < C; ++c)
            q[((y * pw + x) * kh + i) * C + c] =
                padded(y * pack->strideH + i * pack->dilationH, x, c);
    int64_t cols = (pw - s.kernelW) / s.strideW + 1;
    ASSERT_EQ(cols, main.inW);
    std::vector<double> p(rows * cols * main.inC);
    for (int64_t y = 0; y < rows; ++y)
      for (int64_t x = 0; x < cols; ++x)
        for (int64_t k = 0; k < main.inC; ++k) // one run of Q's bytes
          p[(y * cols + x) * main.inC + k] =
              q[(y * pw + x * s.strideW) * kh * C + k];
    std::vector<int64_t> gather =
        rowPackedKernelGather(s.outC, s.kernelH, s.kernelW, C);
    std::vector<double> gathered(gather.size());
    for (size_t i = 0; i < gather.size(); ++i)
      gathered[i] = kernel[gather[i]];
    std::vector<double> got = naiveConv(main, p, gathered);
    std::vector<double> want = naiveConv(s, in, kernel);
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i)
      ASSERT_NEAR(got[i], want[i], 1e-12) << "trial " << trial << " at " << i;
    ++checked;
  }
  EXPECT_GT(checked, 30);
}

TEST(ChannelFoldTest, FoldPackedConvsEqualTheConv) {
  // fold_pack as ChannelFoldPatterns.cpp builds it: fold the conv
  // (foldGroupedConv), pack the folded conv's input side (tapPackCandidate:
  // the padded input windowed along W; rowPackCandidate: K_h row slices side
  // by side first), run the main conv with the fold's kernel gather read in
  // the packed order (rows packed: composed with rowPackedKernelGather), and
  // place the grid with the fold's depth_to_space: equal to the conv, every
  // result element written once.
  TargetDesc target = *lookupPreset("tpu-systolic"); // atomic-C 128
  std::mt19937 rng(20261206);
  int checked = 0, rowsChecked = 0;
  for (int trial = 0; trial < 40; ++trial) {
    GroupedConv base;
    base.conv = randomTinyInputConv(rng, /*maxOutC=*/3, /*maxStride=*/2,
                                    /*dilateW=*/false);
    ConvShape &s = base.conv;
    s.dilationH = 1; // a fold takes no dilation
    s.padTop = std::max<int64_t>(s.padTop, 0);
    s.padLeft = std::max<int64_t>(s.padLeft, 0);
    if (s.outH() < 1 || s.outW() < 1)
      continue;
    base.channels = s.outC;
    base.resultH = s.outH();
    base.resultW = s.outW();
    ConvData data = randomConvData(s, rng);
    const std::vector<double> &in = data.in, &kernel = data.kernel;
    const std::vector<int64_t> &identity = data.identity;
    std::vector<double> want = naiveConv(s, in, kernel);
    for (int64_t fh = 1; fh <= 3; ++fh)
      for (int64_t fw = 1; fw <= 3; ++fw) {
        llvm::Expected<GroupedConv> folded = foldGroupedConv(base, fh, fw);
        ASSERT_TRUE(bool(folded)) << llvm::toString(folded.takeError());
        const ConvShape &f = folded->conv;
        std::vector<int64_t> foldGather =
            foldKernelGather(base, *folded, identity);
        for (bool rows : {false, true}) {
          std::optional<TapPack> pack =
              rows ? rowPackCandidate(f, target) : tapPackCandidate(f, target);
          if (!pack)
            continue;
          ASSERT_TRUE(pack->windowed) << "trial " << trial;
          const ConvShape &main = pack->main;
          // The padded input (0 outside), padding from the pack.
          int64_t ph = f.inH + pack->padTop + pack->padBottom;
          int64_t pw = f.inW + pack->padLeft + pack->padRight;
          auto padded = [&](int64_t y, int64_t x, int64_t c) {
            return paddedInput(s, in, *pack, y, x, c);
          };
          // Q: the row slices side by side (rows packed), else the padded
          // input itself; P: the window of Q along W.
          int64_t kh = rows ? pack->kernelH : 1, C = s.inC;
          int64_t qRows = rows ? main.inH : ph;
          int64_t cols = (pw - f.kernelW) / f.strideW + 1;
          ASSERT_EQ(cols, main.inW) << "trial " << trial;
          ASSERT_EQ(qRows, main.inH) << "trial " << trial;
          std::vector<double> p(main.inH * cols * main.inC);
          for (int64_t y = 0; y < main.inH; ++y)
            for (int64_t x = 0; x < cols; ++x)
              for (int64_t j = 0; j < f.kernelW; ++j)
                for (int64_t i = 0; i < kh; ++i)
                  for (int64_t c = 0; c < C; ++c) {
                    int64_t row = rows ? y * pack->strideH + i : y;
                    p[((y * cols + x) * f.kernelW + j) * kh * C + i * C + c] =
                        padded(row, x * f.strideW + j, c);
                  }
          std::vector<int64_t> gather = foldGather;
          if (rows) {
            std::vector<int64_t> order =
                rowPackedKernelGather(f.outC, f.kernelH, f.kernelW, C);
            for (size_t i = 0; i < order.size(); ++i)
              gather[i] = foldGather[order[i]];
          }
          std::vector<double> mainKernel(gather.size());
          for (size_t i = 0; i < gather.size(); ++i)
            mainKernel[i] = gather[i] < 0 ? 0.0 : kernel[gather[i]];
          // Without rows packed the copy pads W only (the main conv pads
          // the rows); rows packed, the copy pads all four sides.
          if (!rows)
            ASSERT_EQ(pack->padTop + pack->padBottom, 0);
          std::vector<double> grid = naiveConv(main, p, mainKernel);
          std::vector<int> writes;
          std::vector<double> got = depthToSpace(*folded, grid, writes);
          ASSERT_EQ(got.size(), want.size());
          for (size_t i = 0; i < got.size(); ++i) {
            ASSERT_EQ(writes[i], 1) << "trial " << trial << " fold " << fh
                                    << "x" << fw << " rows " << rows;
            ASSERT_NEAR(got[i], want[i], 1e-9)
                << "trial " << trial << " fold " << fh << "x" << fw << " rows "
                << rows << " at " << i;
          }
          ++checked;
          rowsChecked += rows;
        }
      }
  }
  EXPECT_GT(checked, 200);
  EXPECT_GT(rowsChecked, 50);
}

TEST(ChannelFoldTest, PackCandidatesAndPrice) {
  TargetDesc target = *lookupPreset("nvdla-large"); // atomic-C 64
  ConvShape rgb;
  rgb.inH = rgb.inW = 32;
  rgb.inC = 3;
  rgb.outC = 32;
  rgb.kernelH = rgb.kernelW = 9;
  rgb.padTop = rgb.padBottom = rgb.padLeft = rgb.padRight = 4;
  std::optional<TapPack> pack = tapPackCandidate(rgb, target);
  ASSERT_TRUE(pack.has_value());
  // 81 taps of 3 channels each against 9 + 9 taps: packing is cheaper.
  llvm::Expected<CostEstimate> packed = priceTapPack(*pack, target);
  llvm::Expected<TiledConv> direct = chooseTiling(rgb, target);
  ASSERT_TRUE(bool(packed)) << llvm::toString(packed.takeError());
  ASSERT_TRUE(bool(direct)) << llvm::toString(direct.takeError());
  EXPECT_LT(packed->cycles, direct->cost.cycles);

  ConvShape grouped = rgb;
  grouped.inC = grouped.outC = grouped.groups = 3;
  EXPECT_FALSE(tapPackCandidate(grouped, target)); // groups
  ConvShape column = rgb;
  column.kernelW = 1;
  column.padLeft = column.padRight = 0;
  EXPECT_FALSE(tapPackCandidate(column, target)); // nothing to pack
  ConvShape wide = rgb;
  wide.inC = 33;
  EXPECT_FALSE(tapPackCandidate(wide, target)); // fills over half the rows
  wide.inC = 32;
  EXPECT_TRUE(tapPackCandidate(wide, target));
}
