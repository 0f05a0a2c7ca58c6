"""Random oracle sweep: nearest upsampling + conv (fused into phase convs) and 1-D transposed
convs (odd and large strides), against PyTorch.

Every case is one small TOSA function with random shapes and constant weights:
  * `upconv`: tosa.resize NEAREST_NEIGHBOR by integer factors (s_h, s_w) in 1..4, written with
    the parameters accel-translate --import-onnx uses for ONNX Resize nearest (scale s/1,
    offset -(s//2)), then a stride-1 tosa.conv2d with any kernel (1..5) and padding (0..K);
  * `tconv1d`: a ConvTranspose1d (stride 2..8, kernel 1..17, PyTorch padding and
    output_padding) written as tosa.transpose_conv2d with H = 1.
Checks, all against PyTorch in float64 (torch.nn.functional.interpolate + conv2d /
conv_transpose1d), never against accel's own code:
  * `upconv`: `accel-opt --accel-fuse-upsample-conv` must remove the resize, and the fused TOSA,
    run on the CPU by upstream MLIR (mlir-opt + mlir-runner), must match within 1e-5 (f32);
  * both kinds: `accel-opt --accel-compile` under each strategy (split, auto; zero-insert for
    upconv, where it means the cost model's choice under that strategy), emitted and simulated
    with accel-sim, must match within 1e-4.

Usage: python3 -m accel_tools.upsample_oracle [--count N] [--seed S] [--kind upconv|tconv1d|all]
Prints one line per failing case and a summary; exit status 0 when every case passed.
"""

import argparse
import concurrent.futures as cf
import os
import random
import sys
import tempfile
import time
from typing import List, Optional, Tuple

import numpy as np
import torch
import torch.nn.functional as F

from accel_tools import mlir_text
from accel_tools.metrics import peak_rel_error
from accel_tools.oracle import run_tosa_network
from accel_tools.progress import Progress
from accel_tools.tools import Toolchain, ToolError

FUSED_TOLERANCE = 1e-5
SIM_TOLERANCE = 1e-4
KINDS = ("upconv", "tconv1d")


def _const(name: str, arr: np.ndarray) -> str:
    return '    %%%s = "tosa.const"() <{values = %s}> : () -> %s' % (
        name, mlir_text.dense_attr(arr, "f32"), mlir_text.tensor_type(arr.shape, "f32"))


def _shape(name: str, values) -> str:
    return ("    %%%s = tosa.const_shape {values = dense<[%s]> : tensor<%dxindex>} : () -> "
            "!tosa.shape<%d>" % (name, ", ".join(map(str, values)), len(values), len(values)))


def _function(x_shape, out_shape, body: List[str]) -> str:
    ty = lambda s: mlir_text.tensor_type(s, "f32")  # noqa: E731
    return ('func.func @forward(%%x: %s {accel.name = "x"}) -> (%s {accel.name = "y"}) {\n'
            "%s\n    return %%out : %s\n}\n" % (ty(x_shape), ty(out_shape), "\n".join(body),
                                                 ty(out_shape)))


class Case:
    """One random layer: its TOSA text, input, PyTorch reference and description."""

    def __init__(self, kind: str, text: str, x: np.ndarray, ref: np.ndarray, desc: str):
        self.kind, self.text, self.x, self.ref, self.desc = kind, text, x, ref, desc


def gen_upconv(rng: random.Random, nrng: np.random.RandomState) -> Case:
    while True:
        h, w = rng.randint(1, 7), rng.randint(1, 7)
        sh, sw = rng.randint(1, 4), rng.randint(1, 4)
        if sh * sw == 1:
            continue
        kh, kw = rng.randint(1, 5), rng.randint(1, 5)
        pad = [rng.randint(0, kh), rng.randint(0, kh), rng.randint(0, kw), rng.randint(0, kw)]
        oh = h * sh + pad[0] + pad[1] - kh + 1
        ow = w * sw + pad[2] + pad[3] - kw + 1
        if oh >= 1 and ow >= 1:
            break
    c, oc = rng.randint(1, 4), rng.randint(1, 4)
    x = nrng.uniform(-1, 1, (1, h, w, c)).astype(np.float32)
    wt = nrng.uniform(-1, 1, (oc, kh, kw, c)).astype(np.float32)
    b = nrng.uniform(-1, 1, (oc,)).astype(np.float32)
    ty = lambda s: mlir_text.tensor_type(s, "f32")  # noqa: E731
    up = (1, h * sh, w * sw, c)
    out = (1, oh, ow, oc)
    body = [_const("w", wt), _const("b", b),
            '    %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> '
            'tensor<1xf32>',
            _shape("scale", [sh, 1, sw, 1]), _shape("offset", [-(sh // 2), -(sw // 2)]),
            _shape("border", [sh - 1 - sh // 2, sw - 1 - sw // 2]),
            "    %%up = tosa.resize %%x, %%scale, %%offset, %%border {mode = NEAREST_NEIGHBOR} : "
            "(%s, !tosa.shape<4>, !tosa.shape<2>, !tosa.shape<2>) -> %s" % (ty(x.shape), ty(up)),
            "    %%out = tosa.conv2d %%up, %%w, %%b, %%zp, %%zp {acc_type = f32, dilation = "
            "array<i64: 1, 1>, pad = array<i64: %s>, stride = array<i64: 1, 1>} : (%s, %s, %s, "
            "tensor<1xf32>, tensor<1xf32>) -> %s" % (", ".join(map(str, pad)), ty(up),
                                                      ty(wt.shape), ty(b.shape), ty(out))]
    xt = torch.from_numpy(x.astype(np.float64)).permute(0, 3, 1, 2)
    upt = F.interpolate(xt, scale_factor=(sh, sw), mode="nearest")
    upt = F.pad(upt, (pad[2], pad[3], pad[0], pad[1]))
    wtt = torch.from_numpy(wt.astype(np.float64)).permute(0, 3, 1, 2)
    ref = F.conv2d(upt, wtt, torch.from_numpy(b.astype(np.float64)))
    desc = "upconv in=%dx%dx%d s=%dx%d k=%dx%d pad=%s oc=%d" % (h, w, c, sh, sw, kh, kw, pad, oc)
    return Case("upconv", _function(x.shape, out, body), x,
                ref.permute(0, 2, 3, 1).numpy(), desc)


def gen_tconv1d(rng: random.Random, nrng: np.random.RandomState) -> Case:
    while True:
        n = rng.randint(1, 9)
        s = rng.randint(2, 8)
        k = rng.randint(1, 17)
        p = rng.randint(0, max(0, k - 1))
        op = rng.randint(0, s - 1)
        out = (n - 1) * s - 2 * p + k + op
        if out >= 1:
            break
    c, oc = rng.randint(1, 4), rng.randint(1, 4)
    x = nrng.uniform(-1, 1, (1, 1, n, c)).astype(np.float32)
    wt = nrng.uniform(-1, 1, (oc, 1, k, c)).astype(np.float32)
    b = nrng.uniform(-1, 1, (oc,)).astype(np.float32)
    ty = lambda s_: mlir_text.tensor_type(s_, "f32")  # noqa: E731
    body = [_const("w", wt), _const("b", b),
            '    %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> '
            'tensor<1xf32>',
            "    %%out = tosa.transpose_conv2d %%x, %%w, %%b, %%zp, %%zp {acc_type = f32, "
            "out_pad = array<i64: 0, 0, %d, %d>, stride = array<i64: 1, %d>} : (%s, %s, %s, "
            "tensor<1xf32>, tensor<1xf32>) -> %s" % (-p, -p + op, s, ty(x.shape), ty(wt.shape),
                                                      ty(b.shape), ty((1, 1, out, oc)))]
    xt = torch.from_numpy(x[:, 0].astype(np.float64)).permute(0, 2, 1)       # N, C, W
    wtt = torch.from_numpy(wt[:, 0].astype(np.float64)).permute(2, 0, 1)     # IC, OC, K
    ref = F.conv_transpose1d(xt, wtt, torch.from_numpy(b.astype(np.float64)), stride=s,
                             padding=p, output_padding=op)
    desc = "tconv1d in=%dx%d s=%d k=%d p=%d op=%d oc=%d" % (n, c, s, k, p, op, oc)
    return Case("tconv1d", _function(x.shape, (1, 1, out, oc), body), x,
                ref.permute(0, 2, 1).numpy()[:, None], desc)


def gen_case(seed: int, idx: int, kinds) -> Case:
    rng = random.Random(seed * 1000003 + idx)
    nrng = np.random.RandomState((seed * 7919 + idx) % (2 ** 32))
    kind = kinds[idx % len(kinds)]
    return gen_upconv(rng, nrng) if kind == "upconv" else gen_tconv1d(rng, nrng)


def strategies_of(kind: str) -> Tuple[str, ...]:
    return ("split", "auto", "zero-insert") if kind == "upconv" else ("split", "auto")


def check_case(case: Case, tools: Toolchain, target: str, work: str) -> Optional[str]:
    """None when every check passed, else what failed."""
    src = os.path.join(work, "in.mlir")
    with open(src, "w") as f:
        f.write(case.text)
    np.save(os.path.join(work, "x.npy"), case.x)
    if case.kind == "upconv":
        fused = os.path.join(work, "fused.mlir")
        tools.run("accel-opt", [tools.accel_opt, src, "--accel-fuse-upsample-conv", "-o", fused])
        with open(fused) as f:
            fused_text = f.read()
        if "tosa.resize" in fused_text:
            return "not fused"
        got = run_tosa_network(fused_text, [case.x], workdir=work)[0]
        err = peak_rel_error(got, case.ref)
        if got.shape != case.ref.shape or err > FUSED_TOLERANCE:
            return "fused TOSA (upstream CPU) error %.2e shape %s" % (err, got.shape)
    for strategy in strategies_of(case.kind):
        out = os.path.join(work, "%s.mlir" % strategy)
        tools.compile(src, out, target, strategy)
        tools.translate(out, out + ".bin")
        tools.simulate(out + ".bin", {"x": os.path.join(work, "x.npy")},
                       {"y": os.path.join(work, "y.npy")})
        got = np.load(os.path.join(work, "y.npy"))
        err = peak_rel_error(got, case.ref)
        if got.shape != case.ref.shape or err > SIM_TOLERANCE:
            return "%s: simulated error %.2e shape %s" % (strategy, err, got.shape)
    return None


def run_one(seed: int, idx: int, kinds, tools: Toolchain, target: str) -> Optional[str]:
    case = gen_case(seed, idx, kinds)
    with tempfile.TemporaryDirectory() as work:
        try:
            why = check_case(case, tools, target, work)
        except (ToolError, RuntimeError, ValueError) as e:
            why = "tool error: %s" % str(e).splitlines()[0][:300]
    return None if why is None else "%d %s: %s" % (idx, case.desc, why)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kind", default="all", choices=KINDS + ("all",))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--target", default="nvdla-small")
    ap.add_argument("--bin-dir", help="directory of accel-opt/-translate/-sim (default: PATH)")
    a = ap.parse_args(argv)
    kinds = KINDS if a.kind == "all" else (a.kind,)
    tools = Toolchain(a.bin_dir)
    start = time.time()
    progress = Progress(a.count, "upsample oracle cases")
    results = []
    with cf.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        for result in pool.map(lambda i: run_one(a.seed, i, kinds, tools, a.target),
                               range(a.count)):
            results.append(result)
            progress.step(note="%d failed" % sum(r is not None for r in results))
    progress.close()
    failures = [r for r in results if r is not None]
    counts = {k: sum(1 for i in range(a.count) if kinds[i % len(kinds)] == k) for k in kinds}
    print("upsample oracle: %d cases (%s) on %s: %d passed, %d failed (seed %d, %.0fs)"
          % (a.count, ", ".join("%d %s" % (n, k) for k, n in counts.items()), a.target,
             a.count - len(failures), len(failures), a.seed, time.time() - start))
    for line in failures:
        print("FAIL " + line)
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
