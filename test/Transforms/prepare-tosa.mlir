// RUN: accel-opt %s -split-input-file --accel-prepare-tosa | FileCheck %s
// RUN: accel-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(accel-prepare-tosa))' | FileCheck %s

// An NCHW-style layer: conv, transpose to NCHW, BatchNorm scale (a 1xCx1x1
// constant), ReLU6, transpose back, identity. The transposes sink through
// mul and clamp, cancel, and the scale folds into weights and bias.
// CHECK-LABEL: func.func @nchw_layer
// CHECK-SAME: (%[[X:.+]]: tensor<1x8x8x2xf32>)
// CHECK-DAG: %[[W:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}2.000000e+00, 4.000000e+00]]], {{\[\[\[}}-3.000000e+00, 3.000000e+00]]]]> : tensor<2x1x1x2xf32>}>
// CHECK-DAG: %[[B:.+]] = "tosa.const"() <{values = dense<[2.000000e+00, 6.000000e+00]> : tensor<2xf32>}>
// CHECK: %[[C:.+]] = tosa.conv2d %[[X]], %[[W]], %[[B]]
// CHECK: %[[R:.+]] = tosa.clamp %[[C]] {{.*}} -> tensor<1x8x8x2xf32>
// CHECK-NOT: tosa.transpose
// CHECK-NOT: tosa.mul
// CHECK-NOT: tosa.identity
// CHECK: return %[[R]]
func.func @nchw_layer(%x: tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[[1.0, 2.0]]], [[[-1.0, 1.0]]]]> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<[1.0, 2.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  %t = tosa.transpose %c {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x8x8x2xf32>) -> tensor<1x2x8x8xf32>
  %s = "tosa.const"() <{values = dense<[[[[2.0]], [[3.0]]]]> : tensor<1x2x1x1xf32>}> : () -> tensor<1x2x1x1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %t, %s, %shift : (tensor<1x2x8x8xf32>, tensor<1x2x1x1xf32>, tensor<1xi8>) -> tensor<1x2x8x8xf32>
  %r = tosa.clamp %m {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32>
  %t2 = tosa.transpose %r {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x8x8xf32>) -> tensor<1x8x8x2xf32>
  %i = tosa.identity %t2 : (tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32>
  return %i : tensor<1x8x8x2xf32>
}

// -----

// BatchNorm as (y - mean) * scale + beta with [C] constants reshaped to
// 1x1x1xC: bias' = ((b - mean) * scale) + beta = ((1 - 1) * 2) + 0.5 and
// ((2 - 4) * 3) + (-1), weights scaled per output channel.
// CHECK-LABEL: func.func @batchnorm_sub_mul_add
// CHECK-DAG: %[[W:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}2.000000e+00, 4.000000e+00]]], {{\[\[\[}}-3.000000e+00, 3.000000e+00]]]]> : tensor<2x1x1x2xf32>}>
// CHECK-DAG: %[[B:.+]] = "tosa.const"() <{values = dense<[5.000000e-01, -7.000000e+00]> : tensor<2xf32>}>
// CHECK: %[[C:.+]] = tosa.conv2d %{{.+}}, %[[W]], %[[B]]
// CHECK-NEXT: return %[[C]]
func.func @batchnorm_sub_mul_add(%x: tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[[1.0, 2.0]]], [[[-1.0, 1.0]]]]> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<[1.0, 2.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  %shape = tosa.const_shape {values = dense<[1, 1, 1, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %mean = "tosa.const"() <{values = dense<[1.0, 4.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %mean4 = tosa.reshape %mean, %shape : (tensor<2xf32>, !tosa.shape<4>) -> tensor<1x1x1x2xf32>
  %scale = "tosa.const"() <{values = dense<[2.0, 3.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %scale4 = tosa.reshape %scale, %shape : (tensor<2xf32>, !tosa.shape<4>) -> tensor<1x1x1x2xf32>
  %beta = "tosa.const"() <{values = dense<[0.5, -1.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %beta4 = tosa.reshape %beta, %shape : (tensor<2xf32>, !tosa.shape<4>) -> tensor<1x1x1x2xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %centered = tosa.sub %c, %mean4 : (tensor<1x8x8x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x8x8x2xf32>
  %scaled = tosa.mul %scale4, %centered, %shift : (tensor<1x1x1x2xf32>, tensor<1x8x8x2xf32>, tensor<1xi8>) -> tensor<1x8x8x2xf32>
  %y = tosa.add %scaled, %beta4 : (tensor<1x8x8x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x8x8x2xf32>
  return %y : tensor<1x8x8x2xf32>
}

// -----

// A depthwise conv (C = 2, multiplier 2): output channel c * 2 + m is scaled
// by s[c * 2 + m], i.e. the flattened last two weight axes.
// CHECK-LABEL: func.func @batchnorm_depthwise
// CHECK-DAG: "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]]]> : tensor<1x1x2x2xf32>}>
// CHECK-DAG: "tosa.const"() <{values = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>}>
// CHECK: %[[C:.+]] = tosa.depthwise_conv2d
// CHECK-NEXT: return %[[C]]
func.func @batchnorm_depthwise(%x: tensor<1x8x8x2xf32>) -> tensor<1x8x8x4xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x1x2x2xf32>}> : () -> tensor<1x1x2x2xf32>
  %b = "tosa.const"() <{values = dense<1.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x2xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x4xf32>
  %s = "tosa.const"() <{values = dense<[[[[1.0, 2.0, 3.0, 4.0]]]]> : tensor<1x1x1x4xf32>}> : () -> tensor<1x1x1x4xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %c, %s, %shift : (tensor<1x8x8x4xf32>, tensor<1x1x1x4xf32>, tensor<1xi8>) -> tensor<1x8x8x4xf32>
  return %m : tensor<1x8x8x4xf32>
}

// -----

// Not folded: the conv's result has another user (the mul would change it).
// CHECK-LABEL: func.func @batchnorm_conv_shared
// CHECK: %[[C:.+]] = tosa.conv2d
// CHECK: %[[M:.+]] = tosa.mul %[[C]]
// CHECK: return %[[M]], %[[C]]
func.func @batchnorm_conv_shared(%x: tensor<1x8x8x2xf32>) -> (tensor<1x8x8x2xf32>, tensor<1x8x8x2xf32>) {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  %s = "tosa.const"() <{values = dense<[[[[2.0, 3.0]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %c, %s, %shift : (tensor<1x8x8x2xf32>, tensor<1x1x1x2xf32>, tensor<1xi8>) -> tensor<1x8x8x2xf32>
  return %m, %c : tensor<1x8x8x2xf32>, tensor<1x8x8x2xf32>
}

// -----

// Not folded: the constant varies along the width, not per channel.
// CHECK-LABEL: func.func @mul_not_per_channel
// CHECK: tosa.mul
func.func @mul_not_per_channel(%x: tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  %s = "tosa.const"() <{values = dense<[[[[2.0], [1.0], [1.0], [1.0], [1.0], [1.0], [1.0], [1.0]]]]> : tensor<1x1x8x1xf32>}> : () -> tensor<1x1x8x1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %c, %s, %shift : (tensor<1x8x8x2xf32>, tensor<1x1x8x1xf32>, tensor<1xi8>) -> tensor<1x8x8x2xf32>
  return %m : tensor<1x8x8x2xf32>
}

// -----

// A zero spatial pad folds into the conv's padding (added to its own).
// CHECK-LABEL: func.func @pad_f32
// CHECK-SAME: (%[[X:.+]]: tensor<1x6x6x2xf32>)
// CHECK-NOT: tosa.pad
// CHECK: tosa.conv2d %[[X]], {{.*}}pad = array<i64: 2, 1, 0, 4>
func.func @pad_f32(%x: tensor<1x6x6x2xf32>) -> tensor<1x9x10x2xf32> {
  %padding = tosa.const_shape {values = dense<[0, 0, 1, 1, 0, 3, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %zero = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %p = tosa.pad %x, %padding, %zero : (tensor<1x6x6x2xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x8x9x2xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c = tosa.conv2d %p, %w, %b, %zero, %zero {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 0, 0, 1>, stride = array<i64: 1, 1>} : (tensor<1x8x9x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x9x10x2xf32>
  return %c : tensor<1x9x10x2xf32>
}

// -----

// Not folded: a pad with 1.0 is not the conv's zero padding.
// CHECK-LABEL: func.func @pad_nonzero
// CHECK: %[[P:.+]] = tosa.pad
// CHECK: tosa.conv2d %[[P]], {{.*}}pad = array<i64: 0, 0, 0, 0>
func.func @pad_nonzero(%x: tensor<1x6x6x2xf32>) -> tensor<1x8x8x2xf32> {
  %padding = tosa.const_shape {values = dense<[0, 0, 1, 1, 1, 1, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %one = "tosa.const"() <{values = dense<1.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zero = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %p = tosa.pad %x, %padding, %one : (tensor<1x6x6x2xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c = tosa.conv2d %p, %w, %b, %zero, %zero {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  return %c : tensor<1x8x8x2xf32>
}

// -----

// Not folded: the pad also pads channels.
// CHECK-LABEL: func.func @pad_channels
// CHECK: tosa.pad
func.func @pad_channels(%x: tensor<1x6x6x2xf32>) -> tensor<1x6x6x2xf32> {
  %padding = tosa.const_shape {values = dense<[0, 0, 0, 0, 0, 0, 0, 1]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %zero = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %p = tosa.pad %x, %padding, %zero : (tensor<1x6x6x2xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x6x6x3xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x3xf32>}> : () -> tensor<2x1x1x3xf32>
  %b = "tosa.const"() <{values = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c = tosa.conv2d %p, %w, %b, %zero, %zero {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x6x6x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x2xf32>
  return %c : tensor<1x6x6x2xf32>
}

// -----

// int8: a pad with the input zero point folds, one with another value does
// not.
// CHECK-LABEL: func.func @pad_i8
// CHECK-SAME: (%[[X:.+]]: tensor<1x6x6x2xi8>)
// CHECK: %[[P:.+]] = tosa.pad %[[X]]
// CHECK: tosa.conv2d %[[X]], {{.*}}pad = array<i64: 1, 1, 1, 1>
// CHECK: tosa.conv2d %[[P]], {{.*}}pad = array<i64: 0, 0, 0, 0>
func.func @pad_i8(%x: tensor<1x6x6x2xi8>) -> (tensor<1x8x8x2xi32>, tensor<1x8x8x2xi32>) {
  %padding = tosa.const_shape {values = dense<[0, 0, 1, 1, 1, 1, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %zp = "tosa.const"() <{values = dense<-3> : tensor<1xi8>}> : () -> tensor<1xi8>
  %other = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %p = tosa.pad %x, %padding, %zp : (tensor<1x6x6x2xi8>, !tosa.shape<8>, tensor<1xi8>) -> tensor<1x8x8x2xi8>
  %q = tosa.pad %x, %padding, %other : (tensor<1x6x6x2xi8>, !tosa.shape<8>, tensor<1xi8>) -> tensor<1x8x8x2xi8>
  %w = "tosa.const"() <{values = dense<1> : tensor<2x1x1x2xi8>}> : () -> tensor<2x1x1x2xi8>
  %b = "tosa.const"() <{values = dense<0> : tensor<2xi32>}> : () -> tensor<2xi32>
  %c = tosa.conv2d %p, %w, %b, %zp, %other {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x8x8x2xi32>
  %d = tosa.conv2d %q, %w, %b, %zp, %other {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x8x8x2xi32>
  return %c, %d : tensor<1x8x8x2xi32>, tensor<1x8x8x2xi32>
}

// -----

// Boundary transposes stay: the one of the argument (even before an
// elementwise op) and the one that reaches the return. The interior one
// sinks through the sigmoid to the return.
// CHECK-LABEL: func.func @boundary
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x8x8xf32>)
// CHECK: %[[T:.+]] = tosa.transpose %[[X]] {perms = array<i32: 0, 2, 3, 1>}
// CHECK: %[[A:.+]] = tosa.clamp %[[T]]
// CHECK: %[[C:.+]] = tosa.conv2d %[[A]]
// CHECK: %[[S:.+]] = tosa.sigmoid %[[C]] : (tensor<1x8x8x2xf32>)
// CHECK: %[[O:.+]] = tosa.transpose %[[S]] {perms = array<i32: 0, 3, 1, 2>}
// CHECK: return %[[O]]
func.func @boundary(%x: tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32> {
  %t = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x8x8xf32>) -> tensor<1x8x8x2xf32>
  %a = tosa.clamp %t {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %a, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  %o = tosa.transpose %c {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x8x8x2xf32>) -> tensor<1x2x8x8xf32>
  %s = tosa.sigmoid %o : (tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32>
  return %s : tensor<1x2x8x8xf32>
}

// -----

// A residual add of two NCHW branches and a channel concat (axis 1 in NCHW,
// 3 in NHWC): the transposes sink through both and cancel.
// CHECK-LABEL: func.func @residual_concat
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x4x2xf32>, %[[Y:.+]]: tensor<1x4x4x2xf32>)
// CHECK-DAG: %[[XI:.+]] = tosa.abs %[[X]]
// CHECK-DAG: %[[YI:.+]] = tosa.abs %[[Y]]
// CHECK: %[[A:.+]] = tosa.add %[[XI]], %[[YI]] : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
// CHECK: %[[C:.+]] = tosa.concat %[[A]], %[[XI]] {axis = 3 : i32} : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NOT: tosa.transpose
// CHECK: return %[[C]]
func.func @residual_concat(%x: tensor<1x4x4x2xf32>, %y: tensor<1x4x4x2xf32>) -> tensor<1x4x4x4xf32> {
  // Interior values of the arguments, so the transposes below are not at
  // the boundary.
  %xi = tosa.abs %x : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %yi = tosa.abs %y : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %tx = tosa.transpose %xi {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x4x4xf32>
  %ty = tosa.transpose %yi {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x4x4xf32>
  %sum = tosa.add %tx, %ty : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %cat = tosa.concat %sum, %tx {axis = 1 : i32} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32>
  %back = tosa.transpose %cat {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %back : tensor<1x4x4x4xf32>
}

// -----

// An NCHW pad between the transposes: it sinks below the first transpose
// (its padding moved from NCHW to NHWC axes), the pair cancels, and the pad
// folds into the conv.
// CHECK-LABEL: func.func @nchw_pad
// CHECK-NOT: tosa.pad
// CHECK-NOT: tosa.transpose
// CHECK: %[[C1:.+]] = tosa.conv2d %{{.+}} pad = array<i64: 0, 0, 0, 0>
// CHECK: tosa.conv2d %[[C1]], {{.*}}pad = array<i64: 1, 2, 3, 4>
func.func @nchw_pad(%x: tensor<1x6x6x2xf32>) -> tensor<1x9x13x2xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zero = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zero, %zero {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x6x6x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x2xf32>
  %t = tosa.transpose %c {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x6x6x2xf32>) -> tensor<1x2x6x6xf32>
  %padding = tosa.const_shape {values = dense<[0, 0, 0, 0, 1, 2, 3, 4]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %p = tosa.pad %t, %padding, %zero : (tensor<1x2x6x6xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x2x9x13xf32>
  %t2 = tosa.transpose %p {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x9x13xf32>) -> tensor<1x9x13x2xf32>
  %d = tosa.conv2d %t2, %w, %b, %zero, %zero {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x9x13x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x9x13x2xf32>
  return %d : tensor<1x9x13x2xf32>
}
