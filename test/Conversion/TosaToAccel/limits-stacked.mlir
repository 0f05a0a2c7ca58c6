// The compile-time kernel gather is bounded: a tiny file of splat weights
// must not make the conversion materialise (and index) a huge kernel.
// RUN: not accel-opt %s "--convert-tosa-to-accel=strategy=stacked" 2>&1 | FileCheck %s --check-prefix=STACKED
// STACKED: limits-stacked.mlir:[[#@LINE+14]]:10: error: 'tosa.transpose_conv2d' op cannot be lowered: strategy stacked rearranges a kernel of 301989888 elements at compile time, more than the conversion's budget of 67108864; use fewer channels or another strategy
// STACKED-NOT: error:
// Split keeps the splat (no gather): accepted.
// RUN: accel-opt %s "--convert-tosa-to-accel=strategy=split" | FileCheck %s
// CHECK-COUNT-4: tosa.const"() <{values = dense<1.000000e+00> : tensor<2048x

// Splat weights whose stacked kernel (2048*4 x 3x3 x 4096 = 302M elements,
// with zero taps) would be gathered at compile time: over the budget. The
// other strategies keep the splat (no gather) and are limited by the target.
module attributes {accel.target = #accel.target<"tpu-systolic">} {
  func.func @stacked_budget(%x: tensor<1x2x2x4096xf32>) -> tensor<1x7x7x2048xf32> {
    %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %b = "tosa.const"() <{values = dense<0.0> : tensor<2048xf32>}> : () -> tensor<2048xf32>
    %w = "tosa.const"() <{values = dense<1.0> : tensor<2048x5x5x4096xf32>}> : () -> tensor<2048x5x5x4096xf32>
    %0 = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x4096xf32>, tensor<2048x5x5x4096xf32>, tensor<2048xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x7x7x2048xf32>
    return %0 : tensor<1x7x7x2048xf32>
  }
}
