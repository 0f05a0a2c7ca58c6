"""Quantized single layers, bit-exact against upstream MLIR's TOSA lowering run by mlir-runner.

Each layer is TOSA as int8 producers write it: tosa.transpose_conv2d or tosa.conv2d with i8
input and weights, input / weight zero points, an i32 bias and i32 accumulators, then
tosa.rescale to i8 (per-tensor or per-channel multiplier / shift, SINGLE_ROUND or
DOUBLE_ROUND, scale32 or scale16, an output zero point) and optionally tosa.clamp in i8.

The oracle is not ours: the same TOSA function goes through upstream MLIR 22's CPU lowering
(accel_tools.oracle, with tosa-to-arith{include-apply-rescale=true}, i.e. upstream's own
apply_scale) and mlir-runner; accel's result is accel-opt --accel-compile -> accel-translate ->
accel-sim. Every byte must be equal.

Layers are batched: one function `@forward` holds `batch` independent layers (argument xK,
result yK each), so one mlir-runner run and one compile + simulation per strategy cover them.
A batch that fails is re-run one layer at a time to name the culprit.

Parameters stay inside the TOSA specification's defined domain: apply_scale_32's result must fit
in i32 (the spec REQUIREs it; upstream then wraps). The generator computes the layer's exact
accumulators (accel_tools.reference, int64) and lowers an extreme multiplier until
max|acc| * multiplier / 2^shift < 2^30; saturation to i8 happens in the rescale's clip.

  PYTHONPATH=python /usr/bin/python3 -m accel_tools.int8_oracle --count 2000 --seed 1 \\
      --bin-dir build/bin [--jobs 2] [--batch 40] [--strategy all] [--only 17] [--keep DIR]
  # any TOSA function (e.g. a quantized network) on seeded random inputs:
  PYTHONPATH=python /usr/bin/python3 -m accel_tools.int8_oracle --module net.mlir \\
      [--func forward] [--seed 1] [--strategy all] --bin-dir build/bin

Config i depends only on (seed, i): `--only i` reproduces one layer (it prints its config).
Exit status 0 when every layer matched under every strategy.
"""

import argparse
import concurrent.futures as cf
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from typing import List, Optional, Tuple

import numpy as np

from accel_tools import oracle, reference
from accel_tools.mlir_text import dense_attr, tensor_type
from accel_tools.progress import Progress
from accel_tools.tools import Toolchain, ToolError

STRATEGIES = ("split", "stacked", "zero-insert", "auto")
MULTIPLIER_EXTREMES = (1, (1 << 31) - 1, 1 << 30)
SHIFT_EXTREMES = (2, 31, 32, 62)


@dataclass
class QuantLayer:
    """One quantized layer. `pad` is conv2d's [top, bottom, left, right] padding or
    transpose_conv2d's out_pad; `multiplier` / `shift` hold one value (per-tensor) or one per
    output channel; `clamp` is a tosa.clamp in i8 after the rescale (None: no clamp); `table`
    a tosa.table on the result (None: no table). Kind "table" is a tosa.table on the input
    alone (no conv: the table runs on accel's elementwise path)."""
    kind: str                      # "transpose_conv2d", "conv2d" or "table"
    n: int
    ic: int
    oc: int
    ih: int
    iw: int
    kh: int
    kw: int
    stride: Tuple[int, int]
    pad: Tuple[int, int, int, int]
    dilation: Tuple[int, int] = (1, 1)
    input_zp: int = 0
    weight_zp: int = 0
    per_channel: bool = False
    multiplier: List[int] = field(default_factory=lambda: [1 << 30])
    shift: List[int] = field(default_factory=lambda: [30])
    rounding: str = "SINGLE_ROUND"
    scale32: bool = True
    output_zp: int = 0
    clamp: Optional[Tuple[int, int]] = None
    table: Optional[List[int]] = None   # tosa.table (256 i8 entries) applied last
    # int8 residual add on the result (TFLite's form): y = rescale_out(rescale(x) +
    # rescale(conv result)), keys lhs / rhs / out -> [zero point, multiplier, shift,
    # rounding, scale32] (lhs / rhs: i8 -> i32, out: i32 -> i8), and "clamp" (or None).
    residual: Optional[dict] = None
    # Kind "rescale": a standalone i8 -> i8 tosa.rescale of the input, [input zp, multiplier,
    # shift, rounding, scale32, output zp] (e.g. a concat input brought to the output scale).
    rescale: Optional[list] = None

    @property
    def out_hw(self) -> Tuple[int, int]:
        if self.kind in ("table", "rescale"):
            return self.ih, self.iw
        if self.kind == "transpose_conv2d":
            return ((self.ih - 1) * self.stride[0] + self.pad[0] + self.pad[1] + self.kh,
                    (self.iw - 1) * self.stride[1] + self.pad[2] + self.pad[3] + self.kw)
        span_h = (self.kh - 1) * self.dilation[0] + 1
        span_w = (self.kw - 1) * self.dilation[1] + 1
        return ((self.ih + self.pad[0] + self.pad[1] - span_h) // self.stride[0] + 1,
                (self.iw + self.pad[2] + self.pad[3] - span_w) // self.stride[1] + 1)

    def accumulators(self, x, w, b) -> np.ndarray:
        """The exact i32 accumulators (int64 array), from accel_tools.reference."""
        if self.kind == "transpose_conv2d":
            return reference.transpose_conv2d(x, w, b, self.stride, self.pad, self.input_zp,
                                              self.weight_zp)
        return reference.conv2d(x, w, b, self.stride, self.pad, self.dilation, 1,
                                self.input_zp, self.weight_zp)


# ----------------------------------------------------------------------------------------------
# Generation
# ----------------------------------------------------------------------------------------------

def _zero_point(rng) -> int:
    return int(rng.choice([-128, 127, 0, int(rng.integers(-128, 128))]))


def _geometry(rng, kind: str, sizes=(1, 7), kernels=(1, 6)):
    """(kernel, stride, pad_begin, pad_end, dilation, input) of one axis, output >= 1; conv2d
    input sizes and kernels drawn from the half-open ranges `sizes` and `kernels`."""
    while True:
        size = int(rng.integers(*sizes)) if kind == "conv2d" else int(rng.integers(1, 7))
        if kind == "transpose_conv2d":
            stride, kernel = int(rng.integers(1, 5)), int(rng.integers(1, 7))
            form = rng.integers(0, 3)
            if form == 0:            # no out_pad
                begin = end = 0
            elif form == 1:          # PyTorch's padding p / output_padding op
                p = int(rng.integers(0, kernel))
                op = int(rng.integers(0, stride))
                begin, end = -p, -p + op
            else:                    # TOSA-only: any out_pad > -kernel
                begin = int(rng.integers(-kernel + 1, 4))
                end = int(rng.integers(-kernel + 1, 4))
            out = (size - 1) * stride + begin + end + kernel
            if out >= 1:
                return kernel, stride, begin, end, 1, size
        else:
            stride, kernel = int(rng.integers(1, 4)), int(rng.integers(*kernels))
            dilation = int(rng.integers(1, 3))
            begin, end = int(rng.integers(0, kernel)), int(rng.integers(0, kernel))
            # TOSA requires the stride to divide the padded extent exactly.
            extent = size + begin + end - ((kernel - 1) * dilation + 1)
            if extent >= 0 and extent % stride == 0:
                return kernel, stride, begin, end, dilation, size


def _scale(rng, bound: int, scale32: bool, double_round: bool = False,
           extremes: float = 0.5) -> Tuple[int, int]:
    """(multiplier, shift) for accumulators up to `bound` in magnitude: extreme values half
    `extremes` of the time, else a scale that maps the range onto roughly [-255, 255]; the
    multiplier is
    then lowered until bound * multiplier / 2^shift < 2^30 (TOSA's defined domain)."""
    top = (1 << 31) - 1 if scale32 else (1 << 15) - 1
    if rng.random() < extremes:
        multiplier = int(rng.choice([m for m in MULTIPLIER_EXTREMES if m <= top] + [top]))
        shift = int(rng.choice(SHIFT_EXTREMES))
    else:
        # multiplier / 2^shift ~ 256 / bound with a shift anywhere it can be: the rounding
        # (DOUBLE_ROUND's correction matters most for shifts just above 31) shows.
        lowest = max(2, int(np.ceil(np.log2(max(bound, 1) / 256.0))))
        highest = min(62, int(np.log2(top * max(bound, 1) / 512.0)))
        if double_round and highest > 32 and rng.random() < 0.7:
            lowest = max(lowest, 32)   # where DOUBLE_ROUND's correction applies
        shift = int(rng.integers(lowest, max(lowest, highest) + 1))
        multiplier = int(np.clip((256.0 / max(bound, 1)) * 2.0 ** shift * rng.uniform(0.5, 2),
                                 1, top))
    while multiplier > 1 and (bound * multiplier) >> shift >= (1 << 30):
        multiplier = max(1, ((1 << 30) << shift) // max(bound, 1) - 1)
        multiplier = min(multiplier, ((1 << 30) << shift) // max(bound, 1) // 2)
        multiplier = max(multiplier, 1)
    return multiplier, shift


def gen_layer(seed: int, idx: int, tiny_input: bool = False, block_row: bool = False):
    """(layer, x, w, b) of config `idx`; depends only on (seed, idx). `tiny_input`: a conv2d
    with 1..3 input channels, 4..47 outputs, inputs of 8..27 pixels per axis and kernels up to
    9 (the first layer of an image network, which strategy auto / fold may pack). `block_row`:
    a one-row conv2d (a vocoder's output conv) of 96..512 positions in whole 16-position
    blocks, 2..16 input and 1..3 output channels, kernel 3..15, stride 1 (which fold may fold
    and read as blocks)."""
    rng = np.random.default_rng([seed, idx])
    if block_row:
        kind = "conv2d"
        kh, sh, pt, pb, dh, ih = 1, 1, 0, 0, 1, 1
        kw, sw, dw = int(rng.integers(3, 16)), 1, 1
        pl, pr = int(rng.integers(0, kw)), int(rng.integers(0, kw))
        iw = 16 * int(rng.integers(6, 33))
    elif tiny_input:
        kind = "conv2d"
        kh, sh, pt, pb, dh, ih = _geometry(rng, kind, (8, 28), (1, 10))
        kw, sw, pl, pr, dw, iw = _geometry(rng, kind, (8, 28), (2, 10))
    else:
        kind = "transpose_conv2d" if rng.random() < 0.7 else "conv2d"
        kh, sh, pt, pb, dh, ih = _geometry(rng, kind)
        kw, sw, pl, pr, dw, iw = _geometry(rng, kind)
    batch = int(rng.integers(1, 3)) if rng.random() < 0.15 else 1
    ic = (int(rng.integers(2, 17)) if block_row else
          int(rng.integers(1, 4)) if tiny_input else int(rng.integers(1, 7)))
    oc = (int(rng.integers(1, 4)) if block_row else
          int(rng.integers(4, 48)) if tiny_input else int(rng.integers(1, 7)))
    layer = QuantLayer(kind, batch, ic, oc, ih, iw, kh, kw,
                       (sh, sw), (pt, pb, pl, pr), (dh, dw), _zero_point(rng), _zero_point(rng))
    x = rng.integers(-128, 128, (layer.n, ih, iw, layer.ic), dtype=np.int8)
    w = rng.integers(-128, 128, (layer.oc, kh, kw, layer.ic), dtype=np.int8)
    bias_bits = int(rng.choice([8, 16, 20]))
    b = rng.integers(-(1 << bias_bits), 1 << bias_bits, (layer.oc,), dtype=np.int32)
    acc = layer.accumulators(x, w, b)
    layer.per_channel = bool(rng.random() < 0.5)
    layer.scale32 = bool(rng.random() < 0.9)
    layer.rounding = "DOUBLE_ROUND" if layer.scale32 and rng.random() < 0.5 else "SINGLE_ROUND"
    channels = layer.oc if layer.per_channel else 1
    scales = [_scale(rng, int(np.abs(acc[..., c] if layer.per_channel else acc).max()),
                     layer.scale32, layer.rounding == "DOUBLE_ROUND") for c in range(channels)]
    layer.multiplier = [m for m, _ in scales]
    layer.shift = [s for _, s in scales]
    layer.output_zp = _zero_point(rng)
    form = rng.integers(0, 3)
    if form == 1:      # relu in the output domain
        layer.clamp = (layer.output_zp, 127)
    elif form == 2:
        lo = int(rng.integers(-128, 128))
        layer.clamp = (lo, int(rng.integers(lo, 128)))
    return layer, x, w, b


def _table(rng) -> List[int]:
    """A 256-entry i8 lookup table: random entries, or a TFLite-style tanh / sigmoid of the
    dequantized input (random scale and zero points), saturated to i8."""
    form = rng.integers(0, 3)
    if form == 0:
        return [int(v) for v in rng.integers(-128, 128, 256)]
    q = np.arange(-128, 128)
    real = (q - int(rng.integers(-128, 128))) * float(rng.uniform(0.005, 0.1))
    f = np.tanh(real) if form == 1 else 1.0 / (1.0 + np.exp(-real))
    out = np.round(f / float(rng.uniform(1.0 / 256, 1.0 / 64))) + int(rng.integers(-128, 128))
    return [int(v) for v in np.clip(out, -128, 127)]


def gen_table_layer(seed: int, idx: int):
    """(layer, x, w, b) of config `idx` of the table sweep: gen_layer's layer followed by a
    tosa.table (80%), or a tosa.table on the input alone (20%); depends only on (seed, idx)."""
    layer, x, w, b = gen_layer(seed, idx)
    rng = np.random.default_rng([seed, idx, 7])
    if rng.random() < 0.2:
        layer = QuantLayer("table", layer.n, layer.ic, layer.ic, layer.ih, layer.iw, 1, 1,
                           (1, 1), (0, 0, 0, 0))
        w = np.zeros((0,), np.int8)
        b = np.zeros((0,), np.int32)
    layer.table = _table(rng)
    return layer, x, w, b


def _operand_rescale(rng, zp: int) -> list:
    """[zp, multiplier, shift, rounding, scale32] of an i8 -> i32 operand rescale whose
    result stays below 2^29 in magnitude: TFLite's multiplier in [2^30, 2^31) with a shift
    of 11..40, or an extreme (2^31 - 1, or 1 with shift 2)."""
    scale32 = bool(rng.random() < 0.9)
    top = (1 << 31) - 1 if scale32 else (1 << 15) - 1
    form = rng.integers(0, 8)
    if form == 0:
        multiplier, shift = 1, 2
    elif form == 1:
        multiplier, shift = top, int(rng.integers(11 if scale32 else 2, 41))
    else:
        multiplier = int(rng.integers((top + 1) // 2, top + 1))
        shift = int(rng.integers(11 if scale32 else 2, 41))
    rounding = "DOUBLE_ROUND" if scale32 and rng.random() < 0.6 else "SINGLE_ROUND"
    return [zp, multiplier, shift, rounding, scale32]


def gen_residual_layer(seed: int, idx: int):
    """(layer, x, w, b) of config `idx` of the residual sweep: a same-size quantized conv2d
    (kernel 1, 3 or 5, padding k // 2, C_out = C_in) -> rescale [-> clamp], added to its input
    as TFLite -> TOSA writes an int8 residual add: rescale (i8 -> i32) of each operand, an
    i32 tosa.add, a rescale (i32 -> i8) of the sum, optionally a clamp; depends only on
    (seed, idx)."""
    rng = np.random.default_rng([seed, idx, 11])
    k = int(rng.choice([1, 3, 5]))
    c = int(rng.integers(1, 7))
    layer = QuantLayer("conv2d", int(rng.integers(1, 3)) if rng.random() < 0.15 else 1, c, c,
                       int(rng.integers(1, 7)), int(rng.integers(1, 7)), k, k, (1, 1),
                       (k // 2,) * 4, (1, 1), _zero_point(rng), _zero_point(rng))
    x = rng.integers(-128, 128, (layer.n, layer.ih, layer.iw, c), dtype=np.int8)
    w = rng.integers(-128, 128, (c, k, k, c), dtype=np.int8)
    b = rng.integers(-(1 << 16), 1 << 16, (c,), dtype=np.int32)
    acc = layer.accumulators(x, w, b)
    layer.per_channel = bool(rng.random() < 0.5)
    layer.rounding = "DOUBLE_ROUND" if rng.random() < 0.5 else "SINGLE_ROUND"
    channels = c if layer.per_channel else 1
    scales = [_scale(rng, int(np.abs(acc[..., ch] if layer.per_channel else acc).max()), True,
                     layer.rounding == "DOUBLE_ROUND", 0.2) for ch in range(channels)]
    layer.multiplier = [m for m, _ in scales]
    layer.shift = [s for _, s in scales]
    layer.output_zp = _zero_point(rng)
    if rng.random() < 0.3:
        layer.clamp = (layer.output_zp, 127)
    lhs = _operand_rescale(rng, layer.input_zp)
    rhs = _operand_rescale(rng, layer.output_zp)
    # The sum's range: x's real range through its rescale, the conv result's full i8 range.
    x_span = int(np.abs(x.astype(np.int64) - layer.input_zp).max())
    bound = ((x_span * lhs[1]) >> lhs[2]) + ((255 * rhs[1]) >> rhs[2]) + 2
    out_scale32 = bool(rng.random() < 0.9)
    out_rounding = ("DOUBLE_ROUND" if out_scale32 and rng.random() < 0.6 else
                    "SINGLE_ROUND")
    m, s = _scale(rng, bound, out_scale32, out_rounding == "DOUBLE_ROUND", 0.2)
    out = [_zero_point(rng), m, s, out_rounding, out_scale32]
    clamp = None
    if rng.random() < 0.4:
        clamp = [int(rng.integers(-128, 1)), int(rng.integers(0, 128))]
    layer.residual = {"lhs": lhs, "rhs": rhs, "out": out, "clamp": clamp}
    return layer, x, w, b


def gen_rescale_layer(seed: int, idx: int):
    """(layer, x, w, b) of config `idx` of the rescale sweep: a standalone i8 -> i8
    tosa.rescale of a random input (zero points anywhere in i8, extremes included); the scale
    maps the i8 range onto about [-255, 255] (with extreme multipliers and shifts) or is an
    operand-style scale, half each; depends only on (seed, idx)."""
    rng = np.random.default_rng([seed, idx, 13])
    n = int(rng.integers(1, 3)) if rng.random() < 0.15 else 1
    c, h, wd = (int(rng.integers(1, 9)), int(rng.integers(1, 7)), int(rng.integers(1, 7)))
    layer = QuantLayer("rescale", n, c, c, h, wd, 1, 1, (1, 1), (0, 0, 0, 0))
    x = rng.integers(-128, 128, (n, h, wd, c), dtype=np.int8)
    in_zp, out_zp = _zero_point(rng), _zero_point(rng)
    if rng.random() < 0.5:
        scale32 = bool(rng.random() < 0.9)
        rounding = ("DOUBLE_ROUND" if scale32 and rng.random() < 0.6 else "SINGLE_ROUND")
        m, sh = _scale(rng, 255, scale32, rounding == "DOUBLE_ROUND", 0.3)
        layer.rescale = [in_zp, m, sh, rounding, scale32, out_zp]
    else:
        layer.rescale = _operand_rescale(rng, in_zp) + [out_zp]
    return layer, x, np.zeros((0,), np.int8), np.zeros((0,), np.int32)


def gen_tiny_input_layer(seed: int, idx: int):
    """gen_layer's conv2d with 1..3 input channels and image-sized inputs (form `tiny-input`)."""
    return gen_layer(seed, idx, tiny_input=True)


def gen_block_row_layer(seed: int, idx: int):
    """gen_layer's one-row conv2d in whole 16-position blocks (form `block-row`)."""
    return gen_layer(seed, idx, block_row=True)


GENERATORS = {"conv": gen_layer, "tiny-input": gen_tiny_input_layer,
              "block-row": gen_block_row_layer, "table": gen_table_layer,
              "residual": gen_residual_layer, "rescale": gen_rescale_layer}


# ----------------------------------------------------------------------------------------------
# TOSA emission
# ----------------------------------------------------------------------------------------------

def _const(name: str, arr: np.ndarray, elt: str) -> str:
    return '%%%s = "tosa.const"() <{values = %s}> : () -> %s' % (
        name, dense_attr(arr, elt), tensor_type(arr.shape, elt))


def emit_layer(k: int, layer: QuantLayer, w: np.ndarray, b: np.ndarray) -> List[str]:
    """Body lines computing %yK from %xK."""
    p = "l%d_" % k
    if layer.kind == "rescale":
        tx = tensor_type((layer.n, layer.ih, layer.iw, layer.ic), "i8")
        zp_in, m, sh, rounding, scale32, zp_out = layer.rescale
        melt = "i32" if scale32 else "i16"
        return [_const(p + "m", np.array([m]), melt), _const(p + "s", np.array([sh]), "i8"),
                _const(p + "izp", np.array([zp_in]), "i8"),
                _const(p + "ozp", np.array([zp_out]), "i8"),
                "%%y%d = tosa.rescale %%x%d, %%%sm, %%%ss, %%%sizp, %%%sozp {input_unsigned = "
                "false, output_unsigned = false, per_channel = false, rounding_mode = %s, "
                "scale32 = %s} : (%s, tensor<1x%s>, tensor<1xi8>, tensor<1xi8>, tensor<1xi8>) "
                "-> %s" % (k, k, p, p, p, p, rounding, str(scale32).lower(), tx, melt, tx)]
    if layer.kind == "table":
        tx = tensor_type((layer.n, layer.ih, layer.iw, layer.ic), "i8")
        return [_const(p + "t", np.array(layer.table), "i8"),
                "%%y%d = tosa.table %%x%d, %%%st : (%s, tensor<256xi8>) -> %s"
                % (k, k, p, tx, tx)]
    oh, ow = layer.out_hw
    tx = tensor_type((layer.n, layer.ih, layer.iw, layer.ic), "i8")
    tw, tb = tensor_type(w.shape, "i8"), tensor_type(b.shape, "i32")
    ta = tensor_type((layer.n, oh, ow, layer.oc), "i32")
    tq = tensor_type((layer.n, oh, ow, layer.oc), "i8")
    channels = len(layer.multiplier)
    melt = "i32" if layer.scale32 else "i16"
    lines = [_const(p + "w", w, "i8"), _const(p + "b", b, "i32"),
             _const(p + "xzp", np.array([layer.input_zp]), "i8"),
             _const(p + "wzp", np.array([layer.weight_zp]), "i8"),
             _const(p + "m", np.array(layer.multiplier), melt),
             _const(p + "s", np.array(layer.shift), "i8"),
             _const(p + "izp", np.array([0]), "i32"),
             _const(p + "ozp", np.array([layer.output_zp]), "i8")]
    operands = "%%x%d, %%%sw, %%%sb, %%%sxzp, %%%swzp" % (k, p, p, p, p)
    types = "(%s, %s, %s, tensor<1xi8>, tensor<1xi8>) -> %s" % (tx, tw, tb, ta)
    pads = ", ".join(str(v) for v in layer.pad)
    if layer.kind == "transpose_conv2d":
        lines.append("%%%sacc = tosa.transpose_conv2d %s {acc_type = i32, out_pad = array<i64: "
                     "%s>, stride = array<i64: %d, %d>} : %s"
                     % (p, operands, pads, layer.stride[0], layer.stride[1], types))
    else:
        lines.append("%%%sacc = tosa.conv2d %s {acc_type = i32, dilation = array<i64: %d, %d>, "
                     "pad = array<i64: %s>, stride = array<i64: %d, %d>} : %s"
                     % (p, operands, layer.dilation[0], layer.dilation[1], pads,
                        layer.stride[0], layer.stride[1], types))
    last = ("%%y%d" % k if layer.table is None and layer.residual is None else
            "%%%sc" % p)
    out = last if layer.clamp is None else "%%%sq" % p
    lines.append("%s = tosa.rescale %%%sacc, %%%sm, %%%ss, %%%sizp, %%%sozp {input_unsigned = "
                 "false, output_unsigned = false, per_channel = %s, rounding_mode = %s, "
                 "scale32 = %s} : (%s, tensor<%dx%s>, tensor<%dxi8>, tensor<1xi32>, "
                 "tensor<1xi8>) -> %s"
                 % (out, p, p, p, p, p, str(layer.per_channel).lower(), layer.rounding,
                    str(layer.scale32).lower(), ta, channels, melt, channels, tq))
    if layer.clamp is not None:
        lines.append("%s = tosa.clamp %%%sq {max_val = %d : i8, min_val = %d : i8} : "
                     "(%s) -> %s" % (last, p, layer.clamp[1], layer.clamp[0], tq, tq))
    if layer.table is not None:
        lines += [_const(p + "t", np.array(layer.table), "i8"),
                  "%%y%d = tosa.table %s, %%%st : (%s, tensor<256xi8>) -> %s"
                  % (k, last, p, tq, tq)]
    if layer.residual is not None:
        lines += _emit_residual(k, layer, last, tx, tq)
    return lines


def _emit_residual(k: int, layer: QuantLayer, h: str, tx: str, tq: str) -> List[str]:
    """y = rescale_out(rescale(x) + rescale(h)) [-> clamp], TFLite -> TOSA's int8 add."""
    p = "l%d_" % k
    r = layer.residual
    t32 = tq.replace("xi8>", "xi32>")
    lines = [_const(p + "z32", np.array([0]), "i32")]

    def rescale(out, src, name, params, in_elt, out_elt, tin, tout, in_zp, out_zp):
        zp_in, zp_out = (in_zp, p + "z32") if out_elt == "i32" else (p + "z32", out_zp)
        melt = "i32" if params[4] else "i16"
        lines.extend([_const(p + name + "m", np.array([params[1]]), melt),
                      _const(p + name + "s", np.array([params[2]]), "i8")])
        lines.append("%s = tosa.rescale %s, %%%sm, %%%ss, %%%s, %%%s {input_unsigned = false, "
                     "output_unsigned = false, per_channel = false, rounding_mode = %s, "
                     "scale32 = %s} : (%s, tensor<1x%s>, tensor<1xi8>, tensor<1x%s>, "
                     "tensor<1x%s>) -> %s"
                     % (out, src, p + name, p + name, zp_in, zp_out, params[3],
                        str(params[4]).lower(), tin, melt, in_elt, out_elt, tout))

    lines += [_const(p + "azp", np.array([r["lhs"][0]]), "i8"),
              _const(p + "bzp", np.array([r["rhs"][0]]), "i8"),
              _const(p + "yzp", np.array([r["out"][0]]), "i8")]
    rescale("%%%sra" % p, "%%x%d" % k, "a", r["lhs"], "i8", "i32", tx, t32, p + "azp", None)
    rescale("%%%srb" % p, h, "b", r["rhs"], "i8", "i32", tq, t32, p + "bzp", None)
    lines.append("%%%ssum = tosa.add %%%sra, %%%srb : (%s, %s) -> %s"
                 % (p, p, p, t32, t32, t32))
    out = "%%y%d" % k if r["clamp"] is None else "%%%srs" % p
    rescale(out, "%%%ssum" % p, "o", r["out"], "i32", "i8", t32, tq, None, p + "yzp")
    if r["clamp"] is not None:
        lines.append("%%y%d = tosa.clamp %s {max_val = %d : i8, min_val = %d : i8} : "
                     "(%s) -> %s" % (k, out, r["clamp"][1], r["clamp"][0], tq, tq))
    return lines


def emit_batch(items) -> str:
    """`@forward(%x0, ...) -> (y0, ...)` holding the layers of `items` [(layer, x, w, b)]."""
    args, results, body = [], [], []
    for k, (layer, _, w, b) in enumerate(items):
        oh, ow = layer.out_hw
        args.append('%%x%d: %s {accel.name = "x%d"}'
                    % (k, tensor_type((layer.n, layer.ih, layer.iw, layer.ic), "i8"), k))
        results.append('%s {accel.name = "y%d"}'
                        % (tensor_type((layer.n, oh, ow, layer.oc), "i8"), k))
        body += emit_layer(k, layer, w, b)
    body.append("return %s : %s" % (
        ", ".join("%%y%d" % k for k in range(len(items))),
        ", ".join(r.split(" {")[0] for r in results)))
    return ("func.func @forward(%s) -> (%s) {\n  %s\n}\n"
            % (", ".join(args), ", ".join(results), "\n  ".join(body)))


# ----------------------------------------------------------------------------------------------
# Running
# ----------------------------------------------------------------------------------------------

def run_upstream(module: str, items, workdir: str) -> List[np.ndarray]:
    """Upstream MLIR's CPU lowering + mlir-runner: one result per layer."""
    return oracle.run_tosa_network(module, [x for _, x, _, _ in items], "forward",
                                   workdir=workdir)


def run_accel(module: str, items, strategy: str, tools: Toolchain, workdir: str,
              target: str) -> List[np.ndarray]:
    """accel-opt --accel-compile -> accel-translate -> accel-sim: one result per layer."""
    src = os.path.join(workdir, "batch.mlir")
    with open(src, "w") as f:
        f.write(module)
    planned = tools.compile(src, os.path.join(workdir, "batch.%s.mlir" % strategy), target,
                            strategy)
    program = tools.translate(planned, os.path.join(workdir, "batch.%s.accel" % strategy))
    inputs, outputs = {}, {}
    for k, (_, x, _, _) in enumerate(items):
        inputs["x%d" % k] = os.path.join(workdir, "x%d.npy" % k)
        np.save(inputs["x%d" % k], x)
        outputs["y%d" % k] = os.path.join(workdir, "y%d.%s.npy" % (k, strategy))
    tools.run("accel-sim", tools.simulate_cmd(program, inputs, outputs, "none"))
    return [np.load(outputs["y%d" % k]) for k in range(len(items))]


def describe(seed: int, idx: int, layer: QuantLayer) -> str:
    form = (" --form table" if layer.table is not None else
            " --form residual" if layer.residual is not None else
            " --form rescale" if layer.rescale is not None else "")
    return ("layer %d (seed %d; reproduce with --seed %d --only %d%s): %s"
            % (idx, seed, seed, idx, form, json.dumps(asdict(layer))))


def check_batch(seed: int, indices: List[int], strategies, tools: Toolchain, target: str,
                keep: Optional[str], form: str = "conv") -> Tuple[int, List[str]]:
    """Runs one batch; returns (layer-strategy comparisons that matched, failure lines)."""
    items = [GENERATORS[form](seed, i) for i in indices]
    module = emit_batch(items)
    workdir = tempfile.mkdtemp(prefix="int8-oracle-", dir=keep)
    failures, matched = [], 0
    try:
        try:
            expected = run_upstream(module, items, workdir)
        except (ToolError, RuntimeError) as e:
            if len(indices) == 1:
                return 0, ["%s: upstream MLIR failed: %s" % (
                    describe(seed, indices[0], items[0][0]), e)]
            return _split(seed, indices, strategies, tools, target, keep, form)
        for strategy in strategies:
            try:
                got = run_accel(module, items, strategy, tools, workdir, target)
            except ToolError as e:
                if len(indices) == 1:
                    failures.append("%s [%s]: accel failed: %s" % (
                        describe(seed, indices[0], items[0][0]), strategy, e))
                    continue
                return _split(seed, indices, strategies, tools, target, keep, form)
            for k, idx in enumerate(indices):
                ref = expected[k].astype(np.int8)
                if got[k].dtype == np.int8 and got[k].shape == ref.shape and \
                        np.array_equal(got[k], ref):
                    matched += 1
                    continue
                bad = (int(np.count_nonzero(got[k] != ref)) if got[k].shape == ref.shape
                       else -1)
                failures.append("%s [%s]: %s of %d bytes differ (got %s %s)" % (
                    describe(seed, idx, items[k][0]), strategy,
                    bad if bad >= 0 else "shape mismatch:", ref.size, got[k].dtype,
                    got[k].shape))
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return matched, failures


def _split(seed, indices, strategies, tools, target, keep, form):
    matched, failures = 0, []
    for i in indices:
        m, f = check_batch(seed, [i], strategies, tools, target, keep, form)
        matched += m
        failures += f
    return matched, failures


def check_module(path: str, func: str, seed: int, strategies, tools: Toolchain, target: str,
                 keep: Optional[str]) -> int:
    """Any TOSA function (e.g. a small quantized network) through both sides, on seeded random
    inputs of its argument types; accel names the arguments arg0, ... and results result0, ...
    (the function must not rename them). Prints one line per strategy; returns the failures."""
    from accel_tools.mlir_text import NP_OF_MLIR, parse_func_signature
    with open(path) as f:
        module = f.read()
    sig = parse_func_signature(module, func)
    rng = np.random.default_rng(seed)
    inputs = []
    for shape, elt in sig.arg_types:
        info = np.iinfo(NP_OF_MLIR[elt])
        inputs.append(rng.integers(info.min, info.max + 1, shape, dtype=NP_OF_MLIR[elt]))
    workdir = tempfile.mkdtemp(prefix="int8-oracle-", dir=keep)
    failures = 0
    try:
        expected = oracle.run_tosa_network(module, inputs, func, workdir=workdir)
        names = {}
        for i, x in enumerate(inputs):
            names["arg%d" % i] = os.path.join(workdir, "arg%d.npy" % i)
            np.save(names["arg%d" % i], x)
        for strategy in strategies:
            planned = tools.compile(path, os.path.join(workdir, "net.%s.mlir" % strategy),
                                    target, strategy)
            program = tools.translate(planned, os.path.join(workdir, "net.%s.accel" % strategy))
            outputs = {"result%d" % i: os.path.join(workdir, "result%d.%s.npy" % (i, strategy))
                       for i in range(len(expected))}
            tools.run("accel-sim", tools.simulate_cmd(program, names, outputs, "none"))
            for i, ref in enumerate(expected):
                got = np.load(outputs["result%d" % i])
                same = got.dtype == ref.dtype and got.shape == ref.shape and \
                    np.array_equal(got, ref)
                failures += not same
                print("%s @%s result %d [%s]: %s" % (
                    os.path.basename(path), func, i, strategy,
                    "bit-exact (%d values)" % ref.size if same else
                    "MISMATCH (got %s %s, expected %s %s)" % (got.dtype, got.shape, ref.dtype,
                                                               ref.shape)))
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return failures


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", type=int, action="append", help="run only these layer indices")
    ap.add_argument("--batch", type=int, default=40, help="layers per module")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--strategy", default="all", choices=STRATEGIES + ("fold", "all"),
                    help="one strategy, or all four of STRATEGIES (fold, the channel fold, "
                         "runs only when asked for)")
    ap.add_argument("--target", default="nvdla-small")
    ap.add_argument("--bin-dir", help="directory of accel-opt/-translate/-sim (default: PATH)")
    ap.add_argument("--keep", help="keep the work files under this directory")
    ap.add_argument("--module", help="check this TOSA file's --func instead of the sweep")
    ap.add_argument("--func", default="forward")
    ap.add_argument("--form", default="conv", choices=sorted(GENERATORS),
                    help="conv: conv -> rescale [-> clamp]; tiny-input: the same with a "
                         "conv2d of 1..3 input channels on image-sized inputs; block-row: the same with a "
                         "one-row conv2d of 2..16 -> 1..3 channels in whole 16-position "
                         "blocks; table: the same followed by "
                         "tosa.table, or a tosa.table alone; residual: a same-size conv "
                         "added to its input as an int8 residual add; rescale: a standalone "
                         "i8 -> i8 tosa.rescale")
    a = ap.parse_args(argv)
    strategies = STRATEGIES if a.strategy == "all" else (a.strategy,)
    tools = Toolchain(a.bin_dir)
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
    if a.module:
        try:
            return 1 if check_module(a.module, a.func, a.seed, strategies, tools, a.target,
                                     a.keep) else 0
        except (ToolError, RuntimeError) as e:
            print("FAIL %s: %s" % (a.module, e))
            return 1
    indices = a.only or list(range(a.count))
    if a.only:
        for i in indices:
            print(describe(a.seed, i, GENERATORS[a.form](a.seed, i)[0]))
    batches = [indices[i:i + a.batch] for i in range(0, len(indices), a.batch)]
    start = time.time()
    matched, failures = 0, []
    progress = Progress(len(indices), "int8 oracle layers")
    with cf.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        for batch, (m, f) in zip(batches, pool.map(
                lambda ix: check_batch(a.seed, ix, strategies, tools, a.target, a.keep,
                                       a.form),
                batches)):
            matched += m
            failures += f
            progress.step(len(batch), note="%d mismatches" % len(failures))
    progress.close()
    total = len(indices) * len(strategies)
    kinds = [GENERATORS[a.form](a.seed, i)[0] for i in indices]
    convs = [l for l in kinds if l.kind not in ("table", "rescale")]
    tables = ("%d with table, %d table alone; " % (
        sum(l.table is not None for l in convs), len(kinds) - len(convs))
        if a.form == "table" else "")
    if a.form == "rescale":
        tables = "standalone i8 -> i8 rescales: %d DOUBLE_ROUND, %d scale16; " % (
            sum(l.rescale[3] == "DOUBLE_ROUND" for l in kinds),
            sum(not l.rescale[4] for l in kinds))
    if a.form == "residual":
        tables = "residual adds: %d DOUBLE_ROUND operand rescales, %d with clamp; " % (
            sum(o[3] == "DOUBLE_ROUND" for l in kinds
                for o in (l.residual["lhs"], l.residual["rhs"])),
            sum(l.residual["clamp"] is not None for l in kinds))
    print("int8 oracle: %d layers (%s%d transpose_conv2d, %d conv2d; %d per-channel, %d "
          "DOUBLE_ROUND, %d scale16, %d with clamp) x %d strategies (%s): %d of %d bit-exact, "
          "%d failures (seed %d, %.0fs)"
          % (len(indices), tables, sum(l.kind == "transpose_conv2d" for l in convs),
             sum(l.kind == "conv2d" for l in convs), sum(l.per_channel for l in convs),
             sum(l.rounding == "DOUBLE_ROUND" for l in convs),
             sum(not l.scale32 for l in convs), sum(l.clamp is not None for l in convs),
             len(strategies), ",".join(strategies), matched, total, len(failures), a.seed,
             time.time() - start))
    for line in failures:
        print("FAIL " + line)
    return 0 if not failures and matched == total else 1


if __name__ == "__main__":
    sys.exit(main())
