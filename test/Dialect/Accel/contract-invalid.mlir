// The attributes passes hand each other are verified by the dialect: a
// malformed value, or a value of the wrong kind or on the wrong op, is one
// error at the op (or at the attribute while parsing).
// RUN: accel-opt %s -split-input-file -verify-diagnostics

func.func @tile_zero(%x: tensor<1x4x4x4xf32>, %w: tensor<4x1x1x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{tile sizes must be at least 1, got rows = 0, cols = 4, out_channels = 4, in_channels = 4}}
  %y = accel.conv2d %x, %w {accel.tile = #accel.tiling<rows = 0, cols = 4, out_channels = 4, in_channels = 4, order = spatial_outer>} : (tensor<1x4x4x4xf32>, tensor<4x1x1x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @tile_negative_kernel_rows(%x: tensor<1x4x4x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x2x2x4xf32> {
  // expected-error @+1 {{kernel_rows must not be negative, got -1}}
  %y = accel.conv2d %x, %w {accel.tile = #accel.tiling<rows = 1, cols = 2, out_channels = 4, in_channels = 4, order = spatial_outer, kernel_rows = -1>} : (tensor<1x4x4x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x2x2x4xf32>
  return %y : tensor<1x2x2x4xf32>
}

// -----

func.func @tile_bad_order(%x: tensor<1x4x4x4xf32>, %w: tensor<4x1x1x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+2 {{expected ::accel::TileLoopOrder to be one of: spatial_outer, out_channel_outer}}
  // expected-error @+1 {{failed to parse Accel_TilingAttr parameter 'order'}}
  %y = accel.conv2d %x, %w {accel.tile = #accel.tiling<rows = 1, cols = 4, out_channels = 4, in_channels = 4, order = diagonal>} : (tensor<1x4x4x4xf32>, tensor<4x1x1x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @tile_untyped(%x: tensor<1x4x4x4xf32>, %w: tensor<4x1x1x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'accel.tile' must be a #accel.tiling attribute, got array<i64: 4, 4, 4, 4>}}
  %y = accel.conv2d %x, %w {accel.tile = array<i64: 4, 4, 4, 4>} : (tensor<1x4x4x4xf32>, tensor<4x1x1x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @tile_on_add(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'accel.tile' is only allowed on accel.conv2d}}
  %y = accel.add %x, %x {accel.tile = #accel.tiling<rows = 1, cols = 4, out_channels = 4, in_channels = 4, order = spatial_outer>} : tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @phase_group_negative(%x: tensor<1x4x4x4xf32>, %w: tensor<4x1x1x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'accel.phase_group' must be a non-negative i64 group id, got -1 : i64}}
  %y = accel.conv2d %x, %w {accel.phase_group = -1 : i64} : (tensor<1x4x4x4xf32>, tensor<4x1x1x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @estimate_utilization(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{mac_utilization must be in [0, 1], got 1.5}}
  %y = accel.add %x, %x {accel.est = #accel.estimate<cycles = 10, dram_bytes = 0, energy_pj = 1.0, mac_utilization = 1.5>} : tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @estimate_negative(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{cycles and dram_bytes must be non-negative, got -10 and 0}}
  %y = accel.add %x, %x {accel.est = #accel.estimate<cycles = -10, dram_bytes = 0, energy_pj = 1.0, mac_utilization = 0.5>} : tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @estimate_total_on_op(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'accel.est_total' is only allowed on functions}}
  %y = accel.add %x, %x {accel.est_total = #accel.estimate<cycles = 1, dram_bytes = 0, energy_pj = 1.0, mac_utilization = 0.5>} : tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @view_negative_base(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{base and strides must be non-negative, got base = -64, image_stride = 256, row_stride = 64, pixel_stride = 16}}
  %y = accel.add %x, %x {accel.dram = #accel.dram_view<base = -64, image_stride = 256, row_stride = 64, pixel_stride = 16>} : tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @view_untyped(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'accel.dram' must be a #accel.dram_view attribute, got array<i64: 0, 256, 64, 16>}}
  %y = accel.add %x, %x {accel.dram = array<i64: 0, 256, 64, 16>} : tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// expected-error @+1 {{'accel.dram' must be a #accel.dram_view attribute, got 0 : i64}}
func.func @arg_view_untyped(%x: tensor<1x4x4x4xf32> {accel.dram = 0 : i64}) -> tensor<1x4x4x4xf32> {
  return %x : tensor<1x4x4x4xf32>
}

// -----

// expected-error @+1 {{'accel.dram_addr' is not an accel argument attribute (expected 'accel.name', 'accel.dram', 'accel.interface', 'accel.scale' or 'accel.zero_point')}}
func.func @arg_unknown(%x: tensor<1x4x4x4xf32> {accel.dram_addr = 0 : i64}) -> tensor<1x4x4x4xf32> {
  return %x : tensor<1x4x4x4xf32>
}

// -----

func.func @piece_empty_rows(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{channel, row and column ranges must be non-empty and non-negative, got channels [0, 4), rows [2, 2), columns [0, 4)}}
  %y = accel.add %x, %x {accel.dram_pieces = [#accel.dram_piece<channel_begin = 0, channel_end = 4, base = 0, image_stride = 256, row_stride = 64, pixel_stride = 16, row_begin = 2, row_end = 2, col_begin = 0, col_end = 4>]} : tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @pieces_overlap(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'accel.dram_pieces' piece 1 starts at channel 1, inside the previous piece (channel ranges must be increasing and disjoint)}}
  %y = accel.add %x, %x {accel.dram_pieces = [#accel.dram_piece<channel_begin = 0, channel_end = 2, base = 0, image_stride = 256, row_stride = 64, pixel_stride = 16, row_begin = 0, row_end = 4, col_begin = 0, col_end = 4>, #accel.dram_piece<channel_begin = 1, channel_end = 4, base = 8, image_stride = 256, row_stride = 64, pixel_stride = 16, row_begin = 0, row_end = 4, col_begin = 0, col_end = 4>]} : tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @view_and_pieces(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'accel.dram' and 'accel.dram_pieces' exclude each other}}
  %y = accel.add %x, %x {accel.dram = #accel.dram_view<base = 0, image_stride = 256, row_stride = 64, pixel_stride = 16>, accel.dram_pieces = []} : tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// expected-error @+1 {{inputs, outputs, weights and arena (300 bytes) exceed total_bytes (256)}}
func.func @plan_too_small() attributes {accel.dram_plan = #accel.dram_plan<total_bytes = 256, input_bytes = 100, output_bytes = 200>} {
  return
}

// -----

// expected-error @+1 {{reuse_saved_bytes (5) must be intermediate_bytes - arena_bytes (64 - 64)}}
func.func @plan_reuse() attributes {accel.dram_plan = #accel.dram_plan<total_bytes = 256, arena_bytes = 64, intermediate_bytes = 64, reuse_saved_bytes = 5>} {
  return
}

// -----

func.func @copy_out_of_range(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x8xf32> {
  // expected-error @+1 {{'accel.copy_operands' must list distinct operand indices in increasing order, each below 2, got array<i64: 2>}}
  %c = accel.concat %x, %x {accel.copy_operands = array<i64: 2>} : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x8xf32>
  return %c : tensor<1x4x4x8xf32>
}

// -----

func.func @dram_addr_on_op(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'accel.dram_addr' is only allowed on constants}}
  %y = accel.add %x, %x {accel.dram_addr = 0 : i64} : tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// expected-error @+1 {{'accel.name' must be a string, got 3 : i64}}
func.func @name_not_string(%x: tensor<1x4x4x4xf32> {accel.name = 3 : i64}) -> tensor<1x4x4x4xf32> {
  return %x : tensor<1x4x4x4xf32>
}

// -----

// expected-error @+1 {{interface perm [0,2,2,1] is not a permutation of [0, 4)}}
func.func @interface_not_perm(%x: tensor<1x8x8x3xf32> {accel.interface = #accel.interface<shape = [1, 3, 8, 8], perm = [0, 2, 2, 1]>}) -> tensor<1x8x8x3xf32> {
  return %x : tensor<1x8x8x3xf32>
}

// -----

// expected-error @+1 {{'accel.interface' on argument 0: interface shape 1x3x8x4 has 96 elements, the stored shape 1x8x8x3 192}}
func.func @interface_count(%x: tensor<1x8x8x3xf32> {accel.interface = #accel.interface<shape = [1, 3, 8, 4], perm = [0, 2, 3, 1]>}) -> tensor<1x8x8x3xf32> {
  return %x : tensor<1x8x8x3xf32>
}

// -----

// expected-error @+1 {{'accel.interface' on result 0: interface shape 2x3x8x8 has 384 elements, the stored shape 1x8x8x3 192}}
func.func @interface_result_count(%x: tensor<1x8x8x3xf32>) -> (tensor<1x8x8x3xf32> {accel.interface = #accel.interface<shape = [2, 3, 8, 8], perm = [0, 2, 3, 1]>}) {
  return %x : tensor<1x8x8x3xf32>
}

// -----

// expected-error @+1 {{'accel.interface' must be a #accel.interface attribute, got [0, 2, 3, 1]}}
func.func @interface_untyped(%x: tensor<1x8x8x3xf32> {accel.interface = [0, 2, 3, 1]}) -> tensor<1x8x8x3xf32> {
  return %x : tensor<1x8x8x3xf32>
}
