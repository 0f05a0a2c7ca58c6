// RUN: accel-opt %s --accel-set-target=target=nvdla-small --accel-prepare-tosa --convert-tosa-to-accel=host-fallback=false --verify-diagnostics

// A CRD depth-to-space (PixelShuffle) of a function input: no conv whose
// channels could be reordered, so it stays, and the conversion says which
// forms it runs (one error, at the transpose).
func.func @crd_of_input(%x: tensor<1x3x4x8xf32>) -> tensor<1x6x8x2xf32> {
  %s1 = tosa.const_shape {values = dense<[1, 3, 4, 2, 2, 2]> : tensor<6xindex>} : () -> !tosa.shape<6>
  %r1 = tosa.reshape %x, %s1 : (tensor<1x3x4x8xf32>, !tosa.shape<6>) -> tensor<1x3x4x2x2x2xf32>
  // expected-error@+1 {{accel runs the depth-to-space of NHWC [N, H, W, bh*bw*C] reshaped to [N, H, W, bh, bw, C] and transposed by (0, 1, 3, 2, 4, 5) (ONNX DepthToSpace DCR), and the CRD form (PixelShuffle;}}
  %t = tosa.transpose %r1 {perms = array<i32: 0, 1, 4, 2, 5, 3>} : (tensor<1x3x4x2x2x2xf32>) -> tensor<1x3x2x4x2x2xf32>
  %s2 = tosa.const_shape {values = dense<[1, 6, 8, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %r2 = tosa.reshape %t, %s2 : (tensor<1x3x2x4x2x2xf32>, !tosa.shape<4>) -> tensor<1x6x8x2xf32>
  return %r2 : tensor<1x6x8x2xf32>
}
