//===- Simulator.cpp - Run an accel program --------------------------------===//
//
// Functional execution is in program order (a correctly synchronised
// program computes the same values in any order its tokens allow); the
// timing model sees the same instruction stream and applies the tokens.
//
//===----------------------------------------------------------------------===//

#include "accel/Sim/Simulator.h"
#include "accel/Sim/HostOps.h"
#include "accel/ISA/Latency.h"
#include "accel/ISA/PipelineTiming.h"
#include "accel/Support/InterfaceLayout.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cstring>

using namespace accel;
using namespace accel::sim;
using namespace accel::isa;

namespace {
/// Saturating product of fields, each counted as at least 1: the outer
/// loops of a box run even when an inner extent is 0 (a LOAD_INPUT with
/// box_c = 0 still visits box_h x box_w pixels).
uint64_t product(std::initializer_list<int64_t> factors) {
  uint64_t result = 1;
  for (int64_t factor : factors)
    result = llvm::SaturatingMultiply(result,
                                      uint64_t(std::max<int64_t>(factor, 1)));
  return result;
}

uint64_t saturatingSum(std::initializer_list<uint64_t> terms) {
  uint64_t result = 0;
  for (uint64_t term : terms)
    result = llvm::SaturatingAdd(result, term);
  return result;
}
} // namespace

uint64_t sim::instructionWork(const Instruction &inst) {
  if (const auto *op = inst.getIf<LoadInputOp>())
    return product({op->boxH, op->boxW, op->boxC});
  if (const auto *op = inst.getIf<LoadWeightOp>())
    return product({op->count, op->taps, op->chans});
  if (const auto *op = inst.getIf<LoadBiasOp>())
    return product({op->count});
  if (const auto *op = inst.getIf<LoadAccOp>())
    return product({op->boxH, op->boxW, op->boxC});
  if (const auto *op = inst.getIf<ConvOp>())
    return saturatingSum(
        {product(
             {op->outH, op->outW, op->outK, op->kernelH, op->kernelW, op->inC}),
         product({op->inH, op->inW, op->inC}),
         product({op->outK, op->kernelH, op->kernelW, op->inC})});
  if (const auto *op = inst.getIf<PostOp>())
    return product({op->pixels, op->channels});
  if (const auto *op = inst.getIf<StoreOp>())
    return product({op->planes, op->boxH, op->boxW, op->boxC});
  return 1; // BARRIER, END
}

namespace {
/// Bytes the Machine allocates for `program`: DRAM, the input and weight
/// buffers, and both views of the accumulators.
uint64_t machineBytes(const Program &program) {
  const TargetDesc &target = program.target;
  return saturatingSum({program.dramBytes, uint64_t(target.inputBufferBytes),
                        uint64_t(target.weightBufferBytes),
                        product({accEntries(target), 8})});
}
} // namespace

llvm::Expected<Simulator> Simulator::create(Program program, SimLimits limits) {
  if (llvm::Error error = verifyProgram(program))
    return std::move(error);
  uint64_t memory = machineBytes(program);
  if (limits.maxMemoryBytes && memory > limits.maxMemoryBytes)
    return llvm::createStringError(
        "the program needs " + llvm::Twine(memory) +
        " bytes of DRAM and on-chip buffers, more than the "
        "simulator's limit of " +
        llvm::Twine(limits.maxMemoryBytes));
  if (limits.maxInstructions &&
      program.instructions.size() > limits.maxInstructions)
    return llvm::createStringError(
        "the program has " + llvm::Twine(program.instructions.size()) +
        " instructions, more than the simulator's limit of " +
        llvm::Twine(limits.maxInstructions));
  // The stream runs straight through, each instruction once: the sum of
  // their work is the whole run's, known before anything is allocated.
  uint64_t work = 0;
  for (size_t index = 0; index < program.instructions.size(); ++index) {
    const Instruction &inst = program.instructions[index];
    work = llvm::SaturatingAdd(work, instructionWork(inst));
    if (const auto *host = inst.getIf<HostOp>())
      work = llvm::SaturatingAdd(work,
                                 hostOpWork(program.hostOps[host->record]));
    uint64_t limit = limits.maxWork ? std::min(limits.maxWork, kMaxWork)
                                    : kMaxWork;
    if (work > limit)
      return llvm::createStringError(
          "instruction " + llvm::Twine(index) + " (" +
          opcodeName(inst.opcode()) +
          "): the run exceeds the simulator's work limit of " +
          llvm::Twine(limit) + " element operations");
  }
  Machine machine(program.target, program.dramBytes);
  for (const DataSegment &segment : program.segments)
    if (!segment.data().empty()) // an empty vector's data() may be null
      std::memcpy(machine.dram.data() + segment.dramAddr, segment.data().data(),
                  segment.data().size());
  return Simulator(std::move(program), std::move(machine), limits);
}

llvm::Error Simulator::setInput(llvm::StringRef name, const NpyArray &array) {
  const TensorInfo *tensor = prog.findTensor(name);
  if (!tensor) {
    std::string known;
    for (const TensorInfo &candidate : prog.tensors)
      if (candidate.role == TensorRole::Input)
        known += (known.empty() ? "" : ", ") + candidate.name;
    return llvm::createStringError(
        "the program has no tensor '" + name +
        "' (its inputs: " + (known.empty() ? "none" : known) + ")");
  }
  if (array.dtype != tensor->dtype)
    return llvm::createStringError("tensor '" + name + "' is " +
                                   dtypeName(tensor->dtype) +
                                   ", the array is " + dtypeName(array.dtype));
  if (tensor->hasInterface() &&
      llvm::ArrayRef<int64_t>(array.shape) != tensor->callerShape())
    return llvm::createStringError(
        "tensor '" + name + "' has interface shape " +
        shapeToString(tensor->interfaceShape) + " (stored as " +
        shapeToString(tensor->shape) + "), the array has " +
        shapeToString(array.shape));
  if (array.shape != tensor->shape && !tensor->hasInterface())
    return llvm::createStringError(
        "tensor '" + name + "' has shape " + shapeToString(tensor->shape) +
        ", the array has " + shapeToString(array.shape));
  if (int64_t(array.data.size()) != tensor->byteSize())
    return llvm::createStringError(
        "tensor '" + name + "' needs " + llvm::Twine(tensor->byteSize()) +
        " bytes, the array has " + llvm::Twine(array.data.size()));
  // The stored order is the interface transposed (its reshape to `shape`
  // moves no byte).
  std::vector<uint8_t> stored =
      tensor->hasInterface()
          ? transposeElements(array.data, tensor->interfaceShape,
                              tensor->interfacePerm, dtypeBytes(tensor->dtype))
          : array.data;
  std::memcpy(state.dram.data() + tensor->dramAddr, stored.data(),
              stored.size());
  providedInputs.push_back(name.str());
  return llvm::Error::success();
}

static ProgramLayer layerOf(const Program &program, size_t id) {
  return id < program.layers.size()
             ? program.layers[id]
             : ProgramLayer{"layer" + std::to_string(id), "", "", "", -1};
}

/// The report row of one layer's timing.
static LayerReport layerReport(const ProgramLayer &info,
                               const LayerTiming &timing, double peak) {
  LayerReport layer;
  layer.name = info.name;
  layer.role = info.role;
  layer.strategy = info.strategy;
  layer.tiling = info.tiling;
  layer.cycles = timing.cycles();
  layer.macs = timing.macs;
  layer.usefulMacs = info.usefulMacs < 0 ? timing.macs : info.usefulMacs;
  layer.dramBytes = timing.dramBytes;
  layer.dramReadBytes = timing.dramReadBytes;
  layer.dramWriteBytes = timing.dramWriteBytes;
  layer.sramInputBytes = timing.sram.inputBytes;
  layer.sramWeightBytes = timing.sram.weightBytes;
  layer.sramAccBytes = timing.sram.accBytes;
  layer.loadBusyCycles = timing.loadBusyCycles;
  layer.convBusyCycles = timing.computeBusyCycles;
  layer.postBusyCycles = timing.postBusyCycles;
  layer.storeBusyCycles = timing.storeBusyCycles;
  layer.energyPJ = timing.energyPJ;
  layer.macEnergyPJ = timing.energy.macPJ;
  layer.sramEnergyPJ = timing.energy.sramPJ;
  layer.dramEnergyPJ = timing.energy.dramPJ;
  auto utilization = [&](int64_t macs) {
    return layer.cycles ? double(macs) / (double(layer.cycles) * peak) : 0;
  };
  layer.macUtilization = utilization(layer.macs);
  layer.usefulUtilization = utilization(layer.usefulMacs);
  return layer;
}

llvm::Expected<SimReport>
Simulator::run(std::vector<TimelineEvent> *timeline) {
  for (const TensorInfo &tensor : prog.tensors)
    if (tensor.role == TensorRole::Input &&
        !llvm::is_contained(providedInputs, tensor.name))
      return llvm::createStringError("input '" + tensor.name +
                                     "' was not provided");
  PipelineTimer timer(prog.target);
  /// Layers that run on the host: their rows say so.
  llvm::DenseMap<uint16_t, const HostOpRecord *> hostLayers;
  bool hostRunning = false; ///< the last instruction run was a HOST
  if (timeline) {
    if (prog.instructions.size() > kMaxTraceEvents)
      return llvm::createStringError(
          "the program has " + llvm::Twine(prog.instructions.size()) +
          " instructions; a trace records at most " +
          llvm::Twine(kMaxTraceEvents));
    timeline->reserve(timeline->size() + prog.instructions.size());
    timer.setObserver(
        [timeline](const TimelineEvent &event) { timeline->push_back(event); });
  }
  // Simulator::create bounded the work of the whole stream, so neither the
  // functional loops nor the timing model's 64-bit counts see an unbounded
  // box.
  for (size_t index = 0; index < prog.instructions.size(); ++index) {
    const Instruction &inst = prog.instructions[index];
    if (const auto *host = inst.getIf<HostOp>()) {
      const HostOpRecord &record = prog.hostOps[host->record];
      if (llvm::Error error = runHostOp(record, state.dram))
        return llvm::createStringError("instruction " + llvm::Twine(index) +
                                       " (HOST " + record.kind + "): " +
                                       llvm::toString(std::move(error)));
      hostLayers[inst.layer] = &record;
      if (llvm::Error error = timer.pushHost(
              inst, index, hostOpCycles(record, hostModel, !hostRunning)))
        return std::move(error);
      hostRunning = true;
      continue;
    }
    // Anything but a barrier hands control back to the accelerator.
    if (inst.opcode() != Opcode::Barrier)
      hostRunning = false;
    if (llvm::Error error = state.execute(inst))
      return llvm::createStringError("instruction " + llvm::Twine(index) +
                                     " (" + opcodeName(inst.opcode()) +
                                     "): " + llvm::toString(std::move(error)));
    if (llvm::Error error = timer.push(inst, index))
      return std::move(error);
  }
  llvm::Expected<int64_t> cycles = timer.finish();
  if (!cycles)
    return cycles.takeError();

  SimReport report;
  report.target = prog.target.name;
  report.instructions = prog.instructions.size();
  report.cycles = *cycles;
  report.macs = timer.totalMacs();
  report.dramBytes = timer.totalDramBytes();
  report.energyPJ = timer.totalEnergyPJ();
  double peak = double(prog.target.macsPerCycle());
  report.macUtilization =
      report.cycles ? double(report.macs) / (double(report.cycles) * peak) : 0;
  report.microseconds = double(report.cycles) / prog.target.clockMHz;
  report.peakMacsPerCycle = prog.target.macsPerCycle();
  const std::vector<LayerTiming> &layers = timer.layers();
  LayerTiming total;
  int64_t totalUseful = 0;
  for (size_t id = 0; id < layers.size(); ++id) {
    const LayerTiming &timing = layers[id];
    if (timing.startCycle < 0 || hostLayers.count(uint16_t(id)))
      continue;
    report.layers.push_back(layerReport(layerOf(prog, id), timing, peak));
    total.addCounts(timing);
    totalUseful += report.layers.back().usefulMacs;
  }
  // Host layers: rows of their own, after the accelerator's, with the op
  // they ran, the elements it touched and the host's time (hostModel; the
  // accelerator idles meanwhile, so the time is in the total).
  int64_t hostElements = 0;
  for (size_t id = 0; id < prog.layers.size(); ++id) {
    auto host = hostLayers.find(uint16_t(id));
    if (host == hostLayers.end())
      continue;
    LayerReport row;
    row.name = prog.layers[id].name;
    row.role = prog.layers[id].role;
    row.host = true;
    row.hostOp = host->second->kind;
    row.hostElements = int64_t(hostOpWork(*host->second));
    if (id < layers.size())
      row.cycles = layers[id].cycles();
    hostElements += row.hostElements;
    report.layers.push_back(std::move(row));
    ++report.hostOps;
  }
  total.startCycle = 0;
  total.endCycle = report.cycles;
  report.total = layerReport(ProgramLayer{"total", "", "", "", totalUseful},
                             total, peak);
  report.total.energyPJ = report.energyPJ;
  report.total.hostElements = hostElements;
  return report;
}

llvm::Expected<NpyArray> Simulator::readTensor(llvm::StringRef name) const {
  const TensorInfo *tensor = prog.findTensor(name);
  if (!tensor)
    return llvm::createStringError("the program has no tensor '" + name + "'");
  NpyArray array;
  array.dtype = tensor->dtype;
  array.shape = tensor->shape;
  const uint8_t *begin = state.dram.data() + tensor->dramAddr;
  array.data.assign(begin, begin + tensor->byteSize());
  if (tensor->hasInterface()) {
    array.data = transposeElements(
        array.data,
        permuteShape(tensor->interfaceShape, tensor->interfacePerm),
        invertPermutation(tensor->interfacePerm), dtypeBytes(tensor->dtype));
    array.shape = tensor->interfaceShape;
  }
  return array;
}
