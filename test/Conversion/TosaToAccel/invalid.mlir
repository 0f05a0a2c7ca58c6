// RUN: accel-opt %s -split-input-file -verify-diagnostics --convert-tosa-to-accel="host-fallback=false"

// An op accel has no equivalent for.
func.func @unsupported(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{'tosa.max_pool2d' op is not supported by convert-tosa-to-accel}}
  %0 = tosa.max_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

// Transposed conv weights must be constants (sub-kernels are gathered at
// compile time).
func.func @runtime_weights(%x: tensor<1x4x4x1xf32>, %w: tensor<1x3x3x1xf32>) -> tensor<1x9x9x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-error @+1 {{'tosa.transpose_conv2d' op needs constant weights}}
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x9x9x1xf32>
  return %0 : tensor<1x9x9x1xf32>
}

// -----

func.func @dynamic(%x: tensor<1x?x4x1xf32>) -> tensor<1x?x9x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x3x3x1xf32>}> : () -> tensor<1x3x3x1xf32>
  // expected-error @+1 {{'tosa.transpose_conv2d' op has an unranked or dynamic tensor shape; accel supports only static shapes}}
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x?x4x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x?x9x1xf32>
  return %0 : tensor<1x?x9x1xf32>
}

// -----

func.func @concat_axis(%a: tensor<1x2x2x2xf32>, %b: tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32> {
  // expected-error @+1 {{'tosa.concat' op concatenates along axis 1; accel concatenates along the last (channel) axis 3 only}}
  %0 = tosa.concat %a, %b {axis = 1 : i32} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

// -----

func.func @matmul_runtime(%a: tensor<1x2x3xf32>, %b: tensor<1x3x4xf32>) -> tensor<1x2x4xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-error @+1 {{'tosa.matmul' op needs a constant right operand}}
  %0 = tosa.matmul %a, %b, %zp, %zp : (tensor<1x2x3xf32>, tensor<1x3x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x4xf32>
  return %0 : tensor<1x2x4xf32>
}

// -----

// A multiply of two tensors is neither a leaky ReLU nor a constant scale.
func.func @mul(%a: tensor<1x2x2x2xf32>, %c: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  // expected-error @+1 {{'tosa.mul' op is not supported by convert-tosa-to-accel; only the leaky ReLU form maximum(x, mul(x, alpha)) with a constant 0 <= alpha <= 1 and an f32 multiplication by a constant with one value or one per channel are}}
  %0 = tosa.mul %a, %c, %shift : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1xi8>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

func.func @tanh_i32(%a: tensor<1x2x2x2xi32>) -> tensor<1x2x2x2xi32> {
  // expected-error @+1 {{'tosa.tanh' op is only supported on f32}}
  %0 = tosa.tanh %a : (tensor<1x2x2x2xi32>) -> tensor<1x2x2x2xi32>
  return %0 : tensor<1x2x2x2xi32>
}

// -----

// accel.kernel_dilation promises zeros between the kernel's taps: a nonzero
// weight there (dense<1.0>) would be dropped by the compact plan.
func.func @kernel_dilation_nonzero(%x: tensor<1x4x4x1xf32>) -> tensor<1x11x11x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x5x5x1xf32>}> : () -> tensor<1x5x5x1xf32>
  // expected-error @+1 {{'tosa.transpose_conv2d' op has a nonzero weight between the taps of its accel.kernel_dilation}}
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, accel.kernel_dilation = array<i64: 2, 2>, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xf32>, tensor<1x5x5x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x11x11x1xf32>
  return %0 : tensor<1x11x11x1xf32>
}

// -----

func.func @kernel_dilation_extent(%x: tensor<1x4x4x1xf32>) -> tensor<1x10x10x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<0.0> : tensor<1x4x4x1xf32>}> : () -> tensor<1x4x4x1xf32>
  // expected-error @+1 {{'tosa.transpose_conv2d' op has a kernel whose extent is not (K - 1) * accel.kernel_dilation + 1}}
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, accel.kernel_dilation = array<i64: 2, 2>, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xf32>, tensor<1x4x4x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x10x10x1xf32>
  return %0 : tensor<1x10x10x1xf32>
}
