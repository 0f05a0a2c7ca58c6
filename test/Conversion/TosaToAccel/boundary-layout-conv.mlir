// RUN: accel-opt %s --convert-tosa-to-accel | FileCheck %s

// convert-tosa-to-accel absorbs the boundary layout first: the NCHW
// model's conv reads the (now NHWC) argument and is returned directly.
// CHECK-LABEL: func.func @nchw_conv
// CHECK-SAME: (%[[X:.+]]: tensor<1x8x8x3xf32> {accel.interface = #accel.interface<shape = [1, 3, 8, 8], perm = [0, 2, 3, 1]>, accel.name = "input"})
// CHECK-SAME: -> (tensor<1x8x8x2xf32> {accel.interface = #accel.interface<shape = [1, 2, 8, 8], perm = [0, 2, 3, 1]>, accel.name = "output"})
// CHECK-NOT: tosa.transpose
// CHECK: %[[Y:.+]] = accel.conv2d %[[X]]
// CHECK-NOT: tosa.transpose
// CHECK: return %[[Y]] : tensor<1x8x8x2xf32>
func.func @nchw_conv(%x: tensor<1x3x8x8xf32> {accel.name = "input"}) -> (tensor<1x2x8x8xf32> {accel.name = "output"}) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x3x3x3xf32>}> : () -> tensor<2x3x3x3xf32>
  %b = "tosa.const"() <{values = dense<[1.0, 2.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %0 = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x3x8x8xf32>) -> tensor<1x8x8x3xf32>
  %1 = tosa.conv2d %0, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x8x8x3xf32>, tensor<2x3x3x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  %2 = tosa.transpose %1 {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x8x8x2xf32>) -> tensor<1x2x8x8xf32>
  return %2 : tensor<1x2x8x8xf32>
}
