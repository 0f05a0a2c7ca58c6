//===- TosaToAccelPass.cpp - The convert-tosa-to-accel pass ---------------===//
//
// Function-level driver: reads the module's target, runs the conversion
// (TosaToAccel.cpp) and turns what it did into pass statistics and, on
// request, a remark (LLVM builds without statistics compile `Statistic` to a
// no-op).
//
//===----------------------------------------------------------------------===//

#include "Conv3dBoundary.h"

#include "accel/Conversion/Passes.h"
#include "accel/Conversion/TosaToAccel/BoundaryLayout.h"

#include "accel/Dialect/Accel/IR/AccelOps.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

namespace accel {
#define GEN_PASS_DEF_CONVERTTOSATOACCEL
#include "accel/Conversion/Passes.h.inc"
} // namespace accel

using namespace mlir;

namespace {
struct ConvertTosaToAccelPass
    : accel::impl::ConvertTosaToAccelBase<ConvertTosaToAccelPass> {
  using ConvertTosaToAccelBase::ConvertTosaToAccelBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    accel::TosaToAccelStats stats;
    accel::TosaToAccelOptions options;
    options.strategy = strategy;
    options.objective = objective;
    options.allowI32Results = allowI32Results;
    options.hostFallback = hostFallback;
    options.stats = &stats;
    if (accel::TargetAttr targetAttr = accel::lookupTargetAttr(func)) {
      options.target = targetAttr.getDesc();
    } else if (strategy == accel::TransposeConvStrategy::Auto ||
               strategy == accel::TransposeConvStrategy::Fold) {
      func.emitError() << "convert-tosa-to-accel: strategy="
                       << accel::stringifyTransposeConvStrategy(strategy)
                       << " needs a "
                          "target on the module (accel.target, e.g. from "
                          "--accel-set-target)";
      return signalPassFailure();
    }

    accel::tosa_to_accel::absorbNdhwcBoundary(func);
    accel::absorbBoundaryLayout(func);
    LogicalResult result = accel::convertTosaToAccel(func, options);

    numTransposedConvs += stats.transposedConvs;
    numUsefulMacs += stats.usefulMacs;
    numExecutedMacs += stats.executedMacs;
    numSplit += stats.split;
    numStacked += stats.stacked;
    numZeroInsert += stats.zeroInsert;
    numFold += stats.fold;
    numFoldedConvs += stats.foldedConvs;
    numPackedConvs += stats.packedConvs;
    if (emitMacRemarks && stats.transposedConvs > 0)
      emitRemark(func.getLoc())
          << "convert-tosa-to-accel ("
          << accel::stringifyTransposeConvStrategy(strategy) << "): converted "
          << stats.transposedConvs << " transposed conv(s) (split "
          << stats.split << ", stacked " << stats.stacked << ", zero-insert "
          << stats.zeroInsert << ", fold " << stats.fold
          << "); useful MACs " << stats.usefulMacs
          << ", executed MACs " << stats.executedMacs;
    if (failed(result))
      signalPassFailure();
  }
};
} // namespace
