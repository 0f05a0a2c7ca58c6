//===- Tile.cpp - Record the cost model's tiling decisions ----------------===//
//
// accel-tile: asks the tiler for each accel.conv2d's best tiling on the
// module's target and records it as `accel.tile` (and the fused phase
// groups as `accel.phase_group`), see Passes.td. It writes no estimates:
// accel-estimate prices the emitted schedules once the placements are
// known.
//
//===----------------------------------------------------------------------===//

#include "accel/Dialect/Accel/IR/AccelAnnotations.h"
#include "accel/Dialect/Accel/IR/AccelOps.h"
#include "accel/Dialect/Accel/Transforms/Passes.h"
#include "accel/Target/CostModel.h"
#include "accel/Target/Tiler.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Threading.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"

#include <array>
#include <set>
#include <string>
#include <vector>

namespace accel {
#define GEN_PASS_DEF_ACCELTILE
#include "accel/Dialect/Accel/Transforms/Passes.h.inc"
} // namespace accel

using namespace mlir;
using namespace accel;
using namespace accel::schedule;

namespace {

/// Records a conv's tiling.
void setTiling(Operation *op, const TilingChoice &tiling) {
  op->setAttr(kTileAttr, tilingAttr(op->getContext(), tiling));
}

/// Where a conv's output goes, for the tiler: a conv whose only user is a
/// channel-grouped depth_to_space (a stacked or folded layer) stores its
/// channel pieces straight into that op's result (accel-plan-memory places
/// it there, and the conversion priced it there: stackedOutputCrop,
/// groupedOutputCrop), so its tiling is ranked with those stores; any other
/// conv writes a dense tensor (empty crop).
OutputCrop outputCropInPlace(Conv2DOp op) {
  if (!op->hasOneUse())
    return {};
  auto d2s = dyn_cast<DepthToSpaceOp>(*op->getUsers().begin());
  if (!d2s || !d2s.isChannelGrouped())
    return {};
  FailureOr<Shape4> resultShape = nhwcShape(d2s.getType());
  FailureOr<Shape4> convShape = nhwcShape(op.getType());
  if (failed(resultShape) || failed(convShape))
    return {};
  int64_t bytes = elementBytesOf(d2s.getType().getElementType());
  std::optional<Placement> pieces =
      aliasOperandPlacement(d2s, 0, densePlacement(0, *resultShape, bytes));
  if (!pieces)
    return {};
  return outputCropOf(*pieces, *convShape);
}

/// What of `op`'s epilogue its cost depends on: its bias and lookup table.
EpilogueTiming epilogueTiming(Conv2DOp op) {
  return {bool(op.getBias()), bool(op.getLut())};
}

/// Tiles one conv; errors name the op (by location), the target and the
/// tiler's reason.
LogicalResult tileConv(Conv2DOp op, const TargetDesc &target) {
  llvm::Expected<TiledConv> tiled = chooseTiling(
      op.getConvShape(), target, epilogueTiming(op), outputCropInPlace(op));
  if (!tiled) {
    op.emitOpError() << "has no tiling that fits target '" << target.name
                     << "': " << llvm::toString(tiled.takeError());
    return failure();
  }
  setTiling(op, tiled->tiling);
  return success();
}

/// The phase convs of split transposed convs: for every depth_to_space with
/// one operand per phase, its conv operands that read the same input, have
/// stride 1, are used only by it, and agree on having a bias and a lookup
/// table (a group is priced with one epilogue). Groups of at least two,
/// members in block order.
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
      // Members by (bias, lookup table), in that order.
      std::array<SmallVector<Conv2DOp>, 4> byEpilogue;
      for (Conv2DOp conv : convs)
        byEpilogue[2 * !conv.getBias() + !conv.getLut()].push_back(conv);
      for (SmallVector<Conv2DOp> *members :
           {&byEpilogue[0], &byEpilogue[1], &byEpilogue[2], &byEpilogue[3]}) {
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

/// Tiles a phase group: fused (one schedule, `accel.phase_group` and the
/// group's tiling on every member) or per phase, whichever the cost model
/// prices lower.
/// The shapes and epilogue flags of a phase group's members.
PhaseGroup phaseGroupOf(ArrayRef<Conv2DOp> members) {
  Conv2DOp leader = members.front();
  PhaseGroup group;
  EpilogueTiming epilogue = epilogueTiming(leader);
  group.hasBias = epilogue.hasBias;
  group.lut = epilogue.lut;
  group.sharedBias = group.hasBias;
  for (Conv2DOp member : members) {
    group.phases.push_back(member.getConvShape());
    if (group.hasBias && member.getBias() != leader.getBias())
      group.sharedBias = false;
  }
  return group;
}

LogicalResult tileGroup(ArrayRef<Conv2DOp> members, int64_t id,
                        const TargetDesc &target) {
  Conv2DOp leader = members.front();
  PhaseGroup group = phaseGroupOf(members);
  llvm::Expected<TiledPhaseGroup> tiled = tilePhaseGroup(group, target);
  if (!tiled) {
    // Report through the per-conv path (it names the failing phase).
    llvm::consumeError(tiled.takeError());
    bool failedAny = false;
    for (Conv2DOp member : members)
      failedAny |= failed(tileConv(member, target));
    return failure(failedAny);
  }
  if (!tiled->fused) {
    for (auto [member, phase] : llvm::zip(members, tiled->phases))
      setTiling(member, phase.tiling);
    return success();
  }
  Builder builder(leader.getContext());
  for (Conv2DOp member : members) {
    setTiling(member, tiled->fusedTiling.tiling);
    member->setAttr(kPhaseGroupAttr, builder.getI64IntegerAttr(id));
  }
  return success();
}

/// With threading enabled, makes every tiling decision of `func` in
/// parallel (the tiler keeps each one), so that the walk below, which
/// records them in program order and reports errors, finds them made. The
/// decisions are pure functions of shapes and the target: the result does
/// not depend on the order.
void pretile(func::FuncOp func, ArrayRef<SmallVector<Conv2DOp>> groups,
             const llvm::DenseMap<Operation *, size_t> &groupOf,
             const TargetDesc &target) {
  MLIRContext *context = func.getContext();
  if (!context->isMultithreadingEnabled())
    return;
  struct Job {
    PhaseGroup group; // a lone conv is a group of one
    OutputCrop crop;  // a lone conv's (outputCropInPlace)
  };
  std::vector<Job> jobs;
  for (ArrayRef<Conv2DOp> members : groups)
    jobs.push_back({phaseGroupOf(members), {}});
  func.walk([&](Conv2DOp conv) {
    if (!groupOf.count(conv))
      jobs.push_back({phaseGroupOf(conv), outputCropInPlace(conv)});
  });
  if (jobs.size() < 2)
    return;
  parallelForEach(context, jobs, [&](const Job &lone) {
    const PhaseGroup &job = lone.group;
    if (job.phases.size() == 1) {
      llvm::Expected<TiledConv> tiled = chooseTiling(
          job.phases.front(), target, {job.hasBias, job.lut}, lone.crop);
      if (!tiled)
        llvm::consumeError(tiled.takeError());
      return;
    }
    llvm::Expected<TiledPhaseGroup> tiled = tilePhaseGroup(job, target);
    if (!tiled)
      llvm::consumeError(tiled.takeError());
  });
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
        if (llvm::isa<Conv2DOp>(op)) {
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
    module.walk([&](func::FuncOp func) {
      // Phase groups are tiled as a whole at their first member.
      llvm::DenseMap<Operation *, size_t> groupOf;
      SmallVector<SmallVector<Conv2DOp>> groups = collectPhaseGroups(func);
      func.walk([&](Conv2DOp conv) { conv->removeAttr(kPhaseGroupAttr); });
      for (auto [index, members] : llvm::enumerate(groups))
        for (Conv2DOp member : members)
          groupOf[member] = index;
      pretile(func, groups, groupOf, target);
      func.walk([&](Conv2DOp conv) {
        auto grouped = groupOf.find(conv);
        if (grouped == groupOf.end()) {
          failedAny |= failed(tileConv(conv, target));
          return;
        }
        ArrayRef<Conv2DOp> members = groups[grouped->second];
        if (members.front() == conv)
          failedAny |= failed(
              tileGroup(members, int64_t(grouped->second), target));
      });
    });
    if (failedAny)
      signalPassFailure();
  }
};

} // namespace
