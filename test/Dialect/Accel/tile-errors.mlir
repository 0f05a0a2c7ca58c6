// accel-tile errors: a module without a target, and a conv that no tiling
// fits (the error names the op, the target and the buffer).
// RUN: not accel-opt %s --accel-tile 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOTARGET
// RUN: not accel-opt %s --accel-set-target=target=%S/Inputs/starved-target.json \
// RUN:   --accel-tile 2>&1 | FileCheck %s --check-prefix=NOFIT

// NOTARGET: tile-errors.mlir:[[#@LINE+5]]:8: error: 'accel.conv2d' op cannot be tiled: the module has no 'accel.target' attribute (run --accel-set-target first)
// NOFIT: tile-errors.mlir:[[#@LINE+4]]:8: error: 'accel.conv2d' op has no tiling that fits target 'starved': {{.*}}40 weight bytes
func.func @conv(%x: tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32> {
  %w = arith.constant dense<0.5> : tensor<4x3x3x4xf32>
  %b = arith.constant dense<0.1> : tensor<4xf32>
  %y = accel.conv2d %x, %w, %b {pad = array<i64: 1, 1, 1, 1>}
      : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>)
      -> tensor<1x8x8x4xf32>
  return %y : tensor<1x8x8x4xf32>
}
