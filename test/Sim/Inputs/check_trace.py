"""Checks accel-sim's machine-readable outputs against each other:

  check_trace.py REPORT.json REPORT.csv TRACE.json

* the trace is Chrome trace-event JSON: named process and tracks, complete ("X") events with
  numeric ts/dur inside the run, each naming its instruction and layer;
* per layer, the trace's busy cycles on each queue track (LOAD, CONV, POST, STORE) sum to the
  report's *_busy_cycles, and the DRAM track's bytes to the report's dram_bytes;
* the CSV has the JSON's rows and numbers; the total row is the sum of the layers; the energy
  split adds up to the energy.
Prints one line per check passed; exits 1 with the first mismatch.
"""

import collections
import csv
import json
import math
import sys

TRACKS = {1: "load_busy_cycles", 2: "conv_busy_cycles", 3: "post_busy_cycles",
          4: "store_busy_cycles"}
DRAM = 5


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def main(report_path, csv_path, trace_path):
    report = json.load(open(report_path))
    trace = json.load(open(trace_path))
    events = trace.get("traceEvents")
    if not isinstance(events, list) or not events:
        fail("no traceEvents list")
    names = {e["tid"]: e["args"]["name"] for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name"}
    if sorted(names) != [1, 2, 3, 4, 5]:
        fail("tracks %s, expected 1..5" % sorted(names))
    us_per_cycle = report["microseconds"] / report["cycles"]
    busy = collections.defaultdict(lambda: collections.Counter())
    complete = [e for e in events if e.get("ph") == "X"]
    for e in complete:
        for key in ("ts", "dur", "tid", "pid", "name", "args"):
            if key not in e:
                fail("event without %s: %s" % (key, e))
        a = e["args"]
        if e["dur"] < 0 or e["ts"] < 0 or a["cycles"] < 0:
            fail("negative time: %s" % e)
        if a["start_cycle"] + a["cycles"] > report["cycles"]:
            fail("event ends after the run: %s" % e)
        if not math.isclose(e["ts"], a["start_cycle"] * us_per_cycle, rel_tol=1e-9, abs_tol=1e-9):
            fail("ts is not start_cycle at the clock: %s" % e)
        layer = busy[a["layer"]]
        layer[e["tid"]] += a["cycles"]
        if e["tid"] == DRAM:
            layer["dram_bytes"] += a["dram_bytes"]
    print("trace: %d events on %d tracks" % (len(complete), len(names)))

    for row in report["layers"]:
        got = busy[row["name"]]
        for tid, key in TRACKS.items():
            if got[tid] != row[key]:
                fail("layer %s: trace track %s busy %d cycles, report %s %d"
                     % (row["name"], names[tid], got[tid], key, row[key]))
        if got["dram_bytes"] != row["dram_bytes"]:
            fail("layer %s: DRAM track %d bytes, report %d"
                 % (row["name"], got["dram_bytes"], row["dram_bytes"]))
        if got[DRAM] != row["load_busy_cycles"] + row["store_busy_cycles"]:
            fail("layer %s: DRAM channel busy %d != load + store busy" % (row["name"], got[DRAM]))
        split = row["mac_energy_pj"] + row["sram_energy_pj"] + row["dram_energy_pj"]
        if not math.isclose(split, row["energy_pj"], rel_tol=1e-9):
            fail("layer %s: energy split %g != energy %g" % (row["name"], split, row["energy_pj"]))
        if row["dram_read_bytes"] + row["dram_write_bytes"] != row["dram_bytes"]:
            fail("layer %s: DRAM read + written != DRAM bytes" % row["name"])
    print("trace busy cycles and DRAM bytes match the report's %d layers" % len(report["layers"]))

    total = report["total"]
    for key, value in total.items():
        if key in ("name", "cycles", "mac_utilization", "unit", "host_op") or \
                key.endswith("energy_pj"):
            continue
        if sum(row[key] for row in report["layers"]) != value:
            fail("total %s %s is not the sum of the layers" % (key, value))
    if total["dram_bytes"] != report["dram_bytes"] or total["macs"] != report["macs"]:
        fail("total row disagrees with the run's totals")
    print("total row is the sum of the layers")

    rows = list(csv.DictReader(open(csv_path)))
    want = report["layers"] + [total]
    if [r["name"] for r in rows] != [w["name"] for w in want]:
        fail("CSV rows %s, JSON %s" % ([r["name"] for r in rows], [w["name"] for w in want]))
    for r, w in zip(rows, want):
        for key, value in w.items():
            if key in ("name", "unit", "host_op"):
                if r[key] != value:
                    fail("CSV %s %s = %s, JSON %s" % (r["name"], key, r[key], value))
                continue
            if not math.isclose(float(r[key]), float(value), rel_tol=1e-12):
                fail("CSV %s %s = %s, JSON %s" % (r["name"], key, r[key], value))
    print("CSV matches JSON: %d rows" % len(rows))


if __name__ == "__main__":
    main(*sys.argv[1:])
