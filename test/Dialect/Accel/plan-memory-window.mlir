// accel.window is a view: accel-plan-memory gives its result the input's
// region with pixel stride stride_w * C elements (overlapping windows), and
// the consumer conv's LOAD_INPUT reads kernel_w * C channels per pixel at
// that stride. A value that is windowed is never placed inside a concat
// (the window needs its pixels contiguous): the concat copies it. A window
// read by anything but accel.conv2d is an error.
// RUN: split-file %s %t
// RUN: accel-opt %t/view.mlir --accel-set-target=target=nvdla-large --accel-tile --accel-plan-memory -o %t/planned.mlir
// RUN: FileCheck %s --check-prefix=PLAN < %t/planned.mlir
// RUN: accel-translate --accel-to-asm %t/planned.mlir | FileCheck %s --check-prefix=ASM
// RUN: accel-opt %t/concat.mlir --accel-set-target=target=nvdla-large --accel-tile --accel-plan-memory | FileCheck %s --check-prefix=CONCAT
// RUN: accel-opt %t/rows.mlir --accel-set-target=target=nvdla-large --accel-tile --accel-plan-memory -o %t/rows-planned.mlir
// RUN: FileCheck %s --check-prefix=ROWS < %t/rows-planned.mlir
// RUN: accel-translate --accel-to-asm %t/rows-planned.mlir | FileCheck %s --check-prefix=ROWSASM
// RUN: accel-opt %t/padded.mlir --accel-set-target=target=nvdla-large --accel-tile --accel-plan-memory -o %t/padded-planned.mlir
// RUN: FileCheck %s --check-prefix=PAD < %t/padded-planned.mlir
// RUN: accel-translate --accel-to-asm %t/padded-planned.mlir | FileCheck %s --check-prefix=PADASM
// RUN: accel-opt %t/padded-shared.mlir --accel-set-target=target=nvdla-large --accel-tile --accel-plan-memory -o %t/shared-planned.mlir
// RUN: FileCheck %s --check-prefix=SHARED < %t/shared-planned.mlir
// RUN: accel-translate --accel-to-asm %t/shared-planned.mlir | FileCheck %s --check-prefix=SHAREDASM
// RUN: accel-opt %t/padded-rows.mlir --accel-set-target=target=nvdla-large --accel-tile --accel-plan-memory -o %t/rows-padded-planned.mlir
// RUN: FileCheck %s --check-prefix=PADROWS < %t/rows-padded-planned.mlir
// RUN: accel-translate --accel-to-asm %t/rows-padded-planned.mlir | FileCheck %s --check-prefix=PADROWSASM
// RUN: not accel-opt %t/bad-slice-user.mlir --accel-plan-memory 2>&1 | FileCheck %s --check-prefix=BADSLICE
// RUN: not accel-opt %t/bad-user.mlir --accel-plan-memory 2>&1 | FileCheck %s --check-prefix=BADUSER
// RUN: accel-opt %t/slice-reshape.mlir --accel-set-target=target=nvdla-large --accel-tile --accel-plan-memory | FileCheck %s --check-prefix=SLICERESHAPE
// RUN: not accel-opt %t/slice-reshape-returned.mlir --accel-plan-memory 2>&1 | FileCheck %s --check-prefix=SLICERESHAPERET
// RUN: not accel-opt %t/strided-slice-reshape.mlir --accel-plan-memory 2>&1 | FileCheck %s --check-prefix=STRIDEDRESHAPE
// RUN: not accel-opt %t/strided.mlir --accel-plan-memory 2>&1 | FileCheck %s --check-prefix=STRIDED
// RUN: not accel-opt %t/constant.mlir --accel-plan-memory 2>&1 | FileCheck %s --check-prefix=CONSTANT
// RUN: not accel-opt %t/returned.mlir --accel-plan-memory 2>&1 | FileCheck %s --check-prefix=RETURNED

// The padding copy (10 pixels of 3 bytes per row) and its window: the same
// base and row stride, pixel stride 3 bytes for 9-byte pixels.
// PLAN: %[[P:.+]] = accel.zero_insert %arg0 {accel.dram = #accel.dram_view<base = [[#BASE:]], image_stride = 120, row_stride = 30, pixel_stride = 3>
// PLAN: %[[V:.+]] = accel.window %[[P]] {accel.dram = #accel.dram_view<base = [[#BASE]], image_stride = 120, row_stride = 30, pixel_stride = 3>, kernel_w = 3 : i64, stride_w = 1 : i64}
// PLAN: accel.conv2d %[[V]]
// ASM: LOAD_INPUT layer=1 dram=0x1c0 tensor_h=4 tensor_w=8 row_stride=30 pixel_stride=3 y0=-1 x0=0 box_h=6 box_w=4 box_c=9
//--- view.mlir
func.func @window_views(%x: tensor<1x4x8x3xi8>) -> tensor<1x4x8x4xi8> {
  %w = arith.constant dense<1> : tensor<4x3x1x9xi8>
  %b = arith.constant dense<0> : tensor<4xi32>
  %p = accel.zero_insert %x {stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 1, 1>, fill = -3 : i32} : (tensor<1x4x8x3xi8>) -> tensor<1x4x10x3xi8>
  %v = accel.window %p {kernel_w = 3 : i64, stride_w = 1 : i64} : (tensor<1x4x10x3xi8>) -> tensor<1x4x8x9xi8>
  %y = accel.conv2d %v, %w, %b {pad = array<i64: 1, 1, 0, 0>, input_zp = -3 : i32, requant_multiplier = 1073741824 : i32, requant_shift = 36 : i32} : (tensor<1x4x8x9xi8>, tensor<4x3x1x9xi8>, tensor<4xi32>) -> tensor<1x4x8x4xi8>
  return %y : tensor<1x4x8x4xi8>
}

// A stride-2 window of a conv result that a concat also reads: the conv's
// result stays dense (the concat copies operand 0) and the window views it
// with pixel stride 2 * 4 floats.
// CONCAT: %[[A:.+]] = accel.conv2d %arg0, {{.*}}accel.dram = #accel.dram_view<base = [[#ABASE:]], image_stride = 256, row_stride = 64, pixel_stride = 16>
// CONCAT: accel.window %[[A]] {accel.dram = #accel.dram_view<base = [[#ABASE]], image_stride = 256, row_stride = 64, pixel_stride = 32>, kernel_w = 2 : i64, stride_w = 2 : i64}
// CONCAT: accel.concat %[[A]], %[[A]] {accel.copy_operands = array<i64: 0, 1>
//--- concat.mlir
func.func @window_and_concat(%x: tensor<1x4x4x4xf32>) -> (tensor<1x4x2x4xf32>, tensor<1x4x4x8xf32>) {
  %w = arith.constant dense<0.5> : tensor<4x1x1x4xf32>
  %w2 = arith.constant dense<0.25> : tensor<4x1x1x8xf32>
  %a = accel.conv2d %x, %w : (tensor<1x4x4x4xf32>, tensor<4x1x1x4xf32>) -> tensor<1x4x4x4xf32>
  %v = accel.window %a {kernel_w = 2 : i64, stride_w = 2 : i64} : (tensor<1x4x4x4xf32>) -> tensor<1x4x2x8xf32>
  %y = accel.conv2d %v, %w2 : (tensor<1x4x2x8xf32>, tensor<4x1x1x8xf32>) -> tensor<1x4x2x4xf32>
  %c = accel.concat %a, %a : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x8xf32>
  return %y, %c : tensor<1x4x2x4xf32>, tensor<1x4x4x8xf32>
}

// Row packing: two slices of the (6-row) input, rows 0, 2, 4 and 1, 3, 5
// (row stride 2 * 24 bytes), are copied side by side into the concat (6
// channels per pixel), which the window views 2 pixels at a time.
// ROWS: %[[S0:.+]] = accel.slice %arg0 {accel.dram = #accel.dram_view<base = 0, image_stride = 144, row_stride = 48, pixel_stride = 3>, offsets = array<i64: 0, 0>, strides = array<i64: 2, 1>}
// ROWS: %[[S1:.+]] = accel.slice %arg0 {accel.dram = #accel.dram_view<base = 24, image_stride = 144, row_stride = 48, pixel_stride = 3>, offsets = array<i64: 1, 0>, strides = array<i64: 2, 1>}
// ROWS: %[[Q:.+]] = accel.concat %[[S0]], %[[S1]] {accel.copy_operands = array<i64: 0, 1>, accel.dram = #accel.dram_view<base = [[#QB:]], image_stride = 144, row_stride = 48, pixel_stride = 6>}
// ROWS: accel.window %[[Q]] {accel.dram = #accel.dram_view<base = [[#QB]], image_stride = 144, row_stride = 48, pixel_stride = 6>, kernel_w = 2 : i64, stride_w = 1 : i64}
// The copies read every second row of the input.
// ROWSASM: LOAD_ACC layer=0 deps=push_next dram=0x0 box_h=3 box_w=8 box_c=3 row_stride=48 pixel_stride=3
// ROWSASM: LOAD_ACC layer=0 deps=push_next dram=0x18 box_h=3 box_w=8 box_c=3 row_stride=48 pixel_stride=3
//--- rows.mlir
func.func @rows(%x: tensor<1x6x8x3xi8>) -> tensor<1x3x7x4xi8> {
  %w = arith.constant dense<1> : tensor<4x1x1x12xi8>
  %b = arith.constant dense<0> : tensor<4xi32>
  %s0 = accel.slice %x {offsets = array<i64: 0, 0>, strides = array<i64: 2, 1>} : (tensor<1x6x8x3xi8>) -> tensor<1x3x8x3xi8>
  %s1 = accel.slice %x {offsets = array<i64: 1, 0>, strides = array<i64: 2, 1>} : (tensor<1x6x8x3xi8>) -> tensor<1x3x8x3xi8>
  %q = accel.concat %s0, %s1 : (tensor<1x3x8x3xi8>, tensor<1x3x8x3xi8>) -> tensor<1x3x8x6xi8>
  %p = accel.window %q {kernel_w = 2 : i64, stride_w = 1 : i64} : (tensor<1x3x8x6xi8>) -> tensor<1x3x7x12xi8>
  %y = accel.conv2d %p, %w, %b {requant_multiplier = 1073741824 : i32, requant_shift = 36 : i32} : (tensor<1x3x7x12xi8>, tensor<4x1x1x12xi8>, tensor<4xi32>) -> tensor<1x3x7x4xi8>
  return %y : tensor<1x3x7x4xi8>
}

// A padding copy (stride-1 zero_insert) of a conv result: the conv stores
// straight into the padded tensor's interior (one pixel of 3 bytes after its
// base, its 30-byte rows), and the zero_insert only fills the two border
// columns: no copy of the input (LOAD_ACC) in its layer.
// PAD: accel.conv2d %arg0, {{.*}}accel.dram = #accel.dram_view<base = [[#IN:]], image_stride = 120, row_stride = 30, pixel_stride = 3>
// PAD: accel.zero_insert %{{.*}}accel.dram = #accel.dram_view<base = [[#IN - 3]], image_stride = 120, row_stride = 30, pixel_stride = 3>
// PADASM: ==== layer 'zero_insert_1'
// PADASM-NOT: LOAD_ACC
// PADASM: STORE layer=1 {{.*}}box_h=4 box_w=1 box_c=3
// PADASM-NOT: LOAD_ACC
// PADASM: STORE layer=1 {{.*}}box_h=4 box_w=1 box_c=3
// PADASM-NEXT: ; [{{[0-9]+}}] layer 'zero_insert_1'
// PADASM-NEXT: BARRIER layer=1
//--- padded.mlir
func.func @padded(%x: tensor<1x4x8x3xi8>) -> tensor<1x4x8x4xi8> {
  %w0 = arith.constant dense<1> : tensor<3x1x1x3xi8>
  %b0 = arith.constant dense<0> : tensor<3xi32>
  %a = accel.conv2d %x, %w0, %b0 {requant_multiplier = 1073741824 : i32, requant_shift = 31 : i32} : (tensor<1x4x8x3xi8>, tensor<3x1x1x3xi8>, tensor<3xi32>) -> tensor<1x4x8x3xi8>
  %w = arith.constant dense<1> : tensor<4x3x1x9xi8>
  %b = arith.constant dense<0> : tensor<4xi32>
  %p = accel.zero_insert %a {stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 1, 1>, fill = -3 : i32} : (tensor<1x4x8x3xi8>) -> tensor<1x4x10x3xi8>
  %v = accel.window %p {kernel_w = 3 : i64, stride_w = 1 : i64} : (tensor<1x4x10x3xi8>) -> tensor<1x4x8x9xi8>
  %y = accel.conv2d %v, %w, %b {pad = array<i64: 1, 1, 0, 0>, input_zp = -3 : i32, requant_multiplier = 1073741824 : i32, requant_shift = 36 : i32} : (tensor<1x4x8x9xi8>, tensor<4x3x1x9xi8>, tensor<4xi32>) -> tensor<1x4x8x4xi8>
  return %y : tensor<1x4x8x4xi8>
}

// The same padding copy of a value the function also returns (an output
// owns its region): the conv's result stays dense and the zero_insert
// copies it (LOAD_ACC) between the border fills.
// SHARED: accel.conv2d %arg0, {{.*}}accel.dram = #accel.dram_view<base = {{[0-9]+}}, image_stride = 96, row_stride = 24, pixel_stride = 3>
// SHAREDASM: ==== layer 'zero_insert_1'
// SHAREDASM: LOAD_ACC layer=1 {{.*}}box_h=4 box_w=8 box_c=3 row_stride=24 pixel_stride=3
//--- padded-shared.mlir
func.func @padded_shared(%x: tensor<1x4x8x3xi8>) -> (tensor<1x4x8x4xi8>, tensor<1x4x8x3xi8>) {
  %w0 = arith.constant dense<1> : tensor<3x1x1x3xi8>
  %b0 = arith.constant dense<0> : tensor<3xi32>
  %a = accel.conv2d %x, %w0, %b0 {requant_multiplier = 1073741824 : i32, requant_shift = 31 : i32} : (tensor<1x4x8x3xi8>, tensor<3x1x1x3xi8>, tensor<3xi32>) -> tensor<1x4x8x3xi8>
  %w = arith.constant dense<1> : tensor<4x3x1x9xi8>
  %b = arith.constant dense<0> : tensor<4xi32>
  %p = accel.zero_insert %a {stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 1, 1>, fill = -3 : i32} : (tensor<1x4x8x3xi8>) -> tensor<1x4x10x3xi8>
  %v = accel.window %p {kernel_w = 3 : i64, stride_w = 1 : i64} : (tensor<1x4x10x3xi8>) -> tensor<1x4x8x9xi8>
  %y = accel.conv2d %v, %w, %b {pad = array<i64: 1, 1, 0, 0>, input_zp = -3 : i32, requant_multiplier = 1073741824 : i32, requant_shift = 36 : i32} : (tensor<1x4x8x9xi8>, tensor<4x3x1x9xi8>, tensor<4xi32>) -> tensor<1x4x8x4xi8>
  return %y, %a : tensor<1x4x8x4xi8>, tensor<1x4x8x3xi8>
}

// A padding copy of whole rows of one image whose input is a reshape (a
// 3-D conv's depth padding of [1, D, H*W, C]): the padded box is dense
// bytes, so the reshape -- and through it the conv's result -- lives inside
// the padded tensor, one row (160 bytes) after its base, and the padding
// copy only fills the two border rows.
// PADROWS: accel.conv2d %arg0, {{.*}}accel.dram = #accel.dram_view<base = [[#IN:]], image_stride = 160, row_stride = 32, pixel_stride = 4>
// PADROWS: accel.reshape %{{.*}}accel.dram = #accel.dram_view<base = [[#IN]], image_stride = 960, row_stride = 160, pixel_stride = 4>
// PADROWS: accel.zero_insert %{{.*}}accel.dram = #accel.dram_view<base = [[#IN - 160]], image_stride = 960, row_stride = 160, pixel_stride = 4>
// PADROWSASM: ==== layer 'zero_insert_1'
// PADROWSASM-NOT: LOAD_ACC
// PADROWSASM: STORE layer=1 {{.*}}box_h=1 box_w=40 box_c=1
// PADROWSASM-NOT: LOAD_ACC
// PADROWSASM: STORE layer=1 {{.*}}box_h=1 box_w=40 box_c=1
// PADROWSASM-NOT: LOAD_ACC
// PADROWSASM: BARRIER layer=1
//--- padded-rows.mlir
func.func @padded_rows(%x: tensor<4x5x8x1xf32>) -> tensor<1x4x40x2xf32> {
  %w0 = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %b0 = arith.constant dense<0.0> : tensor<1xf32>
  %a = accel.conv2d %x, %w0, %b0 : (tensor<4x5x8x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<4x5x8x1xf32>
  %r = accel.reshape %a : (tensor<4x5x8x1xf32>) -> tensor<1x4x40x1xf32>
  %p = accel.zero_insert %r {stride = array<i64: 1, 1>, pad = array<i64: 1, 1, 0, 0>} : (tensor<1x4x40x1xf32>) -> tensor<1x6x40x1xf32>
  %w = arith.constant dense<1.0> : tensor<2x3x1x1xf32>
  %b = arith.constant dense<0.0> : tensor<2xf32>
  %y = accel.conv2d %p, %w, %b : (tensor<1x6x40x1xf32>, tensor<2x3x1x1xf32>, tensor<2xf32>) -> tensor<1x4x40x2xf32>
  return %y : tensor<1x4x40x2xf32>
}

// BADSLICE: bad-slice-user.mlir:2:8: error: 'accel.slice' op result is read by 'accel.add'; a slice can only be read by accel.conv2d, accel.window, accel.concat, accel.depth_to_space or an accel.reshape none of whose readers is the host or the return
//--- bad-slice-user.mlir
func.func @f(%x: tensor<1x4x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %v = accel.slice %x {offsets = array<i64: 0, 0>, strides = array<i64: 2, 1>} : (tensor<1x4x4x4xf32>) -> tensor<1x2x4x4xf32>
  %y = accel.add %v, %v : tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// A slice of whole rows of one image (a 3-D conv's depth window) is dense:
// a reshape views it in a new shape and the conv reads it in place, one
// plane (96 bytes) after the input's base.
// SLICERESHAPE: func.func @f(%arg0: tensor<1x4x6x4xf32> {accel.dram = #accel.dram_view<base = 0,
// SLICERESHAPE: accel.slice %arg0 {accel.dram = #accel.dram_view<base = 96, image_stride = 384, row_stride = 96, pixel_stride = 16>
// SLICERESHAPE: accel.reshape %{{.+}} {accel.dram = #accel.dram_view<base = 96, image_stride = 96, row_stride = 48, pixel_stride = 16>
// SLICERESHAPE-NOT: accel.copy_operands
// SLICERESHAPE: return
//--- slice-reshape.mlir
func.func @f(%x: tensor<1x4x6x4xf32>) -> tensor<2x2x3x2xf32> {
  %v = accel.slice %x {offsets = array<i64: 1, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x6x4xf32>) -> tensor<1x2x6x4xf32>
  %r = accel.reshape %v : (tensor<1x2x6x4xf32>) -> tensor<2x2x3x4xf32>
  %w = arith.constant dense<1.0> : tensor<2x1x1x4xf32>
  %b = arith.constant dense<0.0> : tensor<2xf32>
  %y = accel.conv2d %r, %w, %b : (tensor<2x2x3x4xf32>, tensor<2x1x1x4xf32>, tensor<2xf32>) -> tensor<2x2x3x2xf32>
  return %y : tensor<2x2x3x2xf32>
}

// The return needs a tensor that owns its bytes.
// SLICERESHAPERET: slice-reshape-returned.mlir:2:8: error: 'accel.slice' op result is read by 'accel.reshape'; a slice can only be read by accel.conv2d, accel.window, accel.concat, accel.depth_to_space or an accel.reshape none of whose readers is the host or the return
//--- slice-reshape-returned.mlir
func.func @f(%x: tensor<1x4x6x4xf32>) -> tensor<2x2x3x4xf32> {
  %v = accel.slice %x {offsets = array<i64: 1, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x6x4xf32>) -> tensor<1x2x6x4xf32>
  %r = accel.reshape %v : (tensor<1x2x6x4xf32>) -> tensor<2x2x3x4xf32>
  return %r : tensor<2x2x3x4xf32>
}

// Every other row is not dense: the reshape cannot view it.
// STRIDEDRESHAPE: strided-slice-reshape.mlir:3:8: error: 'accel.reshape' op reshapes a value that lives in a strided region
//--- strided-slice-reshape.mlir
func.func @f(%x: tensor<1x4x6x4xf32>) -> tensor<2x1x6x2xf32> {
  %v = accel.slice %x {offsets = array<i64: 0, 0>, strides = array<i64: 2, 1>} : (tensor<1x4x6x4xf32>) -> tensor<1x2x6x4xf32>
  %r = accel.reshape %v : (tensor<1x2x6x4xf32>) -> tensor<2x1x6x4xf32>
  %w = arith.constant dense<1.0> : tensor<2x1x1x4xf32>
  %b = arith.constant dense<0.0> : tensor<2xf32>
  %y = accel.conv2d %r, %w, %b : (tensor<2x1x6x4xf32>, tensor<2x1x1x4xf32>, tensor<2xf32>) -> tensor<2x1x6x2xf32>
  return %y : tensor<2x1x6x2xf32>
}

// BADUSER: bad-user.mlir:2:8: error: 'accel.window' op result is read by 'accel.add'; a window can only be the input of accel.conv2d ops
//--- bad-user.mlir
func.func @f(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x2x8xf32> {
  %v = accel.window %x {kernel_w = 2 : i64, stride_w = 2 : i64} : (tensor<1x4x4x4xf32>) -> tensor<1x4x2x8xf32>
  %y = accel.add %v, %v : tensor<1x4x2x8xf32>
  return %y : tensor<1x4x2x8xf32>
}

// RETURNED: returned.mlir:2:8: error: 'accel.window' op result is read by 'func.return'; a window can only be the input of accel.conv2d ops
//--- returned.mlir
func.func @f(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x2x8xf32> {
  %v = accel.window %x {kernel_w = 2 : i64, stride_w = 2 : i64} : (tensor<1x4x4x4xf32>) -> tensor<1x4x2x8xf32>
  return %v : tensor<1x4x2x8xf32>
}

// A window needs contiguous pixels: not those of a slice taking every second
// column.
// STRIDED: strided.mlir:4:8: error: 'accel.window' op windows a value whose pixels are not contiguous in DRAM (a strided slice, or an alias of another op); the backend cannot view its overlapping windows without a copy
//--- strided.mlir
func.func @f(%x: tensor<1x4x8x3xf32>) -> tensor<1x4x1x4xf32> {
  %w = arith.constant dense<0.5> : tensor<4x1x1x12xf32>
  %s = accel.slice %x {offsets = array<i64: 0, 0>, strides = array<i64: 1, 2>} : (tensor<1x4x8x3xf32>) -> tensor<1x4x4x3xf32>
  %v = accel.window %s {kernel_w = 4 : i64, stride_w = 1 : i64} : (tensor<1x4x4x3xf32>) -> tensor<1x4x1x12xf32>
  %y = accel.conv2d %v, %w : (tensor<1x4x1x12xf32>, tensor<4x1x1x12xf32>) -> tensor<1x4x1x4xf32>
  return %y : tensor<1x4x1x4xf32>
}

// CONSTANT: constant.mlir:4:8: error: 'accel.window' op views a constant; accel-plan-memory views only function inputs and results of accel ops (fold the view into the constant instead)
//--- constant.mlir
func.func @f() -> tensor<1x4x2x4xf32> {
  %c = arith.constant dense<0.5> : tensor<1x4x4x4xf32>
  %w = arith.constant dense<0.5> : tensor<4x1x1x8xf32>
  %v = accel.window %c {kernel_w = 2 : i64, stride_w = 2 : i64} : (tensor<1x4x4x4xf32>) -> tensor<1x4x2x8xf32>
  %y = accel.conv2d %v, %w : (tensor<1x4x2x8xf32>, tensor<4x1x1x8xf32>) -> tensor<1x4x2x4xf32>
  return %y : tensor<1x4x2x4xf32>
}
