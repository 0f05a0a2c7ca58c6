#!/usr/bin/env bash
# The main job (called by `scripts/setup.sh demo`): the bundled DCGAN generator
# (benchmarks/networks, ci preset) exported from PyTorch to ONNX, imported with
# accel-translate --import-onnx, compiled for nvdla-small with strategy=auto
# and with the zero-insert baseline, run in accel-sim on a seeded input, checked
# against the PyTorch reference, and a per-layer table of strategy, cycles, MAC
# utilization and speedup. Exit status 1 if the check fails.
#
# usage: scripts/demo.sh [BUILD_DIR] [-- demo.py options, e.g. --target nvdla-large]
# Files go to BUILD_DIR/demo/. Details: benchmarks/e2e/demo.py --help.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
shift || true
if [ "${1:-}" = "--" ]; then shift; fi
# Debian's python3 is the one with python3-torch / python3-numpy; python/ holds the
# accel_tools package the scripts import (python/README.md).
export PYTHONPATH="$root/python${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 "$root/benchmarks/e2e/demo.py" --bin "$build/bin" \
  --out "$build/demo" "$@"
