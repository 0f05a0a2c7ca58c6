#!/usr/bin/env python3
"""Export one benchmark network to ONNX the way a PyTorch user does: torch.onnx.export of the
network's nn.Module (accel_tools.netlib.TorchNet: real BatchNorm in eval mode, seeded
parameters, the same spec and weights as gen_tosa.py) with PyTorch's NCHW interface, input
named "input" and output "output". `accel-translate --import-onnx` reads the result.

  /usr/bin/python3 export_onnx.py NAME -o net.onnx [--params P.npz] [--opset N]
                                  [--preset ci|paper] [--set KNOB=V]
"""

import argparse
import sys

from accel_tools import netlib


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    netlib.add_spec_args(ap)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--params", help="parameters written by gen_tosa.py --weights-out "
                                     "(default: regenerated from the spec's seed)")
    ap.add_argument("--opset", type=int, default=13)
    a = ap.parse_args(argv)
    spec = netlib.spec_from_args(a)
    params = netlib.load_params(a.params) if a.params else netlib.build_params(spec)
    netlib.export_onnx(spec, params, a.output, a.opset)
    print("%s: %s exported (opset %d)" % (a.output, spec["name"], a.opset))
    return 0


if __name__ == "__main__":
    sys.exit(main())
