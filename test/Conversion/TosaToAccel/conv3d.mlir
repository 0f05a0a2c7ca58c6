// RUN: accel-opt %s -split-input-file --convert-tosa-to-accel | FileCheck %s
// RUN: accel-opt %s -split-input-file --accel-compile="target=nvdla-small strategy=auto" | FileCheck %s --check-prefix=PLAN

// A batch-1 NCDHW argument with one voxel holds the bytes of its NDHWC form,
// so the transpose the importer wrote may already be a reshape (here to
// [1, 1, 1, 1, 3]): the boundary is absorbed all the same (stored as DHWC
// with the NCDHW interface), and the 1x1x1 conv3d is one conv2d.
// CHECK-LABEL: func.func @one_voxel
// CHECK-SAME: tensor<1x1x1x3xf32> {accel.interface = #accel.interface<shape = [1, 3, 1, 1, 1], perm = [0, 2, 3, 4, 1]>
// CHECK-SAME: -> (tensor<1x1x1x2xf32> {accel.interface = #accel.interface<shape = [1, 2, 1, 1, 1], perm = [0, 2, 3, 4, 1]>
// CHECK-NOT: tosa.{{(conv3d|reshape|transpose)}}
// CHECK: accel.conv2d
// CHECK-NOT: tosa.{{(conv3d|reshape|transpose)}}
// CHECK: return
func.func @one_voxel(%x: tensor<1x3x1x1x1xf32>) -> tensor<1x2x1x1x1xf32> {
  %s0 = tosa.const_shape {values = dense<[1, 1, 1, 1, 3]> : tensor<5xindex>} : () -> !tosa.shape<5>
  %r = tosa.reshape %x, %s0 : (tensor<1x3x1x1x1xf32>, !tosa.shape<5>) -> tensor<1x1x1x1x3xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x1x3xf32>}> : () -> tensor<2x1x1x1x3xf32>
  %b = "tosa.const"() <{values = dense<0.25> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv3d %r, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1, 1>, pad = array<i64: 0, 0, 0, 0, 0, 0>, stride = array<i64: 1, 1, 1>} : (tensor<1x1x1x1x3xf32>, tensor<2x1x1x1x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1x2xf32>
  %s1 = tosa.const_shape {values = dense<[1, 2, 1, 1, 1]> : tensor<5xindex>} : () -> !tosa.shape<5>
  %o = tosa.reshape %c, %s1 : (tensor<1x1x1x1x2xf32>, !tosa.shape<5>) -> tensor<1x2x1x1x1xf32>
  return %o : tensor<1x2x1x1x1xf32>
}

// -----

// The W interleave of two 1x1x1 phases, as OnnxConv3d.cpp writes it (a
// last-axis concat of the phases' [N*D, H, W, M] forms, a row-major reshape),
// then the H interleave of two such results ([N, D, H, 2W*M] slices), the
// result returned as [N*D, 2H, 2W, M]: every concat and reshape is a view, so
// each phase conv stores straight into the interleaved result and nothing is
// copied.
// PLAN-LABEL: func.func @interleave
// PLAN-COUNT-4: accel.conv2d %arg0
// PLAN-NOT: groups
// PLAN-NOT: accel.copy_operands
// PLAN: return
func.func @interleave(%x4: tensor<2x2x2x4xf32>) -> tensor<2x4x4x4xf32> {
  %sx = tosa.const_shape {values = dense<[1, 2, 2, 2, 4]> : tensor<5xindex>} : () -> !tosa.shape<5>
  %x = tosa.reshape %x4, %sx : (tensor<2x2x2x4xf32>, !tosa.shape<5>) -> tensor<1x2x2x2x4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<4xf32>}> : () -> tensor<4xf32>
  %w0 = "tosa.const"() <{values = dense<0.5> : tensor<4x1x1x1x4xf32>}> : () -> tensor<4x1x1x1x4xf32>
  %w1 = "tosa.const"() <{values = dense<-0.5> : tensor<4x1x1x1x4xf32>}> : () -> tensor<4x1x1x1x4xf32>
  %w2 = "tosa.const"() <{values = dense<0.25> : tensor<4x1x1x1x4xf32>}> : () -> tensor<4x1x1x1x4xf32>
  %w3 = "tosa.const"() <{values = dense<-0.25> : tensor<4x1x1x1x4xf32>}> : () -> tensor<4x1x1x1x4xf32>
  %p0 = tosa.conv3d %x, %w0, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1, 1>, pad = array<i64: 0, 0, 0, 0, 0, 0>, stride = array<i64: 1, 1, 1>} : (tensor<1x2x2x2x4xf32>, tensor<4x1x1x1x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2x4xf32>
  %p1 = tosa.conv3d %x, %w1, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1, 1>, pad = array<i64: 0, 0, 0, 0, 0, 0>, stride = array<i64: 1, 1, 1>} : (tensor<1x2x2x2x4xf32>, tensor<4x1x1x1x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2x4xf32>
  %p2 = tosa.conv3d %x, %w2, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1, 1>, pad = array<i64: 0, 0, 0, 0, 0, 0>, stride = array<i64: 1, 1, 1>} : (tensor<1x2x2x2x4xf32>, tensor<4x1x1x1x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2x4xf32>
  %p3 = tosa.conv3d %x, %w3, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1, 1>, pad = array<i64: 0, 0, 0, 0, 0, 0>, stride = array<i64: 1, 1, 1>} : (tensor<1x2x2x2x4xf32>, tensor<4x1x1x1x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2x4xf32>
  %sq = tosa.const_shape {values = dense<[2, 2, 2, 4]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %q0 = tosa.reshape %p0, %sq : (tensor<1x2x2x2x4xf32>, !tosa.shape<4>) -> tensor<2x2x2x4xf32>
  %q1 = tosa.reshape %p1, %sq : (tensor<1x2x2x2x4xf32>, !tosa.shape<4>) -> tensor<2x2x2x4xf32>
  %q2 = tosa.reshape %p2, %sq : (tensor<1x2x2x2x4xf32>, !tosa.shape<4>) -> tensor<2x2x2x4xf32>
  %q3 = tosa.reshape %p3, %sq : (tensor<1x2x2x2x4xf32>, !tosa.shape<4>) -> tensor<2x2x2x4xf32>
  %cw0 = tosa.concat %q0, %q1 {axis = 3 : i32} : (tensor<2x2x2x4xf32>, tensor<2x2x2x4xf32>) -> tensor<2x2x2x8xf32>
  %cw1 = tosa.concat %q2, %q3 {axis = 3 : i32} : (tensor<2x2x2x4xf32>, tensor<2x2x2x4xf32>) -> tensor<2x2x2x8xf32>
  %sh = tosa.const_shape {values = dense<[1, 2, 2, 16]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %h0 = tosa.reshape %cw0, %sh : (tensor<2x2x2x8xf32>, !tosa.shape<4>) -> tensor<1x2x2x16xf32>
  %h1 = tosa.reshape %cw1, %sh : (tensor<2x2x2x8xf32>, !tosa.shape<4>) -> tensor<1x2x2x16xf32>
  %ch = tosa.concat %h0, %h1 {axis = 3 : i32} : (tensor<1x2x2x16xf32>, tensor<1x2x2x16xf32>) -> tensor<1x2x2x32xf32>
  %so = tosa.const_shape {values = dense<[2, 4, 4, 4]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %o = tosa.reshape %ch, %so : (tensor<1x2x2x32xf32>, !tosa.shape<4>) -> tensor<2x4x4x4xf32>
  return %o : tensor<2x4x4x4xf32>
}

// -----

// A 3x3x3 conv3d with padding 1 (a 3-D U-Net block's conv) on a batch-1
// NDHWC value: the D padding is a padding copy (accel.zero_insert of H over
// [N, D, H*W, C]), each of the three depth taps reads its D window as an
// accel.slice of whole planes -- a dense view, reshaped and read in place by
// its conv2d -- and the taps are summed. No grouped copy conv: those ran one
// channel per pass of the MAC array.
// CHECK-LABEL: func.func @depth_padding
// CHECK-NOT: groups
// CHECK: %[[P:.+]] = accel.zero_insert %{{.+}} {pad = array<i64: 1, 1, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x36x2xf32>) -> tensor<1x6x36x2xf32>
// CHECK-DAG: accel.slice %[[P]] {offsets = array<i64: 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x6x36x2xf32>) -> tensor<1x4x36x2xf32>
// CHECK-DAG: accel.slice %[[P]] {offsets = array<i64: 1, 0>, strides = array<i64: 1, 1>} : (tensor<1x6x36x2xf32>) -> tensor<1x4x36x2xf32>
// CHECK-DAG: accel.slice %[[P]] {offsets = array<i64: 2, 0>, strides = array<i64: 1, 1>} : (tensor<1x6x36x2xf32>) -> tensor<1x4x36x2xf32>
// CHECK-NOT: groups
// CHECK: accel.add
// CHECK-NOT: groups
// CHECK: return
// PLAN-LABEL: func.func @depth_padding
// PLAN: accel.zero_insert
// PLAN-NOT: groups
// PLAN-NOT: accel.copy_operands
// PLAN: return
func.func @depth_padding(%in: tensor<1x2x4x6x6xf32>) -> tensor<1x3x4x6x6xf32> {
  %x = tosa.transpose %in {perms = array<i32: 0, 2, 3, 4, 1>} : (tensor<1x2x4x6x6xf32>) -> tensor<1x4x6x6x2xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<3x3x3x3x2xf32>}> : () -> tensor<3x3x3x3x2xf32>
  %b = "tosa.const"() <{values = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv3d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1, 1>, pad = array<i64: 1, 1, 1, 1, 1, 1>, stride = array<i64: 1, 1, 1>} : (tensor<1x4x6x6x2xf32>, tensor<3x3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x6x6x3xf32>
  %t = tosa.transpose %c {perms = array<i32: 0, 4, 1, 2, 3>} : (tensor<1x4x6x6x3xf32>) -> tensor<1x3x4x6x6xf32>
  return %t : tensor<1x3x4x6x6xf32>
}
