// Seed for accel-fuzz-planned: kernel smaller than the stride (bias-only
// phases) and an odd stride.
func.func @deconv(%x: tensor<1x3x3x4xf32>) -> tensor<1x8x8x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<[0.5, -0.5]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %w = "tosa.const"() <{values = dense<0.25> : tensor<2x2x2x4xf32>}> : () -> tensor<2x2x2x4xf32>
  %y = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 3, 3>} : (tensor<1x3x3x4xf32>, tensor<2x2x2x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2xf32>
  return %y : tensor<1x8x8x2xf32>
}
