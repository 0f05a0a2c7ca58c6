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

from accel_tools import mlir_text, netlib, ptq, specs
from accel_tools.progress import Progress
from accel_tools.tools import Toolchain, ToolError

import layers as L
import runs

PRESET = "ci"


def network(name: str) -> dict:
    return netlib.normalize(specs.get(name, PRESET, {}))


CALIBRATION_SAMPLES = 4


def collect(tools: Toolchain, names: List[str], targets: List[str], int8_targets: List[str],
            work: str, jobs: int, log) -> dict:
    """Everything the report needs, as plain data:
    {precision: "f32", element_bytes: 4, targets: {T: desc}, networks: {N: {spec, runs: {T: {S:
    run}}}}, int8: the same for the int8 runs on `int8_targets` (precision "int8",
    element_bytes 1; each network also holds its `quant` figures)}, where a run holds the
    simulator's totals, its check against the reference (f32: rel_error against PyTorch;
    int8: mismatches against mlir-runner), and `layers`: the per-TOSA-layer sums
    (layers.group_run)."""
    data = {"precision": "f32", "element_bytes": 4, "targets": {}, "networks": {}}
    i8 = {"precision": "int8", "element_bytes": 1, "targets": {}, "networks": {}}
    data["int8"] = i8
    for t in dict.fromkeys(targets + int8_targets):
        desc = runs.target_desc(tools, t, work)
        if t in targets:
            data["targets"][t] = desc
        if t in int8_targets:
            i8["targets"][t] = desc
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
        x = ptq.model_input(spec, netlib.input_seed(spec))     # the model's NCHW interface
        inp = os.path.join(ndir, "input.npy")
        np.save(inp, x)
        ref = netlib.torch_forward(spec, params, x, nchw=True)     # float64, real BN
        bc = os.path.join(ndir, name + ".mlirbc")
        runs.to_bytecode(tools, mlir, bc)
        entry = {"spec": spec, "mlir": mlir, "bytecode": bc, "line_names": {},
                 "runs": {t: {} for t in targets}}
        data["networks"][name] = entry
        if int8_targets:
            i8["networks"][name] = quantize(tools, pool, name, spec, mlir, x, ref, ndir, log)
            i8["networks"][name]["runs"] = {t: {} for t in int8_targets}
        del params
        for t in targets:
            for s in runs.STRATEGIES:
                rdir = os.path.join(ndir, "%s.%s" % (t, s))
                pending.append((data, name, t, s, pool.submit(
                    runs.run_one, tools, bc, inp, ref, t, s, rdir)))
        if not int8_targets:
            continue
        q = i8["networks"][name]["quant"]
        for t in int8_targets:
            for s in runs.STRATEGIES:
                rdir = os.path.join(ndir, "int8.%s.%s" % (t, s))
                pending.append((i8, name, t, s, pool.submit(
                    runs.run_one, tools, q["bytecode"], q["input_path"], None, t, s, rdir,
                    (q["input"]["name"], q["output"]["name"]))))
    progress = Progress(len(pending), "report runs")
    for d, name, t, s, fut in pending:
        run = fut.result()
        entry = d["networks"][name]
        if d is i8:
            check_int8(run, entry["quant"])
        if run["error"] is None:
            run["layers"] = L.group_run(run, entry["spec"], entry["line_names"],
                                        d["targets"][t])
            run["est_total_cycles"] = mlir_text.estimated_cycles(run["ir"])[1]
        run.pop("ir", None)
        entry["runs"][t][s] = run
        progress.step(note="%s %s %s %s" % (d["precision"], name, t, s))
        log("  %-4s %-7s %-12s %-11s %s" % (d["precision"], name, t, s, run["error"] or
                                            "%d cycles, %s (%.1f s)" % (
                                                run["sim"]["cycles"], _check_note(run),
                                                run["seconds"])), progress)
    progress.close()
    pool.shutdown()
    for entry in i8["networks"].values():
        entry["quant"].pop("reference_future", None)
    return data


def quantize(tools: Toolchain, pool: ThreadPoolExecutor, name: str, spec: dict, mlir: str,
             x: np.ndarray, ref: np.ndarray, ndir: str, log) -> dict:
    """The network's int8 form, made once and used by every int8 run: post-training
    quantization (`accel-opt --accel-quantize`, accel_tools.ptq) on CALIBRATION_SAMPLES seeded
    inputs (the report input is held out), the report input quantized at the interface's
    scale, and the bit-exact reference of the quantized TOSA by mlir-runner (submitted to
    `pool`: it runs beside the simulations). Its SQNR against PyTorch's f32 output is computed
    when the reference arrives (check_int8)."""
    log("  %s: post-training quantization (%d calibration inputs), mlir-runner reference"
        % (name, CALIBRATION_SAMPLES))
    qdir = os.path.join(ndir, "int8")
    os.makedirs(qdir, exist_ok=True)
    calib = []
    for seed in ptq.calibration_seeds(spec, CALIBRATION_SAMPLES):
        calib.append(os.path.join(qdir, "calib%d.npy" % seed))
        np.save(calib[-1], ptq.model_input(spec, seed))
    qmlir = os.path.join(qdir, "net.i8.mlir")
    report = ptq.quantize_network(tools, mlir, calib, qmlir, os.path.join(qdir, "quant.json"))
    (inp,), (out,) = report["inputs"], report["outputs"]
    q = ptq.quantize(x, inp["scale"], inp["zero_point"])
    qpath = os.path.join(qdir, "input.i8.npy")
    np.save(qpath, q)
    bc = os.path.join(qdir, "net.i8.mlirbc")
    runs.to_bytecode(tools, qmlir, bc)
    reference = pool.submit(ptq.reference_output, tools, qmlir, q, report["function"])
    quant = {"input": inp, "output": out, "input_path": qpath, "bytecode": bc,
             "calibration_sqnr_db": out.get("sqnr_db"), "samples": CALIBRATION_SAMPLES,
             "torch_ref": ref, "reference_future": reference}
    return {"spec": spec, "mlir": qmlir, "bytecode": bc, "line_names": {}, "quant": quant}


def check_int8(run: dict, quant: dict) -> None:
    """An int8 run's output against the mlir-runner reference: bit-identical or failed (the
    number of differing values); the first call also records the reference's SQNR against
    PyTorch's f32 output."""
    if "reference" not in quant:
        try:
            quant["reference"] = quant["reference_future"].result()
            quant["reference_error"] = None
        except (ToolError, RuntimeError, ValueError) as e:
            quant["reference"] = None
            quant["reference_error"] = "mlir-runner reference failed: %s" % (
                e.brief() if isinstance(e, ToolError) else e)
        if quant["reference"] is not None:
            out = quant["output"]
            got = ptq.dequantize(quant["reference"], out["scale"], out["zero_point"])
            quant["sqnr_db"] = ptq.sqnr_db([quant["torch_ref"]], [got])
        quant.pop("torch_ref", None)
    y = run.pop("output", None)
    if run["error"] is not None:
        return
    ref = quant["reference"]
    if ref is None:
        run["error"] = quant["reference_error"]
    elif y.dtype != ref.dtype or y.shape != ref.shape:
        run["error"] = "output %s %s, the reference is %s %s" % (y.dtype, y.shape, ref.dtype,
                                                                 ref.shape)
    else:
        run["mismatches"] = int(np.sum(y != ref))
        run["values"] = int(ref.size)


def _check_note(run: dict) -> str:
    if "rel_error" in run:
        return "rel. error %.1e" % run["rel_error"]
    return ("bit-exact" if run["mismatches"] == 0 else
            "%d of %d values differ" % (run["mismatches"], run["values"]))


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
