// accel-quantize on a small f32 function with every op form it rewrites.
// Calibration input: 32 values evenly spaced in [-1, 1] (scale 2/255,
// zero point 0). Weights per output channel: channel 0 max |w| 1 (scale
// 1/127), channel 1 max |w| 2 (scale 2/127), so 0.5 -> 63.5 -> 64 (half to
// even), -1 -> -127, 2 -> 127, 0.25 -> 15.875 -> 16.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.linspace(-1, 1, 32, dtype=np.float32).reshape(1, 4, 4, 2))"
// RUN: accel-opt %s --accel-quantize="calibration=%t/x.npy report=%t/q.json" -o %t/q.mlir 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: FileCheck %s < %t/q.mlir
// RUN: %python -c "import json; d = json.load(open('%t/q.json'))['functions'][0]; print(d['function'], d['samples'], d['inputs'][0]['zero_point'], [o['index'] for o in d['outputs']])" | FileCheck %s --check-prefix=JSON
// The result is valid TOSA for upstream's own verifier.
// RUN: mlir-opt %t/q.mlir -o /dev/null

// REMARK: remark: accel-quantize: result 0: SQNR {{[0-9]+\.[0-9]+}} dB against f32 over 1 calibration sample(s)
// REMARK: remark: accel-quantize: result 1: SQNR
// JSON: forward 1 0 [0, 1]

// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %arg0: tensor<1x4x4x2xi8> {accel.scale = 0.0078431372{{[0-9]*}} : f64, accel.zero_point = 0 : i32}
// CHECK-SAME: -> (tensor<1x4x4x4xi8> {accel.scale = {{.*}} : f64, accel.zero_point = {{-?[0-9]+}} : i32}, tensor<1x4x4x4xi8> {accel.scale
// CHECK-DAG: "tosa.const"() <{values = dense<{{\[\[\[\[}}64, -127]]], {{\[\[\[}}127, 16]]]]> : tensor<2x1x1x2xi8>}>
// CHECK: %[[ACC:.*]] = tosa.conv2d %arg0, %{{.*}} {acc_type = i32, {{.*}}} : (tensor<1x4x4x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x2xi32>
// CHECK: %[[Q:.*]] = tosa.rescale %[[ACC]], {{.*}} {input_unsigned = false, output_unsigned = false, per_channel = true, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x4x4x2xi32>, tensor<2xi32>, tensor<2xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x4x4x2xi8>
// CHECK: %[[R:.*]] = tosa.clamp %[[Q]] {max_val = 127 : i8, min_val = -128 : i8}
// Residual add: both sides to i32 at a common scale, add, back to i8.
// CHECK: %[[W1:.*]] = tosa.rescale %[[R]], {{.*}} per_channel = false{{.*}} -> tensor<1x4x4x2xi32>
// CHECK: %[[W2:.*]] = tosa.rescale %arg0, {{.*}} -> tensor<1x4x4x2xi32>
// CHECK: %[[S:.*]] = tosa.add %[[W1]], %[[W2]] : (tensor<1x4x4x2xi32>, tensor<1x4x4x2xi32>) -> tensor<1x4x4x2xi32>
// CHECK: %[[A:.*]] = tosa.rescale %[[S]], {{.*}} -> tensor<1x4x4x2xi8>
// CHECK: %[[T:.*]] = tosa.table %[[A]], %{{.*}} : (tensor<1x4x4x2xi8>, tensor<256xi8>) -> tensor<1x4x4x2xi8>
// Leaky ReLU: one table, no mul / maximum left.
// CHECK: %[[L:.*]] = tosa.table %[[A]], %{{.*}} : (tensor<1x4x4x2xi8>, tensor<256xi8>) -> tensor<1x4x4x2xi8>
// Concat: inputs rescaled to the output's scale.
// CHECK: tosa.rescale %[[T]], {{.*}} : (tensor<1x4x4x2xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x2xi8>
// CHECK: %[[C:.*]] = tosa.concat {{.*}} {axis = 3 : i32} : (tensor<1x4x4x2xi8>, tensor<1x4x4x2xi8>) -> tensor<1x4x4x4xi8>
// CHECK: %[[G:.*]] = tosa.table %[[C]]
// CHECK: return %[[G]], %[[C]] : tensor<1x4x4x4xi8>, tensor<1x4x4x4xi8>
// CHECK-NOT: tosa.mul
// CHECK-NOT: tosa.maximum
// CHECK-NOT: f32

func.func @forward(%x: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) {
  %w = "tosa.const"() <{values = dense<[[[[0.5, -1.0]]], [[[2.0, 0.25]]]]> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<[0.1, -0.2]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %alpha = "tosa.const"() <{values = dense<0.1> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %r = tosa.clamp %c {max_val = 3.40282347E+38 : f32, min_val = 0.0 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %a = tosa.add %r, %x : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %t = tosa.tanh %a : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %m = tosa.mul %a, %alpha, %shift : (tensor<1x4x4x2xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x4x4x2xf32>
  %l = tosa.maximum %a, %m : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %cat = tosa.concat %t, %l {axis = 3 : i32} : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x4xf32>
  %s = tosa.sigmoid %cat : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %s, %cat : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
}
