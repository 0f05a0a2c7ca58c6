// accel-plan-memory: DRAM layout [inputs][outputs][weights][arena], liveness
// reuse in the arena, and aliases (depth_to_space phases, concat inputs)
// placed inside their consumer's region.
// RUN: accel-opt %s --split-input-file --accel-plan-memory | FileCheck %s

// A chain x -> a -> b -> c -> y of 1x8x8x4 f32 tensors (1024 bytes each).
// a is dead once b is computed, so c reuses a's bytes: three intermediates,
// two regions.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: accel.dram = #accel.dram_view<base = 0, image_stride = 1024, row_stride = 128, pixel_stride = 16>, accel.name = "arg0"
// CHECK-SAME: accel.name = "result0"
// CHECK-SAME: accel.dram_plan = #accel.dram_plan<total_bytes = 4224, input_bytes = 1024, output_bytes = 1024, weight_bytes = 80, arena_bytes = 2048, intermediate_bytes = 3072, reuse_saved_bytes = 1024>
// CHECK: arith.constant {accel.dram_addr = 2048 : i64}
// CHECK: %[[A:.+]] = accel.conv2d {{.*}}accel.dram = #accel.dram_view<base = [[#ARENA:2176]], image_stride = 1024, row_stride = 128, pixel_stride = 16>
// CHECK: %[[B:.+]] = accel.conv2d %[[A]], {{.*}}accel.dram = #accel.dram_view<base = [[#ARENA+1024]], image_stride = 1024, row_stride = 128, pixel_stride = 16>
// CHECK: %[[C:.+]] = accel.conv2d %[[B]], {{.*}}accel.dram = #accel.dram_view<base = [[#ARENA]], image_stride = 1024, row_stride = 128, pixel_stride = 16>
// CHECK: accel.conv2d %[[C]], {{.*}}accel.dram = #accel.dram_view<base = 1024, image_stride = 1024, row_stride = 128, pixel_stride = 16>
func.func @chain(%x: tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32> {
  %w = arith.constant dense<0.5> : tensor<4x1x1x4xf32>
  %b = arith.constant dense<0.1> : tensor<4xf32>
  %a = accel.conv2d %x, %w, %b : (tensor<1x8x8x4xf32>, tensor<4x1x1x4xf32>, tensor<4xf32>) -> tensor<1x8x8x4xf32>
  %bb = accel.conv2d %a, %w, %b : (tensor<1x8x8x4xf32>, tensor<4x1x1x4xf32>, tensor<4xf32>) -> tensor<1x8x8x4xf32>
  %c = accel.conv2d %bb, %w, %b : (tensor<1x8x8x4xf32>, tensor<4x1x1x4xf32>, tensor<4xf32>) -> tensor<1x8x8x4xf32>
  %y = accel.conv2d %c, %w, %b : (tensor<1x8x8x4xf32>, tensor<4x1x1x4xf32>, tensor<4xf32>) -> tensor<1x8x8x4xf32>
  return %y : tensor<1x8x8x4xf32>
}

// -----

// The stacked form: one conv with 2x2x2 channels, depth_to_space with a
// crop (origin -1). Each channel group p becomes one piece of the conv's
// placement with strides x2 at its origin; row / column 0 of the groups with
// origin -1 are dropped.
// CHECK-LABEL: func.func @stacked
// CHECK: accel.conv2d
// CHECK-SAME: accel.dram_pieces = [
// The result y is at 128 (after x): row stride 56, pixel stride 8.
// Group 0 (channels 0..1): origin (-1, -1): base = 128 - 56 - 8, rows/cols from 1.
// CHECK-SAME: #accel.dram_piece<channel_begin = 0, channel_end = 2, base = 64, image_stride = 392, row_stride = 112, pixel_stride = 16, row_begin = 1, row_end = 4, col_begin = 1, col_end = 4>,
// Group 1 (channels 2..3): origin (-1, 0).
// CHECK-SAME: #accel.dram_piece<channel_begin = 2, channel_end = 4, base = 72, image_stride = 392, row_stride = 112, pixel_stride = 16, row_begin = 1, row_end = 4, col_begin = 0, col_end = 4>,
// Group 2 (channels 4..5): origin (0, -1).
// CHECK-SAME: #accel.dram_piece<channel_begin = 4, channel_end = 6, base = 120, image_stride = 392, row_stride = 112, pixel_stride = 16, row_begin = 0, row_end = 4, col_begin = 1, col_end = 4>,
// Group 3 (channels 6..7): origin (0, 0).
// CHECK-SAME: #accel.dram_piece<channel_begin = 6, channel_end = 8, base = 128, image_stride = 392, row_stride = 112, pixel_stride = 16, row_begin = 0, row_end = 4, col_begin = 0, col_end = 4>]
// CHECK: accel.depth_to_space {{.*}}accel.dram = #accel.dram_view<base = 128, image_stride = 392, row_stride = 56, pixel_stride = 8>
func.func @stacked(%x: tensor<1x4x4x2xf32>) -> tensor<1x7x7x2xf32> {
  %w = arith.constant dense<0.5> : tensor<8x1x1x2xf32>
  %s = accel.conv2d %x, %w : (tensor<1x4x4x2xf32>, tensor<8x1x1x2xf32>) -> tensor<1x4x4x8xf32>
  %y = accel.depth_to_space %s {block = array<i64: 2, 2>,
      origins_h = array<i64: -1, 0>, origins_w = array<i64: -1, 0>}
      : (tensor<1x4x4x8xf32>) -> tensor<1x7x7x2xf32>
  return %y : tensor<1x7x7x2xf32>
}

// -----

// A value feeding two concats aliases into the first and is copied into the
// second; a function input is always copied. A reshape of an input is a view
// of the input's region.
// CHECK-LABEL: func.func @copies
// CHECK: %[[R:.+]] = accel.reshape {{.*}}accel.dram = #accel.dram_view<base = 0, image_stride = 64, row_stride = 32, pixel_stride = 16>
// CHECK: %[[A:.+]] = accel.conv2d %[[R]]
// CHECK: accel.concat %[[A]], %[[R]] {accel.copy_operands = array<i64: 1>
// CHECK: accel.concat %[[A]], %[[A]] {accel.copy_operands = array<i64: 0, 1>
func.func @copies(%x: tensor<1x16xf32>) -> (tensor<1x2x2x8xf32>, tensor<1x2x2x8xf32>) {
  %w = arith.constant dense<0.5> : tensor<4x1x1x4xf32>
  %r = accel.reshape %x : (tensor<1x16xf32>) -> tensor<1x2x2x4xf32>
  %a = accel.conv2d %r, %w : (tensor<1x2x2x4xf32>, tensor<4x1x1x4xf32>) -> tensor<1x2x2x4xf32>
  %c1 = accel.concat %a, %r : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>) -> tensor<1x2x2x8xf32>
  %c2 = accel.concat %a, %a : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>) -> tensor<1x2x2x8xf32>
  return %c1, %c2 : tensor<1x2x2x8xf32>, tensor<1x2x2x8xf32>
}

// -----

// A reshape placed in a concat's channel slice views its operand there when
// the strides allow (NumPy's no-copy reshape): %v's four rows of one pixel
// are the slice's 2x2 pixels (row_stride 64 = one 16-channel pixel), and the
// conv writes straight into them. A reshape whose operand would merge the
// slice's channels with its pixels (%m: 1x1x1x32 into 2x2 pixels of 8 of
// 16 channels) is a view of its own operand instead, and the concat copies
// it into place.
// CHECK-LABEL: func.func @reshape_views
// CHECK: %[[V:.+]] = accel.conv2d {{.*}}accel.dram = #accel.dram_view<base = [[#OUT:]], image_stride = 256, row_stride = 64, pixel_stride = 32>
// CHECK: %[[M:.+]] = accel.conv2d {{.*}}accel.dram = #accel.dram_view<base = [[#MB:]], image_stride = 128, row_stride = 128, pixel_stride = 128>
// CHECK: %[[RV:.+]] = accel.reshape %[[V]] {accel.dram = #accel.dram_view<base = [[#OUT]], image_stride = 256, row_stride = 128, pixel_stride = 64>
// CHECK: %[[RM:.+]] = accel.reshape %[[M]] {accel.dram = #accel.dram_view<base = [[#MB]], image_stride = 128, row_stride = 64, pixel_stride = 32>
// CHECK: accel.concat %[[RV]], %[[RM]] {accel.copy_operands = array<i64: 1>, accel.dram = #accel.dram_view<base = [[#OUT]], image_stride = 256, row_stride = 128, pixel_stride = 64>
func.func @reshape_views(%x: tensor<1x4x1x4xf32>, %y: tensor<1x1x1x4xf32>) -> tensor<1x2x2x16xf32> {
  %w = arith.constant dense<0.5> : tensor<8x1x1x4xf32>
  %w2 = arith.constant dense<0.5> : tensor<32x1x1x4xf32>
  %v = accel.conv2d %x, %w : (tensor<1x4x1x4xf32>, tensor<8x1x1x4xf32>) -> tensor<1x4x1x8xf32>
  %m = accel.conv2d %y, %w2 : (tensor<1x1x1x4xf32>, tensor<32x1x1x4xf32>) -> tensor<1x1x1x32xf32>
  %rv = accel.reshape %v : (tensor<1x4x1x8xf32>) -> tensor<1x2x2x8xf32>
  %rm = accel.reshape %m : (tensor<1x1x1x32xf32>) -> tensor<1x2x2x8xf32>
  %c = accel.concat %rv, %rm : (tensor<1x2x2x8xf32>, tensor<1x2x2x8xf32>) -> tensor<1x2x2x16xf32>
  return %c : tensor<1x2x2x16xf32>
}
