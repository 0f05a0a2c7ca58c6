#!/usr/bin/env python3
"""Benchmark networks end to end: TOSA → accel-compile → accel-translate → accel-sim, against
PyTorch running the same network from the same spec and weights.

For each network (accel_tools.specs; batch 1, f32, --preset ci by default) the
TOSA module, the seeded input and the PyTorch reference (float64, real BatchNorm in eval
mode) are built once in-process with netlib (the code gen_tosa.py / make_input.py /
torch_ref.py run), then every requested (target, strategy) is compiled, simulated and
compared: rel_err = max|sim − ref| / max(1, max|ref|) ≤ --tol (1e-4).

Also checked for every run, because reports depend on it:
  * layer names: every program layer of the simulator report belongs to a layer of the spec
    (`deconv1`, `deconv1#7`, ...), i.e. the conversion kept the TOSA ops' name locations;
  * strategies: with a fixed strategy every strided transposed-conv layer carries that
    `accel.strategy`; with auto, one of split / stacked / zero-insert / fold (stacked with a
    channel fold, docs/Conversion.md).

  check_networks.py dcgan sngan                   # nvdla-small × 4 strategies + nvdla-large auto
  check_networks.py mde --runs nvdla-small:split,diannao:auto --keep /tmp/mde

Prints one line per run and a summary; exit status 1 if anything failed.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time

import numpy as np

from accel_tools import mlir_text, netlib, reports, specs
from accel_tools.metrics import rel_error
from accel_tools.tools import Toolchain, ToolError

DEFAULT_RUNS = ("nvdla-small:split,nvdla-small:stacked,nvdla-small:zero-insert,"
                "nvdla-small:auto,nvdla-large:auto")


def check_layers(spec, report, ir_text, strategy):
    """Problems with layer naming / strategy attributes, as a list of strings."""
    problems = []
    names = {l["name"] for l in spec["layers"]}
    foreign = sorted({reports.layer_key(l.name) for l in report.layers} - names)
    if foreign:
        problems.append("program layers not named after a spec layer (lost locations?): %s"
                        % ", ".join(foreign[:8]))
    chosen = mlir_text.strategies(ir_text)
    for l in spec["layers"]:
        if l["op"] != "deconv" or tuple(l["stride"]) == (1, 1):
            continue
        got = chosen.get(l["name"])
        ok = (got in ("split", "stacked", "zero-insert", "fold", "fold_pack")
              if strategy == "auto"
              else got == strategy)
        if not ok:
            problems.append("layer %s: accel.strategy %r with strategy=%s"
                            % (l["name"], got, strategy))
    return problems


def check_network(name, a, tc, workdir):
    """Returns a list of (target, strategy, ok, err, text) for one network."""
    t0 = time.perf_counter()
    spec = netlib.normalize(specs.get(name, a.preset, {}))
    params = netlib.build_params(spec)
    src = os.path.join(workdir, name + ".mlir")
    with open(src, "w") as f:
        f.write(netlib.module_text(spec, params))
    x = netlib.random_input(spec, netlib.input_seed(spec))
    inp = os.path.join(workdir, name + ".input.npy")
    np.save(inp, x)
    ref = netlib.torch_forward(spec, params, x)          # float64
    print("%s: generated %s (%.0f MB) and the PyTorch reference in %.1f s"
          % (name, os.path.basename(src), os.path.getsize(src) / 1e6, time.perf_counter() - t0))
    out = []
    for run in a.runs.split(","):
        target, strategy = run.split(":")
        tag = os.path.join(workdir, "%s.%s.%s" % (name, target, strategy))
        t = time.perf_counter()
        try:
            tc.compile(src, tag + ".acc.mlir", target, strategy)
            tc.translate(tag + ".acc.mlir", tag + ".accel")
            report = reports.load_sim_report(
                tc.simulate(tag + ".accel", {"arg0": inp}, {"result0": tag + ".out.npy"}))
            got = np.load(tag + ".out.npy")
            err = rel_error(got, ref)
            with open(tag + ".acc.mlir") as f:
                problems = check_layers(spec, report, f.read(), strategy)
            ok = err <= a.tol and not problems
            text = "rel_err %.2g  cycles %s  util %.1f%%  %.1f s%s" % (
                err, "{:,}".format(report.cycles), 100 * report.mac_utilization,
                time.perf_counter() - t, "".join("\n      " + p for p in problems))
        except ToolError as e:
            ok, err, text = False, float("inf"), str(e).strip().replace("\n", "\n      ")
        print("  %-7s %-13s %-12s %s  %s" % (name, target, strategy, "PASS" if ok else "FAIL",
                                            text), flush=True)
        out.append((target, strategy, ok, err, text))
        if not a.keep:
            for suffix in (".acc.mlir", ".accel"):
                if os.path.exists(tag + suffix):
                    os.remove(tag + suffix)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__[__doc__.index("\n\n") + 2:])
    ap.add_argument("names", nargs="*", help="networks (default: all of %s)"
                    % ", ".join(specs.NAMES))
    ap.add_argument("--preset", default="ci", choices=["ci", "paper"])
    ap.add_argument("--runs", default=DEFAULT_RUNS,
                    help="comma-separated TARGET:STRATEGY (default: %s)" % DEFAULT_RUNS)
    ap.add_argument("--tol", type=float, default=1e-4)
    ap.add_argument("--bin", help="directory of accel-opt/-translate/-sim (default: PATH)")
    ap.add_argument("--keep", help="keep every file in this directory")
    a = ap.parse_args(argv)
    start = time.perf_counter()
    tc = Toolchain(a.bin)
    workdir = a.keep or tempfile.mkdtemp(prefix="e2e-networks-")
    os.makedirs(workdir, exist_ok=True)
    results = []
    try:
        for name in a.names or specs.NAMES:
            results += [(name,) + r for r in check_network(name, a, tc, workdir)]
    finally:
        if not a.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    failed = [r for r in results if not r[3]]
    worst = max((r[4] for r in results), default=0.0)
    print("%d runs, %d failed, worst rel_err %.2g (tol %g), %.1f s"
          % (len(results), len(failed), worst, a.tol, time.perf_counter() - start))
    if failed:
        print("FAILED: " + ", ".join("%s %s:%s" % r[:3] for r in failed))
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
