// RUN: accel-opt %s -verify-diagnostics --convert-tosa-to-accel=strategy=auto

// strategy=auto needs the module's target.
// expected-error @+1 {{strategy=auto needs a target on the module}}
func.func @no_target(%x: tensor<1x4x4x1xf32>) -> tensor<1x4x4x1xf32> {
  return %x : tensor<1x4x4x1xf32>
}
