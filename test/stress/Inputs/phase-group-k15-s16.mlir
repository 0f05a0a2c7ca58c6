// case 1 (target nvdla-large): max-stride: N=1 C_in=14 C_out=32 H: I=3 K=15 S=16 pad=(-2,-14) W: I=4 K=2 S=15 pad=(3,16) f32 +relu
func.func @stress(%x: tensor<1x3x4x14xf32>) -> tensor<1x31x66x32xf32> {
  %w = "tosa.const"() <{values = dense<"0x713D0A3E"> : tensor<32x15x2x14xf32>}> : () -> tensor<32x15x2x14xf32>
  %b = "tosa.const"() <{values = dense<"0x6891EDBC426005BF4E6210BE2DB23DBFF4FD34BF7368513F6ABC543F6DE75B3FB29D4F3F583934BE54E3A53E3F355EBEEC51183F2506013E3BDF2F3FCBA1C53E6666663E52B8DE3EA8C68BBE4C3709BF2DB27D3F9CC4003F85EB91BEDBF97EBF83C0CA3D1283003FA470FD3EC52030BF6DE71B3FE5D0023FBC74D3BE7368513F"> : tensor<32xf32>}> : () -> tensor<32xf32>
  %xzp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %wzp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.transpose_conv2d %x, %w, %b, %xzp, %wzp {acc_type = f32, out_pad = array<i64: -2, -14, 3, 16>, stride = array<i64: 16, 15>} : (tensor<1x3x4x14xf32>, tensor<32x15x2x14xf32>, tensor<32xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x31x66x32xf32>
  %r = tosa.clamp %y {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x31x66x32xf32>) -> tensor<1x31x66x32xf32>
  return %r : tensor<1x31x66x32xf32>
}
