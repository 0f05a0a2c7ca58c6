#!/usr/bin/env python3
"""An int8 network with a MaxPool, end to end.

A U-Net-style stage (Conv 3x3 3 -> 16, ReLU, MaxPool2d(2), Conv 3x3 16 -> 32, ReLU,
MaxPool2d(3, stride 2, padding 1, ceil_mode), ConvTranspose2d k4 s2 32 -> 16, Conv 3x3 16 -> 3)
is exported from PyTorch through ONNX, quantized by accel-quantize on 4 seeded calibration
inputs (the max pools stay int8 with their input's scale and zero point), then run both by
upstream MLIR's TOSA lowering (mlir-runner, the bit-exact int8 reference) and by
accel-opt --accel-compile -> accel-translate -> accel-sim (the pools on the host): every output
byte must be equal on a held-out input. The dequantized output against PyTorch's f32 module:
SQNR at least 25 dB.

Usage: int8_pool.py WORK_DIR TARGET
Prints `unet_pool_i8 TARGET PASS bit-exact (N values), SQNR x dB` or a FAIL line.
"""

import os
import sys

import numpy as np
import torch
import torch.nn as nn

from accel_tools import netlib, ptq
from accel_tools.tools import Toolchain, ToolError

SHAPE = (1, 3, 16, 16)


def module():
    torch.manual_seed(23)
    return nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(),
        nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True),
        nn.ConvTranspose2d(32, 16, 4, stride=2, padding=1),
        nn.Conv2d(16, 3, 3, padding=1)).eval()


def main(argv):
    work, target = argv[1], argv[2]
    os.makedirs(work, exist_ok=True)
    w = lambda f: os.path.join(work, f)
    tools, model = Toolchain(), module()
    netlib.export_module_onnx(model, SHAPE, w("net.onnx"))
    xs = [np.random.RandomState(seed).uniform(-1, 1, SHAPE).astype(np.float32)
          for seed in range(5)]
    calib = []
    for k, x in enumerate(xs[:4]):
        calib.append(w("calib%d.npy" % k))
        np.save(calib[-1], x)
    try:
        tools.import_onnx(w("net.onnx"), w("net.mlir"))
        report = ptq.quantize_network(tools, w("net.mlir"), calib, w("net.i8.mlir"),
                                      w("quant.json"))
        (inp,), (out,) = report["inputs"], report["outputs"]
        q = ptq.quantize(xs[4], inp["scale"], inp["zero_point"])
        np.save(w("q.npy"), q)
        ref = ptq.reference_output(tools, w("net.i8.mlir"), q)
        tools.compile(w("net.i8.mlir"), w("net.acc.mlir"), target, "auto")
        tools.translate(w("net.acc.mlir"), w("net.accel"))
        tools.simulate(w("net.accel"), {inp["name"]: w("q.npy")}, {out["name"]: w("y.npy")})
    except ToolError as e:
        print("unet_pool_i8 %s FAIL %s" % (target, e.brief()))
        return 1
    got = np.load(w("y.npy"))
    with torch.no_grad():
        f32 = model.double()(torch.from_numpy(xs[4].astype(np.float64))).numpy()
    sqnr = ptq.sqnr_db([f32], [ptq.dequantize(got, out["scale"], out["zero_point"])])
    if got.dtype != np.int8 or got.shape != ref.shape or not np.array_equal(got, ref):
        print("unet_pool_i8 %s FAIL accel-sim differs from mlir-runner in %d of %d values"
              % (target, int(np.sum(got != ref)) if got.shape == ref.shape else ref.size,
                 ref.size))
        return 1
    if sqnr < 25:
        print("unet_pool_i8 %s FAIL SQNR %.2f dB < 25 dB" % (target, sqnr))
        return 1
    print("unet_pool_i8 %s PASS bit-exact (%d values), SQNR %.2f dB" % (target, ref.size, sqnr))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
