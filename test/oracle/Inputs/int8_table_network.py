#!/usr/bin/env python3
"""Writes a small quantized network with lookup tables as int8 TOSA (seeded), as TFLite -> TOSA
writes tanh / sigmoid:

  x i8 [1,5,5,4] -> tosa.conv2d 3x3 pad 1 (input zp -128, weight zp 0) -> tosa.rescale
  per-channel DOUBLE_ROUND (output zp -3) -> tosa.clamp i8 [-3, 127] -> tosa.table (sigmoid)
  -> tosa.transpose_conv2d stride 2, kernel 3 (input zp -3) -> tosa.rescale per-tensor
  SINGLE_ROUND (output zp 0) -> tosa.table (tanh) -> result i8 [1,11,11,3]

  int8_table_network.py SEED OUT.mlir"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from int8_blocks import clamp, conv  # noqa: E402
from int8_network import rescale  # noqa: E402

from accel_tools.int8_oracle import _const  # noqa: E402
from accel_tools.mlir_text import tensor_type  # noqa: E402


def lut(kind: str, in_scale: float, in_zp: int, out_scale: float, out_zp: int) -> np.ndarray:
    """The 256-entry i8 table of a quantized sigmoid / tanh (TFLite's form)."""
    real = (np.arange(-128, 128) - in_zp) * in_scale
    f = 1.0 / (1.0 + np.exp(-real)) if kind == "sigmoid" else np.tanh(real)
    return np.clip(np.round(f / out_scale) + out_zp, -128, 127).astype(np.int64)


def main(seed: int, path: str) -> None:
    rng = np.random.default_rng(seed)
    w1 = rng.integers(-128, 128, (6, 3, 3, 4), dtype=np.int8)
    b1 = rng.integers(-5000, 5000, (6,), dtype=np.int32)
    w2 = rng.integers(-128, 128, (3, 3, 3, 6), dtype=np.int8)
    b2 = rng.integers(-5000, 5000, (3,), dtype=np.int32)
    bound1 = 9 * 4 * 255 * 128 + 5000
    bound2 = 9 * 6 * 130 * 128 + 5000
    m1 = [int(rng.uniform(0.5, 4) * 127 * 2.0 ** 36 / bound1) for _ in range(6)]
    s1 = [36] * 6
    m2, s2 = int(12 * 127 * 2.0 ** 35 / bound2), 35  # the real range is far below the bound
    t = {"x": tensor_type((1, 5, 5, 4), "i8"), "a1": tensor_type((1, 5, 5, 6), "i32"),
         "q1": tensor_type((1, 5, 5, 6), "i8"), "a2": tensor_type((1, 11, 11, 3), "i32"),
         "y": tensor_type((1, 11, 11, 3), "i8")}
    zp = lambda name, v, elt: _const(name, np.array([v]), elt)  # noqa: E731
    lines = [_const("w1", w1, "i8"), _const("b1", b1, "i32"), _const("w2", w2, "i8"),
             _const("b2", b2, "i32"), zp("xzp", -128, "i8"), zp("wzp", 0, "i8"),
             zp("qzp", -3, "i8"), zp("izp", 0, "i32"), zp("yzp", 0, "i8"),
             _const("m1", np.array(m1), "i32"), _const("s1", np.array(s1), "i8"),
             zp("m2", m2, "i32"), zp("s2", s2, "i8"),
             _const("sig", lut("sigmoid", 0.05, -3, 1.0 / 256, -128), "i8"),
             _const("tanh", lut("tanh", 0.02, 0, 1.0 / 128, 0), "i8")]
    lines.append(conv("a1", "x", "w1", "b1", "xzp", "wzp", t["x"], "tensor<6x3x3x4xi8>",
                      "tensor<6xi32>", t["a1"], 1))
    lines.append(rescale("r1", "a1", "m1", "s1", "qzp", 6, "DOUBLE_ROUND", t["a1"], t["q1"]))
    lines.append(clamp("c1", "r1", -3, 127, t["q1"]))
    lines.append("%%q1 = tosa.table %%c1, %%sig : (%s, tensor<256xi8>) -> %s"
                 % (t["q1"], t["q1"]))
    lines.append("%%a2 = tosa.transpose_conv2d %%q1, %%w2, %%b2, %%qzp, %%wzp {acc_type = i32, "
                 "out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (%s, "
                 "tensor<3x3x3x6xi8>, tensor<3xi32>, tensor<1xi8>, tensor<1xi8>) -> %s"
                 % (t["q1"], t["a2"]))
    lines.append(rescale("r2", "a2", "m2", "s2", "yzp", 1, "SINGLE_ROUND", t["a2"], t["y"]))
    lines.append("%%y = tosa.table %%r2, %%tanh : (%s, tensor<256xi8>) -> %s"
                 % (t["y"], t["y"]))
    lines.append("return %%y : %s" % t["y"])
    with open(path, "w") as f:
        f.write("func.func @forward(%%x: %s) -> %s {\n  %s\n}\n"
                % (t["x"], t["y"], "\n  ".join(lines)))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
