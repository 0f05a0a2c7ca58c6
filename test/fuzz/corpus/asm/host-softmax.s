; A host-only program: softmax over the channels of a 1x2x2x4 input, as six
; host ops (reduce_max, sub, exp, reduce_sum, reciprocal, mul).
.version 3
.target "{\22acc_bits\22:32,\22acc_buffer_bytes\22:32768,\22atomic_c\22:8,\22atomic_k\22:8,\22clock_mhz\22:1000,\22data_bits\22:8,\22dataflow\22:\22weight-stationary\22,\22dram_bytes_per_cycle\22:8,\22dram_latency_cycles\22:200,\22energy_acc_buffer_pj_per_byte\22:1.2,\22energy_dram_pj_per_byte\22:80,\22energy_input_buffer_pj_per_byte\22:1.2,\22energy_mac_pj\22:0.20000000000000001,\22energy_weight_buffer_pj_per_byte\22:1.2,\22input_buffer_bytes\22:98304,\22max_channels\22:8192,\22max_dilation\22:32,\22max_kernel\22:32,\22max_pad\22:31,\22max_stride\22:8,\22name\22:\22nvdla-small\22,\22source\22:\22NVDLA nv_small spec (atomic-C 8, atomic-K 8, 128 KB CBUF, 64-bit DBBIF); energies after Horowitz ISSCC 2014\22,\22weight_buffer_bytes\22:32768}"
.dram_bytes 384
.tensor name=x role=input dtype=f32 shape=1x2x2x4 addr=0x0
.tensor name=y role=output dtype=f32 shape=1x2x2x4 addr=0x40
.layer "max"
.layer "sub"
.layer "exp"
.layer "sum"
.layer "rec"
.layer "mul"
.host kind=tosa.reduce_max params=3 in=f32:1x2x2x4@0x0 out=f32:1x2x2x1@0x80
.host kind=tosa.sub params= in=f32:1x2x2x4@0x0 in=f32:1x2x2x1@0x80 out=f32:1x2x2x4@0xc0
.host kind=tosa.exp params= in=f32:1x2x2x4@0xc0 out=f32:1x2x2x4@0x100
.host kind=tosa.reduce_sum params=3 in=f32:1x2x2x4@0x100 out=f32:1x2x2x1@0x80
.host kind=tosa.reciprocal params= in=f32:1x2x2x1@0x80 out=f32:1x2x2x1@0x140
.host kind=tosa.mul params= in=f32:1x2x2x4@0x100 in=f32:1x2x2x1@0x140 out=f32:1x2x2x4@0x40
HOST layer=0 op=0
HOST layer=1 op=1
HOST layer=2 op=2
HOST layer=3 op=3
HOST layer=4 op=4
HOST layer=5 op=5
END layer=5
