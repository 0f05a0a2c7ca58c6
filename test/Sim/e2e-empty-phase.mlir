// A split phase that owns no outputs (output height 1 < stride 2) becomes an
// empty accel.bias_fill; the backend must emit nothing for it, not fail.
// out = x * 2 + 0.5 at the only output position.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: accel-opt %s --accel-compile="target=nvdla-small strategy=split" -o %t/c.mlir
// RUN: FileCheck %s --check-prefix=IR < %t/c.mlir
// RUN: accel-translate --accel-to-bin %t/c.mlir -o %t/p.accel
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.full((1,1,1,1), 3.0, np.float32))"
// RUN: accel-sim %t/p.accel --input arg0=%t/x.npy --output result0=%t/y.npy > %t/report.txt
// RUN: %python -c "import numpy as np; print(np.load('%t/y.npy').ravel().tolist())" | FileCheck %s

// IR: accel.bias_fill {{.*}} -> tensor<1x0x1x1xf32>
// CHECK: [6.5]
func.func @f(%x: tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32> {
  %w = "tosa.const"() {values = dense<2.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %b = "tosa.const"() {values = dense<0.5> : tensor<1xf32>} : () -> tensor<1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 1>} : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  return %y : tensor<1x1x1x1xf32>
}
