// RUN: accel-opt %s -split-input-file --accel-split-transpose-conv=strategy=zero-insert | FileCheck %s
// RUN: accel-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(accel-split-transpose-conv{strategy=zero-insert}))' | FileCheck %s

// Strategy `zero-insert` (the classical baseline): s-1 zero-point elements
// between input rows/columns, then one stride-1 conv with the flipped kernel
// and padding (K-1) + out_pad.

// Stride (1, 2), constant weights: flipped at compile time.
// CHECK-LABEL: func.func @zero_insert_constant_weights
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x4x1xf32>, %[[B:.+]]: tensor<2xf32>)
// CHECK-DAG: %[[K:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}3.000000e+00], [2.000000e+00], [1.000000e+00]]], {{\[\[\[}}6.000000e+00], [5.000000e+00], [4.000000e+00]]]]> : tensor<2x1x3x1xf32>}>
// CHECK-DAG: %[[ZP:.+]] = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}>
// CHECK: %[[E:.+]] = tosa.reshape %[[X]], {{.*}} -> tensor<1x4x1x4x1x1xf32>
// CHECK: %[[P:.+]] = tosa.pad %[[E]], %{{.+}}, %[[ZP]] : {{.*}} -> tensor<1x4x1x4x2x1xf32>
// CHECK: %[[D:.+]] = tosa.reshape %[[P]], {{.*}} -> tensor<1x4x8x1xf32>
// CHECK: %[[S:.+]] = tosa.slice %[[D]], {{.*}} -> tensor<1x4x7x1xf32>
// CHECK: %[[C:.+]] = tosa.conv2d %[[S]], %[[K]], %[[B]], %[[ZP]], %[[ZP]] {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 3, 0, 1, 2>, stride = array<i64: 1, 1>}
// CHECK: return %[[C]] : tensor<1x7x8x2xf32>
func.func @zero_insert_constant_weights(%x: tensor<1x4x4x1xf32>, %b: tensor<2xf32>) -> tensor<1x7x8x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<[[[[1.0], [2.0], [3.0]]], [[[4.0], [5.0], [6.0]]]]> : tensor<2x1x3x1xf32>}> : () -> tensor<2x1x3x1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 3, 0, -1, 0>, stride = array<i64: 1, 2>} : (tensor<1x4x4x1xf32>, tensor<2x1x3x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x7x8x2xf32>
  return %0 : tensor<1x7x8x2xf32>
}

// -----

// int8: the inserted elements are the input zero point (-7), not 0.
// CHECK-LABEL: func.func @zero_insert_int8
// CHECK-DAG: %[[XZP:.+]] = "tosa.const"() <{values = dense<-7> : tensor<1xi8>}>
// CHECK-DAG: %[[WZP:.+]] = "tosa.const"() <{values = dense<5> : tensor<1xi8>}>
// CHECK: %[[P:.+]] = tosa.pad %{{.+}}, %{{.+}}, %[[XZP]] : {{.*}} -> tensor<1x4x2x4x2x2xi8>
// CHECK: tosa.conv2d %{{.+}}, %{{.+}}, %{{.+}}, %[[XZP]], %[[WZP]] {acc_type = i32, {{.*}} pad = array<i64: 1, 2, 1, 2>, {{.*}} -> tensor<1x8x8x3xi32>
func.func @zero_insert_int8(%x: tensor<1x4x4x2xi8>, %b: tensor<3xi32>) -> tensor<1x8x8x3xi32> {
  %xzp = "tosa.const"() <{values = dense<-7> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wzp = "tosa.const"() <{values = dense<5> : tensor<1xi8>}> : () -> tensor<1xi8>
  %w = "tosa.const"() <{values = dense<3> : tensor<3x3x3x2xi8>}> : () -> tensor<3x3x3x2xi8>
  %0 = tosa.transpose_conv2d %x, %w, %b, %xzp, %wzp {acc_type = i32, out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xi8>, tensor<3x3x3x2xi8>, tensor<3xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x8x8x3xi32>
  return %0 : tensor<1x8x8x3xi32>
}

// -----

// Non-constant weights: flipped with two tosa.reverse.
// CHECK-LABEL: func.func @zero_insert_non_constant
// CHECK-SAME: (%[[X:.+]]: tensor<1x3x3x2xf32>, %[[W:.+]]: tensor<2x5x5x2xf32>
// CHECK: %[[R1:.+]] = tosa.reverse %[[W]] {axis = 1 : i32}
// CHECK: %[[R2:.+]] = tosa.reverse %[[R1]] {axis = 2 : i32}
// CHECK: tosa.conv2d %{{.+}}, %[[R2]], {{.*}} pad = array<i64: 2, 3, 2, 3>, {{.*}} -> tensor<1x6x6x2xf32>
func.func @zero_insert_non_constant(%x: tensor<1x3x3x2xf32>, %w: tensor<2x5x5x2xf32>, %b: tensor<2xf32>) -> tensor<1x6x6x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -2, -1, -2, -1>, stride = array<i64: 2, 2>} : (tensor<1x3x3x2xf32>, tensor<2x5x5x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x2xf32>
  return %0 : tensor<1x6x6x2xf32>
}

// -----

// Dynamic shapes: left untouched.
// CHECK-LABEL: func.func @zero_insert_dynamic
// CHECK: tosa.transpose_conv2d
// CHECK-NOT: tosa.conv2d
func.func @zero_insert_dynamic(%x: tensor<1x4x?x2xf32>, %w: tensor<3x3x3x2xf32>, %b: tensor<3xf32>) -> tensor<1x8x?x3xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x?x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x?x3xf32>
  return %0 : tensor<1x8x?x3xf32>
}
