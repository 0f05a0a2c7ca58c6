"""Collecting the numbers: each network reaches accel as a user's model does — the PyTorch
module (`netlib.TorchNet`) exported by `torch.onnx.export` and imported with
`accel-translate --import-onnx` — then every target × strategy is compiled, translated and
simulated on an NCHW input, checked against the same PyTorch model, and the program layers are
grouped per network layer (the ONNX node names carry the module names)."""

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List

import numpy as np

from accel_tools import mlir_text, netlib, specs
from accel_tools.progress import Progress
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
        log("  %s: exporting to ONNX (ci preset), importing, running PyTorch" % name)
        spec = network(name)
        params = netlib.build_params(spec)
        ndir = os.path.join(work, name)
        os.makedirs(ndir, exist_ok=True)
        model = os.path.join(ndir, name + ".onnx")
        netlib.export_onnx(spec, params, model)
        mlir = os.path.join(ndir, name + ".mlir")
        tools.import_onnx(model, mlir)
        x = netlib.random_input(spec, netlib.input_seed(spec))
        if x.ndim == 4:
            x = x.transpose(0, 3, 1, 2).copy()           # the model's NCHW interface
        inp = os.path.join(ndir, "input.npy")
        np.save(inp, x)
        ref = netlib.torch_forward(spec, params, x, nchw=True)     # float64, real BN
        bc = os.path.join(ndir, name + ".mlirbc")
        runs.to_bytecode(tools, mlir, bc)
        entry = {"spec": spec, "mlir": mlir, "bytecode": bc, "line_names": {},
                 "runs": {t: {} for t in targets}}
        data["networks"][name] = entry
        del params
        for t in targets:
            for s in runs.STRATEGIES:
                rdir = os.path.join(ndir, "%s.%s" % (t, s))
                pending.append((name, t, s, pool.submit(runs.run_one, tools, bc, inp, ref, t, s,
                                                         rdir)))
    progress = Progress(len(pending), "report runs")
    for name, t, s, fut in pending:
        run = fut.result()
        entry = data["networks"][name]
        if run["error"] is None:
            run["layers"] = L.group_run(run, entry["spec"], entry["line_names"],
                                        data["targets"][t])
            run["est_total_cycles"] = mlir_text.estimated_cycles(run["ir"])[1]
        run.pop("ir", None)
        entry["runs"][t][s] = run
        progress.step(note="%s %s %s" % (name, t, s))
        log("  %-7s %-12s %-11s %s" % (name, t, s, run["error"] or
                                       "%d cycles, rel. error %.1e (%.1f s)"
                                       % (run["sim"]["cycles"], run["rel_error"],
                                          run["seconds"])), progress)
    progress.close()
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
