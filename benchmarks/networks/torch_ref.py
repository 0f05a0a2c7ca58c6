#!/usr/bin/env python3
"""Run one benchmark network in PyTorch (the reference): NCHW modules, real BatchNorm in eval
mode, built from the same spec and seeded parameters as gen_tosa.py.

  /usr/bin/python3 torch_ref.py NAME --input in.npy --output out.npy
                                [--params DIR/NAME.params.npz] [--dtype float64|float32]
                                [--nchw] [--preset ci|paper] [--set KNOB=V]

The input is in the TOSA function's layout (NHWC image or [1, C] latent); the output is NHWC,
like the TOSA function's result. With --nchw, input and output are in PyTorch's NCHW layout,
the interface of the exported ONNX model (export_onnx.py). Parameters are regenerated from the seed unless --params
gives the file gen_tosa.py --weights-out wrote. The default float64 makes the reference
accurate well below the f32 tolerance; --dtype float32 runs the model as a user would.
"""

import argparse
import sys

import numpy as np

from accel_tools import netlib


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    netlib.add_spec_args(ap)
    ap.add_argument("--input", required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("--params", help="parameters written by gen_tosa.py --weights-out")
    ap.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    ap.add_argument("--nchw", action="store_true",
                    help="NCHW input and output (the exported ONNX model's interface)")
    a = ap.parse_args(argv)
    spec = netlib.spec_from_args(a)
    params = netlib.load_params(a.params) if a.params else netlib.build_params(spec)
    x = np.load(a.input)
    want = tuple(spec["input"]["shape"])
    if a.nchw and len(want) == 4:
        want = (want[0], want[3], want[1], want[2])
    if tuple(x.shape) != want:
        raise SystemExit("input has shape %s, %s expects %s" % (x.shape, spec["name"], want))
    y = netlib.torch_forward(spec, params, x, a.dtype, nchw=a.nchw)
    np.save(a.output, y)
    print("%s: %s %s" % (a.output, y.dtype, y.shape))
    return 0


if __name__ == "__main__":
    sys.exit(main())
