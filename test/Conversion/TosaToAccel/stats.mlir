// RUN: accel-opt %s --convert-tosa-to-accel=mac-remarks -o /dev/null 2>&1 | FileCheck %s --check-prefix=SPLIT
// RUN: accel-opt %s --convert-tosa-to-accel="strategy=stacked mac-remarks" -o /dev/null 2>&1 | FileCheck %s --check-prefix=STACKED
// RUN: accel-opt %s --convert-tosa-to-accel="strategy=zero-insert mac-remarks" -o /dev/null 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: accel-opt %s --accel-set-target=target=nvdla-large --convert-tosa-to-accel="strategy=auto mac-remarks" -o /dev/null 2>&1 | FileCheck %s --check-prefix=AUTO
// RUN: accel-opt %s --convert-tosa-to-accel -mlir-pass-statistics -o /dev/null 2>&1 | FileCheck %s --check-prefix=STATS

// Useful MACs are the transposed convs' own (taps on real input, from the
// split plan); executed MACs are those of the emitted accel.conv2d ops.
// Layers: DCGAN k5s2 16 -> 8 channels 8x8 -> 16x16, and K=3 S=2 4x4 -> 9x9.
// split executes only the phase taps that read border padding on top of the
// useful ones; stacked adds every zero tap; zero-insert every inserted zero.
// The same numbers as accel-split-transpose-conv's (same plan).
// SPLIT: remark: convert-tosa-to-accel (split): converted 2 transposed conv(s) (split 2, stacked 0, zero-insert 0, fold 0); useful MACs 175376, executed MACs 204996
// STACKED: remark: convert-tosa-to-accel (stacked): converted 2 transposed conv(s) (split 0, stacked 2, zero-insert 0, fold 0); useful MACs 175376, executed MACs 295312
// ZERO: remark: convert-tosa-to-accel (zero-insert): converted 2 transposed conv(s) (split 0, stacked 0, zero-insert 2, fold 0); useful MACs 175376, executed MACs 819929
// AUTO: remark: convert-tosa-to-accel (auto): converted 2 transposed conv(s) (split {{[0-9]}}, stacked {{[0-9]}}, zero-insert 0, fold {{[0-9]}})

// `Statistic`s are compiled out of LLVM builds without statistics (Debian's
// packages print 0 or nothing); the report and the names must still be there.
// STATS: Pass statistics report

func.func @two_layers(%x: tensor<1x8x8x16xf32>, %y: tensor<1x4x4x1xf32>) -> (tensor<1x16x16x8xf32>, tensor<1x9x9x1xf32>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<8xf32>}> : () -> tensor<8xf32>
  %w = "tosa.const"() <{values = dense<0.25> : tensor<8x5x5x16xf32>}> : () -> tensor<8x5x5x16xf32>
  %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: -2, -1, -2, -1>, stride = array<i64: 2, 2>} : (tensor<1x8x8x16xf32>, tensor<8x5x5x16xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x16x16x8xf32>
  %b1 = "tosa.const"() <{values = dense<0.5> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w1 = "tosa.const"() <{values = dense<1.0> : tensor<1x3x3x1xf32>}> : () -> tensor<1x3x3x1xf32>
  %1 = tosa.transpose_conv2d %y, %w1, %b1, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x9x9x1xf32>
  return %0, %1 : tensor<1x16x16x8xf32>, tensor<1x9x9x1xf32>
}
