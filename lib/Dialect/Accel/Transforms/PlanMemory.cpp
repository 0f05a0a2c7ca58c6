//===- PlanMemory.cpp - Assign DRAM addresses to every tensor -------------===//
//
// accel-plan-memory: the emitter's prepare pass. It decides, per function,
// where every tensor lives in DRAM and records it as attributes (see
// Passes.td and docs/Backend.md):
//
//  1. alias decisions: each operand of depth_to_space / concat / reshape is
//     placed *inside* the op's result when it can be (an accel op result,
//     not returned, not already aliased elsewhere, neither produced nor
//     read by an accel.host, which needs dense tensors); otherwise the operand
//     is copied (depth_to_space / concat) or the reshape result becomes a
//     view of its input. A padding zero_insert (stride 1) places its input
//     at the padded interior the same way when all its readers load boxes;
//     otherwise it copies the input itself;
//  2. root regions: function inputs, function outputs, constants (the
//     weight blob) and one region per remaining intermediate tree;
//  3. liveness: a tree is live from its first producer to its last reader
//     (inclusive), and the arena is packed greedily (largest first, lowest
//     free offset), so trees that are never live together share bytes;
//  4. placements: roots are dense; aliases get their consumer's placement
//     composed with the op's index map (accel/Schedule/Placement.h).
//
//===----------------------------------------------------------------------===//

#include "accel/Dialect/Accel/IR/AccelAnnotations.h"
#include "accel/Dialect/Accel/IR/AccelOps.h"
#include "accel/Dialect/Accel/IR/DramLimit.h"
#include "accel/Dialect/Accel/Transforms/Passes.h"
#include "accel/Schedule/Placement.h"
#include "accel/Support/DenseConstant.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/IntervalTree.h"
#include "llvm/ADT/MapVector.h"

#include <algorithm>

namespace accel {
#define GEN_PASS_DEF_ACCELPLANMEMORY
#include "accel/Dialect/Accel/Transforms/Passes.h.inc"
} // namespace accel

using namespace mlir;
using namespace accel;
using namespace accel::schedule;

namespace {

int64_t alignTo(int64_t value, int64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

/// A zero_insert that only pads (ZeroInsertOp::isPaddingCopy): its input
/// can live inside its result, and then the op only fills the border.
bool isPaddingCopy(Operation *op) {
  auto zeroInsert = dyn_cast<ZeroInsertOp>(op);
  return zeroInsert && zeroInsert.isPaddingCopy();
}

bool isAliasOp(Operation *op) {
  return llvm::isa<DepthToSpaceOp, ConcatOp, ReshapeOp, WindowOp, SliceOp>(
             op) ||
         isPaddingCopy(op);
}

bool isAccelOp(Operation *op) {
  return isa_and_nonnull<AccelDialect>(op->getDialect());
}

int64_t byteSize(Type type) {
  auto shaped = cast<ShapedType>(type);
  return shaped.getNumElements() * elementBytesOf(shaped.getElementType());
}

/// An intermediate region (one alias tree) and the inclusive op-index
/// interval during which it is live.
struct ArenaRegion {
  Value root;
  int64_t size = 0;
  int64_t start = 0, end = 0;
  int64_t offset = -1;
};

/// Greedy arena packing: each region of `order` (largest first) takes the
/// lowest aligned offset that does not collide with an already placed
/// region live at the same time. The regions live at the same time as one
/// are those whose interval contains its start (an interval tree) and those
/// that start inside it (a binary search over the regions sorted by start;
/// distinct trees start at distinct ops, so the two sets are disjoint):
/// O(n log n + overlapping pairs), not a scan of every placed region.
/// Returns the arena's size.
int64_t packArena(ArrayRef<ArenaRegion *> order, int64_t alignment) {
  if (order.empty())
    return 0;
  using LiveTree = llvm::IntervalTree<int64_t, ArenaRegion *>;
  LiveTree::Allocator allocator;
  LiveTree live(allocator);
  for (ArenaRegion *region : order)
    live.insert(region->start, region->end, region);
  live.create();
  SmallVector<ArenaRegion *> byStart(order.begin(), order.end());
  llvm::sort(byStart, [](const ArenaRegion *a, const ArenaRegion *b) {
    return a->start < b->start;
  });
  int64_t arenaBytes = 0;
  SmallVector<std::pair<int64_t, int64_t>> busy;
  for (ArenaRegion *region : order) {
    busy.clear();
    auto addIfPlaced = [&](const ArenaRegion *other) {
      if (other != region && other->offset >= 0)
        busy.push_back({other->offset, other->offset + other->size});
    };
    for (const auto *interval : live.getContaining(region->start))
      addIfPlaced(interval->value());
    auto later = llvm::upper_bound(
        byStart, region->start,
        [](int64_t start, const ArenaRegion *r) { return start < r->start; });
    for (; later != byStart.end() && (*later)->start <= region->end; ++later)
      addIfPlaced(*later);
    llvm::sort(busy);
    int64_t offset = 0;
    for (auto [begin, end] : busy) {
      if (offset + region->size <= begin)
        break;
      offset = std::max(offset, alignTo(end, alignment));
    }
    region->offset = offset;
    arenaBytes = std::max(arenaBytes, offset + region->size);
  }
  return arenaBytes;
}

/// Plans one function.
class FunctionPlanner {
public:
  FunctionPlanner(func::FuncOp func, int64_t alignment)
      : func(func), alignment(alignment) {}

  LogicalResult run(bool emitRemark);

private:
  LogicalResult checkOps();
  void decideAliases();
  void copyUnviewableReshapes();
  Value rootOf(Value value);
  LogicalResult
  computePlacements(const llvm::DenseMap<Value, int64_t> &rootBase,
                    Operation **unviewableReshape = nullptr);

  func::FuncOp func;
  int64_t alignment;
  llvm::DenseMap<Operation *, int64_t> opIndex;
  /// Operand values placed inside their alias consumer: value -> (op, idx).
  llvm::DenseMap<Value, std::pair<Operation *, unsigned>> aliasedInto;
  /// Reshapes whose result is a view of their input, and every window
  /// (always a view).
  llvm::DenseSet<Operation *> forwardedViews;
  /// Alias ops' operands that must be copied.
  llvm::MapVector<Operation *, SmallVector<int64_t>> copyOperands;
  llvm::DenseMap<Value, Placement> placements;
};

LogicalResult FunctionPlanner::checkOps() {
  if (!func.getBody().hasOneBlock())
    return func.emitError() << "accel-plan-memory expects a function with one "
                               "block";
  for (BlockArgument arg : func.getArguments())
    if (failed(nhwcShape(arg.getType())))
      return func.emitError()
             << "argument " << arg.getArgNumber() << " has type "
             << arg.getType()
             << "; accelerator inputs must be static tensors of rank 1 to 4";
  int64_t index = 0;
  for (Operation &op : func.front()) {
    opIndex[&op] = index++;
    if (llvm::isa<func::ReturnOp>(op) || op.hasTrait<OpTrait::ConstantLike>())
      continue;
    if (!isAccelOp(&op))
      return op.emitOpError()
             << "is not an accel op; accel-plan-memory can only place "
                "accel ops, constants and the return";
    for (Value result : op.getResults())
      if (failed(nhwcShape(result.getType())))
        return op.emitOpError() << "result type " << result.getType()
                                << " is not a static tensor of rank 1 to 4";
    // Views of computed tensors and inputs only: a constant's bytes are
    // placed in the weight blob after the views are.
    if (llvm::isa<WindowOp, SliceOp>(op))
      if (Operation *producer = op.getOperand(0).getDefiningOp())
        if (producer->hasTrait<OpTrait::ConstantLike>())
          return op.emitOpError()
                 << "views a constant; accel-plan-memory views only function "
                    "inputs and results of accel ops (fold the view into the "
                    "constant instead)";
    // A window's overlapping view is read by a conv's LOAD_INPUT only;
    // the host, the return and the copy schedules need tensors that own
    // their bytes.
    if (llvm::isa<WindowOp>(op))
      for (Operation *user : op.getResult(0).getUsers())
        if (!llvm::isa<Conv2DOp>(user))
          return op.emitOpError()
                 << "result is read by '" << user->getName()
                 << "'; a window can only be the input of accel.conv2d ops";
    // A slice is a strided view: a conv loads it, a window views it, a
    // concat or depth_to_space copies it, and a reshape views it in a new
    // shape when its bytes are dense (whole rows of one image: a 3-D
    // convolution's depth window), for readers other than the host and the
    // return, which need tensors that own their bytes.
    if (llvm::isa<SliceOp>(op))
      for (Operation *user : op.getResult(0).getUsers()) {
        auto ownsBytes = [](Operation *reader) {
          return llvm::isa<accel::HostOp, func::ReturnOp>(reader);
        };
        bool viewed =
            llvm::isa<Conv2DOp, WindowOp, ConcatOp, DepthToSpaceOp>(user) ||
            (llvm::isa<ReshapeOp>(user) &&
             llvm::none_of(user->getResult(0).getUsers(), ownsBytes));
        if (!viewed)
          return op.emitOpError()
                 << "result is read by '" << user->getName()
                 << "'; a slice can only be read by accel.conv2d, "
                    "accel.window, accel.concat, accel.depth_to_space or an "
                    "accel.reshape none of whose readers is the host or the "
                    "return";
      }
    // Sizes are summed below: the op verifiers (DramLimit.h) already
    // bounded every tensor an accel op touches.
  }
  for (BlockArgument arg : func.getArguments()) {
    std::optional<int64_t> bytes = tensorByteSize(arg.getType());
    if (!bytes || uint64_t(*bytes) > isa::kMaxDramBytes)
      return func.emitError()
             << "argument " << arg.getArgNumber() << " (" << arg.getType()
             << ") does not fit the accelerator's DRAM ("
             << isa::kMaxDramBytes << " bytes)";
  }
  return success();
}

void FunctionPlanner::decideAliases() {
  llvm::DenseSet<Value> returned;
  for (Value value : func.front().getTerminator()->getOperands())
    returned.insert(value);
  for (Operation &op : func.front()) {
    if (!isAliasOp(&op))
      continue;
    if (llvm::isa<WindowOp, SliceOp>(op)) {
      forwardedViews.insert(&op);
      continue;
    }
    for (auto [index, operand] : llvm::enumerate(op.getOperands())) {
      Operation *producer = operand.getDefiningOp();
      // The host reads and writes dense tensors: neither a host op's
      // result nor a value a host op reads lives inside another region.
      bool canAlias =
          producer && isAccelOp(producer) &&
          !llvm::isa<accel::HostOp>(producer) &&
          llvm::none_of(operand.getUsers(), llvm::IsaPred<accel::HostOp>) &&
          !returned.contains(operand) &&
          // Windows and slices view their input as one box (a window:
          // with contiguous pixels).
          llvm::none_of(operand.getUsers(), llvm::IsaPred<WindowOp, SliceOp>) &&
          !aliasedInto.contains(operand) && !forwardedViews.contains(producer);
      // A value used twice by the same op can only be in one place.
      for (unsigned other = 0; other < index && canAlias; ++other)
        canAlias = op.getOperand(other) != operand;
      // A padding copy's input becomes a strided box (the padded rows'
      // pitch): only readers that load a box may read it (a reshape views
      // dense bytes), and a reshape's result is not re-viewed at a pitch --
      // unless only rows of one image are padded (a 3-D conv's depth
      // padding of [1, D, H*W, C]): then the box is dense bytes.
      if (isPaddingCopy(&op)) {
        auto padding = cast<ZeroInsertOp>(op);
        bool denseBox = padding.getPad()[2] == 0 && padding.getPad()[3] == 0 &&
                        padding.getType().getDimSize(0) == 1;
        canAlias = canAlias && (!llvm::isa<ReshapeOp>(producer) || denseBox) &&
                   llvm::all_of(operand.getUsers(), [](Operation *user) {
                     return llvm::isa<Conv2DOp, AddOp, ZeroInsertOp,
                                      DepthToSpaceOp, ConcatOp>(user);
                   });
        if (canAlias)
          aliasedInto[operand] = {&op, unsigned(index)};
        continue; // otherwise the op copies its input, as it always can
      }
      if (canAlias) {
        aliasedInto[operand] = {&op, unsigned(index)};
        continue;
      }
      if (llvm::isa<ReshapeOp>(op))
        forwardedViews.insert(&op);
      else
        copyOperands[&op].push_back(int64_t(index));
    }
  }
}

/// A reshape placed inside a concat (or depth_to_space) whose operand the
/// strides cannot view in that place (the 3-D phase interleave's last
/// reshape when the interleaved result is one channel slice of a skip
/// concat) becomes a view of its input instead, and the consumer copies its
/// result into place. Placements depend on the alias trees' shapes only (a
/// root's base is added to every piece), so trial placements with every
/// root at 0 find such reshapes; repeated until none is left.
void FunctionPlanner::copyUnviewableReshapes() {
  for (;;) {
    llvm::DenseMap<Value, int64_t> trial;
    for (BlockArgument arg : func.getArguments())
      trial[arg] = 0;
    for (Operation &op : func.front())
      if (isAccelOp(&op) && rootOf(op.getResult(0)) == op.getResult(0))
        trial[op.getResult(0)] = 0;
    Operation *reshape = nullptr;
    placements.clear();
    (void)computePlacements(trial, &reshape);
    placements.clear();
    if (!reshape)
      return;
    auto into = aliasedInto.find(reshape->getResult(0));
    if (into == aliasedInto.end() ||
        !llvm::isa<ConcatOp, DepthToSpaceOp>(into->second.first))
      return; // computePlacements reports it
    auto [consumer, index] = into->second;
    aliasedInto.erase(into);
    aliasedInto.erase(reshape->getOperand(0));
    forwardedViews.insert(reshape);
    SmallVector<int64_t> &copies = copyOperands[consumer];
    copies.insert(llvm::upper_bound(copies, int64_t(index)), int64_t(index));
  }
}

Value FunctionPlanner::rootOf(Value value) {
  auto it = aliasedInto.find(value);
  if (it != aliasedInto.end())
    return rootOf(it->second.first->getResult(0));
  if (Operation *producer = value.getDefiningOp())
    if (forwardedViews.contains(producer))
      return rootOf(producer->getOperand(0));
  return value;
}

LogicalResult FunctionPlanner::computePlacements(
    const llvm::DenseMap<Value, int64_t> &rootBase,
    Operation **unviewableReshape) {
  auto denseAt = [&](Value value, int64_t base) {
    auto type = cast<ShapedType>(value.getType());
    return densePlacement(base, *nhwcShape(type),
                          elementBytesOf(type.getElementType()));
  };
  for (auto [root, base] : rootBase)
    placements[root] = denseAt(root, base);
  // Aliases flow backwards (consumer -> operand), forwarded reshapes
  // forwards (input -> result); iterate until every value is placed.
  bool changed = true;
  while (changed) {
    changed = false;
    for (Operation &op : llvm::reverse(func.front())) {
      if (!isAliasOp(&op))
        continue;
      Value result = op.getResult(0);
      if (forwardedViews.contains(&op)) {
        auto input = placements.find(op.getOperand(0));
        if (placements.contains(result) || input == placements.end())
          continue;
        if (auto window = dyn_cast<WindowOp>(op)) {
          auto type = window.getInput().getType();
          std::optional<Placement> view = windowPlacement(
              input->second, *nhwcShape(type), window.getKernelW(),
              window.getStrideW(), elementBytesOf(type.getElementType()));
          if (!view && unviewableReshape)
            return failure(); // reported by the real placement
          if (!view)
            return op.emitOpError()
                   << "windows a value whose pixels are not contiguous in "
                      "DRAM (a strided slice, or an alias of another op); "
                      "the backend cannot view its overlapping windows "
                      "without a copy";
          placements[result] = std::move(*view);
          changed = true;
          continue;
        }
        if (auto slice = dyn_cast<SliceOp>(op)) {
          auto type = slice.getInput().getType();
          std::optional<Placement> view = slicePlacement(
              input->second, *nhwcShape(type), slice.getOffsets(),
              slice.getStrides(), *nhwcShape(slice.getResult().getType()));
          if (!view && unviewableReshape)
            return failure(); // reported by the real placement
          if (!view)
            return op.emitOpError()
                   << "slices a value that is scattered in DRAM (an alias "
                      "of another op); the backend cannot view it without "
                      "a copy";
          placements[result] = std::move(*view);
          changed = true;
          continue;
        }
        int64_t bytes = elementBytesOf(
            cast<ShapedType>(result.getType()).getElementType());
        if (!isDense(input->second, *nhwcShape(op.getOperand(0).getType()),
                     bytes) &&
            unviewableReshape)
          return failure(); // reported by the real placement
        if (!isDense(input->second, *nhwcShape(op.getOperand(0).getType()),
                     bytes))
          return op.emitOpError()
                 << "reshapes a value that lives in a strided region (an "
                    "alias of another op); the backend cannot view it in "
                    "a new shape without a copy";
        placements[result] = denseAt(result, input->second.front().base);
        changed = true;
        continue;
      }
      auto resultPlacement = placements.find(result);
      if (resultPlacement == placements.end())
        continue;
      Placement resultPieces = resultPlacement->second;
      for (unsigned index = 0; index < op.getNumOperands(); ++index) {
        Value operand = op.getOperand(index);
        auto it = aliasedInto.find(operand);
        if (it == aliasedInto.end() || it->second.first != &op ||
            placements.contains(operand))
          continue;
        std::optional<Placement> placement =
            aliasOperandPlacement(&op, index, resultPieces);
        if (!placement && unviewableReshape && llvm::isa<ReshapeOp>(op)) {
          *unviewableReshape = &op;
          return failure();
        }
        if (!placement && unviewableReshape)
          return failure(); // reported by the real placement
        if (!placement)
          return op.emitOpError()
                 << "result is not dense, so operand " << index
                 << " cannot be viewed in its place";
        placements[operand] = std::move(*placement);
        changed = true;
      }
    }
  }
  for (Operation &op : func.front())
    if (isAccelOp(&op) && !placements.contains(op.getResult(0)))
      return unviewableReshape
                 ? failure()
                 : op.emitOpError() << "could not be placed in DRAM";
  return success();
}

// Long on purpose: the planner's steps (inputs, outputs, constants, live
// intervals, greedy placement, recording) run in this order over shared
// region tables; each step is a commented block below.
LogicalResult FunctionPlanner::run(bool emitRemark) {
  if (failed(checkOps()))
    return failure();
  decideAliases();
  copyUnviewableReshapes();
  MLIRContext *context = func.getContext();
  Builder builder(context);
  Operation *terminator = func.front().getTerminator();
  int64_t terminatorIndex = opIndex[terminator];

  llvm::DenseMap<Value, int64_t> rootBase;
  int64_t cursor = 0;
  auto allocate = [&](int64_t size) {
    int64_t base = alignTo(cursor, alignment);
    cursor = base + size;
    return base;
  };

  // Inputs.
  for (BlockArgument arg : func.getArguments())
    rootBase[arg] = allocate(byteSize(arg.getType()));
  int64_t inputBytes = cursor;

  // Outputs: each returned value is a dense region of its own.
  llvm::DenseSet<Value> outputs;
  for (auto [index, value] : llvm::enumerate(terminator->getOperands())) {
    Operation *producer = value.getDefiningOp();
    if (!producer || !isAccelOp(producer) || rootOf(value) != value)
      return terminator->emitOpError()
             << "returns operand " << index
             << ", which is not the result of an accel op with its own "
                "region (a function input, a constant, or a view of "
                "another tensor); the backend cannot name it as an output";
    if (!outputs.insert(value).second)
      return terminator->emitOpError()
             << "returns the same value twice (operand " << index << ")";
    rootBase[value] = allocate(byteSize(value.getType()));
  }
  int64_t outputBytes = cursor - inputBytes;

  // Constants used by accel ops: the weight blob.
  int64_t weightStart = cursor;
  for (Operation &op : func.front()) {
    if (!op.hasTrait<OpTrait::ConstantLike>() || op.getNumResults() != 1)
      continue;
    bool usedByAccel = llvm::any_of(op.getUsers(), isAccelOp);
    if (!usedByAccel) {
      op.removeAttr(kDramAddrAttr);
      continue;
    }
    if (!matchConstantBytes(op.getResult(0)))
      return op.emitOpError()
             << "is used by an accel op but is not a dense tensor constant";
    op.setAttr(kDramAddrAttr, builder.getI64IntegerAttr(
                                  allocate(byteSize(op.getResult(0).getType()))));
  }
  int64_t weightBytes = cursor - weightStart;

  // Intermediate trees and their live intervals.
  llvm::MapVector<Value, ArenaRegion> regions;
  for (Operation &op : func.front()) {
    if (!isAccelOp(&op))
      continue;
    Value result = op.getResult(0);
    Value root = rootOf(result);
    if (llvm::isa<BlockArgument>(root) || outputs.contains(root))
      continue;
    ArenaRegion &region = regions[root];
    if (!region.root) {
      region.root = root;
      region.size = byteSize(root.getType());
      region.start = opIndex[&op];
      region.end = opIndex[&op];
    }
    region.start = std::min(region.start, opIndex[&op]);
    for (Operation *user : result.getUsers())
      region.end = std::max(region.end, opIndex[user]);
    if (llvm::is_contained(terminator->getOperands(), result))
      region.end = terminatorIndex;
  }
  // Greedy by size (largest first), lowest offset that does not collide
  // with a region live at the same time.
  SmallVector<ArenaRegion *> order;
  for (auto &entry : regions)
    order.push_back(&entry.second);
  // Distinct trees start at distinct ops, so this order is total.
  llvm::sort(order, [](const ArenaRegion *a, const ArenaRegion *b) {
    if (a->size != b->size)
      return a->size > b->size;
    return a->start < b->start;
  });
  int64_t arenaBytes = packArena(order, alignment);
  int64_t intermediateBytes = 0;
  for (ArenaRegion *region : order)
    intermediateBytes += alignTo(region->size, alignment);
  int64_t arenaBase = alignTo(cursor, alignment);
  for (ArenaRegion *region : order)
    rootBase[region->root] = arenaBase + region->offset;
  int64_t totalBytes = alignTo(arenaBase + arenaBytes, alignment);
  if (uint64_t(totalBytes) > isa::kMaxDramBytes)
    return func.emitError()
           << "accel-plan-memory: the DRAM plan needs " << totalBytes
           << " bytes (" << inputBytes << " inputs, " << outputBytes
           << " outputs, " << weightBytes << " weights, " << arenaBytes
           << " arena), more than the accelerator's DRAM ("
           << isa::kMaxDramBytes << " bytes)";

  if (failed(computePlacements(rootBase)))
    return failure();

  // Record everything. Layer identity too: locations are not printed by
  // default, and the emitter must name the layers of a planned function read
  // back from text.
  recordLayerIdentity(func);
  for (BlockArgument arg : func.getArguments()) {
    unsigned index = arg.getArgNumber();
    if (!func.getArgAttrOfType<StringAttr>(index, kNameAttr))
      func.setArgAttr(index, kNameAttr,
                      builder.getStringAttr("arg" + llvm::Twine(index)));
    NamedAttribute dram = placementAttr(context, placements[arg],
                                        *nhwcShape(arg.getType()));
    func.setArgAttr(index, dram.getName(), dram.getValue());
  }
  for (unsigned index = 0; index < func.getNumResults(); ++index)
    if (!func.getResultAttrOfType<StringAttr>(index, kNameAttr))
      func.setResultAttr(index, kNameAttr,
                         builder.getStringAttr("result" + llvm::Twine(index)));
  for (Operation &op : func.front()) {
    if (!isAccelOp(&op))
      continue;
    Value result = op.getResult(0);
    setPlacement(&op, placements[result], *nhwcShape(result.getType()));
    auto copies = copyOperands.find(&op);
    if (copies != copyOperands.end())
      op.setAttr(kCopyOperandsAttr,
                 builder.getDenseI64ArrayAttr(copies->second));
    else
      op.removeAttr(kCopyOperandsAttr);
  }
  func->setAttr(kDramPlanAttr,
                DramPlanAttr::get(context, totalBytes, inputBytes,
                                  outputBytes, weightBytes, arenaBytes,
                                  intermediateBytes,
                                  intermediateBytes - arenaBytes));
  if (emitRemark)
    func.emitRemark() << "DRAM plan: " << totalBytes << " bytes total ("
                      << inputBytes << " inputs, " << outputBytes
                      << " outputs, " << weightBytes << " weights, "
                      << arenaBytes << " arena); liveness reuse saves "
                      << intermediateBytes - arenaBytes << " of "
                      << intermediateBytes << " intermediate bytes";
  return success();
}

struct PlanMemoryPass : accel::impl::AccelPlanMemoryBase<PlanMemoryPass> {
  using Base::Base;

  void runOnOperation() override {
    if (alignment < 1 || (alignment & (alignment - 1)) != 0) {
      getOperation().emitError()
          << "accel-plan-memory: alignment must be a power of two, got "
          << alignment;
      return signalPassFailure();
    }
    for (func::FuncOp func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      FunctionPlanner planner(func, alignment);
      if (failed(planner.run(emitRemarks)))
        return signalPassFailure();
    }
  }
};

} // namespace
