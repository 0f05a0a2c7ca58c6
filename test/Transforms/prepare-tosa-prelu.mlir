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

// nn.PReLU(C): one slope per channel. It becomes relu(x) + slope * min(x, 0)
// (clamps with infinite bounds, so +-inf pass as the select passes them);
// the conversion runs the clamps as post-ops, the per-channel mul as a
// grouped 1x1 conv and the add as accel.add.
// CHECK-LABEL: func.func @prelu_per_channel
// CHECK: %[[C:.+]] = tosa.conv2d
// CHECK-DAG: %[[POS:.+]] = tosa.clamp %[[C]] {max_val = 0x7F800000 : f32, min_val = 0.000000e+00 : f32}
// CHECK-DAG: %[[NEG:.+]] = tosa.clamp %[[C]] {max_val = 0.000000e+00 : f32, min_val = 0xFF800000 : f32}
// CHECK: %[[M:.+]] = tosa.mul %[[NEG]]
// CHECK: %[[R:.+]] = tosa.add %[[POS]], %[[M]]
// CHECK-NOT: tosa.select
// CHECK-NOT: tosa.transpose
// CHECK: return %[[R]]
// ACCEL-LABEL: func.func @prelu_per_channel
// ACCEL: %[[C:.+]] = accel.conv2d
// ACCEL-DAG: %[[POS:.+]] = accel.add %[[C]], %{{.+}} {post_op = #accel.post_op<relu>}
// ACCEL-DAG: %[[NEG:.+]] = accel.add %[[C]], %{{.+}} {clamp_max = 0.000000e+00 : f32, clamp_min = 0xFF800000 : f32, post_op = #accel.post_op<clamp>}
// ACCEL: %[[M:.+]] = accel.conv2d %[[NEG]], %{{.+}} {groups = 2 : i64}
// ACCEL: accel.add %[[POS]], %[[M]]
// ACCEL-NOT: tosa.
// ACCEL: return
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
