// RUN: accel-opt %s --accel-set-target=target=nvdla-small --convert-tosa-to-accel=strategy=auto | FileCheck %s

// A strategy that does not fit the target is recorded with its reason; on
// nvdla-small the zero-inserted FST layer has rows too long for the buffers.
// CHECK-LABEL: func.func @fst_k3s2
// CHECK: accel.strategy = "split", accel.strategy_cycles = {split = {{[0-9]+}} : i64, stacked = {{[0-9]+}} : i64}
// CHECK-SAME: accel.strategy_infeasible = {"zero-insert" = "{{.+}}"}
func.func @fst_k3s2(%x: tensor<1x32x32x128xf32>) -> tensor<1x64x64x64xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<64xf32>}> : () -> tensor<64xf32>
  %w = "tosa.const"() <{values = dense<0.01> : tensor<64x3x3x128xf32>}> : () -> tensor<64x3x3x128xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 2>} : (tensor<1x32x32x128xf32>, tensor<64x3x3x128xf32>, tensor<64xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x64x64x64xf32>
  return %0 : tensor<1x64x64x64xf32>
}
