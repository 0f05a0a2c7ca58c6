//===- TosaToAccel.h - TOSA to accel conversion entry points -*- C++ -*-===//
//
// Public entry points of `convert-tosa-to-accel` for embedders: the pattern
// sets (conversion and fusion), the statistics they fill in, and the whole
// conversion as one function call (what the pass runs).
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_CONVERSION_TOSATOACCEL_TOSATOACCEL_H
#define ACCEL_CONVERSION_TOSATOACCEL_TOSATOACCEL_H

#include "accel/Split/SplitPlan.h"
#include "accel/Target/CostModel.h"
#include "accel/Target/Target.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringRef.h"
#include "mlir/Support/LLVM.h"

#include <cstdint>
#include <optional>

namespace mlir {
class Operation;
class RewritePatternSet;
} // namespace mlir

namespace accel {

/// How `tosa.transpose_conv2d` is lowered: one of the split plan's strategies,
/// `Fold` (stacked with a block of outputs folded into channels, and
/// ordinary convs folded likewise; ChannelFold.h), or the cheapest of them on
/// the target (`Auto`, which also considers folding every conv).
enum class TransposeConvStrategy { Split, Stacked, ZeroInsert, Auto, Fold };

/// split, stacked, zero-insert, auto, fold.
llvm::StringRef stringifyTransposeConvStrategy(TransposeConvStrategy strategy);
/// The strategies' one name table (names and option help), which the
/// `strategy` options of convert-tosa-to-accel and accel-compile offer
/// (EnumOptions.h).
llvm::ArrayRef<EnumName<TransposeConvStrategy>> transposeConvStrategyNames();

/// What the conversion did (the pass turns these into statistics). Not
/// thread-safe: one per pattern set / function.
struct TosaToAccelStats {
  uint64_t transposedConvs = 0;
  uint64_t usefulMacs = 0;   ///< taps on real input (the plan's count)
  uint64_t executedMacs = 0; ///< MACs of the emitted accel.conv2d ops
  uint64_t split = 0, stacked = 0, zeroInsert = 0;
  /// Transposed convs lowered stacked + folded, and ordinary convs folded.
  uint64_t fold = 0, foldedConvs = 0;
  /// Ordinary convs whose kernel rows were packed into input channels.
  uint64_t packedConvs = 0;
};

/// Shared state of one conversion run.
struct TosaToAccelOptions {
  TransposeConvStrategy strategy = TransposeConvStrategy::Split;
  /// The module's target. Required for `Auto` and `Fold`; when present, every emitted
  /// convolution is checked against its limits (errors on the TOSA op).
  std::optional<TargetDesc> target;
  /// What `Auto` and `Fold` minimise when they choose a strategy, a fold or
  /// packing (CostModel.h).
  CostObjective objective = CostObjective::Cycles;
  /// Keep int8 convolutions with raw i32 results (no tosa.rescale after
  /// them) instead of reporting them.
  bool allowI32Results = false;
  /// Turn what is left after the accelerator's patterns into accel.host ops
  /// (one warning listing them) instead of reporting each as an error.
  bool hostFallback = true;
  /// Updated on every converted transposed conv when non-null.
  TosaToAccelStats *stats = nullptr;
  /// Ops on which a pattern already reported an error (so that a pattern
  /// driver retrying them reports each problem once). Must be non-null.
  llvm::DenseSet<mlir::Operation *> *reported = nullptr;
};

/// TOSA → accel patterns: transpose_conv2d, conv2d, matmul (constant right
/// operand), reshape, concat (last axis), add of two activations. `options`
/// must outlive the pattern set.
void populateTosaToAccelConversionPatterns(mlir::RewritePatternSet &patterns,
                                           const TosaToAccelOptions &options);

/// Fusion patterns that fold a constant per-channel `tosa.add` into the bias
/// and `tosa.clamp` / leaky ReLU / `tosa.tanh` / `tosa.sigmoid` into the
/// post-op of the accel ops producing their operand, plus accel.reshape
/// chain folding.
void populateTosaToAccelFusionPatterns(mlir::RewritePatternSet &patterns);

/// Patterns for what fusion leaves behind: an activation becomes accel.add
/// with a zero constant and the post-op. Run after the two sets above have
/// converged, so that only unfusable activations remain.
void populateTosaToAccelUnfusedActivationPatterns(
    mlir::RewritePatternSet &patterns);

/// Runs the whole conversion on `root` (a function or a module): the three
/// pattern sets in order, dead-constant cleanup, and the check that no
/// unsupported op remains (an error naming each one). Fails when any error
/// was reported.
mlir::LogicalResult convertTosaToAccel(mlir::Operation *root,
                                       const TosaToAccelOptions &options);

} // namespace accel

#endif // ACCEL_CONVERSION_TOSATOACCEL_TOSATOACCEL_H
