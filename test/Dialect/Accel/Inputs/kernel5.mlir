// A conv that fits nvdla-large but not the tiny target's max_kernel of 3.
func.func @layer(%x: tensor<1x8x8x4xf32>, %w: tensor<4x5x5x4xf32>) -> tensor<1x4x4x4xf32> {
  %y = accel.conv2d %x, %w : (tensor<1x8x8x4xf32>, tensor<4x5x5x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}
