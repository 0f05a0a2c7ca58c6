// RUN: accel-opt %s -split-input-file --accel-absorb-boundary-layout | FileCheck %s

// NCHW interface, NHWC inside: both boundary transposes are absorbed, the
// names stay.
// CHECK-LABEL: func.func @rank4
// CHECK-SAME: (%[[X:.+]]: tensor<1x8x8x3xf32> {accel.interface = #accel.interface<shape = [1, 3, 8, 8], perm = [0, 2, 3, 1]>, accel.name = "input"})
// CHECK-SAME: -> (tensor<1x8x8x3xf32> {accel.interface = #accel.interface<shape = [1, 3, 8, 8], perm = [0, 2, 3, 1]>, accel.name = "output"})
// CHECK-NOT: tosa.transpose
// CHECK: %[[Y:.+]] = tosa.clamp %[[X]]
// CHECK-NOT: tosa.transpose
// CHECK: return %[[Y]] : tensor<1x8x8x3xf32>
func.func @rank4(%x: tensor<1x3x8x8xf32> {accel.name = "input"}) -> (tensor<1x3x8x8xf32> {accel.name = "output"}) {
  %0 = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x3x8x8xf32>) -> tensor<1x8x8x3xf32>
  %1 = tosa.clamp %0 {max_val = 3.4e+38 : f32, min_val = 0.0 : f32} : (tensor<1x8x8x3xf32>) -> tensor<1x8x8x3xf32>
  %2 = tosa.transpose %1 {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x8x8x3xf32>) -> tensor<1x3x8x8xf32>
  return %2 : tensor<1x3x8x8xf32>
}

// -----

// N,C,L interface of a 1-D model: transpose, then a reshape inserting a
// unit H (and the reverse before the return).
// CHECK-LABEL: func.func @rank3_transpose_first
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x16x3xf32> {accel.interface = #accel.interface<shape = [1, 3, 16], perm = [0, 2, 1]>})
// CHECK-SAME: -> (tensor<1x1x16x3xf32> {accel.interface = #accel.interface<shape = [1, 3, 16], perm = [0, 2, 1]>})
// CHECK-NOT: tosa.transpose
// CHECK-NOT: tosa.reshape
// CHECK-NOT: tosa.const_shape
// CHECK: %[[Y:.+]] = tosa.clamp %[[X]]
// CHECK-NEXT: return %[[Y]] : tensor<1x1x16x3xf32>
func.func @rank3_transpose_first(%x: tensor<1x3x16xf32>) -> tensor<1x3x16xf32> {
  %0 = tosa.transpose %x {perms = array<i32: 0, 2, 1>} : (tensor<1x3x16xf32>) -> tensor<1x16x3xf32>
  %s = tosa.const_shape {values = dense<[1, 1, 16, 3]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %1 = tosa.reshape %0, %s : (tensor<1x16x3xf32>, !tosa.shape<4>) -> tensor<1x1x16x3xf32>
  %2 = tosa.clamp %1 {max_val = 3.4e+38 : f32, min_val = 0.0 : f32} : (tensor<1x1x16x3xf32>) -> tensor<1x1x16x3xf32>
  %s3 = tosa.const_shape {values = dense<[1, 16, 3]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %3 = tosa.reshape %2, %s3 : (tensor<1x1x16x3xf32>, !tosa.shape<3>) -> tensor<1x16x3xf32>
  %4 = tosa.transpose %3 {perms = array<i32: 0, 2, 1>} : (tensor<1x16x3xf32>) -> tensor<1x3x16xf32>
  return %4 : tensor<1x3x16xf32>
}

// -----

// The same with the reshape first (N,C,1,L, then the NCHW -> NHWC
// transpose); batch 2 keeps N apart from the inserted unit H.
// CHECK-LABEL: func.func @rank3_reshape_first
// CHECK-SAME: (%[[X:.+]]: tensor<2x1x16x3xf32> {accel.interface = #accel.interface<shape = [2, 3, 16], perm = [0, 2, 1]>})
// CHECK-SAME: -> (tensor<2x1x16x3xf32> {accel.interface = #accel.interface<shape = [2, 3, 16], perm = [0, 2, 1]>})
// CHECK-NOT: tosa.transpose
// CHECK-NOT: tosa.reshape
// CHECK: %[[Y:.+]] = tosa.clamp %[[X]]
// CHECK-NEXT: return %[[Y]] : tensor<2x1x16x3xf32>
func.func @rank3_reshape_first(%x: tensor<2x3x16xf32>) -> tensor<2x3x16xf32> {
  %s = tosa.const_shape {values = dense<[2, 3, 1, 16]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %0 = tosa.reshape %x, %s : (tensor<2x3x16xf32>, !tosa.shape<4>) -> tensor<2x3x1x16xf32>
  %1 = tosa.transpose %0 {perms = array<i32: 0, 2, 3, 1>} : (tensor<2x3x1x16xf32>) -> tensor<2x1x16x3xf32>
  %2 = tosa.clamp %1 {max_val = 3.4e+38 : f32, min_val = 0.0 : f32} : (tensor<2x1x16x3xf32>) -> tensor<2x1x16x3xf32>
  %3 = tosa.transpose %2 {perms = array<i32: 0, 3, 1, 2>} : (tensor<2x1x16x3xf32>) -> tensor<2x3x1x16xf32>
  %s3 = tosa.const_shape {values = dense<[2, 3, 16]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %4 = tosa.reshape %3, %s3 : (tensor<2x3x1x16xf32>, !tosa.shape<3>) -> tensor<2x3x16xf32>
  return %4 : tensor<2x3x16xf32>
}

// -----

// The argument is also returned as it is: the return gets the interface
// value back through the inverse transpose, which the result side then
// absorbs too. Two transposes of the argument to the same layout (one per
// use, as some exporters write them) are both absorbed.
// CHECK-LABEL: func.func @second_user
// CHECK-SAME: (%[[X:.+]]: tensor<1x8x8x3xf32> {accel.interface = #accel.interface<shape = [1, 3, 8, 8], perm = [0, 2, 3, 1]>})
// CHECK-SAME: -> (tensor<1x8x8x3xf32> {accel.interface = #accel.interface<shape = [1, 3, 8, 8], perm = [0, 2, 3, 1]>}, tensor<1x8x8x3xf32>, tensor<1x8x8x3xf32>)
// CHECK-NOT: tosa.transpose
// CHECK: %[[A:.+]] = tosa.clamp %[[X]]
// CHECK: %[[B:.+]] = tosa.clamp %[[X]]
// CHECK: return %[[X]], %[[A]], %[[B]]
func.func @second_user(%x: tensor<1x3x8x8xf32>) -> (tensor<1x3x8x8xf32>, tensor<1x8x8x3xf32>, tensor<1x8x8x3xf32>) {
  %0 = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x3x8x8xf32>) -> tensor<1x8x8x3xf32>
  %1 = tosa.clamp %0 {max_val = 3.4e+38 : f32, min_val = 0.0 : f32} : (tensor<1x8x8x3xf32>) -> tensor<1x8x8x3xf32>
  %2 = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x3x8x8xf32>) -> tensor<1x8x8x3xf32>
  %3 = tosa.clamp %2 {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x8x8x3xf32>) -> tensor<1x8x8x3xf32>
  return %x, %1, %3 : tensor<1x3x8x8xf32>, tensor<1x8x8x3xf32>, tensor<1x8x8x3xf32>
}

// -----

// A compute op reading the argument in NCHW keeps doing so through the
// rebuilt interface value (an interior transpose, left to the user or the
// TOSA preparation); the 1-D form rebuilds with a reshape first.
// CHECK-LABEL: func.func @other_user
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x16x3xf32> {accel.interface = #accel.interface<shape = [1, 3, 16], perm = [0, 2, 1]>})
// CHECK: %[[SHAPE:.+]] = tosa.const_shape {{.*}}dense<[1, 16, 3]>
// CHECK: %[[R:.+]] = tosa.reshape %[[X]], %[[SHAPE]] : (tensor<1x1x16x3xf32>, !tosa.shape<3>) -> tensor<1x16x3xf32>
// CHECK: %[[T:.+]] = tosa.transpose %[[R]] {perms = array<i32: 0, 2, 1>} : (tensor<1x16x3xf32>) -> tensor<1x3x16xf32>
// CHECK: %[[C:.+]] = tosa.clamp %[[T]]
// CHECK: return %[[X]], %[[C]] : tensor<1x1x16x3xf32>, tensor<1x3x16xf32>
func.func @other_user(%x: tensor<1x3x16xf32>) -> (tensor<1x1x16x3xf32>, tensor<1x3x16xf32>) {
  %0 = tosa.transpose %x {perms = array<i32: 0, 2, 1>} : (tensor<1x3x16xf32>) -> tensor<1x16x3xf32>
  %s = tosa.const_shape {values = dense<[1, 1, 16, 3]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %1 = tosa.reshape %0, %s : (tensor<1x16x3xf32>, !tosa.shape<4>) -> tensor<1x1x16x3xf32>
  %2 = tosa.clamp %x {max_val = 3.4e+38 : f32, min_val = 0.0 : f32} : (tensor<1x3x16xf32>) -> tensor<1x3x16xf32>
  return %1, %2 : tensor<1x1x16x3xf32>, tensor<1x3x16xf32>
}

// -----

// A returned transpose whose result has another user: the return takes the
// NHWC value, the transpose stays for its other user.
// CHECK-LABEL: func.func @shared_result
// CHECK-SAME: -> (tensor<1x8x8x3xf32> {accel.interface = #accel.interface<shape = [1, 3, 8, 8], perm = [0, 2, 3, 1]>}, tensor<1x3x8x8xf32>)
// CHECK: %[[A:.+]] = tosa.clamp
// CHECK: %[[T:.+]] = tosa.transpose %[[A]] {perms = array<i32: 0, 3, 1, 2>}
// CHECK: %[[B:.+]] = tosa.clamp %[[T]]
// CHECK: return %[[A]], %[[B]]
func.func @shared_result(%x: tensor<1x8x8x3xf32>) -> (tensor<1x3x8x8xf32>, tensor<1x3x8x8xf32>) {
  %1 = tosa.clamp %x {max_val = 3.4e+38 : f32, min_val = 0.0 : f32} : (tensor<1x8x8x3xf32>) -> tensor<1x8x8x3xf32>
  %2 = tosa.transpose %1 {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x8x8x3xf32>) -> tensor<1x3x8x8xf32>
  %3 = tosa.clamp %2 {max_val = 3.4e+38 : f32, min_val = 0.0 : f32} : (tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32>
  return %2, %3 : tensor<1x3x8x8xf32>, tensor<1x3x8x8xf32>
}

// -----

// Not at the boundary: an interior transpose is left alone, and so is a
// chain that only reshapes (the backend runs reshapes).
// CHECK-LABEL: func.func @interior
// CHECK-SAME: (%[[X:.+]]: tensor<1x8x8x3xf32>) -> tensor<1x8x3x8xf32>
// CHECK: %[[A:.+]] = tosa.clamp %[[X]]
// CHECK: %[[T:.+]] = tosa.transpose %[[A]] {perms = array<i32: 0, 1, 3, 2>}
// CHECK: %[[B:.+]] = tosa.clamp %[[T]]
// CHECK: return %[[B]]
func.func @interior(%x: tensor<1x8x8x3xf32>) -> tensor<1x8x3x8xf32> {
  %1 = tosa.clamp %x {max_val = 3.4e+38 : f32, min_val = 0.0 : f32} : (tensor<1x8x8x3xf32>) -> tensor<1x8x8x3xf32>
  %2 = tosa.transpose %1 {perms = array<i32: 0, 1, 3, 2>} : (tensor<1x8x8x3xf32>) -> tensor<1x8x3x8xf32>
  %3 = tosa.clamp %2 {max_val = 3.4e+38 : f32, min_val = 0.0 : f32} : (tensor<1x8x3x8xf32>) -> tensor<1x8x3x8xf32>
  return %3 : tensor<1x8x3x8xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_only
// CHECK-SAME: (%{{.+}}: tensor<1x16xf32>) -> tensor<1x16xf32>
// CHECK: tosa.reshape
// CHECK: tosa.reshape
func.func @reshape_only(%x: tensor<1x16xf32>) -> tensor<1x16xf32> {
  %s = tosa.const_shape {values = dense<[1, 1, 1, 16]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %0 = tosa.reshape %x, %s : (tensor<1x16xf32>, !tosa.shape<4>) -> tensor<1x1x1x16xf32>
  %1 = tosa.clamp %0 {max_val = 3.4e+38 : f32, min_val = 0.0 : f32} : (tensor<1x1x1x16xf32>) -> tensor<1x1x1x16xf32>
  %s2 = tosa.const_shape {values = dense<[1, 16]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %2 = tosa.reshape %1, %s2 : (tensor<1x1x1x16xf32>, !tosa.shape<2>) -> tensor<1x16xf32>
  return %2 : tensor<1x16xf32>
}
