// RUN: accel-opt %s -split-input-file -verify-diagnostics --convert-tosa-to-accel
// A tosa.rescale the engine's requantization cannot represent: one error on
// the rescale naming the parameter, never a different rounding.

module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @inexact(%acc: tensor<1x4x4x2xi32>) -> tensor<1x4x4x2xi8> {
    %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
    %s = "tosa.const"() <{values = dense<35> : tensor<1xi8>}> : () -> tensor<1xi8>
    %izp = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
    %ozp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    // expected-error @+1 {{cannot be represented by the engine's requantization: rounding_mode: INEXACT_ROUND is implementation-defined; accel implements SINGLE_ROUND and DOUBLE_ROUND exactly}}
    %y = tosa.rescale %acc, %m, %s, %izp, %ozp {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = INEXACT_ROUND, scale32 = true} : (tensor<1x4x4x2xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x4x4x2xi8>
    return %y : tensor<1x4x4x2xi8>
  }
}

// -----

module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @shift_too_small(%acc: tensor<1x4x4x2xi32>) -> tensor<1x4x4x2xi8> {
    %m = "tosa.const"() <{values = dense<[1073741824, 3]> : tensor<2xi32>}> : () -> tensor<2xi32>
    %s = "tosa.const"() <{values = dense<[35, 1]> : tensor<2xi8>}> : () -> tensor<2xi8>
    %izp = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
    %ozp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    // expected-error @+1 {{cannot be represented by the engine's requantization: shift[1] = 1: must be in [2, 62]}}
    %y = tosa.rescale %acc, %m, %s, %izp, %ozp {input_unsigned = false, output_unsigned = false, per_channel = true, rounding_mode = DOUBLE_ROUND, scale32 = true} : (tensor<1x4x4x2xi32>, tensor<2xi32>, tensor<2xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x4x4x2xi8>
    return %y : tensor<1x4x4x2xi8>
  }
}

// -----

module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @shift_too_large(%acc: tensor<1x4x4x2xi32>) -> tensor<1x4x4x2xi8> {
    %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
    %s = "tosa.const"() <{values = dense<63> : tensor<1xi8>}> : () -> tensor<1xi8>
    %izp = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
    %ozp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    // expected-error @+1 {{shift[0] = 63: must be in [2, 62]}}
    %y = tosa.rescale %acc, %m, %s, %izp, %ozp {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x4x4x2xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x4x4x2xi8>
    return %y : tensor<1x4x4x2xi8>
  }
}

// -----

module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @negative_multiplier(%acc: tensor<1x4x4x2xi32>) -> tensor<1x4x4x2xi8> {
    %m = "tosa.const"() <{values = dense<-5> : tensor<1xi32>}> : () -> tensor<1xi32>
    %s = "tosa.const"() <{values = dense<10> : tensor<1xi8>}> : () -> tensor<1xi8>
    %izp = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
    %ozp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    // expected-error @+1 {{multiplier[0] = -5: must be >= 0}}
    %y = tosa.rescale %acc, %m, %s, %izp, %ozp {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x4x4x2xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x4x4x2xi8>
    return %y : tensor<1x4x4x2xi8>
  }
}

// -----

module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @runtime_multiplier(%acc: tensor<1x4x4x2xi32>, %m: tensor<1xi32>) -> tensor<1x4x4x2xi8> {
    %s = "tosa.const"() <{values = dense<10> : tensor<1xi8>}> : () -> tensor<1xi8>
    %izp = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
    %ozp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    // expected-error @+1 {{cannot be represented by the engine's requantization: multiplier: must be a constant}}
    %y = tosa.rescale %acc, %m, %s, %izp, %ozp {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x4x4x2xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x4x4x2xi8>
    return %y : tensor<1x4x4x2xi8>
  }
}

// -----

module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @i48_accumulators(%acc: tensor<1x4x4x2xi48>) -> tensor<1x4x4x2xi8> {
    %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
    %s = "tosa.const"() <{values = dense<40> : tensor<1xi8>}> : () -> tensor<1xi8>
    %izp = "tosa.const"() <{values = dense<0> : tensor<1xi48>}> : () -> tensor<1xi48>
    %ozp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    // expected-error @+1 {{input: i48 accumulators (i16 convolutions) are not supported; the engine accumulates i8 x i8 in i32}}
    %y = tosa.rescale %acc, %m, %s, %izp, %ozp {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x4x4x2xi48>, tensor<1xi32>, tensor<1xi8>, tensor<1xi48>, tensor<1xi8>) -> tensor<1x4x4x2xi8>
    return %y : tensor<1x4x4x2xi8>
  }
}

// -----

module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @unsigned_output(%acc: tensor<1x4x4x2xi32>) -> tensor<1x4x4x2xi8> {
    %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
    %s = "tosa.const"() <{values = dense<40> : tensor<1xi8>}> : () -> tensor<1xi8>
    %izp = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
    %ozp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    // expected-error @+1 {{output_unsigned: unsigned forms are not supported (signed i32 -> i8 only)}}
    %y = tosa.rescale %acc, %m, %s, %izp, %ozp {input_unsigned = false, output_unsigned = true, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x4x4x2xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x4x4x2xi8>
    return %y : tensor<1x4x4x2xi8>
  }
}

// -----

module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @not_after_a_conv(%acc: tensor<1x4x4x2xi32>) -> tensor<1x4x4x2xi8> {
    %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
    %s = "tosa.const"() <{values = dense<40> : tensor<1xi8>}> : () -> tensor<1xi8>
    %izp = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
    %ozp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    // expected-error @+1 {{is not supported here; accel fuses a rescale into the convolution (or bias fill) producing its i32 input}}
    %y = tosa.rescale %acc, %m, %s, %izp, %ozp {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x4x4x2xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x4x4x2xi8>
    return %y : tensor<1x4x4x2xi8>
  }
}
