"""One 2-D transposed convolution as a test case: its configuration (TOSA out_pad and, where
PyTorch can express it, padding / output_padding), seeded random configurations and data, the
TOSA function holding it, and its PyTorch reference.

Shared by the differential oracle (test/oracle/transpose_conv_oracle.py), the end-to-end sweep
(test/e2e/Inputs/tconv_sweep.py) and the plane-tiling cases. Conventions (MLIR 22 TOSA):
activations NHWC; weights [OC, KH, KW, IC]; conv_transpose2d(padding=p, output_padding=op)
== out_pad (-p, -p + op) per axis.
"""

from dataclasses import asdict, dataclass
from typing import Optional, Sequence, Tuple

import numpy as np

from accel_tools.mlir_text import dense_attr, tensor_type
from accel_tools.oracle import PRINT_DECLS, emit_print
from accel_tools.reference import transpose_conv2d_torch


@dataclass
class TransposeConvConfig:
    """One 2-D transposed convolution. `out_pad` is TOSA's [top, bottom, left, right]; for
    configs expressible in PyTorch, `padding`/`output_padding` are set too and
    out_pad == (-p_h, -p_h + op_h, -p_w, -p_w + op_w)."""
    n: int
    ic: int
    oc: int
    ih: int
    iw: int
    kh: int
    kw: int
    stride: Tuple[int, int]
    out_pad: Tuple[int, int, int, int]
    padding: Optional[Tuple[int, int]] = None
    output_padding: Optional[Tuple[int, int]] = None
    dtype: str = "f32"              # "f32" or "i8" (i8: i32 bias/accumulator/result)
    input_zp: int = 0
    weight_zp: int = 0
    bias: bool = True               # False: the bias operand is all zeros
    const_weights: bool = True      # False: weights and bias are function arguments

    @property
    def oh(self) -> int:
        return (self.ih - 1) * self.stride[0] + self.out_pad[0] + self.out_pad[1] + self.kh

    @property
    def ow(self) -> int:
        return (self.iw - 1) * self.stride[1] + self.out_pad[2] + self.out_pad[3] + self.kw

    @staticmethod
    def from_torch(n, ic, oc, ih, iw, kh, kw, stride, padding, output_padding, **extra):
        (ph, pw), (oph, opw) = padding, output_padding
        return TransposeConvConfig(n, ic, oc, ih, iw, kh, kw, tuple(stride),
                                   (-ph, -ph + oph, -pw, -pw + opw), tuple(padding),
                                   tuple(output_padding), **extra)

    @staticmethod
    def from_dict(d: dict) -> "TransposeConvConfig":
        d = dict(d)
        for k in ("stride", "out_pad", "padding", "output_padding"):
            if d.get(k) is not None:
                d[k] = tuple(d[k])
        if "out_pad" not in d:
            ph, pw = d["padding"]
            oph, opw = d.get("output_padding") or (0, 0)
            d["out_pad"] = (-ph, -ph + oph, -pw, -pw + opw)
            d["output_padding"] = (oph, opw)
        return TransposeConvConfig(**d)

    def to_dict(self) -> dict:
        return asdict(self)

    def acc_type(self) -> str:
        return "i32" if self.dtype == "i8" else "f32"

    def shapes(self):
        return dict(x=(self.n, self.ih, self.iw, self.ic), w=(self.oc, self.kh, self.kw, self.ic),
                    b=(self.oc,), y=(self.n, self.oh, self.ow, self.oc))

    def verifier_ok(self) -> bool:
        """MLIR 22's verifier: out_pad_* > -K per axis, positive output size."""
        return (self.out_pad[0] > -self.kh and self.out_pad[1] > -self.kh and
                self.out_pad[2] > -self.kw and self.out_pad[3] > -self.kw and
                self.oh >= 1 and self.ow >= 1 and min(self.stride) >= 1)


def random_tconv_data(cfg: TransposeConvConfig, rng: np.random.Generator):
    """x (NHWC), w (OHWI), b (OC) with the config's element types."""
    s = cfg.shapes()
    if cfg.dtype == "i8":
        x = rng.integers(-128, 128, s["x"], dtype=np.int8)
        w = rng.integers(-128, 128, s["w"], dtype=np.int8)
        b = (rng.integers(-(1 << 20), 1 << 20, s["b"], dtype=np.int32) if cfg.bias
             else np.zeros(s["b"], np.int32))
    else:
        x = rng.uniform(-1, 1, s["x"]).astype(np.float32)
        w = rng.uniform(-1, 1, s["w"]).astype(np.float32)
        b = rng.uniform(-1, 1, s["b"]).astype(np.float32) if cfg.bias else np.zeros(s["b"],
                                                                                     np.float32)
    return x, w, b


def emit_tconv_func(name: str, cfg: TransposeConvConfig, w: np.ndarray, b: np.ndarray) -> str:
    """`func.func @name(%x[, %w, %b]) -> y` holding one tosa.transpose_conv2d."""
    s = cfg.shapes()
    elt, acc = cfg.dtype, cfg.acc_type()
    bias_elt = "i32" if elt == "i8" else "f32"
    out_elt = "i32" if elt == "i8" else "f32"
    tx, tw = tensor_type(s["x"], elt), tensor_type(s["w"], elt)
    tb, ty = tensor_type(s["b"], bias_elt), tensor_type(s["y"], out_elt)
    tzp = tensor_type([1], elt)
    lines = []
    if cfg.const_weights:
        header = "func.func @%s(%%x: %s) -> %s {" % (name, tx, ty)
        lines.append('%%w = "tosa.const"() {values = %s} : () -> %s' % (dense_attr(w, elt), tw))
        lines.append('%%b = "tosa.const"() {values = %s} : () -> %s'
                     % (dense_attr(b, bias_elt), tb))
    else:
        header = "func.func @%s(%%x: %s, %%w: %s, %%b: %s) -> %s {" % (name, tx, tw, tb, ty)
    zp = lambda v: dense_attr(np.array([v]), elt)  # noqa: E731
    lines.append('%%izp = "tosa.const"() {values = %s} : () -> %s' % (zp(cfg.input_zp), tzp))
    lines.append('%%wzp = "tosa.const"() {values = %s} : () -> %s' % (zp(cfg.weight_zp), tzp))
    lines.append("%%y = tosa.transpose_conv2d %%x, %%w, %%b, %%izp, %%wzp {acc_type = %s, "
                 "out_pad = array<i64: %s>, stride = array<i64: %d, %d>} : (%s, %s, %s, %s, %s) -> %s"
                 % (acc, ", ".join(str(v) for v in cfg.out_pad), cfg.stride[0], cfg.stride[1],
                    tx, tw, tb, tzp, tzp, ty))
    lines.append("return %%y : %s" % ty)
    return header + "\n  " + "\n  ".join(lines) + "\n}\n"


def emit_tconv_module(items: Sequence[Tuple[str, TransposeConvConfig, np.ndarray, np.ndarray,
                                            np.ndarray]]) -> Tuple[str, str]:
    """(functions, driver): one function per (name, cfg, x, w, b) holding only func + tosa ops,
    and a `@main` (plus declarations) that calls each in order and prints its result (one
    printMemrefI32 per item). run_module() joins them after the pass under test."""
    funcs, body = [], []
    for k, (name, cfg, x, w, b) in enumerate(items):
        funcs.append(emit_tconv_func(name, cfg, w, b))
        s = cfg.shapes()
        elt = cfg.dtype
        bias_elt = out_elt = "i32" if elt == "i8" else "f32"
        body.append("%%x%d = arith.constant %s" % (k, dense_attr(x, elt)))
        args, types = ["%%x%d" % k], [tensor_type(s["x"], elt)]
        if not cfg.const_weights:
            body.append("%%w%d = arith.constant %s" % (k, dense_attr(w, elt)))
            body.append("%%b%d = arith.constant %s" % (k, dense_attr(b, bias_elt)))
            args += ["%%w%d" % k, "%%b%d" % k]
            types += [tensor_type(s["w"], elt), tensor_type(s["b"], bias_elt)]
        ty = tensor_type(s["y"], out_elt)
        body.append("%%y%d = call @%s(%s) : (%s) -> %s" % (k, name, ", ".join(args),
                                                            ", ".join(types), ty))
        body += emit_print("%%y%d" % k, s["y"], out_elt, "p%d" % k)[0]
    main = "func.func @main() {\n  " + "\n  ".join(body) + "\n  return\n}\n"
    return "".join(funcs), PRINT_DECLS + main


def torch_reference(cfg: TransposeConvConfig, x: np.ndarray, w: np.ndarray,
                    b: np.ndarray) -> np.ndarray:
    """PyTorch reference in float64, NHWC result: Σ (x − zp_x)(w − zp_w) + b (exact in float64
    for int8 ranges). Configs with PyTorch padding / output_padding go straight through
    conv_transpose2d(padding, output_padding); other out_pads crop / zero-extend
    (reference.transpose_conv2d_torch)."""
    y = transpose_conv2d_torch(x, w, b, cfg.stride, cfg.out_pad, cfg.input_zp, cfg.weight_zp,
                               cfg.padding, cfg.output_padding if cfg.padding is not None
                               else None)
    assert y.shape == cfg.shapes()["y"], (y.shape, cfg.shapes()["y"])
    return y


# ----------------------------------------------------------------------------------------------
# Seeded random configurations (config i depends only on (seed, i))
# ----------------------------------------------------------------------------------------------

def _axis(rng, tosa_only: bool):
    """(input size, kernel, stride, padding, output_padding, out_pad_begin, out_pad_end)."""
    while True:
        i, k, s = int(rng.integers(1, 9)), int(rng.integers(1, 8)), int(rng.integers(1, 5))
        if tosa_only:
            # Anything MLIR 22's verifier accepts: begin/end > −K, positive output size.
            b, e = (int(v) for v in rng.integers(-(k - 1), k + s, 2))
            p = op = None
        else:
            p, op = int(rng.integers(0, k)), int(rng.integers(0, s))
            b, e = -p, -p + op
        if (i - 1) * s + b + e + k >= 1:
            return i, k, s, p, op, b, e


def gen_config(seed: int, idx: int) -> TransposeConvConfig:
    rng = np.random.default_rng([seed, idx])
    int8 = rng.random() < 0.25
    tosa_only = rng.random() < 0.15
    n, ic, oc = int(rng.integers(1, 3)), int(rng.integers(1, 9)), int(rng.integers(1, 9))
    ih, kh, sh, ph, oph, bh, eh = _axis(rng, tosa_only)
    iw, kw, sw, pw, opw, bw, ew = _axis(rng, tosa_only)
    extra = dict(bias=bool(rng.random() < 0.7), const_weights=bool(rng.random() < 0.8))
    if int8:
        extra.update(dtype="i8",
                     input_zp=0 if rng.random() < 0.2 else int(rng.integers(-128, 128)),
                     weight_zp=0 if rng.random() < 0.2 else int(rng.integers(-128, 128)))
    cfg = TransposeConvConfig(
        n, ic, oc, ih, iw, kh, kw, (sh, sw), (bh, eh, bw, ew),
        None if tosa_only else (ph, pw), None if tosa_only else (oph, opw), **extra)
    assert cfg.verifier_ok(), cfg
    return cfg


def gen_data(seed: int, idx: int, cfg: TransposeConvConfig):
    return random_tconv_data(cfg, np.random.default_rng([seed, idx, 1]))
