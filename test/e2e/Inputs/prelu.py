#!/usr/bin/env python3
"""PyTorch's nn.PReLU, end to end.

torch.onnx.export writes PRelu; `accel-translate --import-onnx` writes TOSA's exact select form,
select(x >= 0, x, x * slope), which the accelerator has no op for; accel-prepare-tosa (run by
--accel-compile) rewrites it into the leaky-ReLU maximum (one slope in [0, 1]) or relu(x) +
slope * min(x, 0) (anything else). Each module is compiled with `auto` for a target,
simulated with accel-sim and compared with the module in float64
(max|sim - ref| / max(1, max|ref|) <= 1e-4):
  * one_slope: Conv2d 3x3 + nn.PReLU() (one slope, 0.25: fused into the conv as leaky ReLU);
  * per_channel: Conv2d 3x3 + nn.PReLU(8) with slopes in [0.05, 0.45] (FSRCNN's layers);
  * wide_slopes: Conv2d 1x1 + nn.PReLU(4) with slopes -1.5, 0, 1, 2.5 (outside [0, 1]);
  * big_slope: Conv2d 3x3 + nn.PReLU() with one slope 3.0 (outside [0, 1]);
  * into_conv: Conv2d 3x3 + nn.PReLU(4) with slopes -1.5, 0, 1, 2.5 + Conv2d 3x3 padding 1
    (the PReLU's sum folded into the second conv's weights, which read the padding);
  * into_deconv: Conv2d 3x3 + nn.PReLU(6) + ConvTranspose2d(6, 2, 4, stride 2, padding 1)
    (folded into the transposed conv, which the split pass then splits);
  * after_deconv: ConvTranspose2d(3, 4, 4, stride 2, padding 1) + nn.PReLU(4) (the
    transposed conv computes both branches).

Usage: prelu.py WORK_DIR TARGET
Prints one `CASE TARGET PASS|FAIL err=...` line per case, then `all passed`.
"""

import sys

import torch
import torch.nn as nn

from accel_tools.tools import check_torch_modules


def prelu(channels, values=None):
    module = nn.PReLU(channels)
    if values is not None:
        with torch.no_grad():
            module.weight.copy_(torch.tensor(values, dtype=torch.float32))
    return module


def cases():
    torch.manual_seed(11)
    per_channel = prelu(8)
    with torch.no_grad():
        per_channel.weight.uniform_(0.05, 0.45)
    return {
        "one_slope": (nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), prelu(1)), (1, 3, 9, 10)),
        "per_channel": (nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), per_channel,
                                      nn.Conv2d(8, 4, 1)), (1, 3, 9, 10)),
        "wide_slopes": (nn.Sequential(nn.Conv2d(3, 4, 1), prelu(4, [-1.5, 0.0, 1.0, 2.5])),
                        (1, 3, 6, 7)),
        "big_slope": (nn.Sequential(nn.Conv2d(3, 5, 3, padding=1), prelu(1, [3.0])),
                      (1, 3, 6, 5)),
        "into_conv": (nn.Sequential(nn.Conv2d(3, 4, 3, padding=1),
                                    prelu(4, [-1.5, 0.0, 1.0, 2.5]),
                                    nn.Conv2d(4, 3, 3, padding=1)), (1, 3, 7, 6)),
        "into_deconv": (nn.Sequential(nn.Conv2d(3, 6, 3, padding=1), prelu(6),
                                      nn.ConvTranspose2d(6, 2, 4, stride=2, padding=1)),
                        (1, 3, 5, 6)),
        "after_deconv": (nn.Sequential(nn.ConvTranspose2d(3, 4, 4, stride=2, padding=1),
                                       prelu(4, [0.1, -0.7, 0.3, 1.7])), (1, 3, 5, 4)),
    }


def main(argv):
    return 1 if check_torch_modules(cases(), argv[1], argv[2]) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
