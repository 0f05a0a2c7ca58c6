//===- Passes.h - TOSA-level accel transformations -----------*- C++ -*-===//
//
// Public entry points of the TOSA→TOSA passes: the generated pass
// declarations (`createSplitTransposeConvPass`, its options struct,
// `registerAccelTransformsPasses`) and the pattern population function for
// embedders that run the rewrite inside their own pattern sets.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_TRANSFORMS_PASSES_H
#define ACCEL_TRANSFORMS_PASSES_H

#include "accel/Split/SplitPlan.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

#include <cstdint>
#include <functional>
#include <memory>

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace accel {

/// Counters the split patterns add to for every op they rewrite (the pass
/// turns them into `-mlir-pass-statistics` output). Not thread-safe: use one
/// per pattern set / pass run.
struct SplitTransposeConvStats {
  uint64_t rewritten = 0;
  uint64_t usefulMacs = 0;
  uint64_t executedMacs = 0;
};

/// Adds the pattern rewriting static-shape `tosa.transpose_conv2d` with
/// `strategy`. When `stats` is non-null it is updated on every rewrite and
/// must outlive the pattern set.
void populateSplitTransposeConvPatterns(mlir::RewritePatternSet &patterns,
                                        SplitStrategy strategy,
                                        SplitTransposeConvStats *stats = nullptr);

/// Adds the accel-prepare-tosa patterns (layout transposes sunk and
/// cancelled, tosa.identity removed, BatchNorm mul/add/sub and tosa.pad
/// folded into convolutions) for embedders with their own pattern sets.
void populatePrepareTosaPatterns(mlir::RewritePatternSet &patterns);

/// A nearest upsampling + conv2d pair accel-fuse-upsample-conv can fuse.
struct UpsampleConvCandidate {
  /// The tosa.conv2d fed by the resize.
  mlir::Operation *conv = nullptr;
  /// The equivalent transposed conv (composed kernel, stride = factors).
  TransposedConvParams fused;
  /// The conv as it runs unfused, over the upsampled input.
  ConvShape upsampledConv;
  int64_t factorH = 1, factorW = 1;
};

/// Decides whether a fusable pair is fused (e.g. by price).
using UpsampleConvFilter = std::function<bool(const UpsampleConvCandidate &)>;

#define GEN_PASS_DECL
#include "accel/Transforms/Passes.h.inc"

/// accel-fuse-upsample-conv with a filter that may veto each fusion.
std::unique_ptr<mlir::Pass>
createFuseUpsampleConvPass(const FuseUpsampleConvPassOptions &options,
                           UpsampleConvFilter filter);


#define GEN_PASS_REGISTRATION
#include "accel/Transforms/Passes.h.inc"

} // namespace accel

#endif // ACCEL_TRANSFORMS_PASSES_H
