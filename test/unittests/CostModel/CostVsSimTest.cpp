//===- CostVsSimTest.cpp - Cost model vs simulated cycles -----------------===//
//
// Representative layers of the benchmark networks (DCGAN 5x5 stride-2 and
// FST 3x3 stride-2 transposed convs as their split phases, a 1x1 conv, a
// 3-channel-output conv) are priced by the cost model, compiled with the
// schedule generator, run in the simulator, and the estimate must be
// within 5% of the simulated cycles on every preset tried.
//
//===----------------------------------------------------------------------===//

#include "accel/Schedule/ConvSchedule.h"
#include "accel/Schedule/TileLoopNest.h"
#include "accel/ISA/Latency.h"
#include "accel/ISA/Program.h"
#include "accel/Sim/Simulator.h"
#include "accel/Target/CostModel.h"
#include "accel/Target/Tiler.h"

#include "../RowTapsOracle.h"
#include "PhaseShapes.h"
#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <random>

using namespace accel;
using namespace accel::oracle;
using namespace accel::testshapes;
using namespace accel::isa;
using namespace accel::schedule;
using namespace accel::sim;

namespace {

struct Measured {
  CostEstimate estimate;
  SimReport report;
  double roofline;
};

/// Prices `convs` as one layer, then compiles and simulates them.
Measured priceAndSimulate(llvm::ArrayRef<ConvShape> convs,
                          const TargetDesc &target) {
  Measured measured;
  llvm::Expected<TiledLayer> layer = tileLayer(convs, target);
  EXPECT_TRUE(bool(layer)) << llvm::toString(layer.takeError());
  measured.estimate = layer->total;
  measured.roofline = layer->rooflineCycles;

  std::mt19937 rng(1);
  ProgramBuilder builder(target);
  uint16_t id = builder.addLayer("layer");
  std::vector<std::string> inputs;
  for (size_t i = 0; i < convs.size(); ++i) {
    const ConvShape &s = convs[i];
    std::string suffix = std::to_string(i);
    std::vector<float> w(s.outC * s.kernelH * s.kernelW * s.inC);
    for (float &value : w)
      value = std::uniform_real_distribution<float>(-1, 1)(rng);
    std::vector<uint8_t> bytes(w.size() * 4), bias(s.outC * 4, 0);
    std::memcpy(bytes.data(), w.data(), bytes.size());
    ConvOperands operands;
    operands.weights = builder.addConstant(
        "w" + suffix, DType::F32, {s.outC, s.kernelH, s.kernelW, s.inC}, bytes);
    operands.bias = builder.addConstant("b" + suffix, DType::F32, {s.outC}, bias);
    operands.input = DramView::dense(
        builder.addTensor("x" + suffix, TensorRole::Input, DType::F32,
                          {1, s.inH, s.inW, s.inC}),
        s.inH, s.inW, s.inC, 4);
    operands.output = DramView::dense(
        builder.addTensor("y" + suffix, TensorRole::Output, DType::F32,
                          {1, s.outH(), s.outW(), s.outC}),
        s.outH(), s.outW(), s.outC, 4);
    VectorSink sink(builder.instructions());
    EXPECT_FALSE(bool(generateConvSchedule(s, ConvEpilogue{},
                                           layer->convs[i].tiling, operands,
                                           target, id, sink)));
    inputs.push_back("x" + suffix);
  }
  llvm::Expected<Simulator> simulator = Simulator::create(*builder.finish());
  EXPECT_TRUE(bool(simulator));
  for (size_t i = 0; i < convs.size(); ++i) {
    const ConvShape &s = convs[i];
    NpyArray x{DType::F32, {1, s.inH, s.inW, s.inC},
               std::vector<uint8_t>(s.inH * s.inW * s.inC * 4, 0)};
    EXPECT_FALSE(bool(simulator->setInput(inputs[i], x)));
  }
  llvm::Expected<SimReport> report = simulator->run();
  EXPECT_TRUE(bool(report)) << llvm::toString(report.takeError());
  measured.report = *report;
  return measured;
}

struct Layer {
  const char *name;
  std::vector<ConvShape> convs;
};

std::vector<Layer> representativeLayers() {
  return {
      {"dcgan deconv2 k5s2 256->128 split", stride2Phases(8, 8, 256, 128, 5)},
      {"dcgan deconv4 k5s2 64->3 split", stride2Phases(32, 32, 64, 3, 5)},
      {"fst deconv k3s2 64->32 split", stride2Phases(32, 32, 64, 32, 3)},
      {"1x1 conv 64->64", {conv(28, 28, 64, 64, 1, 1, 0, 0, 0, 0)}},
      {"fst out 9x9 32->3", {conv(48, 48, 32, 3, 9, 9, 4, 4, 4, 4)}},
      {"strided 3x3 s2 32->64", {conv(32, 32, 32, 64, 3, 3, 1, 1, 1, 1, 2)}},
      // Long schedules (> kExactWalkSteps on the small targets): priced by
      // extrapolation, still checked against the simulator.
      {"fst residual 3x3 128->128 64x64",
       {conv(64, 64, 128, 128, 3, 3, 1, 1, 1, 1)}},
  };
}

TEST(CostVsSimTest, EstimateWithinFivePercentOfSimulatedCycles) {
  for (const char *preset : {"nvdla-small", "nvdla-large", "diannao"}) {
    TargetDesc target = *lookupPreset(preset);
    for (const Layer &layer : representativeLayers()) {
      Measured m = priceAndSimulate(layer.convs, target);
      ASSERT_EQ(m.report.layers.size(), 1u);
      int64_t simulated = m.report.layers[0].cycles;
      double error = std::fabs(double(m.estimate.cycles - simulated)) /
                     double(simulated);
      std::printf("  %-12s %-36s est %10lld sim %10lld (%.2f%%) util %5.1f%% "
                  "dram %9lld roofline x%.2f\n",
                  preset, layer.name, (long long)m.estimate.cycles,
                  (long long)simulated, 100 * error,
                  100 * m.report.layers[0].macUtilization,
                  (long long)m.report.dramBytes,
                  double(simulated) / m.roofline);
      EXPECT_LE(error, 0.05) << preset << " " << layer.name;
      EXPECT_EQ(m.estimate.dramBytes, m.report.dramBytes);
      EXPECT_EQ(m.estimate.macs, m.report.macs);
      EXPECT_NEAR(m.estimate.energyPJ, m.report.energyPJ,
                  1e-9 * m.report.energyPJ);
    }
  }
}

TEST(CostVsSimTest, StackedWinsOnlyWhenOutputChannelsAreFew) {
  // DCGAN's last deconv (64 -> 3, k5 s2 on 32x32): the split phases use 3
  // of 32 output lanes on nvdla-large; the stacked conv (3x3 taps,
  // 4*3 = 12 channels) packs four phases into the lanes. With 128 output
  // channels the split has no lane waste and its exact taps win.
  TargetDesc target = *lookupPreset("nvdla-large");
  auto cycles = [&](llvm::ArrayRef<ConvShape> convs) {
    llvm::Expected<TiledLayer> layer = tileLayer(convs, target);
    EXPECT_TRUE(bool(layer));
    return layer->total.cycles;
  };
  ConvShape stackedFew = conv(32, 32, 64, 12, 3, 3, 1, 1, 1, 1);
  ConvShape stackedMany = conv(8, 8, 256, 512, 3, 3, 1, 1, 1, 1);
  int64_t splitFew = cycles(stride2Phases(32, 32, 64, 3, 5));
  int64_t splitMany = cycles(stride2Phases(8, 8, 256, 128, 5));
  std::printf("  64->3:   split %lld, stacked %lld\n", (long long)splitFew,
              (long long)cycles({stackedFew}));
  std::printf("  256->128: split %lld, stacked %lld\n", (long long)splitMany,
              (long long)cycles({stackedMany}));
  EXPECT_LT(cycles({stackedFew}), splitFew);
  EXPECT_LT(splitMany, cycles({stackedMany}));
}

} // namespace

namespace {

TEST(CostVsSimTest, DcganDeconvUnderEachStrategy) {
  // DCGAN's 5x5 stride-2 deconvs (TF SAME): 8x8x256 -> 16x16x128 and
  // 32x32x64 -> 64x64x3, priced as split (4 exact phases), stacked (one
  // 3x3 conv with 4x the channels) and zero-insert (5x5 conv over the
  // dilated 15x15 / 63x63 map, padded 2/3). Every estimate is checked
  // against the simulator as well.
  struct Deconv {
    const char *name;
    int64_t h, c, k;
  };
  for (const char *preset : {"nvdla-small", "nvdla-large"}) {
    TargetDesc target = *lookupPreset(preset);
    for (Deconv d : {Deconv{"256->128", 8, 256, 128}, Deconv{"64->3", 32, 64, 3}}) {
      std::vector<ConvShape> split = stride2Phases(d.h, d.h, d.c, d.k, 5);
      std::vector<ConvShape> stacked = {
          conv(d.h, d.h, d.c, 4 * d.k, 3, 3, 1, 1, 1, 1)};
      std::vector<ConvShape> zeroInsert = {
          conv(2 * d.h - 1, 2 * d.h - 1, d.c, d.k, 5, 5, 2, 3, 2, 3)};
      int64_t cycles[3];
      int index = 0;
      for (auto [strategy, convs] :
           {std::pair<const char *, std::vector<ConvShape> *>{"split", &split},
            {"stacked", &stacked},
            {"zero-insert", &zeroInsert}}) {
        Measured m = priceAndSimulate(*convs, target);
        EXPECT_EQ(m.estimate.cycles, m.report.cycles);
        cycles[index++] = m.report.cycles;
        std::printf("  %-12s dcgan %-9s %-12s cycles %9lld util %5.1f%% "
                    "dram %9lld energy %8.2f uJ\n",
                    preset, d.name, strategy, (long long)m.report.cycles,
                    100 * m.report.macUtilization,
                    (long long)m.report.dramBytes, m.report.energyPJ * 1e-6);
      }
      EXPECT_LT(cycles[0], cycles[2]) << "split beats zero-insert";
    }
  }
}

} // namespace

namespace {

/// Runs `phases` (all reading one random input) through the simulator,
/// either as one fused schedule or as one schedule per phase; returns the
/// report and every phase's output bytes.
struct PhaseRun {
  SimReport report;
  std::vector<std::vector<uint8_t>> outputs;
};

PhaseRun runPhases(const PhaseGroup &group, const TargetDesc &target,
                   bool fused, const std::vector<TilingChoice> &tilings) {
  std::mt19937 rng(7);
  auto random = [&](size_t count) {
    std::vector<float> values(count);
    for (float &value : values)
      value = std::uniform_real_distribution<float>(-1, 1)(rng);
    std::vector<uint8_t> bytes(count * 4);
    std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
  };
  const ConvShape &first = group.phases.front();
  ProgramBuilder builder(target);
  uint16_t id = builder.addLayer("layer");
  DramView input = DramView::dense(
      builder.addTensor("x", TensorRole::Input, DType::F32,
                        {1, first.inH, first.inW, first.inC}),
      first.inH, first.inW, first.inC, 4);
  uint64_t bias = builder.addConstant("b", DType::F32, {first.outC},
                                      random(first.outC));
  std::vector<PhaseConv> phases;
  for (size_t i = 0; i < group.phases.size(); ++i) {
    const ConvShape &s = group.phases[i];
    std::string suffix = std::to_string(i);
    PhaseConv phase;
    phase.shape = s;
    phase.weights = builder.addConstant(
        "w" + suffix, DType::F32, {s.outC, s.kernelH, s.kernelW, s.inC},
        random(s.outC * s.kernelH * s.kernelW * s.inC));
    phase.bias = bias;
    phase.output = DramView::dense(
        builder.addTensor("y" + suffix, TensorRole::Output, DType::F32,
                          {1, s.outH(), s.outW(), s.outC}),
        s.outH(), s.outW(), s.outC, 4);
    phases.push_back(phase);
  }
  VectorSink sink(builder.instructions());
  if (fused) {
    EXPECT_FALSE(bool(generateFusedPhaseSchedule(phases, input, tilings[0],
                                                 target, id, sink)));
  } else {
    for (size_t i = 0; i < phases.size(); ++i) {
      ConvOperands operands{input, phases[i].weights, phases[i].bias,
                            phases[i].output};
      EXPECT_FALSE(bool(generateConvSchedule(phases[i].shape, ConvEpilogue{},
                                             tilings[i], operands, target, id,
                                             sink)));
    }
  }
  llvm::Expected<Simulator> simulator = Simulator::create(*builder.finish());
  EXPECT_TRUE(bool(simulator));
  std::mt19937 inputRng(3);
  NpyArray x{DType::F32, {1, first.inH, first.inW, first.inC}, {}};
  rng = inputRng;
  x.data = random(first.inH * first.inW * first.inC);
  EXPECT_FALSE(bool(simulator->setInput("x", x)));
  PhaseRun run;
  llvm::Expected<SimReport> report = simulator->run();
  EXPECT_TRUE(bool(report)) << llvm::toString(report.takeError());
  run.report = *report;
  for (size_t i = 0; i < phases.size(); ++i) {
    llvm::Expected<NpyArray> y = simulator->readTensor("y" + std::to_string(i));
    EXPECT_TRUE(bool(y));
    run.outputs.push_back(y->data);
  }
  return run;
}

/// The f32 outputs of two runs of the same phases agree (their C_in tiles
/// may differ: summation order, not bits).
void expectSameOutputs(const PhaseRun &a, const PhaseRun &b) {
  ASSERT_EQ(a.outputs.size(), b.outputs.size());
  for (size_t i = 0; i < a.outputs.size(); ++i) {
    ASSERT_EQ(a.outputs[i].size(), b.outputs[i].size());
    for (size_t j = 0; j + 4 <= a.outputs[i].size(); j += 4) {
      float x, y;
      std::memcpy(&x, &a.outputs[i][j], 4);
      std::memcpy(&y, &b.outputs[i][j], 4);
      ASSERT_NEAR(x, y, 1e-4f * (1 + std::fabs(y))) << "phase " << i;
    }
  }
}

TEST(FusedPhaseScheduleTest, MatchesSeparateSchedulesAndTheCostModel) {
  struct Case {
    const char *name;
    std::vector<ConvShape> phases;
  };
  std::vector<Case> cases = {
      {"dcgan k5s2 64->16", stride2Phases(8, 8, 64, 16, 5)},
      {"fst k3s2 p1 op1 32->16", pytorchPhases(12, 32, 16, 3, 2, 1, 1)},
      // K = S = 3, padding 1: phase 0 skips input column 0 (padding -1).
      {"k3s3 p1 (negative padding)", pytorchPhases(7, 8, 8, 3, 3, 1, 0)},
  };
  for (const char *preset : {"nvdla-small", "nvdla-large", "diannao"}) {
    TargetDesc target = *lookupPreset(preset);
    for (const Case &c : cases) {
      PhaseGroup group;
      group.phases = c.phases;
      llvm::Expected<TiledConv> fused = chooseFusedTiling(group, target);
      ASSERT_TRUE(bool(fused)) << llvm::toString(fused.takeError());
      std::vector<TilingChoice> separateTilings;
      CostEstimate separateCost;
      for (const ConvShape &phase : group.phases) {
        llvm::Expected<TiledConv> tiled = chooseTiling(phase, target);
        ASSERT_TRUE(bool(tiled));
        separateTilings.push_back(tiled->tiling);
        separateCost += tiled->cost;
      }
      PhaseRun a = runPhases(group, target, true, {fused->tiling});
      PhaseRun b = runPhases(group, target, false, separateTilings);
      std::printf("  %-12s %-28s fused est %8lld sim %8lld dram %8lld | "
                  "separate sim %8lld dram %8lld\n",
                  preset, c.name, (long long)fused->cost.cycles,
                  (long long)a.report.cycles, (long long)a.report.dramBytes,
                  (long long)b.report.cycles, (long long)b.report.dramBytes);
      // One source of truth: the cost model walks the same schedule.
      EXPECT_EQ(fused->cost.cycles, a.report.cycles) << preset << c.name;
      EXPECT_EQ(fused->cost.dramBytes, a.report.dramBytes);
      EXPECT_EQ(separateCost.cycles, b.report.cycles);
      // Same values (C_in tiles may differ: summation order, not bits).
      SCOPED_TRACE(std::string(preset) + " " + c.name);
      expectSameOutputs(a, b);
      // Every tap, or (kernel rows or columns split, which the fused and the
      // separate tilings may decide differently) at least those reading
      // input pixels.
      int64_t allTaps = 0, inputRows = 0;
      for (const ConvShape &phase : group.phases) {
        allTaps += phase.macs();
        inputRows += macsReadingInput(phase);
      }
      for (int64_t macs : {a.report.macs, b.report.macs}) {
        EXPECT_LE(macs, allTaps);
        EXPECT_GE(macs, inputRows);
      }
      // tilePhaseGroup takes the cheaper of the two.
      llvm::Expected<TiledPhaseGroup> chosen = tilePhaseGroup(group, target);
      ASSERT_TRUE(bool(chosen));
      EXPECT_EQ(chosen->total.cycles,
                std::min(a.report.cycles, b.report.cycles));
    }
  }
}

TEST(FusedPhaseScheduleTest, PhaseStepsAndWholeInputBoxesRunCorrectly) {
  // FST's k3s2 deconv, 128 -> 64 channels on nvdla-large (f32): the four
  // phases' 32 x 64 weight tiles side by side (73.7 KB) overflow a 64 KiB
  // weight stage, so they take turns (phase steps); two C_in and two C_out
  // tiles of a box fit one input stage together (whole input box). With
  // 16 x 16 positions the phases' accumulator tiles side by side (128 KiB)
  // overflow an accumulator stage, so the phases run outer, each with its
  // own accumulator tile, sharing the whole box under both loop orders. Same
  // values as separate schedules, and the cost model prices exactly what
  // the simulator runs.
  PhaseGroup group;
  group.phases = pytorchPhases(16, 128, 64, 3, 2, 1, 1);
  TargetDesc target = *lookupPreset("nvdla-large");
  for (int64_t tileW : {8, 16})
    for (LoopOrder order :
         {LoopOrder::SpatialOuter, LoopOrder::OutChannelOuter}) {
      SCOPED_TRACE(testing::Message() << tileW << " " << int(order));
      TilingChoice tiling{16, tileW, 32, 64, order};
      schedule::TileLoopNest nest = schedule::phaseGroupNest(
          group.phases, tiling, group.hasBias, group.sharedBias, target);
      bool phasesOuter = tileW == 16;
      EXPECT_EQ(nest.getResidency().phaseSteps, 4);
      EXPECT_EQ(nest.getResidency().phasesOuter, phasesOuter);
      EXPECT_EQ(nest.getResidency().wholeInput,
                phasesOuter || order == LoopOrder::SpatialOuter);
      EXPECT_EQ(nest.inputLoadsPerBox(),
                order == LoopOrder::SpatialOuter || nest.spatialTiles() == 1
                    ? 1
                    : nest.tilesK());
      ASSERT_TRUE(
          fitsTarget(fusedTileFootprint(group.phases, tiling, group.hasBias,
                                        group.sharedBias, target),
                     target));
      // Side by side the tiling does not fit.
      EXPECT_FALSE(
          fitsTarget(fusedTileFootprint(group.phases, tiling, group.hasBias,
                                        group.sharedBias),
                     target));
      std::vector<TilingChoice> separateTilings;
      for (const ConvShape &phase : group.phases) {
        llvm::Expected<TiledConv> tiled = chooseTiling(phase, target);
        ASSERT_TRUE(bool(tiled));
        separateTilings.push_back(tiled->tiling);
      }
      PhaseRun a = runPhases(group, target, true, {tiling});
      PhaseRun b = runPhases(group, target, false, separateTilings);
      llvm::Expected<CostEstimate> cost = walkFusedCost(group, target, tiling);
      ASSERT_TRUE(bool(cost)) << llvm::toString(cost.takeError());
      EXPECT_EQ(cost->cycles, a.report.cycles);
      EXPECT_EQ(cost->dramBytes, a.report.dramBytes);
      CostBound bound = boundFusedCost(group, target, tiling);
      EXPECT_GE(bound.dramBytes, a.report.dramBytes);
      EXPECT_LE(bound.lowerBoundCycles, a.report.cycles);
      expectSameOutputs(a, b);
      EXPECT_EQ(a.report.macs, b.report.macs);
    }
}

TEST(FusedPhaseScheduleTest, ColumnSplitSkipsPaddingColumnsExactly) {
  // SNGAN's first deconv (k4 s2 p1) on a 4 x 4 input, 64 -> 32 channels,
  // on nvdla-small (f32): each phase's 2 x 2 sub-kernel reads a padding
  // column in one of its 4 output columns, 1/8 of its column taps, so the
  // fused schedule cuts its CONVs into column ranges (acc_pitch, w_pitch,
  // w_row_pitch). Two C_in tiles: the second accumulates into the ranges
  // the first wrote. Same values as separate schedules, the MACs of
  // the taps reading input only, and the cost model prices exactly what the
  // simulator runs.
  PhaseGroup group;
  group.phases = pytorchPhases(4, 64, 32, 4, 2, 1, 0);
  TargetDesc target = *lookupPreset("nvdla-small");
  for (LoopOrder order :
       {LoopOrder::SpatialOuter, LoopOrder::OutChannelOuter}) {
    TilingChoice tiling{5, 5, 16, 32, order};
    schedule::TileLoopNest nest = schedule::phaseGroupNest(
        group.phases, tiling, group.hasBias, group.sharedBias, target);
    EXPECT_TRUE(nest.getResidency().splitKernelCols);
    EXPECT_EQ(nest.tilesC(), 2);
    std::vector<TilingChoice> separateTilings;
    for (const ConvShape &phase : group.phases) {
      llvm::Expected<TiledConv> tiled = chooseTiling(phase, target);
      ASSERT_TRUE(bool(tiled));
      separateTilings.push_back(tiled->tiling);
    }
    PhaseRun a = runPhases(group, target, true, {tiling});
    PhaseRun b = runPhases(group, target, false, separateTilings);
    expectSameOutputs(a, b);
    // Every tap reading padding is skipped: each phase has a kernel row
    // that reads input at every output row (the one that writes them all on
    // the first C_in tile), so the MACs are exactly the taps reading input
    // -- fewer than with kernel rows split alone.
    int64_t readingRows = 0, readingInput = 0;
    for (const ConvShape &phase : group.phases) {
      readingRows += macsReadingInputRows(phase);
      readingInput += macsReadingInput(phase);
    }
    EXPECT_LT(readingInput, readingRows);
    EXPECT_EQ(a.report.macs, readingInput);
    llvm::Expected<CostEstimate> cost = walkFusedCost(group, target, tiling);
    ASSERT_TRUE(bool(cost)) << llvm::toString(cost.takeError());
    EXPECT_EQ(cost->cycles, a.report.cycles);
    EXPECT_EQ(cost->macs, a.report.macs);
    CostBound bound = boundFusedCost(group, target, tiling);
    EXPECT_LE(bound.computeCycles, cost->computeCycles);
    EXPECT_LE(bound.lowerBoundCycles, a.report.cycles);
  }
  // A systolic array keeps whole kernels (it pays a fold's fill whatever
  // the CONV's columns).
  TilingChoice tiling{5, 5, 16, 32, LoopOrder::SpatialOuter};
  EXPECT_FALSE(schedule::phaseGroupNest(group.phases, tiling, group.hasBias,
                                        group.sharedBias,
                                        *lookupPreset("tpu-systolic"))
                   .getResidency()
                   .splitKernelCols);
}

TEST(FusedPhaseScheduleTest, BoundCountsOnlyThePhaseStepsThatRun) {
  // With phase steps, a phase with no outputs in a spatial tile skips its
  // step there and loads no weights, and a phase whose previous step had
  // the same weight tile keeps it: the closed form charges each phase's
  // weights (and bias) as often as the walk loads them, so its DRAM bytes
  // are the walk's and its cycles stay a lower bound. Every fitting tiling
  // of small split layers (the u-ranges of their phases differ by one at
  // the borders), on a broadcast and a systolic preset.
  struct Layer {
    const char *name;
    std::vector<ConvShape> phases;
  };
  std::vector<Layer> layers = {
      {"sngan k4s2 p1 4x4 64->32", pytorchPhases(4, 64, 32, 4, 2, 1, 0)},
      {"k5s2 p2 op1 6x6 64->64", pytorchPhases(6, 64, 64, 5, 2, 2, 1)},
      {"k5s2 p2 op1 3x3 64->64, two images",
       pytorchPhases(3, 64, 64, 5, 2, 2, 1)}};
  // Two phases whose u-ranges differ at the top and left only, the wider
  // one second: an image's first tile starts with it (the other has no
  // outputs there) and its last tile ends with it, so with two images it
  // keeps its weights from one image to the next.
  layers.push_back({"3x3 phases [0, 3) and [-1, 3), two images",
                    {conv(4, 4, 64, 64, 3, 3, 0, 1, 0, 1),
                     conv(4, 4, 64, 64, 3, 3, 1, 1, 1, 1)}});
  // Two images: the second image's first tile follows the first's last.
  for (size_t n : {layers.size() - 2, layers.size() - 1})
    for (ConvShape &phase : layers[n].phases)
      phase.batch = 2;
  int64_t skipping = 0, checked = 0;
  for (const char *preset : {"nvdla-small", "nvdla-large", "tpu-systolic"}) {
    TargetDesc target = *lookupPreset(preset);
    for (const Layer &layer : layers) {
      for (bool sharedBias : {true, false}) {
        SCOPED_TRACE(std::string(preset) + " " + layer.name +
                     (sharedBias ? " shared bias" : " per-phase bias"));
        PhaseGroup group;
        group.phases = layer.phases;
        group.sharedBias = sharedBias;
        for (const TilingChoice &tiling :
             enumerateFusedTilings(group, target)) {
          schedule::TileLoopNest nest = schedule::phaseGroupNest(
              group.phases, tiling, group.hasBias, group.sharedBias, target);
          if (nest.getResidency().phaseSteps <= 1)
            continue;
          int64_t phaseLoads = 0;
          for (int64_t loads : schedule::phaseWeightLoads(group.phases, nest))
            phaseLoads += loads;
          if (phaseLoads < int64_t(group.phases.size()) * nest.spatialTiles())
            ++skipping;
          llvm::Expected<CostEstimate> walked =
              walkFusedCost(group, target, tiling);
          ASSERT_TRUE(bool(walked)) << llvm::toString(walked.takeError());
          CostBound bound = boundFusedCost(group, target, tiling);
          EXPECT_EQ(bound.dramBytes, walked->dramBytes)
              << tiling.tileH << "x" << tiling.tileW << "x" << tiling.tileK
              << "x" << tiling.tileC;
          EXPECT_LE(bound.lowerBoundCycles, walked->cycles);
          ++checked;
        }
      }
    }
  }
  // Phase-stepped tilings were checked, and some of them skip steps.
  EXPECT_GT(checked, 20);
  EXPECT_GT(skipping, 5);
}

TEST(FusedPhaseScheduleTest, ExtrapolationMatchesTheWalk) {
  // FST's paper-size deconv: a long fused schedule on nvdla-small.
  PhaseGroup group;
  group.phases = pytorchPhases(64, 128, 64, 3, 2, 1, 1);
  TargetDesc target = *lookupPreset("nvdla-small");
  TilingChoice tiling{4, 3, 8, 16, LoopOrder::SpatialOuter};
  ASSERT_GT(boundFusedCost(group, target, tiling).steps, kExactWalkSteps);
  llvm::Expected<CostEstimate> walked = walkFusedCost(group, target, tiling);
  llvm::Expected<CostEstimate> estimated =
      estimateFusedCost(group, target, tiling);
  ASSERT_TRUE(bool(walked)) << llvm::toString(walked.takeError());
  ASSERT_TRUE(bool(estimated)) << llvm::toString(estimated.takeError());
  EXPECT_NEAR(double(estimated->cycles), double(walked->cycles),
              0.01 * double(walked->cycles));
  EXPECT_EQ(estimated->dramBytes, walked->dramBytes);
  EXPECT_EQ(estimated->macs, walked->macs);
}

TEST(FusedPhaseScheduleTest, RejectsPhasesThatCannotShareTheInput) {
  std::vector<ConvShape> phases = stride2Phases(8, 8, 16, 8, 5);
  phases[1].inC = 32;
  EXPECT_TRUE(bool(llvm::errorToBool(checkPhaseGroup(phases))));
  phases = stride2Phases(8, 8, 16, 8, 5);
  phases[2].strideH = 2;
  EXPECT_TRUE(bool(llvm::errorToBool(checkPhaseGroup(phases))));
  // Kernel-row tiles are a plain conv's: the phases' kernels differ.
  phases = stride2Phases(8, 8, 16, 8, 5);
  std::vector<PhaseConv> group;
  for (const ConvShape &shape : phases) {
    PhaseConv phase;
    phase.shape = shape;
    phase.output = DramView::dense(0, shape.outH(), shape.outW(), 8, 4);
    group.push_back(phase);
  }
  TilingChoice rows{4, 4, 8, 16, LoopOrder::SpatialOuter, 1};
  std::vector<Instruction> program;
  VectorSink sink(program);
  llvm::Error error =
      generateFusedPhaseSchedule(group, DramView::dense(0, 8, 8, 16, 4), rows,
                                 *lookupPreset("nvdla-small"), 0, sink);
  ASSERT_TRUE(bool(error));
  EXPECT_NE(llvm::toString(std::move(error)).find("kernel-row tiles"),
            std::string::npos);
}

} // namespace

namespace {

/// Finishes `builder`'s program and simulates it with `inputs` (name,
/// value); a failure fails the test and returns an empty report.
SimReport
simulateProgram(ProgramBuilder &builder,
                llvm::ArrayRef<std::pair<std::string, NpyArray>> inputs = {}) {
  llvm::Expected<Program> program = builder.finish();
  if (!program) {
    ADD_FAILURE() << llvm::toString(program.takeError());
    return SimReport();
  }
  llvm::Expected<Simulator> simulator = Simulator::create(std::move(*program));
  if (!simulator) {
    ADD_FAILURE() << llvm::toString(simulator.takeError());
    return SimReport();
  }
  for (const auto &[name, value] : inputs)
    EXPECT_FALSE(bool(simulator->setInput(name, value)));
  llvm::Expected<SimReport> report = simulator->run();
  if (!report) {
    ADD_FAILURE() << llvm::toString(report.takeError());
    return SimReport();
  }
  return *report;
}

/// A fill (with bias) or an add of `shape`, compiled and simulated.
SimReport simulatePlane(const PlaneShape &shape, bool isAdd,
                        const TargetDesc &target) {
  int64_t bytes = elementBytes(shape.element);
  DType dtype = shape.element == ElementKind::F32 ? DType::F32 : DType::I8;
  std::vector<int64_t> dims = {shape.batch, shape.height, shape.width,
                               shape.channels};
  int64_t count = shape.batch * shape.height * shape.width * shape.channels;
  ProgramBuilder builder(target);
  uint16_t id = builder.addLayer(isAdd ? "add" : "fill");
  auto view = [&](uint64_t base) {
    return DramView::dense(base, shape.height, shape.width, shape.channels,
                           bytes);
  };
  DramView output =
      view(builder.addTensor("y", TensorRole::Output, dtype, dims));
  VectorSink sink(builder.instructions());
  if (isAdd) {
    std::vector<uint8_t> zeros(count * bytes, 0);
    DramView lhs = view(builder.addConstant("a", dtype, dims, zeros));
    DramView rhs = view(builder.addConstant("b", dtype, dims, zeros));
    EXPECT_FALSE(bool(generateAddSchedule(shape, lhs, AddOperandScale{}, rhs,
                                          AddOperandScale{}, ConvEpilogue{},
                                          output, target, id, sink)));
  } else {
    uint64_t bias = builder.addConstant(
        "bias", shape.element == ElementKind::F32 ? DType::F32 : DType::I32,
        {shape.channels},
        std::vector<uint8_t>(shape.channels * kAccEntryBytes, 0));
    EXPECT_FALSE(bool(generateFillSchedule(shape, ConvEpilogue{}, bias, output,
                                           target, id, sink)));
  }
  return simulateProgram(builder);
}

} // namespace

TEST(CostVsSimTest, PlaneSchedulesPriceExactlyWhatRunsInEveryTileForm) {
  // Half the accumulators: 1024 entries on diannao, 4096 on nvdla-small.
  struct Case {
    const char *preset;
    PlaneShape shape;
    const char *form;
  } cases[] = {
      {"diannao", {1, 9, 7, 20, ElementKind::F32}, "whole rows"},
      {"diannao", {1, 21, 51, 26, ElementKind::F32}, "column runs"},
      {"diannao", {1, 18, 34, 72, ElementKind::F32}, "column runs"},
      {"diannao", {2, 3, 4, 2100, ElementKind::F32}, "channel slices"},
      {"nvdla-small", {1, 5, 7, 4500, ElementKind::I8}, "channel slices"},
      {"nvdla-small", {1, 1, 16384, 512, ElementKind::F32}, "column runs"},
  };
  for (const Case &c : cases) {
    TargetDesc target = *lookupPreset(c.preset);
    for (bool isAdd : {false, true}) {
      llvm::Expected<CostEstimate> estimate =
          isAdd ? estimateAddCost(c.shape, target)
                : estimateFillCost(c.shape, target, /*hasBias=*/true);
      ASSERT_TRUE(bool(estimate)) << llvm::toString(estimate.takeError());
      SimReport report = simulatePlane(c.shape, isAdd, target);
      ASSERT_EQ(report.layers.size(), 1u)
          << c.preset << " " << c.form << (isAdd ? " add" : " fill");
      EXPECT_EQ(estimate->cycles, report.layers[0].cycles)
          << c.preset << " " << c.form << (isAdd ? " add" : " fill");
      EXPECT_EQ(estimate->dramBytes, report.dramBytes);
    }
  }
}

namespace {

/// An int8 conv with bias and a requantizing POST (plus a lookup table when
/// `lut`), compiled with `tiling` and simulated on zeros.
SimReport simulateInt8Conv(const ConvShape &s, const TilingChoice &tiling,
                           bool lut, const TargetDesc &target) {
  ProgramBuilder builder(target);
  uint16_t id = builder.addLayer("conv");
  ConvOperands operands;
  operands.weights = builder.addConstant(
      "w", DType::I8, {s.outC, s.kernelH, s.kernelW, s.inC},
      std::vector<uint8_t>(s.outC * s.kernelH * s.kernelW * s.inC, 1));
  operands.bias = builder.addConstant("b", DType::I32, {s.outC},
                                      std::vector<uint8_t>(s.outC * 4, 0));
  operands.input =
      DramView::dense(builder.addTensor("x", TensorRole::Input, DType::I8,
                                        {1, s.inH, s.inW, s.inC}),
                      s.inH, s.inW, s.inC, 1);
  operands.output =
      DramView::dense(builder.addTensor("y", TensorRole::Output, DType::I8,
                                        {1, s.outH(), s.outW(), s.outC}),
                      s.outH(), s.outW(), s.outC, 1);
  ConvEpilogue epilogue;
  epilogue.shift = 8;
  epilogue.multiplier = 1 << 7;
  if (lut)
    epilogue.lutTable = builder.addConstant(
        "lut", DType::I8, {kLutEntries}, std::vector<uint8_t>(kLutEntries, 3));
  VectorSink sink(builder.instructions());
  if (llvm::Error error = generateConvSchedule(s, epilogue, tiling, operands,
                                               target, id, sink)) {
    ADD_FAILURE() << llvm::toString(std::move(error));
    return SimReport();
  }
  NpyArray x{DType::I8,
             {1, s.inH, s.inW, s.inC},
             std::vector<uint8_t>(s.inH * s.inW * s.inC, 0)};
  return simulateProgram(builder, {{"x", x}});
}

} // namespace

TEST(CostVsSimTest, LookupTableConvsAreTiledWithTheirLongerPosts) {
  // The stacked conv of MDE's last upconv in int8 on nvdla-large: 32 -> 4 x
  // 16 channels, 2 x 2 taps over 16 x 32 pixels. Its POST applies an ELU
  // lookup table, which keeps the POST busy twice as long
  // (isa::instructionCost); the tiler ranks its tilings with that POST.
  TargetDesc target = *lookupPreset("nvdla-large");
  ConvShape conv;
  conv.inH = 16;
  conv.inW = 32;
  conv.inC = 32;
  conv.outC = 64;
  conv.kernelH = conv.kernelW = 2;
  conv.padTop = conv.padBottom = conv.padLeft = conv.padRight = 1;
  conv.element = ElementKind::I8;
  llvm::Expected<TiledConv> plain =
      chooseTiling(conv, target, EpilogueTiming{/*hasBias=*/true, false});
  llvm::Expected<TiledConv> withLut =
      chooseTiling(conv, target, EpilogueTiming{/*hasBias=*/true, true});
  ASSERT_TRUE(bool(plain)) << llvm::toString(plain.takeError());
  ASSERT_TRUE(bool(withLut)) << llvm::toString(withLut.takeError());
  // Each estimate is what the simulator runs, with and without the table.
  EXPECT_EQ(simulateInt8Conv(conv, plain->tiling, false, target).cycles,
            plain->cost.cycles);
  SimReport lutRun = simulateInt8Conv(conv, withLut->tiling, true, target);
  EXPECT_EQ(lutRun.cycles, withLut->cost.cycles);
  EXPECT_EQ(lutRun.dramBytes, withLut->cost.dramBytes);
  // The table costs cycles, and the tiling ranked without it runs slower
  // with it than the one ranked with it (5,069 cycles without the table, in
  // 5 x 33 tiles of 32 channels; with it 5,399 for that tiling, 5,237 for
  // the table-aware pick of 9 x 9 tiles of 64 channels;
  // test/Dialect/Accel/tile-epilogue.mlir).
  EXPECT_GT(withLut->cost.cycles, plain->cost.cycles);
  EXPECT_LT(withLut->cost.cycles,
            simulateInt8Conv(conv, plain->tiling, true, target).cycles);
}
