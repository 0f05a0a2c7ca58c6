#!/usr/bin/env python3
"""Regenerate docs/Results.md and docs/results.svg: every benchmark network (ci preset,
batch 1, f32) × strategy (zero-insert, stacked, split, auto) × target, compiled, translated,
simulated and checked against PyTorch; the issue #5 target checks; compile times.

  PYTHONPATH=python /usr/bin/python3 benchmarks/report/make_report.py --build BUILD_DIR
  PYTHONPATH=python /usr/bin/python3 benchmarks/report/make_report.py --build BUILD_DIR --check

(python/ holds the accel_tools package; run from the source tree.) The first regenerates;
--check regenerates into a temporary directory (without the wall-clock compile-time section
and the plot) and compares with the committed docs/Results.md, ignoring the compile-time
section and the digits of the PyTorch error values (machine-dependent; whether each is
within the limit is compared); it exits 1 with a unified diff when the file is stale.
"""

import argparse
import difflib
import os
import re
import shutil
import sys
import tempfile
import time

from accel_tools.tools import Toolchain

import analysis
import collect
import render
import runs
import tiny_channels
import workloads

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))

NETWORKS = ["dcgan", "sngan", "fst", "artgan", "gpgan", "mde"]
# Every preset (docs/Targets.md); the report names any preset it leaves out, and why.
TARGETS = ["nvdla-small", "nvdla-large", "tpu-systolic", "diannao"]
# The int8 runs: the presets whose native data is 8-bit (data_bits 8); render.precision_notes
# says why the others are f32 only.
INT8_TARGETS = ["nvdla-small", "nvdla-large", "tpu-systolic"]
COMMAND = ("PYTHONPATH=python /usr/bin/python3 benchmarks/report/make_report.py "
           "--build BUILD_DIR")


def strip_compile_section(text: str) -> str:
    begin = text.find(render.COMPILE_BEGIN)
    end = text.find(render.COMPILE_END)
    if begin < 0 or end < 0:
        return text
    return text[:begin] + render.COMPILE_BEGIN + "\n" + text[end:]


def mask_sanity_errors(text: str) -> str:
    """The functional-sanity table's error values come from PyTorch's float
    arithmetic, whose summation order depends on the machine (CPU vector
    width, thread count): only whether each run is within the limit ("✗")
    is part of the check, not the digits."""
    begin = text.find("## Functional sanity (f32)")
    if begin < 0:
        return text
    end = text.find("\n## ", begin + 1)
    end = len(text) if end < 0 else end
    section = re.sub(r"\b\d\.\de[-+]\d\d\b", "<error>", text[begin:end])
    return text[:begin] + section + text[end:]


def workloads_figure(plot_path: str) -> str:
    """docs/workloads.svg next to docs/results.svg."""
    return os.path.join(os.path.dirname(plot_path) or ".",
                        "workloads" + os.path.splitext(plot_path)[1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", required=True, help="build directory with bin/accel-opt etc.")
    ap.add_argument("--check", action="store_true",
                    help="compare a fresh run with the committed report instead of writing")
    ap.add_argument("--output", default=os.path.join(REPO, "docs", "Results.md"))
    ap.add_argument("--plot", default=os.path.join(REPO, "docs", "results.svg"),
                    help="figure to write (.svg or .png); the report links it by file name")
    ap.add_argument("--networks", default=",".join(NETWORKS))
    ap.add_argument("--targets", default=",".join(TARGETS))
    ap.add_argument("--int8-targets", default=",".join(INT8_TARGETS),
                    help="targets of the int8 runs (empty: none)")
    ap.add_argument("--jobs", type=int, default=2, help="parallel compile/simulate runs")
    ap.add_argument("--work", help="keep the intermediate files here (default: a temp dir)")
    ap.add_argument("--no-compile-time", action="store_true",
                    help="skip the compile-time measurement (the section says so)")
    ap.add_argument("--compile-repeat", type=int, default=3)
    ap.add_argument("--no-workloads", action="store_true",
                    help="leave out issue #13's generative workloads (benchmarks/report/"
                         "workloads.py; the section says so)")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)

    def log(msg, progress=None):
        if a.quiet:
            return
        if progress is not None:
            progress.message(msg)     # above the counter line on a terminal
        else:
            print(msg, file=sys.stderr, flush=True)

    try:
        tools = Toolchain(os.path.join(os.path.abspath(a.build), "bin"))
    except FileNotFoundError as e:
        raise SystemExit("error: %s" % e)
    names = [s for s in a.networks.split(",") if s]
    targets = [s for s in a.targets.split(",") if s]
    int8_targets = [s for s in a.int8_targets.split(",") if s]
    work = a.work or tempfile.mkdtemp(prefix="accel-report-")
    os.makedirs(work, exist_ok=True)
    t0 = time.perf_counter()
    try:
        log("collecting %d networks × (%d int8 + %d f32 targets) × %d strategies in %s"
            % (len(names), len(int8_targets), len(targets), len(runs.STRATEGIES), work))
        data = collect.collect(tools, names, targets, int8_targets, work, a.jobs, log)
        checks = {"int8": analysis.all_checks(data["int8"]), "f32": analysis.all_checks(data)}
        extra = []
        specs = {n: e["spec"] for n, e in data["networks"].items()}
        for d in (data["int8"], data):
            if d["targets"]:
                extra += tiny_channels.render(tiny_channels.rows_of(d, specs),
                                              d["precision"]) + [""]
        wdata = None
        if a.no_workloads:
            extra += ["## Generative workloads (issue #13)", "",
                      "Left out of this run (--no-workloads)."]
        else:
            log("generative workloads (issue #13)")
            wdata = workloads.collect(tools, data["targets"], work, a.jobs, log)
            extra += [workloads.render(wdata, data["targets"], os.path.basename(
                workloads_figure(a.plot)) if a.plot else None)]
        times = None
        if not a.check and not a.no_compile_time:
            log("measuring compile times")
            times = collect.compile_times(tools, data, targets, work, a.compile_repeat, log)
            times["synthetic"] = collect.synthetic_scaling(tools, targets[0], work, log)
            times["synthetic_target"] = targets[0]
        plot_name = os.path.basename(a.plot) if a.plot else None
        left_out = {p: "not requested (--targets)" for p in TARGETS if p not in targets}
        left_out.update({"%s (int8)" % p: "not requested (--int8-targets)"
                         for p in INT8_TARGETS if p not in int8_targets})
        text = render.render(data, checks, COMMAND, plot_name,
                             render.compile_section(times, data), left_out, extra)
        if a.check:
            if not os.path.exists(a.output):
                print("%s does not exist: generate it with %s" % (a.output, COMMAND))
                return 1
            with open(a.output) as f:
                committed = f.read()
            want = mask_sanity_errors(strip_compile_section(committed)).splitlines(keepends=True)
            got = mask_sanity_errors(strip_compile_section(text)).splitlines(keepends=True)
            if want != got:
                sys.stdout.writelines(difflib.unified_diff(
                    want, got, "committed " + os.path.relpath(a.output, REPO),
                    "regenerated", n=1))
                print("\n%s is stale: regenerate it with %s"
                      % (os.path.relpath(a.output, REPO), COMMAND))
                return 1
            log("%s is up to date (%.0f s)" % (os.path.relpath(a.output, REPO),
                                                time.perf_counter() - t0))
            return 0
        with open(a.output, "w") as f:
            f.write(text)
        if a.plot:
            import plot
            plot.plot(data, a.plot)
            if wdata is not None:
                workloads.plot(wdata, data["targets"], workloads_figure(a.plot))
        log("wrote %s%s (%.0f s)" % (a.output, " and " + a.plot if a.plot else "",
                                      time.perf_counter() - t0))
        bugs = [(p, c) for p, by_key in checks.items() for cs in by_key.values() for c in cs
                if c["status"] in ("BUG", "FAIL")]
        for p, c in bugs:
            log("%s %s: %s on %s: %s" % (p, c["status"], c["subject"], c["target"], c["why"]))
        return 0
    finally:
        if not a.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
