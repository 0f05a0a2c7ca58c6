// Bilinear tosa.resize runs on the host (accel.host "tosa.resize"): up by 2
// and down by 2, with the TOSA parameters of PyTorch's half-pixel
// interpolation, compiled without accel-prepare-tosa (which would lower the
// integer upscale to convolutions), simulated, and compared with
// torch.nn.functional.interpolate(mode="bilinear", align_corners=False).
// REQUIRES: torch
// RUN: rm -rf %t && mkdir -p %t
// RUN: accel-opt %s --pass-pipeline='builtin.module(accel-set-target{target=nvdla-small},func.func(convert-tosa-to-accel),accel-tile,accel-plan-memory)' -o %t/r.mlir 2>&1 | FileCheck %s --check-prefix=WARN
// WARN: warning: 2 op(s) the accelerator cannot run fall back to the host CPU
// WARN-COUNT-2: note: tosa.resize runs on the host
// RUN: accel-translate --accel-to-bin %t/r.mlir -o %t/r.accel
// RUN: %python %S/Inputs/resize_oracle.py inputs %t/x.npy 1x4x5x2
// RUN: %python %S/Inputs/resize_oracle.py inputs %t/x8.npy 1x8x6x3
// RUN: accel-sim %t/r.accel --input arg0=%t/x.npy --input arg1=%t/x8.npy --output result0=%t/y.npy --output result1=%t/y8.npy | FileCheck %s --check-prefix=REPORT
// REPORT-COUNT-2: {{ +}}{{[0-9]+}} host: tosa.resize,
// RUN: %python %S/Inputs/resize_oracle.py check %t/x.npy %t/y.npy 2 | FileCheck %s
// RUN: %python %S/Inputs/resize_oracle.py check %t/x8.npy %t/y8.npy 0.5 | FileCheck %s
// CHECK: PASS

func.func @main(%x: tensor<1x4x5x2xf32>, %x8: tensor<1x8x6x3xf32>) -> (tensor<1x8x10x2xf32>, tensor<1x4x3x3xf32>) {
  %up_scale = tosa.const_shape {values = dense<[4, 2, 4, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %up_offset = tosa.const_shape {values = dense<[-1, -1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %up_border = tosa.const_shape {values = dense<[1, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %up = tosa.resize %x, %up_scale, %up_offset, %up_border {mode = BILINEAR} : (tensor<1x4x5x2xf32>, !tosa.shape<4>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x8x10x2xf32>
  %down_scale = tosa.const_shape {values = dense<[2, 4, 2, 4]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %down_offset = tosa.const_shape {values = dense<[1, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %down_border = tosa.const_shape {values = dense<[-1, -1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %down = tosa.resize %x8, %down_scale, %down_offset, %down_border {mode = BILINEAR} : (tensor<1x8x6x3xf32>, !tosa.shape<4>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x4x3x3xf32>
  return %up, %down : tensor<1x8x10x2xf32>, tensor<1x4x3x3xf32>
}
