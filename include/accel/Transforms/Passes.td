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

def FuseUpsampleConvPass
    : Pass<"accel-fuse-upsample-conv", "mlir::func::FuncOp"> {
  let summary = "Fuse nearest upsampling + conv2d into phase convs";
  let description = [{
    A `tosa.resize` NEAREST_NEIGHBOR that repeats every input pixel an
    integer number of times (s_h, s_w) — as accel-translate --import-onnx
    writes ONNX Resize / Upsample nearest — followed by a stride-1,
    dilation-1 `tosa.conv2d` (any kernel and padding) is exactly one
    transposed convolution with stride (s_h, s_w): its kernel is the conv's
    kernel with every window of s taps summed per axis, K + s − 1 taps
    (include/accel/Split/UpsampleConv.h, docs/Transforms.md). The pass writes
    that `tosa.transpose_conv2d` and, with `split` (default), splits it at
    once into s_h·s_w stride-1 phase convs, each with only its summed taps,
    interleaved with strided `tensor.insert_slice` — the form of
    `accel-split-transpose-conv`. A nearest ×2 + 3×3 conv becomes four 2×2
    convs: 16 instead of 36 MACs per input pixel, and no upsampled tensor.

    Exact in real arithmetic; the summed taps round once to f32.

    Left as they are (with a remark under `remarks`): bilinear resizes
    (their border rows clamp to the edge, which no phase conv reproduces),
    non-integer or offset scales, non-f32 pairs (summed int8 taps overflow),
    convs with stride or dilation, non-constant weights, and resizes with
    other users. `accel-compile` runs this pass with `split=false` and keeps
    only the fusions the cost model prices as cheaper (docs/Transforms.md).

    Example:
    ```
    accel-opt --accel-fuse-upsample-conv in.mlir
    accel-opt --accel-fuse-upsample-conv='split=false remarks=true' in.mlir
    ```
  }];
  let dependentDialects = [
    "mlir::tosa::TosaDialect",
    "mlir::tensor::TensorDialect"
  ];
  let options = [
    Option<"split", "split", "bool", /*default=*/"true",
           "split the fused tosa.transpose_conv2d into phase convs (false: "
           "leave it for convert-tosa-to-accel)">,
    Option<"emitRemarks", "remarks", "bool", /*default=*/"false",
           "emit a remark on every conv fed by a resize: fused, or left "
           "unfused and why">
  ];
  let statistics = [
    Statistic<"numFused", "upsample-convs-fused",
              "tosa.resize + tosa.conv2d pairs fused">
  ];
}

def PrepareTosaPass : Pass<"accel-prepare-tosa", "mlir::func::FuncOp"> {
  let summary = "Rewrite TOSA as front ends write it into the TOSA accel runs";
  let description = [{
    The preparation stage `accel-compile` runs first. Front ends (PyTorch,
    ONNX and TFLite legalisations) write NCHW models as NHWC TOSA convs
    wrapped in `tosa.transpose` ops, BatchNorm as per-channel
    `tosa.mul` / `tosa.add` / `tosa.sub` after the conv, explicit padding as
    `tosa.pad`, and leave `tosa.identity` ops behind. None of these is an
    accelerator op; this pass removes them, exactly (docs/Conversion.md,
    "Preparation"):

    * **Layout transposes.** A transpose is moved down through the ops that
      do not care about layout (TOSA elementwise ops, `tosa.mul`; their
      constant operands are transposed back at compile time) and channel
      concats until it meets its inverse; the pair composes into an
      identity and disappears. Transposes of a function argument, and those
      that reach a `return`, are the model's interface layout and stay.
    * **BatchNorm.** `mul` / `add` by a per-channel f32 constant (shape
      `1x...x1xC`, also written as a `tosa.reshape` or `tosa.transpose` of a
      constant), and `sub` of one from the conv, fold into the weights and
      bias of a `tosa.conv2d`, `tosa.transpose_conv2d` or
      `tosa.depthwise_conv2d` with constant weights and bias whose result
      has no other user. `(y - mean) * scale + beta` folds step by step.
      Exact in real arithmetic; in f32 the products round at compile time
      (a few ulps).
    * **Padding.** A `tosa.pad` of the height and width only, with value
      +0.0 (f32) or the conv's input zero point (i8), used only by a
      `tosa.conv2d` or `tosa.depthwise_conv2d`, becomes part of the conv's
      padding -- up to the module's target's `max_pad`. The other way round,
      a conv padded beyond `max_pad` keeps `max_pad` and the rest becomes
      zero `tosa.pad` ops of at most `max_pad` per side each, which
      `convert-tosa-to-accel` runs as padding copies.
    * **PReLU with per-channel slopes** after a `tosa.conv2d` or
      `tosa.transpose_conv2d` (`relu(y) + k * relu(-y)` as PyTorch exports
      `nn.PReLU(C)`, or the select form's rewrite `relu(y) + s * min(y, 0)`):
      the conv computes both branches as 2C output channels under one ReLU,
      and the sum is a 1x1 conv over them, folded into the weights of a
      `tosa.conv2d` that is the PReLU's only reader (no per-channel
      multiply left: the accelerator runs those one channel at a time).
    * **`tosa.identity`** is removed.

    `tosa.depthwise_conv2d`, spatial `tosa.slice`, zero `tosa.pad` and
    integer nearest `tosa.resize` need no rewrite here: `convert-tosa-to-accel` runs them (a
    grouped `accel.conv2d`, padding copies and copies). Everything else
    (e.g. an f32 pad with another value, a BatchNorm whose conv has another
    user) is left as it
    is, and `convert-tosa-to-accel` reports it.

    Example:
    ```
    accel-opt --accel-prepare-tosa model.mlir
    accel-opt --pass-pipeline='builtin.module(func.func(tosa-infer-shapes,accel-prepare-tosa))' model.mlir
    ```
  }];
  let dependentDialects = ["mlir::tosa::TosaDialect"];
}

def QuantizePass : Pass<"accel-quantize", "mlir::ModuleOp"> {
  let summary = "Post-training int8 quantization of an f32 TOSA function";
  let description = [{
    Turns an f32 TOSA function (as `accel-translate --import-onnx` writes
    it, after `accel-prepare-tosa`) into the int8 TOSA that int8 producers
    write (docs/Quantization.md). The function is run on the calibration
    inputs by accel's own f32 evaluator (the reference convolutions of
    include/accel/Split/Reference.h) to measure the range of every tensor.

    * Weights: symmetric int8 per output channel, zero point 0; biases i32
      at the accumulator scale (input scale x weight scale).
    * Activations: asymmetric int8 per tensor with a zero point, from the
      calibrated [min, max] (widened to contain 0). A tensor whose only user
      is a `tosa.clamp` (ReLU, Clip) takes the clamp's range.
    * `tosa.conv2d`, `tosa.transpose_conv2d`, `tosa.depthwise_conv2d` and
      `tosa.matmul` (with its bias `tosa.add` and reshapes) become i8 x i8 ->
      i32 with zero points, then a per-channel `tosa.rescale` (SINGLE_ROUND,
      multiplier / shift from `accel::quantizeScale`) to i8.
    * `tosa.clamp` stays, in i8; `tosa.tanh`, `tosa.sigmoid` and leaky ReLU
      (`tosa.maximum(x, tosa.mul(x, alpha))`) become `tosa.table` with 256
      i8 entries computed from the f32 function; a two-tensor `tosa.add`
      becomes rescale (i8 -> i32, common scale, 2^20 headroom) -> add (i32)
      -> rescale; `tosa.concat` rescales each input to the output's scale.
      `tosa.transpose` and `tosa.reshape` keep their input's quantization.
    * Interface: arguments and results become i8 tensors of the same shape;
      each carries `accel.scale` (f64) and `accel.zero_point` (i32):
      real = scale * (q - zero_point); inputs are quantized as
      q = clamp(round_half_even(real / scale) + zero_point, -128, 127).

    Any other op is an error naming it. After rewriting, the pass evaluates
    the function again with every quantized tensor and weight rounded to its
    int8 grid and reports, per result, the SQNR in dB of the dequantized
    output against the f32 output over the calibration inputs: as a remark
    on the function, and in the JSON file `report` names (`-`: stdout).

    Calibration: `calibration` lists .npy files (f32, C order), one per
    function argument per sample, argument-major within a sample
    (`s0_arg0,s0_arg1,s1_arg0,...`); each must have the argument's shape.

    Example:
    ```
    accel-opt --accel-prepare-tosa \
      --accel-quantize="calibration=x0.npy,x1.npy report=q.json" net.mlir -o net.i8.mlir
    ```
  }];
  let dependentDialects = ["mlir::tosa::TosaDialect"];
  let options = [
    ListOption<"calibration", "calibration", "std::string",
               "calibration inputs (.npy, f32), one per argument per sample">,
    Option<"report", "report", "std::string", /*default=*/"\"\"",
           "write the per-output SQNR and interface parameters as JSON to "
           "this file ('-': stdout)">
  ];
}

#endif // ACCEL_TRANSFORMS_PASSES_TD
