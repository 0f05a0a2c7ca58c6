//===- Passes.td - Conversions into the accel dialect ------*- tablegen -*-===//
//
// Dialect conversions that produce accel ops. One pass per source dialect,
// named `convert-<source>-to-accel`.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_CONVERSION_PASSES_TD
#define ACCEL_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertTosaToAccel : Pass<"convert-tosa-to-accel", "mlir::func::FuncOp"> {
  let summary = "Convert a TOSA generator network into accel ops";
  let description = [{
    Lowers the TOSA of a generative network (DCGAN, SNGAN, style transfer,
    depth decoders) to tensor-level accel ops. docs/Conversion.md is the
    full reference; in short:

    * `tosa.transpose_conv2d` (constant weights) becomes stride-1
      `accel.conv2d`s per accel's split plan (include/accel/Split), with the
      strategy chosen by `strategy`:
      - `split`: one conv per output phase with only that phase's taps,
        `accel.bias_fill` for phases without taps (kernel smaller than the
        stride), and a per-phase `accel.depth_to_space`;
      - `stacked`: one conv with s_h·s_w·C_out channels (zero taps pad every
        phase to a common window) and a channel-grouped
        `accel.depth_to_space` whose negative origins crop the border;
      - `zero-insert`: `accel.zero_insert` and one stride-1 conv with the
        flipped kernel (the classical baseline);
      - `fold`: stacked, with an f_h x f_w block of its grid folded into
        f_h·f_w times the channels (stride f, kernel enlarged by f - 1
        taps, depth-to-space block f·s); the cost model picks the factor
        (1 x 1 included) on the module's target;
      - `auto`: per layer, the cheapest of the three, or of stacked's folds,
        on the module's target (`accel.target`) under `objective`: by
        default the cost model's cycles, then DRAM bytes, then energy
        (`objective=energy`: energy first; `objective=edp`: energy x
        cycles first). The decision and every alternative's estimate are recorded
        as discardable attributes on the op producing the layer's result:
        `accel.strategy`, `accel.strategy_cycles`,
        `accel.strategy_dram_bytes`, `accel.strategy_energy_pj` (whole pJ).
      Every lowered transposed conv carries `accel.strategy`; a folded one
      `accel.strategy = "fold"` and `accel.fold = array<i64: f_h, f_w>`.
      Under `fold` and `auto` an ordinary conv is also priced folded (few
      output channels) and packed (few input channels: a 1 x K_w move conv
      puts a kernel row's taps into channels and the conv becomes K_h x 1,
      `accel.strategy = "pack"`), and the cheapest form is emitted.
    * `tosa.conv2d` becomes `accel.conv2d`, `tosa.depthwise_conv2d` (constant
      weights) a grouped `accel.conv2d` (`groups` = channels); a
      `tosa.slice` of height and width becomes a copy (a 1x1 unit-kernel
      grouped `accel.conv2d` cropping with negative padding), a
      nearest-neighbour `tosa.resize` that repeats every pixel s_h x s_w
      times becomes s_h * s_w such copies joined by `accel.depth_to_space`;
      the fully-connected pattern
      `reshape → matmul(const) → add(const) → reshape` becomes
      `accel.reshape` + a 1x1 `accel.conv2d` + `accel.reshape`.
    * A constant per-channel `tosa.add` after a convolution is folded into
      its bias; `tosa.clamp` (ReLU / clamp), leaky ReLU
      (`maximum(x, mul(x, alpha))`), `tosa.tanh` and `tosa.sigmoid` become
      the producer's `post_op` when every producer on the way (through
      reshapes, depth-to-space and concats) has no other use. An
      activation that cannot be fused becomes `accel.add` of its operand and
      a zero constant with that `post_op` (the elementwise path).
    * `tosa.add` of two activations becomes `accel.add`, `tosa.concat` on
      the last axis `accel.concat`, `tosa.reshape` `accel.reshape`.
    * int8: `tosa.rescale` (i32 -> i8, signed, constant parameters,
      per-tensor or per-channel, `SINGLE_ROUND` or `DOUBLE_ROUND`, scale32 or
      scale16, shift in [2, 62], input zero point 0) of a convolution's
      accumulators becomes the producers' `requant_multiplier` /
      `requant_shift` (per-channel: a `scales` table per producer, mapped
      through its channels), `requant_double_round` and `output_zp`; any
      other rescale is one error on it naming the parameter;
      a `tosa.clamp` on that i8 result becomes their `clamp` post-op with
      the same (output-domain) bounds, and a clamp on the i32 accumulators
      before the rescale is moved into the output domain (exact: the rescale
      is monotonic). The accelerator stores only i8 results, so an int8
      convolution whose accumulators are not rescaled is an error at the
      TOSA op (unless `allow-i32-results`).

    First, the layout changes at the function's boundary are absorbed as
    `accel-absorb-boundary-layout` does (an NCHW interface kept for the
    caller, NHWC inside).

    Any other operation is an error naming it. With a target on the
    module, a convolution that exceeds one of its limits is an error on the
    TOSA op naming the target and the limit.

    ```
    accel-opt --convert-tosa-to-accel=strategy=auto net.mlir
    accel-opt --pass-pipeline='builtin.module(func.func(convert-tosa-to-accel{strategy=stacked}))' net.mlir
    ```
  }];
  let dependentDialects = [
    "::accel::AccelDialect",
    "::mlir::tosa::TosaDialect"
  ];
  let options = [
    Option<"strategy", "strategy", "::accel::TransposeConvStrategy",
           /*default=*/"::accel::TransposeConvStrategy::Split",
           "how each tosa.transpose_conv2d is lowered",
           "::accel::enumOptionValues(::accel::transposeConvStrategyNames())">,
    Option<"objective", "objective", "::accel::CostObjective",
           /*default=*/"::accel::CostObjective::Cycles",
           "what `auto` and `fold` minimise when they choose a strategy, a "
           "fold or packing per layer",
           "::accel::enumOptionValues(::accel::costObjectiveNames())">,
    Option<"allowI32Results", "allow-i32-results", "bool",
           /*default=*/"false",
           "keep int8 convolutions whose i32 accumulators are not rescaled "
           "to i8 (for tests that requantize the accel IR by hand; the "
           "backend cannot emit them)">,
    Option<"hostFallback", "host-fallback", "bool", /*default=*/"true",
           "leave ops the accelerator cannot run to the host (accel.host, "
           "one warning listing them); false: an error for each of them">,
    Option<"emitMacRemarks", "mac-remarks", "bool", /*default=*/"false",
           "emit a remark per function with the statistics below (they are "
           "compiled out of LLVM builds without statistics, e.g. Debian's "
           "packages)">
  ];
  let statistics = [
    Statistic<"numTransposedConvs", "transposed-convs-converted",
              "tosa.transpose_conv2d ops converted">,
    Statistic<"numUsefulMacs", "useful-macs",
              "MACs of the converted transposed convs (taps on real input)">,
    Statistic<"numExecutedMacs", "executed-macs",
              "MACs of the accel convolutions emitted for them">,
    Statistic<"numSplit", "strategy-split",
              "transposed convs lowered with the split strategy">,
    Statistic<"numStacked", "strategy-stacked",
              "transposed convs lowered with the stacked strategy">,
    Statistic<"numZeroInsert", "strategy-zero-insert",
              "transposed convs lowered with the zero-insert strategy">,
    Statistic<"numFold", "strategy-fold",
              "transposed convs lowered stacked with a channel fold">,
    Statistic<"numFoldedConvs", "folded-convs",
              "ordinary convs lowered with a channel fold">,
    Statistic<"numPackedConvs", "packed-convs",
              "ordinary convs with few input channels whose kernel rows "
              "were packed into channels">
  ];
}

def AccelAbsorbBoundaryLayout
    : Pass<"accel-absorb-boundary-layout", "mlir::func::FuncOp"> {
  let summary = "Keep a function's interface layout, NHWC inside";
  let description = [{
    Front ends keep a model's NCHW (or N,C,L) interface and change the
    layout at the function's boundary: a `tosa.transpose` (perms 0,2,3,1)
    right after an argument and one (perms 0,3,1,2) right before the
    return; 1-D models add a `tosa.reshape` that inserts a unit H, before
    or after the transpose. This pass absorbs such a chain of transposes
    and unit-dimension reshapes into the boundary: the argument (result)
    takes the type at the chain's NHWC end (start), and
    `accel.interface = #accel.interface<shape = [...], perm = [...]>`
    records the caller's shape and the permutation from it to the stored
    order. The emitter carries it into the program and accel-sim reads and
    writes `.npy` files in the interface shape.

    * A chain is absorbed when it permutes dimensions (a chain that only
      reshapes is left alone) and its NHWC end is a static tensor of rank
      1..4. On the input side it follows the argument's users while each
      value has one user; every chain of the argument to the same layout
      is absorbed, and any other user of the argument gets the interface
      value rebuilt (reshape + inverse transpose, an interior transpose).
    * On the result side the chain is followed back from the returned
      value; the ops are erased when nothing else uses them.
    * Transposes inside the function (between two compute ops) are not
      touched.

    convert-tosa-to-accel runs the same absorption first.

    ```mlir
    // before
    func.func @main(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32> {
      %0 = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>} : ...
      ...
      %9 = tosa.transpose %8 {perms = array<i32: 0, 3, 1, 2>} : ...
      return %9 : tensor<1x3x8x8xf32>
    }
    // after
    func.func @main(%x: tensor<1x8x8x3xf32> {accel.interface =
        #accel.interface<shape = [1, 3, 8, 8], perm = [0, 2, 3, 1]>})
        -> (tensor<1x8x8x3xf32> {accel.interface =
        #accel.interface<shape = [1, 3, 8, 8], perm = [0, 2, 3, 1]>})
    ```
  }];
  let dependentDialects = ["::accel::AccelDialect",
                           "::mlir::tosa::TosaDialect"];
}

#endif // ACCEL_CONVERSION_PASSES_TD
