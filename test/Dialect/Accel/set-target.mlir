// RUN: accel-opt %s --accel-set-target=target=nvdla-large | FileCheck %s --check-prefix=PRESET
// RUN: accel-opt %s --accel-set-target=target=%S/Inputs/tiny-target.json | FileCheck %s --check-prefix=FILE
// RUN: not accel-opt %s --accel-set-target=target=nvdla-huge 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not accel-opt %s --accel-set-target=target=%S/Inputs/bad-field-target.json 2>&1 | FileCheck %s --check-prefix=BADFIELD
// RUN: not accel-opt %s --accel-set-target=target=%S/Inputs/missing.json 2>&1 | FileCheck %s --check-prefix=MISSING
// Setting a target re-verifies the ops against its limits:
// RUN: accel-opt %S/Inputs/kernel5.mlir --accel-set-target=target=nvdla-large | FileCheck %s --check-prefix=FITS
// RUN: not accel-opt %S/Inputs/kernel5.mlir --accel-set-target=target=%S/Inputs/tiny-target.json 2>&1 | FileCheck %s --check-prefix=LIMIT

// PRESET: module attributes {accel.target = #accel.target<"nvdla-large">}
// FILE: module attributes {accel.target = #accel.target<{name = "tiny", {{.*}}atomic_c = 4, atomic_k = 4, {{.*}}}>}
// UNKNOWN: error: unknown target 'nvdla-huge' (known presets: nvdla-small, nvdla-large, diannao, tpu-systolic; or pass a path ending in .json)
// BADFIELD: bad-field-target.json:1:29: error: field 'atomic_c': expected an integer
// BADFIELD: note: target description used here
// BADFIELD-NOT: func.func
// MISSING: error: cannot read target file '{{.*}}missing.json'
// FITS: accel.conv2d
// LIMIT: kernel5.mlir:3:8: error: 'accel.conv2d' op kernel height 5 exceeds the target 'tiny' maximum of 3 (max_kernel)
module {
func.func @layer(%x: tensor<1x8x8x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32> {
  %y = accel.conv2d %x, %w : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %y : tensor<1x6x6x4xf32>
}
}
