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

struct LayerReport {
  std::string name;
  int64_t cycles = 0;
  int64_t macs = 0;
  int64_t dramBytes = 0;
  double energyPJ = 0;
  double macUtilization = 0;
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
  std::vector<LayerReport> layers;
};

class Simulator {
public:
  /// Verifies the program and builds the initial DRAM image.
  static llvm::Expected<Simulator> create(isa::Program program);

  const isa::Program &program() const { return prog; }
  Machine &machine() { return state; }

  /// Copies an array into the named tensor; dtype and shape must match
  /// the program's DRAM map exactly.
  llvm::Error setInput(llvm::StringRef name, const NpyArray &array);

  /// Runs to END. Every tensor with the input role must have been set.
  /// Errors name the instruction index.
  llvm::Expected<SimReport> run();

  /// The current contents of a named tensor.
  llvm::Expected<NpyArray> readTensor(llvm::StringRef name) const;

private:
  Simulator(isa::Program program, Machine machine)
      : prog(std::move(program)), state(std::move(machine)) {}

  isa::Program prog;
  Machine state;
  std::vector<std::string> providedInputs;
};

void printReportText(const SimReport &report, llvm::raw_ostream &os);
llvm::json::Value reportToJSON(const SimReport &report);

} // namespace sim
} // namespace accel

#endif // ACCEL_SIM_SIMULATOR_H
