// DCGAN-like 5x5 stride 2 (TF-SAME), 8x8x64 -> 16x16x32: a transposed conv for test/Sim/cost-vs-sim.test (weights are
// splats: values do not change timing).
func.func @deconv(%x: tensor<1x8x8x64xf32> {accel.name = "x"}) -> (tensor<1x16x16x32xf32> {accel.name = "y"}) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.125> : tensor<32xf32>}> : () -> tensor<32xf32>
  %w = "tosa.const"() <{values = dense<0.25> : tensor<32x5x5x64xf32>}> : () -> tensor<32x5x5x64xf32>
  %y = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -2, -1, -2, -1>, stride = array<i64: 2, 2>} : (tensor<1x8x8x64xf32>, tensor<32x5x5x64xf32>, tensor<32xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x16x16x32xf32>
  return %y : tensor<1x16x16x32xf32>
}
