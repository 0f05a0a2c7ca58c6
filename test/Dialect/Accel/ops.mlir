// Every accel op and attribute round-trips through the pretty and the
// generic form.
// RUN: accel-opt %s -split-input-file | accel-opt -split-input-file | FileCheck %s
// RUN: accel-opt %s -split-input-file --mlir-print-op-generic | accel-opt -split-input-file | FileCheck %s

// CHECK: module attributes {accel.target = #accel.target<"nvdla-small">}
module attributes {accel.target = #accel.target<"nvdla-small">} {

// CHECK-LABEL: func.func @conv_f32
// CHECK: %[[Y:.+]] = accel.conv2d %{{.+}}, %{{.+}}, %{{.+}} {dilation = array<i64: 2, 1>, pad = array<i64: 2, 2, 1, 1>, post_op = #accel.post_op<relu>, stride = array<i64: 1, 2>} : (tensor<1x8x8x16xf32>, tensor<8x3x3x16xf32>, tensor<8xf32>) -> tensor<1x8x4x8xf32>
// CHECK: return %[[Y]]
func.func @conv_f32(%x: tensor<1x8x8x16xf32>, %w: tensor<8x3x3x16xf32>, %b: tensor<8xf32>) -> tensor<1x8x4x8xf32> {
  %y = accel.conv2d %x, %w, %b {stride = array<i64: 1, 2>, dilation = array<i64: 2, 1>, pad = array<i64: 2, 2, 1, 1>, post_op = #accel.post_op<relu>} : (tensor<1x8x8x16xf32>, tensor<8x3x3x16xf32>, tensor<8xf32>) -> tensor<1x8x4x8xf32>
  return %y : tensor<1x8x4x8xf32>
}

// CHECK-LABEL: func.func @conv_i8_per_channel
// CHECK: accel.conv2d %{{.+}}, %{{.+}}, %{{.+}} scales %{{.+}} {output_zp = -128 : i32, requant_double_round} : (tensor<1x8x8x16xi8>, tensor<8x3x3x16xi8>, tensor<8xi32>, tensor<8x2xi32>) -> tensor<1x6x6x8xi8>
// CHECK: accel.bias_fill %{{.+}} scales %{{.+}} {output_zp = 127 : i32} : (tensor<8xi32>, tensor<8x2xi32>) -> tensor<1x2x2x8xi8>
func.func @conv_i8_per_channel(%x: tensor<1x8x8x16xi8>, %w: tensor<8x3x3x16xi8>, %b: tensor<8xi32>, %s: tensor<8x2xi32>) -> (tensor<1x6x6x8xi8>, tensor<1x2x2x8xi8>) {
  %y = accel.conv2d %x, %w, %b scales %s {requant_double_round, output_zp = -128 : i32} : (tensor<1x8x8x16xi8>, tensor<8x3x3x16xi8>, tensor<8xi32>, tensor<8x2xi32>) -> tensor<1x6x6x8xi8>
  %f = accel.bias_fill %b scales %s {output_zp = 127 : i32} : (tensor<8xi32>, tensor<8x2xi32>) -> tensor<1x2x2x8xi8>
  return %y, %f : tensor<1x6x6x8xi8>, tensor<1x2x2x8xi8>
}

// CHECK-LABEL: func.func @conv_negative_pad
// CHECK: accel.conv2d %{{.+}}, %{{.+}} {pad = array<i64: -1, 0, -2, 0>} : (tensor<1x8x8x16xf32>, tensor<8x2x2x16xf32>) -> tensor<1x6x5x8xf32>
func.func @conv_negative_pad(%x: tensor<1x8x8x16xf32>, %w: tensor<8x2x2x16xf32>) -> tensor<1x6x5x8xf32> {
  // A crop: the first window starts at input row 1, column 2.
  %y = accel.conv2d %x, %w {pad = array<i64: -1, 0, -2, 0>} : (tensor<1x8x8x16xf32>, tensor<8x2x2x16xf32>) -> tensor<1x6x5x8xf32>
  return %y : tensor<1x6x5x8xf32>
}

// CHECK-LABEL: func.func @conv_no_bias_grouped_clamp
// CHECK: accel.conv2d %{{.+}}, %{{.+}} {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32, groups = 2 : i64, post_op = #accel.post_op<clamp>} : (tensor<2x4x4x8xf32>, tensor<6x1x1x4xf32>) -> tensor<2x4x4x6xf32>
func.func @conv_no_bias_grouped_clamp(%x: tensor<2x4x4x8xf32>, %w: tensor<6x1x1x4xf32>) -> tensor<2x4x4x6xf32> {
  %y = accel.conv2d %x, %w {groups = 2, post_op = #accel.post_op<clamp>, clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : (tensor<2x4x4x8xf32>, tensor<6x1x1x4xf32>) -> tensor<2x4x4x6xf32>
  return %y : tensor<2x4x4x6xf32>
}

// CHECK-LABEL: func.func @conv_int8_requant
// CHECK: accel.conv2d %{{.+}}, %{{.+}}, %{{.+}} {input_zp = -3 : i32, leaky_alpha = 1.000000e-01 : f32, output_zp = 5 : i32, post_op = #accel.post_op<leaky_relu>, requant_multiplier = 1073741824 : i32, requant_shift = 36 : i32, weight_zp = 2 : i32} : (tensor<1x5x5x4xi8>, tensor<4x3x3x4xi8>, tensor<4xi32>) -> tensor<1x3x3x4xi8>
func.func @conv_int8_requant(%x: tensor<1x5x5x4xi8>, %w: tensor<4x3x3x4xi8>, %b: tensor<4xi32>) -> tensor<1x3x3x4xi8> {
  %y = accel.conv2d %x, %w, %b {input_zp = -3 : i32, weight_zp = 2 : i32, post_op = #accel.post_op<leaky_relu>, leaky_alpha = 0.1 : f32, requant_multiplier = 1073741824 : i32, requant_shift = 36 : i32, output_zp = 5 : i32} : (tensor<1x5x5x4xi8>, tensor<4x3x3x4xi8>, tensor<4xi32>) -> tensor<1x3x3x4xi8>
  return %y : tensor<1x3x3x4xi8>
}

// CHECK-LABEL: func.func @conv_int8_raw_accumulators
// CHECK: accel.conv2d %{{.+}}, %{{.+}} : (tensor<1x5x5x4xi8>, tensor<4x3x3x4xi8>) -> tensor<1x3x3x4xi32>
func.func @conv_int8_raw_accumulators(%x: tensor<1x5x5x4xi8>, %w: tensor<4x3x3x4xi8>) -> tensor<1x3x3x4xi32> {
  %y = accel.conv2d %x, %w : (tensor<1x5x5x4xi8>, tensor<4x3x3x4xi8>) -> tensor<1x3x3x4xi32>
  return %y : tensor<1x3x3x4xi32>
}

// CHECK-LABEL: func.func @bias_fill
// CHECK: accel.bias_fill %{{.+}} {post_op = #accel.post_op<tanh>} : (tensor<16xf32>) -> tensor<1x4x4x16xf32>
func.func @bias_fill(%b: tensor<16xf32>) -> tensor<1x4x4x16xf32> {
  %y = accel.bias_fill %b {post_op = #accel.post_op<tanh>} : (tensor<16xf32>) -> tensor<1x4x4x16xf32>
  return %y : tensor<1x4x4x16xf32>
}

// Phases of different sizes (output 5 with stride 2: 3 rows + 2 rows).
// CHECK-LABEL: func.func @depth_to_space_phases
// CHECK: accel.depth_to_space %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}} {block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>, origins_w = array<i64: 1, 0>}
func.func @depth_to_space_phases(%a: tensor<1x3x2x8xf32>, %b: tensor<1x3x3x8xf32>, %c: tensor<1x2x2x8xf32>, %d: tensor<1x2x3x8xf32>) -> tensor<1x5x5x8xf32> {
  %y = accel.depth_to_space %a, %b, %c, %d {block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>, origins_w = array<i64: 1, 0>} : (tensor<1x3x2x8xf32>, tensor<1x3x3x8xf32>, tensor<1x2x2x8xf32>, tensor<1x2x3x8xf32>) -> tensor<1x5x5x8xf32>
  return %y : tensor<1x5x5x8xf32>
}

// Stacked form: one operand with block_h * block_w channel groups, cropped.
// CHECK-LABEL: func.func @depth_to_space_stacked
// CHECK: accel.depth_to_space %{{.+}} {block = array<i64: 2, 2>, origins_h = array<i64: -1, 0>, origins_w = array<i64: -1, 0>} : (tensor<1x3x3x12xf32>) -> tensor<1x5x5x3xf32>
func.func @depth_to_space_stacked(%a: tensor<1x3x3x12xf32>) -> tensor<1x5x5x3xf32> {
  %y = accel.depth_to_space %a {block = array<i64: 2, 2>, origins_h = array<i64: -1, 0>, origins_w = array<i64: -1, 0>} : (tensor<1x3x3x12xf32>) -> tensor<1x5x5x3xf32>
  return %y : tensor<1x5x5x3xf32>
}

// CHECK-LABEL: func.func @zero_insert
// CHECK: accel.zero_insert %{{.+}} {pad = array<i64: 2, 3, -1, 0>, stride = array<i64: 2, 3>} : (tensor<1x4x4x8xf32>) -> tensor<1x12x9x8xf32>
// CHECK: accel.zero_insert %{{.+}} {fill = -5 : i32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x8xi8>) -> tensor<1x3x3x8xi8>
func.func @zero_insert(%x: tensor<1x4x4x8xf32>, %q: tensor<1x2x2x8xi8>) -> (tensor<1x12x9x8xf32>, tensor<1x3x3x8xi8>) {
  %z = accel.zero_insert %x {stride = array<i64: 2, 3>, pad = array<i64: 2, 3, -1, 0>} : (tensor<1x4x4x8xf32>) -> tensor<1x12x9x8xf32>
  %r = accel.zero_insert %q {stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, fill = -5 : i32} : (tensor<1x2x2x8xi8>) -> tensor<1x3x3x8xi8>
  return %z, %r : tensor<1x12x9x8xf32>, tensor<1x3x3x8xi8>
}

// CHECK-LABEL: func.func @add_concat_reshape
// CHECK: accel.add %{{.+}}, %{{.+}} {post_op = #accel.post_op<relu>} : tensor<1x4x4x8xf32>
// CHECK: accel.concat %{{.+}}, %{{.+}} : (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x16xf32>
// CHECK: accel.reshape %{{.+}} : (tensor<1x4x4x16xf32>) -> tensor<1x256xf32>
func.func @add_concat_reshape(%a: tensor<1x4x4x8xf32>, %b: tensor<1x4x4x8xf32>) -> tensor<1x256xf32> {
  %s = accel.add %a, %b {post_op = #accel.post_op<relu>} : tensor<1x4x4x8xf32>
  %c = accel.concat %s, %b : (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x16xf32>
  %r = accel.reshape %c : (tensor<1x4x4x16xf32>) -> tensor<1x256xf32>
  return %r : tensor<1x256xf32>
}

// CHECK-LABEL: func.func @window
// CHECK: accel.window %{{.+}} {kernel_w = 9 : i64, stride_w = 1 : i64} : (tensor<1x4x40x3xi8>) -> tensor<1x4x32x27xi8>
// CHECK: accel.window %{{.+}} {kernel_w = 3 : i64, stride_w = 2 : i64} : (tensor<1x4x40x3xi8>) -> tensor<1x4x19x9xi8>
func.func @window(%x: tensor<1x4x40x3xi8>) -> (tensor<1x4x32x27xi8>, tensor<1x4x19x9xi8>) {
  %a = accel.window %x {kernel_w = 9 : i64, stride_w = 1 : i64} : (tensor<1x4x40x3xi8>) -> tensor<1x4x32x27xi8>
  %b = accel.window %x {kernel_w = 3 : i64, stride_w = 2 : i64} : (tensor<1x4x40x3xi8>) -> tensor<1x4x19x9xi8>
  return %a, %b : tensor<1x4x32x27xi8>, tensor<1x4x19x9xi8>
}

// CHECK-LABEL: func.func @slice
// CHECK: accel.slice %{{.+}} {offsets = array<i64: 2, 0>, strides = array<i64: 2, 1>} : (tensor<1x9x8x3xi8>) -> tensor<1x4x8x3xi8>
func.func @slice(%x: tensor<1x9x8x3xi8>) -> tensor<1x4x8x3xi8> {
  %s = accel.slice %x {offsets = array<i64: 2, 0>, strides = array<i64: 2, 1>} : (tensor<1x9x8x3xi8>) -> tensor<1x4x8x3xi8>
  return %s : tensor<1x4x8x3xi8>
}

// CHECK-LABEL: func.func @all_post_ops
func.func @all_post_ops(%a: tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32> {
  // CHECK: accel.add {{.+}} : tensor<1x2x2x4xf32>
  // CHECK: accel.add {{.+}} {post_op = #accel.post_op<sigmoid>}
  // CHECK: accel.add {{.+}} {post_op = #accel.post_op<tanh>}
  %0 = accel.add %a, %a {post_op = #accel.post_op<none>} : tensor<1x2x2x4xf32>
  %1 = accel.add %0, %a {post_op = #accel.post_op<sigmoid>} : tensor<1x2x2x4xf32>
  %2 = accel.add %1, %a {post_op = #accel.post_op<tanh>} : tensor<1x2x2x4xf32>
  return %2 : tensor<1x2x2x4xf32>
}
}

// -----
// The dictionary form of the target round-trips too: typed fields, printed
// in the documented order.
// CHECK: module attributes {accel.target = #accel.target<{name = "tiny", dataflow = "output-stationary", atomic_c = 4, atomic_k = 4, input_buffer_bytes = 8192, weight_buffer_bytes = 4096, acc_buffer_bytes = 4096, dram_bytes_per_cycle = 2.500000e+00, dram_latency_cycles = 10, clock_mhz = 5.000000e+02, data_bits = 8, acc_bits = 32, max_kernel = 3, max_stride = 2, max_dilation = 2, max_pad = 1, max_channels = 64, energy_mac_pj = 1.000000e-01, energy_input_buffer_pj_per_byte = 1.000000e+00, energy_weight_buffer_pj_per_byte = 1.000000e+00, energy_acc_buffer_pj_per_byte = 1.000000e+00, energy_dram_pj_per_byte = 5.000000e+01}>}
module attributes {accel.target = #accel.target<{name = "tiny", dataflow = "output-stationary", atomic_c = 4, atomic_k = 4, input_buffer_bytes = 8192, weight_buffer_bytes = 4096, acc_buffer_bytes = 4096, dram_bytes_per_cycle = 2.5, dram_latency_cycles = 10, clock_mhz = 500.0, data_bits = 8, acc_bits = 32, max_kernel = 3, max_stride = 2, max_dilation = 2, max_pad = 1, max_channels = 64, energy_mac_pj = 0.1, energy_input_buffer_pj_per_byte = 1.0, energy_weight_buffer_pj_per_byte = 1.0, energy_acc_buffer_pj_per_byte = 1.0, energy_dram_pj_per_byte = 50.0}>} {
}

// -----
// A dictionary equal to a preset is that preset (printed by name); the old
// spelling with explicit `: i64` / `: f64` types is accepted.
// CHECK: module attributes {accel.target = #accel.target<"nvdla-small">}
module attributes {accel.target = #accel.target<{name = "nvdla-small", source = "NVDLA nv_small spec (atomic-C 8, atomic-K 8, 128 KB CBUF, 64-bit DBBIF); energies after Horowitz ISSCC 2014", dataflow = "weight-stationary", atomic_c = 8 : i64, atomic_k = 8 : i64, input_buffer_bytes = 98304 : i64, weight_buffer_bytes = 32768 : i64, acc_buffer_bytes = 32768 : i64, dram_bytes_per_cycle = 8.0 : f64, dram_latency_cycles = 200 : i64, clock_mhz = 1000.0 : f64, data_bits = 8 : i64, acc_bits = 32 : i64, max_kernel = 32 : i64, max_stride = 8 : i64, max_dilation = 32 : i64, max_pad = 31 : i64, max_channels = 8192 : i64, energy_mac_pj = 0.2 : f64, energy_input_buffer_pj_per_byte = 1.2 : f64, energy_weight_buffer_pj_per_byte = 1.2 : f64, energy_acc_buffer_pj_per_byte = 1.2 : f64, energy_dram_pj_per_byte = 80.0 : f64}>} {
}

// -----
// A preset's name with different numbers is a target of its own.
// CHECK: module attributes {accel.target = #accel.target<{name = "nvdla-small", source = "NVDLA nv_small spec {{.*}}", dataflow = "weight-stationary", atomic_c = 8, {{.*}}, max_kernel = 16, {{.*}}}>}
module attributes {accel.target = #accel.target<{name = "nvdla-small", source = "NVDLA nv_small spec (atomic-C 8, atomic-K 8, 128 KB CBUF, 64-bit DBBIF); energies after Horowitz ISSCC 2014", dataflow = "weight-stationary", atomic_c = 8 : i64, atomic_k = 8 : i64, input_buffer_bytes = 98304 : i64, weight_buffer_bytes = 32768 : i64, acc_buffer_bytes = 32768 : i64, dram_bytes_per_cycle = 8.0 : f64, dram_latency_cycles = 200 : i64, clock_mhz = 1000.0 : f64, data_bits = 8 : i64, acc_bits = 32 : i64, max_kernel = 16 : i64, max_stride = 8 : i64, max_dilation = 32 : i64, max_pad = 31 : i64, max_channels = 8192 : i64, energy_mac_pj = 0.2 : f64, energy_input_buffer_pj_per_byte = 1.2 : f64, energy_weight_buffer_pj_per_byte = 1.2 : f64, energy_acc_buffer_pj_per_byte = 1.2 : f64, energy_dram_pj_per_byte = 80.0 : f64}>} {
}
