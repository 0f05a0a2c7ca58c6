"""Derived numbers and the issue's target checks, as plain data for render.py.

Nothing here is tuned to the numbers: every check states its limit, the measured value, the
margin, and — when it misses — the measured factors that explain the gap (padding taps, the
MAC array's channel granularity, DRAM traffic beyond the compulsory bytes, and how much of the
schedule is not overlapped).
"""

from typing import Dict, List, Optional

import layers as L
from runs import FIXED_STRATEGIES, STRATEGIES

PAPER_SPEEDUP = (2.41, 4.34)
PAPER_ENERGY_SAVING = (0.277, 0.545)
PAPER_NETWORKS = ["dcgan", "sngan", "gpgan", "artgan"]   # where deconvs dominate (issue #5)
ROOFLINE_LIMIT = 1.10
# Issue #14: deconv layers at least as wide as the array (C_in >= atomic_c, C_out >= atomic_k),
# under split and auto; 1.10x in int8, 1.25x in f32.
WIDE_ROOFLINE_LIMIT = {"int8": 1.10, "f32": 1.25}
SPLIT_OVER_STACKED = 1.3
REL_ERROR_LIMIT = 1e-4
COMPILE_LIMIT_S = 2.0


def array_size(target: dict) -> int:
    return target["atomic_c"] * target["atomic_k"]


def ok(run: Optional[dict]) -> bool:
    """A run whose numbers count: it ran, and its output matches the reference (f32: PyTorch
    within REL_ERROR_LIMIT; int8: mlir-runner bit for bit)."""
    if not run or run["error"] is not None:
        return False
    if "rel_error" in run:
        return run["rel_error"] <= REL_ERROR_LIMIT
    return run["mismatches"] == 0


def element_bytes(data: dict) -> int:
    return data.get("element_bytes", 4)


def network_rows(data: dict, name: str, target: str) -> Dict[str, dict]:
    """Per strategy: the network's totals and derived metrics on one target."""
    entry = data["networks"][name]
    t = data["targets"][target]
    spec = entry["spec"]
    roof = sum(L.roofline(l, t, element_bytes(data))["cycles"] for l in spec["layers"])
    useful = sum(L.useful_macs(l) for l in spec["layers"])
    runs = entry["runs"][target]
    base = runs.get("zero-insert")
    rows = {}
    for s in STRATEGIES:
        run = runs.get(s)
        if not ok(run):
            rows[s] = {"error": _failure(run)}
            continue
        sim = run["sim"]
        row = {"error": None, "cycles": sim["cycles"], "macs": sim["macs"],
               "dram_bytes": sim["dram_bytes"], "energy_pj": sim["energy_pj"],
               "util": sim["macs"] / (sim["cycles"] * array_size(t)),
               "useful_util": useful / (sim["cycles"] * array_size(t)),
               "roofline": roof, "distance": sim["cycles"] / roof,
               "est_cycles": run.get("est_total_cycles")}
        if ok(base):
            row["speedup"] = base["sim"]["cycles"] / sim["cycles"]
            row["energy_saving"] = 1 - sim["energy_pj"] / base["sim"]["energy_pj"]
        rows[s] = row
    return rows


def deconv_speedup(data: dict, name: str, target: str, strategy: str) -> Optional[float]:
    """Zero-insert cycles / strategy cycles summed over the network's deconv layers only."""
    runs = data["networks"][name]["runs"][target]
    if not ok(runs.get("zero-insert")) or not ok(runs.get(strategy)):
        return None
    dn = [l["name"] for l in deconv_layers(data["networks"][name]["spec"])]
    base = sum(runs["zero-insert"]["layers"][n]["cycles"] for n in dn)
    mine = sum(runs[strategy]["layers"][n]["cycles"] for n in dn)
    return base / mine if mine else None


def _failure(run: Optional[dict]) -> str:
    if not run:
        return "not run"
    if run["error"]:
        return run["error"]
    if "rel_error" in run:
        return "wrong output (rel. error %.1e)" % run["rel_error"]
    return "wrong output (%d of %d values differ from mlir-runner)" % (run["mismatches"],
                                                                       run["values"])


def deconv_layers(spec: dict) -> List[dict]:
    return [l for l in spec["layers"] if l["op"] == "deconv"]


def layer_rows(data: dict, name: str, target: str, layer: dict) -> Dict[str, dict]:
    """Per strategy: one TOSA layer's program-layer sums and derived metrics."""
    t = data["targets"][target]
    roof = L.roofline(layer, t, element_bytes(data))
    runs = data["networks"][name]["runs"][target]
    rows = {}
    base = runs.get("zero-insert")
    base_g = base["layers"].get(layer["name"]) if ok(base) else None
    for s in STRATEGIES:
        run = runs.get(s)
        if not ok(run) or layer["name"] not in run["layers"]:
            rows[s] = {"error": _failure(run) if not ok(run) else "layer not found"}
            continue
        g = run["layers"][layer["name"]]
        row = dict(g, error=None, roofline=roof["cycles"], bound=roof["bound"],
                   distance=g["cycles"] / roof["cycles"],
                   util=g["macs"] / (g["cycles"] * array_size(t)),
                   useful_util=roof["useful_macs"] / (g["cycles"] * array_size(t)),
                   useful_macs=roof["useful_macs"], compulsory_bytes=roof["bytes"])
        if base_g:
            row["speedup"] = base_g["cycles"] / g["cycles"]
            row["energy_saving"] = 1 - g["energy_pj"] / base_g["energy_pj"]
        rows[s] = row
    return rows


# ---------------------------------------------------------------------------------------------
# Explanations
# ---------------------------------------------------------------------------------------------


def systolic(target: dict) -> bool:
    return target.get("dataflow", "").startswith("systolic")


def compute_floor(row: dict, target: dict) -> float:
    """The MAC array's cycles as simulated (CONV busy cycles): on a systolic array at least
    the convs' cycles at the array's granularity; on a broadcast one the busy cycles alone
    (a schedule that splits kernel rows skips taps over padding rows the IR's shapes count)."""
    busy = row.get("conv_busy_cycles", 0)
    if systolic(target):
        return max(row["array_cycles"], busy)
    return busy or row["array_cycles"]


def gap_factors(row: dict, target: dict) -> dict:
    """Splits cycles / roofline into measured factors:
    compute floor = compute_floor() above, which is useful MACs × padding taps (the MACs the
    convs execute / the useful ones) × array-shape loss (lanes the channel counts leave idle,
    channel tiles that are not multiples of the array's atomics) × on a systolic array `busy`,
    its busy cycles / the convs' cycles at its granularity (taps · OH·OW · ⌈C/aC⌉·⌈K/aK⌉):
    the fill and drain of every weight fold (docs/CostModel.md "MAC array timing");
    DRAM floor = the bytes actually moved / bandwidth = compulsory × traffic;
    schedule = cycles / max(the two floors): what the pipeline does not overlap; `post` = the
    POST instructions' busy cycles / that floor (the post-processor runs beside the MAC array,
    docs/CostModel.md "Timing model"; near or above 1 it is what the layer waits for)."""
    a = array_size(target)
    floor_c = compute_floor(row, target)
    granularity = row["array_cycles"] if systolic(target) else floor_c
    dram_floor = row["dram_bytes"] / target["dram_bytes_per_cycle"]
    floor = max(floor_c, dram_floor, 1)
    return {"pad": row["macs"] / max(row["useful_macs"], 1),
            "shape": granularity / max(row["macs"] / a, 1e-9),
            "busy": floor_c / max(granularity, 1),
            "compute_floor": floor_c / row["roofline"],
            "traffic": row["dram_bytes"] / max(row["compulsory_bytes"], 1),
            "dram_floor": dram_floor / row["roofline"],
            "schedule": row["cycles"] / floor,
            "post": row.get("post_cycles", 0) / floor,
            "floor_side": "compute" if floor_c >= dram_floor else "DRAM"}


def explain_gap(row: dict, layer: dict, target: dict) -> str:
    f = gap_factors(row, target)
    cin, cout = layer["in_shapes"][0][3], layer["out_ch"]
    parts = []
    if f["floor_side"] == "compute":
        parts.append("compute floor %.2f× the roofline" % f["compute_floor"])
        if f["shape"] > 1.05:
            parts.append("array shape ×%.2f (C_in %d, C_out %d on %d×%d)"
                         % (f["shape"], cin, cout, target["atomic_c"], target["atomic_k"]))
        if f["pad"] > 1.05:
            parts.append("padding taps ×%.2f" % f["pad"])
        if f["busy"] > 1.05:
            parts.append("systolic fill/drain ×%.2f (MAC array busy / its granularity floor)"
                         % f["busy"])
    else:
        parts.append("DRAM floor %.2f× the roofline (%.2f× the compulsory bytes%s)"
                     % (f["dram_floor"], f["traffic"],
                        "; the input is read once per phase" if row.get("convs", 1) > 1 and
                        f["traffic"] > 1.2 else ""))
    if f["schedule"] > 1.05:
        post = ""
        if f["post"] >= 0.8:
            post = "post-processor busy %.2f× the floor, " % f["post"]
        parts.append("schedule %.2f× its floor (%sDRAM latency %d cycles, pipeline fill/drain, "
                     "unoverlapped loads/stores)" % (f["schedule"], post,
                                                     target["dram_latency_cycles"]))
    return "; ".join(parts)


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------


def _check(check, target, subject, value, limit, status, margin, why=""):
    return {"check": check, "target": target, "subject": subject, "value": value,
            "limit": limit, "status": status, "margin": margin, "why": why}


def check_roofline(data: dict) -> List[dict]:
    out = []
    for target, t in data["targets"].items():
        for name, entry in data["networks"].items():
            for layer in deconv_layers(entry["spec"]):
                row = layer_rows(data, name, target, layer)["split"]
                subject = "%s/%s" % (name, layer["name"])
                if row["error"]:
                    out.append(_check("roofline", target, subject, None, ROOFLINE_LIMIT, "FAIL",
                                      None, row["error"]))
                    continue
                d = row["distance"]
                status = "PASS" if d <= ROOFLINE_LIMIT else "MISS"
                out.append(_check("roofline", target, subject, d, ROOFLINE_LIMIT, status,
                                  d / ROOFLINE_LIMIT - 1,
                                  "" if status == "PASS" else explain_gap(row, layer, t)))
    return out


def is_wide(layer: dict, target: dict) -> bool:
    """C_in and C_out at least the array's width: the layers issue #14's target covers."""
    return (layer["in_shapes"][0][3] >= target["atomic_c"]
            and layer["shape"][3] >= target["atomic_k"])


def check_wide_roofline(data: dict) -> List[dict]:
    out = []
    limit = WIDE_ROOFLINE_LIMIT[data["precision"]]
    for target, t in data["targets"].items():
        for name, entry in data["networks"].items():
            for layer in deconv_layers(entry["spec"]):
                if not is_wide(layer, t):
                    continue
                rows = layer_rows(data, name, target, layer)
                for strategy in ("split", "auto"):
                    row = rows[strategy]
                    subject = "%s/%s (%s)" % (name, layer["name"], strategy)
                    if row["error"]:
                        out.append(_check("wide roofline", target, subject, None, limit,
                                          "FAIL", None, row["error"]))
                        continue
                    d = row["distance"]
                    status = "PASS" if d <= limit else "MISS"
                    out.append(_check("wide roofline", target, subject, d, limit, status,
                                      d / limit - 1,
                                      "" if status == "PASS" else explain_gap(row, layer, t)))
    return out


def check_paper_band(data: dict) -> List[dict]:
    out = []
    for target, t in data["targets"].items():
        for name in PAPER_NETWORKS:
            if name not in data["networks"]:
                continue
            rows = network_rows(data, name, target)
            for s in ("split", "auto"):
                row = rows[s]
                subject = "%s (%s)" % (name, s)
                if row["error"] or "speedup" not in row:
                    out.append(_check("paper band", target, subject, None, PAPER_SPEEDUP[0],
                                      "FAIL", None, row["error"] or rows["zero-insert"]["error"]))
                    continue
                sp = row["speedup"]
                status = "PASS" if sp >= PAPER_SPEEDUP[0] else "MISS"
                why = "" if status == "PASS" else explain_network_speedup(data, name, target, s)
                out.append(_check("paper band", target, subject, sp, PAPER_SPEEDUP[0], status,
                                  sp / PAPER_SPEEDUP[0] - 1, why))
    return out


def explain_network_speedup(data: dict, name: str, target: str, strategy: str) -> str:
    """Amdahl with the layers' own floors: which layers gain nothing and what share of the
    baseline they hold, and for deconvs below the band which floor limits them."""
    spec = data["networks"][name]["spec"]
    runs = data["networks"][name]["runs"][target]
    base, run = runs["zero-insert"]["layers"], runs[strategy]["layers"]
    t = data["targets"][target]
    total_base = runs["zero-insert"]["sim"]["cycles"]
    flat = []
    for l in spec["layers"]:
        b, r = base.get(l["name"]), run.get(l["name"])
        if b and r and b["cycles"] <= 1.05 * r["cycles"]:
            what = ("stride 1, the same conv under every strategy" if l["op"] == "deconv"
                    else l["op"])
            flat.append((b["cycles"], "%s (%s) %.0f%%" % (l["name"], what,
                                                          100.0 * b["cycles"] / total_base)))
    parts = []
    if flat:
        share = sum(c for c, _ in flat) / total_base
        parts.append("layers that gain nothing hold %.0f%% of zero-insert's cycles: %s"
                     % (100 * share, ", ".join(text for _, text in sorted(flat, reverse=True))))
    slow = []
    for l in deconv_layers(spec):
        if all(sv == 1 for sv in l["stride"]):
            continue
        rows = layer_rows(data, name, target, l)
        r, zi = rows[strategy], rows["zero-insert"]
        if r.get("error") or "speedup" not in r or r["speedup"] >= PAPER_SPEEDUP[0]:
            continue
        fr, fz = gap_factors(r, t), gap_factors(zi, t)
        slow.append("%s %.2f× (floors: zero-insert %s %s, %s %s %s; %.2f× the MACs saved%s)" % (
            l["name"], r["speedup"], f"{round(_floor(zi, t)):,}", fz["floor_side"], strategy,
            f"{round(_floor(r, t)):,}", fr["floor_side"], zi["macs"] / max(r["macs"], 1),
            ", hidden behind DRAM traffic" if fz["floor_side"] == "DRAM" else ""))
    if slow:
        parts.append("strided deconvs below the band: " + "; ".join(slow))
    return ". ".join(parts) if parts else "see the per-layer tables"


def k_mod_s(layer: dict) -> bool:
    return any(k % s for k, s in zip(layer["kernel"], layer["stride"]))


def check_split_vs_stacked(data: dict) -> List[dict]:
    out = []
    for target, t in data["targets"].items():
        for name, entry in data["networks"].items():
            for layer in deconv_layers(entry["spec"]):
                if not k_mod_s(layer):
                    continue
                rows = layer_rows(data, name, target, layer)
                sp, st = rows["split"], rows["stacked"]
                subject = "%s/%s k%ds%d" % (name, layer["name"], layer["kernel"][0],
                                            layer["stride"][0])
                if sp["error"] or st["error"]:
                    out.append(_check("split/stacked", target, subject, None, SPLIT_OVER_STACKED,
                                      "FAIL", None, sp["error"] or st["error"]))
                    continue
                ratio = st["cycles"] / sp["cycles"]
                if ratio >= SPLIT_OVER_STACKED:
                    out.append(_check("split/stacked", target, subject, ratio,
                                      SPLIT_OVER_STACKED, "PASS",
                                      ratio / SPLIT_OVER_STACKED - 1))
                    continue
                est_sp, est_st = sp["est_cycles"], st["est_cycles"]
                why = explain_split_vs_stacked(sp, st, layer, t)
                if ratio < 1 and est_st <= est_sp:
                    status = "STACKED WINS"
                    why = "the cost model also prices stacked lower (%s vs %s cycles): %s" % (
                        f"{est_st:,}", f"{est_sp:,}", why)
                else:
                    status = "MISS"
                out.append(_check("split/stacked", target, subject, ratio, SPLIT_OVER_STACKED,
                                  status, ratio / SPLIT_OVER_STACKED - 1, why))
    return out


def _floor(row: dict, t: dict) -> float:
    return max(compute_floor(row, t), row["dram_bytes"] / t["dram_bytes_per_cycle"])


def explain_split_vs_stacked(sp: dict, st: dict, layer: dict, t: dict) -> str:
    """Why stacked/split is below 1.3: compare the two strategies' compute floors (the MAC
    array's simulated busy cycles, compute_floor), DRAM floors (bytes moved / bandwidth) and how far each
    schedule sits above its floor."""
    fs, ft = gap_factors(sp, t), gap_factors(st, t)
    cout = layer["out_ch"]
    bw = t["dram_bytes_per_cycle"]
    ac_sp, ac_st = compute_floor(sp, t), compute_floor(st, t)
    reasons = []
    if ac_st < 1.3 * ac_sp:
        reasons.append("few output channels: each split phase fills %d of atomic-K %d lanes per "
                       "pass, stacked's %d channels fill more, so stacked's extra MACs cost "
                       "only %.2f× the array cycles" % (
                           min(cout, t["atomic_k"]), t["atomic_k"],
                           cout * layer["stride"][0] * layer["stride"][1],
                           ac_st / max(ac_sp, 1)))
    if fs["traffic"] > 1.2 * ft["traffic"]:
        reasons.append("split re-reads the input once per phase: %.2f× the compulsory DRAM "
                       "bytes vs %.2f× for stacked" % (fs["traffic"], ft["traffic"]))
    if fs["floor_side"] == "DRAM" and ft["floor_side"] == "DRAM":
        reasons.append("both are DRAM-bound on this target, so the MACs split saves are hidden "
                       "behind DRAM traffic")
    if fs["schedule"] > 1.1 * ft["schedule"]:
        reasons.append("split's %d phase schedules each pay pipeline fill/drain and DRAM "
                       "latency (%.2f× above its floor vs %.2f× for stacked)"
                       % (layer["stride"][0] * layer["stride"][1], fs["schedule"],
                          ft["schedule"]))
    lead = ("; ".join(reasons) + ". ") if reasons else ""
    return lead + ("MACs: stacked executes %.2f× split's; MAC-array cycles: %.2f× (split %s, stacked "
            "%s: C_out %d per phase vs %d stacked channels on atomic-K %d); DRAM: split %.2f MB "
            "(%.2f× compulsory) = %s cycles, stacked %.2f MB (%.2f×) = %s cycles. Floors: "
            "split %s (%s), stacked %s (%s), ratio %.2f×; schedule above floor: split %.2f×, "
            "stacked %.2f×" % (
                st["macs"] / sp["macs"], ac_st / max(ac_sp, 1),
                f"{round(ac_sp):,}", f"{round(ac_st):,}", cout,
                cout * layer["stride"][0] * layer["stride"][1], t["atomic_k"],
                sp["dram_bytes"] / 1e6, fs["traffic"], f"{round(sp['dram_bytes'] / bw):,}",
                st["dram_bytes"] / 1e6, ft["traffic"], f"{round(st['dram_bytes'] / bw):,}",
                f"{round(_floor(sp, t)):,}", fs["floor_side"], f"{round(_floor(st, t)):,}",
                ft["floor_side"], _floor(st, t) / max(_floor(sp, t), 1), fs["schedule"],
                ft["schedule"]))


def check_auto(data: dict) -> List[dict]:
    out = []
    for target, t in data["targets"].items():
        for name, entry in data["networks"].items():
            for layer in deconv_layers(entry["spec"]):
                rows = layer_rows(data, name, target, layer)
                subject = "%s/%s" % (name, layer["name"])
                if any(rows[s]["error"] for s in STRATEGIES):
                    out.append(_check("auto", target, subject, None, None, "FAIL", None,
                                      next(rows[s]["error"] for s in STRATEGIES
                                           if rows[s]["error"])))
                    continue
                best = min(FIXED_STRATEGIES, key=lambda s: (rows[s]["cycles"], s))
                a = rows["auto"]
                ratio = a["cycles"] / rows[best]["cycles"]
                if ratio <= 1:
                    out.append(_check("auto", target, subject, ratio, 1.0, "PASS", ratio - 1,
                                      "chose %s" % a["strategy"]))
                    continue
                est = a.get("strategy_cycles") or {}
                why = ("auto chose %s (%s cycles simulated), best fixed is %s (%s); the cost "
                       "model estimated %s" % (
                           a["strategy"], f"{a['cycles']:,}", best, f"{rows[best]['cycles']:,}",
                           ", ".join("%s %s" % (k, f"{v:,}") for k, v in sorted(est.items()))))
                out.append(_check("auto", target, subject, ratio, 1.0, "BUG", ratio - 1, why))
    return out


def check_outputs(data: dict) -> List[dict]:
    out = []
    for target in data["targets"]:
        for name, entry in data["networks"].items():
            for s in STRATEGIES:
                run = entry["runs"][target].get(s)
                subject = "%s (%s)" % (name, s)
                if not run or run["error"]:
                    out.append(_check("output", target, subject, None, REL_ERROR_LIMIT, "FAIL",
                                      None, _failure(run)))
                    continue
                if "rel_error" not in run:      # int8: bit-exact against mlir-runner
                    out.append(_check("output", target, subject, run["mismatches"], 0,
                                      "PASS" if ok(run) else "FAIL", None))
                    continue
                e = run["rel_error"]
                out.append(_check("output", target, subject, e, REL_ERROR_LIMIT,
                                  "PASS" if e <= REL_ERROR_LIMIT else "FAIL", None))
    return out


def all_checks(data: dict) -> Dict[str, List[dict]]:
    return {"roofline": check_roofline(data), "wide roofline": check_wide_roofline(data),
            "paper band": check_paper_band(data),
            "split/stacked": check_split_vs_stacked(data), "auto": check_auto(data),
            "output": check_outputs(data)}
