#!/usr/bin/env python3
"""The main job: bring the bundled DCGAN generator from PyTorch to an accelerator the way a
user does (export to ONNX, import, compile), run it in the simulator, check it against
PyTorch and print where the cycles go.

    /usr/bin/python3 benchmarks/e2e/demo.py --bin build/bin [--out build/demo]
                     [--network dcgan] [--target nvdla-small] [--strategy auto]
                     [--frontend onnx|tosa]

Steps (each one a user-facing command; the files stay in --out):
  1. benchmarks/networks/export_onnx.py dcgan     → dcgan.onnx (torch.onnx.export of the
     PyTorch generator: seeded weights, BatchNorm in eval mode, NCHW interface)
  2. accel-translate --import-onnx                → dcgan.mlir (TOSA; ONNX node names as
     locations)
  3. accel-opt --accel-compile (strategy=auto, and strategy=zero-insert for the baseline)
  4. accel-translate --accel-to-bin               → dcgan.auto.accel, dcgan.zero-insert.accel
  5. benchmarks/networks/make_input.py (seeded)  + accel-sim on both programs
  6. benchmarks/networks/torch_ref.py             → the PyTorch model in float64; PASS/FAIL at
     max|sim − ref| / max(1, max|ref|) ≤ 1e-4
and a per-layer table (accel_tools.reports), rows named by the ONNX nodes: strategy chosen,
cycles, MAC utilization, speedup over the zero-insert build. Exit status 1 on FAIL or on any
tool error. --frontend tosa writes the TOSA directly (benchmarks/networks/gen_tosa.py, the
paper's TF-SAME padding) instead of steps 1-2. The ONNX path uses PyTorch's padding
(padding 2, output_padding 1: `--set padding=torch`), the form a PyTorch model has.
"""

import argparse
import os
import sys
import time

from accel_tools import mlir_text, reports, specs
from accel_tools.metrics import rel_error
from accel_tools.tools import Toolchain, ToolError, run_tool

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
NETWORKS = os.path.join(ROOT, "benchmarks", "networks")

TOLERANCE = 1e-4


def _script(name, *args):
    """Runs one of benchmarks/networks/*.py with this interpreter; returns its stdout."""
    return run_tool(name, [sys.executable, os.path.join(NETWORKS, name), *args]).stdout


def _mb(path):
    return "%.1f MB" % (os.path.getsize(path) / 1e6)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", help="directory with accel-opt/-translate/-sim (default: PATH)")
    ap.add_argument("--out", help="work directory (default: <bin>/../demo)")
    ap.add_argument("--network", default="dcgan")
    ap.add_argument("--target", default="nvdla-small")
    ap.add_argument("--strategy", default="auto")
    ap.add_argument("--baseline", default="zero-insert")
    ap.add_argument("--frontend", default="onnx", choices=["onnx", "tosa"])
    a = ap.parse_args(argv)

    import numpy as np
    tc = Toolchain(a.bin)
    out = a.out or os.path.join(os.path.dirname(os.path.abspath(a.bin or ".")), "demo")
    os.makedirs(out, exist_ok=True)
    net, f = a.network, lambda name: os.path.join(out, name)  # noqa: E731
    show = lambda p: (os.path.relpath(p) if not os.path.relpath(p).startswith("..")  # noqa: E731
                      else os.path.abspath(p))
    start = time.perf_counter()

    t = time.perf_counter()
    onnx = a.frontend == "onnx"
    # PyTorch's padding for DCGAN's deconvs: the form a PyTorch user's model has (the TF-SAME
    # form imports too, its crop folded into the conv: test/e2e/onnx-dcgan-tf-same.test).
    knobs = ["--set", "padding=torch"] if onnx and net == "dcgan" else []
    layout = ["--nchw"] if onnx else []
    title = specs.get(net, "ci", {})["title"]
    print("accel main job: %s on %s" % (title, a.target))
    if onnx:
        _script("export_onnx.py", net, *knobs, "-o", f(net + ".onnx"))
        print("  %-12s export_onnx.py %s: torch.onnx.export of the PyTorch model → %s  %.1f s"
              % ("export", net, show(f(net + ".onnx")), time.perf_counter() - t))
        tc.import_onnx(f(net + ".onnx"), f(net + ".mlir"))
        print("  %-12s accel-translate --import-onnx → %s (%s TOSA)  %.2f s"
              % ("import", show(f(net + ".mlir")), _mb(f(net + ".mlir")),
                 tc.seconds["accel-translate --import-onnx"]))
    else:
        _script("gen_tosa.py", net, "-o", f(net + ".mlir"), "--weights-out", out)
        print("  %-12s gen_tosa.py %s (ci preset, batch 1, f32) → %s (%s TOSA)  %.1f s"
              % ("network", net, show(f(net + ".mlir")), _mb(f(net + ".mlir")),
                 time.perf_counter() - t))
    _script("make_input.py", net, *knobs, *layout, "-o", f("input.npy"))
    print("  %-12s make_input.py %s (seeded) → %s" % ("input", net, show(f("input.npy"))))
    arg, result = ("input", "output") if onnx else ("arg0", "result0")

    sims, irs = {}, {}
    for strategy in dict.fromkeys([a.strategy, a.baseline]):
        ir, prog = f("%s.%s.acc.mlir" % (net, strategy)), f("%s.%s.accel" % (net, strategy))
        tc.compile(f(net + ".mlir"), ir, a.target, strategy)
        compile_s = tc.seconds["accel-opt --accel-compile"]
        tc.translate(ir, prog)
        sims[strategy] = reports.load_sim_report(tc.simulate(
            prog, {arg: f("input.npy")},
            {result: f("output.%s.npy" % strategy)}))
        with open(ir) as fh:
            irs[strategy] = fh.read()
        print("  %-12s compile %.2f s, translate %.2f s, simulate %.2f s → %s cycles"
              % (strategy, compile_s, tc.seconds["accel-translate"], tc.seconds["accel-sim"],
                 "{:,}".format(sims[strategy].cycles)))

    t = time.perf_counter()
    params = [] if onnx else ["--params", f(net + ".params.npz")]
    _script("torch_ref.py", net, *knobs, *layout, "--input", f("input.npy"),
            "--output", f("reference.npy"), *params)
    ref = np.load(f("reference.npy"))
    print("  %-12s torch_ref.py %s: PyTorch, float64, same model and weights  %.1f s"
          % ("reference", net, time.perf_counter() - t))

    ok = True
    for strategy in sims:
        got = np.load(f("output.%s.npy" % strategy))
        err = rel_error(got, ref)
        passed = err <= TOLERANCE
        ok &= passed
        print("  %-12s %-12s %s  error %.1e" % ("check", strategy, "PASS" if passed else "FAIL",
                                                err))
    print("  %-12s (error = max|sim - ref| / max(1, max|ref|), limit %.0e)" % ("", TOLERANCE))

    main_report = sims[a.strategy]
    baseline = sims[a.baseline] if a.baseline != a.strategy else None
    rows = reports.layer_table(main_report, mlir_text.strategies(irs[a.strategy]), baseline)
    size = main_report.array_macs
    us = main_report.microseconds
    print()
    print("per layer on %s (%s MACs/cycle): strategy=%s vs the %s build"
          % (a.target, "%d" % round(size) if size else "?", a.strategy, a.baseline))
    print("  " + reports.format_table(rows, a.baseline).replace("\n", "\n  "))
    if baseline:
        print("  %s: %s cycles%s, %.2fx faster than %s; DRAM %.1f MB (%s: %.1f MB)"
              % (a.strategy, "{:,}".format(main_report.cycles),
                 " (%.0f us)" % us if us else "", baseline.cycles / main_report.cycles,
                 a.baseline, main_report.dram_bytes / 1e6, a.baseline, baseline.dram_bytes / 1e6))
    print()
    print("%s  (%.1f s; files in %s)" % ("PASS" if ok else "FAIL", time.perf_counter() - start,
                                         show(out)))
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (ToolError, FileNotFoundError) as e:
        print("FAIL: %s" % e, file=sys.stderr)
        sys.exit(1)
