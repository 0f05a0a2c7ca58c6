#!/usr/bin/env python3
"""NCHW models end to end: TOSA written the way front ends write it (the model's NCHW or
N,C,L interface at the function boundary, one transpose (+ unit-H reshape for 1-D) after the
argument and before the return, NHWC inside) → accel-opt --accel-compile → accel-translate
--accel-to-bin → accel-sim with .npy files in the interface layout → compared with PyTorch
on the same NCHW arrays (f32, rel. error <= 1e-4).

Models:
  tconv2d      ConvTranspose2d(4→3, k4 s2 p1) + ReLU + Conv2d(3→2, k3 p1), input 1x4x6x6
  tconv1d      ConvTranspose1d(3→2, k16 s8 p4) on N,C,L = 1x3x10: transpose, then a reshape
               inserting the unit H (and the reverse before the return)
  tconv1d-rf   the same with the reshape first, batch 2
Then a bad input: the 2-D model's input as NHWC (the stored layout) instead of its NCHW
interface is one error naming the tensor and the interface shape, with no output file.

Tools come from PATH (lit puts the build's bin/ there) or --bin. Exit status 1 on failure.
"""

import argparse
import os
import subprocess
import sys

import numpy as np
import torch

from accel_tools.metrics import rel_error
from accel_tools.mlir_text import dense_attr, tensor_type
from accel_tools.tools import Toolchain, ToolError

TOL = 1e-4
STRATEGIES = ("split", "stacked", "zero-insert")


def const(name: str, arr: np.ndarray) -> str:
    return '%%%s = "tosa.const"() {values = %s} : () -> %s' % (
        name, dense_attr(arr, "f32"), tensor_type(arr.shape, "f32"))


def transpose(out: str, inp: str, perms, src, dst) -> str:
    return "%%%s = tosa.transpose %%%s {perms = array<i32: %s>} : (%s) -> %s" % (
        out, inp, ", ".join(map(str, perms)), tensor_type(src, "f32"), tensor_type(dst, "f32"))


def reshape(out: str, inp: str, src, dst) -> str:
    return ("%%%s_shape = tosa.const_shape {values = dense<[%s]> : tensor<%dxindex>} : () -> "
            "!tosa.shape<%d>\n  %%%s = tosa.reshape %%%s, %%%s_shape : (%s, !tosa.shape<%d>) -> %s"
            % (out, ", ".join(map(str, dst)), len(dst), len(dst), out, inp, out,
               tensor_type(src, "f32"), len(dst), tensor_type(dst, "f32")))


def tconv(out: str, inp: str, w: str, b: str, src, wshape, dst, stride, out_pad) -> str:
    return ("%%%s = tosa.transpose_conv2d %%%s, %%%s, %%%s, %%zp, %%zp {acc_type = f32, "
            "out_pad = array<i64: %s>, stride = array<i64: %d, %d>} : (%s, %s, %s, "
            "tensor<1xf32>, tensor<1xf32>) -> %s"
            % (out, inp, w, b, ", ".join(map(str, out_pad)), stride[0], stride[1],
               tensor_type(src, "f32"), tensor_type(wshape, "f32"),
               tensor_type([wshape[0]], "f32"), tensor_type(dst, "f32")))


def func(x_shape, y_shape, body) -> str:
    return ('func.func @main(%%x: %s {accel.name = "input"}) -> (%s {accel.name = "output"}) {\n'
            '  %%zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>\n'
            "  %s\n  return %%y : %s\n}\n"
            % (tensor_type(x_shape, "f32"), tensor_type(y_shape, "f32"), "\n  ".join(body),
               tensor_type(y_shape, "f32")))


def model_2d(rng):
    """ConvTranspose2d k4 s2 p1 + ReLU + Conv2d k3 p1, NCHW interface."""
    net = torch.nn.Sequential(torch.nn.ConvTranspose2d(4, 3, 4, stride=2, padding=1),
                              torch.nn.ReLU(), torch.nn.Conv2d(3, 2, 3, padding=1))
    with torch.no_grad():
        for p in net.parameters():
            p.copy_(torch.tensor(rng.standard_normal(p.shape) * 0.5))
    tw = net[0].weight.detach().numpy().transpose(1, 2, 3, 0)   # [OC, KH, KW, IC]
    cw = net[2].weight.detach().numpy().transpose(0, 2, 3, 1)
    body = [const("tw", tw), const("tb", net[0].bias.detach().numpy()),
            const("cw", cw), const("cb", net[2].bias.detach().numpy()),
            transpose("t0", "x", (0, 2, 3, 1), (1, 4, 6, 6), (1, 6, 6, 4)),
            tconv("t1", "t0", "tw", "tb", (1, 6, 6, 4), tw.shape, (1, 12, 12, 3), (2, 2),
                  (-1, -1, -1, -1)),
            "%%t2 = tosa.clamp %%t1 {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : "
            "(%s) -> %s" % (tensor_type((1, 12, 12, 3), "f32"), tensor_type((1, 12, 12, 3), "f32")),
            "%%t3 = tosa.conv2d %%t2, %%cw, %%cb, %%zp, %%zp {acc_type = f32, dilation = "
            "array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : "
            "(%s, %s, %s, tensor<1xf32>, tensor<1xf32>) -> %s"
            % (tensor_type((1, 12, 12, 3), "f32"), tensor_type(cw.shape, "f32"),
               tensor_type((2,), "f32"), tensor_type((1, 12, 12, 2), "f32")),
            transpose("y", "t3", (0, 3, 1, 2), (1, 12, 12, 2), (1, 2, 12, 12))]
    return net, (1, 4, 6, 6), func((1, 4, 6, 6), (1, 2, 12, 12), body)


def model_1d(rng, batch: int, reshape_first: bool):
    """ConvTranspose1d k16 s8 p4 on N,C,L with a unit H inserted at the boundary."""
    net = torch.nn.ConvTranspose1d(3, 2, 16, stride=8, padding=4)
    with torch.no_grad():
        for p in net.parameters():
            p.copy_(torch.tensor(rng.standard_normal(p.shape) * 0.5))
    n, c, length, oc, out_len = batch, 3, 10, 2, (10 - 1) * 8 - 2 * 4 + 16
    w = net.weight.detach().numpy().transpose(1, 2, 0)[:, None]   # [OC, 1, K, IC]
    inner = (n, 1, length, c)
    if reshape_first:
        prologue = [reshape("a", "x", (n, c, length), (n, c, 1, length)),
                    transpose("t0", "a", (0, 2, 3, 1), (n, c, 1, length), inner)]
        epilogue = [transpose("b", "t1", (0, 3, 1, 2), (n, 1, out_len, oc), (n, oc, 1, out_len)),
                    reshape("y", "b", (n, oc, 1, out_len), (n, oc, out_len))]
    else:
        prologue = [transpose("a", "x", (0, 2, 1), (n, c, length), (n, length, c)),
                    reshape("t0", "a", (n, length, c), inner)]
        epilogue = [reshape("b", "t1", (n, 1, out_len, oc), (n, out_len, oc)),
                    transpose("y", "b", (0, 2, 1), (n, out_len, oc), (n, oc, out_len))]
    body = ([const("w", w), const("b0", net.bias.detach().numpy())] + prologue +
            [tconv("t1", "t0", "w", "b0", inner, w.shape, (n, 1, out_len, oc), (1, 8),
                   (0, 0, -4, -4))] + epilogue)
    return net, (n, c, length), func((n, c, length), (n, oc, out_len), body)


def run_case(tools: Toolchain, workdir: str, name: str, net, x_shape, text: str, rng) -> bool:
    src = os.path.join(workdir, name + ".mlir")
    with open(src, "w") as f:
        f.write(text)
    x = rng.standard_normal(x_shape).astype(np.float32)
    x_path = os.path.join(workdir, name + "-x.npy")
    np.save(x_path, x)
    with torch.no_grad():
        ref = net.double()(torch.tensor(x, dtype=torch.float64)).numpy()
    ok = True
    for strategy in STRATEGIES:
        stem = os.path.join(workdir, "%s-%s" % (name, strategy))
        y_path = stem + "-y.npy"
        try:
            tools.compile(src, stem + ".accel.mlir", "nvdla-small", strategy)
            tools.translate(stem + ".accel.mlir", stem + ".accel")
            tools.simulate(stem + ".accel", {"input": x_path}, {"output": y_path})
        except ToolError as e:
            print("%s %s: FAILED: %s" % (name, strategy, e.brief()))
            ok = False
            continue
        y = np.load(y_path)
        err = rel_error(y, ref)
        passed = y.shape == ref.shape and err <= TOL
        ok &= passed
        print("%s %s: output %s, rel error %s" % (
            name, strategy, "x".join(map(str, y.shape)),
            "<= 1e-4" if passed else "%.3g FAILED" % err))
    return ok


def bad_input(tools: Toolchain, workdir: str) -> bool:
    """The 2-D model's input in NHWC instead of its NCHW interface."""
    program = os.path.join(workdir, "tconv2d-split.accel")
    nhwc = os.path.join(workdir, "nhwc.npy")
    out = os.path.join(workdir, "bad-y.npy")
    np.save(nhwc, np.zeros((1, 6, 6, 4), np.float32))
    run = subprocess.run(tools.simulate_cmd(program, {"input": nhwc}, {"output": out}),
                         capture_output=True, text=True)
    print("bad input: exit %d, output file %s" % (run.returncode,
                                                    "left" if os.path.exists(out) else "none"))
    print("bad input: " + run.stderr.strip())
    return run.returncode == 1 and not os.path.exists(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--bin", default=None, help="directory of accel-opt/-translate/-sim")
    a = ap.parse_args(argv)
    os.makedirs(a.workdir, exist_ok=True)
    tools = Toolchain(a.bin)
    rng = np.random.default_rng(20261202)
    torch.manual_seed(0)
    ok = True
    for name, (net, x_shape, text) in (("tconv2d", model_2d(rng)),
                                       ("tconv1d", model_1d(rng, 1, False)),
                                       ("tconv1d-rf", model_1d(rng, 2, True))):
        ok &= run_case(tools, a.workdir, name, net, x_shape, text, rng)
    ok &= bad_input(tools, a.workdir)
    print("nchw interface: %s" % ("all passed" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
