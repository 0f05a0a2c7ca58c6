#!/usr/bin/env python3
"""Write a long synthetic network as TOSA MLIR, to measure how compile time scales.

  /usr/bin/python3 synthetic_net.py LAYERS -o net.mlir [--channels C] [--size S]

The network is a chain of residual blocks on a 1xSxSxC image (default 8x8x8), each
four layers: a 4x4 stride-2 transposed conv (ReLU), a 3x3 stride-2 conv (ReLU) back
to SxS, a 3x3 conv, and a residual add with the block's input. LAYERS is rounded
down to whole blocks. Every block has its own seeded weights; the shapes repeat, as
in real generators, so the tiler's decisions repeat too. It is written through
accel_tools.netlib, the writer of the benchmark networks (gen_tosa.py).

Compile-time check (linear time, bounded memory), e.g.:
  /usr/bin/time -v accel-opt net.mlir --accel-compile="target=nvdla-small strategy=auto" \\
      -o out.mlir
"""

import argparse
import sys

from accel_tools import netlib, specs


def synthetic_spec(layers: int, channels: int, size: int) -> dict:
    blocks = max(1, layers // 4)
    body = []
    prev = "input"
    for i in range(blocks):
        src = "synthetic block %d" % i
        body += [
            dict(name="up%d" % i, op="deconv", inputs=[prev], out_ch=channels, kernel=4,
                 stride=2, out_pad=specs._torch_pad(1), act=specs.RELU,
                 source=src),
            dict(name="down%d" % i, op="conv", out_ch=channels, kernel=3, stride=2,
                 pad=(1, 0, 1, 0), act=specs.RELU, source=src),
            dict(name="conv%d" % i, op="conv", out_ch=channels, kernel=3, stride=1,
                 pad=specs._same(3), act=None, source=src),
            dict(name="res%d" % i, op="add", inputs=[prev, "conv%d" % i], act=None,
                 source=src),
        ]
        prev = "res%d" % i
    return dict(name="synthetic", seed=7, preset="synthetic",
                title="Synthetic chain of %d residual up/down blocks (%d layers)"
                      % (blocks, 4 * blocks),
                source="benchmarks/compile_time/synthetic_net.py",
                input=dict(kind="image", shape=[1, size, size, channels], dist="uniform",
                           note="NHWC"),
                layers=body)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("layers", type=int, help="number of layers (rounded down to blocks of 4)")
    ap.add_argument("-o", "--output", required=True, help="MLIR file to write ('-' = stdout)")
    ap.add_argument("--channels", type=int, default=8)
    ap.add_argument("--size", type=int, default=8, help="image height and width (even)")
    a = ap.parse_args(argv)
    spec = netlib.normalize(synthetic_spec(a.layers, a.channels, a.size))
    text = netlib.module_text(spec, netlib.build_params(spec))
    if a.output == "-":
        sys.stdout.write(text)
    else:
        with open(a.output, "w") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
