#!/usr/bin/env python3
"""1-D vocoders as a PyTorch user brings them: HiFi-GAN V1's generator and an EnCodec/SEANet-
style decoder (accel_tools.netlib.hifigan_generator / seanet_decoder, channels scaled for CI)
exported by torch.onnx.export (ConvTranspose1d with strides 8, 8, 2, 2 and 8, 5, 4, 2; dilated
Conv1d, leaky ReLU, residual adds, HiFi-GAN's mean of three blocks), imported with
`accel-translate --import-onnx`, compiled with `accel-opt --accel-compile` per strategy,
simulated by accel-sim and compared with the same PyTorch module in float64
(max|sim − ref| / max(1, max|ref|) <= 1e-4).

Usage: vocoders.py WORKDIR [STRATEGY,...]
Prints one line per (network, strategy): PASS/FAIL, the error and the simulated cycles; then,
when zero-insert was among the strategies, each ConvTranspose layer's simulated cycles under
every strategy and its speedup over zero-insert.
"""

import os
import sys

import numpy as np
import torch

from accel_tools import netlib, reports
from accel_tools.metrics import rel_error
from accel_tools.tools import Toolchain, ToolError

TOLERANCE = 1e-4

# name -> (module, NCL input shape)
NETWORKS = {
    "hifigan": (lambda: netlib.hifigan_generator(width=32, mels=16), (1, 16, 8)),
    "seanet": (lambda: netlib.seanet_decoder(filters=4, dimension=16), (1, 16, 6)),
}


def main(argv):
    work = argv[1]
    strategies = (argv[2] if len(argv) > 2 else "split,auto").split(",")
    os.makedirs(work, exist_ok=True)
    tc, failures = Toolchain(), 0
    upsampling = {}   # (network, ONNX node) -> {strategy: cycles}
    for name, (make, shape) in NETWORKS.items():
        model = make()
        onnx_path = os.path.join(work, name + ".onnx")
        netlib.export_module_onnx(model, shape, onnx_path)
        x = np.random.RandomState(11).uniform(-1, 1, shape).astype(np.float32)
        xin = os.path.join(work, name + ".x.npy")
        np.save(xin, x)
        with torch.no_grad():
            ref = model.double()(torch.from_numpy(x.astype(np.float64))).numpy()
        imported = tc.import_onnx(onnx_path, os.path.join(work, name + ".mlir"))
        for strategy in strategies:
            ir = os.path.join(work, "%s.%s.mlir" % (name, strategy))
            out = os.path.join(work, "%s.%s.y.npy" % (name, strategy))
            try:
                tc.compile(imported, ir, "nvdla-small", strategy)
                prog = tc.translate(ir, ir + ".accel")
                report = tc.simulate(prog, {"input": xin}, {"output": out})
            except ToolError as e:
                failures += 1
                print("%-8s %-12s FAIL  %s" % (name, strategy, e.brief()))
                continue
            for key, stat in reports.group_layers(reports.load_sim_report(report)).items():
                if key.endswith("/ConvTranspose"):
                    upsampling.setdefault((name, key), {})[strategy] = stat.cycles
            got = np.load(out)
            err = rel_error(got, ref) if got.shape == ref.shape else float("inf")
            ok = err <= TOLERANCE
            failures += not ok
            print("%-8s %-12s %s  err=%.2e cycles=%d out=%s" % (
                name, strategy, "PASS" if ok else "FAIL", err, report["cycles"],
                "x".join(map(str, got.shape))))
    for (name, layer), cycles in upsampling.items():
        if "zero-insert" in cycles:
            print("%-8s %-22s %s" % (name, layer, "  ".join(
                "%s=%d (%.2fx)" % (s, c, cycles["zero-insert"] / c)
                for s, c in cycles.items())))
    print("all passed" if not failures else "%d failed" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
