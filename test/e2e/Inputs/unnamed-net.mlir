// A small generator tail with no name locations (as hand-written or
// third-party TOSA often is): conv 3x3 16->32, transposed conv k4 s2
// (PyTorch padding 1) 32->16, transposed conv k3 s2 16->8, tanh.
// convert-tosa-to-accel names the layers by role: conv1, deconv1, deconv2.
func.func @net(%x: tensor<1x8x8x16xf32>) -> tensor<1x33x33x8xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w1 = "tosa.const"() <{values = dense<0.01> : tensor<32x3x3x16xf32>}> : () -> tensor<32x3x3x16xf32>
  %b1 = "tosa.const"() <{values = dense<0.1> : tensor<32xf32>}> : () -> tensor<32xf32>
  %c1 = tosa.conv2d %x, %w1, %b1, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x8x8x16xf32>, tensor<32x3x3x16xf32>, tensor<32xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x32xf32>
  %w2 = "tosa.const"() <{values = dense<0.02> : tensor<16x4x4x32xf32>}> : () -> tensor<16x4x4x32xf32>
  %b2 = "tosa.const"() <{values = dense<0.0> : tensor<16xf32>}> : () -> tensor<16xf32>
  %d1 = tosa.transpose_conv2d %c1, %w2, %b2, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, -1, -1, -1>, stride = array<i64: 2, 2>} : (tensor<1x8x8x32xf32>, tensor<16x4x4x32xf32>, tensor<16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x16x16x16xf32>
  %w3 = "tosa.const"() <{values = dense<-0.03> : tensor<8x3x3x16xf32>}> : () -> tensor<8x3x3x16xf32>
  %b3 = "tosa.const"() <{values = dense<0.0> : tensor<8xf32>}> : () -> tensor<8xf32>
  %d2 = tosa.transpose_conv2d %d1, %w3, %b3, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x16x16x16xf32>, tensor<8x3x3x16xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x33x33x8xf32>
  %t = tosa.tanh %d2 : (tensor<1x33x33x8xf32>) -> tensor<1x33x33x8xf32>
  return %t : tensor<1x33x33x8xf32>
}
