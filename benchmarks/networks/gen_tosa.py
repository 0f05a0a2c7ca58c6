#!/usr/bin/env python3
"""Emit one benchmark network as TOSA MLIR (MLIR 22 syntax).

  /usr/bin/python3 gen_tosa.py NAME -o net.mlir [--preset ci|paper] [--set KNOB=V]
                               [--weights-out DIR] [--input-out in.npy]

NAME is one of dcgan, sngan, fst, artgan, gpgan, mde (accel_tools.specs). The module holds exactly one
`func.func @NAME(%input: tensor<...>) -> tensor<...>`; weights are `tosa.const` dense hex
constants generated from the network's fixed seed, so the output is reproducible.
--weights-out writes DIR/NAME.params.npz (PyTorch layouts, BN unfolded: what torch_ref.py
--params reads); --input-out writes the network's seeded test input (as make_input.py).

TOSA conventions (what `convert-tosa-to-accel` pattern-matches; nothing else is emitted):

  input        %input: image NHWC tensor<1xHxWxCxf32>, or latent tensor<1xCxf32>.
  conv         tosa.conv2d %x, %w, %b, %izp, %wzp {acc_type = f32, pad = [t, b, l, r],
               stride = [sy, sx], dilation = [dy, dx]}; %w "tosa.const" OHWI [OC, KH, KW, IC],
               %b "tosa.const" [OC], %izp / %wzp "tosa.const" dense<0.0> : tensor<1xf32>.
  deconv       tosa.transpose_conv2d %x, %w, %b, %izp, %wzp {acc_type = f32,
               out_pad = [t, b, l, r], stride = [sy, sx]}; %w [OC, KH, KW, IC] =
               torch_w.permute(1, 2, 3, 0) (no flip); PyTorch padding p / output_padding op ≡
               out_pad (-p, -p + op) per axis; TF 'SAME' k5 s2 ≡ out_pad (-1, -2).
  BatchNorm    never emitted: folded into the preceding conv/deconv/fc weights and bias.
  fc           %r = tosa.reshape %x, const_shape [1, 1, Cin]  (tensor<1xCin> → tensor<1x1xCin>)
               %m = tosa.matmul %r, %W, %azp, %bzp : [1,1,Cin] × const [1, Cin, Cout] → [1,1,Cout]
                    (%azp, %bzp: "tosa.const" dense<0.0> : tensor<1xf32>)
               %a = tosa.add %m, %B           (%B const [1, 1, Cout])
               %y = tosa.reshape %a, const_shape [1, H, W, C]   (Cout = H·W·C)
               Columns of %W are in NHWC order, i.e. permuted so that the result equals
               PyTorch's Linear output .view(N, C, H, W) transposed to NHWC.
  relu         tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32}
  leaky relu   %s = tosa.mul %x, %alpha, %shift   (%alpha "tosa.const" dense<α> : tensor<1x1x1x1xf32>
                                                 (rank of x), %shift dense<0> : tensor<1xi8>)
               %y = tosa.maximum %x, %s            (operand order exactly so)
  tanh/sigmoid tosa.tanh / tosa.sigmoid
  residual     tosa.add %a, %b (same shape)
  skip concat  tosa.concat %a, %b, ... {axis = 3 : i32}
  shapes       tosa.const_shape (operand of tosa.reshape in MLIR 22).
No tosa.pad, tosa.transpose, tosa.fully_connected or rescale ops are emitted.
"""

import argparse
import os
import sys

import numpy as np

from accel_tools import netlib


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    netlib.add_spec_args(ap)
    ap.add_argument("-o", "--output", required=True, help="MLIR file to write ('-' = stdout)")
    ap.add_argument("--weights-out", metavar="DIR", help="also write DIR/NAME.params.npz")
    ap.add_argument("--input-out", metavar="FILE", help="also write the seeded test input .npy")
    a = ap.parse_args(argv)
    spec = netlib.spec_from_args(a)
    params = netlib.build_params(spec)
    text = netlib.module_text(spec, params)
    if a.output == "-":
        sys.stdout.write(text)
    else:
        with open(a.output, "w") as f:
            f.write(text)
    if a.weights_out:
        os.makedirs(a.weights_out, exist_ok=True)
        netlib.save_params(params, os.path.join(a.weights_out, spec["name"] + ".params.npz"))
    if a.input_out:
        np.save(a.input_out, netlib.random_input(spec, netlib.input_seed(spec)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
