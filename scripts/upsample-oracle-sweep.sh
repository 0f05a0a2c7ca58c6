#!/bin/sh
# The full random sweep of issue 13 against PyTorch: nearest upsampling (integer factors 1..4
# per axis) + conv (kernels 1..5, any padding) fused into phase convs by
# accel-fuse-upsample-conv (upstream MLIR's CPU run of the fused TOSA, <= 1e-5) and compiled
# under split / auto / zero-insert, and 1-D transposed convs (strides 2..8, kernels 1..17,
# padding, output_padding) under split and auto (accel-sim, <= 1e-4).
#   scripts/upsample-oracle-sweep.sh [BUILD_DIR] [COUNT] [SEED]
# (defaults: build 1000 1). Exit status 0 when every case passed.
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
PYTHONPATH=$here/python exec /usr/bin/python3 -m accel_tools.upsample_oracle \
  --count "${2:-1000}" --seed "${3:-1}" --jobs 2 --bin-dir "$build/bin"
