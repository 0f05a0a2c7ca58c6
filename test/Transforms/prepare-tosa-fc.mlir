// RUN: accel-opt %s -split-input-file --accel-prepare-tosa | FileCheck %s

// A generator head as the ONNX importer writes PyTorch's Linear ->
// view(1, C, H, W) -> BatchNorm2d -> ReLU: the FC's columns are reordered
// from C,H,W to H,W,C (the transposes cancel) and the BatchNorm scale and
// shift fold into its weight columns and bias. C = 2, H = 1, W = 2; column
// (c, w) = 2c + w before, 2w + c after: W [1 2 3 4] -> [1 3 2 4], then
// scaled by s = [2 3] per channel -> [2 9 4 12]; bias [10 20 30 40] ->
// [10 30 20 40] -> [20 90 40 120] -> + t = [100 200] -> [120 290 140 320].
// CHECK-LABEL: func.func @fc_head
// CHECK-DAG: %[[W:.+]] = "tosa.const"() <{values = dense<{{\[\[\[}}2.000000e+00, 9.000000e+00, 4.000000e+00, 1.200000e+01]]]> : tensor<1x1x4xf32>}>
// CHECK-DAG: %[[B:.+]] = "tosa.const"() <{values = dense<{{\[\[}}1.200000e+02, 2.900000e+02, 1.400000e+02, 3.200000e+02]]> : tensor<1x4xf32>}>
// CHECK: %[[M:.+]] = tosa.matmul %{{.+}}, %[[W]]
// CHECK: tosa.add %{{.+}}, %[[B]]
// CHECK: %[[R:.+]] = tosa.reshape {{.*}} -> tensor<1x1x2x2xf32>
// CHECK: %[[C:.+]] = tosa.clamp %[[R]]
// CHECK-NOT: tosa.transpose
// CHECK-NOT: tosa.mul
// CHECK: return %[[C]]
func.func @fc_head(%z: tensor<1x1x1xf32>) -> tensor<1x1x2x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[1.0, 2.0, 3.0, 4.0]]]> : tensor<1x1x4xf32>}> : () -> tensor<1x1x4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %mm = tosa.matmul %z, %w, %zp, %zp : (tensor<1x1x1xf32>, tensor<1x1x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x4xf32>
  %s2 = tosa.const_shape {values = dense<[1, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %r2 = tosa.reshape %mm, %s2 : (tensor<1x1x4xf32>, !tosa.shape<2>) -> tensor<1x4xf32>
  %b = "tosa.const"() <{values = dense<[[10.0, 20.0, 30.0, 40.0]]> : tensor<1x4xf32>}> : () -> tensor<1x4xf32>
  %a = tosa.add %r2, %b : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %s4 = tosa.const_shape {values = dense<[1, 2, 1, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %r4 = tosa.reshape %a, %s4 : (tensor<1x4xf32>, !tosa.shape<4>) -> tensor<1x2x1x2xf32>
  %t = tosa.transpose %r4 {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x1x2xf32>) -> tensor<1x1x2x2xf32>
  %scale = "tosa.const"() <{values = dense<[[[[2.0, 3.0]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %shift = "tosa.const"() <{values = dense<[[[[100.0, 200.0]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %sh = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %t, %scale, %sh : (tensor<1x1x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xi8>) -> tensor<1x1x2x2xf32>
  %ad = tosa.add %m, %shift : (tensor<1x1x2x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x1x2x2xf32>
  %c = tosa.clamp %ad {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  return %c : tensor<1x1x2x2xf32>
}

// -----

// The FC's result has a second user: its columns stay as they are, so the
// mul and the transpose (sunk to the return, a boundary transpose) stay too.
// CHECK-LABEL: func.func @fc_shared
// CHECK: %[[W:.+]] = "tosa.const"() <{values = dense<{{\[\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]]]>
// CHECK: %[[MM:.+]] = tosa.matmul %{{.+}}, %[[W]]
// CHECK: tosa.mul
// CHECK: %[[T:.+]] = tosa.transpose
// CHECK: return %[[T]], %[[MM]]
func.func @fc_shared(%z: tensor<1x1x1xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x4xf32>) {
  %w = "tosa.const"() <{values = dense<[[[1.0, 2.0, 3.0, 4.0]]]> : tensor<1x1x4xf32>}> : () -> tensor<1x1x4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %mm = tosa.matmul %z, %w, %zp, %zp : (tensor<1x1x1xf32>, tensor<1x1x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x4xf32>
  %s4 = tosa.const_shape {values = dense<[1, 2, 1, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %r4 = tosa.reshape %mm, %s4 : (tensor<1x1x4xf32>, !tosa.shape<4>) -> tensor<1x2x1x2xf32>
  %t = tosa.transpose %r4 {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x1x2xf32>) -> tensor<1x1x2x2xf32>
  %scale = "tosa.const"() <{values = dense<[[[[2.0, 3.0]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %sh = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %t, %scale, %sh : (tensor<1x1x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xi8>) -> tensor<1x1x2x2xf32>
  return %m, %mm : tensor<1x1x2x2xf32>, tensor<1x1x4xf32>
}
