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
#include "accel/Schedule/CopySchedule.h"
#include "accel/Emit/OpModel.h"
#include "accel/Target/CostModel.h"
#include "accel/Target/Tiler.h"


#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/TypeSwitch.h"

#include <set>
#include <string>

namespace accel {
#define GEN_PASS_DEF_ACCELTILE
#include "accel/Dialect/Accel/Transforms/Passes.h.inc"
} // namespace accel

using namespace mlir;
using namespace accel;
using namespace accel::emit;
using namespace accel::schedule;

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

/// Records a conv's tiling attributes.
void setTiling(Operation *op, const TilingChoice &tiling) {
  Builder builder(op->getContext());
  op->setAttr(kTileAttr,
              builder.getDenseI64ArrayAttr(
                  {tiling.tileH, tiling.tileW, tiling.tileK, tiling.tileC}));
  op->setAttr(kLoopOrderAttr,
              builder.getStringAttr(schedule::loopOrderName(tiling.order)));
}

/// Which parts of a conv's result reach DRAM when it feeds a channel-grouped
/// (stacked) depth_to_space: the same pieces accel-plan-memory gives the
/// operand (computed against a dense result), as cuts from each edge. Empty
/// when the whole result is stored densely.
OutputCrop outputCropOf(Conv2DOp op) {
  if (!op->hasOneUse())
    return {};
  auto d2s = dyn_cast<DepthToSpaceOp>(*op->getUsers().begin());
  if (!d2s || !d2s.isChannelGrouped())
    return {};
  Shape4 resultShape = *nhwcShape(d2s.getType());
  Shape4 shape = *nhwcShape(op.getType());
  int64_t bytes = elementBytesOf(d2s.getType().getElementType());
  std::optional<Placement> pieces =
      aliasOperandPlacement(d2s, 0, densePlacement(0, resultShape, bytes));
  if (!pieces)
    return {};
  return schedule::outputCropOf(*pieces, shape);
}

/// Tiles one conv; errors name the op (by location), the target and the
/// tiler's reason. A conv feeding a stacked depth_to_space is priced with
/// its cropped stores (what the emitter emits).
FailureOr<CostEstimate> tileConv(Conv2DOp op, const TargetDesc &target) {
  ConvShape shape = convShapeOf(op);
  bool hasBias = bool(op.getBias());
  llvm::Expected<TiledConv> tiled = chooseTiling(shape, target, hasBias);
  if (!tiled) {
    op.emitOpError() << "has no tiling that fits target '" << target.name
                     << "': " << llvm::toString(tiled.takeError());
    return failure();
  }
  OutputCrop crop = outputCropOf(op);
  if (!crop.empty()) {
    llvm::Expected<CostEstimate> cropped = estimateCroppedConvCost(
        shape, target, tiled->tiling, hasBias, crop);
    if (!cropped) {
      op.emitOpError() << "cannot be priced on target '" << target.name
                       << "': " << llvm::toString(cropped.takeError());
      return failure();
    }
    tiled->cost = *cropped;
  }
  setTiling(op, tiled->tiling);
  setEstimates(op, tiled->cost, target);
  return tiled->cost;
}

/// The phase convs of split transposed convs: for every depth_to_space with
/// one operand per phase, its conv operands that read the same input, have
/// stride 1, are used only by it, and agree on having a bias. Groups of at
/// least two, members in block order.
SmallVector<SmallVector<Conv2DOp>> collectPhaseGroups(func::FuncOp func) {
  SmallVector<SmallVector<Conv2DOp>> groups;
  func.walk([&](DepthToSpaceOp d2s) {
    if (d2s.isChannelGrouped())
      return;
    llvm::MapVector<Value, SmallVector<Conv2DOp>> byInput;
    for (Value operand : d2s->getOperands()) {
      auto conv = operand.getDefiningOp<Conv2DOp>();
      if (!conv || !conv->hasOneUse() || conv->getBlock() != d2s->getBlock())
        continue;
      if (llvm::count(d2s->getOperands(), operand) != 1)
        continue;
      if (conv.getStride()[0] != 1 || conv.getStride()[1] != 1)
        continue;
      byInput[conv.getInput()].push_back(conv);
    }
    for (auto &[input, convs] : byInput) {
      SmallVector<Conv2DOp> withBias, withoutBias;
      for (Conv2DOp conv : convs)
        (conv.getBias() ? withBias : withoutBias).push_back(conv);
      for (SmallVector<Conv2DOp> *members : {&withBias, &withoutBias}) {
        if (members->size() < 2)
          continue;
        llvm::sort(*members, [](Conv2DOp a, Conv2DOp b) {
          return a->isBeforeInBlock(b);
        });
        groups.push_back(*members);
      }
    }
  });
  return groups;
}

/// Tiles a phase group: fused (one schedule, `accel.phase_group` on every
/// member, the estimates on the first) or per phase, whichever the cost
/// model prices lower.
FailureOr<CostEstimate> tileGroup(ArrayRef<Conv2DOp> members, int64_t id,
                                  const TargetDesc &target) {
  Conv2DOp leader = members.front();
  PhaseGroup group;
  group.hasBias = bool(leader.getBias());
  group.sharedBias = group.hasBias;
  for (Conv2DOp member : members) {
    group.phases.push_back(convShapeOf(member));
    if (group.hasBias && member.getBias() != leader.getBias())
      group.sharedBias = false;
  }
  llvm::Expected<TiledPhaseGroup> tiled = tilePhaseGroup(group, target);
  if (!tiled) {
    // Report through the per-conv path (it names the failing phase).
    llvm::consumeError(tiled.takeError());
    CostEstimate total;
    for (Conv2DOp member : members) {
      FailureOr<CostEstimate> cost = tileConv(member, target);
      if (failed(cost))
        return failure();
      total += *cost;
    }
    return total;
  }
  Builder builder(leader.getContext());
  if (!tiled->fused) {
    for (auto [member, phase] : llvm::zip(members, tiled->phases)) {
      setTiling(member, phase.tiling);
      setEstimates(member, phase.cost, target);
    }
    return tiled->total;
  }
  for (Conv2DOp member : members) {
    setTiling(member, tiled->fusedTiling.tiling);
    member->setAttr(kPhaseGroupAttr, builder.getI64IntegerAttr(id));
  }
  setEstimates(leader, tiled->total, target);
  return tiled->total;
}

/// Prices an op with a fixed schedule (bias_fill, add, zero_insert).
FailureOr<CostEstimate> priceFixedSchedule(Operation *op,
                                           const TargetDesc &target) {
  schedule::PlaneShape plane = planeShapeOf(op->getResult(0));
  llvm::Expected<CostEstimate> cost =
      llvm::TypeSwitch<Operation *, llvm::Expected<CostEstimate>>(op)
          .Case([&](BiasFillOp) {
            return estimateFillCost(plane, target, /*hasBias=*/true);
          })
          .Case([&](AddOp) { return estimateAddCost(plane, target); })
          .Case([&](ZeroInsertOp zeroInsert) {
            return estimateZeroInsertCost(
                planeShapeOf(zeroInsert.getInput()), plane,
                zeroInsertGeometryOf(zeroInsert), target);
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
    const TargetDesc target = targetAttr.getDesc();
    // The ops a TOSA op was lowered to share its location (a split layer's
    // bias fills, its phase convs): report each problem once per location.
    std::set<std::pair<const void *, std::string>> reportedErrors;
    ScopedDiagnosticHandler dedupe(
        module.getContext(), [&](Diagnostic &diag) -> LogicalResult {
          if (diag.getSeverity() != DiagnosticSeverity::Error)
            return failure(); // not handled here
          bool first =
              reportedErrors
                  .insert({diag.getLocation().getAsOpaquePointer(), diag.str()})
                  .second;
          return success(!first); // drop repeats, pass on the first
        });
    bool failedAny = false;
    Builder builder(module.getContext());
    module.walk([&](func::FuncOp func) {
      CostEstimate total;
      bool priced = false;
      // Phase groups are tiled as a whole at their first member.
      llvm::DenseMap<Operation *, size_t> groupOf;
      SmallVector<SmallVector<Conv2DOp>> groups = collectPhaseGroups(func);
      for (auto [index, members] : llvm::enumerate(groups))
        for (Conv2DOp member : members) {
          member->removeAttr(kPhaseGroupAttr);
          groupOf[member] = index;
        }
      func.walk([&](Operation *op) {
        FailureOr<CostEstimate> cost = failure();
        auto grouped = groupOf.find(op);
        if (grouped != groupOf.end()) {
          ArrayRef<Conv2DOp> members = groups[grouped->second];
          if (members.front() != op)
            return; // tiled with its group's first member
          cost = tileGroup(members, int64_t(grouped->second), target);
        } else if (auto conv = dyn_cast<Conv2DOp>(op))
          cost = tileConv(conv, target);
        else if (llvm::isa<BiasFillOp, AddOp, ZeroInsertOp>(op))
          cost = priceFixedSchedule(op, target);
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
