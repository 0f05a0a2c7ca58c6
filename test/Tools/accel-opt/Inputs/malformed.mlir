func.func @f(%x: tensor<1xf32>) -> tensor<1xf32> {
  // the next line is broken
  %y = accel.conv2d %x, : (
}
