// RUN: accel-opt %s -split-input-file --convert-tosa-to-accel=allow-i32-results=true | FileCheck %s
// RUN: accel-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(convert-tosa-to-accel{strategy=split allow-i32-results=true}))' | FileCheck %s

// Strategy `split`: one stride-1 accel.conv2d per output phase with only
// that phase's taps (constant sub-kernels), accel.bias_fill for phases
// without taps, one accel.depth_to_space operand per phase.

// Stride 1: one phase, the flipped kernel, no depth-to-space.
// CHECK-LABEL: func.func @stride1
// CHECK-DAG: %[[K:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}4.000000e+00], [3.000000e+00]], {{\[\[}}2.000000e+00], [1.000000e+00]]]]> : tensor<1x2x2x1xf32>}>
// CHECK-DAG: %[[B:.+]] = "tosa.const"() <{values = dense<5.000000e-01> : tensor<1xf32>}>
// CHECK: %[[C:.+]] = accel.conv2d %arg0, %[[K]], %[[B]] {accel.strategy = "split", accel.useful_macs = 36 : i64, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x3x3x1xf32>, tensor<1x2x2x1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
// CHECK-NOT: accel.depth_to_space
// CHECK: return %[[C]]
func.func @stride1(%x: tensor<1x3x3x1xf32>) -> tensor<1x4x4x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.5> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<[[[[1.0], [2.0]], [[3.0], [4.0]]]]> : tensor<1x2x2x1xf32>}> : () -> tensor<1x2x2x1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x1xf32>, tensor<1x2x2x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  return %0 : tensor<1x4x4x1xf32>
}

// -----

// Stride 2, K = 3 (K mod S != 0), weights 1..9: phase (0,0) takes taps
// {2,0}x{2,0} = [[9,7],[3,1]], (0,1) [8,2], (1,0) [6,4], (1,1) 5; 9 taps in
// all = K*K, no zero tap. Phases of different sizes (5 and 4) interleave
// exactly.
// CHECK-LABEL: func.func @stride2_k3
// CHECK-DAG: %[[K11:.+]] = "tosa.const"() <{values = dense<5.000000e+00> : tensor<1x1x1x1xf32>}>
// CHECK-DAG: %[[K10:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}6.000000e+00], [4.000000e+00]]]]> : tensor<1x1x2x1xf32>}>
// CHECK-DAG: %[[K01:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}8.000000e+00]], {{\[\[}}2.000000e+00]]]]> : tensor<1x2x1x1xf32>}>
// CHECK-DAG: %[[K00:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}9.000000e+00], [7.000000e+00]], {{\[\[}}3.000000e+00], [1.000000e+00]]]]> : tensor<1x2x2x1xf32>}>
// CHECK-DAG: %[[P00:.+]] = accel.conv2d %arg0, %[[K00]], %[[B:[^ ]+]] {pad = array<i64: 1, 1, 1, 1>} : {{.*}} -> tensor<1x5x5x1xf32>
// CHECK-DAG: %[[P01:.+]] = accel.conv2d %arg0, %[[K01]], %[[B]] {pad = array<i64: 1, 1, 0, 0>} : {{.*}} -> tensor<1x5x4x1xf32>
// CHECK-DAG: %[[P10:.+]] = accel.conv2d %arg0, %[[K10]], %[[B]] {pad = array<i64: 0, 0, 1, 1>} : {{.*}} -> tensor<1x4x5x1xf32>
// CHECK-DAG: %[[P11:.+]] = accel.conv2d %arg0, %[[K11]], %[[B]] : {{.*}} -> tensor<1x4x4x1xf32>
// CHECK: %[[D:.+]] = accel.depth_to_space %[[P00]], %[[P01]], %[[P10]], %[[P11]] {accel.strategy = "split", accel.useful_macs = 144 : i64, block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>, origins_w = array<i64: 0, 1>}
// CHECK-SAME: -> tensor<1x9x9x1xf32>
// CHECK-NOT: tosa.transpose_conv2d
// CHECK: return %[[D]]
func.func @stride2_k3(%x: tensor<1x4x4x1xf32>) -> tensor<1x9x9x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.5> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<[[[[1.0], [2.0], [3.0]], [[4.0], [5.0], [6.0]], [[7.0], [8.0], [9.0]]]]> : tensor<1x3x3x1xf32>}> : () -> tensor<1x3x3x1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x9x9x1xf32>
  return %0 : tensor<1x9x9x1xf32>
}

// -----

// DCGAN's k5s2 with TF-SAME / PyTorch padding 2, output_padding 1
// (out_pad -2, -1): phases of 3x3, 3x2, 2x3 and 2x2 taps (25 = K*K), every
// phase 8x8, origins 0 / 1.
// CHECK-LABEL: func.func @dcgan_k5s2
// CHECK: accel.conv2d %arg0, {{.*}} {pad = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x16xf32>, tensor<8x3x3x16xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
// CHECK: accel.conv2d %arg0, {{.*}} {pad = array<i64: 1, 1, 0, 1>} : (tensor<1x8x8x16xf32>, tensor<8x3x2x16xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
// CHECK: accel.conv2d %arg0, {{.*}} {pad = array<i64: 0, 1, 1, 1>} : (tensor<1x8x8x16xf32>, tensor<8x2x3x16xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
// CHECK: accel.conv2d %arg0, {{.*}} {pad = array<i64: 0, 1, 0, 1>} : (tensor<1x8x8x16xf32>, tensor<8x2x2x16xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
// CHECK: accel.depth_to_space {{.*}} {accel.strategy = "split", accel.useful_macs = 175232 : i64, block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>, origins_w = array<i64: 0, 1>} {{.*}} -> tensor<1x16x16x8xf32>
func.func @dcgan_k5s2(%x: tensor<1x8x8x16xf32>) -> tensor<1x16x16x8xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<8xf32>}> : () -> tensor<8xf32>
  %w = "tosa.const"() <{values = dense<0.25> : tensor<8x5x5x16xf32>}> : () -> tensor<8x5x5x16xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -2, -1, -2, -1>, stride = array<i64: 2, 2>} : (tensor<1x8x8x16xf32>, tensor<8x5x5x16xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x16x16x8xf32>
  return %0 : tensor<1x16x16x8xf32>
}

// -----

// Asymmetric strides (2, 3), K = 3x3, PyTorch padding 1 / output_padding 1
// (out_pad -1, 0, -1, 0): 2x3 phases. W phase 0 (tap 0) skips input column
// 0: its conv has padding -1 on the left (a crop; the load box starts inside
// the input), so it computes exactly its 3 owned columns, the first at
// output 2 (origin 2) - no border column computed and dropped.
// CHECK-LABEL: func.func @asymmetric_stride
// CHECK: accel.conv2d {{.*}} {pad = array<i64: 0, 1, -1, 0>} : {{.*}} -> tensor<1x4x3x2xf32>
// CHECK-COUNT-5: accel.conv2d
// CHECK-NOT: accel.conv2d
// CHECK: accel.depth_to_space {{.*}} {accel.strategy = "split", accel.useful_macs = 484 : i64, block = array<i64: 2, 3>, origins_h = array<i64: 1, 0>, origins_w = array<i64: 2, 0, 1>}
// CHECK-SAME: -> tensor<1x8x11x2xf32>
func.func @asymmetric_stride(%x: tensor<1x4x4x2xf32>) -> tensor<1x8x11x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x3x3x2xf32>}> : () -> tensor<2x3x3x2xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 3>} : (tensor<1x4x4x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x11x2xf32>
  return %0 : tensor<1x8x11x2xf32>
}

// -----

// K < S (1x1 kernel, stride 3): one phase has the tap, the other eight own
// outputs no tap reaches and are bias fills (no MACs).
// CHECK-LABEL: func.func @kernel_smaller_than_stride
// CHECK: %[[B:.+]] = "tosa.const"() <{values = dense<[5.000000e-01, -1.000000e+00]> : tensor<2xf32>}>
// CHECK: %[[C:.+]] = accel.conv2d %arg0, %{{.+}}, %[[B]] : (tensor<1x3x3x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
// CHECK-COUNT-8: accel.bias_fill %[[B]]
// CHECK: accel.depth_to_space %[[C]], {{.*}} {accel.strategy = "split", accel.useful_macs = 36 : i64, block = array<i64: 3, 3>, origins_h = array<i64: 0, 1, 2>, origins_w = array<i64: 0, 1, 2>}
func.func @kernel_smaller_than_stride(%x: tensor<1x3x3x2xf32>) -> tensor<1x7x7x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<[0.5, -1.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 3, 3>} : (tensor<1x3x3x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x7x7x2xf32>
  return %0 : tensor<1x7x7x2xf32>
}

// -----

// Positive out_pad beyond the kernel's reach: the outputs no tap reaches are
// computed as taps over padding (= the bias), so every phase still covers
// all its outputs; the first output belongs to phase 1 (origin 1 -> 0).
// CHECK-LABEL: func.func @positive_out_pad
// CHECK: accel.conv2d %arg0, {{.*}} {pad = array<i64: 0, 2, 0, 2>} {{.*}} -> tensor<1x4x4x1xf32>
// CHECK: accel.conv2d %arg0, {{.*}} {pad = array<i64: 0, 2, 1, 1>} {{.*}} -> tensor<1x4x4x1xf32>
// CHECK: accel.conv2d %arg0, {{.*}} {pad = array<i64: 1, 1, 0, 2>} {{.*}} -> tensor<1x4x4x1xf32>
// CHECK: accel.conv2d %arg0, {{.*}} {pad = array<i64: 1, 1, 1, 1>} {{.*}} -> tensor<1x4x4x1xf32>
// CHECK: accel.depth_to_space {{.*}} origins_h = array<i64: 1, 0>, origins_w = array<i64: 1, 0>
func.func @positive_out_pad(%x: tensor<1x2x2x1xf32>) -> tensor<1x8x8x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.5> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x2x2x1xf32>}> : () -> tensor<1x2x2x1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 1, 3, 1, 3>, stride = array<i64: 2, 2>} : (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x1xf32>
  return %0 : tensor<1x8x8x1xf32>
}

// -----

// int8 with zero points: i8 sub-kernels, i32 bias and accumulators, the
// zero points on every phase conv.
// CHECK-LABEL: func.func @int8
// CHECK-DAG: "tosa.const"() <{values = dense<{{\[\[\[\[}}9], [7]], {{\[\[}}3], [1]]]]> : tensor<1x2x2x1xi8>}>
// CHECK-DAG: %[[B:.+]] = "tosa.const"() <{values = dense<100> : tensor<1xi32>}>
// CHECK: accel.conv2d %arg0, %{{.+}}, %[[B]] {input_zp = 3 : i32, pad = array<i64: 1, 1, 1, 1>, weight_zp = -2 : i32} : (tensor<1x4x4x1xi8>, tensor<1x2x2x1xi8>, tensor<1xi32>) -> tensor<1x5x5x1xi32>
// CHECK-COUNT-3: accel.conv2d {{.*}}input_zp = 3 : i32{{.*}}weight_zp = -2 : i32
// CHECK: accel.depth_to_space {{.*}} -> tensor<1x9x9x1xi32>
func.func @int8(%x: tensor<1x4x4x1xi8>) -> tensor<1x9x9x1xi32> {
  %xzp = "tosa.const"() <{values = dense<3> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wzp = "tosa.const"() <{values = dense<-2> : tensor<1xi8>}> : () -> tensor<1xi8>
  %b = "tosa.const"() <{values = dense<100> : tensor<1xi32>}> : () -> tensor<1xi32>
  %w = "tosa.const"() <{values = dense<[[[[1], [2], [3]], [[4], [5], [6]], [[7], [8], [9]]]]> : tensor<1x3x3x1xi8>}> : () -> tensor<1x3x3x1xi8>
  %0 = tosa.transpose_conv2d %x, %w, %b, %xzp, %wzp {acc_type = i32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xi8>, tensor<1x3x3x1xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x9x9x1xi32>
  return %0 : tensor<1x9x9x1xi32>
}
