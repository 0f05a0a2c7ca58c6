// The emitter refuses a DRAM plan whose live regions overlap (it would emit
// and simulate with wrong numbers, silently): one error at the op that
// defines the later tensor, naming both byte ranges. Valid plans with
// liveness reuse -- the planner's own, and a hand-written alternative --
// are accepted.
// RUN: rm -rf %t && split-file %s %t
// RUN: accel-translate --accel-to-asm %t/planner.mlir | FileCheck %s --check-prefix=OK
// RUN: accel-translate --accel-to-asm %t/reuse-ok.mlir | FileCheck %s --check-prefix=OK
// OK: .version 3
// RUN: not accel-translate --accel-to-asm %t/live-overlap.mlir 2>&1 | FileCheck %s --check-prefix=LIVE
// LIVE: live-overlap.mlir:5:10: error: invalid DRAM plan: the result of 'accel.add' at live-overlap.mlir:5:10 (bytes [1024, 1536)) overlaps the result of 'accel.add' at live-overlap.mlir:3:10 (bytes [1024, 1536)) while both are live
// LIVE-NOT: error:
// RUN: not accel-translate --accel-to-asm %t/output-over-input.mlir 2>&1 | FileCheck %s --check-prefix=OUT
// OUT: output-over-input.mlir:7:10: error: invalid DRAM plan: the result of 'accel.add' at {{.*}} (bytes [256, 768)) overlaps function argument 0 (bytes [0, 512)) while both are live
// RUN: not accel-translate --accel-to-asm %t/outside.mlir 2>&1 | FileCheck %s --check-prefix=OUTSIDE
// OUTSIDE: outside.mlir:7:10: error: the DRAM placement of the result of 'accel.add' at {{.*}} (bytes [2304, 2816)) lies outside the plan's 2560 bytes
// RUN: not accel-translate --accel-to-asm %t/overflow.mlir 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// OVERFLOW: overflow.mlir:3:10: error: the DRAM placement of the result of 'accel.add' at {{.*}} overflows a 64-bit address

// A constant placed over the input (every constant moved to address 0).
// RUN: accel-opt %t/conv.mlir --accel-compile="target=nvdla-small strategy=auto" -o %t/conv.planned.mlir
// RUN: accel-translate --accel-to-asm %t/conv.planned.mlir | FileCheck %s --check-prefix=OK
// RUN: sed -e 's/accel.dram_addr = [0-9]*/accel.dram_addr = 0/' %t/conv.planned.mlir > %t/const-over-input.mlir
// RUN: not accel-translate --accel-to-asm %t/const-over-input.mlir 2>&1 | FileCheck %s --check-prefix=CONST
// CONST: error: invalid DRAM plan: the result of 'tosa.const' at {{.*}} overlaps {{.*}} while both are live

//--- planner.mlir
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @f(%arg0: tensor<1x4x4x8xf32> {accel.dram = #accel.dram_view<base = 0, image_stride = 512, row_stride = 128, pixel_stride = 32>, accel.name = "arg0"}) -> (tensor<1x4x4x8xf32> {accel.name = "result0"}) attributes {accel.dram_plan = #accel.dram_plan<total_bytes = 2560>} {
    %0 = accel.add %arg0, %arg0 {accel.dram = #accel.dram_view<base = 1024, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    %1 = accel.add %0, %0 {accel.dram = #accel.dram_view<base = 1536, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    %2 = accel.add %1, %0 {accel.dram = #accel.dram_view<base = 2048, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    %3 = accel.add %2, %2 {accel.dram = #accel.dram_view<base = 1024, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    %4 = accel.add %3, %3 {accel.dram = #accel.dram_view<base = 512, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    return %4 : tensor<1x4x4x8xf32>
  }
}
//--- reuse-ok.mlir
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @f(%arg0: tensor<1x4x4x8xf32> {accel.dram = #accel.dram_view<base = 0, image_stride = 512, row_stride = 128, pixel_stride = 32>, accel.name = "arg0"}) -> (tensor<1x4x4x8xf32> {accel.name = "result0"}) attributes {accel.dram_plan = #accel.dram_plan<total_bytes = 2560>} {
    %0 = accel.add %arg0, %arg0 {accel.dram = #accel.dram_view<base = 1024, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    %1 = accel.add %0, %0 {accel.dram = #accel.dram_view<base = 1536, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    %2 = accel.add %1, %0 {accel.dram = #accel.dram_view<base = 2048, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    %3 = accel.add %2, %2 {accel.dram = #accel.dram_view<base = 1536, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    %4 = accel.add %3, %3 {accel.dram = #accel.dram_view<base = 512, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    return %4 : tensor<1x4x4x8xf32>
  }
}
//--- live-overlap.mlir
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @f(%arg0: tensor<1x4x4x8xf32> {accel.dram = #accel.dram_view<base = 0, image_stride = 512, row_stride = 128, pixel_stride = 32>, accel.name = "arg0"}) -> (tensor<1x4x4x8xf32> {accel.name = "result0"}) attributes {accel.dram_plan = #accel.dram_plan<total_bytes = 2560>} {
    %0 = accel.add %arg0, %arg0 {accel.dram = #accel.dram_view<base = 1024, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    %1 = accel.add %0, %0 {accel.dram = #accel.dram_view<base = 1536, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    %2 = accel.add %1, %0 {accel.dram = #accel.dram_view<base = 1024, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    %3 = accel.add %2, %2 {accel.dram = #accel.dram_view<base = 1536, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    %4 = accel.add %3, %3 {accel.dram = #accel.dram_view<base = 512, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    return %4 : tensor<1x4x4x8xf32>
  }
}
//--- output-over-input.mlir
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @f(%arg0: tensor<1x4x4x8xf32> {accel.dram = #accel.dram_view<base = 0, image_stride = 512, row_stride = 128, pixel_stride = 32>, accel.name = "arg0"}) -> (tensor<1x4x4x8xf32> {accel.name = "result0"}) attributes {accel.dram_plan = #accel.dram_plan<total_bytes = 2560>} {
    %0 = accel.add %arg0, %arg0 {accel.dram = #accel.dram_view<base = 1024, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    %1 = accel.add %0, %0 {accel.dram = #accel.dram_view<base = 1536, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    %2 = accel.add %1, %0 {accel.dram = #accel.dram_view<base = 2048, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    %3 = accel.add %2, %2 {accel.dram = #accel.dram_view<base = 1024, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    %4 = accel.add %3, %3 {accel.dram = #accel.dram_view<base = 256, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    return %4 : tensor<1x4x4x8xf32>
  }
}
//--- outside.mlir
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @f(%arg0: tensor<1x4x4x8xf32> {accel.dram = #accel.dram_view<base = 0, image_stride = 512, row_stride = 128, pixel_stride = 32>, accel.name = "arg0"}) -> (tensor<1x4x4x8xf32> {accel.name = "result0"}) attributes {accel.dram_plan = #accel.dram_plan<total_bytes = 2560>} {
    %0 = accel.add %arg0, %arg0 {accel.dram = #accel.dram_view<base = 1024, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    %1 = accel.add %0, %0 {accel.dram = #accel.dram_view<base = 1536, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    %2 = accel.add %1, %0 {accel.dram = #accel.dram_view<base = 2048, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    %3 = accel.add %2, %2 {accel.dram = #accel.dram_view<base = 1024, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    %4 = accel.add %3, %3 {accel.dram = #accel.dram_view<base = 2304, image_stride = 512, row_stride = 128, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    return %4 : tensor<1x4x4x8xf32>
  }
}
//--- overflow.mlir
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @f(%arg0: tensor<1x4x4x8xf32> {accel.dram = #accel.dram_view<base = 0, image_stride = 512, row_stride = 128, pixel_stride = 32>, accel.name = "arg0"}) -> (tensor<1x4x4x8xf32> {accel.name = "result0"}) attributes {accel.dram_plan = #accel.dram_plan<total_bytes = 2560>} {
    %0 = accel.add %arg0, %arg0 {accel.dram = #accel.dram_view<base = 1024, image_stride = 512, row_stride = 4611686018427387904, pixel_stride = 32>} : tensor<1x4x4x8xf32>
    return %0 : tensor<1x4x4x8xf32>
  }
}
//--- conv.mlir
func.func @conv(%x: tensor<1x8x8x3xf32>) -> tensor<1x4x4x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x3x3x3xf32>}> : () -> tensor<2x3x3x3xf32>
  %b = "tosa.const"() <{values = dense<[1.0, 2.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 0, 1, 0>, stride = array<i64: 2, 2>} : (tensor<1x8x8x3xf32>, tensor<2x3x3x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %0 : tensor<1x4x4x2xf32>
}
