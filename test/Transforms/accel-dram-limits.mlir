// accel-tile and accel-plan-memory check tensor sizes against the DRAM the
// program addresses (4 GiB) from the types, before tiling or planning: a
// 64 GiB tensor is one error at its op in milliseconds (the tiler's search
// once ran for minutes over such shapes, and the planner produced a 17.8 TB
// plan that only accel-translate rejected).
// RUN: not accel-opt %s --split-input-file --accel-set-target=target=nvdla-small --accel-tile 2>&1 | FileCheck %s --check-prefix=TILE
// RUN: not accel-opt %s --split-input-file --accel-plan-memory 2>&1 | FileCheck %s --check-prefix=PLAN

// TILE: accel-dram-limits.mlir:[[#@LINE+3]]:8: error: 'accel.conv2d' op operand 0 ('tensor<1x65536x65536x4xf32>', 68719476736 bytes) does not fit the accelerator's DRAM (4294967296 bytes)
// PLAN: accel-dram-limits.mlir:[[#@LINE+2]]:8: error: 'accel.conv2d' op operand 0 ('tensor<1x65536x65536x4xf32>', 68719476736 bytes) does not fit the accelerator's DRAM (4294967296 bytes)
func.func @huge(%x: tensor<1x65536x65536x4xf32>, %w: tensor<4x1x1x4xf32>) -> tensor<1x65536x65536x4xf32> {
  %y = accel.conv2d %x, %w : (tensor<1x65536x65536x4xf32>, tensor<4x1x1x4xf32>) -> tensor<1x65536x65536x4xf32>
  return %y : tensor<1x65536x65536x4xf32>
}

// -----

// Every tensor fits, their sum does not: the plan is rejected as a whole.
// PLAN: accel-dram-limits.mlir:[[#@LINE+1]]:1: error: accel-plan-memory: the DRAM plan needs 6442451008 bytes (2147483648 inputs, 2147483648 outputs, 16 weights, 2147483648 arena), more than the accelerator's DRAM (4294967296 bytes)
func.func @sum_too_large(%x: tensor<1x16384x16384x2xf32>) -> tensor<1x16384x16384x2xf32> {
  %w = arith.constant dense<0.5> : tensor<2x1x1x2xf32>
  %a = accel.conv2d %x, %w : (tensor<1x16384x16384x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x16384x16384x2xf32>
  %y = accel.conv2d %a, %w : (tensor<1x16384x16384x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x16384x16384x2xf32>
  return %y : tensor<1x16384x16384x2xf32>
}
