"""The report's figures (matplotlib, SVG with stable ids; every label ≥ 8 pt):

* `results.svg` — per target, network speedups over zero-insert against the paper's band,
  and each deconv layer's distance to its roofline bound under split and auto;
* `roofline.svg` — a true roofline per target: each layer × strategy as a point at its
  operational intensity (useful MACs per DRAM byte it moved) and attained useful MACs per
  cycle, under the target's compute roof (the MAC array) and bandwidth roof;
* `breakdown.svg` — per target and network (auto): where the cycles go (share per layer
  kind) and the energy split MAC / SRAM / DRAM next to the zero-insert baseline's.

`plot(data, path)` writes the f32 figures at `path` and next to it, and the same three for the
int8 runs (`data["int8"]`) with an `-int8` suffix (`figure_names`).
"""

import os
from typing import Dict, List

import analysis as A

COLORS = {"zero-insert": "#969696", "stacked": "#9ecae1", "split": "#3182bd",
          "auto": "#e6550d"}
KIND_COLORS = {"deconv": "#3182bd", "conv": "#31a354", "fc": "#756bb1", "add": "#fdae6b",
               "other": "#bdbdbd"}
ENERGY_COLORS = {"MAC": "#636363", "SRAM": "#9ecae1", "DRAM": "#e6550d"}
MARKERS = "osD^vP*Xh<>"


def figure_names(path: str, precision: str = "f32") -> Dict[str, str]:
    """The three figure files of one precision: {"results": path, "roofline": ...,
    "breakdown": ...} for f32, the same names with an `-int8` suffix for int8."""
    base, ext = os.path.splitext(path)
    folder = os.path.dirname(path)
    suffix = "" if precision == "f32" else "-" + precision
    ext = ext or ".svg"
    return {"results": base + suffix + ext,
            "roofline": os.path.join(folder, "roofline" + suffix + ext),
            "breakdown": os.path.join(folder, "breakdown" + suffix + ext)}


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "accel-results"   # stable element ids
    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["font.size"] = 9
    import matplotlib.pyplot as plt
    return plt


def _save(fig, path: str) -> None:
    fig.tight_layout()
    fig.savefig(path, metadata={"Date": None} if path.endswith(".svg") else None)


def _grid(plt, data: dict, rows: int, height: float):
    """(targets, networks, figure, axes[row][target]): one column per target."""
    targets = list(data["targets"])
    fig, axes = plt.subplots(rows, len(targets), figsize=(5.6 * len(targets), height),
                             squeeze=False)
    return targets, list(data["networks"]), fig, axes


def plot(data: dict, path: str) -> None:
    plt = _pyplot()
    for d in (data["int8"], data):
        if not d["targets"]:
            continue
        names = figure_names(path, d["precision"])
        for draw, key in ((plot_results, "results"), (plot_roofline, "roofline"),
                          (plot_breakdown, "breakdown")):
            fig = draw(plt, d)
            _save(fig, names[key])
            plt.close(fig)


def plot_results(plt, data: dict):
    targets, names, fig, axes = _grid(plt, data, 2, 8.5)
    for col, t in enumerate(targets):
        ax = axes[0][col]
        ax.axhspan(*A.PAPER_SPEEDUP, color="#dddddd", zorder=0,
                   label="paper 2.41–4.34×")
        width = 0.27
        for i, s in enumerate(("stacked", "split", "auto")):
            vals = []
            for name in names:
                r = A.network_rows(data, name, t)[s]
                vals.append(r.get("speedup", 0) if not r["error"] else 0)
            ax.bar([j + (i - 1) * width for j in range(len(names))], vals, width,
                   color=COLORS[s], label=s, zorder=2)
        ax.axhline(1.0, color="black", linewidth=0.6)
        ax.set_xticks(range(len(names)))
        ax.set_xticklabels(names)
        ax.set_title("%s, %s: network speedup over zero-insert" % (t, data["precision"]))
        ax.set_ylabel("speedup (×)")
        if col == 0:
            ax.legend(loc="upper right")

        ax = axes[1][col]
        labels, split_d, auto_d = [], [], []
        for name in names:
            for layer in A.deconv_layers(data["networks"][name]["spec"]):
                rows = A.layer_rows(data, name, t, layer)
                labels.append("%s/%s" % (name, layer["name"]))
                split_d.append(rows["split"].get("distance", 0) or 0)
                auto_d.append(rows["auto"].get("distance", 0) or 0)
        pos = range(len(labels))
        ax.bar([p - 0.2 for p in pos], split_d, 0.4, color=COLORS["split"], label="split",
               zorder=2)
        ax.bar([p + 0.2 for p in pos], auto_d, 0.4, color=COLORS["auto"], label="auto",
               zorder=2)
        ax.axhline(A.ROOFLINE_LIMIT, color="black", linestyle="--", linewidth=0.8,
                   label="target 1.10×")
        ax.set_yscale("log")
        ax.set_xticks(list(pos))
        ax.set_xticklabels(labels, rotation=90, fontsize=8)
        ax.set_title("%s, %s: deconv layer cycles / roofline bound" % (t, data["precision"]))
        if col == 0:
            ax.legend()
    return fig


def roofline_points(data: dict, target: str) -> List[dict]:
    """Every layer × strategy (zero-insert, split, auto) that ran: operational intensity =
    useful MACs / DRAM bytes moved, attained = useful MACs / cycles."""
    out = []
    for name, entry in data["networks"].items():
        for layer in entry["spec"]["layers"]:
            if layer["op"] not in ("conv", "deconv", "fc"):
                continue
            rows = A.layer_rows(data, name, target, layer)
            for s in ("zero-insert", "split", "auto"):
                r = rows[s]
                if r["error"] or not r["cycles"] or not r["dram_bytes"]:
                    continue
                out.append({"network": name, "layer": layer["name"], "kind": layer["op"],
                            "strategy": s,
                            "intensity": r["useful_macs"] / r["dram_bytes"],
                            "attained": r["useful_macs"] / r["cycles"]})
    return out


def plot_roofline(plt, data: dict):
    targets, names, fig, axes = _grid(plt, data, 1, 5.0)
    for col, t in enumerate(targets):
        ax = axes[0][col]
        desc = data["targets"][t]
        peak = A.array_size(desc)
        bandwidth = desc["dram_bytes_per_cycle"]
        points = roofline_points(data, t)
        lo = min([p["intensity"] for p in points] + [peak / bandwidth]) / 2
        hi = max([p["intensity"] for p in points] + [peak / bandwidth]) * 2
        ridge = peak / bandwidth
        ax.plot([lo, ridge, hi], [lo * bandwidth, peak, peak], color="black", linewidth=1.2,
                label="roofs: %d MAC/cycle, %g B/cycle" % (peak, bandwidth), zorder=3)
        for p in points:
            ax.scatter(p["intensity"], p["attained"], s=22, zorder=4,
                       color=COLORS[p["strategy"]],
                       marker=MARKERS[names.index(p["network"]) % len(MARKERS)],
                       edgecolors="none" if p["kind"] == "deconv" else COLORS[p["strategy"]],
                       alpha=0.85)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(lo, hi)
        ax.set_xlabel("operational intensity (useful MACs / DRAM byte moved)")
        ax.set_ylabel("attained useful MACs / cycle")
        ax.set_title("%s, %s: roofline, every conv / deconv / FC layer" % (t, data["precision"]))
        handles = [plt.Line2D([], [], color="black", label="compute and bandwidth roofs")]
        handles += [plt.Line2D([], [], linestyle="", marker="o", color=COLORS[s], label=s)
                    for s in ("zero-insert", "split", "auto")]
        handles += [plt.Line2D([], [], linestyle="", marker=MARKERS[i % len(MARKERS)],
                               color="#636363", label=n) for i, n in enumerate(names)]
        ax.legend(handles=handles, loc="lower right", fontsize=8)
    return fig


def cycle_shares(data: dict, name: str, target: str, strategy: str = "auto") -> Dict[str, float]:
    """Share of the network's simulated cycles per layer kind (deconv, conv, fc, add,
    other), from the per-layer sums; {} when the run failed."""
    entry = data["networks"][name]
    run = entry["runs"][target].get(strategy)
    if not A.ok(run):
        return {}
    kinds = {l["name"]: l["op"] for l in entry["spec"]["layers"]}
    cycles: Dict[str, float] = {}
    for layer, g in run["layers"].items():
        kind = kinds.get(layer, "other")
        kind = kind if kind in KIND_COLORS else "other"
        cycles[kind] = cycles.get(kind, 0) + g["cycles"]
    total = sum(cycles.values())
    return {k: v / total for k, v in cycles.items()} if total else {}


def energy_split(data: dict, name: str, target: str, strategy: str) -> Dict[str, float]:
    """The run's energy in µJ split MAC / SRAM / DRAM (accel-sim's total row)."""
    run = data["networks"][name]["runs"][target].get(strategy)
    if not A.ok(run):
        return {}
    total = run["sim"]["total"]
    return {"MAC": total["mac_energy_pj"] * 1e-6, "SRAM": total["sram_energy_pj"] * 1e-6,
            "DRAM": total["dram_energy_pj"] * 1e-6}


def plot_breakdown(plt, data: dict):
    targets, names, fig, axes = _grid(plt, data, 2, 8.0)
    for col, t in enumerate(targets):
        ax = axes[0][col]
        bottoms = [0.0] * len(names)
        for kind, color in KIND_COLORS.items():
            vals = [100 * cycle_shares(data, n, t).get(kind, 0) for n in names]
            ax.bar(range(len(names)), vals, 0.6, bottom=bottoms, color=color, label=kind,
                   zorder=2)
            bottoms = [b + v for b, v in zip(bottoms, vals)]
        ax.set_xticks(range(len(names)))
        ax.set_xticklabels(names)
        ax.set_ylim(0, 100)
        ax.set_ylabel("% of the network's cycles (auto)")
        ax.set_title("%s, %s: where the cycles go, by layer kind" % (t, data["precision"]))
        if col == 0:
            ax.legend(loc="lower right", fontsize=8)

        ax = axes[1][col]
        width = 0.38
        for i, s in enumerate(("zero-insert", "auto")):
            bottoms = [0.0] * len(names)
            for part, color in ENERGY_COLORS.items():
                vals = []
                for n in names:
                    base = sum(energy_split(data, n, t, "zero-insert").values())
                    mine = energy_split(data, n, t, s).get(part, 0)
                    vals.append(100 * mine / base if base else 0)
                ax.bar([j + (i - 0.5) * width for j in range(len(names))], vals, width,
                       bottom=bottoms, color=color, zorder=2,
                       label=part if i == 0 else None,
                       hatch="//" if s == "zero-insert" else None, edgecolor="white")
                bottoms = [b + v for b, v in zip(bottoms, vals)]
        ax.set_xticks(range(len(names)))
        ax.set_xticklabels(names)
        ax.set_ylabel("energy, % of zero-insert's")
        ax.set_title("%s, %s: energy split, zero-insert (hatched) vs auto" % (t, data["precision"]))
        if col == 0:
            ax.legend(loc="upper right", fontsize=8)
    return fig
