// Zero-size tensors are a clean error at the op, never a crash: the accel
// verifier rejects empty convolutions (before this check, an accel.conv2d
// with 0 channels reached the tiler and died on a division by zero), and
// the elementwise and fill schedules reject empty shapes. TOSA's own
// verifier rejects zero-size transposed convs (test/BadInput/accel-opt.test);
// accel-conv-gen rejects empty shapes (test/BadInput/accel-conv-gen.test).
// RUN: accel-opt %s -split-input-file -verify-diagnostics
// RUN: not accel-opt %S/Inputs/empty-add.mlir --accel-set-target=target=nvdla-small \
// RUN:   --accel-plan-memory --accel-estimate --mlir-print-op-on-diagnostic=false 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ADD
// ADD: empty-add.mlir:2:8: error: 'accel.add' op cannot be scheduled on target 'nvdla-small': add has an empty dimension

func.func @no_input_channels(%x: tensor<1x4x4x0xf32>, %w: tensor<4x1x1x0xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'accel.conv2d' op input type 'tensor<1x4x4x0xf32>' has an empty dimension}}
  %y = accel.conv2d %x, %w : (tensor<1x4x4x0xf32>, tensor<4x1x1x0xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

func.func @no_output_channels(%x: tensor<1x4x4x4xf32>, %w: tensor<0x1x1x4xf32>) -> tensor<1x4x4x0xf32> {
  // expected-error @+1 {{'accel.conv2d' op result type 'tensor<1x4x4x0xf32>' has an empty dimension}}
  %y = accel.conv2d %x, %w : (tensor<1x4x4x4xf32>, tensor<0x1x1x4xf32>) -> tensor<1x4x4x0xf32>
  return %y : tensor<1x4x4x0xf32>
}

// -----

func.func @empty_batch(%x: tensor<0x4x4x4xi8>, %w: tensor<4x3x3x4xi8>) -> tensor<0x2x2x4xi32> {
  // expected-error @+1 {{'accel.conv2d' op input type 'tensor<0x4x4x4xi8>' has an empty dimension}}
  %y = accel.conv2d %x, %w : (tensor<0x4x4x4xi8>, tensor<4x3x3x4xi8>) -> tensor<0x2x2x4xi32>
  return %y : tensor<0x2x2x4xi32>
}

// -----

func.func @empty_rows(%x: tensor<1x0x4x4xf32>, %w: tensor<4x1x1x4xf32>) -> tensor<1x2x6x4xf32> {
  // expected-error @+1 {{'accel.conv2d' op input type 'tensor<1x0x4x4xf32>' has an empty dimension}}
  %y = accel.conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>} : (tensor<1x0x4x4xf32>, tensor<4x1x1x4xf32>) -> tensor<1x2x6x4xf32>
  return %y : tensor<1x2x6x4xf32>
}
