// Excerpt of compiled accel IR as accel-opt --mlir-print-debuginfo prints it (aliased
// locations); only what accel_tools.mlir_text.strategies reads matters.
module attributes {accel.target = #accel.target<"nvdla-small">} {
  func.func @net(%arg0: tensor<1x100xf32> loc("net.mlir":4:18)) -> tensor<1x8x8x3xf32> {
    %1 = accel.depth_to_space %0 {accel.strategy = "split", accel.strategy_cycles = {split = 1 : i64, stacked = 2 : i64}, block = array<i64: 2, 2>} : (tensor<1x4x4x8xf32>) -> tensor<1x8x8x8xf32> loc(#loc3)
    %2 = accel.depth_to_space %1 {accel.strategy = "stacked", block = array<i64: 2, 2>} : (tensor<1x4x4x12xf32>) -> tensor<1x8x8x3xf32> loc(fused["deconv2", "net.mlir":20:3])
    return %2 : tensor<1x8x8x3xf32> loc(#loc4)
  } loc(#loc2)
} loc(#loc)
#loc = loc("net.mlir":0:0)
#loc2 = loc("net.mlir":4:1)
#loc3 = loc("deconv1")
#loc4 = loc("net.mlir":30:3)
