; accel program, assembly form (see docs/ISA.md)
.version 2
.target "{\22acc_bits\22:32,\22acc_buffer_bytes\22:4096,\22atomic_c\22:4,\22atomic_k\22:4,\22clock_mhz\22:500,\22data_bits\22:8,\22dataflow\22:\22output-stationary\22,\22dram_bytes_per_cycle\22:2.5,\22dram_latency_cycles\22:10,\22energy_acc_buffer_pj_per_byte\22:1,\22energy_dram_pj_per_byte\22:50,\22energy_input_buffer_pj_per_byte\22:1,\22energy_mac_pj\22:0.10000000000000001,\22energy_weight_buffer_pj_per_byte\22:1,\22input_buffer_bytes\22:8192,\22max_channels\22:64,\22max_dilation\22:2,\22max_kernel\22:3,\22max_pad\22:1,\22max_stride\22:2,\22name\22:\22e2e-tiny\22,\22source\22:\22test target with small buffers, so that every layer needs many tiles\22,\22weight_buffer_bytes\22:4096}"
.dram_bytes 2624
.tensor name=x role=input dtype=f32 shape=1x5x5x4 addr=0x0
.tensor name=y role=output dtype=f32 shape=1x5x5x12 addr=0x1c0
.tensor name=const0 role=weight dtype=f32 shape=3x1x1x4 addr=0x680
.tensor name=const1 role=weight dtype=f32 shape=3 addr=0x6c0
.tensor name=const2 role=weight dtype=f32 shape=5x3x3x4 addr=0x700
.tensor name=const3 role=weight dtype=f32 shape=5 addr=0xa00
.layer "conv2d_0"
.layer "conv2d_1"
.layer "concat_2"
.segment addr=0x680 size=48
.data de20263f292623bf0131413f7d3e6bbad90a6e3f492f7ebfefe7583ff88c843e
.data 3c66c8be8fe4a2be95f137bf67f6d4bc
.segment addr=0x6c0 size=12
.data bbb76ebf7576b2bc0e32313f
.segment addr=0x700 size=720
.data 3df1dc3dee7b54bee65b67bf3d4f523df0a431bf2a79aa3754c4f9be7182b03d
.data adb2c53d73650cbf484e52bf5424c5bd0ef90b3f397cba3e9c6a393f060dbdbd
.data 8f360e3efd4c7dbf9cc13f3f4a7f1f3e0ef5633f4e98483f9f3eba3e16dc473f
.data 9df21cbf14e91a3f8a0374bfe943573fbb29ad3ee8f5f73ece886e3f80274dbe
.data f7cdbdbe4fde91bc0f45d1bebdb9a93d8fdfd3be193d07bfc362cc3ee2cb9cbe
.data 397ea8bdcfbb513e698f47bf2c6549be23d9f3bef9f7493e50ff513f7b4923bf
.data 5e10793f44c2bf3ed906ee3d0437623f1efaae3ec763563e4a2742be403a9b3d
.data d07f6f3f5dfa63bf342b533fccb4313fbfef673fd6ad7ebf0bec553fc6c1253f
.data 6a17d33d849df23e67615f3f0ef9ffbe3a74763f9754ed3dc49ed1bc67d74d3e
.data cb47523ecbd65a3e8047703f6093753e2995a0be5ef520bfb1f9403fb98a193f
.data e7aa2dbfe2e9f53e41d6f33e45f14abf333131bf392b76bf15c80cbde78e5e3e
.data 1e51c13e13614fbfd6e4553f278575bf72f9cf3db536bdbe7ffbdabd2768d33d
.data 289b6a3f26fb5fbfd2c83fbff0bf15be3d603ebfafd205bf80b740be3a3c08bf
.data 1f1153be151c023fa437c43edb153abe899ac0be35b4593fb7b7ab3e597c963b
.data 9911aebe836b7ebeeace33bf67b6273f2a74fe3d2ae1d93eed47b23e03b653bf
.data 7db39d3e6af7173fa27c753ff59f753f349e983e446c98bef1d87f3e7f4c3f3f
.data 3ba5a83ce9273c3fc6c20cbf04723dbff70554bf11c4913eb5e25b3f02bccdbe
.data 7ff64fbf3a21a43e68ccf4becac1bcbe72a3403f43e163bf048fd7bed219503f
.data 5d46cb3de6e9ccbe868d363ff241d7bec631063fd0b3693ed68d973e1344353f
.data 7dad2bbf1bbcc7be320359bf7d141fbda56954bf7c0b3b3e508d33bfcd3c59bf
.data b187b63ed6c648be4e6472bfbdc854beb5359abee8dec3be92773ebf6683ec3d
.data 607514bf6ea76dbfcff6e83d96e779bfd28fc63ef8fc703e79b150be556d3f3f
.data a417dd3ed87f7d3e2cf5ac3ec78794bd
.segment addr=0xa00 size=20
.data 359b77bead6a093e00c6433ea660cdbd020cb0bd
; [0] layer 'conv2d_0'
LOAD_INPUT layer=0 dram=0x0 tensor_h=5 tensor_w=5 row_stride=80 pixel_stride=16 y0=0 x0=0 box_h=5 box_w=3 box_c=4 buf=0x0 fill=0 dtype=f32
; [1] layer 'conv2d_0'
LOAD_WEIGHT layer=0 dram=0x680 count=3 taps=1 chans=4 count_stride=16 tap_stride=16 buf=0x0 dtype=f32
; [2] layer 'conv2d_0'
LOAD_BIAS layer=0 deps=push_next dram=0x6c0 count=3 buf=0x30
; [3] layer 'conv2d_0'
CONV layer=0 deps=pop_prev in=0x0 in_h=5 in_w=3 in_c=4 weights=0x0 out_k=3 kernel_h=1 kernel_w=1 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=5 out_w=3 acc=0x0 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [4] layer 'conv2d_0'
POST layer=0 deps=push_prev+push_next acc=0x0 pixels=15 channels=3 bias=0x30 has_bias=1 zero_acc=0 act=none clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [5] layer 'conv2d_0'
STORE layer=0 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=5 box_w=3 box_c=3 acc_plane=0 acc_row=9 acc_pixel=3 dram=0x1c0 plane_stride=0 row_stride=240 pixel_stride=48 dtype=f32
; [6] layer 'conv2d_0'
LOAD_INPUT layer=0 deps=push_next dram=0x0 tensor_h=5 tensor_w=5 row_stride=80 pixel_stride=16 y0=0 x0=3 box_h=5 box_w=2 box_c=4 buf=0x1000 fill=0 dtype=f32
; [7] layer 'conv2d_0'
CONV layer=0 deps=pop_prev in=0x1000 in_h=5 in_w=2 in_c=4 weights=0x0 out_k=3 kernel_h=1 kernel_w=1 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=5 out_w=2 acc=0x200 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [8] layer 'conv2d_0'
POST layer=0 deps=push_prev+push_next acc=0x200 pixels=10 channels=3 bias=0x30 has_bias=1 zero_acc=0 act=none clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [9] layer 'conv2d_0'
STORE layer=0 deps=pop_prev+push_prev acc=0x200 planes=1 box_h=5 box_w=2 box_c=3 acc_plane=0 acc_row=6 acc_pixel=3 dram=0x250 plane_stride=0 row_stride=240 pixel_stride=48 dtype=f32
; [10] layer 'conv2d_0'
BARRIER layer=0
; [11] layer 'conv2d_1'
LOAD_INPUT layer=1 dram=0x0 tensor_h=5 tensor_w=5 row_stride=80 pixel_stride=16 y0=-1 x0=-1 box_h=7 box_w=4 box_c=4 buf=0x0 fill=0 dtype=f32
; [12] layer 'conv2d_1'
LOAD_WEIGHT layer=1 dram=0x700 count=5 taps=9 chans=4 count_stride=144 tap_stride=16 buf=0x0 dtype=f32
; [13] layer 'conv2d_1'
LOAD_BIAS layer=1 deps=push_next dram=0xa00 count=5 buf=0x2d0
; [14] layer 'conv2d_1'
CONV layer=1 deps=pop_prev in=0x0 in_h=7 in_w=4 in_c=4 weights=0x0 out_k=5 kernel_h=3 kernel_w=3 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=5 out_w=2 acc=0x0 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [15] layer 'conv2d_1'
POST layer=1 deps=push_prev+push_next acc=0x0 pixels=10 channels=5 bias=0x2d0 has_bias=1 zero_acc=0 act=none clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [16] layer 'conv2d_1'
STORE layer=1 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=5 box_w=2 box_c=5 acc_plane=0 acc_row=10 acc_pixel=5 dram=0x1dc plane_stride=0 row_stride=240 pixel_stride=48 dtype=f32
; [17] layer 'conv2d_1'
LOAD_INPUT layer=1 deps=push_next dram=0x0 tensor_h=5 tensor_w=5 row_stride=80 pixel_stride=16 y0=-1 x0=1 box_h=7 box_w=4 box_c=4 buf=0x1000 fill=0 dtype=f32
; [18] layer 'conv2d_1'
CONV layer=1 deps=pop_prev in=0x1000 in_h=7 in_w=4 in_c=4 weights=0x0 out_k=5 kernel_h=3 kernel_w=3 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=5 out_w=2 acc=0x200 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [19] layer 'conv2d_1'
POST layer=1 deps=push_prev+push_next acc=0x200 pixels=10 channels=5 bias=0x2d0 has_bias=1 zero_acc=0 act=none clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [20] layer 'conv2d_1'
STORE layer=1 deps=pop_prev+push_prev acc=0x200 planes=1 box_h=5 box_w=2 box_c=5 acc_plane=0 acc_row=10 acc_pixel=5 dram=0x23c plane_stride=0 row_stride=240 pixel_stride=48 dtype=f32
; [21] layer 'conv2d_1'
LOAD_INPUT layer=1 deps=pop_next+push_next dram=0x0 tensor_h=5 tensor_w=5 row_stride=80 pixel_stride=16 y0=-1 x0=3 box_h=7 box_w=3 box_c=4 buf=0x0 fill=0 dtype=f32
; [22] layer 'conv2d_1'
CONV layer=1 deps=pop_prev+pop_next in=0x0 in_h=7 in_w=3 in_c=4 weights=0x0 out_k=5 kernel_h=3 kernel_w=3 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=5 out_w=1 acc=0x0 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [23] layer 'conv2d_1'
POST layer=1 deps=push_prev+push_next acc=0x0 pixels=5 channels=5 bias=0x2d0 has_bias=1 zero_acc=0 act=none clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [24] layer 'conv2d_1'
STORE layer=1 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=5 box_w=1 box_c=5 acc_plane=0 acc_row=5 acc_pixel=5 dram=0x29c plane_stride=0 row_stride=240 pixel_stride=48 dtype=f32
; [25] layer 'conv2d_1'
BARRIER layer=1
; [26] layer 'concat_2'
LOAD_ACC layer=2 deps=push_next dram=0x0 box_h=5 box_w=5 box_c=4 row_stride=80 pixel_stride=16 acc=0x0 accumulate=0 zp=0 multiplier=1 shift=0 dtype=f32
; [27] layer 'concat_2'
STORE layer=2 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=5 box_w=5 box_c=4 acc_plane=0 acc_row=20 acc_pixel=4 dram=0x1cc plane_stride=0 row_stride=240 pixel_stride=48 dtype=f32
; [28] layer 'concat_2'
BARRIER layer=2
; [29] layer 'conv2d_0'
END layer=0
