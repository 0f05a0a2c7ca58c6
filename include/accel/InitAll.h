//===- InitAll.h - Register everything accel provides -------*- C++ -*-===//
//
// The one registration entry point used by accel's tools and by embedders:
// the dialects accel's pipelines read and write, and every accel pass and
// pipeline.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_INITALL_H
#define ACCEL_INITALL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace accel {

/// Adds accel, tosa, func, arith and tensor to `registry`.
void registerAllDialects(mlir::DialectRegistry &registry);

/// Registers every accel pass and pipeline (plus the upstream canonicalize /
/// cse passes that test pipelines use) with the global pass registry.
void registerAllPasses();

} // namespace accel

#endif // ACCEL_INITALL_H
