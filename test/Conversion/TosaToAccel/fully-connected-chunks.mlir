// RUN: accel-opt %s --convert-tosa-to-accel | FileCheck %s

// A fully-connected layer with more output channels than the target allows
// (diannao: 4096) becomes several 1x1 convs joined by accel.concat (free on
// the accelerator: each stores into its channel slice); the bias add and the
// ReLU still fuse into every chunk.
// CHECK-LABEL: func.func @wide_fc
// CHECK: %[[IN:.+]] = accel.reshape %arg0 : (tensor<1x1x8xf32>) -> tensor<1x1x1x8xf32>
// CHECK: %[[C0:.+]] = accel.conv2d %[[IN]], {{.*}} {post_op = #accel.post_op<relu>} : (tensor<1x1x1x8xf32>, tensor<4096x1x1x8xf32>, tensor<4096xf32>) -> tensor<1x1x1x4096xf32>
// CHECK: %[[C1:.+]] = accel.conv2d %[[IN]], {{.*}} {post_op = #accel.post_op<relu>} : (tensor<1x1x1x8xf32>, tensor<904x1x1x8xf32>, tensor<904xf32>) -> tensor<1x1x1x904xf32>
// CHECK: %[[CAT:.+]] = accel.concat %[[C0]], %[[C1]] : (tensor<1x1x1x4096xf32>, tensor<1x1x1x904xf32>) -> tensor<1x1x1x5000xf32>
// CHECK: accel.reshape %[[CAT]] : (tensor<1x1x1x5000xf32>) -> tensor<1x1x1000x5xf32>
module attributes {accel.target = #accel.target<"diannao">} {
  func.func @wide_fc(%z: tensor<1x1x8xf32>) -> tensor<1x1x1000x5xf32> {
    %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %w = "tosa.const"() <{values = dense<0.5> : tensor<1x8x5000xf32>}> : () -> tensor<1x8x5000xf32>
    %b = "tosa.const"() <{values = dense<0.25> : tensor<1x1x5000xf32>}> : () -> tensor<1x1x5000xf32>
    %s = tosa.const_shape {values = dense<[1, 1, 1000, 5]> : tensor<4xindex>} : () -> !tosa.shape<4>
    %1 = tosa.matmul %z, %w, %zp, %zp : (tensor<1x1x8xf32>, tensor<1x8x5000xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x5000xf32>
    %2 = tosa.add %1, %b : (tensor<1x1x5000xf32>, tensor<1x1x5000xf32>) -> tensor<1x1x5000xf32>
    %3 = tosa.reshape %2, %s : (tensor<1x1x5000xf32>, !tosa.shape<4>) -> tensor<1x1x1000x5xf32>
    %4 = tosa.clamp %3 {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x1x1000x5xf32>) -> tensor<1x1x1000x5xf32>
    return %4 : tensor<1x1x1000x5xf32>
  }
}
