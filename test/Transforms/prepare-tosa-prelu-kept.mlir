// RUN: accel-opt %s --accel-prepare-tosa | FileCheck %s
// RUN: not accel-opt %s --accel-set-target=target=nvdla-small --accel-prepare-tosa --convert-tosa-to-accel 2>&1 | FileCheck %s --check-prefix=ERR

// A slope that is not finite stays a select: inf * 0 would turn x >= 0
// into NaN. (Not a PReLU either: a select whose compare is not x >= 0.)
// CHECK-LABEL: func.func @not_rewritten
// CHECK: tosa.select
// CHECK: tosa.select
func.func @not_rewritten(%x: tensor<1x4x4x2xf32>, %y: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %zero = "tosa.const"() <{values = dense<0.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %ge = tosa.greater_equal %x, %zero : (tensor<1x4x4x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x2xi1>
  %s = "tosa.const"() <{values = dense<[[[[0x7F800000, 0.5]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %x, %s, %shift : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>, tensor<1xi8>) -> tensor<1x4x4x2xf32>
  %p = tosa.select %ge, %x, %m : (tensor<1x4x4x2xi1>, tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %ge2 = tosa.greater_equal %y, %zero : (tensor<1x4x4x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x2xi1>
  %q = tosa.select %ge2, %x, %m : (tensor<1x4x4x2xi1>, tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %p, %q : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}

// The conversion then reports the select (and its compare) at its location.
// ERR: prepare-tosa-prelu-kept.mlir:[[#@LINE-11]]:{{[0-9]+}}: error: 'tosa.greater_equal' op is not supported by convert-tosa-to-accel
