// accel-estimate errors, each once at the op: a conv without a tiling, an
// op without placements, and a module without a target.
// RUN: split-file %s %t
// RUN: not accel-opt %t/untiled.mlir --accel-plan-memory --accel-estimate 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNTILED
// RUN: not accel-opt %t/unplanned.mlir --accel-estimate 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNPLANNED
// RUN: not accel-opt %t/notarget.mlir --accel-plan-memory --accel-estimate 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOTARGET

// UNTILED: untiled.mlir:3:8: error: 'accel.conv2d' op has no 'accel.tile'; run --accel-tile
// UNTILED-NOT: error:
// UNPLANNED: unplanned.mlir:3:8: error: 'accel.add' op lhs has no DRAM placement; run --accel-plan-memory
// UNPLANNED-NOT: error:
// NOTARGET: notarget.mlir:2:8: error: 'accel.add' op cannot be priced: the module has no 'accel.target' attribute (run --accel-set-target first)
// NOTARGET-NOT: error:

//--- untiled.mlir
module attributes {accel.target = #accel.target<"nvdla-small">} {
func.func @f(%x: tensor<1x4x4x4xf32>, %w: tensor<4x1x1x4xf32>) -> tensor<1x4x4x4xf32> {
  %y = accel.conv2d %x, %w : (tensor<1x4x4x4xf32>, tensor<4x1x1x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}
}
//--- unplanned.mlir
module attributes {accel.target = #accel.target<"nvdla-small">} {
func.func @f(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %y = accel.add %x, %x : tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}
}
//--- notarget.mlir
func.func @f(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %y = accel.add %x, %x : tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}
