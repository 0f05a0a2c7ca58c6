// accel-estimate prices every op that starts a program layer and writes
// `accel.est` there and the sums as `accel.est_total` on the function
// (test/Sim/cost-vs-sim.test compares the numbers with the simulator).
// RUN: accel-opt %s -split-input-file --accel-set-target=target=nvdla-small \
// RUN:   --accel-tile --accel-plan-memory --accel-estimate | FileCheck %s
// The pass is idempotent.
// RUN: accel-opt %s -split-input-file --accel-set-target=target=nvdla-small \
// RUN:   --accel-tile --accel-plan-memory --accel-estimate --accel-estimate \
// RUN:   | FileCheck %s

// The function total is the sum of its layers; a reshape (free) carries no
// estimate.
// CHECK-LABEL: func.func @layers
// CHECK-SAME: accel.est_total = #accel.estimate<cycles = [[#TOTAL:]], dram_bytes = [[#]], energy_pj = {{[0-9.e+]+}}, mac_utilization = {{0\.[0-9]+|0\.000000e\+00}}>
func.func @layers(%x: tensor<1x16x16x8xf32>) -> tensor<1x16x16x16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x3x3x8xf32>
  %b = arith.constant dense<0.1> : tensor<16xf32>
  // CHECK: accel.conv2d
  // CHECK-SAME: accel.est = #accel.estimate<cycles = [[#CONV:]], dram_bytes = [[#]], energy_pj = {{[0-9.e+]+}}, mac_utilization = 0.{{[0-9]+}}>
  %y = accel.conv2d %x, %w, %b {pad = array<i64: 1, 1, 1, 1>}
      : (tensor<1x16x16x8xf32>, tensor<16x3x3x8xf32>, tensor<16xf32>)
      -> tensor<1x16x16x16xf32>
  // CHECK: accel.reshape
  // CHECK-NOT: accel.est
  // CHECK-SAME: -> tensor<1x16x16x16xf32>
  %r = accel.reshape %y : (tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32>
  // CHECK: accel.add
  // CHECK-SAME: accel.est = #accel.estimate<cycles = [[#TOTAL-CONV]],
  %s = accel.add %r, %r : tensor<1x16x16x16xf32>
  return %s : tensor<1x16x16x16xf32>
}

// -----

// A concat whose operand is a function input copies it: the concat is a
// layer and carries the copies' estimate; without copies it is free.
// CHECK-LABEL: func.func @copies
// CHECK-SAME: accel.est_total = #accel.estimate<cycles = [[#TOTAL:]],
// CHECK: accel.conv2d
// CHECK-SAME: accel.est = #accel.estimate<cycles = [[#CONV:]],
// CHECK: accel.concat
// CHECK-SAME: accel.copy_operands = array<i64: 1>
// CHECK-SAME: accel.est = #accel.estimate<cycles = [[#TOTAL-CONV]],
func.func @copies(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x8xf32> {
  %w = arith.constant dense<0.5> : tensor<4x1x1x4xf32>
  %a = accel.conv2d %x, %w : (tensor<1x4x4x4xf32>, tensor<4x1x1x4xf32>) -> tensor<1x4x4x4xf32>
  %c = accel.concat %a, %x : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x8xf32>
  return %c : tensor<1x4x4x8xf32>
}
