#!/usr/bin/env python3
"""Compares accel-tile's estimates (as updated by accel-plan-memory) with the
cycles accel-sim measures, layer by layer.

usage: est_vs_sim.py PLANNED.mlir REPORT.json [--tolerance 0.05]
       est_vs_sim.py zeros SHAPE OUT.npy     (an f32 input, e.g. 1x16x16x32)

Every op that becomes a program layer carries `accel.est` (convs or
the first member of a fused phase group, bias fills, adds, zero inserts,
depth_to_space / concat ops that copy operands), in program order; the
simulator's JSON report lists the layers in the same order. Prints one line
per layer and exits 1 when any layer (or the total) is off by more than the
tolerance. The planned IR is read with accel_tools.mlir_text.
"""
import json
import sys

from accel_tools import mlir_text


def main():
    args = sys.argv[1:]
    if args and args[0] == 'zeros':
        import numpy as np
        shape = [int(d) for d in args[1].split('x')]
        np.save(args[2], np.full(shape, 0.5, dtype=np.float32))
        return
    tolerance = 0.05
    if '--tolerance' in args:
        i = args.index('--tolerance')
        tolerance = float(args[i + 1])
        del args[i:i + 2]
    planned, report = args
    with open(planned) as f:
        estimates, total = mlir_text.estimated_cycles(f.read())
    layers = json.load(open(report))['layers']
    ok = len(estimates) == len(layers)
    if not ok:
        print(f'FAIL: {len(estimates)} estimated ops, {len(layers)} simulated layers')
    worst = 0.0
    for est, layer in zip(estimates, layers):
        sim = layer['cycles']
        err = abs(est - sim) / max(sim, 1)
        worst = max(worst, err)
        print(f"layer {layer['name']}: est {est} sim {sim} error {100 * err:.2f}%")
    sim_total = sum(layer['cycles'] for layer in layers)
    if total is not None:
        err = abs(total - sim_total) / max(sim_total, 1)
        worst = max(worst, err)
        print(f'total: est {total} sim {sim_total} error {100 * err:.2f}%')
    if worst > tolerance:
        ok = False
        print(f'FAIL: worst error {100 * worst:.2f}% exceeds {100 * tolerance:.1f}%')
    if ok:
        print(f'OK: every layer within {100 * tolerance:.1f}%')
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
