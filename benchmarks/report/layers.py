"""Per-TOSA-layer accounting: which program layers belong to which network layer, their
measured totals, and each network layer's roofline bound.

A compiled network has several program layers per TOSA layer (the phases of a split deconv,
zero_insert + conv, the FC's channel chunks...). The emitter emits one program layer per
accel op in function order (conv2d, bias_fill, add, zero_insert, and depth_to_space / concat /
reshape only when they copy operands), named after the op's NameLoc or `<op>_<index>`. The
compiled IR (printed with locations) gives each op's TOSA origin: a NameLoc (`deconv1`,
`deconv1_pre`) or the source line of the TOSA op, whose SSA result names it (`%deconv1_pre =
tosa.transpose_conv2d ...`). Either way the name is resolved to a spec layer by the longest
layer name it starts with ("res1_a_pre" → res1_a; a "#7" suffix is dropped).
"""

import math
import re
from typing import Dict, List, Optional, Sequence

import numpy as np

ELEMENT_BYTES = 4        # f32 everywhere in this report
ACC_ENTRY_BYTES = 4      # bias entries (kAccEntryBytes in CostModel.h)

_OP_LINE = re.compile(r"^\s*%\S+ = (accel\.\w+)\b(.*)$")
_LOC = re.compile(r"\sloc\((.*)\)\s*$")
_LOC_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"(:\d+:\d+)?')
_TENSOR = re.compile(r"tensor<([0-9x]+)x[a-z]\w*>")
_SSA_DEF = re.compile(r"^\s*%([A-Za-z_][\w$.]*)\s*=")
EMITTING = {"accel.conv2d", "accel.bias_fill", "accel.add", "accel.zero_insert"}
ALIASING = {"accel.depth_to_space", "accel.concat", "accel.reshape"}


def source_line_names(module_text: str) -> Dict[int, str]:
    """1-based line number → SSA name defined on it, for the TOSA module as generated."""
    names = {}
    for i, line in enumerate(module_text.splitlines(), 1):
        m = _SSA_DEF.match(line)
        if m:
            names[i] = m.group(1)
    return names


def resolve_layer(raw: str, layer_names: Sequence[str]) -> Optional[str]:
    raw = raw.split("#", 1)[0]
    best = None
    for name in layer_names:
        if raw == name or raw.startswith(name + "_"):
            if best is None or len(name) > len(best):
                best = name
    return best


def _shape(type_text: str) -> List[int]:
    m = _TENSOR.search(type_text)
    return [int(d) for d in m.group(1).split("x")] if m else []


def _int_attr(attrs: str, name: str) -> Optional[int]:
    m = re.search(re.escape(name) + r" = (-?\d+) : i64", attrs)
    return int(m.group(1)) if m else None


def _dict_attr(attrs: str, name: str) -> Dict[str, int]:
    m = re.search(re.escape(name) + r" = \{([^}]*)\}", attrs)
    if not m:
        return {}
    out = {}
    for key, value in re.findall(r'"?([\w-]+)"? = (-?\d+) : i64', m.group(1)):
        out[key] = int(value)
    return out


def parse_ir(ir: str, line_names: Dict[int, str], layer_names: Sequence[str]) -> List[dict]:
    """The compiled function's accel ops in order: kind, TOSA layer, operand / result shapes,
    the accel-tile estimate, the strategy attributes, and whether it emits a program layer."""
    ops = []
    for line in ir.splitlines():
        m = _OP_LINE.match(line)
        if not m:
            continue
        kind, rest = m.group(1), m.group(2)
        loc_m = _LOC.search(rest)
        body = rest[:loc_m.start()] if loc_m else rest
        raw = None
        if loc_m:
            for text, pos in _LOC_STRING.findall(loc_m.group(1)):
                if not pos:                     # a NameLoc
                    raw = text
                    break
                if raw is None:                 # file:line:col of the TOSA op
                    raw = line_names.get(int(pos.split(":")[1]), None)
        colon = body.rfind(" : (")
        sig = body[colon + 3:] if colon >= 0 else ""
        attrs = body[:colon] if colon >= 0 else body
        operands, _, result = sig.partition(" -> ")
        op = {
            "kind": kind,
            "raw": raw,
            "layer": resolve_layer(raw, layer_names) if raw else None,
            "operands": [[int(d) for d in dims.split("x")] for dims in _TENSOR.findall(operands)],
            "result": _shape(result),
            "est_cycles": _int_attr(attrs, "accel.est_cycles"),
            "strategy": (re.search(r'accel\.strategy = "([\w-]+)"', attrs) or [None, None])[1],
            "strategy_cycles": _dict_attr(attrs, "accel.strategy_cycles"),
            "strategy_dram_bytes": _dict_attr(attrs, "accel.strategy_dram_bytes"),
            "strategy_energy_pj": _dict_attr(attrs, "accel.strategy_energy_pj"),
            "groups": _int_attr(attrs, "groups") or 1,
        }
        copies = re.search(r"accel\.copy_operands = array<i64(:[^>]*)?>", attrs)
        op["emits"] = kind in EMITTING or (kind in ALIASING and bool(copies and copies.group(1)))
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
                                        "strategy_cycles": {}, "convs": 0})

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


def compulsory_bytes(l: dict) -> int:
    """DRAM bytes a layer cannot avoid: its inputs, weights and bias once, its output once (the
    Python mirror of compulsoryDramBytes in CostModel.h, with the bias counted once per layer
    rather than once per phase). A concat is free (producers store into place)."""
    op = l["op"]
    out = _elems(l["shape"])
    if op == "fc":
        cin = l["in_shapes"][0][1]
        return ELEMENT_BYTES * (cin + cin * out + out) + ACC_ENTRY_BYTES * out
    if op in ("conv", "deconv"):
        kh, kw = l["kernel"]
        cin = l["in_shapes"][0][3]
        oc = l["out_ch"]
        return (ELEMENT_BYTES * (_elems(l["in_shapes"][0]) + oc * kh * kw * cin + out)
                + ACC_ENTRY_BYTES * oc)
    if op == "add":
        return ELEMENT_BYTES * 3 * out
    return 0


def useful_macs(l: dict) -> int:
    import netlib
    return netlib.macs(l)


def roofline(l: dict, target: dict) -> dict:
    """max(useful MACs / (atomic_c·atomic_k), compulsory bytes / bandwidth) in cycles
    (rooflineCycles in CostModel.h), and which side binds."""
    macs = useful_macs(l)
    nbytes = compulsory_bytes(l)
    compute = macs / (target["atomic_c"] * target["atomic_k"])
    memory = nbytes / target["dram_bytes_per_cycle"]
    return {"useful_macs": macs, "bytes": nbytes, "compute": compute, "memory": memory,
            "cycles": max(compute, memory), "bound": "compute" if compute >= memory else "DRAM"}
