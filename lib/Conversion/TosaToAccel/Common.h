//===- Common.h - Helpers shared by the TosaToAccel patterns -*- C++ -*-===//
//
// Internal to lib/Conversion/TosaToAccel: constants, error reporting and the
// producer walk that decides whether a bias or an activation can be fused.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_TOSATOACCEL_COMMON_H
#define LIB_CONVERSION_TOSATOACCEL_COMMON_H

#include "accel/Conversion/TosaToAccel/ChannelFold.h"
#include "accel/Conversion/TosaToAccel/TosaToAccel.h"
#include "accel/Dialect/Accel/IR/AccelOps.h"
#include "accel/Support/DenseConstant.h"
#include "accel/Target/ConvShape.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/PatternMatch.h"

#include "llvm/ADT/DenseMap.h"

#include <optional>
#include <string>

namespace accel {
namespace tosa_to_accel {

/// Reports `message` as an error on `op` once per op and conversion run and
/// returns failure. Used for problems that retrying cannot fix. With host
/// fallback on, an op the host can run is not reported (it falls back).
mlir::LogicalResult reportError(mlir::Operation *op,
                                const TosaToAccelOptions &options,
                                const llvm::Twine &message);

/// The error (on `op`, naming the target) for a convolution of `shape`
/// outside the target's limits, or success (also without a target).
mlir::LogicalResult checkConvLimits(mlir::Operation *op,
                                    const TosaToAccelOptions &options,
                                    const ConvShape &shape);

/// Whether any operand or result of `op` is a tensor without a static shape
/// (unranked or with dynamic dimensions).
bool hasNonStaticTensor(mlir::Operation *op);

/// The error for such an op (one wording for every pattern and the final
/// check).
llvm::StringRef unsupportedShapeMessage();

/// The elements of `value` when it is a constant with whole-byte elements.
mlir::DenseElementsAttr getConstantElements(mlir::Value value);

/// The bytes of the same constants as getConstantElements, read in place:
/// getConstantElements copies and hashes a dense_resource blob (the
/// importer's weights) into a uniqued attribute on every call.
std::optional<ConstantBytes> getConstantBytes(mlir::Value value);

/// Whether getConstantElements(value) is non-null, without building the
/// elements.
bool isConstantElements(mlir::Value value);

/// Whether a padding copy of `input` (the stride-1 accel.zero_insert of a
/// windowed pack) is expected to be placed in place by accel-plan-memory
/// (docs/Backend.md, "Padding copies in place"): `input` is produced by an
/// op that is not a constant or a reshape (not a function argument) and the
/// op being converted is its only reader (another reader may become a view,
/// which the planner does not alias). A prediction from the TOSA graph for
/// the cost model (TapPack::padInPlace); the planner decides.
bool padCopyCanBeInPlace(mlir::Value input);

/// A constant of `type` whose element i is `source` element gather[i]
/// (`source` may be a splat), or `fill` (one element's raw bytes) when
/// gather[i] < 0. Built as a `tosa.const`.
mlir::Value createGatheredConstant(mlir::OpBuilder &builder, mlir::Location loc,
                                   const ConstantBytes &source,
                                   mlir::RankedTensorType type,
                                   llvm::ArrayRef<int64_t> gather,
                                   llvm::ArrayRef<char> fill = {});

/// A `tosa.const` of `type` filled with zeros.
mlir::Value createZeroConstant(mlir::OpBuilder &builder, mlir::Location loc,
                               mlir::RankedTensorType type);

/// Raw little-endian bytes of one element of `type` (i8 or i32) holding
/// `value`; empty for other types.
llvm::SmallVector<char> integerBytes(mlir::Type type, int64_t value);

/// The bytes of a zero tap of `weights`: the weight zero point (i8) or 0
/// (f32), for kernels gathered with zero taps.
llvm::SmallVector<char> zeroTapOf(const ConstantBytes &weights,
                                  int64_t weightZp);

/// One alternative a strategy choice priced: its cost, or why it does not
/// fit.
struct StrategyEstimate {
  std::string name;
  std::optional<CostEstimate> cost;
  std::string reason;
};

/// Records `estimates` on `op` as accel.strategy_cycles / _dram_bytes /
/// _energy_pj (whole pJ) dictionaries and accel.strategy_infeasible.
void recordStrategyEstimates(mlir::Operation *op,
                             llvm::ArrayRef<StrategyEstimate> estimates,
                             mlir::Builder &builder);

/// Under strategy=fold / auto with a target, how the cost model runs `op`
/// (an ordinary conv of `shape` with constant weights): plain, folded
/// (output-side channel fold, `folded` set), packed (input-side tap
/// packing, `packed` set) or both (`fold_pack`: the folded conv's input side
/// packed, `folded` and `packed` set, `packed` a pack of `folded->conv`),
/// with the estimates of each way priced to record (ChannelFoldPatterns.cpp).
/// std::nullopt when neither a fold nor a pack is considered.
struct ConvFoldOrPackDecision {
  llvm::SmallVector<StrategyEstimate> estimates;
  std::optional<GroupedConv> base, folded;
  /// Input-side packing of the layer's conv (`folded` empty) or of the
  /// folded conv (`folded` set), when that is the cheapest.
  std::optional<TapPack> packed;
};
std::optional<ConvFoldOrPackDecision>
decideConvFoldOrPack(mlir::tosa::Conv2DOp op, const ConvShape &shape,
                     const TosaToAccelOptions &options);

/// Replaces `op` by its folded conv (input-side packed when the decision
/// packs it) and a channel-grouped depth_to_space (`bias` has one element per
/// output channel) and records the decision.
void rewriteFoldedConv(mlir::tosa::Conv2DOp op, mlir::Value bias,
                       const ConvFoldOrPackDecision &decision,
                       mlir::PatternRewriter &rewriter);

/// The geometry of a move conv (below) beyond its pad and groups.
struct MoveConvGeometry {
  int64_t strideH = 1, strideW = 1, dilationH = 1, dilationW = 1;
  /// i8: the input and output zero point (a padded position reads it and
  /// writes it back), 0 otherwise.
  int64_t zeroPoint = 0;
};

/// A tosa.const OHWI kernel of shape `ohwi` whose output channel o has one
/// tap of 1 (f32 1.0 or i8 1) at position `tapOf(o)` of its H*W*I row and
/// zeros elsewhere: the weight of a move conv (below).
mlir::Value createUnitTapKernel(mlir::PatternRewriter &rewriter,
                                mlir::Location loc, mlir::Type element,
                                llvm::ArrayRef<int64_t> ohwi,
                                llvm::function_ref<int64_t(int64_t)> tapOf);

/// An accel.conv2d without bias that moves data: `weight` holds one nonzero
/// tap (1) per output channel, so every output is one input element; in i8
/// each i32 accumulator holds one product and multiplier 1, shift 0 writes it
/// back unchanged.
mlir::Value createMoveConv(mlir::PatternRewriter &rewriter, mlir::Location loc,
                           mlir::Value input, mlir::Value weight,
                           mlir::RankedTensorType resultType,
                           llvm::ArrayRef<int64_t> pad, int64_t groups,
                           const MoveConvGeometry &geometry = {});

/// The packed form of a conv (ChannelFold.h `TapPack`) over `input`: the
/// move conv or window (and row slices) that pack its input, and the main
/// conv, whose kernel is `weights` gathered by `kernelGather` (one source
/// index per element of the conv's OHWI kernel, -1 for a zero tap reading
/// `fill`) and rearranged to the packed channel order. Used for packed convs,
/// folded convs (fold_pack) and folded stacked transposed convs.
accel::Conv2DOp createTapPackedConv(
    mlir::PatternRewriter &rewriter, mlir::Location loc, mlir::Value input,
    const ConstantBytes &weights, llvm::ArrayRef<int64_t> kernelGather,
    llvm::ArrayRef<char> fill, mlir::Value bias, const TapPack &pack,
    int64_t inputZp, int64_t weightZp, mlir::RankedTensorType resultType);

/// strategy=fold / auto: replaces `op` (a conv with few input channels) by
/// the move conv that packs its kernel rows into channels and the K_h x 1
/// conv over the packed input (ChannelFold.h `TapPack`), recording the
/// decision's estimates on the latter.
void rewriteTapPackedConv(mlir::tosa::Conv2DOp op, mlir::Value bias,
                          const TapPack &pack,
                          llvm::ArrayRef<StrategyEstimate> estimates,
                          mlir::PatternRewriter &rewriter);

/// The post-op an activation op denotes, with its parameters.
struct PostOp {
  PostOpKind kind = PostOpKind::None;
  std::optional<float> clampMin, clampMax, leakyAlpha;
};

/// Sets `post` on an accel op that has the post-op attributes.
void setPostOp(mlir::PatternRewriter &rewriter, mlir::Operation *op,
               const PostOp &post);

/// An accel op whose epilogue absorbs a fused bias, requantization or
/// activation, and for each of its output channels the channel of the fused
/// value it becomes (bias and requantization; empty for an activation, and
/// for a requantization reached through a reshape that moves channels).
struct FusionTerminal {
  mlir::Operation *op;
  llvm::SmallVector<int64_t> channelMap;
};

/// What is being fused into the producers of a value.
/// Bias: an accumulator-domain add (no post-op, no requantization yet).
/// Activation: a post-op (on requantized producers, in the i8 domain).
/// Requant: an i32 -> i8 rescale (conv / bias fill, post-op none / relu /
/// clamp, not yet requantized).
/// What a fusion adds to a producer's epilogue: a per-channel bias, an
/// activation, an i32 -> i8 requantization, or an i8 lookup table (applied
/// last, on the requantized i8 value).
enum class FusionKind { Bias, Activation, Requant, Table };

/// Finds the accel ops computing `value` whose epilogue can absorb a
/// per-channel bias or an activation applied to `value`: conv2d and
/// bias_fill (and add, for activations) without a post-op, reached through
/// accel.reshape (for a bias only when it keeps the channel dimension),
/// accel.depth_to_space and accel.concat. Every op on the way must have no
/// other user; `value` itself may only be used by `allowedUsers`. Fails when
/// any producer cannot absorb it.
mlir::FailureOr<llvm::SmallVector<FusionTerminal>>
collectFusionTerminals(mlir::Value value, FusionKind kind,
                       llvm::ArrayRef<mlir::Operation *> allowedUsers);

/// Failure, with `why` stored in `reason` (if given): the readers of fusable
/// parameters below report why they refuse through it.
template <typename T>
mlir::FailureOr<T> refuseWith(std::string *reason, const llvm::Twine &why) {
  if (reason)
    *reason = why.str();
  return mlir::failure();
}

/// A tosa.rescale's multiplier, shift and zero points as constants
/// (std::nullopt where an operand is not an integer constant).
struct RescaleConstants {
  std::optional<llvm::SmallVector<int64_t>> multiplier, shift, inputZp,
      outputZp;
};
RescaleConstants readRescaleConstants(mlir::tosa::RescaleOp op);

/// Why the engine cannot apply `op`'s rounding: an unsigned form,
/// INEXACT_ROUND, or DOUBLE_ROUND without scale32 (`form` names the signed
/// form it takes, e.g. "i32 -> i8"); std::nullopt when it can.
std::optional<std::string> rescaleModeProblem(mlir::tosa::RescaleOp op,
                                              llvm::StringRef form);

/// A constant integer operand's values (one per channel, or one), sign
/// extended; std::nullopt when it is not an integer constant.
std::optional<llvm::SmallVector<int64_t>> integerValues(mlir::Value value);

/// The int8 residual add as TFLite -> TOSA writes it: an i32 tosa.add of two
/// tosa.rescale (i8 -> i32) used only by it, whose one user is a
/// tosa.rescale (i32 -> i8).
struct Int8ResidualAdd {
  mlir::tosa::RescaleOp lhs, rhs, output;
};
std::optional<Int8ResidualAdd> matchInt8ResidualAdd(mlir::tosa::AddOp add);

/// An input rescale (i8 -> i32) of an int8 residual add as the LOAD_ACC
/// applies it: per tensor, constant, signed, SINGLE_ROUND or DOUBLE_ROUND,
/// multiplier >= 0, shift in [2, 62], output zero point 0. On failure
/// `reason` (if given) names the parameter.
mlir::FailureOr<schedule::AddOperandScale>
readAddInputRescale(mlir::tosa::RescaleOp op, std::string *reason = nullptr);

/// The same, for an i8 -> i32 operand rescale (`toInt8` false) or a
/// standalone i8 -> i8 rescale (`toInt8` true: any output zero point, and a
/// scale small enough that the scaled i8 range stays inside i32).
mlir::FailureOr<schedule::AddOperandScale>
readElementwiseRescale(mlir::tosa::RescaleOp op, bool toInt8,
                       std::string *reason = nullptr);

/// The 256 i8 entries of a tosa.table the engine's POST lookup table can
/// apply: i8 -> i8 with a constant [256] i8 table. On failure `reason` (if
/// given) names the parameter.
mlir::FailureOr<mlir::DenseElementsAttr>
readTableParams(mlir::tosa::TableOp op, std::string *reason = nullptr);

/// The parameters of a tosa.rescale accel can fuse: constant, i32 -> i8,
/// signed, SINGLE_ROUND or DOUBLE_ROUND, multiplier >= 0, shift in [2, 62],
/// input zero point 0. `multiplier` / `shift` hold one value per tensor or
/// one per channel.
struct RescaleParams {
  llvm::SmallVector<int64_t> multiplier, shift;
  int64_t outputZp = 0;
  bool doubleRound = false;
  /// Whether every channel has the same (multiplier, shift).
  bool isPerTensor() const;
};

/// Reads `op`'s parameters, or fails; `reason` (if given) then says which
/// parameter accel cannot represent and why.
mlir::FailureOr<RescaleParams> readRescaleParams(mlir::tosa::RescaleOp op,
                                                 std::string *reason = nullptr);

/// An op replaced by accel.host: its TOSA name and location.
struct HostFallback {
  std::string opName;
  mlir::Location loc;
};

/// Replaces every TOSA op under `root` (constants and `reported` ops
/// aside) that the host runs by an accel.host op; the others get the
/// reason in `whyNot`. Returns the replaced ops in block order
/// (HostFallback.cpp).
llvm::SmallVector<HostFallback>
fallBackToHost(mlir::Operation *root,
               const llvm::DenseSet<mlir::Operation *> &reported,
               llvm::DenseMap<mlir::Operation *, std::string> &whyNot);

/// Whether fallBackToHost would replace `op`.
bool canFallBackToHost(mlir::Operation *op);

/// One warning at `root` listing `fallbacks`, a note at each location.
void reportHostFallbacks(mlir::Operation *root,
                         llvm::ArrayRef<HostFallback> fallbacks);

/// Pattern sets of the individual files (TosaToAccel.cpp combines them).
void populateTransposeConvPatterns(mlir::RewritePatternSet &patterns,
                                   const TosaToAccelOptions &options);

/// The cost-model decisions the patterns will ask for `op`, made ahead
/// (they are cached: convertTosaToAccel makes them for all layers in
/// parallel, then the patterns rewrite in program order and find them
/// made). No IR change, no diagnostic: the patterns report. The weights
/// they read are the attributes the patterns read.
void prepriceTransposeConv(mlir::tosa::TransposeConv2DOp op,
                           const TosaToAccelOptions &options);
void prepriceConv(mlir::tosa::Conv2DOp op, const TosaToAccelOptions &options);
void populateInt8ResidualAddPatterns(mlir::RewritePatternSet &patterns,
                                     const TosaToAccelOptions &options);
/// i8 -> i8 rescales no producer absorbed, as accel.add(x, 0).
void populateInt8RescalePatterns(mlir::RewritePatternSet &patterns,
                                 const TosaToAccelOptions &options);
void populateLayerPatterns(mlir::RewritePatternSet &patterns,
                           const TosaToAccelOptions &options);
void populateUnfusedConstantAddPatterns(mlir::RewritePatternSet &patterns);
void populateDataMovementPatterns(mlir::RewritePatternSet &patterns,
                                  const TosaToAccelOptions &options);
/// tosa.conv3d as 2-D convs summed over depth taps (Conv3dPatterns.cpp).
void populateConv3dPatterns(mlir::RewritePatternSet &patterns,
                            const TosaToAccelOptions &options);
/// tosa.mul by a constant (one value or one per channel) as a per-channel
/// 1x1 accel.conv2d; run after the activation patterns.
void populateConstantScalePatterns(mlir::RewritePatternSet &patterns);

} // namespace tosa_to_accel
} // namespace accel

#endif // LIB_CONVERSION_TOSATOACCEL_COMMON_H
