// An i8 tosa.pad whose value is not 0 (an input zero point): int8_pad_zero_point.test.
func.func @forward(%x: tensor<1x6x5x3xi8>) -> tensor<1x9x8x3xi8> {
  %padding = tosa.const_shape {values = dense<[0, 0, 1, 2, 0, 3, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %zp = "tosa.const"() <{values = dense<-5> : tensor<1xi8>}> : () -> tensor<1xi8>
  %p = tosa.pad %x, %padding, %zp : (tensor<1x6x5x3xi8>, !tosa.shape<8>, tensor<1xi8>) -> tensor<1x9x8x3xi8>
  return %p : tensor<1x9x8x3xi8>
}
