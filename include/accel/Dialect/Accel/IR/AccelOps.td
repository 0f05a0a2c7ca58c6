//===- AccelOps.td - accel operations ----------------------*- tablegen -*-===//
//
// Tensor-level operations of the accelerator. Everything here maps to the
// instruction set in docs/ISA.md: conv2d and bias_fill to LOAD/CONV/POST/STORE
// sequences, add to the elementwise path, and depth_to_space / concat /
// reshape to nothing at all (they only change where STOREs write).
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_DIALECT_ACCEL_ACCELOPS_TD
#define ACCEL_DIALECT_ACCEL_ACCELOPS_TD

include "accel/Dialect/Accel/IR/AccelDialect.td"
include "accel/Dialect/Accel/IR/AccelAttrs.td"
include "accel/Dialect/Accel/IR/AccelContractAttrs.td"
include "accel/Dialect/Accel/IR/AccelInterfaces.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

class Accel_Op<string mnemonic, list<Trait> traits = []>
    : Op<Accel_Dialect, mnemonic, traits>;

def Accel_StaticTensor : StaticShapeTensorOf<[F32, I8, I32]>;

// The post-op and requantization parameters shared by every op that writes
// accumulators back to memory.
defvar Accel_PostOpArgs = (ins
  DefaultValuedAttr<Accel_PostOpAttr, "::accel::PostOpKind::None">:$post_op,
  OptionalAttr<F32Attr>:$clamp_min,
  OptionalAttr<F32Attr>:$clamp_max,
  OptionalAttr<F32Attr>:$leaky_alpha,
  OptionalAttr<I32Attr>:$requant_multiplier,
  OptionalAttr<I32Attr>:$requant_shift,
  UnitAttr:$requant_double_round,
  DefaultValuedAttr<I32Attr, "0">:$output_zp
);

def Accel_Conv2DOp : Accel_Op<"conv2d", [Pure, AttrSizedOperandSegments,
    DeclareOpInterfaceMethods<Accel_ComputeOpInterface>]> {
  let summary = "2-D convolution with fused bias, post-op and requantization";
  let description = [{
    An ordinary (forward) convolution as the accelerator runs it:

    ```
    acc[n, oh, ow, oc] = bias[oc] + sum over kh, kw, ic in group(oc) of
        (in[n, oh*sh - pad_top + kh*dh, ow*sw - pad_left + kw*dw, ic] - input_zp)
        * (weight[oc, kh, kw, ic % (C_in / groups)] - weight_zp)
    out = post_op(acc)                    (f32)
    out = post_op(requantize(acc))        (i8 result)
    ```

    Input is NHWC, weights OHWI with I = C_in / groups, bias has C_out
    elements, result is NHWC. Out-of-range input positions read as
    `input_zp` (i.e. contribute zero), exactly like TOSA and PyTorch.

    `pad` (top, bottom, left, right) may be negative: a crop. With
    `pad_top = -2` the first window starts at input row 2, with
    `pad_bottom = -1` the last input row is never read. The output size is
    `(H + pad_top + pad_bottom - ((KH - 1) * dh + 1)) / sh + 1` (width
    likewise) and must be at least 1. The target's `max_pad` limits positive
    padding only; a crop costs nothing (the accelerator's load box starts
    inside the input). A phase of a split transposed convolution uses it
    when the phase must skip leading input pixels, so no border output is
    computed and then dropped.

    Element types: f32 input, weight, bias and result; or i8 input and weight,
    i32 bias and accumulation, and either an i32 result (raw accumulators) or
    an i8 result, which requires the requantization: per tensor
    `requant_multiplier` and `requant_shift`, or per output channel the
    `scales` operand (a constant `[C_out, 2]` i32 table of (multiplier,
    shift) pairs). `q = apply_scale_32(acc, multiplier, shift) + output_zp`
    with TOSA's rounding: SINGLE_ROUND, or DOUBLE_ROUND with the unit
    attribute `requant_double_round`; then the post-op on `q` in the output
    (i8) domain -- what a `tosa.clamp` on the i8 result of a `tosa.rescale`
    means: `relu` is `max(q, output_zp)`, `clamp` is
    `clamp(q, clamp_min, clamp_max)` -- then saturation to [-128, 127] --
    and last, with the `lut` operand (a constant `[256]` i8 table, what a
    `tosa.table` on the i8 result means), `out = lut[q + 128]`.

    `post_op`: `relu`, `clamp` (`clamp_min`, `clamp_max`), `leaky_relu`
    (`leaky_alpha`), `tanh` and `sigmoid` (f32 only).

    Example (a 5x5 stride-1 phase of a split transposed convolution):

    ```mlir
    %y = accel.conv2d %x, %w, %b {pad = array<i64: 1, 1, 1, 1>,
                                  post_op = #accel.post_op<relu>}
        : (tensor<1x8x8x256xf32>, tensor<128x3x3x256xf32>, tensor<128xf32>)
        -> tensor<1x8x8x128xf32>
    ```
  }];
  let arguments = !con((ins
    Accel_StaticTensor:$input,
    Accel_StaticTensor:$weight,
    Optional<Accel_StaticTensor>:$bias,
    Optional<Accel_StaticTensor>:$scales,
    Optional<Accel_StaticTensor>:$lut,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$stride,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilation,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pad,
    DefaultValuedAttr<I64Attr, "1">:$groups,
    DefaultValuedAttr<I32Attr, "0">:$input_zp,
    DefaultValuedAttr<I32Attr, "0">:$weight_zp), Accel_PostOpArgs);
  let results = (outs Accel_StaticTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? (`scales` $scales^)? (`lut` $lut^)?
    attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    int64_t getKernelH() { return getWeight().getType().getDimSize(1); }
    int64_t getKernelW() { return getWeight().getType().getDimSize(2); }
    /// The plain-C++ shape the limit check, cost model and emitter use.
    ::accel::ConvShape getConvShape();
  }];
}

def Accel_BiasFillOp : Accel_Op<"bias_fill", [Pure, AttrSizedOperandSegments,
    DeclareOpInterfaceMethods<Accel_ComputeOpInterface>]> {
  let summary = "broadcast of post_op(bias) over an output grid";
  let description = [{
    The output of a convolution that has no taps: every element is
    `post_op(requantize(bias[c]))` (`post_op(bias[c])` for f32; the
    requantization as for `accel.conv2d`, per-channel `scales` and the
    `lut` lookup table included). A split
    transposed convolution produces it for the phases that own outputs but
    have no kernel taps (kernel smaller than stride), so those phases cost
    no MACs.

    ```mlir
    %p = accel.bias_fill %b : (tensor<16xf32>) -> tensor<1x4x4x16xf32>
    ```
  }];
  let arguments = !con((ins Accel_StaticTensor:$bias,
                            Optional<Accel_StaticTensor>:$scales,
                            Optional<Accel_StaticTensor>:$lut),
                       Accel_PostOpArgs);
  let results = (outs Accel_StaticTensor:$result);
  let assemblyFormat = [{
    $bias (`scales` $scales^)? (`lut` $lut^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Accel_DepthToSpaceOp : Accel_Op<"depth_to_space", [Pure]> {
  let summary = "interleave the phases of a split transposed convolution";
  let description = [{
    Writes phase results into a strided output grid. Phases are indexed
    `p = rh * block_w + rw` for `rh < block_h`, `rw < block_w`, and

    ```
    result[n, origins_h[rh] + block_h * i, origins_w[rw] + block_w * j, c]
        = phase_p[n, i, j, c]
    ```

    Positions that land outside the result are dropped (a crop). Every result
    position must be written exactly once; the verifier checks it.

    Operands come in one of two forms:
    * one operand per phase (`block_h * block_w` operands of shape
      `N x H_p x W_p x C`). Phases may have different sizes, which is what
      keeps the exact split exact when the output size is not a multiple of
      the stride;
    * a single operand `N x H' x W' x (block_h * block_w * C)` whose channel
      group `p` (channels `p*C .. p*C + C - 1`) is phase `p` — the classical
      depth-to-space of a *stacked* split, with negative origins for the crop.

    The backend moves no data for this op: each phase's STORE writes with
    row stride `block_h` and column stride `block_w` at the phase's origin.

    ```mlir
    %y = accel.depth_to_space %p00, %p01, %p10, %p11 {
           block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>,
           origins_w = array<i64: 0, 1>}
        : (tensor<1x8x8x64xf32>, tensor<1x8x8x64xf32>, tensor<1x8x8x64xf32>,
           tensor<1x8x8x64xf32>) -> tensor<1x16x16x64xf32>
    ```
  }];
  let arguments = (ins Variadic<Accel_StaticTensor>:$phases,
                       DenseI64ArrayAttr:$block,
                       DenseI64ArrayAttr:$origins_h,
                       DenseI64ArrayAttr:$origins_w);
  let results = (outs Accel_StaticTensor:$result);
  let assemblyFormat = [{
    $phases attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// True for the single-operand (stacked, channel-grouped) form.
    bool isChannelGrouped() {
      return getPhases().size() == 1 && getNumPhases() > 1;
    }
    int64_t getNumPhases() { return getBlock()[0] * getBlock()[1]; }
  }];
}

def Accel_ZeroInsertOp : Accel_Op<"zero_insert", [Pure,
    DeclareOpInterfaceMethods<Accel_ComputeOpInterface>]> {
  let summary = "dilate a feature map with zeros and pad it (zero-insert baseline)";
  let description = [{
    The classical way to run a transposed convolution on a conv-only
    accelerator: insert `stride - 1` zeros between input pixels, pad, and run
    an ordinary stride-1 convolution with the flipped kernel. accel keeps it
    as the baseline strategy (`strategy=zero-insert`) that split
    deconvolution is measured against.

    ```
    result[n, pad_top + i * stride_h, pad_left + j * stride_w, c] = input[n, i, j, c]
    ```

    Every other position holds `fill` (0 for f32; the input zero point for
    i8, so that it contributes nothing after zero-point subtraction).
    Negative padding crops. Result height is
    `(H - 1) * stride_h + 1 + pad_top + pad_bottom` (width likewise).

    ```mlir
    %z = accel.zero_insert %x {stride = array<i64: 2, 2>,
                               pad = array<i64: 2, 3, 2, 3>}
        : (tensor<1x4x4x8xf32>) -> tensor<1x12x12x8xf32>
    ```
  }];
  let arguments = (ins Accel_StaticTensor:$input,
                       DenseI64ArrayAttr:$stride,
                       DenseI64ArrayAttr:$pad,
                       DefaultValuedAttr<I32Attr, "0">:$fill);
  let results = (outs Accel_StaticTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    /// Stride 1, every pad >= 0 and one > 0: the op only pads, so its
    /// input can live inside its result (accel-plan-memory) and the copy
    /// can be skipped (the schedule, when the placements say so).
    bool isPaddingCopy();
  }];
  let hasVerifier = 1;
}

def Accel_AddOp : Accel_Op<"add", [Pure, AllTypesMatch<["lhs", "rhs", "result"]>,
    DeclareOpInterfaceMethods<Accel_ComputeOpInterface>]> {
  let summary = "elementwise addition with a fused post-op";
  let description = [{
    `result = post_op(lhs + rhs)`, elementwise over identical shapes
    (residual blocks). For i8 operands the sum saturates to [-128, 127]
    (both operands are expected to share one quantization scale); `tanh`
    and `sigmoid` are f32-only. On i8, the optional `lut` operand (a
    constant `[256]` i8 table) is applied last: `result = lut[sum + 128]`
    (a `tosa.table` no convolution can absorb).

    The int8 residual add as TFLite -> TOSA writes it, rescale(i8 -> i32)
    of each operand, an i32 add, rescale(i32 -> i8): `lhs_scale` and
    `rhs_scale` (both or neither; i8 only) are each operand's input rescale
    `(zero point, multiplier, shift, double_round)`, `v = apply_scale_32(x -
    zp, multiplier, shift)` saturated to i32, and `requant_multiplier` /
    `requant_shift` / `requant_double_round` / `output_zp` the rescale of the
    (wrapping) i32 sum to i8, then the post-op in the output domain, as for
    `accel.conv2d`. Without them an i8 add keeps its operands' common scale.

    ```mlir
    %s = accel.add %a, %b : tensor<1x64x64x128xf32>
    ```
  }];
  let arguments = !con((ins Accel_StaticTensor:$lhs, Accel_StaticTensor:$rhs,
      Optional<Accel_StaticTensor>:$lut,
      OptionalAttr<DenseI32ArrayAttr>:$lhs_scale,
      OptionalAttr<DenseI32ArrayAttr>:$rhs_scale), Accel_PostOpArgs);
  let results = (outs Accel_StaticTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs (`lut` $lut^ `:` type($lut))? attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The input rescale of the lhs (rhs) as the LOAD_ACC applies it; the
    /// identity without `lhs_scale` (`rhs_scale`).
    ::accel::schedule::AddOperandScale getOperandScale(bool rhs);
  }];
}

def Accel_ConcatOp : Accel_Op<"concat", [Pure]> {
  let summary = "concatenation along the channel (last) dimension";
  let description = [{
    Concatenates NHWC tensors along C (skip connections of encoder-decoder
    networks). The backend moves no data: producers store into their channel
    slice of the result with the result's pixel stride.

    ```mlir
    %c = accel.concat %a, %b : (tensor<1x8x8x16xf32>, tensor<1x8x8x32xf32>)
        -> tensor<1x8x8x48xf32>
    ```
  }];
  let arguments = (ins Variadic<Accel_StaticTensor>:$inputs);
  let results = (outs Accel_StaticTensor:$result);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Accel_ReshapeOp : Accel_Op<"reshape", [Pure]> {
  let summary = "row-major reinterpretation of a tensor's shape";
  let description = [{
    Same elements, same row-major order, new static shape (e.g. the output
    of a fully-connected layer viewed as an NHWC feature map). Free on the
    accelerator: it only renames a DRAM region.

    ```mlir
    %r = accel.reshape %fc : (tensor<1x1x1x16384xf32>) -> tensor<1x8x8x256xf32>
    ```
  }];
  let arguments = (ins Accel_StaticTensor:$input);
  let results = (outs Accel_StaticTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Accel_WindowOp : Accel_Op<"window", [Pure]> {
  let summary = "overlapping kernel-row windows of a feature map, as channels";
  let description = [{
    The `kernel_w` taps of each output column, side by side in channels:

    ```
    result[n, y, x, j * C + c] = input[n, y, x * stride_w + j, c]
    ```

    for `j < kernel_w`, with result width `(W - kernel_w) / stride_w + 1`
    (floor). In NHWC the `kernel_w * C` values of a result pixel are one run
    of input bytes starting at input pixel `x * stride_w`, so the backend
    moves no data: the result is a view of the (dense) input with pixel
    stride `stride_w * C` elements, windows overlapping, and the LOAD_INPUT of
    its consumer reads it directly (`accel-plan-memory`). The channel-packed
    form of a conv with few input channels reads its input through it
    (strategy `pack`); padding comes from an `accel.zero_insert` with stride
    1 before it.

    ```mlir
    %w = accel.window %x {kernel_w = 9 : i64, stride_w = 1 : i64}
        : (tensor<1x40x40x3xi8>) -> tensor<1x40x32x27xi8>
    ```
  }];
  let arguments = (ins Accel_StaticTensor:$input,
                       ConfinedAttr<I64Attr, [IntPositive]>:$kernel_w,
                       ConfinedAttr<I64Attr, [IntPositive]>:$stride_w);
  let results = (outs Accel_StaticTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Accel_SliceOp : Accel_Op<"slice", [Pure]> {
  let summary = "strided spatial slice of a feature map (a view)";
  let description = [{
    Every `strides`-th row and column of the input from `offsets` on:

    ```
    result[n, y, x, c] = input[n, offsets[0] + y * strides[0],
                                  offsets[1] + x * strides[1], c]
    ```

    with the result's height and width given by its type (its last row and
    column must lie inside the input). Like `accel.window` it moves no data:
    the result is a view of the input's region with the row and pixel
    strides multiplied (`accel-plan-memory`); an `accel.conv2d` reads it
    directly, an `accel.concat` or `accel.depth_to_space` copies it into
    place. The row-packed form of a conv with few input channels (strategy
    `pack`) concatenates K_h row slices of its padded input.

    ```mlir
    %s = accel.slice %x {offsets = array<i64: 2, 0>, strides = array<i64: 2, 1>}
        : (tensor<1x72x72x3xi8>) -> tensor<1x32x72x3xi8>
    ```
  }];
  let arguments = (ins Accel_StaticTensor:$input,
                       DenseI64ArrayAttr:$offsets,
                       DenseI64ArrayAttr:$strides);
  let results = (outs Accel_StaticTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Accel_HostOp : Accel_Op<"host", [Pure]> {
  let summary = "an op the accelerator cannot run, executed by the host CPU";
  let description = [{
    What `convert-tosa-to-accel` leaves for the host when the accelerator
    cannot run a TOSA op (softmax's `exp`, reductions and `reciprocal`,
    instance norm's `rsqrt`, a bilinear `resize`, ...), as Vela falls back
    to the CPU. `kind` is the TOSA op's name and gives the semantics;
    `params` carries the integers its attributes and constant shape
    operands held: the axis of a reduction, the permutation of a
    transpose, for `tosa.resize` scale y n/d, scale x n/d, offset y/x,
    border y/x and the mode (1 bilinear, 0 nearest), and for
    `tosa.max_pool2d` / `tosa.avg_pool2d` kernel y/x, stride y/x and pad
    top/bottom/left/right. The backend gives
    operands and result dense DRAM regions and emits a HOST instruction
    between the neighbouring layers; `accel-sim` runs the op functionally
    and reports it on a row of its own (docs/ISA.md lists the kinds).

    ```mlir
    %e = accel.host "tosa.exp" %x : (tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
    %s = accel.host "tosa.reduce_sum" %e {params = array<i64: 3>}
        : (tensor<1x8x8x16xf32>) -> tensor<1x8x8x1xf32>
    ```

    The verifier checks the kind is one the host runs and that the
    operands, parameters and result agree (accel/ISA/HostOp.h).
  }];
  let arguments = (ins StrAttr:$kind, Variadic<Accel_StaticTensor>:$inputs,
      DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$params);
  let results = (outs Accel_StaticTensor:$result);
  let assemblyFormat = [{
    $kind $inputs attr-dict `:` functional-type($inputs, results)
  }];
  let hasVerifier = 1;
}

#endif // ACCEL_DIALECT_ACCEL_ACCELOPS_TD
