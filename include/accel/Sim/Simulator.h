//===- Simulator.h - Run an accel program ----------------------*- C++ -*-===//
//
// Loads a program (DRAM image from its data segments), takes the input
// tensors, executes every instruction functionally (Machine) while feeding
// the timing model (PipelineTiming), and reports cycles, per-layer cycles,
// MAC utilization, DRAM bytes and energy. Outputs are read back by name.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SIM_SIMULATOR_H
#define ACCEL_SIM_SIMULATOR_H

#include "accel/ISA/HostOp.h"
#include "accel/ISA/PipelineTiming.h"
#include "accel/ISA/Program.h"
#include "accel/Sim/Machine.h"
#include "accel/Sim/Npy.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace accel {
namespace sim {

/// What one layer (or, in SimReport::total, the whole run) cost. Busy
/// cycles are per queue: CONV and POST share the compute queue, LOAD and
/// STORE count their DRAM transfer cycles; the layer's `cycles` span its
/// first start to its last completion, so queues overlap within it.
struct LayerReport {
  std::string name;
  std::string role;     ///< isa::ProgramLayer::role
  std::string strategy; ///< isa::ProgramLayer::strategy
  std::string tiling;   ///< isa::ProgramLayer::tiling
  int64_t cycles = 0;
  int64_t macs = 0;
  /// MACs that are not multiplications by inserted zeros or padding taps of
  /// a transposed conv's lowering (isa::ProgramLayer::usefulMacs; `macs`
  /// when the program does not say otherwise).
  int64_t usefulMacs = 0;
  int64_t dramBytes = 0;
  int64_t dramReadBytes = 0;
  int64_t dramWriteBytes = 0;
  int64_t sramInputBytes = 0;  ///< input-buffer bytes read by CONV
  int64_t sramWeightBytes = 0; ///< weight-buffer bytes read by CONV
  int64_t sramAccBytes = 0;    ///< accumulator bytes read + written by CONV
  int64_t loadBusyCycles = 0;
  int64_t convBusyCycles = 0;
  int64_t postBusyCycles = 0;
  int64_t storeBusyCycles = 0;
  double energyPJ = 0;
  double macEnergyPJ = 0;
  double sramEnergyPJ = 0;
  double dramEnergyPJ = 0;
  double macUtilization = 0;
  double usefulUtilization = 0; ///< usefulMacs / (cycles x peak MACs/cycle)
  /// A host layer (a HOST instruction): it runs on the host CPU, so every
  /// accelerator count above but `cycles` is 0; `cycles` is the host's time
  /// (isa::hostOpCycles), `hostOp` its kind ("tosa.exp") and
  /// `hostElements` the elements it read and wrote (hostOpWork).
  bool host = false;
  std::string hostOp;
  int64_t hostElements = 0;
};

struct SimReport {
  std::string target;
  size_t instructions = 0;
  int64_t cycles = 0;
  int64_t macs = 0;
  int64_t dramBytes = 0;
  double energyPJ = 0;
  double macUtilization = 0;
  double microseconds = 0; ///< cycles at the target's clock
  int64_t peakMacsPerCycle = 0;
  /// Accelerator layers first (by layer id), then the host layers.
  std::vector<LayerReport> layers;
  /// Host ops the run executed.
  int64_t hostOps = 0;
  /// Sums over the layers (name "total"; cycles = the run's cycles).
  LayerReport total;
};

/// At most this many instructions are recorded by a traced run (checked
/// before the run: a trace event is ~64 bytes).
constexpr size_t kMaxTraceEvents = size_t(1) << 22;

/// Resource limits of one simulation, so a hostile or absurd program is an
/// error instead of an out-of-memory abort or a run that never ends. Both
/// are checked by Simulator::create from the program header and the
/// instruction fields, before anything is allocated or executed. The
/// defaults are sized for real networks: of the six benchmark networks at
/// their paper sizes (docs/Hardening.md has the table), the largest needs
/// 272 MB and 3.1e10 element operations, a quarter and a ninth of the
/// defaults. accel-sim's --max-memory and --max-work raise them; fuzzers
/// and embedders tighten them.
struct SimLimits {
  /// DRAM + input, weight and accumulator buffers (both views), in bytes
  /// (0 = no limit).
  uint64_t maxMemoryBytes = uint64_t(1) << 30;
  /// Instructions in the stream (0 = no limit).
  uint64_t maxInstructions = 0;
  /// Work of the whole run: the sum over instructions of the elements each
  /// one moves or the MACs it performs (instructionWork). 0 means the hard
  /// ceiling kMaxWork, which keeps the timing model's 64-bit counts exact.
  uint64_t maxWork = uint64_t(1) << 38;
};

/// The most work any simulation may do, whatever SimLimits says: far below
/// the point where the timing model's int64 counts (MACs, SRAM bytes,
/// which multiply the work by at most 8) could overflow.
constexpr uint64_t kMaxWork = uint64_t(1) << 56;

/// The work `inst` does in the functional simulator (elements moved, or
/// MACs plus operand copies for CONV; every extent counted as at least 1,
/// since loops over the outer extents run even when an inner one is 0),
/// saturating at UINT64_MAX instead of overflowing on hostile field values.
uint64_t instructionWork(const isa::Instruction &inst);

class Simulator {
public:
  /// Verifies the program, checks it against `limits` and builds the
  /// initial DRAM image.
  static llvm::Expected<Simulator> create(isa::Program program,
                                          SimLimits limits = SimLimits());

  const isa::Program &program() const { return prog; }
  Machine &machine() { return state; }

  /// Copies an array into the named tensor; dtype and shape must match
  /// the program's DRAM map exactly: the interface shape for a tensor with
  /// an interface layout, whose array is stored transposed.
  llvm::Error setInput(llvm::StringRef name, const NpyArray &array);

  /// Runs to END. Every tensor with the input role must have been set.
  /// Errors name the instruction index. With `timeline`, every
  /// instruction's place on the timeline is appended to it (at most
  /// kMaxTraceEvents instructions, else an error before the run).
  llvm::Expected<SimReport>
  run(std::vector<isa::TimelineEvent> *timeline = nullptr);

  /// The current contents of a named tensor (in its interface layout when
  /// it has one).
  llvm::Expected<NpyArray> readTensor(llvm::StringRef name) const;

  /// How host ops are timed (HOST instructions); the defaults otherwise.
  void setHostModel(const isa::HostModel &model) { hostModel = model; }

private:
  Simulator(isa::Program program, Machine machine, SimLimits limits)
      : prog(std::move(program)), state(std::move(machine)), limits(limits) {}

  isa::Program prog;
  Machine state;
  SimLimits limits;
  isa::HostModel hostModel;
  std::vector<std::string> providedInputs;
};

void printReportText(const SimReport &report, llvm::raw_ostream &os);
llvm::json::Value reportToJSON(const SimReport &report);
/// One header row, one row per layer, a "total" row (the column names are
/// the JSON keys).
void printReportCSV(const SimReport &report, llvm::raw_ostream &os);
/// The timeline as Chrome / Perfetto trace-event JSON: one track (thread)
/// per queue -- LOAD, CONV, POST, STORE -- and one for the DRAM channel,
/// complete ("X") events in microseconds at the target's clock, each with
/// its instruction index, layer and cycles in `args`.
llvm::json::Value traceToJSON(const isa::Program &program,
                              llvm::ArrayRef<isa::TimelineEvent> timeline);

} // namespace sim
} // namespace accel

#endif // ACCEL_SIM_SIMULATOR_H
