// RUN: accel-opt %s -split-input-file "--convert-tosa-to-accel=strategy=zero-insert allow-i32-results=true" | FileCheck %s

// Strategy `zero-insert` (the classical baseline): accel.zero_insert dilates
// the input with s-1 zeros (and crops, for negative padding); one stride-1
// accel.conv2d with the flipped kernel pads with zeros on load.

// CHECK-LABEL: func.func @stride2_k3
// CHECK-DAG: %[[K:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}9.000000e+00], [8.000000e+00], [7.000000e+00]], {{\[\[}}6.000000e+00], [5.000000e+00], [4.000000e+00]], {{\[\[}}3.000000e+00], [2.000000e+00], [1.000000e+00]]]]> : tensor<1x3x3x1xf32>}>
// CHECK: %[[Z:.+]] = accel.zero_insert %arg0 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xf32>) -> tensor<1x7x7x1xf32>
// CHECK: %[[C:.+]] = accel.conv2d %[[Z]], %[[K]], %{{.+}} {accel.strategy = "zero-insert", accel.useful_macs = 144 : i64, pad = array<i64: 2, 2, 2, 2>} : (tensor<1x7x7x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>) -> tensor<1x9x9x1xf32>
// CHECK: return %[[C]]
func.func @stride2_k3(%x: tensor<1x4x4x1xf32>) -> tensor<1x9x9x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.5> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<[[[[1.0], [2.0], [3.0]], [[4.0], [5.0], [6.0]], [[7.0], [8.0], [9.0]]]]> : tensor<1x3x3x1xf32>}> : () -> tensor<1x3x3x1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x9x9x1xf32>
  return %0 : tensor<1x9x9x1xf32>
}

// -----

// Stride 1: nothing to insert, the conv reads the input.
// CHECK-LABEL: func.func @stride1
// CHECK-NOT: accel.zero_insert
// CHECK: accel.conv2d %arg0, {{.*}} {accel.strategy = "zero-insert", accel.useful_macs = 36 : i64, pad = array<i64: 1, 1, 1, 1>}
func.func @stride1(%x: tensor<1x3x3x1xf32>) -> tensor<1x4x4x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.5> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x2x2x1xf32>}> : () -> tensor<1x2x2x1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x1xf32>, tensor<1x2x2x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  return %0 : tensor<1x4x4x1xf32>
}

// -----

// DCGAN k5s2, PyTorch padding 2 / output_padding 1: conv padding 2 / 3.
// CHECK-LABEL: func.func @dcgan_k5s2
// CHECK: %[[Z:.+]] = accel.zero_insert %arg0 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x8x8x16xf32>) -> tensor<1x15x15x16xf32>
// CHECK: accel.conv2d %[[Z]], {{.*}} {accel.strategy = "zero-insert", accel.useful_macs = 175232 : i64, pad = array<i64: 2, 3, 2, 3>} : (tensor<1x15x15x16xf32>, tensor<8x5x5x16xf32>, tensor<8xf32>) -> tensor<1x16x16x8xf32>
func.func @dcgan_k5s2(%x: tensor<1x8x8x16xf32>) -> tensor<1x16x16x8xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<8xf32>}> : () -> tensor<8xf32>
  %w = "tosa.const"() <{values = dense<0.25> : tensor<8x5x5x16xf32>}> : () -> tensor<8x5x5x16xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -2, -1, -2, -1>, stride = array<i64: 2, 2>} : (tensor<1x8x8x16xf32>, tensor<8x5x5x16xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x16x16x8xf32>
  return %0 : tensor<1x16x16x8xf32>
}

// -----

// Asymmetric strides (2, 3).
// CHECK-LABEL: func.func @asymmetric_stride
// CHECK: accel.zero_insert %arg0 {{{.*}}stride = array<i64: 2, 3>} : (tensor<1x4x4x2xf32>) -> tensor<1x7x10x2xf32>
// CHECK: accel.conv2d {{.*}} pad = array<i64: 1, 2, 1, 2>{{.*}} -> tensor<1x8x11x2xf32>
func.func @asymmetric_stride(%x: tensor<1x4x4x2xf32>) -> tensor<1x8x11x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x3x3x2xf32>}> : () -> tensor<2x3x3x2xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 3>} : (tensor<1x4x4x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x11x2xf32>
  return %0 : tensor<1x8x11x2xf32>
}

// -----

// K < S: the 1x1 conv multiplies every inserted zero (8 of 9 outputs).
// (zero_insert's negative pad, a crop, is never needed for valid TOSA, whose
// out_pad > -K keeps the conv's padding K-1+out_pad non-negative.)
// CHECK-LABEL: func.func @kernel_smaller_than_stride
// CHECK: accel.zero_insert %arg0 {pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 3, 3>} : (tensor<1x3x3x2xf32>) -> tensor<1x7x7x2xf32>
// CHECK: accel.conv2d {{.*}} : (tensor<1x7x7x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x7x7x2xf32>
func.func @kernel_smaller_than_stride(%x: tensor<1x3x3x2xf32>) -> tensor<1x7x7x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<[0.5, -1.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 3, 3>} : (tensor<1x3x3x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x7x7x2xf32>
  return %0 : tensor<1x7x7x2xf32>
}

// -----

// int8: the inserted zeros are the input zero point (fill), so they
// contribute nothing after zero-point subtraction.
// CHECK-LABEL: func.func @int8
// CHECK: accel.zero_insert %arg0 {fill = 3 : i32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xi8>) -> tensor<1x7x7x1xi8>
// CHECK: accel.conv2d {{.*}}input_zp = 3 : i32, pad = array<i64: 2, 2, 2, 2>, weight_zp = -2 : i32} : (tensor<1x7x7x1xi8>, tensor<1x3x3x1xi8>, tensor<1xi32>) -> tensor<1x9x9x1xi32>
func.func @int8(%x: tensor<1x4x4x1xi8>) -> tensor<1x9x9x1xi32> {
  %xzp = "tosa.const"() <{values = dense<3> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wzp = "tosa.const"() <{values = dense<-2> : tensor<1xi8>}> : () -> tensor<1xi8>
  %b = "tosa.const"() <{values = dense<100> : tensor<1xi32>}> : () -> tensor<1xi32>
  %w = "tosa.const"() <{values = dense<[[[[1], [2], [3]], [[4], [5], [6]], [[7], [8], [9]]]]> : tensor<1x3x3x1xi8>}> : () -> tensor<1x3x3x1xi8>
  %0 = tosa.transpose_conv2d %x, %w, %b, %xzp, %wzp {acc_type = i32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xi8>, tensor<1x3x3x1xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x9x9x1xi32>
  return %0 : tensor<1x9x9x1xi32>
}
