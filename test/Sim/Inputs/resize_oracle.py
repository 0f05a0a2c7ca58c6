"""PyTorch oracle for the host's bilinear tosa.resize (test/Sim/host-resize.mlir).

  resize_oracle.py inputs X.npy SHAPE        seeded NHWC input of SHAPE (e.g. 1x4x5x2)
  resize_oracle.py check X.npy Y.npy FACTOR  Y against F.interpolate(X, scale_factor=FACTOR,
                                             mode="bilinear", align_corners=False), NHWC
"""
import sys

import numpy as np


def main(argv):
    if argv[0] == "inputs":
        shape = [int(d) for d in argv[2].split("x")]
        np.save(argv[1], np.random.default_rng(5).standard_normal(shape).astype(np.float32))
        return 0
    import torch
    x = torch.from_numpy(np.load(argv[1])).permute(0, 3, 1, 2)
    ref = torch.nn.functional.interpolate(x, scale_factor=float(argv[3]), mode="bilinear",
                                          align_corners=False).permute(0, 2, 3, 1).numpy()
    y = np.load(argv[2])
    if y.shape != ref.shape:
        print("FAIL shape %s, PyTorch %s" % (y.shape, ref.shape))
        return 1
    err = float(np.abs(y - ref).max())
    print(("PASS" if err <= 1e-5 else "FAIL") + " max_abs_err=%.3g" % err)
    return 0 if err <= 1e-5 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
