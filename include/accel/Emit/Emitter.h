//===- Emitter.h - Planned accel IR to an accel program -----*- C++ -*-===//
//
// The read-only emitter: walks one `func.func` that `accel-tile` and
// `accel-plan-memory` have annotated and builds the program (accel/ISA/
// Program.h) — header with the module's target, DRAM map of the named
// inputs and outputs and of the weights, the weight blob from the constant
// tensors, and the instruction stream produced by the schedule generators,
// one emission function per op kind. It never mutates the IR; anything
// unplanned or unsupported is an error at the op's location.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_EMIT_EMITTER_H
#define ACCEL_EMIT_EMITTER_H

#include "accel/ISA/Program.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace mlir {
namespace func {
class FuncOp;
} // namespace func
} // namespace mlir

namespace accel {
namespace emit {

/// What the emitter knows about one layer, for annotated assembly.
struct LayerInfo {
  std::string name;        ///< the program's layer name
  std::string description; ///< op, location, tile, estimate
  size_t firstInstruction = 0;
};

struct EmittedProgram {
  isa::Program program;
  std::vector<LayerInfo> layers;
};

/// How the emitter builds the program.
struct EmitOptions {
  /// The data segments point at the module's weight bytes
  /// (isa::DataSegment::borrowed) instead of copying them, so the program
  /// must not be used after the module and its context are gone:
  /// accel-translate writes the program while the module lives, and saves a
  /// copy of every weight (55 MB for GP-GAN).
  bool borrowWeights = false;
};

/// Emits `func`. Diagnostics go to the context's handler.
mlir::FailureOr<EmittedProgram> emitFunction(mlir::func::FuncOp func,
                                             const EmitOptions &options = {});

/// Emits the module's entry function: the one named `entry` if non-empty,
/// else its only function with a body (an error if there are several).
mlir::FailureOr<EmittedProgram> emitModule(mlir::ModuleOp module,
                                           llvm::StringRef entry = "",
                                           const EmitOptions &options = {});

/// The program's assembly with a comment block before each layer's first
/// instruction naming the layer, its op and location, tile and estimate.
void printAnnotatedAsm(const EmittedProgram &emitted, llvm::raw_ostream &os);

} // namespace emit
} // namespace accel

#endif // ACCEL_EMIT_EMITTER_H
