; accel program, assembly form (see docs/ISA.md)
.version 2
.target "{\22acc_bits\22:32,\22acc_buffer_bytes\22:32768,\22atomic_c\22:8,\22atomic_k\22:8,\22clock_mhz\22:1000,\22data_bits\22:8,\22dataflow\22:\22weight-stationary\22,\22dram_bytes_per_cycle\22:8,\22dram_latency_cycles\22:200,\22energy_acc_buffer_pj_per_byte\22:1.2,\22energy_dram_pj_per_byte\22:80,\22energy_input_buffer_pj_per_byte\22:1.2,\22energy_mac_pj\22:0.20000000000000001,\22energy_weight_buffer_pj_per_byte\22:1.2,\22input_buffer_bytes\22:98304,\22max_channels\22:8192,\22max_dilation\22:32,\22max_kernel\22:32,\22max_pad\22:31,\22max_stride\22:8,\22name\22:\22nvdla-small\22,\22source\22:\22NVDLA nv_small spec (atomic-C 8, atomic-K 8, 128 KB CBUF, 64-bit DBBIF); energies after Horowitz ISSCC 2014\22,\22weight_buffer_bytes\22:32768}"
.dram_bytes 256
.tensor name=weights role=weight dtype=i8 shape=2x3x3x2 addr=0x0
.tensor name=bias role=weight dtype=i32 shape=2 addr=0x40
.tensor name=input role=input dtype=i8 shape=1x3x3x2 addr=0x80
.tensor name=output role=output dtype=i8 shape=1x1x1x2 addr=0xc0
.layer "conv"
.segment addr=0x0 size=36
.data ea7f386e80a0cd7fa5bc97e5afe3d82be56f0958ebd02f06b4f160ba87082b69
.data eaf50fee
.segment addr=0x40 size=8
.data 61faffffdd060000
; [0] layer 'conv'
LOAD_INPUT layer=0 dram=0x80 tensor_h=3 tensor_w=3 row_stride=6 pixel_stride=2 y0=0 x0=0 box_h=3 box_w=3 box_c=2 buf=0x0 fill=0 dtype=i8
; [1] layer 'conv'
LOAD_WEIGHT layer=0 dram=0x0 count=2 taps=9 chans=2 count_stride=18 tap_stride=2 buf=0x0 dtype=i8
; [2] layer 'conv'
LOAD_BIAS layer=0 deps=push_next dram=0x40 count=2 buf=0x24
; [3] layer 'conv'
CONV layer=0 deps=pop_prev in=0x0 in_h=3 in_w=3 in_c=2 weights=0x0 out_k=2 kernel_h=3 kernel_w=3 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=1 out_w=1 acc=0x0 accumulate=0 in_zp=0 w_zp=0 dtype=i8
; [4] layer 'conv'
POST layer=0 deps=push_prev+push_next acc=0x0 pixels=1 channels=2 bias=0x24 has_bias=1 zero_acc=0 act=clamp clamp_lo=1.2e26 clamp_hi=-1.2e26 alpha=0.125 multiplier=1073741824 shift=31 out_zp=0 dtype=i8
; [5] layer 'conv'
STORE layer=0 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=1 box_w=1 box_c=2 acc_plane=0 acc_row=2 acc_pixel=2 dram=0xc0 plane_stride=0 row_stride=2 pixel_stride=2 dtype=i8
; [6] layer 'conv'
BARRIER layer=0
; [7] layer 'conv'
END layer=0
