//===- ConvReferenceTest.cpp - Simulated layers vs naive references -------===//
//
// Builds whole programs with the schedule generator (random shapes, random
// fitting tilings, every preset family), runs them in the simulator and
// compares with straightforward loops: conv (f32, i8), a transposed conv
// decomposed into phase convs whose strided STOREs interleave the output
// (including bias-only phases), and the residual add.
//
//===----------------------------------------------------------------------===//

#include "accel/Schedule/ConvSchedule.h"
#include "accel/ISA/Program.h"
#include "accel/Sim/Simulator.h"
#include "accel/Target/Tiler.h"

#include "../RowTapsOracle.h"
#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <random>

using namespace accel;
using namespace accel::oracle;
using namespace accel::isa;
using namespace accel::schedule;
using namespace accel::sim;

namespace {

std::vector<uint8_t> floatBytes(const std::vector<float> &values) {
  std::vector<uint8_t> bytes(values.size() * 4);
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

std::vector<float> toFloats(const NpyArray &array) {
  std::vector<float> values(array.data.size() / 4);
  std::memcpy(values.data(), array.data.data(), array.data.size());
  return values;
}

std::vector<float> randomFloats(size_t count, std::mt19937 &rng) {
  std::vector<float> values(count);
  for (float &value : values)
    value = std::uniform_real_distribution<float>(-1, 1)(rng);
  return values;
}

float activate(float value, const ConvEpilogue &epilogue) {
  switch (epilogue.activation) {
  case Activation::Relu:
    return std::max(value, 0.0f);
  case Activation::Clamp:
    return std::min(std::max(value, epilogue.clampLo), epilogue.clampHi);
  case Activation::LeakyRelu:
    return value < 0 ? value * epilogue.alpha : value;
  case Activation::Tanh:
    return std::tanh(value);
  case Activation::Sigmoid:
    return 1.0f / (1.0f + std::exp(-value));
  case Activation::None:
    return value;
  }
  return value;
}

/// Naive NHWC x OHWI conv with groups, in double.
std::vector<double> referenceConv(const ConvShape &s, const std::vector<double> &x,
                                  const std::vector<double> &w) {
  int64_t oh = s.outH(), ow = s.outW(), cinG = s.inC / s.groups,
          coutG = s.outC / s.groups;
  std::vector<double> y(s.batch * oh * ow * s.outC, 0.0);
  for (int64_t n = 0; n < s.batch; ++n)
    for (int64_t oy = 0; oy < oh; ++oy)
      for (int64_t ox = 0; ox < ow; ++ox)
        for (int64_t o = 0; o < s.outC; ++o) {
          int64_t g = o / coutG;
          double sum = 0;
          for (int64_t ky = 0; ky < s.kernelH; ++ky)
            for (int64_t kx = 0; kx < s.kernelW; ++kx) {
              int64_t iy = oy * s.strideH + ky * s.dilationH - s.padTop;
              int64_t ix = ox * s.strideW + kx * s.dilationW - s.padLeft;
              if (iy < 0 || iy >= s.inH || ix < 0 || ix >= s.inW)
                continue;
              for (int64_t c = 0; c < cinG; ++c)
                sum += x[((n * s.inH + iy) * s.inW + ix) * s.inC + g * cinG + c] *
                       w[((o * s.kernelH + ky) * s.kernelW + kx) * cinG + c];
            }
          y[((n * oh + oy) * ow + ox) * s.outC + o] = sum;
        }
  return y;
}

ConvShape randomShape(std::mt19937 &rng, ElementKind element) {
  auto pick = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  ConvShape s;
  s.element = element;
  s.batch = pick(1, 2);
  s.groups = pick(0, 3) == 0 ? 2 : 1;
  s.inC = s.groups * pick(1, 24);
  s.outC = s.groups * pick(1, 24);
  s.kernelH = pick(1, 5);
  s.kernelW = pick(1, 5);
  s.strideH = pick(1, 2);
  s.strideW = pick(1, 3);
  s.dilationH = pick(1, 2);
  s.dilationW = pick(1, 2);
  s.padTop = pick(0, 2);
  s.padBottom = pick(0, 2);
  s.padLeft = pick(0, 2);
  s.padRight = pick(0, 2);
  s.inH = pick((s.kernelH - 1) * s.dilationH + 1, 14);
  s.inW = pick((s.kernelW - 1) * s.dilationW + 1, 14);
  return s;
}

/// Tiles `shape` on `target`: the tiler's choice, or (if `randomTiling`)
/// a random fitting tiling, which exercises multi-tile C_in accumulation.
TilingChoice tilingFor(const ConvShape &shape, const TargetDesc &target,
                       bool randomTiling, std::mt19937 &rng) {
  if (randomTiling) {
    std::vector<TilingChoice> all = enumerateTilings(shape, target);
    EXPECT_FALSE(all.empty());
    return all[rng() % all.size()];
  }
  llvm::Expected<TiledConv> tiled = chooseTiling(shape, target);
  EXPECT_TRUE(bool(tiled)) << llvm::toString(tiled.takeError());
  return tiled->tiling;
}

/// Runs `shape` with `epilogue` under `tiling` on `target` (random f32
/// data) and compares with the reference; sets `*skipped` when the schedule
/// skipped padding taps, and `*cycles` (if given) to the simulated cycles.
/// `trial` names the case in failures.
void checkF32Conv(const ConvShape &shape, const ConvEpilogue &epilogue,
                  const TilingChoice &tiling, const TargetDesc &target,
                  std::mt19937 &rng, int trial, bool *skipped,
                  int64_t *cycles = nullptr) {
  int64_t cinG = shape.inC / shape.groups;
  std::vector<float> x =
      randomFloats(shape.batch * shape.inH * shape.inW * shape.inC, rng);
  std::vector<float> w =
      randomFloats(shape.outC * shape.kernelH * shape.kernelW * cinG, rng);
  std::vector<float> b = randomFloats(shape.outC, rng);

  ProgramBuilder builder(target);
  uint16_t layer = builder.addLayer("conv");
  ConvOperands operands;
  operands.weights = builder.addConstant(
      "w", DType::F32, {shape.outC, shape.kernelH, shape.kernelW, cinG},
      floatBytes(w));
  operands.bias =
      builder.addConstant("b", DType::F32, {shape.outC}, floatBytes(b));
  operands.input = DramView::dense(
      builder.addTensor("x", TensorRole::Input, DType::F32,
                        {shape.batch, shape.inH, shape.inW, shape.inC}),
      shape.inH, shape.inW, shape.inC, 4);
  operands.output = DramView::dense(
      builder.addTensor("y", TensorRole::Output, DType::F32,
                        {shape.batch, shape.outH(), shape.outW(), shape.outC}),
      shape.outH(), shape.outW(), shape.outC, 4);
  VectorSink sink(builder.instructions());
  ASSERT_FALSE(bool(generateConvSchedule(shape, epilogue, tiling, operands,
                                         target, layer, sink)));
  llvm::Expected<Program> program = builder.finish();
  ASSERT_TRUE(bool(program)) << llvm::toString(program.takeError());
  llvm::Expected<Simulator> simulator = Simulator::create(*program);
  ASSERT_TRUE(bool(simulator));
  ASSERT_FALSE(bool(
      simulator->setInput("x", {DType::F32,
                                {shape.batch, shape.inH, shape.inW, shape.inC},
                                floatBytes(x)})));
  llvm::Expected<SimReport> report = simulator->run();
  ASSERT_TRUE(bool(report)) << llvm::toString(report.takeError());
  // Every tap runs, except (NestResidency::splitKernelRows /
  // splitKernelCols) taps over padding rows or columns, which may be
  // skipped.
  EXPECT_LE(report->macs, shape.macs()) << "MACs incl. padding taps";
  EXPECT_GE(report->macs, macsReadingInput(shape));
  *skipped = report->macs < shape.macs();
  if (cycles)
    *cycles = report->cycles;
  std::vector<float> got = toFloats(*simulator->readTensor("y"));

  std::vector<double> xd(x.begin(), x.end()), wd(w.begin(), w.end());
  std::vector<double> ref = referenceConv(shape, xd, wd);
  ASSERT_EQ(got.size(), ref.size());
  for (size_t i = 0; i < ref.size(); ++i) {
    float expected = activate(float(ref[i] + b[i % shape.outC]), epilogue);
    ASSERT_NEAR(got[i], expected, 1e-4 * (1 + std::fabs(expected)))
        << "trial " << trial << " element " << i;
  }
}

TEST(ConvReferenceTest, RandomF32ConvsMatchTheReference) {
  std::mt19937 rng(42);
  const char *presets[] = {"nvdla-small", "diannao", "nvdla-large"};
  const Activation activations[] = {Activation::None, Activation::Relu,
                                    Activation::LeakyRelu, Activation::Tanh,
                                    Activation::Sigmoid, Activation::Clamp};
  int skippedPaddingRows = 0; // trials whose schedule split kernel rows
  for (int trial = 0; trial < 36; ++trial) {
    TargetDesc target = *lookupPreset(presets[trial % 3]);
    ConvShape shape = randomShape(rng, ElementKind::F32);
    ConvEpilogue epilogue;
    epilogue.activation = activations[trial % 6];
    epilogue.clampLo = -0.5f;
    epilogue.clampHi = 0.5f;
    epilogue.alpha = 0.1f;
    TilingChoice tiling = tilingFor(shape, target, trial % 2, rng);

    bool skipped = false;
    checkF32Conv(shape, epilogue, tiling, target, rng, trial, &skipped);
    skippedPaddingRows += skipped;
  }
  // Some of them skip padding rows, so the check above covers that path.
  EXPECT_GT(skippedPaddingRows, 0);
}

/// Runs the int8 conv `shape` with `epilogue` under `tiling` on `target`
/// (random data, bias from -2000 to 2000) and compares bit for bit with the
/// reference requantization; sets `*cycles` (if given) to the simulated
/// cycles. `trial` names the case in failures.
void checkInt8Conv(const ConvShape &shape, const ConvEpilogue &epilogue,
                   const TilingChoice &tiling, const TargetDesc &target,
                   std::mt19937 &rng, int trial, int64_t *cycles = nullptr) {
  int64_t cinG = shape.inC / shape.groups;
  auto randomI8 = [&](size_t count) {
    std::vector<uint8_t> bytes(count);
    for (uint8_t &byte : bytes)
      byte = uint8_t(rng());
    return bytes;
  };
  std::vector<uint8_t> x =
      randomI8(shape.batch * shape.inH * shape.inW * shape.inC);
  std::vector<uint8_t> w =
      randomI8(shape.outC * shape.kernelH * shape.kernelW * cinG);
  std::vector<int32_t> b(shape.outC);
  for (int32_t &value : b)
    value = int32_t(rng() % 4001) - 2000;
  std::vector<uint8_t> bBytes(b.size() * 4);
  std::memcpy(bBytes.data(), b.data(), bBytes.size());

  ProgramBuilder builder(target);
  uint16_t layer = builder.addLayer("qconv");
  ConvOperands operands;
  operands.weights = builder.addConstant(
      "w", DType::I8, {shape.outC, shape.kernelH, shape.kernelW, cinG}, w);
  operands.bias = builder.addConstant("b", DType::I32, {shape.outC}, bBytes);
  operands.input = DramView::dense(
      builder.addTensor("x", TensorRole::Input, DType::I8,
                        {shape.batch, shape.inH, shape.inW, shape.inC}),
      shape.inH, shape.inW, shape.inC, 1);
  operands.output = DramView::dense(
      builder.addTensor("y", TensorRole::Output, DType::I8,
                        {shape.batch, shape.outH(), shape.outW(), shape.outC}),
      shape.outH(), shape.outW(), shape.outC, 1);
  VectorSink sink(builder.instructions());
  ASSERT_FALSE(bool(generateConvSchedule(shape, epilogue, tiling, operands,
                                         target, layer, sink)));
  llvm::Expected<Simulator> simulator = Simulator::create(*builder.finish());
  ASSERT_TRUE(bool(simulator));
  ASSERT_FALSE(bool(simulator->setInput(
      "x", {DType::I8, {shape.batch, shape.inH, shape.inW, shape.inC}, x})));
  llvm::Expected<SimReport> report = simulator->run();
  ASSERT_TRUE(bool(report)) << llvm::toString(report.takeError());
  if (cycles)
    *cycles = report->cycles;
  NpyArray got = *simulator->readTensor("y");

  std::vector<double> xd(x.size()), wd(w.size());
  for (size_t i = 0; i < x.size(); ++i)
    xd[i] = double(int8_t(x[i]) - epilogue.inputZp);
  for (size_t i = 0; i < w.size(); ++i)
    wd[i] = double(int8_t(w[i]) - epilogue.weightZp);
  // Padding taps read the input zero point, i.e. contribute 0: exactly
  // what skipping them in the reference does.
  std::vector<double> ref = referenceConv(shape, xd, wd);
  for (size_t i = 0; i < ref.size(); ++i) {
    int64_t acc = int64_t(ref[i]) + b[i % shape.outC];
    __int128 scaled = (__int128(acc) * epilogue.multiplier +
                       (__int128(1) << (epilogue.shift - 1))) >>
                      epilogue.shift;
    int64_t q = int64_t(scaled) + epilogue.outputZp;
    if (epilogue.activation == Activation::Relu)
      q = std::max<int64_t>(q, epilogue.outputZp);
    if (epilogue.activation == Activation::Clamp)
      q = std::clamp<int64_t>(q, int64_t(epilogue.clampLo),
                              int64_t(epilogue.clampHi));
    q = std::clamp<int64_t>(q, -128, 127);
    ASSERT_EQ(int64_t(int8_t(got.data[i])), q)
        << "trial " << trial << " element " << i;
  }
}

TEST(ConvReferenceTest, RandomInt8ConvsMatchExactly) {
  std::mt19937 rng(5);
  const char *presets[] = {"nvdla-small", "tpu-systolic"};
  for (int trial = 0; trial < 24; ++trial) {
    TargetDesc target = *lookupPreset(presets[trial % 2]);
    ConvShape shape = randomShape(rng, ElementKind::I8);
    ConvEpilogue epilogue;
    epilogue.activation =
        trial % 3 == 0 ? Activation::Relu
                       : (trial % 3 == 1 ? Activation::Clamp : Activation::None);
    epilogue.clampLo = -60;
    epilogue.clampHi = 90;
    epilogue.inputZp = int32_t(rng() % 21) - 10;
    epilogue.weightZp = int32_t(rng() % 5) - 2;
    epilogue.outputZp = int32_t(rng() % 11) - 5;
    epilogue.multiplier = 1518500250; // ~0.707 * 2^31
    epilogue.shift = 38;
    TilingChoice tiling = tilingFor(shape, target, trial % 2, rng);

    checkInt8Conv(shape, epilogue, tiling, target, rng, trial);
  }
}

TEST(ConvReferenceTest, KernelRowTilesMatchTheReferenceAndTheEstimate) {
  // Kernel-row tiles (TilingChoice::kernelRows): every row tile's weights
  // loaded on their own, its rows run over the resident input box and added
  // into the accumulators, POST + STORE after the last. Random shapes with
  // at least two kernel rows, random fitting tilings cut into a random
  // number of rows per tile, on every preset family, f32 and int8 (with and
  // without the kernel rows over padding split off); the cost model prices
  // exactly the cycles that run.
  std::mt19937 rng(11);
  const char *presets[] = {"nvdla-small", "diannao", "nvdla-large",
                           "tpu-systolic"};
  for (int trial = 0; trial < 32; ++trial) {
    TargetDesc target = *lookupPreset(presets[trial % 4]);
    bool int8 = trial % 2 == 1;
    ConvShape shape =
        randomShape(rng, int8 ? ElementKind::I8 : ElementKind::F32);
    if (shape.kernelH < 2) {
      shape.kernelH = 2 + trial % 4;
      shape.inH =
          std::max(shape.inH, (shape.kernelH - 1) * shape.dilationH + 1);
    }
    TilingChoice tiling = tilingFor(shape, target, /*randomTiling=*/true, rng);
    tiling.kernelRows = 1 + int64_t(rng() % (shape.kernelH - 1));
    SCOPED_TRACE(testing::Message()
                 << "trial " << trial << " kernel " << shape.kernelH
                 << " rows per tile " << tiling.kernelRows);
    ConvEpilogue epilogue;
    int64_t cycles = -1;
    if (int8) {
      epilogue.activation = Activation::Clamp;
      epilogue.clampLo = -100;
      epilogue.clampHi = 100;
      epilogue.inputZp = int32_t(rng() % 21) - 10;
      epilogue.weightZp = int32_t(rng() % 5) - 2;
      epilogue.multiplier = 1518500250;
      epilogue.shift = 38;
      checkInt8Conv(shape, epilogue, tiling, target, rng, trial, &cycles);
    } else {
      epilogue.activation = Activation::Relu;
      bool skipped = false;
      checkF32Conv(shape, epilogue, tiling, target, rng, trial, &skipped,
                   &cycles);
    }
    llvm::Expected<CostEstimate> estimate =
        estimateConvCost(shape, target, tiling);
    ASSERT_TRUE(bool(estimate)) << llvm::toString(estimate.takeError());
    EXPECT_EQ(estimate->cycles, cycles);
  }
}

/// One axis of a stride-s transposed conv split into s phases: phase r owns
/// outputs o = s*m + r and uses taps k = k0 + s*j, read in flipped order as
/// an ordinary stride-1 correlation.
struct AxisPhase {
  int64_t outputs = 0;     ///< M_r
  int64_t taps = 0;        ///< T (0: bias-only phase)
  int64_t firstTap = 0;    ///< k0
  int64_t inputOffset = 0; ///< input rows skipped (>0) or padded (<0)
  int64_t inputs = 0, padBegin = 0, padEnd = 0;
};

AxisPhase axisPhase(int64_t in, int64_t out, int64_t kernel, int64_t stride,
                    int64_t pad, int64_t r) {
  AxisPhase phase;
  phase.outputs = out > r ? (out - 1 - r) / stride + 1 : 0;
  phase.firstTap = ((r + pad) % stride + stride) % stride;
  phase.taps = kernel > phase.firstTap
                   ? (kernel - phase.firstTap + stride - 1) / stride
                   : 0;
  int64_t q = (r + pad - phase.firstTap) / stride;
  int64_t offset = q - phase.taps + 1;
  phase.inputOffset = std::max<int64_t>(offset, 0);
  phase.padBegin = std::max<int64_t>(-offset, 0);
  phase.inputs = in - phase.inputOffset;
  phase.padEnd = phase.outputs + phase.taps - 1 - phase.inputs - phase.padBegin;
  if (phase.padEnd < 0) {
    phase.inputs += phase.padEnd;
    phase.padEnd = 0;
  }
  return phase;
}

struct DeconvCase {
  int64_t inH, inW, inC, outC, kernel, stride, pad, outputPadding;
  const char *target;
};

TEST(ConvReferenceTest, SplitTransposedConvInterleavesPhasesThroughStores) {
  const DeconvCase cases[] = {
      {8, 8, 16, 8, 5, 2, 2, 1, "nvdla-small"},  // DCGAN-style k5 s2
      {6, 5, 8, 12, 3, 2, 1, 1, "nvdla-large"},  // FST-style k3 s2
      {5, 4, 8, 3, 4, 2, 1, 0, "diannao"},       // SNGAN-style k4 s2
      {4, 3, 4, 5, 2, 3, 0, 0, "nvdla-small"},   // K < S: bias-only phases
  };
  std::mt19937 rng(9);
  for (const DeconvCase &c : cases) {
    TargetDesc target = *lookupPreset(c.target);
    int64_t outH = (c.inH - 1) * c.stride - 2 * c.pad + c.kernel + c.outputPadding;
    int64_t outW = (c.inW - 1) * c.stride - 2 * c.pad + c.kernel + c.outputPadding;
    std::vector<float> x = randomFloats(c.inH * c.inW * c.inC, rng);
    // Transposed-conv weights [outC][k][k][inC] (TOSA's OHWI).
    std::vector<float> w = randomFloats(c.outC * c.kernel * c.kernel * c.inC, rng);
    std::vector<float> b = randomFloats(c.outC, rng);

    ProgramBuilder builder(target);
    uint16_t layer = builder.addLayer("deconv");
    uint64_t xAddr = builder.addTensor("x", TensorRole::Input, DType::F32,
                                       {1, c.inH, c.inW, c.inC});
    uint64_t yAddr = builder.addTensor("y", TensorRole::Output, DType::F32,
                                       {1, outH, outW, c.outC});
    uint64_t bAddr =
        builder.addConstant("b", DType::F32, {c.outC}, floatBytes(b));
    DramView full = DramView::dense(yAddr, outH, outW, c.outC, 4);
    DramView input = DramView::dense(xAddr, c.inH, c.inW, c.inC, 4);
    VectorSink sink(builder.instructions());
    for (int64_t ry = 0; ry < c.stride; ++ry)
      for (int64_t rx = 0; rx < c.stride; ++rx) {
        AxisPhase py = axisPhase(c.inH, outH, c.kernel, c.stride, c.pad, ry);
        AxisPhase px = axisPhase(c.inW, outW, c.kernel, c.stride, c.pad, rx);
        if (py.outputs == 0 || px.outputs == 0)
          continue;
        DramView out{full.base + ry * full.rowStride + rx * full.pixelStride,
                     full.imageStride, c.stride * full.rowStride,
                     c.stride * full.pixelStride};
        if (py.taps == 0 || px.taps == 0) {
          PlaneShape plane{1, py.outputs, px.outputs, c.outC, ElementKind::F32};
          ASSERT_FALSE(bool(generateFillSchedule(plane, ConvEpilogue{}, bAddr,
                                                 out, target, layer, sink)));
          continue;
        }
        // Phase weights: tap (t_y, t_x) is original tap
        // (k0y + s*(Ty-1-t_y), k0x + s*(Tx-1-t_x)).
        std::vector<float> pw;
        for (int64_t o = 0; o < c.outC; ++o)
          for (int64_t ty = 0; ty < py.taps; ++ty)
            for (int64_t tx = 0; tx < px.taps; ++tx) {
              int64_t ky = py.firstTap + c.stride * (py.taps - 1 - ty);
              int64_t kx = px.firstTap + c.stride * (px.taps - 1 - tx);
              for (int64_t i = 0; i < c.inC; ++i)
                pw.push_back(w[((o * c.kernel + ky) * c.kernel + kx) * c.inC + i]);
            }
        std::string name = "w" + std::to_string(ry) + std::to_string(rx);
        ConvOperands operands;
        operands.weights = builder.addConstant(
            name, DType::F32, {c.outC, py.taps, px.taps, c.inC}, floatBytes(pw));
        operands.bias = bAddr;
        operands.input = input;
        operands.input.base += py.inputOffset * input.rowStride +
                               px.inputOffset * input.pixelStride;
        operands.output = out;
        ConvShape phase;
        phase.inH = py.inputs;
        phase.inW = px.inputs;
        phase.inC = c.inC;
        phase.outC = c.outC;
        phase.kernelH = py.taps;
        phase.kernelW = px.taps;
        phase.padTop = py.padBegin;
        phase.padBottom = py.padEnd;
        phase.padLeft = px.padBegin;
        phase.padRight = px.padEnd;
        ASSERT_EQ(phase.outH(), py.outputs);
        ASSERT_EQ(phase.outW(), px.outputs);
        llvm::Expected<TiledConv> tiled = chooseTiling(phase, target);
        ASSERT_TRUE(bool(tiled)) << llvm::toString(tiled.takeError());
        ASSERT_FALSE(bool(generateConvSchedule(phase, ConvEpilogue{},
                                               tiled->tiling, operands, target,
                                               layer, sink)));
      }
    llvm::Expected<Simulator> simulator = Simulator::create(*builder.finish());
    ASSERT_TRUE(bool(simulator));
    ASSERT_FALSE(bool(simulator->setInput(
        "x", {DType::F32, {1, c.inH, c.inW, c.inC}, floatBytes(x)})));
    llvm::Expected<SimReport> report = simulator->run();
    ASSERT_TRUE(bool(report)) << llvm::toString(report.takeError());
    EXPECT_EQ(report->layers.size(), 1u);
    std::vector<float> got = toFloats(*simulator->readTensor("y"));

    // Direct scatter definition of the transposed conv.
    std::vector<double> ref(outH * outW * c.outC, 0.0);
    for (int64_t iy = 0; iy < c.inH; ++iy)
      for (int64_t ix = 0; ix < c.inW; ++ix)
        for (int64_t ky = 0; ky < c.kernel; ++ky)
          for (int64_t kx = 0; kx < c.kernel; ++kx) {
            int64_t oy = iy * c.stride + ky - c.pad;
            int64_t ox = ix * c.stride + kx - c.pad;
            if (oy < 0 || oy >= outH || ox < 0 || ox >= outW)
              continue;
            for (int64_t o = 0; o < c.outC; ++o)
              for (int64_t i = 0; i < c.inC; ++i)
                ref[(oy * outW + ox) * c.outC + o] +=
                    double(x[(iy * c.inW + ix) * c.inC + i]) *
                    w[((o * c.kernel + ky) * c.kernel + kx) * c.inC + i];
          }
    for (size_t i = 0; i < ref.size(); ++i)
      ASSERT_NEAR(got[i], ref[i] + b[i % c.outC], 1e-4)
          << c.target << " k" << c.kernel << " s" << c.stride << " element "
          << i;
  }
}

TEST(ConvReferenceTest, ResidualAddF32AndInt8) {
  TargetDesc target = *lookupPreset("nvdla-small");
  std::mt19937 rng(17);
  PlaneShape shape{2, 9, 7, 20, ElementKind::F32};
  int64_t count = 2 * 9 * 7 * 20;
  std::vector<float> a = randomFloats(count, rng), b = randomFloats(count, rng);
  {
    ProgramBuilder builder(target);
    uint16_t layer = builder.addLayer("add");
    uint64_t aAddr = builder.addConstant("a", DType::F32, {2, 9, 7, 20}, floatBytes(a));
    uint64_t bAddr = builder.addConstant("b", DType::F32, {2, 9, 7, 20}, floatBytes(b));
    uint64_t yAddr = builder.addTensor("y", TensorRole::Output, DType::F32, {2, 9, 7, 20});
    ConvEpilogue relu;
    relu.activation = Activation::Relu;
    VectorSink sink(builder.instructions());
    ASSERT_FALSE(bool(generateAddSchedule(
        shape, DramView::dense(aAddr, 9, 7, 20, 4), AddOperandScale{},
        DramView::dense(bAddr, 9, 7, 20, 4), AddOperandScale{}, relu,
        DramView::dense(yAddr, 9, 7, 20, 4), target, layer, sink)));
    llvm::Expected<Simulator> simulator = Simulator::create(*builder.finish());
    ASSERT_TRUE(bool(simulator));
    ASSERT_TRUE(bool(simulator->run()));
    std::vector<float> got = toFloats(*simulator->readTensor("y"));
    for (int64_t i = 0; i < count; ++i)
      ASSERT_EQ(got[i], std::max(a[i] + b[i], 0.0f));
  }
  {
    shape.element = ElementKind::I8;
    std::vector<uint8_t> qa(count), qb(count);
    for (int64_t i = 0; i < count; ++i) {
      qa[i] = uint8_t(rng());
      qb[i] = uint8_t(rng());
    }
    ProgramBuilder builder(target);
    uint16_t layer = builder.addLayer("qadd");
    uint64_t aAddr = builder.addConstant("a", DType::I8, {2, 9, 7, 20}, qa);
    uint64_t bAddr = builder.addConstant("b", DType::I8, {2, 9, 7, 20}, qb);
    uint64_t yAddr = builder.addTensor("y", TensorRole::Output, DType::I8, {2, 9, 7, 20});
    AddOperandScale scaleA{3, 1 << 20, 20};  // (a - 3) * 1
    AddOperandScale scaleB{-2, 3 << 19, 20}; // (b + 2) * 1.5
    ConvEpilogue requant;
    requant.multiplier = 1 << 30; // x 0.5
    requant.shift = 31;
    requant.outputZp = 1;
    VectorSink sink(builder.instructions());
    ASSERT_FALSE(bool(generateAddSchedule(
        shape, DramView::dense(aAddr, 9, 7, 20, 1), scaleA,
        DramView::dense(bAddr, 9, 7, 20, 1), scaleB, requant,
        DramView::dense(yAddr, 9, 7, 20, 1), target, layer, sink)));
    llvm::Expected<Simulator> simulator = Simulator::create(*builder.finish());
    ASSERT_TRUE(bool(simulator));
    ASSERT_TRUE(bool(simulator->run()));
    NpyArray got = *simulator->readTensor("y");
    auto rescale = [](int64_t v, int64_t m, int64_t s) {
      return (v * m + (int64_t(1) << (s - 1))) >> s;
    };
    for (int64_t i = 0; i < count; ++i) {
      int64_t sum = rescale(int8_t(qa[i]) - 3, 1 << 20, 20) +
                    rescale(int8_t(qb[i]) + 2, 3 << 19, 20);
      int64_t q = std::clamp<int64_t>(rescale(sum, 1 << 30, 31) + 1, -128, 127);
      ASSERT_EQ(int64_t(int8_t(got.data[i])), q) << i;
    }
  }
}

} // namespace
