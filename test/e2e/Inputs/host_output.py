#!/usr/bin/env python3
"""Networks whose output the host computes, end to end.

A GroupNorm's statistics (reduce_sum, rsqrt) run on the host (accel.host); when the norm is the
network's last layer, the output is a reshape of a host op's result, which the backend cannot
name as an output as a view: the host runs that reshape too. Each module is compiled with
`auto` for a target, simulated with accel-sim (host ops included) and compared with the module
in float64 (max|sim - ref| / max(1, max|ref|) <= 1e-4):
  * groupnorm_last: Conv2d 3x3 8 -> 8, GroupNorm(4, 8) as the output;
  * groupnorm_mid: Conv2d 3x3 8 -> 8, GroupNorm(2, 8), SiLU, Conv2d 3x3 8 -> 4 (a
    latent-diffusion VAE decoder's norm_out -> SiLU -> conv_out).

Usage: host_output.py WORK_DIR TARGET
Prints one `CASE TARGET PASS|FAIL err=...` line per case, then `all passed`.
"""

import sys

import torch
import torch.nn as nn

from accel_tools.tools import check_torch_modules


def cases():
    torch.manual_seed(17)
    return {
        "groupnorm_last": (nn.Sequential(nn.Conv2d(8, 8, 3, padding=1), nn.GroupNorm(4, 8)),
                           (1, 8, 6, 7)),
        "groupnorm_mid": (nn.Sequential(nn.Conv2d(8, 8, 3, padding=1), nn.GroupNorm(2, 8),
                                        nn.SiLU(), nn.Conv2d(8, 4, 3, padding=1)),
                          (1, 8, 6, 7)),
    }


def main(argv):
    return 1 if check_torch_modules(cases(), argv[1], argv[2]) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
