; accel program, assembly form (see docs/ISA.md)
.version 2
.target "{\22acc_bits\22:32,\22acc_buffer_bytes\22:4096,\22atomic_c\22:4,\22atomic_k\22:4,\22clock_mhz\22:500,\22data_bits\22:8,\22dataflow\22:\22output-stationary\22,\22dram_bytes_per_cycle\22:2.5,\22dram_latency_cycles\22:10,\22energy_acc_buffer_pj_per_byte\22:1,\22energy_dram_pj_per_byte\22:50,\22energy_input_buffer_pj_per_byte\22:1,\22energy_mac_pj\22:0.10000000000000001,\22energy_weight_buffer_pj_per_byte\22:1,\22input_buffer_bytes\22:8192,\22max_channels\22:64,\22max_dilation\22:2,\22max_kernel\22:3,\22max_pad\22:1,\22max_stride\22:2,\22name\22:\22e2e-tiny\22,\22source\22:\22test target with small buffers, so that every layer needs many tiles\22,\22weight_buffer_bytes\22:4096}"
.dram_bytes 1600
.tensor name=x role=input dtype=f32 shape=1x4x4x3 addr=0x0
.tensor name=y role=output dtype=f32 shape=1x7x7x2 addr=0xc0
.tensor name=const0 role=weight dtype=f32 shape=8x3x3x3 addr=0x280
.tensor name=const1 role=weight dtype=f32 shape=8 addr=0x600
.layer "conv2d_0"
.segment addr=0x280 size=864
.data 0b0d94be7bf8a2be23c05d3f15e0533f26c82c3fca8a61bf9eea00bfbf69953c
.data 4a2752bf50ff113fa19e4ebe20b8eabdd960093f635e073eff5e02bfe558b83d
.data fdfa35bfd32fd1bdcdb38dbdf6b5de3e548f683f6aa27f3e3acc27bec4b2493f
.data 588cb2be7424773f732cd73e6133583f3e3d7a3f8926e83ee50cadbe4a5eedbe
.data 9e7b4bbfa91221bf65e319bf21cb223e6d1cf9beedbcadbe0c7356bf7b16dc3e
.data de93d7bede16113de69311bf797784bec5e5a0be55882fbf906b2b3f1782e4be
.data fb20ebbda52d7e3fa4aa753ff6d2a4bec30ecb3e5952f63e13b974bff051c7be
.data 6a4f353f84d7023fa8707cbf60aeed3ed26f53bf4e4126bf21aeec3e6bf204be
.data 328e79bf32e5fbbe7ea8f4bdbf103abf9a95edbee8a0d3bee0b746bd50fcf03e
.data 6f9d673f2fbf13bff81a7e3f4e61a53e895cd03de81444be16176bbf5dfa973e
.data c17149bf4d2d633f76a40a3ee885633fe67855bfc07b2f3ff08802bfa242d5be
.data 4e7e57bfc077f3becf4830bfed990dbf22723ebfb29b11bf1cefa63ee4111c3e
.data 4eec513e0613073f8e4068bf99b3c3bdd670593f5f50953dfa8743bdce53cd3e
.data c6322d3e11bdb63dcfebc9bd8ac735be47576d3f9e26273f0fd53cbf79cbddbe
.data e1d360bfaf25403fa950bd3e128992bd7d07f73e72fc08bf4be648bf4ed422bf
.data eb8d2a3f90dd25bf8573a23d86e25abf860305bf6f9b91bea08a1bbf8cb94bbe
.data 518216bf836871bfbadca83e01189a3d11aa443eea3d61bfd1409c3edd99d1be
.data f9a209bf75ab6fbf336e42bf17bae23ee7353abf8ba0563d1635083ee696423f
.data 1ee23f3df9c02ebe702696be780e65be50c2603ff431773fbbef3c3fd74cee3e
.data 501a1ebf0c932d3f77a0ce3d499d6c3fb1c9353da5bd11bec2c1de3d5f0a8fbe
.data bc3d80be3826d53c5d6c4ebfcb4acb3e34106fbf27839b3ef1f278bf2c6353be
.data a88cdfbe2a027c3e029c6ebfcdcb7d3fbde2a93ea4ab5c3f59e063bfaab8d13d
.data b7b416bfb117663fcf2f3abe5c8d1cbf081fc2bec03d773f527d2fbf9b24b13d
.data e1fcfcbc6ff5383f2384cf3eca36503f2b1805bf78b435bf5bcf74bffcdf993e
.data 23d7c5beda1b343fe948e6bee4f5983efc8d063e100464bf1efe263fef1a043f
.data 6f0ed73ee0490b3e6fb936bf780af93dd40b5e3fe2739fbe1f1137bf0f291ebf
.data 514fd7be14cf313fb532c1be289a373e986840bec825463fc366f03e1afc213f
.segment addr=0x600 size=32
.data 492be6be92928e3ec2be7d3e965b0e3f364b33bd9d136b3fabaf7e3f363f2a3f
; [0] layer 'conv2d_0'
LOAD_INPUT layer=0 dram=0x0 tensor_h=4 tensor_w=4 row_stride=48 pixel_stride=12 y0=-1 x0=-1 box_h=6 box_w=6 box_c=3 buf=0x0 fill=0 dtype=f32
; [1] layer 'conv2d_0'
LOAD_WEIGHT layer=0 dram=0x280 count=4 taps=9 chans=3 count_stride=108 tap_stride=12 buf=0x0 dtype=f32
; [2] layer 'conv2d_0'
LOAD_BIAS layer=0 deps=push_next dram=0x600 count=4 buf=0x1b0
; [3] layer 'conv2d_0'
CONV layer=0 deps=pop_prev in=0x0 in_h=6 in_w=6 in_c=3 weights=0x0 out_k=4 kernel_h=3 kernel_w=3 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=4 out_w=4 acc=0x0 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [4] layer 'conv2d_0'
POST layer=0 deps=push_prev+push_next acc=0x0 pixels=16 channels=4 bias=0x1b0 has_bias=1 zero_acc=0 act=none clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [5] layer 'conv2d_0'
STORE layer=0 deps=pop_prev acc=0x14 planes=1 box_h=3 box_w=3 box_c=2 acc_plane=0 acc_row=16 acc_pixel=4 dram=0x100 plane_stride=0 row_stride=112 pixel_stride=16 dtype=f32
; [6] layer 'conv2d_0'
STORE layer=0 deps=push_prev acc=0x12 planes=1 box_h=3 box_w=4 box_c=2 acc_plane=0 acc_row=16 acc_pixel=4 dram=0xf8 plane_stride=0 row_stride=112 pixel_stride=16 dtype=f32
; [7] layer 'conv2d_0'
LOAD_WEIGHT layer=0 dram=0x430 count=4 taps=9 chans=3 count_stride=108 tap_stride=12 buf=0x800 dtype=f32
; [8] layer 'conv2d_0'
LOAD_BIAS layer=0 deps=push_next dram=0x610 count=4 buf=0x9b0
; [9] layer 'conv2d_0'
CONV layer=0 deps=pop_prev in=0x0 in_h=6 in_w=6 in_c=3 weights=0x800 out_k=4 kernel_h=3 kernel_w=3 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=4 out_w=4 acc=0x200 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [10] layer 'conv2d_0'
POST layer=0 deps=push_prev+push_next acc=0x200 pixels=16 channels=4 bias=0x9b0 has_bias=1 zero_acc=0 act=none clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [11] layer 'conv2d_0'
STORE layer=0 deps=pop_prev acc=0x204 planes=1 box_h=4 box_w=3 box_c=2 acc_plane=0 acc_row=16 acc_pixel=4 dram=0xc8 plane_stride=0 row_stride=112 pixel_stride=16 dtype=f32
; [12] layer 'conv2d_0'
STORE layer=0 deps=push_prev acc=0x202 planes=1 box_h=4 box_w=4 box_c=2 acc_plane=0 acc_row=16 acc_pixel=4 dram=0xc0 plane_stride=0 row_stride=112 pixel_stride=16 dtype=f32
; [13] layer 'conv2d_0'
BARRIER layer=0
; [14] layer 'conv2d_0'
END layer=0
