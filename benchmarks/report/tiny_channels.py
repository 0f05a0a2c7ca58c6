#!/usr/bin/env python3
"""Issue 13's tiny-channel target, measured: every conv / deconv layer of the report networks
with 1..3 input or output channels, under `auto`, on every preset: simulated cycles, the
roofline bound (layers.roofline, as docs/Results.md), the distance cycles / bound, and whether
cycles <= 2 x bound + one DRAM latency. The networks come in as make_report.py brings them
(collect.collect: ONNX export, import, compile, simulate, checked against PyTorch); only the
`auto` strategy runs.

Usage: PYTHONPATH=python:benchmarks/report python3 benchmarks/report/tiny_channels.py
           --build BUILD --work DIR [--json OUT.json] [--networks dcgan,...] [--targets ...]
Prints a markdown table; --json keeps the rows (to compare two builds).
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from accel_tools.tools import Toolchain  # noqa: E402

import collect  # noqa: E402
import layers as L  # noqa: E402
import runs  # noqa: E402

NETWORKS = ["dcgan", "sngan", "fst", "artgan", "gpgan", "mde"]
TARGETS = ["nvdla-small", "nvdla-large", "tpu-systolic", "diannao"]
TINY = 3


def tiny_layers(spec: dict):
    for layer in spec["layers"]:
        if layer["op"] not in ("conv", "deconv"):
            continue
        cin = layer["in_shapes"][0][3]
        if min(cin, layer["out_ch"]) <= TINY:
            yield layer


def rows_of(d: dict, specs: dict) -> list:
    """Rows of one precision's matrix `d` (collect.collect's data or data["int8"]); `specs`:
    network name → spec (the f32 matrix holds them)."""
    rows = []
    for name, entry in d["networks"].items():
        for layer in tiny_layers(specs[name]):
            for target, t in d["targets"].items():
                run = entry["runs"][target].get("auto")
                roof = L.roofline(layer, t, d["element_bytes"])
                row = {"network": name, "layer": layer["name"], "target": target,
                       "cin": layer["in_shapes"][0][3], "cout": layer["out_ch"],
                       "kind": layer["op"], "roofline": roof["cycles"],
                       "latency": t["dram_latency_cycles"], "cycles": None, "strategy": None}
                if run and not run.get("error") and layer["name"] in run["layers"]:
                    g = run["layers"][layer["name"]]
                    row["cycles"] = g["cycles"]
                    row["strategy"] = g.get("strategy")
                rows.append(row)
    return rows


def status(r: dict) -> str:
    if r["cycles"] is None:
        return "FAILED"
    return "PASS" if r["cycles"] <= 2 * r["roofline"] + r["latency"] else "MISS"


def render(rows: list, precision: str) -> list:
    """Markdown lines: the check's counts and one row per layer × target."""
    from collections import Counter
    counts = Counter(status(r) for r in rows)
    md = ["### Layers with ≤ %d input or output channels (%s, issue #13)" % (TINY, precision),
          "",
          "Issue #13's target: every conv / deconv layer with 1–%d input or output channels "
          "runs under `auto` in at most 2× its roofline bound + one DRAM latency. **%s.**"
          % (TINY, ", ".join("%d %s" % (n, k) for k, n in sorted(counts.items()))), "",
          "| network/layer | C_in→C_out | target | auto | cycles | bound | distance | "
          "≤ 2×bound + latency |",
          "| --- | --- | --- | --- | ---: | ---: | ---: | --- |"]
    for r in rows:
        if r["cycles"] is None:
            md.append("| %s/%s | %d→%d | %s | FAILED | | | | |" % (
                r["network"], r["layer"], r["cin"], r["cout"], r["target"]))
            continue
        md.append("| %s/%s | %d→%d | %s | %s | %d | %.0f | %.2f× | %s |" % (
            r["network"], r["layer"], r["cin"], r["cout"], r["target"], r["strategy"] or "-",
            r["cycles"], r["roofline"], r["cycles"] / r["roofline"], status(r)))
    return md


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--json")
    ap.add_argument("--networks", default=",".join(NETWORKS))
    ap.add_argument("--targets", default=",".join(TARGETS))
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args(argv)
    runs.STRATEGIES = ["auto"]
    tools = Toolchain(os.path.join(a.build, "bin"))
    data = collect.collect(tools, a.networks.split(","), a.targets.split(","), [], a.work,
                           a.jobs, lambda msg, *_: print(msg, file=sys.stderr))
    specs = {n: e["spec"] for n, e in data["networks"].items()}
    rows = rows_of(data, specs)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f, indent=1)
    print("\n".join(render(rows, "f32")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
