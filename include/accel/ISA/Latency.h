//===- Latency.h - Per-instruction cost formulas --------------*- C++ -*-===//
//
// The single source of truth for what an instruction costs on a target:
// queue occupancy, DRAM traffic, SRAM traffic, MACs and energy. Both the
// simulator's timing model and the cost model (which walks the schedule the
// generator would emit) price instructions through `instructionCost`, so
// their cycle counts agree by construction. docs/CostModel.md explains the
// formulas.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_ISA_LATENCY_H
#define ACCEL_ISA_LATENCY_H

#include "accel/ISA/Instruction.h"
#include "accel/Target/Target.h"

#include <cstdint>

namespace accel {
namespace isa {

/// Bytes of one accumulator entry (f32 or i32).
constexpr int64_t kAccEntryBytes = 4;

/// Accumulator entries the target holds.
inline int64_t accEntries(const TargetDesc &target) {
  return target.accBufferBytes / kAccEntryBytes;
}

/// Bytes read or written in each on-chip buffer.
struct SramTraffic {
  int64_t inputBytes = 0;
  int64_t weightBytes = 0;
  int64_t accBytes = 0;
  SramTraffic &operator+=(const SramTraffic &other) {
    inputBytes += other.inputBytes;
    weightBytes += other.weightBytes;
    accBytes += other.accBytes;
    return *this;
  }
};

/// What one instruction costs.
struct InstructionCost {
  Queue queue = Queue::All;
  /// Cycles the queue is busy when the instruction moves no DRAM data.
  int64_t busyCycles = 0;
  /// DRAM bytes moved; the transfer occupies the shared DRAM channel for
  /// dramTransferCycles(dramBytes) and completes dmaLatency cycles later.
  int64_t dramBytes = 0;
  int64_t dmaLatency = 0;
  int64_t macs = 0;
  SramTraffic sram;
};

/// Energy of an instruction by where it is spent.
struct EnergySplit {
  double macPJ = 0;  ///< the MAC array
  double sramPJ = 0; ///< input, weight and accumulator buffers
  double dramPJ = 0; ///< DRAM transfers
  EnergySplit &operator+=(const EnergySplit &other) {
    macPJ += other.macPJ;
    sramPJ += other.sramPJ;
    dramPJ += other.dramPJ;
    return *this;
  }
};

/// Cycles the DRAM channel needs for `bytes` (ceil(bytes / bandwidth)).
int64_t dramTransferCycles(int64_t bytes, const TargetDesc &target);

/// MAC-array cycles of a conv tile. Broadcast arrays: ceil(C/atomicC) *
/// ceil(K/atomicK) * kh * kw * outH * outW. Systolic arrays add SCALE-Sim's
/// fill and drain per fold (docs/CostModel.md, "MAC array timing").
int64_t convComputeCycles(int64_t inC, int64_t outK, int64_t kernelH,
                          int64_t kernelW, int64_t outH, int64_t outW,
                          const TargetDesc &target);

/// Post-processor cycles: atomicK values per cycle.
int64_t postCycles(int64_t values, const TargetDesc &target);

/// The cost of `inst` on `target`.
InstructionCost instructionCost(const Instruction &inst,
                                const TargetDesc &target);

/// Energy in pJ of a cost, from the target's energy table.
double energyPJ(const InstructionCost &cost, const TargetDesc &target);
/// The same energy by where it is spent (the parts sum to energyPJ up to
/// floating-point rounding).
EnergySplit energySplitPJ(const InstructionCost &cost,
                          const TargetDesc &target);

} // namespace isa
} // namespace accel

#endif // ACCEL_ISA_LATENCY_H
