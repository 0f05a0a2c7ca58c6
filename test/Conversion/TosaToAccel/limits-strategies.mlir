// The same limits for the other strategies: every strategy checks the DRAM
// its program needs (stacked once accepted a 1x65536x65536x1024 input with a
// 17.8 TB memory plan), and the split plan bounds its phases for all.
// (Rows of 32,768: at 65,536 the input is more than a program addresses, a
// check that comes first.)
// RUN: accel-opt %s -split-input-file -verify-diagnostics "--convert-tosa-to-accel=strategy=stacked"
// RUN: accel-opt %s -split-input-file -verify-diagnostics "--convert-tosa-to-accel=strategy=zero-insert"
// RUN: accel-opt %s -split-input-file -verify-diagnostics "--convert-tosa-to-accel=strategy=auto"

module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @huge_spatial(%x: tensor<1x32768x32768x1024xf32>) -> tensor<1x65537x65537x1xf32> {
    %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %w = "tosa.const"() <{values = dense<1.0> : tensor<1x3x3x1024xf32>}> : () -> tensor<1x3x3x1024xf32>
    // expected-error @+1 {{needs more DRAM than the accelerator addresses (4294967296 bytes): input 1x32768x32768x1024, result 1x65537x65537x1}}
    %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x32768x32768x1024xf32>, tensor<1x3x3x1024xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x65537x65537x1xf32>
    return %0 : tensor<1x65537x65537x1xf32>
  }
}

// -----

module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @stride_2_31(%x: tensor<1x1x1x1xf32>) -> tensor<1x3x3x1xf32> {
    %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %w = "tosa.const"() <{values = dense<1.0> : tensor<1x3x3x1xf32>}> : () -> tensor<1x3x3x1xf32>
    // expected-error @+1 {{cannot be planned: stride 2147483648}}
    %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2147483648, 2147483648>} : (tensor<1x1x1x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x1xf32>
    return %0 : tensor<1x3x3x1xf32>
  }
}

