#!/bin/sh
# The full int8 sweep of issue 12: quantized single layers (transpose_conv2d of every stride
# 1..4 per axis and conv2d, each followed by tosa.rescale -- per-channel and per-tensor,
# SINGLE_ROUND / DOUBLE_ROUND, extreme multipliers and shifts, output zero points at the ends of
# their range, saturation, clamp in i8) compiled by accel under every strategy and simulated,
# bit-exact against upstream MLIR's TOSA lowering run by mlir-runner. FORM "table" follows each
# layer with a tosa.table (i8 lookup table, fused into the conv's requantization) or runs a
# tosa.table on the input alone; "residual" runs int8 residual adds, "rescale" standalone
# i8 -> i8 rescales.
#   scripts/int8-oracle-sweep.sh [BUILD_DIR] [COUNT] [SEED] [FORM: conv | table | residual | rescale]
# (defaults: build 2000 1 conv). Exit status 0 when every layer matched under every strategy.
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
PYTHONPATH=$here/python exec /usr/bin/python3 -m accel_tools.int8_oracle \
  --count "${2:-2000}" --seed "${3:-1}" --form "${4:-conv}" --batch 40 --jobs 2 \
  --bin-dir "$build/bin"
