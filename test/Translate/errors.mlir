// accel-translate rejects IR that was not tiled or planned, with one error at
// the offending op and exit code 1; with -o, an existing output file is left
// untouched on failure.
// RUN: split-file %s %t
// RUN: echo previous > %t/out.accel
// RUN: not accel-translate --accel-to-bin %t/untiled.mlir -o %t/out.accel 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNTILED
// RUN: FileCheck %s --check-prefix=KEPT < %t/out.accel
// RUN: not accel-translate --accel-to-asm %t/notarget.mlir 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOTARGET
// RUN: not accel-translate --accel-to-asm %t/unplanned.mlir 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNPLANNED
// RUN: not accel-translate --accel-to-asm %t/garbage.mlir 2>&1 \
// RUN:   | FileCheck %s --check-prefix=GARBAGE
// RUN: not accel-translate --accel-to-asm %t/twofuncs.mlir 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TWO

// KEPT: previous
// UNTILED: untiled.mlir:7:10: error: 'accel.conv2d' op has no 'accel.tile'; run --accel-tile
// UNTILED-NOT: {{ error: }}
// NOTARGET: notarget.mlir:1:1: error: the module has no 'accel.target'; run --accel-set-target
// UNPLANNED: unplanned.mlir:2:3: error: function 'f' has no 'accel.dram_plan'; run --accel-plan-memory first
// GARBAGE: garbage.mlir:1:1: error:
// TWO: error: the module has several functions ('a', 'b'); choose one with --accel-entry=NAME

//--- untiled.mlir
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @f(%arg0: tensor<1x6x6x4xf32> {accel.dram = #accel.dram_view<base = 0, image_stride = 576, row_stride = 96, pixel_stride = 16>, accel.name = "x"})
      -> (tensor<1x6x6x8xf32> {accel.name = "y"})
      attributes {accel.dram_plan = #accel.dram_plan<total_bytes = 2944>} {
    %w = arith.constant {accel.dram_addr = 1728 : i64} dense<5.000000e-01> : tensor<8x3x3x4xf32>
    %b = arith.constant {accel.dram_addr = 2880 : i64} dense<1.000000e+00> : tensor<8xf32>
    %y = accel.conv2d %arg0, %w, %b {accel.dram = #accel.dram_view<base = 576, image_stride = 1152, row_stride = 192, pixel_stride = 32>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x6x6x4xf32>, tensor<8x3x3x4xf32>, tensor<8xf32>) -> tensor<1x6x6x8xf32>
    return %y : tensor<1x6x6x8xf32>
  }
}
//--- notarget.mlir
func.func @f(%arg0: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %y = accel.add %arg0, %arg0 : tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
//--- unplanned.mlir
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @f(%arg0: tensor<1x4xf32>) -> tensor<1x4xf32> {
    %y = accel.add %arg0, %arg0 : tensor<1x4xf32>
    return %y : tensor<1x4xf32>
  }
}
//--- garbage.mlir
this is not MLIR
//--- twofuncs.mlir
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @a() { return }
  func.func @b() { return }
}
