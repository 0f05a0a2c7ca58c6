//===- PipelineTiming.h - Timing of the three queues ---------*- C++ -*-===//
//
// The timing model of the conv engine: instructions are dispatched in
// program order to the load, compute and store queues; each queue executes
// in order; dependency tokens (VTA style) order the queues; all DMA shares
// one DRAM channel (transfers are serialised in request order, latency is
// pipelined). BARRIER and END drain every queue.
//
// The compute queue feeds two pipelined units, as the conv engines it
// models do (NVDLA's CMAC/CACC then SDP, a TPU's accumulators then its
// activation pipeline, DianNao's NFU-1/2 then NFU-3): the MAC array runs
// CONV and LOAD_ACC, the post-processor POST. Instructions still issue in
// order; a POST starts once every earlier compute instruction has completed
// (it reads what they accumulated) and the post-processor is free; a CONV or
// LOAD_ACC starts once the MAC array is free and no POST still running reads
// an accumulator entry it writes. So a POST drains one accumulator tile
// while the next CONV fills another.
//
// The simulator feeds it every executed instruction; the cost model feeds
// it the instructions the schedule generator produces without storing them.
// Both therefore report the same cycles for the same schedule.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_ISA_PIPELINETIMING_H
#define ACCEL_ISA_PIPELINETIMING_H

#include "accel/ISA/Instruction.h"
#include "accel/ISA/Latency.h"
#include "accel/Support/Fifo.h"
#include "accel/Target/Target.h"

#include "llvm/Support/Error.h"

#include <array>
#include <functional>
#include <vector>

namespace accel {
namespace isa {

/// Cycles and traffic attributed to one layer id.
struct LayerTiming {
  int64_t startCycle = -1; ///< first instruction start (-1: no instruction)
  int64_t endCycle = 0;    ///< last instruction completion
  int64_t macs = 0;
  int64_t computeBusyCycles = 0; ///< MAC-array busy cycles (CONV only)
  int64_t postBusyCycles = 0;    ///< post-processor busy cycles (POST)
  int64_t loadBusyCycles = 0;    ///< load queue's DRAM transfer cycles
  int64_t storeBusyCycles = 0;   ///< store queue's DRAM transfer cycles
  int64_t dramBytes = 0;
  int64_t dramReadBytes = 0;  ///< by LOAD_* instructions
  int64_t dramWriteBytes = 0; ///< by STORE
  SramTraffic sram;           ///< bytes read/written per on-chip buffer
  double energyPJ = 0;
  EnergySplit energy; ///< energyPJ by where it is spent
  int64_t cycles() const { return startCycle < 0 ? 0 : endCycle - startCycle; }
  /// Adds `other`'s counts (not its span: start/end stay).
  void addCounts(const LayerTiming &other) {
    macs += other.macs;
    computeBusyCycles += other.computeBusyCycles;
    postBusyCycles += other.postBusyCycles;
    loadBusyCycles += other.loadBusyCycles;
    storeBusyCycles += other.storeBusyCycles;
    dramBytes += other.dramBytes;
    dramReadBytes += other.dramReadBytes;
    dramWriteBytes += other.dramWriteBytes;
    sram += other.sram;
    energyPJ += other.energyPJ;
    energy += other.energy;
  }
};

/// One executed instruction on the timeline (for traces): it occupies its
/// queue over [start, busyEnd) and completes (pushes its tokens) at
/// `completion`; a DMA instruction holds the shared DRAM channel over
/// [dramStart, dramEnd) (both 0 when it moves no DRAM data).
struct TimelineEvent {
  size_t index = 0;
  Opcode opcode = Opcode::End;
  uint16_t layer = 0;
  int64_t start = 0;
  int64_t busyEnd = 0;
  int64_t completion = 0;
  int64_t dramStart = 0;
  int64_t dramEnd = 0;
  int64_t dramBytes = 0;
};

/// Incremental event-driven pipeline model.
class PipelineTimer {
public:
  explicit PipelineTimer(const TargetDesc &target);

  /// Dispatches one instruction (`index` names it in errors). A deadlock
  /// (a pop whose token can never arrive) is an error.
  llvm::Error push(const Instruction &inst, size_t index);

  /// Dispatches a HOST instruction: drains every queue, then the host runs
  /// for `hostCycles` while the accelerator idles; the time is the layer's.
  llvm::Error pushHost(const Instruction &inst, size_t index,
                       int64_t hostCycles);
  /// Cycle at which everything pushed so far has completed (drains first).
  llvm::Expected<int64_t> finish();

  /// Called with every instruction as it is scheduled (none by default;
  /// accel-sim --trace records them).
  void setObserver(std::function<void(const TimelineEvent &)> callback) {
    observer = std::move(callback);
  }

  const std::vector<LayerTiming> &layers() const { return layerTimings; }
  int64_t totalMacs() const { return macs; }
  int64_t totalDramBytes() const { return dramBytes; }
  double totalEnergyPJ() const { return energy; }

private:
  struct PendingOp {
    DepFlags deps;
    InstructionCost cost;
    uint16_t layer;
    size_t index;
    Opcode opcode;
    /// Accumulator entries [accBegin, accEnd) a compute instruction writes
    /// (CONV, LOAD_ACC) or reads (POST).
    int64_t accBegin = 0, accEnd = 0;
  };
  /// A POST still running: its entries and when it finishes.
  struct PostInFlight {
    int64_t accBegin, accEnd, until;
  };
  /// Token channels between neighbouring queues.
  enum Channel { LoadToCompute, ComputeToLoad, ComputeToStore, StoreToCompute };

  llvm::Error drain(bool flushAll);
  void execute(unsigned queue, int64_t start);
  bool tokensReady(unsigned queue, const DepFlags &deps,
                   int64_t &readyAt) const;
  /// The earliest `op` could start at the head of `queue`, tokens aside.
  int64_t earliestStart(unsigned queue, const PendingOp &op) const;
  /// Every queue and unit idle from `time` on.
  void resetTo(int64_t time);
  void barrier();

  TargetDesc target; ///< a copy: callers may pass temporaries
  std::array<Fifo<PendingOp>, 3> pending;
  std::array<Fifo<int64_t>, 4> tokens;
  /// When each queue can start its next instruction (the compute queue's:
  /// its MAC array).
  std::array<int64_t, 3> queueFree{};
  std::array<int64_t, 3> lastCompletion{};
  /// The compute queue: when its last instruction started (issue is in
  /// order), when its MAC-array instructions have all completed, when the
  /// post-processor is free, and the POSTs that may still be running.
  int64_t computeIssued = 0, macCompletion = 0, postFree = 0;
  std::vector<PostInFlight> postsInFlight;
  int64_t dramFree = 0;
  int64_t now = 0;
  int64_t macs = 0;
  int64_t dramBytes = 0;
  double energy = 0;
  std::vector<LayerTiming> layerTimings;
  std::function<void(const TimelineEvent &)> observer;
};

} // namespace isa
} // namespace accel

#endif // ACCEL_ISA_PIPELINETIMING_H
