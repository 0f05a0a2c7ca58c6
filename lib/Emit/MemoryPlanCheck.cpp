//===- MemoryPlanCheck.cpp - Live DRAM regions never overlap --------------===//
//
// Storage regions are found with a union-find over the alias ops; each
// region's byte extent is the hull of its members' placements (exact for
// the planner's dense roots). The overlap test is a sweep over time that
// keeps the live regions in an ordered map by start byte: live regions of
// a valid plan are pairwise disjoint, so a newly live region only needs to
// be compared with its two neighbours in that map.
//
//===----------------------------------------------------------------------===//

#include "accel/Emit/MemoryPlanCheck.h"

#include "accel/Dialect/Accel/IR/AccelOps.h"
#include "accel/Dialect/Accel/IR/AccelAnnotations.h"
#include "accel/Dialect/Accel/Utils/OpSchedule.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Matchers.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/EquivalenceClasses.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <map>
#include <optional>

using namespace mlir;
using namespace accel;
using namespace accel::emit;
using namespace accel::schedule;

namespace {

/// [begin, end) in DRAM bytes.
struct ByteRange {
  int64_t begin = 0, end = 0;
  bool empty() const { return end <= begin; }
};

/// The lowest and one-past-highest byte a placement touches, or
/// std::nullopt when an address overflows int64.
std::optional<ByteRange> extentOf(const Placement &placement,
                                  const Shape4 &shape, int64_t elementBytes) {
  ByteRange hull;
  bool any = false;
  for (const PlacementPiece &piece : placement) {
    int64_t channels = piece.channelEnd - piece.channelBegin;
    if (shape[0] <= 0 || channels <= 0 || piece.rowEnd <= piece.rowBegin ||
        piece.colEnd <= piece.colBegin)
      continue;
    // Address = base + n*image + y*row + x*pixel + c*elementBytes, affine
    // in every index: its extremes are at the corners of the index box.
    std::optional<int64_t> low = piece.base, high = piece.base;
    auto addAxis = [&](int64_t first, int64_t last, int64_t stride) {
      std::optional<int64_t> a = llvm::checkedMul(first, stride);
      std::optional<int64_t> b = llvm::checkedMul(last, stride);
      if (!a || !b || !low || !high) {
        low = high = std::nullopt;
        return;
      }
      low = llvm::checkedAdd(*low, std::min(*a, *b));
      high = llvm::checkedAdd(*high, std::max(*a, *b));
    };
    addAxis(0, shape[0] - 1, piece.imageStride);
    addAxis(piece.rowBegin, piece.rowEnd - 1, piece.rowStride);
    addAxis(piece.colBegin, piece.colEnd - 1, piece.pixelStride);
    addAxis(0, channels, elementBytes); // one past the last element
    if (!low || !high)
      return std::nullopt;
    if (!any || *low < hull.begin)
      hull.begin = *low;
    if (!any || *high > hull.end)
      hull.end = *high;
    any = true;
  }
  return hull;
}

struct StorageRegion {
  ByteRange bytes;
  int64_t start = 0, end = 0; ///< live interval, inclusive, in op indices
  Value representative;       ///< a member, for the message
  bool seen = false;
};

std::string describe(Value value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto arg = dyn_cast<BlockArgument>(value)) {
    os << "function argument " << arg.getArgNumber();
    return text;
  }
  Operation *op = value.getDefiningOp();
  os << "the result of '" << op->getName() << "' at "
     << locationString(op->getLoc());
  return text;
}

} // namespace

// Long on purpose: an independent re-derivation of the plan (op indices,
// occupied tensors, storage regions, one sweep over live ranges) kept in one
// function, apart from the planner it checks.
LogicalResult emit::verifyMemoryPlan(func::FuncOp func) {
  if (!func.getBody().hasOneBlock())
    return success(); // the emitter reports this itself
  Block &block = func.front();
  Operation *terminator = block.getTerminator();
  auto plan = func->getAttrOfType<DramPlanAttr>(kDramPlanAttr);
  if (!plan)
    return success(); // reported by the emitter's header check
  int64_t totalBytes = plan.getTotalBytes();

  // Op indices (arguments and constants count as defined before op 0).
  llvm::DenseMap<Operation *, int64_t> index;
  int64_t counter = 0;
  for (Operation &op : block)
    index[&op] = counter++;
  int64_t endOfProgram = counter;

  // Every tensor that occupies DRAM: arguments, placed constants, results
  // of accel ops.
  SmallVector<Value> tensors;
  for (BlockArgument arg : func.getArguments())
    tensors.push_back(arg);
  for (Operation &op : block) {
    if (op.getNumResults() != 1)
      continue;
    bool placedConstant = op.hasTrait<OpTrait::ConstantLike>() &&
                          op.hasAttr(kDramAddrAttr);
    if (placedConstant || isa_and_nonnull<AccelDialect>(op.getDialect()))
      tensors.push_back(op.getResult(0));
  }

  // Storage regions: an alias op's result shares storage with the operands
  // placed inside it.
  llvm::EquivalenceClasses<Value> storage;
  for (Value value : tensors)
    storage.insert(value);
  for (Operation &op : block) {
    // A padding copy whose input already lives inside its result.
    if (isZeroInsertInPlace(&op)) {
      storage.unionSets(op.getResult(0), op.getOperand(0));
      continue;
    }
    if (!llvm::isa<DepthToSpaceOp, ConcatOp, ReshapeOp, WindowOp, SliceOp>(op))
      continue;
    auto copies = op.getAttrOfType<DenseI64ArrayAttr>(kCopyOperandsAttr);
    for (auto [operandIndex, operand] : llvm::enumerate(op.getOperands())) {
      if (copies && llvm::is_contained(copies.asArrayRef(),
                                       int64_t(operandIndex)))
        continue;
      storage.unionSets(op.getResult(0), operand);
    }
  }

  llvm::DenseMap<Value, StorageRegion> regions; // keyed by the class leader
  for (Value value : tensors) {
    auto type = dyn_cast<RankedTensorType>(value.getType());
    FailureOr<Shape4> shape = nhwcShape(value.getType());
    FailureOr<Placement> placement = readPlacement(value);
    if (!type || failed(shape) || failed(placement))
      continue; // the emitter reports unplanned tensors at their use
    Location loc = llvm::isa<BlockArgument>(value) ? func.getLoc()
                                             : value.getDefiningOp()->getLoc();
    std::optional<ByteRange> bytes =
        extentOf(*placement, *shape, elementBytesOf(type.getElementType()));
    if (!bytes)
      return emitError(loc) << "the DRAM placement of " << describe(value)
                            << " overflows a 64-bit address";
    if (bytes->empty())
      continue;
    if (bytes->begin < 0 || bytes->end > totalBytes)
      return emitError(loc)
             << "the DRAM placement of " << describe(value) << " (bytes ["
             << bytes->begin << ", " << bytes->end
             << ")) lies outside the plan's " << totalBytes << " bytes";
    // The program's interface -- inputs, outputs, constants -- is live for
    // the whole run: the host writes inputs and constants before it and
    // reads outputs after it (the program verifier sees the same rule).
    bool interface = llvm::isa<BlockArgument>(value) ||
                     value.getDefiningOp()->hasTrait<OpTrait::ConstantLike>() ||
                     llvm::is_contained(value.getUsers(), terminator);
    int64_t start = interface ? -1 : index[value.getDefiningOp()];
    int64_t end = interface ? endOfProgram : start;
    for (Operation *user : value.getUsers())
      end = std::max(end, index[user]);
    StorageRegion &region = regions[storage.getLeaderValue(value)];
    if (!region.seen) {
      region = StorageRegion{*bytes, start, end, value, true};
      continue;
    }
    region.bytes.begin = std::min(region.bytes.begin, bytes->begin);
    region.bytes.end = std::max(region.bytes.end, bytes->end);
    region.start = std::min(region.start, start);
    region.end = std::max(region.end, end);
  }

  // Sweep: at each time, regions becoming live are checked against the
  // live set, then regions whose last reader this is leave it.
  SmallVector<StorageRegion *> byStart, byEnd;
  for (auto &entry : regions) {
    byStart.push_back(&entry.second);
    byEnd.push_back(&entry.second);
  }
  auto valueOrder = [](Value a, Value b) {
    return a.getAsOpaquePointer() < b.getAsOpaquePointer();
  };
  llvm::sort(byStart, [&](StorageRegion *a, StorageRegion *b) {
    if (a->start != b->start)
      return a->start < b->start;
    return valueOrder(a->representative, b->representative);
  });
  llvm::sort(byEnd, [&](StorageRegion *a, StorageRegion *b) {
    if (a->end != b->end)
      return a->end < b->end;
    return valueOrder(a->representative, b->representative);
  });
  std::multimap<int64_t, StorageRegion *> live; // by first byte
  size_t nextStart = 0, nextEnd = 0;
  auto conflict = [&](StorageRegion *a, StorageRegion *b) -> LogicalResult {
    if (a->bytes.begin >= b->bytes.end || b->bytes.begin >= a->bytes.end)
      return success();
    StorageRegion *later = a->start >= b->start ? a : b;
    StorageRegion *earlier = later == a ? b : a;
    Location loc = llvm::isa<BlockArgument>(later->representative)
                       ? func.getLoc()
                       : later->representative.getDefiningOp()->getLoc();
    return emitError(loc)
           << "invalid DRAM plan: " << describe(later->representative)
           << " (bytes [" << later->bytes.begin << ", " << later->bytes.end
           << ")) overlaps " << describe(earlier->representative)
           << " (bytes [" << earlier->bytes.begin << ", "
           << earlier->bytes.end << ")) while both are live";
  };
  while (nextStart < byStart.size()) {
    int64_t now = byStart[nextStart]->start;
    for (; nextStart < byStart.size() && byStart[nextStart]->start == now;
         ++nextStart) {
      StorageRegion *region = byStart[nextStart];
      auto after = live.lower_bound(region->bytes.begin);
      if (after != live.end() && failed(conflict(region, after->second)))
        return failure();
      if (after != live.begin() &&
          failed(conflict(region, std::prev(after)->second)))
        return failure();
      live.insert({region->bytes.begin, region});
    }
    // Leave the live set after `now` (intervals are inclusive).
    int64_t horizon = nextStart < byStart.size() ? byStart[nextStart]->start
                                                 : endOfProgram + 1;
    for (; nextEnd < byEnd.size() && byEnd[nextEnd]->end < horizon;
         ++nextEnd) {
      StorageRegion *region = byEnd[nextEnd];
      auto [first, last] = live.equal_range(region->bytes.begin);
      for (auto it = first; it != last; ++it)
        if (it->second == region) {
          live.erase(it);
          break;
        }
    }
  }
  return success();
}
