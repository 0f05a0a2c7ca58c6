; accel program, assembly form (see docs/ISA.md)
.version 2
.target "{\22acc_bits\22:32,\22acc_buffer_bytes\22:4096,\22atomic_c\22:4,\22atomic_k\22:4,\22clock_mhz\22:500,\22data_bits\22:8,\22dataflow\22:\22output-stationary\22,\22dram_bytes_per_cycle\22:2.5,\22dram_latency_cycles\22:10,\22energy_acc_buffer_pj_per_byte\22:1,\22energy_dram_pj_per_byte\22:50,\22energy_input_buffer_pj_per_byte\22:1,\22energy_mac_pj\22:0.10000000000000001,\22energy_weight_buffer_pj_per_byte\22:1,\22input_buffer_bytes\22:8192,\22max_channels\22:64,\22max_dilation\22:2,\22max_kernel\22:3,\22max_pad\22:1,\22max_stride\22:2,\22name\22:\22e2e-tiny\22,\22source\22:\22test target with small buffers, so that every layer needs many tiles\22,\22weight_buffer_bytes\22:4096}"
.dram_bytes 3072
.tensor name=x role=input dtype=f32 shape=1x3x3x4 addr=0x0
.tensor name=y role=output dtype=f32 shape=1x6x6x6 addr=0xc0
.tensor name=const1 role=weight dtype=f32 shape=6 addr=0x440
.tensor name=const2 role=weight dtype=f32 shape=6x3x3x4 addr=0x480
.layer "zero_insert_0"
.layer "conv2d_1"
.segment addr=0x440 size=24
.data 967880be0dc4663fd68fed3e780d4a3e581e30bf7d2130bf
.segment addr=0x480 size=864
.data bfbb553f4f74213f97e4303e72fe52bf548fac3efbb0523f687754bf6bf2203f
.data 5c3e1ebfd8d8393f829137be26730c3e6fb7543e58acb93eb490983e9e61623f
.data 246444bfccb7623f174800bf0a4d7ebf5ebe69bf2cb8a73e1003adbedb8877bf
.data 410fb53e26fb2fbf8639053f5b9af33e1b6668bf38dbe4beafb0a0beb05542bf
.data e90dffbe6b9fdebe14241e3f297a803e50c5bdbe7aabee3dce18d63ea8a7333f
.data efe6d13e86e800be8e3f69bfd750ea3ecf675cbff0ddb6be73f13bbf336bc93e
.data 34441abd57f829bd67983abe23f750bf6347bbbeac5375bee6954fbff609603e
.data 959f20bffa47efbe705b773f8cbc6cbe772cdebe77a204bf443220bfdbdf713f
.data 09c4abbe582072bf41d80dbf766c043eac5626bebbd4283f7ec9debef3564dbe
.data a70682be68b14cbf1a5033bf8fe3ffbe35f1eebdf5f7ba3e7f4c47bf4cde0c3f
.data 221a09bf1ff6f23ee86a633f418018bfc34659be21e5cf3e63b6843e5a2b663f
.data 573d20bea6098bbedee350bfb873a1be80f0e93e18b517bf1af7ae3e7d0077bc
.data dba55d3e7c9c79be5ebe053f808035bfb47550be5a48203e001b0c3fc47bce3e
.data 562bfb3ec4cd59bec3b9363f2099f63e2541e0bea29b513f89b613be266e15bf
.data baba7f3f8ece593d7e1e8bbea777d9be965b923e2592083f5b0862bf78804b3f
.data ee5bb5be66bd283f4e0ed7bec03e3abf915f3fbf93aa1dbf564affbe5f6072bf
.data 126755bfad4d6fbf76886fbf9128a43efb24f73e77f6353f2671f63d5820623f
.data acc84cbfb5c5f53c8c8678bf37defdbd9f392b3e02841fbf94164e3e8e052d3f
.data 55de02bfbadb61bf9cfb6fbfa81b74bf8009a1bd4a7a40bfc4b12e3f7520cbbe
.data 649695be512e453f6552e33e2e59c53e07d1e23eeb9a7f3dee7611bfa895c83d
.data 1f0f9dbe3080003e14498dbb33f90ebfd65610bf3e2434bfac56e6bdc57005bf
.data 3e24143f6ead05bd2810f63e6e6b4bbf8fc53e3fe52178bcfe7c6f3f69fd453f
.data 5265283ed44605be766f09bff3e3ef3e0a66c43e88f2cd3e849fe83e2fa645bf
.data fad4513e7c0d013ee92cc33e060fab3e433d4d3fe144a4be064c603e379049bd
.data 892f4e3d79e728bfd1f1673dbd35303fce34e1beb3cdb5beb7ed473f86556c3f
.data fbe636bf1dae8dbe8ae55abf57ec273f9fad3f3f97a896be71ae21bf724d513e
.data 5e0e273f5c8d943ee23c483f28e4843d978ddebe34f7a8bee17e803ebef9553f
; [0] layer 'zero_insert_0'
POST layer=0 deps=push_next acc=0x0 pixels=64 channels=4 bias=0x0 has_bias=0 zero_acc=1 act=none clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [1] layer 'zero_insert_0'
STORE layer=0 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=8 box_w=8 box_c=4 acc_plane=0 acc_row=32 acc_pixel=4 dram=0x800 plane_stride=0 row_stride=128 pixel_stride=16 dtype=f32
; [2] layer 'zero_insert_0'
BARRIER layer=0
; [3] layer 'zero_insert_0'
LOAD_ACC layer=0 deps=push_next dram=0x0 box_h=3 box_w=3 box_c=4 row_stride=48 pixel_stride=16 acc=0x0 accumulate=0 zp=0 multiplier=1 shift=0 dtype=f32
; [4] layer 'zero_insert_0'
STORE layer=0 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=3 box_w=3 box_c=4 acc_plane=0 acc_row=12 acc_pixel=4 dram=0x890 plane_stride=0 row_stride=256 pixel_stride=32 dtype=f32
; [5] layer 'zero_insert_0'
BARRIER layer=0
; [6] layer 'conv2d_1'
LOAD_INPUT layer=1 dram=0x800 tensor_h=8 tensor_w=8 row_stride=128 pixel_stride=16 y0=0 x0=0 box_h=5 box_w=5 box_c=4 buf=0x0 fill=0 dtype=f32
; [7] layer 'conv2d_1'
LOAD_WEIGHT layer=1 dram=0x480 count=6 taps=9 chans=4 count_stride=144 tap_stride=16 buf=0x0 dtype=f32
; [8] layer 'conv2d_1'
LOAD_BIAS layer=1 deps=push_next dram=0x440 count=6 buf=0x360
; [9] layer 'conv2d_1'
CONV layer=1 deps=pop_prev in=0x0 in_h=5 in_w=5 in_c=4 weights=0x0 out_k=6 kernel_h=3 kernel_w=3 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=3 out_w=3 acc=0x0 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [10] layer 'conv2d_1'
POST layer=1 deps=push_prev+push_next acc=0x0 pixels=9 channels=6 bias=0x360 has_bias=1 zero_acc=0 act=none clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [11] layer 'conv2d_1'
STORE layer=1 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=3 box_w=3 box_c=6 acc_plane=0 acc_row=18 acc_pixel=6 dram=0xc0 plane_stride=0 row_stride=144 pixel_stride=24 dtype=f32
; [12] layer 'conv2d_1'
LOAD_INPUT layer=1 deps=push_next dram=0x800 tensor_h=8 tensor_w=8 row_stride=128 pixel_stride=16 y0=0 x0=3 box_h=5 box_w=5 box_c=4 buf=0x1000 fill=0 dtype=f32
; [13] layer 'conv2d_1'
CONV layer=1 deps=pop_prev in=0x1000 in_h=5 in_w=5 in_c=4 weights=0x0 out_k=6 kernel_h=3 kernel_w=3 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=3 out_w=3 acc=0x200 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [14] layer 'conv2d_1'
POST layer=1 deps=push_prev+push_next acc=0x200 pixels=9 channels=6 bias=0x360 has_bias=1 zero_acc=0 act=none clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [15] layer 'conv2d_1'
STORE layer=1 deps=pop_prev+push_prev acc=0x200 planes=1 box_h=3 box_w=3 box_c=6 acc_plane=0 acc_row=18 acc_pixel=6 dram=0x108 plane_stride=0 row_stride=144 pixel_stride=24 dtype=f32
; [16] layer 'conv2d_1'
LOAD_INPUT layer=1 deps=pop_next+push_next dram=0x800 tensor_h=8 tensor_w=8 row_stride=128 pixel_stride=16 y0=3 x0=0 box_h=5 box_w=5 box_c=4 buf=0x0 fill=0 dtype=f32
; [17] layer 'conv2d_1'
CONV layer=1 deps=pop_prev+pop_next in=0x0 in_h=5 in_w=5 in_c=4 weights=0x0 out_k=6 kernel_h=3 kernel_w=3 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=3 out_w=3 acc=0x0 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [18] layer 'conv2d_1'
POST layer=1 deps=push_prev+push_next acc=0x0 pixels=9 channels=6 bias=0x360 has_bias=1 zero_acc=0 act=none clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [19] layer 'conv2d_1'
STORE layer=1 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=3 box_w=3 box_c=6 acc_plane=0 acc_row=18 acc_pixel=6 dram=0x270 plane_stride=0 row_stride=144 pixel_stride=24 dtype=f32
; [20] layer 'conv2d_1'
LOAD_INPUT layer=1 deps=pop_next+push_next dram=0x800 tensor_h=8 tensor_w=8 row_stride=128 pixel_stride=16 y0=3 x0=3 box_h=5 box_w=5 box_c=4 buf=0x1000 fill=0 dtype=f32
; [21] layer 'conv2d_1'
CONV layer=1 deps=pop_prev+pop_next in=0x1000 in_h=5 in_w=5 in_c=4 weights=0x0 out_k=6 kernel_h=3 kernel_w=3 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=3 out_w=3 acc=0x200 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [22] layer 'conv2d_1'
POST layer=1 deps=push_prev+push_next acc=0x200 pixels=9 channels=6 bias=0x360 has_bias=1 zero_acc=0 act=none clamp_lo=0 clamp_hi=0 alpha=0 multiplier=1073741824 shift=30 out_zp=0 dtype=f32
; [23] layer 'conv2d_1'
STORE layer=1 deps=pop_prev+push_prev acc=0x200 planes=1 box_h=3 box_w=3 box_c=6 acc_plane=0 acc_row=18 acc_pixel=6 dram=0x2b8 plane_stride=0 row_stride=144 pixel_stride=24 dtype=f32
; [24] layer 'conv2d_1'
BARRIER layer=1
; [25] layer 'zero_insert_0'
END layer=0
