//===- TransposeConvLowering.h - accel form of a split plan --*- C++ -*-===//
//
// What `convert-tosa-to-accel` emits for one transposed convolution under
// one strategy, as plain data (no MLIR types): the stride-1 convolutions
// with their kernel gathers, the bias-only fills, the depth-to-space
// geometry and the zero insertion. The MLIR patterns build exactly this, and
// `strategy=auto` prices exactly this with the cost model, so the price is
// the price of what is emitted.
//
// Every conv gets the plan's exact padding; a negative value is a crop
// (accel.conv2d's load box starts inside the input), so a phase never
// computes border outputs that depth-to-space would drop. Owned outputs
// that no tap reaches (out_pad beyond the kernel's reach) are computed as
// taps over padding, i.e. the bias; those MACs are in the executed count.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_CONVERSION_TOSATOACCEL_TRANSPOSECONVLOWERING_H
#define ACCEL_CONVERSION_TOSATOACCEL_TRANSPOSECONVLOWERING_H

#include "accel/Split/SplitPlan.h"
#include "accel/Target/ConvShape.h"
#include "accel/Target/CostModel.h"
#include "accel/Target/Target.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace accel {

/// On a `tosa.transpose_conv2d` (the ONNX importer writes it for a dilated
/// ConvTranspose): `array<i64: D_h, D_w>`, the weight is a kernel with
/// D - 1 zeros inserted between its taps along each axis (extent
/// (K - 1) * D + 1, exact in TOSA). convert-tosa-to-accel checks those zeros
/// and plans the compact K-tap kernel with dilation D (SplitPlan), so no
/// inserted zero is multiplied on the accelerator.
constexpr llvm::StringLiteral kKernelDilationAttr = "accel.kernel_dilation";

/// One operand of the lowered layer's depth-to-space: a stride-1 conv over
/// the whole (or zero-inserted) input, or a bias fill.
struct LoweredPart {
  int64_t rh = 0, rw = 0; ///< phase (0, 0 for stacked / zero-insert)
  bool isConv = false;    ///< conv (true) or bias fill (false)
  /// The conv (exact padding, possibly negative; output = outH x outW x
  /// shape.outC). For a fill
  /// only batch/outC/element are meaningful.
  ConvShape shape;
  int64_t outH = 0, outW = 0;
  /// The part's bias is the original bias repeated this many times (stacked:
  /// once per phase). The kernel is `kernelGatherOf` (built only when
  /// emitting, after every limit has been checked from the shapes).
  int64_t biasCopies = 1;
};

/// The accel form of one transposed conv under one (fixed) strategy.
struct LoweredTransposeConv {
  SplitStrategy strategy = SplitStrategy::Split;
  /// split: S_h*S_w parts, rh-major; stacked, zero-insert: one conv.
  std::vector<LoweredPart> parts;
  /// Depth-to-space block and origins (split: one operand per phase;
  /// stacked: one channel-grouped operand). block = {1, 1} for zero-insert,
  /// whose conv produces the result directly.
  int64_t blockH = 1, blockW = 1;
  std::vector<int64_t> originsH, originsW;
  /// zero-insert only: accel.zero_insert {stride, pad} producing the conv's
  /// input (pad <= 0: only the crop; the conv pads with zeros itself).
  int64_t zeroInsertPad[4] = {0, 0, 0, 0};
  int64_t zeroInsertStride[2] = {1, 1};
  int64_t zeroInsertH = 0, zeroInsertW = 0;
  /// Spatial size of the transposed conv's input and output.
  int64_t inputH = 0, inputW = 0;
  int64_t outputH = 0, outputW = 0;
  /// zero-insert only: nothing to insert or crop (stride 1 or a 1-pixel
  /// input, no crop), so the conv reads the input directly.
  bool zeroInsertIsIdentity() const {
    return zeroInsertH == inputH && zeroInsertW == inputW &&
           zeroInsertPad[0] == 0 && zeroInsertPad[1] == 0 &&
           zeroInsertPad[2] == 0 && zeroInsertPad[3] == 0;
  }
  /// zero-insert only: the accel.zero_insert's geometry (fill 0: the value
  /// does not change the schedule).
  schedule::ZeroInsertGeometry zeroInsertGeometry() const {
    schedule::ZeroInsertGeometry geometry;
    geometry.padTop = zeroInsertPad[0];
    geometry.padLeft = zeroInsertPad[2];
    geometry.strideH = zeroInsertStride[0];
    geometry.strideW = zeroInsertStride[1];
    return geometry;
  }
  /// MACs: useful from the plan, executed = sum of the convs' MACs.
  MacCounts macs;
};

/// The store crop of a stacked lowering's conv (channel group p keeps the
/// grid positions that land inside the result); empty for other strategies.
OutputCrop stackedOutputCrop(const LoweredTransposeConv &lowered);

/// Builds the accel form of `plan` (groups must be 1: TOSA's transpose_conv2d
/// has none; dilation comes from kKernelDilationAttr): shapes only, one part
/// per phase at most (the plan bounds the phases), no kernel data.
llvm::Expected<LoweredTransposeConv> lowerTransposeConv(const SplitPlan &plan,
                                                        SplitStrategy strategy);

/// Fails when `strategy`'s program for `plan` would exceed the program
/// format: more layers than `kMaxProgramLayers`, or a DRAM footprint (input,
/// result, kernels, intermediates) beyond `isa::kMaxDramBytes`. From shapes
/// only, with overflow-checked arithmetic.
llvm::Error checkProgramLimits(const SplitPlan &plan, SplitStrategy strategy);

/// The most layers one program holds (layer ids are 16-bit, docs/ISA.md).
extern const int64_t kMaxProgramLayers;

/// Fails when `strategy` would give the layer more accelerator layers than a
/// program holds (split: one per phase). Needs only the parameters, so it
/// runs before planning.
llvm::Error checkLayerLimit(const TransposedConvParams &params,
                            SplitStrategy strategy);

/// Flat OHWI indices into the original [C_out, KH, KW, C_in] weight for
/// every element of `part`'s kernel; -1 = a zero tap (fill with the weight
/// zero point). Allocates one entry per kernel element: call it only after
/// the target's limits have been checked.
std::vector<int64_t> kernelGatherOf(const SplitPlan &plan,
                                    const LoweredPart &part,
                                    SplitStrategy strategy);

/// The convolutions of `lowered` (what the target's limits apply to).
std::vector<ConvShape> loweredConvShapes(const LoweredTransposeConv &lowered);

/// Cost of a lowered transposed conv on `target`, priced as accel-tile
/// prices what is emitted: split's phase convs as one fused schedule (the
/// input read once for all phases) or per phase, whichever is cheaper
/// (`tilePhaseGroup`), plus every bias fill; stacked's conv with its stores
/// cropped to the result (depth-to-space drops the border grid positions,
/// which are computed but not stored); zero-insert's conv plus the
/// materialisation of the zero-inserted input (a zero fill of the dilated
/// map plus an elementwise pass that copies the input into it).
/// Depth-to-space costs nothing (the convs store into their interleaved
/// positions). Fails when a conv exceeds the target's limits or no tiling
/// fits.
llvm::Expected<CostEstimate> priceLowering(const LoweredTransposeConv &lowered,
                                           const TargetDesc &target);

/// The estimates of every strategy for one transposed conv and the choice.
struct StrategyChoice {
  SplitStrategy chosen = SplitStrategy::Split;
  struct Alternative {
    SplitStrategy strategy;
    bool feasible = false;
    CostEstimate cost;   ///< when feasible
    std::string reason;  ///< why not, when infeasible
  };
  std::vector<Alternative> alternatives; ///< split, stacked, zero-insert
};

/// Prices the three strategies (split lowering `splitStrategyPlan(plan)`,
/// the others `plan`) and picks the first under `objective` (ranksBefore;
/// ties: the order split < stacked < zero-insert). Fails when no strategy
/// fits the target (the error lists each reason).
llvm::Expected<StrategyChoice>
chooseStrategy(const SplitPlan &plan, const TargetDesc &target,
               CostObjective objective = CostObjective::Cycles);

/// An upsample + conv pair priced both ways (UpsampleConvCost.cpp).
struct UpsampleConvPrices {
  /// The conv over the upsampled input plus the factorH * factorW copies
  /// convert-tosa-to-accel runs the nearest upsampling as.
  CostEstimate unfused;
  /// The equivalent transposed conv under the strategy.
  CostEstimate fused;
  /// Fused ranks strictly before unfused under `objective`.
  bool fusedIsCheaper(CostObjective objective = CostObjective::Cycles) const;
};

/// Prices a nearest upsampling by (factorH, factorW) + stride-1 conv
/// (`upsampledConv`, over the upsampled input) unfused, and fused as the
/// transposed conv `fused` lowered with `strategy` (std::nullopt: the
/// strategy strategy=auto picks under `objective`).
llvm::Expected<UpsampleConvPrices> priceUpsampleConv(
    const TransposedConvParams &fused, const ConvShape &upsampledConv,
    int64_t factorH, int64_t factorW, std::optional<SplitStrategy> strategy,
    const TargetDesc &target, CostObjective objective = CostObjective::Cycles);

} // namespace accel

#endif // ACCEL_CONVERSION_TOSATOACCEL_TRANSPOSECONVLOWERING_H
