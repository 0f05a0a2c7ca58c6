#!/usr/bin/env python3
"""Compile-time benchmark: accel's split pass vs upstream's TOSA decomposition.

Generates one MLIR file with N static tosa.transpose_conv2d ops (random
shapes, stride 1-4, kernel 1-7, legal out_pad, constant weights) and times,
side by side in one run,

  accel-opt --accel-split-transpose-conv=strategy=S   (ours)
  mlir-opt  --tosa-optional-decompositions            (upstream)

on the same file. Reports the best of --repeat runs of each and the ratio
ours/upstream (target: <= 1.5). Timing is wall-clock of the whole tool, so
parsing and printing, identical work for both tools, are included.

Weights are constants (what frontends emit), so our pass folds the
sub-kernels at compile time.

usage: split_pass_time.py --accel-opt PATH [--mlir-opt PATH] [--count 1000]
"""
import argparse
import os
import random
import struct
import sys
import tempfile
import time

from accel_tools.reports import timing_seconds
from accel_tools.tools import run_tool


def transpose_conv_function(index, rng):
    batch = rng.randint(1, 2)
    in_c, out_c = rng.randint(1, 16), rng.randint(1, 16)
    ih, iw = rng.randint(1, 16), rng.randint(1, 16)
    sh, sw = rng.randint(1, 4), rng.randint(1, 4)
    kh, kw = rng.randint(1, 7), rng.randint(1, 7)

    def axis_pad(k, s):
        # PyTorch padding p in [0, k-1], output_padding in [0, s-1].
        p = rng.randint(0, k - 1)
        op = rng.randint(0, s - 1)
        return -p, -p + op

    top, bottom = axis_pad(kh, sh)
    left, right = axis_pad(kw, sw)
    oh = (ih - 1) * sh + top + bottom + kh
    ow = (iw - 1) * sw + left + right + kw
    if oh < 1 or ow < 1:
        top = bottom = left = right = 0
        oh, ow = (ih - 1) * sh + kh, (iw - 1) * sw + kw
    weights = "0x" + struct.pack(
        f"<{out_c * kh * kw * in_c}f",
        *(rng.uniform(-1, 1) for _ in range(out_c * kh * kw * in_c))).hex()
    bias = ", ".join(f"{rng.uniform(-1, 1):.4f}" for _ in range(out_c))
    x = f"tensor<{batch}x{ih}x{iw}x{in_c}xf32>"
    w = f"tensor<{out_c}x{kh}x{kw}x{in_c}xf32>"
    b = f"tensor<{out_c}xf32>"
    y = f"tensor<{batch}x{oh}x{ow}x{out_c}xf32>"
    return f"""func.func @t{index}(%x: {x}) -> {y} {{
  %w4 = "tosa.const"() <{{values = dense<"{weights}"> : {w}}}> : () -> {w}
  %b = "tosa.const"() <{{values = dense<[{bias}]> : {b}}}> : () -> {b}
  %zp = "tosa.const"() <{{values = dense<0.0> : tensor<1xf32>}}> : () -> tensor<1xf32>
  %y = tosa.transpose_conv2d %x, %w4, %b, %zp, %zp {{acc_type = f32, out_pad = array<i64: {top}, {bottom}, {left}, {right}>, stride = array<i64: {sh}, {sw}>}} : ({x}, {w}, {b}, tensor<1xf32>, tensor<1xf32>) -> {y}
  return %y : {y}
}}
"""


# Both tools print constants the same way (hex), so that printing cost does
# not depend on how many elements each tool's constants happen to have (MLIR
# prints small constants as decimal floats, which is much slower).
PRINT_FLAGS = ["--mlir-print-elementsattrs-with-hex-if-larger=1", "-o",
               os.devnull]


def best_time(command, pass_name, repeat):
    """Best wall time of the whole tool, and of the pass from -mlir-timing."""
    best_total = best_pass = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run = run_tool(os.path.basename(command[0]), command + PRINT_FLAGS +
                       ["--mlir-timing", "--mlir-output-format=json"])
        best_total = min(best_total, time.perf_counter() - start)
        wall = timing_seconds(run.stderr).get(pass_name)
        if wall is not None:
            best_pass = min(best_pass, wall)
    return best_total, best_pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accel-opt", required=True)
    parser.add_argument("--mlir-opt", default="/usr/lib/llvm-22/bin/mlir-opt")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--strategy", default="split")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "convs.mlir")
        with open(path, "w") as out:
            for index in range(args.count):
                out.write(transpose_conv_function(index, rng))
        ours, ours_pass = best_time(
            [args.accel_opt, path,
             f"--accel-split-transpose-conv=strategy={args.strategy}"],
            "SplitTransposeConvPass", args.repeat)
        upstream, upstream_pass = best_time(
            [args.mlir_opt, path, "--tosa-optional-decompositions"],
            "TosaOptionalDecompositionsPass", args.repeat)
    print(f"{args.count} transposed convs, best of {args.repeat} "
          f"(wall seconds: whole tool / the pass alone):")
    print(f"  accel-opt --accel-split-transpose-conv={args.strategy:<11}"
          f" {ours:6.3f} / {ours_pass:6.3f}")
    print(f"  mlir-opt --tosa-optional-decompositions          "
          f" {upstream:6.3f} / {upstream_pass:6.3f}")
    print(f"  ratio ours / upstream: whole tool {ours / upstream:.2f}, "
          f"pass {ours_pass / upstream_pass:.2f} (target <= 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
