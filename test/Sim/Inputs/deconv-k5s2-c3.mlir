// DCGAN last layer shape, 32x32x64 -> 64x64x3 (stacked territory): a transposed conv for test/Sim/cost-vs-sim.test (weights are
// splats: values do not change timing).
func.func @deconv(%x: tensor<1x32x32x64xf32> {accel.name = "x"}) -> (tensor<1x64x64x3xf32> {accel.name = "y"}) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.125> : tensor<3xf32>}> : () -> tensor<3xf32>
  %w = "tosa.const"() <{values = dense<0.25> : tensor<3x5x5x64xf32>}> : () -> tensor<3x5x5x64xf32>
  %y = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -2, -1, -2, -1>, stride = array<i64: 2, 2>} : (tensor<1x32x32x64xf32>, tensor<3x5x5x64xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x64x64x3xf32>
  return %y : tensor<1x64x64x3xf32>
}
