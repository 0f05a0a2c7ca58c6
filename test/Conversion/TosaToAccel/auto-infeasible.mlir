// RUN: accel-opt %s -split-input-file --accel-set-target=target=nvdla-small --convert-tosa-to-accel=strategy=auto | FileCheck %s

// A strategy that does not fit the target is recorded with its reason; on
// nvdla-small the stacked form of a 2100-channel stride-2 layer has
// 4 x 2100 = 8400 output channels, more than the target's 8192.
// CHECK-LABEL: func.func @wide_k3s2
// CHECK: accel.strategy = "split", accel.strategy_cycles = {split = {{[0-9]+}} : i64, "zero-insert" = {{[0-9]+}} : i64}
// CHECK-SAME: accel.strategy_infeasible = {stacked = "output channels 8400 exceeds the target 'nvdla-small' maximum of 8192 (max_channels)"}
func.func @wide_k3s2(%x: tensor<1x4x4x8xf32>) -> tensor<1x8x8x2100xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2100xf32>}> : () -> tensor<2100xf32>
  %w = "tosa.const"() <{values = dense<0.01> : tensor<2100x3x3x8xf32>}> : () -> tensor<2100x3x3x8xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x8xf32>, tensor<2100x3x3x8xf32>, tensor<2100xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x2100xf32>
  return %0 : tensor<1x8x8x2100xf32>
}

// -----

// The zero-inserted FST layer (128 channels, 66-pixel rows: a row does not
// fit half the accumulators) used to be infeasible; the fill and copy now
// run in column runs, so every strategy is priced.
// CHECK-LABEL: func.func @fst_k3s2
// CHECK: accel.strategy = "split", accel.strategy_cycles = {split = {{[0-9]+}} : i64, stacked = {{[0-9]+}} : i64, "zero-insert" = {{[0-9]+}} : i64}
// CHECK-NOT: accel.strategy_infeasible
func.func @fst_k3s2(%x: tensor<1x32x32x128xf32>) -> tensor<1x64x64x64xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<64xf32>}> : () -> tensor<64xf32>
  %w = "tosa.const"() <{values = dense<0.01> : tensor<64x3x3x128xf32>}> : () -> tensor<64x3x3x128xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 2>} : (tensor<1x32x32x128xf32>, tensor<64x3x3x128xf32>, tensor<64xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x64x64x64xf32>
  return %0 : tensor<1x64x64x64xf32>
}
