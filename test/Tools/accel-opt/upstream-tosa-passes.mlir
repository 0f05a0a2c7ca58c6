// Upstream's TOSA clean-up passes are registered in accel-opt, to compose
// with accel-prepare-tosa.
// RUN: accel-opt --help | FileCheck %s --check-prefix=HELP
// HELP-DAG: --tosa-infer-shapes
// HELP-DAG: --tosa-layerwise-constant-fold
// HELP-DAG: --tosa-reduce-transposes
// HELP-DAG: --tosa-validate
// HELP-DAG: --accel-prepare-tosa

// Shape inference makes the unranked result static, transpose reduction
// cancels the interior pair, constant folding folds the constant transpose.
// RUN: accel-opt %s --pass-pipeline='builtin.module(func.func(tosa-infer-shapes,tosa-reduce-transposes,tosa-layerwise-constant-fold))' | FileCheck %s
// CHECK-LABEL: func.func @cleanup
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x4x2xf32>)
// CHECK-DAG: %[[K:.+]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00]]]]> : tensor<1x1x1x2xf32>}>
// CHECK: %[[A:.+]] = tosa.abs %[[X]] : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
// CHECK: %[[S:.+]] = tosa.add %[[A]], %[[K]]
// CHECK-NOT: tosa.transpose
// CHECK: return %[[S]]
func.func @cleanup(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %t = tosa.transpose %x {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x4x4xf32>
  %a = tosa.abs %t : (tensor<1x2x4x4xf32>) -> tensor<*xf32>
  %k = "tosa.const"() <{values = dense<[[[[1.0]], [[2.0]]]]> : tensor<1x2x1x1xf32>}> : () -> tensor<1x2x1x1xf32>
  %s = tosa.add %a, %k : (tensor<*xf32>, tensor<1x2x1x1xf32>) -> tensor<*xf32>
  %b = tosa.transpose %s {perms = array<i32: 0, 2, 3, 1>} : (tensor<*xf32>) -> tensor<1x4x4x2xf32>
  return %b : tensor<1x4x4x2xf32>
}
