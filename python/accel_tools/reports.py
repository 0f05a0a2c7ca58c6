"""Reading accel-sim's JSON report (`--report=json`) and MLIR's JSON pass timing
(`--mlir-timing --mlir-output-format=json`); per-layer tables grouped by network layer.

Every program layer carries its source layer's identity: a name (the ONNX node name, the TOSA
op's name location, or a role-based default such as `deconv3`, given by convert-tosa-to-accel
before lowering) made unique with `#<index>`, and a role (the source op's kind,
`transpose_conv2d`). All accelerator ops of one source layer (the phase convs of a split
deconv, the bias fills, the zero-insert copy, ...) are `deconv1`, `deconv1#7`, ... and group on
the part before '#'. A baseline layer pairs with the report's layer of the same name only when
their roles agree; otherwise `layer_table` refuses (LayerPairingError).

API:

    report   = load_sim_report("auto.json")            # path, JSON text or dict → SimReport
    baseline = load_sim_report("zero-insert.json")     # optional
    strategy = mlir_text.strategies(open("auto.acc.mlir").read())  # {"deconv1": "split", ...}
    rows     = layer_table(report, strategy, baseline)  # [LayerRow, ...], last one is "total"
    print(format_table(rows))                           # aligned text (what the demo prints)
    print(format_markdown(rows))                        # the same as a Markdown table

Definitions:
  cycles       simulated cycles of the layer's instructions (sum over its program layers);
  MAC util     executed MACs / (cycles × MAC-array size) — executed, so zero-insert's
               multiplications by inserted zeros count as "used" (see `useful_macs`);
  speedup      baseline cycles / cycles of the same layer (baseline: the zero-insert build);
  useful util  useful MACs / (cycles × MAC-array size): multiplications by inserted zeros
               and padding taps of a transposed conv's lowering do not count;
  strategy     the transposed conv's lowering (split / stacked / zero-insert), from the
               report's layers (compiled IR given with --ir overrides it; "-" for layers that
               are not transposed convolutions).

Command line: benchmarks/e2e/accel_report.py.
"""

import json
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Union

from accel_tools.mlir_text import str_attr


@dataclass
class LayerStat:
    """One layer of an accel-sim report (or the sum of a group of them)."""
    name: str
    cycles: int = 0
    macs: int = 0
    dram_bytes: int = 0
    energy_pj: float = 0.0
    parts: int = 1                 # program layers summed into this one
    role: str = ""                 # the source op's kind ("transpose_conv2d"); "" if unknown
    strategy: str = ""
    useful_macs: Optional[int] = None   # None: the report predates useful MACs

    def add(self, other: "LayerStat") -> None:
        self.cycles += other.cycles
        self.macs += other.macs
        self.dram_bytes += other.dram_bytes
        self.energy_pj += other.energy_pj
        self.parts += other.parts
        self.strategy = self.strategy or other.strategy
        if self.useful_macs is not None and other.useful_macs is not None:
            self.useful_macs += other.useful_macs
        else:
            self.useful_macs = None


@dataclass
class SimReport:
    """accel-sim --report=json: totals plus one LayerStat per program layer, in program
    order. `array_macs` is the MAC array size (atomic-C × atomic-K) implied by the report's
    own utilization figure, or None when nothing ran."""
    target: str
    cycles: int
    macs: int
    dram_bytes: int
    energy_pj: float
    mac_utilization: float
    layers: List[LayerStat] = field(default_factory=list)
    microseconds: Optional[float] = None

    @property
    def array_macs(self) -> Optional[float]:
        if self.cycles and self.mac_utilization:
            return self.macs / (self.cycles * self.mac_utilization)
        return None

    def utilization(self, macs: int, cycles: int) -> Optional[float]:
        size = self.array_macs
        if not size or not cycles:
            return None
        return macs / (cycles * size)


def load_sim_report(source: Union[str, Mapping]) -> SimReport:
    """A SimReport from a dict (already parsed), JSON text, or a path to a JSON file."""
    if isinstance(source, str):
        if source.lstrip().startswith("{"):
            d = json.loads(source)
        else:
            with open(source) as f:
                d = json.load(f)
    else:
        d = dict(source)
    layers = [LayerStat(l["name"], int(l.get("cycles", 0)), int(l.get("macs", 0)),
                        int(l.get("dram_bytes", 0)), float(l.get("energy_pj", 0.0)),
                        role=l.get("role", ""), strategy=l.get("strategy", ""),
                        useful_macs=int(l["useful_macs"]) if "useful_macs" in l else None)
              for l in d.get("layers", [])]
    return SimReport(d.get("target", "?"), int(d.get("cycles", 0)), int(d.get("macs", 0)),
                     int(d.get("dram_bytes", 0)), float(d.get("energy_pj", 0.0)),
                     float(d.get("mac_utilization", 0.0)), layers, d.get("microseconds"))


def layer_key(program_layer_name: str) -> str:
    """`deconv1#7` → `deconv1`: the network layer a program layer belongs to."""
    return program_layer_name.split("#", 1)[0]


def group_layers(report: SimReport) -> "OrderedDict[str, LayerStat]":
    """Program layers summed per network layer, in order of first appearance."""
    groups: "OrderedDict[str, LayerStat]" = OrderedDict()
    for l in report.layers:
        key = layer_key(l.name)
        part = LayerStat(key, l.cycles, l.macs, l.dram_bytes, l.energy_pj, role=l.role,
                         strategy=l.strategy, useful_macs=l.useful_macs)
        if key in groups:
            groups[key].add(part)
        else:
            groups[key] = part
    return groups


@dataclass
class LayerRow:
    """One line of the table. `baseline_cycles` / `speedup` are None without a baseline or
    when the baseline has no layer of that name."""
    layer: str
    strategy: str
    cycles: int
    macs: int
    utilization: Optional[float]
    dram_bytes: int
    energy_pj: float
    baseline_cycles: Optional[int] = None
    speedup: Optional[float] = None
    useful_utilization: Optional[float] = None


class LayerPairingError(ValueError):
    """A baseline layer has the report layer's name but another role: not the same layer."""


def _check_same_role(key: str, mine: LayerStat, theirs: LayerStat) -> None:
    if mine.role and theirs.role and mine.role != theirs.role:
        raise LayerPairingError(
            "layer '%s' is a %s in the report but a %s in the baseline: refusing to pair "
            "different layers (compare builds of the same network)" % (key, mine.role, theirs.role))


def layer_table(report: SimReport, strategies: Optional[Mapping[str, str]] = None,
                baseline: Optional[SimReport] = None, total: bool = True) -> List[LayerRow]:
    """Rows per network layer (program order) plus, with `total`, a final row "total"."""
    strategies = strategies or {}
    base = group_layers(baseline) if baseline else {}
    rows = []
    for key, g in group_layers(report).items():
        b = base.get(key)
        if b:
            _check_same_role(key, g, b)
        useful = None if g.useful_macs is None else report.utilization(g.useful_macs, g.cycles)
        rows.append(LayerRow(key, strategies.get(key) or g.strategy or "-", g.cycles, g.macs,
                             report.utilization(g.macs, g.cycles), g.dram_bytes, g.energy_pj,
                             b.cycles if b else None,
                             b.cycles / g.cycles if b and g.cycles else None, useful))
    if total:
        known = [l.useful_macs for l in report.layers]
        useful = (report.utilization(sum(known), report.cycles)
                  if known and None not in known else None)
        rows.append(LayerRow("total", "", report.cycles, report.macs,
                             report.mac_utilization if report.cycles else None,
                             report.dram_bytes, report.energy_pj,
                             baseline.cycles if baseline else None,
                             baseline.cycles / report.cycles
                             if baseline and report.cycles else None, useful))
    return rows


def _percent(value: Optional[float]) -> str:
    return "-" if value is None else "%.1f%%" % (100 * value)


def _cells(r: LayerRow, with_baseline: bool, with_useful: bool = False) -> List[str]:
    cells = [r.layer, r.strategy, "{:,}".format(r.cycles), _percent(r.utilization)]
    if with_useful:
        cells.append(_percent(r.useful_utilization))
    if with_baseline:
        cells += ["-" if r.baseline_cycles is None else "{:,}".format(r.baseline_cycles),
                  "-" if r.speedup is None else "%.2fx" % r.speedup]
    return cells


def _headers(with_baseline: bool, baseline_name: str, with_useful: bool = False) -> List[str]:
    h = ["layer", "strategy", "cycles", "MAC util"] + (["useful util"] if with_useful else [])
    if with_baseline:
        h += ["%s cycles" % baseline_name, "speedup"]
    return h


def format_table(rows: List[LayerRow], baseline_name: str = "zero-insert") -> str:
    """Aligned plain text; numbers right-aligned; a rule before the total row."""
    with_baseline = any(r.baseline_cycles is not None for r in rows)
    useful = any(r.useful_utilization is not None for r in rows)
    table = [_headers(with_baseline, baseline_name, useful)] + [
        _cells(r, with_baseline, useful) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    left = {0, 1}

    def line(cells):
        return "  ".join(c.ljust(w) if i in left else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
    out = [line(table[0])]
    for r, cells in zip(rows, table[1:]):
        if r.layer == "total":
            out.append("-" * len(line(table[0])))
        out.append(line(cells))
    return "\n".join(out)


def format_markdown(rows: List[LayerRow], baseline_name: str = "zero-insert") -> str:
    with_baseline = any(r.baseline_cycles is not None for r in rows)
    useful = any(r.useful_utilization is not None for r in rows)
    head = _headers(with_baseline, baseline_name, useful)
    out = ["| " + " | ".join(head) + " |",
           "|" + "|".join(["---", "---"] + ["---:"] * (len(head) - 2)) + "|"]
    for r in rows:
        cells = _cells(r, with_baseline, useful)
        if r.layer == "total":
            cells = ["**%s**" % c if c else c for c in cells]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def timing_seconds(json_text: str) -> Dict[str, float]:
    """Wall seconds per timer name from `--mlir-timing --mlir-output-format=json` (MLIR's
    timing report on stderr), summed over every place a name appears in the nested report
    (a pass inside a `'func.func' Pipeline` counts under its own name)."""
    out: Dict[str, float] = {}

    def walk(entries):
        for e in entries:
            if not e:
                continue
            name = e.get("name")
            if name is not None and "wall" in e:
                out[name] = out.get(name, 0.0) + float(e["wall"]["duration"])
            walk(e.get("passes", []))
    start = json_text.find("[")
    if start < 0:
        raise ValueError("no JSON timing report in: %r" % json_text[:200])
    walk(json.JSONDecoder().raw_decode(json_text[start:])[0])
    return out


def target_from_asm(asm: str) -> dict:
    """The target description (accel's targetToJSON) from the `.target "..."` line that
    `accel-translate --accel-to-asm` writes at the top of a program's assembly."""
    for line in asm.splitlines():
        if line.startswith('.target "') and line.endswith('"'):
            return json.loads(str_attr(line[len(".target "):]))
    raise ValueError("no .target line in the assembly")
