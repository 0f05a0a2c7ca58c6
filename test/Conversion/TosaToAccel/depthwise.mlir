// RUN: not accel-opt %s -split-input-file --convert-tosa-to-accel 2>/dev/null | FileCheck %s
// RUN: not accel-opt %s -split-input-file --convert-tosa-to-accel 2>&1 >/dev/null | FileCheck %s --check-prefix=ERR

// A depthwise conv (C = 2, multiplier 2) is a grouped accel.conv2d with C
// groups of one input channel: OHWI weight [c * M + m, kh, kw, 0] =
// W[kh, kw, c, m]; the single-element bias is broadcast.
// CHECK-LABEL: func.func @depthwise
// CHECK-DAG: %[[W:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}0.000000e+00]], {{\[\[}}4.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}5.000000e+00]]], {{\[\[\[}}2.000000e+00]], {{\[\[}}6.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}7.000000e+00]]]]> : tensor<4x2x1x1xf32>}>
// CHECK-DAG: %[[B:.+]] = "tosa.const"() <{values = dense<5.000000e-01> : tensor<4xf32>}>
// CHECK: accel.conv2d %{{.+}}, %[[W]], %[[B]] {groups = 2 : i64, pad = array<i64: 1, 0, 0, 0>, stride = array<i64: 2, 1>}
// CHECK-SAME: (tensor<1x5x4x2xf32>, tensor<4x2x1x1xf32>, tensor<4xf32>) -> tensor<1x3x4x4xf32>
func.func @depthwise(%x: tensor<1x5x4x2xf32>) -> tensor<1x3x4x4xf32> {
  %w = "tosa.const"() <{values = dense<[[[[0.0, 1.0], [2.0, 3.0]]], [[[4.0, 5.0], [6.0, 7.0]]]]> : tensor<2x1x2x2xf32>}> : () -> tensor<2x1x2x2xf32>
  %b = "tosa.const"() <{values = dense<0.5> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 0, 0, 0>, stride = array<i64: 2, 1>} : (tensor<1x5x4x2xf32>, tensor<2x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x4x4xf32>
  return %c : tensor<1x3x4x4xf32>
}

// -----

// Weights that are not constants cannot be rearranged at compile time.
// ERR: depthwise.mlir:[[@LINE+4]]:8: error: 'tosa.depthwise_conv2d' op needs constant weights
func.func @depthwise_dynamic_weights(%x: tensor<1x5x4x2xf32>, %w: tensor<1x1x2x1xf32>) -> tensor<1x5x4x2xf32> {
  %b = "tosa.const"() <{values = dense<0.5> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x5x4x2xf32>, tensor<1x1x2x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x4x2xf32>
  return %c : tensor<1x5x4x2xf32>
}
