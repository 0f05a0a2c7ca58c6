// RUN: accel-opt %s -split-input-file --convert-tosa-to-accel | FileCheck %s
// The int8 residual add as TFLite -> TOSA writes it -- rescale (i8 -> i32) of
// each operand, an i32 tosa.add, rescale (i32 -> i8), optionally a clamp --
// becomes one i8 accel.add carrying each operand's rescale (zero point,
// multiplier, shift, double_round) and the sum's requantization; the clamp
// and a table after it fuse into it as well.

// CHECK-LABEL: func.func @residual
// CHECK-SAME: (%[[A:.*]]: tensor<1x4x4x8xi8>, %[[B:.*]]: tensor<1x4x4x8xi8>)
// CHECK: %[[Y:.*]] = accel.add %[[A]], %[[B]]
// CHECK-SAME: clamp_max = 1.270000e+02 : f32, clamp_min = -5.000000e+00 : f32
// CHECK-SAME: lhs_scale = array<i32: 9, 1518500250, 11, 1>
// CHECK-SAME: output_zp = -5 : i32
// CHECK-SAME: post_op = #accel.post_op<clamp>
// CHECK-SAME: requant_double_round, requant_multiplier = 1779033703 : i32, requant_shift = 50 : i32
// CHECK-SAME: rhs_scale = array<i32: -128, 1202590843, 12, 0>
// CHECK-SAME: : tensor<1x4x4x8xi8>
// CHECK-NEXT: return %[[Y]]
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @residual(%a: tensor<1x4x4x8xi8>, %b: tensor<1x4x4x8xi8>) -> tensor<1x4x4x8xi8> {
    %azp = "tosa.const"() <{values = dense<9> : tensor<1xi8>}> : () -> tensor<1xi8>
    %bzp = "tosa.const"() <{values = dense<-128> : tensor<1xi8>}> : () -> tensor<1xi8>
    %yzp = "tosa.const"() <{values = dense<-5> : tensor<1xi8>}> : () -> tensor<1xi8>
    %z32 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
    %ma = "tosa.const"() <{values = dense<1518500250> : tensor<1xi32>}> : () -> tensor<1xi32>
    %sa = "tosa.const"() <{values = dense<11> : tensor<1xi8>}> : () -> tensor<1xi8>
    %mb = "tosa.const"() <{values = dense<1202590843> : tensor<1xi32>}> : () -> tensor<1xi32>
    %sb = "tosa.const"() <{values = dense<12> : tensor<1xi8>}> : () -> tensor<1xi8>
    %mo = "tosa.const"() <{values = dense<1779033703> : tensor<1xi32>}> : () -> tensor<1xi32>
    %so = "tosa.const"() <{values = dense<50> : tensor<1xi8>}> : () -> tensor<1xi8>
    %ra = tosa.rescale %a, %ma, %sa, %azp, %z32 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = DOUBLE_ROUND, scale32 = true} : (tensor<1x4x4x8xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi32>) -> tensor<1x4x4x8xi32>
    %rb = tosa.rescale %b, %mb, %sb, %bzp, %z32 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x4x4x8xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi32>) -> tensor<1x4x4x8xi32>
    %sum = tosa.add %ra, %rb : (tensor<1x4x4x8xi32>, tensor<1x4x4x8xi32>) -> tensor<1x4x4x8xi32>
    %r = tosa.rescale %sum, %mo, %so, %z32, %yzp {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = DOUBLE_ROUND, scale32 = true} : (tensor<1x4x4x8xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x4x4x8xi8>
    %y = tosa.clamp %r {max_val = 127 : i8, min_val = -5 : i8} : (tensor<1x4x4x8xi8>) -> tensor<1x4x4x8xi8>
    return %y : tensor<1x4x4x8xi8>
  }
}

// -----

// int8 depthwise conv and int8 matmul (fully connected) with zero points:
// their i32 results take the fused per-channel rescale like any conv.
// CHECK-LABEL: func.func @depthwise_and_fc
// CHECK: accel.conv2d {{.*}} scales {{.*}}groups = 4 : i64
// CHECK-SAME: input_zp = 5 : i32
// CHECK-SAME: requant_double_round
// CHECK-SAME: weight_zp = -2 : i32
// CHECK-SAME: -> tensor<1x4x4x8xi8>
// CHECK: accel.conv2d {{.*}} scales
// CHECK-SAME: input_zp = -7 : i32
// CHECK-SAME: weight_zp = 3 : i32
// CHECK-SAME: -> tensor<1x1x5x10xi8>
// CHECK-NOT: tosa.rescale
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @depthwise_and_fc(%x: tensor<1x4x4x4xi8>, %v: tensor<1x5x24xi8>) -> (tensor<1x4x4x8xi8>, tensor<1x5x10xi8>) {
    %wd = "tosa.const"() <{values = dense<3> : tensor<3x3x4x2xi8>}> : () -> tensor<3x3x4x2xi8>
    %bd = "tosa.const"() <{values = dense<7> : tensor<8xi32>}> : () -> tensor<8xi32>
    %xzp = "tosa.const"() <{values = dense<5> : tensor<1xi8>}> : () -> tensor<1xi8>
    %wzp = "tosa.const"() <{values = dense<-2> : tensor<1xi8>}> : () -> tensor<1xi8>
    %izp = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
    %ozp = "tosa.const"() <{values = dense<1> : tensor<1xi8>}> : () -> tensor<1xi8>
    %md = "tosa.const"() <{values = dense<[1073741824, 1073741825, 1073741826, 1073741827, 1073741828, 1073741829, 1073741830, 1073741831]> : tensor<8xi32>}> : () -> tensor<8xi32>
    %sd = "tosa.const"() <{values = dense<36> : tensor<8xi8>}> : () -> tensor<8xi8>
    %ad = tosa.depthwise_conv2d %x, %wd, %bd, %xzp, %wzp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x4xi8>, tensor<3x3x4x2xi8>, tensor<8xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x8xi32>
    %yd = tosa.rescale %ad, %md, %sd, %izp, %ozp {input_unsigned = false, output_unsigned = false, per_channel = true, rounding_mode = DOUBLE_ROUND, scale32 = true} : (tensor<1x4x4x8xi32>, tensor<8xi32>, tensor<8xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x4x4x8xi8>
    %w = "tosa.const"() <{values = dense<2> : tensor<1x24x10xi8>}> : () -> tensor<1x24x10xi8>
    %vzp = "tosa.const"() <{values = dense<-7> : tensor<1xi8>}> : () -> tensor<1xi8>
    %fzp = "tosa.const"() <{values = dense<3> : tensor<1xi8>}> : () -> tensor<1xi8>
    %mf = "tosa.const"() <{values = dense<[1073741824, 1073741825, 1073741826, 1073741827, 1073741828, 1073741829, 1073741830, 1073741831, 1073741832, 1073741833]> : tensor<10xi32>}> : () -> tensor<10xi32>
    %sf = "tosa.const"() <{values = dense<32> : tensor<10xi8>}> : () -> tensor<10xi8>
    %af = tosa.matmul %v, %w, %vzp, %fzp : (tensor<1x5x24xi8>, tensor<1x24x10xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x5x10xi32>
    %yf = tosa.rescale %af, %mf, %sf, %izp, %ozp {input_unsigned = false, output_unsigned = false, per_channel = true, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x5x10xi32>, tensor<10xi32>, tensor<10xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x5x10xi8>
    return %yd, %yf : tensor<1x4x4x8xi8>, tensor<1x5x10xi8>
  }
}

// -----

// A standalone i8 -> i8 rescale (a concat input brought to the output's
// scale) runs on the elementwise path: accel.add(x, 0) with x's rescale as
// lhs_scale, the zeros' identity scale, the identity requantization
// (2^30, shift 30) and the output zero point.
module attributes {accel.target = #accel.target<"nvdla-small">} {
// CHECK-LABEL: func.func @standalone_rescale
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x3x4xi8>)
// CHECK: %[[Z:.*]] = "tosa.const"() <{values = dense<0> : tensor<1x2x3x4xi8>}>
// CHECK: accel.add %[[X]], %[[Z]]
// CHECK-SAME: lhs_scale = array<i32: -7, 1288490189, 31, 1>
// CHECK-SAME: output_zp = 12 : i32
// CHECK-SAME: requant_multiplier = 1073741824 : i32, requant_shift = 30 : i32
// CHECK-SAME: rhs_scale = array<i32: 0, 1073741824, 30, 0>
// CHECK-NOT: tosa.rescale
  func.func @standalone_rescale(%x: tensor<1x2x3x4xi8>) -> tensor<1x2x3x4xi8> {
    %m = "tosa.const"() <{values = dense<1288490189> : tensor<1xi32>}> : () -> tensor<1xi32>
    %s = "tosa.const"() <{values = dense<31> : tensor<1xi8>}> : () -> tensor<1xi8>
    %izp = "tosa.const"() <{values = dense<-7> : tensor<1xi8>}> : () -> tensor<1xi8>
    %ozp = "tosa.const"() <{values = dense<12> : tensor<1xi8>}> : () -> tensor<1xi8>
    %y = tosa.rescale %x, %m, %s, %izp, %ozp {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = DOUBLE_ROUND, scale32 = true} : (tensor<1x2x3x4xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x3x4xi8>
    return %y : tensor<1x2x3x4xi8>
  }
}
