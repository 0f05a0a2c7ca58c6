#!/usr/bin/env python3
"""Self-test of accel_tools.oracle's reusable entry points (what the end-to-end suite builds on).

Runs a small TOSA network (transpose_conv2d → add skip → clamp, plus a reshaped second result
and an int8 function) through run_tosa_network, through the `run-tosa` command line with named
.npy inputs, and checks both against PyTorch; checks the `torch-tconv` command line against the
library call. Optional: --accel-opt PATH also runs the network with the split pass first.
Exit status 0 when every check passes.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

from accel_tools import oracle, tconv
from accel_tools.metrics import rel_error
from accel_tools.mlir_text import dense_attr, parse_func_signature
from accel_tools.tools import find_tool

NETWORK = """
func.func @forward(%skip: tensor<1x8x8x3xf32>, %x: tensor<1x4x4x2xf32>)
    -> (tensor<1x8x8x3xf32>, tensor<3x64xf32>) {
  %w = "tosa.const"() {values = %W%} : () -> tensor<3x3x3x2xf32>
  %b = "tosa.const"() {values = %B%} : () -> tensor<3xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %t = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32,
      out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 2>}
      : (tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>)
      -> tensor<1x8x8x3xf32>
  %a = tosa.add %t, %skip : (tensor<1x8x8x3xf32>, tensor<1x8x8x3xf32>) -> tensor<1x8x8x3xf32>
  %c = tosa.clamp %a {min_val = -0.5 : f32, max_val = 0.75 : f32}
      : (tensor<1x8x8x3xf32>) -> tensor<1x8x8x3xf32>
  %perm = tosa.transpose %c {perms = array<i32: 3, 0, 1, 2>}
      : (tensor<1x8x8x3xf32>) -> tensor<3x1x8x8xf32>
  %shape = tosa.const_shape {values = dense<[3, 64]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %r = tosa.reshape %perm, %shape : (tensor<3x1x8x8xf32>, !tosa.shape<2>) -> tensor<3x64xf32>
  return %c, %r : tensor<1x8x8x3xf32>, tensor<3x64xf32>
}
"""

INT8_NETWORK = """
module {
  func.func @quant(%x: tensor<2x3x2x4xi8>) -> tensor<2x5x3x2xi32> {
    %w = "tosa.const"() {values = %W%} : () -> tensor<2x3x2x4xi8>
    %b = "tosa.const"() {values = dense<[7, -9]> : tensor<2xi32>} : () -> tensor<2xi32>
    %izp = "tosa.const"() {values = dense<-3> : tensor<1xi8>} : () -> tensor<1xi8>
    %wzp = "tosa.const"() {values = dense<5> : tensor<1xi8>} : () -> tensor<1xi8>
    %y = tosa.transpose_conv2d %x, %w, %b, %izp, %wzp {acc_type = i32,
        out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
        : (tensor<2x3x2x4xi8>, tensor<2x3x2x4xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>)
        -> tensor<2x5x3x2xi32>
    return %y : tensor<2x5x3x2xi32>
  }
}
"""


def check(cond, what):
    print("%s: %s" % ("ok" if cond else "FAIL", what))
    return bool(cond)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--accel-opt")
    a = ap.parse_args()
    import torch  # noqa: F401  (fail early, before any MLIR run, if torch is missing)
    rng = np.random.default_rng(5)
    w = rng.uniform(-1, 1, (3, 3, 3, 2)).astype(np.float32)
    b = rng.uniform(-1, 1, (3,)).astype(np.float32)
    x = rng.uniform(-1, 1, (1, 4, 4, 2)).astype(np.float32)
    skip = rng.uniform(-1, 1, (1, 8, 8, 3)).astype(np.float32)
    net = NETWORK.replace("%W%", dense_attr(w, "f32")).replace("%B%", dense_attr(b, "f32"))

    cfg = tconv.TransposeConvConfig.from_torch(1, 2, 3, 4, 4, 3, 3, (2, 2), (1, 1), (1, 1))
    t = tconv.torch_reference(cfg, x, w, b)
    ref = np.clip(t + skip, -0.5, 0.75)
    ref2 = ref.transpose(3, 0, 1, 2).reshape(3, 64)
    ok = True

    sig = parse_func_signature(net, "forward")
    ok &= check(sig.arg_names == ["skip", "x"] and sig.result_types[1] == ((3, 64), "f32"),
                "signature parsed: %s" % (sig,))
    outs = oracle.run_tosa_network(net, {"x": x, "skip": skip}, "forward")
    ok &= check(len(outs) == 2 and outs[0].dtype == np.float32 and outs[1].shape == (3, 64),
                "two results with the declared types")
    ok &= check(rel_error(outs[0], ref) <= 1e-6 and rel_error(outs[1], ref2) <= 1e-6,
                "named inputs vs torch: rel_err %.3g, %.3g" % (rel_error(outs[0], ref),
                                                               rel_error(outs[1], ref2)))
    pos = oracle.run_tosa_network(net, [skip, x], "forward")
    ok &= check(all(np.array_equal(p, o) for p, o in zip(pos, outs)),
                "positional inputs give bit-identical results")
    try:
        oracle.run_tosa_network(net, {"x": x}, "forward")
        ok &= check(False, "a missing input is an error")
    except KeyError as e:
        ok &= check("skip" in str(e), "a missing input is an error naming it")

    wq = rng.integers(-128, 128, (2, 3, 2, 4), dtype=np.int8)
    xq = rng.integers(-128, 128, (2, 3, 2, 4), dtype=np.int8)
    qnet = INT8_NETWORK.replace("%W%", dense_attr(wq, "i8"))
    qcfg = tconv.TransposeConvConfig.from_torch(2, 4, 2, 3, 2, 3, 2, (1, 1), (0, 0), (0, 0),
                                             dtype="i8", input_zp=-3, weight_zp=5)
    qref = tconv.torch_reference(qcfg, xq, wq, np.array([7, -9]))
    (qout,) = oracle.run_tosa_network(qnet, [xq], "quant")
    ok &= check(qout.dtype == np.int32 and np.array_equal(qout, qref.astype(np.int64)),
                "int8 transpose_conv2d with zero points bit-exact (module {} form)")

    with tempfile.TemporaryDirectory() as d:
        np.save(os.path.join(d, "x.npy"), x)
        np.save(os.path.join(d, "skip.npy"), skip)
        with open(os.path.join(d, "net.mlir"), "w") as f:
            f.write(net)
        subprocess.run([sys.executable, "-m", "accel_tools.oracle", "run-tosa",
                        os.path.join(d, "net.mlir"), "--func", "forward",
                        "--input", "x=" + os.path.join(d, "x.npy"),
                        "--input", "skip=" + os.path.join(d, "skip.npy"),
                        "--out-dir", os.path.join(d, "out")], check=True, stdout=subprocess.DEVNULL)
        cli = [np.load(os.path.join(d, "out", "result%d.npy" % i)) for i in range(2)]
        ok &= check(all(np.array_equal(p, o) for p, o in zip(cli, outs)),
                    "run-tosa command line with named .npy inputs")
        with open(os.path.join(d, "cfg.json"), "w") as f:
            json.dump({"n": 1, "ic": 2, "oc": 3, "ih": 4, "iw": 4, "kh": 3, "kw": 3,
                       "stride": [2, 2], "padding": [1, 1], "output_padding": [1, 1]}, f)
        np.save(os.path.join(d, "w.npy"), w)
        np.save(os.path.join(d, "b.npy"), b)
        subprocess.run([sys.executable, "-m", "accel_tools.oracle", "torch-tconv",
                        os.path.join(d, "cfg.json"), "--input", os.path.join(d, "x.npy"),
                        "--weight", os.path.join(d, "w.npy"), "--bias", os.path.join(d, "b.npy"),
                        "--out", os.path.join(d, "t.npy")], check=True)
        ok &= check(np.array_equal(np.load(os.path.join(d, "t.npy")), t),
                    "torch-tconv command line from a JSON config")
    # The torch reference itself against a direct scatter definition of TOSA's semantics.
    direct = np.zeros((1, 8 + 1, 8 + 1, 3))
    for iy in range(4):
        for ix in range(4):
            for ky in range(3):
                for kx in range(3):
                    direct[0, iy * 2 + ky, ix * 2 + kx] += w[:, ky, kx, :] @ x[0, iy, ix].astype(
                        np.float64)
    direct = direct[:, 1:, 1:, :] + b  # out_pad (-1, 0, -1, 0)
    ok &= check(np.abs(direct - t).max() < 1e-12, "torch reference == direct scatter loop")

    if a.accel_opt:
        pre = [find_tool("accel-opt", explicit=a.accel_opt),
               "--accel-split-transpose-conv=strategy=split"]
        ours = oracle.run_tosa_network(net, {"x": x, "skip": skip}, "forward", pre_cmd=pre)
        ok &= check(rel_error(ours[0], ref) <= 1e-5, "network with accel-opt pre-pass")
    print("oracle self-test: %s" % ("PASSED" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
