//===- SplitPlanTest.cpp - Split plan vs direct transposed convolution ----===//
//
// Checks the plan of include/accel/Split/SplitPlan.h against the scatter
// reference of Reference.h for every strategy:
//   * exhaustive 1-D sweeps (I 1-9, K 1-7, S 1-4, D 1-3, every out_pad pair
//     from deep crops to extra zeros that leaves an output), run as the H and
//     as the W axis, with integer-valued f32 data so results must be equal;
//   * a sampled 2-D sweep with batch, channels, groups 1-3, f32 and int8 with
//     zero points (bit-exact);
//   * structural invariants (ownership, taps, no zero taps) and MAC counts.
//
//===----------------------------------------------------------------------===//

#include "accel/Split/Reference.h"
#include "accel/Split/SplitPlan.h"

#include "gtest/gtest.h"

#include <cmath>
#include <functional>
#include <numeric>
#include <random>
#include <set>
#include <string>

using namespace accel;

namespace {

/// Unwraps an Expected in a test, failing with its message.
template <typename T>
T expectOk(llvm::Expected<T> value) {
  if (!value) {
    ADD_FAILURE() << llvm::toString(value.takeError());
    return T();
  }
  return std::move(*value);
}

constexpr SplitStrategy kStrategies[] = {
    SplitStrategy::Split, SplitStrategy::Stacked, SplitStrategy::ZeroInsert};

/// Random integers in [lo, hi] as T (exact in f32 for the sizes used here).
template <typename T>
std::vector<T> randomInts(std::mt19937 &rng, size_t count, int lo, int hi) {
  std::uniform_int_distribution<int> dist(lo, hi);
  std::vector<T> values(count);
  for (T &v : values)
    v = static_cast<T>(dist(rng));
  return values;
}

std::string describe(const TransposedConvParams &p) {
  auto axis = [](const AxisParams &a) {
    return "I" + std::to_string(a.inputSize) + " K" +
           std::to_string(a.kernelSize) + " S" + std::to_string(a.stride) +
           " D" + std::to_string(a.dilation) + " pad(" +
           std::to_string(a.padBegin) + "," + std::to_string(a.padEnd) + ")";
  };
  return "N" + std::to_string(p.batch) + " Cin" + std::to_string(p.inChannels) +
         " Cout" + std::to_string(p.outChannels) + " G" +
         std::to_string(p.groups) + " H[" + axis(p.h) + "] W[" + axis(p.w) +
         "]";
}

/// Checks the per-axis invariants the emitters rely on.
void checkAxisInvariants(const AxisPlan &plan) {
  const AxisParams &p = plan.params;
  ASSERT_EQ(static_cast<int64_t>(plan.phases.size()), p.stride);
  int64_t g = std::gcd(p.dilation, p.stride);
  std::vector<int> owner(plan.outputSize, 0);
  int64_t useful = 0, padding = 0, split = 0;
  for (const AxisPhase &phase : plan.phases) {
    int64_t r = phase.residue;
    // Taps: exactly the k with k*D ≡ r (mod S), descending, never zero.
    int64_t expectedTaps = 0;
    for (int64_t k = 0; k < p.kernelSize; ++k)
      expectedTaps += (k * p.dilation) % p.stride == r;
    EXPECT_EQ(phase.numTaps(), expectedTaps);
    if (r % g != 0)
      EXPECT_FALSE(phase.hasTaps());
    for (size_t t = 0; t < phase.taps.size(); ++t) {
      EXPECT_EQ((phase.taps[t] * p.dilation) % p.stride, r);
      if (t > 0)
        EXPECT_EQ(phase.taps[t - 1] - phase.taps[t], p.stride / g);
    }
    EXPECT_EQ(phase.subDilation, p.dilation / g);
    // Ownership: (o - padBegin) mod S = r, each output exactly once.
    for (int64_t j = 0; j < phase.ownedCount; ++j) {
      int64_t o = phase.firstOutput + j * p.stride;
      ASSERT_GE(o, 0);
      ASSERT_LT(o, plan.outputSize);
      EXPECT_EQ(((o - p.padBegin) % p.stride + p.stride) % p.stride, r);
      ++owner[o];
    }
    // Computed range inside the owned range; count taps that read padding.
    EXPECT_GE(phase.computeBegin, 0);
    EXPECT_LE(phase.computeBegin + phase.computeCount, phase.ownedCount);
    if (phase.computeCount > 0) {
      InputWindow window = phase.window(p.inputSize);
      EXPECT_GE(window.count, 1);
      EXPECT_EQ(window.count + window.padBefore + window.padAfter -
                    (phase.numTaps() - 1) * phase.subDilation,
                phase.computeCount);
    }
    for (int64_t j = 0; j < phase.computeCount; ++j)
      for (int64_t t = 0; t < phase.numTaps(); ++t) {
        int64_t x = j - phase.padBegin + t * phase.subDilation;
        (x >= 0 && x < p.inputSize) ? ++useful : ++padding;
        ++split;
      }
    // The first and last computed outputs read real input (no pure-padding
    // rows at the ends of a phase).
    for (int64_t j : {int64_t(0), phase.computeCount - 1}) {
      if (phase.computeCount == 0)
        break;
      bool hit = false;
      for (int64_t t = 0; t < phase.numTaps(); ++t) {
        int64_t x = j - phase.padBegin + t * phase.subDilation;
        hit |= x >= 0 && x < p.inputSize;
      }
      EXPECT_TRUE(hit) << "phase " << r << " computes a pure-padding output";
    }
  }
  for (int64_t o = 0; o < plan.outputSize; ++o)
    EXPECT_EQ(owner[o], 1) << "output " << o;

  // MAC counts: split = useful + border padding taps; stacked >= split;
  // zero-insert = O*K >= split.
  EXPECT_EQ(plan.usefulTaps, useful);
  EXPECT_EQ(plan.splitTaps, split);
  EXPECT_EQ(plan.splitPaddingTaps(), padding);
  EXPECT_GE(plan.stackedTaps, plan.splitTaps);
  EXPECT_EQ(plan.zeroInsertTaps, plan.outputSize * p.kernelSize);
  EXPECT_GE(plan.zeroInsertTaps, plan.splitTaps);
}

/// Runs every strategy on random data and compares with the scatter
/// reference; `exact` data is integer-valued so f32 must match bit for bit.
void checkAgainstReference(const TransposedConvParams &params,
                           std::mt19937 &rng, bool withBias) {
  SplitPlan plan = expectOk(planTransposedConv(params));
  // The plan the split strategy lowers (raised strides on one-element axes).
  SplitPlan splitOwn = expectOk(splitStrategyPlan(plan));
  if (::testing::Test::HasFailure())
    return;
  int64_t inSize = params.batch * params.h.inputSize * params.w.inputSize *
                   params.inChannels;
  int64_t wSize = params.outChannels * params.h.kernelSize *
                  params.w.kernelSize * params.inChannelsPerGroup();

  if (params.element == ElementKind::F32) {
    std::vector<float> input = randomInts<float>(rng, inSize, -4, 4);
    std::vector<float> weight = randomInts<float>(rng, wSize, -4, 4);
    std::vector<float> bias;
    if (withBias)
      bias = randomInts<float>(rng, params.outChannels, -9, 9);
    std::vector<float> expected =
        referenceTransposedConv<float, float>(params, input, weight, bias);
    for (SplitStrategy strategy : kStrategies) {
      std::vector<float> actual =
          executePlan<float, float>(plan, strategy, input, weight, bias);
      ASSERT_EQ(actual, expected)
          << stringifySplitStrategy(strategy).str() << " " << describe(params);
    }
    std::vector<float> own = executePlan<float, float>(
        splitOwn, SplitStrategy::Split, input, weight, bias);
    ASSERT_EQ(own, expected)
        << "split (splitStrategyPlan) " << describe(params);
    return;
  }

  std::uniform_int_distribution<int> zpDist(-128, 127);
  ZeroPoints zp{zpDist(rng), zpDist(rng)};
  std::vector<int8_t> input = randomInts<int8_t>(rng, inSize, -128, 127);
  std::vector<int8_t> weight = randomInts<int8_t>(rng, wSize, -128, 127);
  std::vector<int32_t> bias;
  if (withBias)
    bias = randomInts<int32_t>(rng, params.outChannels, -100000, 100000);
  std::vector<int32_t> expected =
      referenceTransposedConv<int8_t, int32_t>(params, input, weight, bias, zp);
  for (SplitStrategy strategy : kStrategies) {
    std::vector<int32_t> actual =
        executePlan<int8_t, int32_t>(plan, strategy, input, weight, bias, zp);
    ASSERT_EQ(actual, expected)
        << stringifySplitStrategy(strategy).str() << " int8 zp(" << zp.input
        << "," << zp.weight << ") " << describe(params);
  }
  std::vector<int32_t> own = executePlan<int8_t, int32_t>(
      splitOwn, SplitStrategy::Split, input, weight, bias, zp);
  ASSERT_EQ(own, expected) << "split (splitStrategyPlan) int8 "
                           << describe(params);
}

/// Calls `fn(AxisParams)` for every axis of the exhaustive 1-D sweep: out_pad
/// from a crop deeper than the kernel span to more than a stride of extra
/// zeros, as long as the output is non-empty. This contains every PyTorch
/// (padding, output_padding) pair for these sizes.
template <typename Fn>
void forEachAxis(Fn fn) {
  for (int64_t in = 1; in <= 9; ++in)
    for (int64_t k = 1; k <= 7; ++k)
      for (int64_t s = 1; s <= 4; ++s)
        for (int64_t d = 1; d <= 3; ++d) {
          int64_t span = (k - 1) * d;
          for (int64_t pb = -span - s; pb <= s + 1; ++pb)
            for (int64_t pe = -span - s; pe <= s + 1; ++pe) {
              AxisParams axis{in, k, s, d, pb, pe};
              if (axis.outputSize() < 1)
                continue;
              fn(axis);
            }
        }
}

} // namespace

TEST(SplitStrategyNames, RoundTrip) {
  for (SplitStrategy strategy : kStrategies)
    EXPECT_EQ(parseSplitStrategy(stringifySplitStrategy(strategy)), strategy);
  EXPECT_EQ(parseSplitStrategy("zero_insert"), std::nullopt);
}

// chooseStrategy's cache is keyed by TransposedConvParams::appendKey: two
// parameter sets that differ in any one field must get different keys, and
// equal ones equal keys (a field missing from the key would hand one layer
// another's strategy).
TEST(TransposedConvParams, KeyCoversEveryField) {
  TransposedConvParams base;
  base.batch = 2;
  base.inChannels = 8;
  base.outChannels = 4;
  base.groups = 2;
  base.h = AxisParams::fromPyTorch(5, 4, 2, 1, 1, 0);
  base.w = AxisParams::fromPyTorch(7, 3, 3, 2, 1, 1);
  base.element = ElementKind::I8;
  auto keyOf = [](const TransposedConvParams &params) {
    std::string key;
    params.appendKey(key);
    return key;
  };
  std::string baseKey = keyOf(base);
  EXPECT_EQ(keyOf(TransposedConvParams(base)), baseKey);
  std::vector<std::function<void(TransposedConvParams &)>> changes = {
      [](TransposedConvParams &p) { p.batch += 1; },
      [](TransposedConvParams &p) { p.inChannels += 2; },
      [](TransposedConvParams &p) { p.outChannels += 2; },
      [](TransposedConvParams &p) { p.groups = 1; },
      [](TransposedConvParams &p) { p.element = ElementKind::F32; },
  };
  for (AxisParams TransposedConvParams::*axis :
       {&TransposedConvParams::h, &TransposedConvParams::w})
    for (int64_t AxisParams::*field :
         {&AxisParams::inputSize, &AxisParams::kernelSize, &AxisParams::stride,
          &AxisParams::dilation, &AxisParams::padBegin, &AxisParams::padEnd})
      changes.push_back(
          [axis, field](TransposedConvParams &p) { (p.*axis).*field += 1; });
  // The h and w axes are not interchangeable either.
  changes.push_back([](TransposedConvParams &p) { std::swap(p.h, p.w); });
  std::set<std::string> keys = {baseKey};
  for (size_t i = 0; i < changes.size(); ++i) {
    TransposedConvParams changed = base;
    changes[i](changed);
    std::string key = keyOf(changed);
    EXPECT_NE(key, baseKey) << "change " << i;
    keys.insert(key);
  }
  EXPECT_EQ(keys.size(), changes.size() + 1);
}

TEST(AxisParams, FromPyTorchMatchesPyTorchOutputSize) {
  for (int64_t in = 1; in <= 9; ++in)
    for (int64_t k = 1; k <= 7; ++k)
      for (int64_t s = 1; s <= 4; ++s)
        for (int64_t d = 1; d <= 3; ++d)
          for (int64_t pad = 0; pad <= 4; ++pad)
            for (int64_t op = 0; op < std::max(s, d); ++op) {
              AxisParams axis = AxisParams::fromPyTorch(in, k, s, d, pad, op);
              EXPECT_EQ(axis.padBegin, -pad);
              EXPECT_EQ(axis.padEnd, -pad + op);
              // torch.nn.ConvTranspose2d's documented output size.
              EXPECT_EQ(axis.outputSize(),
                        (in - 1) * s - 2 * pad + d * (k - 1) + op + 1);
            }
}

TEST(AxisPlan, RejectsInvalidAxes) {
  EXPECT_FALSE(static_cast<bool>(
      planAxis(AxisParams{0, 3, 2, 1, 0, 0}))); // empty input
  EXPECT_FALSE(static_cast<bool>(planAxis(AxisParams{4, 3, 0, 1, 0, 0})));
  llvm::Expected<AxisPlan> empty = planAxis(AxisParams{1, 1, 1, 1, -1, 0});
  ASSERT_FALSE(static_cast<bool>(empty));
  EXPECT_NE(llvm::toString(empty.takeError()).find("empty output"),
            std::string::npos);
  TransposedConvParams badGroups;
  badGroups.inChannels = 4;
  badGroups.outChannels = 3;
  badGroups.groups = 2;
  llvm::Expected<SplitPlan> plan = planTransposedConv(badGroups);
  ASSERT_FALSE(static_cast<bool>(plan));
  llvm::consumeError(plan.takeError());
}

/// A worked example that is also in docs/Rationale-Split.md:
/// I=4, K=3, S=2, PyTorch padding 1, output_padding 1 -> out_pad (-1, 0), O=8.
TEST(AxisPlan, WorkedExample) {
  AxisPlan plan = expectOk(planAxis(AxisParams::fromPyTorch(4, 3, 2, 1, 1, 1)));
  ASSERT_EQ(plan.outputSize, 8);
  const AxisPhase &even = plan.phases[0], &odd = plan.phases[1];
  // Phase 0 owns o with (o + 1) mod 2 = 0: 1, 3, 5, 7; taps {2, 0}.
  EXPECT_EQ(even.taps, (llvm::SmallVector<int64_t, 4>{2, 0}));
  EXPECT_EQ(even.firstOutput, 1);
  EXPECT_EQ(even.ownedCount, 4);
  EXPECT_EQ(even.computeCount, 4);
  EXPECT_EQ(even.padBegin, 0);
  EXPECT_EQ(even.padEnd, 1);
  // Phase 1 owns 0, 2, 4, 6 and has the single tap 1.
  EXPECT_EQ(odd.taps, (llvm::SmallVector<int64_t, 4>{1}));
  EXPECT_EQ(odd.firstOutput, 0);
  EXPECT_EQ(odd.ownedCount, 4);
  EXPECT_EQ(odd.padBegin, 0);
  EXPECT_EQ(odd.padEnd, 0);
  EXPECT_EQ(plan.usefulTaps, 11); // 12 pairs minus o = -1 (i=0,k=0)
  EXPECT_EQ(plan.splitTaps, 12);  // one padding tap: phase 0, last output
  EXPECT_EQ(plan.stackedTaps, 2 * 2 * 5); // grid 5 per phase, 2 taps each
  EXPECT_EQ(plan.zeroInsertTaps, 8 * 3);
}

/// K < S: phases without taps produce bias only.
TEST(AxisPlan, KernelSmallerThanStrideHasTaplessPhases) {
  AxisPlan plan = expectOk(planAxis(AxisParams{3, 2, 4, 1, 0, 0}));
  ASSERT_EQ(plan.outputSize, 10);
  EXPECT_TRUE(plan.phases[0].hasTaps());
  EXPECT_TRUE(plan.phases[1].hasTaps());
  EXPECT_FALSE(plan.phases[2].hasTaps());
  EXPECT_FALSE(plan.phases[3].hasTaps());
  EXPECT_EQ(plan.phases[2].ownedCount, 2);
  EXPECT_EQ(plan.phases[2].computeCount, 0);
  EXPECT_EQ(plan.splitTaps, plan.usefulTaps);
}

/// gcd(D, S) > 1: residues not divisible by the gcd have no taps.
TEST(AxisPlan, DilationSharingFactorWithStride) {
  AxisPlan plan = expectOk(planAxis(AxisParams{5, 4, 4, 2, 0, 0}));
  EXPECT_TRUE(plan.phases[0].hasTaps());
  EXPECT_FALSE(plan.phases[1].hasTaps());
  EXPECT_TRUE(plan.phases[2].hasTaps());
  EXPECT_FALSE(plan.phases[3].hasTaps());
  EXPECT_EQ(plan.phases[0].subDilation, 1);
  EXPECT_EQ(plan.phases[0].taps, (llvm::SmallVector<int64_t, 4>{2, 0}));
}

/// Large positive out_pad: outputs no tap reaches are not computed.
TEST(AxisPlan, LargeOutPadComputesOnlyReachedOutputs) {
  AxisPlan plan = expectOk(planAxis(AxisParams{2, 2, 2, 1, 6, 5}));
  ASSERT_EQ(plan.outputSize, 2 + 6 + 5 + 2);
  EXPECT_EQ(plan.splitTaps, plan.usefulTaps);
  EXPECT_LT(plan.phases[0].computeCount, plan.phases[0].ownedCount);
}

TEST(SplitPlanExhaustive1D, AllStrategiesMatchScatterReference) {
  std::mt19937 rng(1234);
  int64_t configs = 0;
  forEachAxis([&](const AxisParams &axis) {
    if (::testing::Test::HasFatalFailure())
      return;
    AxisPlan axisPlan = expectOk(planAxis(axis));
    checkAxisInvariants(axisPlan);
    // The axis under test as H, and (for every other config) as W.
    TransposedConvParams params;
    params.h = axis;
    params.w = AxisParams{1, 1, 1, 1, 0, 0};
    checkAgainstReference(params, rng, configs % 2 == 0);
    if (configs % 2 == 1) {
      std::swap(params.h, params.w);
      checkAgainstReference(params, rng, true);
    }
    ++configs;
  });
  EXPECT_GT(configs, 100000);
}

TEST(SplitPlanExhaustive1D, Int8PyTorchLegalConfigsAreBitExact) {
  std::mt19937 rng(99);
  for (int64_t in = 1; in <= 9; ++in)
    for (int64_t k = 1; k <= 7; ++k)
      for (int64_t s = 1; s <= 4; ++s)
        for (int64_t d = 1; d <= 3; ++d)
          for (int64_t pad = 0; pad <= (k - 1) * d; ++pad)
            for (int64_t op = 0; op < std::max(s, d); ++op) {
              TransposedConvParams params;
              params.element = ElementKind::I8;
              params.h = AxisParams::fromPyTorch(in, k, s, d, pad, op);
              if (params.h.outputSize() < 1)
                continue;
              params.w = AxisParams{1, 1, 1, 1, 0, 0};
              checkAgainstReference(params, rng, true);
              if (::testing::Test::HasFatalFailure())
                return;
            }
}

/// Random 2-D configurations with batch, channels and groups.
TEST(SplitPlanSampled2D, AllStrategiesMatchScatterReference) {
  std::mt19937 rng(42);
  auto pick = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  auto randomAxis = [&]() {
    AxisParams a;
    a.inputSize = pick(1, 9);
    a.kernelSize = pick(1, 7);
    a.stride = pick(1, 4);
    a.dilation = pick(1, 3);
    do {
      int64_t span = (a.kernelSize - 1) * a.dilation;
      a.padBegin = pick(-span - a.stride, a.stride + 1);
      a.padEnd = pick(-span - a.stride, a.stride + 1);
    } while (a.outputSize() < 1);
    return a;
  };
  for (int iter = 0; iter < 2500; ++iter) {
    TransposedConvParams params;
    params.batch = pick(1, 2);
    params.groups = pick(1, 3);
    params.inChannels = params.groups * pick(1, 3);
    params.outChannels = params.groups * pick(1, 3);
    params.h = randomAxis();
    params.w = randomAxis();
    params.element = iter % 2 ? ElementKind::I8 : ElementKind::F32;
    SplitPlan plan = expectOk(planTransposedConv(params));
    ASSERT_FALSE(HasFailure());

    // Phase shapes price exactly the split MACs; stacked / zero-insert
    // shapes price exactly their strategy's MACs.
    int64_t phaseMacs = 0;
    for (const PhasePlan &phase : plan.phases) {
      if (!phase.hasTaps)
        continue;
      EXPECT_EQ(phase.shape.outH(), plan.phaseH(phase).computeCount);
      EXPECT_EQ(phase.shape.outW(), plan.phaseW(phase).computeCount);
      phaseMacs += phase.shape.macs();
    }
    MacCounts split = plan.macs(SplitStrategy::Split);
    MacCounts stacked = plan.macs(SplitStrategy::Stacked);
    MacCounts zeroInsert = plan.macs(SplitStrategy::ZeroInsert);
    EXPECT_EQ(phaseMacs, split.executed);
    EXPECT_EQ(plan.stackedShape().macs(), stacked.executed);
    EXPECT_EQ(plan.zeroInsertShape().outH(), plan.outH());
    EXPECT_EQ(plan.zeroInsertShape().outW(), plan.outW());
    EXPECT_EQ(plan.zeroInsertShape().macs(), zeroInsert.executed);
    // The documented split formula.
    int64_t perTap = params.batch * params.outChannels *
                     params.inChannelsPerGroup();
    int64_t uh = plan.h.usefulTaps, uw = plan.w.usefulTaps;
    int64_t ph = plan.h.splitPaddingTaps(), pw = plan.w.splitPaddingTaps();
    EXPECT_EQ(split.executed,
              split.useful + perTap * (uh * pw + ph * uw + ph * pw));
    EXPECT_LE(split.useful, split.executed);
    EXPECT_LE(split.executed, stacked.executed);
    EXPECT_LE(split.executed, zeroInsert.executed);

    checkAgainstReference(params, rng, iter % 3 != 0);
    ASSERT_FALSE(HasFatalFailure()) << describe(params);
  }
}

/// Non-integer f32 data: all strategies agree with the reference to rounding.
TEST(SplitPlanSampled2D, RealValuedF32WithinTolerance) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  TransposedConvParams params;
  params.batch = 2;
  params.inChannels = 6;
  params.outChannels = 4;
  params.groups = 2;
  params.h = AxisParams::fromPyTorch(7, 5, 2, 1, 2, 1);
  params.w = AxisParams::fromPyTorch(5, 3, 3, 2, 1, 2);
  SplitPlan plan = expectOk(planTransposedConv(params));
  std::vector<float> input(2 * 7 * 5 * 6), weight(4 * 5 * 3 * 3), bias(4);
  for (float &v : input)
    v = dist(rng);
  for (float &v : weight)
    v = dist(rng);
  for (float &v : bias)
    v = dist(rng);
  std::vector<float> expected =
      referenceTransposedConv<float, float>(params, input, weight, bias);
  for (SplitStrategy strategy : kStrategies) {
    std::vector<float> actual =
        executePlan<float, float>(plan, strategy, input, weight, bias);
    ASSERT_EQ(actual.size(), expected.size());
    for (size_t i = 0; i < actual.size(); ++i)
      EXPECT_NEAR(actual[i], expected[i], 1e-5f * (1 + std::fabs(expected[i])))
          << stringifySplitStrategy(strategy).str() << " at " << i;
  }
}

/// DCGAN k5s2 with TF-SAME padding (PyTorch padding 2, output_padding 1),
/// per axis for I = 8: the hand count of docs/Rationale-Split.md.
TEST(SplitStrategyPlan, OneElementAxesGetSingleTapPhases) {
  // A GAN's first layer: 1x1 latent -> 4x4, k4 s1 p0. The stride-1 plan
  // runs 16 taps per output (1 useful); the split strategy's plan has 16
  // single-tap phases and executes only useful MACs.
  TransposedConvParams params;
  params.inChannels = 8;
  params.outChannels = 4;
  params.h = AxisParams{1, 4, 1, 1, 0, 0};
  params.w = params.h;
  SplitPlan plan = expectOk(planTransposedConv(params));
  SplitPlan own = expectOk(splitStrategyPlan(plan));
  ASSERT_FALSE(HasFailure());
  EXPECT_EQ(plan.phases.size(), 1u);
  EXPECT_EQ(plan.macs(SplitStrategy::Split).executed,
            16 * plan.macs(SplitStrategy::Split).useful);
  EXPECT_EQ(own.params.h.stride, 4);
  EXPECT_EQ(own.params.w.stride, 4);
  EXPECT_EQ(own.outH(), plan.outH());
  EXPECT_EQ(own.outW(), plan.outW());
  ASSERT_EQ(own.phases.size(), 16u);
  for (const PhasePlan &phase : own.phases) {
    EXPECT_TRUE(phase.hasTaps);
    EXPECT_EQ(phase.shape.kernelH * phase.shape.kernelW, 1);
  }
  EXPECT_EQ(own.macs(SplitStrategy::Split).executed,
            plan.macs(SplitStrategy::Split).useful);

  // Left alone: a two-element axis (the stride matters), a dilated axis, a
  // kernel no longer than the stride, and more than kMaxSingleTapPhases
  // phases (a 9x9 kernel: 81).
  auto strides = [](const TransposedConvParams &p) {
    SplitPlan base = expectOk(planTransposedConv(p));
    SplitPlan raised = expectOk(splitStrategyPlan(base));
    return std::make_pair(raised.params.h.stride, raised.params.w.stride);
  };
  TransposedConvParams two = params;
  two.h.inputSize = 2;
  EXPECT_EQ(strides(two), std::make_pair(int64_t(1), int64_t(4)));
  TransposedConvParams dilated = params;
  dilated.w.dilation = 2;
  EXPECT_EQ(strides(dilated), std::make_pair(int64_t(4), int64_t(1)));
  TransposedConvParams short_ = params;
  short_.h.kernelSize = 2;
  short_.h.stride = 2;
  EXPECT_EQ(strides(short_), std::make_pair(int64_t(2), int64_t(4)));
  // Cropped below K outputs (PyTorch padding 1: 2 outputs of a 4-tap
  // axis): raising would leave phases owning nothing.
  TransposedConvParams cropped = params;
  cropped.h.padBegin = cropped.h.padEnd = -1;
  EXPECT_EQ(strides(cropped), std::make_pair(int64_t(1), int64_t(4)));
  TransposedConvParams big = params;
  big.h.kernelSize = big.w.kernelSize = 9;
  EXPECT_EQ(strides(big), std::make_pair(int64_t(1), int64_t(1)));
}

TEST(SplitPlanMacs, DcganK5S2PerAxis) {
  AxisPlan plan = expectOk(planAxis(AxisParams::fromPyTorch(8, 5, 2, 1, 2, 1)));
  EXPECT_EQ(plan.outputSize, 16);
  EXPECT_EQ(plan.usefulTaps, 37);     // 40 pairs, 2 cropped at top, 1 at end
  EXPECT_EQ(plan.splitTaps, 40);      // 8*3 + 8*2
  EXPECT_EQ(plan.stackedTaps, 48);    // 8 grid rows * 3 taps * 2 phases
  EXPECT_EQ(plan.zeroInsertTaps, 80); // 16 * 5
}

/// Prints the strategy MAC counts of the layers quoted in
/// docs/Rationale-Split.md (run with --gtest_filter=SplitPlanReport.*).
TEST(SplitPlanReport, DocLayers) {
  struct Layer {
    const char *name;
    int64_t in, inC, outC, k, s, pad, outPad;
  };
  const Layer layers[] = {
      {"DCGAN 8x8x256 -> 16x16x128 k5s2", 8, 256, 128, 5, 2, 2, 1},
      {"DCGAN 16x16x128 -> 32x32x64 k5s2", 16, 128, 64, 5, 2, 2, 1},
      {"DCGAN 32x32x64 -> 64x64x3 k5s2", 32, 64, 3, 5, 2, 2, 1},
      {"FST 64x64x128 -> 128x128x64 k3s2", 64, 128, 64, 3, 2, 1, 1},
      {"FST 128x128x64 -> 256x256x32 k3s2", 128, 64, 32, 3, 2, 1, 1},
  };
  for (const Layer &layer : layers) {
    TransposedConvParams params;
    params.inChannels = layer.inC;
    params.outChannels = layer.outC;
    params.h = AxisParams::fromPyTorch(layer.in, layer.k, layer.s, 1, layer.pad,
                                       layer.outPad);
    params.w = params.h;
    SplitPlan plan = expectOk(planTransposedConv(params));
    MacCounts split = plan.macs(SplitStrategy::Split);
    MacCounts stacked = plan.macs(SplitStrategy::Stacked);
    MacCounts zeroInsert = plan.macs(SplitStrategy::ZeroInsert);
    EXPECT_EQ(plan.outH(), layer.in * layer.s);
    EXPECT_LE(split.executed, stacked.executed);
    std::printf("| %s | %lld | %lld | %lld | %lld |\n", layer.name,
                static_cast<long long>(split.useful),
                static_cast<long long>(split.executed),
                static_cast<long long>(stacked.executed),
                static_cast<long long>(zeroInsert.executed));
  }
}

namespace {
/// Error text of a failed plan ("" when it succeeded).
template <typename T> std::string errorOf(llvm::Expected<T> value) {
  if (value)
    return "";
  return llvm::toString(value.takeError());
}
} // namespace

// Limits are checked from the parameters before anything per phase is
// built: stride 10^5 x 10^5 (10^10 phases) once allocated per phase and
// aborted; a 2^31 stride or a 2^24-tap kernel must fail just as fast.
TEST(PlanLimits, RejectsTooManyPhasesBeforePlanning) {
  TransposedConvParams params;
  params.h = params.w = AxisParams{2, 3, 100000, 1, 0, 0};
  std::string error = errorOf(planTransposedConv(params));
  EXPECT_NE(error.find("stride 100000x100000 splits into 10000000000 phases, "
                       "more than the split plan's limit of 65536"),
            std::string::npos)
      << error;
  params.h = params.w = AxisParams{1, 3, int64_t(1) << 40, 1, 0, 0};
  error = errorOf(planTransposedConv(params));
  EXPECT_NE(error.find("too many phases"), std::string::npos) << error;
  // One axis alone.
  EXPECT_NE(errorOf(planAxis(AxisParams{1, 3, 70000, 1, 0, 0}))
                .find("stride 70000 exceeds the split plan's limit"),
            std::string::npos);
  // The limit is a parameter: 2x2 fits 4 phases, 3x2 does not.
  PlanLimits small;
  small.maxPhases = 4;
  params.h = params.w = AxisParams{2, 3, 2, 1, 0, 0};
  EXPECT_EQ(errorOf(planTransposedConv(params, small)), "");
  params.h.stride = 3;
  EXPECT_NE(errorOf(planTransposedConv(params, small)), "");
}

TEST(PlanLimits, OmitsPhasesForZeroInsertWhenAsked) {
  TransposedConvParams params;
  params.h = params.w = AxisParams{2, 4, 1000, 1, 0, 0}; // 10^6 phases
  PlanLimits limits;
  limits.omitPhasesBeyondLimit = true;
  SplitPlan plan = expectOk(planTransposedConv(params, limits));
  EXPECT_TRUE(plan.phasesOmitted);
  EXPECT_TRUE(plan.phases.empty());
  // The per-axis plan (all zero-insert needs) is complete.
  EXPECT_EQ(plan.h.phases.size(), 1000u);
  EXPECT_EQ(plan.outH(), 1004);
  EXPECT_EQ(plan.h.zeroInsert.dilatedSize, 1001);
  // Within the limit nothing is omitted.
  params.h = params.w = AxisParams{2, 4, 2, 1, 0, 0};
  plan = expectOk(planTransposedConv(params, limits));
  EXPECT_FALSE(plan.phasesOmitted);
  EXPECT_EQ(plan.phases.size(), 4u);
}

TEST(PlanLimits, AcceptsTheLargestPhaseCount) {
  TransposedConvParams params;
  params.h = params.w = AxisParams{2, 3, 256, 1, 0, 0}; // 65536 phases
  SplitPlan plan = expectOk(planTransposedConv(params));
  EXPECT_EQ(plan.phases.size(), 65536u);
}

TEST(PlanLimits, RejectsHugeKernelsAndSizes) {
  EXPECT_NE(errorOf(planAxis(AxisParams{2, (int64_t(1) << 24) + 1, 1, 1, 0, 0}))
                .find("kernel extent"),
            std::string::npos);
  EXPECT_NE(errorOf(planAxis(AxisParams{int64_t(1) << 40, 3, 65536, 1, 0, 0}))
                .find("beyond any DRAM"),
            std::string::npos);
  EXPECT_NE(errorOf(planAxis(AxisParams{2, 3, 2, 1, int64_t(1) << 62, 0}))
                .find("beyond any DRAM"),
            std::string::npos);
}

// The per-phase taps are bucketed in one pass over the kernel: a kernel of
// a million taps at stride 4 plans quickly and each phase gets every 4th.
TEST(PlanLimits, LargeKernelTapsAreBucketed) {
  AxisPlan plan = expectOk(planAxis(AxisParams{3, 1 << 20, 4, 1, 0, 0}));
  ASSERT_EQ(plan.phases.size(), 4u);
  for (const AxisPhase &phase : plan.phases) {
    ASSERT_EQ(phase.numTaps(), (1 << 20) / 4);
    EXPECT_EQ(phase.taps.front() % 4, phase.residue);
    EXPECT_GT(phase.taps.front(), phase.taps.back()); // descending
  }
  EXPECT_EQ(plan.usefulTaps, int64_t(3) << 20); // every (i, k) lands inside
}

