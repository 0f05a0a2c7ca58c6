#!/usr/bin/env python3
"""Post-training int8 quantization of the 1-D vocoders (HiFi-GAN V1's generator and the
EnCodec/SEANet-style decoder, accel_tools.netlib, channels scaled for CI), as a PyTorch user
brings them: torch.onnx.export, `accel-translate --import-onnx`, `accel-opt --accel-prepare-tosa
--accel-quantize` on 4 seeded calibration inputs (leaky ReLU as tables, residual adds, HiFi-GAN's
mean of three blocks as an i8 -> i8 rescale). Checks, against oracles that are not accel's code:
  * the int8 TOSA run by upstream MLIR's lowering (mlir-runner) and compiled by accel-opt
    --accel-compile under each strategy -> accel-translate -> accel-sim: every output byte equal;
  * its dequantized output against the PyTorch module (float64): SQNR on a held-out input at
    least the threshold, and the tool's own SQNR figure within 1 dB of PyTorch's on the
    calibration inputs.

Usage: quantize_vocoders.py WORK_DIR TARGET STRATEGY,...
Prints one line per (network, strategy) and `all passed`.
"""

import json
import os
import sys

import numpy as np
import torch

from accel_tools import netlib, oracle
from accel_tools.ptq import dequantize, oracle_module, quantize, sqnr_db
from accel_tools.tools import Toolchain, ToolError

# name -> (module, NCL input shape, minimum held-out SQNR in dB: measured minus ~3 dB)
NETWORKS = {
    "hifigan": (lambda: netlib.hifigan_generator(width=32, mels=16), (1, 16, 8), 33.0),
    "seanet": (lambda: netlib.seanet_decoder(filters=4, dimension=16), (1, 16, 6), 50.0),
}
SAMPLES = 4


def check(tc, work, name, target, strategies):
    make, shape, min_sqnr = NETWORKS[name]
    model = make()
    w = lambda f: os.path.join(work, name + "." + f)  # noqa: E731
    netlib.export_module_onnx(model, shape, w("onnx"))
    tc.import_onnx(w("onnx"), w("mlir"))
    xs = [np.random.RandomState(20 + k).uniform(-1, 1, shape).astype(np.float32)
          for k in range(SAMPLES + 1)]
    calib = []
    for k, x in enumerate(xs[:SAMPLES]):
        calib.append(w("calib%d.npy" % k))
        np.save(calib[-1], x)
    tc.run("accel-opt --accel-quantize",
           [tc.accel_opt, w("mlir"), "--accel-prepare-tosa",
            "--accel-quantize=calibration=%s report=%s" % (",".join(calib), w("quant.json")),
            "-o", w("i8.mlir")])
    with open(w("quant.json")) as f:
        report = json.load(f)["functions"][0]
    (inp,), (out,) = report["inputs"], report["outputs"]
    with open(w("i8.mlir")) as f:
        module = oracle_module(f.read())

    def reference(x):
        with torch.no_grad():
            return model.double()(torch.from_numpy(x.astype(np.float64))).numpy()

    qs = [quantize(x, inp["scale"], inp["zero_point"]) for x in xs]
    ys = [oracle.run_tosa_network(module, [q], "forward")[0] for q in qs]
    deq = [dequantize(y, out["scale"], out["zero_point"]) for y in ys]
    refs = [reference(x) for x in xs]
    calib_sqnr = sqnr_db(refs[:SAMPLES], deq[:SAMPLES])
    held_out = sqnr_db(refs[SAMPLES:], deq[SAMPLES:])
    failures = 0
    if abs(out["sqnr_db"] - calib_sqnr) > 1.0 or held_out < min_sqnr:
        failures += 1
        print("%-8s FAIL SQNR tool %.2f dB, PyTorch %.2f dB, held-out %.2f dB (min %g)"
              % (name, out["sqnr_db"], calib_sqnr, held_out, min_sqnr))
    np.save(w("q.npy"), qs[SAMPLES])
    for strategy in strategies:
        try:
            tc.compile(w("i8.mlir"), w(strategy + ".acc.mlir"), target, strategy)
            tc.translate(w(strategy + ".acc.mlir"), w(strategy + ".accel"))
            tc.simulate(w(strategy + ".accel"), {inp["name"]: w("q.npy")},
                        {out["name"]: w(strategy + ".y.npy")})
        except ToolError as e:
            failures += 1
            print("%-8s %-12s FAIL %s" % (name, strategy, e.brief()))
            continue
        got, want = np.load(w(strategy + ".y.npy")), ys[SAMPLES]
        same = got.dtype == np.int8 and got.shape == want.shape and np.array_equal(got, want)
        failures += not same
        print("%-8s %-12s %s: accel-sim vs mlir-runner %s (%d values), held-out SQNR %.1f dB"
              % (name, strategy, "PASS" if same else "FAIL",
                 "bit-exact" if same else "%d differ" % int(np.sum(got != want)), want.size,
                 held_out))
    return failures


def main(argv):
    work, target, strategies = argv[1], argv[2], argv[3].split(",")
    os.makedirs(work, exist_ok=True)
    tc = Toolchain()
    failures = sum(check(tc, work, name, target, strategies) for name in NETWORKS)
    if not failures:
        print("all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
