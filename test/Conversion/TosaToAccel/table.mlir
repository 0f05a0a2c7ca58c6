// RUN: accel-opt %s -split-input-file --convert-tosa-to-accel | FileCheck %s
// tosa.table (i8 -> i8, 256 entries, as TFLite -> TOSA writes tanh / sigmoid)
// after a conv's rescale (and clamp) becomes the lookup table of the conv's
// requantization (the POST applies it last); every phase of a split
// transposed conv gets it. A table no producer can absorb runs on the
// elementwise path (accel.add with a zero operand and the table); a clamp
// after a table cannot join the producer (the table is the last step).

// CHECK-LABEL: func.func @conv_rescale_clamp_table
// CHECK: %[[LUT:.*]] = "tosa.const"() <{values = dense<{{.*}}> : tensor<256xi8>}>
// CHECK: accel.conv2d %{{.*}}, %{{.*}}, %{{.*}} lut %[[LUT]]
// CHECK-SAME: post_op = #accel.post_op<clamp>
// CHECK-SAME: requant_multiplier = 1073741824 : i32, requant_shift = 38 : i32
// CHECK-SAME: -> tensor<1x4x4x3xi8>
// CHECK-NOT: tosa.table
// CHECK-NOT: tosa.clamp
// CHECK-NOT: accel.add
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @conv_rescale_clamp_table(%x: tensor<1x4x4x2xi8>) -> tensor<1x4x4x3xi8> {
    %w = "tosa.const"() <{values = dense<3> : tensor<3x3x3x2xi8>}> : () -> tensor<3x3x3x2xi8>
    %b = "tosa.const"() <{values = dense<[1, 2, 3]> : tensor<3xi32>}> : () -> tensor<3xi32>
    %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
    %s = "tosa.const"() <{values = dense<38> : tensor<1xi8>}> : () -> tensor<1xi8>
    %izp = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
    %t = "tosa.const"() <{values = dense<[-64, -64, -63, -63, -62, -62, -61, -61, -60, -60, -59, -59, -58, -58, -57, -57, -56, -56, -55, -55, -54, -54, -53, -53, -52, -52, -51, -51, -50, -50, -49, -49, -48, -48, -47, -47, -46, -46, -45, -45, -44, -44, -43, -43, -42, -42, -41, -41, -40, -40, -39, -39, -38, -38, -37, -37, -36, -36, -35, -35, -34, -34, -33, -33, -32, -32, -31, -31, -30, -30, -29, -29, -28, -28, -27, -27, -26, -26, -25, -25, -24, -24, -23, -23, -22, -22, -21, -21, -20, -20, -19, -19, -18, -18, -17, -17, -16, -16, -15, -15, -14, -14, -13, -13, -12, -12, -11, -11, -10, -10, -9, -9, -8, -8, -7, -7, -6, -6, -5, -5, -4, -4, -3, -3, -2, -2, -1, -1, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 22, 22, 23, 23, 24, 24, 25, 25, 26, 26, 27, 27, 28, 28, 29, 29, 30, 30, 31, 31, 32, 32, 33, 33, 34, 34, 35, 35, 36, 36, 37, 37, 38, 38, 39, 39, 40, 40, 41, 41, 42, 42, 43, 43, 44, 44, 45, 45, 46, 46, 47, 47, 48, 48, 49, 49, 50, 50, 51, 51, 52, 52, 53, 53, 54, 54, 55, 55, 56, 56, 57, 57, 58, 58, 59, 59, 60, 60, 61, 61, 62, 62, 63, 63]> : tensor<256xi8>}> : () -> tensor<256xi8>
    %acc = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xi8>, tensor<3x3x3x2xi8>, tensor<3xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x3xi32>
    %q = tosa.rescale %acc, %m, %s, %izp, %zp {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = DOUBLE_ROUND, scale32 = true} : (tensor<1x4x4x3xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x4x4x3xi8>
    %c = tosa.clamp %q {max_val = 100 : i8, min_val = -100 : i8} : (tensor<1x4x4x3xi8>) -> tensor<1x4x4x3xi8>
    %y = tosa.table %c, %t : (tensor<1x4x4x3xi8>, tensor<256xi8>) -> tensor<1x4x4x3xi8>
    return %y : tensor<1x4x4x3xi8>
  }
}

// -----

// CHECK-LABEL: func.func @split_tconv_table
// CHECK: %[[LUT:.*]] = "tosa.const"() <{values = dense<5> : tensor<256xi8>}>
// CHECK-COUNT-4: accel.conv2d {{.*}} scales %{{.*}} lut %[[LUT]]
// CHECK: accel.depth_to_space
// CHECK-NOT: tosa.table
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @split_tconv_table(%x: tensor<1x4x4x2xi8>) -> tensor<1x8x8x2xi8> {
    %w = "tosa.const"() <{values = dense<3> : tensor<2x4x4x2xi8>}> : () -> tensor<2x4x4x2xi8>
    %b = "tosa.const"() <{values = dense<[1, 2]> : tensor<2xi32>}> : () -> tensor<2xi32>
    %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %m = "tosa.const"() <{values = dense<[1073741824, 1518500250]> : tensor<2xi32>}> : () -> tensor<2xi32>
    %s = "tosa.const"() <{values = dense<[36, 37]> : tensor<2xi8>}> : () -> tensor<2xi8>
    %izp = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
    %t = "tosa.const"() <{values = dense<5> : tensor<256xi8>}> : () -> tensor<256xi8>
    %acc = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = i32, out_pad = array<i64: -1, -1, -1, -1>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xi8>, tensor<2x4x4x2xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x8x8x2xi32>
    %q = tosa.rescale %acc, %m, %s, %izp, %zp {input_unsigned = false, output_unsigned = false, per_channel = true, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x8x8x2xi32>, tensor<2xi32>, tensor<2xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x8x8x2xi8>
    %y = tosa.table %q, %t : (tensor<1x8x8x2xi8>, tensor<256xi8>) -> tensor<1x8x8x2xi8>
    return %y : tensor<1x8x8x2xi8>
  }
}

// -----

// CHECK-LABEL: func.func @standalone_table
// CHECK-DAG: %[[LUT:.*]] = "tosa.const"() <{values = dense<-7> : tensor<256xi8>}>
// CHECK-DAG: %[[ZERO:.*]] = "tosa.const"() <{values = dense<0> : tensor<1x3x3x4xi8>}>
// CHECK: accel.add %{{.*}}, %[[ZERO]] lut %[[LUT]] : tensor<256xi8> : tensor<1x3x3x4xi8>
// CHECK-NOT: tosa.table
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @standalone_table(%x: tensor<1x3x3x4xi8>) -> tensor<1x3x3x4xi8> {
    %t = "tosa.const"() <{values = dense<-7> : tensor<256xi8>}> : () -> tensor<256xi8>
    %y = tosa.table %x, %t : (tensor<1x3x3x4xi8>, tensor<256xi8>) -> tensor<1x3x3x4xi8>
    return %y : tensor<1x3x3x4xi8>
  }
}

// -----

// A clamp after the table: the conv keeps the table, the clamp runs on the
// elementwise path.
// CHECK-LABEL: func.func @table_then_clamp
// CHECK: %[[CONV:.*]] = accel.conv2d {{.*}} lut %{{.*}} {
// CHECK-NOT: post_op
// CHECK-SAME: -> tensor<1x4x4x3xi8>
// CHECK: accel.add %[[CONV]], %{{.*}} {clamp_max = 9.000000e+01 : f32, clamp_min = -9.000000e+01 : f32, post_op = #accel.post_op<clamp>}
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @table_then_clamp(%x: tensor<1x4x4x2xi8>) -> tensor<1x4x4x3xi8> {
    %w = "tosa.const"() <{values = dense<3> : tensor<3x3x3x2xi8>}> : () -> tensor<3x3x3x2xi8>
    %b = "tosa.const"() <{values = dense<[1, 2, 3]> : tensor<3xi32>}> : () -> tensor<3xi32>
    %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
    %s = "tosa.const"() <{values = dense<38> : tensor<1xi8>}> : () -> tensor<1xi8>
    %izp = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
    %t = "tosa.const"() <{values = dense<100> : tensor<256xi8>}> : () -> tensor<256xi8>
    %acc = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xi8>, tensor<3x3x3x2xi8>, tensor<3xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x3xi32>
    %q = tosa.rescale %acc, %m, %s, %izp, %zp {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x4x4x3xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x4x4x3xi8>
    %u = tosa.table %q, %t : (tensor<1x4x4x3xi8>, tensor<256xi8>) -> tensor<1x4x4x3xi8>
    %y = tosa.clamp %u {max_val = 90 : i8, min_val = -90 : i8} : (tensor<1x4x4x3xi8>) -> tensor<1x4x4x3xi8>
    return %y : tensor<1x4x4x3xi8>
  }
}
