#!/usr/bin/env python3
"""Layers whose elementwise schedules (fill, add, copy) must split a row, end to end.

A plane schedule runs whole rows through half the accumulators when a row fits, else runs
of columns, else channel slices (isa::PlaneTiling). Each case here needs the column or the
channel form on its target; it goes through the whole flow

  TOSA → accel-opt --accel-compile="target=T strategy=S" → accel-translate --accel-to-bin
       → accel-sim

and is compared with PyTorch (float64): rel_err = max|sim − torch| / max(1, max|torch|)
≤ 1e-5. The estimate of every layer (accel.est cycles) must equal the simulated cycles
(the cost model runs the same generators through the simulator's timing model).

  plane_tiling.py [--only NAME,...] [--keep DIR] [--bin DIR]
"""

import argparse
import os
import sys
import tempfile
import zlib

import numpy as np

from accel_tools import mlir_text, tconv
from accel_tools.metrics import rel_error
from accel_tools.mlir_text import dense_attr, tensor_type
from accel_tools.tools import Toolchain

F32_TOL = 1e-5


def tconv_case(name, target, strategy, n, ic, oc, ih, iw, kh, kw, stride, padding,
               output_padding, why):
    cfg = tconv.TransposeConvConfig.from_torch(n, ic, oc, ih, iw, kh, kw, stride, padding,
                                            output_padding)
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    x, w, b = tconv.random_tconv_data(cfg, rng)
    # Output scale ~1 so the relative metric stays meaningful.
    w = (w / np.sqrt(ic * kh * kw)).astype(np.float32)
    s = cfg.shapes()
    tx, tw = tensor_type(s["x"], "f32"), tensor_type(s["w"], "f32")
    tb, ty = tensor_type(s["b"], "f32"), tensor_type(s["y"], "f32")
    tzp = tensor_type([1], "f32")
    zero = dense_attr(np.zeros([1], np.float32), "f32")
    module = "\n".join([
        'func.func @main(%%x: %s {accel.name = "x"}) -> (%s {accel.name = "y"}) {' % (tx, ty),
        '  %%w = "tosa.const"() {values = %s} : () -> %s' % (dense_attr(w, "f32"), tw),
        '  %%b = "tosa.const"() {values = %s} : () -> %s' % (dense_attr(b, "f32"), tb),
        '  %%zp = "tosa.const"() {values = %s} : () -> %s' % (zero, tzp),
        "  %%y = tosa.transpose_conv2d %%x, %%w, %%b, %%zp, %%zp {acc_type = f32, "
        "out_pad = array<i64: %s>, stride = array<i64: %d, %d>} : (%s, %s, %s, %s, %s) -> %s"
        % (", ".join(str(v) for v in cfg.out_pad), stride[0], stride[1], tx, tw, tb, tzp,
           tzp, ty),
        "  return %y : " + ty,
        "}", ""])
    ref = tconv.torch_reference(cfg, x, w, b)
    return dict(name=name, target=target, strategy=strategy, module=module,
                inputs={"x": x}, ref=ref, why=why)


def concat_sigmoid_case(name, target, n, h, w, c):
    """sigmoid(concat(a, b) on channels): the concat copies both function inputs into its
    result, the unfused sigmoid becomes accel.add(x, 0) with a sigmoid post-op."""
    rng = np.random.default_rng(11)
    a = rng.uniform(-3, 3, (n, h, w, c)).astype(np.float32)
    b = rng.uniform(-3, 3, (n, h, w, c)).astype(np.float32)
    ti = tensor_type([n, h, w, c], "f32")
    to = tensor_type([n, h, w, 2 * c], "f32")
    module = "\n".join([
        'func.func @main(%%a: %s {accel.name = "a"}, %%b: %s {accel.name = "b"}) '
        '-> (%s {accel.name = "y"}) {' % (ti, ti, to),
        "  %%c = tosa.concat %%a, %%b {axis = 3 : i32} : (%s, %s) -> %s" % (ti, ti, to),
        "  %%s = tosa.sigmoid %%c : (%s) -> %s" % (to, to),
        "  return %%s : %s" % to,
        "}", ""])
    import torch
    ref = torch.sigmoid(torch.cat([torch.from_numpy(a.astype(np.float64)),
                                   torch.from_numpy(b.astype(np.float64))], dim=3)).numpy()
    return dict(name=name, target=target, strategy="auto", module=module,
                inputs={"a": a, "b": b}, ref=ref,
                why="add (sigmoid) and copies of %dx%dx%d rows" % (w, 2 * c, c))


def cases():
    return [
        # The two reported layers on diannao (half the accumulators: 1024 entries).
        tconv_case("diannao-zero-insert-11x11x26", "diannao", "zero-insert",
                   1, 26, 7, 11, 11, 1, 3, (2, 5), (0, 0), (0, 0),
                   "fill of 51x26 rows: column runs"),
        concat_sigmoid_case("diannao-concat-sigmoid-18x34x36", "diannao", 1, 18, 34, 36),
        # Bias-only phases (K < S) with 2100 output channels: the fill's bias is
        # sliced (3 slices > 1024 accumulator entries) and reloaded per slice.
        tconv_case("diannao-split-biasfill-2100ch", "diannao", "split",
                   1, 3, 2100, 3, 3, 1, 1, (2, 2), (0, 0), (1, 1),
                   "bias fill in channel slices"),
        # Channel slices on nvdla-small (4096 entries): 4500 input channels, so the
        # zero-insert fill and copy both slice channels.
        tconv_case("nvdla-small-zero-insert-4500ch", "nvdla-small", "zero-insert",
                   1, 4500, 4, 2, 3, 2, 2, (2, 2), (0, 0), (0, 0),
                   "fill and copy in channel slices"),
        # A 1-D vocoder-like layer on nvdla-small: H=1, W=4096, C=512 (one row is
        # 2M entries): the fill runs in column runs of 8 pixels.
        tconv_case("nvdla-small-zero-insert-1x4096x512", "nvdla-small", "zero-insert",
                   1, 512, 2, 1, 4096, 1, 4, (1, 2), (0, 1), (0, 0),
                   "fill in column runs"),
    ]


def run_case(tc, case, workdir):
    f = lambda suffix: os.path.join(workdir, case["name"] + suffix)  # noqa: E731
    with open(f(".mlir"), "w") as fh:
        fh.write(case["module"])
    tc.compile(f(".mlir"), f(".acc.mlir"), case["target"], case["strategy"])
    tc.translate(f(".acc.mlir"), f(".accel"))
    inputs = {}
    for key, value in case["inputs"].items():
        inputs[key] = f(".%s.npy" % key)
        np.save(inputs[key], value)
    report = tc.simulate(f(".accel"), inputs, {"y": f(".y.npy")})
    err = rel_error(np.load(f(".y.npy")), case["ref"])
    with open(f(".acc.mlir")) as fh:
        estimates = mlir_text.estimated_cycles(fh.read())[0]
    simulated = [layer["cycles"] for layer in report["layers"]]
    return err, estimates, simulated


def parse_args(argv, description, prefix):
    """--only / --keep / --bin (shared with baseline_layers.py): (args, Toolchain, workdir)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--only", help="comma-separated case names")
    ap.add_argument("--keep", help="keep the files in this directory")
    ap.add_argument("--bin", help="directory of accel-opt/-translate/-sim (default: PATH)")
    a = ap.parse_args(argv)
    workdir = a.keep or tempfile.mkdtemp(prefix=prefix)
    os.makedirs(workdir, exist_ok=True)
    return a, Toolchain(a.bin), workdir


def main(argv=None):
    a, tc, workdir = parse_args(argv, __doc__.split("\n\n")[0], "plane-tiling-")
    selected = [c for c in cases() if not a.only or c["name"] in a.only.split(",")]
    failures = 0
    for case in selected:
        err, estimates, simulated = run_case(tc, case, workdir)
        ok = err <= F32_TOL and estimates == simulated
        failures += not ok
        print("%s %s on %s strategy=%s (%s): rel_err %.3g, cycles sim %d est %d%s"
              % ("ok  " if ok else "FAIL", case["name"], case["target"], case["strategy"],
                 case["why"], err, sum(simulated), sum(estimates),
                 "" if estimates == simulated else
                 " (per layer est %s sim %s)" % (estimates, simulated)))
    if failures:
        print("%d of %d cases FAILED (files in %s)" % (failures, len(selected), workdir))
        return 1
    print("all %d cases passed" % len(selected))
    return 0


if __name__ == "__main__":
    sys.exit(main())
