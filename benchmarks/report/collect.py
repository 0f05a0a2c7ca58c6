"""Collecting the numbers: generate each network, compile/translate/simulate every target ×
strategy, check the outputs against PyTorch, group the program layers per TOSA layer."""

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List

import numpy as np

from accel_tools import mlir_text, netlib, specs
from accel_tools.tools import Toolchain

import layers as L
import runs

PRESET = "ci"


def network(name: str) -> dict:
    return netlib.normalize(specs.get(name, PRESET, {}))


def collect(tools: Toolchain, names: List[str], targets: List[str], work: str, jobs: int,
            log) -> dict:
    """Everything the report needs, as plain data:
    {targets: {T: desc}, networks: {N: {spec, runs: {T: {S: run}}}}}, where a run holds the
    simulator's totals, rel_error, and `layers`: the per-TOSA-layer sums (layers.group_run)."""
    data = {"targets": {}, "networks": {}}
    for t in targets:
        data["targets"][t] = runs.target_desc(tools, t, work)
    pool = ThreadPoolExecutor(max(1, jobs))
    pending = []
    for name in names:
        log("  %s: generating (ci preset) and running PyTorch" % name)
        spec = network(name)
        params = netlib.build_params(spec)
        text = netlib.module_text(spec, params)
        ndir = os.path.join(work, name)
        os.makedirs(ndir, exist_ok=True)
        mlir = os.path.join(ndir, name + ".mlir")
        with open(mlir, "w") as f:
            f.write(text)
        x = netlib.random_input(spec, netlib.input_seed(spec))
        inp = os.path.join(ndir, "input.npy")
        np.save(inp, x)
        ref = netlib.torch_forward(spec, params, x)         # float64, real BN
        bc = os.path.join(ndir, name + ".mlirbc")
        runs.to_bytecode(tools, mlir, bc)
        entry = {"spec": spec, "mlir": mlir, "bytecode": bc, "line_names": L.source_line_names(text),
                 "runs": {t: {} for t in targets}}
        data["networks"][name] = entry
        del text, params
        for t in targets:
            for s in runs.STRATEGIES:
                rdir = os.path.join(ndir, "%s.%s" % (t, s))
                pending.append((name, t, s, pool.submit(runs.run_one, tools, bc, inp, ref, t, s,
                                                         rdir)))
    for name, t, s, fut in pending:
        run = fut.result()
        entry = data["networks"][name]
        if run["error"] is None:
            run["layers"] = L.group_run(run, entry["spec"], entry["line_names"],
                                        data["targets"][t])
            run["est_total_cycles"] = mlir_text.estimated_cycles(run["ir"])[1]
        run.pop("ir", None)
        entry["runs"][t][s] = run
        log("  %-7s %-12s %-11s %s" % (name, t, s, run["error"] or
                                       "%d cycles, rel. error %.1e (%.1f s)"
                                       % (run["sim"]["cycles"], run["rel_error"],
                                          run["seconds"])))
    pool.shutdown()
    return data


def compile_times(tools: Toolchain, data: dict, targets: List[str], work: str, repeat: int,
                  log) -> Dict[str, Dict[str, dict]]:
    """Per network and target: accel-opt --accel-compile wall time (best of `repeat`)."""
    out: Dict[str, Dict[str, dict]] = {"load": [os.getloadavg()[0]]}
    for name, entry in data["networks"].items():
        for t in targets:
            out.setdefault(name, {})[t] = runs.compile_time(
                tools, entry["mlir"], entry["bytecode"], t, os.path.dirname(entry["mlir"]),
                repeat)
            log("  compile %-7s %-12s %.2f s" % (name, t, out[name][t]["wall"]))
    out["load"].append(os.getloadavg()[0])
    return out
