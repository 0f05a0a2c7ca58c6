#!/usr/bin/env python3
"""End-to-end check of the copies accel runs for tosa.slice and nearest-neighbour tosa.resize.

Each case is a small TOSA function (a conv feeding a spatial slice, nearest upsampling by
integer factors written with the parameters front ends use, f32 and int8). It is compiled
with `accel-opt --accel-compile`, emitted, simulated with `accel-sim`, and compared with two
references that are not accel's code: upstream MLIR's own lowering of the same TOSA run on
the CPU (mlir-opt + mlir-runner; bit-exact expected) and, for f32, PyTorch (slicing and
F.interpolate(mode="nearest") on the conv's result; f32 tolerance 1e-4). The int8 cases move
the function's argument itself (through a tosa.identity).

Usage: data_movement.py WORK_DIR
Prints one `CASE oracle=... torch=... PASS|FAIL` line per case, then `all passed`.
"""

import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

from accel_tools import mlir_text
from accel_tools.metrics import peak_rel_error
from accel_tools.oracle import run_tosa_network
from accel_tools.tools import Toolchain

TOLERANCE = 1e-4
H, W, C = 6, 5, 3


def shape_const(name, values):
    return ("    %%%s = tosa.const_shape {values = dense<[%s]> : tensor<%dxindex>} : () -> "
            "!tosa.shape<%d>" % (name, ", ".join(map(str, values)), len(values), len(values)))


def conv_lines(elt, weights):
    """%c = a 1x1 conv of %x (C -> C channels) with `weights` and a zero bias."""
    acc, zero = elt, "0.0"
    ty = mlir_text.tensor_type
    return [
        '    %%w = "tosa.const"() <{values = %s}> : () -> %s' % (
            mlir_text.dense_attr(weights, elt), ty(weights.shape, elt)),
        '    %%b = "tosa.const"() <{values = dense<%s> : tensor<%dx%s>}> : () -> tensor<%dx%s>'
        % (zero, C, acc, C, acc),
        '    %%zp = "tosa.const"() <{values = dense<%s> : tensor<1x%s>}> : () -> tensor<1x%s>'
        % (zero, elt, elt),
        "    %%c = tosa.conv2d %%x, %%w, %%b, %%zp, %%zp {acc_type = %s, dilation = array<i64: 1, "
        "1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (%s, %s, tensor<%dx%s>, "
        "tensor<1x%s>, tensor<1x%s>) -> %s" % (
            acc, ty((1, H, W, C), elt), ty(weights.shape, elt), C, acc, elt, elt,
            ty((1, H, W, C), acc)),
    ]


def function(elt, body, out_shape, weights):
    """@forward(%x: 1xHxWxC) -> out_shape: for f32 a conv and a clamp, for int8 an identity
    (removed by accel-prepare-tosa), then `body` (which reads %y and defines %out)."""
    ty = mlir_text.tensor_type
    if elt == "f32":
        lines = conv_lines(elt, weights) + [
            "    %%y = tosa.clamp %%c {min_val = -100.0 : f32, max_val = 100.0 : f32} : "
            "(%s) -> %s" % (ty((1, H, W, C), elt), ty((1, H, W, C), elt))]
    else:
        lines = ["    %%y = tosa.identity %%x : (%s) -> %s" % (ty((1, H, W, C), elt),
                                                            ty((1, H, W, C), elt))]
    return ('func.func @forward(%%x: %s {accel.name = "x"}) -> (%s {accel.name = "y"}) {\n'
            "%s\n%s\n    return %%out : %s\n}\n" % (
                ty((1, H, W, C), elt), ty(out_shape, elt), "\n".join(lines), "\n".join(body),
                ty(out_shape, elt)))


def slice_case(elt, weights, start, size):
    ty = mlir_text.tensor_type
    body = [shape_const("start", [0, start[0], start[1], 0]),
            shape_const("size", [1, size[0], size[1], C]),
            "    %%out = tosa.slice %%y, %%start, %%size : (%s, !tosa.shape<4>, !tosa.shape<4>) "
            "-> %s" % (ty((1, H, W, C), elt), ty((1, size[0], size[1], C), elt))]

    def torch_ref(y):
        return y[:, start[0]:start[0] + size[0], start[1]:start[1] + size[1], :]
    return function(elt, body, (1, size[0], size[1], C), weights), torch_ref


def upsample_case(elt, weights, sh, sw):
    """Nearest upsampling by (sh, sw) written as half-pixel TOSA parameters:
    scale = (2 s, 2), offset = 1 - s per axis (output o reads input floor(o / s))."""
    ty = mlir_text.tensor_type
    out = (1, H * sh, W * sw, C)
    body = [shape_const("scale", [2 * sh, 2, 2 * sw, 2]),
            shape_const("offset", [1 - sh, 1 - sw]),
            shape_const("border", [sh - 1, sw - 1]),
            "    %%out = tosa.resize %%y, %%scale, %%offset, %%border {mode = NEAREST_NEIGHBOR} : "
            "(%s, !tosa.shape<4>, !tosa.shape<2>, !tosa.shape<2>) -> %s" % (
                ty((1, H, W, C), elt), ty(out, elt))]

    def torch_ref(y):
        t = torch.from_numpy(np.ascontiguousarray(y.transpose(0, 3, 1, 2)))
        return F.interpolate(t, scale_factor=(sh, sw), mode="nearest").numpy().transpose(
            0, 2, 3, 1)
    return function(elt, body, out, weights), torch_ref


def main(argv):
    work = argv[1]
    os.makedirs(work, exist_ok=True)
    rng = np.random.RandomState(5)
    w_f32 = rng.uniform(-1, 1, (C, 1, 1, C)).astype(np.float32)
    cases = {
        "slice-f32": slice_case("f32", w_f32, (1, 2), (4, 2)),
        "slice-i8": slice_case("i8", None, (0, 1), (5, 4)),
        "upsample2x2-f32": upsample_case("f32", w_f32, 2, 2),
        "upsample3x2-f32": upsample_case("f32", w_f32, 3, 2),
        "upsample2x2-i8": upsample_case("i8", None, 2, 2),
    }
    tc, failed = Toolchain(), 0
    for name, (text, torch_ref) in cases.items():
        elt = "i8" if name.endswith("i8") else "f32"
        stem = os.path.join(work, name)
        with open(stem + ".tosa.mlir", "w") as f:
            f.write(text)
        if elt == "f32":
            x = rng.uniform(-1, 1, (1, H, W, C)).astype(np.float32)
        else:
            x = rng.randint(-128, 128, (1, H, W, C)).astype(np.int8)
        np.save(stem + ".x.npy", x)
        tc.compile(stem + ".tosa.mlir", stem + ".mlir")
        tc.translate(stem + ".mlir", stem + ".accel")
        tc.simulate(stem + ".accel", {"x": stem + ".x.npy"}, {"y": stem + ".y.npy"})
        got = np.load(stem + ".y.npy")
        oracle = run_tosa_network(text, [x])[0]
        ok = got.shape == oracle.shape and np.array_equal(got, oracle)
        line = "%s oracle=%s" % (name, "exact" if ok else "DIFFERENT")
        if elt == "f32":
            y = np.einsum("nhwc,oc->nhwo", x.astype(np.float64),
                          w_f32[:, 0, 0, :].astype(np.float64)).clip(-100, 100)
            error = peak_rel_error(got, torch_ref(y))
            ok = ok and error <= TOLERANCE
            line += " torch=%.2e" % error
        failed += not ok
        print(line, "PASS" if ok else "FAIL")
    print("all passed" if not failed else "%d failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
