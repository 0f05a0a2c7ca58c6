// RUN: accel-opt %s -split-input-file --accel-split-transpose-conv=strategy=stacked | FileCheck %s
// RUN: accel-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(accel-split-transpose-conv{strategy=stacked}))' | FileCheck %s

// Strategy `stacked`: all phases padded with zero-point taps to a common
// window and computed by one conv with s_h*s_w*C_out channels, then
// depth-to-space (reshape/transpose/reshape) and a crop.

// Stride (1, 2), K = 1x3, constant weights: the stacked kernel holds phase 0
// (taps {2,0}) and phase 1 (tap {1} plus one zero tap) for both channels;
// the bias is folded per phase. Only 5 grid columns (not upstream's 6) are
// computed because out_pad_left = -1 crops one.
// CHECK-LABEL: func.func @stacked_constant_weights
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x4x1xf32>, %[[B:.+]]: tensor<2xf32>)
// CHECK-DAG: %[[K:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}3.000000e+00], [1.000000e+00]]], {{\[\[\[}}6.000000e+00], [4.000000e+00]]], {{\[\[\[}}0.000000e+00], [2.000000e+00]]], {{\[\[\[}}0.000000e+00], [5.000000e+00]]]]> : tensor<4x1x2x1xf32>}>
// CHECK-DAG: %[[SB:.+]] = tosa.tile %[[B]], %{{.+}} : (tensor<2xf32>, !tosa.shape<1>) -> tensor<4xf32>
// CHECK: %[[C:.+]] = tosa.conv2d %[[X]], %[[K]], %[[SB]], {{.*}} pad = array<i64: 3, 0, 1, 1>, stride = array<i64: 1, 1>} {{.*}} -> tensor<1x7x5x4xf32>
// CHECK: %[[D2S:.+]] = tosa.reshape %[[C]], %{{.+}} -> tensor<1x7x10x2xf32>
// CHECK: %[[CROP:.+]] = tosa.slice %[[D2S]], {{.*}} -> tensor<1x7x8x2xf32>
// CHECK: return %[[CROP]]
func.func @stacked_constant_weights(%x: tensor<1x4x4x1xf32>, %b: tensor<2xf32>) -> tensor<1x7x8x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<[[[[1.0], [2.0], [3.0]]], [[[4.0], [5.0], [6.0]]]]> : tensor<2x1x3x1xf32>}> : () -> tensor<2x1x3x1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 3, 0, -1, 0>, stride = array<i64: 1, 2>} : (tensor<1x4x4x1xf32>, tensor<2x1x3x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x7x8x2xf32>
  return %0 : tensor<1x7x8x2xf32>
}

// -----

// int8: the zero taps of the stacked kernel hold the weight zero point (5), so
// they contribute nothing; zero points and acc_type pass through.
// CHECK-LABEL: func.func @stacked_int8
// CHECK-DAG: %[[XZP:.+]] = "tosa.const"() <{values = dense<-7> : tensor<1xi8>}>
// CHECK-DAG: %[[WZP:.+]] = "tosa.const"() <{values = dense<5> : tensor<1xi8>}>
// CHECK-DAG: %[[K:.+]] = "tosa.const"() <{values = dense<{{.*}}{{\[\[}}5, 5], [3, 3]], {{\[\[}}5, 5], [3, 3]]{{.*}} : tensor<12x2x2x2xi8>}>
// CHECK: %[[C:.+]] = tosa.conv2d %{{.+}}, %[[K]], %{{.+}}, %[[XZP]], %[[WZP]] {acc_type = i32, {{.*}} -> tensor<1x5x5x12xi32>
// CHECK: %[[G:.+]] = tosa.reshape %[[C]], {{.*}} -> tensor<1x5x5x2x2x3xi32>
// CHECK: %[[T:.+]] = tosa.transpose %[[G]] {perms = array<i32: 0, 1, 3, 2, 4, 5>}
// CHECK: %[[I:.+]] = tosa.reshape %[[T]], {{.*}} -> tensor<1x10x10x3xi32>
// CHECK: tosa.slice %[[I]], {{.*}} -> tensor<1x8x8x3xi32>
func.func @stacked_int8(%x: tensor<1x4x4x2xi8>, %b: tensor<3xi32>) -> tensor<1x8x8x3xi32> {
  %xzp = "tosa.const"() <{values = dense<-7> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wzp = "tosa.const"() <{values = dense<5> : tensor<1xi8>}> : () -> tensor<1xi8>
  %w = "tosa.const"() <{values = dense<3> : tensor<3x3x3x2xi8>}> : () -> tensor<3x3x3x2xi8>
  %0 = tosa.transpose_conv2d %x, %w, %b, %xzp, %wzp {acc_type = i32, out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xi8>, tensor<3x3x3x2xi8>, tensor<3xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x8x8x3xi32>
  return %0 : tensor<1x8x8x3xi32>
}

// -----

// Non-constant weights and bias: the stacked kernel is built with TOSA ops
// (zero-point pad, reshape into (tap, phase), flip, phase-major transpose).
// CHECK-LABEL: func.func @stacked_non_constant
// CHECK-SAME: (%[[X:.+]]: tensor<1x3x3x2xf32>, %[[W:.+]]: tensor<2x5x5x2xf32>, %[[B:.+]]: tensor<2xf32>)
// CHECK: %[[P:.+]] = tosa.pad %[[W]], {{.*}} -> tensor<2x6x6x2xf32>
// CHECK: %[[R:.+]] = tosa.reshape %[[P]], {{.*}} -> tensor<2x3x2x3x2x2xf32>
// CHECK: %[[F1:.+]] = tosa.reverse %[[R]] {axis = 1 : i32}
// CHECK: %[[F2:.+]] = tosa.reverse %[[F1]] {axis = 3 : i32}
// CHECK: %[[T:.+]] = tosa.transpose %[[F2]] {perms = array<i32: 2, 4, 0, 1, 3, 5>}
// CHECK: %[[K:.+]] = tosa.reshape %[[T]], {{.*}} -> tensor<8x3x3x2xf32>
// CHECK: %[[SB:.+]] = tosa.tile %[[B]]
// CHECK: tosa.conv2d %[[X]], %[[K]], %[[SB]]
func.func @stacked_non_constant(%x: tensor<1x3x3x2xf32>, %w: tensor<2x5x5x2xf32>, %b: tensor<2xf32>) -> tensor<1x6x6x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -2, -1, -2, -1>, stride = array<i64: 2, 2>} : (tensor<1x3x3x2xf32>, tensor<2x5x5x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x2xf32>
  return %0 : tensor<1x6x6x2xf32>
}

// -----

// Dynamic shapes: left untouched.
// CHECK-LABEL: func.func @stacked_dynamic
// CHECK: tosa.transpose_conv2d
// CHECK-NOT: tosa.conv2d
func.func @stacked_dynamic(%x: tensor<1x?x4x2xf32>, %w: tensor<3x3x3x2xf32>, %b: tensor<3xf32>) -> tensor<1x?x8x3xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 2>} : (tensor<1x?x4x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x?x8x3xf32>
  return %0 : tensor<1x?x8x3xf32>
}
