// Every verifier message of the accel dialect.
// RUN: accel-opt %s -split-input-file -verify-diagnostics

func.func @f(%x: tensor<8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{input must be NHWC (rank 4), got rank 3}}
  %y = accel.conv2d %x, %w : (tensor<8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{weight must be OHWI (rank 4), got rank 3}}
  %y = accel.conv2d %x, %w : (tensor<1x8x8x4xf32>, tensor<4x3x3xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<6x6x4xf32> {
  // expected-error @+1 {{result must be NHWC (rank 4), got rank 3}}
  %y = accel.conv2d %x, %w : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<6x6x4xf32>
  return %y : tensor<6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{stride and dilation take 2 values and pad takes 4 (top, bottom, left, right), got 1, 2 and 4}}
  %y = accel.conv2d %x, %w {stride = array<i64: 1>} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{stride values must be positive, got 0}}
  %y = accel.conv2d %x, %w {stride = array<i64: 0, 1>} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{dilation values must be positive, got -1}}
  %y = accel.conv2d %x, %w {dilation = array<i64: 1, -1>} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32> {
  // Negative padding crops: the output width is (8 - 1 - 3) + 1 = 5.
  // expected-error @+1 {{result width (6) does not match the convolution's output width (5 = (8 + -1 + 0 - 3) / 1 + 1)}}
  %y = accel.conv2d %x, %w {pad = array<i64: 0, 0, -1, 0>} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x1x6x4xf32> {
  // A crop that leaves no window.
  // expected-error @+1 {{dilated kernel height (3) exceeds the padded input height (2)}}
  %y = accel.conv2d %x, %w {pad = array<i64: -3, -3, 0, 0>} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x1x6x4xf32>
  return %y : tensor<1x1x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xi32>, %w: tensor<4x3x3x4xi32>) -> tensor<1x6x6x4xi32> {
  // expected-error @+1 {{input element type must be f32 or i8, got 'i32'}}
  %y = accel.conv2d %x, %w : (tensor<1x8x8x4xi32>, tensor<4x3x3x4xi32>) -> tensor<1x6x6x4xi32>
  return %y : tensor<1x6x6x4xi32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xi8>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{weight element type 'i8' must match the input element type 'f32'}}
  %y = accel.conv2d %x, %w : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xi8>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xi8> {
  // expected-error @+1 {{an f32 convolution must produce f32, got 'i8'}}
  %y = accel.conv2d %x, %w : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xi8>
  return %y : tensor<1x6x6x4xi8>
}

// -----

func.func @f(%x: tensor<1x8x8x4xi8>, %w: tensor<4x3x3x4xi8>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{an i8 convolution must produce i8 or i32, got 'f32'}}
  %y = accel.conv2d %x, %w : (tensor<1x8x8x4xi8>, tensor<4x3x3x4xi8>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{zero points are only allowed on i8 convolutions}}
  %y = accel.conv2d %x, %w {input_zp = 1 : i32} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xi8>, %w: tensor<4x3x3x4xi8>) -> tensor<1x6x6x4xi32> {
  // expected-error @+1 {{zero points must be in [-128, 127], got input_zp 0 and weight_zp 200}}
  %y = accel.conv2d %x, %w {weight_zp = 200 : i32} : (tensor<1x8x8x4xi8>, tensor<4x3x3x4xi8>) -> tensor<1x6x6x4xi32>
  return %y : tensor<1x6x6x4xi32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{groups must be positive, got 0}}
  %y = accel.conv2d %x, %w {groups = 0} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x2xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{input channels (4) and output channels (4) must both be divisible by groups (3)}}
  %y = accel.conv2d %x, %w {groups = 3} : (tensor<1x8x8x4xf32>, tensor<4x3x3x2xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x2xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{weight input channels (2) x groups (1) must equal input channels (4)}}
  %y = accel.conv2d %x, %w : (tensor<1x8x8x4xf32>, tensor<4x3x3x2xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x6x6x5xf32> {
  // expected-error @+1 {{result channels (5) must equal weight output channels (4)}}
  %y = accel.conv2d %x, %w : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x6x6x5xf32>
  return %y : tensor<1x6x6x5xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<2x6x6x4xf32> {
  // expected-error @+1 {{result batch (2) must equal input batch (1)}}
  %y = accel.conv2d %x, %w : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<2x6x6x4xf32>
  return %y : tensor<2x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>, %b: tensor<5xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{bias must have shape [4], got 'tensor<5xf32>'}}
  %y = accel.conv2d %x, %w, %b : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>, tensor<5xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xi8>, %w: tensor<4x3x3x4xi8>, %b: tensor<4xi8>) -> tensor<1x6x6x4xi32> {
  // expected-error @+1 {{bias element type must be the accumulator type 'i32', got 'i8'}}
  %y = accel.conv2d %x, %w, %b : (tensor<1x8x8x4xi8>, tensor<4x3x3x4xi8>, tensor<4xi8>) -> tensor<1x6x6x4xi32>
  return %y : tensor<1x6x6x4xi32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x0x3x4xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{kernel height must be positive}}
  %y = accel.conv2d %x, %w : (tensor<1x8x8x4xf32>, tensor<4x0x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{dilated kernel height (11) exceeds the padded input height (8)}}
  %y = accel.conv2d %x, %w {dilation = array<i64: 5, 1>} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x7x6x4xf32> {
  // expected-error @+1 {{result height (7) does not match the convolution's output height (6 = (8 + 0 + 0 - 3) / 1 + 1)}}
  %y = accel.conv2d %x, %w : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x7x6x4xf32>
  return %y : tensor<1x7x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x6x3x4xf32> {
  // expected-error @+1 {{result width (3) does not match the convolution's output width (4 = (8 + 1 + 1 - 3) / 2 + 1)}}
  %y = accel.conv2d %x, %w {stride = array<i64: 1, 2>, pad = array<i64: 0, 0, 1, 1>} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x6x3x4xf32>
  return %y : tensor<1x6x3x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{post_op clamp requires both clamp_min and clamp_max}}
  %y = accel.conv2d %x, %w {post_op = #accel.post_op<clamp>, clamp_min = 0.0 : f32} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{clamp_min/clamp_max are only allowed with post_op clamp}}
  %y = accel.conv2d %x, %w {clamp_max = 6.0 : f32} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{clamp_min (2.000000e+00) must not exceed clamp_max (1.000000e+00)}}
  %y = accel.conv2d %x, %w {post_op = #accel.post_op<clamp>, clamp_min = 2.0 : f32, clamp_max = 1.0 : f32} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{post_op leaky_relu requires leaky_alpha}}
  %y = accel.conv2d %x, %w {post_op = #accel.post_op<leaky_relu>} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{leaky_alpha is only allowed with post_op leaky_relu}}
  %y = accel.conv2d %x, %w {leaky_alpha = 0.2 : f32} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xi8>, %w: tensor<4x3x3x4xi8>) -> tensor<1x6x6x4xi32> {
  // expected-error @+1 {{post_op sigmoid is only supported on f32, not 'i32'}}
  %y = accel.conv2d %x, %w {post_op = #accel.post_op<sigmoid>} : (tensor<1x8x8x4xi8>, tensor<4x3x3x4xi8>) -> tensor<1x6x6x4xi32>
  return %y : tensor<1x6x6x4xi32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xi8>, %w: tensor<4x3x3x4xi8>) -> tensor<1x6x6x4xi8> {
  // expected-error @+1 {{requant_multiplier and requant_shift must be given together}}
  %y = accel.conv2d %x, %w {requant_multiplier = 3 : i32} : (tensor<1x8x8x4xi8>, tensor<4x3x3x4xi8>) -> tensor<1x6x6x4xi8>
  return %y : tensor<1x6x6x4xi8>
}

// -----

func.func @f(%x: tensor<1x8x8x4xi8>, %w: tensor<4x3x3x4xi8>) -> tensor<1x6x6x4xi8> {
  // expected-error @+1 {{an i8 result from i32 accumulators requires either requant_multiplier and requant_shift or a per-channel scales table}}
  %y = accel.conv2d %x, %w : (tensor<1x8x8x4xi8>, tensor<4x3x3x4xi8>) -> tensor<1x6x6x4xi8>
  return %y : tensor<1x6x6x4xi8>
}

// -----

func.func @f(%x: tensor<1x8x8x4xi8>, %w: tensor<4x3x3x4xi8>, %s: tensor<3x2xi32>) -> tensor<1x6x6x4xi8> {
  // expected-error @+1 {{scales must be a [4, 2] i32 table of (multiplier, shift), got 'tensor<3x2xi32>'}}
  %y = accel.conv2d %x, %w scales %s : (tensor<1x8x8x4xi8>, tensor<4x3x3x4xi8>, tensor<3x2xi32>) -> tensor<1x6x6x4xi8>
  return %y : tensor<1x6x6x4xi8>
}

// -----

func.func @f(%x: tensor<1x8x8x4xi8>, %w: tensor<4x3x3x4xi8>, %s: tensor<4x2xi32>) -> tensor<1x6x6x4xi8> {
  // expected-error @+1 {{an i8 result from i32 accumulators requires either requant_multiplier and requant_shift or a per-channel scales table}}
  %y = accel.conv2d %x, %w scales %s {requant_multiplier = 3 : i32, requant_shift = 4 : i32} : (tensor<1x8x8x4xi8>, tensor<4x3x3x4xi8>, tensor<4x2xi32>) -> tensor<1x6x6x4xi8>
  return %y : tensor<1x6x6x4xi8>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{requantization parameters are only allowed when i32 accumulators are written as i8}}
  %y = accel.conv2d %x, %w {requant_double_round} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{requantization parameters are only allowed when i32 accumulators are written as i8, here 'f32' -> 'f32'}}
  %y = accel.conv2d %x, %w {output_zp = 3 : i32} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xi8>, %w: tensor<4x3x3x4xi8>) -> tensor<1x6x6x4xi8> {
  // expected-error @+1 {{requant_multiplier must be positive, got 0}}
  %y = accel.conv2d %x, %w {requant_multiplier = 0 : i32, requant_shift = 3 : i32} : (tensor<1x8x8x4xi8>, tensor<4x3x3x4xi8>) -> tensor<1x6x6x4xi8>
  return %y : tensor<1x6x6x4xi8>
}

// -----

func.func @f(%x: tensor<1x8x8x4xi8>, %w: tensor<4x3x3x4xi8>) -> tensor<1x6x6x4xi8> {
  // expected-error @+1 {{requant_shift 64 must be in [0, 63]}}
  %y = accel.conv2d %x, %w {requant_multiplier = 5 : i32, requant_shift = 64 : i32} : (tensor<1x8x8x4xi8>, tensor<4x3x3x4xi8>) -> tensor<1x6x6x4xi8>
  return %y : tensor<1x6x6x4xi8>
}

// -----

func.func @f(%x: tensor<1x8x8x4xi8>, %w: tensor<4x3x3x4xi8>) -> tensor<1x6x6x4xi8> {
  // expected-error @+1 {{output_zp 128 must be in [-128, 127]}}
  %y = accel.conv2d %x, %w {requant_multiplier = 5 : i32, requant_shift = 4 : i32, output_zp = 128 : i32} : (tensor<1x8x8x4xi8>, tensor<4x3x3x4xi8>) -> tensor<1x6x6x4xi8>
  return %y : tensor<1x6x6x4xi8>
}

// -----

module attributes {accel.target = #accel.target<{name = "tiny", atomic_c = 4, atomic_k = 4, input_buffer_bytes = 8192, weight_buffer_bytes = 4096, acc_buffer_bytes = 4096, dram_bytes_per_cycle = 2.5, dram_latency_cycles = 10, clock_mhz = 500.0, data_bits = 8, acc_bits = 32, max_kernel = 3, max_stride = 2, max_dilation = 2, max_pad = 1, max_channels = 8, energy_mac_pj = 0.1, energy_input_buffer_pj_per_byte = 1.0, energy_weight_buffer_pj_per_byte = 1.0, energy_acc_buffer_pj_per_byte = 1.0, energy_dram_pj_per_byte = 50.0}>} {
func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x5x3x4xf32>) -> tensor<1x4x6x4xf32> {
  // expected-error @+1 {{kernel height 5 exceeds the target 'tiny' maximum of 3 (max_kernel)}}
  %y = accel.conv2d %x, %w : (tensor<1x8x8x4xf32>, tensor<4x5x3x4xf32>) -> tensor<1x4x6x4xf32>
  return %y : tensor<1x4x6x4xf32>
}
}

// -----

module attributes {accel.target = #accel.target<{name = "tiny", atomic_c = 4, atomic_k = 4, input_buffer_bytes = 8192, weight_buffer_bytes = 4096, acc_buffer_bytes = 4096, dram_bytes_per_cycle = 2.5, dram_latency_cycles = 10, clock_mhz = 500.0, data_bits = 8, acc_bits = 32, max_kernel = 3, max_stride = 2, max_dilation = 2, max_pad = 1, max_channels = 8, energy_mac_pj = 0.1, energy_input_buffer_pj_per_byte = 1.0, energy_weight_buffer_pj_per_byte = 1.0, energy_acc_buffer_pj_per_byte = 1.0, energy_dram_pj_per_byte = 50.0}>} {
func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x4x4xf32>) -> tensor<1x6x5x4xf32> {
  // expected-error @+1 {{kernel width 4 exceeds the target 'tiny' maximum of 3 (max_kernel)}}
  %y = accel.conv2d %x, %w : (tensor<1x8x8x4xf32>, tensor<4x3x4x4xf32>) -> tensor<1x6x5x4xf32>
  return %y : tensor<1x6x5x4xf32>
}
}

// -----

module attributes {accel.target = #accel.target<{name = "tiny", atomic_c = 4, atomic_k = 4, input_buffer_bytes = 8192, weight_buffer_bytes = 4096, acc_buffer_bytes = 4096, dram_bytes_per_cycle = 2.5, dram_latency_cycles = 10, clock_mhz = 500.0, data_bits = 8, acc_bits = 32, max_kernel = 3, max_stride = 2, max_dilation = 2, max_pad = 1, max_channels = 8, energy_mac_pj = 0.1, energy_input_buffer_pj_per_byte = 1.0, energy_weight_buffer_pj_per_byte = 1.0, energy_acc_buffer_pj_per_byte = 1.0, energy_dram_pj_per_byte = 50.0}>} {
func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x2x6x4xf32> {
  // expected-error @+1 {{stride 3 exceeds the target 'tiny' maximum of 2 (max_stride)}}
  %y = accel.conv2d %x, %w {stride = array<i64: 3, 1>} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x2x6x4xf32>
  return %y : tensor<1x2x6x4xf32>
}
}

// -----

// A row wider than LOAD_INPUT's 16-bit tensor_w addresses: rejected on every
// target (nvdla-large's own limits allow it).
module attributes {accel.target = #accel.target<"nvdla-large">} {
func.func @f(%x: tensor<1x1x65536x4xf32>, %w: tensor<4x1x1x4xf32>) -> tensor<1x1x65536x4xf32> {
  // expected-error @+1 {{input width 65536 exceeds what a program can encode: at most 65535 (16-bit LOAD_INPUT tensor_w field)}}
  %y = accel.conv2d %x, %w : (tensor<1x1x65536x4xf32>, tensor<4x1x1x4xf32>) -> tensor<1x1x65536x4xf32>
  return %y : tensor<1x1x65536x4xf32>
}
}

// -----

module attributes {accel.target = #accel.target<{name = "tiny", atomic_c = 4, atomic_k = 4, input_buffer_bytes = 8192, weight_buffer_bytes = 4096, acc_buffer_bytes = 4096, dram_bytes_per_cycle = 2.5, dram_latency_cycles = 10, clock_mhz = 500.0, data_bits = 8, acc_bits = 32, max_kernel = 3, max_stride = 2, max_dilation = 2, max_pad = 1, max_channels = 8, energy_mac_pj = 0.1, energy_input_buffer_pj_per_byte = 1.0, energy_weight_buffer_pj_per_byte = 1.0, energy_acc_buffer_pj_per_byte = 1.0, energy_dram_pj_per_byte = 50.0}>} {
func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x2x2x4xf32>) -> tensor<1x5x8x4xf32> {
  // expected-error @+1 {{dilation 3 exceeds the target 'tiny' maximum of 2 (max_dilation)}}
  %y = accel.conv2d %x, %w {dilation = array<i64: 3, 1>, pad = array<i64: 0, 0, 0, 1>} : (tensor<1x8x8x4xf32>, tensor<4x2x2x4xf32>) -> tensor<1x5x8x4xf32>
  return %y : tensor<1x5x8x4xf32>
}
}

// -----

module attributes {accel.target = #accel.target<{name = "tiny", atomic_c = 4, atomic_k = 4, input_buffer_bytes = 8192, weight_buffer_bytes = 4096, acc_buffer_bytes = 4096, dram_bytes_per_cycle = 2.5, dram_latency_cycles = 10, clock_mhz = 500.0, data_bits = 8, acc_bits = 32, max_kernel = 3, max_stride = 2, max_dilation = 2, max_pad = 1, max_channels = 8, energy_mac_pj = 0.1, energy_input_buffer_pj_per_byte = 1.0, energy_weight_buffer_pj_per_byte = 1.0, energy_acc_buffer_pj_per_byte = 1.0, energy_dram_pj_per_byte = 50.0}>} {
func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x10x6x4xf32> {
  // expected-error @+1 {{padding 2 exceeds the target 'tiny' maximum of 1 (max_pad)}}
  %y = accel.conv2d %x, %w {pad = array<i64: 2, 2, 0, 0>} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x10x6x4xf32>
  return %y : tensor<1x10x6x4xf32>
}

// max_pad limits positive padding only: a crop of 3 is fine on 'tiny'.
func.func @crop_beyond_max_pad(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x4x6x4xf32> {
  %y = accel.conv2d %x, %w {pad = array<i64: -3, 1, 0, 0>} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x4x6x4xf32>
  return %y : tensor<1x4x6x4xf32>
}
}

// -----

module attributes {accel.target = #accel.target<{name = "tiny", atomic_c = 4, atomic_k = 4, input_buffer_bytes = 8192, weight_buffer_bytes = 4096, acc_buffer_bytes = 4096, dram_bytes_per_cycle = 2.5, dram_latency_cycles = 10, clock_mhz = 500.0, data_bits = 8, acc_bits = 32, max_kernel = 3, max_stride = 2, max_dilation = 2, max_pad = 1, max_channels = 8, energy_mac_pj = 0.1, energy_input_buffer_pj_per_byte = 1.0, energy_weight_buffer_pj_per_byte = 1.0, energy_acc_buffer_pj_per_byte = 1.0, energy_dram_pj_per_byte = 50.0}>} {
func.func @f(%x: tensor<1x8x8x16xf32>, %w: tensor<4x3x3x16xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{input channels 16 exceeds the target 'tiny' maximum of 8 (max_channels)}}
  %y = accel.conv2d %x, %w : (tensor<1x8x8x16xf32>, tensor<4x3x3x16xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}
}

// -----

module attributes {accel.target = #accel.target<{name = "tiny", atomic_c = 4, atomic_k = 4, input_buffer_bytes = 8192, weight_buffer_bytes = 4096, acc_buffer_bytes = 4096, dram_bytes_per_cycle = 2.5, dram_latency_cycles = 10, clock_mhz = 500.0, data_bits = 8, acc_bits = 32, max_kernel = 3, max_stride = 2, max_dilation = 2, max_pad = 1, max_channels = 8, energy_mac_pj = 0.1, energy_input_buffer_pj_per_byte = 1.0, energy_weight_buffer_pj_per_byte = 1.0, energy_acc_buffer_pj_per_byte = 1.0, energy_dram_pj_per_byte = 50.0}>} {
func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<16x3x3x4xf32>) -> tensor<1x6x6x16xf32> {
  // expected-error @+1 {{output channels 16 exceeds the target 'tiny' maximum of 8 (max_channels)}}
  %y = accel.conv2d %x, %w : (tensor<1x8x8x4xf32>, tensor<16x3x3x4xf32>) -> tensor<1x6x6x16xf32>
  return %y : tensor<1x6x6x16xf32>
}
}

// -----

func.func @f(%b: tensor<1x4xf32>) -> tensor<1x2x2x4xf32> {
  // expected-error @+1 {{bias must be rank 1, got 'tensor<1x4xf32>'}}
  %y = accel.bias_fill %b : (tensor<1x4xf32>) -> tensor<1x2x2x4xf32>
  return %y : tensor<1x2x2x4xf32>
}

// -----

func.func @f(%b: tensor<4xf32>) -> tensor<2x2x4xf32> {
  // expected-error @+1 {{result must be NHWC (rank 4), got rank 3}}
  %y = accel.bias_fill %b : (tensor<4xf32>) -> tensor<2x2x4xf32>
  return %y : tensor<2x2x4xf32>
}

// -----

func.func @f(%b: tensor<4xf32>) -> tensor<1x2x2x5xf32> {
  // expected-error @+1 {{result channels (5) must equal bias size (4)}}
  %y = accel.bias_fill %b : (tensor<4xf32>) -> tensor<1x2x2x5xf32>
  return %y : tensor<1x2x2x5xf32>
}

// -----

func.func @f(%b: tensor<4xf32>) -> tensor<1x2x2x4xi8> {
  // expected-error @+1 {{bias/result element types must be f32/f32, i32/i32 or i32/i8, got 'f32'/'i8'}}
  %y = accel.bias_fill %b : (tensor<4xf32>) -> tensor<1x2x2x4xi8>
  return %y : tensor<1x2x2x4xi8>
}

// -----

func.func @f(%p0: tensor<1x2x2x4xf32>, %p1: tensor<1x2x2x4xf32>, %p2: tensor<1x2x2x4xf32>, %p3: tensor<1x2x2x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{block must be two positive values (h, w)}}
  %y = accel.depth_to_space %p0, %p1, %p2, %p3 {block = array<i64: 2, 0>, origins_h = array<i64: 0, 1>, origins_w = array<i64>} : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @f(%p0: tensor<1x2x2x4xf32>, %p1: tensor<1x2x2x4xf32>, %p2: tensor<1x2x2x4xf32>, %p3: tensor<1x2x2x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{origins_h must have block_h (2) values and origins_w block_w (2) values, got 2 and 1}}
  %y = accel.depth_to_space %p0, %p1, %p2, %p3 {block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>, origins_w = array<i64: 0>} : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @f(%p0: tensor<1x2x2x4xf32>, %p1: tensor<1x2x2x4xf32>, %p2: tensor<1x2x2x4xf32>, %p3: tensor<1x2x2x4xf32>) -> tensor<4x4x4xf32> {
  // expected-error @+1 {{result must be NHWC (rank 4)}}
  %y = accel.depth_to_space %p0, %p1, %p2, %p3 {block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>, origins_w = array<i64: 0, 1>} : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>) -> tensor<4x4x4xf32>
  return %y : tensor<4x4x4xf32>
}

// -----

func.func @f(%p0: tensor<1x2x2x4xf32>, %p1: tensor<1x2x2x4xf32>, %p2: tensor<1x2x2x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{expected 4 phase operands (block_h x block_w) or one channel-grouped operand, got 3}}
  %y = accel.depth_to_space %p0, %p1, %p2 {block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>, origins_w = array<i64: 0, 1>} : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @f(%p0: tensor<1x2x2x4xf32>, %p1: tensor<1x2x2x4xf32>, %p2: tensor<1x2x2x4xf32>, %p3: tensor<1x2x2x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{origins_h must be distinct modulo the block size 2}}
  %y = accel.depth_to_space %p0, %p1, %p2, %p3 {block = array<i64: 2, 2>, origins_h = array<i64: 0, 2>, origins_w = array<i64: 0, 1>} : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @f(%p0: tensor<1x2x2x4xf32>, %p1: tensor<1x2x2x4xf32>, %p2: tensor<1x2x2x4xf32>, %p3: tensor<1x2x2x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{origins_w must be distinct modulo the block size 2}}
  %y = accel.depth_to_space %p0, %p1, %p2, %p3 {block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>, origins_w = array<i64: 1, 3>} : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @f(%p0: tensor<1x2x2x4xf32>, %p1: tensor<1x2x2x4xf32>, %p2: tensor<1x2x2x4xf32>, %p3: tensor<2x2x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{phase 3 must be NHWC (rank 4)}}
  %y = accel.depth_to_space %p0, %p1, %p2, %p3 {block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>, origins_w = array<i64: 0, 1>} : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<2x2x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @f(%p0: tensor<1x2x2x4xf32>, %p1: tensor<1x2x2x4xi8>, %p2: tensor<1x2x2x4xf32>, %p3: tensor<1x2x2x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{phase 1 element type 'i8' differs from the result's 'f32'}}
  %y = accel.depth_to_space %p0, %p1, %p2, %p3 {block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>, origins_w = array<i64: 0, 1>} : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xi8>, tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @f(%p0: tensor<1x2x2x4xf32>, %p1: tensor<1x2x2x4xf32>, %p2: tensor<2x2x2x4xf32>, %p3: tensor<1x2x2x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{phase 2 batch (2) differs from the result's (1)}}
  %y = accel.depth_to_space %p0, %p1, %p2, %p3 {block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>, origins_w = array<i64: 0, 1>} : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<2x2x2x4xf32>, tensor<1x2x2x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @f(%p0: tensor<1x2x2x4xf32>, %p1: tensor<1x2x2x4xf32>, %p2: tensor<1x2x2x4xf32>, %p3: tensor<1x2x2x3xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{phase 3 has 3 channels, expected 4}}
  %y = accel.depth_to_space %p0, %p1, %p2, %p3 {block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>, origins_w = array<i64: 0, 1>} : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1x2x2x3xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @f(%p0: tensor<1x2x2x8xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{phase 0 has 8 channels, expected 16}}
  %y = accel.depth_to_space %p0 {block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>, origins_w = array<i64: 0, 1>} : (tensor<1x2x2x8xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @f(%p0: tensor<1x2x2x4xf32>, %p1: tensor<1x2x2x4xf32>, %p2: tensor<1x1x2x4xf32>, %p3: tensor<1x2x2x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{phase 2 (height 1, origin 1) does not cover its rows of the result (height 4, block 2)}}
  %y = accel.depth_to_space %p0, %p1, %p2, %p3 {block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>, origins_w = array<i64: 0, 1>} : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1x1x2x4xf32>, tensor<1x2x2x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @f(%p0: tensor<1x2x2x4xf32>, %p1: tensor<1x2x2x4xf32>, %p2: tensor<1x2x2x4xf32>, %p3: tensor<1x2x2x4xf32>) -> tensor<1x4x5x4xf32> {
  // expected-error @+1 {{phase 0 (width 2, origin 0) does not cover its columns of the result (width 5, block 2)}}
  %y = accel.depth_to_space %p0, %p1, %p2, %p3 {block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>, origins_w = array<i64: 0, 1>} : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>) -> tensor<1x4x5x4xf32>
  return %y : tensor<1x4x5x4xf32>
}

// -----

func.func @f(%a: tensor<1x2x2x4xi8>) -> tensor<1x2x2x4xi8> {
  // expected-error @+1 {{post_op tanh is only supported on f32, not 'i8'}}
  %y = accel.add %a, %a {post_op = #accel.post_op<tanh>} : tensor<1x2x2x4xi8>
  return %y : tensor<1x2x2x4xi8>
}

// -----

func.func @f() -> tensor<1x2x2x4xf32> {
  // expected-error @+1 {{needs at least one input}}
  %y = accel.concat : () -> tensor<1x2x2x4xf32>
  return %y : tensor<1x2x2x4xf32>
}

// -----

func.func @f(%a0: tensor<1x2x2x4xf32>, %a1: tensor<2x2x4xf32>) -> tensor<1x2x2x8xf32> {
  // expected-error @+1 {{input 1 has rank 3, expected 4}}
  %y = accel.concat %a0, %a1 : (tensor<1x2x2x4xf32>, tensor<2x2x4xf32>) -> tensor<1x2x2x8xf32>
  return %y : tensor<1x2x2x8xf32>
}

// -----

func.func @f(%a0: tensor<1x2x2x4xf32>, %a1: tensor<1x2x2x4xi8>) -> tensor<1x2x2x8xf32> {
  // expected-error @+1 {{input 1 element type 'i8' differs from the result's}}
  %y = accel.concat %a0, %a1 : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xi8>) -> tensor<1x2x2x8xf32>
  return %y : tensor<1x2x2x8xf32>
}

// -----

func.func @f(%a0: tensor<1x2x2x4xf32>, %a1: tensor<1x3x2x4xf32>) -> tensor<1x2x2x8xf32> {
  // expected-error @+1 {{input 1 dimension 1 (3) differs from the result's (2)}}
  %y = accel.concat %a0, %a1 : (tensor<1x2x2x4xf32>, tensor<1x3x2x4xf32>) -> tensor<1x2x2x8xf32>
  return %y : tensor<1x2x2x8xf32>
}

// -----

func.func @f(%a0: tensor<1x2x2x4xf32>, %a1: tensor<1x2x2x4xf32>) -> tensor<1x2x2x9xf32> {
  // expected-error @+1 {{result channels (9) must equal the sum of input channels (8)}}
  %y = accel.concat %a0, %a1 : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>) -> tensor<1x2x2x9xf32>
  return %y : tensor<1x2x2x9xf32>
}

// -----

func.func @f(%a: tensor<1x2x2x4xf32>) -> tensor<16xi8> {
  // expected-error @+1 {{element type must not change ('f32' vs 'i8')}}
  %y = accel.reshape %a : (tensor<1x2x2x4xf32>) -> tensor<16xi8>
  return %y : tensor<16xi8>
}

// -----

func.func @f(%a: tensor<1x2x2x4xf32>) -> tensor<15xf32> {
  // expected-error @+1 {{element count must not change (16 vs 15)}}
  %y = accel.reshape %a : (tensor<1x2x2x4xf32>) -> tensor<15xf32>
  return %y : tensor<15xf32>
}

// -----

// expected-error @+1 {{'accel.target' is only allowed on a builtin.module}}
func.func @f() attributes {accel.target = #accel.target<"nvdla-small">} {
  return
}

// -----

// expected-error @+1 {{'accel.target' must be an #accel.target attribute, got "nvdla-small"}}
module attributes {accel.target = "nvdla-small"} {}

// -----

// A string names a preset; it is never read as a file (see
// target-no-file.test).
// expected-error @+1 {{invalid #accel.target: 'nvdla-huge' is not a preset (presets: nvdla-small, nvdla-large, diannao, tpu-systolic); to compile for a target file, use --accel-set-target=target=FILE.json}}
module attributes {accel.target = #accel.target<"nvdla-huge">} {}

// -----

// expected-error @+1 {{invalid #accel.target: field 'atomic_c': expected an integer}}
module attributes {accel.target = #accel.target<{name = "t", atomic_c = "wide"}>} {}

// -----

// expected-error @+1 {{invalid #accel.target: field 'atomic_c': expected a string, integer or float attribute}}
module attributes {accel.target = #accel.target<{name = "t", atomic_c = [8]}>} {}

// -----

// expected-error @+1 {{invalid #accel.target: expected a preset name string or a dictionary of target fields}}
module attributes {accel.target = #accel.target<8>} {}

// -----

func.func @f(%x: tensor<4x4x8xf32>) -> tensor<7x7x8xf32> {
  // expected-error @+1 {{input and result must be NHWC (rank 4)}}
  %y = accel.zero_insert %x {stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<4x4x8xf32>) -> tensor<7x7x8xf32>
  return %y : tensor<7x7x8xf32>
}

// -----

func.func @f(%x: tensor<1x4x4x8xf32>) -> tensor<1x7x7x8xf32> {
  // expected-error @+1 {{stride takes 2 values and pad 4 (top, bottom, left, right), got 2 and 2}}
  %y = accel.zero_insert %x {stride = array<i64: 2, 2>, pad = array<i64: 0, 0>} : (tensor<1x4x4x8xf32>) -> tensor<1x7x7x8xf32>
  return %y : tensor<1x7x7x8xf32>
}

// -----

func.func @f(%x: tensor<1x4x4x8xf32>) -> tensor<1x7x7x8xf32> {
  // expected-error @+1 {{stride values must be positive, got 0}}
  %y = accel.zero_insert %x {stride = array<i64: 0, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x8xf32>) -> tensor<1x7x7x8xf32>
  return %y : tensor<1x7x7x8xf32>
}

// -----

func.func @f(%x: tensor<1x4x4x8xf32>) -> tensor<1x7x7x8xi8> {
  // expected-error @+1 {{element type must not change}}
  %y = accel.zero_insert %x {stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x8xf32>) -> tensor<1x7x7x8xi8>
  return %y : tensor<1x7x7x8xi8>
}

// -----

func.func @f(%x: tensor<1x4x4x8xf32>) -> tensor<1x7x7x8xf32> {
  // expected-error @+1 {{fill 1 must be 0 for f32 and in [-128, 127] for i8}}
  %y = accel.zero_insert %x {stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, fill = 1 : i32} : (tensor<1x4x4x8xf32>) -> tensor<1x7x7x8xf32>
  return %y : tensor<1x7x7x8xf32>
}

// -----

func.func @f(%x: tensor<1x4x4x8xf32>) -> tensor<1x7x7x4xf32> {
  // expected-error @+1 {{batch and channels must not change}}
  %y = accel.zero_insert %x {stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x8xf32>) -> tensor<1x7x7x4xf32>
  return %y : tensor<1x7x7x4xf32>
}

// -----

func.func @f(%x: tensor<1x4x4x8xf32>) -> tensor<1x8x7x8xf32> {
  // expected-error @+1 {{result height (8) must be (4 - 1) * 2 + 1 + 0 + 0 = 7}}
  %y = accel.zero_insert %x {stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4x8xf32>) -> tensor<1x8x7x8xf32>
  return %y : tensor<1x8x7x8xf32>
}

// -----

// Sizes derived from attributes are checked with checked arithmetic, before
// anything is allocated: a 10^9 stride gives a (2*10^9+1)^2 result, far
// beyond the accelerator's 4 GiB of DRAM (this once took 2.4 GB of memory
// in accel-opt and 5.6 GB in accel-translate before an error).
func.func @f(%x: tensor<1x3x3x1xf32>) -> tensor<1x2000000001x2000000001x1xf32> {
  // expected-error @+1 {{'accel.zero_insert' op result 0 ('tensor<1x2000000001x2000000001x1xf32>', over 2^63 bytes) does not fit the accelerator's DRAM (4294967296 bytes)}}
  %y = accel.zero_insert %x {stride = array<i64: 1000000000, 1000000000>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x3x3x1xf32>) -> tensor<1x2000000001x2000000001x1xf32>
  return %y : tensor<1x2000000001x2000000001x1xf32>
}

// -----

func.func @f(%x: tensor<1x3x3x1xf32>) -> tensor<1x5x5x1xf32> {
  // expected-error @+1 {{result height (5) must be (3 - 1) * 4611686018427387904 + 1 + 0 + 0, which overflows int64}}
  %y = accel.zero_insert %x {stride = array<i64: 4611686018427387904, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x3x3x1xf32>) -> tensor<1x5x5x1xf32>
  return %y : tensor<1x5x5x1xf32>
}

// -----

func.func @f(%x: tensor<1x2x2x1xf32>) -> tensor<1x4294967296x1x1xf32> {
  // expected-error @+1 {{result 0 ('tensor<1x4294967296x1x1xf32>', 17179869184 bytes) does not fit the accelerator's DRAM (4294967296 bytes)}}
  %y = accel.zero_insert %x {stride = array<i64: 1, 1>, pad = array<i64: 4294967294, 0, 0, 0>} : (tensor<1x2x2x1xf32>) -> tensor<1x4294967296x1x1xf32>
  return %y : tensor<1x4294967296x1x1xf32>
}

// -----

func.func @f(%x: tensor<4611686018427387904x4611686018427387904xi8>) -> tensor<16xi8> {
  // expected-error @+1 {{'accel.reshape' op operand 0 ('tensor<4611686018427387904x4611686018427387904xi8>', over 2^63 bytes) does not fit the accelerator's DRAM}}
  %y = accel.reshape %x : (tensor<4611686018427387904x4611686018427387904xi8>) -> tensor<16xi8>
  return %y : tensor<16xi8>
}

// -----

// A dilation near 2^62: the message shows the operands, not a wrapped value
// (UBSan: signed overflow in (kernel - 1) * dilation).
func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{dilated kernel height ((3 - 1) * 4611686018427387904 + 1, beyond int64) exceeds the padded input height (8)}}
  %y = accel.conv2d %x, %w {dilation = array<i64: 4611686018427387904, 1>} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{padded input height (8 + 9223372036854775807 + 1) overflows int64}}
  %y = accel.conv2d %x, %w {pad = array<i64: 9223372036854775807, 1, 0, 0>} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}

// -----

// Target fields outside their documented ranges (docs/Targets.md).
// expected-error @+1 {{invalid #accel.target: field 'atomic_c': must be at most 65536}}
module attributes {accel.target = #accel.target<{name = "t", atomic_c = 1099511627776 : i64, atomic_k = 8 : i64, input_buffer_bytes = 8192 : i64, weight_buffer_bytes = 8192 : i64, acc_buffer_bytes = 8192 : i64, dram_bytes_per_cycle = 8.0 : f64, dram_latency_cycles = 10 : i64, clock_mhz = 500.0 : f64, data_bits = 8 : i64, acc_bits = 32 : i64, max_kernel = 3 : i64, max_stride = 2 : i64, max_dilation = 2 : i64, max_pad = 1 : i64, max_channels = 64 : i64, energy_mac_pj = 0.1 : f64, energy_input_buffer_pj_per_byte = 1.0 : f64, energy_weight_buffer_pj_per_byte = 1.0 : f64, energy_acc_buffer_pj_per_byte = 1.0 : f64, energy_dram_pj_per_byte = 50.0 : f64}>} {}

// -----

// expected-error @+1 {{invalid #accel.target: field 'atomic_c': integer does not fit in 64 bits}}
module attributes {accel.target = #accel.target<{name = "t", atomic_c = 100000000000000000000 : i128}>} {}

// -----

// expected-error @+1 {{invalid #accel.target: field 'dram_bytes_per_cycle': must be at least 0.001, got 1e-300}}
module attributes {accel.target = #accel.target<{name = "t", atomic_c = 8, atomic_k = 8, input_buffer_bytes = 8192, weight_buffer_bytes = 8192, acc_buffer_bytes = 8192, dram_bytes_per_cycle = 1.0e-300, dram_latency_cycles = 10, clock_mhz = 500.0, data_bits = 8, acc_bits = 32, max_kernel = 3, max_stride = 2, max_dilation = 2, max_pad = 1, max_channels = 64, energy_mac_pj = 0.1, energy_input_buffer_pj_per_byte = 1.0, energy_weight_buffer_pj_per_byte = 1.0, energy_acc_buffer_pj_per_byte = 1.0, energy_dram_pj_per_byte = 50.0}>} {}

// -----

// expected-error @+1 {{invalid #accel.target: field 'data_bits': must be 8, 16 or 32}}
module attributes {accel.target = #accel.target<{name = "t", atomic_c = 8, atomic_k = 8, input_buffer_bytes = 8192, weight_buffer_bytes = 8192, acc_buffer_bytes = 8192, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 10, clock_mhz = 500.0, data_bits = 12, acc_bits = 32, max_kernel = 3, max_stride = 2, max_dilation = 2, max_pad = 1, max_channels = 64, energy_mac_pj = 0.1, energy_input_buffer_pj_per_byte = 1.0, energy_weight_buffer_pj_per_byte = 1.0, energy_acc_buffer_pj_per_byte = 1.0, energy_dram_pj_per_byte = 50.0}>} {}

// -----

// expected-error @+1 {{invalid #accel.target: field 'acc_bits': must be at least data_bits}}
module attributes {accel.target = #accel.target<{name = "t", atomic_c = 8, atomic_k = 8, input_buffer_bytes = 8192, weight_buffer_bytes = 8192, acc_buffer_bytes = 8192, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 10, clock_mhz = 500.0, data_bits = 8, acc_bits = 4, max_kernel = 3, max_stride = 2, max_dilation = 2, max_pad = 1, max_channels = 64, energy_mac_pj = 0.1, energy_input_buffer_pj_per_byte = 1.0, energy_weight_buffer_pj_per_byte = 1.0, energy_acc_buffer_pj_per_byte = 1.0, energy_dram_pj_per_byte = 50.0}>} {}

// -----

// expected-error @+1 {{invalid #accel.target: field 'max_pad': must be non-negative}}
module attributes {accel.target = #accel.target<{name = "t", atomic_c = 8, atomic_k = 8, input_buffer_bytes = 8192, weight_buffer_bytes = 8192, acc_buffer_bytes = 8192, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 10, clock_mhz = 500.0, data_bits = 8, acc_bits = 32, max_kernel = 3, max_stride = 2, max_dilation = 2, max_pad = -1, max_channels = 64, energy_mac_pj = 0.1, energy_input_buffer_pj_per_byte = 1.0, energy_weight_buffer_pj_per_byte = 1.0, energy_acc_buffer_pj_per_byte = 1.0, energy_dram_pj_per_byte = 50.0}>} {}

// -----

// expected-error @+1 {{invalid #accel.target: field 'atomic_k': must be positive}}
module attributes {accel.target = #accel.target<{name = "t", atomic_c = 8, atomic_k = 0, input_buffer_bytes = 8192, weight_buffer_bytes = 8192, acc_buffer_bytes = 8192, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 10, clock_mhz = 500.0, data_bits = 8, acc_bits = 32, max_kernel = 3, max_stride = 2, max_dilation = 2, max_pad = 1, max_channels = 64, energy_mac_pj = 0.1, energy_input_buffer_pj_per_byte = 1.0, energy_weight_buffer_pj_per_byte = 1.0, energy_acc_buffer_pj_per_byte = 1.0, energy_dram_pj_per_byte = 50.0}>} {}

// -----

// expected-error @+1 {{invalid #accel.target: field 'name': must be a non-empty string}}
module attributes {accel.target = #accel.target<{name = "", atomic_c = 8, atomic_k = 8, input_buffer_bytes = 8192, weight_buffer_bytes = 8192, acc_buffer_bytes = 8192, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 10, clock_mhz = 500.0, data_bits = 8, acc_bits = 32, max_kernel = 3, max_stride = 2, max_dilation = 2, max_pad = 1, max_channels = 64, energy_mac_pj = 0.1, energy_input_buffer_pj_per_byte = 1.0, energy_weight_buffer_pj_per_byte = 1.0, energy_acc_buffer_pj_per_byte = 1.0, energy_dram_pj_per_byte = 50.0}>} {}

// -----

// expected-error @+1 {{invalid #accel.target: field 'clock_mhz': expected a number}}
module attributes {accel.target = #accel.target<{name = "t", atomic_c = 8, atomic_k = 8, input_buffer_bytes = 8192, weight_buffer_bytes = 8192, acc_buffer_bytes = 8192, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 10, clock_mhz = "fast", data_bits = 8, acc_bits = 32, max_kernel = 3, max_stride = 2, max_dilation = 2, max_pad = 1, max_channels = 64, energy_mac_pj = 0.1, energy_input_buffer_pj_per_byte = 1.0, energy_weight_buffer_pj_per_byte = 1.0, energy_acc_buffer_pj_per_byte = 1.0, energy_dram_pj_per_byte = 50.0}>} {}

// -----

// expected-error @+1 {{invalid #accel.target: field 'atomic_c': expected a string, integer or float attribute}}
module attributes {accel.target = #accel.target<{name = "t", atomic_c = true, atomic_k = 8, input_buffer_bytes = 8192, weight_buffer_bytes = 8192, acc_buffer_bytes = 8192, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 10, clock_mhz = 500.0, data_bits = 8, acc_bits = 32, max_kernel = 3, max_stride = 2, max_dilation = 2, max_pad = 1, max_channels = 64, energy_mac_pj = 0.1, energy_input_buffer_pj_per_byte = 1.0, energy_weight_buffer_pj_per_byte = 1.0, energy_acc_buffer_pj_per_byte = 1.0, energy_dram_pj_per_byte = 50.0}>} {}

// -----

// expected-error @+1 {{invalid #accel.target: field 'energy_dram_pj_per_byte': missing}}
module attributes {accel.target = #accel.target<{name = "t", atomic_c = 8, atomic_k = 8, input_buffer_bytes = 8192, weight_buffer_bytes = 8192, acc_buffer_bytes = 8192, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 10, clock_mhz = 500.0, data_bits = 8, acc_bits = 32, max_kernel = 3, max_stride = 2, max_dilation = 2, max_pad = 1, max_channels = 64, energy_mac_pj = 0.1, energy_input_buffer_pj_per_byte = 1.0, energy_weight_buffer_pj_per_byte = 1.0, energy_acc_buffer_pj_per_byte = 1.0}>} {}

// -----

// expected-error @+1 {{invalid #accel.target: field 'atomic_z': unknown field}}
module attributes {accel.target = #accel.target<{name = "t", atomic_c = 8, atomic_k = 8, input_buffer_bytes = 8192, weight_buffer_bytes = 8192, acc_buffer_bytes = 8192, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 10, clock_mhz = 500.0, data_bits = 8, acc_bits = 32, max_kernel = 3, max_stride = 2, max_dilation = 2, max_pad = 1, max_channels = 64, energy_mac_pj = 0.1, energy_input_buffer_pj_per_byte = 1.0, energy_weight_buffer_pj_per_byte = 1.0, energy_acc_buffer_pj_per_byte = 1.0, energy_dram_pj_per_byte = 50.0, atomic_z = 1}>} {}

// -----

// expected-error @+1 {{invalid #accel.target: field 'atomic_c' given twice}}
module attributes {accel.target = #accel.target<{name = "t", atomic_c = 8, atomic_k = 8, input_buffer_bytes = 8192, weight_buffer_bytes = 8192, acc_buffer_bytes = 8192, dram_bytes_per_cycle = 8.0, dram_latency_cycles = 10, clock_mhz = 500.0, data_bits = 8, acc_bits = 32, max_kernel = 3, max_stride = 2, max_dilation = 2, max_pad = 1, max_channels = 64, energy_mac_pj = 0.1, energy_input_buffer_pj_per_byte = 1.0, energy_weight_buffer_pj_per_byte = 1.0, energy_acc_buffer_pj_per_byte = 1.0, energy_dram_pj_per_byte = 50.0, atomic_c = 16}>} {}

// -----

func.func @f(%x: tensor<1x4x40x3xi8>) -> tensor<1x4x32x26xi8> {
  // expected-error @+1 {{result shape must be 1x4x32x27 (N x H x (W - kernel_w) / stride_w + 1 x kernel_w * C)}}
  %y = accel.window %x {kernel_w = 9 : i64, stride_w = 1 : i64} : (tensor<1x4x40x3xi8>) -> tensor<1x4x32x26xi8>
  return %y : tensor<1x4x32x26xi8>
}

// -----

func.func @f(%x: tensor<1x4x4x3xi8>) -> tensor<1x4x1x27xi8> {
  // expected-error @+1 {{kernel_w 9 exceeds the input width 4}}
  %y = accel.window %x {kernel_w = 9 : i64, stride_w = 1 : i64} : (tensor<1x4x4x3xi8>) -> tensor<1x4x1x27xi8>
  return %y : tensor<1x4x1x27xi8>
}

// -----

func.func @f(%x: tensor<1x4x8x3xi8>) -> tensor<1x4x8x3xf32> {
  // expected-error @+1 {{element type must not change ('i8' vs 'f32')}}
  %y = accel.window %x {kernel_w = 1 : i64, stride_w = 1 : i64} : (tensor<1x4x8x3xi8>) -> tensor<1x4x8x3xf32>
  return %y : tensor<1x4x8x3xf32>
}

// -----

func.func @f(%x: tensor<4x8x3xi8>) -> tensor<4x8x3xi8> {
  // expected-error @+1 {{operates on NHWC tensors (rank 4), got rank 3 -> 3}}
  %y = accel.window %x {kernel_w = 1 : i64, stride_w = 1 : i64} : (tensor<4x8x3xi8>) -> tensor<4x8x3xi8>
  return %y : tensor<4x8x3xi8>
}

// -----

func.func @f(%x: tensor<1x4x8x3xi8>) -> tensor<1x4x8x3xi8> {
  // expected-error @+1 {{attribute 'stride_w' failed to satisfy constraint}}
  %y = accel.window %x {kernel_w = 1 : i64, stride_w = 0 : i64} : (tensor<1x4x8x3xi8>) -> tensor<1x4x8x3xi8>
  return %y : tensor<1x4x8x3xi8>
}

// -----

func.func @f(%x: tensor<1x9x8x3xi8>) -> tensor<1x5x8x3xi8> {
  // expected-error @+1 {{the last row (2 + (5 - 1) * 2) lies outside the input height 9}}
  %y = accel.slice %x {offsets = array<i64: 2, 0>, strides = array<i64: 2, 1>} : (tensor<1x9x8x3xi8>) -> tensor<1x5x8x3xi8>
  return %y : tensor<1x5x8x3xi8>
}

// -----

func.func @f(%x: tensor<1x9x8x3xi8>) -> tensor<1x4x8x3xi8> {
  // expected-error @+1 {{offsets must be >= 0 and strides >= 1, got 0 and 0}}
  %y = accel.slice %x {offsets = array<i64: 0, 0>, strides = array<i64: 0, 1>} : (tensor<1x9x8x3xi8>) -> tensor<1x4x8x3xi8>
  return %y : tensor<1x4x8x3xi8>
}

// -----

func.func @f(%x: tensor<1x9x8x3xi8>) -> tensor<1x4x8x3xi8> {
  // expected-error @+1 {{offsets and strides take 2 values (H, W), got 1 and 2}}
  %y = accel.slice %x {offsets = array<i64: 0>, strides = array<i64: 2, 1>} : (tensor<1x9x8x3xi8>) -> tensor<1x4x8x3xi8>
  return %y : tensor<1x4x8x3xi8>
}

// -----

func.func @f(%x: tensor<1x9x8x3xi8>) -> tensor<1x4x8x2xi8> {
  // expected-error @+1 {{dimension 3 must not change (3 vs 2)}}
  %y = accel.slice %x {offsets = array<i64: 0, 0>, strides = array<i64: 2, 1>} : (tensor<1x9x8x3xi8>) -> tensor<1x4x8x2xi8>
  return %y : tensor<1x4x8x2xi8>
}

// -----

func.func @f(%x: tensor<1x9x8x3xi8>) -> tensor<1x4x8x3xi8> {
  // expected-error @+1 {{the last column (8 + (8 - 1) * 1) lies outside the input width 8}}
  %y = accel.slice %x {offsets = array<i64: 0, 8>, strides = array<i64: 2, 1>} : (tensor<1x9x8x3xi8>) -> tensor<1x4x8x3xi8>
  return %y : tensor<1x4x8x3xi8>
}
