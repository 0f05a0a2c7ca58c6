// A 1-D conv, 8 -> 8 channels, kernel 7, over 2048 positions (the @k7 case of
// test/Conversion/TosaToAccel/objective.mlir).
func.func @k7(%x: tensor<1x1x2048x8xf32>) -> tensor<1x1x2048x8xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<8x1x7x8xf32>}> : () -> tensor<8x1x7x8xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<8xf32>}> : () -> tensor<8xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 3, 3>, stride = array<i64: 1, 1>} : (tensor<1x1x2048x8xf32>, tensor<8x1x7x8xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2048x8xf32>
  return %y : tensor<1x1x2048x8xf32>
}
