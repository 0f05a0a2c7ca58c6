"""Random oracle sweep: channel folding (strategy `fold`) of tiny-channel layers, against PyTorch.

Every case is one small TOSA function with random shapes and constant weights:
  * `conv`: tosa.conv2d with 1..3 output channels (and 1..8 inputs), kernel 1..9, stride 1..2,
    any padding up to the kernel (the layers the fold targets: RGB / depth output convs);
  * `tconv`: tosa.transpose_conv2d with 1..3 output channels, stride 2..4, kernel 1..9 and
    PyTorch padding / output_padding (FSRCNN's and DCGAN's RGB deconvs, scaled down);
  * `inconv`: tosa.conv2d with 1..3 *input* channels and 4..40 outputs on 8..24-pixel inputs,
    kernel 1..9 (at least 2 wide), stride 1..2, dilation 1..2 (an image network's first conv,
    which `fold` / `auto` may pack: its kernel rows become input channels);
  * `conv1d`: a one-row tosa.conv2d (a vocoder's output conv: 96..2048 positions, 2..16 input
    channels, 1..3 outputs, kernel 3..15, stride 1), whose folds may pass the target's stride
    when the input side is packed (the window carries the stride);
  * `bconv1d`: a `conv1d` whose width is a whole number of 16-position blocks (HiFi-GAN's
    and EnCodec's lengths are), so that a fold's input can be read as blocks (fold_pack's
    block view: the window as wide as its step, no padding copy);
  * `dconv1d`: a dilated one-row tosa.conv2d (a vocoder's resblock conv: 96..2048 positions,
    2..16 channels in, 1..16 out, kernel 3..11, dilation 2..5), which folds as its kernel's
    dense span.
Each is compiled by `accel-opt --accel-compile` under every strategy (split, stacked,
zero-insert, auto, fold), emitted, simulated with accel-sim and compared with PyTorch in
float64 (torch.nn.functional.conv2d / conv_transpose2d), never with accel's own code: <= 1e-4.
The summary counts the cases `fold` folded (`accel.fold` in the compiled IR), packed
(`accel.strategy = "pack"`; "with kernel rows" when the packing sliced the kernel rows into
channels too, `accel.slice`), folded and packed (`accel.strategy = "fold_pack"`: the
folded conv's input side packed) and, of those, the folds beyond the stride cap (a W factor
above 8, every preset's max_stride) and the block views (an `accel.window` whose kernel_w is
its stride_w), so that a run shows it exercised those lowerings.

Usage: python3 -m accel_tools.fold_oracle [--count N] [--seed S]
       [--kind conv|tconv|inconv|conv1d|bconv1d|dconv1d|all]
       [--target nvdla-large] [--bin-dir build/bin]
Prints one line per failing case and a summary; exit status 0 when every case passed.
"""

import argparse
import concurrent.futures as cf
import os
import random
import re
import sys
import tempfile
import time
from typing import Optional, Tuple

import numpy as np
import torch
import torch.nn.functional as F

from accel_tools import mlir_text
from accel_tools.metrics import peak_rel_error
from accel_tools.progress import Progress
from accel_tools.tools import Toolchain, ToolError
from accel_tools.upsample_oracle import Case, _const, _function

SIM_TOLERANCE = 1e-4
KINDS = ("conv", "tconv", "inconv")
#: Kinds a run takes only when asked for (`--kind conv1d`, `--kind dconv1d`): "all" keeps its
#: cases unchanged.
EXTRA_KINDS = ("conv1d", "bconv1d", "dconv1d")
#: Every preset's max_stride: a fold factor above it needs the window to carry the stride.
PRESET_MAX_STRIDE = 8
FOLD_STRATEGIES = ("split", "stacked", "zero-insert", "auto", "fold")


_ZP = ('    %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> '
       'tensor<1xf32>')


def _tensors(nrng, x_shape, w_shape, oc):
    x = nrng.uniform(-1, 1, x_shape).astype(np.float32)
    wt = nrng.uniform(-1, 1, w_shape).astype(np.float32)
    b = nrng.uniform(-1, 1, (oc,)).astype(np.float32)
    return x, wt, b


def _conv_case(kind: str, nrng: np.random.RandomState, h: int, w: int, c: int, oc: int,
               kh: int, kw: int, s: int, d: int, pad, desc: str) -> Case:
    """One tosa.conv2d case (stride s, dilation d, padding top/bottom/left/right) on a random
    input and weights, with PyTorch's float64 result as the reference."""
    oh = (h + pad[0] + pad[1] - ((kh - 1) * d + 1)) // s + 1
    ow = (w + pad[2] + pad[3] - ((kw - 1) * d + 1)) // s + 1
    x, wt, b = _tensors(nrng, (1, h, w, c), (oc, kh, kw, c), oc)
    ty = lambda s_: mlir_text.tensor_type(s_, "f32")  # noqa: E731
    out = (1, oh, ow, oc)
    body = [_const("w", wt), _const("b", b), _ZP,
            "    %%out = tosa.conv2d %%x, %%w, %%b, %%zp, %%zp {acc_type = f32, dilation = "
            "array<i64: %d, %d>, pad = array<i64: %s>, stride = array<i64: %d, %d>} : (%s, %s, "
            "%s, tensor<1xf32>, tensor<1xf32>) -> %s" % (d, d, ", ".join(map(str, pad)), s, s,
                                                        ty(x.shape), ty(wt.shape), ty(b.shape),
                                                        ty(out))]
    xt = torch.from_numpy(x.astype(np.float64)).permute(0, 3, 1, 2)
    xt = F.pad(xt, (pad[2], pad[3], pad[0], pad[1]))
    wtt = torch.from_numpy(wt.astype(np.float64)).permute(0, 3, 1, 2)
    ref = F.conv2d(xt, wtt, torch.from_numpy(b.astype(np.float64)), stride=s, dilation=d)
    return Case(kind, _function(x.shape, out, body), x, ref.permute(0, 2, 3, 1).numpy(), desc)


def _gen_conv_kind(kind: str, rng: random.Random, nrng: np.random.RandomState, size: tuple,
                   kw_min: int, max_dilation: int, channels: tuple, out_channels: tuple) -> Case:
    """A random conv of `kind`: H, W in `size`, kernels 1..9 (K_w from `kw_min`), stride 1..2,
    dilation 1..`max_dilation` (drawn only when above 1), paddings below the kernel, C_in in
    `channels`, C_out in `out_channels`."""
    while True:
        h, w = rng.randint(*size), rng.randint(*size)
        kh, kw = rng.randint(1, 9), rng.randint(kw_min, 9)
        s = rng.randint(1, 2)
        d = rng.randint(1, max_dilation) if max_dilation > 1 else 1
        pad = [rng.randint(0, kh - 1), rng.randint(0, kh - 1), rng.randint(0, kw - 1),
               rng.randint(0, kw - 1)]
        # TOSA requires the strided windows to end exactly at the padded edge.
        eh = h + pad[0] + pad[1] - ((kh - 1) * d + 1)
        ew = w + pad[2] + pad[3] - ((kw - 1) * d + 1)
        if eh >= 0 and ew >= 0 and eh % s == 0 and ew % s == 0:
            break
    c, oc = rng.randint(*channels), rng.randint(*out_channels)
    desc = "%s in=%dx%dx%d k=%dx%d s=%d d=%d pad=%s oc=%d" % (kind, h, w, c, kh, kw, s, d, pad, oc)
    return _conv_case(kind, nrng, h, w, c, oc, kh, kw, s, d, pad, desc)


def gen_conv(rng: random.Random, nrng: np.random.RandomState) -> Case:
    """Few output channels (the output-side fold's layers)."""
    return _gen_conv_kind("conv", rng, nrng, (1, 16), 1, 1, (1, 8), (1, 3))


def gen_inconv(rng: random.Random, nrng: np.random.RandomState) -> Case:
    """Few input channels, K_w >= 2, dilations (the input-side pack's layers)."""
    return _gen_conv_kind("inconv", rng, nrng, (8, 24), 2, 2, (1, 3), (4, 40))


def gen_conv1d(rng: random.Random, nrng: np.random.RandomState) -> Case:
    """One row of 96..2048 positions, 2..16 -> 1..3 channels, kernel 3..15, stride 1."""
    w, kw = rng.randint(96, 2048), rng.randint(3, 15)
    pad = [0, 0, rng.randint(0, kw - 1), rng.randint(0, kw - 1)]
    c, oc = rng.randint(2, 16), rng.randint(1, 3)
    desc = "conv1d in=1x%dx%d k=1x%d pad=%s oc=%d" % (w, c, kw, pad, oc)
    return _conv_case("conv1d", nrng, 1, w, c, oc, 1, kw, 1, 1, pad, desc)


def gen_bconv1d(rng: random.Random, nrng: np.random.RandomState) -> Case:
    """One row of 96..2048 positions in whole 16-position blocks, otherwise as gen_conv1d."""
    w, kw = 16 * rng.randint(6, 128), rng.randint(3, 15)
    pad = [0, 0, rng.randint(0, kw - 1), rng.randint(0, kw - 1)]
    c, oc = rng.randint(2, 16), rng.randint(1, 3)
    desc = "bconv1d in=1x%dx%d k=1x%d pad=%s oc=%d" % (w, c, kw, pad, oc)
    return _conv_case("bconv1d", nrng, 1, w, c, oc, 1, kw, 1, 1, pad, desc)


def gen_dconv1d(rng: random.Random, nrng: np.random.RandomState) -> Case:
    """One row of 96..2048 positions, 2..16 -> 1..16 channels, kernel 3..11, dilation 2..5."""
    w, kw, d = rng.randint(96, 2048), rng.randint(3, 11), rng.randint(2, 5)
    span = (kw - 1) * d + 1
    pad = [0, 0, rng.randint(0, span - 1), rng.randint(0, span - 1)]
    c, oc = rng.randint(2, 16), rng.randint(1, 16)
    desc = "dconv1d in=1x%dx%d k=1x%d d=%d pad=%s oc=%d" % (w, c, kw, d, pad, oc)
    return _conv_case("dconv1d", nrng, 1, w, c, oc, 1, kw, 1, d, pad, desc)


def gen_tconv(rng: random.Random, nrng: np.random.RandomState) -> Case:
    while True:
        h, w = rng.randint(1, 8), rng.randint(1, 8)
        s = rng.randint(2, 4)
        k = rng.randint(1, 9)
        p = rng.randint(0, max(0, (k - 1) // 2))
        op = rng.randint(0, s - 1)
        oh = (h - 1) * s - 2 * p + k + op
        ow = (w - 1) * s - 2 * p + k + op
        if oh >= 1 and ow >= 1:
            break
    c, oc = rng.randint(1, 8), rng.randint(1, 3)
    x, wt, b = _tensors(nrng, (1, h, w, c), (oc, k, k, c), oc)
    ty = lambda s_: mlir_text.tensor_type(s_, "f32")  # noqa: E731
    out = (1, oh, ow, oc)
    body = [_const("w", wt), _const("b", b), _ZP,
            "    %%out = tosa.transpose_conv2d %%x, %%w, %%b, %%zp, %%zp {acc_type = f32, "
            "out_pad = array<i64: %d, %d, %d, %d>, stride = array<i64: %d, %d>} : (%s, %s, %s, "
            "tensor<1xf32>, tensor<1xf32>) -> %s" % (-p, -p + op, -p, -p + op, s, s,
                                                      ty(x.shape), ty(wt.shape), ty(b.shape),
                                                      ty(out))]
    xt = torch.from_numpy(x.astype(np.float64)).permute(0, 3, 1, 2)          # N, C, H, W
    wtt = torch.from_numpy(wt.astype(np.float64)).permute(3, 0, 1, 2)        # IC, OC, KH, KW
    ref = F.conv_transpose2d(xt, wtt, torch.from_numpy(b.astype(np.float64)), stride=s,
                             padding=p, output_padding=op)
    desc = "tconv in=%dx%dx%d s=%d k=%d p=%d op=%d oc=%d" % (h, w, c, s, k, p, op, oc)
    return Case("tconv", _function(x.shape, out, body), x, ref.permute(0, 2, 3, 1).numpy(), desc)


def gen_case(seed: int, idx: int, kinds) -> Case:
    rng = random.Random(seed * 1000003 + idx)
    nrng = np.random.RandomState((seed * 7919 + idx) % (2 ** 32))
    kind = kinds[idx % len(kinds)]
    return {"conv": gen_conv, "tconv": gen_tconv, "inconv": gen_inconv,
            "conv1d": gen_conv1d, "bconv1d": gen_bconv1d,
            "dconv1d": gen_dconv1d}[kind](rng, nrng)


def check_case(case: Case, tools: Toolchain, target: str,
               work: str) -> Tuple[Optional[str], str]:
    """(None when every strategy matched, else what failed; what `fold` did: "folded",
    "packed" or "")."""
    src = os.path.join(work, "in.mlir")
    with open(src, "w") as f:
        f.write(case.text)
    np.save(os.path.join(work, "x.npy"), case.x)
    folded = ""
    for strategy in FOLD_STRATEGIES:
        out = os.path.join(work, "%s.mlir" % strategy)
        tools.compile(src, out, target, strategy)
        if strategy == "fold":
            with open(out) as f:
                text = f.read()
            factor = re.search(r"accel.fold = array<i64: \d+, (\d+)>", text)
            wide = factor is not None and int(factor.group(1)) > PRESET_MAX_STRIDE
            blocked = any(k == s_ for k, s_ in re.findall(
                r"accel.window .*kernel_w = (\d+) : i64, stride_w = (\d+) : i64", text))
            folded = ("fold_pack_wide" if 'accel.strategy = "fold_pack"' in text and wide else
                      "fold_pack_rows" if 'accel.strategy = "fold_pack"' in text and
                      "accel.slice" in text else
                      "fold_pack" if 'accel.strategy = "fold_pack"' in text else
                      "folded" if "accel.fold = array" in text else
                      "rows" if 'accel.strategy = "pack"' in text and "accel.slice" in text
                      else "packed" if 'accel.strategy = "pack"' in text else "")
            if folded.startswith("fold_pack") and blocked:
                folded += "/blocked"
        tools.translate(out, out + ".bin")
        tools.simulate(out + ".bin", {"x": os.path.join(work, "x.npy")},
                       {"y": os.path.join(work, "y.npy")})
        got = np.load(os.path.join(work, "y.npy"))
        err = peak_rel_error(got, case.ref)
        if got.shape != case.ref.shape or err > SIM_TOLERANCE:
            return "%s: simulated error %.2e shape %s" % (strategy, err, got.shape), folded
    return None, folded


def run_one(seed: int, idx: int, kinds, tools: Toolchain,
            target: str) -> Tuple[Optional[str], str]:
    case = gen_case(seed, idx, kinds)
    with tempfile.TemporaryDirectory() as work:
        try:
            why, folded = check_case(case, tools, target, work)
        except (ToolError, RuntimeError, ValueError) as e:
            why, folded = "tool error: %s" % str(e).splitlines()[0][:300], ""
    return (None if why is None else "%d %s: %s" % (idx, case.desc, why)), folded


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kind", default="all", choices=KINDS + EXTRA_KINDS + ("all",))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--target", default="nvdla-large")
    ap.add_argument("--bin-dir", help="directory of accel-opt/-translate/-sim (default: PATH)")
    a = ap.parse_args(argv)
    kinds = KINDS if a.kind == "all" else (a.kind,)
    tools = Toolchain(a.bin_dir)
    start = time.time()
    progress = Progress(a.count, "fold oracle cases")
    results = []
    with cf.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        for result in pool.map(lambda i: run_one(a.seed, i, kinds, tools, a.target),
                               range(a.count)):
            results.append(result)
            progress.step(note="%d failed" % sum(r[0] is not None for r in results))
    progress.close()
    failures = [r[0] for r in results if r[0] is not None]
    fold_pack_blocked = sum(1 for r in results if r[1].endswith("/blocked"))
    results = [(why, tag.split("/")[0]) for why, tag in results]
    folded = sum(1 for r in results if r[1] == "folded")
    rows = sum(1 for r in results if r[1] == "rows")
    packed = rows + sum(1 for r in results if r[1] == "packed")
    fold_pack_rows = sum(1 for r in results if r[1] == "fold_pack_rows")
    fold_pack_wide = sum(1 for r in results if r[1] == "fold_pack_wide")
    fold_pack = fold_pack_rows + fold_pack_wide + sum(1 for r in results if r[1] == "fold_pack")
    counts = {k: sum(1 for i in range(a.count) if kinds[i % len(kinds)] == k) for k in kinds}
    print("fold oracle: %d cases (%s) on %s x %d strategies: %d passed, %d failed, %d folded "
          "under fold, %d packed (%d with kernel rows), %d folded and packed (%d with kernel rows), "
          "%d folded beyond the stride cap, %d read as blocks (seed %d, %.0fs)"
          % (a.count, ", ".join("%d %s" % (n, k) for k, n in counts.items()), a.target,
             len(FOLD_STRATEGIES), a.count - len(failures), len(failures), folded, packed,
             rows, fold_pack, fold_pack_rows, fold_pack_wide, fold_pack_blocked, a.seed,
             time.time() - start))
    for line in failures:
        print("FAIL " + line)
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
