#!/usr/bin/env python3
"""The zero-insert baseline (and every other strategy) on layers whose rows do not fit.

Issue #14 reported "one output row does not fit the target's buffers" for FST's
paper-size first deconv (64x64x128 -> 128x128x64, k3 s2, on nvdla-small) and for 1-D
vocoder layers (ConvTranspose1d 512 -> 256, k16 s8, p4, L = 32..8192) on every preset:
the copy / fill schedules could not split channels. Each layer here goes through

  TOSA -> accel-opt --accel-compile="target=T strategy=S" -> accel-translate --accel-to-bin
       (-> accel-sim, compared with PyTorch in float64: rel_err <= 1e-5, and every layer's
        estimate equal to its simulated cycles)

Simulated: FST deconv1 on nvdla-small (zero-insert, split, auto) and the L=32 vocoder
layer on every preset (zero-insert, split). Compiled and translated only (the zero-insert
conv of L=8192 is 137 G MACs): the L=8192 vocoder layer under every strategy on every
preset.

  baseline_layers.py [--only NAME,...] [--keep DIR] [--bin DIR]
"""

import os
import sys

from plane_tiling import F32_TOL, parse_args, run_case, tconv_case
from accel_tools.tools import ToolError

PRESETS = ["nvdla-small", "nvdla-large", "diannao", "tpu-systolic"]
STRATEGIES = ["zero-insert", "stacked", "split", "auto"]


def fst_deconv1(strategy):
    return tconv_case("fst-paper-deconv1-%s" % strategy, "nvdla-small", strategy,
                      1, 128, 64, 64, 64, 3, 3, (2, 2), (1, 1), (1, 1),
                      "64x64x128 -> 128x128x64, k3 s2")


def vocoder(target, strategy, length):
    return tconv_case("vocoder-L%d-%s-%s" % (length, target, strategy), target, strategy,
                      1, 512, 256, 1, length, 1, 16, (1, 8), (0, 4), (0, 0),
                      "ConvTranspose1d 512->256 k16 s8 p4, L=%d" % length)


def simulated_cases():
    cases = [fst_deconv1(s) for s in ("zero-insert", "split", "auto")]
    cases += [vocoder(t, s, 32) for t in PRESETS for s in ("zero-insert", "split")]
    return cases


def compiled_cases():
    return [vocoder(t, s, 8192) for t in PRESETS for s in STRATEGIES]


def compile_only(tc, case, workdir):
    f = lambda suffix: os.path.join(workdir, case["name"] + suffix)  # noqa: E731
    with open(f(".mlir"), "w") as fh:
        fh.write(case["module"])
    tc.compile(f(".mlir"), f(".acc.mlir"), case["target"], case["strategy"])
    tc.translate(f(".acc.mlir"), f(".accel"))
    ok = os.path.getsize(f(".accel")) > 0
    for suffix in (".mlir", ".acc.mlir", ".accel"):   # 16-64 MB each: keep /tmp small
        os.remove(f(suffix))
    return ok


def main(argv=None):
    a, tc, workdir = parse_args(argv, __doc__.split("\n\n")[0], "baseline-layers-")
    pick = lambda cases: [c for c in cases  # noqa: E731
                          if not a.only or c["name"] in a.only.split(",")]
    failures = total = 0
    for case in pick(simulated_cases()):
        try:
            err, estimates, simulated = run_case(tc, case, workdir)
        except ToolError as e:
            print(e)
            err, estimates, simulated = float("inf"), [], [0]
        ok = err <= F32_TOL and estimates == simulated
        failures += not ok
        total += 1
        print("%s %s on %s strategy=%s: rel_err %.3g, cycles sim %d est %d"
              % ("ok  " if ok else "FAIL", case["name"], case["target"], case["strategy"],
                 err, sum(simulated), sum(estimates)))
    for case in pick(compiled_cases()):
        try:
            ok = compile_only(tc, case, workdir)
        except ToolError as e:
            print(e)
            ok = False
        failures += not ok
        total += 1
        print("%s %s on %s strategy=%s: compiled and translated"
              % ("ok  " if ok else "FAIL", case["name"], case["target"], case["strategy"]))
    if failures:
        print("%d of %d cases FAILED (files in %s)" % (failures, total, workdir))
        return 1
    print("all %d cases passed" % total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
