//===- Tile.cpp - Record the cost model's tiling decisions ----------------===//
//
// accel-tile: asks the tiler for each accel.conv2d's best tiling on the
// module's target and records the tiling and the estimates as `accel.*`
// attributes (see Passes.td); fills, adds and zero-inserts get estimates
// of their fixed schedules. The emitter later reads exactly these
// attributes.
//
//===----------------------------------------------------------------------===//

#include "accel/Dialect/Accel/IR/AccelOps.h"
#include "accel/Dialect/Accel/Transforms/Passes.h"
#include "accel/Emit/CopySchedule.h"
#include "accel/Emit/OpModel.h"
#include "accel/Target/CostModel.h"
#include "accel/Target/Tiler.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

#include "llvm/ADT/TypeSwitch.h"

namespace accel {
#define GEN_PASS_DEF_ACCELTILE
#include "accel/Dialect/Accel/Transforms/Passes.h.inc"
} // namespace accel

using namespace mlir;
using namespace accel;
using namespace accel::emit;

namespace {

/// Writes the estimate attributes shared by every priced op.
void setEstimates(Operation *op, const CostEstimate &cost,
                  const TargetDesc &target) {
  Builder builder(op->getContext());
  op->setAttr(kEstCyclesAttr, builder.getI64IntegerAttr(cost.cycles));
  op->setAttr(kEstDramBytesAttr, builder.getI64IntegerAttr(cost.dramBytes));
  op->setAttr(kEstEnergyAttr, builder.getF64FloatAttr(cost.energyPJ));
  op->setAttr(kMacUtilizationAttr,
              builder.getF64FloatAttr(cost.macUtilization(target)));
}

/// Tiles one conv; errors name the op (by location), the target and the
/// tiler's reason.
FailureOr<CostEstimate> tileConv(Conv2DOp op, const TargetDesc &target) {
  ConvShape shape = convShapeOf(op);
  llvm::Expected<TiledConv> tiled =
      chooseTiling(shape, target, /*hasBias=*/bool(op.getBias()));
  if (!tiled) {
    op.emitOpError() << "has no tiling that fits target '" << target.name
                     << "': " << llvm::toString(tiled.takeError());
    return failure();
  }
  Builder builder(op.getContext());
  const TilingChoice &tiling = tiled->tiling;
  op->setAttr(kTileAttr,
              builder.getDenseI64ArrayAttr(
                  {tiling.tileH, tiling.tileW, tiling.tileK, tiling.tileC}));
  op->setAttr(kLoopOrderAttr,
              builder.getStringAttr(isa::loopOrderName(tiling.order)));
  setEstimates(op, tiled->cost, target);
  return tiled->cost;
}

/// Prices an op with a fixed schedule (bias_fill, add, zero_insert).
FailureOr<CostEstimate> priceFixedSchedule(Operation *op,
                                           const TargetDesc &target) {
  isa::PlaneShape plane = planeShapeOf(op->getResult(0));
  llvm::Expected<CostEstimate> cost =
      llvm::TypeSwitch<Operation *, llvm::Expected<CostEstimate>>(op)
          .Case([&](BiasFillOp) {
            return estimateFillCost(plane, target, /*hasBias=*/true);
          })
          .Case([&](AddOp) { return estimateAddCost(plane, target); })
          .Case([&](ZeroInsertOp zeroInsert) {
            // Fill the dilated map, then copy the input to its positions.
            isa::PlaneShape input = planeShapeOf(zeroInsert.getInput());
            return estimateSchedule(target, [&](isa::InstructionSink &sink)
                                                -> llvm::Error {
              isa::DramView out = isa::DramView::dense(
                  0, plane.height, plane.width, plane.channels,
                  elementBytes(plane.element));
              if (llvm::Error error = isa::generateFillSchedule(
                      plane, isa::ConvEpilogue{}, std::nullopt, out, target,
                      0, sink))
                return error;
              isa::DramView in = isa::DramView::dense(
                  0, input.height, input.width, input.channels,
                  elementBytes(input.element));
              return generateCopySchedule(input, in, in, target, 0, sink);
            });
          })
          .Default([](Operation *) -> llvm::Expected<CostEstimate> {
            return CostEstimate{};
          });
  if (!cost) {
    op->emitOpError() << "cannot be scheduled on target '" << target.name
                      << "': " << llvm::toString(cost.takeError());
    return failure();
  }
  setEstimates(op, *cost, target);
  return *cost;
}

struct TilePass : accel::impl::AccelTileBase<TilePass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    TargetAttr targetAttr = lookupTargetAttr(module);
    if (!targetAttr) {
      // Report at the first op that needs the target (the module itself
      // usually has no location of its own).
      Operation *anchor = nullptr;
      module.walk([&](Operation *op) {
        if (llvm::isa<Conv2DOp, BiasFillOp, AddOp, ZeroInsertOp>(op)) {
          anchor = op;
          return WalkResult::interrupt();
        }
        return WalkResult::advance();
      });
      if (!anchor)
        return; // nothing to tile
      anchor->emitOpError() << "cannot be tiled: the module has no '"
                            << AccelDialect::getTargetAttrName()
                            << "' attribute (run --accel-set-target first)";
      return signalPassFailure();
    }
    llvm::Expected<TargetDesc> target = targetAttr.getDesc();
    if (!target) {
      module.emitError() << llvm::toString(target.takeError());
      return signalPassFailure();
    }
    bool failedAny = false;
    Builder builder(module.getContext());
    module.walk([&](func::FuncOp func) {
      CostEstimate total;
      bool priced = false;
      func.walk([&](Operation *op) {
        FailureOr<CostEstimate> cost = failure();
        if (auto conv = dyn_cast<Conv2DOp>(op))
          cost = tileConv(conv, *target);
        else if (llvm::isa<BiasFillOp, AddOp, ZeroInsertOp>(op))
          cost = priceFixedSchedule(op, *target);
        else
          return;
        if (failed(cost)) {
          failedAny = true;
          return;
        }
        total += *cost;
        priced = true;
      });
      if (!priced)
        return;
      func->setAttr(kEstTotalCyclesAttr, builder.getI64IntegerAttr(total.cycles));
      func->setAttr(kEstTotalDramBytesAttr,
                    builder.getI64IntegerAttr(total.dramBytes));
      func->setAttr(kEstTotalEnergyAttr,
                    builder.getF64FloatAttr(total.energyPJ));
    });
    if (failedAny)
      signalPassFailure();
  }
};

} // namespace
