// With threading on (the default), convert-tosa-to-accel prices the
// strategies of all transposed convs, and accel-tile tiles all convs and
// phase groups, in parallel before rewriting in program order: the output
// must be byte for byte the serial one's (choices, tilings, estimates), and
// so must the errors.
// RUN: accel-opt %s -split-input-file --accel-compile="target=nvdla-small strategy=auto" -o %t.parallel.mlir
// RUN: accel-opt %s -split-input-file --mlir-disable-threading --accel-compile="target=nvdla-small strategy=auto" -o %t.serial.mlir
// RUN: diff %t.parallel.mlir %t.serial.mlir
// RUN: FileCheck %s < %t.parallel.mlir
// RUN: not accel-opt %s -split-input-file --accel-compile="target=diannao strategy=auto" -o %t.bad 2> %t.parallel.err
// RUN: not accel-opt %s -split-input-file --mlir-disable-threading --accel-compile="target=diannao strategy=auto" -o %t.bad 2> %t.serial.err
// RUN: diff %t.parallel.err %t.serial.err
// RUN: FileCheck %s --check-prefix=ERR < %t.parallel.err

// Four layers of different shapes (a conv among them): each gets its own
// priced choice.
// CHECK-LABEL: func.func @decoder
// CHECK-COUNT-3: accel.strategy = "split", accel.strategy_cycles = {split = {{[0-9]+}} : i64, stacked = {{[0-9]+}} : i64, "zero-insert" = {{[0-9]+}} : i64}
// CHECK: accel.conv2d {{.*}}accel.tile = #accel.tiling
// CHECK-NOT: tosa.{{(transpose_)?}}conv2d
// CHECK: return
func.func @decoder(%x: tensor<1x4x4x32xf32>) -> tensor<1x32x32x3xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w1 = "tosa.const"() <{values = dense<0.01> : tensor<16x4x4x32xf32>}> : () -> tensor<16x4x4x32xf32>
  %b1 = "tosa.const"() <{values = dense<0.1> : tensor<16xf32>}> : () -> tensor<16xf32>
  %w2 = "tosa.const"() <{values = dense<0.02> : tensor<8x3x3x16xf32>}> : () -> tensor<8x3x3x16xf32>
  %b2 = "tosa.const"() <{values = dense<0.2> : tensor<8xf32>}> : () -> tensor<8xf32>
  %w3 = "tosa.const"() <{values = dense<0.03> : tensor<8x5x5x8xf32>}> : () -> tensor<8x5x5x8xf32>
  %b3 = "tosa.const"() <{values = dense<0.3> : tensor<8xf32>}> : () -> tensor<8xf32>
  %w4 = "tosa.const"() <{values = dense<0.04> : tensor<3x3x3x8xf32>}> : () -> tensor<3x3x3x8xf32>
  %b4 = "tosa.const"() <{values = dense<0.4> : tensor<3xf32>}> : () -> tensor<3xf32>
  %0 = tosa.transpose_conv2d %x, %w1, %b1, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, -1, -1, -1>, stride = array<i64: 2, 2>} : (tensor<1x4x4x32xf32>, tensor<16x4x4x32xf32>, tensor<16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x16xf32>
  %1 = tosa.transpose_conv2d %0, %w2, %b2, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 2>} : (tensor<1x8x8x16xf32>, tensor<8x3x3x16xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x16x16x8xf32>
  %2 = tosa.transpose_conv2d %1, %w3, %b3, %zp, %zp {acc_type = f32, out_pad = array<i64: -2, -1, -2, -1>, stride = array<i64: 2, 2>} : (tensor<1x16x16x8xf32>, tensor<8x5x5x8xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x32x32x8xf32>
  %3 = tosa.conv2d %2, %w4, %b4, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x32x32x8xf32>, tensor<3x3x3x8xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x32x32x3xf32>
  return %3 : tensor<1x32x32x3xf32>
}

// -----

// Two layers no strategy runs on diannao (at most 4096 channels; the other
// targets take them): each reported once, at its location, whichever way
// the pricing ran.
// CHECK-LABEL: func.func @too_wide
// CHECK-NOT: tosa.transpose_conv2d
// ERR-DAG: parallel-pricing.mlir:[[#@LINE+8]]:8: error: 'tosa.transpose_conv2d' op cannot run on target 'diannao': no strategy fits the target: split: output channels 4100 exceeds
// ERR-DAG: parallel-pricing.mlir:[[#@LINE+8]]:8: error: 'tosa.transpose_conv2d' op cannot run on target 'diannao': no strategy fits the target: split: input channels 4100 exceeds
func.func @too_wide(%x: tensor<1x4x4x8xf32>) -> tensor<1x16x16x8xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w1 = "tosa.const"() <{values = dense<0.01> : tensor<4100x4x4x8xf32>}> : () -> tensor<4100x4x4x8xf32>
  %b1 = "tosa.const"() <{values = dense<0.1> : tensor<4100xf32>}> : () -> tensor<4100xf32>
  %w2 = "tosa.const"() <{values = dense<0.02> : tensor<8x4x4x4100xf32>}> : () -> tensor<8x4x4x4100xf32>
  %b2 = "tosa.const"() <{values = dense<0.2> : tensor<8xf32>}> : () -> tensor<8xf32>
  %0 = tosa.transpose_conv2d %x, %w1, %b1, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, -1, -1, -1>, stride = array<i64: 2, 2>} : (tensor<1x4x4x8xf32>, tensor<4100x4x4x8xf32>, tensor<4100xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x4100xf32>
  %1 = tosa.transpose_conv2d %0, %w2, %b2, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, -1, -1, -1>, stride = array<i64: 2, 2>} : (tensor<1x8x8x4100xf32>, tensor<8x4x4x4100xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x16x16x8xf32>
  return %1 : tensor<1x16x16x8xf32>
}
