//===- Assembly.h - Text form of accel instructions and programs -*- C++ -*-===//
//
// One instruction per line: `MNEMONIC layer=N [deps=a+b] field=value ...`,
// `;` starts a comment. A program's text form adds directives for the
// header (.version, .target, .dram_bytes, .tensor, .layer, .segment, .data)
// and is lossless: parseProgramAsm(printProgramAsm(p)) == p.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_ISA_ASSEMBLY_H
#define ACCEL_ISA_ASSEMBLY_H

#include "accel/ISA/Instruction.h"
#include "accel/ISA/Program.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace accel {
namespace isa {

/// Prints one instruction (no newline).
void printInstruction(const Instruction &inst, llvm::raw_ostream &os);
std::string instructionToString(const Instruction &inst);

/// Parses one instruction line (comments allowed). Fields not given keep
/// the struct defaults: 0, except CONV strides/dilations, STORE planes and
/// the LOAD_ACC multiplier (1). A field given twice is an error.
llvm::Expected<Instruction> parseInstruction(llvm::StringRef line);

/// Prints a whole program. With `annotate`, each instruction is preceded
/// by its index and layer name as a comment.
void printProgramAsm(const Program &program, llvm::raw_ostream &os,
                     bool annotate = true);

/// Parses a program's text form; errors name the line.
llvm::Expected<Program> parseProgramAsm(llvm::StringRef text);

} // namespace isa
} // namespace accel

#endif // ACCEL_ISA_ASSEMBLY_H
