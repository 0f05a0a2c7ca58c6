"""accel's Python helpers, shared by test/, benchmarks/ and scripts/.

Modules:
  tools       find and run accel's and LLVM's tools: ToolError, find_tool, run_tool, Toolchain
  metrics     rel_error (the project's metric) and the stricter peak / elementwise variants
  reference   numpy and PyTorch references: conv2d, transpose_conv2d, depth_to_space,
              requantize, activation (written from TOSA / PyTorch, never from accel)
  mlir_text   writing MLIR text (tensor_type, dense_attr) and the one parser of printed IR
              (ops, attributes, locations, function signatures, accel estimates/strategies)
  reports     accel-sim's JSON report, MLIR's JSON pass timing, per-layer tables
  oracle      run TOSA on the CPU through upstream MLIR and mlir-runner
              (`python3 -m accel_tools.oracle run-tosa ...`)
  tconv       one transposed convolution as a test case: config, seeded data, TOSA, reference
  netlib      benchmark networks: spec → TOSA module, seeded weights, PyTorch model, inputs
  specs       the benchmark networks' specs

Convention: python/ is on PYTHONPATH (lit sets it for the tests, scripts/*.sh for their
commands; by hand: `PYTHONPATH=python /usr/bin/python3 ...`). No file edits sys.path.
"""

import os

# The directory to put on PYTHONPATH (for commands printed to reproduce a failure).
PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
