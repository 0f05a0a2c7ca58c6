// RUN: accel-opt %s --accel-set-target=target=nvdla-large --convert-tosa-to-accel="strategy=auto" --mlir-elide-elementsattrs-if-larger=4 | FileCheck %s --check-prefix=CYCLES
// RUN: accel-opt %s --accel-set-target=target=nvdla-large --convert-tosa-to-accel="strategy=auto objective=energy" --mlir-elide-elementsattrs-if-larger=4 | FileCheck %s --check-prefix=ENERGY
// RUN: accel-opt %s --accel-set-target=target=nvdla-large --convert-tosa-to-accel="strategy=auto objective=edp" --mlir-elide-elementsattrs-if-larger=4 | FileCheck %s --check-prefix=EDP
// RUN: accel-opt %s --accel-compile="target=nvdla-large objective=energy" --mlir-elide-elementsattrs-if-larger=4 | FileCheck %s --check-prefix=PIPELINE
// RUN: not accel-opt %s --accel-compile="target=nvdla-large objective=fast" 2>&1 | FileCheck %s --check-prefix=BAD

// What strategy=auto minimises (`objective`): cycles first (the default),
// energy first, or energy x cycles. A 1-D conv with 8 channels on
// nvdla-large (atomic-K 32) is priced direct, folded (output positions into
// channels), packed (kernel taps into channels) and both (fold_pack: the
// folded conv's kernel taps packed); the estimates are the attributes
// checked below, and each objective takes its own least:
//   cycles: fold 1x4 6204 < fold_pack 7077 < pack 11966 < direct 15249;
//   energy: direct 14254797 pJ < the least-energy fold (1x2) 14431667 pJ;
//   edp:    fold 1x4 6204 x 15347968 = 9.5e10 < direct 15249 x 14254797
//           = 2.2e11.
// The recorded "fold" estimate is the fold the objective prefers.

// CYCLES-LABEL: func.func @k7
// CYCLES: accel.conv2d %arg0, %{{.+}}, %{{.+}} {pad = array<i64: 0, 0, 3, 3>, stride = array<i64: 1, 4>} : (tensor<1x1x2048x8xf32>, tensor<32x1x10x8xf32>, tensor<32xf32>) -> tensor<1x1x512x32xf32>
// CYCLES: accel.depth_to_space %{{.+}} {accel.fold = array<i64: 1, 4>, accel.strategy = "fold", accel.strategy_cycles = {direct = 15249 : i64, fold = 6204 : i64, fold_pack = 7077 : i64, pack = 11966 : i64}, accel.strategy_dram_bytes = {direct = 134432 : i64, fold = 142784 : i64, fold_pack = 340416 : i64, pack = 657376 : i64}, accel.strategy_energy_pj = {direct = 14254797 : i64, fold = 15347968 : i64, fold_pack = 29642394 : i64, pack = 55559693 : i64}
// ENERGY-LABEL: func.func @k7
// ENERGY: accel.conv2d %arg0, %{{.+}}, %{{.+}} {accel.strategy_cycles = {direct = 15249 : i64, fold = 9079 : i64, fold_pack = 7077 : i64, pack = 11966 : i64}, accel.strategy_dram_bytes = {direct = 134432 : i64, fold = 137152 : i64, fold_pack = 340416 : i64, pack = 657376 : i64}, accel.strategy_energy_pj = {direct = 14254797 : i64, fold = 14431667 : i64, fold_pack = 29642394 : i64, pack = 55559693 : i64}, pad = array<i64: 0, 0, 3, 3>} : (tensor<1x1x2048x8xf32>, tensor<8x1x7x8xf32>, tensor<8xf32>) -> tensor<1x1x2048x8xf32>
// ENERGY-NOT: accel.depth_to_space
// EDP-LABEL: func.func @k7
// EDP: accel.depth_to_space %{{.+}} {accel.fold = array<i64: 1, 4>, accel.strategy = "fold", accel.strategy_cycles = {direct = 15249 : i64, fold = 6204 : i64, fold_pack = 7077 : i64, pack = 11966 : i64}
// PIPELINE-LABEL: func.func @k7
// PIPELINE: accel.conv2d %arg0, {{.+}} accel.strategy_energy_pj = {direct = 14254797 : i64, fold = 14431667 : i64, fold_pack = 29642394 : i64, pack = 55559693 : i64}
// PIPELINE-SAME: (tensor<1x1x2048x8xf32>, tensor<8x1x7x8xf32>, tensor<8xf32>) -> tensor<1x1x2048x8xf32>
// PIPELINE-NOT: accel.depth_to_space
// BAD: for the --objective option: Cannot find option named 'fast'!
func.func @k7(%x: tensor<1x1x2048x8xf32>) -> tensor<1x1x2048x8xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<8x1x7x8xf32>}> : () -> tensor<8x1x7x8xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<8xf32>}> : () -> tensor<8xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 3, 3>, stride = array<i64: 1, 1>} : (tensor<1x1x2048x8xf32>, tensor<8x1x7x8xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2048x8xf32>
  return %y : tensor<1x1x2048x8xf32>
}

// The same conv over 4096 positions with kernel 11: each objective takes
// another way. cycles: fold_pack 1x8 (a window of 18 taps stepping 8: a
// 1x1 conv over 144 channels with 64 outputs, 14206 cycles) < fold 1x4
// 15605; energy: the 1x2
// fold (31383578 pJ) < the 1x4 (32778931 pJ); edp: fold 1x4 15605 x
// 32778931 = 5.1e11 < fold 1x2 25787 x 31383578 = 8.1e11 < fold_pack 14206
// x 64237414 = 9.1e11.
// CYCLES-LABEL: func.func @k11
// CYCLES: accel.depth_to_space %{{.+}} {accel.fold = array<i64: 1, 8>, accel.strategy = "fold_pack", accel.strategy_cycles = {direct = 46268 : i64, fold = 15605 : i64, fold_pack = 14206 : i64, pack = 30506 : i64}
// ENERGY-LABEL: func.func @k11
// ENERGY: accel.depth_to_space %{{.+}} {accel.fold = array<i64: 1, 2>, accel.strategy = "fold", accel.strategy_cycles = {direct = 46268 : i64, fold = 25787 : i64, fold_pack = 14206 : i64, pack = 30506 : i64}, accel.strategy_dram_bytes = {direct = 267552 : i64, fold = 271232 : i64, fold_pack = 725568 : i64, pack = 1838176 : i64}, accel.strategy_energy_pj = {direct = 31742925 : i64, fold = 31383578 : i64, fold_pack = 64237414 : i64, pack = 155832589 : i64}
// PIPELINE-LABEL: func.func @k11
// PIPELINE: accel.fold = array<i64: 1, 2>
// EDP-LABEL: func.func @k11
// EDP: accel.depth_to_space %{{.+}} {accel.fold = array<i64: 1, 4>, accel.strategy = "fold", accel.strategy_cycles = {direct = 46268 : i64, fold = 15605 : i64, fold_pack = 14206 : i64, pack = 30506 : i64}
func.func @k11(%x: tensor<1x1x4096x8xf32>) -> tensor<1x1x4096x8xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<8x1x11x8xf32>}> : () -> tensor<8x1x11x8xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<8xf32>}> : () -> tensor<8xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 5, 5>, stride = array<i64: 1, 1>} : (tensor<1x1x4096x8xf32>, tensor<8x1x11x8xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x4096x8xf32>
  return %y : tensor<1x1x4096x8xf32>
}
