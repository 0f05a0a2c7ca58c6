// Limits checked at the TOSA op from shapes, before anything is allocated:
// one error each, in milliseconds and a few tens of MB (each case once ran
// out of memory, hung, or failed much later in accel-translate).
// RUN: accel-opt %s -split-input-file -verify-diagnostics --convert-tosa-to-accel

// Splat weights 1024x7x7x65536 (a tiny file, 13 GB as a kernel): the target's
// channel limit comes first; the sub-kernels are never gathered.
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @splat_giant_weights(%x: tensor<1x4x4x65536xf32>) -> tensor<1x13x13x1024xf32> {
    %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %b = "tosa.const"() <{values = dense<0.0> : tensor<1024xf32>}> : () -> tensor<1024xf32>
    %w = "tosa.const"() <{values = dense<1.0> : tensor<1024x7x7x65536xf32>}> : () -> tensor<1024x7x7x65536xf32>
    // expected-error @+1 {{'tosa.transpose_conv2d' op cannot run on target 'nvdla-small' (strategy split, phase (0, 0) convolution): input channels 65536 exceeds the target 'nvdla-small' maximum of 8192 (max_channels)}}
    %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x65536xf32>, tensor<1024x7x7x65536xf32>, tensor<1024xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x13x13x1024xf32>
    return %0 : tensor<1x13x13x1024xf32>
  }
}

// -----

// Without a target the same weights exceed the DRAM the program addresses.
func.func @splat_giant_weights_no_target(%x: tensor<1x4x4x65536xf32>) -> tensor<1x13x13x1024xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1024xf32>}> : () -> tensor<1024xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1024x7x7x65536xf32>}> : () -> tensor<1024x7x7x65536xf32>
  // expected-error @+1 {{'tosa.transpose_conv2d' op cannot be lowered: split needs more DRAM than the accelerator addresses (4294967296 bytes): input 1x4x4x65536, result 1x13x13x1024, kernels 13153337344 bytes; split the layer into smaller tensors}}
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x65536xf32>, tensor<1024x7x7x65536xf32>, tensor<1024xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x13x13x1024xf32>
  return %0 : tensor<1x13x13x1024xf32>
}

// -----

// Stride 10^5: 10^10 phases (the plan once allocated them and aborted).
func.func @stride_100000(%x: tensor<1x2x2x1xf32>) -> tensor<1x100003x100003x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x3x3x1xf32>}> : () -> tensor<1x3x3x1xf32>
  // expected-error @+1 {{'tosa.transpose_conv2d' op cannot be lowered: split makes 10000000000 accelerator layers (one per phase of stride 100000x100000), more than a program holds (65535); use a smaller stride or strategy=stacked / zero-insert}}
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 100000, 100000>} : (tensor<1x2x2x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x100003x100003x1xf32>
  return %0 : tensor<1x100003x100003x1xf32>
}

// -----

// Stride 300: 90,000 layers (accel-translate once ran 577 s before saying so).
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @stride_300(%x: tensor<1x2x2x1xf32>) -> tensor<1x303x303x1xf32> {
    %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %w = "tosa.const"() <{values = dense<1.0> : tensor<1x3x3x1xf32>}> : () -> tensor<1x3x3x1xf32>
    // expected-error @+1 {{split makes 90000 accelerator layers (one per phase of stride 300x300), more than a program holds (65535)}}
    %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 300, 300>} : (tensor<1x2x2x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x303x303x1xf32>
    return %0 : tensor<1x303x303x1xf32>
  }
}

// -----

// The first stride the layer limit rejects.
func.func @stride_256(%x: tensor<1x2x2x1xf32>) -> tensor<1x259x259x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x3x3x1xf32>}> : () -> tensor<1x3x3x1xf32>
  // expected-error @+1 {{split makes 65536 accelerator layers (one per phase of stride 256x256), more than a program holds (65535)}}
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 256, 256>} : (tensor<1x2x2x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x259x259x1xf32>
  return %0 : tensor<1x259x259x1xf32>
}

// -----

// A 1x65536x65536x1024 input (16 TiB): the split/auto strategies once hung.
// Its rows are more than a program addresses (checked with the
// target's limits, ahead of the DRAM the strategy needs).
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @huge_spatial(%x: tensor<1x65536x65536x1024xf32>) -> tensor<1x131073x131073x1xf32> {
    %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %w = "tosa.const"() <{values = dense<1.0> : tensor<1x3x3x1024xf32>}> : () -> tensor<1x3x3x1024xf32>
    // expected-error @+1 {{'tosa.transpose_conv2d' op cannot run on target 'nvdla-small' (strategy split, phase (0, 0) convolution): input height 65536 exceeds what a program can encode: at most 65535 (16-bit LOAD_INPUT tensor_h field)}}
    %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x65536x65536x1024xf32>, tensor<1x3x3x1024xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x131073x131073x1xf32>
    return %0 : tensor<1x131073x131073x1xf32>
  }
}

// -----

// int8 without a rescale: one error at the TOSA op (not one per phase -- 15
// of the 16 phases are bias-only -- and not a late accel-translate error on
// the intermediate file).
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @bias_only_phases_int8(%x: tensor<1x2x2x1xi8>) -> tensor<1x5x5x1xi32> {
    %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %b = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
    %w = "tosa.const"() <{values = dense<1> : tensor<1x1x1x1xi8>}> : () -> tensor<1x1x1x1xi8>
    // expected-error @+1 {{int8 layer: its i32 accumulators are not requantized, and the accelerator stores only i8 results; follow it with a tosa.rescale to i8 (see docs/Conversion.md for the forms accepted)}}
    %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = i32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 4, 4>} : (tensor<1x2x2x1xi8>, tensor<1x1x1x1xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x5x5x1xi32>
    return %0 : tensor<1x5x5x1xi32>
  }
}

// -----

// Bias-only phases (K < S) of a 4096-channel layer on diannao: their fills
// once failed ("one output row does not fit", printed for each of the 15
// fills); the plane schedules now split channels, so the layer converts.
module attributes {accel.target = #accel.target<"diannao">} {
  func.func @bias_only_fill_too_wide(%x: tensor<1x2x2x1xf32>) -> tensor<1x5x5x4096xf32> {
    %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %b = "tosa.const"() <{values = dense<0.0> : tensor<4096xf32>}> : () -> tensor<4096xf32>
    %w = "tosa.const"() <{values = dense<1.0> : tensor<4096x1x1x1xf32>}> : () -> tensor<4096x1x1x1xf32>
    %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 4, 4>} : (tensor<1x2x2x1xf32>, tensor<4096x1x1x1xf32>, tensor<4096xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x5x4096xf32>
    return %0 : tensor<1x5x5x4096xf32>
  }
}

// -----

// Unranked tensors (f32!) are reported as such, not as an element type.
func.func @unranked(%x: tensor<*xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'tosa.tanh' op has an unranked or dynamic tensor shape; accel supports only static shapes}}
  %0 = tosa.tanh %x : (tensor<*xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// A conv2d whose input does not fit the DRAM: an error before converting.
func.func @conv_huge(%x: tensor<1x65536x65536x4xf32>) -> tensor<1x65536x65536x4xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<4xf32>}> : () -> tensor<4xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<4x1x1x4xf32>}> : () -> tensor<4x1x1x4xf32>
  // expected-error @+1 {{'tosa.conv2d' op operand 0 ('tensor<1x65536x65536x4xf32>', 68719476736 bytes) does not fit the accelerator's DRAM (4294967296 bytes); split the layer into smaller tensors}}
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x65536x65536x4xf32>, tensor<4x1x1x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x65536x65536x4xf32>
  return %0 : tensor<1x65536x65536x4xf32>
}

// -----

// A 1-D conv over 65,536 samples: the padded row does not fit LOAD_INPUT's
// 16-bit tensor_w, whatever the target allows (it once converted, was priced
// and failed in accel-translate). Checked at the op, before any tiling.
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @row_wider_than_a_program_addresses(%x: tensor<1x1x65536x8xf32>) -> tensor<1x1x65536x8xf32> {
    %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %b = "tosa.const"() <{values = dense<0.0> : tensor<8xf32>}> : () -> tensor<8xf32>
    %w = "tosa.const"() <{values = dense<0.5> : tensor<8x1x3x8xf32>}> : () -> tensor<8x1x3x8xf32>
    // expected-error @+1 {{'tosa.conv2d' op cannot run on target 'nvdla-small': input width 65536 exceeds what a program can encode: at most 65535 (16-bit LOAD_INPUT tensor_w field)}}
    %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x1x65536x8xf32>, tensor<8x1x3x8xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x65536x8xf32>
    return %0 : tensor<1x1x65536x8xf32>
  }
}
