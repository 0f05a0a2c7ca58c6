#!/usr/bin/env python3
"""Differential test of tosa.transpose_conv2d lowerings against oracles that are not ours.

For random transposed convolutions (fixed seed) this runs, on the same inputs and weights:
  ours      accel-opt --accel-split-transpose-conv=strategy=S, then upstream MLIR's CPU lowering
            and mlir-runner (one run per strategy);
  upstream  upstream MLIR's CPU lowering alone, i.e. its own --tosa-optional-decompositions;
  torch     PyTorch conv_transpose2d in float64 (for int8: Σ (x − zp_x)(w − zp_w) + bias, exact);
and compares ours vs torch, upstream vs torch and ours vs upstream.

Error measure (f32): rel_err = max|a − b| / max(1, max|b|), b the reference; pass if ≤ --tol
(default 1e-5). int8 (i32 result): bit-exact. A strategy's output that still contains
tosa.transpose_conv2d is a failure (it would silently fall back to upstream's decomposition).

Configurations: stride 1–4 and kernel 1–7 per axis (independent), input 1–8 per axis, batch 1–2,
channels 1–8; PyTorch padding 0..K−1 and output_padding 0..S−1 per axis (PyTorch's range
restricted to what TOSA can express: out_pad = (−p, −p + op) must be > −K), plus a share of
TOSA-only out_pads (positive or > S−1, where the extra border holds only the bias); bias random or
zero (zero is still an operand); weights as constants or as function arguments; ~25% int8 with
random zero points and i32 accumulation. Config i depends only on (seed, i).

Many configs share one module (one function each, one @main printing all results) to amortize
tool start-up; a module that fails is re-run one config at a time to name the culprit.

Run with python/ on PYTHONPATH (lit sets it; by hand `export PYTHONPATH=$PWD/python` in the
source tree):

  /usr/bin/python3 transpose_conv_oracle.py                      # upstream vs torch, 300 configs
  /usr/bin/python3 transpose_conv_oracle.py --accel-opt build/bin/accel-opt --strategy all
  /usr/bin/python3 transpose_conv_oracle.py --seed 1 --count 5000 --jobs 8 ...   # larger sweep
  /usr/bin/python3 transpose_conv_oracle.py --only 17 --keep ...  # reproduce one config

Exit status: 0 if every comparison passed, 1 otherwise (the summary lists each failure with the
command that reproduces it and the kept files).
"""

import argparse
import concurrent.futures as cf
import json
import os
import shutil
import sys
import tempfile
import time

import numpy as np

import accel_tools
from accel_tools import oracle, tconv
from accel_tools.metrics import rel_error
from accel_tools.tools import ToolError, find_tool, run_tool

STRATEGIES = ("split", "stacked", "zero-insert")


# Configurations come from accel_tools.tconv.gen_config (shared with test/e2e's sweep).


def upstream_excluded(cfg: tconv.TransposeConvConfig):
    """Reason to keep a config out of the upstream comparison, or None.

    Known deviations of MLIR 22's TosaDecomposeTransposeConv from PyTorch go here, each with its
    evidence. None so far: with Debian's MLIR 22.1.8 upstream matched PyTorch on all 13,300
    configs tried (seeds 20240611 ×300, 7 ×3000, 99 ×10000; ~15% TOSA-only out_pads) and on
    hand-picked extremes (out_pad −6 with K=7, +20, mixed signs, strides up to 4, int8 with zero
    points), so nothing is excluded."""
    return None


# ----------------------------------------------------------------------------------------------
# Running
# ----------------------------------------------------------------------------------------------

class Case:
    __slots__ = ("idx", "cfg", "x", "w", "b", "ref")

    def __init__(self, seed, idx):
        self.idx, self.cfg = idx, tconv.gen_config(seed, idx)
        self.x, self.w, self.b = tconv.gen_data(seed, idx, self.cfg)
        self.ref = tconv.torch_reference(self.cfg, self.x, self.w, self.b)

    def item(self):
        return ("tc_%d" % self.idx, self.cfg, self.x, self.w, self.b)

    def describe(self):
        c = self.cfg
        return ("#%d %s N=%d IC=%d OC=%d in=%dx%d K=%dx%d stride=%s out_pad=%s%s%s%s%s"
                % (self.idx, c.dtype, c.n, c.ic, c.oc, c.ih, c.iw, c.kh, c.kw, list(c.stride),
                   list(c.out_pad),
                   " (torch padding=%s output_padding=%s)" % (list(c.padding),
                                                            list(c.output_padding))
                   if c.padding is not None else " (TOSA-only out_pad)",
                   " zp=(%d,%d)" % (c.input_zp, c.weight_zp) if c.dtype == "i8" else "",
                   "" if c.bias else " zero-bias",
                   "" if c.const_weights else " weights-as-args"))


def variant_cmd(variant, accel_opt):
    if variant == "upstream":
        return None
    return [accel_opt, "--accel-split-transpose-conv=strategy=%s" % variant]


def _reject_leftover(text):
    if "tosa.transpose_conv2d" in text:
        raise ToolError("pre-pass output check", ["grep", "tosa.transpose_conv2d"], 1,
                           "the pass left a tosa.transpose_conv2d in its output")


def run_cases(cases, variant, tools, accel_opt, workdir, tag):
    """Runs `cases` in one module; returns ({idx: ndarray | failure text}, [module failures])."""
    cmd = variant_cmd(variant, accel_opt)
    funcs, driver = tconv.emit_tconv_module([c.item() for c in cases])
    try:
        out = oracle.run_module(funcs, driver, tools, cmd, workdir, tag,
                            check_pre=_reject_leftover if cmd else None)
        printed = oracle.parse_printed_memrefs(out)
        if len(printed) != len(cases):
            raise ToolError("result parsing", ["(runner output)"], 0,
                               "expected %d printed results, got %d" % (len(cases), len(printed)))
    except ToolError as e:
        if len(cases) == 1:
            return {cases[0].idx: str(e)}, []
        res = {}  # isolate the culprit(s), one config per module
        for c in cases:
            res.update(run_cases([c], variant, tools, accel_opt, workdir,
                                 "%s_single%d" % (variant, c.idx))[0])
        if all(isinstance(v, np.ndarray) for v in res.values()):
            # Fails only in company: report the module, never hide it.
            return res, ["%s: module %s fails but each of its configs passes alone: %s"
                         % (variant, os.path.join(workdir, tag + ".full.mlir"), e)]
        return res, []
    res = {}
    for c, v in zip(cases, printed):
        shape = c.cfg.shapes()["y"]
        if v.size != int(np.prod(shape)):
            res[c.idx] = "result has %d elements, expected %s" % (v.size, shape)
        else:
            res[c.idx] = oracle.decode_printed(v, "i32" if c.cfg.dtype == "i8" else "f32").reshape(shape)
    return res, []


def compare(got, ref, cfg, tol):
    """(ok, error, text): error is rel_err for f32, the count of differing elements for i8."""
    if cfg.dtype == "i8":
        bad = int(np.count_nonzero(np.asarray(got, np.int64) != np.asarray(ref).astype(np.int64)))
        return bad == 0, bad, "%d of %d elements differ" % (bad, np.asarray(ref).size)
    err = rel_error(got, ref)
    return err <= tol, err, "rel_err %.3g (tol %g)" % (err, tol)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__[__doc__.index("\n\n") + 2:])
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--only", help="comma-separated config indices (with the same --seed)")
    ap.add_argument("--accel-opt", help="accel-opt to test; without it only upstream vs torch")
    ap.add_argument("--mlir-opt")
    ap.add_argument("--mlir-runner")
    ap.add_argument("--strategy", default="all", choices=STRATEGIES + ("all",))
    ap.add_argument("--no-upstream", action="store_true", help="skip the upstream runs")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--batch-size", type=int, default=0,
                    help="configs per module (default: count / (2·jobs), capped at 40)")
    ap.add_argument("--tol", type=float, default=1e-5)
    ap.add_argument("--timeout", type=float, default=300, help="seconds per tool invocation")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir even on success")
    ap.add_argument("--max-report", type=int, default=20, help="failing configs listed in full")
    a = ap.parse_args(argv)

    import torch
    torch.set_num_threads(1)
    t0 = time.time()
    tools = oracle.Tools(mlir_opt=find_tool("mlir-opt", explicit=a.mlir_opt),
                         mlir_runner=find_tool("mlir-runner", explicit=a.mlir_runner),
                         timeout=a.timeout)
    accel_opt = find_tool("accel-opt", explicit=a.accel_opt) if a.accel_opt else None
    if accel_opt and "accel-split-transpose-conv" not in run_tool(
            "accel-opt --help", [accel_opt, "--help"]).stdout:
        print("error: %s has no --accel-split-transpose-conv pass" % accel_opt)
        return 2
    indices = [int(v) for v in a.only.split(",")] if a.only else list(range(a.count))
    cases = {i: Case(a.seed, i) for i in indices}
    variants = [] if a.no_upstream else ["upstream"]
    if accel_opt:
        variants += list(STRATEGIES) if a.strategy == "all" else [a.strategy]
    if not variants:
        ap.error("nothing to run (--no-upstream without --accel-opt)")
    excluded = {i: r for i, c in cases.items() for r in [upstream_excluded(c.cfg)] if r}
    t_ref = time.time() - t0

    workdir = tempfile.mkdtemp(prefix="tconv-oracle-")
    bs = a.batch_size or max(1, min(40, -(-len(indices) // (2 * max(1, a.jobs)))))
    tasks = []
    for v in variants:
        ids = [i for i in indices if not (v == "upstream" and i in excluded)]
        for k in range(0, len(ids), bs):
            tasks.append((v, [cases[i] for i in ids[k:k + bs]], "%s_b%d" % (v, k // bs)))
    results = {v: {} for v in variants}
    module_failures = []
    with cf.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        futs = {pool.submit(run_cases, cs, v, tools, accel_opt, workdir, tag): v
                for v, cs, tag in tasks}
        for f in cf.as_completed(futs):
            res, mod_fail = f.result()
            results[futs[f]].update(res)
            module_failures += mod_fail
    t_run = time.time() - t0 - t_ref

    # ------------------------------------------------------------------ compare
    failures = {}          # idx -> [text]
    failed_by_variant = {v: set() for v in variants}
    worst = {}             # comparison name -> (rel_err, idx), f32 only
    for v in variants:
        refs = [("torch", lambda i: cases[i].ref)]
        if v != "upstream" and "upstream" in results:
            refs.append(("upstream", lambda i: results["upstream"].get(i)))
        for i in indices:
            if v == "upstream" and i in excluded:
                continue
            got, c = results[v].get(i), cases[i]
            if not isinstance(got, np.ndarray):
                failures.setdefault(i, []).append("%s: did not run: %s" % (v, got))
                failed_by_variant[v].add(i)
                continue
            for ref_name, ref_of in refs:
                ref = ref_of(i)
                if not isinstance(ref, np.ndarray):
                    continue  # upstream failed or excluded for this config
                ok, err, text = compare(got, ref, c.cfg, a.tol)
                name = "%s vs %s" % (v, ref_name)
                if not ok:
                    failures.setdefault(i, []).append("%s: %s" % (name, text))
                    failed_by_variant[v].add(i)
                if c.cfg.dtype == "f32" and (name not in worst or err > worst[name][0]):
                    worst[name] = (err, i)

    # ------------------------------------------------------------------ report
    cfgs = [cases[i].cfg for i in indices]
    n_i8 = sum(c.dtype == "i8" for c in cfgs)
    print("transpose_conv oracle: %d configs (seed %d): %d f32, %d int8, %d TOSA-only out_pad, "
          "%d weights-as-args, %d zero-bias; %d modules of <= %d configs"
          % (len(indices), a.seed, len(indices) - n_i8, n_i8,
             sum(c.padding is None for c in cfgs), sum(not c.const_weights for c in cfgs),
             sum(not c.bias for c in cfgs), len(tasks), bs))
    axes = [(k, st) for c in cfgs for k, st in ((c.kh, c.stride[0]), (c.kw, c.stride[1]))]
    print("  coverage: stride>1 axes %d, K<S axes %d, K%%S!=0 axes %d, stride_h!=stride_w %d, "
          "input dim 1: %d, positive out_pad: %d"
          % (sum(st > 1 for k, st in axes), sum(k < st for k, st in axes),
             sum(st > 1 and k % st != 0 for k, st in axes),
             sum(c.stride[0] != c.stride[1] for c in cfgs),
             sum(c.ih == 1 or c.iw == 1 for c in cfgs), sum(max(c.out_pad) > 0 for c in cfgs)))
    for v in variants:
        ran = [i for i in indices if not (v == "upstream" and i in excluded)]
        bad = failed_by_variant[v]
        print("  %-12s %d/%d configs passed (int8 bit-exact: %d/%d)%s" % (
            v + ":", len(ran) - len(bad), len(ran),
            sum(cases[i].cfg.dtype == "i8" for i in ran if i not in bad),
            sum(cases[i].cfg.dtype == "i8" for i in ran),
            "" if v == "upstream" else " vs torch%s" % (" and upstream" if "upstream" in variants
                                                         else "")))
    for name in sorted(worst):
        err, i = worst[name]
        print("  worst f32 %-24s rel_err %.3g (config #%d)" % (name + ":", err, i))
    if excluded:
        print("  excluded from the upstream comparison: %d config(s): %s" % (
            len(excluded), "; ".join("#%d: %s" % kv for kv in sorted(excluded.items())[:5])))
    print("  time: configs and references %.1fs, MLIR runs %.1fs (%d jobs)" % (t_ref, t_run,
                                                                                 a.jobs))

    if not failures and not module_failures:
        if a.keep:
            print("  files kept in %s" % workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
        print("PASSED")
        return 0

    print("FAILED: %d config(s)%s" % (len(failures), ", %d module-level failure(s)"
                                       % len(module_failures) if module_failures else ""))
    for m in module_failures:
        print("  " + m.strip().replace("\n", "\n      ")[:3000])
    repro = os.path.join(workdir, "repro")
    os.makedirs(repro, exist_ok=True)
    for n, i in enumerate(sorted(failures)):
        c = cases[i]
        path = os.path.join(repro, "tc_%d.mlir" % i)
        funcs, driver = tconv.emit_tconv_module([c.item()])
        with open(path, "w") as f:
            f.write(funcs)
        with open(os.path.join(repro, "tc_%d.run.mlir" % i), "w") as f:
            f.write(oracle.insert_into_module(funcs, driver))
        with open(os.path.join(repro, "tc_%d.json" % i), "w") as f:
            json.dump(c.cfg.to_dict(), f)
        if n >= a.max_report:
            continue
        print("  " + c.describe())
        for d in failures[i]:
            print("      " + d.strip().replace("\n", "\n      ")[:3000])
        strats = sorted({d.split(" ")[0].rstrip(":") for d in failures[i]} & set(STRATEGIES))
        print("      reproduce: PYTHONPATH=%s %s %s --seed %d --only %d%s --keep"
              % (accel_tools.PYTHON_DIR, sys.executable, os.path.abspath(__file__), a.seed, i,
                 " --accel-opt %s --strategy %s" % (accel_opt, strats[0] if len(strats) == 1
                                                    else a.strategy) if accel_opt else ""))
        print("      the transpose_conv2d alone: %s (with @main printing it: tc_%d.run.mlir)"
              % (path, i))
        for s in strats:
            print("      pass alone: %s %s --accel-split-transpose-conv=strategy=%s"
                  % (accel_opt, path, s))
    if len(failures) > a.max_report:
        print("  ... %d more failing configs: %s" % (
            len(failures) - a.max_report,
            ",".join(str(i) for i in sorted(failures)[a.max_report:])))
    print("  files kept in %s (reproducer modules and configs in repro/)" % workdir)
    return 1


if __name__ == "__main__":
    sys.exit(main())
