// RUN: accel-opt %s -split-input-file -verify-diagnostics --convert-tosa-to-accel
// A tosa.table the engine's lookup table cannot represent: one error on the
// table naming the parameter.

module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @i16_table(%x: tensor<1x2x2x1xi16>) -> tensor<1x2x2x1xi32> {
    %t = "tosa.const"() <{values = dense<1> : tensor<513xi16>}> : () -> tensor<513xi16>
    // expected-error @+1 {{cannot be represented by the engine's lookup table: input1: the engine's lookup table maps i8 to i8, not i16 -> i32}}
    %y = tosa.table %x, %t : (tensor<1x2x2x1xi16>, tensor<513xi16>) -> tensor<1x2x2x1xi32>
    return %y : tensor<1x2x2x1xi32>
  }
}

// -----

module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @dynamic_table(%x: tensor<1x2x2x1xi8>, %t: tensor<256xi8>) -> tensor<1x2x2x1xi8> {
    // expected-error @+1 {{cannot be represented by the engine's lookup table: table: must be a constant}}
    %y = tosa.table %x, %t : (tensor<1x2x2x1xi8>, tensor<256xi8>) -> tensor<1x2x2x1xi8>
    return %y : tensor<1x2x2x1xi8>
  }
}
