#!/usr/bin/env python3
"""PyTorch's PixelShuffle (ONNX DepthToSpace, mode CRD) after a conv, end to end.

The importer writes DepthToSpace as reshape -> rank-6 transpose -> reshape; accel-prepare-tosa
reorders the producing conv's output channels so that the CRD order becomes DCR, and
convert-tosa-to-accel runs the DCR form as a channel-grouped accel.depth_to_space (the conv's
stores write the interleaved positions). Each module is compiled with `auto` for a target,
simulated with accel-sim and compared with the module in float64
(max|sim - ref| / max(1, max|ref|) <= 1e-4):
  * espcn: ESPCN's sub-pixel head (Shi et al., CVPR 2016): Conv2d 3x3 3 -> 16, ReLU, Conv2d 3x3
    16 -> 3*2*2, PixelShuffle(2);
  * shuffle3: Conv2d 3x3 4 -> 2*3*3, PixelShuffle(3);
  * srgan: SRGAN's upsampling block (Ledig et al., CVPR 2017): Conv2d 3x3 8 -> 8*2*2,
    PixelShuffle(2), PReLU(8).

Usage: pixel_shuffle.py WORK_DIR TARGET
Prints one `CASE TARGET PASS|FAIL err=...` line per case, then `all passed`.
"""

import sys

import torch
import torch.nn as nn

from accel_tools.tools import check_torch_modules


def cases():
    torch.manual_seed(13)
    srgan = nn.Sequential(nn.Conv2d(8, 32, 3, padding=1), nn.PixelShuffle(2), nn.PReLU(8))
    with torch.no_grad():
        srgan[2].weight.uniform_(0.05, 0.45)
    return {
        "espcn": (nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(),
                                nn.Conv2d(16, 12, 3, padding=1), nn.PixelShuffle(2)),
                  (1, 3, 9, 11)),
        "shuffle3": (nn.Sequential(nn.Conv2d(4, 18, 3, padding=1), nn.PixelShuffle(3)),
                     (1, 4, 5, 6)),
        "srgan": (srgan, (1, 8, 6, 7)),
    }


def main(argv):
    return 1 if check_torch_modules(cases(), argv[1], argv[2]) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
