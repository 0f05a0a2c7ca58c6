// FST-like 3x3 stride 2, PyTorch padding 1 / output_padding 1 (a phase with negative padding), 16x16x32 -> 32x32x16: a transposed conv for test/Sim/cost-vs-sim.test (weights are
// splats: values do not change timing).
func.func @deconv(%x: tensor<1x16x16x32xf32> {accel.name = "x"}) -> (tensor<1x32x32x16xf32> {accel.name = "y"}) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.125> : tensor<16xf32>}> : () -> tensor<16xf32>
  %w = "tosa.const"() <{values = dense<0.25> : tensor<16x3x3x32xf32>}> : () -> tensor<16x3x3x32xf32>
  %y = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 2>} : (tensor<1x16x16x32xf32>, tensor<16x3x3x32xf32>, tensor<16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x32x32x16xf32>
  return %y : tensor<1x32x32x16xf32>
}
