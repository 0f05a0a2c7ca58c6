#!/usr/bin/env python3
"""Activations and pools the accelerator does not run, end to end on the host.

ELU, Softplus, Mish, GELU (erf and tanh forms), Hardswish, Hardsigmoid, LayerNorm, MaxPool and
AveragePool (1-D and 2-D; padding, ceil_mode, count_include_pad) import as TOSA whose
elementwise clamps and scalings the accelerator runs and whose exp / log / erf / tanh and
pools run on the host (accel.host). Each model of accel_tools.onnx_models named below, plus a
U-Net-style encoder stage (conv, ReLU, MaxPool, conv, ConvTranspose, conv), is compiled with
`auto` for a target, simulated with accel-sim (host ops included) and compared with the module
in float64 (max|sim - ref| / max(1, max|ref|) <= 1e-4).

Usage: host_ops.py WORK_DIR TARGET
Prints one `CASE TARGET PASS|FAIL err=...` line per case, then `all passed`.
"""

import sys

import torch
import torch.nn as nn

from accel_tools import onnx_models
from accel_tools.tools import check_torch_modules

MODELS = ["act_elu_softplus", "act_gelu_hardswish", "layer_norm", "max_pool", "avg_pool",
          "avg_pool_count_pad", "pool1d"]


def cases():
    found = {name: onnx_models.torch_module(name) for name in MODELS}
    torch.manual_seed(5)
    found["unet_stage"] = (nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(),
        nn.ConvTranspose2d(32, 16, 2, stride=2), nn.Conv2d(16, 3, 3, padding=1)),
        (1, 3, 16, 16))
    return found


def main(argv):
    return 1 if check_torch_modules(cases(), argv[1], argv[2]) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
