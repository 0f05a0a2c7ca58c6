//===- SplitTransposeConv.cpp - The accel-split-transpose-conv pass -------===//
//
// Function-level driver of the split patterns: applies them greedily and
// reports how many transposed convs were rewritten and the useful / executed
// MACs of the result as pass statistics (and, on request, as a remark, since
// LLVM builds without statistics compile `Statistic` to a no-op). Ops the patterns refuse (dynamic
// shapes, ...) stay as they are; that is not a pass failure.
//
//===----------------------------------------------------------------------===//

#include "accel/Transforms/Passes.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace accel {
#define GEN_PASS_DEF_SPLITTRANSPOSECONVPASS
#include "accel/Transforms/Passes.h.inc"
} // namespace accel

using namespace mlir;

namespace {
struct SplitTransposeConvPass
    : accel::impl::SplitTransposeConvPassBase<SplitTransposeConvPass> {
  using SplitTransposeConvPassBase::SplitTransposeConvPassBase;

  void runOnOperation() override {
    accel::SplitTransposeConvStats stats;
    RewritePatternSet patterns(&getContext());
    accel::populateSplitTransposeConvPatterns(patterns, strategy, &stats);
    // Only transpose_conv2d ops are rewritten: no folding of the rest of the
    // function, so the pass composes with any TOSA pipeline.
    GreedyRewriteConfig config;
    config.enableFolding(false);
    config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns),
                                     config)))
      return signalPassFailure();
    if (emitMacRemarks && stats.rewritten > 0)
      emitRemark(getOperation().getLoc())
          << "accel-split-transpose-conv ("
          << accel::stringifySplitStrategy(strategy)
          << "): rewrote " << stats.rewritten
          << " transposed conv(s); useful MACs " << stats.usefulMacs
          << ", executed MACs " << stats.executedMacs;
    numRewritten += stats.rewritten;
    numUsefulMacs += stats.usefulMacs;
    numExecutedMacs += stats.executedMacs;
  }
};
} // namespace
