; accel program, assembly form (see docs/ISA.md)
.version 2
.target "{\22acc_bits\22:32,\22acc_buffer_bytes\22:32768,\22atomic_c\22:8,\22atomic_k\22:8,\22clock_mhz\22:1000,\22data_bits\22:8,\22dataflow\22:\22weight-stationary\22,\22dram_bytes_per_cycle\22:8,\22dram_latency_cycles\22:200,\22energy_acc_buffer_pj_per_byte\22:1.2,\22energy_dram_pj_per_byte\22:80,\22energy_input_buffer_pj_per_byte\22:1.2,\22energy_mac_pj\22:0.20000000000000001,\22energy_weight_buffer_pj_per_byte\22:1.2,\22input_buffer_bytes\22:98304,\22max_channels\22:8192,\22max_dilation\22:32,\22max_kernel\22:32,\22max_pad\22:31,\22max_stride\22:8,\22name\22:\22nvdla-small\22,\22source\22:\22NVDLA nv_small spec (atomic-C 8, atomic-K 8, 128 KB CBUF, 64-bit DBBIF); energies after Horowitz ISSCC 2014\22,\22weight_buffer_bytes\22:32768}"
.dram_bytes 960
.tensor name=weights role=weight dtype=f32 shape=4x3x3x4 addr=0x0
.tensor name=bias role=weight dtype=f32 shape=4 addr=0x240
.tensor name=input role=input dtype=f32 shape=1x4x4x4 addr=0x280
.tensor name=output role=output dtype=f32 shape=1x2x2x4 addr=0x380
.layer "conv"
.segment addr=0x0 size=576
.data 60f029be028f7e3fc09ce13e28785d3f02f17fbf79663ebf5469cabe3e827f3f
.data 6adc34bf581f07bfffb850bf7ccd53be80a220bf0c8f65be54259ebee8d1ad3e
.data 946b53befafe5e3f50fe9e3daa4f313f587d25be3a35bfbe30aabd3e4019493d
.data 095217bff09de7bd9c98413fdb740abf41fa71bfa0f58c3d088fae3ed4f2533f
.data 185c29be004aafbdc064f03de8ed0dbe341f38bf5cd5603f71921abf08890e3f
.data 32fb193f6027dd3efcbf6f3f08031b3fbc0dbfbe6a7c50bf38f0c43ea0b4143d
.data 14b6403ff0e33a3fe2094a3ff285283f167554bfc6c1283f03016cbf9665e8be
.data fc0b29bfe0aa61bfe49b413fe89eae3e7ca54dbf20993e3e549221be18c6af3e
.data 80706a3f90a834be50d8873d9cda1abf707bc43e546bd7be78e9bcbe083c37bf
.data 18fabe3e980e113f0e542b3fd41e33beeba276bf19816ebfea12003f70037e3e
.data 004c7a3fb07da43e241ffe3e4057cebe4ad3e0be10a2dcbd6c1c143fb1450ebf
.data f6254bbf03705abf986dd5bd80ff7bbd6e33513f82c24ebfd056d3be88864e3f
.data 6c51d9be25d242bfe56c3dbf20284b3d891576bf5e2f55bfa820b73eda6e553f
.data 7ba513bf4a26523f8a14f0be44e5cdbec0108abc38d42c3eaaad64bfe0fc063e
.data f8ca173e8058693efedf34bf0abf693fd0e5363eeec1f4be748dcc3e59b809bf
.data d29a4bbf5001893d6c0330be4a5e663fd410c73e406c63bcc8c22fbec04ca63d
.data 806c66bfaaed073f2008933d72c868bfc8b9a73e5c5638bf80f1f33cecb5153f
.data eca1633fe0bd70bfc843313e0629443fb28a4e3f8011a73dea9c39bfb812d5bd
.segment addr=0x240 size=16
.data c6b038bf08c6483f64621d3f10b57abe
; [0] layer 'conv'
LOAD_INPUT layer=0 dram=0x280 tensor_h=4 tensor_w=4 row_stride=64 pixel_stride=16 y0=0 x0=0 box_h=4 box_w=3 box_c=4 buf=0x0 fill=0 dtype=f32
; [1] layer 'conv'
LOAD_WEIGHT layer=0 dram=0x0 count=4 taps=9 chans=4 count_stride=144 tap_stride=16 buf=0x0 dtype=f32
; [2] layer 'conv'
LOAD_BIAS layer=0 deps=push_next dram=0x240 count=4 buf=0x240
; [3] layer 'conv'
CONV layer=0 deps=pop_prev in=0x0 in_h=4 in_w=3 in_c=4 weights=0x0 out_k=4 kernel_h=3 kernel_w=3 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=2 out_w=1 acc=0x0 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [4] layer 'conv'
POST layer=0 deps=push_prev+push_next acc=0x0 pixels=2 channels=4 bias=0x240 has_bias=1 zero_acc=0 act=none clamp_lo=0 clamp_hi=6 alpha=0.125 multiplier=1073741824 shift=38 out_zp=0 dtype=f32
; [5] layer 'conv'
STORE layer=0 deps=pop_prev+push_prev acc=0x0 planes=1 box_h=2 box_w=1 box_c=4 acc_plane=0 acc_row=4 acc_pixel=4 dram=0x380 plane_stride=0 row_stride=32 pixel_stride=16 dtype=f32
; [6] layer 'conv'
LOAD_INPUT layer=0 deps=push_next dram=0x280 tensor_h=4 tensor_w=4 row_stride=64 pixel_stride=16 y0=0 x0=1 box_h=4 box_w=3 box_c=4 buf=0xc000 fill=0 dtype=f32
; [7] layer 'conv'
CONV layer=0 deps=pop_prev in=0xc000 in_h=4 in_w=3 in_c=4 weights=0x0 out_k=4 kernel_h=3 kernel_w=3 stride_h=1 stride_w=1 dil_h=1 dil_w=1 out_h=2 out_w=1 acc=0x1000 accumulate=0 in_zp=0 w_zp=0 dtype=f32
; [8] layer 'conv'
POST layer=0 deps=push_prev+push_next acc=0x1000 pixels=2 channels=4 bias=0x240 has_bias=1 zero_acc=0 act=none clamp_lo=0 clamp_hi=6 alpha=0.125 multiplier=1073741824 shift=38 out_zp=0 dtype=f32
; [9] layer 'conv'
STORE layer=0 deps=pop_prev+push_prev acc=0x1000 planes=1 box_h=2 box_w=1 box_c=4 acc_plane=0 acc_row=4 acc_pixel=4 dram=0x390 plane_stride=0 row_stride=32 pixel_stride=16 dtype=f32
; [10] layer 'conv'
BARRIER layer=0
; [11] layer 'conv'
END layer=0
