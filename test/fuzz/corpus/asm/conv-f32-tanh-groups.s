; accel program, assembly form (see docs/ISA.md)
.version 2
.target "{\22acc_bits\22:32,\22acc_buffer_bytes\22:32768,\22atomic_c\22:8,\22atomic_k\22:8,\22clock_mhz\22:1000,\22data_bits\22:8,\22dataflow\22:\22weight-stationary\22,\22dram_bytes_per_cycle\22:8,\22dram_latency_cycles\22:200,\22energy_acc_buffer_pj_per_byte\22:1.2,\22energy_dram_pj_per_byte\22:80,\22energy_input_buffer_pj_per_byte\22:1.2,\22energy_mac_pj\22:0.20000000000000001,\22energy_weight_buffer_pj_per_byte\22:1.2,\22input_buffer_bytes\22:98304,\22max_channels\22:8192,\22max_dilation\22:32,\22max_kernel\22:32,\22max_pad\22:31,\22max_stride\22:8,\22name\22:\22nvdla-small\22,\22source\22:\22NVDLA nv_small spec (atomic-C 8, atomic-K 8, 128 KB CBUF, 64-bit DBBIF); energies after Horowitz ISSCC 2014\22,\22weight_buffer_bytes\22:32768}"
.dram_bytes 512
.tensor name=weights role=weight dtype=f32 shape=4x1x1x2 addr=0x0
.tensor name=bias role=weight dtype=f32 shape=4 addr=0x40
.tensor name=input role=input dtype=f32 shape=1x3x3x4 addr=0x80
.tensor name=output role=output dtype=f32 shape=1x3x3x4 addr=0x140
.layer "conv"
.segment addr=0x0 size=32
.data 60f029be028f7e3fc09ce13e28785d3f02f17fbf79663ebf5469cabe3e827f3f
.segment addr=0x40 size=16
.data 6adc34bf581f07bfffb850bf7ccd53be
; [0] layer 'conv'
LOAD_INPUT layer=0 dram=0x80 tensor_h=3 tensor_w=3 row_stride=48 pixel_stride=16 y0=0 x0=0 box_h=3 box_w=3 box_c=2 buf=0x0 fill=0 dtype=f32
; [1] layer 'conv'
LOAD_WEIGHT layer=0 dram=0x0 count=2 taps=1 chans=2 count_stride=8 tap_stride=8 buf=0x0 dtype=f32
; [2] layer 'conv'
LOAD_BIAS layer=0 deps=push_next dram=0x40 count=2 buf=0x10
; [3] layer 'conv'
CONV layer=0 deps=pop_prev in=0x0 in_h=3 in_w=3 in_c=2 weights=0x0 out_k=2 kernel_h=1 kernel_w=1 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=3 out_w=3 acc=0x0 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [4] layer 'conv'
POST layer=0 deps=push_prev+push_next acc=0x0 pixels=9 channels=2 bias=0x10 has_bias=1 zero_acc=0 act=tanh clamp_lo=0 clamp_hi=6 alpha=0.125 multiplier=1073741824 shift=38 out_zp=0 dtype=f32
; [5] layer 'conv'
STORE layer=0 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=3 box_w=3 box_c=2 acc_plane=0 acc_row=6 acc_pixel=2 dram=0x140 plane_stride=0 row_stride=48 pixel_stride=16 dtype=f32
; [6] layer 'conv'
LOAD_INPUT layer=0 dram=0x88 tensor_h=3 tensor_w=3 row_stride=48 pixel_stride=16 y0=0 x0=0 box_h=3 box_w=3 box_c=2 buf=0xc000 fill=0 dtype=f32
; [7] layer 'conv'
LOAD_WEIGHT layer=0 dram=0x10 count=2 taps=1 chans=2 count_stride=8 tap_stride=8 buf=0x4000 dtype=f32
; [8] layer 'conv'
LOAD_BIAS layer=0 deps=push_next dram=0x48 count=2 buf=0x4010
; [9] layer 'conv'
CONV layer=0 deps=pop_prev in=0xc000 in_h=3 in_w=3 in_c=2 weights=0x4000 out_k=2 kernel_h=1 kernel_w=1 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=3 out_w=3 acc=0x1000 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [10] layer 'conv'
POST layer=0 deps=push_prev+push_next acc=0x1000 pixels=9 channels=2 bias=0x4010 has_bias=1 zero_acc=0 act=tanh clamp_lo=0 clamp_hi=6 alpha=0.125 multiplier=1073741824 shift=38 out_zp=0 dtype=f32
; [11] layer 'conv'
STORE layer=0 deps=pop_prev+push_prev acc=0x1000 planes=1 box_h=3 box_w=3 box_c=2 acc_plane=0 acc_row=6 acc_pixel=2 dram=0x148 plane_stride=0 row_stride=48 pixel_stride=16 dtype=f32
; [12] layer 'conv'
BARRIER layer=0
; [13] layer 'conv'
END layer=0
