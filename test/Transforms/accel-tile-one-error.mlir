// The ops one TOSA op was lowered to share its location. When several fail
// for the same reason (here the phase convolutions of one layer, none of
// whose kernels fits the starved target's 64-byte weight buffer), accel-tile
// reports the problem once per location, not once per op (it once printed
// the same error 15 times at one op).
// RUN: not accel-opt %s --accel-set-target=target=%S/../Dialect/Accel/Inputs/starved-target.json --accel-tile 2>&1 | FileCheck %s
// CHECK: layer.mlir:7:3: error: 'accel.conv2d' op has no tiling that fits target 'starved'
// CHECK-NOT: layer.mlir:7:3: error
// A different location still gets its own error.
// CHECK: other.mlir:1:1: error: 'accel.conv2d' op has no tiling that fits target 'starved'
// CHECK-NOT: error:
func.func @phases(%x: tensor<1x4x4x8xf32>, %w: tensor<4x3x3x8xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) {
  %p0 = accel.conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x8xf32>, tensor<4x3x3x8xf32>) -> tensor<1x4x4x4xf32> loc("layer.mlir":7:3)
  %p1 = accel.conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x8xf32>, tensor<4x3x3x8xf32>) -> tensor<1x4x4x4xf32> loc("layer.mlir":7:3)
  %p2 = accel.conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x8xf32>, tensor<4x3x3x8xf32>) -> tensor<1x4x4x4xf32> loc("layer.mlir":7:3)
  %p3 = accel.conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x8xf32>, tensor<4x3x3x8xf32>) -> tensor<1x4x4x4xf32> loc("other.mlir":1:1)
  return %p0, %p1, %p2, %p3 : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
}
