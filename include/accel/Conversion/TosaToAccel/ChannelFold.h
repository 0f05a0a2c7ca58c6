//===- ChannelFold.h - Fold output blocks into channels ------*- C++ -*-===//
//
// Channel folding (strategy `fold`): a convolution with few output channels
// leaves most columns of the MAC array idle. Folding computes an f_h x f_w
// block of its outputs per position as f_h * f_w times as many channels of
// one convolution with stride f * s and the kernel enlarged by (f - 1) * s
// taps (W'[i', j', c, (a, b, k)] = w[i' - a*s_h, j' - b*s_w, c, k], zero
// elsewhere), followed by a channel-grouped depth-to-space and a crop.
//
// The same works on any "grouped conv": one conv whose channel groups a
// depth-to-space interleaves (block 1 x 1 for an ordinary conv; S_h x S_w for
// the stacked lowering of a transposed conv, which folding then packs
// phases x blocks). Plain C++ (no MLIR types): the TOSA -> accel patterns
// materialise what this describes, and strategy=auto prices exactly it.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_CONVERSION_TOSATOACCEL_CHANNELFOLD_H
#define ACCEL_CONVERSION_TOSATOACCEL_CHANNELFOLD_H

#include "accel/Target/ConvShape.h"
#include "accel/Target/CostModel.h"
#include "accel/Target/Target.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace accel {

/// One conv whose result (outC = blockH * blockW * channels, channel group
/// p = rh * blockW + rw) a channel-grouped depth-to-space places at
/// result[origins_h[rh] + blockH * i, origins_w[rw] + blockW * j]; grid
/// positions outside resultH x resultW are dropped. Block 1 x 1 with origin
/// 0 is an ordinary conv that produces the result itself.
struct GroupedConv {
  ConvShape conv;
  int64_t channels = 1; ///< channels per group (the layer's C_out)
  int64_t blockH = 1, blockW = 1;
  std::vector<int64_t> originsH{0}, originsW{0};
  int64_t resultH = 0, resultW = 0;
  int64_t foldH = 1, foldW = 1; ///< the fold applied (1 x 1: none)

  /// Whether the conv's result is the layer's result (no depth-to-space).
  bool isDirect() const {
    return blockH == 1 && blockW == 1 && originsH == std::vector<int64_t>{0} &&
           originsW == std::vector<int64_t>{0} && conv.outH() == resultH &&
           conv.outW() == resultW;
  }
};

/// `base` with an fh x fw block of its grid folded into channels: stride
/// f * s, kernel (f - 1) * s + K, fh * fw * outC channels ordered
/// ((a * blockH + ph) * fw * blockW + b * blockW + pw) * channels + k,
/// block f * block, padding so that the grid is ceil(grid / f). A dilated
/// base folds as its kernel's dense span ((K - 1) * d + 1 taps, the ones
/// between its weights zero): the folded conv is undilated (HiFi-GAN's
/// dilated resblock convs). 1 x 1 returns `base` unchanged. Fails (with the
/// reason) for a grouped base or factors below 1.
llvm::Expected<GroupedConv> foldGroupedConv(const GroupedConv &base,
                                            int64_t foldH, int64_t foldW);

/// The kernel gather of `folded` (a fold of `base`): for every OHWI element
/// of the folded kernel the index `baseGather` holds for the base kernel
/// element it copies, or -1 (a zero tap). `baseGather` has one entry per
/// base kernel element (OHWI). Allocates one entry per folded element:
/// call it only after the limits have been checked.
std::vector<int64_t> foldKernelGather(const GroupedConv &base,
                                      const GroupedConv &folded,
                                      const std::vector<int64_t> &baseGather);

/// The stores of `grouped`'s conv clipped to the depth-to-space result (the
/// grid positions the crop drops are computed but not stored); empty for a
/// direct conv.
OutputCrop groupedOutputCrop(const GroupedConv &grouped);

/// Cost of `grouped` on `target` as accel-tile prices what is emitted: the
/// conv's best tiling with its stores cropped. Fails when the conv exceeds
/// the target's limits or no tiling fits.
llvm::Expected<CostEstimate> priceGroupedConv(const GroupedConv &grouped,
                                              const TargetDesc &target);

/// The fold factors strategy=auto / fold price for `base` on `target`:
/// 1 x 1 (unfolded) and every (fh, fw) with a stride f * s the target runs,
/// a grid of at least f per folded axis, |fh - fw| <= 1 unless one axis's
/// grid is a single position, and at most atomicK (rounded up to whole
/// atomicK of the base) output channels beyond the base's. Empty when the
/// base already fills the array's columns or is not foldable.
std::vector<std::pair<int64_t, int64_t>>
foldCandidates(const GroupedConv &base, const TargetDesc &target);

/// The most elements of one kernel the conversion rearranges at compile time
/// (an 8-byte gather index per element: 64M elements, a 512 MB index plus
/// the data). Transposed-conv kernels and folded kernels are held to it.
constexpr int64_t kMaxGatheredKernelElements = int64_t(1) << 26;

/// Every candidate fold priced, and the first under the objective
/// (ranksBefore, then the smaller fold).
struct FoldChoice {
  struct Candidate {
    int64_t foldH = 1, foldW = 1;
    bool feasible = false;
    CostEstimate cost;  ///< when feasible
    std::string reason; ///< when not
  };
  std::vector<Candidate> candidates; ///< the unfolded base first
  GroupedConv chosen;
  CostEstimate cost;
};

/// Runs `body(i)` for every i in [0, n), in any order and possibly
/// concurrently (the conversion passes mlir::parallelFor over its context).
using IndexLoop =
    llvm::function_ref<void(size_t n, llvm::function_ref<void(size_t)> body)>;

/// Prices `base` and every fold of foldCandidates; a fold whose kernel has
/// more than kMaxGatheredKernelElements elements is infeasible. Fails when
/// none fits. The candidates are priced through `loop` when given (each on
/// its own; the result does not depend on the order).
llvm::Expected<FoldChoice>
chooseFold(const GroupedConv &base, const TargetDesc &target,
           CostObjective objective = CostObjective::Cycles,
           IndexLoop loop = {});

/// The feasible folds of `choice` (the unfolded base excluded), the first
/// under `objective` first; ties keep the candidates' order (smaller folds
/// first).
std::vector<const FoldChoice::Candidate *> rankedFolds(const FoldChoice &choice,
                                                       CostObjective objective);

/// Input-side packing (strategy `fold` / `auto`): a conv with few input
/// channels fills few rows of the MAC array (3 of atomic-C 64 for an RGB
/// input), once per kernel tap. Packing moves the K_w taps of a kernel row
/// into channels: a 1 x K_w move conv (one nonzero tap per output channel,
/// stride (1, s_w), dilation (1, d_w), the conv's left/right padding) writes
///   P[n, y, x, j * C_in + c] = in[n, y, x * s_w - pad_left + j * d_w, c]
/// (padding reads the input zero point), and the conv becomes K_h x 1 over P
/// with K_w * C_in channels, stride (s_h, 1), dilation (d_h, 1), padding
/// (top, bottom, 0, 0) and the same OHWI weights read as [K, K_h, 1, K_w*C]
/// (the same bytes). Exact in f32 and int8 (every packed element is one input
/// element); the array runs K_w + K_h taps per output instead of K_h * K_w.
///
/// Without dilation along W (d_w = 1) no MAC moves anything: P's pixel x is
/// the run of K_w * C_in input elements starting at padded input pixel
/// x * s_w, so P is an `accel.window` view of the input (after an
/// `accel.zero_insert` with stride 1 that adds the left/right padding, when
/// there is any), which the K_h x 1 conv's LOAD_INPUT reads directly: the
/// array runs K_h taps per output, and the DMA reads each input element up
/// to K_w / s_w times.
struct TapPack {
  ConvShape pack;        ///< the 1 x K_w move conv (P's geometry)
  ConvShape main;        ///< the K_h x 1 conv over the packed input
  bool windowed = false; ///< P is a window view (d_w = 1), not a move conv
  /// The windowed form's padding copy: left/right padding to add (negative
  /// crops); both 0 when the window reads the input itself.
  int64_t padLeft = 0, padRight = 0;
  /// Row packing (windowed only): the K_h kernel rows go into channels
  /// too. A stride-1 zero insertion pads the input on all four sides (top /
  /// bottom too); K_h `accel.slice`s of it (row offset i * d_h, row stride
  /// s_h, OH rows) are copied side by side by an `accel.concat`
  /// (Q[n, y, x, i*C + c] = padded[n, y*s_h + i*d_h, x, c]); the window of Q
  /// gives P[n, y, x, (j*K_h + i)*C + c] = padded[n, y*s_h + i*d_h,
  /// x*s_w + j, c], and `main` is a 1 x 1 conv over K_h * K_w * C_in
  /// channels (weights gathered to that order): one array pass per
  /// ceil(K_h * K_w * C_in / atomic-C) per output, for K_h copies of the
  /// padded input.
  bool rowsPacked = false;
  /// With rowsPacked: the layer's padding, kernel rows, stride and dilation
  /// along H.
  int64_t padTop = 0, padBottom = 0;
  int64_t kernelH = 1, strideH = 1, dilationH = 1;
  /// Block view (windowed, not rowsPacked): the window is as wide as its
  /// step, `pack` (window geometry) has K_w = s_w = S, the conv's stride
  /// along W, and no padding, so P is the input itself read as W / S pixels
  /// of S * C_in channels (no padding copy, each input element read once);
  /// `main` is K_h x T over P with stride 1 along W and the conv's padding
  /// in whole blocks (the LOAD_INPUT fills it), its kernel gathered by
  /// blockPackedKernelGather (the taps outside the conv's kernel zero).
  bool blocked = false;
  /// With blocked: the conv's kernel width and left padding along W.
  int64_t blockKernelW = 0, blockPadLeft = 0;
  /// The padding copy's input is expected to live inside the padded tensor
  /// (accel-plan-memory's in-place padding: its producer stores into the
  /// interior, docs/Backend.md), so priceTapPack charges the border fill
  /// only. The conversion sets it from the input's producer and readers
  /// (tosa_to_accel::padCopyCanBeInPlace).
  bool padInPlace = false;
  bool needsPadCopy() const {
    return windowed &&
           (padLeft != 0 || padRight != 0 || padTop != 0 || padBottom != 0);
  }
};

/// The packing of `conv`, when it is a candidate on `target`: groups 1, a
/// kernel row of at least two taps, input channels filling at most half the
/// array's atomic-C rows, and K_w * C_in packed channels within the target's
/// channel limit.
std::optional<TapPack> tapPackCandidate(const ConvShape &conv,
                                        const TargetDesc &target);

/// The row-packed form of `conv` (TapPack::rowsPacked), when its windowed
/// tap pack is a candidate, it has at least two kernel rows and
/// K_h * K_w * C_in channels are within the target's channel limit.
std::optional<TapPack> rowPackCandidate(const ConvShape &conv,
                                        const TargetDesc &target);

/// The block view of `conv` (TapPack::blocked), when it is a candidate on
/// `target`: groups 1, stride S >= 2 along W, no dilation along W, the
/// input width a multiple of S (the last block is whole), input channels
/// filling at most half the array's atomic-C rows, and S * C_in packed
/// channels and the main conv's kernel within the target's limits. With
/// padding pl the main conv has T = ceil(pl / S) + floor((K_w - 1 - pl) /
/// S) + 1 taps along W: block t of output x's window holds conv taps
/// j = (t - ceil(pl / S)) * S + b + pl, b in [0, S).
std::optional<TapPack> blockPackCandidate(const ConvShape &conv,
                                          const TargetDesc &target);

/// The blocked main conv's kernel as a gather of the OHWI kernel of the
/// conv `pack` was made from: for every element of [outC, K_h, T, S * C]
/// the index of the conv kernel element it holds, or -1 (a tap outside the
/// kernel: zero).
std::vector<int64_t> blockPackedKernelGather(const TapPack &pack);

/// The row-packed main conv's kernel as a gather of the layer's OHWI
/// kernel [outC, kernelH, kernelW, channels]: element index of
/// [outC, 1, 1, kernelW * kernelH * channels] -> source index, channel
/// (j * kernelH + i) * channels + c holding tap (i, j, c).
std::vector<int64_t> rowPackedKernelGather(int64_t outC, int64_t kernelH,
                                           int64_t kernelW, int64_t channels);

/// Cost of `pack` on `target`: the move conv (no bias) or, windowed, the
/// padding copy (and, rows packed, the K_h slice copies), plus the main
/// conv (best tilings, summed), the main conv's stores clipped to `crop`
/// (a folded conv's, groupedOutputCrop; empty: every output stored). Fails
/// when either exceeds the limits or no tiling fits.
llvm::Expected<CostEstimate> priceTapPack(const TapPack &pack,
                                          const TargetDesc &target,
                                          const OutputCrop &crop = {});

/// A fold with its input side packed too (strategy `fold_pack`): the folded
/// conv has the layer's few input channels and a kernel enlarged by the
/// fold, so packing its kernel row (or rows) into channels fills the array's
/// rows as well as its columns.
struct FoldPack {
  GroupedConv folded;
  TapPack pack; ///< a windowed pack of `folded.conv`
  CostEstimate cost;
};

/// How many folds (the first under the objective, unpacked) chooseFoldPack
/// prices packed. Pricing a packed form runs the tiler on its main conv and,
/// rows packed, on its row copies: two to three times the work of the fold
/// itself. Pricing every fold gave the same choices on fst and mde (f32 and
/// int8, nvdla-large / tpu-systolic / nvdla-small) in up to 1.3x the
/// conversion time: a measured bound, not a proof.
constexpr size_t kFoldPackCandidates = 8;

/// Folds of a one-row layer (a 1-D conv: grid height 1) along W that cannot
/// run unpacked: beyond the target's stride (f_w * s_w > max_stride;
/// foldCandidates stops at max_stride / s_w) or with a folded kernel wider
/// than max_kernel (a dilated kernel's span), while their windowed pack can
/// — the window view steps f_w * s_w input pixels and the main conv has
/// stride 1 and kernel width 1 along W. The factors above 1 that fill half,
/// all and twice the array's columns (f_w * C_out = atomicK / 2, atomicK,
/// 2 * atomicK) when the unpacked fold fails and the grid holds them; empty
/// otherwise.
std::vector<std::pair<int64_t, int64_t>>
windowOnlyFolds(const GroupedConv &base, const TargetDesc &target);

/// The cheapest windowed tap pack or row pack (priced with the fold's output
/// crop, as accel-tile prices what is emitted) of the first
/// kFoldPackCandidates folds of `ranked` (rankedFolds of a chooseFold of
/// `base`) and of windowOnlyFolds, and of their block views; std::nullopt
/// when none packs and fits. `padInPlace`: TapPack::padInPlace of every
/// pack priced.
std::optional<FoldPack>
chooseFoldPack(const GroupedConv &base,
               llvm::ArrayRef<const FoldChoice::Candidate *> ranked,
               const TargetDesc &target, CostObjective objective,
               bool padInPlace = false);

} // namespace accel

#endif // ACCEL_CONVERSION_TOSATOACCEL_CHANNELFOLD_H
