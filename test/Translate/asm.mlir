// accel-translate --accel-to-asm: header (target, DRAM map, layers, weight
// blob) and the instruction stream, each layer introduced by a comment with
// the op, its location, the tile and the estimate.
// RUN: accel-translate --accel-to-asm %S/Inputs/planned-conv.mlir | FileCheck %s

// CHECK: .version 3
// CHECK: .target "{{.*}}nvdla-small
// CHECK: .dram_bytes 2944
// CHECK: .tensor name=x role=input dtype=f32 shape=1x6x6x4 addr=0x0
// CHECK: .tensor name=y role=output dtype=f32 shape=1x6x6x8 addr=0x240
// CHECK: .tensor name=const0 role=weight dtype=f32 shape=8x3x3x4 addr=0x6c0
// CHECK: .tensor name=const1 role=weight dtype=f32 shape=8 addr=0xb40
// CHECK: .layer "conv2d_0"
// CHECK: .segment addr=0x6c0 size=1152
// CHECK: .segment addr=0xb40 size=32
// CHECK: ; ==== layer 'conv2d_0': accel.conv2d at planned-conv.mlir:10:10, tile 6x3x8x4 (h x w x k x c, spatial_outer), est 1028 cycles
// CHECK-NEXT: ; [0] layer 'conv2d_0'
// The tile of 6x3 outputs needs an 8x5 input box (halo) from (-1, -1).
// CHECK-NEXT: LOAD_INPUT layer=0 dram=0x0 tensor_h=6 tensor_w=6 row_stride=96 pixel_stride=16 y0=-1 x0=-1 box_h=8 box_w=5 box_c=4
// The tile spans all 6 rows, so kernel rows 0 and 2 would each spend a row
// on padding (2 of 18 row taps): each kernel row is its own CONV over the
// rows it reads input for, reading its row of the weight tile (one
// LOAD_WEIGHT, [C_out][3][3][C_in]: row ky at ky * 3 * 4 * 4 bytes) at the
// tile's C_out pitch (w_pitch = 9 * 4 * 4 = 144 bytes); kernel row 1 (all
// rows) writes first, the others accumulate. The bias is loaded ahead of
// the weights; the weight load, last, tells the CONVs their data is in.
// CHECK: LOAD_BIAS layer=0 {{.*}}dram=0xb40 count=8
// CHECK: LOAD_WEIGHT layer=0 deps=push_next dram=0x6c0 count=8 taps=9 chans=4 count_stride=144 tap_stride=16 buf=0x0
// CHECK: CONV layer=0 {{.*}}in=0x50 in_h=7 {{.*}}weights=0x30 out_k=8 kernel_h=1 kernel_w=3 {{.*}}out_h=6 out_w=3 acc=0x0 accumulate=0 {{.*}}acc_pitch=0 w_pitch=144 w_row_pitch=0
// CHECK: CONV layer=0 {{.*}}in=0x50 in_h=7 {{.*}}weights=0x0 out_k=8 kernel_h=1 kernel_w=3 {{.*}}out_h=5 out_w=3 acc=0x18 accumulate=1 {{.*}}w_pitch=144
// CHECK: CONV layer=0 {{.*}}in=0xa0 in_h=6 {{.*}}weights=0x60 out_k=8 kernel_h=1 kernel_w=3 {{.*}}out_h=5 out_w=3 acc=0x0 accumulate=1 {{.*}}w_pitch=144
// CHECK: STORE layer=0 {{.*}}box_h=6 box_w=3 box_c=8 {{.*}}dram=0x240 {{.*}}row_stride=192 pixel_stride=32
// The second column tile stores 3 pixels (96 bytes) further.
// CHECK: STORE layer=0 {{.*}}dram=0x2a0
// CHECK: BARRIER
// CHECK-NEXT: ; [{{[0-9]+}}]
// CHECK-NEXT: END
