// RUN: accel-opt %s -split-input-file --accel-prepare-tosa | FileCheck %s
// RUN: accel-opt %s -split-input-file --accel-set-target=target=nvdla-small --accel-prepare-tosa --convert-tosa-to-accel | FileCheck %s --check-prefix=ACCEL

// PixelShuffle(2) of a conv with 8 = 2 x 2 x 2 output channels, as the ONNX
// importer writes DepthToSpace CRD: reshape to [N, H, W, C, 2, 2], transpose
// (0, 1, 4, 2, 5, 3). The conv's channels are reordered (new channel p*C + c
// is old channel c*4 + p: 0, 4, 1, 5, 2, 6, 3, 7) and the shuffle becomes
// the DCR form, which the conversion runs as a channel-grouped
// accel.depth_to_space of the conv's result.
// CHECK-LABEL: func.func @pixel_shuffle
// CHECK-DAG: %[[W:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}0.000000e+00]]], {{\[\[\[}}4.000000e+00]]], {{\[\[\[}}1.000000e+00]]], {{\[\[\[}}5.000000e+00]]], {{\[\[\[}}2.000000e+00]]], {{\[\[\[}}6.000000e+00]]], {{\[\[\[}}3.000000e+00]]], {{\[\[\[}}7.000000e+00]]]]> : tensor<8x1x1x1xf32>}>
// CHECK-DAG: %[[B:.+]] = "tosa.const"() <{values = dense<[1.000000e+01, 1.400000e+01, 1.100000e+01, 1.500000e+01, 1.200000e+01, 1.600000e+01, 1.300000e+01, 1.700000e+01]> : tensor<8xf32>}>
// CHECK: %[[C:.+]] = tosa.conv2d %{{.+}}, %[[W]], %[[B]]
// CHECK: %[[S:.+]] = tosa.reshape %[[C]], %{{.+}} : (tensor<1x3x4x8xf32>, !tosa.shape<6>) -> tensor<1x3x4x2x2x2xf32>
// CHECK: tosa.transpose %[[S]] {perms = array<i32: 0, 1, 3, 2, 4, 5>}
// ACCEL-LABEL: func.func @pixel_shuffle
// ACCEL: %[[C:.+]] = accel.conv2d
// ACCEL: %[[D:.+]] = accel.depth_to_space %[[C]] {block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>, origins_w = array<i64: 0, 1>} : (tensor<1x3x4x8xf32>) -> tensor<1x6x8x2xf32>
// ACCEL-NOT: tosa.
// ACCEL: return %[[D]]
func.func @pixel_shuffle(%x: tensor<1x3x4x1xf32>) -> tensor<1x6x8x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[[0.0]]], [[[1.0]]], [[[2.0]]], [[[3.0]]], [[[4.0]]], [[[5.0]]], [[[6.0]]], [[[7.0]]]]> : tensor<8x1x1x1xf32>}> : () -> tensor<8x1x1x1xf32>
  %b = "tosa.const"() <{values = dense<[10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0]> : tensor<8xf32>}> : () -> tensor<8xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x4x1xf32>, tensor<8x1x1x1xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x4x8xf32>
  %s1 = tosa.const_shape {values = dense<[1, 3, 4, 2, 2, 2]> : tensor<6xindex>} : () -> !tosa.shape<6>
  %r1 = tosa.reshape %c, %s1 : (tensor<1x3x4x8xf32>, !tosa.shape<6>) -> tensor<1x3x4x2x2x2xf32>
  %t = tosa.transpose %r1 {perms = array<i32: 0, 1, 4, 2, 5, 3>} : (tensor<1x3x4x2x2x2xf32>) -> tensor<1x3x2x4x2x2xf32>
  %s2 = tosa.const_shape {values = dense<[1, 6, 8, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %r2 = tosa.reshape %t, %s2 : (tensor<1x3x2x4x2x2xf32>, !tosa.shape<4>) -> tensor<1x6x8x2xf32>
  return %r2 : tensor<1x6x8x2xf32>
}

// -----

// DepthToSpace DCR (blocks 2 x 3, TF-style exporters) of an i8 tensor needs
// no reordering: the conversion runs it directly, here on the function's
// input (accel-plan-memory then copies it into place).
// CHECK-LABEL: func.func @dcr_i8
// CHECK: tosa.transpose %{{.+}} {perms = array<i32: 0, 1, 3, 2, 4, 5>}
// ACCEL-LABEL: func.func @dcr_i8
// ACCEL: %[[D:.+]] = accel.depth_to_space %arg0 {block = array<i64: 2, 3>, origins_h = array<i64: 0, 1>, origins_w = array<i64: 0, 1, 2>} : (tensor<1x2x2x12xi8>) -> tensor<1x4x6x2xi8>
// ACCEL: return %[[D]]
func.func @dcr_i8(%x: tensor<1x2x2x12xi8>) -> tensor<1x4x6x2xi8> {
  %s1 = tosa.const_shape {values = dense<[1, 2, 2, 2, 3, 2]> : tensor<6xindex>} : () -> !tosa.shape<6>
  %r1 = tosa.reshape %x, %s1 : (tensor<1x2x2x12xi8>, !tosa.shape<6>) -> tensor<1x2x2x2x3x2xi8>
  %t = tosa.transpose %r1 {perms = array<i32: 0, 1, 3, 2, 4, 5>} : (tensor<1x2x2x2x3x2xi8>) -> tensor<1x2x2x2x3x2xi8>
  %s2 = tosa.const_shape {values = dense<[1, 4, 6, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %r2 = tosa.reshape %t, %s2 : (tensor<1x2x2x2x3x2xi8>, !tosa.shape<4>) -> tensor<1x4x6x2xi8>
  return %r2 : tensor<1x4x6x2xi8>
}
