//===- Passes.td - accel dialect passes --------------------*- tablegen -*-===//

#ifndef ACCEL_DIALECT_ACCEL_TRANSFORMS_PASSES_TD
#define ACCEL_DIALECT_ACCEL_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def AccelSetTarget : Pass<"accel-set-target", "mlir::ModuleOp"> {
  let summary = "Attach the accelerator target to the module";
  let description = [{
    Sets the module attribute `accel.target` to the given preset or to the
    contents of a target JSON file. This pass and the tools are the only
    readers of target files: the attribute holds the typed fields, so the
    module is self-contained afterwards. A preset (or a file equal to one)
    prints by name (`#accel.target<"nvdla-small">`), anything else as the
    full dictionary. Every later accel pass, the op
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
           "preset name (listed under --accel-dump-target in accel-opt "
           "--help) or path to a target .json file">
  ];
  let dependentDialects = ["::accel::AccelDialect"];
}

def AccelTile : Pass<"accel-tile", "mlir::ModuleOp"> {
  let summary = "Choose each convolution's tiling with the cost model and record it";
  let description = [{
    Asks the tiler (`accel/Target/Tiler.h`) for the best tiling of every
    `accel.conv2d` on the module's target (`accel.target`) and records the
    decision as `accel.tile = #accel.tiling<rows = ..., cols = ...,
    out_channels = ..., in_channels = ..., order = spatial_outer |
    out_channel_outer>`: output rows, output columns, output channels and
    input channels per tile (per group) and the order of the tile loops.

    The phase convs of one split transposed conv (same input, stride 1, sole
    users of one depth_to_space) are tiled as a group: when the cost model
    prices one fused schedule below per-phase schedules, every member gets
    the group's tiling (rows / columns of the phases' shared u-space) and
    `accel.phase_group = <id> : i64`; the first member emits the group.

    ```mlir
    %y = accel.conv2d %x, %w, %b {accel.tile = #accel.tiling<rows = 8,
        cols = 8, out_channels = 16, in_channels = 64,
        order = spatial_outer>, ...} : ...
    ```

    The pass writes no estimates (`accel-estimate` prices the emitted
    schedules once the placements are known). A module without
    `accel.target` is an error, and so is a convolution that no tiling fits
    (the error names the op, the target and the reason the tiler gave, e.g.
    the buffer that overflows). The pass is idempotent: existing decisions
    are recomputed.
  }];
  let dependentDialects = ["::accel::AccelDialect"];
}

def AccelPlanMemory : Pass<"accel-plan-memory", "mlir::ModuleOp"> {
  let summary = "Assign DRAM addresses to every tensor of each function";
  let description = [{
    The prepare pass of the emitter: decides where every tensor lives in the
    accelerator's DRAM and records it as attributes, so that
    `accel-translate` only reads IR. Layout of DRAM, in order: the function's
    inputs, its outputs, the constant weights and biases (the weight blob),
    then one arena for intermediate activations.

    * `accel.depth_to_space`, `accel.concat` and `accel.reshape` move no
      data: their operands are *aliases* placed inside the result's region
      (a phase at its origin with row / column strides `block`, a concat
      input at its channel offset with the result's pixel stride). Operands
      that cannot alias (function inputs, values feeding two such ops) are
      listed in `accel.copy_operands` and copied by a strided copy
      schedule; a reshape of such a value reuses its region instead.
    * A stride-1 `accel.zero_insert` that pads places its input inside its
      result too (at `(pad_top, pad_left)`), when every reader of the input
      loads a box: the producer writes the interior and the op only fills
      the border.
    * Intermediate regions are reused by liveness: two regions share bytes
      only if no op runs while both are live (first producer to last
      reader, inclusive). Inputs and outputs are never reused.

    Attributes written (bytes, signed 64-bit):

    * on every accel op, the placement of its result — `accel.dram =
      #accel.dram_view<base = ..., image_stride = ..., row_stride = ...,
      pixel_stride = ...>` (element `(n, y, x, c)` at `base +
      n*image_stride + y*row_stride + x*pixel_stride + c*element_bytes`),
      or, when the result is scattered into several places or partly
      cropped (the stacked form of depth_to_space), `accel.dram_pieces =
      [#accel.dram_piece<channel_begin = ..., channel_end = ..., base = ...,
      image_stride = ..., row_stride = ..., pixel_stride = ..., row_begin =
      ..., row_end = ..., col_begin = ..., col_end = ...>, ...]` (`base` is
      the affine address of `(0, 0, 0, channel_begin)`; elements outside
      the row / column ranges are dropped);
    * on function arguments `accel.name` and `accel.dram`; on results
      `accel.name` (names default to `arg<i>` / `result<i>`);
    * on each constant used as weights or bias `accel.dram_addr`;
    * on the function `accel.dram_plan = #accel.dram_plan<total_bytes =
      ..., input_bytes = ..., output_bytes = ..., weight_bytes = ...,
      arena_bytes = ..., intermediate_bytes = ..., reuse_saved_bytes =
      ...>`, where `reuse_saved_bytes = intermediate_bytes - arena_bytes`.

    It writes placements and copies only (no estimates). Runs after
    `accel-tile` or before it (they are independent).
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", /*default=*/"64",
           "byte alignment of every DRAM region (a power of two)">,
    Option<"emitRemarks", "remarks", "bool", /*default=*/"false",
           "emit a remark per function with the DRAM footprint and the "
           "bytes saved by reuse">
  ];
  let dependentDialects = ["::accel::AccelDialect"];
}

def AccelEstimate : Pass<"accel-estimate", "mlir::ModuleOp"> {
  let summary = "Price every program layer by running its schedule into the timing model";
  let description = [{
    For every op that becomes a layer of the emitted program (a conv, the
    first member of a fused phase group, bias_fill, add, zero_insert, and a
    depth_to_space / concat that copies operands), runs the op's schedule
    builder with exactly the arguments the emitter uses -- its `accel.tile`,
    the placements `accel-plan-memory` recorded and the copies it decided
    (`accel/Dialect/Accel/Utils/OpSchedule.h`) -- into the simulator's
    timing model, and records the cost:

    * `accel.est = #accel.estimate<cycles = ..., dram_bytes = ...,
      energy_pj = ..., mac_utilization = ...>` on the op (cycles and DRAM
      bytes of the schedule, energy from the target's table, MACs /
      (cycles x atomic_c x atomic_k));
    * `accel.est_total = #accel.estimate<...>` on every function with at
      least one layer: the sums (and the function's utilization).

    Since the emitter runs the same code into the program, `accel.est`
    cycles equal the cycles `accel-sim` reports for that layer.

    ```mlir
    %y = accel.conv2d %x, %w, %b {accel.est = #accel.estimate<cycles = 1028,
        dram_bytes = 2944, energy_pj = 1.250000e+03,
        mac_utilization = 4.200000e-01>, ...} : ...
    ```

    Runs after `accel-tile` and `accel-plan-memory`; a layer without its
    tiling or placements is an error at the op naming the pass to run, and
    so is a module without `accel.target`. It is the only pass that writes
    `accel.est` and `accel.est_total`; stale estimates are replaced.
  }];
  let dependentDialects = ["::accel::AccelDialect"];
}

#endif // ACCEL_DIALECT_ACCEL_TRANSFORMS_PASSES_TD
