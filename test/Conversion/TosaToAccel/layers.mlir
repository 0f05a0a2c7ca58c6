// RUN: accel-opt %s -split-input-file --convert-tosa-to-accel=allow-i32-results=true | FileCheck %s

// The rest of a generator network and the fusion rules.

// conv2d + per-channel bias add + ReLU: one accel.conv2d with the bias
// folded (1 + 0.5, 2 + 0.25) and post_op relu.
// CHECK-LABEL: func.func @conv_bias_relu
// CHECK: %[[B:.+]] = "tosa.const"() <{values = dense<[1.500000e+00, 2.250000e+00]> : tensor<2xf32>}>
// CHECK: %[[C:.+]] = accel.conv2d %arg0, %{{.+}}, %[[B]] {pad = array<i64: 1, 0, 1, 0>, post_op = #accel.post_op<relu>, stride = array<i64: 2, 2>} : (tensor<1x8x8x3xf32>, tensor<2x3x3x3xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
// CHECK-NOT: tosa.
// CHECK: return %[[C]]
func.func @conv_bias_relu(%x: tensor<1x8x8x3xf32>) -> tensor<1x4x4x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x3x3x3xf32>}> : () -> tensor<2x3x3x3xf32>
  %b = "tosa.const"() <{values = dense<[1.0, 2.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c = "tosa.const"() <{values = dense<[[[[0.5, 0.25]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 0, 1, 0>, stride = array<i64: 2, 2>} : (tensor<1x8x8x3xf32>, tensor<2x3x3x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %1 = tosa.add %0, %c : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %2 = tosa.clamp %1 {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %2 : tensor<1x4x4x2xf32>
}

// -----

// ReLU6 is a clamp; leaky ReLU maximum(x, mul(x, alpha)) and tanh fuse into
// the phases of a split transposed conv (every phase gets the post-op).
// CHECK-LABEL: func.func @relu6_and_leaky
// CHECK: accel.conv2d {{.*}}clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32{{.*}}post_op = #accel.post_op<clamp>
// CHECK-COUNT-4: accel.conv2d {{.*}}leaky_alpha = 2.000000e-01 : f32{{.*}}post_op = #accel.post_op<leaky_relu>
// CHECK: accel.depth_to_space
// CHECK-NOT: tosa.
// CHECK: return
func.func @relu6_and_leaky(%x: tensor<1x4x4x2xf32>) -> tensor<1x8x8x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %tw = "tosa.const"() <{values = dense<0.5> : tensor<2x4x4x2xf32>}> : () -> tensor<2x4x4x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %alpha = "tosa.const"() <{values = dense<0.2> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %1 = tosa.clamp %0 {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %2 = tosa.transpose_conv2d %1, %tw, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, -1, -1, -1>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>, tensor<2x4x4x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  %3 = tosa.mul %2, %alpha, %shift : (tensor<1x8x8x2xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x8x8x2xf32>
  %4 = tosa.maximum %2, %3 : (tensor<1x8x8x2xf32>, tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32>
  return %4 : tensor<1x8x8x2xf32>
}

// -----

// Fully connected (reshape -> matmul(const) -> add(const) -> reshape) + ReLU:
// accel.reshape, a 1x1 conv with the bias and the relu, accel.reshape to
// NHWC (the two reshapes around the matmul's result fold into one).
// CHECK-LABEL: func.func @fully_connected
// CHECK-DAG: %[[B:.+]] = "tosa.const"() <{values = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>}>
// CHECK-DAG: %[[W:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00, 4.000000e+00, 7.000000e+00]]], {{\[\[\[}}2.000000e+00, 5.000000e+00, 8.000000e+00]]], {{\[\[\[}}3.000000e+00, 6.000000e+00, 9.000000e+00]]], {{\[\[\[}}0.000000e+00, 0.000000e+00, 1.000000e+00]]]]> : tensor<4x1x1x3xf32>}>
// CHECK: %[[IN:.+]] = accel.reshape %arg0 : (tensor<1x3xf32>) -> tensor<1x1x1x3xf32>
// CHECK: %[[C:.+]] = accel.conv2d %[[IN]], %[[W]], %[[B]] {post_op = #accel.post_op<relu>} : (tensor<1x1x1x3xf32>, tensor<4x1x1x3xf32>, tensor<4xf32>) -> tensor<1x1x1x4xf32>
// CHECK: %[[OUT:.+]] = accel.reshape %[[C]] : (tensor<1x1x1x4xf32>) -> tensor<1x2x2x1xf32>
// CHECK: return %[[OUT]]
func.func @fully_connected(%z: tensor<1x3xf32>) -> tensor<1x2x2x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<[[[1.0, 2.0, 3.0, 0.0], [4.0, 5.0, 6.0, 0.0], [7.0, 8.0, 9.0, 1.0]]]> : tensor<1x3x4xf32>}> : () -> tensor<1x3x4xf32>
  %b = "tosa.const"() <{values = dense<[[[1.0, 2.0, 3.0, 4.0]]]> : tensor<1x1x4xf32>}> : () -> tensor<1x1x4xf32>
  %s3 = tosa.const_shape {values = dense<[1, 1, 3]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %s4 = tosa.const_shape {values = dense<[1, 2, 2, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %0 = tosa.reshape %z, %s3 : (tensor<1x3xf32>, !tosa.shape<3>) -> tensor<1x1x3xf32>
  %1 = tosa.matmul %0, %w, %zp, %zp : (tensor<1x1x3xf32>, tensor<1x3x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x4xf32>
  %2 = tosa.add %1, %b : (tensor<1x1x4xf32>, tensor<1x1x4xf32>) -> tensor<1x1x4xf32>
  %3 = tosa.reshape %2, %s4 : (tensor<1x1x4xf32>, !tosa.shape<4>) -> tensor<1x2x2x1xf32>
  %4 = tosa.clamp %3 {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  return %4 : tensor<1x2x2x1xf32>
}

// -----

// Residual block: add of two activations -> accel.add with the following
// ReLU fused; a skip concat on channels -> accel.concat; tanh after the
// concat fuses into both producers (a conv and the add).
// CHECK-LABEL: func.func @residual_concat
// CHECK: %[[C:.+]] = accel.conv2d %arg0, {{.*}} : (tensor<1x4x4x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
// CHECK: %[[A:.+]] = accel.add %[[C]], %arg0 {post_op = #accel.post_op<relu>} : tensor<1x4x4x2xf32>
// CHECK: %[[D:.+]] = accel.conv2d %[[A]], {{.*}} {post_op = #accel.post_op<tanh>}
// CHECK: %[[E:.+]] = accel.conv2d %[[A]], {{.*}} {pad = array<i64: 1, 1, 1, 1>, post_op = #accel.post_op<tanh>}
// CHECK: %[[CAT:.+]] = accel.concat %[[D]], %[[E]] : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x4xf32>
// CHECK: return %[[CAT]]
func.func @residual_concat(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x4xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x3x3x2xf32>}> : () -> tensor<2x3x3x2xf32>
  %w1 = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %1 = tosa.add %0, %x : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %2 = tosa.clamp %1 {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %3 = tosa.conv2d %2, %w1, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %4 = tosa.conv2d %2, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %5 = tosa.concat %3, %4 {axis = 3 : i32} : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x4xf32>
  %6 = tosa.tanh %5 : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %6 : tensor<1x4x4x4xf32>
}

// -----

// What cannot fuse: a sigmoid of a function argument and a bias add on a
// conv result that has another use go to the elementwise path (accel.add
// with a zero constant + post-op, accel.add with the broadcast constant).
// CHECK-LABEL: func.func @unfusable
// CHECK-DAG: %[[ZERO:.+]] = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1x2x2x2xf32>}>
// CHECK-DAG: %[[FULL:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00], [1.000000e+00, 2.000000e+00]], {{\[\[}}1.000000e+00, 2.000000e+00], [1.000000e+00, 2.000000e+00]]]]> : tensor<1x2x2x2xf32>}>
// CHECK: %[[S:.+]] = accel.add %arg0, %[[ZERO]] {post_op = #accel.post_op<sigmoid>} : tensor<1x2x2x2xf32>
// CHECK: %[[C:.+]] = accel.conv2d %[[S]]
// CHECK: %[[A:.+]] = accel.add %[[C]], %[[FULL]] : tensor<1x2x2x2xf32>
// CHECK: accel.add %[[C]], %[[A]]
func.func @unfusable(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c = "tosa.const"() <{values = dense<[[[[1.0, 2.0]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %0 = tosa.sigmoid %x : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %1 = tosa.conv2d %0, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %2 = tosa.add %1, %c : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  %3 = tosa.add %1, %2 : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %3 : tensor<1x2x2x2xf32>
}

// -----

// int8 conv2d: i8 operands, i32 bias and result, zero points; a clamp on the
// i32 accumulators with the type's full range is a ReLU.
// CHECK-LABEL: func.func @int8_conv
// CHECK: accel.conv2d %arg0, {{.*}} {input_zp = -1 : i32, post_op = #accel.post_op<relu>, weight_zp = 2 : i32} : (tensor<1x4x4x2xi8>, tensor<3x1x1x2xi8>, tensor<3xi32>) -> tensor<1x4x4x3xi32>
func.func @int8_conv(%x: tensor<1x4x4x2xi8>) -> tensor<1x4x4x3xi32> {
  %xzp = "tosa.const"() <{values = dense<-1> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wzp = "tosa.const"() <{values = dense<2> : tensor<1xi8>}> : () -> tensor<1xi8>
  %w = "tosa.const"() <{values = dense<3> : tensor<3x1x1x2xi8>}> : () -> tensor<3x1x1x2xi8>
  %b = "tosa.const"() <{values = dense<7> : tensor<3xi32>}> : () -> tensor<3xi32>
  %0 = tosa.conv2d %x, %w, %b, %xzp, %wzp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xi8>, tensor<3x1x1x2xi8>, tensor<3xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x3xi32>
  %1 = tosa.clamp %0 {min_val = 0 : i32, max_val = 2147483647 : i32} : (tensor<1x4x4x3xi32>) -> tensor<1x4x4x3xi32>
  return %1 : tensor<1x4x4x3xi32>
}
