//===- HostOps.h - The simulator's host op kernels -------------*- C++ -*-===//
//
// Functional execution of host op records (accel/ISA/HostOp.h) over the
// simulated DRAM: what the host CPU does when the program reaches a HOST
// instruction.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SIM_HOSTOPS_H
#define ACCEL_SIM_HOSTOPS_H

#include "accel/ISA/HostOp.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace accel {
namespace sim {

/// Runs `record` (verified: verifyHostOpRecord against `dram`'s size) on
/// `dram`, with TOSA's semantics for its kind.
llvm::Error runHostOp(const isa::HostOpRecord &record,
                      std::vector<uint8_t> &dram);

} // namespace sim
} // namespace accel

#endif // ACCEL_SIM_HOSTOPS_H
