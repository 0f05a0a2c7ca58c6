#!/usr/bin/env python3
"""Writes small int8 blocks as TFLite -> TOSA writes them (seeded):

  residual:  x i8 [1,6,6,8] -> conv2d 3x3 -> rescale per-channel -> clamp (relu) -> conv2d 3x3
             -> rescale = h; y = rescale_out(rescale(x) + rescale(h)) (i8 -> i32 operand
             rescales, i32 tosa.add, DOUBLE_ROUND) -> clamp
  depthwise: x i8 [1,7,7,6] -> depthwise_conv2d 3x3 (channel multiplier 2, stride 2, pad 1,
             input zp 5, weight zp -2) -> rescale per-channel DOUBLE_ROUND -> clamp
             -> conv2d 1x1 -> rescale per-tensor
  fc:        x i8 [1,5,24] -> matmul with constant [1,24,10] (zero points -7, 3), i32
             -> rescale per-channel -> clamp
  bigpad:    x i8 [1,3,4,4] -> conv2d 3x3 with padding 18 (beyond diannao's max_pad 15, so
             accel-prepare-tosa peels a tosa.pad filled with the input zero point 7 off it)
             -> rescale per-tensor

  int8_blocks.py KIND SEED OUT.mlir"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from int8_network import rescale  # noqa: E402

from accel_tools.int8_oracle import _const  # noqa: E402
from accel_tools.mlir_text import tensor_type  # noqa: E402


def scales(rng, bound: int, channels: int, shift: int):
    """Per-channel multipliers mapping about [-bound/4, bound/4] onto i8 at `shift`."""
    return [int(rng.uniform(0.5, 2) * 4 * 127 * 2.0 ** shift / bound) for _ in range(channels)]


def operand_rescale(out, src, m, s, zp_name, t_in, t_out) -> str:
    """An i8 -> i32 tosa.rescale (DOUBLE_ROUND, per tensor), as TFLite's add writes it."""
    return ("%%%s = tosa.rescale %%%s, %%%s, %%%s, %%%s, %%z32 {input_unsigned = false, "
            "output_unsigned = false, per_channel = false, rounding_mode = DOUBLE_ROUND, "
            "scale32 = true} : (%s, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi32>) "
            "-> %s" % (out, src, m, s, zp_name, t_in, t_out))


def conv(out, src, w, b, xzp, wzp, t_in, t_w, t_b, t_out, pad) -> str:
    return ("%%%s = tosa.conv2d %%%s, %%%s, %%%s, %%%s, %%%s {acc_type = i32, dilation = "
            "array<i64: 1, 1>, pad = array<i64: %d, %d, %d, %d>, stride = array<i64: 1, 1>} : "
            "(%s, %s, %s, tensor<1xi8>, tensor<1xi8>) -> %s"
            % (out, src, w, b, xzp, wzp, pad, pad, pad, pad, t_in, t_w, t_b, t_out))


def clamp(out, src, lo, hi, t) -> str:
    return ("%%%s = tosa.clamp %%%s {max_val = %d : i8, min_val = %d : i8} : (%s) -> %s"
            % (out, src, hi, lo, t, t))


def residual(rng):
    c = 8
    tx, t32 = tensor_type((1, 6, 6, c), "i8"), tensor_type((1, 6, 6, c), "i32")
    tw, tb = "tensor<8x3x3x8xi8>", "tensor<8xi32>"
    w1, w2 = (rng.integers(-128, 128, (c, 3, 3, c), dtype=np.int8) for _ in range(2))
    b1, b2 = (rng.integers(-3000, 3000, (c,), dtype=np.int32) for _ in range(2))
    bound = 9 * c * 255 * 128
    z = lambda name, v, elt: _const(name, np.array([v]), elt)  # noqa: E731
    lines = [_const("w1", w1, "i8"), _const("b1", b1, "i32"), _const("w2", w2, "i8"),
             _const("b2", b2, "i32"), z("xzp", 9, "i8"), z("wzp", 0, "i8"),
             z("hzp", -20, "i8"), z("gzp", 4, "i8"), z("yzp", -3, "i8"), z("izp", 0, "i32"),
             z("z32", 0, "i32"),
             _const("m1", np.array(scales(rng, bound, c, 36)), "i32"),
             _const("s1", np.array([36] * c), "i8"),
             _const("m2", np.array(scales(rng, bound, c, 35)), "i32"),
             _const("s2", np.array([35] * c), "i8"),
             z("ma", 1518500250, "i32"), z("sa", 11, "i8"),    # x: about 0.7 x 2^20
             z("mb", 1202590843, "i32"), z("sb", 11, "i8"),    # h: about 0.56 x 2^20
             z("mo", 1779033703, "i32"), z("so", 51, "i8")]    # sum: about 0.79 / 2^20
    lines.append(conv("a1", "x", "w1", "b1", "xzp", "wzp", tx, tw, tb, t32, 1))
    lines.append(rescale("r1", "a1", "m1", "s1", "gzp", c, "DOUBLE_ROUND", t32, tx))
    lines.append(clamp("q1", "r1", 4, 127, tx))
    lines.append(conv("a2", "q1", "w2", "b2", "gzp", "wzp", tx, tw, tb, t32, 1))
    lines.append(rescale("h", "a2", "m2", "s2", "hzp", c, "SINGLE_ROUND", t32, tx))
    lines.append(operand_rescale("ra", "x", "ma", "sa", "xzp", tx, t32))
    lines.append(operand_rescale("rb", "h", "mb", "sb", "hzp", tx, t32))
    lines.append("%%sum = tosa.add %%ra, %%rb : (%s, %s) -> %s" % (t32, t32, t32))
    lines.append(rescale("rs", "sum", "mo", "so", "yzp", 1, "DOUBLE_ROUND", t32, tx))
    lines.append(clamp("y", "rs", -3, 127, tx))
    return tx, tx, lines


def depthwise(rng):
    tx, td32 = tensor_type((1, 7, 7, 6), "i8"), tensor_type((1, 4, 4, 12), "i32")
    td, ty32, ty = (tensor_type((1, 4, 4, 12), "i8"), tensor_type((1, 4, 4, 5), "i32"),
                    tensor_type((1, 4, 4, 5), "i8"))
    wd = rng.integers(-128, 128, (3, 3, 6, 2), dtype=np.int8)
    bd = rng.integers(-3000, 3000, (12,), dtype=np.int32)
    wp = rng.integers(-128, 128, (5, 1, 1, 12), dtype=np.int8)
    bp = rng.integers(-3000, 3000, (5,), dtype=np.int32)
    z = lambda name, v, elt: _const(name, np.array([v]), elt)  # noqa: E731
    lines = [_const("wd", wd, "i8"), _const("bd", bd, "i32"), _const("wp", wp, "i8"),
             _const("bp", bp, "i32"), z("xzp", 5, "i8"), z("wzp", -2, "i8"),
             z("dzp", -10, "i8"), z("pzp", 0, "i8"), z("yzp", 7, "i8"), z("izp", 0, "i32"),
             _const("md", np.array(scales(rng, 9 * 255 * 130, 12, 33)), "i32"),
             _const("sd", np.array([33] * 12), "i8"),
             z("mp", scales(rng, 12 * 255 * 128, 1, 34)[0], "i32"), z("sp", 34, "i8")]
    lines.append("%%ad = tosa.depthwise_conv2d %%x, %%wd, %%bd, %%xzp, %%wzp {acc_type = i32, "
                 "dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = "
                 "array<i64: 2, 2>} : (%s, tensor<3x3x6x2xi8>, tensor<12xi32>, tensor<1xi8>, "
                 "tensor<1xi8>) -> %s" % (tx, td32))
    lines.append(rescale("rd", "ad", "md", "sd", "dzp", 12, "DOUBLE_ROUND", td32, td))
    lines.append(clamp("qd", "rd", -10, 100, td))
    lines.append(conv("ap", "qd", "wp", "bp", "dzp", "pzp", td, "tensor<5x1x1x12xi8>",
                      "tensor<5xi32>", ty32, 0))
    lines.append(rescale("y", "ap", "mp", "sp", "yzp", 1, "SINGLE_ROUND", ty32, ty))
    return tx, ty, lines


def fc(rng):
    tx, t32, ty = "tensor<1x5x24xi8>", "tensor<1x5x10xi32>", "tensor<1x5x10xi8>"
    w = rng.integers(-128, 128, (1, 24, 10), dtype=np.int8)
    z = lambda name, v, elt: _const(name, np.array([v]), elt)  # noqa: E731
    lines = [_const("w", w, "i8"), z("xzp", -7, "i8"), z("wzp", 3, "i8"), z("yzp", -1, "i8"),
             z("izp", 0, "i32"),
             _const("m", np.array(scales(rng, 24 * 255 * 131, 10, 32)), "i32"),
             _const("s", np.array([32] * 10), "i8")]
    lines.append("%%a = tosa.matmul %%x, %%w, %%xzp, %%wzp : (%s, tensor<1x24x10xi8>, "
                 "tensor<1xi8>, tensor<1xi8>) -> %s" % (tx, t32))
    lines.append(rescale("r", "a", "m", "s", "yzp", 10, "DOUBLE_ROUND", t32, ty))
    lines.append(clamp("y", "r", -1, 127, ty))
    return tx, ty, lines


def bigpad(rng):
    pad = 18
    tx, tw, tb = tensor_type((1, 3, 4, 4), "i8"), "tensor<5x3x3x4xi8>", "tensor<5xi32>"
    out = (1, 3 + 2 * pad - 2, 4 + 2 * pad - 2, 5)
    t32, ty = tensor_type(out, "i32"), tensor_type(out, "i8")
    w = rng.integers(-128, 128, (5, 3, 3, 4), dtype=np.int8)
    b = rng.integers(-3000, 3000, (5,), dtype=np.int32)
    z = lambda name, v, elt: _const(name, np.array([v]), elt)  # noqa: E731
    lines = [_const("w", w, "i8"), _const("b", b, "i32"), z("xzp", 7, "i8"), z("wzp", 0, "i8"),
             z("yzp", -4, "i8"), z("izp", 0, "i32"),
             z("m", scales(rng, 9 * 4 * 255 * 128, 1, 34)[0], "i32"), z("s", 34, "i8")]
    lines.append(conv("a", "x", "w", "b", "xzp", "wzp", tx, tw, tb, t32, pad))
    lines.append(rescale("y", "a", "m", "s", "yzp", 1, "SINGLE_ROUND", t32, ty))
    return tx, ty, lines


def main(kind: str, seed: int, path: str) -> None:
    tx, ty, lines = {"residual": residual, "depthwise": depthwise, "fc": fc,
                     "bigpad": bigpad}[kind](
        np.random.default_rng(seed))
    lines.append("return %%y : %s" % ty)
    with open(path, "w") as f:
        f.write("func.func @forward(%%x: %s) -> %s {\n  %s\n}\n" % (tx, ty, "\n  ".join(lines)))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
