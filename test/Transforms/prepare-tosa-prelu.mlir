// RUN: accel-opt %s -split-input-file --accel-prepare-tosa | FileCheck %s
// RUN: accel-opt %s -split-input-file --accel-set-target=target=nvdla-small --accel-prepare-tosa --convert-tosa-to-accel | FileCheck %s --check-prefix=ACCEL

// PyTorch's nn.PReLU() (one slope, 0.25) as the ONNX importer writes it:
// select(x >= 0, x, x * slope) between the NCHW transposes. It becomes the
// leaky ReLU maximum(x, x * 0.25), the transposes cancel, and the
// conversion fuses it into the conv as a leaky_relu post-op.
// CHECK-LABEL: func.func @prelu_one_slope
// CHECK: %[[C:.+]] = tosa.conv2d
// CHECK: %[[M:.+]] = tosa.mul %[[C]]
// CHECK: %[[R:.+]] = tosa.maximum %[[C]], %[[M]]
// CHECK-NOT: tosa.select
// CHECK-NOT: tosa.greater_equal
// CHECK-NOT: tosa.transpose
// CHECK: return %[[R]]
// ACCEL-LABEL: func.func @prelu_one_slope
// ACCEL: accel.conv2d {{.*}}leaky_alpha = 2.500000e-01 : f32, post_op = #accel.post_op<leaky_relu>
// ACCEL-NOT: tosa.
// ACCEL: return
func.func @prelu_one_slope(%x: tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[[1.0, 2.0]]], [[[-1.0, 1.0]]]]> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<[1.0, 2.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  %t = tosa.transpose %c {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x8x8x2xf32>) -> tensor<1x2x8x8xf32>
  %zero = "tosa.const"() <{values = dense<0.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %ge = tosa.greater_equal %t, %zero : (tensor<1x2x8x8xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x8x8xi1>
  %s = "tosa.const"() <{values = dense<0.25> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %t, %s, %shift : (tensor<1x2x8x8xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x2x8x8xf32>
  %p = tosa.select %ge, %t, %m : (tensor<1x2x8x8xi1>, tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32>
  %t2 = tosa.transpose %p {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x8x8xf32>) -> tensor<1x8x8x2xf32>
  return %t2 : tensor<1x8x8x2xf32>
}

// -----

// nn.PReLU(C): one slope per channel. The select becomes relu(x) + slope *
// min(x, 0) (clamps with infinite bounds, so +-inf pass as the select passes
// them), and that is folded into the conv: it computes both branches as 2C
// channels, [W; -W] and [b; -b], under one clamp to [0, +inf], and a 1x1
// conv [I, diag(-slope)] with zero bias sums them (the result is returned,
// so there is no reader to fold the sum into).
// CHECK-LABEL: func.func @prelu_per_channel
// CHECK-DAG: %[[W2:.+]] = "tosa.const"() <{values = dense<{{\[}}[{{\[}}[1.000000e+00, 2.000000e+00]]], [{{\[}}[-1.000000e+00, 1.000000e+00]]], [{{\[}}[-1.000000e+00, -2.000000e+00]]], [{{\[}}[1.000000e+00, -1.000000e+00]]]]> : tensor<4x1x1x2xf32>}>
// CHECK-DAG: %[[B2:.+]] = "tosa.const"() <{values = dense<[1.000000e+00, 2.000000e+00, -1.000000e+00, -2.000000e+00]> : tensor<4xf32>}>
// CHECK-DAG: %[[SUM:.+]] = "tosa.const"() <{values = dense<{{\[}}[{{\[}}[1.000000e+00, 0.000000e+00, -2.500000e-01, 0.000000e+00]]], [{{\[}}[0.000000e+00, 1.000000e+00, 0.000000e+00, 1.500000e+00]]]]> : tensor<2x1x1x4xf32>}>
// CHECK: %[[C:.+]] = tosa.conv2d %arg0, %[[W2]], %[[B2]]
// CHECK-SAME: -> tensor<1x8x8x4xf32>
// CHECK: %[[R:.+]] = tosa.clamp %[[C]] {max_val = 0x7F800000 : f32, min_val = 0.000000e+00 : f32}
// CHECK: %[[S:.+]] = tosa.conv2d %[[R]], %[[SUM]]
// CHECK-SAME: -> tensor<1x8x8x2xf32>
// CHECK-NOT: tosa.select
// CHECK-NOT: tosa.mul
// CHECK-NOT: tosa.add
// CHECK-NOT: tosa.transpose
// CHECK: return %[[S]]
// ACCEL-LABEL: func.func @prelu_per_channel
// ACCEL: %[[C:.+]] = accel.conv2d %arg0, {{.*}}post_op = #accel.post_op<relu>
// ACCEL-NOT: groups
// ACCEL: %[[S:.+]] = accel.conv2d %[[C]]
// ACCEL-NOT: accel.add
// ACCEL-NOT: tosa.
// ACCEL: return %[[S]]
func.func @prelu_per_channel(%x: tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[[1.0, 2.0]]], [[[-1.0, 1.0]]]]> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<[1.0, 2.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  %t = tosa.transpose %c {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x8x8x2xf32>) -> tensor<1x2x8x8xf32>
  %zero = "tosa.const"() <{values = dense<0.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %ge = tosa.greater_equal %t, %zero : (tensor<1x2x8x8xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x8x8xi1>
  %s = "tosa.const"() <{values = dense<[[[[0.25]], [[-1.5]]]]> : tensor<1x2x1x1xf32>}> : () -> tensor<1x2x1x1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %t, %s, %shift : (tensor<1x2x8x8xf32>, tensor<1x2x1x1xf32>, tensor<1xi8>) -> tensor<1x2x8x8xf32>
  %p = tosa.select %ge, %t, %m : (tensor<1x2x8x8xi1>, tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32>
  %t2 = tosa.transpose %p {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x8x8xf32>) -> tensor<1x8x8x2xf32>
  return %t2 : tensor<1x8x8x2xf32>
}

// -----

// nn.PReLU(C) as PyTorch 1.13 exports it, relu(y) + k * relu(-1 * y) with
// k = -slope, read by a 3x3 conv with padding 1: the sum is folded into that
// conv's weights, whose input channels double to [W', W' diag(k)] (the
// padding reads zeros of the wide ReLU, as it read zeros of the PReLU).
// CHECK-LABEL: func.func @prelu_torch_form_into_conv
// CHECK-DAG: %[[W2:.+]] = "tosa.const"() <{values = dense<{{\[}}[{{\[}}[1.000000e+00, 2.000000e+00]]], [{{\[}}[-1.000000e+00, 1.000000e+00]]], [{{\[}}[-1.000000e+00, -2.000000e+00]]], [{{\[}}[1.000000e+00, -1.000000e+00]]]]> : tensor<4x1x1x2xf32>}>
// CHECK-DAG: %[[NEXT:.+]] = "tosa.const"() <{values = dense<{{.*}}> : tensor<3x3x3x4xf32>}>
// CHECK: %[[C:.+]] = tosa.conv2d %arg0, %[[W2]]
// CHECK: %[[R:.+]] = tosa.clamp %[[C]] {max_val = 3.40282347E+38 : f32, min_val = 0.000000e+00 : f32}
// CHECK: %[[N:.+]] = tosa.conv2d %[[R]], %[[NEXT]]
// CHECK-SAME: pad = array<i64: 1, 1, 1, 1>
// CHECK-SAME: -> tensor<1x8x8x3xf32>
// CHECK-NOT: tosa.mul
// CHECK-NOT: tosa.add
// CHECK: return %[[N]]
func.func @prelu_torch_form_into_conv(%x: tensor<1x8x8x2xf32>) -> tensor<1x8x8x3xf32> {
  %w = "tosa.const"() <{values = dense<[[[[1.0, 2.0]]], [[[-1.0, 1.0]]]]> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  %pos = tosa.clamp %y {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32>
  %m1 = "tosa.const"() <{values = dense<-1.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %ny = tosa.mul %y, %m1, %shift : (tensor<1x8x8x2xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x8x8x2xf32>
  %neg = tosa.clamp %ny {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32>
  %k = "tosa.const"() <{values = dense<[[[[-0.25, -0.5]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %kn = tosa.mul %k, %neg, %shift : (tensor<1x1x1x2xf32>, tensor<1x8x8x2xf32>, tensor<1xi8>) -> tensor<1x8x8x2xf32>
  %p = tosa.add %pos, %kn : (tensor<1x8x8x2xf32>, tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32>
  %w2 = "tosa.const"() <{values = dense<1.0> : tensor<3x3x3x2xf32>}> : () -> tensor<3x3x3x2xf32>
  %b2 = "tosa.const"() <{values = dense<0.5> : tensor<3xf32>}> : () -> tensor<3xf32>
  %n = tosa.conv2d %p, %w2, %b2, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x8x8x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x3xf32>
  return %n : tensor<1x8x8x3xf32>
}

// -----

// Not folded: the conv's result has a third reader (the conv would have to
// be computed twice), ReLU bounds that differ between the branches (one
// clamp serves both), and an infinite branch scale (inf * W would make
// inf - inf = NaN where the branch is 0).
// CHECK-LABEL: func.func @prelu_not_folded
// CHECK-COUNT-3: tosa.add
// CHECK: return
func.func @prelu_not_folded(%x: tensor<1x8x8x2xf32>) -> (tensor<1x8x8x2xf32>, tensor<1x8x8x2xf32>, tensor<1x8x8x2xf32>, tensor<1x8x8x2xf32>) {
  %w = "tosa.const"() <{values = dense<[[[[1.0, 2.0]]], [[[-1.0, 1.0]]]]> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m1 = "tosa.const"() <{values = dense<-1.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %k = "tosa.const"() <{values = dense<[[[[-0.25, -0.5]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  %pos = tosa.clamp %y {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32>
  %ny = tosa.mul %y, %m1, %shift : (tensor<1x8x8x2xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x8x8x2xf32>
  %neg = tosa.clamp %ny {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32>
  %kn = tosa.mul %k, %neg, %shift : (tensor<1x1x1x2xf32>, tensor<1x8x8x2xf32>, tensor<1xi8>) -> tensor<1x8x8x2xf32>
  %p = tosa.add %pos, %kn : (tensor<1x8x8x2xf32>, tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32>
  %y2 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  %pos2 = tosa.clamp %y2 {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32>
  %ny2 = tosa.mul %y2, %m1, %shift : (tensor<1x8x8x2xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x8x8x2xf32>
  %neg2 = tosa.clamp %ny2 {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32>
  %kn2 = tosa.mul %k, %neg2, %shift : (tensor<1x1x1x2xf32>, tensor<1x8x8x2xf32>, tensor<1xi8>) -> tensor<1x8x8x2xf32>
  %p2 = tosa.add %pos2, %kn2 : (tensor<1x8x8x2xf32>, tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32>
  %y3 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  %pos3 = tosa.clamp %y3 {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32>
  %inf = "tosa.const"() <{values = dense<0xFF800000> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %ny3 = tosa.mul %y3, %inf, %shift : (tensor<1x8x8x2xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x8x8x2xf32>
  %neg3 = tosa.clamp %ny3 {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32>
  %kn3 = tosa.mul %k, %neg3, %shift : (tensor<1x1x1x2xf32>, tensor<1x8x8x2xf32>, tensor<1xi8>) -> tensor<1x8x8x2xf32>
  %p3 = tosa.add %pos3, %kn3 : (tensor<1x8x8x2xf32>, tensor<1x8x8x2xf32>) -> tensor<1x8x8x2xf32>
  return %p, %p2, %y, %p3 : tensor<1x8x8x2xf32>, tensor<1x8x8x2xf32>, tensor<1x8x8x2xf32>, tensor<1x8x8x2xf32>
}
