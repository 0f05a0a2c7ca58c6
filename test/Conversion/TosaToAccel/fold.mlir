// RUN: accel-opt %s --accel-set-target=target=nvdla-large --convert-tosa-to-accel="strategy=fold allow-i32-results" | FileCheck %s --check-prefix=LARGE
// RUN: accel-opt %s --accel-set-target=target=nvdla-large --convert-tosa-to-accel="strategy=auto allow-i32-results" | FileCheck %s --check-prefix=AUTO
// RUN: accel-opt %s --accel-set-target=target=nvdla-small --convert-tosa-to-accel="strategy=fold allow-i32-results" | FileCheck %s --check-prefix=SMALL
// RUN: accel-opt %s --accel-set-target=target=nvdla-large --convert-tosa-to-accel="strategy=split allow-i32-results" | FileCheck %s --check-prefix=SPLIT
// RUN: accel-opt %s --accel-set-target=target=tpu-systolic --convert-tosa-to-accel="strategy=auto allow-i32-results" --mlir-elide-elementsattrs-if-larger=4 | FileCheck %s --check-prefix=TPU

// Channel folding (strategy fold; auto considers it too): an f_h x f_w block
// of outputs per position becomes f_h*f_w times the channels of one conv
// with stride f*s and a kernel enlarged by (f - 1)*s taps, interleaved by a
// channel-grouped depth_to_space (block f*s_block, origins shifted by the
// block per fold step) that crops the grid. The factor is the cost model's.

// A 1-output-channel transposed conv (k3 s2, 8 -> 1 channels): stacked packs
// the 2x2 phases (4 channels, 2x2 kernel over the 9x9 grid, origins -1, 0);
// on nvdla-large (atomic-K 32) fold packs two grid columns as well: 8
// channels, kernel 2 x (2 + 1), stride 1 x 2, block 2 x 4, origins_w -1, 0,
// -1+2, 0+2; its stride 2 along W reads the 8-pixel rows as 4 blocks of 2
// pixels (fold_pack's block view: a window as wide as its step, 16
// channels, no padding copy), and the folded kernel's 3 columns span 2
// blocks (one of padding on each side), a 2 x 2 conv over the blocks. Under
// auto it beats fold alone (2 x 1, rows, 862 cycles) and stacked (919).
// On nvdla-small (atomic-K 8) the fold does not pay: plain stacked.
// LARGE-LABEL: func.func @deconv
// LARGE: %[[P:.+]] = accel.window %arg0 {kernel_w = 2 : i64, stride_w = 2 : i64} : (tensor<1x8x8x8xf32>) -> tensor<1x8x4x16xf32>
// LARGE: %[[C:.+]] = accel.conv2d %[[P]], %{{.+}}, %{{.+}} {pad = array<i64: 1, 1, 1, 1>} : (tensor<1x8x4x16xf32>, tensor<8x2x2x16xf32>, tensor<8xf32>) -> tensor<1x9x5x8xf32>
// LARGE: accel.depth_to_space %[[C]] {accel.fold = array<i64: 1, 2>, accel.strategy = "fold_pack", accel.useful_macs = 4232 : i64, block = array<i64: 2, 4>, origins_h = array<i64: -1, 0>, origins_w = array<i64: -1, 0, 1, 2>} : (tensor<1x9x5x8xf32>) -> tensor<1x16x16x1xf32>
// AUTO-LABEL: func.func @deconv
// AUTO: accel.depth_to_space %{{.+}} {accel.fold = array<i64: 1, 2>, accel.strategy = "fold_pack", accel.strategy_cycles = {fold = 862 : i64, fold_pack = 817 : i64, split = {{[0-9]+}} : i64, stacked = 919 : i64, "zero-insert" = {{[0-9]+}} : i64}
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

// An int8 3x3 conv with one output channel. On nvdla-large (atomic-K 32)
// folded 3 x 4 (12 channels, kernel 5 x 6, stride 3 x 4, a 6 x 4 grid) and
// packed as blocks: the stride 4 along W reads each 16-pixel row as 4
// blocks of 4 pixels x 8 channels (32 channels of the 64 rows instead of 8),
// and the folded kernel's 6 columns (left padding 1) span 3 blocks, so a
// 5 x 3 conv over the blocks with one block of padding on each side (1,040
// cycles against 1,239 for the 4 x 4 fold alone). On nvdla-small 3x2 (6
// channels, kernel 5 x 4, stride 3 x 2, a 6 x 8 grid: extent 5*3 + 5 = 20 =
// 16 + 1 + 3, so pad bottom 3; the taps the larger kernel's rows spend on
// padding rows are skipped, docs/CostModel.md "Kernel rows split"); the
// zero points stay, the folded kernel's zero taps (and the block view's
// taps outside the kernel) hold the weight zero point, the bias is repeated
// per folded position. Under strategy=auto the plain conv ("direct") and
// the best fold are recorded.
// LARGE-LABEL: func.func @int8_conv
// LARGE-DAG: %[[W:.+]] = "tosa.const"() <{values = dense_resource<{{[a-z0-9_]+}}> : tensor<12x5x3x32xi8>}>
// LARGE-DAG: %[[B:.+]] = "tosa.const"() <{values = dense<7> : tensor<12xi32>}>
// LARGE: %[[P:.+]] = accel.window %arg0 {kernel_w = 4 : i64, stride_w = 4 : i64} : (tensor<1x16x16x8xi8>) -> tensor<1x16x4x32xi8>
// LARGE: %[[C:.+]] = accel.conv2d %[[P]], %[[W]], %[[B]] {input_zp = 3 : i32, pad = array<i64: 1, 3, 1, 1>, stride = array<i64: 3, 1>, weight_zp = -2 : i32} : (tensor<1x16x4x32xi8>, tensor<12x5x3x32xi8>, tensor<12xi32>) -> tensor<1x6x4x12xi32>
// LARGE: accel.depth_to_space %[[C]] {accel.fold = array<i64: 3, 4>, accel.strategy = "fold_pack", accel.strategy_cycles = {direct = {{[0-9]+}} : i64, fold = {{[0-9]+}} : i64, fold_pack = {{[0-9]+}} : i64, pack = {{[0-9]+}} : i64}, {{.*}}accel.useful_macs = 18432 : i64, block = array<i64: 3, 4>, origins_h = array<i64: 0, 1, 2>, origins_w = array<i64: 0, 1, 2, 3>} : (tensor<1x6x4x12xi32>) -> tensor<1x16x16x1xi32>
// AUTO-LABEL: func.func @int8_conv
// AUTO: accel.fold = array<i64: 3, 4>, accel.strategy = "fold_pack", accel.strategy_cycles = {direct = [[DIRECT:[0-9]+]] : i64, fold = 1239 : i64, fold_pack = 1032 : i64, pack = {{[0-9]+}} : i64}
// SMALL-LABEL: func.func @int8_conv
// SMALL: accel.conv2d %arg0, %{{.+}}, %{{.+}} {input_zp = 3 : i32, pad = array<i64: 1, 3, 1, 1>, stride = array<i64: 3, 2>, weight_zp = -2 : i32} : (tensor<1x16x16x8xi8>, tensor<6x5x4x8xi8>, tensor<6xi32>) -> tensor<1x6x8x6xi32>
// SMALL: accel.depth_to_space %{{.+}} {accel.fold = array<i64: 3, 2>, accel.strategy = "fold", {{.*}}block = array<i64: 3, 2>, origins_h = array<i64: 0, 1, 2>, origins_w = array<i64: 0, 1>} : (tensor<1x6x8x6xi32>) -> tensor<1x16x16x1xi32>
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

// A conv whose output channels fill the array is not a fold candidate; its 8
// input channels (of atomic-C 64) make it a pack candidate, priced, and the
// plain conv stays (cheaper on this 8x8 map).
// AUTO-LABEL: func.func @wide
// AUTO: accel.conv2d %arg0, %{{.+}}, %{{.+}} {accel.strategy_cycles = {direct = {{[0-9]+}} : i64, pack = {{[0-9]+}} : i64}
// AUTO-NOT: accel.strategy =
// AUTO: return
func.func @wide(%x: tensor<1x8x8x8xf32>) -> tensor<1x8x8x32xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.5> : tensor<32xf32>}> : () -> tensor<32xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<32x3x3x8xf32>}> : () -> tensor<32x3x3x8xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x8x8x8xf32>, tensor<32x3x3x8xf32>, tensor<32xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x32xf32>
  return %0 : tensor<1x8x8x32xf32>
}

// An RGB first layer (3 input channels fill 3 of atomic-C 64 rows, once per
// tap): its 9 kernel columns are packed into 27 channels, and the conv
// becomes 9x1 over them with the same weights read as [32, 9, 1, 27]: 9 taps
// per output instead of 81. No MAC moves data: a stride-1 zero insertion
// pads W by the conv's left/right padding and an accel.window views each
// run of 9 padded pixels as one 27-channel pixel.
// AUTO-LABEL: func.func @rgb_pack
// AUTO: %[[Z:.+]] = accel.zero_insert %arg0 {pad = array<i64: 0, 0, 4, 4>, stride = array<i64: 1, 1>} : (tensor<1x32x32x3xf32>) -> tensor<1x32x40x3xf32>
// AUTO: %[[P:.+]] = accel.window %[[Z]] {kernel_w = 9 : i64, stride_w = 1 : i64} : (tensor<1x32x40x3xf32>) -> tensor<1x32x32x27xf32>
// AUTO: accel.conv2d %[[P]], %{{.+}}, %{{.+}} {accel.strategy = "pack", accel.strategy_cycles = {direct = [[DIRECT:[0-9]+]] : i64, pack = [[PACK:[0-9]+]] : i64}, {{.*}}accel.useful_macs = 7962624 : i64, pad = array<i64: 4, 4, 0, 0>} : (tensor<1x32x32x27xf32>, tensor<32x9x1x27xf32>, tensor<32xf32>) -> tensor<1x32x32x32xf32>
// SPLIT-LABEL: func.func @rgb_pack
// SPLIT-NOT: accel.strategy
// SPLIT: accel.conv2d %arg0, %{{.+}}, %{{.+}} {pad = array<i64: 4, 4, 4, 4>} : (tensor<1x32x32x3xf32>, tensor<32x9x9x3xf32>, tensor<32xf32>) -> tensor<1x32x32x32xf32>
func.func @rgb_pack(%x: tensor<1x32x32x3xf32>) -> tensor<1x32x32x32xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.5> : tensor<32xf32>}> : () -> tensor<32xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<32x9x9x3xf32>}> : () -> tensor<32x9x9x3xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 4, 4, 4, 4>, stride = array<i64: 1, 1>} : (tensor<1x32x32x3xf32>, tensor<32x9x9x3xf32>, tensor<32xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x32x32x32xf32>
  return %0 : tensor<1x32x32x32xf32>
}

// int8, stride 2 and dilation 2 along W, 32 output channels (nvdla-large's
// columns: no fold): a dilated kernel row is not a run of adjacent pixels,
// so a 1x5 move conv (one nonzero tap per output channel) packs it; it
// carries the stride and dilation and writes the input zero point where it
// pads (input_zp == output_zp, multiplier 1, shift 0), so the packed conv's
// padding taps still contribute nothing.
// AUTO-LABEL: func.func @int8_pack
// AUTO: %[[P:.+]] = accel.conv2d %arg0, %{{.+}} {dilation = array<i64: 1, 2>, input_zp = -5 : i32, output_zp = -5 : i32, pad = array<i64: 0, 0, 3, 2>, requant_multiplier = 1 : i32, requant_shift = 0 : i32, stride = array<i64: 1, 2>} : (tensor<1x32x32x3xi8>, tensor<15x1x5x3xi8>) -> tensor<1x32x15x15xi8>
// AUTO: accel.conv2d %[[P]], %{{.+}}, %{{.+}} {accel.strategy = "pack", {{.*}}accel.useful_macs = 1152000 : i64, input_zp = -5 : i32, pad = array<i64: 2, 2, 0, 0>, weight_zp = 3 : i32} : (tensor<1x32x15x15xi8>, tensor<32x5x1x15xi8>, tensor<32xi32>) -> tensor<1x32x15x32xi32>
func.func @int8_pack(%x: tensor<1x32x32x3xi8>) -> tensor<1x32x15x32xi32> {
  %izp = "tosa.const"() <{values = dense<-5> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wzp = "tosa.const"() <{values = dense<3> : tensor<1xi8>}> : () -> tensor<1xi8>
  %b = "tosa.const"() <{values = dense<7> : tensor<32xi32>}> : () -> tensor<32xi32>
  %w = "tosa.const"() <{values = dense<5> : tensor<32x5x5x3xi8>}> : () -> tensor<32x5x5x3xi8>
  %0 = tosa.conv2d %x, %w, %b, %izp, %wzp {acc_type = i32, dilation = array<i64: 1, 2>, pad = array<i64: 2, 2, 3, 2>, stride = array<i64: 1, 2>} : (tensor<1x32x32x3xi8>, tensor<32x5x5x3xi8>, tensor<32xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x32x15x32xi32>
  return %0 : tensor<1x32x15x32xi32>
}

// The same dilated conv with 24 output channels folds (1x2) as its kernel's
// dense span: the folded conv is undilated, kernel (2 - 1) * 2 + (5 - 1) * 2
// + 1 = 11 wide with stride 4, and its windowed pack (11 taps x 3 channels)
// is cheaper than the move-conv pack above.
// AUTO-LABEL: func.func @int8_dilated_fold_pack
// AUTO: %[[Z:.+]] = accel.zero_insert %arg0 {fill = -5 : i32, pad = array<i64: 0, 0, 3, 4>, stride = array<i64: 1, 1>}
// AUTO: %[[V:.+]] = accel.window %[[Z]] {kernel_w = 11 : i64, stride_w = 4 : i64} : (tensor<1x32x39x3xi8>) -> tensor<1x32x8x33xi8>
// AUTO: %[[C:.+]] = accel.conv2d %[[V]], {{.*}} : (tensor<1x32x8x33xi8>, tensor<48x5x1x33xi8>, tensor<48xi32>) -> tensor<1x32x8x48xi32>
// AUTO-NOT: dilation
// AUTO: accel.depth_to_space %[[C]] {accel.fold = array<i64: 1, 2>, accel.strategy = "fold_pack"
func.func @int8_dilated_fold_pack(%x: tensor<1x32x32x3xi8>) -> tensor<1x32x15x24xi32> {
  %izp = "tosa.const"() <{values = dense<-5> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wzp = "tosa.const"() <{values = dense<3> : tensor<1xi8>}> : () -> tensor<1xi8>
  %b = "tosa.const"() <{values = dense<7> : tensor<24xi32>}> : () -> tensor<24xi32>
  %w = "tosa.const"() <{values = dense<5> : tensor<24x5x5x3xi8>}> : () -> tensor<24x5x5x3xi8>
  %0 = tosa.conv2d %x, %w, %b, %izp, %wzp {acc_type = i32, dilation = array<i64: 1, 2>, pad = array<i64: 2, 2, 3, 2>, stride = array<i64: 1, 2>} : (tensor<1x32x32x3xi8>, tensor<24x5x5x3xi8>, tensor<24xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x32x15x24xi32>
  return %0 : tensor<1x32x15x24xi32>
}

// int8 with stride 2 along W and no dilation: the padding copy fills with
// the input zero point (padding taps contribute nothing after zero-point
// subtraction) and the window steps 2 pixels per packed pixel. auto takes
// fold_pack (3,485 cycles; pack 3,724): a 2x1 fold whose 6 kernel rows are
// stride-2 row slices of the padded input, concatenated (18 channels), then
// windowed (5 pixels stepping 2: 90 channels) -- the padding copy and the row
// concat are small plane chains that keep their tiles' round trips in flight.
// AUTO-LABEL: func.func @int8_window
// AUTO: %[[Z:.+]] = accel.zero_insert %arg0 {fill = -5 : i32, pad = array<i64: 2, 2, 2, 1>, stride = array<i64: 1, 1>} : (tensor<1x32x32x3xi8>) -> tensor<1x36x35x3xi8>
// AUTO: accel.slice %[[Z]] {offsets = array<i64: 0, 0>, strides = array<i64: 2, 1>} : (tensor<1x36x35x3xi8>) -> tensor<1x16x35x3xi8>
// AUTO: %[[R:.+]] = accel.concat {{.*}} -> tensor<1x16x35x18xi8>
// AUTO: %[[P:.+]] = accel.window %[[R]] {kernel_w = 5 : i64, stride_w = 2 : i64} : (tensor<1x16x35x18xi8>) -> tensor<1x16x16x90xi8>
// AUTO: %[[C:.+]] = accel.conv2d %[[P]], %{{.+}}, %{{.+}} {input_zp = -5 : i32, weight_zp = 3 : i32} : (tensor<1x16x16x90xi8>, tensor<48x1x1x90xi8>, tensor<48xi32>) -> tensor<1x16x16x48xi32>
// AUTO: accel.depth_to_space %[[C]] {accel.fold = array<i64: 2, 1>, accel.strategy = "fold_pack", accel.strategy_cycles = {direct = 13037 : i64, fold = 15475 : i64, fold_pack = 3434 : i64, pack = 3493 : i64}
func.func @int8_window(%x: tensor<1x32x32x3xi8>) -> tensor<1x32x16x24xi32> {
  %izp = "tosa.const"() <{values = dense<-5> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wzp = "tosa.const"() <{values = dense<3> : tensor<1xi8>}> : () -> tensor<1xi8>
  %b = "tosa.const"() <{values = dense<7> : tensor<24xi32>}> : () -> tensor<24xi32>
  %w = "tosa.const"() <{values = dense<5> : tensor<24x5x5x3xi8>}> : () -> tensor<24x5x5x3xi8>
  %0 = tosa.conv2d %x, %w, %b, %izp, %wzp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 2, 2, 2, 1>, stride = array<i64: 1, 2>} : (tensor<1x32x32x3xi8>, tensor<24x5x5x3xi8>, tensor<24xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x32x16x24xi32>
  return %0 : tensor<1x32x16x24xi32>
}

// Fold and pack (fold_pack): an RGB output layer (32 -> 3, 9x9) on the
// 128 x 128 tpu-systolic array fills 3 of its 128 columns and 32 of its 128
// rows. A 3x4 fold fills 36 columns (kernel 11 x 12, stride 3 x 4, an
// 11 x 8 grid); its stride 4 along W reads the input as 8 blocks of 4
// pixels, 4 * 32 = 128 channels that fill the rows too (the block view: a
// window as wide as its step, no padding copy), under an 11 x 3 conv of
// stride (3, 1) over 128 channels (36 x 11 x 3 x 128 weights, in kernel-row
// tiles: 608 KB against a 128 KiB weight stage). The four ways are priced
// and fold_pack is the cheapest: 21,626 cycles against 56,831 (pack),
// 67,057 (fold) and 118,346 (direct). (Before kernel-row tiles the 2x3 fold
// with its 11-tap rows packed into 352 channels was the cheapest that fit.)
// TPU-LABEL: func.func @rgb_out
// TPU: %[[P:.+]] = accel.window %arg0 {kernel_w = 4 : i64, stride_w = 4 : i64} : (tensor<1x32x32x32xf32>) -> tensor<1x32x8x128xf32>
// TPU: %[[C:.+]] = accel.conv2d %[[P]], %{{.+}}, %{{.+}} {pad = array<i64: 4, 5, 1, 1>, stride = array<i64: 3, 1>} : (tensor<1x32x8x128xf32>, tensor<36x11x3x128xf32>, tensor<36xf32>) -> tensor<1x11x8x36xf32>
// TPU: accel.depth_to_space %[[C]] {accel.fold = array<i64: 3, 4>, accel.strategy = "fold_pack", accel.strategy_cycles = {direct = 118346 : i64, fold = 67057 : i64, fold_pack = 21626 : i64, pack = 56831 : i64}, {{.*}}accel.useful_macs = 7962624 : i64, block = array<i64: 3, 4>, origins_h = array<i64: 0, 1, 2>, origins_w = array<i64: 0, 1, 2, 3>} : (tensor<1x11x8x36xf32>) -> tensor<1x32x32x3xf32>
func.func @rgb_out(%x: tensor<1x32x32x32xf32>) -> tensor<1x32x32x3xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.5> : tensor<3xf32>}> : () -> tensor<3xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<3x9x9x32xf32>}> : () -> tensor<3x9x9x32xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 4, 4, 4, 4>, stride = array<i64: 1, 1>} : (tensor<1x32x32x32xf32>, tensor<3x9x9x32xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x32x32x3xf32>
  return %0 : tensor<1x32x32x3xf32>
}

// A transposed conv's stacked conv is an ordinary conv over the layer's
// input, so its folds pack the same way. A 1 -> 1 depth head (k4 s2 p1,
// MDE's up_pr2) on tpu-systolic: stacked packs the 2x2 phases into 4
// channels (2x2 kernel, pad 1, a 17 x 33 grid, origins -1, 0); a 1x2 fold
// makes 8 channels, kernel 2 x 3, stride 1 x 2, a 17 x 17 grid (W extent
// (17 - 1) * 2 + 3 = 35 = 1 + 32 + 2: padding 1 / 2); packing the folded
// kernel's 3-tap rows gives 3 input channels: a zero insertion pads W, a
// window of 3 pixels stepping 2, and a 2 x 1 conv (pad 1 / 1 along H) over
// 3 channels (8 x 2 x 1 x 3 weights), then the fold's depth_to_space (block
// 2 x 4, origins_w -1, 0, 1, 2). fold_pack is recorded next to the other
// strategies and is the cheapest.
// TPU-LABEL: func.func @depth_head
// TPU: %[[Z:.+]] = accel.zero_insert %arg0 {pad = array<i64: 0, 0, 1, 2>, stride = array<i64: 1, 1>} : (tensor<1x16x32x1xf32>) -> tensor<1x16x35x1xf32>
// TPU: %[[P:.+]] = accel.window %[[Z]] {kernel_w = 3 : i64, stride_w = 2 : i64} : (tensor<1x16x35x1xf32>) -> tensor<1x16x17x3xf32>
// TPU: %[[C:.+]] = accel.conv2d %[[P]], %{{.+}}, %{{.+}} {pad = array<i64: 1, 1, 0, 0>} : (tensor<1x16x17x3xf32>, tensor<8x2x1x3xf32>, tensor<8xf32>) -> tensor<1x17x17x8xf32>
// TPU: accel.depth_to_space %[[C]] {accel.fold = array<i64: 1, 2>, accel.strategy = "fold_pack", accel.strategy_cycles = {fold = [[FOLD:[0-9]+]] : i64, fold_pack = [[FP:[0-9]+]] : i64, split = {{[0-9]+}} : i64, stacked = {{[0-9]+}} : i64, "zero-insert" = {{[0-9]+}} : i64}, {{.*}}block = array<i64: 2, 4>, origins_h = array<i64: -1, 0>, origins_w = array<i64: -1, 0, 1, 2>} : (tensor<1x17x17x8xf32>) -> tensor<1x32x64x1xf32>
func.func @depth_head(%x: tensor<1x16x32x1xf32>) -> tensor<1x32x64x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.5> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x4x4x1xf32>}> : () -> tensor<1x4x4x1xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, -1, -1, -1>, stride = array<i64: 2, 2>} : (tensor<1x16x32x1xf32>, tensor<1x4x4x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x32x64x1xf32>
  return %0 : tensor<1x32x64x1xf32>
}

// HiFi-GAN's conv_post shape (8192 positions, 8 -> 1 channels, kernel 7,
// int8) on nvdla-large (atomic-K 32, max_stride 8): folded 1x8 and packed
// as blocks (8192 = 1024 blocks of 8 pixels x 8 channels, the input's own
// bytes; the folded kernel's 14 taps with left padding 3 span blocks x - 1,
// x, x + 1: a 1 x 3 conv with one block of padding per side): 3,829 cycles
// against 15,128 for the 1x8 fold alone.
// AUTO-LABEL: func.func @conv_post
// AUTO-NOT: accel.zero_insert
// AUTO: %[[P:.+]] = accel.window %arg0 {kernel_w = 8 : i64, stride_w = 8 : i64} : (tensor<1x1x8192x8xi8>) -> tensor<1x1x1024x64xi8>
// AUTO: %[[C:.+]] = accel.conv2d %[[P]], %{{.+}}, %{{.+}} {input_zp = -3 : i32, pad = array<i64: 0, 0, 1, 1>} : (tensor<1x1x1024x64xi8>, tensor<8x1x3x64xi8>, tensor<8xi32>) -> tensor<1x1x1024x8xi32>
// AUTO: accel.depth_to_space %[[C]] {accel.fold = array<i64: 1, 8>, accel.strategy = "fold_pack", accel.strategy_cycles = {direct = {{[0-9]+}} : i64, fold = 15128 : i64, fold_pack = 3829 : i64, pack = {{[0-9]+}} : i64}
func.func @conv_post(%x: tensor<1x1x8192x8xi8>) -> tensor<1x1x8192x1xi32> {
  %izp = "tosa.const"() <{values = dense<-3> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wzp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %b = "tosa.const"() <{values = dense<5> : tensor<1xi32>}> : () -> tensor<1xi32>
  %w = "tosa.const"() <{values = dense<2> : tensor<1x1x7x8xi8>}> : () -> tensor<1x1x7x8xi8>
  %0 = tosa.conv2d %x, %w, %b, %izp, %wzp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 3, 3>, stride = array<i64: 1, 1>} : (tensor<1x1x8192x8xi8>, tensor<1x1x7x8xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x1x8192x1xi32>
  return %0 : tensor<1x1x8192x1xi32>
}

// The same layer on 8191 positions (a prime: no fold's stride divides the
// row, so no block view) folds past the target's stride once packed.
// Unpacked, folds stop at 1x8 (stride 8); the window carries the stride
// instead, so a 1x16 fold goes past it: the folded kernel has
// (16 - 1) + 7 = 22 taps stepping 16, the window views the padded row (W
// extent (512 - 1) * 16 + 22 = 8198 = 3 + 8191 + 4; the padding holds the
// input zero point) as 512 pixels of 22 * 8 = 176 channels, and a 1x1 conv
// makes 16 outputs per pixel (5,712 cycles when the accumulator tiles
// alternated two halves). The 1x32 fold, which fills the array's 32 columns
// -- 38 taps stepping 32 over 256 pixels of 304 channels, 32 outputs per
// pixel -- takes it at 5,170 cycles: its many small accumulator tiles cycle
// through eight slots, so a CONV no longer waits for the STORE two tiles
// back to reach DRAM, and its boxes and weight tiles through three buffer
// stages (5,500 cycles with two). (It took it at 5,617 while a step's stages were
// handed back after its POST, and lost it at 5,837 when they were handed
// back after its last CONV and its loads ran ahead of its stores.)
// AUTO-LABEL: func.func @conv_post_odd
// AUTO: %[[Z:.+]] = accel.zero_insert %arg0 {fill = -3 : i32, pad = array<i64: 0, 0, 3, 4>, stride = array<i64: 1, 1>} : (tensor<1x1x8191x8xi8>) -> tensor<1x1x8198x8xi8>
// AUTO: %[[P:.+]] = accel.window %[[Z]] {kernel_w = 38 : i64, stride_w = 32 : i64} : (tensor<1x1x8198x8xi8>) -> tensor<1x1x256x304xi8>
// AUTO: %[[C:.+]] = accel.conv2d %[[P]], %{{.+}}, %{{.+}} {input_zp = -3 : i32} : (tensor<1x1x256x304xi8>, tensor<32x1x1x304xi8>, tensor<32xi32>) -> tensor<1x1x256x32xi32>
// AUTO: accel.depth_to_space %[[C]] {accel.fold = array<i64: 1, 32>, accel.strategy = "fold_pack", accel.strategy_cycles = {direct = {{[0-9]+}} : i64, fold = {{[0-9]+}} : i64, fold_pack = 5170 : i64, pack = {{[0-9]+}} : i64}
func.func @conv_post_odd(%x: tensor<1x1x8191x8xi8>) -> tensor<1x1x8191x1xi32> {
  %izp = "tosa.const"() <{values = dense<-3> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wzp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %b = "tosa.const"() <{values = dense<5> : tensor<1xi32>}> : () -> tensor<1xi32>
  %w = "tosa.const"() <{values = dense<2> : tensor<1x1x7x8xi8>}> : () -> tensor<1x1x7x8xi8>
  %0 = tosa.conv2d %x, %w, %b, %izp, %wzp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 3, 3>, stride = array<i64: 1, 1>} : (tensor<1x1x8191x8xi8>, tensor<1x1x7x8xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x1x8191x1xi32>
  return %0 : tensor<1x1x8191x1xi32>
}

// A vocoder's output conv (8 -> 1, kernel 7, padding 3) on a one-row input
// of 256 positions, whole blocks of 4: fold_pack folds 4 outputs into
// channels (stride 4, kernel 10) and reads the input as blocks -- a window
// as wide as its step (the input's own bytes, 64 pixels of 4 x 8 channels,
// no padding copy) under a 1 x 3 conv (blocks x - 1, x, x + 1) whose
// padding is one whole block per side; the kernel's taps outside the 10
// are zero: 874 cycles. Cheaper than the overlapping window of 10 taps (its
// padding copy and 2.5 reads per input element) and than fold alone (1,162
// cycles). (The 8-fold's 32 blocks of 64 channels took it while the input
// and weight buffers had two stages; with three, the 4-fold's smaller tiles
// hide more of their loads.)
// AUTO-LABEL: func.func @vocoder_post_blocks
// AUTO-NOT: accel.zero_insert
// AUTO: %[[W:.+]] = accel.window %arg0 {kernel_w = 4 : i64, stride_w = 4 : i64} : (tensor<1x1x256x8xf32>) -> tensor<1x1x64x32xf32>
// AUTO: %[[C:.+]] = accel.conv2d %[[W]], %{{.+}}, %{{.+}} {pad = array<i64: 0, 0, 1, 1>} : (tensor<1x1x64x32xf32>, tensor<4x1x3x32xf32>, tensor<4xf32>) -> tensor<1x1x64x4xf32>
// AUTO: accel.depth_to_space %[[C]] {accel.fold = array<i64: 1, 4>, accel.strategy = "fold_pack", accel.strategy_cycles = {direct = {{[0-9]+}} : i64, fold = 1162 : i64, fold_pack = 874 : i64, pack = {{[0-9]+}} : i64}
func.func @vocoder_post_blocks(%x: tensor<1x1x256x8xf32>) -> tensor<1x1x256x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<1x1x7x8xf32>}> : () -> tensor<1x1x7x8xf32>
  %b = "tosa.const"() <{values = dense<1.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 3, 3>, stride = array<i64: 1, 1>} : (tensor<1x1x256x8xf32>, tensor<1x1x7x8xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x256x1xf32>
  return %y : tensor<1x1x256x1xf32>
}
