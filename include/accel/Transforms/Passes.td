//===- Passes.td - TOSA-level accel transformations --------*- tablegen -*-===//
//
// Passes that rewrite TOSA into TOSA and can run in any TOSA pipeline,
// independently of the accel dialect.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_TRANSFORMS_PASSES_TD
#define ACCEL_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def SplitTransposeConvPass
    : Pass<"accel-split-transpose-conv", "mlir::func::FuncOp"> {
  let summary = "Split tosa.transpose_conv2d into stride-1 tosa.conv2d ops";
  let description = [{
    Rewrites every static-shape `tosa.transpose_conv2d` into ordinary
    stride-1 `tosa.conv2d` ops plus data movement, with exactly the original
    result type and bit-exact int8 semantics (zero points, i32 accumulation).
    The decomposition comes from accel's split plan (include/accel/Split,
    docs/Rationale-Split.md):

    * `split` (default): one conv per output phase (s_h·s_w of them), each
      with only the kernel taps that reach the phase, never a zero tap, its
      own asymmetric padding, and the bias. The phases are written into the
      result with strided `tensor.insert_slice`; outputs no tap reaches keep
      the broadcast bias.
    * `stacked`: one conv with s_h·s_w·C_out output channels whose kernels are
      padded with zero taps to a common window, then depth-to-space
      (reshape/transpose/reshape) and a crop — upstream TOSA's form, with the
      bias folded into the conv and the grid cropped to what the output needs.
    * `zero-insert`: the input dilated with s−1 zero-point elements, then one
      stride-1 conv with the flipped kernel (the classical baseline).

    Constant weights (`tosa.const`, `arith.constant`) become new constants
    holding the rearranged kernels; other weights are rearranged with TOSA
    ops (pad/reshape/reverse/slice/transpose). Ops with dynamic shapes or
    types the pass cannot handle are left untouched (the reason is reported
    through the pattern driver's match-failure notes).

    The statistics `transposed-convs-rewritten`, `useful-macs` and
    `executed-macs` (`-mlir-pass-statistics`) and, with `mac-remarks`, one
    remark per function report the work: for `split`, executed MACs equal the
    useful MACs plus only the taps of each phase that read its input-border
    padding (docs/Rationale-Split.md gives the formula).

    Example:
    ```
    accel-opt --accel-split-transpose-conv=strategy=split in.mlir
    accel-opt --pass-pipeline='builtin.module(func.func(accel-split-transpose-conv{strategy=stacked}))' in.mlir
    ```
  }];
  let dependentDialects = [
    "mlir::tosa::TosaDialect",
    "mlir::tensor::TensorDialect"
  ];
  let options = [
    Option<"strategy", "strategy", "::accel::SplitStrategy",
           /*default=*/"::accel::SplitStrategy::Split",
           "how to lower each transposed convolution",
           [{::llvm::cl::values(
             clEnumValN(::accel::SplitStrategy::Split, "split",
                        "one stride-1 conv per phase, no zero taps"),
             clEnumValN(::accel::SplitStrategy::Stacked, "stacked",
                        "one conv with s_h*s_w*C_out channels + depth-to-space"),
             clEnumValN(::accel::SplitStrategy::ZeroInsert, "zero-insert",
                        "zero-inserted input + flipped-kernel conv"))}]>,
    Option<"emitMacRemarks", "mac-remarks", "bool", /*default=*/"false",
           "emit a remark per function with the number of rewritten ops and "
           "their useful / executed MACs (the statistics below are compiled "
           "out in LLVM builds without statistics, e.g. Debian's packages)">
  ];
  let statistics = [
    Statistic<"numRewritten", "transposed-convs-rewritten",
              "tosa.transpose_conv2d ops rewritten">,
    Statistic<"numUsefulMacs", "useful-macs",
              "MACs of the rewritten transposed convs (taps on real input)">,
    Statistic<"numExecutedMacs", "executed-macs",
              "MACs of the convolutions emitted for them">
  ];
}

#endif // ACCEL_TRANSFORMS_PASSES_TD
