"""Random oracle sweep: 3-D transposed convolutions (ONNX ConvTranspose, rank 5), against PyTorch.

Every case is a torch.nn.ConvTranspose3d with random sizes, kernel (1..4 per axis), stride
(1..3 per axis, anisotropic ones such as (2, 2, 1) included), padding, output_padding,
dilation (1..2) and groups (1..2), exported to ONNX by torch.onnx.export and imported with
`accel-translate --import-onnx`, which writes it as its exact phase decomposition (one
tosa.conv3d per phase, interleaved with reshape / concat). Checks, all against PyTorch in
float64 (never against accel's own code):
  * every case: the imported TOSA, run on the CPU by upstream MLIR (mlir-opt tosa -> linalg
    + mlir-runner), must match within 1e-4;
  * `kernel = stride` cases (no padding, dilation 1: each phase is one tap, a 1x1x1 conv)
    also run on the accelerator: `accel-opt --accel-compile` (split and auto), accel-translate,
    accel-sim, within 1e-4. Every third case is of that kind.

Usage: python3 -m accel_tools.tconv3d_oracle [--count N] [--seed S] [--no-sim]
Prints one line per failing case and a summary; exit status 0 when every case passed.
"""

import argparse
import concurrent.futures as cf
import os
import random
import sys
import tempfile
import threading
import time
from typing import Optional

import numpy as np
import torch

from accel_tools.metrics import peak_rel_error
from accel_tools.oracle import run_tosa_network
from accel_tools.progress import Progress
from accel_tools.tools import Toolchain, ToolError

TOLERANCE = 1e-4
STRATEGIES = ("split", "auto")
# torch.onnx.export keeps global state: one export at a time.
_EXPORT_LOCK = threading.Lock()


class Case:
    """One random ConvTranspose3d: its module, input, reference and description."""

    def __init__(self, module, x: np.ndarray, desc: str, on_accel: bool):
        self.module, self.x, self.desc, self.on_accel = module, x, desc, on_accel
        with torch.no_grad():
            ref = module.double()(torch.from_numpy(x.astype(np.float64)))
        self.ref = ref.numpy()
        module.float()


def _general(rng: random.Random):
    while True:
        size = [rng.randint(1, 4) for _ in range(3)]
        stride = [rng.randint(1, 3) for _ in range(3)]
        if rng.random() < 0.25:
            stride = [2, 2, 1]
        kernel = [rng.randint(1, 4) for _ in range(3)]
        dil = [rng.choice((1, 1, 2)) for _ in range(3)]
        pad = [rng.randint(0, (k - 1) * d) for k, d in zip(kernel, dil)]
        opad = [rng.randint(0, max(s, d) - 1) for s, d in zip(stride, dil)]
        out = [(i - 1) * s - 2 * p + d * (k - 1) + op + 1
               for i, s, p, d, k, op in zip(size, stride, pad, dil, kernel, opad)]
        if min(out) >= 1:
            return size, stride, kernel, dil, pad, opad


def gen_case(seed: int, idx: int) -> Case:
    rng = random.Random(seed * 1000003 + idx)
    on_accel = idx % 3 == 0
    if on_accel:
        size = [rng.randint(1, 4) for _ in range(3)]
        stride = [2, 2, 1] if rng.random() < 0.3 else [rng.randint(1, 3) for _ in range(3)]
        kernel, dil, pad, opad = list(stride), [1, 1, 1], [0, 0, 0], [0, 0, 0]
        groups = 1
    else:
        size, stride, kernel, dil, pad, opad = _general(rng)
        groups = rng.choice((1, 1, 2))
    cin, cout = groups * rng.randint(1, 3), groups * rng.randint(1, 3)
    torch.manual_seed(seed * 7919 + idx)
    module = torch.nn.ConvTranspose3d(cin, cout, kernel, stride=stride, padding=pad,
                                      output_padding=opad, groups=groups, dilation=dil,
                                      bias=rng.random() < 0.8).eval()
    x = np.random.RandomState((seed * 7919 + idx) % 2 ** 32).uniform(
        -1, 1, (1, cin) + tuple(size)).astype(np.float32)
    desc = ("in=%dx%s k=%s s=%s p=%s op=%s d=%s g=%d oc=%d"
            % (cin, "x".join(map(str, size)), kernel, stride, pad, opad, dil, groups, cout))
    return Case(module, x, desc, on_accel)


def check_case(case: Case, tools: Toolchain, target: str, work: str, sim: bool) -> Optional[str]:
    """None when every check passed, else what failed."""
    model = os.path.join(work, "m.onnx")
    with _EXPORT_LOCK:
        torch.onnx.export(case.module, (torch.from_numpy(case.x),), model, input_names=["x"],
                          output_names=["y"], opset_version=13)
    src = os.path.join(work, "in.mlir")
    tools.run("accel-translate --import-onnx",
              [tools.accel_translate, "--import-onnx", model, "-o", src])
    with open(src) as f:
        text = f.read()
    got = run_tosa_network(text, [case.x], workdir=work)[0]
    err = peak_rel_error(got, case.ref)
    if got.shape != case.ref.shape or err > TOLERANCE:
        return "imported TOSA (upstream CPU) error %.2e shape %s" % (err, got.shape)
    if not (sim and case.on_accel):
        return None
    np.save(os.path.join(work, "x.npy"), case.x)
    for strategy in STRATEGIES:
        out = os.path.join(work, "%s.mlir" % strategy)
        tools.compile(src, out, target, strategy)
        with open(out) as f:
            if "accel.conv2d" not in f.read():
                return "%s: no accel.conv2d in the compiled program" % strategy
        tools.translate(out, out + ".bin")
        tools.simulate(out + ".bin", {"x": os.path.join(work, "x.npy")},
                       {"y": os.path.join(work, "y.npy")})
        got = np.load(os.path.join(work, "y.npy"))
        err = peak_rel_error(got, case.ref)
        if got.shape != case.ref.shape or err > TOLERANCE:
            return "%s: simulated error %.2e shape %s" % (strategy, err, got.shape)
    return None


def run_one(seed: int, idx: int, tools: Toolchain, target: str, sim: bool) -> Optional[str]:
    case = gen_case(seed, idx)
    with tempfile.TemporaryDirectory() as work:
        try:
            why = check_case(case, tools, target, work, sim)
        except (ToolError, RuntimeError, ValueError) as e:
            why = "tool error: %s" % str(e).splitlines()[0][:300]
    return None if why is None else "%d %s: %s" % (idx, case.desc, why)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=150)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--target", default="nvdla-small")
    ap.add_argument("--no-sim", action="store_true",
                    help="only the upstream-MLIR check (no accelerator runs)")
    ap.add_argument("--bin-dir", help="directory of accel-opt/-translate/-sim (default: PATH)")
    a = ap.parse_args(argv)
    tools = Toolchain(a.bin_dir)
    start = time.time()
    progress = Progress(a.count, "tconv3d oracle cases")
    results = []
    with cf.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        for result in pool.map(lambda i: run_one(a.seed, i, tools, a.target, not a.no_sim),
                               range(a.count)):
            results.append(result)
            progress.step(note="%d failed" % sum(r is not None for r in results))
    progress.close()
    failures = [r for r in results if r is not None]
    accel_cases = 0 if a.no_sim else sum(1 for i in range(a.count) if i % 3 == 0)
    print("tconv3d oracle: %d cases (%d also through accel-sim, %s) on %s: %d passed, "
          "%d failed (seed %d, %.0fs)"
          % (a.count, accel_cases, "/".join(STRATEGIES), a.target, a.count - len(failures),
             len(failures), a.seed, time.time() - start))
    for line in failures:
        print("FAIL " + line)
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
