//===- Emitter.cpp - Planned accel IR to an accel program -----------------===//
//
// Walks a planned function in order: the header and weight blob from the
// DRAM plan and the constants, then one program layer per op that starts
// one (LayerSchedules), whose instructions come from the op's schedule
// builder run by accel/Dialect/Accel/Utils/OpSchedule.h -- the same code
// accel-estimate runs into the timing model.
//
//===----------------------------------------------------------------------===//

#include "accel/Emit/Emitter.h"
#include "accel/Emit/MemoryPlanCheck.h"

#include "accel/Dialect/Accel/IR/AccelAnnotations.h"
#include "accel/Dialect/Accel/IR/AccelOps.h"
#include "accel/Dialect/Accel/IR/HostOpTypes.h"
#include "accel/Dialect/Accel/Utils/OpSchedule.h"
#include "accel/ISA/Assembly.h"
#include "accel/Support/DenseConstant.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Matchers.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"

#include <limits>

using namespace mlir;
using namespace accel;
using namespace accel::emit;
using namespace accel::isa;
using namespace accel::schedule;

namespace {

/// Why an op cannot be emitted (empty when it can): i32 conv results and
/// i8 activations other than none/relu/clamp.
std::string unsupportedReason(Operation *op) {
  auto compute = dyn_cast<ComputeOpInterface>(op);
  if (!compute)
    return "";
  Type resultElem =
      cast<RankedTensorType>(op->getResult(0).getType()).getElementType();
  if (llvm::isa<Conv2DOp>(op) && resultElem.isSignlessInteger(32))
    return "an i8 convolution with an i32 (raw accumulator) result is not "
           "supported by the engine's store path; requantize to i8";
  if (llvm::isa<Conv2DOp, BiasFillOp, AddOp>(op) && resultElem.isSignlessInteger(8)) {
    Activation activation = compute.getEpilogue().activation;
    if (activation != Activation::None && activation != Activation::Relu &&
        activation != Activation::Clamp)
      return "the engine applies only none, relu and clamp to i8 results";
  }
  return "";
}

/// A short, stable name for an op's layer: its `accel.name`, else its layer
/// name (assignLayerIdentity), else `<mnemonic>_<index>` (accel IR written
/// by hand, with no source layer).
std::string layerName(Operation *op, unsigned index) {
  if (auto name = op->getAttrOfType<StringAttr>(kNameAttr))
    return name.str();
  if (std::optional<std::string> name = layerNameOf(op->getLoc()))
    return *name;
  return (op->getName().stripDialect() + "_" + llvm::Twine(index)).str();
}

/// What the reports say about a lowered transposed conv, by source layer.
struct SourceLayerFacts {
  std::string strategy;
  int64_t usefulMacs = 0;
  bool usefulCounted = false; ///< the first program layer took usefulMacs
};

/// Emits one function.
class FunctionEmitter {
public:
  FunctionEmitter(func::FuncOp func, TargetDesc target,
                  const EmitOptions &options)
      : func(func), target(std::move(target)), options(options),
        sink(program.instructions), schedules(func, this->target) {
    program.target = this->target;
  }

  FailureOr<EmittedProgram> run();

private:
  LogicalResult emitHeader();
  LogicalResult emitConstant(Operation *op, unsigned index);
  LogicalResult emitOp(Operation *op);
  LogicalResult emitHostOp(accel::HostOp op);
  FailureOr<uint16_t> beginLayer(Operation *op);
  LogicalResult resultPlacement(Operation *op);

  func::FuncOp func;
  TargetDesc target;
  EmitOptions options;
  Program program;
  VectorSink sink;
  LayerSchedules schedules;
  std::vector<LayerInfo> layers;
  unsigned constantCounter = 0;
  /// Names given to layers so far (they must be unique).
  llvm::StringSet<> layerNamesSeen;
  /// Lowered transposed convs by layer name (collectSourceLayerFacts).
  llvm::StringMap<SourceLayerFacts> sourceLayers;

  void collectSourceLayerFacts();
};

/// The strategy and useful MACs convert-tosa-to-accel recorded on each
/// lowered transposed conv's result op, keyed by the layer name all of its
/// ops share.
void FunctionEmitter::collectSourceLayerFacts() {
  func.walk([&](Operation *op) {
    auto strategy = op->getAttrOfType<StringAttr>("accel.strategy");
    std::optional<std::string> name = layerNameOf(op->getLoc());
    if (auto named = op->getAttrOfType<StringAttr>(kNameAttr))
      name = named.str();
    if (!strategy || !name)
      return;
    SourceLayerFacts &facts = sourceLayers[*name];
    facts.strategy = strategy.str();
    if (auto useful = op->getAttrOfType<IntegerAttr>(kUsefulMacsAttr))
      facts.usefulMacs = useful.getInt();
  });
}

LogicalResult FunctionEmitter::resultPlacement(Operation *op) {
  if (succeeded(readPlacement(op->getResult(0))))
    return success();
  return op->emitOpError()
         << "result has no DRAM placement; run --accel-plan-memory";
}

FailureOr<uint16_t> FunctionEmitter::beginLayer(Operation *op) {
  if (program.layers.size() >= std::numeric_limits<uint16_t>::max())
    return op->emitOpError() << "exceeds the program's 65535 layers";
  LayerInfo info;
  ProgramLayer layer;
  std::string source = layerName(op, unsigned(program.layers.size()));
  info.name = source;
  // Layer names must be unique for per-layer reports.
  if (!layerNamesSeen.insert(info.name).second) {
    info.name += "#" + std::to_string(program.layers.size());
    layerNamesSeen.insert(info.name);
  }
  layer.name = info.name;
  if (auto role = op->getAttrOfType<StringAttr>(kRoleAttr))
    layer.role = role.str();
  else
    layer.role = layerRoleOf(op->getLoc()).str();
  if (layer.role.empty())
    layer.role = op->getName().stripDialect().str();
  // A lowered transposed conv's program layers share its strategy; its
  // first conv carries its useful MACs, every other layer none (their sum is
  // the transposed conv's).
  if (auto it = sourceLayers.find(source); it != sourceLayers.end()) {
    SourceLayerFacts &facts = it->second;
    layer.strategy = facts.strategy;
    bool takes = !facts.usefulCounted && llvm::isa<Conv2DOp>(op);
    layer.usefulMacs = takes ? facts.usefulMacs : 0;
    facts.usefulCounted |= takes;
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  os << op->getName() << " at " << locationString(op->getLoc());
  if (auto tile = op->getAttrOfType<TilingAttr>(kTileAttr)) {
    layer.tiling = (llvm::Twine(tile.getRows()) + "x" +
                    llvm::Twine(tile.getCols()) + "x" +
                    llvm::Twine(tile.getOutChannels()) + "x" +
                    llvm::Twine(tile.getInChannels()) + "/" +
                    stringifyTileLoopOrder(tile.getOrder()))
                       .str();
    os << ", tile " << tile.getRows() << "x" << tile.getCols() << "x"
       << tile.getOutChannels() << "x" << tile.getInChannels()
       << " (h x w x k x c, " << stringifyTileLoopOrder(tile.getOrder())
       << ")";
  }
  if (auto estimate = op->getAttrOfType<EstimateAttr>(kEstimateAttr))
    os << ", est " << estimate.getCycles() << " cycles";
  info.description = os.str();
  info.firstInstruction = program.instructions.size();
  program.layers.push_back(std::move(layer));
  layers.push_back(info);
  return uint16_t(program.layers.size() - 1);
}

LogicalResult FunctionEmitter::emitHeader() {
  auto plan = func->getAttrOfType<DramPlanAttr>(kDramPlanAttr);
  if (!plan)
    return func.emitError() << "function '" << func.getSymName()
                            << "' has no '" << kDramPlanAttr
                            << "'; run --accel-plan-memory first";
  // A program needs at least one byte of DRAM.
  program.dramBytes = std::max<int64_t>(plan.getTotalBytes(), 64);
  llvm::StringSet<> names;
  auto addTensor = [&](Operation *anchor, StringRef name, TensorRole role,
                       Value value,
                       InterfaceAttr interface) -> LogicalResult {
    auto type = cast<RankedTensorType>(value.getType());
    std::optional<DType> dtype = programDType(type.getElementType());
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
    if (interface) {
      info.interfaceShape.assign(interface.getShape().begin(),
                                 interface.getShape().end());
      info.interfacePerm.assign(interface.getPerm().begin(),
                                interface.getPerm().end());
    }
    program.tensors.push_back(info);
    return success();
  };
  for (BlockArgument arg : func.getArguments()) {
    auto name = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(), kNameAttr);
    if (!name)
      return func.emitError() << "argument " << arg.getArgNumber()
                              << " has no '" << kNameAttr
                              << "'; run --accel-plan-memory";
    if (failed(addTensor(func, name.getValue(), TensorRole::Input, arg,
                         func.getArgAttrOfType<InterfaceAttr>(
                             arg.getArgNumber(), kInterfaceAttr))))
      return failure();
  }
  Operation *terminator = func.front().getTerminator();
  for (auto [index, value] : llvm::enumerate(terminator->getOperands())) {
    auto name = func.getResultAttrOfType<StringAttr>(index, kNameAttr);
    if (!name)
      return func.emitError() << "result " << index << " has no '"
                              << kNameAttr << "'; run --accel-plan-memory";
    if (failed(addTensor(
            terminator, name.getValue(), TensorRole::Output, value,
            func.getResultAttrOfType<InterfaceAttr>(index, kInterfaceAttr))))
      return failure();
  }
  return success();
}

LogicalResult FunctionEmitter::emitConstant(Operation *op, unsigned index) {
  auto addr = op->getAttrOfType<IntegerAttr>(kDramAddrAttr);
  if (!addr)
    return success(); // not used by the accelerator
  // The bytes in place (a weight blob is not copied into an attribute).
  std::optional<ConstantBytes> dense = matchConstantBytes(op->getResult(0));
  if (!dense)
    return op->emitOpError() << "is placed in DRAM but is not a dense "
                                "elements constant";
  std::optional<DType> dtype = programDType(dense->type.getElementType());
  if (!dtype)
    return op->emitOpError()
           << "has element type " << dense->type.getElementType()
           << "; weights must be f32, i8 or i32";
  int64_t bytes = dtypeBytes(*dtype);
  int64_t count = dense->type.getNumElements();
  ArrayRef<char> raw = dense->raw;
  DataSegment segment;
  segment.dramAddr = uint64_t(addr.getInt());
  if (dense->splat) {
    segment.bytes.resize(count * bytes);
    for (int64_t i = 0; i < count; ++i)
      std::memcpy(segment.bytes.data() + i * bytes, raw.data(), bytes);
  } else {
    if (int64_t(raw.size()) != count * bytes)
      return op->emitOpError() << "has an unexpected raw data size";
    auto unsignedRaw = llvm::ArrayRef<uint8_t>(
        reinterpret_cast<const uint8_t *>(raw.data()), raw.size());
    if (options.borrowWeights && !unsignedRaw.empty())
      segment.borrowed = unsignedRaw; // owned by the module's context
    else
      segment.bytes.assign(unsignedRaw.begin(), unsignedRaw.end());
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
  ShapedType type = dense->type;
  info.shape.assign(type.getShape().begin(), type.getShape().end());
  if (info.shape.empty())
    info.shape.push_back(1);
  info.dramAddr = segment.dramAddr;
  program.tensors.push_back(info);
  program.segments.push_back(std::move(segment));
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
  if (auto host = dyn_cast<accel::HostOp>(op))
    return emitHostOp(host);
  // Alias ops without copies are free (their producers store into their
  // region); the other members of a phase group are emitted by its first.
  if (!schedules.startsLayer(op))
    return success();
  FailureOr<uint16_t> layer = beginLayer(op);
  if (failed(layer))
    return failure();
  return schedules.build(op, *layer, sink);
}

/// A host op is a layer of its own: one record (operands and result by
/// their dense DRAM regions) and the HOST instruction that runs it.
LogicalResult FunctionEmitter::emitHostOp(accel::HostOp op) {
  auto hostTensor = [&](Value value) -> FailureOr<accel::isa::HostTensor> {
    auto type = cast<RankedTensorType>(value.getType());
    FailureOr<Placement> placement = readPlacement(value);
    if (failed(placement) ||
        !isDense(*placement, *nhwcShape(type),
                 elementBytesOf(type.getElementType())))
      return op.emitOpError()
             << "reads or writes a tensor without a dense DRAM region; the "
                "host needs dense tensors (run --accel-plan-memory)";
    accel::isa::HostTensor tensor;
    tensor.dramAddr = uint64_t(placement->front().base);
    tensor.dtype = *programDType(type.getElementType());
    tensor.shape.assign(type.getShape().begin(), type.getShape().end());
    return tensor;
  };
  accel::isa::HostOpRecord record;
  record.kind = op.getKind().str();
  record.params.assign(op.getParams().begin(), op.getParams().end());
  for (Value input : op.getInputs()) {
    FailureOr<accel::isa::HostTensor> tensor = hostTensor(input);
    if (failed(tensor))
      return failure();
    record.operands.push_back(std::move(*tensor));
  }
  FailureOr<accel::isa::HostTensor> result = hostTensor(op.getResult());
  if (failed(result))
    return failure();
  record.result = std::move(*result);
  if (program.hostOps.size() >= (size_t(1) << 16))
    return op.emitOpError() << "exceeds the program's 65536 host ops";
  FailureOr<uint16_t> layer = beginLayer(op);
  if (failed(layer))
    return failure();
  accel::isa::HostOp instruction;
  instruction.record = int64_t(program.hostOps.size());
  program.hostOps.push_back(std::move(record));
  program.instructions.push_back(Instruction(instruction, DepFlags{}, *layer));
  return success();
}

FailureOr<EmittedProgram> FunctionEmitter::run() {
  if (!func.getBody().hasOneBlock())
    return func.emitError() << "the emitter expects a function with one block";
  if (failed(verifyMemoryPlan(func)) || failed(emitHeader()))
    return failure();
  collectSourceLayerFacts();
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

FailureOr<EmittedProgram> emit::emitFunction(func::FuncOp func,
                                             const EmitOptions &options) {
  TargetAttr targetAttr = lookupTargetAttr(func);
  if (!targetAttr)
    return func.emitError() << "the module has no '"
                            << AccelDialect::getTargetAttrName()
                            << "'; run --accel-set-target";
  FunctionEmitter emitter(func, targetAttr.getDesc(), options);
  return emitter.run();
}

FailureOr<EmittedProgram> emit::emitModule(ModuleOp module, StringRef entry,
                                           const EmitOptions &options) {
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
  return emitFunction(chosen, options);
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
