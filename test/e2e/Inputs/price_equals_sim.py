#!/usr/bin/env python3
"""The price a transposed conv's strategy choice used, accel-estimate's estimate on the
emitted ops and the simulated cycles of those program layers are one number.

usage: price_equals_sim.py --bin BUILD/bin --work DIR [--networks a,b] [--targets t,u]

For every benchmark network (the `ci` preset, written by accel_tools.netlib as gen_tosa.py
writes it) and every target:
  1. `--accel-compile strategy=auto` records, on each transposed conv's result, the price of
     every strategy (`accel.strategy_cycles`);
  2. for each strategy S, `--accel-compile strategy=S`, emit, simulate: every op's
     `accel.est` cycles must equal the cycles accel-sim measures for its program layer, and
     the estimates of the ops a transposed conv was lowered to (same source location) must
     add up to the price (1) gave S.
Prints one row per (network, target, layer, strategy) and a verdict line; exits 1 on any
difference (the tolerance is zero).
"""
import argparse
import json
import os
import sys

import numpy as np

from accel_tools import mlir_text, netlib, specs
from accel_tools.tools import ToolError, find_tool, run_tool

NETWORKS = ["dcgan", "sngan", "fst", "artgan", "gpgan", "mde"]
TARGETS = ["nvdla-small", "nvdla-large", "tpu-systolic", "diannao"]
STRATEGIES = ["split", "stacked", "zero-insert"]


def compile_ir(bin_dir, source, target, strategy, out):
    """Compiles with every location kept; returns the IR as text, weights elided and every
    location printed inline."""
    opt = find_tool("accel-opt", bin_dir)
    run_tool("accel-opt", [opt, source,
                           "--accel-compile=target=%s strategy=%s" % (target, strategy),
                           "--mlir-print-debuginfo", "-o", out])
    return run_tool("accel-opt", [opt, out, "--mlir-print-debuginfo", "--mlir-print-local-scope",
                                  "--mlir-elide-elementsattrs-if-larger=16"]).stdout


def accel_ops(ir):
    """(kind, layer label, estimated cycles or None, strategy prices) of every accel op, in
    order. The label is the op's NameLoc, else file:line of the TOSA op it came from."""
    ops = []
    for op in mlir_text.parse_ops(ir):
        if not op.name.startswith("accel."):
            continue
        name, line = mlir_text.loc_info(op.loc)
        label = name if name else "line %s" % line
        prices = {k: mlir_text.int_attr(v)
                  for k, v in mlir_text.dict_attr(op.attr("accel.strategy_cycles")).items()}
        ops.append((op.name, label, mlir_text.estimate_cycles(op.attr("accel.est")), prices))
    return ops


def write_network(net, source, inp):
    spec = netlib.normalize(specs.get(net, "ci"))
    with open(source, "w") as f:
        f.write(netlib.module_text(spec, netlib.build_params(spec)))
    np.save(inp, netlib.random_input(spec, netlib.input_seed(spec)))


def check(args):
    failures = 0
    rows = 0
    for net in args.networks:
        source = os.path.join(args.work, net + ".mlir")
        inp = os.path.join(args.work, net + ".npy")
        write_network(net, source, inp)
        for target in args.targets:
            stem = os.path.join(args.work, "%s.%s" % (net, target))
            auto = accel_ops(compile_ir(args.bin, source, target, "auto", stem + ".auto.mlir"))
            prices = [(loc, p) for _, loc, _, p in auto if p]
            if not prices:
                print("FAIL: %s %s: no strategy prices recorded" % (net, target))
                failures += 1
            for strategy in STRATEGIES:
                planned = stem + "." + strategy + ".mlir"
                ops = accel_ops(compile_ir(args.bin, source, target, strategy, planned))
                program = stem + "." + strategy + ".accel"
                run_tool("accel-translate", [find_tool("accel-translate", args.bin),
                                             "--accel-to-bin", planned, "-o", program])
                report = json.loads(run_tool("accel-sim", [
                    find_tool("accel-sim", args.bin), program, "--input", "arg0=" + inp,
                    "--report=json"]).stdout)
                layers = report["layers"]
                estimated = [op for op in ops if op[2] is not None]
                if len(estimated) != len(layers):
                    print("FAIL: %s %s %s: %d estimated ops, %d program layers"
                          % (net, target, strategy, len(estimated), len(layers)))
                    failures += 1
                    continue
                by_loc = {}
                for (kind, loc, est, _), layer in zip(estimated, layers):
                    if est != layer["cycles"]:
                        print("FAIL: %s %s %s: %s at %s: est %d, simulated %d"
                              % (net, target, strategy, kind, loc, est, layer["cycles"]))
                        failures += 1
                    by_loc.setdefault(loc, [0, 0])
                    by_loc[loc][0] += est
                    by_loc[loc][1] += layer["cycles"]
                for loc, price in prices:
                    if strategy not in price:
                        continue            # infeasible on this target
                    est, sim = by_loc.get(loc, [0, 0])
                    ok = price[strategy] == est == sim
                    rows += 1
                    print("%s %-8s %-12s %-11s %s: choice %d est %d sim %d"
                          % ("ok  " if ok else "FAIL", net, target, strategy,
                             loc,
                             price[strategy], est, sim))
                    failures += not ok
    print("%d layer prices compared, %d differences" % (rows, failures))
    return failures == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True, help="directory with accel-opt, accel-translate, accel-sim")
    ap.add_argument("--work", required=True, help="scratch directory")
    ap.add_argument("--networks", default=",".join(NETWORKS))
    ap.add_argument("--targets", default=",".join(TARGETS))
    args = ap.parse_args()
    args.networks = args.networks.split(",")
    args.targets = args.targets.split(",")
    os.makedirs(args.work, exist_ok=True)
    try:
        ok = check(args)
    except ToolError as e:
        print("FAIL: %s" % e)
        ok = False
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
