// End to end: a transposed convolution (kernel 2, stride 3: K < S) split by
// hand into its 3x3 phases - four 1x1 phase convs and five bias-only phases
// (accel.bias_fill) - interleaved by accel.depth_to_space. accel-tile fuses
// the four phase convs (same input) into one schedule that loads each input
// tile once (accel.phase_group); the phases store straight into their
// interleaved positions (no copy, no extra layer), and
// the result matches PyTorch's conv_transpose2d on the unsplit kernel
// %w_full (declared here only for the reference).
// REQUIRES: torch
// RUN: %python %S/Inputs/e2e_reference.py make-input 1x4x4x3 f32 7 %t.x.npy
// RUN: accel-opt %s --accel-set-target=target=%S/Inputs/e2e-tiny-target.json \
// RUN:   --accel-tile --accel-plan-memory -o %t.mlir
// RUN: FileCheck %s --check-prefix=PLAN < %t.mlir
// RUN: accel-translate --accel-to-bin %t.mlir -o %t.accel
// RUN: accel-sim %t.accel --input x=%t.x.npy --output y=%t.y.npy --report=text \
// RUN:   | FileCheck %s --check-prefix=REPORT
// RUN: %python %S/Inputs/e2e_reference.py check split-deconv %s %t.y.npy \
// RUN:   %t.x.npy | FileCheck %s
// CHECK: max relative error
//
// The output y (11x11x5 f32: row stride 220, pixel stride 20 bytes) is the
// depth_to_space's region; phase (rh, rw) is a view with strides x3 at
// origin (rh, rw): base + rh*220 + rw*20.
// PLAN-LABEL: func.func @split_deconv
// PLAN-SAME: accel.dram = #accel.dram_view<base = 0, image_stride = 192, row_stride = 48, pixel_stride = 12>, accel.name = "x"
// PLAN: accel.conv2d {{.*}}accel.dram = #accel.dram_view<base = [[#Y:]], image_stride = 2420, row_stride = 660, pixel_stride = 60>{{.*}}accel.phase_group = [[G:[0-9]+]]
// PLAN: accel.conv2d {{.*}}accel.dram = #accel.dram_view<base = [[#Y+20]], image_stride = 2420, row_stride = 660, pixel_stride = 60>{{.*}}accel.phase_group = [[G]]
// PLAN: accel.bias_fill {{.*}}accel.dram = #accel.dram_view<base = [[#Y+40]], image_stride = 2420, row_stride = 660, pixel_stride = 60>
// PLAN: accel.conv2d {{.*}}accel.dram = #accel.dram_view<base = [[#Y+220]], image_stride = 2420, row_stride = 660, pixel_stride = 60>
// PLAN: accel.bias_fill {{.*}}accel.dram = #accel.dram_view<base = [[#Y+480]], image_stride = 2420, row_stride = 660, pixel_stride = 60>
// PLAN: accel.depth_to_space {{.*}}accel.dram = #accel.dram_view<base = [[#Y]], image_stride = 2420, row_stride = 220, pixel_stride = 20>
//
// Six layers: the fused phase convs and five fills; the depth_to_space
// costs nothing.
// REPORT-COUNT-6: {{^ *(conv2d|bias_fill)_}}
// REPORT-NOT: {{depth_to_space|conv2d_}}

func.func @split_deconv(%arg0: tensor<1x4x4x3xf32> {accel.name = "x"})
    -> (tensor<1x11x11x5xf32> {accel.name = "y"}) {
  %w_full = arith.constant dense<[[[[-0.90255, -0.421781], [0.441933, -0.956767]], [[-0.588154, -0.898453], [-0.395456, 0.327821]], [[-0.383771, 0.167183], [-0.860858, 0.734809]], [[-0.733519, -0.643751], [-0.0081409, 0.727399]], [[0.517888, 0.94097], [0.518605, -0.2315]]], [[[-0.182563, 0.426721], [-0.45866, 0.708206]], [[0.826328, 0.521512], [0.0333371, -0.664328]], [[-0.402615, -0.432114], [-0.345575, -0.0797193]], [[0.0887367, -0.565198], [0.599737, 0.453369]], [[0.698585, -0.464956], [0.229649, 0.305512]]], [[[-0.226367, -0.179292], [0.620315, 0.200739]], [[0.796681, -0.0199356], [0.656636, 0.717779]], [[0.57689, 0.775311], [0.397722, -0.0912194]], [[-0.38817, 0.640169], [-0.720671, -0.197407]], [[-0.537575, 0.180916], [0.772536, -0.344517]]]]> : tensor<3x5x2x2xf32>
  %b = arith.constant dense<[-0.583079, -0.0366379, -0.158924, 0.718364, -0.657677]> : tensor<5xf32>
  %w00 = arith.constant dense<[[[[-0.90255, -0.182563, -0.226367]]], [[[-0.588154, 0.826328, 0.796681]]], [[[-0.383771, -0.402615, 0.57689]]], [[[-0.733519, 0.0887367, -0.38817]]], [[[0.517888, 0.698585, -0.537575]]]]> : tensor<5x1x1x3xf32>
  %w01 = arith.constant dense<[[[[-0.421781, 0.426721, -0.179292]]], [[[-0.898453, 0.521512, -0.0199356]]], [[[0.167183, -0.432114, 0.775311]]], [[[-0.643751, -0.565198, 0.640169]]], [[[0.94097, -0.464956, 0.180916]]]]> : tensor<5x1x1x3xf32>
  %w10 = arith.constant dense<[[[[0.441933, -0.45866, 0.620315]]], [[[-0.395456, 0.0333371, 0.656636]]], [[[-0.860858, -0.345575, 0.397722]]], [[[-0.0081409, 0.599737, -0.720671]]], [[[0.518605, 0.229649, 0.772536]]]]> : tensor<5x1x1x3xf32>
  %w11 = arith.constant dense<[[[[-0.956767, 0.708206, 0.200739]]], [[[0.327821, -0.664328, 0.717779]]], [[[0.734809, -0.0797193, -0.0912194]]], [[[0.727399, 0.453369, -0.197407]]], [[[-0.2315, 0.305512, -0.344517]]]]> : tensor<5x1x1x3xf32>
  %p00 = accel.conv2d %arg0, %w00, %b {post_op = #accel.post_op<relu>}
      : (tensor<1x4x4x3xf32>, tensor<5x1x1x3xf32>, tensor<5xf32>) -> tensor<1x4x4x5xf32>
  %p01 = accel.conv2d %arg0, %w01, %b {post_op = #accel.post_op<relu>}
      : (tensor<1x4x4x3xf32>, tensor<5x1x1x3xf32>, tensor<5xf32>) -> tensor<1x4x4x5xf32>
  %p02 = accel.bias_fill %b {post_op = #accel.post_op<relu>}
      : (tensor<5xf32>) -> tensor<1x4x3x5xf32>
  %p10 = accel.conv2d %arg0, %w10, %b {post_op = #accel.post_op<relu>}
      : (tensor<1x4x4x3xf32>, tensor<5x1x1x3xf32>, tensor<5xf32>) -> tensor<1x4x4x5xf32>
  %p11 = accel.conv2d %arg0, %w11, %b {post_op = #accel.post_op<relu>}
      : (tensor<1x4x4x3xf32>, tensor<5x1x1x3xf32>, tensor<5xf32>) -> tensor<1x4x4x5xf32>
  %p12 = accel.bias_fill %b {post_op = #accel.post_op<relu>}
      : (tensor<5xf32>) -> tensor<1x4x3x5xf32>
  %p20 = accel.bias_fill %b {post_op = #accel.post_op<relu>}
      : (tensor<5xf32>) -> tensor<1x3x4x5xf32>
  %p21 = accel.bias_fill %b {post_op = #accel.post_op<relu>}
      : (tensor<5xf32>) -> tensor<1x3x4x5xf32>
  %p22 = accel.bias_fill %b {post_op = #accel.post_op<relu>}
      : (tensor<5xf32>) -> tensor<1x3x3x5xf32>
  %y = accel.depth_to_space %p00, %p01, %p02, %p10, %p11, %p12, %p20, %p21, %p22 {
      block = array<i64: 3, 3>, origins_h = array<i64: 0, 1, 2>,
      origins_w = array<i64: 0, 1, 2>}
      : (tensor<1x4x4x5xf32>, tensor<1x4x4x5xf32>, tensor<1x4x3x5xf32>,
         tensor<1x4x4x5xf32>, tensor<1x4x4x5xf32>, tensor<1x4x3x5xf32>,
         tensor<1x3x4x5xf32>, tensor<1x3x4x5xf32>, tensor<1x3x3x5xf32>)
      -> tensor<1x11x11x5xf32>
  return %y : tensor<1x11x11x5xf32>
}
