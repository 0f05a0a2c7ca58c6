#!/usr/bin/env python3
"""Random single-layer transposed convolutions through the whole accel flow, against PyTorch.

For every configuration (fixed seed; config i depends only on (seed, i)):
  TOSA tosa.transpose_conv2d → accel-opt --accel-compile="target=T strategy=S"
  → accel-translate --accel-to-bin → accel-sim → compare with PyTorch conv_transpose2d.

f32: rel_err = max|sim − torch| / max(1, max|torch|) ≤ 1e-5 (torch in float64).
int8: i8 input and weights with zero points, i32 bias. The conversion turns the layer into
  accel ops with raw i32 results, which the backend cannot emit (its POST always requantizes)
  and TOSA's tosa.rescale is not converted, so the int8 flow is: accel-set-target +
  convert-tosa-to-accel → every accel op producing the layer's i32 result gets
  `requant_multiplier / requant_shift / output_zp` (and for some configs post_op relu), its
  result becomes i8 → accel-tile + accel-plan-memory → translate → sim. Expected result,
  exactly: acc = Σ (x − zp_x)(w − zp_w) + b (PyTorch float64, exact for these ranges);
  q = ((acc·M + 2^(shift−1)) >> shift) + zp_out; relu: max(q, zp_out); clamp to [−128, 127] —
  computed here in numpy int64 from the ISA's definition, independent of the compiler.

Configurations come from the oracle's generator (accel_tools.tconv.gen_config) (stride 1–4 and
kernel 1–7 per axis, input 1–8 per axis, batch 1–2, channels 1–8, PyTorch padding /
output_padding and TOSA-only out_pads, bias or zero bias, int8 zero points), with constant
weights (the conversion needs them), plus fixed large-channel / tiny-spatial layers. Each
config gets a target and a strategy (split, stacked, zero-insert, auto) from its own seed.

Work is batched: the configs of one (dtype, target, strategy) go into one function with one
argument and one result per config (accel.name x<i> / y<i>), so a batch is one compile, one
translate and one simulation. A failing batch is re-run one config at a time to name the
culprit; every failure is listed with the command that reproduces it.

  tconv_sweep.py                                   # CI size: 320 f32 + 100 int8 configs
  tconv_sweep.py --count 3000 --int8 800 --seed 7  # a bigger sweep
  tconv_sweep.py --only 17,42 --keep /tmp/sweep    # reproduce configs (same --seed)

Tools come from PATH (lit puts the build's bin/ there) or --bin. Exit status 1 on failure.
"""

import argparse
import concurrent.futures as cf
import dataclasses
import os
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict

import numpy as np

from accel_tools import mlir_text, tconv
from accel_tools.metrics import rel_error
from accel_tools.mlir_text import dense_attr, tensor_type
from accel_tools.reference import requantize
from accel_tools.tools import Toolchain, ToolError

STRATEGIES = ("split", "stacked", "zero-insert", "auto")
# nvdla-small carries most of the sweep (the benchmark target); the others check that
# tiling/emission for other array shapes, dataflows and buffer sizes is just as exact.
TARGETS = (("nvdla-small", 0.4), ("nvdla-large", 0.2), ("diannao", 0.2),
           ("tpu-systolic", 0.2))
F32_TOL = 1e-5


# ----------------------------------------------------------------------------------------------
# Configurations
# ----------------------------------------------------------------------------------------------

def _large_channel_configs():
    """Layers with many channels on tiny inputs (the first layers of the generators): tiling
    over C_in / C_out, weight-buffer pressure, multi-tile accumulation."""
    T = tconv.TransposeConvConfig.from_torch
    return [
        T(1, 256, 128, 2, 2, 4, 4, (2, 2), (1, 1), (0, 0)),
        T(1, 512, 64, 1, 1, 4, 4, (1, 1), (0, 0), (0, 0)),
        T(2, 96, 200, 3, 2, 3, 3, (2, 2), (1, 1), (1, 1)),
        T(1, 130, 70, 1, 3, 5, 5, (3, 3), (2, 2), (0, 2)),
        T(1, 64, 300, 2, 2, 2, 3, (2, 3), (0, 1), (1, 0)),
        T(1, 1000, 16, 1, 1, 3, 3, (2, 2), (0, 0), (0, 0)),
        T(1, 200, 96, 2, 2, 4, 4, (2, 2), (1, 1), (0, 0), dtype="i8", input_zp=-7,
          weight_zp=3),
        T(1, 72, 260, 1, 2, 3, 3, (3, 3), (0, 1), (2, 0), dtype="i8", input_zp=12,
          weight_zp=-1),
    ]


class Case:
    """One configuration with its data, assignment and expected result."""

    def __init__(self, seed, idx, cfg, large=False):
        self.seed, self.idx, self.cfg, self.large = seed, idx, cfg, large
        rng = np.random.default_rng([seed, idx, 1 if not large else 101])
        self.x, self.w, self.b = tconv.random_tconv_data(cfg, rng)
        if large and cfg.dtype == "f32":
            # Keep the output scale ~1 so the relative metric stays meaningful.
            self.w = (self.w / np.sqrt(cfg.ic * cfg.kh * cfg.kw)).astype(np.float32)
        pick = np.random.default_rng([seed, idx, 7])
        self.strategy = STRATEGIES[int(pick.integers(0, len(STRATEGIES)))]
        names, weights = zip(*TARGETS)
        self.target = names[int(pick.choice(len(names), p=weights))]
        self.requant = None
        ref = tconv.torch_reference(cfg, self.x, self.w, self.b)
        if cfg.dtype == "i8":
            acc = np.rint(ref).astype(np.int64)
            peak = max(1, int(np.max(np.abs(acc))))
            # Scale so that the largest |acc| maps to ~150: most values in range, a few
            # saturate. multiplier in [2^30, 2^31).
            desired = 150.0 / peak
            shift = 30 - int(np.floor(np.log2(desired)))
            mult = int(round(desired * 2.0 ** shift))
            while mult >= 1 << 31:
                shift -= 1
                mult = int(round(desired * 2.0 ** shift))
            shift = min(max(shift, 1), 63)
            zp = int(pick.integers(-20, 21))
            relu = bool(pick.random() < 0.3)
            self.requant = (mult, shift, zp, relu)
            self.ref = requantize(acc, mult, shift, zp, relu).astype(np.int8)
        else:
            self.ref = ref

    @property
    def name(self):
        return ("L%d" % self.idx) if self.large else str(self.idx)

    def describe(self):
        c = self.cfg
        s = ("#%s %s N=%d IC=%d OC=%d in=%dx%d K=%dx%d stride=%s out_pad=%s%s%s%s on %s "
             "strategy=%s" % (self.name, c.dtype, c.n, c.ic, c.oc, c.ih, c.iw, c.kh, c.kw,
                              list(c.stride), list(c.out_pad),
                              " (torch padding=%s output_padding=%s)"
                              % (list(c.padding), list(c.output_padding))
                              if c.padding is not None else " (TOSA-only out_pad)",
                              " zp=(%d,%d)" % (c.input_zp, c.weight_zp) if c.dtype == "i8"
                              else "", "" if c.bias else " zero-bias", self.target,
                              self.strategy))
        if self.requant:
            s += " requant(M=%d, shift=%d, zp=%d%s)" % (self.requant[:3] + (
                ", relu" if self.requant[3] else "",))
        return s


def make_cases(seed, count, int8, only=None, large=True):
    """`count` f32 and `int8` i8 configs from the oracle's generator, then the large ones."""
    cases, nf, ni, idx = [], 0, 0, 0
    wanted = None if only is None else {o for o in only if not o.startswith("L")}
    wanted_large = None if only is None else {o for o in only if o.startswith("L")}
    while nf < count or ni < int8:
        cfg = dataclasses.replace(tconv.gen_config(seed, idx), const_weights=True)
        is8 = cfg.dtype == "i8"
        if (ni < int8) if is8 else (nf < count):
            if is8:
                ni += 1
            else:
                nf += 1
            if wanted is None or str(idx) in wanted:
                cases.append(Case(seed, idx, cfg))
        idx += 1
        if wanted is not None and not wanted - {str(c.idx) for c in cases}:
            break
    if large:
        for i, cfg in enumerate(_large_channel_configs()):
            if (cfg.dtype == "i8" and not int8) or (cfg.dtype == "f32" and not count):
                continue
            if wanted_large is None or "L%d" % i in wanted_large:
                if only is None or wanted_large:
                    cases.append(Case(seed, i, cfg, large=True))
    return cases


# ----------------------------------------------------------------------------------------------
# Module text
# ----------------------------------------------------------------------------------------------

def sweep_module(cases):
    """One `func.func @sweep` with an argument x<i> and a result y<i> per case; every op of
    case i carries loc("tc<i>")."""
    args, results, body, rets = [], [], [], []
    for k, c in enumerate(cases):
        cfg, s = c.cfg, c.cfg.shapes()
        elt = cfg.dtype
        bias_elt = out_elt = "i32" if elt == "i8" else "f32"
        tx, tw = tensor_type(s["x"], elt), tensor_type(s["w"], elt)
        tb, ty = tensor_type(s["b"], bias_elt), tensor_type(s["y"], out_elt)
        tzp = tensor_type([1], elt)
        loc = ' loc("tc%s")' % c.name
        args.append('%%x%d: %s {accel.name = "x%s"}' % (k, tx, c.name))
        results.append('%s {accel.name = "y%s"}' % (ty, c.name))
        body.append('%%w%d = "tosa.const"() {values = %s} : () -> %s%s'
                    % (k, dense_attr(c.w, elt), tw, loc))
        body.append('%%b%d = "tosa.const"() {values = %s} : () -> %s%s'
                    % (k, dense_attr(c.b, bias_elt), tb, loc))
        for zname, v in (("izp", cfg.input_zp), ("wzp", cfg.weight_zp)):
            body.append('%%%s%d = "tosa.const"() {values = %s} : () -> %s%s'
                        % (zname, k, dense_attr(np.array([v]), elt), tzp, loc))
        body.append("%%y%d = tosa.transpose_conv2d %%x%d, %%w%d, %%b%d, %%izp%d, %%wzp%d "
                    "{acc_type = %s, out_pad = array<i64: %s>, stride = array<i64: %d, %d>} : "
                    "(%s, %s, %s, %s, %s) -> %s%s"
                    % (k, k, k, k, k, k, cfg.acc_type(), ", ".join(str(v) for v in cfg.out_pad),
                       cfg.stride[0], cfg.stride[1], tx, tw, tb, tzp, tzp, ty, loc))
        rets.append(("%%y%d" % k, ty))
    return ("func.func @sweep(%s) -> (%s) {\n  %s\n  return %s : %s\n}\n"
            % (", ".join(args), ", ".join(results), "\n  ".join(body),
               ", ".join(r for r, _ in rets), ", ".join(t for _, t in rets)))


_RANK4_I32 = re.compile(r"tensor<(\d+x\d+x\d+x\d+)xi32>")


def inject_requant(generic_ir, cases):
    """Requantizes every accel op that produces a layer's i32 result (generic form, locations
    as aliases; the module's weight blobs kept at its end): adds requant_multiplier / requant_shift / output_zp (and relu) to its
    properties; every rank-4 i32 activation becomes i8 (biases are rank 1 and stay i32)."""
    by_name = {c.name: c for c in cases}
    aliases = mlir_text.loc_aliases(generic_ir)
    out, touched = [], set()
    for line in generic_ir.splitlines():
        op = mlir_text.parse_op(line)
        if (op is not None and op.name in ("accel.conv2d", "accel.bias_fill")
                and any(t.endswith("xi32>") for t in op.result_types)):
            loc = mlir_text.loc_info(op.loc, aliases)[0] or ""
            case = loc[2:] if loc.startswith("tc") else None
            if case not in by_name:
                raise ValueError("an i32 producer without a case location: %s" % line[:300])
            mult, shift, zp, relu = by_name[case].requant
            props = ("output_zp = %d : i32, requant_multiplier = %d : i32, "
                     "requant_shift = %d : i32" % (zp, mult, shift))
            new = line.replace("output_zp = 0 : i32", props, 1)
            if new == line:
                new = line.replace("<{", "<{" + props + ", ", 1)
            if relu:
                new = new.replace("post_op = #accel.post_op<none>", "post_op = #accel.post_op<relu>", 1)
                if "#accel.post_op<relu>" not in new:
                    new = new.replace("<{", "<{post_op = #accel.post_op<relu>, ", 1)
            line = new
            touched.add(case)
        out.append(_RANK4_I32.sub(r"tensor<\1xi8>", line))
    missing = set(by_name) - touched
    if missing:
        raise ValueError("no i32 producer found for cases %s" % sorted(missing))
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------------------------
# Running
# ----------------------------------------------------------------------------------------------

def run_batch(tc, cases, target, strategy, workdir, tag):
    """Compiles, runs and checks `cases` as one program. Returns ({name: (ok, err, text)},
    repro) where repro names the files and commands of this batch."""
    os.makedirs(workdir, exist_ok=True)
    f = lambda suffix: os.path.join(workdir, tag + suffix)  # noqa: E731
    src = f(".mlir")
    with open(src, "w") as fh:
        fh.write(sweep_module(cases))
    is8 = cases[0].cfg.dtype == "i8"
    if is8:
        conv = f(".converted.mlir")
        tc.opt(src, conv, ["--pass-pipeline=builtin.module(accel-set-target{target=%s},"
                           "func.func(convert-tosa-to-accel{strategy=%s allow-i32-results=true}))" % (target, strategy),
                           "--mlir-print-op-generic"])
        with open(conv) as fh:
            injected = inject_requant(fh.read(), cases)
        inj = f(".requant.mlir")
        with open(inj, "w") as fh:
            fh.write(injected)
        tc.opt(inj, f(".acc.mlir"), ["--accel-tile", "--accel-plan-memory"])
    else:
        tc.compile(src, f(".acc.mlir"), target, strategy)
    tc.translate(f(".acc.mlir"), f(".accel"))
    inputs, outputs = {}, {}
    for c in cases:
        inputs["x" + c.name] = f(".x%s.npy" % c.name)
        outputs["y" + c.name] = f(".y%s.npy" % c.name)
        np.save(inputs["x" + c.name], c.x)
    tc.simulate(f(".accel"), inputs, outputs)
    res = {}
    for c in cases:
        got = np.load(outputs["y" + c.name])
        if is8:
            if got.shape != c.ref.shape or got.dtype != np.int8:
                res[c.name] = (False, float("inf"), "result %s %s, expected %s int8"
                               % (got.dtype, got.shape, c.ref.shape))
                continue
            bad = int(np.count_nonzero(got.astype(np.int64) != c.ref.astype(np.int64)))
            res[c.name] = (bad == 0, bad, "%d of %d elements differ" % (bad, got.size))
        else:
            err = rel_error(got, c.ref)
            res[c.name] = (err <= F32_TOL, err, "rel_err %.3g (tol %g)" % (err, F32_TOL))
    return res


def repro_text(tc, case, target, strategy, workdir, tag):
    src = os.path.join(workdir, tag + ".mlir")
    acc = os.path.join(workdir, tag + ".acc.mlir")
    prog = os.path.join(workdir, tag + ".accel")
    if case.cfg.dtype == "i8":
        first = ("accel-opt %s --pass-pipeline='builtin.module(accel-set-target{target=%s},"
                 "func.func(convert-tosa-to-accel{strategy=%s allow-i32-results=true}))' --mlir-print-op-generic "
                 "--mlir-print-debuginfo  (then the requant injection: "
                 "%s.requant.mlir) | accel-opt --accel-tile --accel-plan-memory"
                 % (src, target, strategy, tag))
    else:
        first = 'accel-opt %s --accel-compile="target=%s strategy=%s" -o %s' % (
            src, target, strategy, acc)
    return ("%s\n      accel-translate --accel-to-bin %s -o %s\n      accel-sim %s --input "
            "x%s=%s --output y%s=OUT.npy" % (first, acc, prog, prog, case.name,
                                             os.path.join(workdir, "%s.x%s.npy" % (tag, case.name)),
                                             case.name))


def run_group(tc, cases, target, strategy, workdir, tag):
    """run_batch, and on a tool failure one config at a time. Returns {name: result} and a
    list of failure texts."""
    try:
        return run_batch(tc, cases, target, strategy, workdir, tag), []
    except (ToolError, ValueError) as e:
        if len(cases) == 1:
            c = cases[0]
            return ({c.name: (False, float("inf"), "tool failure")},
                    ["%s\n    %s\n    reproduce: %s" % (
                        c.describe(), str(e).strip().replace("\n", "\n    ")[:3000],
                        repro_text(tc, c, target, strategy, workdir, tag))])
        res, fails = {}, []
        for c in cases:
            r, f = run_group(tc, [c], target, strategy, workdir, "%s_single%s" % (tag, c.name))
            res.update(r)
            fails += f
        if not fails:
            fails.append("%s/%s: batch %s fails but each config passes alone: %s"
                         % (target, strategy, os.path.join(workdir, tag + ".mlir"), e))
        return res, fails


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__[__doc__.index("\n\n") + 2:])
    ap.add_argument("--count", type=int, default=320, help="f32 configs (default 320)")
    ap.add_argument("--int8", type=int, default=100, help="int8 configs (default 100)")
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--only", help="comma-separated config names (17, L3) with the same --seed")
    ap.add_argument("--no-large", action="store_true", help="skip the large-channel configs")
    ap.add_argument("--batch", type=int, default=48, help="max configs per program")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--bin", help="directory of accel-opt/-translate/-sim (default: PATH)")
    ap.add_argument("--keep", help="write all files here and keep them (default: a temp dir, "
                                   "kept only when something fails)")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args(argv)
    start = time.perf_counter()
    tc = Toolchain(a.bin)
    only = a.only.split(",") if a.only else None
    cases = make_cases(a.seed, a.count, a.int8, only, large=not a.no_large)
    ref_time = time.perf_counter() - start

    groups = defaultdict(list)
    for c in cases:
        groups[(c.cfg.dtype, c.target, c.strategy)].append(c)
    jobs = []
    for (dtype, target, strategy), members in sorted(groups.items()):
        for i in range(0, len(members), a.batch):
            jobs.append((dtype, target, strategy, members[i:i + a.batch],
                         "%s_%s_%s_%d" % (dtype, target, strategy, i // a.batch)))
    workdir = a.keep or tempfile.mkdtemp(prefix="tconv-sweep-")
    results, failures = {}, []
    with cf.ThreadPoolExecutor(max(1, a.jobs)) as pool:
        futures = {pool.submit(run_group, Toolchain(a.bin), members, target, strategy, workdir,
                               tag): (dtype, target, strategy, members)
                   for dtype, target, strategy, members, tag in jobs}
        for fut in cf.as_completed(futures):
            dtype, target, strategy, members = futures[fut]
            res, fails = fut.result()
            failures += fails
            for c in members:
                results[c.name] = (c, res.get(c.name, (False, float("inf"), "no result")))

    # Summary per dtype × strategy and per target.
    worst = defaultdict(lambda: [0, 0.0])
    for c, (ok, err, text) in results.values():
        for key in ((c.cfg.dtype, "strategy", c.strategy), (c.cfg.dtype, "target", c.target)):
            worst[key][0] += 1
            worst[key][1] = max(worst[key][1], err)
        if not ok and text != "tool failure":
            failures.append("%s: %s" % (c.describe(), text))
        if a.verbose:
            print("%s %s: %s" % ("ok  " if ok else "FAIL", c.describe(), text))
    nf = sum(1 for c, _ in results.values() if c.cfg.dtype == "f32")
    ni = len(results) - nf
    print("tconv sweep (seed %d): %d f32 configs (tol %g), %d int8 configs (exact), %d programs, "
          "%.1f s (%.1f s references)" % (a.seed, nf, F32_TOL, ni, len(jobs),
                                           time.perf_counter() - start, ref_time))
    for key in sorted(worst):
        dtype, kind, name = key
        n, e = worst[key]
        if e == float("inf"):
            worst_text = "FAILED"
        elif dtype == "f32":
            worst_text = "rel_err %.2g" % e
        else:
            worst_text = "%d differing elements" % e
        print("  %-4s %-8s %-13s %4d configs, worst %s" % (dtype, kind, name, n, worst_text))
    if failures:
        print("FAILED: %d problem(s); files in %s" % (len(failures), workdir))
        for f in failures:
            print("  - " + f)
        return 1
    if not a.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    print("all %d configs passed" % len(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
