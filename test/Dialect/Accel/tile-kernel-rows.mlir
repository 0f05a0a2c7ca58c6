// Kernel-row tiles: where a weight tile at the MAC array's width does not
// fit a weight stage, accel-tile keeps every channel and cuts the weights
// by kernel rows (`kernel_rows` in #accel.tiling, printed only when set).
// ArtGAN's deconv5 (a 3x3 conv, 64 -> 64 channels over 32 x 32) on
// nvdla-large: a 3x3 tile of 64 x 32 channels is 73,728 bytes against a
// 64 KiB stage; one kernel row of 64 x 64 channels is 49,152.
// RUN: accel-opt %s --accel-set-target=target=nvdla-large --accel-tile \
// RUN:   | FileCheck %s
// The attribute round-trips.
// RUN: accel-opt %s --accel-set-target=target=nvdla-large --accel-tile \
// RUN:   | accel-opt | FileCheck %s
// The whole pipeline emits it, and the estimate is the simulator's (the
// PyTorch comparison of such a schedule: test/Sim/conv-f32-torch.test).
// RUN: accel-opt %s --accel-compile=target=nvdla-large -o %t.mlir
// RUN: accel-translate --accel-to-bin %t.mlir -o %t.accel
// RUN: %python %S/../../Sim/Inputs/est_vs_sim.py zeros 1x32x32x64 %t.x.npy
// RUN: accel-sim %t.accel --input arg0=%t.x.npy --report=json > %t.json
// RUN: %python %S/../../Sim/Inputs/est_vs_sim.py %t.mlir %t.json --tolerance 0 \
// RUN:   | FileCheck %s --check-prefix=SIM

// CHECK-LABEL: func.func @conv3x3
// CHECK: accel.conv2d
// CHECK-SAME: accel.tile = #accel.tiling<rows = 16, cols = 16, out_channels = 64, in_channels = 64, order = spatial_outer, kernel_rows = 1>
// A 1x1 conv has one kernel row: nothing to cut, nothing printed.
// CHECK: accel.conv2d
// CHECK-NOT: kernel_rows
// CHECK-SAME: accel.tile = #accel.tiling<{{.*}}order = {{[a-z_]+}}>
// SIM: error 0.00%
// SIM: OK: every layer within
func.func @conv3x3(%x: tensor<1x32x32x64xf32>) -> tensor<1x32x32x64xf32> {
  %w = arith.constant dense<0.5> : tensor<64x3x3x64xf32>
  %b = arith.constant dense<0.1> : tensor<64xf32>
  %y = accel.conv2d %x, %w, %b {pad = array<i64: 1, 1, 1, 1>}
      : (tensor<1x32x32x64xf32>, tensor<64x3x3x64xf32>, tensor<64xf32>)
      -> tensor<1x32x32x64xf32>
  %w1 = arith.constant dense<0.25> : tensor<64x1x1x64xf32>
  %z = accel.conv2d %y, %w1 : (tensor<1x32x32x64xf32>, tensor<64x1x1x64xf32>)
      -> tensor<1x32x32x64xf32>
  return %z : tensor<1x32x32x64xf32>
}
