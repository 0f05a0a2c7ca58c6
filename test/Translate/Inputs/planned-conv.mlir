// A conv after --accel-set-target=target=nvdla-small --accel-tile
// --accel-plan-memory (kept as input so that the translation is tested on
// its own; the attributes are the emitter's whole contract).
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @conv(%arg0: tensor<1x6x6x4xf32> {accel.dram = array<i64: 0, 576, 96, 16>, accel.name = "x"})
      -> (tensor<1x6x6x8xf32> {accel.name = "y"})
      attributes {accel.dram_plan = {arena_bytes = 0 : i64, input_bytes = 576 : i64, intermediate_bytes = 0 : i64, output_bytes = 1152 : i64, reuse_saved_bytes = 0 : i64, total_bytes = 2944 : i64, weight_bytes = 1184 : i64}} {
    %w = arith.constant {accel.dram_addr = 1728 : i64} dense<5.000000e-01> : tensor<8x3x3x4xf32>
    %b = arith.constant {accel.dram_addr = 2880 : i64} dense<1.000000e+00> : tensor<8xf32>
    %y = accel.conv2d %arg0, %w, %b {accel.dram = array<i64: 576, 1152, 192, 32>, accel.est_cycles = 1028 : i64, accel.loop_order = "spatial_outer", accel.tile = array<i64: 6, 3, 8, 4>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x6x6x4xf32>, tensor<8x3x3x4xf32>, tensor<8xf32>) -> tensor<1x6x6x8xf32>
    return %y : tensor<1x6x6x8xf32>
  }
}
