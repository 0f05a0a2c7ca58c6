// RUN: accel-opt %s -split-input-file -verify-diagnostics --convert-tosa-to-accel="host-fallback=false"

// convert-tosa-to-accel absorbs only the boundary: a transpose between two
// compute ops is an error naming it when host fallback is off (it would run
// on the host otherwise).
func.func @interior(%x: tensor<1x3x8x8xf32>) -> tensor<1x8x3x8xf32> {
  %0 = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x3x8x8xf32>) -> tensor<1x8x8x3xf32>
  %1 = tosa.clamp %0 {max_val = 3.4e+38 : f32, min_val = 0.0 : f32} : (tensor<1x8x8x3xf32>) -> tensor<1x8x8x3xf32>
  // expected-error @+1 {{'tosa.transpose' op is not supported by convert-tosa-to-accel}}
  %2 = tosa.transpose %1 {perms = array<i32: 0, 1, 3, 2>} : (tensor<1x8x8x3xf32>) -> tensor<1x8x3x8xf32>
  %3 = tosa.clamp %2 {max_val = 3.4e+38 : f32, min_val = 0.0 : f32} : (tensor<1x8x3x8xf32>) -> tensor<1x8x3x8xf32>
  return %3 : tensor<1x8x3x8xf32>
}
