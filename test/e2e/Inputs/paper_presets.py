#!/usr/bin/env python3
"""Paper-size models compile under every strategy on every target preset.

The report and the numerics tests run the `ci` presets (sizes that simulate quickly). This
check takes the sizes the papers use — the six networks' `paper` presets (FST 256×256, GP-GAN
bottleneck 4000, MDE 384×768, ...) and the generative workloads' paper variants
(benchmarks/report/workloads.py PAPER: HiFi-GAN V1 at width 512, EnCodec-size SEANet, the
latent-diffusion VAE decoder at 512 channels) — through the user's path: PyTorch module →
torch.onnx.export → `accel-translate --import-onnx` → `accel-opt --accel-compile` under
zero-insert, stacked, split and auto (the workloads also auto with objective=edp, the decoder
unfused) on nvdla-small, nvdla-large,
tpu-systolic and diannao, then `accel-translate --accel-to-bin` of every auto build. Nothing is
simulated (too slow at these sizes): the check is that every layer of every model gets a
schedule that fits every target's buffers under every strategy, zero-insert baseline
included, and that the emitted program is written.

Usage: paper_presets.py WORKDIR [--jobs N]
Prints one line per (model, target, build) — PASS, or FAIL with the tool's first error line —
and a summary.
"""

import argparse
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from accel_tools import netlib, specs
from accel_tools.tools import Toolchain, ToolError

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "benchmarks", "report"))
import workloads  # noqa: E402

NETWORKS = ["dcgan", "sngan", "fst", "artgan", "gpgan", "mde"]
TARGETS = ["nvdla-small", "nvdla-large", "tpu-systolic", "diannao"]
STRATEGIES = ["zero-insert", "stacked", "split", "auto"]


def export(work: str, log) -> dict:
    """{model name: (TOSA file, builds)}: the paper presets exported and imported; a build is
    a strategy, or `unfused` for an upsample-then-conv decoder (workloads.compile_args)."""
    tools = Toolchain()
    models = {}
    for name in NETWORKS:
        spec = netlib.normalize(specs.get(name, "paper", {}))
        onnx_path = os.path.join(work, name + ".onnx")
        netlib.export_onnx(spec, netlib.build_params(spec), onnx_path)
        mlir = tools.import_onnx(onnx_path, os.path.join(work, name + ".mlir"))
        os.remove(onnx_path)
        models[name] = (mlir, STRATEGIES)
        log(name)
    for w in workloads.workloads("paper"):
        if w["name"] not in workloads.PAPER:
            continue
        model = getattr(netlib, w["builder"])(**w["args"])
        onnx_path = os.path.join(work, w["name"] + ".onnx")
        netlib.export_module_onnx(model, workloads.input_shapes(w), onnx_path)
        mlir = tools.import_onnx(onnx_path, os.path.join(work, w["name"] + ".mlir"))
        os.remove(onnx_path)
        models[w["name"]] = (mlir, sorted(set(STRATEGIES) | set(workloads.builds(w))))
        log(w["name"])
    return models


def check(tools: Toolchain, mlir: str, target: str, build: str, work: str) -> str:
    out = os.path.join(work, "%s.%s.%s.mlirbc" % (os.path.basename(mlir), target, build))
    try:
        tools.run("accel-opt", [tools.accel_opt, mlir] + workloads.compile_args(target, build) +
                  ["--emit-bytecode", "-o", out])
        if build == "auto":
            tools.translate(out, out + ".accel")
            os.remove(out + ".accel")
        return "PASS"
    except ToolError as e:
        return "FAIL " + str(e).strip().splitlines()[0][:300]
    finally:
        if os.path.exists(out):
            os.remove(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("work")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args(argv)
    os.makedirs(a.work, exist_ok=True)
    start = time.time()
    models = export(a.work, lambda name: print("exported %s" % name, file=sys.stderr))
    tools = Toolchain()
    jobs = [(name, mlir, t, b) for name, (mlir, builds) in models.items()
            for t in TARGETS for b in builds]
    with ThreadPoolExecutor(max(1, a.jobs)) as pool:
        results = list(pool.map(lambda j: check(tools, j[1], j[2], j[3], a.work), jobs))
    for mlir, _ in models.values():
        os.remove(mlir)   # about 1.3 GB of text weights in all
    failed = 0
    for (name, _, t, b), verdict in zip(jobs, results):
        print("%-12s %-13s %-12s %s" % (name, t, b, verdict))
        failed += verdict != "PASS"
    print("paper presets: %d models x %d targets: %d builds, %d failed (%.0f s)"
          % (len(models), len(TARGETS), len(jobs), failed, time.time() - start))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
