// RUN: accel-opt %s -split-input-file --accel-set-target=target=diannao --accel-prepare-tosa | FileCheck %s
// RUN: accel-opt %s -split-input-file --accel-prepare-tosa | FileCheck %s --check-prefix=NOTARGET

// diannao's max_pad is 15. A conv padded by (40, 40, 3, 16) keeps
// (15, 15, 3, 15) and gets the rest as zero pads of at most 15 per side:
// (15, 15, 0, 1), then (10, 10, 0, 0).
// CHECK-LABEL: func.func @peel
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x5x2xf32>)
// CHECK-DAG: %[[S1:.+]] = tosa.const_shape {values = dense<[0, 0, 15, 15, 0, 1, 0, 0]>
// CHECK-DAG: %[[S2:.+]] = tosa.const_shape {values = dense<[0, 0, 10, 10, 0, 0, 0, 0]>
// CHECK: %[[P1:.+]] = tosa.pad %[[X]], %[[S1]], %{{.+}} : {{.*}} -> tensor<1x34x6x2xf32>
// CHECK: %[[P2:.+]] = tosa.pad %[[P1]], %[[S2]], %{{.+}} : {{.*}} -> tensor<1x54x6x2xf32>
// CHECK: tosa.conv2d %[[P2]], {{.*}}pad = array<i64: 15, 15, 3, 15>
// NOTARGET-LABEL: func.func @peel
// NOTARGET-NOT: tosa.pad
// NOTARGET: pad = array<i64: 40, 40, 3, 16>
func.func @peel(%x: tensor<1x4x5x2xf32>) -> tensor<1x82x22x2xf32> {
  %zero = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x3x3x2xf32>}> : () -> tensor<2x3x3x2xf32>
  %b = "tosa.const"() <{values = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c = tosa.conv2d %x, %w, %b, %zero, %zero {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 40, 40, 3, 16>, stride = array<i64: 1, 1>} : (tensor<1x4x5x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x82x22x2xf32>
  return %c : tensor<1x82x22x2xf32>
}

// -----

// An explicit pad folds into the conv only while the sum stays within
// max_pad: 10 + 10 = 20 > 15 stays a pad (and the conv keeps its 10).
// CHECK-LABEL: func.func @no_fold_past_limit
// CHECK: %[[P:.+]] = tosa.pad
// CHECK: tosa.conv2d %[[P]], {{.*}}pad = array<i64: 10, 10, 0, 0>
// NOTARGET-LABEL: func.func @no_fold_past_limit
// NOTARGET-NOT: tosa.pad
// NOTARGET: pad = array<i64: 20, 20, 0, 0>
func.func @no_fold_past_limit(%x: tensor<1x4x5x2xf32>) -> tensor<1x44x5x2xf32> {
  %padding = tosa.const_shape {values = dense<[0, 0, 10, 10, 0, 0, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %zero = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %p = tosa.pad %x, %padding, %zero : (tensor<1x4x5x2xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x24x5x2xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c = tosa.conv2d %p, %w, %b, %zero, %zero {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 10, 10, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x24x5x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x44x5x2xf32>
  return %c : tensor<1x44x5x2xf32>
}
