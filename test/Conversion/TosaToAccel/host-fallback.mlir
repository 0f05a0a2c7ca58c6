// Ops the accelerator cannot run fall back to the host (accel.host) with one
// warning listing them, a note at each; host-fallback=false makes each of them
// an error of its own.
// RUN: accel-opt %s -split-input-file -verify-diagnostics --convert-tosa-to-accel | FileCheck %s
// RUN: not accel-opt %s -split-input-file --convert-tosa-to-accel="host-fallback=false" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OFF

// Softmax over channels as front ends decompose it.
// CHECK-LABEL: func.func @softmax
// CHECK: %[[MAX:.+]] = accel.host "tosa.reduce_max" %arg0 {params = array<i64: 3>} : (tensor<1x4x4x8xf32>) -> tensor<1x4x4x1xf32>
// CHECK: %[[SUB:.+]] = accel.host "tosa.sub" %arg0, %[[MAX]] : (tensor<1x4x4x8xf32>, tensor<1x4x4x1xf32>) -> tensor<1x4x4x8xf32>
// CHECK: %[[EXP:.+]] = accel.host "tosa.exp" %[[SUB]]
// CHECK: %[[SUM:.+]] = accel.host "tosa.reduce_sum" %[[EXP]] {params = array<i64: 3>}
// CHECK: %[[REC:.+]] = accel.host "tosa.reciprocal" %[[SUM]]
// CHECK: %[[MUL:.+]] = accel.host "tosa.mul" %[[EXP]], %[[REC]]
// CHECK-NOT: tosa.
// CHECK: return %[[MUL]]
// OFF: host-fallback.mlir:[[@LINE+4]]:8: error: 'tosa.reduce_max' op is not supported by convert-tosa-to-accel {{.*}}(host-fallback=false: the host could run it)
// expected-warning @+1 {{6 op(s) the accelerator cannot run fall back to the host CPU (accel.host; host-fallback=false makes each an error)}}
func.func @softmax(%x: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  // expected-note @+1 {{tosa.reduce_max runs on the host}}
  %m = tosa.reduce_max %x {axis = 3 : i32} : (tensor<1x4x4x8xf32>) -> tensor<1x4x4x1xf32>
  // OFF: host-fallback.mlir:[[@LINE+2]]:8: error: 'tosa.sub' op is not supported
  // expected-note @+1 {{tosa.sub runs on the host}}
  %d = tosa.sub %x, %m : (tensor<1x4x4x8xf32>, tensor<1x4x4x1xf32>) -> tensor<1x4x4x8xf32>
  // OFF: host-fallback.mlir:[[@LINE+2]]:8: error: 'tosa.exp' op is not supported
  // expected-note @+1 {{tosa.exp runs on the host}}
  %e = tosa.exp %d : (tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  // OFF: host-fallback.mlir:[[@LINE+2]]:8: error: 'tosa.reduce_sum' op is not supported
  // expected-note @+1 {{tosa.reduce_sum runs on the host}}
  %s = tosa.reduce_sum %e {axis = 3 : i32} : (tensor<1x4x4x8xf32>) -> tensor<1x4x4x1xf32>
  // OFF: host-fallback.mlir:[[@LINE+2]]:8: error: 'tosa.reciprocal' op is not supported
  // expected-note @+1 {{tosa.reciprocal runs on the host}}
  %r = tosa.reciprocal %s : (tensor<1x4x4x1xf32>) -> tensor<1x4x4x1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  // OFF: host-fallback.mlir:[[@LINE+2]]:8: error: 'tosa.mul' op is not supported
  // expected-note @+1 {{tosa.mul runs on the host}}
  %y = tosa.mul %e, %r, %shift : (tensor<1x4x4x8xf32>, tensor<1x4x4x1xf32>, tensor<1xi8>) -> tensor<1x4x4x8xf32>
  return %y : tensor<1x4x4x8xf32>
}

// -----

// A bilinear resize (the accelerator upsamples nearest-neighbour only), between
// two convolutions the accelerator runs; the patterns' own error for it becomes
// the fallback.
// CHECK-LABEL: func.func @bilinear
// CHECK: accel.conv2d
// CHECK: accel.host "tosa.resize" %{{.+}} {params = array<i64: 4, 2, 4, 2, -1, -1, 1, 1, 1>} : (tensor<1x4x4x2xf32>) -> tensor<1x8x8x2xf32>
// CHECK: accel.conv2d
// OFF: host-fallback.mlir:[[@LINE+11]]:8: error: 'tosa.resize' op is a bilinear resize; accel runs nearest-neighbour upsampling by integer factors only (host-fallback=false: the host could run it)
// expected-warning @+1 {{1 op(s) the accelerator cannot run fall back to the host CPU}}
func.func @bilinear(%x: tensor<1x4x4x2xf32>) -> tensor<1x8x8x2xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %scale = tosa.const_shape {values = dense<[4, 2, 4, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %offset = tosa.const_shape {values = dense<[-1, -1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %border = tosa.const_shape {values = dense<[1, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  // expected-note @+1 {{tosa.resize runs on the host}}
  %r = tosa.resize %c, %scale, %offset, %border {mode = BILINEAR} : (tensor<1x4x4x2xf32>, !tosa.shape<4>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x8x8x2xf32>
  %y = tosa.conv2d %r, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  return %y : tensor<1x8x8x2xf32>
}

// -----

// An op the host does not run either stays an error, whatever the option.
// OFF: host-fallback.mlir:[[@LINE+3]]:8: error: 'tosa.sin' op is not supported by convert-tosa-to-accel
func.func @no_host(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{; it cannot fall back to the host either: the host does not run tosa.sin}}
  %0 = tosa.sin %x : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}
