"""Per-network-layer accounting: which program layers belong to which network layer, their
measured totals, and each network layer's roofline bound.

A compiled network has several program layers per network layer (the phases of a split
deconv, zero_insert + conv, the FC's channel chunks...). The emitter emits one program layer
per accel op in function order (conv2d, bias_fill, add, zero_insert, and depth_to_space /
concat / reshape only when they copy operands), named after the op's layer name
(docs/Backend.md, "Layer names"): for the report's networks, imported from ONNX, the node
name, a module path such as `/deconv1/conv/ConvTranspose`. A name is resolved to a spec layer
by the longest layer name that it, or one of its `/` parts, equals or starts with
("res1_a_pre" → res1_a; a "#7" suffix is dropped); without one, the op's source line's SSA
name (TOSA written by gen_tosa.py) is used.
"""

import math
from typing import Dict, List, Optional, Sequence

import numpy as np

from accel_tools import mlir_text as mt
from accel_tools import netlib

ACC_ENTRY_BYTES = 4      # bias entries, i32 / f32 (kAccEntryBytes in CostModel.h)

EMITTING = {"accel.conv2d", "accel.bias_fill", "accel.add", "accel.zero_insert"}
ALIASING = {"accel.depth_to_space", "accel.concat", "accel.reshape"}


def source_line_names(module_text: str) -> Dict[int, str]:
    """1-based line number → SSA name defined on it, for the TOSA module as generated."""
    return mt.ssa_definitions(module_text)


def resolve_layer(raw: str, layer_names: Sequence[str]) -> Optional[str]:
    """The network layer a program layer or op name belongs to: the longest layer name the
    name, or one of its `/`-separated parts (ONNX node names are module paths,
    `/mods/deconv1/conv/ConvTranspose`), equals or starts with (`res1_a_pre` → res1_a)."""
    raw = raw.split("#", 1)[0]
    best = None
    for part in [raw] + [p for p in raw.split("/") if p]:
        for name in layer_names:
            if part == name or part.startswith(name + "_"):
                if best is None or len(name) > len(best):
                    best = name
    return best


def _shapes(types: List[str]) -> List[List[int]]:
    return [list(mt.parse_tensor_type(t)[0]) for t in types if t.startswith("tensor<")]


def _int_dict(op: mt.Op, name: str) -> Dict[str, int]:
    out = {}
    for key, value in mt.dict_attr(op.attr(name)).items():
        try:
            out[key] = mt.int_attr(value)
        except ValueError:
            pass
    return out


def parse_ir(ir: str, line_names: Dict[int, str], layer_names: Sequence[str]) -> List[dict]:
    """The compiled function's accel ops in order: kind, TOSA layer, operand / result shapes,
    the accel-tile estimate, the strategy attributes, and whether it emits a program layer.
    The op's TOSA origin is its first NameLoc, else the SSA name the generated module
    defines on the line of its first file location."""
    aliases = mt.loc_aliases(ir)
    ops = []
    for o in mt.parse_ops(ir):
        if not o.name.startswith("accel.") or not o.results:
            continue
        name, line = mt.loc_info(o.loc, aliases)
        raw = name if name is not None else line_names.get(line) if line else None
        result = _shapes(o.result_types)
        op = {
            "kind": o.name,
            "raw": raw,
            "layer": resolve_layer(raw, layer_names) if raw else None,
            "operands": _shapes(o.operand_types),
            "result": result[0] if result else [],
            "est_cycles": mt.estimate_cycles(o.attr("accel.est")),
            "strategy": mt.str_attr(o.attr("accel.strategy")),
            "strategy_cycles": _int_dict(o, "accel.strategy_cycles"),
            "strategy_dram_bytes": _int_dict(o, "accel.strategy_dram_bytes"),
            "strategy_energy_pj": _int_dict(o, "accel.strategy_energy_pj"),
            "groups": mt.int_attr(o.attr("groups")) or 1,
        }
        copies = mt.array_attr(o.attr("accel.copy_operands"))
        op["emits"] = o.name in EMITTING or (o.name in ALIASING and bool(copies))
        ops.append(op)
    return ops


def array_cycles(op: dict, target: dict) -> int:
    """MAC-array cycles of a conv at the array's granularity: taps · OH·OW · ⌈C/aC⌉ · ⌈K/aK⌉
    (per group): the compute floor of this conv on this array, padding taps included."""
    n, ih, iw, c = op["operands"][0]
    k, kh, kw, cg = op["operands"][1]
    _, oh, ow, _ = op["result"]
    g = op["groups"]
    return (n * g * kh * kw * oh * ow * math.ceil(cg / target["atomic_c"])
            * math.ceil((k // g) / target["atomic_k"]))


def group_run(run: dict, spec: dict, line_names: Dict[int, str], target: dict) -> Dict[str, dict]:
    """Sums the simulated program layers of one run per spec layer, and adds the IR's view of
    the same layer (MAC-array cycles of its convs, the cost model's estimate, the strategy).

    A program layer is attributed by its own name when that resolves to a spec layer (the
    generator's NameLocs); otherwise by position: the k-th program layer is the k-th
    layer-emitting op of the compiled function."""
    names = [l["name"] for l in spec["layers"]]
    ops = parse_ir(run["ir"], line_names, names)
    emitting = [op for op in ops if op["emits"]]
    sim_layers = run["sim"]["layers"]
    groups: Dict[str, dict] = {}

    def group(name):
        return groups.setdefault(name, {"cycles": 0, "macs": 0, "dram_bytes": 0,
                                        "energy_pj": 0.0, "est_cycles": 0, "array_cycles": 0,
                                        "program_layers": 0, "strategy": None,
                                        "strategy_cycles": {}, "convs": 0,
                                        "post_cycles": 0, "conv_busy_cycles": 0})

    for index, sl in enumerate(sim_layers):
        name = resolve_layer(sl["name"], names)
        if name is None:
            if len(emitting) != len(sim_layers):
                raise RuntimeError("program layer %r has no network layer name and the IR has "
                                   "%d layer-emitting ops for %d program layers"
                                   % (sl["name"], len(emitting), len(sim_layers)))
            name = emitting[index]["layer"] or "(unattributed)"
        g = group(name)
        g["cycles"] += sl["cycles"]
        g["macs"] += sl["macs"]
        g["dram_bytes"] += sl["dram_bytes"]
        g["energy_pj"] += sl["energy_pj"]
        g["post_cycles"] += sl.get("post_busy_cycles", 0)
        g["conv_busy_cycles"] += sl.get("conv_busy_cycles", 0)
        g["program_layers"] += 1
    for op in ops:
        if not op["layer"]:
            continue
        g = group(op["layer"])
        g["est_cycles"] += op["est_cycles"] or 0
        if op["kind"] == "accel.conv2d":
            g["array_cycles"] += array_cycles(op, target)
            g["convs"] += 1
        if op["strategy"]:
            g["strategy"] = op["strategy"]
            g["strategy_cycles"] = op["strategy_cycles"]
    return groups


def _elems(shape) -> int:
    return int(np.prod(shape))


def compulsory_bytes(l: dict, element_bytes: int) -> int:
    """DRAM bytes a layer cannot avoid: its inputs, weights and bias once, its output once (the
    Python mirror of compulsoryDramBytes in CostModel.h, with the bias counted once per layer
    rather than once per phase), at the run's element size (4 for f32, 1 for int8; the bias
    is an accumulator entry in both). A concat is free (producers store into place)."""
    op = l["op"]
    out = _elems(l["shape"])
    if op == "fc":
        cin = l["in_shapes"][0][1]
        return element_bytes * (cin + cin * out + out) + ACC_ENTRY_BYTES * out
    if op in ("conv", "deconv"):
        kh, kw = l["kernel"]
        cin = l["in_shapes"][0][3]
        oc = l["out_ch"]
        return (element_bytes * (_elems(l["in_shapes"][0]) + oc * kh * kw * cin + out)
                + ACC_ENTRY_BYTES * oc)
    if op == "add":
        return element_bytes * 3 * out
    return 0


def useful_macs(l: dict) -> int:
    return netlib.macs(l)


def roofline(l: dict, target: dict, element_bytes: int) -> dict:
    """max(useful MACs / (atomic_c·atomic_k), compulsory bytes / bandwidth) in cycles
    (rooflineCycles in CostModel.h), and which side binds; `element_bytes` is the run's
    (4 for f32, 1 for int8)."""
    macs = useful_macs(l)
    nbytes = compulsory_bytes(l, element_bytes)
    compute = macs / (target["atomic_c"] * target["atomic_k"])
    memory = nbytes / target["dram_bytes_per_cycle"]
    return {"useful_macs": macs, "bytes": nbytes, "compute": compute, "memory": memory,
            "cycles": max(compute, memory), "bound": "compute" if compute >= memory else "DRAM"}
