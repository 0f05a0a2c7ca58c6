// accel-tile ranks a conv's tilings as the program runs it: with the POSTs
// of its epilogue (a lookup table doubles them) and with its output stored
// in place (a conv whose only user is a channel-grouped depth_to_space
// stores its channel pieces straight into that result). The simulator's
// side of both is checked by the unit tests
// (CostVsSimTest.LookupTableConvsAreTiledWithTheirLongerPosts,
// TilerTest.FoldedConvIsTiledWithItsOutputInPlace); this test checks that
// the pass asks the tiler with the IR's epilogue and crop.
// RUN: accel-opt %s --accel-set-target=target=nvdla-large --accel-tile \
// RUN:   | FileCheck %s
// The parallel pre-tiling asks the same questions.
// RUN: accel-opt %s --accel-set-target=target=nvdla-large --accel-tile \
// RUN:   --mlir-disable-threading | FileCheck %s

// MDE's last upconv in int8, stacked: 32 -> 4 x 16 channels, 2 x 2 taps.
// Without a table the tiler takes 5 x 33 tiles of 32 channels (5,069
// cycles); with one, every POST is twice as long and it takes 9 x 9 tiles
// of all 64 channels (5,237 cycles; the 5 x 33 tiling would take 5,399).
// CHECK-LABEL: func.func @no_table
// CHECK: accel.conv2d
// CHECK-SAME: accel.tile = #accel.tiling<rows = 5, cols = 33, out_channels = 32, in_channels = 32, order = out_channel_outer>
func.func @no_table(%x: tensor<1x16x32x32xi8>) -> tensor<1x17x33x64xi8> {
  %w = arith.constant dense<1> : tensor<64x2x2x32xi8>
  %b = arith.constant dense<0> : tensor<64xi32>
  %s = arith.constant dense<31> : tensor<64x2xi32>
  %y = accel.conv2d %x, %w, %b scales %s {pad = array<i64: 1, 1, 1, 1>}
      : (tensor<1x16x32x32xi8>, tensor<64x2x2x32xi8>, tensor<64xi32>,
         tensor<64x2xi32>) -> tensor<1x17x33x64xi8>
  return %y : tensor<1x17x33x64xi8>
}

// CHECK-LABEL: func.func @table
// CHECK: accel.conv2d
// CHECK-SAME: accel.tile = #accel.tiling<rows = 9, cols = 9, out_channels = 64, in_channels = 32, order = spatial_outer>
func.func @table(%x: tensor<1x16x32x32xi8>) -> tensor<1x17x33x64xi8> {
  %w = arith.constant dense<1> : tensor<64x2x2x32xi8>
  %b = arith.constant dense<0> : tensor<64xi32>
  %s = arith.constant dense<31> : tensor<64x2xi32>
  %t = arith.constant dense<3> : tensor<256xi8>
  %y = accel.conv2d %x, %w, %b scales %s lut %t {pad = array<i64: 1, 1, 1, 1>}
      : (tensor<1x16x32x32xi8>, tensor<64x2x2x32xi8>, tensor<64xi32>,
         tensor<64x2xi32>, tensor<256xi8>) -> tensor<1x17x33x64xi8>
  return %y : tensor<1x17x33x64xi8>
}

// objective.mlir's @k7 as fold_pack 1x4: a 1 x 3 conv over 512 blocks of
// 32 channels whose four channel groups go to positions 4x + a of the
// result. Ranked on a dense output (@dense) the tiler takes tiles of 103
// columns; ranked in place, tiles of 86 columns, which run faster there
// (objective.mlir's fold_pack price went from 2,838 to 2,768 cycles).
// CHECK-LABEL: func.func @in_place
// CHECK: accel.conv2d
// CHECK-SAME: accel.tile = #accel.tiling<rows = 1, cols = 86, out_channels = 32, in_channels = 32, order = spatial_outer>
// CHECK-LABEL: func.func @dense
// CHECK: accel.conv2d
// CHECK-SAME: accel.tile = #accel.tiling<rows = 1, cols = 103, out_channels = 32, in_channels = 32, order = spatial_outer>
func.func @in_place(%x: tensor<1x1x512x32xf32>) -> tensor<1x1x2048x8xf32> {
  %w = arith.constant dense<0.5> : tensor<32x1x3x32xf32>
  %b = arith.constant dense<0.0> : tensor<32xf32>
  %y = accel.conv2d %x, %w, %b {pad = array<i64: 0, 0, 1, 1>}
      : (tensor<1x1x512x32xf32>, tensor<32x1x3x32xf32>, tensor<32xf32>)
      -> tensor<1x1x512x32xf32>
  %z = accel.depth_to_space %y {block = array<i64: 1, 4>,
      origins_h = array<i64: 0>, origins_w = array<i64: 0, 1, 2, 3>}
      : (tensor<1x1x512x32xf32>) -> tensor<1x1x2048x8xf32>
  return %z : tensor<1x1x2048x8xf32>
}

// The same conv with a dense output.
func.func @dense(%x: tensor<1x1x512x32xf32>) -> tensor<1x1x512x32xf32> {
  %w = arith.constant dense<0.5> : tensor<32x1x3x32xf32>
  %b = arith.constant dense<0.0> : tensor<32xf32>
  %y = accel.conv2d %x, %w, %b {pad = array<i64: 0, 0, 1, 1>}
      : (tensor<1x1x512x32xf32>, tensor<32x1x3x32xf32>, tensor<32xf32>)
      -> tensor<1x1x512x32xf32>
  return %y : tensor<1x1x512x32xf32>
}
