// RUN: accel-opt %s -split-input-file --accel-split-transpose-conv | FileCheck %s
// RUN: accel-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(accel-split-transpose-conv{strategy=split}))' | FileCheck %s

// Strategy `split`: one stride-1 tosa.conv2d per output phase with only that
// phase's taps, inserted with strides into the result.

// Stride 1: a single phase with the whole flipped kernel, no interleave.
// CHECK-LABEL: func.func @stride1
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x4x2xf32>, %[[W:.+]]: tensor<3x3x3x2xf32>, %[[B:.+]]: tensor<3xf32>)
// CHECK: %[[R1:.+]] = tosa.reverse %[[W]] {axis = 1 : i32}
// CHECK: %[[R2:.+]] = tosa.reverse %[[R1]] {axis = 2 : i32}
// CHECK: %[[C:.+]] = tosa.conv2d %[[X]], %[[R2]], %[[B]]
// CHECK-SAME: pad = array<i64: 2, 2, 2, 2>, stride = array<i64: 1, 1>
// CHECK-SAME: -> tensor<1x6x6x3xf32>
// CHECK-NOT: tensor.insert_slice
// CHECK: return %[[C]] : tensor<1x6x6x3xf32>
func.func @stride1(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x3x2xf32>, %b: tensor<3xf32>) -> tensor<1x6x6x3xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x3xf32>
  return %0 : tensor<1x6x6x3xf32>
}

// -----

// Stride 2, K = 3, constant weights 1..9: the four sub-kernels are folded at
// compile time. Phase (0,0) takes taps {2,0}x{2,0} = [[9,7],[3,1]], phase
// (0,1) {2,0}x{1} = [8,2], phase (1,0) {1}x{2,0} = [6,4], phase (1,1) = 5.
// No zero taps anywhere: 4+2+2+1 = 9 taps = K*K.
// CHECK-LABEL: func.func @stride2_constant_weights
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x4x1xf32>, %[[B:.+]]: tensor<1xf32>)
// CHECK-DAG: %[[K11:.+]] = "tosa.const"() <{values = dense<5.000000e+00> : tensor<1x1x1x1xf32>}>
// CHECK-DAG: %[[K10:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}6.000000e+00], [4.000000e+00]]]]> : tensor<1x1x2x1xf32>}>
// CHECK-DAG: %[[K01:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}8.000000e+00]], {{\[\[}}2.000000e+00]]]]> : tensor<1x2x1x1xf32>}>
// CHECK-DAG: %[[K00:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}9.000000e+00], [7.000000e+00]], {{\[\[}}3.000000e+00], [1.000000e+00]]]]> : tensor<1x2x2x1xf32>}>
// CHECK-NOT: tosa.transpose_conv2d
// CHECK: %[[C00:.+]] = tosa.conv2d %[[X]], %[[K00]], %[[B]], {{.*}} pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} {{.*}} -> tensor<1x5x5x1xf32>
// CHECK: %[[E:.+]] = tensor.empty() : tensor<1x9x9x1xf32>
// CHECK: %[[I0:.+]] = tensor.insert_slice %[[C00]] into %[[E]][0, 0, 0, 0] [1, 5, 5, 1] [1, 2, 2, 1]
// CHECK: %[[C01:.+]] = tosa.conv2d %[[X]], %[[K01]], %[[B]], {{.*}} pad = array<i64: 1, 1, 0, 0>, {{.*}} -> tensor<1x5x4x1xf32>
// CHECK: %[[I1:.+]] = tensor.insert_slice %[[C01]] into %[[I0]][0, 0, 1, 0] [1, 5, 4, 1] [1, 2, 2, 1]
// CHECK: %[[C10:.+]] = tosa.conv2d %[[X]], %[[K10]], %[[B]], {{.*}} pad = array<i64: 0, 0, 1, 1>, {{.*}} -> tensor<1x4x5x1xf32>
// CHECK: %[[I2:.+]] = tensor.insert_slice %[[C10]] into %[[I1]][0, 1, 0, 0] [1, 4, 5, 1] [1, 2, 2, 1]
// CHECK: %[[C11:.+]] = tosa.conv2d %[[X]], %[[K11]], %[[B]], {{.*}} pad = array<i64: 0, 0, 0, 0>, {{.*}} -> tensor<1x4x4x1xf32>
// CHECK: %[[I3:.+]] = tensor.insert_slice %[[C11]] into %[[I2]][0, 1, 1, 0] [1, 4, 4, 1] [1, 2, 2, 1]
// CHECK: return %[[I3]] : tensor<1x9x9x1xf32>
func.func @stride2_constant_weights(%x: tensor<1x4x4x1xf32>, %b: tensor<1xf32>) -> tensor<1x9x9x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<[[[[1.0], [2.0], [3.0]], [[4.0], [5.0], [6.0]], [[7.0], [8.0], [9.0]]]]> : tensor<1x3x3x1xf32>}> : () -> tensor<1x3x3x1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x9x9x1xf32>
  return %0 : tensor<1x9x9x1xf32>
}

// -----

// Asymmetric strides (2, 3), K = 3x3, PyTorch padding 1 / output_padding 1
// (out_pad -1, 0, -1, 0): 2x3 phases; the W phases own columns 2,5,.. / 0,3,..
// / 1,4,.. and have one tap each, the H phases two and one taps.
// CHECK-LABEL: func.func @asymmetric_stride
// CHECK-COUNT-6: tosa.conv2d {{.*}} stride = array<i64: 1, 1>
// CHECK-NOT: tosa.conv2d
// CHECK: %[[LAST:.+]] = tensor.insert_slice {{.*}} [1, 2, 3, 1] : tensor<1x4x{{[34]}}x2xf32> into tensor<1x8x11x2xf32>
// CHECK: return %[[LAST]]
func.func @asymmetric_stride(%x: tensor<1x4x4x2xf32>, %b: tensor<2xf32>) -> tensor<1x8x11x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x3x3x2xf32>}> : () -> tensor<2x3x3x2xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 3>} : (tensor<1x4x4x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x11x2xf32>
  return %0 : tensor<1x8x11x2xf32>
}

// -----

// K < S (K = 2, S = 3): of the 3x3 phases only 2x2 have taps (one each); the
// other outputs are the bias, broadcast first with tosa.tile.
// CHECK-LABEL: func.func @kernel_smaller_than_stride
// CHECK-SAME: (%[[X:.+]]: tensor<1x3x3x1xf32>, %[[B:.+]]: tensor<2xf32>)
// CHECK: %[[BR:.+]] = tosa.reshape %[[B]], {{.*}} -> tensor<1x1x1x2xf32>
// CHECK: %[[FILL:.+]] = tosa.tile %[[BR]], {{.*}} -> tensor<1x8x8x2xf32>
// CHECK: %[[C0:.+]] = tosa.conv2d %[[X]], {{.*}} -> tensor<1x3x3x2xf32>
// CHECK: tensor.insert_slice %[[C0]] into %[[FILL]][0, 0, 0, 0] [1, 3, 3, 2] [1, 3, 3, 1]
// CHECK-COUNT-3: tosa.conv2d {{.*}} (tensor<1x3x3x1xf32>, tensor<2x1x1x1xf32>
// CHECK-NOT: tosa.conv2d
func.func @kernel_smaller_than_stride(%x: tensor<1x3x3x1xf32>, %b: tensor<2xf32>) -> tensor<1x8x8x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<2.0> : tensor<2x2x2x1xf32>}> : () -> tensor<2x2x2x1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 3, 3>} : (tensor<1x3x3x1xf32>, tensor<2x2x2x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  return %0 : tensor<1x8x8x2xf32>
}

// -----

// K mod S != 0: DCGAN's k5s2 with TF-SAME padding (PyTorch padding 2,
// output_padding 1 = out_pad -2, -1). Sub-kernels 3x3, 3x2, 2x3, 2x2 (25 taps
// in all, none zero); every phase computes all its 8x8 outputs.
// CHECK-LABEL: func.func @dcgan_k5s2
// CHECK: tosa.conv2d {{.*}} pad = array<i64: 1, 1, 1, 1>, {{.*}} (tensor<1x8x8x4xf32>, tensor<2x3x3x4xf32>, {{.*}} -> tensor<1x8x8x2xf32>
// CHECK: tensor.empty() : tensor<1x16x16x2xf32>
// CHECK: tosa.conv2d {{.*}} pad = array<i64: 1, 1, 0, 1>, {{.*}} (tensor<1x8x8x4xf32>, tensor<2x3x2x4xf32>, {{.*}} -> tensor<1x8x8x2xf32>
// CHECK: tosa.conv2d {{.*}} pad = array<i64: 0, 1, 1, 1>, {{.*}} (tensor<1x8x8x4xf32>, tensor<2x2x3x4xf32>, {{.*}} -> tensor<1x8x8x2xf32>
// CHECK: tosa.conv2d {{.*}} pad = array<i64: 0, 1, 0, 1>, {{.*}} (tensor<1x8x8x4xf32>, tensor<2x2x2x4xf32>, {{.*}} -> tensor<1x8x8x2xf32>
func.func @dcgan_k5s2(%x: tensor<1x8x8x4xf32>, %b: tensor<2xf32>) -> tensor<1x16x16x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<0.25> : tensor<2x5x5x4xf32>}> : () -> tensor<2x5x5x4xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -2, -1, -2, -1>, stride = array<i64: 2, 2>} : (tensor<1x8x8x4xf32>, tensor<2x5x5x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x16x16x2xf32>
  return %0 : tensor<1x16x16x2xf32>
}

// -----

// Negative out_pad deeper than a phase's reach slices the input instead of
// computing border outputs and cropping them.
// CHECK-LABEL: func.func @negative_out_pad
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x4x1xf32>
// CHECK: tosa.conv2d %[[X]], {{.*}} pad = array<i64: 0, 0, 0, 0>, {{.*}} -> tensor<1x3x3x1xf32>
// CHECK: %[[S1:.+]] = tosa.slice %[[X]], {{.*}} -> tensor<1x4x2x1xf32>
// CHECK: tosa.conv2d %[[S1]], {{.*}} -> tensor<1x3x2x1xf32>
// CHECK: %[[S2:.+]] = tosa.slice %[[X]], {{.*}} -> tensor<1x2x4x1xf32>
// CHECK: tosa.conv2d %[[S2]], {{.*}} -> tensor<1x2x3x1xf32>
// CHECK: %[[S3:.+]] = tosa.slice %[[X]], {{.*}} -> tensor<1x2x2x1xf32>
// CHECK: tosa.conv2d %[[S3]], {{.*}} -> tensor<1x2x2x1xf32>
func.func @negative_out_pad(%x: tensor<1x4x4x1xf32>, %b: tensor<1xf32>) -> tensor<1x5x5x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x3x3x1xf32>}> : () -> tensor<1x3x3x1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -2, -2, -2, -2>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x5x1xf32>
  return %0 : tensor<1x5x5x1xf32>
}

// -----

// Positive out_pad: rows/columns no tap reaches are not computed at all; they
// keep the broadcast bias.
// CHECK-LABEL: func.func @positive_out_pad
// CHECK: %[[FILL:.+]] = tosa.tile {{.*}} -> tensor<1x8x6x1xf32>
// CHECK: %[[C0:.+]] = tosa.conv2d {{.*}} pad = array<i64: 0, 0, 0, 0>, {{.*}} -> tensor<1x2x2x1xf32>
// CHECK: tensor.insert_slice %[[C0]] into %[[FILL]][0, 3, 1, 0] [1, 2, 2, 1] [1, 2, 2, 1]
// CHECK-COUNT-3: tensor.insert_slice {{.*}} [1, 2, 2, 1] [1, 2, 2, 1]
func.func @positive_out_pad(%x: tensor<1x2x2x1xf32>, %b: tensor<1xf32>) -> tensor<1x8x6x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x2x2x1xf32>}> : () -> tensor<1x2x2x1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 3, 1, 1, 1>, stride = array<i64: 2, 2>} : (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x6x1xf32>
  return %0 : tensor<1x8x6x1xf32>
}

// -----

// int8 with zero points and i32 accumulation: every phase conv keeps the
// original zero-point operands and acc_type, so results stay bit-exact.
// CHECK-LABEL: func.func @int8_zero_points
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x4x2xi8>, %[[B:.+]]: tensor<3xi32>)
// CHECK-DAG: %[[XZP:.+]] = "tosa.const"() <{values = dense<-7> : tensor<1xi8>}>
// CHECK-DAG: %[[WZP:.+]] = "tosa.const"() <{values = dense<5> : tensor<1xi8>}>
// CHECK-COUNT-4: tosa.conv2d %[[X]], %{{.+}}, %[[B]], %[[XZP]], %[[WZP]] {acc_type = i32, {{.*}} -> tensor<1x{{[0-9]}}x{{[0-9]}}x3xi32>
// CHECK-NOT: tosa.transpose_conv2d
func.func @int8_zero_points(%x: tensor<1x4x4x2xi8>, %b: tensor<3xi32>) -> tensor<1x8x8x3xi32> {
  %xzp = "tosa.const"() <{values = dense<-7> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wzp = "tosa.const"() <{values = dense<5> : tensor<1xi8>}> : () -> tensor<1xi8>
  %w = "tosa.const"() <{values = dense<3> : tensor<3x3x3x2xi8>}> : () -> tensor<3x3x3x2xi8>
  %0 = tosa.transpose_conv2d %x, %w, %b, %xzp, %wzp {acc_type = i32, out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xi8>, tensor<3x3x3x2xi8>, tensor<3xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x8x8x3xi32>
  return %0 : tensor<1x8x8x3xi32>
}

// -----

// Non-constant weights: pad to a multiple of the stride with the weight zero
// point, split the kernel axes into (tap, phase), flip the taps, and slice each
// phase's sub-kernel out with TOSA ops.
// CHECK-LABEL: func.func @non_constant_weights
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x4x2xf32>, %[[W:.+]]: tensor<3x3x3x2xf32>, %[[B:.+]]: tensor<3xf32>)
// CHECK: %[[ZP:.+]] = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}>
// CHECK: %[[P:.+]] = tosa.pad %[[W]], %{{.+}}, %[[ZP]] : {{.*}} -> tensor<3x4x4x2xf32>
// CHECK: %[[R:.+]] = tosa.reshape %[[P]], {{.*}} -> tensor<3x2x2x2x2x2xf32>
// CHECK: %[[F1:.+]] = tosa.reverse %[[R]] {axis = 1 : i32}
// CHECK: %[[F2:.+]] = tosa.reverse %[[F1]] {axis = 3 : i32}
// CHECK: %[[S00:.+]] = tosa.slice %[[F2]], {{.*}} -> tensor<3x2x1x2x1x2xf32>
// CHECK: %[[K00:.+]] = tosa.reshape %[[S00]], {{.*}} -> tensor<3x2x2x2xf32>
// CHECK: tosa.conv2d %[[X]], %[[K00]], %[[B]], %[[ZP]], %[[ZP]]
// CHECK-COUNT-3: tosa.slice %[[F2]]
// CHECK-NOT: tosa.transpose_conv2d
func.func @non_constant_weights(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x3x2xf32>, %b: tensor<3xf32>) -> tensor<1x8x8x3xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x3xf32>
  return %0 : tensor<1x8x8x3xf32>
}

// -----

// arith.constant weights are folded too.
// CHECK-LABEL: func.func @arith_constant_weights
// CHECK-NOT: tosa.reverse
// CHECK-NOT: tosa.transpose_conv2d
// CHECK: "tosa.const"() <{values = dense<{{\[\[\[\[}}4.000000e+00], [3.000000e+00], [2.000000e+00], [1.000000e+00]]]]> : tensor<1x1x4x1xf32>}>
func.func @arith_constant_weights(%x: tensor<1x1x3x1xf32>, %b: tensor<1xf32>) -> tensor<1x1x6x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = arith.constant dense<[[[[1.0], [2.0], [3.0], [4.0]]]]> : tensor<1x1x4x1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x3x1xf32>, tensor<1x1x4x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x6x1xf32>
  return %0 : tensor<1x1x6x1xf32>
}

// -----

// Dynamic shapes: left untouched (the pattern reports a match failure).
// CHECK-LABEL: func.func @dynamic_batch
// CHECK: %[[T:.+]] = tosa.transpose_conv2d
// CHECK-NOT: tosa.conv2d
// CHECK: return %[[T]]
func.func @dynamic_batch(%x: tensor<?x4x4x2xf32>, %w: tensor<3x3x3x2xf32>, %b: tensor<3xf32>) -> tensor<?x8x8x3xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 2>} : (tensor<?x4x4x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<?x8x8x3xf32>
  return %0 : tensor<?x8x8x3xf32>
}
