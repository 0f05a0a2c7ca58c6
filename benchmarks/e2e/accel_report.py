#!/usr/bin/env python3
"""Per-layer table from `accel-sim --report=json`, grouped by network layer.

    accel_report.py REPORT.json [--ir COMPILED.mlir] [--baseline BASELINE.json] [--markdown]

The library behind it is accel_tools.reports (grouping, utilization, speedup, formatting; its
docstring defines the columns) and accel_tools.mlir_text.strategies (the `accel.strategy` of
each layer, from compiled IR printed with locations). Run with python/ on PYTHONPATH.
"""

import argparse
import sys

from accel_tools import mlir_text, reports


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("report", help="accel-sim --report=json output")
    ap.add_argument("--ir", help="compiled accel IR printed with locations: its strategies "
                    "override the report's (reports of older programs carry none)")
    ap.add_argument("--baseline", help="accel-sim JSON report of the baseline build")
    ap.add_argument("--baseline-name", default="zero-insert")
    ap.add_argument("--markdown", action="store_true")
    a = ap.parse_args(argv)
    strategies = None
    if a.ir:
        with open(a.ir) as f:
            strategies = mlir_text.strategies(f.read())
    try:
        rows = reports.layer_table(reports.load_sim_report(a.report), strategies,
                                   reports.load_sim_report(a.baseline) if a.baseline else None)
    except reports.LayerPairingError as e:
        print("accel_report: error: %s" % e, file=sys.stderr)
        return 1
    print((reports.format_markdown if a.markdown else reports.format_table)(
        rows, a.baseline_name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
