// accel-tile records each conv's tiling and the cost model's estimates. The
// same module tiles differently on two targets: nvdla-small (8x8 MAC array,
// 32 KiB weight buffer) and a tiny target whose 4 KiB weight and accumulator
// buffers force the conv into several C_out and spatial tiles.
// RUN: accel-opt %s --accel-set-target=target=nvdla-small --accel-tile \
// RUN:   | FileCheck %s --check-prefixes=CHECK,SMALL
// RUN: accel-opt %s --accel-set-target=target=%S/Inputs/tiny-target.json \
// RUN:   --accel-tile | FileCheck %s --check-prefixes=CHECK,TINY
// The pass is idempotent.
// RUN: accel-opt %s --accel-set-target=target=nvdla-small --accel-tile \
// RUN:   --accel-tile | FileCheck %s --check-prefixes=CHECK,SMALL

// CHECK-LABEL: func.func @layers
// CHECK-SAME: accel.est_total_cycles = [[#TOTAL:]] : i64
// CHECK-SAME: accel.est_total_dram_bytes =
// CHECK-SAME: accel.est_total_energy_pj =
func.func @layers(%x: tensor<1x16x16x8xf32>) -> tensor<1x16x16x16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x3x3x8xf32>
  %b = arith.constant dense<0.1> : tensor<16xf32>
  // CHECK: accel.conv2d
  // CHECK-SAME: accel.est_cycles = [[#CONV:]] : i64
  // CHECK-SAME: accel.est_dram_bytes = [[#]] : i64
  // CHECK-SAME: accel.est_energy_pj = {{[0-9.e+]+}} : f64
  // CHECK-SAME: accel.loop_order = "{{spatial_outer|out_channel_outer}}"
  // CHECK-SAME: accel.mac_utilization = {{0\.[0-9]+}}
  // All 16 x 8 channels of the weights fit nvdla-small's weight buffer; the
  // tiny target's 2 KiB stage holds at most 8 output channels' worth.
  // SMALL-SAME: accel.tile = array<i64: [[#]], [[#]], 16, 8>
  // TINY-SAME: accel.tile = array<i64: [[#]], [[#]], {{[1-8]}}, {{[1-8]}}>
  %y = accel.conv2d %x, %w, %b {pad = array<i64: 1, 1, 1, 1>}
      : (tensor<1x16x16x8xf32>, tensor<16x3x3x8xf32>, tensor<16xf32>)
      -> tensor<1x16x16x16xf32>
  // Fixed schedules get estimates but no tile.
  // The function total is the sum of its layers.
  // CHECK: accel.add
  // CHECK-SAME: accel.est_cycles = [[#TOTAL-CONV]] : i64
  // CHECK-NOT: accel.tile
  %s = accel.add %y, %y : tensor<1x16x16x16xf32>
  return %s : tensor<1x16x16x16xf32>
}
