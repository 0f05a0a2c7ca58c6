// RUN: not accel-opt %s -split-input-file --convert-tosa-to-accel="host-fallback=false" 2>/dev/null | FileCheck %s
// RUN: not accel-opt %s -split-input-file --convert-tosa-to-accel="host-fallback=false" 2>&1 >/dev/null | FileCheck %s --check-prefix=ERR

// A slice of height and width is a copy: a 1x1 conv with a unit kernel per
// channel (groups = C) whose negative padding crops the box.
// CHECK-LABEL: func.func @slice
// CHECK-DAG: %[[ONE:.+]] = "tosa.const"() <{values = dense<1.000000e+00> : tensor<3x1x1x1xf32>}>
// CHECK: accel.conv2d %arg0, %[[ONE]] {groups = 3 : i64, pad = array<i64: -1, -1, -2, 0>}
// CHECK-SAME: (tensor<1x6x5x3xf32>, tensor<3x1x1x1xf32>) -> tensor<1x4x3x3xf32>
func.func @slice(%x: tensor<1x6x5x3xf32>) -> tensor<1x4x3x3xf32> {
  %start = tosa.const_shape {values = dense<[0, 1, 2, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %size = tosa.const_shape {values = dense<[1, 4, 3, 3]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s = tosa.slice %x, %start, %size : (tensor<1x6x5x3xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x4x3x3xf32>
  return %s : tensor<1x4x3x3xf32>
}

// -----

// int8: the copy requantizes with multiplier 1, shift 0 (the value itself).
// CHECK-LABEL: func.func @slice_i8
// CHECK: accel.conv2d {{.*}}groups = 3 : i64, pad = array<i64: 0, -1, 0, 0>, requant_multiplier = 1 : i32, requant_shift = 0 : i32}
// CHECK-SAME: -> tensor<1x5x5x3xi8>
func.func @slice_i8(%x: tensor<1x6x5x3xi8>) -> tensor<1x5x5x3xi8> {
  %start = tosa.const_shape {values = dense<[0, 0, 0, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %size = tosa.const_shape {values = dense<[1, 5, 5, 3]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s = tosa.slice %x, %start, %size : (tensor<1x6x5x3xi8>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x5x5x3xi8>
  return %s : tensor<1x5x5x3xi8>
}

// -----

// Nearest upsampling x2 (half-pixel parameters: every input pixel repeated
// twice per axis): four copies stored as the phases of a depth-to-space.
// CHECK-LABEL: func.func @upsample
// CHECK-COUNT-4: accel.conv2d %arg0, %{{.+}} {groups = 3 : i64} : (tensor<1x4x4x3xf32>, tensor<3x1x1x1xf32>) -> tensor<1x4x4x3xf32>
// CHECK: accel.depth_to_space {{.*}}block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>, origins_w = array<i64: 0, 1>
// CHECK-SAME: -> tensor<1x8x8x3xf32>
func.func @upsample(%x: tensor<1x4x4x3xf32>) -> tensor<1x8x8x3xf32> {
  %scale = tosa.const_shape {values = dense<[4, 2, 4, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %offset = tosa.const_shape {values = dense<[-1, -1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %border = tosa.const_shape {values = dense<[1, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %r = tosa.resize %x, %scale, %offset, %border {mode = NEAREST_NEIGHBOR} : (tensor<1x4x4x3xf32>, !tosa.shape<4>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x8x8x3xf32>
  return %r : tensor<1x8x8x3xf32>
}

// -----

// Not a repetition: scale 2/1 with offset 0 rounds o / 2 to nearest, so
// output 1 reads input 1 and input 0 is read once.
// ERR: data-movement.mlir:[[@LINE+5]]:8: error: 'tosa.resize' op does not repeat every input pixel an integer number of times
func.func @upsample_rounded(%x: tensor<1x4x4x3xf32>) -> tensor<1x7x7x3xf32> {
  %scale = tosa.const_shape {values = dense<[2, 1, 2, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %offset = tosa.const_shape {values = dense<[0, 0]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %border = tosa.const_shape {values = dense<[0, 0]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %r = tosa.resize %x, %scale, %offset, %border {mode = NEAREST_NEIGHBOR} : (tensor<1x4x4x3xf32>, !tosa.shape<4>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x7x7x3xf32>
  return %r : tensor<1x7x7x3xf32>
}

// -----

// ERR: data-movement.mlir:[[@LINE+5]]:8: error: 'tosa.resize' op is a bilinear resize; accel runs nearest-neighbour upsampling by integer factors only
func.func @bilinear(%x: tensor<1x4x4x3xf32>) -> tensor<1x8x8x3xf32> {
  %scale = tosa.const_shape {values = dense<[4, 2, 4, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %offset = tosa.const_shape {values = dense<[-1, -1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %border = tosa.const_shape {values = dense<[1, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %r = tosa.resize %x, %scale, %offset, %border {mode = BILINEAR} : (tensor<1x4x4x3xf32>, !tosa.shape<4>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x8x8x3xf32>
  return %r : tensor<1x8x8x3xf32>
}

// -----

// A slice of the channels (with a crop of H) is a 1x1 conv whose one-hot
// weight rows select input channels 1 and 2.
// CHECK-LABEL: func.func @slice_channels
// CHECK: %[[SEL:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}0.000000e+00, 1.000000e+00, 0.000000e+00]]], {{\[\[\[}}0.000000e+00, 0.000000e+00, 1.000000e+00]]]]> : tensor<2x1x1x3xf32>}>
// CHECK: accel.conv2d %arg0, %[[SEL]] {pad = array<i64: -1, 0, 0, 0>} : (tensor<1x6x5x3xf32>, tensor<2x1x1x3xf32>) -> tensor<1x5x5x2xf32>
func.func @slice_channels(%x: tensor<1x6x5x3xf32>) -> tensor<1x5x5x2xf32> {
  %start = tosa.const_shape {values = dense<[0, 1, 0, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %size = tosa.const_shape {values = dense<[1, 5, 5, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s = tosa.slice %x, %start, %size : (tensor<1x6x5x3xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x5x5x2xf32>
  return %s : tensor<1x5x5x2xf32>
}

// -----

// ERR: data-movement.mlir:[[@LINE+4]]:8: error: 'tosa.slice' op slices the batch axis; accel runs slices of height, width and channels only
func.func @slice_batch(%x: tensor<2x6x5x3xf32>) -> tensor<1x6x5x3xf32> {
  %start = tosa.const_shape {values = dense<[1, 0, 0, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %size = tosa.const_shape {values = dense<[1, 6, 5, 3]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s = tosa.slice %x, %start, %size : (tensor<2x6x5x3xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x6x5x3xf32>
  return %s : tensor<1x6x5x3xf32>
}

// -----

// A zero pad of height and width is a padding copy (a stride-1 zero_insert
// with fill 0), not a grouped conv the MAC array would run one channel at a
// time.
// CHECK-LABEL: func.func @pad_zero
// CHECK-NOT: accel.conv2d
// CHECK: accel.zero_insert %arg0 {pad = array<i64: 2, 0, 1, 3>, stride = array<i64: 1, 1>}
// CHECK-SAME: (tensor<1x6x5x3xf32>) -> tensor<1x8x9x3xf32>
// CHECK-NOT: accel.conv2d
func.func @pad_zero(%x: tensor<1x6x5x3xf32>) -> tensor<1x8x9x3xf32> {
  %padding = tosa.const_shape {values = dense<[0, 0, 2, 0, 1, 3, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %zero = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %p = tosa.pad %x, %padding, %zero : (tensor<1x6x5x3xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x8x9x3xf32>
  return %p : tensor<1x8x9x3xf32>
}

// -----

// ERR: data-movement.mlir:[[@LINE+4]]:8: error: 'tosa.pad' op pads with a value other than (+)0; accel's copies pad f32 with zeros
func.func @pad_one(%x: tensor<1x6x5x3xf32>) -> tensor<1x8x5x3xf32> {
  %padding = tosa.const_shape {values = dense<[0, 0, 1, 1, 0, 0, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %one = "tosa.const"() <{values = dense<1.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %p = tosa.pad %x, %padding, %one : (tensor<1x6x5x3xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x8x5x3xf32>
  return %p : tensor<1x8x5x3xf32>
}

// -----

// An i8 pad with another value (the input zero point of a conv whose
// padding could not merge into it) fills through a stride-1 zero_insert.
// CHECK-LABEL: func.func @pad_i8_zero_point
// CHECK: accel.zero_insert %arg0 {fill = -5 : i32, pad = array<i64: 1, 2, 0, 3>, stride = array<i64: 1, 1>}
// CHECK-SAME: (tensor<1x6x5x3xi8>) -> tensor<1x9x8x3xi8>
func.func @pad_i8_zero_point(%x: tensor<1x6x5x3xi8>) -> tensor<1x9x8x3xi8> {
  %padding = tosa.const_shape {values = dense<[0, 0, 1, 2, 0, 3, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %zp = "tosa.const"() <{values = dense<-5> : tensor<1xi8>}> : () -> tensor<1xi8>
  %p = tosa.pad %x, %padding, %zp : (tensor<1x6x5x3xi8>, !tosa.shape<8>, tensor<1xi8>) -> tensor<1x9x8x3xi8>
  return %p : tensor<1x9x8x3xi8>
}

// -----

// ERR: data-movement.mlir:[[@LINE+4]]:8: error: 'tosa.pad' op pads the batch or channel axis, or crops; accel pads height and width only
func.func @pad_channels(%x: tensor<1x6x5x3xf32>) -> tensor<1x6x5x5xf32> {
  %padding = tosa.const_shape {values = dense<[0, 0, 0, 0, 0, 0, 1, 1]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %zero = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %p = tosa.pad %x, %padding, %zero : (tensor<1x6x5x3xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x6x5x5xf32>
  return %p : tensor<1x6x5x5xf32>
}
