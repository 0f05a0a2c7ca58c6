#!/usr/bin/env python3
"""Writes a small quantized network as int8 TOSA (seeded):

  x i8 [1,4,4,6] -> tosa.transpose_conv2d (stride 2, kernel 4, out_pad -1: PyTorch padding 1,
  input zp -128, weight zp 3) -> tosa.rescale per-channel DOUBLE_ROUND (output zp -5)
  -> tosa.clamp i8 [-5, 127] (relu in the quantized domain) -> tosa.conv2d 3x3 pad 1
  (input zp -5, i.e. the previous layer's output zp) -> tosa.rescale per-tensor SINGLE_ROUND
  (output zp 3) -> result i8 [1,8,8,4]

  int8_network.py SEED OUT.mlir
Scales map each layer's accumulator range roughly onto i8 (some saturation)."""
import sys

import numpy as np

from accel_tools.int8_oracle import _const
from accel_tools.mlir_text import tensor_type


def rescale(out, acc, m, s, ozp, channels, mode, acc_type, out_type) -> str:
    """A signed scale32 tosa.rescale line (per-channel when `channels` > 1)."""
    return ("%%%s = tosa.rescale %%%s, %%%s, %%%s, %%izp, %%%s {input_unsigned = false, "
            "output_unsigned = false, per_channel = %s, rounding_mode = %s, scale32 = true} : "
            "(%s, tensor<%dxi32>, tensor<%dxi8>, tensor<1xi32>, tensor<1xi8>) -> %s"
            % (out, acc, m, s, ozp, str(channels > 1).lower(), mode, acc_type, channels,
               channels, out_type))


def main(seed: int, path: str) -> None:
    rng = np.random.default_rng(seed)
    w1 = rng.integers(-128, 128, (8, 4, 4, 6), dtype=np.int8)
    b1 = rng.integers(-5000, 5000, (8,), dtype=np.int32)
    w2 = rng.integers(-128, 128, (4, 3, 3, 8), dtype=np.int8)
    b2 = rng.integers(-5000, 5000, (4,), dtype=np.int32)
    # |acc| bounds: taps x channels x |x - zp| x |w - zp| + |bias|
    bound1 = 4 * 6 * 255 * 131 + 5000
    bound2 = 9 * 8 * 255 * 128 + 5000
    m1 = [int(rng.uniform(0.5, 4) * 127 * 2.0 ** 38 / bound1) for _ in range(8)]
    s1 = [38] * 8
    s1[1], m1[1] = 31, max(1, m1[1] >> 7)     # one channel with a shift <= 31
    m2, s2 = 1518500250, 38   # ~ 127 x 40 / bound2: the real range is far below the bound
    t = {"x": tensor_type((1, 4, 4, 6), "i8"), "a1": tensor_type((1, 8, 8, 8), "i32"),
         "q1": tensor_type((1, 8, 8, 8), "i8"), "a2": tensor_type((1, 8, 8, 4), "i32"),
         "y": tensor_type((1, 8, 8, 4), "i8")}
    zp = lambda name, v, elt: _const(name, np.array([v]), elt)  # noqa: E731
    lines = [_const("w1", w1, "i8"), _const("b1", b1, "i32"), _const("w2", w2, "i8"),
             _const("b2", b2, "i32"), zp("xzp", -128, "i8"), zp("wzp1", 3, "i8"),
             zp("qzp", -5, "i8"), zp("wzp2", 0, "i8"), zp("izp", 0, "i32"),
             zp("yzp", 3, "i8"), _const("m1", np.array(m1), "i32"),
             _const("s1", np.array(s1), "i8"), zp("m2", m2, "i32"), zp("s2", s2, "i8")]
    lines.append("%%a1 = tosa.transpose_conv2d %%x, %%w1, %%b1, %%xzp, %%wzp1 {acc_type = i32, "
                 "out_pad = array<i64: -1, -1, -1, -1>, stride = array<i64: 2, 2>} : (%s, "
                 "tensor<8x4x4x6xi8>, tensor<8xi32>, tensor<1xi8>, tensor<1xi8>) -> %s"
                 % (t["x"], t["a1"]))
    lines.append(rescale("r1", "a1", "m1", "s1", "qzp", 8, "DOUBLE_ROUND", t["a1"], t["q1"]))
    lines.append("%%q1 = tosa.clamp %%r1 {max_val = 127 : i8, min_val = -5 : i8} : (%s) -> %s"
                 % (t["q1"], t["q1"]))
    lines.append("%%a2 = tosa.conv2d %%q1, %%w2, %%b2, %%qzp, %%wzp2 {acc_type = i32, dilation "
                 "= array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} "
                 ": (%s, tensor<4x3x3x8xi8>, tensor<4xi32>, tensor<1xi8>, tensor<1xi8>) -> %s"
                 % (t["q1"], t["a2"]))
    lines.append(rescale("y", "a2", "m2", "s2", "yzp", 1, "SINGLE_ROUND", t["a2"], t["y"]))
    lines.append("return %%y : %s" % t["y"])
    with open(path, "w") as f:
        f.write("func.func @forward(%%x: %s) -> %s {\n  %s\n}\n"
                % (t["x"], t["y"], "\n  ".join(lines)))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
