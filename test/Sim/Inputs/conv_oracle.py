"""Independent references for accel-sim test programs built by accel-conv-gen.

usage: conv_oracle.py make-input SHAPE DTYPE SEED OUT.npy
       conv_oracle.py check-f32 ARGS... (see below)   PyTorch conv2d reference
       conv_oracle.py check-i8  ARGS...               exact integer reference

References and metrics come from accel_tools (reference.conv2d_torch, reference.conv2d,
reference.requantize; activations with accel-conv-gen's parameters).
       conv_oracle.py check-estimate ESTIMATE.txt REPORT.json
"""
import json
import sys

import numpy as np

from accel_tools import reference
from accel_tools.metrics import elementwise_rel_error


def parse_pairs(text, sep):
    return [int(v) for v in text.split(sep)]


def make_input(shape, dtype, seed, out):
    rng = np.random.RandomState(int(seed))
    dims = parse_pairs(shape, "x")
    if dtype == "f32":
        data = rng.uniform(-1, 1, dims).astype(np.float32)
    else:
        data = rng.randint(-128, 128, dims).astype(np.int8)
    np.save(out, data)


def check_f32(x, w, b, y, stride, pad, dilation, groups, act):
    x = np.load(x).astype(np.float64)
    w = np.load(w).astype(np.float64)
    b = np.load(b).astype(np.float64)
    got = np.load(y)
    assert got.dtype == np.float32, got.dtype
    ref = reference.activation(
        reference.conv2d_torch(x, w, None, parse_pairs(stride, "x"), parse_pairs(pad, ","),
                               parse_pairs(dilation, "x"), int(groups)) + b, act)
    assert got.shape == ref.shape, (got.shape, ref.shape)
    err = elementwise_rel_error(got, ref)
    print("max relative error %.3g" % err)
    assert err <= 1e-5, err


def check_i8(x, w, b, y, stride, pad, in_zp, w_zp, out_zp, mult, shift, act):
    """Exact: integer convolution of (x - zp)(w - zp), then the ISA's requantization."""
    got = np.load(y)
    assert got.dtype == np.int8, got.dtype
    acc = reference.conv2d(np.load(x), np.load(w), np.load(b).astype(np.int64),
                           parse_pairs(stride, "x"), parse_pairs(pad, ","),
                           input_zp=int(in_zp), weight_zp=int(w_zp))
    q = reference.requantize(acc, int(mult), int(shift), int(out_zp), relu=act == "relu")
    if act == "clamp":
        q = np.clip(q, -100, 100)
    mismatches = int(np.sum(q != got.astype(np.int64)))
    print("mismatches %d of %d" % (mismatches, q.size))
    assert mismatches == 0


def check_estimate(estimate_file, report_file):
    with open(estimate_file) as f:
        est = dict(line.split(": ") for line in f.read().splitlines()
                   if line.startswith("estimate"))
    with open(report_file) as f:
        report = json.load(f)
    estimated = int(est["estimate cycles"])
    simulated = report["cycles"]
    error = abs(estimated - simulated) / simulated
    print("cost model %d, simulator %d, error %.2f%%" %
          (estimated, simulated, 100 * error))
    assert error <= 0.05
    assert int(est["estimate dram_bytes"]) == report["dram_bytes"]


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"make-input": make_input, "check-f32": check_f32, "check-i8": check_i8,
     "check-estimate": check_estimate}[command](*args)
