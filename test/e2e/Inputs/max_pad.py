#!/usr/bin/env python3
"""Padding beyond a target's `max_pad` and standalone zero pads, end to end.

PyTorch modules exported by torch.onnx.export, imported with `accel-translate --import-onnx`,
compiled with `accel-opt --accel-compile` for a target, simulated with accel-sim and compared
with the same module in float64 (max|sim - ref| / max(1, max|ref|) <= 1e-4):
  * dilated1d: HiFi-GAN's widest MRF conv, Conv1d kernel 11, dilation 5, padding 25 (diannao's
    max_pad is 15: accel-prepare-tosa keeps 15 on the conv and peels 10 into a zero pad copy);
  * pad40: a Conv2d 3x3 with padding 40 (two peeled pad copies of 15 and 10 per side);
  * standalone: F.pad of a conv's result as the network's output (no conv to fold it into);
  * kernel17: a Conv2d 1 -> 1 with a 17x17 kernel, beyond diannao's max_kernel of 16: under
    `auto` the fold / pack decision comes before the limit check, and the tap-packed form (a
    1x1 conv over 289 packed channels) runs on the accelerator instead of an error.

Usage: max_pad.py WORK_DIR TARGET
Prints one `CASE TARGET PASS|FAIL err=...` line per case, then `all passed`.
"""

import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from accel_tools.tools import check_torch_modules


class Standalone(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, x):
        return F.pad(torch.relu(self.a(x)), (2, 1, 0, 3))


def cases():
    torch.manual_seed(5)
    return {
        "dilated1d": (nn.Conv1d(6, 5, 11, dilation=5, padding=25), (1, 6, 40)),
        "pad40": (nn.Conv2d(3, 4, 3, padding=40), (1, 3, 4, 5)),
        "standalone": (Standalone(), (1, 3, 7, 6)),
        "kernel17": (nn.Conv2d(1, 1, 17), (1, 1, 20, 21)),
    }


def main(argv):
    return 1 if check_torch_modules(cases(), argv[1], argv[2]) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
