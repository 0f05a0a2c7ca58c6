#!/usr/bin/env python3
"""FSRCNN x2 / x3 / x4 as a PyTorch user brings it (accel_tools.netlib.fsrcnn: Dong et al.,
ECCV 2016, FSRCNN(56, 12, 4) — Conv2d 5x5 1 -> 56, 1x1 56 -> 12, four 3x3 12 -> 12, 1x1
12 -> 56, PReLU after each, ConvTranspose2d(56, 1, 9, stride = scale, padding 4,
output_padding scale - 1)), exported by torch.onnx.export, imported with
`accel-translate --import-onnx`, compiled with `accel-opt --accel-compile` per strategy on a
target, simulated by accel-sim and compared with the same PyTorch module in float64
(max|sim - ref| / max(1, max|ref|) <= 1e-4).

Usage: fsrcnn.py WORKDIR TARGET STRATEGY,... [SIZE]
Prints one line per (scale, strategy): PASS/FAIL, the error and the simulated cycles; then per
scale the simulated cycles of the 1-channel layers (the first conv and the deconvolution) under
every strategy.
"""

import os
import sys

import numpy as np
import torch

from accel_tools import netlib, reports
from accel_tools.metrics import rel_error
from accel_tools.tools import Toolchain, ToolError

TOLERANCE = 1e-4
SCALES = (2, 3, 4)


def main(argv):
    work, target = argv[1], argv[2]
    strategies = argv[3].split(",")
    size = int(argv[4]) if len(argv) > 4 else 12
    os.makedirs(work, exist_ok=True)
    tc, failures = Toolchain(), 0
    tiny = {}   # (scale, ONNX node) -> {strategy: cycles}
    for scale in SCALES:
        name = "fsrcnn_x%d" % scale
        model = netlib.fsrcnn(scale)
        shape = (1, 1, size, size)
        onnx_path = os.path.join(work, name + ".onnx")
        netlib.export_module_onnx(model, shape, onnx_path)
        x = np.random.RandomState(5).uniform(0, 1, shape).astype(np.float32)
        xin = os.path.join(work, name + ".x.npy")
        np.save(xin, x)
        with torch.no_grad():
            ref = model.double()(torch.from_numpy(x.astype(np.float64))).numpy()
        imported = tc.import_onnx(onnx_path, os.path.join(work, name + ".mlir"))
        for strategy in strategies:
            ir = os.path.join(work, "%s.%s.mlir" % (name, strategy))
            out = os.path.join(work, "%s.%s.y.npy" % (name, strategy))
            try:
                tc.compile(imported, ir, target, strategy)
                prog = tc.translate(ir, ir + ".accel")
                report = tc.simulate(prog, {"input": xin}, {"output": out})
            except ToolError as e:
                failures += 1
                print("x%d %-12s FAIL  %s" % (scale, strategy, e.brief()))
                continue
            layers = reports.group_layers(reports.load_sim_report(report))
            for key, stat in layers.items():
                if key.endswith("/ConvTranspose") or key.endswith("body.0/Conv"):
                    tiny.setdefault((scale, key), {})[strategy] = stat.cycles
            got = np.load(out)
            err = rel_error(got, ref) if got.shape == ref.shape else float("inf")
            ok = err <= TOLERANCE
            failures += not ok
            print("x%d %-12s %s  err=%.2e cycles=%d out=%s" % (
                scale, strategy, "PASS" if ok else "FAIL", err, report["cycles"],
                "x".join(map(str, got.shape))))
    for (scale, layer), cycles in sorted(tiny.items()):
        print("x%d %-24s %s" % (scale, layer, "  ".join(
            "%s=%d" % (s, c) for s, c in cycles.items())))
    print("all passed" if not failures else "%d failed" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
