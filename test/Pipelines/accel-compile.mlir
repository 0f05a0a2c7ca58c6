// The accel-compile pipeline: TOSA in, tiled, memory-planned and priced accel
// IR out.
// RUN: accel-opt %s --accel-compile="target=nvdla-large strategy=auto" | FileCheck %s
// RUN: accel-opt %s --accel-compile="target=nvdla-small strategy=zero-insert" | FileCheck %s --check-prefix=ZERO
// RUN: accel-opt %s --pass-pipeline="builtin.module(accel-compile{target=diannao strategy=split})" | FileCheck %s --check-prefix=SPLIT
// RUN: not accel-opt %s --accel-compile="target=nvdla-tiny" 2>&1 | FileCheck %s --check-prefix=BADTARGET

// CHECK: module attributes {accel.target = #accel.target<"nvdla-large">}
// CHECK-LABEL: func.func @deconv
// CHECK-SAME: accel.dram_plan = #accel.dram_plan<total_bytes = {{[0-9]+}}
// CHECK-SAME: accel.est_total = #accel.estimate<cycles = {{[0-9]+}}
// CHECK: accel.conv2d {{.*}}accel.est = #accel.estimate<cycles = {{[0-9]+}}, {{.*}}accel.tile = #accel.tiling<rows = {{[0-9]+}}, cols = {{[0-9]+}}, out_channels = {{[0-9]+}}, in_channels = {{[0-9]+}}, order = {{spatial_outer|out_channel_outer}}>
// CHECK: accel.depth_to_space
// CHECK-SAME: accel.strategy = "{{split|stacked|zero-insert}}"
// CHECK-SAME: accel.strategy_cycles = {split = {{[0-9]+}} : i64, stacked = {{[0-9]+}} : i64, "zero-insert" = {{[0-9]+}} : i64}
// CHECK-NOT: tosa.

// ZERO: accel.zero_insert
// ZERO: accel.conv2d
// ZERO-SAME: accel.strategy = "zero-insert"

// SPLIT: module attributes {accel.target = #accel.target<"diannao">}
// SPLIT-COUNT-4: accel.conv2d
// SPLIT: accel.depth_to_space {{.*}}accel.strategy = "split"

// BADTARGET: error: unknown target 'nvdla-tiny'

func.func @deconv(%x: tensor<1x8x8x16xf32>) -> tensor<1x16x16x8xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<8x3x3x16xf32>}> : () -> tensor<8x3x3x16xf32>
  %b = "tosa.const"() <{values = dense<0.25> : tensor<8xf32>}> : () -> tensor<8xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 2>} : (tensor<1x8x8x16xf32>, tensor<8x3x3x16xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x16x16x8xf32>
  %r = tosa.clamp %y {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x16x16x8xf32>) -> tensor<1x16x16x8xf32>
  return %r : tensor<1x16x16x8xf32>
}
