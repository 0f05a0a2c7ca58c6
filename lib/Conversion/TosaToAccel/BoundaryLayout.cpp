//===- BoundaryLayout.cpp - Absorb layout changes at a function's boundary ===//
//
// A chain of `tosa.transpose` / unit-dimension `tosa.reshape` ops is
// followed dimension by dimension: each dimension of the chain's current
// value knows which dimension of the chain's start it carries (or that it
// is an inserted unit dimension). At the end of the chain that map gives
// the interface permutation; the reshapes need no record, since inserting
// or removing unit dimensions moves no byte of C-order data.
//
//===----------------------------------------------------------------------===//

#include "accel/Conversion/TosaToAccel/BoundaryLayout.h"

#include "accel/Conversion/Passes.h"
#include "accel/Dialect/Accel/IR/AccelAnnotations.h"
#include "accel/Support/InterfaceLayout.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"

namespace accel {
#define GEN_PASS_DEF_ACCELABSORBBOUNDARYLAYOUT
#include "accel/Conversion/Passes.h.inc"
} // namespace accel

using namespace mlir;
using namespace accel;

namespace {

/// For each dimension of a value, the dimension of the chain's start it
/// carries, or -1 for a unit dimension inserted on the way.
using DimSources = SmallVector<int64_t, 4>;

std::optional<ArrayRef<int64_t>> staticShape(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.hasStaticShape())
    return std::nullopt;
  return type.getShape();
}

/// The sources after `op` from those of its operand, or std::nullopt when
/// `op` is not a pure layout change of static tensors: a transpose, or a
/// reshape that only inserts or removes unit dimensions.
std::optional<DimSources> propagate(Operation *op, const DimSources &in) {
  if (!llvm::isa<tosa::TransposeOp, tosa::ReshapeOp>(op))
    return std::nullopt;
  std::optional<ArrayRef<int64_t>> from = staticShape(op->getOperand(0));
  std::optional<ArrayRef<int64_t>> to = staticShape(op->getResult(0));
  if (!from || !to)
    return std::nullopt;
  DimSources out;
  if (auto transpose = dyn_cast<tosa::TransposeOp>(op)) {
    for (int32_t axis : transpose.getPerms())
      out.push_back(in[axis]);
    return out;
  }
  // Walk both shapes: equal dimensions correspond, a unit dimension on one
  // side only is inserted or removed, anything else is a real reshape.
  size_t i = 0, j = 0;
  while (i < from->size() || j < to->size()) {
    if (i < from->size() && j < to->size() && (*from)[i] == (*to)[j]) {
      out.push_back(in[i++]);
      ++j;
    } else if (j < to->size() && (*to)[j] == 1) {
      out.push_back(-1);
      ++j;
    } else if (i < from->size() && (*from)[i] == 1) {
      ++i;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

DimSources identitySources(size_t rank) {
  DimSources sources;
  for (size_t i = 0; i < rank; ++i)
    sources.push_back(int64_t(i));
  return sources;
}

bool isIdentity(ArrayRef<int64_t> perm) {
  for (auto [index, axis] : llvm::enumerate(perm))
    if (axis != int64_t(index))
      return false;
  return true;
}

/// A chain of layout ops from `ops.front()`'s operand to `ops.back()`'s
/// result, and the sources of the result's dimensions.
struct LayoutChain {
  SmallVector<Operation *> ops;
  DimSources sources;
  Value end() const { return ops.back()->getResult(0); }
};

/// The chain starting at `first` (a user of a value of rank `rank`), going
/// on while a result has exactly one user and that user is a layout op.
std::optional<LayoutChain> followForward(Operation *first, size_t rank) {
  LayoutChain chain;
  std::optional<DimSources> sources = propagate(first, identitySources(rank));
  if (!sources)
    return std::nullopt;
  chain.ops.push_back(first);
  chain.sources = *sources;
  while (chain.end().hasOneUse()) {
    Operation *next = *chain.end().getUsers().begin();
    std::optional<DimSources> nextSources = propagate(next, chain.sources);
    if (!nextSources)
      break;
    chain.ops.push_back(next);
    chain.sources = std::move(*nextSources);
  }
  return chain;
}

/// The permutation from the chain's start (the interface, of rank `rank`)
/// to its end (the stored order): the carried dimensions in the end's
/// order, then the unit dimensions the chain removed.
SmallVector<int64_t> interfaceToEnd(const DimSources &sources, size_t rank) {
  SmallVector<int64_t> perm;
  for (int64_t source : sources)
    if (source >= 0)
      perm.push_back(source);
  for (size_t axis = 0; axis < rank; ++axis)
    if (!llvm::is_contained(sources, int64_t(axis)))
      perm.push_back(int64_t(axis));
  return perm;
}

/// The permutation from the chain's end (the interface) to its start (the
/// stored order of rank `startRank`): for each start dimension the end
/// dimension carrying it, then the unit dimensions the chain inserted.
SmallVector<int64_t> endToStart(const DimSources &sources, size_t startRank) {
  SmallVector<int64_t> perm;
  for (size_t axis = 0; axis < startRank; ++axis)
    for (auto [index, source] : llvm::enumerate(sources))
      if (source == int64_t(axis))
        perm.push_back(int64_t(index));
  for (auto [index, source] : llvm::enumerate(sources))
    if (source < 0)
      perm.push_back(int64_t(index));
  return perm;
}

/// The stored form the backend takes: a static tensor of rank 1..4.
bool isStorable(Value value) {
  std::optional<ArrayRef<int64_t>> shape = staticShape(value);
  return shape && !shape->empty() && shape->size() <= 4;
}

/// Erases `ops` (a chain, in order) from its end while results are unused,
/// and the constants (reshape shapes) that leaves without users.
void eraseDeadChain(ArrayRef<Operation *> ops) {
  for (Operation *op : llvm::reverse(ops)) {
    if (!op->use_empty())
      return;
    SmallVector<Operation *> operandDefs;
    for (Value operand : op->getOperands())
      if (Operation *def = operand.getDefiningOp())
        operandDefs.push_back(def);
    op->erase();
    for (Operation *def : operandDefs)
      if (def->use_empty() && def->hasTrait<OpTrait::ConstantLike>())
        def->erase();
  }
}

/// The interface value rebuilt from the stored argument, for users outside
/// the absorbed chains: reshape to the permuted interface shape, then the
/// inverse transpose.
Value materializeInterface(ImplicitLocOpBuilder &builder, Value stored,
                           RankedTensorType interfaceType,
                           ArrayRef<int64_t> perm) {
  SmallVector<int64_t> permuted =
      permuteShape(interfaceType.getShape(), perm);
  Value value = stored;
  if (ArrayRef<int64_t>(permuted) != *staticShape(stored))
    value = tosa::ReshapeOp::create(builder, interfaceType.clone(permuted),
                                    value,
                                    tosa::getTosaConstShape(builder, permuted));
  SmallVector<int32_t> inverse;
  for (int64_t axis : invertPermutation(perm))
    inverse.push_back(int32_t(axis));
  return tosa::TransposeOp::create(builder, interfaceType, value, inverse);
}

/// Absorbs the layout chains of argument `arg`; false when there is none.
bool absorbArgument(func::FuncOp func, BlockArgument arg) {
  auto interfaceType = dyn_cast<RankedTensorType>(arg.getType());
  if (!interfaceType || !interfaceType.hasStaticShape() ||
      func.getArgAttr(arg.getArgNumber(), kInterfaceAttr))
    return false;
  size_t rank = interfaceType.getRank();
  // The first layout chain fixes the stored form; every other chain to the
  // same form is absorbed with it.
  SmallVector<LayoutChain> chains;
  SmallVector<int64_t> perm;
  for (Operation *user : arg.getUsers()) {
    if (llvm::any_of(chains, [&](const LayoutChain &chain) {
          return chain.ops.front() == user;
        }))
      continue;
    std::optional<LayoutChain> chain = followForward(user, rank);
    if (!chain || !isStorable(chain->end()))
      continue;
    SmallVector<int64_t> chainPerm = interfaceToEnd(chain->sources, rank);
    if (chains.empty()) {
      if (isIdentity(chainPerm))
        continue;
      perm = chainPerm;
    } else if (chainPerm != perm ||
               chain->end().getType() != chains.front().end().getType()) {
      continue;
    }
    chains.push_back(std::move(*chain));
  }
  if (chains.empty())
    return false;

  // Anything outside the chains still reads the interface layout.
  SmallVector<OpOperand *> otherUses;
  for (OpOperand &use : arg.getUses())
    if (llvm::none_of(chains, [&](const LayoutChain &chain) {
          return chain.ops.front() == use.getOwner();
        }))
      otherUses.push_back(&use);
  arg.setType(chains.front().end().getType());
  for (const LayoutChain &chain : chains)
    chain.end().replaceAllUsesWith(arg);
  for (const LayoutChain &chain : chains)
    eraseDeadChain(chain.ops);
  if (!otherUses.empty()) {
    ImplicitLocOpBuilder builder =
        ImplicitLocOpBuilder::atBlockBegin(arg.getLoc(), arg.getOwner());
    Value rebuilt = materializeInterface(builder, arg, interfaceType, perm);
    for (OpOperand *use : otherUses)
      use->set(rebuilt);
  }
  func.setArgAttr(arg.getArgNumber(), kInterfaceAttr,
                  InterfaceAttr::get(func.getContext(),
                                     interfaceType.getShape(), perm));
  return true;
}

/// Absorbs the layout chain ending in return operand `index`.
bool absorbResult(func::FuncOp func, Operation *terminator, unsigned index) {
  Value result = terminator->getOperand(index);
  if (!staticShape(result) || func.getResultAttr(index, kInterfaceAttr))
    return false;
  // Walk back to the chain's start, then follow it forward.
  SmallVector<Operation *> ops;
  Value start = result;
  while (Operation *def = start.getDefiningOp()) {
    if (!llvm::isa<tosa::TransposeOp, tosa::ReshapeOp>(def) ||
        !staticShape(def->getOperand(0)))
      break;
    ops.push_back(def);
    start = def->getOperand(0);
  }
  std::reverse(ops.begin(), ops.end());
  // Only a pure suffix is absorbed: drop ops from the front until the rest
  // of the chain is pure and starts at a storable value.
  while (!ops.empty()) {
    std::optional<DimSources> sources =
        identitySources(staticShape(start)->size());
    for (Operation *op : ops)
      if (sources)
        sources = propagate(op, *sources);
    if (sources && isStorable(start)) {
      SmallVector<int64_t> perm =
          endToStart(*sources, staticShape(start)->size());
      if (isIdentity(perm))
        return false;
      terminator->setOperand(index, start);
      func.setResultAttr(index, kInterfaceAttr,
                         InterfaceAttr::get(func.getContext(),
                                            *staticShape(result), perm));
      eraseDeadChain(ops);
      return true;
    }
    start = ops.front()->getResult(0);
    ops.erase(ops.begin());
  }
  return false;
}

} // namespace

unsigned accel::absorbBoundaryLayout(func::FuncOp func) {
  if (func.isExternal() || !func.getBody().hasOneBlock())
    return 0;
  unsigned absorbed = 0;
  for (BlockArgument arg : func.getArguments())
    absorbed += absorbArgument(func, arg);
  Operation *terminator = func.front().getTerminator();
  for (unsigned index = 0; index < terminator->getNumOperands(); ++index)
    absorbed += absorbResult(func, terminator, index);
  if (absorbed)
    func.setType(FunctionType::get(func.getContext(),
                                   func.front().getArgumentTypes(),
                                   terminator->getOperandTypes()));
  return absorbed;
}

namespace {
struct AbsorbBoundaryLayoutPass
    : accel::impl::AccelAbsorbBoundaryLayoutBase<AbsorbBoundaryLayoutPass> {
  void runOnOperation() override { absorbBoundaryLayout(getOperation()); }
};
} // namespace
