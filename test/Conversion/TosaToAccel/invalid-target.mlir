// RUN: accel-opt %s -split-input-file -verify-diagnostics --convert-tosa-to-accel
// RUN: accel-opt %s -split-input-file -verify-diagnostics --convert-tosa-to-accel=strategy=auto

// A convolution beyond the target's limits: an error on the TOSA op naming
// the target and the limit (diannao: kernels up to 16). With 64 input
// channels no tap-packed form fits either (with one, `auto` packs the 289
// taps into channels and runs it: test/e2e/max-pad.test).
module attributes {accel.target = #accel.target<"diannao">} {
  func.func @kernel_too_large(%x: tensor<1x20x20x64xf32>) -> tensor<1x4x4x1xf32> {
    %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %w = "tosa.const"() <{values = dense<1.0> : tensor<1x17x17x64xf32>}> : () -> tensor<1x17x17x64xf32>
    // expected-error @+1 {{'tosa.conv2d' op cannot run on target 'diannao': kernel height 17 exceeds the target 'diannao' maximum of 16 (max_kernel)}}
    %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x20x20x64xf32>, tensor<1x17x17x64xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
    return %0 : tensor<1x4x4x1xf32>
  }
}

// -----

// A transposed conv whose phases need more padding than the target allows
// (stride 1, K = 20: padding 19 > diannao's 15).
module attributes {accel.target = #accel.target<"diannao">} {
  func.func @deconv_padding(%x: tensor<1x2x2x1xf32>) -> tensor<1x21x21x1xf32> {
    %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %w = "tosa.const"() <{values = dense<1.0> : tensor<1x20x20x1xf32>}> : () -> tensor<1x20x20x1xf32>
    // expected-error @+1 {{'tosa.transpose_conv2d' op cannot run on target 'diannao'}}
    %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<1x20x20x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x21x21x1xf32>
    return %0 : tensor<1x21x21x1xf32>
  }
}
