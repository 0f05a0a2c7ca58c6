#!/usr/bin/env python3
"""A 3-D U-Net decoder stage as a PyTorch user brings it (accel_tools.netlib.unet3d_decoder:
ConvTranspose3d kernel = stride, concat with the skip, two 3x3x3 Conv3d + ReLU, nnU-Net
style), isotropic (2, 2, 2) and anisotropic (2, 2, 1) upsampling, channels and sizes scaled for
CI: exported by torch.onnx.export, imported with `accel-translate --import-onnx` (the
ConvTranspose3d as its phase decomposition of tosa.conv3d, each phase one tap), compiled with
`accel-opt --accel-compile` per strategy, simulated by accel-sim and compared with the same
PyTorch module in float64 (max|sim − ref| / max(1, max|ref|) <= 1e-4). The upstream-MLIR run
of the imported TOSA is checked against PyTorch too.

Usage: unet3d.py WORKDIR [STRATEGY,...]
Prints one line per (variant, strategy): PASS/FAIL, the error, the simulated cycles and the
cycles of the ConvTranspose3d's layers (its phases and interleave).
"""

import os
import sys

import numpy as np
import torch

from accel_tools import netlib, reports
from accel_tools.metrics import rel_error
from accel_tools.oracle import run_tosa_network
from accel_tools.tools import Toolchain, ToolError

TOLERANCE = 1e-4

# name -> (upsample, x shape NCDHW); the skip is x's D, H, W times upsample with skip_ch channels.
IN_CH, SKIP_CH = 16, 8
VARIANTS = {
    "iso": ((2, 2, 2), (1, IN_CH, 4, 4, 4)),
    "aniso": ((2, 2, 1), (1, IN_CH, 4, 4, 6)),
}


def main(argv):
    work = argv[1]
    strategies = (argv[2] if len(argv) > 2 else "split,auto").split(",")
    os.makedirs(work, exist_ok=True)
    tc, failures = Toolchain(), 0
    for name, (up, xshape) in VARIANTS.items():
        model = netlib.unet3d_decoder(IN_CH, SKIP_CH, up)
        sshape = (1, SKIP_CH) + tuple(d * u for d, u in zip(xshape[2:], up))
        onnx_path = os.path.join(work, name + ".onnx")
        netlib.export_module_onnx(model, {"x": xshape, "skip": sshape}, onnx_path)
        rng = np.random.RandomState(11)
        x = rng.uniform(-1, 1, xshape).astype(np.float32)
        skip = rng.uniform(-1, 1, sshape).astype(np.float32)
        paths = {"x": os.path.join(work, name + ".x.npy"),
                 "skip": os.path.join(work, name + ".skip.npy")}
        np.save(paths["x"], x)
        np.save(paths["skip"], skip)
        with torch.no_grad():
            ref = model.double()(torch.from_numpy(x.astype(np.float64)),
                                 torch.from_numpy(skip.astype(np.float64))).numpy()
        imported = tc.import_onnx(onnx_path, os.path.join(work, name + ".mlir"))
        plain = os.path.join(work, name + ".plain.mlir")   # no locations: mlir-runner's input
        tc.run("accel-translate --import-onnx",
               [tc.accel_translate, "--import-onnx", onnx_path, "-o", plain])
        with open(plain) as f:
            got = run_tosa_network(f.read(), [x, skip], workdir=work)[0]
        err = rel_error(got, ref) if got.shape == ref.shape else float("inf")
        failures += err > TOLERANCE
        print("%-6s %-12s %s  err=%.2e" % (name, "tosa-cpu", "PASS" if err <= TOLERANCE
                                            else "FAIL", err))
        for strategy in strategies:
            ir = os.path.join(work, "%s.%s.mlir" % (name, strategy))
            out = os.path.join(work, "%s.%s.y.npy" % (name, strategy))
            try:
                tc.compile(imported, ir, "nvdla-small", strategy)
                prog = tc.translate(ir, ir + ".accel")
                report = tc.simulate(prog, paths, {"output": out})
            except ToolError as e:
                failures += 1
                print("%-6s %-12s FAIL  %s" % (name, strategy, e.brief()))
                continue
            up_cycles = sum(stat.cycles for key, stat in reports.group_layers(
                reports.load_sim_report(report)).items() if key.endswith("/ConvTranspose"))
            got = np.load(out)
            err = rel_error(got, ref) if got.shape == ref.shape else float("inf")
            ok = err <= TOLERANCE
            failures += not ok
            print("%-6s %-12s %s  err=%.2e cycles=%d upsample-cycles=%d out=%s" % (
                name, strategy, "PASS" if ok else "FAIL", err, report["cycles"], up_cycles,
                "x".join(map(str, got.shape))))
    print("all passed" if not failures else "%d failed" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
