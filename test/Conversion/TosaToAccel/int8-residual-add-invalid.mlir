// RUN: accel-opt %s -split-input-file -verify-diagnostics --convert-tosa-to-accel
// An int8 residual add (rescale -> tosa.add (i32) -> rescale) whose rescales
// the engine cannot represent: one error, on the rescale holding the
// parameter, naming it.

module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @operand_shift(%a: tensor<1x2x2x2xi8>, %b: tensor<1x2x2x2xi8>) -> tensor<1x2x2x2xi8> {
    %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %z32 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
    %ma = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
    %sa = "tosa.const"() <{values = dense<1> : tensor<1xi8>}> : () -> tensor<1xi8>
    %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
    %s = "tosa.const"() <{values = dense<11> : tensor<1xi8>}> : () -> tensor<1xi8>
    %mo = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
    %so = "tosa.const"() <{values = dense<40> : tensor<1xi8>}> : () -> tensor<1xi8>
    // expected-error @+1 {{cannot be represented by the engine's residual add: shift = 1: must be in [2, 62]}}
    %ra = tosa.rescale %a, %ma, %sa, %zp, %z32 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x2xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi32>) -> tensor<1x2x2x2xi32>
    %rb = tosa.rescale %b, %m, %s, %zp, %z32 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x2xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi32>) -> tensor<1x2x2x2xi32>
    %sum = tosa.add %ra, %rb : (tensor<1x2x2x2xi32>, tensor<1x2x2x2xi32>) -> tensor<1x2x2x2xi32>
    %y = tosa.rescale %sum, %mo, %so, %z32, %zp {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x2xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x2x2x2xi8>
    return %y : tensor<1x2x2x2xi8>
  }
}

// -----

module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @operand_per_channel(%a: tensor<1x2x2x2xi8>, %b: tensor<1x2x2x2xi8>) -> tensor<1x2x2x2xi8> {
    %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %z32 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
    %ma = "tosa.const"() <{values = dense<[1073741824, 1073741823]> : tensor<2xi32>}> : () -> tensor<2xi32>
    %sa = "tosa.const"() <{values = dense<[11, 12]> : tensor<2xi8>}> : () -> tensor<2xi8>
    %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
    %s = "tosa.const"() <{values = dense<11> : tensor<1xi8>}> : () -> tensor<1xi8>
    %mo = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
    %so = "tosa.const"() <{values = dense<40> : tensor<1xi8>}> : () -> tensor<1xi8>
    // expected-error @+1 {{cannot be represented by the engine's residual add: multiplier: must be one constant (the operand rescales of an int8 add are per tensor)}}
    %ra = tosa.rescale %a, %ma, %sa, %zp, %z32 {input_unsigned = false, output_unsigned = false, per_channel = true, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x2xi8>, tensor<2xi32>, tensor<2xi8>, tensor<1xi8>, tensor<1xi32>) -> tensor<1x2x2x2xi32>
    %rb = tosa.rescale %b, %m, %s, %zp, %z32 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x2xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi32>) -> tensor<1x2x2x2xi32>
    %sum = tosa.add %ra, %rb : (tensor<1x2x2x2xi32>, tensor<1x2x2x2xi32>) -> tensor<1x2x2x2xi32>
    %y = tosa.rescale %sum, %mo, %so, %z32, %zp {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x2xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x2x2x2xi8>
    return %y : tensor<1x2x2x2xi8>
  }
}

// -----

module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @operand_inexact(%a: tensor<1x2x2x2xi8>, %b: tensor<1x2x2x2xi8>) -> tensor<1x2x2x2xi8> {
    %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %z32 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
    %ma = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
    %sa = "tosa.const"() <{values = dense<11> : tensor<1xi8>}> : () -> tensor<1xi8>
    %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
    %s = "tosa.const"() <{values = dense<11> : tensor<1xi8>}> : () -> tensor<1xi8>
    %mo = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
    %so = "tosa.const"() <{values = dense<40> : tensor<1xi8>}> : () -> tensor<1xi8>
    // expected-error @+1 {{cannot be represented by the engine's residual add: rounding_mode: INEXACT_ROUND is implementation-defined}}
    %ra = tosa.rescale %a, %ma, %sa, %zp, %z32 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = INEXACT_ROUND, scale32 = true} : (tensor<1x2x2x2xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi32>) -> tensor<1x2x2x2xi32>
    %rb = tosa.rescale %b, %m, %s, %zp, %z32 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x2xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi32>) -> tensor<1x2x2x2xi32>
    %sum = tosa.add %ra, %rb : (tensor<1x2x2x2xi32>, tensor<1x2x2x2xi32>) -> tensor<1x2x2x2xi32>
    %y = tosa.rescale %sum, %mo, %so, %z32, %zp {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x2xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x2x2x2xi8>
    return %y : tensor<1x2x2x2xi8>
  }
}

// -----

module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @output_per_channel(%a: tensor<1x2x2x2xi8>, %b: tensor<1x2x2x2xi8>) -> tensor<1x2x2x2xi8> {
    %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %z32 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
    %ma = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
    %sa = "tosa.const"() <{values = dense<11> : tensor<1xi8>}> : () -> tensor<1xi8>
    %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
    %s = "tosa.const"() <{values = dense<11> : tensor<1xi8>}> : () -> tensor<1xi8>
    %mo = "tosa.const"() <{values = dense<[1073741824, 1073741823]> : tensor<2xi32>}> : () -> tensor<2xi32>
    %so = "tosa.const"() <{values = dense<[40, 41]> : tensor<2xi8>}> : () -> tensor<2xi8>
    %ra = tosa.rescale %a, %ma, %sa, %zp, %z32 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x2xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi32>) -> tensor<1x2x2x2xi32>
    %rb = tosa.rescale %b, %m, %s, %zp, %z32 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x2xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi32>) -> tensor<1x2x2x2xi32>
    %sum = tosa.add %ra, %rb : (tensor<1x2x2x2xi32>, tensor<1x2x2x2xi32>) -> tensor<1x2x2x2xi32>
    // expected-error @+1 {{multiplier / shift: the sum of an int8 residual add is requantized per tensor, not per channel}}
    %y = tosa.rescale %sum, %mo, %so, %z32, %zp {input_unsigned = false, output_unsigned = false, per_channel = true, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x2xi32>, tensor<2xi32>, tensor<2xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x2x2x2xi8>
    return %y : tensor<1x2x2x2xi8>
  }
}

// -----

module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @output_shift(%a: tensor<1x2x2x2xi8>, %b: tensor<1x2x2x2xi8>) -> tensor<1x2x2x2xi8> {
    %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %z32 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
    %ma = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
    %sa = "tosa.const"() <{values = dense<11> : tensor<1xi8>}> : () -> tensor<1xi8>
    %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
    %s = "tosa.const"() <{values = dense<11> : tensor<1xi8>}> : () -> tensor<1xi8>
    %mo = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
    %so = "tosa.const"() <{values = dense<63> : tensor<1xi8>}> : () -> tensor<1xi8>
    %ra = tosa.rescale %a, %ma, %sa, %zp, %z32 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x2xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi32>) -> tensor<1x2x2x2xi32>
    %rb = tosa.rescale %b, %m, %s, %zp, %z32 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x2xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi32>) -> tensor<1x2x2x2xi32>
    %sum = tosa.add %ra, %rb : (tensor<1x2x2x2xi32>, tensor<1x2x2x2xi32>) -> tensor<1x2x2x2xi32>
    // expected-error @+1 {{cannot be represented by the engine's requantization: shift[0] = 63: must be in [2, 62]}}
    %y = tosa.rescale %sum, %mo, %so, %z32, %zp {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x2xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x2x2x2xi8>
    return %y : tensor<1x2x2x2xi8>
  }
}

// -----

// A standalone i8 -> i8 rescale whose scale can take an i8 input beyond i32
// (2^31 - 1 / 2^2): the accumulators would wrap where TOSA saturates.
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @standalone_scale(%a: tensor<1x2x2x2xi8>) -> tensor<1x2x2x2xi8> {
    %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %m = "tosa.const"() <{values = dense<2147483647> : tensor<1xi32>}> : () -> tensor<1xi32>
    %s = "tosa.const"() <{values = dense<2> : tensor<1xi8>}> : () -> tensor<1xi8>
    // expected-error @+1 {{cannot be represented by the engine's elementwise rescale: multiplier / shift: the scaled value of an i8 input can exceed i32 (a scale of 2^22 or more)}}
    %y = tosa.rescale %a, %m, %s, %zp, %zp {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x2x2x2xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2x2xi8>
    return %y : tensor<1x2x2x2xi8>
  }
}
