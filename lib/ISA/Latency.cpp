//===- Latency.cpp - Per-instruction cost formulas ------------------------===//
//
// See Latency.h. Every formula here is used by both the simulator and the
// cost model; change one and both move together.
//
//===----------------------------------------------------------------------===//

#include "accel/ISA/Latency.h"

#include "llvm/Support/MathExtras.h"
#include <algorithm>
#include <cmath>
#include <limits>

using namespace accel;
using namespace accel::isa;

namespace {
/// Number of i in [origin, origin + extent) with 0 <= i < limit.
int64_t overlap(int64_t origin, int64_t extent, int64_t limit) {
  int64_t lo = std::max<int64_t>(origin, 0);
  int64_t hi = std::min<int64_t>(origin + extent, limit);
  return std::max<int64_t>(hi - lo, 0);
}

InstructionCost dmaCost(Queue queue, int64_t bytes, const TargetDesc &target) {
  InstructionCost cost;
  cost.queue = queue;
  cost.dramBytes = bytes;
  cost.dmaLatency = bytes > 0 ? target.dramLatencyCycles : 0;
  // A load that is all padding still takes a cycle to fill the buffer.
  cost.busyCycles = bytes > 0 ? 0 : 1;
  return cost;
}

/// SRAM traffic of a conv tile. Each operand is read once per pass of the
/// array over it; the dataflow decides which operand stays in the array:
/// weight-stationary keeps weights, output-stationary keeps partial sums,
/// input-stationary keeps inputs.
SramTraffic convSramTraffic(const ConvOp &conv, const TargetDesc &target) {
  int64_t bytes = dtypeBytes(DType(conv.dtype));
  int64_t pixels = conv.outH * conv.outW;
  int64_t taps = conv.kernelH * conv.kernelW;
  int64_t kPasses = llvm::divideCeilSigned(conv.outK, target.atomicK);
  int64_t cPasses = llvm::divideCeilSigned(conv.inC, target.atomicC);
  int64_t inputOnce = pixels * taps * conv.inC * bytes;
  int64_t weightOnce = conv.outK * taps * conv.inC * bytes;
  int64_t accOnce = pixels * conv.outK * kAccEntryBytes * 2;
  SramTraffic traffic;
  switch (stationaryOperand(target.dataflow)) {
  case Dataflow::WeightStationary:
    traffic.weightBytes = weightOnce;
    traffic.inputBytes = inputOnce * kPasses;
    traffic.accBytes = accOnce * taps * cPasses;
    break;
  case Dataflow::OutputStationary:
    traffic.accBytes = accOnce;
    traffic.inputBytes = inputOnce * kPasses;
    traffic.weightBytes = weightOnce * pixels;
    break;
  case Dataflow::InputStationary:
    traffic.inputBytes = inputOnce;
    traffic.weightBytes = weightOnce * pixels;
    traffic.accBytes = accOnce * taps * cPasses;
    break;
  case Dataflow::SystolicWeightStationary:
  case Dataflow::SystolicOutputStationary:
    llvm_unreachable("stationaryOperand returns a broadcast dataflow");
  }
  return traffic;
}

} // namespace

int64_t isa::dramTransferCycles(int64_t bytes, const TargetDesc &target) {
  if (bytes <= 0)
    return 0;
  // Saturates: validateTarget bounds the bandwidth, but a caller's byte
  // count (a cost bound, a hostile program) may be huge, and converting an
  // out-of-range double to int64 is undefined. 2^53 cycles is years at any
  // clock; PipelineTimer adds times with saturation.
  double cycles = std::ceil(double(bytes) / target.dramBytesPerCycle);
  constexpr double kMaxCycles = double(int64_t(1) << 53);
  if (!(cycles < kMaxCycles))
    return int64_t(1) << 53;
  return int64_t(cycles);
}

int64_t isa::convComputeCycles(int64_t inC, int64_t outK, int64_t kernelH,
                               int64_t kernelW, int64_t outH, int64_t outW,
                               const TargetDesc &target) {
  int64_t rows = target.atomicC, cols = target.atomicK;
  int64_t taps = kernelH * kernelW, pixels = outH * outW;
  int64_t kFolds = llvm::divideCeilSigned(outK, cols);
  // SCALE-Sim (Samajdar et al., ISPASS 2020): a fold of an R x C systolic
  // array takes 2R + C + T - 2 cycles -- R to shift the fold's stationary
  // operand in, T streamed vectors, R + C - 2 to fill and drain the skew.
  int64_t foldOverhead = 2 * rows + cols - 2;
  switch (target.dataflow) {
  case Dataflow::SystolicWeightStationary: {
    // Fold: atomic_c input channels of one tap x atomic_k output channels;
    // T = the tile's output pixels.
    int64_t folds = llvm::divideCeilSigned(inC, rows) * kFolds * taps;
    return folds * (pixels + foldOverhead);
  }
  case Dataflow::SystolicOutputStationary: {
    // Fold: atomic_c output pixels x atomic_k output channels;
    // T = the window (taps x input channels).
    int64_t folds = llvm::divideCeilSigned(pixels, rows) * kFolds;
    return folds * (taps * inC + foldOverhead);
  }
  default:
    // Broadcast arrays (NVDLA, DianNao): one atomic per cycle, the
    // pipeline's fill hidden behind the previous atomic.
    return llvm::divideCeilSigned(inC, rows) * kFolds * taps * pixels;
  }
}

int64_t isa::postCycles(int64_t values, const TargetDesc &target) {
  return std::max<int64_t>(llvm::divideCeilSigned(values, target.atomicK), 1);
}

InstructionCost isa::instructionCost(const Instruction &inst,
                                     const TargetDesc &target) {
  InstructionCost cost;
  cost.queue = inst.queue();
  if (const auto *load = inst.getIf<LoadInputOp>()) {
    int64_t bytes = dtypeBytes(DType(load->dtype));
    int64_t valid = overlap(load->originY, load->boxH, load->tensorH) *
                    overlap(load->originX, load->boxW, load->tensorW) *
                    load->boxC * bytes;
    cost = dmaCost(Queue::Load, valid, target);
    cost.sram.inputBytes = load->boxH * load->boxW * load->boxC * bytes;
  } else if (const auto *load = inst.getIf<LoadWeightOp>()) {
    int64_t bytes = load->count * load->taps * load->chans *
                    dtypeBytes(DType(load->dtype));
    cost = dmaCost(Queue::Load, bytes, target);
    cost.sram.weightBytes = bytes;
  } else if (const auto *load = inst.getIf<LoadBiasOp>()) {
    cost = dmaCost(Queue::Load, load->count * kAccEntryBytes, target);
    cost.sram.weightBytes = load->count * kAccEntryBytes;
  } else if (const auto *load = inst.getIf<LoadAccOp>()) {
    int64_t values = load->boxH * load->boxW * load->boxC;
    cost = dmaCost(Queue::Compute, values * dtypeBytes(DType(load->dtype)),
                   target);
    cost.sram.accBytes = values * kAccEntryBytes * (load->accumulate ? 2 : 1);
  } else if (const auto *conv = inst.getIf<ConvOp>()) {
    cost.busyCycles =
        convComputeCycles(conv->inC, conv->outK, conv->kernelH, conv->kernelW,
                          conv->outH, conv->outW, target);
    cost.macs = conv->outH * conv->outW * conv->outK * conv->kernelH *
                conv->kernelW * conv->inC;
    cost.sram = convSramTraffic(*conv, target);
  } else if (const auto *post = inst.getIf<PostOp>()) {
    int64_t values = post->pixels * post->channels;
    // A lookup table is one more operation per output element. Its 256
    // entries, like a per-channel scale table, come through the POST's own
    // read port and are not modelled as DMA traffic.
    cost.busyCycles = postCycles(values, target) * (post->lut ? 2 : 1);
    cost.sram.accBytes = values * kAccEntryBytes * (post->zeroAcc ? 1 : 2);
    cost.sram.weightBytes = post->hasBias ? post->channels * kAccEntryBytes : 0;
  } else if (const auto *store = inst.getIf<StoreOp>()) {
    int64_t values = store->planes * store->boxH * store->boxW * store->boxC;
    cost = dmaCost(Queue::Store, values * dtypeBytes(DType(store->dtype)),
                   target);
    cost.sram.accBytes = values * kAccEntryBytes;
  }
  return cost;
}

EnergySplit isa::energySplitPJ(const InstructionCost &cost,
                               const TargetDesc &target) {
  const EnergyTable &table = target.energy;
  EnergySplit split;
  split.macPJ = double(cost.macs) * table.macPJ;
  split.sramPJ = double(cost.sram.inputBytes) * table.inputBufPJPerByte +
                 double(cost.sram.weightBytes) * table.weightBufPJPerByte +
                 double(cost.sram.accBytes) * table.accBufPJPerByte;
  split.dramPJ = double(cost.dramBytes) * table.dramPJPerByte;
  return split;
}

double isa::energyPJ(const InstructionCost &cost, const TargetDesc &target) {
  const EnergyTable &table = target.energy;
  return double(cost.macs) * table.macPJ +
         double(cost.sram.inputBytes) * table.inputBufPJPerByte +
         double(cost.sram.weightBytes) * table.weightBufPJPerByte +
         double(cost.sram.accBytes) * table.accBufPJPerByte +
         double(cost.dramBytes) * table.dramPJPerByte;
}
