// An accel.add whose rhs is a constant that adds nothing once loaded (the
// zeros an unfused activation or table is added to: f32 0.0, or i8 values
// equal to the rhs zero point) loads only its lhs: one LOAD_ACC per tile,
// not two. Any other constant is loaded and accumulated. (Numerics: the
// int8 standalone-rescale oracle, test/oracle/int8_rescale_alone.test, runs
// accel.add(x, 0) bit-exact against mlir-runner.)
// RUN: rm -rf %t && split-file %s %t
// RUN: accel-opt %t/f32.mlir --accel-set-target=target=nvdla-large --accel-plan-memory | accel-translate --accel-to-asm | FileCheck %s --check-prefix=F32
// RUN: accel-opt %t/i8.mlir --accel-set-target=target=nvdla-large --accel-plan-memory | accel-translate --accel-to-asm | FileCheck %s --check-prefix=I8

// F32: ==== layer 'relu'
// F32-NOT: LOAD_ACC{{.*}}accumulate=1
// F32: LOAD_ACC layer=0 dram=0x0 {{.*}}accumulate=0
// F32-NOT: LOAD_ACC
// F32: POST layer=0 {{.*}}act=relu
// F32: ==== layer 'half'
// F32: LOAD_ACC layer=1 dram=0x0 {{.*}}accumulate=0
// F32-NEXT: ; [{{[0-9]+}}] layer 'half'
// F32-NEXT: LOAD_ACC layer=1 {{.*}}accumulate=1
//--- f32.mlir
func.func @f(%x: tensor<1x8x8x16xf32>) -> (tensor<1x8x8x16xf32>, tensor<1x8x8x16xf32>) {
  %z = arith.constant dense<0.0> : tensor<1x8x8x16xf32>
  %h = arith.constant dense<0.5> : tensor<1x8x8x16xf32>
  %y = accel.add %x, %z {post_op = #accel.post_op<relu>} : tensor<1x8x8x16xf32> loc("relu")
  %w = accel.add %x, %h : tensor<1x8x8x16xf32> loc("half")
  return %y, %w : tensor<1x8x8x16xf32>, tensor<1x8x8x16xf32>
}

// i8: the rhs value 3 is the rhs zero point in 'zp' (nothing added), not in
// 'shifted' (rhs zero point 0: 3 is added).
// I8: ==== layer 'zp'
// I8: LOAD_ACC layer=0 {{.*}}accumulate=0
// I8-NOT: LOAD_ACC
// I8: POST layer=0
// I8: ==== layer 'shifted'
// I8: LOAD_ACC layer=1 {{.*}}accumulate=0
// I8-NEXT: ; [{{[0-9]+}}] layer 'shifted'
// I8-NEXT: LOAD_ACC layer=1 {{.*}}accumulate=1 zp=0
//--- i8.mlir
func.func @f(%x: tensor<1x8x8x16xi8>) -> (tensor<1x8x8x16xi8>, tensor<1x8x8x16xi8>) {
  %c = arith.constant dense<3> : tensor<1x8x8x16xi8>
  %y = accel.add %x, %c {lhs_scale = array<i32: -20, 1073741824, 30, 0>, rhs_scale = array<i32: 3, 1073741824, 30, 0>, requant_multiplier = 1073741824 : i32, requant_shift = 30 : i32} : tensor<1x8x8x16xi8> loc("zp")
  %w = accel.add %x, %c {lhs_scale = array<i32: -20, 1073741824, 30, 0>, rhs_scale = array<i32: 0, 1073741824, 30, 0>, requant_multiplier = 1073741824 : i32, requant_shift = 30 : i32} : tensor<1x8x8x16xi8> loc("shifted")
  return %y, %w : tensor<1x8x8x16xi8>, tensor<1x8x8x16xi8>
}
