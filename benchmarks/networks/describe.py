#!/usr/bin/env python3
"""Print the benchmark networks' layer tables (type, in → out shape, kernel, stride, padding,
BN/activation, parameters, MACs, source) as Markdown — the tables of docs/Benchmarks.md — or
a one-line summary per network.

  /usr/bin/python3 describe.py [NAME ...] [--preset ci|paper] [--set K=V] [--summary]
"""

import argparse
import sys

from accel_tools import netlib, specs


def shape_text(s) -> str:
    return "×".join(str(d) for d in s[1:])


def layer_table(spec: dict) -> str:
    rows = ["| # | layer | type | input → output | kernel | stride | padding | BN / act | "
            "params | MMACs | source |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    for i, l in enumerate(spec["layers"], 1):
        op = l["op"]
        kind = {"fc": "FC", "conv": "conv", "deconv": "**deconv**", "add": "add",
                "concat": "concat"}[op]
        ins = " + ".join(shape_text(s) for s in l["in_shapes"])
        k = "%d×%d" % tuple(l["kernel"]) if "kernel" in l else ""
        s = "%d" % l["stride"][0] if "stride" in l and l["stride"][0] == l["stride"][1] else (
            "%d×%d" % tuple(l["stride"]) if "stride" in l else "")
        bn = {"channel": "BN", "feature": "BN1d", None: ""}[l["bn"]]
        act = netlib.act_name(l["act"]) if l["act"] else ""
        post = ", ".join(v for v in (bn, act) if v) or "-"
        if op in ("add", "concat"):
            inputs = ", ".join(l["inputs"])
            ins = "%s (%s)" % (ins, inputs)
        p = netlib.param_count(l)
        rows.append("| %d | %s | %s | %s → %s | %s | %s | %s | %s | %s | %s | %s |" % (
            i, l["name"], kind, ins, shape_text(l["shape"]), k, s, netlib.padding_text(l),
            post, "%.3g M" % (p / 1e6) if p else "", "%.1f" % (netlib.macs(l) / 1e6)
            if netlib.macs(l) else "", l["source"].replace("|", "/")))
    return "\n".join(rows)


def summary(spec: dict) -> str:
    deconv = [l for l in spec["layers"] if l["op"] == "deconv"]
    total = sum(netlib.macs(l) for l in spec["layers"])
    dmacs = sum(netlib.macs(l) for l in deconv)
    return ("%-7s %-6s in %-14s out %-12s %2d layers (%d deconv)  %7.2f M params  "
            "%8.1f M MACs (%4.1f%% in deconvs)" % (
                spec["name"], spec["preset"], shape_text(spec["input"]["shape"]),
                shape_text(spec["output_shape"]), len(spec["layers"]), len(deconv),
                sum(netlib.param_count(l) for l in spec["layers"]) / 1e6, total / 1e6,
                100.0 * dmacs / total if total else 0.0))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    netlib.add_spec_args(ap, multiple=True)
    ap.add_argument("--summary", action="store_true", help="one line per network")
    a = ap.parse_args(argv)
    for n in a.names or specs.NAMES:
        spec = netlib.spec_from_args(a, n)
        if a.summary:
            print(summary(spec))
            continue
        print("### %s — %s (preset `%s`)\n" % (n, spec["title"], spec["preset"]))
        print("Source: %s.\n" % spec["source"])
        deconv = [l for l in spec["layers"] if l["op"] == "deconv"]
        total = sum(netlib.macs(l) for l in spec["layers"])
        print("Input `%s`: %s. Output `%s`. Weight seed %d, input seed %d. %d layers (%d "
              "deconv), %.2f M parameters, %.1f M MACs (%.1f%% in deconvs).\n" % (
                  netlib._ty(spec["input"]["shape"]), spec["input"].get("note", ""),
                  netlib._ty(spec["output_shape"]), spec["seed"], netlib.input_seed(spec),
                  len(spec["layers"]), len(deconv),
                  sum(netlib.param_count(l) for l in spec["layers"]) / 1e6, total / 1e6,
                  100.0 * sum(netlib.macs(l) for l in deconv) / total))
        print(layer_table(spec))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
