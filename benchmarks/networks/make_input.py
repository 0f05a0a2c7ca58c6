#!/usr/bin/env python3
"""Write a seeded random input .npy for one benchmark network, in the layout of its TOSA
function argument: NHWC [1, H, W, C] float32 for image networks, [1, C] for latent-vector
generators (conditional ones end in a one-hot class label).

  /usr/bin/python3 make_input.py NAME -o in.npy [--seed N] [--nchw] [--preset ci|paper]
                                  [--set K=V]

--nchw writes an image input as NCHW [1, C, H, W] instead (the same values transposed): the
interface of the network exported to ONNX (export_onnx.py).

Without --seed, the network's canonical test input (seed = network seed + 100) is written.
"""

import argparse
import sys

import numpy as np

from accel_tools import netlib


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    netlib.add_spec_args(ap)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--nchw", action="store_true",
                    help="image inputs as NCHW (the exported ONNX model's interface)")
    a = ap.parse_args(argv)
    spec = netlib.spec_from_args(a)
    seed = netlib.input_seed(spec) if a.seed is None else a.seed
    x = netlib.random_input(spec, seed)
    if a.nchw and x.ndim == 4:
        x = x.transpose(0, 3, 1, 2).copy()
    np.save(a.output, x)
    print("%s: %s %s (seed %d)" % (a.output, x.dtype, x.shape, seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
