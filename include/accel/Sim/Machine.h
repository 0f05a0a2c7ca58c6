//===- Machine.h - Functional state of the conv engine --------*- C++ -*-===//
//
// The architectural state the functional simulator updates: DRAM and the
// three on-chip buffers. `execute` runs one instruction with every access
// bounds-checked; a hostile instruction is an error, never an out-of-range
// access.
//
// Accumulator entries are 4 bytes. The simulator keeps an f32 and an i32
// view of them side by side: f32 instructions use one, i8/i32 the other.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SIM_MACHINE_H
#define ACCEL_SIM_MACHINE_H

#include "accel/ISA/Instruction.h"
#include "accel/Target/Target.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace accel {
namespace sim {

class Machine {
public:
  Machine(const TargetDesc &target, uint64_t dramBytes);

  /// Executes one instruction. Errors say which bound or field is wrong.
  llvm::Error execute(const isa::Instruction &inst);

  const TargetDesc &target() const { return targetDesc; }

  std::vector<uint8_t> dram;
  std::vector<uint8_t> inputBuffer;
  std::vector<uint8_t> weightBuffer;
  std::vector<float> accF32;
  std::vector<int32_t> accI32;

private:
  llvm::Error loadInput(const isa::LoadInputOp &op);
  llvm::Error loadWeight(const isa::LoadWeightOp &op);
  llvm::Error loadBias(const isa::LoadBiasOp &op);
  llvm::Error loadAcc(const isa::LoadAccOp &op);
  llvm::Error conv(const isa::ConvOp &op);
  llvm::Error post(const isa::PostOp &op);
  llvm::Error store(const isa::StoreOp &op);

  TargetDesc targetDesc;
  /// Scratch for the conv kernel (reused across instructions).
  std::vector<float> scratchF32In, scratchF32W;
  std::vector<int32_t> scratchI32In, scratchI32W;
};

/// The conv kernel over dense scratch operands: `input` is
/// [inH][inW][channels], `weights` is [kh*kw][channels][outK] (transposed
/// so the innermost loop runs over contiguous output channels), `acc` is
/// [outH][outW][outK].
struct ConvKernelShape {
  int64_t inW, channels, outK, kernelH, kernelW, strideH, strideW, dilationH,
      dilationW, outH, outW;
  int64_t accPitch; ///< accumulator entries between output rows
};
void convKernelF32(const ConvKernelShape &shape, const float *input,
                   const float *weights, float *acc, bool accumulate);
void convKernelI32(const ConvKernelShape &shape, const int32_t *input,
                   const int32_t *weights, int32_t *acc, bool accumulate);

} // namespace sim
} // namespace accel

#endif // ACCEL_SIM_MACHINE_H
