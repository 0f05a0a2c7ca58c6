#!/usr/bin/env bash
# Compiles one model under strategy=zero-insert (the baseline) and under
# strategy=auto with each objective (cycles, energy, edp), simulates every
# build and prints one table: cycles, energy and DRAM bytes, each against the
# baseline (docs/Conversion.md, "The objective").
#
#   scripts/compare-objectives.sh MODEL.mlir NAME=INPUT.npy TARGET [BIN_DIR]
#
# MODEL.mlir: TOSA as accel-translate --import-onnx writes it (text or
# bytecode); NAME=INPUT.npy: the model's input, as accel-sim --input takes it;
# TARGET: a preset name or a target .json; BIN_DIR: where accel-opt,
# accel-translate and accel-sim are (default: build/bin). Work files go to a
# temporary directory that is removed on exit.
set -euo pipefail

if [[ $# -lt 3 || $# -gt 4 ]]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
model=$1 input=$2 target=$3
bin=${4:-"$(cd "$(dirname "$0")/.." && pwd)/build/bin"}
for tool in accel-opt accel-translate accel-sim; do
  if [[ ! -x "$bin/$tool" ]]; then
    echo "error: $bin/$tool not found (build first, or pass BIN_DIR)" >&2
    exit 1
  fi
done
if [[ ! -f "$model" ]]; then
  echo "error: $model: no such file" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

builds=("zero-insert cycles" "auto cycles" "auto energy" "auto edp")
for build in "${builds[@]}"; do
  read -r strategy objective <<<"$build"
  out="$work/$strategy.$objective"
  "$bin/accel-opt" "$model" \
    --accel-compile="target=$target strategy=$strategy objective=$objective" \
    --emit-bytecode -o "$out.mlirbc"
  "$bin/accel-translate" --accel-to-bin "$out.mlirbc" -o "$out.accel"
  "$bin/accel-sim" "$out.accel" --input "$input" --report=json >"$out.json"
  rm -f "$out.mlirbc" "$out.accel"
done

/usr/bin/python3 - "$work" "$target" "${builds[@]}" <<'EOF'
import json, os, sys

work, target, builds = sys.argv[1], sys.argv[2], sys.argv[3:]
reports = {}
for build in builds:
    strategy, objective = build.split()
    with open(os.path.join(work, "%s.%s.json" % (strategy, objective))) as f:
        reports[build] = json.load(f)
base = reports[builds[0]]
print("| build on `%s` | cycles | speedup | energy µJ | energy vs baseline "
      "| DRAM MB |" % target)
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for build in builds:
    r = reports[build]
    strategy, objective = build.split()
    name = strategy if strategy != "auto" else "auto, objective=" + objective
    print("| %s | %s | %.2f× | %s | %+.1f%% | %.2f |" % (
        name, format(r["cycles"], ","), base["cycles"] / r["cycles"],
        format(round(r["energy_pj"] / 1e6), ","),
        100.0 * (r["energy_pj"] / base["energy_pj"] - 1),
        r["dram_bytes"] / 1e6))
EOF
