#!/usr/bin/env python3
"""The main job: bring the bundled DCGAN generator from PyTorch to an accelerator the way a
user does (export to ONNX, import, compile), run it in the simulator in f32 and in int8,
check it against PyTorch and upstream MLIR, and print where the cycles go.

    /usr/bin/python3 benchmarks/e2e/demo.py --bin build/bin [--out build/demo]
                     [--network dcgan] [--target nvdla-small] [--strategy auto]
                     [--frontend onnx|tosa] [--no-int8]

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
cycles, MAC utilization, speedup over the zero-insert build. Then the same network in int8:
  7. make_input.py --seed (the test input's seed + 1 ... + 4) → calibration inputs;
     accel-opt --accel-prepare-tosa --accel-quantize → dcgan.i8.mlir (post-training
     quantization, docs/Quantization.md) and the input quantized at its scale / zero point
  8. the auto and zero-insert builds of the int8 module, simulated
  9. upstream MLIR's lowering of the same int8 TOSA under mlir-runner: each simulated output
     must be bit-identical (PASS/FAIL); the SQNR of the dequantized output against PyTorch
and the int8 per-layer table with its speedups, next to the f32 build's cycles. Exit status
1 on FAIL or on any tool error. --frontend tosa writes the TOSA directly
(benchmarks/networks/gen_tosa.py, the paper's TF-SAME padding) instead of steps 1-2. The ONNX path uses PyTorch's padding
(padding 2, output_padding 1: `--set padding=torch`), the form a PyTorch model has.
"""

import argparse
import os
import sys
import time

from accel_tools import mlir_text, ptq, reports, specs
from accel_tools.metrics import rel_error
from accel_tools.tools import Toolchain, ToolError, run_tool

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
NETWORKS = os.path.join(ROOT, "benchmarks", "networks")

TOLERANCE = 1e-4
CALIBRATION_SAMPLES = 4     # as the results report (benchmarks/report/collect.py)


def _script(name, *args):
    """Runs one of benchmarks/networks/*.py with this interpreter; returns its stdout."""
    return run_tool(name, [sys.executable, os.path.join(NETWORKS, name), *args]).stdout


def _mb(path):
    return "%.1f MB" % (os.path.getsize(path) / 1e6)


def _build(tc, out, mlir, prefix, strategies, target, io, inp):
    """Compile, translate and simulate `mlir` once per strategy; {strategy: (SimReport, IR
    text, output path)}; prints one line per build."""
    builds = {}
    for strategy in strategies:
        ir = os.path.join(out, "%s.%s.acc.mlir" % (prefix, strategy))
        prog = os.path.join(out, "%s.%s.accel" % (prefix, strategy))
        result = os.path.join(out, "output.%s.%s.npy" % (prefix, strategy))
        tc.compile(mlir, ir, target, strategy)
        compile_s = tc.seconds["accel-opt --accel-compile"]
        tc.translate(ir, prog)
        sim = reports.load_sim_report(tc.simulate(prog, {io[0]: inp}, {io[1]: result}))
        with open(ir) as fh:
            builds[strategy] = (sim, fh.read(), result)
        print("  %-12s compile %.2f s, translate %.2f s, simulate %.2f s → %s cycles"
              % (strategy, compile_s, tc.seconds["accel-translate"], tc.seconds["accel-sim"],
                 "{:,}".format(sim.cycles)))
    return builds


def _layer_report(builds, a, precision):
    """The per-layer table of the main build against the baseline build; the main report."""
    main_report, ir, _ = builds[a.strategy]
    baseline = builds[a.baseline][0] if a.baseline != a.strategy else None
    rows = reports.layer_table(main_report, mlir_text.strategies(ir), baseline)
    size = main_report.array_macs
    us = main_report.microseconds
    print()
    print("per layer on %s (%s MACs/cycle), %s: strategy=%s vs the %s build"
          % (a.target, "%d" % round(size) if size else "?", precision, a.strategy, a.baseline))
    print("  " + reports.format_table(rows, a.baseline).replace("\n", "\n  "))
    if baseline:
        print("  %s: %s cycles%s, %.2fx faster than %s; DRAM %.1f MB (%s: %.1f MB)"
              % (a.strategy, "{:,}".format(main_report.cycles),
                 " (%.0f us)" % us if us else "", baseline.cycles / main_report.cycles,
                 a.baseline, main_report.dram_bytes / 1e6, a.baseline, baseline.dram_bytes / 1e6))
    return main_report


def _int8(tc, a, f, net, knobs, layout, ref, show, io):
    """Steps 7-9: quantize, build and simulate in int8, check against mlir-runner and PyTorch.
    `io`: the f32 interface's argument / result names, kept by the int8 one (the quantization
    report names them only when the module does, `accel.name`). Returns (builds, ok)."""
    import numpy as np
    t = time.perf_counter()
    spec = specs.get(net, "ci", {})
    calib = []
    for seed in ptq.calibration_seeds(spec, CALIBRATION_SAMPLES):
        calib.append(f("calib%d.npy" % seed))
        _script("make_input.py", net, *knobs, *layout, "--seed", str(seed), "-o", calib[-1])
    q = ptq.quantize_network(tc, f(net + ".mlir"), calib, f(net + ".i8.mlir"),
                             f(net + ".quant.json"))
    (inp,), (res,) = q["inputs"], q["outputs"]
    x = ptq.quantize(np.load(f("input.npy")), inp["scale"], inp["zero_point"])
    np.save(f("input.i8.npy"), x)
    print("  %-12s accel-opt --accel-quantize (%d calibration inputs) → %s; input scale %.3g, "
          "zero point %d  %.1f s" % ("quantize", len(calib), show(f(net + ".i8.mlir")),
                                     inp["scale"], inp["zero_point"], time.perf_counter() - t))
    builds = _build(tc, a.out_dir, f(net + ".i8.mlir"), net + ".i8",
                    dict.fromkeys([a.strategy, a.baseline]), a.target,
                    (inp.get("name", io[0]), res.get("name", io[1])), f("input.i8.npy"))
    t = time.perf_counter()
    expected = ptq.reference_output(tc, f(net + ".i8.mlir"), x, q["function"])
    np.save(f("reference.i8.npy"), expected)
    print("  %-12s mlir-runner: upstream MLIR's lowering of %s  %.1f s"
          % ("reference", show(f(net + ".i8.mlir")), time.perf_counter() - t))
    ok = True
    for strategy, (_, _, path) in builds.items():
        got = np.load(path)
        same = got.dtype == expected.dtype and got.shape == expected.shape
        differ = int(np.sum(got != expected)) if same else expected.size
        ok &= differ == 0
        sqnr = ptq.sqnr_db([ref], [ptq.dequantize(got, res["scale"], res["zero_point"])])
        print("  %-12s %-12s %s  %s, SQNR %.1f dB vs PyTorch f32"
              % ("check int8", strategy, "PASS" if differ == 0 else "FAIL",
                 "bit-exact with mlir-runner (%d values)" % expected.size if differ == 0 else
                 "%d of %d values differ from mlir-runner" % (differ, expected.size), sqnr))
    return builds, ok


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", help="directory with accel-opt/-translate/-sim (default: PATH)")
    ap.add_argument("--out", help="work directory (default: <bin>/../demo)")
    ap.add_argument("--network", default="dcgan")
    ap.add_argument("--target", default="nvdla-small")
    ap.add_argument("--strategy", default="auto")
    ap.add_argument("--baseline", default="zero-insert")
    ap.add_argument("--frontend", default="onnx", choices=["onnx", "tosa"])
    ap.add_argument("--no-int8", action="store_true", help="skip the int8 build (steps 7-9)")
    a = ap.parse_args(argv)

    import numpy as np
    tc = Toolchain(a.bin)
    out = a.out or os.path.join(os.path.dirname(os.path.abspath(a.bin or ".")), "demo")
    os.makedirs(out, exist_ok=True)
    a.out_dir = out
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
    io = ("input", "output") if onnx else ("arg0", "result0")
    builds = _build(tc, out, f(net + ".mlir"), net, dict.fromkeys([a.strategy, a.baseline]),
                    a.target, io, f("input.npy"))

    t = time.perf_counter()
    params = [] if onnx else ["--params", f(net + ".params.npz")]
    _script("torch_ref.py", net, *knobs, *layout, "--input", f("input.npy"),
            "--output", f("reference.npy"), *params)
    ref = np.load(f("reference.npy"))
    print("  %-12s torch_ref.py %s: PyTorch, float64, same model and weights  %.1f s"
          % ("reference", net, time.perf_counter() - t))

    ok = True
    for strategy, (_, _, path) in builds.items():
        err = rel_error(np.load(path), ref)
        passed = err <= TOLERANCE
        ok &= passed
        print("  %-12s %-12s %s  error %.1e" % ("check", strategy, "PASS" if passed else "FAIL",
                                                err))
    print("  %-12s (error = max|sim - ref| / max(1, max|ref|), limit %.0e)" % ("", TOLERANCE))
    i8_builds = None
    if not a.no_int8:
        i8_builds, i8_ok = _int8(tc, a, f, net, knobs, layout, ref, show, io)
        ok &= i8_ok

    f32_report = _layer_report(builds, a, "f32")
    if i8_builds:
        i8_report = _layer_report(i8_builds, a, "int8")
        print("  int8 %s: %.2fx faster than f32 %s (%s cycles); DRAM %.1f MB vs %.1f MB"
              % (a.strategy, f32_report.cycles / i8_report.cycles, a.strategy,
                 "{:,}".format(f32_report.cycles), i8_report.dram_bytes / 1e6,
                 f32_report.dram_bytes / 1e6))
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
