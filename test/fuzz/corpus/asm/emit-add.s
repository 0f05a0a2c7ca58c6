; accel program, assembly form (see docs/ISA.md)
.version 2
.target "{\22acc_bits\22:32,\22acc_buffer_bytes\22:4096,\22atomic_c\22:4,\22atomic_k\22:4,\22clock_mhz\22:500,\22data_bits\22:8,\22dataflow\22:\22output-stationary\22,\22dram_bytes_per_cycle\22:2.5,\22dram_latency_cycles\22:10,\22energy_acc_buffer_pj_per_byte\22:1,\22energy_dram_pj_per_byte\22:50,\22energy_input_buffer_pj_per_byte\22:1,\22energy_mac_pj\22:0.10000000000000001,\22energy_weight_buffer_pj_per_byte\22:1,\22input_buffer_bytes\22:8192,\22max_channels\22:64,\22max_dilation\22:2,\22max_kernel\22:3,\22max_pad\22:1,\22max_stride\22:2,\22name\22:\22e2e-tiny\22,\22source\22:\22test target with small buffers, so that every layer needs many tiles\22,\22weight_buffer_bytes\22:4096}"
.dram_bytes 2368
.tensor name=x role=input dtype=f32 shape=1x6x6x4 addr=0x0
.tensor name=y role=output dtype=f32 shape=1x6x6x4 addr=0x240
.tensor name=const0 role=weight dtype=f32 shape=4x3x3x4 addr=0x480
.tensor name=const1 role=weight dtype=f32 shape=4 addr=0x6c0
.layer "conv2d_0"
.layer "add_1"
.segment addr=0x480 size=576
.data f5f2b33e821b69bf0c75a0bed979933e44f7dcbea10f663fe1452fbf696e65be
.data 834e383e20f4c7bc73bc26bf624a10bf7444963e161600bfe6cf37be759067bf
.data b4afb4be00c9d4be3d99dfbda32361bffa5f023f3733ea3e6aa1043eab42db3e
.data 43aa283e747a8e3e4224173fdc2d3d3fb29b99befeb5c4be406d543ea2eb82be
.data a7403a3ff7abd83e05a41dbefc1a413f223876bfb9c7adbde46929bf3f8d2f3f
.data 4e4740bf27c0f83ec2f8313ff2b626bfb612eabec1c4573fd922993efc8cbbbe
.data d2002ebe57d12bbf48701bbfea091bbfc285343f8882c13e4bad4bbf9c6eb1be
.data 6407253e3be579bf5e8510bf423fcb3e09e0e6be8ffa7bbe32ac6abfe2005abf
.data 8d99fcbe105c71bf93a926bf9ac294bdc4b01b3f79b29b3e80d84e3f575c8c3e
.data 6522903d5ef1bcbec5ad46bf0f48b23e195d513aae940abd20994e3e8064fa3c
.data c37f463fe84c3ebf9c1915bfce50483fa2ed7cbf600297be8db47cbf8fa9c33e
.data 0af98b3d77da3abf48889a3eebfeb93e5ea11fbf83de4bbe3b1a573e971e6d3d
.data d00fcb3e1de415bf8318e8bdf277473fd201193f59f737bfad14423febc6d33e
.data 274c643fe1b44cbfc5fe66bf0341b8bea130c0beadfa2c3e200a563eb64a2c3f
.data b669fcbe83ebcbbdc1024c3f577b70bfa131773fa0fa0fbf8cd9823e958232bf
.data 753a50bebda940bf0b960abef35780be50506a3f6ef9f03e25246abf569e78bf
.data 49ba463e041b273fe02e773fac74ff3ed124f1bd957e523e70e968be069e53bf
.data bf45533ff2234ebead87273f9b8d51bf529a09bfe8dbc2be9a9723be887d273d
.segment addr=0x6c0 size=16
.data bd6e253fa9a072bfe41514bf3c87723e
; [0] layer 'conv2d_0'
LOAD_INPUT layer=0 dram=0x0 tensor_h=6 tensor_w=6 row_stride=96 pixel_stride=16 y0=-1 x0=-1 box_h=8 box_w=5 box_c=4 buf=0x0 fill=0 dtype=f32
; [1] layer 'conv2d_0'
LOAD_WEIGHT layer=0 dram=0x480 count=4 taps=9 chans=4 count_stride=144 tap_stride=16 buf=0x0 dtype=f32
; [2] layer 'conv2d_0'
LOAD_BIAS layer=0 deps=push_next dram=0x6c0 count=4 buf=0x240
; [3] layer 'conv2d_0'
CONV layer=0 deps=pop_prev in=0x0 in_h=8 in_w=5 in_c=4 weights=0x0 out_k=4 kernel_h=3 kernel_w=3 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=6 out_w=3 acc=0x0 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [4] layer 'conv2d_0'
POST layer=0 deps=push_prev+push_next acc=0x0 pixels=18 channels=4 bias=0x240 has_bias=1 zero_acc=0 act=none clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [5] layer 'conv2d_0'
STORE layer=0 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=6 box_w=3 box_c=4 acc_plane=0 acc_row=12 acc_pixel=4 dram=0x700 plane_stride=0 row_stride=96 pixel_stride=16 dtype=f32
; [6] layer 'conv2d_0'
LOAD_INPUT layer=0 deps=push_next dram=0x0 tensor_h=6 tensor_w=6 row_stride=96 pixel_stride=16 y0=-1 x0=2 box_h=8 box_w=5 box_c=4 buf=0x1000 fill=0 dtype=f32
; [7] layer 'conv2d_0'
CONV layer=0 deps=pop_prev in=0x1000 in_h=8 in_w=5 in_c=4 weights=0x0 out_k=4 kernel_h=3 kernel_w=3 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=6 out_w=3 acc=0x200 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [8] layer 'conv2d_0'
POST layer=0 deps=push_prev+push_next acc=0x200 pixels=18 channels=4 bias=0x240 has_bias=1 zero_acc=0 act=none clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [9] layer 'conv2d_0'
STORE layer=0 deps=pop_prev+push_prev acc=0x200 planes=1 box_h=6 box_w=3 box_c=4 acc_plane=0 acc_row=12 acc_pixel=4 dram=0x730 plane_stride=0 row_stride=96 pixel_stride=16 dtype=f32
; [10] layer 'conv2d_0'
BARRIER layer=0
; [11] layer 'add_1'
LOAD_ACC layer=1 dram=0x700 box_h=6 box_w=6 box_c=4 row_stride=96 pixel_stride=16 acc=0x0 accumulate=0 zp=0 multiplier=1 shift=0 dtype=f32
; [12] layer 'add_1'
LOAD_ACC layer=1 dram=0x0 box_h=6 box_w=6 box_c=4 row_stride=96 pixel_stride=16 acc=0x0 accumulate=1 zp=0 multiplier=1 shift=0 dtype=f32
; [13] layer 'add_1'
POST layer=1 deps=push_next acc=0x0 pixels=36 channels=4 bias=0x0 has_bias=0 zero_acc=0 act=relu clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1 shift=0 out_zp=0 dtype=f32
; [14] layer 'add_1'
STORE layer=1 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=6 box_w=6 box_c=4 acc_plane=0 acc_row=24 acc_pixel=4 dram=0x240 plane_stride=0 row_stride=96 pixel_stride=16 dtype=f32
; [15] layer 'add_1'
BARRIER layer=1
; [16] layer 'conv2d_0'
END layer=0
