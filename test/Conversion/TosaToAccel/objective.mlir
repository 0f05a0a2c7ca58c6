// RUN: accel-opt %s --accel-set-target=target=nvdla-large --convert-tosa-to-accel="strategy=auto" --mlir-elide-elementsattrs-if-larger=4 | FileCheck %s --check-prefix=CYCLES
// RUN: accel-opt %s --accel-set-target=target=nvdla-large --convert-tosa-to-accel="strategy=auto objective=energy" --mlir-elide-elementsattrs-if-larger=4 | FileCheck %s --check-prefix=ENERGY
// RUN: accel-opt %s --accel-set-target=target=nvdla-large --convert-tosa-to-accel="strategy=auto objective=edp" --mlir-elide-elementsattrs-if-larger=4 | FileCheck %s --check-prefix=EDP
// RUN: accel-opt %s --accel-compile="target=nvdla-large objective=energy" --mlir-elide-elementsattrs-if-larger=4 | FileCheck %s --check-prefix=PIPELINE
// RUN: not accel-opt %s --accel-compile="target=nvdla-large objective=fast" 2>&1 | FileCheck %s --check-prefix=BAD

// What strategy=auto minimises (`objective`): cycles first (the default),
// energy first, or energy x cycles. A 1-D conv with 8 channels on
// nvdla-large (atomic-K 32) is priced direct, folded (output positions into
// channels), packed (kernel taps into channels) and both (fold_pack: the
// folded conv's input read as blocks or through an overlapping window); the
// estimates are the attributes checked below, and each objective takes its
// own least. Here one form is least on every count: fold_pack 1x4 read as
// blocks (a window of 4 pixels stepping 4 -- the input's own bytes as 512
// pixels of 32 channels -- under a 1 x 3 conv with one block of padding per
// side): 2768 cycles and 13776845 pJ, against fold 1x4 6104 cycles, pack
// 11964, direct 15249 cycles and 14254797 pJ (before the block view, energy
// kept the conv direct and cycles took fold 1x4).
// The recorded "fold" and "fold_pack" estimates are the ones the objective
// prefers.

// CYCLES-LABEL: func.func @k7
// CYCLES: %[[P:.+]] = accel.window %arg0 {kernel_w = 4 : i64, stride_w = 4 : i64} : (tensor<1x1x2048x8xf32>) -> tensor<1x1x512x32xf32>
// CYCLES: accel.conv2d %[[P]], %{{.+}}, %{{.+}} {pad = array<i64: 0, 0, 1, 1>} : (tensor<1x1x512x32xf32>, tensor<32x1x3x32xf32>, tensor<32xf32>) -> tensor<1x1x512x32xf32>
// CYCLES: accel.depth_to_space %{{.+}} {accel.fold = array<i64: 1, 4>, accel.strategy = "fold_pack", accel.strategy_cycles = {direct = 15249 : i64, fold = 6104 : i64, fold_pack = 2768 : i64, pack = 11964 : i64}, accel.strategy_dram_bytes = {direct = 134432 : i64, fold = 143360 : i64, fold_pack = 144768 : i64, pack = 657376 : i64}, accel.strategy_energy_pj = {direct = 14254797 : i64, fold = 15457408 : i64, fold_pack = 13776845 : i64, pack = 55559693 : i64}
// ENERGY-LABEL: func.func @k7
// ENERGY: accel.depth_to_space %{{.+}} {accel.fold = array<i64: 1, 4>, accel.strategy = "fold_pack", accel.strategy_cycles = {direct = 15249 : i64, fold = 9079 : i64, fold_pack = 2768 : i64, pack = 11964 : i64}, accel.strategy_dram_bytes = {direct = 134432 : i64, fold = 137152 : i64, fold_pack = 144768 : i64, pack = 657376 : i64}, accel.strategy_energy_pj = {direct = 14254797 : i64, fold = 14431667 : i64, fold_pack = 13776845 : i64, pack = 55559693 : i64}
// EDP-LABEL: func.func @k7
// EDP: accel.depth_to_space %{{.+}} {accel.fold = array<i64: 1, 4>, accel.strategy = "fold_pack", accel.strategy_cycles = {direct = 15249 : i64, fold = 6104 : i64, fold_pack = 2768 : i64, pack = 11964 : i64}
// PIPELINE-LABEL: func.func @k7
// PIPELINE: accel.depth_to_space %{{.+}} {{.*}}accel.fold = array<i64: 1, 4>, {{.*}}accel.strategy = "fold_pack", {{.*}}accel.strategy_energy_pj = {direct = 14254797 : i64, fold = 14431667 : i64, fold_pack = 13776845 : i64, pack = 55559693 : i64}
// PIPELINE-SAME: (tensor<1x1x512x32xf32>) -> tensor<1x1x2048x8xf32>
// BAD: for the --objective option: Cannot find option named 'fast'!
func.func @k7(%x: tensor<1x1x2048x8xf32>) -> tensor<1x1x2048x8xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<8x1x7x8xf32>}> : () -> tensor<8x1x7x8xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<8xf32>}> : () -> tensor<8xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 3, 3>, stride = array<i64: 1, 1>} : (tensor<1x1x2048x8xf32>, tensor<8x1x7x8xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2048x8xf32>
  return %y : tensor<1x1x2048x8xf32>
}

// The same conv over 4096 positions with kernel 11: the objectives part.
// cycles: fold_pack 1x8 as blocks (a 1 x 3 conv over 512 pixels of 64
// channels, 64 outputs: 5672 cycles, 31279411 pJ) < fold 1x4 15605;
// energy takes fold_pack 1x2 (15506 cycles, 29326899 pJ, the least energy),
// edp the 1x8 again (5672 x 31279411 = 1.77e11 < 15506 x 29326899 =
// 4.55e11).
// CYCLES-LABEL: func.func @k11
// CYCLES: accel.depth_to_space %{{.+}} {accel.fold = array<i64: 1, 8>, accel.strategy = "fold_pack", accel.strategy_cycles = {direct = 46268 : i64, fold = 15605 : i64, fold_pack = 5672 : i64, pack = 30503 : i64}, accel.strategy_dram_bytes = {direct = 267552 : i64, fold = 279808 : i64, fold_pack = 314112 : i64, pack = 1838176 : i64}, accel.strategy_energy_pj = {direct = 31742925 : i64, fold = 32778931 : i64, fold_pack = 31279411 : i64, pack = 155832589 : i64}
// ENERGY-LABEL: func.func @k11
// ENERGY: accel.depth_to_space %{{.+}} {accel.fold = array<i64: 1, 2>, accel.strategy = "fold_pack", accel.strategy_cycles = {direct = 46268 : i64, fold = 25787 : i64, fold_pack = 15506 : i64, pack = 30503 : i64}, accel.strategy_dram_bytes = {direct = 267552 : i64, fold = 271232 : i64, fold_pack = 273216 : i64, pack = 1838176 : i64}, accel.strategy_energy_pj = {direct = 31742925 : i64, fold = 31383578 : i64, fold_pack = 29326899 : i64, pack = 155832589 : i64}
// PIPELINE-LABEL: func.func @k11
// PIPELINE: accel.fold = array<i64: 1, 2>, {{.*}}accel.strategy = "fold_pack", accel.strategy_cycles = {direct = 46268 : i64, fold = 25787 : i64, fold_pack = 15506 : i64
// EDP-LABEL: func.func @k11
// EDP: accel.depth_to_space %{{.+}} {accel.fold = array<i64: 1, 8>, accel.strategy = "fold_pack", accel.strategy_cycles = {direct = 46268 : i64, fold = 15605 : i64, fold_pack = 5672 : i64, pack = 30503 : i64}
func.func @k11(%x: tensor<1x1x4096x8xf32>) -> tensor<1x1x4096x8xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<8x1x11x8xf32>}> : () -> tensor<8x1x11x8xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<8xf32>}> : () -> tensor<8xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 5, 5>, stride = array<i64: 1, 1>} : (tensor<1x1x4096x8xf32>, tensor<8x1x11x8xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x4096x8xf32>
  return %y : tensor<1x1x4096x8xf32>
}
