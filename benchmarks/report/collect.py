"""Collecting the numbers: each network reaches accel as a user's model does — the PyTorch
module (`netlib.TorchNet`) exported by `torch.onnx.export` and imported with
`accel-translate --import-onnx` — then every target × strategy is compiled, translated and
simulated on an NCHW input, checked against the same PyTorch model, and the program layers are
grouped per network layer (the ONNX node names carry the module names)."""

import os
import subprocess
import sys
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


SYNTHETIC_LAYERS = (750, 1500, 3000)


def _cpu_and_rss(cmd: List[str]) -> tuple:
    """(CPU seconds, max RSS MiB) of one process, measured by /usr/bin/time (the rusage of
    a child forked from this large Python process would count its pre-exec pages too);
    raises on a non-zero exit."""
    p = subprocess.run(["/usr/bin/time", "-f", "%U %S %M"] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    if p.returncode:
        raise RuntimeError("%s failed: %s" % (" ".join(cmd[:2]), p.stderr[-500:]))
    user, system, kib = p.stderr.strip().splitlines()[-1].split()
    return float(user) + float(system), int(kib) / 1024.0


def synthetic_scaling(tools: Toolchain, target: str, work: str, log) -> List[dict]:
    """accel-opt --accel-compile (strategy=auto) and accel-translate on synthetic chains of
    SYNTHETIC_LAYERS layers (benchmarks/compile_time/synthetic_net.py): CPU time and peak
    memory of each process, to show that compile time grows linearly with the layer count."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                    "compile_time"))
    import synthetic_net
    rows = []
    for n in SYNTHETIC_LAYERS:
        src = os.path.join(work, "synthetic%d.mlir" % n)
        spec = netlib.normalize(synthetic_net.synthetic_spec(n, 8, 8))
        with open(src, "w") as f:
            f.write(netlib.module_text(spec, netlib.build_params(spec)))
        acc, prog = src + ".acc.mlir", src + ".accel"
        opt = _cpu_and_rss([tools.accel_opt, src, "--accel-compile=target=%s strategy=auto"
                            % target, "-o", acc])
        tr = _cpu_and_rss([tools.accel_translate, "--accel-to-bin", acc, "-o", prog])
        rows.append(dict(layers=n, opt_cpu=opt[0], opt_mib=opt[1], tr_cpu=tr[0],
                         tr_mib=tr[1]))
        log("  synthetic %d layers: accel-opt %.2f s %.0f MiB, accel-translate %.2f s %.0f MiB"
            % (n, opt[0], opt[1], tr[0], tr[1]))
        for path in (src, acc, prog):
            os.remove(path)
    return rows
