// The ops one TOSA op was lowered to share its location. When several fail
// for the same reason (here the bias-only phases of a split layer whose fill
// does not fit diannao's buffers), accel-tile reports the problem once per
// location, not once per op (it once printed it 15 times).
// RUN: not accel-opt %s --accel-set-target=target=diannao --accel-tile 2>&1 | FileCheck %s
// CHECK: layer.mlir:7:3: error: 'accel.bias_fill' op cannot be scheduled on target 'diannao': one output row does not fit the target's buffers
// CHECK-NOT: layer.mlir:7:3: error
// A different location still gets its own error.
// CHECK: other.mlir:1:1: error: 'accel.bias_fill' op cannot be scheduled
// CHECK-NOT: error:
func.func @phases(%b: tensor<4096xf32>) -> (tensor<1x2x2x4096xf32>, tensor<1x1x2x4096xf32>, tensor<1x2x1x4096xf32>, tensor<1x1x1x4096xf32>) {
  %p0 = accel.bias_fill %b : (tensor<4096xf32>) -> tensor<1x2x2x4096xf32> loc("layer.mlir":7:3)
  %p1 = accel.bias_fill %b : (tensor<4096xf32>) -> tensor<1x1x2x4096xf32> loc("layer.mlir":7:3)
  %p2 = accel.bias_fill %b : (tensor<4096xf32>) -> tensor<1x2x1x4096xf32> loc("layer.mlir":7:3)
  %p3 = accel.bias_fill %b : (tensor<4096xf32>) -> tensor<1x1x1x4096xf32> loc("other.mlir":1:1)
  return %p0, %p1, %p2, %p3 : tensor<1x2x2x4096xf32>, tensor<1x1x2x4096xf32>, tensor<1x2x1x4096xf32>, tensor<1x1x1x4096xf32>
}
