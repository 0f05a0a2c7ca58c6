//===- OpSchedule.cpp - Run an accel op's schedule builder ----------------===//
//
// Per op kind: read the decisions recorded in the IR, build the builder's
// arguments, and run the builder through a StoreRemapSink so stores land
// wherever the plan put the result (interleaved phases, concat slices,
// crops) with no extra pass.
//
//===----------------------------------------------------------------------===//

#include "accel/Dialect/Accel/Utils/OpSchedule.h"

#include "accel/Dialect/Accel/IR/AccelAnnotations.h"
#include "accel/Schedule/ConvSchedule.h"
#include "accel/Schedule/CopySchedule.h"
#include "accel/Schedule/Placement.h"
#include "accel/Support/Rescale.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Matchers.h"

#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>

using namespace mlir;
using namespace accel;
using namespace accel::isa;
using namespace accel::schedule;

std::string accel::locationString(Location loc) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto fileLoc = dyn_cast<FileLineColLoc>(loc))
    os << llvm::sys::path::filename(fileLoc.getFilename().getValue()) << ":"
       << fileLoc.getLine() << ":" << fileLoc.getColumn();
  else
    loc.print(os);
  return text;
}

namespace {

/// Dispatches the STOREs of a fused phase group: phase i stores into a
/// virtual dense output at `bases[i]`; each STORE goes through that phase's
/// StoreRemapSink (rebased to 0), everything else straight through.
class PhaseStoreDispatchSink : public InstructionSink {
public:
  PhaseStoreDispatchSink(InstructionSink &next) : next(next) {}
  void addPhase(int64_t base, int64_t bytes,
                std::unique_ptr<StoreRemapSink> remap) {
    phases.push_back({base, bytes, std::move(remap)});
  }
  llvm::Error emit(const Instruction &inst) override {
    const StoreOp *store = inst.getIf<StoreOp>();
    if (!store)
      return next.emit(inst);
    for (Phase &phase : phases) {
      int64_t addr = int64_t(store->dramAddr);
      if (addr < phase.base || addr >= phase.base + phase.bytes)
        continue;
      Instruction rebased = inst;
      rebased.getIf<StoreOp>()->dramAddr = uint64_t(addr - phase.base);
      return phase.remap->emit(rebased);
    }
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "STORE outside every phase's output");
  }

private:
  struct Phase {
    int64_t base, bytes;
    std::unique_ptr<StoreRemapSink> remap;
  };
  InstructionSink &next;
  std::vector<Phase> phases;
};

/// The builder's error as one diagnostic at `op`.
LogicalResult check(Operation *op, const TargetDesc &target,
                    llvm::Error error) {
  if (!error)
    return success();
  op->emitOpError() << "cannot be scheduled on target '" << target.name
                    << "': " << llvm::toString(std::move(error));
  return failure();
}

/// The placement of `value` as one box a LOAD can read.
FailureOr<DramView> readView(Operation *user, Value value, StringRef what) {
  FailureOr<Placement> placement = readPlacement(value);
  if (failed(placement))
    return user->emitOpError()
           << what << " has no DRAM placement; run --accel-plan-memory";
  std::optional<DramView> view =
      asView(*placement, *nhwcShape(value.getType()));
  if (!view)
    return user->emitOpError()
           << what << " is scattered or cropped in DRAM and cannot be "
              "loaded as one box";
  return *view;
}

FailureOr<uint64_t> constantAddress(Operation *user, Value value,
                                    StringRef what) {
  Operation *producer = value.getDefiningOp();
  auto addr = producer ? producer->getAttrOfType<IntegerAttr>(kDramAddrAttr)
                       : IntegerAttr();
  if (!addr)
    return user->emitOpError()
           << what << " must be a constant placed by --accel-plan-memory";
  return uint64_t(addr.getInt());
}

FailureOr<Placement> resultPlacement(Operation *op) {
  FailureOr<Placement> placement = readPlacement(op->getResult(0));
  if (failed(placement))
    return op->emitOpError()
           << "result has no DRAM placement; run --accel-plan-memory";
  return placement;
}

FailureOr<TilingChoice> tilingOf(Conv2DOp op) {
  FailureOr<TilingChoice> tiling = readTiling(op);
  if (failed(tiling))
    return op.emitOpError() << "has no '" << kTileAttr
                            << "'; run --accel-tile";
  return tiling;
}

/// A sink that stores `value`'s elements through its result placement.
std::unique_ptr<StoreRemapSink> remapInto(InstructionSink &sink, Value value,
                                          const Placement &placement) {
  auto type = cast<ShapedType>(value.getType());
  return std::make_unique<StoreRemapSink>(
      sink, *nhwcShape(type), elementBytesOf(type.getElementType()),
      placement);
}

/// A sink that stores op's (single) result through its recorded placement.
FailureOr<std::unique_ptr<StoreRemapSink>> remapResult(Operation *op,
                                                       InstructionSink &sink) {
  FailureOr<Placement> output = resultPlacement(op);
  if (failed(output))
    return failure();
  return remapInto(sink, op->getResult(0), *output);
}

/// The op's epilogue with the DRAM addresses of its per-channel scales
/// table and its lookup table (if it has them; accel.add has no scales).
template <typename OpTy>
FailureOr<ConvEpilogue> epilogueOf(OpTy op) {
  ConvEpilogue epilogue = op.getEpilogue();
  if constexpr (!std::is_same_v<OpTy, AddOp>) {
    if (Value scales = op.getScales()) {
      FailureOr<uint64_t> addr = constantAddress(op, scales, "scales");
      if (failed(addr))
        return failure();
      epilogue.scaleTable = *addr;
    }
  }
  if (Value lut = op.getLut()) {
    FailureOr<uint64_t> addr = constantAddress(op, lut, "lut");
    if (failed(addr))
      return failure();
    epilogue.lutTable = *addr;
  }
  return epilogue;
}

/// What a conv's schedule reads from the IR besides its input: the weight
/// and bias addresses, and its output placement as a store remapping.
struct ConvDram {
  uint64_t weights = 0;
  std::optional<uint64_t> bias;
  std::unique_ptr<StoreRemapSink> remap;
};

FailureOr<ConvDram> convDramOf(Conv2DOp op, InstructionSink &sink) {
  ConvDram dram;
  FailureOr<uint64_t> weights = constantAddress(op, op.getWeight(), "weight");
  if (failed(weights))
    return failure();
  dram.weights = *weights;
  if (Value bias = op.getBias()) {
    FailureOr<uint64_t> biasAddr = constantAddress(op, bias, "bias");
    if (failed(biasAddr))
      return failure();
    dram.bias = *biasAddr;
  }
  FailureOr<std::unique_ptr<StoreRemapSink>> remap = remapResult(op, sink);
  if (failed(remap))
    return failure();
  dram.remap = std::move(*remap);
  return dram;
}

} // namespace

LogicalResult accel::scheduleConv(Conv2DOp op, const TargetDesc &target,
                                  uint16_t layer, InstructionSink &sink) {
  FailureOr<TilingChoice> tiling = tilingOf(op);
  if (failed(tiling))
    return failure();
  FailureOr<DramView> input = readView(op, op.getInput(), "input");
  if (failed(input))
    return failure();
  FailureOr<ConvDram> dram = convDramOf(op, sink);
  if (failed(dram))
    return failure();
  ConvOperands operands;
  operands.input = *input;
  operands.weights = dram->weights;
  operands.bias = dram->bias;
  operands.output = dram->remap->virtualOutput();
  FailureOr<ConvEpilogue> epilogue = epilogueOf(op);
  if (failed(epilogue))
    return failure();
  return check(op, target,
               generateConvSchedule(op.getConvShape(), *epilogue,
                                    *tiling, operands, target, layer,
                                    *dram->remap));
}

LogicalResult accel::schedulePhaseGroup(ArrayRef<Conv2DOp> members,
                                        const TargetDesc &target,
                                        uint16_t layer,
                                        InstructionSink &sink) {
  Conv2DOp leader = members.front();
  FailureOr<TilingChoice> tiling = tilingOf(leader);
  if (failed(tiling))
    return failure();
  FailureOr<DramView> input = readView(leader, leader.getInput(), "input");
  if (failed(input))
    return failure();
  PhaseStoreDispatchSink dispatch(sink);
  std::vector<PhaseConv> phases;
  int64_t virtualBase = 0;
  for (Conv2DOp member : members) {
    if (member.getInput() != leader.getInput())
      return member.emitOpError()
             << "is in the phase group of the conv at "
             << locationString(leader.getLoc())
             << " but reads a different input";
    PhaseConv phase;
    phase.shape = member.getConvShape();
    FailureOr<ConvEpilogue> epilogue = epilogueOf(member);
    if (failed(epilogue))
      return failure();
    phase.epilogue = *epilogue;
    FailureOr<ConvDram> dram = convDramOf(member, sink);
    if (failed(dram))
      return failure();
    phase.weights = dram->weights;
    phase.bias = dram->bias;
    phase.output = dram->remap->virtualOutput();
    phase.output.base = uint64_t(virtualBase);
    int64_t size = phase.output.imageStride * phase.shape.batch;
    dispatch.addPhase(virtualBase, size, std::move(dram->remap));
    virtualBase += size;
    phases.push_back(phase);
  }
  return check(leader, target,
               generateFusedPhaseSchedule(phases, *input, *tiling, target,
                                          layer, dispatch));
}

LogicalResult accel::scheduleBiasFill(BiasFillOp op, const TargetDesc &target,
                                      uint16_t layer, InstructionSink &sink) {
  FailureOr<uint64_t> bias = constantAddress(op, op.getBias(), "bias");
  if (failed(bias))
    return failure();
  FailureOr<ConvEpilogue> epilogue = epilogueOf(op);
  if (failed(epilogue))
    return failure();
  FailureOr<std::unique_ptr<StoreRemapSink>> remap = remapResult(op, sink);
  if (failed(remap))
    return failure();
  return check(op, target,
               generateFillSchedule(op.getPlaneShape(), *epilogue, *bias,
                                    (*remap)->virtualOutput(), target, layer,
                                    **remap));
}

/// Whether `value` is a constant whose every element, loaded into the
/// accumulators with `scale`, is 0 (the zeros an unfused activation or table
/// is added to, accel-convert-tosa): f32 zeros, or i8 values the operand's
/// rescale maps to 0 — the accumulator then holds the other operand alone.
/// (f32: skipping x + 0.0 keeps a -0.0 input's sign, as the activation
/// alone would.)
static bool addsNothing(Value value, const AddOperandScale &scale) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || !attr.isSplat())
    return false;
  Type element = attr.getElementType();
  if (element.isF32())
    return attr.getSplatValue<APFloat>().isZero();
  if (element.isInteger(8))
    return applyScale32(attr.getSplatValue<APInt>().getSExtValue() -
                            scale.zeroPoint,
                        scale.multiplier, scale.shift, scale.doubleRound) == 0;
  return false;
}

LogicalResult accel::scheduleAdd(AddOp op, const TargetDesc &target,
                                 uint16_t layer, InstructionSink &sink) {
  FailureOr<DramView> lhs = readView(op, op.getLhs(), "lhs");
  if (failed(lhs))
    return failure();
  std::optional<DramView> rhs;
  if (!addsNothing(op.getRhs(), op.getOperandScale(true))) {
    FailureOr<DramView> view = readView(op, op.getRhs(), "rhs");
    if (failed(view))
      return failure();
    rhs = *view;
  }
  FailureOr<std::unique_ptr<StoreRemapSink>> remap = remapResult(op, sink);
  if (failed(remap))
    return failure();
  FailureOr<ConvEpilogue> epilogue = epilogueOf(op);
  if (failed(epilogue))
    return failure();
  return check(
      op, target,
      generateAddSchedule(op.getPlaneShape(), *lhs, op.getOperandScale(false),
                          rhs, op.getOperandScale(true), *epilogue,
                          (*remap)->virtualOutput(), target, layer, **remap));
}

LogicalResult accel::scheduleZeroInsert(ZeroInsertOp op,
                                        const TargetDesc &target,
                                        uint16_t layer,
                                        InstructionSink &sink) {
  FailureOr<DramView> input = readView(op, op.getInput(), "input");
  if (failed(input))
    return failure();
  FailureOr<Placement> output = resultPlacement(op);
  if (failed(output))
    return failure();
  // Input pixel (i, j) goes to (pad_top + i*stride_h, pad_left +
  // j*stride_w) (negative padding crops); every other position holds
  // `fill`.
  ZeroInsertGeometry geometry;
  geometry.padTop = op.getPad()[0];
  geometry.padLeft = op.getPad()[2];
  geometry.strideH = op.getStride()[0];
  geometry.strideW = op.getStride()[1];
  geometry.fill = op.getEpilogue().outputZp;
  return check(op, target,
               generateZeroInsertSchedule(planeShapeOf(op.getInput()), *input,
                                          op.getPlaneShape(), *output,
                                          geometry, target, layer, sink));
}

LogicalResult accel::scheduleAliasCopies(Operation *op,
                                         const TargetDesc &target,
                                         uint16_t layer,
                                         InstructionSink &sink) {
  auto copies = op->getAttrOfType<DenseI64ArrayAttr>(kCopyOperandsAttr);
  if (!copies)
    return success();
  FailureOr<Placement> output = resultPlacement(op);
  if (failed(output))
    return failure();
  // One chain of copies (no BARRIER between operands): the sources are
  // operands, never written by the copies into the result.
  std::vector<std::unique_ptr<StoreRemapSink>> remaps;
  std::vector<CopyPart> parts;
  for (int64_t index : copies.asArrayRef()) {
    if (index < 0 || index >= int64_t(op->getNumOperands()))
      return op->emitOpError() << "'" << kCopyOperandsAttr
                               << "' names operand " << index
                               << ", which does not exist";
    Value operand = op->getOperand(index);
    FailureOr<DramView> source =
        readView(op, operand, "operand " + std::to_string(index));
    if (failed(source))
      return failure();
    std::optional<Placement> dest =
        aliasOperandPlacement(op, unsigned(index), *output);
    if (!dest)
      return op->emitOpError() << "cannot place a copy of operand " << index;
    remaps.push_back(remapInto(sink, operand, *dest));
    parts.push_back({planeShapeOf(operand), *source,
                     remaps.back()->virtualOutput(), remaps.back().get()});
  }
  if (parts.empty())
    return success();
  return check(op, target, generateCopySchedules(parts, target, layer));
}

//===----------------------------------------------------------------------===//
// LayerSchedules
//===----------------------------------------------------------------------===//

LayerSchedules::LayerSchedules(func::FuncOp func, const TargetDesc &target)
    : target(target) {
  func.walk([&](Conv2DOp conv) {
    if (auto group = conv->getAttrOfType<IntegerAttr>(kPhaseGroupAttr))
      phaseGroups[group.getInt()].push_back(conv);
  });
}

bool LayerSchedules::startsLayer(Operation *op) const {
  if (auto conv = dyn_cast<Conv2DOp>(op)) {
    auto group = conv->getAttrOfType<IntegerAttr>(kPhaseGroupAttr);
    return !group || phaseGroups.find(group.getInt())->second.front() == conv;
  }
  if (llvm::isa<BiasFillOp, AddOp, ZeroInsertOp>(op))
    return true;
  if (llvm::isa<DepthToSpaceOp, ConcatOp>(op)) {
    auto copies = op->getAttrOfType<DenseI64ArrayAttr>(kCopyOperandsAttr);
    return copies && !copies.empty();
  }
  return false;
}

LogicalResult LayerSchedules::build(Operation *op, uint16_t layer,
                                    InstructionSink &sink) const {
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](Conv2DOp conv) {
        if (auto group = conv->getAttrOfType<IntegerAttr>(kPhaseGroupAttr))
          return schedulePhaseGroup(phaseGroups.find(group.getInt())->second,
                                    target, layer, sink);
        return scheduleConv(conv, target, layer, sink);
      })
      .Case([&](BiasFillOp fill) {
        return scheduleBiasFill(fill, target, layer, sink);
      })
      .Case([&](AddOp add) { return scheduleAdd(add, target, layer, sink); })
      .Case([&](ZeroInsertOp zeroInsert) {
        return scheduleZeroInsert(zeroInsert, target, layer, sink);
      })
      .Case<DepthToSpaceOp, ConcatOp>([&](Operation *alias) {
        return scheduleAliasCopies(alias, target, layer, sink);
      })
      .Default([](Operation *other) {
        return other->emitOpError() << "has no schedule";
      });
}
