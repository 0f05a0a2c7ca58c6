// RUN: accel-opt %s -verify-diagnostics --convert-tosa-to-accel=strategy=fold

// strategy=fold needs the module's target (the cost model picks the factor).
// expected-error @+1 {{strategy=fold needs a target on the module}}
func.func @no_target(%x: tensor<1x4x4x1xf32>) -> tensor<1x4x4x1xf32> {
  return %x : tensor<1x4x4x1xf32>
}
