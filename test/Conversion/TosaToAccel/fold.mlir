// RUN: accel-opt %s --accel-set-target=target=nvdla-large --convert-tosa-to-accel="strategy=fold allow-i32-results" | FileCheck %s --check-prefix=LARGE
// RUN: accel-opt %s --accel-set-target=target=nvdla-large --convert-tosa-to-accel="strategy=auto allow-i32-results" | FileCheck %s --check-prefix=AUTO
// RUN: accel-opt %s --accel-set-target=target=nvdla-small --convert-tosa-to-accel="strategy=fold allow-i32-results" | FileCheck %s --check-prefix=SMALL
// RUN: accel-opt %s --accel-set-target=target=nvdla-large --convert-tosa-to-accel="strategy=split allow-i32-results" | FileCheck %s --check-prefix=SPLIT

// Channel folding (strategy fold; auto considers it too): an f_h x f_w block
// of outputs per position becomes f_h*f_w times the channels of one conv
// with stride f*s and a kernel enlarged by (f - 1)*s taps, interleaved by a
// channel-grouped depth_to_space (block f*s_block, origins shifted by the
// block per fold step) that crops the grid. The factor is the cost model's.

// A 1-output-channel transposed conv (k3 s2, 8 -> 1 channels): stacked packs
// the 2x2 phases (4 channels, 2x2 kernel over the 9x9 grid, origins -1, 0);
// on nvdla-large (atomic-K 32) fold packs two grid columns as well: 8
// channels, kernel 2 x (2 + 1), stride 1 x 2, a 9x5 grid (extent 4*2 + 3 =
// 11 = 8 + 1 + 2, so pad right 2), block 2 x 4, origins_w -1, 0, -1+2, 0+2.
// On nvdla-small (atomic-K 8) the fold does not pay: plain stacked.
// LARGE-LABEL: func.func @deconv
// LARGE: %[[C:.+]] = accel.conv2d %arg0, %{{.+}}, %{{.+}} {pad = array<i64: 1, 1, 1, 2>, stride = array<i64: 1, 2>} : (tensor<1x8x8x8xf32>, tensor<8x2x3x8xf32>, tensor<8xf32>) -> tensor<1x9x5x8xf32>
// LARGE: accel.depth_to_space %[[C]] {accel.fold = array<i64: 1, 2>, accel.strategy = "fold", accel.useful_macs = 4232 : i64, block = array<i64: 2, 4>, origins_h = array<i64: -1, 0>, origins_w = array<i64: -1, 0, 1, 2>} : (tensor<1x9x5x8xf32>) -> tensor<1x16x16x1xf32>
// AUTO-LABEL: func.func @deconv
// AUTO: accel.depth_to_space %{{.+}} {accel.fold = array<i64: 1, 2>, accel.strategy = "fold", accel.strategy_cycles = {fold = [[FOLD:[0-9]+]] : i64, split = {{[0-9]+}} : i64, stacked = [[STACKED:[0-9]+]] : i64, "zero-insert" = {{[0-9]+}} : i64}
// SMALL-LABEL: func.func @deconv
// SMALL: accel.conv2d %arg0, %{{.+}}, %{{.+}} {pad = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x8xf32>, tensor<4x2x2x8xf32>, tensor<4xf32>) -> tensor<1x9x9x4xf32>
// SMALL: accel.depth_to_space %{{.+}} {accel.strategy = "stacked", accel.useful_macs = 4232 : i64, block = array<i64: 2, 2>, origins_h = array<i64: -1, 0>, origins_w = array<i64: -1, 0>}
func.func @deconv(%x: tensor<1x8x8x8xf32>) -> tensor<1x16x16x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.5> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x3x3x8xf32>}> : () -> tensor<1x3x3x8xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 2>} : (tensor<1x8x8x8xf32>, tensor<1x3x3x8xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x16x16x1xf32>
  return %0 : tensor<1x16x16x1xf32>
}

// An int8 3x3 conv with one output channel, folded 4x4 on nvdla-large (16
// channels, kernel 3 + 3 = 6, stride 4, a 4x4 grid, block 4) and 2x2 on
// nvdla-small; the zero points stay, the folded kernel's zero taps hold the
// weight zero point, the bias is repeated per folded position. Under
// strategy=auto the plain conv ("direct") and the best fold are recorded.
// LARGE-LABEL: func.func @int8_conv
// LARGE-DAG: %[[W:.+]] = "tosa.const"() <{values = dense_resource<{{[a-z0-9_]+}}> : tensor<16x6x6x8xi8>}>
// LARGE-DAG: %[[B:.+]] = "tosa.const"() <{values = dense<7> : tensor<16xi32>}>
// LARGE: %[[C:.+]] = accel.conv2d %arg0, %[[W]], %[[B]] {input_zp = 3 : i32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 4, 4>, weight_zp = -2 : i32} : (tensor<1x16x16x8xi8>, tensor<16x6x6x8xi8>, tensor<16xi32>) -> tensor<1x4x4x16xi32>
// LARGE: accel.depth_to_space %[[C]] {accel.fold = array<i64: 4, 4>, accel.strategy = "fold", accel.strategy_cycles = {direct = {{[0-9]+}} : i64, fold = {{[0-9]+}} : i64}, {{.*}}accel.useful_macs = 18432 : i64, block = array<i64: 4, 4>, origins_h = array<i64: 0, 1, 2, 3>, origins_w = array<i64: 0, 1, 2, 3>} : (tensor<1x4x4x16xi32>) -> tensor<1x16x16x1xi32>
// AUTO-LABEL: func.func @int8_conv
// AUTO: accel.fold = array<i64: 4, 4>, accel.strategy = "fold", accel.strategy_cycles = {direct = [[DIRECT:[0-9]+]] : i64, fold = {{[0-9]+}} : i64}
// SMALL-LABEL: func.func @int8_conv
// SMALL: accel.conv2d %arg0, %{{.+}}, %{{.+}} {input_zp = 3 : i32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>, weight_zp = -2 : i32} : (tensor<1x16x16x8xi8>, tensor<4x4x4x8xi8>, tensor<4xi32>) -> tensor<1x8x8x4xi32>
// SMALL: accel.depth_to_space %{{.+}} {accel.fold = array<i64: 2, 2>, accel.strategy = "fold", {{.*}}block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>, origins_w = array<i64: 0, 1>} : (tensor<1x8x8x4xi32>) -> tensor<1x16x16x1xi32>
// Without fold / auto, the conv stays as written.
// SPLIT-LABEL: func.func @int8_conv
// SPLIT: accel.conv2d %arg0, %{{.+}}, %{{.+}} {input_zp = 3 : i32, pad = array<i64: 1, 1, 1, 1>, weight_zp = -2 : i32} : (tensor<1x16x16x8xi8>, tensor<1x3x3x8xi8>, tensor<1xi32>) -> tensor<1x16x16x1xi32>
// SPLIT-NOT: accel.fold
func.func @int8_conv(%x: tensor<1x16x16x8xi8>) -> tensor<1x16x16x1xi32> {
  %izp = "tosa.const"() <{values = dense<3> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wzp = "tosa.const"() <{values = dense<-2> : tensor<1xi8>}> : () -> tensor<1xi8>
  %b = "tosa.const"() <{values = dense<7> : tensor<1xi32>}> : () -> tensor<1xi32>
  %w = "tosa.const"() <{values = dense<5> : tensor<1x3x3x8xi8>}> : () -> tensor<1x3x3x8xi8>
  %0 = tosa.conv2d %x, %w, %b, %izp, %wzp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x16x16x8xi8>, tensor<1x3x3x8xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x16x16x1xi32>
  return %0 : tensor<1x16x16x1xi32>
}

// A conv whose output channels fill the array is not a fold candidate: no
// estimates, no fold.
// AUTO-LABEL: func.func @wide
// AUTO-NOT: accel.strategy
// AUTO: return
func.func @wide(%x: tensor<1x8x8x8xf32>) -> tensor<1x8x8x32xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.5> : tensor<32xf32>}> : () -> tensor<32xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<32x3x3x8xf32>}> : () -> tensor<32x3x3x8xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x8x8x8xf32>, tensor<32x3x3x8xf32>, tensor<32xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x32xf32>
  return %0 : tensor<1x8x8x32xf32>
}
