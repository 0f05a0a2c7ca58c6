#!/usr/bin/env python3
"""Random MaxPool / AvgPool configurations (1-D and 2-D; kernels 1-5, strides 1-4, pads up to
half the kernel, ceil_mode, count_include_pad both ways) exported from PyTorch, imported, and
run on the CPU by upstream MLIR's TOSA lowering (accel_tools.oracle) against the module itself.
Skipped: count_include_pad with pads and ceil_mode, which PyTorch 1.13 exports as a Pad node
and an AveragePool whose ceil_mode windows differ from its own avg_pool at the edge (the
single-node form is test/Import/numerics-host-ops.test's avg_pool_count_include_pad).

Usage: pool_sweep.py WORK_DIR SEED COUNT
Prints one FAIL line per mismatch, then `pool sweep: N configs, F failed`.
"""

import os
import random
import sys

import numpy as np
import torch
import torch.nn as nn

from accel_tools import netlib, oracle
from accel_tools.tools import Toolchain, ToolError


def config(rng):
    kind = rng.choice(["max", "avg", "avg_count_pad"])
    ceil = rng.random() < 0.5
    if rng.random() < 0.3:
        k, s = rng.randint(1, 5), rng.randint(1, 4)
        p = rng.randint(0, k // 2)
        shape, args = (1, 2, rng.randint(k, 20)), (k, s, p)
        cls = nn.MaxPool1d if kind == "max" else nn.AvgPool1d
    else:
        k, s = (rng.randint(1, 5), rng.randint(1, 5)), (rng.randint(1, 4), rng.randint(1, 4))
        p = (rng.randint(0, k[0] // 2), rng.randint(0, k[1] // 2))
        shape = (1, 2, rng.randint(k[0], 14), rng.randint(k[1], 14))
        args = (k, s, p)
        cls = nn.MaxPool2d if kind == "max" else nn.AvgPool2d
    if kind == "avg_count_pad" and ceil and max(np.atleast_1d(p)) > 0:
        return None
    kw = {"ceil_mode": ceil}
    if kind != "max":
        kw["count_include_pad"] = kind == "avg_count_pad"
    return cls(*args, **kw), shape, "%s k=%s s=%s p=%s ceil=%d on %s" % (
        kind, args[0], args[1], args[2], ceil, "x".join(map(str, shape)))


def main(argv):
    work, rng, count = argv[1], random.Random(int(argv[2])), int(argv[3])
    os.makedirs(work, exist_ok=True)
    tools, ran, failed = Toolchain(), 0, 0
    onnx_path, mlir_path = os.path.join(work, "p.onnx"), os.path.join(work, "p.mlir")
    while ran < count:
        c = config(rng)
        if c is None:
            continue
        module, shape, name = c
        ran += 1
        x = np.random.RandomState(ran).standard_normal(shape).astype(np.float32)
        with torch.no_grad():
            ref = module(torch.from_numpy(x)).numpy()
        netlib.export_module_onnx(module, shape, onnx_path)
        try:
            # Without locations: the oracle reads the signature as plain text.
            tools.run("accel-translate --import-onnx",
                      [tools.accel_translate, "--import-onnx", onnx_path, "-o", mlir_path])
            with open(mlir_path) as f:
                (y,) = oracle.run_tosa_network(f.read(), [x], func="forward")
        except ToolError as e:
            failed += 1
            print("FAIL %s: %s" % (name, e.brief()))
            continue
        if y.shape != ref.shape or float(np.max(np.abs(y - ref))) > 1e-5:
            failed += 1
            print("FAIL %s: shape %s vs %s" % (name, y.shape, ref.shape))
    print("pool sweep: %d configs, %d failed" % (ran, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
