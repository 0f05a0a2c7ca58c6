#!/usr/bin/env python3
"""The price a transposed conv's strategy choice used, accel-estimate's estimate on the
emitted ops and the simulated cycles of those program layers are one number.

usage: price_equals_sim.py --bin BUILD/bin --work DIR [--networks a,b] [--targets t,u]

For every benchmark network (the `ci` preset of benchmarks/networks/gen_tosa.py, run as a
tool) and every target:
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
import re
import subprocess
import sys

NETWORKS = ["dcgan", "sngan", "fst", "artgan", "gpgan", "mde"]
TARGETS = ["nvdla-small", "nvdla-large", "tpu-systolic", "diannao"]
STRATEGIES = ["split", "stacked", "zero-insert"]
HERE = os.path.dirname(os.path.abspath(__file__))
GEN_TOSA = os.path.join(HERE, "..", "..", "..", "benchmarks", "networks", "gen_tosa.py")

_OP = re.compile(r"^\s*(?:%\S+ = )?\"?(accel\.\w+)\"?.*\sloc\((.*)\)\s*$")
_EST = re.compile(r"accel\.est = #accel\.estimate<cycles = (\d+)")
_CHOICE = re.compile(r"accel\.strategy_cycles = \{([^}]*)\}")
_ENTRY = re.compile(r'"?([\w-]+)"? = (\d+) : i64')


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("FAIL: %s\n%s" % (" ".join(cmd), p.stderr.strip()))
    return p.stdout


def compile_ir(bin_dir, source, target, strategy, out):
    run([os.path.join(bin_dir, "accel-opt"), source,
         "--accel-compile=target=%s strategy=%s" % (target, strategy),
         "--mlir-print-debuginfo", "-o", out])
    # The same IR as text with weights elided and every location inline.
    return run([os.path.join(bin_dir, "accel-opt"), out, "--mlir-print-debuginfo",
                "--mlir-print-local-scope", "--mlir-elide-elementsattrs-if-larger=16"])


def accel_ops(ir):
    """(kind, location, est_cycles or None, strategy prices) of every accel op, in order."""
    ops = []
    for line in ir.splitlines():
        m = _OP.match(line)
        if not m:
            continue
        est = _EST.search(line)
        choice = _CHOICE.search(line)
        prices = {k: int(v) for k, v in _ENTRY.findall(choice.group(1))} if choice else {}
        ops.append((m.group(1), m.group(2), int(est.group(1)) if est else None, prices))
    return ops


def layer_label(loc):
    """A NameLoc's name, or file:line of a file location."""
    m = re.match(r'"([^"]*)"(?::(\d+))?', loc)
    if not m:
        return loc
    return m.group(1) if m.group(2) is None else "%s:%s" % (os.path.basename(m.group(1)), m.group(2))


def check(args):
    failures = 0
    rows = 0
    for net in args.networks:
        source = os.path.join(args.work, net + ".mlir")
        inp = os.path.join(args.work, net + ".npy")
        run(["/usr/bin/python3", GEN_TOSA, net, "-o", source, "--preset", "ci",
             "--input-out", inp])
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
                run([os.path.join(args.bin, "accel-translate"), "--accel-to-bin", planned,
                     "-o", program])
                report = json.loads(run([os.path.join(args.bin, "accel-sim"), program,
                                         "--input", "arg0=" + inp, "--report=json"]))
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
                             layer_label(loc),
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
    sys.exit(0 if check(args) else 1)


if __name__ == "__main__":
    main()
