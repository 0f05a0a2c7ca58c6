#!/usr/bin/env bash
# The main job on the bundled example (called by `scripts/setup.sh demo`).
# usage: scripts/demo.sh BUILD_DIR
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${1:-$root/build}/bin"
example="$root/examples/dcgan-last-layer.mlir"
elide=(--mlir-elide-elementsattrs-if-larger=8)

echo "== input: DCGAN's last layer, TOSA (weights elided)"
"$bin/accel-opt" "${elide[@]}" "$example"

echo
echo "== attached to the nvdla-small target and verified against its limits"
"$bin/accel-opt" "${elide[@]}" --accel-set-target=target=nvdla-small "$example" |
  grep -E "accel.target|transpose_conv2d" | cut -c1-160
