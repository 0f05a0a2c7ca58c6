//===- Pipelines.h - The accel-compile pipeline ---------------*- C++ -*-===//
//
// TOSA in, tiled, memory-planned and priced accel IR out: the chain
//   accel-set-target{target}
//   func.func(accel-prepare-tosa)
//   func.func(accel-fuse-upsample-conv{split=false}, where cheaper)
//   func.func(convert-tosa-to-accel{strategy})
//   accel-tile
//   accel-plan-memory
//   accel-estimate
// registered as `accel-opt --accel-compile="target=... strategy=..."` and
// callable as one function for embedders. The result feeds
// `accel-translate --accel-to-bin` (or accel::emitProgram).
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_PIPELINES_PIPELINES_H
#define ACCEL_PIPELINES_PIPELINES_H

#include "accel/Conversion/TosaToAccel/TosaToAccel.h"
#include "accel/Support/EnumOptions.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

#include <string>

namespace accel {

/// Options of the accel-compile pipeline.
struct AccelCompileOptions
    : public mlir::PassPipelineOptions<AccelCompileOptions> {
  Option<std::string> target{
      *this, "target",
      llvm::cl::desc("preset name (listed under --accel-dump-target in "
                     "accel-opt --help) or path to a target .json file"),
      llvm::cl::init("nvdla-small")};
  Option<TransposeConvStrategy> strategy{
      *this, "strategy",
      llvm::cl::desc("how transposed convolutions are lowered"),
      llvm::cl::init(TransposeConvStrategy::Auto),
      enumOptionValues(transposeConvStrategyNames())};
  Option<CostObjective> objective{
      *this, "objective",
      llvm::cl::desc("what the cost model's per-layer choices minimise "
                     "(strategy, fold, packing, upsample + conv fusion)"),
      llvm::cl::init(CostObjective::Cycles),
      enumOptionValues(costObjectiveNames())};
  Option<bool> fuseUpsample{
      *this, "fuse-upsample",
      llvm::cl::desc("fuse nearest upsampling + conv pairs into transposed "
                     "convs where the cost model prices that as cheaper"),
      llvm::cl::init(true)};
  Option<bool> hostFallback{
      *this, "host-fallback",
      llvm::cl::desc("run ops the accelerator cannot run on the host "
                     "(accel.host, one warning listing them); false: an "
                     "error for each"),
      llvm::cl::init(true)};
};

/// Appends the accel-compile passes to `pm` (which runs on builtin.module).
void buildAccelCompilePipeline(mlir::OpPassManager &pm,
                               const AccelCompileOptions &options);

/// Registers `--accel-compile` with the global pipeline registry.
void registerAccelPipelines();

/// Runs the accel-compile pipeline on `module` in place. Diagnostics go to
/// the context's handler; failure leaves the module in an unspecified but
/// verifiable-or-reported state.
llvm::LogicalResult compileToAccel(mlir::ModuleOp module,
                                   llvm::StringRef target,
                                   TransposeConvStrategy strategy);

} // namespace accel

#endif // ACCEL_PIPELINES_PIPELINES_H
