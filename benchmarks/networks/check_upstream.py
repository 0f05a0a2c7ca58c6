#!/usr/bin/env python3
"""Validate the benchmark-network generator against oracles that are not ours.

For every network: generate its TOSA module (gen_tosa's code path), run it on the CPU through
upstream MLIR's TOSA → linalg → LLVM lowering and mlir-runner (accel_tools.oracle), run
the same spec and parameters in PyTorch (torch_ref's code path: NCHW, real BatchNorm in eval
mode, float64), and compare. This proves the generator (layouts, BN folding, FC column
permutation, padding conventions) right before accel's compiler is involved.

  /usr/bin/python3 check_upstream.py [NAME ...] [--preset ci|paper] [--set K=V] [--jobs 2]
                                     [--tol 1e-4] [--keep-dir DIR] [--mlir-opt P] [--mlir-runner P]

Metric (accel_tools.metrics.rel_error): max |tosa − torch| / max(1, max |torch|) over the whole output,
i.e. relative to the output's scale (absolute near zero). Pass: ≤ --tol (1e-4) for every
network. Prints one line per network and "check_upstream: PASSED" / "FAILED"; exit status 0
only when every network passes.
"""

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from accel_tools import netlib, oracle, specs
from accel_tools.metrics import rel_error
from accel_tools.tools import find_tool


def check_one(name: str, a) -> dict:
    t0 = time.time()
    spec = netlib.spec_from_args(a, name)
    params = netlib.build_params(spec)
    text = netlib.module_text(spec, params)
    x = netlib.random_input(spec, netlib.input_seed(spec))
    t1 = time.time()
    ref = netlib.torch_forward(spec, params, x, "float64")
    t2 = time.time()
    workdir = None
    if a.keep_dir:
        workdir = os.path.join(a.keep_dir, name)
        os.makedirs(workdir, exist_ok=True)
        with open(os.path.join(workdir, name + ".mlir"), "w") as f:
            f.write(text)
        np.save(os.path.join(workdir, "input.npy"), x)
        np.save(os.path.join(workdir, "torch.npy"), ref)
    tools = oracle.Tools(mlir_opt=find_tool("mlir-opt", explicit=a.mlir_opt),
                         mlir_runner=find_tool("mlir-runner", explicit=a.mlir_runner))
    res = dict(name=name, preset=spec["preset"], shape=spec["output_shape"],
               mparams=sum(netlib.param_count(l) for l in spec["layers"]) / 1e6,
               mmacs=sum(netlib.macs(l) for l in spec["layers"]) / 1e6,
               mlir_mb=len(text) / 1e6)
    try:
        got = oracle.run_tosa_network(text, [x], spec["name"], tools)[0]
    except Exception as e:  # a tool failure is a failed check, reported with its diagnostics
        res.update(error=str(e), rel=float("inf"), t_gen=t1 - t0, t_torch=t2 - t1,
                   t_upstream=time.time() - t2)
        return res
    t3 = time.time()
    if workdir:
        np.save(os.path.join(workdir, "upstream.npy"), got)
    res.update(rel=rel_error(got, ref), max_abs=float(np.max(np.abs(got - ref))),
               ref_max=float(np.max(np.abs(ref))), t_gen=t1 - t0, t_torch=t2 - t1,
               t_upstream=t3 - t2)
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    netlib.add_spec_args(ap, multiple=True)
    ap.add_argument("--jobs", type=int, default=1, help="networks checked in parallel")
    ap.add_argument("--tol", type=float, default=1e-4)
    ap.add_argument("--keep-dir", help="write each network's MLIR, input and outputs here")
    ap.add_argument("--mlir-opt")
    ap.add_argument("--mlir-runner")
    a = ap.parse_args(argv)
    names = a.names or specs.NAMES
    for n in names:
        if n not in specs.NAMES:
            ap.error("unknown network %r (known: %s)" % (n, ", ".join(specs.NAMES)))
    start = time.time()
    if a.jobs > 1:
        with ProcessPoolExecutor(max_workers=a.jobs) as pool:
            results = list(pool.map(check_one, names, [a] * len(names)))
    else:
        results = [check_one(n, a) for n in names]
    ok = True
    print("%-7s %-6s %-18s %8s %8s %8s  %-10s %9s  %s" % (
        "network", "preset", "output", "Mparams", "MMACs", "MLIR MB", "rel.error", "max|ref|",
        "time gen/torch/upstream (s)"))
    for r in results:
        passed = r["rel"] <= a.tol
        ok &= passed
        print("%-7s %-6s %-18s %8.2f %8.1f %8.1f  %-10.2e %9s  %.1f / %.1f / %.1f  %s" % (
            r["name"], r["preset"], "x".join(str(d) for d in r["shape"]), r["mparams"],
            r["mmacs"], r["mlir_mb"], r["rel"],
            "%.3g" % r["ref_max"] if "ref_max" in r else "-",
            r["t_gen"], r["t_torch"], r["t_upstream"], "ok" if passed else "FAIL"))
        if "error" in r:
            print("  " + r["error"].replace("\n", "\n  "))
    print("total wall time %.1f s (%d job%s)" % (time.time() - start, a.jobs,
                                                 "" if a.jobs == 1 else "s"))
    print("check_upstream: %s (metric max|tosa - torch| / max(1, max|torch|) <= %g)"
          % ("PASSED" if ok else "FAILED", a.tol))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
