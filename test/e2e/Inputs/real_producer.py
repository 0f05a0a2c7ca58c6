#!/usr/bin/env python3
"""End-to-end check of accel-prepare-tosa on TOSA written the way NCHW front ends write it.

A small PyTorch network (NCHW) is written as TOSA in the style of a framework legalisation:
every conv / depthwise conv / transposed conv computes in NHWC and is wrapped in
`tosa.transpose` ops, BatchNorm is per-channel `tosa.mul` / `tosa.add` (and once
`(y - mean) * scale + beta` with [C] constants reshaped to 1xCx1x1), padding is an explicit
NCHW `tosa.pad`, a residual add and a `tosa.identity` sit between the transposes. The
function interface is NHWC (the outermost boundary transposes are left out, so the check
does not depend on the backend absorbing them). The module goes through
`accel-opt --accel-compile` (which runs accel-prepare-tosa first), `accel-translate
--accel-to-bin` and `accel-sim`, and the output is compared with the PyTorch module run in
float64 (f32 tolerance 1e-4, relative to the output's peak).

Usage: real_producer.py WORK_DIR [TARGET ...]
Prints the TOSA op counts of the input, one `TARGET STRATEGY error PASS|FAIL` line per run,
and `all passed` when every run passed.
"""

import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

from accel_tools import mlir_text
from accel_tools.metrics import peak_rel_error
from accel_tools.tools import Toolchain

TOLERANCE = 1e-4
EPS = 1e-5
C_IN, C_MID, C_OUT, SIZE = 3, 8, 4, 12


def batchnorm(rng, channels):
    """Eval-mode BatchNorm parameters (gamma, beta, mean, var)."""
    return (rng.uniform(0.5, 1.5, channels), rng.uniform(-0.5, 0.5, channels),
            rng.uniform(-0.5, 0.5, channels), rng.uniform(0.5, 2.0, channels))


def make_params(seed=7):
    rng = np.random.RandomState(seed)
    return {
        "w1": rng.uniform(-0.5, 0.5, (C_MID, C_IN, 3, 3)), "b1": rng.uniform(-0.1, 0.1, C_MID),
        "bn1": batchnorm(rng, C_MID),
        "w2": rng.uniform(-0.5, 0.5, (C_MID, 1, 3, 3)), "b2": rng.uniform(-0.1, 0.1, C_MID),
        "bn2": batchnorm(rng, C_MID),
        # ConvTranspose2d weight: [C_in, C_out, KH, KW].
        "w3": rng.uniform(-0.3, 0.3, (C_MID, C_OUT, 4, 4)), "b3": rng.uniform(-0.1, 0.1, C_OUT),
        "bn3": batchnorm(rng, C_OUT),
    }


def torch_forward(p, x_nchw):
    """The network in PyTorch, float64."""
    t = lambda a: torch.from_numpy(np.asarray(a, dtype=np.float64))

    def bn(y, params):
        gamma, beta, mean, var = (t(v) for v in params)
        return F.batch_norm(y, mean, var, gamma, beta, training=False, eps=EPS)

    x = t(x_nchw)
    y1 = F.relu(bn(F.conv2d(x, t(p["w1"]), t(p["b1"]), padding=1), p["bn1"]))
    y2 = F.conv2d(F.pad(y1, (1, 1, 1, 1)), t(p["w2"]), t(p["b2"]), groups=C_MID)
    y2 = torch.clamp(bn(y2, p["bn2"]), 0.0, 6.0) + y1
    y3 = F.conv_transpose2d(y2, t(p["w3"]), t(p["b3"]), stride=2, padding=1)
    return torch.tanh(bn(y3, p["bn3"])).numpy()


class Writer:
    """Collects TOSA ops as text; `op(...)` and `const(...)` return fresh SSA names."""

    def __init__(self):
        self.lines, self.count = [], 0

    def op(self, text):
        self.count += 1
        name = "%%v%d" % self.count
        self.lines.append("    %s = %s" % (name, text))
        return name

    def const(self, array, shape=None):
        array = np.asarray(array, dtype=np.float32)
        if shape is not None:
            array = array.reshape(shape)
        ty = mlir_text.tensor_type(array.shape, "f32")
        return self.op('"tosa.const"() <{values = %s}> : () -> %s'
                       % (mlir_text.dense_attr(array, "f32"), ty))


def ty(shape):
    return mlir_text.tensor_type(shape, "f32")


def nchw(shape):
    n, h, w, c = shape
    return [n, c, h, w]


def write_tosa(p):
    """The network as an NCHW front end's TOSA, with an NHWC interface."""
    e = Writer()
    zp = e.const([0.0])
    shift = e.op('"tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>')
    hw = [1, SIZE, SIZE, C_MID]

    def to_nchw(v, shape):
        return e.op("tosa.transpose %s {perms = array<i32: 0, 3, 1, 2>} : (%s) -> %s"
                    % (v, ty(shape), ty(nchw(shape))))

    def to_nhwc(v, shape):
        return e.op("tosa.transpose %s {perms = array<i32: 0, 2, 3, 1>} : (%s) -> %s"
                    % (v, ty(nchw(shape)), ty(shape)))

    def binary(op, a, b, shape, b_shape):
        return e.op("tosa.%s %s, %s%s : (%s, %s%s) -> %s" % (
            op, a, b, ", " + shift if op == "mul" else "", ty(shape), ty(b_shape),
            ", tensor<1xi8>" if op == "mul" else "", ty(shape)))

    def bn_mul_add(v, params, shape):
        """BatchNorm in NCHW as mul by scale, add of shift, 1xCx1x1 constants."""
        gamma, beta, mean, var = params
        scale = gamma / np.sqrt(var + EPS)
        c = len(gamma)
        s = e.const(scale, (1, c, 1, 1))
        b = e.const(beta - mean * scale, (1, c, 1, 1))
        return binary("add", binary("mul", v, s, shape, [1, c, 1, 1]), b, shape, [1, c, 1, 1])

    def conv(kind, v, w, b, in_shape, out_shape, attrs):
        return e.op("tosa.%s %s, %s, %s, %s, %s {acc_type = f32, %s} : (%s, %s, %s, "
                    "tensor<1xf32>, tensor<1xf32>) -> %s" % (
                        kind, v, w, b, zp, zp, attrs, ty(in_shape),
                        mlir_text.tensor_type(w_shapes[w], "f32"), ty([len(p_b[b])]),
                        ty(out_shape)))

    w_shapes, p_b = {}, {}

    def weight(array):
        name = e.const(array)
        w_shapes[name] = np.asarray(array).shape
        return name

    def bias(array):
        name = e.const(array)
        p_b[name] = array
        return name

    # Layer 1: conv 3x3 pad 1 (OHWI weights), BN as mul/add in NCHW, ReLU.
    c1 = conv("conv2d", "%x", weight(p["w1"].transpose(0, 2, 3, 1)), bias(p["b1"]),
              [1, SIZE, SIZE, C_IN], hw,
              "dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, "
              "stride = array<i64: 1, 1>")
    y1 = bn_mul_add(to_nchw(c1, hw), p["bn1"], nchw(hw))
    y1 = e.op("tosa.clamp %s {min_val = 0.0 : f32, max_val = 3.4e38 : f32} : (%s) -> %s"
              % (y1, ty(nchw(hw)), ty(nchw(hw))))
    # Layer 2: NCHW pad, depthwise conv (HWCM weights, M = 1), BN, ReLU6, residual add.
    padding = e.op("tosa.const_shape {values = dense<[0, 0, 0, 0, 1, 1, 1, 1]> : "
                   "tensor<8xindex>} : () -> !tosa.shape<8>")
    padded_shape = [1, C_MID, SIZE + 2, SIZE + 2]
    padded = e.op("tosa.pad %s, %s, %s : (%s, !tosa.shape<8>, tensor<1xf32>) -> %s"
                  % (y1, padding, zp, ty(nchw(hw)), ty(padded_shape)))
    padded_hw = [1, SIZE + 2, SIZE + 2, C_MID]
    c2 = conv("depthwise_conv2d", to_nhwc(padded, padded_hw),
              weight(p["w2"].transpose(2, 3, 0, 1)), bias(p["b2"]), padded_hw, hw,
              "dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, "
              "stride = array<i64: 1, 1>")
    y2 = bn_mul_add(to_nchw(c2, hw), p["bn2"], nchw(hw))
    y2 = e.op("tosa.clamp %s {min_val = 0.0 : f32, max_val = 6.0 : f32} : (%s) -> %s"
              % (y2, ty(nchw(hw)), ty(nchw(hw))))
    y2 = binary("add", y2, y1, nchw(hw), nchw(hw))
    y2 = e.op("tosa.identity %s : (%s) -> %s" % (y2, ty(nchw(hw)), ty(nchw(hw))))
    # Layer 3: transposed conv k4 s2 p1 (OHWI weights, out_pad -1), BN as
    # (y - mean) * scale + beta with [C] constants reshaped to 1xCx1x1, tanh.
    out = [1, 2 * SIZE, 2 * SIZE, C_OUT]
    c3 = conv("transpose_conv2d", to_nhwc(y2, hw), weight(p["w3"].transpose(1, 2, 3, 0)),
              bias(p["b3"]), hw, out,
              "out_pad = array<i64: -1, -1, -1, -1>, stride = array<i64: 2, 2>")
    y3 = to_nchw(c3, out)
    gamma, beta, mean, var = p["bn3"]
    shape4 = e.op("tosa.const_shape {values = dense<[1, %d, 1, 1]> : tensor<4xindex>} : "
                  "() -> !tosa.shape<4>" % C_OUT)

    def per_channel(values):
        return e.op("tosa.reshape %s, %s : (%s, !tosa.shape<4>) -> %s" % (
            e.const(values), shape4, ty([C_OUT]), ty([1, C_OUT, 1, 1])))

    c4 = [1, C_OUT, 1, 1]
    y3 = binary("sub", y3, per_channel(mean), nchw(out), c4)
    y3 = binary("mul", y3, per_channel(gamma / np.sqrt(var + EPS)), nchw(out), c4)
    y3 = binary("add", y3, per_channel(beta), nchw(out), c4)
    y3 = e.op("tosa.tanh %s : (%s) -> %s" % (y3, ty(nchw(out)), ty(nchw(out))))
    result = to_nhwc(y3, out)
    return ("func.func @real_producer(%%x: %s {accel.name = \"x\"}) -> (%s {accel.name = "
            "\"y\"}) {\n%s\n    return %s : %s\n}\n" % (
                ty([1, SIZE, SIZE, C_IN]), ty(out), "\n".join(e.lines), result, ty(out)))


def main(argv):
    work, targets = argv[1], argv[2:] or ["nvdla-small"]
    os.makedirs(work, exist_ok=True)
    p = make_params()
    text = write_tosa(p)
    src = os.path.join(work, "real_producer.mlir")
    with open(src, "w") as f:
        f.write(text)
    ops = [op.name for op in mlir_text.parse_ops(text)]
    for name in ("tosa.transpose", "tosa.mul", "tosa.sub", "tosa.pad", "tosa.identity",
                 "tosa.depthwise_conv2d", "tosa.reshape"):
        print("input %s: %d" % (name, ops.count(name)))

    x = np.random.RandomState(11).uniform(-1, 1, (1, C_IN, SIZE, SIZE))
    reference = torch_forward(p, x).transpose(0, 2, 3, 1)
    x_path = os.path.join(work, "x.npy")
    np.save(x_path, np.ascontiguousarray(x.transpose(0, 2, 3, 1), dtype=np.float32))

    tc, failed = Toolchain(), 0
    for target in targets:
        for strategy in ("split", "stacked", "zero-insert", "auto"):
            stem = os.path.join(work, "%s-%s" % (target, strategy))
            tc.compile(src, stem + ".mlir", target=target, strategy=strategy)
            tc.translate(stem + ".mlir", stem + ".accel")
            tc.simulate(stem + ".accel", {"x": x_path}, {"y": stem + ".y.npy"})
            error = peak_rel_error(np.load(stem + ".y.npy"), reference)
            ok = error <= TOLERANCE
            failed += not ok
            print("%s %s error %.2e %s" % (target, strategy, error, "PASS" if ok else "FAIL"))
    print("all passed" if not failed else "%d failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
