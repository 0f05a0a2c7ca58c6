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
.segment addr=0x40 
BARRIER layer=0
; [13] layer 'conv'
END layer=0
