// accel-opt runs a plain parse / passes / print itself and hands every other
// mode (--verify-diagnostics, --split-input-file, ...) to upstream's
// MlirOptMain (tools/accel-opt/accel-opt.cpp). Both routes must behave as
// mlir-opt does.

// Plain run: the `expected-error` comment below is only a comment.
// RUN: accel-opt %s --canonicalize | FileCheck %s --check-prefix=PLAIN
// PLAIN-LABEL: func.func @first
// PLAIN-NEXT: return %arg0
// PLAIN-LABEL: func.func @second

// Standard input, and bytecode out and back in: the same module.
// RUN: accel-opt < %s --canonicalize --emit-bytecode | accel-opt | FileCheck %s --check-prefix=PLAIN

// --mlir-timing names the parser, the passes and the output (the compile-time
// report reads these names).
// RUN: accel-opt %s --canonicalize --mlir-timing -o /dev/null 2>&1 | FileCheck %s --check-prefix=TIMING
// TIMING: Execution time report
// TIMING-DAG: Parser
// TIMING-DAG: Canonicalizer
// TIMING-DAG: Output

// --verify-diagnostics is upstream's: it reads the comment and reports the
// error that was not produced.
// RUN: not accel-opt %s --verify-diagnostics 2>&1 | FileCheck %s --check-prefix=VERIFY
// VERIFY: error: expected error "never emitted" was not produced

// --split-input-file is upstream's: two modules, joined by the marker.
// RUN: accel-opt %s --split-input-file | FileCheck %s --check-prefix=SPLIT
// SPLIT-LABEL: func.func @first
// SPLIT: // -----
// SPLIT-LABEL: func.func @second

// A pass that fails: one located error, exit code 1, and no output file.
// RUN: rm -f %t.out
// RUN: not accel-opt %s --accel-set-target=target=nvdla-huge -o %t.out 2>&1 | FileCheck %s --check-prefix=FAIL
// RUN: not test -e %t.out
// FAIL: error: unknown target 'nvdla-huge'

func.func @first(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{never emitted}}
  %0 = tensor.cast %arg0 : tensor<2xf32> to tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @second(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  return %arg0 : tensor<2xf32>
}
