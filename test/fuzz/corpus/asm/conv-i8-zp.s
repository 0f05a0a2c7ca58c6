; accel program, assembly form (see docs/ISA.md)
.version 2
.target "{\22acc_bits\22:32,\22acc_buffer_bytes\22:32768,\22atomic_c\22:8,\22atomic_k\22:8,\22clock_mhz\22:1000,\22data_bits\22:8,\22dataflow\22:\22weight-stationary\22,\22dram_bytes_per_cycle\22:8,\22dram_latency_cycles\22:200,\22energy_acc_buffer_pj_per_byte\22:1.2,\22energy_dram_pj_per_byte\22:80,\22energy_input_buffer_pj_per_byte\22:1.2,\22energy_mac_pj\22:0.20000000000000001,\22energy_weight_buffer_pj_per_byte\22:1.2,\22input_buffer_bytes\22:98304,\22max_channels\22:8192,\22max_dilation\22:32,\22max_kernel\22:32,\22max_pad\22:31,\22max_stride\22:8,\22name\22:\22nvdla-small\22,\22source\22:\22NVDLA nv_small spec (atomic-C 8, atomic-K 8, 128 KB CBUF, 64-bit DBBIF); energies after Horowitz ISSCC 2014\22,\22weight_buffer_bytes\22:32768}"
.dram_bytes 384
.tensor name=weights role=weight dtype=i8 shape=4x3x3x4 addr=0x0
.tensor name=bias role=weight dtype=i32 shape=4 addr=0xc0
.tensor name=input role=input dtype=i8 shape=1x4x4x4 addr=0x100
.tensor name=output role=output dtype=i8 shape=1x2x2x4 addr=0x140
.layer "conv"
.segment addr=0x0 size=144
.data ea7f386e80a0cd7fa5bc97e5afe3d82be56f0958ebd02f06b4f160ba87082b69
.data eaf50feea370b2474c37774dd0973104605d6554955489c5ab8f602b9917eb2b
.data 75e908b231cad0a42f4855e98488401f7d293fccc7f24ab89a92f2f86898cb67
.data c99ea10684952d6ab669c3ccfd158d10121da57416c233bb9a08e97331feea0a
.data 8c43098b29a3034a71871662670aa3f2
.segment addr=0xc0 size=16
.data 5dfaffff21060000ce04000016feffff
; [0] layer 'conv'
LOAD_INPUT layer=0 dram=0x100 tensor_h=4 tensor_w=4 row_stride=16 pixel_stride=4 y0=0 x0=0 box_h=4 box_w=3 box_c=4 buf=0x0 fill=-5 dtype=i8
; [1] layer 'conv'
LOAD_WEIGHT layer=0 dram=0x0 count=4 taps=9 chans=4 count_stride=36 tap_stride=4 buf=0x0 dtype=i8
; [2] layer 'conv'
LOAD_BIAS layer=0 deps=push_next dram=0xc0 count=4 buf=0x90
; [3] layer 'conv'
CONV layer=0 deps=pop_prev in=0x0 in_h=4 in_w=3 in_c=4 weights=0x0 out_k=4 kernel_h=3 kernel_w=3 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=2 out_w=1 acc=0x0 accumulate=0 in_zp=-5 w_zp=3 dtype=i8
; [4] layer 'conv'
POST layer=0 deps=push_prev+push_next acc=0x0 pixels=2 channels=4 bias=0x90 has_bias=1 zero_acc=0 act=clamp clamp_lo=-100 clamp_hi=100 alpha=0.125 multiplier=1073741824 shift=38 out_zp=7 dtype=i8
; [5] layer 'conv'
STORE layer=0 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=2 box_w=1 box_c=4 acc_plane=0 acc_row=4 acc_pixel=4 dram=0x140 plane_stride=0 row_stride=8 pixel_stride=4 dtype=i8
; [6] layer 'conv'
LOAD_INPUT layer=0 deps=push_next dram=0x100 tensor_h=4 tensor_w=4 row_stride=16 pixel_stride=4 y0=0 x0=1 box_h=4 box_w=3 box_c=4 buf=0xc000 fill=-5 dtype=i8
; [7] layer 'conv'
CONV layer=0 deps=pop_prev in=0xc000 in_h=4 in_w=3 in_c=4 weights=0x0 out_k=4 kernel_h=3 kernel_w=3 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=2 out_w=1 acc=0x1000 accumulate=0 in_zp=-5 w_zp=3 dtype=i8
; [8] layer 'conv'
POST layer=0 deps=push_prev+push_next acc=0x1000 pixels=2 channels=4 bias=0x90 has_bias=1 zero_acc=0 act=clamp clamp_lo=-100 clamp_hi=100 alpha=0.125 multiplier=1073741824 shift=38 out_zp=7 dtype=i8
; [9] layer 'conv'
STORE layer=0 deps=pop_prev+push_prev acc=0x1000 planes=1 box_h=2 box_w=1 box_c=4 acc_plane=0 acc_row=4 acc_pixel=4 dram=0x144 plane_stride=0 row_stride=8 pixel_stride=4 dtype=i8
; [10] layer 'conv'
BARRIER layer=0
; [11] layer 'conv'
END layer=0
