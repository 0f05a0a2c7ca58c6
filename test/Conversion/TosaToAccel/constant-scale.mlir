// RUN: accel-opt %s --accel-set-target=target=nvdla-small --convert-tosa-to-accel | FileCheck %s

// A tosa.mul by a constant (one value, or one per channel) that is not part
// of a leaky ReLU runs as a per-channel 1x1 accel.conv2d whose taps are the
// constant (HiFi-GAN's mean of its three blocks: x * (1/3)).
// CHECK-LABEL: func.func @scalar_scale
// CHECK: %[[W:.+]] = "tosa.const"() <{values = dense<2.500000e-01> : tensor<3x1x1x1xf32>}>
// CHECK: accel.conv2d %{{.+}}, %[[W]] {{.*}}groups = 3
// CHECK-NOT: tosa.mul
func.func @scalar_scale(%x: tensor<1x4x5x3xf32>) -> tensor<1x4x5x3xf32> {
  %k = "tosa.const"() <{values = dense<0.25> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.mul %x, %k, %shift : (tensor<1x4x5x3xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x4x5x3xf32>
  return %0 : tensor<1x4x5x3xf32>
}

// CHECK-LABEL: func.func @per_channel_scale
// CHECK: %[[W:.+]] = "tosa.const"() <{values = dense<[{{\[\[\[}}1.000000e+00]]], {{\[\[\[}}-2.000000e+00]]], {{\[\[\[}}5.000000e-01]]]]> : tensor<3x1x1x1xf32>}>
// CHECK: accel.conv2d %{{.+}}, %[[W]] {{.*}}groups = 3
func.func @per_channel_scale(%x: tensor<1x4x5x3xf32>) -> tensor<1x4x5x3xf32> {
  %k = "tosa.const"() <{values = dense<[[[[1.0, -2.0, 0.5]]]]> : tensor<1x1x1x3xf32>}> : () -> tensor<1x1x1x3xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.mul %k, %x, %shift : (tensor<1x1x1x3xf32>, tensor<1x4x5x3xf32>, tensor<1xi8>) -> tensor<1x4x5x3xf32>
  return %0 : tensor<1x4x5x3xf32>
}
