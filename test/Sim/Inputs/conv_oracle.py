"""Independent references for accel-sim test programs built by accel-conv-gen.

usage: conv_oracle.py make-input SHAPE DTYPE SEED OUT.npy
       conv_oracle.py check-f32 ARGS... (see below)   PyTorch conv2d reference
       conv_oracle.py check-i8  ARGS...               exact integer reference
       conv_oracle.py check-estimate ESTIMATE.txt REPORT.json
"""
import json
import sys

import numpy as np


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


def conv_nhwc(x, w, stride, pad, dilation, groups):
    """x NHWC, w OHWI (float64 numpy) -> NHWC via torch in float64."""
    import torch
    import torch.nn.functional as F

    xt = torch.from_numpy(x).permute(0, 3, 1, 2)
    xt = F.pad(xt, (pad[2], pad[3], pad[0], pad[1]))
    wt = torch.from_numpy(w).permute(0, 3, 1, 2)
    y = F.conv2d(xt, wt, stride=stride, dilation=dilation, groups=groups)
    return y.permute(0, 2, 3, 1).numpy()


def activate(y, act):
    if act == "relu":
        return np.maximum(y, 0)
    if act == "clamp":
        return np.clip(y, 0.0, 6.0)
    if act == "leaky_relu":
        return np.where(y < 0, y * 0.125, y)
    if act == "tanh":
        return np.tanh(y)
    if act == "sigmoid":
        return 1 / (1 + np.exp(-y))
    return y


def check_f32(x, w, b, y, stride, pad, dilation, groups, act):
    x = np.load(x).astype(np.float64)
    w = np.load(w).astype(np.float64)
    b = np.load(b).astype(np.float64)
    got = np.load(y)
    assert got.dtype == np.float32, got.dtype
    ref = activate(conv_nhwc(x, w, parse_pairs(stride, "x"),
                             parse_pairs(pad, ","), parse_pairs(dilation, "x"),
                             int(groups)) + b, act)
    assert got.shape == ref.shape, (got.shape, ref.shape)
    err = np.max(np.abs(got - ref) / (1 + np.abs(ref)))
    print("max relative error %.3g" % err)
    assert err <= 1e-5, err


def check_i8(x, w, b, y, stride, pad, in_zp, w_zp, out_zp, mult, shift, act):
    """Exact: float64 conv of (x - zp)(w - zp) is exact for these ranges."""
    x = np.load(x).astype(np.float64) - int(in_zp)
    w = np.load(w).astype(np.float64) - int(w_zp)
    b = np.load(b).astype(np.int64)
    got = np.load(y)
    assert got.dtype == np.int8, got.dtype
    acc = np.rint(conv_nhwc(x, w, parse_pairs(stride, "x"),
                            parse_pairs(pad, ","), [1, 1], 1)).astype(np.int64)
    acc += b
    mult, shift = int(mult), int(shift)
    q = (acc * mult + (1 << (shift - 1))) >> shift  # fits int64 for tests
    q += int(out_zp)
    if act == "relu":
        q = np.maximum(q, int(out_zp))
    if act == "clamp":
        q = np.clip(q, -100, 100)
    q = np.clip(q, -128, 127)
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
