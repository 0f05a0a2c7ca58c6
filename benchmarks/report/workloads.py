"""Issue #13's generative workloads in the results report: 1-D vocoders (HiFi-GAN V1, an
EnCodec/SEANet-style decoder), upsample-then-conv decoders (a latent-diffusion VAE decoder's
upsampling path) and, where accel_tools.netlib defines them, FSRCNN and a 3-D U-Net decoder
stage. Each is a PyTorch module (`netlib`, the sources of its shapes in its docstring) that
reaches accel as a user's model does: `torch.onnx.export`, `accel-translate --import-onnx`,
then `accel-opt --accel-compile` per build, `accel-translate --accel-to-bin`, `accel-sim`, and
a comparison with the same module in float64.

Builds: `zero-insert` (the baseline for transposed convs), `split`, `auto`, and `auto` with
`objective=edp` (`auto-edp`: per-layer choices by energy x cycles); for the decoders,
whose upsampling is nearest ×2 + conv rather than a transposed conv, the baseline is the
unfused upsample-then-conv build (`auto` with `fuse-upsample=false`).

Precision: every workload in f32 on every preset; the vocoders also in int8 on the int8 presets
(`data_bits` 8), quantized once by `accel-opt --accel-prepare-tosa --accel-quantize` on seeded
calibration inputs (docs/Quantization.md); each int8 run's output must equal upstream MLIR's
lowering of the same int8 TOSA run by mlir-runner byte for byte, and the report gives the SQNR
of the dequantized output against PyTorch. The decoders stay f32: the upsample + conv fusion
sums kernel taps, which int8 weights cannot hold exactly.

Roofline bound of a network: the sum over its program layers, grouped by ONNX node, of
max(useful MACs / (atomic_c·atomic_k), compulsory bytes / bandwidth). Useful MACs are the
program's per-layer figures (docs/Backend.md; tap landings for phase forms), for a Conv node at
most the node's own MACs (output elements × kernel taps × input channels per group: a PReLU
folded into the conv doubles its output channels, accel-prepare-tosa); compulsory bytes
are the node's activation inputs, weights and bias and its output once, 4 bytes per element
(1 in int8), read from the ONNX graph after shape inference — for a conv fed by a nearest Resize the
upsampling folds into (fused build or not), the Resize's input, as the fused form reads it.
"""

import math
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List, Optional

import numpy as np

from accel_tools import netlib
from accel_tools.metrics import rel_error
from accel_tools.progress import Progress
from accel_tools.tools import Toolchain, ToolError

TOLERANCE = 1e-4
ELEMENT_BYTES = 4
ACC_ENTRY_BYTES = 4

# name, title, kind, builder in netlib, its arguments, NC(D)HW / NCL input shape, the layers
# the targets are about (ONNX op types), the source of the shapes.
WORKLOADS = [
    dict(name="hifigan", title="HiFi-GAN V1 generator", kind="vocoder",
         builder="hifigan_generator", args=dict(width=128, mels=80), shape=(1, 80, 32),
         upsampling=("ConvTranspose",), int8=True,
         scale="V1's layers (rates 8, 8, 2, 2; kernels 16, 16, 4, 4; MRF kernels 3, 7, 11) "
               "with width 128 instead of 512, 32 mel frames"),
    dict(name="seanet", title="EnCodec/SEANet-style decoder", kind="vocoder",
         builder="seanet_decoder", args=dict(filters=8, dimension=128), shape=(1, 128, 24),
         upsampling=("ConvTranspose",), int8=True,
         scale="EnCodec's ratios 8, 5, 4, 2 (kernel 2s) and dimension 128 with 8 filters "
               "instead of 32, 24 frames"),
    dict(name="vae-decoder", title="latent-diffusion VAE decoder (upsampling path)",
         kind="decoder", builder="upsample_decoder", args=dict(channels=64),
         shape=(1, 4, 16, 16), upsampling=("Conv",), int8=False,
         scale="two nearest ×2 + 3×3 conv blocks at 64 channels on a 16×16 latent "
               "(paper size: 512 channels on 32×32, `workloads.py --preset paper`)"),
]

WORKLOADS += [
    dict(name="fsrcnn-x%d" % s, title="FSRCNN ×%d" % s, kind="sr", builder="fsrcnn",
         args=dict(scale=s), shape=(1, 1, 24, 24), upsampling=("ConvTranspose",), int8=False,
         scale="FSRCNN(56, 12, 4) as published (ConvTranspose2d 56 → 1, kernel 9, stride %d), "
               "on a 24×24 luminance input" % s)
    for s in (2, 3, 4)
]
WORKLOADS.append(
    dict(name="unet3d", title="3-D U-Net decoder stage", kind="3d", builder="unet3d_decoder",
         args=dict(in_ch=32, skip_ch=16), shape=None,
         inputs={"x": (1, 32, 4, 8, 8), "skip": (1, 16, 8, 16, 16)},
         upsampling=("ConvTranspose",), int8=False,
         scale="nnU-Net's decoder stage (ConvTranspose3d kernel = stride = 2, concat with the "
               "skip, two 3×3×3 convs) with 32 → 16 channels instead of 320 → 256, a "
               "4×8×8 input"))

# The paper-size variants (Rombach et al.'s decoder width; HiFi-GAN V1; EnCodec 24 kHz):
# too slow to simulate in CI, run on request.
PAPER = {
    "hifigan": dict(args=dict(width=512, mels=80), shape=(1, 80, 32)),
    "seanet": dict(args=dict(filters=32, dimension=128), shape=(1, 128, 24)),
    "vae-decoder": dict(args=dict(channels=512), shape=(1, 4, 32, 32)),
}

# The build each kind is compared with. A 3-D transposed conv has none: TOSA has no
# transpose_conv3d, so the importer always writes its phase form and every strategy runs it.
BASELINE = {"vocoder": "zero-insert", "decoder": "unfused", "sr": "zero-insert", "3d": None}


def workloads(preset: str = "ci") -> List[dict]:
    """The workloads netlib defines, with the preset's sizes."""
    out = []
    for w in WORKLOADS:
        if not hasattr(netlib, w["builder"]):
            continue
        w = dict(w)
        if preset == "paper" and w["name"] in PAPER:
            w.update(PAPER[w["name"]])
        out.append(w)
    return out


def builds(w: dict) -> List[str]:
    """The baseline, split, auto, and auto under objective=edp (energy x cycles)."""
    base = BASELINE[w["kind"]]
    return ([base] if base else []) + ["split", "auto", "auto-edp"]


def input_shapes(w: dict) -> Dict[str, tuple]:
    """{ONNX input name: shape} in forward()'s order."""
    return w.get("inputs") or {"input": w["shape"]}


def compile_args(target: str, build: str) -> List[str]:
    if build == "unfused":
        return ["--accel-compile=target=%s strategy=auto fuse-upsample=false" % target]
    if build == "auto-edp":
        return ["--accel-compile=target=%s strategy=auto objective=edp" % target]
    return ["--accel-compile=target=%s strategy=%s" % (target, build)]


# ---------------------------------------------------------------------------------------------
# The ONNX graph: compulsory bytes per node
# ---------------------------------------------------------------------------------------------


def _numel(shape) -> int:
    return int(np.prod(shape)) if shape else 1


def node_bytes(model_path: str, element_bytes: int = ELEMENT_BYTES) -> Dict[str, dict]:
    """Per ONNX node name: its op type and compulsory DRAM bytes (activation inputs, weights
    and bias, output, once), with a conv fed by a Resize counting the Resize's input."""
    import onnx
    from onnx import numpy_helper, shape_inference
    model = shape_inference.infer_shapes(onnx.load(model_path))
    g = model.graph
    shapes = {}
    for vi in list(g.value_info) + list(g.input) + list(g.output):
        dims = [d.dim_value for d in vi.type.tensor_type.shape.dim]
        shapes[vi.name] = dims
    for init in g.initializer:
        shapes[init.name] = list(init.dims)
    for node in g.node:
        if node.op_type == "Constant":
            for a in node.attribute:
                if a.name == "value":
                    shapes[node.output[0]] = list(numpy_helper.to_array(a.t).shape)
    constant = {i.name for i in g.initializer} | {n.output[0] for n in g.node
                                                   if n.op_type == "Constant"}
    producer = {o: n for n in g.node for o in n.output}
    out = {}
    for node in g.node:
        if node.op_type in ("Constant", "Shape", "Gather", "Unsqueeze", "Concat") and \
                all(i in constant or i == "" for i in node.input):
            continue
        total = 0
        for i, name in enumerate(node.input):
            if not name:
                continue
            if node.op_type == "Resize" and i > 0:
                continue                      # roi / scales / sizes: parameters
            src = producer.get(name)
            if src is not None and src.op_type == "Resize" and name not in constant:
                name = src.input[0]           # the upsampling folds into this conv
            per = ACC_ENTRY_BYTES if (node.op_type in ("Conv", "ConvTranspose") and i == 2) \
                else element_bytes
            total += per * _numel(shapes.get(name, []))
        total += sum(element_bytes * _numel(shapes.get(o, [])) for o in node.output)
        info = {"op": node.op_type, "bytes": total}
        if node.op_type in ("Conv", "ConvTranspose"):
            cin, cout = shapes.get(node.input[0], []), shapes.get(node.output[0], [])
            if len(cin) > 1 and len(cout) > 1:
                info["channels"] = (cin[1], cout[1])
            weight = shapes.get(node.input[1], [])
            if node.op_type == "Conv" and len(cout) > 2 and len(weight) > 2:
                # Each output element: kernel taps × input channels per group.
                info["macs"] = _numel(cout) * _numel(weight[1:])
        for a in node.attribute:
            if a.name in ("strides", "kernel_shape"):
                info[a.name] = list(a.ints)
        out[node.name] = info
    return out


def _node_of(layer_name: str) -> str:
    return layer_name.split("#", 1)[0]


# ---------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------


def _run_build(tools: Toolchain, mlir: str, inputs: Dict[str, str], out_name: str,
               ref: np.ndarray, exact: bool, target: str, build: str, rdir: str) -> dict:
    """Compile, translate and simulate one build; compare with `ref` (within TOLERANCE, or
    byte for byte when `exact`)."""
    os.makedirs(rdir, exist_ok=True)
    ir, prog, out = (os.path.join(rdir, f) for f in ("compiled.mlir", "program.accel",
                                                     "out.npy"))
    result = {"error": None}
    try:
        tools.opt(mlir, ir, compile_args(target, build))
        tools.translate(ir, prog)
        result["sim"] = tools.simulate(prog, inputs, {out_name: out})
        got = np.load(out)
        if exact:
            same = got.dtype == ref.dtype and got.shape == ref.shape and \
                np.array_equal(got, ref)
            result["rel_error"] = 0.0 if same else math.inf
        else:
            result["rel_error"] = rel_error(got, ref) if got.shape == ref.shape else math.inf
    except ToolError as e:
        result["error"] = e.brief()
    for big in (ir, prog, out):
        if os.path.exists(big):
            os.remove(big)
    return result


CALIBRATION_SEEDS = (20, 21, 22, 23)
INPUT_SEED = 7


def _inputs(w: dict, seed: int) -> Dict[str, np.ndarray]:
    rng = np.random.RandomState(seed)
    return {name: rng.uniform(-1, 1, shape).astype(np.float32)
            for name, shape in input_shapes(w).items()}


def _quantize(tools: Toolchain, w: dict, mlir: str, wdir: str, x: np.ndarray,
              ref: np.ndarray) -> dict:
    """The workload's int8 TOSA (accel-quantize on the calibration seeds), its quantized
    input, upstream MLIR's output for it (mlir-runner) and that output's SQNR vs PyTorch."""
    from accel_tools import ptq
    calib = []
    for seed in CALIBRATION_SEEDS:
        calib.append(os.path.join(wdir, "calib%d.npy" % seed))
        np.save(calib[-1], _inputs(w, seed)["input"])
    i8 = os.path.join(wdir, w["name"] + ".i8.mlir")
    function = ptq.quantize_network(tools, mlir, calib, i8, os.path.join(wdir, "quant.json"))
    (inp,), (out,) = function["inputs"], function["outputs"]
    q = ptq.quantize(x, inp["scale"], inp["zero_point"])
    qin = os.path.join(wdir, "input.i8.npy")
    np.save(qin, q)
    y = ptq.reference_output(tools, i8, q)
    sqnr = ptq.sqnr_db([ref], [ptq.dequantize(y, out["scale"], out["zero_point"])])
    return {"mlir": i8, "inputs": {inp["name"]: qin}, "output": out["name"], "ref": y,
            "sqnr_db": sqnr}


def int8_targets(targets: Dict[str, dict]) -> List[str]:
    return [t for t, d in targets.items() if d["data_bits"] == 8]


def collect(tools: Toolchain, targets: Dict[str, dict], work: str, jobs: int, log,
            preset: str = "ci") -> dict:
    """{name: {workload, nodes: {precision: ...}, sqnr_db, runs: {precision: {target: {build:
    run}}}}}; int8 runs only on the int8 targets, for the workloads with int8=True."""
    import torch
    data = {}
    pool = ThreadPoolExecutor(max(1, jobs))
    pending = []
    for w in workloads(preset):
        log("  %s: exporting to ONNX, importing, running PyTorch" % w["name"])
        wdir = os.path.join(work, "workload-" + w["name"])
        os.makedirs(wdir, exist_ok=True)
        model = getattr(netlib, w["builder"])(**w["args"])
        onnx_path = os.path.join(wdir, w["name"] + ".onnx")
        netlib.export_module_onnx(model, input_shapes(w), onnx_path)
        xs = _inputs(w, INPUT_SEED)
        paths = {}
        for name, x in xs.items():
            paths[name] = os.path.join(wdir, name + ".npy")
            np.save(paths[name], x)
        with torch.no_grad():
            ref = model.double()(*(torch.from_numpy(x.astype(np.float64))
                                   for x in xs.values())).numpy()
        mlir = tools.import_onnx(onnx_path, os.path.join(wdir, w["name"] + ".mlir"))
        entry = {"workload": w, "nodes": {"f32": node_bytes(onnx_path, 4)}, "runs": {}}
        data[w["name"]] = entry
        configs = [("f32", list(targets), mlir, paths, "output", ref, False)]
        if w["int8"] and int8_targets(targets):
            log("  %s: quantizing (accel-quantize), int8 reference (mlir-runner)" % w["name"])
            q = _quantize(tools, w, mlir, wdir, xs["input"], ref)
            entry["nodes"]["int8"] = node_bytes(onnx_path, 1)
            entry["sqnr_db"] = q["sqnr_db"]
            configs.append(("int8", int8_targets(targets), q["mlir"], q["inputs"],
                            q["output"], q["ref"], True))
        for precision, ts, src, inputs, out_name, want, exact in configs:
            entry["runs"][precision] = {t: {} for t in ts}
            for t in ts:
                for b in builds(w):
                    pending.append((w["name"], precision, t, b, pool.submit(
                        _run_build, tools, src, inputs, out_name, want, exact, t, b,
                        os.path.join(wdir, "%s.%s.%s" % (precision, t, b)))))
    progress = Progress(len(pending), "workload runs")
    for name, precision, t, b, fut in pending:
        run = fut.result()
        data[name]["runs"][precision][t][b] = run
        progress.step(note="%s %s %s %s" % (name, precision, t, b))
        log("  %-12s %-4s %-12s %-11s %s" % (name, precision, t, b, run["error"] or
                                             "%d cycles" % run["sim"]["cycles"]), progress)
    progress.close()
    pool.shutdown()
    return data


# ---------------------------------------------------------------------------------------------
# Analysis
# ---------------------------------------------------------------------------------------------


def group_layers(run: dict) -> Dict[str, dict]:
    """The simulated program layers summed per ONNX node."""
    groups: Dict[str, dict] = {}
    for l in run["sim"]["layers"]:
        g = groups.setdefault(_node_of(l["name"]), {"cycles": 0, "useful_macs": 0,
                                                    "energy_pj": 0.0})
        g["cycles"] += l["cycles"]
        g["useful_macs"] += l["useful_macs"]
        g["energy_pj"] += l["energy_pj"]
    return groups


def bound(groups: Dict[str, dict], nodes: Dict[str, dict], target: dict,
          only: Optional[str] = None) -> float:
    """Sum of the layers' roofline bounds (cycles)."""
    total = 0.0
    for name, g in groups.items():
        if only is not None and name != only:
            continue
        nbytes = nodes.get(name, {}).get("bytes", 0)
        # A Conv node's own MACs bound the program's: the fewest either form needs.
        macs = min(g["useful_macs"], nodes.get(name, {}).get("macs", g["useful_macs"]))
        total += max(macs / (target["atomic_c"] * target["atomic_k"]),
                     nbytes / target["dram_bytes_per_cycle"])
    return total


def summarize(data: dict, targets: Dict[str, dict], precision: str) -> List[dict]:
    """One row per workload × target × build: cycles, speedup over the baseline, energy
    saving, distance to the roofline, agreement with the reference."""
    rows = []
    for name, entry in data.items():
        if precision not in entry["runs"]:
            continue
        w = entry["workload"]
        base_build = BASELINE[w["kind"]]
        for t, by_build in entry["runs"][precision].items():
            base = by_build.get(base_build)
            for b in builds(w):
                run = by_build[b]
                row = {"network": name, "target": t, "build": b, "error": run["error"]}
                if not run["error"]:
                    groups = group_layers(run)
                    row.update(cycles=run["sim"]["cycles"], energy=run["sim"]["energy_pj"],
                               rel_error=run["rel_error"],
                               distance=run["sim"]["cycles"] / max(1.0, bound(
                                   groups, entry["nodes"][precision], targets[t])))
                    if base and not base["error"]:
                        row["speedup"] = base["sim"]["cycles"] / run["sim"]["cycles"]
                        row["saving"] = 1 - run["sim"]["energy_pj"] / base["sim"]["energy_pj"]
                rows.append(row)
    return rows


def layer_rows(data: dict, targets: Dict[str, dict], precision: str) -> List[dict]:
    """Per transposed conv of the vocoders: cycles per build, speedup over zero-insert,
    distance to its roofline bound under auto."""
    rows = []
    for name, entry in data.items():
        w = entry["workload"]
        if w["kind"] == "decoder" or precision not in entry["runs"]:
            continue
        nodes = entry["nodes"][precision]
        for t, by_build in entry["runs"][precision].items():
            if any(r["error"] for r in by_build.values()):
                continue
            groups = {b: group_layers(r) for b, r in by_build.items()}
            for node, info in nodes.items():
                if info["op"] not in w["upsampling"] or node not in groups["auto"]:
                    continue
                cycles = {b: groups[b][node]["cycles"] for b in groups if node in groups[b]}
                rows.append({"network": name, "layer": node, "node": info, "target": t,
                             "cycles": cycles,
                             "distance": cycles["auto"] / max(1.0, bound(
                                 groups["auto"], nodes, targets[t], node))})
    return rows


# ---------------------------------------------------------------------------------------------
# Checks (issue #13's targets)
# ---------------------------------------------------------------------------------------------

VOCODER_SPEEDUP = 4.0    # auto over zero-insert on the stride-8 transposed convs
DECODER_SPEEDUP = 2.0    # fused (auto) over the unfused upsample-then-conv build


def checks(rows: List[dict], lrows: List[dict]) -> Dict[str, List[dict]]:
    out = {"stride8": [], "decoder": [], "numerics": []}
    for r in lrows:
        if max(r["node"].get("strides", [1])) != 8:
            continue
        speedup = r["cycles"]["zero-insert"] / r["cycles"]["auto"]
        # The most any build can gain over zero-insert: zero-insert's cycles over the
        # layer's roofline bound (distance = auto / bound).
        ceiling = speedup * r["distance"]
        out["stride8"].append({"subject": "%s%s" % (r["network"], r["layer"]),
                               "target": r["target"], "value": speedup,
                               "ceiling": ceiling, "distance": r["distance"],
                               "status": "PASS" if speedup >= VOCODER_SPEEDUP else "MISS"})
    for r in rows:
        if r["error"]:
            out["numerics"].append({"subject": "%s %s" % (r["network"], r["build"]),
                                    "target": r["target"], "status": "FAIL",
                                    "why": r["error"]})
            continue
        ok = r["rel_error"] <= TOLERANCE
        out["numerics"].append({"subject": "%s %s" % (r["network"], r["build"]),
                                "target": r["target"], "status": "PASS" if ok else "FAIL"})
        if r["build"] == "auto" and r["network"] in _DECODERS and "speedup" in r:
            out["decoder"].append({"subject": r["network"], "target": r["target"],
                                   "value": r["speedup"],
                                   "status": "PASS" if r["speedup"] >= DECODER_SPEEDUP
                                   else "MISS"})
    return out


_DECODERS = {w["name"] for w in WORKLOADS if w["kind"] == "decoder"}


def _stride8_cell(items: List[dict]) -> str:
    """The stride-8 check's counts, and why misses whose zero-insert build already runs
    within VOCODER_SPEEDUP of the roofline bound cannot pass."""
    text = _count(items)
    bounded = [i for i in items if i["status"] == "MISS" and i["ceiling"] < VOCODER_SPEEDUP]
    if bounded:
        def span(key):
            lo, hi = min(i[key] for i in bounded), max(i[key] for i in bounded)
            return "%.2f×" % lo if "%.2f" % lo == "%.2f" % hi else "%.2f–%.2f×" % (lo, hi)
        text += (" (%d of the misses, %s: zero-insert runs within %s of the layer's "
                 "roofline bound, the most any build can gain; auto is at %s the bound)"
                 % (len(bounded), ", ".join("%s on `%s`" % (i["subject"], i["target"])
                                            for i in bounded),
                    span("ceiling"), span("distance")))
    return text


def _count(items: List[dict]) -> str:
    from collections import Counter
    c = Counter(i["status"] for i in items)
    return ", ".join("%d %s" % (n, s) for s, n in sorted(c.items())) or "none"


# ---------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------

PRECISIONS = (("int8", "int8 on the int8 presets (the vocoders)"),
              ("f32", "f32 on every preset"))


def _network_table(data: dict, rows: List[dict], precision: str) -> List[str]:
    agree = "bit-exact vs mlir-runner" if precision == "int8" else "PyTorch"
    md = ["| network | target | baseline | baseline cycles | split speedup | auto speedup "
          "| auto energy saving | auto × roofline | auto (edp) speedup "
          "| auto (edp) energy saving | %s |" % agree,
          "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    by = {(r["network"], r["target"], r["build"]): r for r in rows}
    for name, entry in data.items():
        if precision not in entry["runs"]:
            continue
        base_build = BASELINE[entry["workload"]["kind"]]
        for t in entry["runs"][precision]:
            base = by.get((name, t, base_build), {"error": None, "cycles": None})
            split, auto = by[(name, t, "split")], by[(name, t, "auto")]
            edp = by[(name, t, "auto-edp")]
            if base["error"] or auto["error"] or edp["error"]:
                md.append("| %s | `%s` | %s | — | — | — | — | — | — | — | error: %s |"
                          % (name, t, base_build,
                             (base["error"] or auto["error"] or edp["error"])[:120]))
                continue
            failed = [r["build"] for r in (base, split, auto, edp)
                      if "build" in r and (r["error"] or r["rel_error"] > TOLERANCE)]
            ok = ("✓ every build" if precision == "int8" else "✓ ≤ 1e-4")
            md.append("| %s | `%s` | %s | %s | %s | %s | %s | %.2f× | %s | %s | %s |" % (
                name, t, base_build or "none (phase form only)",
                "{:,}".format(base["cycles"]) if base["cycles"] else "—",
                "%.2f×" % split["speedup"] if "speedup" in split else "—",
                "%.2f×" % auto["speedup"] if "speedup" in auto else "—",
                "%.1f%%" % (100 * auto["saving"]) if "saving" in auto else "—",
                auto["distance"],
                "%.2f×" % edp["speedup"] if "speedup" in edp else "—",
                "%.1f%%" % (100 * edp["saving"]) if "saving" in edp else "—",
                "✗ %s" % ", ".join(failed) if failed else ok))
    return md


def _layer_table(lrows: List[dict]) -> List[str]:
    md = ["| network / layer | kernel, stride | target | zero-insert cycles | split cycles "
          "| auto cycles | auto speedup | auto × roofline |",
          "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for r in lrows:
        c, node = r["cycles"], r["node"]
        zi = c.get("zero-insert")
        md.append("| %s %s | %s, %s | `%s` | %s | {:,} | {:,} | %s | %.2f× |".format(
            c["split"], c["auto"]) % (
            r["network"], r["layer"], "×".join(map(str, node.get("kernel_shape", []))),
            "×".join(map(str, node.get("strides", []))), r["target"],
            "{:,}".format(zi) if zi else "—", "%.2f×" % (zi / c["auto"]) if zi else "—",
            r["distance"]))
    return md


TINY = 3    # issue #13: layers with at most this many input or output channels


def tiny_rows(data: dict, targets: Dict[str, dict], precision: str) -> List[dict]:
    """Every conv / transposed conv of the workloads with <= TINY input or output channels,
    per target, under auto: cycles, its roofline bound, one DRAM latency."""
    rows = []
    for name, entry in data.items():
        if precision not in entry["runs"]:
            continue
        nodes = entry["nodes"][precision]
        for t, by_build in entry["runs"][precision].items():
            run = by_build.get("auto")
            if not run or run["error"]:
                continue
            groups = group_layers(run)
            for node, info in nodes.items():
                if "channels" not in info or min(info["channels"]) > TINY or node not in groups:
                    continue
                b = bound(groups, nodes, targets[t], node)
                rows.append({"network": name, "layer": node, "channels": info["channels"],
                             "target": t, "cycles": groups[node]["cycles"], "bound": b,
                             "latency": targets[t]["dram_latency_cycles"]})
    return rows


def tiny_table(rows: List[dict]) -> List[str]:
    md = ["| network / layer | C_in → C_out | target | auto cycles | bound | × bound "
          "| ≤ 2×bound + latency |",
          "| --- | --- | --- | ---: | ---: | ---: | --- |"]
    for r in rows:
        md.append("| %s %s | %d → %d | `%s` | {:,} | {:,} | %.2f× | %s |".format(
            r["cycles"], int(round(r["bound"]))) % (
            r["network"], r["layer"], r["channels"][0], r["channels"][1], r["target"],
            r["cycles"] / max(1.0, r["bound"]), tiny_status(r)))
    return md


def tiny_status(r: dict) -> str:
    return "PASS" if r["cycles"] <= 2 * r["bound"] + r["latency"] else "MISS"


def render(data: dict, targets: Dict[str, dict], figure: Optional[str] = None) -> str:
    md = ["## Generative workloads (issue #13)", ""]
    md.append("Today's heavy users of transposed convolutions and their cousins "
              "(benchmarks/report/workloads.py; `accel_tools.netlib`, where each module's "
              "docstring gives the source of its shapes), from PyTorch through ONNX like the "
              "networks above, batch 1, on every preset. Builds: `zero-insert` (the baseline "
              "for transposed convs), `split`, `auto`, and `auto` with `objective=edp` (the "
              "per-layer choices ranked by energy × cycles instead of cycles, "
              "docs/Conversion.md); for the upsample-then-conv decoders the "
              "baseline is the unfused build (`auto` with `fuse-upsample=false`: the nearest "
              "×2 upsampled tensor goes through DRAM and the 3×3 conv runs over it), and "
              "`split` / `auto` fuse each upsample + conv pair into phase convs. The vocoders "
              "also run in **int8** on the int8 presets: quantized once by `accel-quantize` "
              "(4 seeded calibration inputs), every build's output equal byte for byte to "
              "upstream MLIR's lowering of the same int8 TOSA (mlir-runner). The decoders stay "
              "f32 (the fusion sums kernel taps, which int8 weights cannot hold exactly). "
              "Distance = cycles / the sum of the layers' roofline bounds (useful MACs — the "
              "program's, for a Conv node at most the node's own —, compulsory bytes from the "
              "ONNX graph at the run's element size).")
    md.append("")
    for w in workloads():
        sqnr = data.get(w["name"], {}).get("sqnr_db")
        md.append("* **%s** (`netlib.%s(%s)`, input %s): %s.%s" % (
            w["title"], w["builder"], ", ".join("%s=%s" % kv for kv in w["args"].items()),
            " and ".join("×".join(map(str, shape)) for shape in input_shapes(w).values()),
            w["scale"],
            " int8: SQNR %.1f dB against PyTorch (f32 model, float64) on a held-out input."
            % sqnr if sqnr is not None else ""))
    md.append("")
    if figure:
        md += ["![split and auto speedup of each workload over its baseline (zero-insert, or "
               "the unfused decoder; the 3-D stage has none), per target, f32 and int8](%s)"
               % figure, ""]
    for precision, title in PRECISIONS:
        rows = summarize(data, targets, precision)
        if not rows:
            continue
        lrows = layer_rows(data, targets, precision)
        cs = checks(rows, lrows)
        md += ["### %s" % title, "",
               "| check | result |", "| --- | --- |",
               "| Vocoders: `auto` ≥ %.0f× over zero-insert on every stride-8 transposed conv "
               "| %s |" % (VOCODER_SPEEDUP, _stride8_cell(cs["stride8"]))]
        if cs["decoder"]:
            md.append("| Upsample + conv decoders: `auto` (fused) ≥ %.0f× fewer cycles than "
                      "the unfused build | %s |" % (DECODER_SPEEDUP, _count(cs["decoder"])))
        md.append("| Every build's output %s | %s |" % (
            "equal to mlir-runner's" if precision == "int8"
            else "within %.0e of PyTorch (float64)" % TOLERANCE, _count(cs["numerics"])))
        trows = tiny_rows(data, targets, precision)
        if trows:
            md.append("| Layers with ≤ %d input or output channels: `auto` cycles ≤ 2× the "
                      "roofline bound + one DRAM latency | %s |" % (
                          TINY, _count([{"status": tiny_status(r)} for r in trows])))
        md += [""] + _network_table(data, rows, precision) + [""]
        md += ["Transposed convolutions (1-D, 2-D, 3-D):", ""] + _layer_table(lrows) + [""]
        if trows:
            md += ["Layers with ≤ %d input or output channels, under `auto`:" % TINY, ""] + \
                tiny_table(trows) + [""]
    return "\n".join(md)


def plot(data: dict, targets: Dict[str, dict], path: str) -> None:
    """docs/workloads.svg: per target, each workload's split and auto speedup over its
    baseline (zero-insert, or the unfused decoder), f32 and, where run, int8."""
    from plot import COLORS, _pyplot, _save
    plt = _pyplot()
    series = []
    for precision in ("f32", "int8"):
        rows = {(r["network"], r["target"], r["build"]): r
                for r in summarize(data, targets, precision)}
        for b in ("split", "auto"):
            series.append((precision, b, rows))
    names = list(data)
    width = 0.8 / len(series)
    fig, axes = plt.subplots(1, len(targets), figsize=(4.2 * len(targets), 3.4),
                             squeeze=False)
    for ax, t in zip(axes[0], targets):
        for i, (precision, b, rows) in enumerate(series):
            ys = [rows.get((n, t, b), {}).get("speedup", 0.0) for n in names]
            ax.bar([x + (i - (len(series) - 1) / 2) * width for x in range(len(names))], ys,
                   width, label="%s %s" % (b, precision), color=COLORS[b],
                   hatch="//" if precision == "int8" else None, edgecolor="white")
        ax.axhline(1.0, color="#636363", lw=0.8)
        ax.set_xticks(range(len(names)))
        ax.set_xticklabels(names, rotation=20, fontsize=8)
        ax.set_title(t, fontsize=9)
        ax.set_ylabel("speedup over baseline", fontsize=8)
        ax.tick_params(labelsize=8)
    axes[0][0].legend(fontsize=8)
    _save(fig, path)
    plt.close(fig)


def main(argv=None) -> int:
    """Standalone: print the section for a build (e.g. the paper-size preset)."""
    import argparse
    import sys
    import tempfile
    import runs
    ap = argparse.ArgumentParser(description="issue #13's generative workloads")
    ap.add_argument("--build", required=True)
    ap.add_argument("--targets", default="nvdla-small,nvdla-large,tpu-systolic,diannao")
    ap.add_argument("--preset", choices=("ci", "paper"), default="ci")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--work")
    ap.add_argument("--plot", help="also write the figure here")
    a = ap.parse_args(argv)
    tools = Toolchain(os.path.join(os.path.abspath(a.build), "bin"))
    work = a.work or tempfile.mkdtemp(prefix="accel-workloads-")
    descs = {t: runs.target_desc(tools, t, work) for t in a.targets.split(",") if t}
    data = collect(tools, descs, work, a.jobs,
                   lambda m, p=None: print(m, file=sys.stderr), a.preset)
    print(render(data, descs))
    if a.plot:
        plot(data, descs, a.plot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
