// accel-tile records each conv's tiling (and nothing else: no estimates).
// The same module tiles differently on two targets: nvdla-small (8x8 MAC
// array, 32 KiB weight buffer) and a tiny target whose 4 KiB weight and
// accumulator buffers force the conv into several C_out and spatial tiles.
// RUN: accel-opt %s --accel-set-target=target=nvdla-small --accel-tile \
// RUN:   | FileCheck %s --check-prefixes=CHECK,SMALL
// RUN: accel-opt %s --accel-set-target=target=%S/Inputs/tiny-target.json \
// RUN:   --accel-tile | FileCheck %s --check-prefixes=CHECK,TINY
// The pass is idempotent.
// RUN: accel-opt %s --accel-set-target=target=nvdla-small --accel-tile \
// RUN:   --accel-tile | FileCheck %s --check-prefixes=CHECK,SMALL

// CHECK-LABEL: func.func @layers
// CHECK-NOT: accel.est
func.func @layers(%x: tensor<1x16x16x8xf32>) -> tensor<1x16x16x16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x3x3x8xf32>
  %b = arith.constant dense<0.1> : tensor<16xf32>
  // CHECK: accel.conv2d
  // All 16 x 8 channels of the weights fit nvdla-small's weight buffer; the
  // tiny target's 2 KiB stage holds at most 8 output channels' worth.
  // SMALL-SAME: accel.tile = #accel.tiling<rows = [[#]], cols = [[#]], out_channels = 16, in_channels = 8, order = {{spatial_outer|out_channel_outer}}>
  // TINY-SAME: accel.tile = #accel.tiling<rows = [[#]], cols = [[#]], out_channels = {{[1-8]}}, in_channels = {{[1-8]}}, order = {{spatial_outer|out_channel_outer}}>
  %y = accel.conv2d %x, %w, %b {pad = array<i64: 1, 1, 1, 1>}
      : (tensor<1x16x16x8xf32>, tensor<16x3x3x8xf32>, tensor<16xf32>)
      -> tensor<1x16x16x16xf32>
  // Fixed schedules get no tiling.
  // CHECK: accel.add
  // CHECK-NOT: accel.tile
  // CHECK-NOT: accel.est
  %s = accel.add %y, %y : tensor<1x16x16x16xf32>
  return %s : tensor<1x16x16x16xf32>
}
