//===- ChannelFold.cpp - Fold output blocks into channels -----------------===//
//
// The geometry, kernel gather and price of a channel fold
// (ChannelFold.h). Plain C++.
//
//===----------------------------------------------------------------------===//

#include "accel/Conversion/TosaToAccel/ChannelFold.h"

#include "accel/Schedule/CopySchedule.h"
#include "accel/Schedule/Placement.h"
#include "accel/Target/CostModel.h"
#include "accel/Target/Tiler.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cstdlib>

using namespace accel;

namespace {

/// One axis of a fold: kernel, stride and padding of the folded conv, and
/// the folded depth-to-space origins.
struct FoldedAxis {
  int64_t kernel = 1, stride = 1, padBegin = 0, padEnd = 0, grid = 0;
  std::vector<int64_t> origins;
};

FoldedAxis foldAxis(int64_t input, int64_t kernel, int64_t stride,
                    int64_t padBegin, int64_t padEnd, int64_t grid,
                    int64_t block, const std::vector<int64_t> &origins,
                    int64_t fold) {
  FoldedAxis axis;
  axis.kernel = (fold - 1) * stride + kernel;
  axis.stride = fold * stride;
  axis.grid = (grid + fold - 1) / fold;
  axis.padBegin = padBegin;
  // The input extent the folded grid reads; a shortfall is padding, an
  // excess a crop (kept as no padding when the base had none to crop: the
  // excess is then below one folded stride).
  int64_t extent = (axis.grid - 1) * axis.stride + axis.kernel;
  axis.padEnd = extent - input - padBegin;
  if (axis.padEnd < 0 && padEnd >= 0)
    axis.padEnd = 0;
  for (int64_t a = 0; a < fold; ++a)
    for (int64_t p = 0; p < block; ++p)
      axis.origins.push_back(origins[p] + block * a);
  return axis;
}

} // namespace

llvm::Expected<GroupedConv> accel::foldGroupedConv(const GroupedConv &base,
                                                   int64_t foldH,
                                                   int64_t foldW) {
  const ConvShape &conv = base.conv;
  if (foldH < 1 || foldW < 1)
    return llvm::createStringError("fold factors must be positive");
  if (conv.groups != 1)
    return llvm::createStringError("a grouped conv is not folded");
  if (foldH == 1 && foldW == 1)
    return base;
  // A dilated kernel folds as its dense span, (K - 1) * d + 1 taps of which
  // every d-th is a weight and the rest zero taps (foldKernelGather): the
  // folded conv is undilated.
  FoldedAxis h = foldAxis(conv.inH, (conv.kernelH - 1) * conv.dilationH + 1,
                          conv.strideH, conv.padTop, conv.padBottom,
                          conv.outH(), base.blockH, base.originsH, foldH);
  FoldedAxis w = foldAxis(conv.inW, (conv.kernelW - 1) * conv.dilationW + 1,
                          conv.strideW, conv.padLeft, conv.padRight,
                          conv.outW(), base.blockW, base.originsW, foldW);
  GroupedConv folded = base;
  folded.foldH = base.foldH * foldH;
  folded.foldW = base.foldW * foldW;
  ConvShape &shape = folded.conv;
  shape.outC = conv.outC * foldH * foldW;
  shape.kernelH = h.kernel;
  shape.kernelW = w.kernel;
  shape.strideH = h.stride;
  shape.strideW = w.stride;
  shape.dilationH = shape.dilationW = 1;
  shape.padTop = h.padBegin;
  shape.padBottom = h.padEnd;
  shape.padLeft = w.padBegin;
  shape.padRight = w.padEnd;
  folded.blockH = base.blockH * foldH;
  folded.blockW = base.blockW * foldW;
  folded.originsH = std::move(h.origins);
  folded.originsW = std::move(w.origins);
  if (shape.outH() != h.grid || shape.outW() != w.grid)
    return llvm::createStringError(llvm::formatv(
        "fold {0}x{1}: the folded conv produces {2}x{3}, expected {4}x{5}",
        foldH, foldW, shape.outH(), shape.outW(), h.grid, w.grid));
  return folded;
}

std::vector<int64_t>
accel::foldKernelGather(const GroupedConv &base, const GroupedConv &folded,
                        const std::vector<int64_t> &baseGather) {
  const ConvShape &b = base.conv, &f = folded.conv;
  int64_t foldH = folded.blockH / base.blockH;
  int64_t foldW = folded.blockW / base.blockW;
  int64_t channels = base.channels, inC = b.inC;
  std::vector<int64_t> gather;
  gather.reserve(f.outC * f.kernelH * f.kernelW * inC);
  // Folded channel ((a * Bh + ph) * fw * Bw + b * Bw + pw) * C + k copies
  // base channel (ph * Bw + pw) * C + k shifted by (a * s_h, b * s_w).
  for (int64_t rh = 0; rh < folded.blockH; ++rh)
    for (int64_t rw = 0; rw < folded.blockW; ++rw)
      for (int64_t k = 0; k < channels; ++k) {
        int64_t a = rh / base.blockH, ph = rh % base.blockH;
        int64_t bb = rw / base.blockW, pw = rw % base.blockW;
        int64_t baseO = (ph * base.blockW + pw) * channels + k;
        for (int64_t i = 0; i < f.kernelH; ++i)
          for (int64_t j = 0; j < f.kernelW; ++j) {
            // Offsets into the base kernel's dense span (a folded conv is
            // undilated): a weight at every dilation-th one. The 1 x 1
            // "fold" is the base itself, dilated: step 1.
            int64_t stepH = b.dilationH / f.dilationH;
            int64_t stepW = b.dilationW / f.dilationW;
            int64_t si = i - a * b.strideH, sj = j - bb * b.strideW;
            int64_t bi = si / stepH, bj = sj / stepW;
            bool inside = si >= 0 && si % stepH == 0 && bi < b.kernelH &&
                          sj >= 0 && sj % stepW == 0 && bj < b.kernelW &&
                          a < foldH && bb < foldW;
            for (int64_t c = 0; c < inC; ++c)
              gather.push_back(
                  inside ? baseGather[((baseO * b.kernelH + bi) * b.kernelW +
                                       bj) *
                                          inC +
                                      c]
                         : -1);
          }
      }
  return gather;
}

OutputCrop accel::groupedOutputCrop(const GroupedConv &grouped) {
  if (grouped.isDirect())
    return {};
  // The pieces accel-plan-memory gives the conv's result inside the
  // depth_to_space result (the emitter stores through exactly these).
  const ConvShape &conv = grouped.conv;
  int64_t bytes = elementBytes(conv.element);
  schedule::Placement result = schedule::densePlacement(
      0, {conv.batch, grouped.resultH, grouped.resultW, grouped.channels},
      bytes);
  schedule::Placement pieces = schedule::depthToSpaceOperandPlacement(
      result, grouped.blockH, grouped.blockW, grouped.originsH,
      grouped.originsW, std::nullopt, grouped.channels, conv.outH(),
      conv.outW(), bytes);
  return schedule::outputCropOf(
      pieces, {conv.batch, conv.outH(), conv.outW(), conv.outC});
}

llvm::Expected<CostEstimate> accel::priceGroupedConv(const GroupedConv &grouped,
                                                     const TargetDesc &target) {
  if (llvm::Error error = checkTargetLimits(grouped.conv, target))
    return std::move(error);
  // Tiled as accel-tile will: in place, in the depth_to_space result.
  llvm::Expected<TiledConv> tiled = chooseTiling(
      grouped.conv, target, EpilogueTiming{}, groupedOutputCrop(grouped));
  if (!tiled)
    return tiled.takeError();
  return tiled->cost;
}

std::vector<std::pair<int64_t, int64_t>>
accel::foldCandidates(const GroupedConv &base, const TargetDesc &target) {
  std::vector<std::pair<int64_t, int64_t>> candidates;
  const ConvShape &conv = base.conv;
  int64_t columns = std::max<int64_t>(target.atomicK, 1);
  if (conv.groups != 1 || conv.outC >= columns)
    return candidates;
  int64_t maxStride = target.limits.maxStride;
  int64_t gridH = conv.outH(), gridW = conv.outW();
  // Room for the folded channels: the array's columns, with one extra
  // column pass allowed (the cost model decides whether it pays).
  int64_t maxChannels = 2 * columns;
  auto axisLimit = [&](int64_t grid, int64_t stride) {
    int64_t limit = grid;
    if (maxStride > 0)
      limit = std::min(limit, maxStride / stride);
    return std::max<int64_t>(limit, 1);
  };
  int64_t limitH = axisLimit(gridH, conv.strideH);
  int64_t limitW = axisLimit(gridW, conv.strideW);
  for (int64_t fh = 1; fh <= limitH; ++fh)
    for (int64_t fw = 1; fw <= limitW; ++fw) {
      if (fh == 1 && fw == 1)
        continue;
      if (fh * fw * conv.outC > maxChannels)
        continue;
      if (gridH > 1 && gridW > 1 && std::abs(fh - fw) > 1)
        continue;
      candidates.push_back({fh, fw});
    }
  return candidates;
}

llvm::Expected<FoldChoice> accel::chooseFold(const GroupedConv &base,
                                             const TargetDesc &target,
                                             CostObjective objective,
                                             IndexLoop loop) {
  FoldChoice choice;
  std::vector<std::pair<int64_t, int64_t>> factors = {{1, 1}};
  for (const std::pair<int64_t, int64_t> &factor :
       foldCandidates(base, target))
    factors.push_back(factor);
  auto before = [&](const FoldChoice::Candidate &a,
                    const FoldChoice::Candidate &b) {
    if (ranksBefore(a.cost, b.cost, objective))
      return true;
    return !ranksBefore(b.cost, a.cost, objective) &&
           a.foldH * a.foldW < b.foldH * b.foldW;
  };
  // Each candidate priced on its own (possibly concurrently), then
  // collected in order.
  struct Priced {
    std::optional<GroupedConv> conv;
    std::optional<CostEstimate> cost;
    std::string reason;
  };
  std::vector<Priced> priced(factors.size());
  auto price = [&](size_t index) {
    auto [fh, fw] = factors[index];
    Priced &result = priced[index];
    llvm::Expected<GroupedConv> folded = foldGroupedConv(base, fh, fw);
    if (folded && fh * fw != 1) {
      const ConvShape &conv = folded->conv;
      int64_t elements = conv.outC * conv.kernelH * conv.kernelW * conv.inC;
      if (elements > kMaxGatheredKernelElements)
        folded = llvm::createStringError(
            llvm::formatv(
                "its kernel of {0} elements is more than the conversion "
                "rearranges at compile time ({1})",
                elements, kMaxGatheredKernelElements)
                .str());
    }
    llvm::Expected<CostEstimate> cost =
        folded ? priceGroupedConv(*folded, target)
               : llvm::Expected<CostEstimate>(folded.takeError());
    if (cost) {
      result.conv = *folded;
      result.cost = *cost;
    } else {
      result.reason = llvm::toString(cost.takeError());
    }
  };
  if (loop)
    loop(factors.size(), price);
  else
    for (size_t index = 0; index < factors.size(); ++index)
      price(index);
  const FoldChoice::Candidate *best = nullptr;
  std::vector<GroupedConv> convs;
  std::string reasons;
  for (auto [index, factor] : llvm::enumerate(factors)) {
    FoldChoice::Candidate candidate;
    candidate.foldH = factor.first;
    candidate.foldW = factor.second;
    Priced &result = priced[index];
    if (result.cost) {
      candidate.feasible = true;
      candidate.cost = *result.cost;
      convs.push_back(*result.conv);
    } else {
      candidate.reason = result.reason;
      reasons += (reasons.empty() ? "" : "; ") +
                 llvm::formatv("fold {0}x{1}: {2}", factor.first, factor.second,
                               candidate.reason)
                     .str();
      convs.push_back(base);
    }
    choice.candidates.push_back(std::move(candidate));
  }
  size_t bestIndex = 0;
  for (size_t i = 0; i < choice.candidates.size(); ++i) {
    const FoldChoice::Candidate &candidate = choice.candidates[i];
    if (candidate.feasible && (!best || before(candidate, *best))) {
      best = &candidate;
      bestIndex = i;
    }
  }
  if (!best)
    return llvm::createStringError("no fold fits the target: " + reasons);
  choice.chosen = convs[bestIndex];
  choice.cost = best->cost;
  return choice;
}

std::vector<const FoldChoice::Candidate *>
accel::rankedFolds(const FoldChoice &choice, CostObjective objective) {
  std::vector<const FoldChoice::Candidate *> ranked;
  for (const FoldChoice::Candidate &candidate : choice.candidates)
    if (candidate.feasible && candidate.foldH * candidate.foldW != 1)
      ranked.push_back(&candidate);
  // The candidates are one vector: address order is their order.
  llvm::sort(ranked, [&](const FoldChoice::Candidate *a,
                         const FoldChoice::Candidate *b) {
    if (ranksBefore(a->cost, b->cost, objective))
      return true;
    return !ranksBefore(b->cost, a->cost, objective) && a < b;
  });
  return ranked;
}

namespace {
/// Whether a pack of `conv` into `packed` channels is a candidate on
/// `target`: groups 1, input channels filling at most half the array's
/// atomic-C rows, the packed channels within the channel limit.
bool packFits(const ConvShape &conv, int64_t packed, const TargetDesc &target) {
  int64_t rows = std::max<int64_t>(target.atomicC, 1);
  return conv.groups == 1 && 2 * conv.inC <= rows &&
         (target.limits.maxChannels <= 0 ||
          packed <= target.limits.maxChannels);
}

/// The geometry of P (TapPack::pack): a 1 x `taps` conv over `conv`'s
/// input with `taps` * C_in channels, stride `stride` along W.
ConvShape packedInputShape(const ConvShape &conv, int64_t taps,
                           int64_t stride) {
  ConvShape move;
  move.batch = conv.batch;
  move.inH = conv.inH;
  move.inW = conv.inW;
  move.inC = conv.inC;
  move.outC = taps * conv.inC;
  move.kernelW = taps;
  move.strideW = stride;
  move.element = conv.element;
  return move;
}
} // namespace

std::optional<TapPack> accel::tapPackCandidate(const ConvShape &conv,
                                               const TargetDesc &target) {
  int64_t packed = conv.kernelW * conv.inC;
  if (conv.kernelW < 2 || !packFits(conv, packed, target))
    return std::nullopt;
  TapPack pack;
  ConvShape &move = pack.pack;
  move = packedInputShape(conv, conv.kernelW, conv.strideW);
  move.dilationW = conv.dilationW;
  move.padLeft = conv.padLeft;
  move.padRight = conv.padRight;
  ConvShape &main = pack.main;
  main = conv;
  main.inW = conv.outW();
  main.inC = packed;
  main.kernelW = 1;
  main.strideW = 1;
  main.dilationW = 1;
  main.padLeft = main.padRight = 0;
  if (move.outW() != conv.outW() || main.outH() != conv.outH() ||
      main.outW() != conv.outW())
    return std::nullopt; // cannot happen for a valid conv; never mis-packed
  // A window reads K_w adjacent pixels: no dilation, and the padded width
  // must hold the first window.
  pack.windowed = conv.dilationW == 1 &&
                  conv.inW + conv.padLeft + conv.padRight >= conv.kernelW;
  if (pack.windowed) {
    pack.padLeft = conv.padLeft;
    pack.padRight = conv.padRight;
  }
  return pack;
}

std::optional<TapPack> accel::rowPackCandidate(const ConvShape &conv,
                                               const TargetDesc &target) {
  std::optional<TapPack> pack = tapPackCandidate(conv, target);
  if (!pack || !pack->windowed || conv.kernelH < 2)
    return std::nullopt;
  int64_t channels = conv.kernelH * conv.kernelW * conv.inC;
  if (target.limits.maxChannels > 0 && channels > target.limits.maxChannels)
    return std::nullopt;
  pack->rowsPacked = true;
  pack->padTop = conv.padTop;
  pack->padBottom = conv.padBottom;
  pack->kernelH = conv.kernelH;
  pack->strideH = conv.strideH;
  pack->dilationH = conv.dilationH;
  // `pack` keeps the layer's input geometry; P has K_h * K_w * C_in
  // channels.
  pack->pack.outC = channels;
  ConvShape &main = pack->main;
  main = conv;
  main.inH = conv.outH();
  main.inW = conv.outW();
  main.inC = channels;
  main.kernelH = main.kernelW = 1;
  main.strideH = main.strideW = 1;
  main.dilationH = main.dilationW = 1;
  main.padTop = main.padBottom = main.padLeft = main.padRight = 0;
  if (main.outH() != conv.outH() || main.outW() != conv.outW() ||
      main.macs() != conv.macs())
    return std::nullopt; // cannot happen for a valid conv; never mis-packed
  return pack;
}

std::optional<TapPack> accel::blockPackCandidate(const ConvShape &conv,
                                                 const TargetDesc &target) {
  int64_t block = conv.strideW;
  if (block < 2 || conv.dilationW != 1 || conv.inW % block != 0 ||
      !packFits(conv, block * conv.inC, target))
    return std::nullopt;
  // Output x's window starts at input pixel x * S - pl, inside block
  // x - lead; its last tap lands in block x - lead + taps - 1.
  int64_t lead = llvm::divideCeilSigned(conv.padLeft, block);
  int64_t taps =
      lead + llvm::divideFloorSigned(conv.kernelW - 1 - conv.padLeft, block) +
      1;
  if (taps < 1 ||
      (target.limits.maxKernel > 0 && taps > target.limits.maxKernel))
    return std::nullopt;
  TapPack pack;
  pack.windowed = true;
  pack.blocked = true;
  pack.blockKernelW = conv.kernelW;
  pack.blockPadLeft = conv.padLeft;
  ConvShape &view = pack.pack;
  view = packedInputShape(conv, block, block);
  ConvShape &main = pack.main;
  main = conv;
  main.inW = conv.inW / block;
  main.inC = view.outC;
  main.kernelW = taps;
  main.strideW = 1;
  main.dilationW = 1;
  main.padLeft = lead;
  main.padRight = conv.outW() - main.inW - lead + taps - 1;
  if (view.outW() != main.inW || main.outH() != conv.outH() ||
      main.outW() != conv.outW())
    return std::nullopt; // cannot happen for a valid conv; never mis-packed
  return pack;
}

std::vector<int64_t> accel::blockPackedKernelGather(const TapPack &pack) {
  const ConvShape &main = pack.main;
  int64_t block = pack.pack.strideW, channels = pack.pack.inC;
  int64_t taps = main.kernelW, kernelH = main.kernelH;
  int64_t kernelW = pack.blockKernelW, padLeft = pack.blockPadLeft;
  std::vector<int64_t> gather;
  gather.reserve(main.outC * kernelH * taps * block * channels);
  for (int64_t o = 0; o < main.outC; ++o)
    for (int64_t i = 0; i < kernelH; ++i)
      for (int64_t t = 0; t < taps; ++t)
        for (int64_t b = 0; b < block; ++b) {
          int64_t j = (t - main.padLeft) * block + b + padLeft;
          for (int64_t c = 0; c < channels; ++c)
            gather.push_back(
                j < 0 || j >= kernelW
                    ? -1
                    : ((o * kernelH + i) * kernelW + j) * channels + c);
        }
  return gather;
}

std::vector<int64_t> accel::rowPackedKernelGather(int64_t outC, int64_t kernelH,
                                                  int64_t kernelW,
                                                  int64_t channels) {
  int64_t perOutput = kernelH * kernelW * channels;
  std::vector<int64_t> gather(outC * perOutput);
  for (int64_t o = 0; o < outC; ++o)
    for (int64_t j = 0; j < kernelW; ++j)
      for (int64_t i = 0; i < kernelH; ++i)
        for (int64_t c = 0; c < channels; ++c)
          gather[o * perOutput + (j * kernelH + i) * channels + c] =
              o * perOutput + (i * kernelW + j) * channels + c;
  return gather;
}

llvm::Expected<CostEstimate> accel::priceTapPack(const TapPack &pack,
                                                 const TargetDesc &target,
                                                 const OutputCrop &crop) {
  CostEstimate total;
  llvm::SmallVector<std::pair<const ConvShape *, bool>, 2> convs;
  if (!pack.windowed) {
    convs.push_back({&pack.pack, false});
  } else {
    // The layer's input, as the pad copy reads it.
    const ConvShape &move = pack.pack;
    int64_t inC = move.inC;
    schedule::PlaneShape input{move.batch, move.inH, move.inW, inC,
                               move.element};
    schedule::PlaneShape padded = input;
    padded.height += pack.padTop + pack.padBottom;
    padded.width += pack.padLeft + pack.padRight;
    if (pack.needsPadCopy()) {
      schedule::ZeroInsertGeometry geometry;
      geometry.padTop = pack.padTop;
      geometry.padLeft = pack.padLeft;
      llvm::Expected<CostEstimate> copy = estimateZeroInsertCost(
          input, padded, geometry, target,
          pack.padInPlace && !pack.rowsPacked && pack.padTop >= 0 &&
              pack.padBottom >= 0 && pack.padLeft >= 0 && pack.padRight >= 0);
      if (!copy)
        return copy.takeError();
      total += *copy;
    }
    if (pack.rowsPacked) {
      // K_h copies of OH rows of the padded input into Q's channel slices
      // (the cost depends on the bytes moved, not on the strides).
      int64_t rows = pack.main.inH, taps = pack.kernelH;
      schedule::PlaneShape slice{move.batch, rows, padded.width, inC,
                                 move.element};
      int64_t bytes = elementBytes(move.element);
      schedule::DramView source =
          schedule::DramView::dense(0, rows, padded.width, inC, bytes);
      schedule::DramView dest =
          schedule::DramView::dense(0, rows, padded.width, taps * inC, bytes);
      llvm::Expected<CostEstimate> copies =
          estimateSchedule(target, [&](isa::InstructionSink &sink) {
            std::vector<schedule::CopyPart> parts(
                taps, schedule::CopyPart{slice, source, dest, &sink});
            return schedule::generateCopySchedules(parts, target, 0);
          });
      if (!copies)
        return copies.takeError();
      total += *copies;
    }
  }
  convs.push_back({&pack.main, true});
  for (auto [shape, isMain] : convs) {
    if (llvm::Error error = checkTargetLimits(*shape, target))
      return std::move(error);
    // The main conv tiled in place, in the depth_to_space result.
    llvm::Expected<TiledConv> tiled =
        chooseTiling(*shape, target, EpilogueTiming{/*hasBias=*/isMain},
                     isMain ? crop : OutputCrop{});
    if (!tiled)
      return tiled.takeError();
    total += tiled->cost;
  }
  return total;
}

std::vector<std::pair<int64_t, int64_t>>
accel::windowOnlyFolds(const GroupedConv &base, const TargetDesc &target) {
  std::vector<std::pair<int64_t, int64_t>> folds;
  const ConvShape &conv = base.conv;
  int64_t columns = std::max<int64_t>(target.atomicK, 1);
  int64_t maxStride = target.limits.maxStride;
  if (maxStride <= 0 || conv.outH() != 1 || conv.groups != 1 ||
      conv.outC >= columns)
    return folds;
  int64_t cap = maxStride / conv.strideW; // foldCandidates' bound
  // The folded kernel's width: past max_kernel the unpacked fold cannot run
  // either (a dilated kernel's span: HiFi-GAN's kernel 11, dilation 5).
  int64_t span = (conv.kernelW - 1) * conv.dilationW + 1;
  auto unpackedFails = [&](int64_t fw) {
    int64_t maxKernel = target.limits.maxKernel;
    return fw > cap ||
           (maxKernel > 0 && (fw - 1) * conv.strideW + span > maxKernel);
  };
  for (int64_t fw : {columns / (2 * conv.outC), columns / conv.outC,
                     2 * columns / conv.outC})
    if (fw > 1 && unpackedFails(fw) && fw <= conv.outW() &&
        (folds.empty() || folds.back().second != fw))
      folds.push_back({1, fw});
  return folds;
}

std::optional<FoldPack>
accel::chooseFoldPack(const GroupedConv &base,
                      llvm::ArrayRef<const FoldChoice::Candidate *> ranked,
                      const TargetDesc &target, CostObjective objective,
                      bool padInPlace) {
  std::vector<std::pair<int64_t, int64_t>> factors;
  for (const FoldChoice::Candidate *candidate :
       ranked.take_front(kFoldPackCandidates))
    factors.push_back({candidate->foldH, candidate->foldW});
  llvm::append_range(factors, windowOnlyFolds(base, target));
  std::optional<FoldPack> best;
  for (auto [foldH, foldW] : factors) {
    llvm::Expected<GroupedConv> folded = foldGroupedConv(base, foldH, foldW);
    if (!folded) {
      llvm::consumeError(folded.takeError());
      continue;
    }
    const ConvShape &conv = folded->conv;
    if (conv.outC * conv.kernelH * conv.kernelW * conv.inC >
        kMaxGatheredKernelElements)
      continue;
    OutputCrop crop = groupedOutputCrop(*folded);
    for (std::optional<TapPack> pack :
         {tapPackCandidate(conv, target), rowPackCandidate(conv, target),
          blockPackCandidate(conv, target)}) {
      if (!pack || !pack->windowed)
        continue;
      pack->padInPlace = padInPlace;
      llvm::Expected<CostEstimate> cost = priceTapPack(*pack, target, crop);
      if (!cost) {
        llvm::consumeError(cost.takeError());
        continue;
      }
      if (!best || ranksBefore(*cost, best->cost, objective))
        best = FoldPack{*folded, std::move(*pack), *cost};
    }
  }
  return best;
}
