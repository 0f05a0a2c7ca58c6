// A conv after --accel-set-target=target=nvdla-small --accel-tile
// --accel-plan-memory --accel-estimate (kept as input so that the translation is tested on
// its own; the attributes are the emitter's whole contract).
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @conv(%arg0: tensor<1x6x6x4xf32> {accel.dram = #accel.dram_view<base = 0, image_stride = 576, row_stride = 96, pixel_stride = 16>, accel.name = "x"})
      -> (tensor<1x6x6x8xf32> {accel.name = "y"})
      attributes {accel.dram_plan = #accel.dram_plan<total_bytes = 2944, input_bytes = 576, output_bytes = 1152, weight_bytes = 1184>} {
    %w = arith.constant {accel.dram_addr = 1728 : i64} dense<5.000000e-01> : tensor<8x3x3x4xf32>
    %b = arith.constant {accel.dram_addr = 2880 : i64} dense<1.000000e+00> : tensor<8xf32>
    %y = accel.conv2d %arg0, %w, %b {accel.dram = #accel.dram_view<base = 576, image_stride = 1152, row_stride = 192, pixel_stride = 32>, accel.est = #accel.estimate<cycles = 1028, dram_bytes = 3104, energy_pj = 291443.20000000001, mac_utilization = 0.15758754863813229>, accel.tile = #accel.tiling<rows = 6, cols = 3, out_channels = 8, in_channels = 4, order = spatial_outer>, pad = array<i64: 1, 1, 1, 1>} : (tensor<1x6x6x4xf32>, tensor<8x3x3x4xf32>, tensor<8xf32>) -> tensor<1x6x6x8xf32>
    return %y : tensor<1x6x6x8xf32>
  }
}
