; accel program, assembly form (see docs/ISA.md)
.version 2
.target "{\22acc_bits\22:32,\22acc_buffer_bytes\22:32768,\22atomic_c\22:8,\22atomic_k\22:8,\22clock_mhz\22:1000,\22data_bits\22:8,\22dataflow\22:\22weight-stationary\22,\22dram_bytes_per_cycle\22:8,\22dram_latency_cycles\22:200,\22energy_acc_buffer_pj_per_byte\22:1.2,\22energy_dram_pj_per_byte\22:80,\22energy_input_buffer_pj_per_byte\22:1.2,\22energy_mac_pj\22:0.20000000000000001,\22energy_weight_buffer_pj_per_byte\22:1.2,\22input_buffer_bytes\22:98304,\22max_channels\22:8192,\22max_dilation\22:32,\22max_kernel\22:32,\22max_pad\22:31,\22max_stride\22:8,\22name\22:\22nvdla-small\22,\22source\22:\22NVDLA nv_small spec (atomic-C 8, atomic-K 8, 128 KB CBUF, 64-bit DBBIF); energies after Horowitz ISSCC 2014\22,\22weight_buffer_bytes\22:32768}"
.dram_bytes 704
.tensor name=weights role=weight dtype=f32 shape=3x3x3x2 addr=0x0
.tensor name=bias role=weight dtype=f32 shape=3 addr=0x100
.tensor name=input role=input dtype=f32 shape=1x6x6x2 addr=0x140
.tensor name=output role=output dtype=f32 shape=1x2x2x3 addr=0x280
.layer "conv"
.segment addr=0x0 size=216
.data 60f029be028f7e3fc09ce13e28785d3f02f17fbf79663ebf5469cabe3e827f3f
.data 6adc34bf581f07bfffb850bf7ccd53be80a220bf0c8f65be54259ebee8d1ad3e
.data 946b53befafe5e3f50fe9e3daa4f313f587d25be3a35bfbe30aabd3e4019493d
.data 095217bff09de7bd9c98413fdb740abf41fa71bfa0f58c3d088fae3ed4f2533f
.data 185c29be004aafbdc064f03de8ed0dbe341f38bf5cd5603f71921abf08890e3f
.data 32fb193f6027dd3efcbf6f3f08031b3fbc0dbfbe6a7c50bf38f0c43ea0b4143d
.data 14b6403ff0e33a3fe2094a3ff285283f167554bfc6c1283f
.segment addr=0x100 size=12
.data 03016cbf9665e8befc0b29bf
; [0] layer 'conv'
LOAD_INPUT layer=0 dram=0x140 tensor_h=6 tensor_w=6 row_stride=48 pixel_stride=8 y0=0 x0=0 box_h=6 box_w=6 box_c=2 buf=0x0 fill=0 dtype=f32
; [1] layer 'conv'
LOAD_WEIGHT layer=0 dram=0x0 count=3 taps=9 chans=2 count_stride=72 tap_stride=8 buf=0x0 dtype=f32
; [2] layer 'conv'
LOAD_BIAS layer=0 deps=push_next dram=0x100 count=3 buf=0xd8
; [3] layer 'conv'
CONV layer=0 deps=pop_prev in=0x0 in_h=6 in_w=6 in_c=2 weights=0x0 out_k=3 kernel_h=3 kernel_w=3 stride_h=1 stride_w=1 dil_h=2 dil_w=2 out_h=2 out_w=2 acc=0x0 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [4] layer 'conv'
POST layer=0 deps=push_prev+push_next acc=0x0 pixels=4 channels=3 bias=0xd8 has_bias=1 zero_acc=0 act=leaky_relu clamp_lo=0 clamp_hi=6 alpha=0.125 multiplier=1073741824 shift=38 out_zp=0 dtype=f32
; [5] layer 'conv'
STORE layer=0 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=2 box_w=2 box_c=3 acc_plane=0 acc_row=6 acc_pixel=3 dram=0x280 plane_stride=0 row_stride=24 pixel_stride=12 dtype=f32
; [6] layer 'conv'
BARRIER layer=0
; [7] layer 'conv'
END layer=0
