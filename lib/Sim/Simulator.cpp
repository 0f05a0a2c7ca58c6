//===- Simulator.cpp - Run an accel program --------------------------------===//
//
// Functional execution is in program order (a correctly synchronised
// program computes the same values in any order its tokens allow); the
// timing model sees the same instruction stream and applies the tokens.
//
//===----------------------------------------------------------------------===//

#include "accel/Sim/Simulator.h"
#include "accel/ISA/PipelineTiming.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"

#include <cstring>

using namespace accel;
using namespace accel::sim;
using namespace accel::isa;

namespace {
llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::string shapeString(llvm::ArrayRef<int64_t> shape) {
  std::string text;
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? "x" : "") + std::to_string(shape[i]);
  return text.empty() ? "scalar" : text;
}
} // namespace

llvm::Expected<Simulator> Simulator::create(Program program) {
  if (llvm::Error error = verifyProgram(program))
    return std::move(error);
  Machine machine(program.target, program.dramBytes);
  for (const DataSegment &segment : program.segments)
    std::memcpy(machine.dram.data() + segment.dramAddr, segment.bytes.data(),
                segment.bytes.size());
  return Simulator(std::move(program), std::move(machine));
}

llvm::Error Simulator::setInput(llvm::StringRef name, const NpyArray &array) {
  const TensorInfo *tensor = prog.findTensor(name);
  if (!tensor) {
    std::string known;
    for (const TensorInfo &candidate : prog.tensors)
      if (candidate.role == TensorRole::Input)
        known += (known.empty() ? "" : ", ") + candidate.name;
    return makeError("the program has no tensor '" + name +
                     "' (its inputs: " + (known.empty() ? "none" : known) + ")");
  }
  if (array.dtype != tensor->dtype)
    return makeError("tensor '" + name + "' is " + dtypeName(tensor->dtype) +
                     ", the array is " + dtypeName(array.dtype));
  if (array.shape != tensor->shape)
    return makeError("tensor '" + name + "' has shape " +
                     shapeString(tensor->shape) + ", the array has " +
                     shapeString(array.shape));
  if (int64_t(array.data.size()) != tensor->byteSize())
    return makeError("tensor '" + name + "' needs " +
                     llvm::Twine(tensor->byteSize()) + " bytes, the array has " +
                     llvm::Twine(array.data.size()));
  std::memcpy(state.dram.data() + tensor->dramAddr, array.data.data(),
              array.data.size());
  providedInputs.push_back(name.str());
  return llvm::Error::success();
}

llvm::Expected<SimReport> Simulator::run() {
  for (const TensorInfo &tensor : prog.tensors)
    if (tensor.role == TensorRole::Input &&
        !llvm::is_contained(providedInputs, tensor.name))
      return makeError("input '" + tensor.name + "' was not provided");
  PipelineTimer timer(prog.target);
  for (size_t index = 0; index < prog.instructions.size(); ++index) {
    const Instruction &inst = prog.instructions[index];
    if (llvm::Error error = state.execute(inst))
      return makeError("instruction " + llvm::Twine(index) + " (" +
                       opcodeName(inst.opcode()) + "): " +
                       llvm::toString(std::move(error)));
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
  const std::vector<LayerTiming> &layers = timer.layers();
  for (size_t id = 0; id < layers.size(); ++id) {
    const LayerTiming &timing = layers[id];
    if (timing.startCycle < 0)
      continue;
    LayerReport layer;
    layer.name = id < prog.layerNames.size() ? prog.layerNames[id]
                                             : "layer" + std::to_string(id);
    layer.cycles = timing.cycles();
    layer.macs = timing.macs;
    layer.dramBytes = timing.dramBytes;
    layer.energyPJ = timing.energyPJ;
    layer.macUtilization =
        layer.cycles ? double(layer.macs) / (double(layer.cycles) * peak) : 0;
    report.layers.push_back(layer);
  }
  return report;
}

llvm::Expected<NpyArray> Simulator::readTensor(llvm::StringRef name) const {
  const TensorInfo *tensor = prog.findTensor(name);
  if (!tensor)
    return makeError("the program has no tensor '" + name + "'");
  NpyArray array;
  array.dtype = tensor->dtype;
  array.shape = tensor->shape;
  const uint8_t *begin = state.dram.data() + tensor->dramAddr;
  array.data.assign(begin, begin + tensor->byteSize());
  return array;
}
