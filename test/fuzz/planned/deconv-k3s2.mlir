// Seed for accel-fuzz-planned: a 3x3 stride-2 transposed conv with a phase
// that has negative padding (PyTorch padding 1 / output_padding 1).
func.func @deconv(%x: tensor<1x4x4x8xf32>) -> tensor<1x8x8x4xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.125> : tensor<4xf32>}> : () -> tensor<4xf32>
  %w = "tosa.const"() <{values = dense<0.25> : tensor<4x3x3x8xf32>}> : () -> tensor<4x3x3x8xf32>
  %y = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x8xf32>, tensor<4x3x3x8xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x4xf32>
  %r = tosa.clamp %y {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32>
  return %r : tensor<1x8x8x4xf32>
}
