"""The report's figure: per target, network speedups over zero-insert against the paper's
band, and each deconv layer's distance to its roofline under split and auto."""

import analysis as A


def plot(data: dict, path: str) -> None:
    import matplotlib
    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "accel-results"   # stable element ids
    matplotlib.rcParams["svg.fonttype"] = "none"
    import matplotlib.pyplot as plt

    targets = list(data["targets"])
    names = list(data["networks"])
    fig, axes = plt.subplots(2, len(targets), figsize=(5.2 * len(targets), 7.5), squeeze=False)
    colors = {"stacked": "#9ecae1", "split": "#3182bd", "auto": "#e6550d"}
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
                   color=colors[s], label=s, zorder=2)
        ax.axhline(1.0, color="black", linewidth=0.6)
        ax.set_xticks(range(len(names)))
        ax.set_xticklabels(names)
        ax.set_title("%s: network speedup over zero-insert" % t, fontsize=10)
        ax.set_ylabel("speedup (×)")
        if col == 0:
            ax.legend(fontsize=8, loc="upper right")

        ax = axes[1][col]
        labels, split_d, auto_d = [], [], []
        for name in names:
            for layer in A.deconv_layers(data["networks"][name]["spec"]):
                rows = A.layer_rows(data, name, t, layer)
                labels.append("%s/%s" % (name, layer["name"]))
                split_d.append(rows["split"].get("distance", 0) or 0)
                auto_d.append(rows["auto"].get("distance", 0) or 0)
        pos = range(len(labels))
        ax.bar([p - 0.2 for p in pos], split_d, 0.4, color=colors["split"], label="split",
               zorder=2)
        ax.bar([p + 0.2 for p in pos], auto_d, 0.4, color=colors["auto"], label="auto",
               zorder=2)
        ax.axhline(A.ROOFLINE_LIMIT, color="black", linestyle="--", linewidth=0.8,
                   label="target 1.10×")
        ax.set_yscale("log")
        ax.set_xticks(list(pos))
        ax.set_xticklabels(labels, rotation=90, fontsize=6)
        ax.set_title("%s: deconv layer cycles / roofline bound" % t, fontsize=10)
        if col == 0:
            ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, metadata={"Date": None} if path.endswith(".svg") else None)
    plt.close(fig)
