//===- Estimate.cpp - Price every program layer with the timing model -----===//
//
// accel-estimate: for every op that starts a program layer, runs the op's
// schedule builder exactly as the emitter does (accel/Dialect/Accel/Utils/
// OpSchedule.h: same builder, same tiling, same placements and copies)
// into the simulator's timing model (accel::estimateSchedule), and
// records the cost as `accel.est`; every function gets the sums as
// `accel.est_total`. It is the only writer of both.
//
//===----------------------------------------------------------------------===//

#include "accel/Dialect/Accel/IR/AccelAnnotations.h"
#include "accel/Dialect/Accel/IR/AccelOps.h"
#include "accel/Dialect/Accel/Transforms/Passes.h"
#include "accel/Dialect/Accel/Utils/OpSchedule.h"
#include "accel/Target/CostModel.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <optional>

namespace accel {
#define GEN_PASS_DEF_ACCELESTIMATE
#include "accel/Dialect/Accel/Transforms/Passes.h.inc"
} // namespace accel

using namespace mlir;
using namespace accel;

namespace {

EstimateAttr estimateAttr(MLIRContext *context, const CostEstimate &cost,
                          const TargetDesc &target) {
  return EstimateAttr::get(context, cost.cycles, cost.dramBytes,
                           llvm::APFloat(cost.energyPJ),
                           llvm::APFloat(cost.macUtilization(target)));
}

/// Prices the layer `op` starts; failure after a located error.
FailureOr<CostEstimate> priceLayer(Operation *op,
                                   const LayerSchedules &schedules,
                                   const TargetDesc &target) {
  // Errors reading the IR or building the schedule are reported at the op
  // by the builder code; only the timing model's own errors remain.
  bool reported = false;
  llvm::Expected<CostEstimate> cost = estimateSchedule(
      target, [&](isa::InstructionSink &sink) -> llvm::Error {
        if (succeeded(schedules.build(op, /*layer=*/0, sink)))
          return llvm::Error::success();
        reported = true;
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "reported at the op");
      });
  if (cost)
    return *cost;
  if (reported) {
    llvm::consumeError(cost.takeError());
    return failure();
  }
  return op->emitOpError() << "cannot be priced on target '" << target.name
                           << "': " << llvm::toString(cost.takeError());
}

struct EstimatePass : accel::impl::AccelEstimateBase<EstimatePass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    TargetAttr targetAttr = lookupTargetAttr(module);
    std::optional<TargetDesc> desc;
    if (targetAttr)
      desc = targetAttr.getDesc();
    TargetDesc none;
    const TargetDesc &target = desc ? *desc : none;
    bool failedAny = false;
    for (func::FuncOp func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      if (!func.getBody().hasOneBlock()) {
        func.emitError() << "accel-estimate expects a function with one block";
        failedAny = true;
        continue;
      }
      LayerSchedules schedules(func, target);
      CostEstimate total;
      bool priced = false;
      for (Operation &op : func.front()) {
        op.removeAttr(kEstimateAttr);
        if (!schedules.startsLayer(&op))
          continue;
        if (!desc) {
          // Reported at the first op that needs the target.
          op.emitOpError() << "cannot be priced: the module has no '"
                           << AccelDialect::getTargetAttrName()
                           << "' attribute (run --accel-set-target first)";
          return signalPassFailure();
        }
        FailureOr<CostEstimate> cost = priceLayer(&op, schedules, target);
        if (failed(cost)) {
          failedAny = true;
          continue;
        }
        op.setAttr(kEstimateAttr, estimateAttr(&getContext(), *cost, target));
        total += *cost;
        priced = true;
      }
      if (priced)
        func->setAttr(kEstimateTotalAttr,
                      estimateAttr(&getContext(), total, target));
      else
        func->removeAttr(kEstimateTotalAttr);
    }
    if (failedAny)
      signalPassFailure();
  }
};

} // namespace
