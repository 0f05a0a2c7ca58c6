//===- Encoding.h - Binary encoding of accel instructions ----*- C++ -*-===//
//
// Every instruction is 64 bytes: a 64-bit header word (opcode, dependency
// flags, layer id) followed by the opcode's fields bit-packed LSB-first in
// the order of its field table. Unused bits are zero and checked on decode.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_ISA_ENCODING_H
#define ACCEL_ISA_ENCODING_H

#include "accel/ISA/Instruction.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstddef>

namespace accel {
namespace isa {

constexpr size_t kInstructionBytes = 64;
using EncodedInstruction = std::array<uint8_t, kInstructionBytes>;

/// Checks that every field fits its width and enum fields hold a known
/// value, and that the dependency flags name queues the instruction's queue
/// is connected to.
llvm::Error verifyInstruction(const Instruction &inst);

/// Encodes `inst` (verified first).
llvm::Expected<EncodedInstruction> encodeInstruction(const Instruction &inst);

/// Decodes and verifies 64 bytes. Errors say what is wrong (unknown opcode,
/// reserved bits set, field out of range).
llvm::Expected<Instruction> decodeInstruction(llvm::ArrayRef<uint8_t> bytes);

} // namespace isa
} // namespace accel

#endif // ACCEL_ISA_ENCODING_H
