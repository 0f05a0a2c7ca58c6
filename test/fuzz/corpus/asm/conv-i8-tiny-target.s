; accel program, assembly form (see docs/ISA.md)
.version 2
.target "{\22acc_bits\22:32,\22acc_buffer_bytes\22:4096,\22atomic_c\22:4,\22atomic_k\22:4,\22clock_mhz\22:500,\22data_bits\22:8,\22dataflow\22:\22output-stationary\22,\22dram_bytes_per_cycle\22:2.5,\22dram_latency_cycles\22:10,\22energy_acc_buffer_pj_per_byte\22:1,\22energy_dram_pj_per_byte\22:50,\22energy_input_buffer_pj_per_byte\22:1,\22energy_mac_pj\22:0.10000000000000001,\22energy_weight_buffer_pj_per_byte\22:1,\22input_buffer_bytes\22:8192,\22max_channels\22:64,\22max_dilation\22:2,\22max_kernel\22:3,\22max_pad\22:1,\22max_stride\22:2,\22name\22:\22e2e-tiny\22,\22source\22:\22test target with small buffers, so that every layer needs many tiles\22,\22weight_buffer_bytes\22:4096}"
.dram_bytes 1088
.tensor name=weights role=weight dtype=i8 shape=8x3x3x8 addr=0x0
.tensor name=bias role=weight dtype=i32 shape=8 addr=0x240
.tensor name=input role=input dtype=i8 shape=1x6x6x8 addr=0x280
.tensor name=output role=output dtype=i8 shape=1x4x4x8 addr=0x3c0
.layer "conv"
.segment addr=0x0 size=576
.data ea7f386e80a0cd7fa5bc97e5afe3d82be56f0958ebd02f06b4f160ba87082b69
.data eaf50feea370b2474c37774dd0973104605d6554955489c5ab8f602b9917eb2b
.data 75e908b231cad0a42f4855e98488401f7d293fccc7f24ab89a92f2f86898cb67
.data c99ea10684952d6ab669c3ccfd158d10121da57416c233bb9a08e97331feea0a
.data 8c43098b29a3034a71871662670aa3f2a3644ee0e509aa266ddcd912402339a0
.data 62301f2540dad943c5db6540ed61768229ff1f929d497390f3da1471e8e1bc43
.data 674512cd80451da7d31406826235dbf868431ff784c46d54300d7f91acf8a33e
.data 6eb132f690ba410240b56c8c36049fac85e5869b8702bf9a5cc909bb0d7757c7
.data 9fbbc797151178ea0fde84504ccabb374e1ce3ed5d403fed0eeda2dc8fa79f6f
.data 8b6a9b48b91d36890f2783a192cb77dc11c6b492c0a63ea9b27014df788c583d
.data bdccfeb41e7b5464a8428426918afc501b4311f4d1087d9b14a5e1020db73e6a
.data 2bf6c3a19043deb62193b59840a991dbc2984ea4b16e231306566c1fc3d3903a
.data 3c05453c68aa6e2f83edbb3a1d4172e5736c0eb46a82246de3cbfcaa1a860cf3
.data 6d4e6bdee51b7688acdaa094a231018385f5727653d583f8ad9ad500a1624f08
.data d8c870da146560bd58866777f5ee0bd84c13c9a0fd7319d0837317b7efbf4e5d
.data d0bc6450130bafb049161c8c8d84eb8c2de66b13805e7a49e0c179951aa854b5
.data 13ea20d9c933163240935b89414a32665d81d2c32bf7f3dce1bde985e608d1a1
.data 1f0feeaa79eb2d2fb2c6ed82d7b84c88616f67482904c584c0cc5a0a075c4daf
.segment addr=0x240 size=32
.data 220100007ef9ffffa5030000e1f8ffff4c0000001fffffff3c0400007df8ffff
; [0] layer 'conv'
LOAD_INPUT layer=0 dram=0x280 tensor_h=6 tensor_w=6 row_stride=48 pixel_stride=8 y0=0 x0=0 box_h=6 box_w=6 box_c=4 buf=0x0 fill=0 dtype=i8
; [1] layer 'conv'
LOAD_WEIGHT layer=0 deps=push_next dram=0x0 count=4 taps=9 chans=4 count_stride=72 tap_stride=8 buf=0x0 dtype=i8
; [2] layer 'conv'
CONV layer=0 deps=pop_prev+push_prev in=0x0 in_h=6 in_w=6 in_c=4 weights=0x0 out_k=4 kernel_h=3 kernel_w=3 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=4 out_w=4 acc=0x0 accumulate=0 in_zp=0 w_zp=0 dtype=i8
; [3] layer 'conv'
LOAD_INPUT layer=0 dram=0x284 tensor_h=6 tensor_w=6 row_stride=48 pixel_stride=8 y0=0 x0=0 box_h=6 box_w=6 box_c=4 buf=0x1000 fill=0 dtype=i8
; [4] layer 'conv'
LOAD_WEIGHT layer=0 dram=0x4 count=4 taps=9 chans=4 count_stride=72 tap_stride=8 buf=0x800 dtype=i8
; [5] layer 'conv'
LOAD_BIAS layer=0 deps=push_next dram=0x240 count=4 buf=0x890
; [6] layer 'conv'
CONV layer=0 deps=pop_prev in=0x1000 in_h=6 in_w=6 in_c=4 weights=0x800 out_k=4 kernel_h=3 kernel_w=3 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=4 out_w=4 acc=0x0 accumulate=1 in_zp=0 w_zp=0 dtype=i8
; [7] layer 'conv'
POST layer=0 deps=push_prev+push_next acc=0x0 pixels=16 channels=4 bias=0x890 has_bias=1 zero_acc=0 act=none clamp_lo=-100 clamp_hi=100 alpha=0.125 multiplier=1073741824 shift=38 out_zp=0 dtype=i8
; [8] layer 'conv'
STORE layer=0 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=4 box_w=4 box_c=4 acc_plane=0 acc_row=16 acc_pixel=4 dram=0x3c0 plane_stride=0 row_stride=32 pixel_stride=8 dtype=i8
; [9] layer 'conv'
LOAD_INPUT layer=0 deps=pop_next dram=0x280 tensor_h=6 tensor_w=6 row_stride=48 pixel_stride=8 y0=0 x0=0 box_h=6 box_w=6 box_c=4 buf=0x0 fill=0 dtype=i8
; [10] layer 'conv'
LOAD_WEIGHT layer=0 deps=push_next dram=0x120 count=4 taps=9 chans=4 count_stride=72 tap_stride=8 buf=0x0 dtype=i8
; [11] layer 'conv'
CONV layer=0 deps=pop_prev+push_prev in=0x0 in_h=6 in_w=6 in_c=4 weights=0x0 out_k=4 kernel_h=3 kernel_w=3 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=4 out_w=4 acc=0x200 accumulate=0 in_zp=0 w_zp=0 dtype=i8
; [12] layer 'conv'
LOAD_INPUT layer=0 deps=pop_next dram=0x284 tensor_h=6 tensor_w=6 row_stride=48 pixel_stride=8 y0=0 x0=0 box_h=6 box_w=6 box_c=4 buf=0x1000 fill=0 dtype=i8
; [13] layer 'conv'
LOAD_WEIGHT layer=0 dram=0x124 count=4 taps=9 chans=4 count_stride=72 tap_stride=8 buf=0x800 dtype=i8
; [14] layer 'conv'
LOAD_BIAS layer=0 deps=push_next dram=0x250 count=4 buf=0x890
; [15] layer 'conv'
CONV layer=0 deps=pop_prev in=0x1000 in_h=6 in_w=6 in_c=4 weights=0x800 out_k=4 kernel_h=3 kernel_w=3 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=4 out_w=4 acc=0x200 accumulate=1 in_zp=0 w_zp=0 dtype=i8
; [16] layer 'conv'
POST layer=0 deps=push_prev+push_next acc=0x200 pixels=16 channels=4 bias=0x890 has_bias=1 zero_acc=0 act=none clamp_lo=-100 clamp_hi=100 alpha=0.125 multiplier=1073741824 shift=38 out_zp=0 dtype=i8
; [17] layer 'conv'
STORE layer=0 deps=pop_prev+push_prev acc=0x200 planes=1 box_h=4 box_w=4 box_c=4 acc_plane=0 acc_row=16 acc_pixel=4 dram=0x3c4 plane_stride=0 row_stride=32 pixel_stride=8 dtype=i8
; [18] layer 'conv'
BARRIER layer=0
; [19] layer 'conv'
END layer=0
