// A stride-3 split deconv whose nine 1x1 phases form one fused phase group
// (accel.phase_group) must emit the fused schedule. Regression: the emitter
// read the group's members through a dangling reference and emitted nothing
// (an all-zero output, no error).
// REQUIRES: torch
// RUN: rm -rf %t && mkdir -p %t
// RUN: accel-opt %s --accel-compile="target=nvdla-small strategy=split" -o %t/c.mlir
// RUN: FileCheck %s --check-prefix=IR < %t/c.mlir
// RUN: accel-translate --accel-to-bin %t/c.mlir -o %t/p.accel
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.random.default_rng(1).standard_normal((1,4,4,1)).astype(np.float32))"
// RUN: accel-sim %t/p.accel --input arg0=%t/x.npy --output result0=%t/y.npy | FileCheck %s --check-prefix=SIM
// RUN: %python -c "import numpy as np, torch; x = torch.tensor(np.load('%t/x.npy')).permute(0,3,1,2); w = (torch.arange(9, dtype=torch.float32) / 10).reshape(1,1,3,3); ref = torch.nn.functional.conv_transpose2d(x, w, torch.tensor([0.5]), stride=3).permute(0,2,3,1).numpy(); err = float(abs(np.load('%t/y.npy') - ref).max()); print('PASS' if err <= 1e-5 else 'FAIL max error %g' % err)" | FileCheck %s

// IR-COUNT-9: accel.phase_group = 0
// SIM-NOT: cycles: 0
// SIM: cycles:
// CHECK: PASS
func.func @f(%x: tensor<1x4x4x1xf32>) -> tensor<1x12x12x1xf32> {
  %w = "tosa.const"() {values = dense<"0x00000000CDCCCC3DCDCC4C3E9A99993ECDCCCC3E0000003F9A99193F3333333FCDCC4C3F"> : tensor<1x3x3x1xf32>} : () -> tensor<1x3x3x1xf32>
  %b = "tosa.const"() {values = dense<0.5> : tensor<1xf32>} : () -> tensor<1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 3, 3>} : (tensor<1x4x4x1xf32>, tensor<1x3x3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x12x12x1xf32>
  return %y : tensor<1x12x12x1xf32>
}
