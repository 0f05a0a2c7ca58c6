//===- Emitter.cpp - Planned accel IR to an accel program -----------------===//
//
// One emission function per op kind; each reads the decisions recorded by
// accel-tile and accel-plan-memory and drives a schedule generator
// (AccelISA's conv / fill / add, or the copy schedule of this library)
// through a StoreRemapSink, so stores land wherever the plan put the
// result — interleaved phases, concat slices, crops — with no extra pass.
//
//===----------------------------------------------------------------------===//

#include "accel/Emit/Emitter.h"
#include "accel/Emit/MemoryPlanCheck.h"

#include "accel/Dialect/Accel/IR/AccelOps.h"
#include "accel/Schedule/CopySchedule.h"
#include "accel/Emit/OpModel.h"
#include "accel/Schedule/Placement.h"
#include "accel/ISA/Assembly.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Matchers.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <limits>
#include <memory>

using namespace mlir;
using namespace accel;
using namespace accel::emit;
using namespace accel::isa;
using namespace accel::schedule;

namespace {

std::optional<DType> dtypeOf(Type elementType) {
  if (elementType.isF32())
    return DType::F32;
  if (elementType.isSignlessInteger(8))
    return DType::I8;
  if (elementType.isSignlessInteger(32))
    return DType::I32;
  return std::nullopt;
}


/// Emits one function.
class FunctionEmitter {
public:
  FunctionEmitter(func::FuncOp func, TargetDesc target)
      : func(func), target(std::move(target)), sink(program.instructions) {
    program.target = this->target;
  }

  FailureOr<EmittedProgram> run();

private:
  LogicalResult emitHeader();
  LogicalResult emitConstant(Operation *op, unsigned index);
  LogicalResult emitOp(Operation *op);
  LogicalResult emitConv(Conv2DOp op, uint16_t layer);
  LogicalResult emitPhaseGroup(ArrayRef<Conv2DOp> members, uint16_t layer);
  LogicalResult emitBiasFill(BiasFillOp op, uint16_t layer);
  LogicalResult emitAdd(AddOp op, uint16_t layer);
  LogicalResult emitZeroInsert(ZeroInsertOp op, uint16_t layer);
  LogicalResult emitAliasCopies(Operation *op, ArrayRef<int64_t> operands,
                                uint16_t layer);

  FailureOr<uint16_t> beginLayer(Operation *op);
  FailureOr<DramView> readView(Operation *user, Value value, StringRef what);
  FailureOr<uint64_t> constantAddress(Operation *user, Value value,
                                      StringRef what);
  FailureOr<Placement> resultPlacement(Operation *op);
  LogicalResult check(Operation *op, llvm::Error error);

  func::FuncOp func;
  TargetDesc target;
  Program program;
  VectorSink sink;
  std::vector<LayerInfo> layers;
  unsigned constantCounter = 0;
  /// Names given to layers so far (they must be unique).
  llvm::StringSet<> layerNamesSeen;
  /// Members of every `accel.phase_group`, in block order.
  llvm::DenseMap<int64_t, SmallVector<Conv2DOp>> phaseGroups;
};

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

LogicalResult FunctionEmitter::check(Operation *op, llvm::Error error) {
  if (!error)
    return success();
  op->emitOpError() << "cannot be emitted for target '" << target.name
                    << "': " << llvm::toString(std::move(error));
  return failure();
}

FailureOr<uint16_t> FunctionEmitter::beginLayer(Operation *op) {
  if (program.layerNames.size() >= std::numeric_limits<uint16_t>::max())
    return op->emitOpError() << "exceeds the program's 65535 layers";
  LayerInfo info;
  info.name = layerName(op, unsigned(program.layerNames.size()));
  // Layer names must be unique for per-layer reports.
  if (!layerNamesSeen.insert(info.name).second) {
    info.name += "#" + std::to_string(program.layerNames.size());
    layerNamesSeen.insert(info.name);
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  os << op->getName() << " at " << locationString(op->getLoc());
  if (auto tile = op->getAttrOfType<DenseI64ArrayAttr>(kTileAttr)) {
    os << ", tile " << llvm::join(llvm::map_range(tile.asArrayRef(),
                                                  [](int64_t v) {
                                                    return std::to_string(v);
                                                  }),
                                  "x");
    if (auto order = op->getAttrOfType<StringAttr>(kLoopOrderAttr))
      os << " (h x w x k x c, " << order.getValue() << ")";
  }
  if (auto cycles = op->getAttrOfType<IntegerAttr>(kEstCyclesAttr))
    os << ", est " << cycles.getInt() << " cycles";
  info.description = os.str();
  info.firstInstruction = program.instructions.size();
  program.layerNames.push_back(info.name);
  layers.push_back(info);
  return uint16_t(program.layerNames.size() - 1);
}

FailureOr<DramView> FunctionEmitter::readView(Operation *user, Value value,
                                              StringRef what) {
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

FailureOr<uint64_t> FunctionEmitter::constantAddress(Operation *user,
                                                     Value value,
                                                     StringRef what) {
  Operation *producer = value.getDefiningOp();
  auto addr = producer ? producer->getAttrOfType<IntegerAttr>(kDramAddrAttr)
                       : IntegerAttr();
  if (!addr)
    return user->emitOpError()
           << what << " must be a constant placed by --accel-plan-memory";
  return uint64_t(addr.getInt());
}

FailureOr<Placement> FunctionEmitter::resultPlacement(Operation *op) {
  FailureOr<Placement> placement = readPlacement(op->getResult(0));
  if (failed(placement))
    return op->emitOpError()
           << "result has no DRAM placement; run --accel-plan-memory";
  return placement;
}

LogicalResult FunctionEmitter::emitHeader() {
  auto plan = func->getAttrOfType<DictionaryAttr>(kDramPlanAttr);
  auto total = plan ? plan.getAs<IntegerAttr>("total_bytes") : IntegerAttr();
  if (!total)
    return func.emitError() << "function '" << func.getSymName()
                            << "' has no '" << kDramPlanAttr
                            << "'; run --accel-plan-memory first";
  // A program needs at least one byte of DRAM.
  program.dramBytes = std::max<int64_t>(total.getInt(), 64);
  llvm::StringSet<> names;
  auto addTensor = [&](Operation *anchor, StringRef name, TensorRole role,
                       Value value) -> LogicalResult {
    auto type = cast<RankedTensorType>(value.getType());
    std::optional<DType> dtype = dtypeOf(type.getElementType());
    if (!dtype)
      return anchor->emitError() << "tensor '" << name << "' has element type "
                                 << type.getElementType()
                                 << "; programs hold f32, i8 and i32";
    FailureOr<Placement> placement = readPlacement(value);
    if (failed(placement) ||
        !isDense(*placement, *nhwcShape(type), elementBytesOf(type.getElementType())))
      return anchor->emitError() << "tensor '" << name
                                 << "' has no dense DRAM region; run "
                                    "--accel-plan-memory";
    if (!names.insert(name).second)
      return anchor->emitError() << "two tensors are named '" << name << "'";
    TensorInfo info;
    info.name = name.str();
    info.role = role;
    info.dtype = *dtype;
    info.shape.assign(type.getShape().begin(), type.getShape().end());
    info.dramAddr = uint64_t(placement->front().base);
    program.tensors.push_back(info);
    return success();
  };
  for (BlockArgument arg : func.getArguments()) {
    auto name = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(), kNameAttr);
    if (!name)
      return func.emitError() << "argument " << arg.getArgNumber()
                              << " has no '" << kNameAttr
                              << "'; run --accel-plan-memory";
    if (failed(addTensor(func, name.getValue(), TensorRole::Input, arg)))
      return failure();
  }
  Operation *terminator = func.front().getTerminator();
  for (auto [index, value] : llvm::enumerate(terminator->getOperands())) {
    auto name = func.getResultAttrOfType<StringAttr>(index, kNameAttr);
    if (!name)
      return func.emitError() << "result " << index << " has no '"
                              << kNameAttr << "'; run --accel-plan-memory";
    if (failed(addTensor(terminator, name.getValue(), TensorRole::Output,
                         value)))
      return failure();
  }
  return success();
}

LogicalResult FunctionEmitter::emitConstant(Operation *op, unsigned index) {
  auto addr = op->getAttrOfType<IntegerAttr>(kDramAddrAttr);
  if (!addr)
    return success(); // not used by the accelerator
  Attribute value;
  DenseElementsAttr dense;
  if (matchPattern(op->getResult(0), m_Constant(&value)))
    dense = dyn_cast<DenseElementsAttr>(value);
  if (!dense)
    return op->emitOpError() << "is placed in DRAM but is not a dense "
                                "elements constant";
  std::optional<DType> dtype = dtypeOf(dense.getElementType());
  if (!dtype)
    return op->emitOpError() << "has element type " << dense.getElementType()
                             << "; weights must be f32, i8 or i32";
  int64_t bytes = dtypeBytes(*dtype);
  int64_t count = dense.getNumElements();
  ArrayRef<char> raw = dense.getRawData();
  DataSegment segment;
  segment.dramAddr = uint64_t(addr.getInt());
  segment.bytes.resize(count * bytes);
  if (dense.isSplat()) {
    for (int64_t i = 0; i < count; ++i)
      std::memcpy(segment.bytes.data() + i * bytes, raw.data(), bytes);
  } else {
    if (int64_t(raw.size()) != count * bytes)
      return op->emitOpError() << "has an unexpected raw data size";
    std::memcpy(segment.bytes.data(), raw.data(), raw.size());
  }
  TensorInfo info;
  std::string name = "const" + std::to_string(index);
  if (auto named = op->getAttrOfType<StringAttr>(kNameAttr))
    name = named.str();
  else if (auto loc = dyn_cast<NameLoc>(op->getLoc()))
    name = loc.getName().str();
  if (program.findTensor(name))
    name += "#" + std::to_string(index);
  info.name = name;
  info.role = TensorRole::Weight;
  info.dtype = *dtype;
  auto type = cast<ShapedType>(dense.getType());
  info.shape.assign(type.getShape().begin(), type.getShape().end());
  if (info.shape.empty())
    info.shape.push_back(1);
  info.dramAddr = segment.dramAddr;
  program.tensors.push_back(info);
  program.segments.push_back(std::move(segment));
  return success();
}

LogicalResult FunctionEmitter::emitConv(Conv2DOp op, uint16_t layer) {
  FailureOr<TilingChoice> tiling = readTiling(op);
  if (failed(tiling))
    return op.emitOpError()
           << "has no valid 'accel.tile' / 'accel.loop_order'; run --accel-tile";
  FailureOr<DramView> input = readView(op, op.getInput(), "input");
  FailureOr<uint64_t> weights = constantAddress(op, op.getWeight(), "weight");
  if (failed(input) || failed(weights))
    return failure();
  ConvOperands operands;
  operands.input = *input;
  operands.weights = *weights;
  if (Value bias = op.getBias()) {
    FailureOr<uint64_t> biasAddr = constantAddress(op, bias, "bias");
    if (failed(biasAddr))
      return failure();
    operands.bias = *biasAddr;
  }
  FailureOr<Placement> output = resultPlacement(op);
  if (failed(output))
    return failure();
  Type elem = op.getType().getElementType();
  StoreRemapSink remap(sink, *nhwcShape(op.getType()), elementBytesOf(elem),
                       *output);
  operands.output = remap.virtualOutput();
  return check(op, generateConvSchedule(convShapeOf(op), epilogueOf(op),
                                        *tiling, operands, target, layer,
                                        remap));
}

LogicalResult FunctionEmitter::emitPhaseGroup(ArrayRef<Conv2DOp> members,
                                              uint16_t layer) {
  Conv2DOp leader = members.front();
  FailureOr<TilingChoice> tiling = readTiling(leader);
  if (failed(tiling))
    return leader.emitOpError()
           << "has no valid 'accel.tile' / 'accel.loop_order'; run --accel-tile";
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
    phase.shape = convShapeOf(member);
    phase.epilogue = epilogueOf(member);
    FailureOr<uint64_t> weights =
        constantAddress(member, member.getWeight(), "weight");
    if (failed(weights))
      return failure();
    phase.weights = *weights;
    if (Value bias = member.getBias()) {
      FailureOr<uint64_t> biasAddr = constantAddress(member, bias, "bias");
      if (failed(biasAddr))
        return failure();
      phase.bias = *biasAddr;
    }
    FailureOr<Placement> output = resultPlacement(member);
    if (failed(output))
      return failure();
    Shape4 shape = *nhwcShape(member.getType());
    int64_t bytes = elementBytesOf(member.getType().getElementType());
    auto remap = std::make_unique<StoreRemapSink>(sink, shape, bytes, *output);
    phase.output = remap->virtualOutput();
    phase.output.base = uint64_t(virtualBase);
    int64_t size = shape[0] * shape[1] * shape[2] * shape[3] * bytes;
    dispatch.addPhase(virtualBase, size, std::move(remap));
    virtualBase += size;
    phases.push_back(phase);
  }
  return check(leader, generateFusedPhaseSchedule(phases, *input, *tiling,
                                                  target, layer, dispatch));
}

LogicalResult FunctionEmitter::emitBiasFill(BiasFillOp op, uint16_t layer) {
  FailureOr<uint64_t> bias = constantAddress(op, op.getBias(), "bias");
  FailureOr<Placement> output = resultPlacement(op);
  if (failed(bias) || failed(output))
    return failure();
  Type elem = op.getType().getElementType();
  StoreRemapSink remap(sink, *nhwcShape(op.getType()), elementBytesOf(elem),
                       *output);
  return check(op, generateFillSchedule(planeShapeOf(op.getResult()),
                                        epilogueOf(op), *bias,
                                        remap.virtualOutput(), target, layer,
                                        remap));
}

LogicalResult FunctionEmitter::emitAdd(AddOp op, uint16_t layer) {
  FailureOr<DramView> lhs = readView(op, op.getLhs(), "lhs");
  FailureOr<DramView> rhs = readView(op, op.getRhs(), "rhs");
  FailureOr<Placement> output = resultPlacement(op);
  if (failed(lhs) || failed(rhs) || failed(output))
    return failure();
  Type elem = op.getType().getElementType();
  StoreRemapSink remap(sink, *nhwcShape(op.getType()), elementBytesOf(elem),
                       *output);
  // Both operands share the result's scale: identity rescale.
  AddOperandScale identity;
  return check(op, generateAddSchedule(planeShapeOf(op.getResult()), *lhs,
                                       identity, *rhs, identity,
                                       epilogueOf(op), remap.virtualOutput(),
                                       target, layer, remap));
}

LogicalResult FunctionEmitter::emitZeroInsert(ZeroInsertOp op,
                                              uint16_t layer) {
  FailureOr<DramView> input = readView(op, op.getInput(), "input");
  FailureOr<Placement> output = resultPlacement(op);
  if (failed(input) || failed(output))
    return failure();
  return check(op, generateZeroInsertSchedule(
                       planeShapeOf(op.getInput()), *input,
                       planeShapeOf(op.getResult()), *output,
                       zeroInsertGeometryOf(op), target, layer, sink));
}

LogicalResult FunctionEmitter::emitAliasCopies(Operation *op,
                                               ArrayRef<int64_t> operands,
                                               uint16_t layer) {
  FailureOr<Placement> output = resultPlacement(op);
  if (failed(output))
    return failure();
  for (int64_t index : operands) {
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
    Type elem = cast<ShapedType>(operand.getType()).getElementType();
    StoreRemapSink remap(sink, *nhwcShape(operand.getType()),
                         elementBytesOf(elem), *dest);
    if (failed(check(op, generateCopySchedule(planeShapeOf(operand), *source,
                                              remap.virtualOutput(), target,
                                              layer, remap))))
      return failure();
  }
  return success();
}

LogicalResult FunctionEmitter::emitOp(Operation *op) {
  if (llvm::isa<func::ReturnOp>(op))
    return success();
  if (op->hasTrait<OpTrait::ConstantLike>())
    return emitConstant(op, constantCounter++);
  if (!isa_and_nonnull<AccelDialect>(op->getDialect()))
    return op->emitOpError() << "is not supported by the accel emitter";
  std::string reason = unsupportedReason(op);
  if (!reason.empty())
    return op->emitOpError() << "cannot be emitted: " << reason;
  if (failed(resultPlacement(op)))
    return failure();
  if (auto conv = dyn_cast<Conv2DOp>(op)) {
    if (auto group = op->getAttrOfType<IntegerAttr>(kPhaseGroupAttr)) {
      // The group's first member emits the fused schedule for all of them
      // (one layer); the others emit nothing.
      // (Not DenseMap::lookup: it returns a copy, which an ArrayRef would
      // outlive.)
      auto members = phaseGroups.find(group.getInt());
      assert(members != phaseGroups.end() && "groups are collected in run()");
      if (members->second.front() != conv)
        return success();
      FailureOr<uint16_t> layer = beginLayer(op);
      if (failed(layer))
        return failure();
      return emitPhaseGroup(members->second, *layer);
    }
  }
  if (llvm::isa<DepthToSpaceOp, ConcatOp, ReshapeOp>(op)) {
    // Free: the producers already store into this op's region. Operands
    // that could not alias are copied.
    auto copies = op->getAttrOfType<DenseI64ArrayAttr>(kCopyOperandsAttr);
    if (!copies || copies.empty())
      return success();
    FailureOr<uint16_t> layer = beginLayer(op);
    if (failed(layer))
      return failure();
    return emitAliasCopies(op, copies.asArrayRef(), *layer);
  }
  FailureOr<uint16_t> layer = beginLayer(op);
  if (failed(layer))
    return failure();
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](Conv2DOp conv) { return emitConv(conv, *layer); })
      .Case([&](BiasFillOp fill) { return emitBiasFill(fill, *layer); })
      .Case([&](AddOp add) { return emitAdd(add, *layer); })
      .Case([&](ZeroInsertOp zeroInsert) {
        return emitZeroInsert(zeroInsert, *layer);
      })
      .Default([](Operation *other) {
        return other->emitOpError() << "has no emission rule";
      });
}

FailureOr<EmittedProgram> FunctionEmitter::run() {
  if (!func.getBody().hasOneBlock())
    return func.emitError() << "the emitter expects a function with one block";
  if (failed(verifyMemoryPlan(func)) || failed(emitHeader()))
    return failure();
  for (Operation &op : func.front())
    if (auto conv = dyn_cast<Conv2DOp>(&op))
      if (auto group = conv->getAttrOfType<IntegerAttr>(kPhaseGroupAttr))
        phaseGroups[group.getInt()].push_back(conv);
  for (Operation &op : func.front()) {
    if (failed(emitOp(&op)))
      return failure();
  }
  program.instructions.push_back(Instruction(EndOp{}));
  if (llvm::Error error = verifyProgram(program))
    return func.emitError() << "emitted program is invalid: "
                            << llvm::toString(std::move(error));
  EmittedProgram emitted;
  emitted.program = std::move(program);
  emitted.layers = std::move(layers);
  return emitted;
}

} // namespace

FailureOr<EmittedProgram> emit::emitFunction(func::FuncOp func) {
  TargetAttr targetAttr = lookupTargetAttr(func);
  if (!targetAttr)
    return func.emitError() << "the module has no '"
                            << AccelDialect::getTargetAttrName()
                            << "'; run --accel-set-target";
  FunctionEmitter emitter(func, targetAttr.getDesc());
  return emitter.run();
}

FailureOr<EmittedProgram> emit::emitModule(ModuleOp module, StringRef entry) {
  func::FuncOp chosen;
  for (func::FuncOp func : module.getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    if (!entry.empty()) {
      if (func.getSymName() == entry)
        chosen = func;
      continue;
    }
    if (chosen)
      return module.emitError()
             << "the module has several functions ('" << chosen.getSymName()
             << "', '" << func.getSymName()
             << "'); choose one with --accel-entry=NAME";
    chosen = func;
  }
  if (!chosen)
    return module.emitError()
           << (entry.empty() ? std::string("the module has no function to "
                                            "emit")
                             : "no function named '" + entry.str() + "'");
  return emitFunction(chosen);
}

void emit::printAnnotatedAsm(const EmittedProgram &emitted,
                             llvm::raw_ostream &os) {
  std::string text;
  llvm::raw_string_ostream asmStream(text);
  printProgramAsm(emitted.program, asmStream, /*annotate=*/true);
  llvm::DenseMap<size_t, const LayerInfo *> starts;
  for (const LayerInfo &layer : emitted.layers)
    starts.try_emplace(layer.firstInstruction, &layer);
  llvm::StringRef rest = asmStream.str();
  while (!rest.empty()) {
    auto [line, tail] = rest.split('\n');
    rest = tail;
    if (line.consume_front("; [")) {
      size_t index;
      llvm::StringRef digits = line.take_until([](char c) { return c == ']'; });
      if (!digits.getAsInteger(10, index)) {
        auto it = starts.find(index);
        if (it != starts.end()) {
          const LayerInfo &layer = *it->second;
          os << ";\n; ==== layer '" << layer.name << "': "
             << layer.description << "\n";
        }
      }
      os << "; [" << line << "\n";
      continue;
    }
    os << line << "\n";
  }
}
