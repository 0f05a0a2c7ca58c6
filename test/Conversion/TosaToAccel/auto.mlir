// RUN: accel-opt %s --accel-set-target=target=nvdla-large --convert-tosa-to-accel=strategy=auto | FileCheck %s --check-prefix=LARGE
// RUN: accel-opt %s --accel-set-target=target=tpu-systolic --convert-tosa-to-accel=strategy=auto | FileCheck %s --check-prefix=TPU

// strategy=auto prices split, stacked and zero-insert with the cost model on
// the module's target and keeps the cheapest (cycles, then DRAM bytes, then
// energy); the op producing the layer's result records the choice and every
// alternative's estimate.
//
// DCGAN's last layer (64 -> 3 channels, k5s2): 3 output channels waste most
// of a 32- or 128-wide array. On nvdla-large folding two grid rows into
// channels as well (fold 2 x 1: 24 channels, a 4 x 3 kernel) wins: 9,964
// cycles against stacked's (12 channels) 10,381. Its 4 x 3 x 64 x 24 f32
// weight tile (73,728 bytes) exceeds a 64 KiB stage, so it runs in
// kernel-row tiles with all 64 input channels (before them it took C_in
// tiles of 32, half the array's rows, and stacked won);
// on the 128-wide systolic array folding a 2 x 2 block of the grid into
// channels (48 channels, block 4 x 4) is cheaper still, with its input side
// packed too (fold_pack): the folded conv's stride 2 along W reads the
// input as 16 blocks of 2 pixels, 128 channels that fill the array's rows
// (a window as wide as its step, no padding copy), under a 4 x 3 conv of
// stride 2 x 1 (16,574 cycles against 19,638 for the fold alone, whose 64
// channels fill half the rows, and stacked's 20,613; its 4 x 3 x 128 x 48
// weights run in kernel-row tiles: before them the 1 x 2 fold_pack, 24
// channels, was the cheapest that fit whole).
// The 128-channel k5s2 layer fills the array: split (no zero taps) wins on
// both. FST's k3s2 128 -> 64 layer: split on both. On the 128x128 systolic
// array its 64 channels fill half of it and stacked's 256 fill it, but split
// runs its phases outer (one phase's accumulator tile at a time), which
// leaves room for tiles 4x as large: 48,584 cycles against stacked's 50,942
// (it was stacked while every phase's accumulators had to fit side by
// side).

// LARGE-LABEL: func.func @dcgan_last
// LARGE: accel.conv2d %arg0, %{{.+}}, %{{.+}} {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 1>} : (tensor<1x32x32x64xf32>, tensor<24x4x3x64xf32>, tensor<24xf32>) -> tensor<1x16x32x24xf32>
// LARGE: accel.depth_to_space %{{.+}} {accel.fold = array<i64: 2, 1>, accel.strategy = "fold", accel.strategy_cycles = {fold = 9964 : i64, split = {{[0-9]+}} : i64, stacked = 10381 : i64, "zero-insert" = {{[0-9]+}} : i64}, accel.strategy_dram_bytes = {fold = {{[0-9]+}} : i64, split = {{[0-9]+}} : i64, stacked = {{[0-9]+}} : i64, "zero-insert" = {{[0-9]+}} : i64}, accel.strategy_energy_pj = {fold = {{[0-9]+}} : i64, split = {{[0-9]+}} : i64, stacked = {{[0-9]+}} : i64, "zero-insert" = {{[0-9]+}} : i64}
// TPU-LABEL: func.func @dcgan_last
// TPU: %[[P:.+]] = accel.window %arg0 {kernel_w = 2 : i64, stride_w = 2 : i64} : (tensor<1x32x32x64xf32>) -> tensor<1x32x16x128xf32>
// TPU: accel.conv2d %[[P]], %{{.+}}, %{{.+}} {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 1>} : (tensor<1x32x16x128xf32>, tensor<48x4x3x128xf32>, tensor<48xf32>) -> tensor<1x16x16x48xf32>
// TPU: accel.depth_to_space %{{.+}} {accel.fold = array<i64: 2, 2>, accel.strategy = "fold_pack", accel.strategy_cycles = {fold = 19638 : i64, fold_pack = 16574 : i64, split = {{[0-9]+}} : i64, stacked = 20613 : i64, "zero-insert" = {{[0-9]+}} : i64}
// TPU-SAME: block = array<i64: 4, 4>, origins_h = array<i64: 0, 1, 2, 3>, origins_w = array<i64: 0, 1, 2, 3>} : (tensor<1x16x16x48xf32>) -> tensor<1x64x64x3xf32>
func.func @dcgan_last(%x: tensor<1x32x32x64xf32>) -> tensor<1x64x64x3xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %w = "tosa.const"() <{values = dense<0.01> : tensor<3x5x5x64xf32>}> : () -> tensor<3x5x5x64xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -2, -1, -2, -1>, stride = array<i64: 2, 2>} : (tensor<1x32x32x64xf32>, tensor<3x5x5x64xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x64x64x3xf32>
  return %0 : tensor<1x64x64x3xf32>
}

// LARGE-LABEL: func.func @dcgan_128
// LARGE: accel.depth_to_space {{.*}}accel.strategy = "split", accel.strategy_cycles = {split = {{[0-9]+}} : i64, stacked = {{[0-9]+}} : i64, "zero-insert" = {{[0-9]+}} : i64}
// TPU-LABEL: func.func @dcgan_128
// TPU: accel.strategy = "split"
func.func @dcgan_128(%x: tensor<1x8x8x256xf32>) -> tensor<1x16x16x128xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<128xf32>}> : () -> tensor<128xf32>
  %w = "tosa.const"() <{values = dense<0.01> : tensor<128x5x5x256xf32>}> : () -> tensor<128x5x5x256xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -2, -1, -2, -1>, stride = array<i64: 2, 2>} : (tensor<1x8x8x256xf32>, tensor<128x5x5x256xf32>, tensor<128xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x16x16x128xf32>
  return %0 : tensor<1x16x16x128xf32>
}

// LARGE-LABEL: func.func @fst_k3s2
// LARGE: accel.strategy = "split"
// TPU-LABEL: func.func @fst_k3s2
// TPU: accel.strategy = "split", accel.strategy_cycles = {split = {{[0-9]+}} : i64, stacked = {{[0-9]+}} : i64
func.func @fst_k3s2(%x: tensor<1x32x32x128xf32>) -> tensor<1x64x64x64xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<64xf32>}> : () -> tensor<64xf32>
  %w = "tosa.const"() <{values = dense<0.01> : tensor<64x3x3x128xf32>}> : () -> tensor<64x3x3x128xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 2>} : (tensor<1x32x32x128xf32>, tensor<64x3x3x128xf32>, tensor<64xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x64x64x64xf32>
  return %0 : tensor<1x64x64x64xf32>
}
