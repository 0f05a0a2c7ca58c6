#!/usr/bin/env python3
"""Write a seeded random input .npy for one benchmark network, in the layout of its TOSA
function argument: NHWC [1, H, W, C] float32 for image networks, [1, C] for latent-vector
generators (conditional ones end in a one-hot class label).

  /usr/bin/python3 make_input.py NAME -o in.npy [--seed N] [--preset ci|paper] [--set K=V]

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
    a = ap.parse_args(argv)
    spec = netlib.spec_from_args(a)
    seed = netlib.input_seed(spec) if a.seed is None else a.seed
    x = netlib.random_input(spec, seed)
    np.save(a.output, x)
    print("%s: %s %s (seed %d)" % (a.output, x.dtype, x.shape, seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
