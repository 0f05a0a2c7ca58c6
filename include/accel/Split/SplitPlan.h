//===- SplitPlan.h - Exact split of a transposed conv into stride-1 convs -*- C++ -*-===//
//
// A transposed convolution with stride S is the interleave of S ordinary
// stride-1 convolutions per spatial axis ("phases"), each with a small
// sub-kernel made only of the taps that reach its output positions. This
// header computes that decomposition with no MLIR types, so the TOSA→TOSA
// pass, the TOSA→accel conversion, the cost model and the unit tests all read
// one source of truth.
//
// Conventions (TOSA `transpose_conv2d`):
//   out[o] += in[i] * w[k]   for   o = i*S + k*D + padBegin,
//   outSize = (I-1)*S + padBegin + padEnd + (K-1)*D + 1.
// padBegin/padEnd are TOSA's `out_pad` (negative = crop). PyTorch's
// `padding = p, output_padding = op` is padBegin = -p, padEnd = -p + op
// (see `AxisParams::fromPyTorch`).
//
// Phase r of an axis owns the outputs o with (o - padBegin) mod S = r
// (equivalently (o + p) mod S = r in PyTorch terms) and uses exactly the taps
// k with k*D ≡ r (mod S). With g = gcd(D, S) a phase has taps only if g | r;
// consecutive taps are S/g apart in k and D/g apart in the input, so each
// phase is a stride-1 convolution with dilation D/g. No tap of a phase is ever
// zero, and a phase only computes the contiguous range of its owned outputs
// that at least one tap reaches (the rest is bias only).
//
// The plan of one axis also yields the two alternative strategies:
//   * stacked: every phase padded to a common tap window so that all phases
//     share one conv with S_h*S_w*C_out output channels, followed by
//     depth-to-space and a crop (upstream TOSA's decomposition);
//   * zero-insert: the input dilated with S-1 zeros, padded, and convolved at
//     stride 1 with the flipped kernel (the classical lowering).
//
// The 2-D plan is the product of the two axis plans (the 3-D plan of three);
// groups are independent and every group uses the same plan.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SPLIT_SPLITPLAN_H
#define ACCEL_SPLIT_SPLITPLAN_H

#include "accel/Target/ConvShape.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace accel {

/// How a transposed convolution is lowered to ordinary convolutions.
enum class SplitStrategy {
  /// One stride-1 conv per phase with only the phase's taps (no zero taps).
  Split,
  /// One stride-1 conv with S_h*S_w*C_out channels, depth-to-space, crop.
  Stacked,
  /// Input dilated with zeros, stride-1 conv with the flipped full kernel.
  ZeroInsert,
};

/// Spelling used by pass options and documentation: split, stacked, zero-insert.
llvm::StringRef stringifySplitStrategy(SplitStrategy strategy);
/// Inverse of `stringifySplitStrategy`; std::nullopt for an unknown name.
std::optional<SplitStrategy> parseSplitStrategy(llvm::StringRef name);

//===----------------------------------------------------------------------===//
// One spatial axis
//===----------------------------------------------------------------------===//

/// The transposed convolution along one spatial axis, TOSA out_pad convention.
struct AxisParams {
  int64_t inputSize = 1;  ///< I
  int64_t kernelSize = 1; ///< K
  int64_t stride = 1;     ///< S
  int64_t dilation = 1;   ///< D (TOSA has none; PyTorch does)
  int64_t padBegin = 0;   ///< TOSA out_pad begin (negative crops)
  int64_t padEnd = 0;     ///< TOSA out_pad end (negative crops)

  /// Converts PyTorch's `padding` / `output_padding` to TOSA's out_pad:
  /// padBegin = -padding, padEnd = -padding + outputPadding.
  static AxisParams fromPyTorch(int64_t inputSize, int64_t kernelSize,
                                int64_t stride, int64_t dilation,
                                int64_t padding, int64_t outputPadding);

  /// (I-1)*S + padBegin + padEnd + (K-1)*D + 1 (may be < 1 when invalid).
  int64_t outputSize() const;
};

/// The part of an input axis of size n that a stride-1 convolution with
/// (possibly negative) padding (padBegin, padEnd) reads: elements
/// [offset, offset + count) surrounded by padBefore/padAfter padding elements.
/// A negative padding becomes a slice. When the padded window does not meet
/// the input at all, count is 0 and the whole window is padding
/// (padBefore = n + padBegin + padEnd, padAfter = 0).
struct InputWindow {
  int64_t offset = 0;
  int64_t count = 0;
  int64_t padBefore = 0;
  int64_t padAfter = 0;
  bool empty() const { return count == 0; }
};
InputWindow inputWindow(int64_t inputSize, int64_t padBegin, int64_t padEnd);

/// One phase of one axis: a stride-1 convolution whose outputs land on every
/// S-th output position.
struct AxisPhase {
  /// r: the phase owns outputs o with (o - padBegin) mod S = r.
  int64_t residue = 0;
  /// Kernel indices of the original kernel used by this phase, in the order
  /// of the sub-kernel: sub-kernel tap t is original tap `taps[t]`. The order
  /// is descending in k (the sub-kernel is the flipped, strided kernel).
  llvm::SmallVector<int64_t, 4> taps;
  /// Dilation of the stride-1 sub-convolution: D / gcd(D, S).
  int64_t subDilation = 1;

  /// First output index owned by the phase; owned outputs are
  /// firstOutput + j*S for j in [0, ownedCount).
  int64_t firstOutput = 0;
  int64_t ownedCount = 0;

  /// Owned outputs j in [computeBegin, computeBegin + computeCount) are
  /// computed by the sub-convolution: the smallest range that contains every
  /// owned output at least one tap reaches. Owned outputs outside it receive
  /// only the bias. computeCount is 0 for a tapless phase.
  int64_t computeBegin = 0;
  int64_t computeCount = 0;

  /// Padding of the stride-1 sub-convolution over the whole input that yields
  /// exactly the computed outputs. Negative values mean the input is sliced.
  int64_t padBegin = 0;
  int64_t padEnd = 0;

  bool hasTaps() const { return !taps.empty(); }
  int64_t numTaps() const { return static_cast<int64_t>(taps.size()); }
  /// The input slice and non-negative padding of the sub-convolution. Never
  /// empty for a computing phase: its first and last outputs read input.
  InputWindow window(int64_t inputSize) const {
    return inputWindow(inputSize, padBegin, padEnd);
  }
  /// Output index of the first computed output.
  int64_t firstComputedOutput(int64_t stride) const {
    return firstOutput + computeBegin * stride;
  }
};

/// The stacked form of one axis: every phase uses the same tap window, so all
/// phases are one convolution followed by depth-to-space and a crop.
struct StackedAxis {
  /// Number of taps of the common window and its dilation.
  int64_t numTaps = 0;
  int64_t dilation = 1;
  /// For phase r and window tap u: the original kernel index, or -1 for a
  /// zero tap. Indexed [r * numTaps + u].
  std::vector<int64_t> tapOf;
  /// Positions computed per phase by the shared conv (the depth-to-space grid
  /// has gridCount * S positions).
  int64_t gridCount = 0;
  /// Grid position of output 0 (the crop offset after depth-to-space).
  int64_t cropOffset = 0;
  /// Padding of the shared stride-1 conv (negative = slice).
  int64_t padBegin = 0;
  int64_t padEnd = 0;
};

/// The zero-insert form of one axis.
struct ZeroInsertAxis {
  /// Length of the input after inserting S-1 zeros between elements.
  int64_t dilatedSize = 0;
  /// Padding of the stride-1 conv over the dilated input (negative = slice).
  int64_t padBegin = 0;
  int64_t padEnd = 0;
  /// The conv uses the flipped kernel with the original dilation.
};

/// The complete plan for one spatial axis.
struct AxisPlan {
  AxisParams params;
  int64_t outputSize = 0;
  /// One entry per residue r = 0..S-1 (tapless phases included).
  std::vector<AxisPhase> phases;
  StackedAxis stacked;
  ZeroInsertAxis zeroInsert;

  /// (output, tap) pairs whose input index is inside [0, I): the MACs of the
  /// transposed conv itself, per output channel and input channel.
  int64_t usefulTaps = 0;
  /// (output, tap) pairs executed by each strategy (same normalisation).
  int64_t splitTaps = 0;
  int64_t stackedTaps = 0;
  int64_t zeroInsertTaps = 0;
  /// splitTaps - usefulTaps: taps of the split convs that read padding.
  int64_t splitPaddingTaps() const { return splitTaps - usefulTaps; }
};

/// Work bounds of planning, checked from the parameters before anything is
/// built: a plan holds S entries per axis and S_h * S_w 2-D phases, and its
/// loops run over the kernel taps.
struct PlanLimits {
  /// Largest S_h * S_w (and so the largest stride of one axis). 65536 is
  /// above what any strategy can emit: split makes one accelerator layer per
  /// phase (the program holds at most 65535) and stacked S_h * S_w * C_out
  /// output channels.
  int64_t maxPhases = int64_t(1) << 16;
  /// Largest kernel extent (K - 1) * D + 1 of one axis.
  int64_t maxKernelSpan = int64_t(1) << 24;
  /// When S_h * S_w exceeds maxPhases, plan the axes (zero-insert needs
  /// nothing else) and leave `SplitPlan::phases` empty with
  /// `phasesOmitted` set, instead of failing. For callers that may fall back
  /// to zero-insert (strategy=zero-insert or auto).
  bool omitPhasesBeyondLimit = false;
};

/// Plans one axis. Fails on non-positive sizes/stride/dilation, an empty
/// output, or a stride / kernel beyond `limits` (checked before planning).
llvm::Expected<AxisPlan> planAxis(const AxisParams &params,
                                  const PlanLimits &limits = {});

//===----------------------------------------------------------------------===//
// 2-D
//===----------------------------------------------------------------------===//

/// A 2-D transposed convolution: NHWC input, weight [C_out, KH, KW, C_in/groups]
/// (TOSA's OHWI), optional bias [C_out], NHWC output.
struct TransposedConvParams {
  int64_t batch = 1;
  int64_t inChannels = 1;
  int64_t outChannels = 1;
  int64_t groups = 1;
  AxisParams h, w;
  ElementKind element = ElementKind::F32;

  int64_t inChannelsPerGroup() const { return inChannels / groups; }
  int64_t outChannelsPerGroup() const { return outChannels / groups; }
  /// The ConvShape skeleton every strategy's convs share: batch, channels,
  /// groups and element type (spatial fields left at their defaults).
  ConvShape baseConvShape() const;
  /// Appends every field to a decision key (accel/Target/DecisionCache.h):
  /// parameters with equal keys plan, lower and price identically.
  void appendKey(std::string &key) const;
};

/// MAC counts of one strategy (batch and channels included).
struct MacCounts {
  /// MACs of the transposed conv itself (taps that multiply real input).
  int64_t useful = 0;
  /// MACs the strategy executes.
  int64_t executed = 0;
};

/// A 2-D phase: the product of an H phase and a W phase.
struct PhasePlan {
  /// Indices into `SplitPlan::h.phases` / `SplitPlan::w.phases` (= residues).
  int64_t rh = 0, rw = 0;
  /// The stride-1 sub-convolution over the sliced input (non-negative padding,
  /// kernel = tap counts, dilation = sub-dilation, groups as the original).
  /// Meaningless when !hasTaps.
  ConvShape shape;
  bool hasTaps = false;
  /// Whether the sub-convolution computes every owned output (otherwise the
  /// remaining owned outputs are bias only).
  bool coversOwned = false;
};

/// The complete plan of a 2-D transposed convolution.
struct SplitPlan {
  TransposedConvParams params;
  AxisPlan h, w;
  /// rh-major: phases[rh * S_w + rw]. Empty when `phasesOmitted`.
  std::vector<PhasePlan> phases;
  /// S_h * S_w was beyond PlanLimits::maxPhases and the limits asked to
  /// omit the 2-D phases: only the zero-insert form can be lowered.
  bool phasesOmitted = false;

  int64_t outH() const { return h.outputSize; }
  int64_t outW() const { return w.outputSize; }
  const AxisPhase &phaseH(const PhasePlan &p) const { return h.phases[p.rh]; }
  const AxisPhase &phaseW(const PhasePlan &p) const { return w.phases[p.rw]; }

  /// The shared convolution of the stacked strategy over the input window
  /// `inputWindow(I, stacked.padBegin, stacked.padEnd)` per axis; its output
  /// channels are ordered (group, rh, rw, c) with c < C_out/groups.
  ConvShape stackedShape() const;
  /// The convolution of the zero-insert strategy over the window
  /// `inputWindow(dilatedSize, zeroInsert.padBegin, zeroInsert.padEnd)` of
  /// the dilated input, with the flipped kernel.
  ConvShape zeroInsertShape() const;

  /// MAC counts per strategy. For Split:
  ///   executed = useful + N*C_out*(C_in/g) * (u_h*p_w + p_h*u_w + p_h*p_w)
  /// where u_a / p_a are the axis' useful and padding taps.
  MacCounts macs(SplitStrategy strategy) const;
  /// True when every output is written by some sub-convolution (no bias-only
  /// outputs), i.e. an emitter needs no bias pre-fill.
  bool everyOutputComputed() const;
};

/// Plans a 2-D transposed convolution. Fails on invalid channel/group counts,
/// an invalid axis, or more than `limits.maxPhases` phases (checked before
/// any per-phase data is built; the error says which limit and what to do).
llvm::Expected<SplitPlan>
planTransposedConv(const TransposedConvParams &params,
                   const PlanLimits &limits = {});

/// Most phases `splitStrategyPlan` makes by raising strides.
constexpr int64_t kMaxSingleTapPhases = 64;

/// The plan the split strategy lowers. An axis with a one-element input has
/// no second input element for its stride to space, so its output does not
/// depend on the stride; raising an undilated axis's stride to its kernel
/// size K (when larger) leaves the result unchanged but gives every phase of
/// that axis a single tap, where the stride-S plan runs K/S taps per output
/// of which all but about one read padding (a GAN's 1x1 latent -> 4x4
/// first layer: 16 taps per output, 1 useful). An axis qualifies when its
/// output has at least K elements (a crop to fewer would leave phases that
/// own no output). Returns a plan with raised strides when some axis
/// qualifies and the phases stay within kMaxSingleTapPhases, else a copy of
/// `plan`.
llvm::Expected<SplitPlan> splitStrategyPlan(const SplitPlan &plan);

//===----------------------------------------------------------------------===//
// 3-D
//===----------------------------------------------------------------------===//

/// A 3-D transposed convolution: NDHWC input, weight
/// [C_out, KD, KH, KW, C_in/groups], NDHWC output. The plan is the product
/// of three axis plans, exactly as the 2-D plan is of two.
struct TransposedConv3dParams {
  int64_t batch = 1;
  int64_t inChannels = 1;
  int64_t outChannels = 1;
  int64_t groups = 1;
  AxisParams d, h, w;

  int64_t inChannelsPerGroup() const { return inChannels / groups; }
  int64_t outChannelsPerGroup() const { return outChannels / groups; }
};

/// A 3-D phase: the product of a D, an H and a W phase (indices into the
/// axis plans' phases, = residues).
struct Phase3d {
  int64_t rd = 0, rh = 0, rw = 0;
  bool hasTaps = false;
  /// The sub-convolution computes every owned output (no bias-only ones).
  bool coversOwned = false;
};

/// The complete split plan of a 3-D transposed convolution.
struct SplitPlan3d {
  TransposedConv3dParams params;
  /// The axis plans, in the order D, H, W.
  std::array<AxisPlan, 3> axes;
  /// rd-major: phases[(rd * S_h + rh) * S_w + rw].
  std::vector<Phase3d> phases;

  /// The phase of axis `axis` (0 = D) that `phase` uses.
  const AxisPhase &axisPhase(const Phase3d &phase, int axis) const {
    int64_t r = axis == 0 ? phase.rd : axis == 1 ? phase.rh : phase.rw;
    return axes[axis].phases[r];
  }
  /// True when every output is written by some sub-convolution.
  bool everyOutputComputed() const;
  /// MACs of the split convs (executed) and of the transposed conv (useful),
  /// batch and channels included.
  MacCounts splitMacs() const;
};

/// Plans a 3-D transposed convolution; fails as planTransposedConv does
/// (invalid channels or axis, more than `limits.maxPhases` phases).
llvm::Expected<SplitPlan3d>
planTransposedConv3d(const TransposedConv3dParams &params,
                     const PlanLimits &limits = {});

/// For every element of the sub-kernel of `phase` in layout
/// [C_out, T_d, T_h, T_w, C_in/g], the flat index of the source element in
/// the weight [C_out, KD, KH, KW, C_in/g].
std::vector<int64_t> phaseKernelGather3d(const SplitPlan3d &plan,
                                         const Phase3d &phase);

//===----------------------------------------------------------------------===//
// Weight rearrangement (shared by the C++ executors and the MLIR emitters)
//===----------------------------------------------------------------------===//

/// For every element of the sub-kernel of `phase` in OHWI layout
/// [C_out, T_h, T_w, C_in/g], the flat index of the source element in the
/// original OHWI weight [C_out, KH, KW, C_in/g].
std::vector<int64_t> phaseKernelGather(const SplitPlan &plan,
                                       const PhasePlan &phase);
/// The same for the stacked kernel [S_h*S_w*C_out, T_h, T_w, C_in/g] with
/// output channels ordered (group, rh, rw, c); -1 marks a zero tap (an
/// emitter fills it with the weight zero point).
std::vector<int64_t> stackedKernelGather(const SplitPlan &plan);
/// The same for the flipped zero-insert kernel [C_out, KH, KW, C_in/g].
std::vector<int64_t> zeroInsertKernelGather(const SplitPlan &plan);

/// Applies a gather produced above; -1 entries become `fill`.
template <typename T>
std::vector<T> gatherElements(llvm::ArrayRef<T> source,
                              llvm::ArrayRef<int64_t> gather, T fill) {
  std::vector<T> result;
  result.reserve(gather.size());
  for (int64_t index : gather)
    result.push_back(index < 0 ? fill : source[index]);
  return result;
}

} // namespace accel

#endif // ACCEL_SPLIT_SPLITPLAN_H
