//===- InstructionSink.h - Consumers of instruction streams --*- C++ -*-===//
//
// Schedule builders (accel/Schedule) emit instructions one at a time into a
// sink: a vector (the emitter, tests), the timing model (the cost model), a
// store-remapping adapter (accel/Schedule/Placement.h), ...
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_ISA_INSTRUCTIONSINK_H
#define ACCEL_ISA_INSTRUCTIONSINK_H

#include "accel/ISA/Instruction.h"

#include "llvm/Support/Error.h"

#include <vector>

namespace accel {
namespace isa {

/// Receives generated instructions (a vector, the timing model, ...).
class InstructionSink {
public:
  virtual ~InstructionSink();
  virtual llvm::Error emit(const Instruction &inst) = 0;
};

/// Collects instructions into a vector.
class VectorSink : public InstructionSink {
public:
  explicit VectorSink(std::vector<Instruction> &out) : out(out) {}
  llvm::Error emit(const Instruction &inst) override {
    out.push_back(inst);
    return llvm::Error::success();
  }

private:
  std::vector<Instruction> &out;
};

} // namespace isa
} // namespace accel

#endif // ACCEL_ISA_INSTRUCTIONSINK_H
