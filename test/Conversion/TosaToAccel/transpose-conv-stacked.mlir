// RUN: accel-opt %s -split-input-file "--convert-tosa-to-accel=strategy=stacked allow-i32-results=true" | FileCheck %s

// Strategy `stacked`: one stride-1 conv with s_h*s_w*C_out channels (zero
// taps pad every phase to a common window; the bias repeated per phase),
// then a channel-grouped accel.depth_to_space whose origins crop the grid.

// K = 3, S = 2: each phase padded to 2x2 taps; zero taps are the weight zero
// point (0.0 here). Channel group p = rh*2 + rw is phase (rh, rw).
// CHECK-LABEL: func.func @stride2_k3
// CHECK-DAG: %[[B:.+]] = "tosa.const"() <{values = dense<5.000000e-01> : tensor<4xf32>}>
// CHECK-DAG: %[[K:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}9.000000e+00], [7.000000e+00]], {{\[\[}}3.000000e+00], [1.000000e+00]]], {{\[\[\[}}0.000000e+00], [8.000000e+00]], {{\[\[}}0.000000e+00], [2.000000e+00]]], {{\[\[\[}}0.000000e+00], [0.000000e+00]], {{\[\[}}6.000000e+00], [4.000000e+00]]], {{\[\[\[}}0.000000e+00], [0.000000e+00]], {{\[\[}}0.000000e+00], [5.000000e+00]]]]> : tensor<4x2x2x1xf32>}>
// CHECK: %[[C:.+]] = accel.conv2d %arg0, %[[K]], %[[B]] {pad = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x1xf32>, tensor<4x2x2x1xf32>, tensor<4xf32>) -> tensor<1x5x5x4xf32>
// CHECK: %[[D:.+]] = accel.depth_to_space %[[C]] {accel.strategy = "stacked", accel.useful_macs = 144 : i64, block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>, origins_w = array<i64: 0, 1>} : (tensor<1x5x5x4xf32>) -> tensor<1x9x9x1xf32>
// CHECK: return %[[D]]
func.func @stride2_k3(%x: tensor<1x4x4x1xf32>) -> tensor<1x9x9x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.5> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<[[[[1.0], [2.0], [3.0]], [[4.0], [5.0], [6.0]], [[7.0], [8.0], [9.0]]]]> : tensor<1x3x3x1xf32>}> : () -> tensor<1x3x3x1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x9x9x1xf32>
  return %0 : tensor<1x9x9x1xf32>
}

// -----

// Stride 1: the stacked conv is the result (no depth-to-space).
// CHECK-LABEL: func.func @stride1
// CHECK: %[[C:.+]] = accel.conv2d %arg0, {{.*}} {accel.strategy = "stacked", accel.useful_macs = 36 : i64, pad = array<i64: 1, 1, 1, 1>} {{.*}} -> tensor<1x4x4x1xf32>
// CHECK-NEXT: return %[[C]]
func.func @stride1(%x: tensor<1x3x3x1xf32>) -> tensor<1x4x4x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.5> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x2x2x1xf32>}> : () -> tensor<1x2x2x1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x1xf32>, tensor<1x2x2x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  return %0 : tensor<1x4x4x1xf32>
}

// -----

// DCGAN k5s2 (out_pad -2, -1): a 3x3 window per phase (phases with 2 taps
// get one zero tap), an 8x8 grid that needs no crop.
// CHECK-LABEL: func.func @dcgan_k5s2
// CHECK: %[[C:.+]] = accel.conv2d %arg0, {{.*}} {pad = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
// CHECK: accel.depth_to_space %[[C]] {accel.strategy = "stacked", accel.useful_macs = 175232 : i64, block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>, origins_w = array<i64: 0, 1>} : (tensor<1x8x8x32xf32>) -> tensor<1x16x16x8xf32>
func.func @dcgan_k5s2(%x: tensor<1x8x8x16xf32>) -> tensor<1x16x16x8xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<8xf32>}> : () -> tensor<8xf32>
  %w = "tosa.const"() <{values = dense<0.25> : tensor<8x5x5x16xf32>}> : () -> tensor<8x5x5x16xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -2, -1, -2, -1>, stride = array<i64: 2, 2>} : (tensor<1x8x8x16xf32>, tensor<8x5x5x16xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x16x16x8xf32>
  return %0 : tensor<1x16x16x8xf32>
}

// -----

// Asymmetric strides (2, 3): 6 channel groups.
// CHECK-LABEL: func.func @asymmetric_stride
// CHECK: accel.conv2d {{.*}} -> tensor<1x{{[0-9]+}}x{{[0-9]+}}x12xf32>
// CHECK: accel.depth_to_space {{.*}} block = array<i64: 2, 3>{{.*}} -> tensor<1x8x11x2xf32>
func.func @asymmetric_stride(%x: tensor<1x4x4x2xf32>) -> tensor<1x8x11x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x3x3x2xf32>}> : () -> tensor<2x3x3x2xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 3>} : (tensor<1x4x4x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x11x2xf32>
  return %0 : tensor<1x8x11x2xf32>
}

// -----

// K < S: a 1x1 window; 8 of the 9 channel groups are all zero taps.
// CHECK-LABEL: func.func @kernel_smaller_than_stride
// CHECK: %[[C:.+]] = accel.conv2d %arg0, {{.*}} : (tensor<1x3x3x2xf32>, tensor<18x1x1x2xf32>, tensor<18xf32>) -> tensor<1x3x3x18xf32>
// CHECK: accel.depth_to_space %[[C]] {accel.strategy = "stacked", accel.useful_macs = 36 : i64, block = array<i64: 3, 3>, origins_h = array<i64: 0, 1, 2>, origins_w = array<i64: 0, 1, 2>}
func.func @kernel_smaller_than_stride(%x: tensor<1x3x3x2xf32>) -> tensor<1x7x7x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<[0.5, -1.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 3, 3>} : (tensor<1x3x3x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x7x7x2xf32>
  return %0 : tensor<1x7x7x2xf32>
}

// -----

// Positive out_pad: the grid grows by padding (negative origins crop).
// CHECK-LABEL: func.func @positive_out_pad
// CHECK: accel.conv2d %arg0, {{.*}} {pad = array<i64: 1, 2, 1, 2>} : {{.*}} -> tensor<1x5x5x4xf32>
// CHECK: accel.depth_to_space {{.*}} origins_h = array<i64: -1, 0>, origins_w = array<i64: -1, 0>
func.func @positive_out_pad(%x: tensor<1x2x2x1xf32>) -> tensor<1x8x8x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.5> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x2x2x1xf32>}> : () -> tensor<1x2x2x1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 1, 3, 1, 3>, stride = array<i64: 2, 2>} : (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x1xf32>
  return %0 : tensor<1x8x8x1xf32>
}

// -----

// int8: zero taps hold the weight zero point (-2), so they contribute 0.
// CHECK-LABEL: func.func @int8
// CHECK-DAG: "tosa.const"() <{values = dense<{{\[\[\[\[}}9], [7]], {{\[\[}}3], [1]]], {{\[\[\[}}-2], [8]], {{\[\[}}-2], [2]]], {{\[\[\[}}-2], [-2]], {{\[\[}}6], [4]]], {{\[\[\[}}-2], [-2]], {{\[\[}}-2], [5]]]]> : tensor<4x2x2x1xi8>}>
// CHECK-DAG: "tosa.const"() <{values = dense<100> : tensor<4xi32>}>
// CHECK: accel.conv2d {{.*}}input_zp = 3 : i32, pad = array<i64: 1, 1, 1, 1>, weight_zp = -2 : i32} : (tensor<1x4x4x1xi8>, tensor<4x2x2x1xi8>, tensor<4xi32>) -> tensor<1x5x5x4xi32>
func.func @int8(%x: tensor<1x4x4x1xi8>) -> tensor<1x9x9x1xi32> {
  %xzp = "tosa.const"() <{values = dense<3> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wzp = "tosa.const"() <{values = dense<-2> : tensor<1xi8>}> : () -> tensor<1xi8>
  %b = "tosa.const"() <{values = dense<100> : tensor<1xi32>}> : () -> tensor<1xi32>
  %w = "tosa.const"() <{values = dense<[[[[1], [2], [3]], [[4], [5], [6]], [[7], [8], [9]]]]> : tensor<1x3x3x1xi8>}> : () -> tensor<1x3x3x1xi8>
  %0 = tosa.transpose_conv2d %x, %w, %b, %xzp, %wzp {acc_type = i32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xi8>, tensor<1x3x3x1xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x9x9x1xi32>
  return %0 : tensor<1x9x9x1xi32>
}
