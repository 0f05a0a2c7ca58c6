//===- Passes.td - accel dialect passes --------------------*- tablegen -*-===//

#ifndef ACCEL_DIALECT_ACCEL_TRANSFORMS_PASSES_TD
#define ACCEL_DIALECT_ACCEL_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def AccelSetTarget : Pass<"accel-set-target", "mlir::ModuleOp"> {
  let summary = "Attach the accelerator target to the module";
  let description = [{
    Sets the module attribute `accel.target` to the given preset or to the
    contents of a target JSON file. Presets are stored by name
    (`#accel.target<"nvdla-small">`), files as the full dictionary, so the
    module is self-contained afterwards. Every later accel pass, the op
    verifiers, the emitter and the simulator read the target from there.

    ```
    accel-opt --accel-set-target=target=nvdla-large in.mlir
    accel-opt --accel-set-target=target=my-target.json in.mlir
    ```

    An unknown preset or a malformed file is an error naming the preset list
    or the offending JSON field. Ops already in the module are re-verified
    against the new target's limits.
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"nvdla-small\"",
           "preset name (nvdla-small, nvdla-large, diannao, tpu-systolic) or "
           "path to a target .json file">
  ];
  let dependentDialects = ["::accel::AccelDialect"];
}

#endif // ACCEL_DIALECT_ACCEL_TRANSFORMS_PASSES_TD
