// RUN: accel-opt %s -split-input-file --accel-fuse-upsample-conv='split=false' | FileCheck %s --check-prefix=TCONV
// RUN: accel-opt %s -split-input-file --accel-fuse-upsample-conv='remarks=true' 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK
// RUN: accel-opt %s -split-input-file --accel-fuse-upsample-conv | FileCheck %s --check-prefix=SPLIT

// Nearest x2 (the importer's parameters: scale 2/1, offset -1, border 0) + 3x3
// conv with padding 1 and weights 1..9. Per axis the composed kernel is
// [w2, w1+w2, w0+w1, w0] (K + s - 1 = 4 taps) and out_pad = pad - (K - 1) = -1:
// rows [7,8,9], [11,13,15], [5,7,9], [1,2,3], each row [a,b,c] -> [c, b+c, a+b, a].
// REMARK: remark: accel-fuse-upsample-conv: fused a nearest x2x2 upsampling into the conv
// TCONV-LABEL: func.func @nearest2_conv3
// TCONV-SAME: (%[[X:.+]]: tensor<1x4x4x1xf32>, %[[B:.+]]: tensor<1xf32>)
// TCONV-NOT: tosa.resize
// TCONV: %[[K:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}9.000000e+00], [1.700000e+01], [1.500000e+01], [7.000000e+00]], {{\[\[}}1.500000e+01], [2.800000e+01], [2.400000e+01], [1.100000e+01]], {{\[\[}}9.000000e+00], [1.600000e+01], [1.200000e+01], [5.000000e+00]], {{\[\[}}3.000000e+00], [5.000000e+00], [3.000000e+00], [1.000000e+00]]]]> : tensor<1x4x4x1xf32>}>
// TCONV: tosa.transpose_conv2d %[[X]], %[[K]], %[[B]], {{.*}} out_pad = array<i64: -1, -1, -1, -1>, stride = array<i64: 2, 2>} {{.*}} -> tensor<1x8x8x1xf32>
// TCONV-NOT: tosa.conv2d

// Split: four 2x2 phase convs (16 MACs per input pixel instead of 36),
// interleaved with strided inserts; no resize, no transposed conv left.
// SPLIT-LABEL: func.func @nearest2_conv3
// SPLIT-NOT: tosa.resize
// SPLIT-NOT: tosa.transpose_conv2d
// SPLIT-COUNT-4: tosa.conv2d {{.*}} stride = array<i64: 1, 1>} : (tensor<1x{{[0-9]+}}x{{[0-9]+}}x1xf32>, tensor<1x2x2x1xf32>
// SPLIT-NOT: tosa.conv2d
// SPLIT: return
func.func @nearest2_conv3(%x: tensor<1x4x4x1xf32>, %b: tensor<1xf32>) -> tensor<1x8x8x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<[[[[1.0], [2.0], [3.0]], [[4.0], [5.0], [6.0]], [[7.0], [8.0], [9.0]]]]> : tensor<1x3x3x1xf32>}> : () -> tensor<1x3x3x1xf32>
  %scale = tosa.const_shape {values = dense<[2, 1, 2, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %offset = tosa.const_shape {values = dense<[-1, -1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %border = tosa.const_shape {values = dense<[0, 0]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %up = tosa.resize %x, %scale, %offset, %border {mode = NEAREST_NEIGHBOR} : (tensor<1x4x4x1xf32>, !tosa.shape<4>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x8x8x1xf32>
  %0 = tosa.conv2d %up, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x8x8x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x1xf32>
  return %0 : tensor<1x8x8x1xf32>
}

// -----

// Non-integer scale (4 -> 6 rows, 3/2): no exact phase form, left unfused.
// REMARK: remark: accel-fuse-upsample-conv: left unfused: the resize is not an integer-factor nearest upsampling
// TCONV-LABEL: func.func @non_integer_scale
// TCONV: tosa.resize
// TCONV: tosa.conv2d
// SPLIT-LABEL: func.func @non_integer_scale
// SPLIT: tosa.resize
// SPLIT: tosa.conv2d
func.func @non_integer_scale(%x: tensor<1x4x4x1xf32>, %w: tensor<1x3x3x1xf32>, %b: tensor<1xf32>) -> tensor<1x6x6x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %scale = tosa.const_shape {values = dense<[3, 2, 3, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %offset = tosa.const_shape {values = dense<[0, 0]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %border = tosa.const_shape {values = dense<[1, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %up = tosa.resize %x, %scale, %offset, %border {mode = NEAREST_NEIGHBOR} : (tensor<1x4x4x1xf32>, !tosa.shape<4>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x6x6x1xf32>
  %0 = tosa.conv2d %up, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x6x6x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x1xf32>
  return %0 : tensor<1x6x6x1xf32>
}

// -----

// Bilinear x2 (half_pixel: scale 4/2, offset -1, border 1): its border rows
// clamp to the edge, so it is left unfused, with the reason.
// REMARK: remark: accel-fuse-upsample-conv: left unfused: bilinear upsampling is not fused
// TCONV-LABEL: func.func @bilinear
// TCONV: tosa.resize {{.*}} {mode = BILINEAR}
// TCONV: tosa.conv2d
// SPLIT-LABEL: func.func @bilinear
// SPLIT: tosa.resize
// SPLIT: tosa.conv2d
func.func @bilinear(%x: tensor<1x4x4x1xf32>, %b: tensor<1xf32>) -> tensor<1x8x8x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x3x3x1xf32>}> : () -> tensor<1x3x3x1xf32>
  %scale = tosa.const_shape {values = dense<[4, 2, 4, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %offset = tosa.const_shape {values = dense<[-1, -1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %border = tosa.const_shape {values = dense<[1, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %up = tosa.resize %x, %scale, %offset, %border {mode = BILINEAR} : (tensor<1x4x4x1xf32>, !tosa.shape<4>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x8x8x1xf32>
  %0 = tosa.conv2d %up, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x8x8x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x1xf32>
  return %0 : tensor<1x8x8x1xf32>
}

// -----

// The upsampled tensor is also returned: fusing would not remove it.
// REMARK: remark: accel-fuse-upsample-conv: left unfused: the upsampled tensor has other users
// TCONV-LABEL: func.func @shared_upsample
// SPLIT-LABEL: func.func @shared_upsample
// SPLIT: tosa.resize
// SPLIT: tosa.conv2d
func.func @shared_upsample(%x: tensor<1x4x4x1xf32>, %b: tensor<1xf32>) -> (tensor<1x8x8x1xf32>, tensor<1x8x8x1xf32>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x3x3x1xf32>}> : () -> tensor<1x3x3x1xf32>
  %scale = tosa.const_shape {values = dense<[2, 1, 2, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %offset = tosa.const_shape {values = dense<[-1, -1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %border = tosa.const_shape {values = dense<[0, 0]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %up = tosa.resize %x, %scale, %offset, %border {mode = NEAREST_NEIGHBOR} : (tensor<1x4x4x1xf32>, !tosa.shape<4>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x8x8x1xf32>
  %0 = tosa.conv2d %up, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x8x8x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x1xf32>
  return %0, %up : tensor<1x8x8x1xf32>, tensor<1x8x8x1xf32>
}
