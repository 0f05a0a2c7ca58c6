#!/usr/bin/env bash
# The main job on the bundled example (called by `scripts/setup.sh demo`).
# usage: scripts/demo.sh BUILD_DIR
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${1:-$root/build}/bin"
example="$root/examples/dcgan-last-layer.mlir"
short=(--mlir-elide-elementsattrs-if-larger=8)

echo "== input: DCGAN's last layer (TOSA, weights elided)"
"$bin/accel-opt" "${short[@]}" "$example" | grep -E "transpose_conv2d|tanh" | cut -c1-150

echo
echo "== after accel-split-transpose-conv (strategy=split): stride-1 convs + strided inserts"
"$bin/accel-opt" "${short[@]}" --accel-split-transpose-conv=strategy=split "$example" |
  grep -E "tosa.conv2d|insert_slice" | sed -E 's/ : \(.*//' | cut -c1-150

echo
echo "== MACs per strategy (useful = taps that multiply real input)"
for strategy in split stacked zero-insert; do
  "$bin/accel-opt" --accel-split-transpose-conv="strategy=$strategy mac-remarks" \
    "$example" -o /dev/null 2>&1 | grep -o "(\(split\|stacked\|zero-insert\)).*" | sed 's/^/  /'
done
