; accel program, assembly form (see docs/ISA.md)
.version 2
.target "{\22acc_bits\22:32,\22acc_buffer_bytes\22:4096,\22atomic_c\22:4,\22atomic_k\22:4,\22clock_mhz\22:500,\22data_bits\22:8,\22dataflow\22:\22output-stationary\22,\22dram_bytes_per_cycle\22:2.5,\22dram_latency_cycles\22:10,\22energy_acc_buffer_pj_per_byte\22:1,\22energy_dram_pj_per_byte\22:50,\22energy_input_buffer_pj_per_byte\22:1,\22energy_mac_pj\22:0.10000000000000001,\22energy_weight_buffer_pj_per_byte\22:1,\22input_buffer_bytes\22:8192,\22max_channels\22:64,\22max_dilation\22:2,\22max_kernel\22:3,\22max_pad\22:1,\22max_stride\22:2,\22name\22:\22e2e-tiny\22,\22source\22:\22test target with small buffers, so that every layer needs many tiles\22,\22weight_buffer_bytes\22:4096}"
.dram_bytes 2944
.tensor name=x role=input dtype=f32 shape=1x4x4x3 addr=0x0
.tensor name=y role=output dtype=f32 shape=1x11x11x5 addr=0xc0
.tensor name=const1 role=weight dtype=f32 shape=5 addr=0xa40
.tensor name=const2 role=weight dtype=f32 shape=5x1x1x3 addr=0xa80
.tensor name=const3 role=weight dtype=f32 shape=5x1x1x3 addr=0xac0
.tensor name=const4 role=weight dtype=f32 shape=5x1x1x3 addr=0xb00
.tensor name=const5 role=weight dtype=f32 shape=5x1x1x3 addr=0xb40
.layer "conv2d_0"
.layer "conv2d_1"
.layer "bias_fill_2"
.layer "conv2d_3"
.layer "conv2d_4"
.layer "bias_fill_5"
.layer "bias_fill_6"
.layer "bias_fill_7"
.layer "bias_fill_8"
.segment addr=0xa40 size=20
.data aa4415bf9f1116bdf9bc22beb4e6373f855d28bf
.segment addr=0xa80 size=60
.data 840d67bfccf13abec0cc67be439116bf3b8a533f49f34b3fa27dc4be8e23cebe
.data 10af133fe7c73bbf96bbb53d38bec6be4f94043f77d6323f849e09bf
.segment addr=0xac0 size=60
.data aef3d7be2d7bda3e529837be040166bfcf81053ffc4fa3bc05322b3e0c3eddbe
.data c87a463fdecc24bfd1b010bf1ee2233f69e3703fb60eeebe0b42393e
.segment addr=0xb00 size=60
.data 0b45e23e7cd5eabef7cc1e3f3579cabe7c8c083d4c19283f31615cbf35efb0be
.data 38a2cb3e696105bc5d88193fe57d38bf4cc3043f1c296b3eebc4453f
.segment addr=0xb40 size=60
.data afee74bffd4c353f868e4d3e27d8a73e66112abf5dc0373f711c3c3fdf43a3bd
.data 3dd1babdd2363a3ffb1fe83e10254abe560e6dbe126c9c3e8864b0be
; [0] layer 'conv2d_0'
LOAD_INPUT layer=0 dram=0x0 tensor_h=4 tensor_w=4 row_stride=48 pixel_stride=12 y0=0 x0=0 box_h=4 box_w=2 box_c=3 buf=0x0 fill=0 dtype=f32
; [1] layer 'conv2d_0'
LOAD_WEIGHT layer=0 dram=0xa80 count=5 taps=1 chans=3 count_stride=12 tap_stride=12 buf=0x0 dtype=f32
; [2] layer 'conv2d_0'
LOAD_BIAS layer=0 deps=push_next dram=0xa40 count=5 buf=0x3c
; [3] layer 'conv2d_0'
CONV layer=0 deps=pop_prev in=0x0 in_h=4 in_w=2 in_c=3 weights=0x0 out_k=5 kernel_h=1 kernel_w=1 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=4 out_w=2 acc=0x0 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [4] layer 'conv2d_0'
POST layer=0 deps=push_prev+push_next acc=0x0 pixels=8 channels=5 bias=0x3c has_bias=1 zero_acc=0 act=relu clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [5] layer 'conv2d_0'
STORE layer=0 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=4 box_w=2 box_c=5 acc_plane=0 acc_row=10 acc_pixel=5 dram=0xc0 plane_stride=0 row_stride=660 pixel_stride=60 dtype=f32
; [6] layer 'conv2d_0'
LOAD_INPUT layer=0 deps=push_next dram=0x0 tensor_h=4 tensor_w=4 row_stride=48 pixel_stride=12 y0=0 x0=2 box_h=4 box_w=2 box_c=3 buf=0x1000 fill=0 dtype=f32
; [7] layer 'conv2d_0'
CONV layer=0 deps=pop_prev in=0x1000 in_h=4 in_w=2 in_c=3 weights=0x0 out_k=5 kernel_h=1 kernel_w=1 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=4 out_w=2 acc=0x200 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [8] layer 'conv2d_0'
POST layer=0 deps=push_prev+push_next acc=0x200 pixels=8 channels=5 bias=0x3c has_bias=1 zero_acc=0 act=relu clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [9] layer 'conv2d_0'
STORE layer=0 deps=pop_prev+push_prev acc=0x200 planes=1 box_h=4 box_w=2 box_c=5 acc_plane=0 acc_row=10 acc_pixel=5 dram=0x138 plane_stride=0 row_stride=660 pixel_stride=60 dtype=f32
; [10] layer 'conv2d_0'
BARRIER layer=0
; [11] layer 'conv2d_1'
LOAD_INPUT layer=1 dram=0x0 tensor_h=4 tensor_w=4 row_stride=48 pixel_stride=12 y0=0 x0=0 box_h=4 box_w=2 box_c=3 buf=0x0 fill=0 dtype=f32
; [12] layer 'conv2d_1'
LOAD_WEIGHT layer=1 dram=0xac0 count=5 taps=1 chans=3 count_stride=12 tap_stride=12 buf=0x0 dtype=f32
; [13] layer 'conv2d_1'
LOAD_BIAS layer=1 deps=push_next dram=0xa40 count=5 buf=0x3c
; [14] layer 'conv2d_1'
CONV layer=1 deps=pop_prev in=0x0 in_h=4 in_w=2 in_c=3 weights=0x0 out_k=5 kernel_h=1 kernel_w=1 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=4 out_w=2 acc=0x0 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [15] layer 'conv2d_1'
POST layer=1 deps=push_prev+push_next acc=0x0 pixels=8 channels=5 bias=0x3c has_bias=1 zero_acc=0 act=relu clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [16] layer 'conv2d_1'
STORE layer=1 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=4 box_w=2 box_c=5 acc_plane=0 acc_row=10 acc_pixel=5 dram=0xd4 plane_stride=0 row_stride=660 pixel_stride=60 dtype=f32
; [17] layer 'conv2d_1'
LOAD_INPUT layer=1 deps=push_next dram=0x0 tensor_h=4 tensor_w=4 row_stride=48 pixel_stride=12 y0=0 x0=2 box_h=4 box_w=2 box_c=3 buf=0x1000 fill=0 dtype=f32
; [18] layer 'conv2d_1'
CONV layer=1 deps=pop_prev in=0x1000 in_h=4 in_w=2 in_c=3 weights=0x0 out_k=5 kernel_h=1 kernel_w=1 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=4 out_w=2 acc=0x200 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [19] layer 'conv2d_1'
POST layer=1 deps=push_prev+push_next acc=0x200 pixels=8 channels=5 bias=0x3c has_bias=1 zero_acc=0 act=relu clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [20] layer 'conv2d_1'
STORE layer=1 deps=pop_prev+push_prev acc=0x200 planes=1 box_h=4 box_w=2 box_c=5 acc_plane=0 acc_row=10 acc_pixel=5 dram=0x14c plane_stride=0 row_stride=660 pixel_stride=60 dtype=f32
; [21] layer 'conv2d_1'
BARRIER layer=1
; [22] layer 'bias_fill_2'
LOAD_BIAS layer=2 deps=push_next dram=0xa40 count=5 buf=0x0
; [23] layer 'bias_fill_2'
POST layer=2 deps=pop_prev+push_next acc=0x0 pixels=12 channels=5 bias=0x0 has_bias=1 zero_acc=1 act=relu clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [24] layer 'bias_fill_2'
STORE layer=2 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=4 box_w=3 box_c=5 acc_plane=0 acc_row=15 acc_pixel=5 dram=0xe8 plane_stride=0 row_stride=660 pixel_stride=60 dtype=f32
; [25] layer 'bias_fill_2'
BARRIER layer=2
; [26] layer 'conv2d_3'
LOAD_INPUT layer=3 dram=0x0 tensor_h=4 tensor_w=4 row_stride=48 pixel_stride=12 y0=0 x0=0 box_h=4 box_w=2 box_c=3 buf=0x0 fill=0 dtype=f32
; [27] layer 'conv2d_3'
LOAD_WEIGHT layer=3 dram=0xb00 count=5 taps=1 chans=3 count_stride=12 tap_stride=12 buf=0x0 dtype=f32
; [28] layer 'conv2d_3'
LOAD_BIAS layer=3 deps=push_next dram=0xa40 count=5 buf=0x3c
; [29] layer 'conv2d_3'
CONV layer=3 deps=pop_prev in=0x0 in_h=4 in_w=2 in_c=3 weights=0x0 out_k=5 kernel_h=1 kernel_w=1 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=4 out_w=2 acc=0x0 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [30] layer 'conv2d_3'
POST layer=3 deps=push_prev+push_next acc=0x0 pixels=8 channels=5 bias=0x3c has_bias=1 zero_acc=0 act=relu clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [31] layer 'conv2d_3'
STORE layer=3 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=4 box_w=2 box_c=5 acc_plane=0 acc_row=10 acc_pixel=5 dram=0x19c plane_stride=0 row_stride=660 pixel_stride=60 dtype=f32
; [32] layer 'conv2d_3'
LOAD_INPUT layer=3 deps=push_next dram=0x0 tensor_h=4 tensor_w=4 row_stride=48 pixel_stride=12 y0=0 x0=2 box_h=4 box_w=2 box_c=3 buf=0x1000 fill=0 dtype=f32
; [33] layer 'conv2d_3'
CONV layer=3 deps=pop_prev in=0x1000 in_h=4 in_w=2 in_c=3 weights=0x0 out_k=5 kernel_h=1 kernel_w=1 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=4 out_w=2 acc=0x200 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [34] layer 'conv2d_3'
POST layer=3 deps=push_prev+push_next acc=0x200 pixels=8 channels=5 bias=0x3c has_bias=1 zero_acc=0 act=relu clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [35] layer 'conv2d_3'
STORE layer=3 deps=pop_prev+push_prev acc=0x200 planes=1 box_h=4 box_w=2 box_c=5 acc_plane=0 acc_row=10 acc_pixel=5 dram=0x214 plane_stride=0 row_stride=660 pixel_stride=60 dtype=f32
; [36] layer 'conv2d_3'
BARRIER layer=3
; [37] layer 'conv2d_4'
LOAD_INPUT layer=4 dram=0x0 tensor_h=4 tensor_w=4 row_stride=48 pixel_stride=12 y0=0 x0=0 box_h=4 box_w=2 box_c=3 buf=0x0 fill=0 dtype=f32
; [38] layer 'conv2d_4'
LOAD_WEIGHT layer=4 dram=0xb40 count=5 taps=1 chans=3 count_stride=12 tap_stride=12 buf=0x0 dtype=f32
; [39] layer 'conv2d_4'
LOAD_BIAS layer=4 deps=push_next dram=0xa40 count=5 buf=0x3c
; [40] layer 'conv2d_4'
CONV layer=4 deps=pop_prev in=0x0 in_h=4 in_w=2 in_c=3 weights=0x0 out_k=5 kernel_h=1 kernel_w=1 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=4 out_w=2 acc=0x0 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [41] layer 'conv2d_4'
POST layer=4 deps=push_prev+push_next acc=0x0 pixels=8 channels=5 bias=0x3c has_bias=1 zero_acc=0 act=relu clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [42] layer 'conv2d_4'
STORE layer=4 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=4 box_w=2 box_c=5 acc_plane=0 acc_row=10 acc_pixel=5 dram=0x1b0 plane_stride=0 row_stride=660 pixel_stride=60 dtype=f32
; [43] layer 'conv2d_4'
LOAD_INPUT layer=4 deps=push_next dram=0x0 tensor_h=4 tensor_w=4 row_stride=48 pixel_stride=12 y0=0 x0=2 box_h=4 box_w=2 box_c=3 buf=0x1000 fill=0 dtype=f32
; [44] layer 'conv2d_4'
CONV layer=4 deps=pop_prev in=0x1000 in_h=4 in_w=2 in_c=3 weights=0x0 out_k=5 kernel_h=1 kernel_w=1 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=4 out_w=2 acc=0x200 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [45] layer 'conv2d_4'
POST layer=4 deps=push_prev+push_next acc=0x200 pixels=8 channels=5 bias=0x3c has_bias=1 zero_acc=0 act=relu clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [46] layer 'conv2d_4'
STORE layer=4 deps=pop_prev+push_prev acc=0x200 planes=1 box_h=4 box_w=2 box_c=5 acc_plane=0 acc_row=10 acc_pixel=5 dram=0x228 plane_stride=0 row_stride=660 pixel_stride=60 dtype=f32
; [47] layer 'conv2d_4'
BARRIER layer=4
; [48] layer 'bias_fill_5'
LOAD_BIAS layer=5 deps=push_next dram=0xa40 count=5 buf=0x0
; [49] layer 'bias_fill_5'
POST layer=5 deps=pop_prev+push_next acc=0x0 pixels=12 channels=5 bias=0x0 has_bias=1 zero_acc=1 act=relu clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [50] layer 'bias_fill_5'
STORE layer=5 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=4 box_w=3 box_c=5 acc_plane=0 acc_row=15 acc_pixel=5 dram=0x1c4 plane_stride=0 row_stride=660 pixel_stride=60 dtype=f32
; [51] layer 'bias_fill_5'
BARRIER layer=5
; [52] layer 'bias_fill_6'
LOAD_BIAS layer=6 deps=push_next dram=0xa40 count=5 buf=0x0
; [53] layer 'bias_fill_6'
POST layer=6 deps=pop_prev+push_next acc=0x0 pixels=12 channels=5 bias=0x0 has_bias=1 zero_acc=1 act=relu clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [54] layer 'bias_fill_6'
STORE layer=6 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=3 box_w=4 box_c=5 acc_plane=0 acc_row=20 acc_pixel=5 dram=0x278 plane_stride=0 row_stride=660 pixel_stride=60 dtype=f32
; [55] layer 'bias_fill_6'
BARRIER layer=6
; [56] layer 'bias_fill_7'
LOAD_BIAS layer=7 deps=push_next dram=0xa40 count=5 buf=0x0
; [57] layer 'bias_fill_7'
POST layer=7 deps=pop_prev+push_next acc=0x0 pixels=12 channels=5 bias=0x0 has_bias=1 zero_acc=1 act=relu clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [58] layer 'bias_fill_7'
STORE layer=7 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=3 box_w=4 box_c=5 acc_plane=0 acc_row=20 acc_pixel=5 dram=0x28c plane_stride=0 row_stride=660 pixel_stride=60 dtype=f32
; [59] layer 'bias_fill_7'
BARRIER layer=7
; [60] layer 'bias_fill_8'
LOAD_BIAS layer=8 deps=push_next dram=0xa40 count=5 buf=0x0
; [61] layer 'bias_fill_8'
POST layer=8 deps=pop_prev+push_next acc=0x0 pixels=9 channels=5 bias=0x0 has_bias=1 zero_acc=1 act=relu clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [62] layer 'bias_fill_8'
STORE layer=8 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=3 box_w=3 box_c=5 acc_plane=0 acc_row=15 acc_pixel=5 dram=0x2a0 plane_stride=0 row_stride=660 pixel_stride=60 dtype=f32
; [63] layer 'bias_fill_8'
BARRIER layer=8
; [64] layer 'conv2d_0'
END layer=0
