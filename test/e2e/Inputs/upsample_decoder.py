#!/usr/bin/env python3
"""Upsample-then-conv decoder (accel_tools.netlib.upsample_decoder, a latent-diffusion VAE
decoder's upsampling path) exported by torch.onnx.export, imported with
`accel-translate --import-onnx`, compiled with `accel-opt --accel-compile` (strategy=auto)
twice: with the nearest ×2 + conv pairs fused into phase convs where the cost model prices that
as cheaper (the default) and with `fuse-upsample=false`; both simulated with accel-sim and
compared with the same PyTorch module in float64 (max|sim − ref| / max(1, max|ref|) <= 1e-4).

Usage: upsample_decoder.py WORKDIR [CHANNELS] [SIZE]
Prints per build the error, the simulated cycles, the accel.conv2d count, then the speedup.
"""

import os
import sys

import numpy as np
import torch

from accel_tools import netlib
from accel_tools.metrics import rel_error
from accel_tools.tools import Toolchain

TOLERANCE = 1e-4


def main(argv):
    work = argv[1]
    channels = int(argv[2]) if len(argv) > 2 else 32
    size = int(argv[3]) if len(argv) > 3 else 8
    os.makedirs(work, exist_ok=True)
    model = netlib.upsample_decoder(channels=channels)
    shape = (1, 4, size, size)
    onnx_path = os.path.join(work, "decoder.onnx")
    netlib.export_module_onnx(model, shape, onnx_path)
    x = np.random.RandomState(3).uniform(-1, 1, shape).astype(np.float32)
    xin = os.path.join(work, "x.npy")
    np.save(xin, x)
    with torch.no_grad():
        ref = model.double()(torch.from_numpy(x.astype(np.float64))).numpy()
    tc = Toolchain()
    imported = tc.import_onnx(onnx_path, os.path.join(work, "decoder.mlir"))
    cycles, failed = {}, 0
    for build, fuse in (("fused", "true"), ("unfused", "false")):
        ir = os.path.join(work, build + ".mlir")
        tc.opt(imported, ir, ["--accel-compile=target=nvdla-small strategy=auto "
                              "fuse-upsample=%s" % fuse])
        prog = tc.translate(ir, os.path.join(work, build + ".accel"))
        out = os.path.join(work, build + ".y.npy")
        report = tc.simulate(prog, {"input": xin}, {"output": out})
        got = np.load(out)
        err = rel_error(got, ref) if got.shape == ref.shape else float("inf")
        with open(ir) as f:
            convs = f.read().count("accel.conv2d")
        cycles[build] = int(report["cycles"])
        ok = err <= TOLERANCE
        failed += not ok
        print("%s error=%.2e cycles=%d convs=%d %s" % (build, err, cycles[build], convs,
                                                      "PASS" if ok else "FAIL"))
    speedup = cycles["unfused"] / cycles["fused"]
    ok = speedup >= 2.0
    failed += not ok
    print("speedup fused over unfused: %.2fx (target >= 2x) %s" % (speedup,
                                                                 "PASS" if ok else "FAIL"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
