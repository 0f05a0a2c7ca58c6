#!/usr/bin/env python3
"""Test double for accel-opt, used only to check that the oracle harness catches bad lowerings.

Accepts `--accel-split-transpose-conv=strategy=S [FILE]` (stdin if no FILE) and behaves per S:
  split        correct: upstream's own decomposition (mlir-opt --tosa-optional-decompositions);
  stacked      wrong numbers: swaps out_pad begin/end per axis (same result shape, shifted
               values) before decomposing, and fails (exit 1) on any stride 4x4 conv;
  zero-insert  leaves tosa.transpose_conv2d in place (as if the pattern never matched).
"""
import re
import shutil
import subprocess
import sys

if "--help" in sys.argv[1:]:
    print("fake accel-opt: --accel-split-transpose-conv=strategy=split|stacked|zero-insert")
    sys.exit(0)
strategy, path = None, "-"
for arg in sys.argv[1:]:
    m = re.fullmatch(r"--accel-split-transpose-conv=strategy=([\w-]+)", arg)
    if m:
        strategy = m.group(1)
    elif not arg.startswith("-"):
        path = arg
text = sys.stdin.read() if path == "-" else open(path).read()
if strategy == "zero-insert":
    sys.stdout.write(text)
    sys.exit(0)
if strategy == "stacked":
    if "stride = array<i64: 4, 4>" in text:
        sys.stderr.write("fake-accel-opt: simulated crash on stride 4x4\n")
        sys.exit(1)
    text = re.sub(r"out_pad = array<i64: (-?\d+), (-?\d+), (-?\d+), (-?\d+)>",
                  r"out_pad = array<i64: \2, \1, \4, \3>", text)
mlir_opt = shutil.which("mlir-opt") or "/usr/lib/llvm-22/bin/mlir-opt"
p = subprocess.run([mlir_opt, "--pass-pipeline=builtin.module(func.func(tosa-optional-decompositions))"],
                   input=text, text=True, capture_output=True)
sys.stdout.write(p.stdout)
sys.stderr.write(p.stderr)
sys.exit(p.returncode)
