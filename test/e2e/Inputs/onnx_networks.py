"""Benchmark networks the way a PyTorch user brings them: the network's nn.Module
(accel_tools.netlib.TorchNet, seeded weights, real BatchNorm) exported by torch.onnx.export,
imported with `accel-translate --import-onnx`, compiled with `accel-opt --accel-compile` per
strategy, simulated by `accel-sim` on an NCHW .npy, compared with the same PyTorch module
in float64 (rel. error max|sim - ref| / max(1, max|ref|) <= 1e-4).

  onnx_networks.py WORKDIR NAME[:KNOB=V...][,NAME...] [STRATEGY,...]

(knobs as in accel_tools.specs, e.g. dcgan:padding=torch)

Prints one line per (network, strategy): PASS/FAIL, the error and the simulated cycles;
exit status 1 if any failed.
"""

import os
import sys

import numpy as np

from accel_tools import netlib, specs
from accel_tools.metrics import rel_error
from accel_tools.tools import Toolchain, ToolError

TOLERANCE = 1e-4


def main(workdir, names, strategies="split,zero-insert,auto"):
    os.makedirs(workdir, exist_ok=True)
    tc = Toolchain()
    failures = runs = 0
    for entry in names.split(","):
        name, *knobs = entry.split(":")
        spec = netlib.normalize(specs.get(name, "ci", dict(k.split("=", 1) for k in knobs)))
        params = netlib.build_params(spec)
        model = os.path.join(workdir, name + ".onnx")
        netlib.export_onnx(spec, params, model)
        x = netlib.random_input(spec, netlib.input_seed(spec))
        if x.ndim == 4:
            x = x.transpose(0, 3, 1, 2).copy()           # the model's NCHW interface
        xin = os.path.join(workdir, name + ".x.npy")
        np.save(xin, x)
        ref = netlib.torch_forward(spec, params, x, "float64", nchw=True)
        imported = os.path.join(workdir, name + ".mlir")
        tc.import_onnx(model, imported)
        for strategy in strategies.split(","):
            runs += 1
            ir = os.path.join(workdir, "%s.%s.acc.mlir" % (name, strategy))
            prog = os.path.join(workdir, "%s.%s.accel" % (name, strategy))
            out = os.path.join(workdir, "%s.%s.y.npy" % (name, strategy))
            try:
                tc.compile(imported, ir, "nvdla-small", strategy)
                tc.translate(ir, prog)
                report = tc.simulate(prog, {"input": xin}, {"output": out})
            except ToolError as e:
                failures += 1
                print("%-8s %-12s FAIL  %s" % (name, strategy, e.brief()))
                continue
            got = np.load(out)
            err = rel_error(got, ref) if got.shape == ref.shape else float("inf")
            ok = err <= TOLERANCE
            failures += not ok
            print("%-8s %-12s %s  error %.1e  %d cycles  output %s"
                  % (name, strategy, "PASS" if ok else "FAIL", err, report["cycles"],
                     "x".join(map(str, got.shape))))
    print("%d runs, %d failed" % (runs, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
