// A returned reshape of a host op's result would be a view of the host's
// tensor, which accel-plan-memory cannot name as an output: the host runs
// that reshape too (into a region of its own), and the module plans.
// RUN: accel-opt %s -verify-diagnostics --accel-set-target=target=nvdla-small --convert-tosa-to-accel | FileCheck %s
// RUN: accel-opt %s --accel-compile=target=nvdla-small 2>&1 | FileCheck %s --check-prefix=PLAN

// CHECK-LABEL: func.func @reshape_of_host_result
// CHECK: %[[SUM:.+]] = accel.host "tosa.reduce_sum" %arg0 {params = array<i64: 3>}
// CHECK: %[[OUT:.+]] = accel.host "tosa.reshape" %[[SUM]] : (tensor<1x4x4x1xf32>) -> tensor<1x16xf32>
// CHECK: return %[[OUT]]
// PLAN: warning: 2 op(s) the accelerator cannot run fall back to the host CPU
// PLAN: func.func @reshape_of_host_result
// PLAN: accel.host "tosa.reshape" %{{.+}} {accel.dram = #accel.dram_view
// expected-warning @+1 {{2 op(s) the accelerator cannot run fall back to the host CPU}}
func.func @reshape_of_host_result(%x: tensor<1x4x4x8xf32>) -> tensor<1x16xf32> {
  // expected-note @+1 {{tosa.reduce_sum runs on the host}}
  %s = tosa.reduce_sum %x {axis = 3 : i32} : (tensor<1x4x4x8xf32>) -> tensor<1x4x4x1xf32>
  %shape = tosa.const_shape {values = dense<[1, 16]> : tensor<2xindex>} : () -> !tosa.shape<2>
  // expected-note @+1 {{tosa.reshape runs on the host}}
  %r = tosa.reshape %s, %shape : (tensor<1x4x4x1xf32>, !tosa.shape<2>) -> tensor<1x16xf32>
  return %r : tensor<1x16xf32>
}
