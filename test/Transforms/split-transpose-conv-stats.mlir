// RUN: accel-opt %s --accel-split-transpose-conv=mac-remarks -o /dev/null 2>&1 | FileCheck %s --check-prefix=SPLIT
// RUN: accel-opt %s --accel-split-transpose-conv="strategy=stacked mac-remarks" -o /dev/null 2>&1 | FileCheck %s --check-prefix=STACKED
// RUN: accel-opt %s --accel-split-transpose-conv="strategy=zero-insert mac-remarks" -o /dev/null 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: accel-opt %s --accel-split-transpose-conv -mlir-pass-statistics -o /dev/null 2>&1 | FileCheck %s --check-prefix=STATS

// MAC accounting of the rewrite. Per axis of the DCGAN k5s2 layer (I = 8,
// PyTorch padding 2, output_padding 1): 37 useful taps (40 input/tap pairs,
// 3 cropped), split 40 (8x3 + 8x2, the 3 extra read border padding),
// stacked 48 (8 grid rows x 3 taps x 2 phases), zero-insert 80 (16 x 5).
// Times C_out*C_in = 2*4 and squared for 2-D: useful 10952, split 12800,
// stacked 18432, zero-insert 51200. The stride-1 3x3 op on 4x4x1 adds 144
// useful and 324 executed MACs in every strategy. The dynamic op is not
// rewritten and not counted.

// SPLIT: remark: accel-split-transpose-conv (split): rewrote 2 transposed conv(s); useful MACs 11096, executed MACs 13124
// STACKED: remark: accel-split-transpose-conv (stacked): rewrote 2 transposed conv(s); useful MACs 11096, executed MACs 18756
// ZERO: remark: accel-split-transpose-conv (zero-insert): rewrote 2 transposed conv(s); useful MACs 11096, executed MACs 51524

// `Statistic`s are compiled out of LLVM builds without statistics (Debian's
// packages); the report itself must still be produced without errors.
// STATS: Pass statistics report
// STATS-NOT: error

func.func @two_layers(%x: tensor<1x8x8x4xf32>, %b: tensor<2xf32>, %y: tensor<1x4x4x1xf32>, %w1: tensor<1x3x3x1xf32>, %b1: tensor<1xf32>, %d: tensor<?x4x4x1xf32>) -> (tensor<1x16x16x2xf32>, tensor<1x6x6x1xf32>, tensor<?x6x6x1xf32>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<0.25> : tensor<2x5x5x4xf32>}> : () -> tensor<2x5x5x4xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -2, -1, -2, -1>, stride = array<i64: 2, 2>} : (tensor<1x8x8x4xf32>, tensor<2x5x5x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x16x16x2xf32>
  %1 = tosa.transpose_conv2d %y, %w1, %b1, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x1xf32>
  %2 = tosa.transpose_conv2d %d, %w1, %b1, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<?x4x4x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<?x6x6x1xf32>
  return %0, %1, %2 : tensor<1x16x16x2xf32>, tensor<1x6x6x1xf32>, tensor<?x6x6x1xf32>
}
