// The TOSA -> TOSA split pass is bounded like the plan: an op it cannot plan
// (10^10 phases) is left as it is, at once; splat weights of 3.3 * 10^9
// elements are rearranged with TOSA ops instead of a compile-time gather
// (once a 13 GB allocation). Both in well under a second and 100 MB.
// RUN: accel-opt %s -split-input-file --accel-split-transpose-conv | FileCheck %s
// RUN: accel-opt %s -split-input-file "--accel-split-transpose-conv=strategy=stacked" | FileCheck %s --check-prefix=STACKED
// RUN: accel-opt %s -split-input-file "--accel-split-transpose-conv=strategy=zero-insert" | FileCheck %s --check-prefix=ZI

// CHECK-LABEL: func.func @stride_100000
// CHECK: tosa.transpose_conv2d
// STACKED-LABEL: func.func @stride_100000
// STACKED: tosa.transpose_conv2d
// ZI-LABEL: func.func @stride_100000
// ZI: tosa.transpose_conv2d
func.func @stride_100000(%x: tensor<1x2x2x1xf32>) -> tensor<1x100003x100003x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x3x3x1xf32>}> : () -> tensor<1x3x3x1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 100000, 100000>} : (tensor<1x2x2x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x100003x100003x1xf32>
  return %0 : tensor<1x100003x100003x1xf32>
}

// -----

// CHECK-LABEL: func.func @splat_giant_weights
// CHECK-NOT: tosa.transpose_conv2d
// CHECK-COUNT-4: tosa.conv2d
// STACKED-LABEL: func.func @splat_giant_weights
// STACKED-NOT: tosa.transpose_conv2d
// STACKED: tosa.conv2d
// ZI-LABEL: func.func @splat_giant_weights
// ZI-NOT: tosa.transpose_conv2d
// ZI: tosa.conv2d
func.func @splat_giant_weights(%x: tensor<1x4x4x65536xf32>) -> tensor<1x13x13x1024xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1024xf32>}> : () -> tensor<1024xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1024x7x7x65536xf32>}> : () -> tensor<1024x7x7x65536xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x65536xf32>, tensor<1024x7x7x65536xf32>, tensor<1024xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x13x13x1024xf32>
  return %0 : tensor<1x13x13x1024xf32>
}
