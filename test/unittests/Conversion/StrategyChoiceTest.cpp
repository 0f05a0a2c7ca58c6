//===- StrategyChoiceTest.cpp - strategy=auto's choice of lowering --------===//
//
// accel::chooseStrategy over SplitPlans: the three alternatives come in the
// order split, stacked, zero-insert, each feasible one priced as
// priceLowering prices its lowering; the chosen one is, by brute force over
// the alternatives, the least by (cycles, DRAM bytes, energy) with ties to
// the earlier strategy; an infeasible alternative carries its reason (the
// limit messages are written out here); no feasible alternative is one
// error naming every strategy's reason; a stride beyond the phase limit
// still offers zero-insert.
//
//===----------------------------------------------------------------------===//

#include "accel/Conversion/TosaToAccel/TransposeConvLowering.h"

#include "gtest/gtest.h"

#include <set>
#include <string>
#include <tuple>

using namespace accel;

namespace {

constexpr SplitStrategy kOrder[] = {SplitStrategy::Split, SplitStrategy::Stacked,
                                    SplitStrategy::ZeroInsert};

/// A square f32 transposed conv in PyTorch terms.
TransposedConvParams square(int64_t input, int64_t kernel, int64_t stride,
                            int64_t padding, int64_t inChannels,
                            int64_t outChannels) {
  TransposedConvParams params;
  params.inChannels = inChannels;
  params.outChannels = outChannels;
  params.h = AxisParams::fromPyTorch(input, kernel, stride, 1, padding, 0);
  params.w = params.h;
  return params;
}

SplitPlan planOf(const TransposedConvParams &params,
                 const PlanLimits &limits = {}) {
  llvm::Expected<SplitPlan> plan = planTransposedConv(params, limits);
  if (!plan) {
    ADD_FAILURE() << llvm::toString(plan.takeError());
    return SplitPlan();
  }
  return std::move(*plan);
}

std::string describe(const TransposedConvParams &p, llvm::StringRef target) {
  return target.str() + " I" + std::to_string(p.h.inputSize) + " K" +
         std::to_string(p.h.kernelSize) + " S" + std::to_string(p.h.stride) +
         " pad" + std::to_string(-p.h.padBegin) + " C" +
         std::to_string(p.inChannels) + "->" + std::to_string(p.outChannels);
}

/// The reason checkTargetLimits gives, spelled as the target's limits
/// promise: "<what> <value> exceeds the target '<name>' maximum of <limit>
/// (<field>)".
std::string limitReason(llvm::StringRef what, int64_t value,
                        const TargetDesc &target, int64_t limit,
                        llvm::StringRef field) {
  return what.str() + " " + std::to_string(value) + " exceeds the target '" +
         target.name + "' maximum of " + std::to_string(limit) + " (" +
         field.str() + ")";
}

TEST(StrategyChoiceTest, ChoosesTheCheapestFeasibleAlternative) {
  std::set<SplitStrategy> winners;
  int cases = 0;
  for (llvm::StringRef name : presetNames()) {
    TargetDesc target = *lookupPreset(name);
    for (int64_t input : {2, 8})
      for (int64_t kernel : {1, 3, 4})
        for (int64_t stride : {1, 2, 3})
          for (int64_t padding : {0, 1})
            for (int64_t channels : {3, 16}) {
              if (padding >= kernel)
                continue;
              TransposedConvParams params =
                  square(input, kernel, stride, padding, channels, channels);
              SCOPED_TRACE(describe(params, name));
              SplitPlan plan = planOf(params);
              llvm::Expected<StrategyChoice> choice =
                  chooseStrategy(plan, target);
              ASSERT_TRUE(bool(choice)) << llvm::toString(choice.takeError());
              ASSERT_EQ(choice->alternatives.size(), 3u);
              const StrategyChoice::Alternative *chosen = nullptr;
              for (size_t i = 0; i < 3; ++i) {
                const StrategyChoice::Alternative &a = choice->alternatives[i];
                EXPECT_EQ(a.strategy, kOrder[i]);
                ASSERT_TRUE(a.feasible) << a.reason;
                EXPECT_TRUE(a.reason.empty());
                // The price is priceLowering's price of that lowering.
                llvm::Expected<LoweredTransposeConv> lowered =
                    lowerTransposeConv(plan, a.strategy);
                ASSERT_TRUE(bool(lowered))
                    << llvm::toString(lowered.takeError());
                llvm::Expected<CostEstimate> price =
                    priceLowering(*lowered, target);
                ASSERT_TRUE(bool(price)) << llvm::toString(price.takeError());
                EXPECT_EQ(a.cost.cycles, price->cycles);
                EXPECT_EQ(a.cost.dramBytes, price->dramBytes);
                EXPECT_EQ(a.cost.energyPJ, price->energyPJ);
                if (a.strategy == choice->chosen)
                  chosen = &a;
              }
              ASSERT_NE(chosen, nullptr);
              // Brute force: no alternative is strictly cheaper, and an
              // equally cheap one does not come before the chosen one.
              auto key = [](const StrategyChoice::Alternative &a) {
                return std::make_tuple(a.cost.cycles, a.cost.dramBytes,
                                       a.cost.energyPJ);
              };
              for (const StrategyChoice::Alternative &a :
                   choice->alternatives) {
                EXPECT_FALSE(key(a) < key(*chosen))
                    << stringifySplitStrategy(a.strategy).str()
                    << " is cheaper than the chosen "
                    << stringifySplitStrategy(chosen->strategy).str();
                if (key(a) == key(*chosen))
                  EXPECT_LE(int(chosen->strategy), int(a.strategy));
              }
              winners.insert(choice->chosen);
              ++cases;
            }
  }
  // The sweep is only a test of the choice if the cheapest is not always
  // the first alternative (with today's prices each strategy wins some).
  EXPECT_GE(winners.size(), 2u) << "over " << cases << " cases";
}

TEST(StrategyChoiceTest, RanksByEachObjective) {
  // Hand-made estimates: a is faster, b uses less energy.
  CostEstimate a, b;
  a.cycles = 100, a.dramBytes = 50, a.energyPJ = 30;
  b.cycles = 150, b.dramBytes = 40, b.energyPJ = 10;
  EXPECT_TRUE(ranksBefore(a, b, CostObjective::Cycles));
  EXPECT_FALSE(ranksBefore(b, a, CostObjective::Cycles));
  EXPECT_TRUE(ranksBefore(b, a, CostObjective::Energy));
  EXPECT_FALSE(ranksBefore(a, b, CostObjective::Energy));
  // Energy x cycles: 3000 against 1500.
  EXPECT_TRUE(ranksBefore(b, a, CostObjective::EnergyDelay));
  b.energyPJ = 25; // 3750 against 3000
  EXPECT_TRUE(ranksBefore(a, b, CostObjective::EnergyDelay));
  // Ties go to the next measure; equal estimates rank neither way.
  b = a;
  b.dramBytes = 60;
  EXPECT_TRUE(ranksBefore(a, b, CostObjective::Cycles));
  EXPECT_TRUE(ranksBefore(a, b, CostObjective::Energy));
  EXPECT_TRUE(ranksBefore(a, b, CostObjective::EnergyDelay));
  b = a;
  for (CostObjective objective : {CostObjective::Cycles, CostObjective::Energy,
                                  CostObjective::EnergyDelay})
    EXPECT_FALSE(ranksBefore(a, b, objective) || ranksBefore(b, a, objective));
  EXPECT_EQ(stringifyCostObjective(CostObjective::EnergyDelay), "edp");
}

TEST(StrategyChoiceTest, EachObjectiveChoosesItsCheapest) {
  // The keys written out here, not ranksBefore's.
  auto key = [](const CostEstimate &c, CostObjective objective) {
    switch (objective) {
    case CostObjective::Cycles:
      return std::make_tuple(double(c.cycles), double(c.dramBytes), c.energyPJ,
                             0.0);
    case CostObjective::Energy:
      return std::make_tuple(c.energyPJ, double(c.cycles), double(c.dramBytes),
                             0.0);
    case CostObjective::EnergyDelay:
      break;
    }
    return std::make_tuple(c.energyPJ * double(c.cycles), double(c.cycles),
                           double(c.dramBytes), c.energyPJ);
  };
  int differ = 0;
  for (llvm::StringRef name : {"nvdla-small", "nvdla-large", "tpu-systolic"}) {
    TargetDesc target = *lookupPreset(name);
    for (int64_t kernel : {3, 4, 5})
      for (int64_t stride : {2, 3})
        for (int64_t channels : {3, 16, 64}) {
          TransposedConvParams params =
              square(8, kernel, stride, 1, channels, channels);
          SCOPED_TRACE(describe(params, name));
          SplitPlan plan = planOf(params);
          std::set<SplitStrategy> picks;
          for (CostObjective objective :
               {CostObjective::Cycles, CostObjective::Energy,
                CostObjective::EnergyDelay}) {
            llvm::Expected<StrategyChoice> choice =
                chooseStrategy(plan, target, objective);
            ASSERT_TRUE(bool(choice)) << llvm::toString(choice.takeError());
            const StrategyChoice::Alternative *chosen = nullptr;
            for (const StrategyChoice::Alternative &a : choice->alternatives)
              if (a.strategy == choice->chosen)
                chosen = &a;
            ASSERT_NE(chosen, nullptr);
            ASSERT_TRUE(chosen->feasible);
            for (const StrategyChoice::Alternative &a : choice->alternatives) {
              if (!a.feasible)
                continue;
              EXPECT_FALSE(key(a.cost, objective) <
                           key(chosen->cost, objective))
                  << stringifyCostObjective(objective).str() << ": "
                  << stringifySplitStrategy(a.strategy).str()
                  << " ranks before the chosen "
                  << stringifySplitStrategy(chosen->strategy).str();
              if (key(a.cost, objective) == key(chosen->cost, objective))
                EXPECT_LE(int(chosen->strategy), int(a.strategy));
            }
            picks.insert(choice->chosen);
          }
          differ += picks.size() > 1;
        }
  }
  // Only a test of the objective if it changes some choice.
  EXPECT_GE(differ, 1);
}

TEST(StrategyChoiceTest, AnInfeasibleAlternativeCarriesItsReason) {
  // Stacked computes S*S*C_out = 128 channels, beyond a 64-channel limit;
  // split and zero-insert stay at 32.
  TargetDesc channelBound = *lookupPreset("nvdla-small");
  channelBound.limits.maxChannels = 64;
  SplitPlan wide = planOf(square(8, 4, 2, 1, 16, 32));
  llvm::Expected<StrategyChoice> choice = chooseStrategy(wide, channelBound);
  ASSERT_TRUE(bool(choice)) << llvm::toString(choice.takeError());
  const StrategyChoice::Alternative &stacked = choice->alternatives[1];
  EXPECT_FALSE(stacked.feasible);
  EXPECT_EQ(stacked.reason, limitReason("output channels", 128, channelBound,
                                        64, "max_channels"));
  EXPECT_TRUE(choice->alternatives[0].feasible);
  EXPECT_TRUE(choice->alternatives[2].feasible);
  EXPECT_NE(choice->chosen, SplitStrategy::Stacked);

  // Zero-insert convolves with the whole 5x5 kernel, beyond a 3x3 limit;
  // the phases of stride 2 need at most ceil(5 / 2) = 3 taps.
  TargetDesc kernelBound = *lookupPreset("nvdla-small");
  kernelBound.limits.maxKernel = 3;
  SplitPlan large = planOf(square(8, 5, 2, 2, 8, 8));
  choice = chooseStrategy(large, kernelBound);
  ASSERT_TRUE(bool(choice)) << llvm::toString(choice.takeError());
  const StrategyChoice::Alternative &zeroInsert = choice->alternatives[2];
  EXPECT_FALSE(zeroInsert.feasible);
  EXPECT_EQ(zeroInsert.reason,
            limitReason("kernel height", 5, kernelBound, 3, "max_kernel"));
  EXPECT_TRUE(choice->alternatives[0].feasible);
  EXPECT_NE(choice->chosen, SplitStrategy::ZeroInsert);
}

TEST(StrategyChoiceTest, NoFeasibleAlternativeIsOneErrorWithEveryReason) {
  // Stride 256 x 256: split needs 65536 layers (a program holds 65535),
  // stacked 65536 output channels, zero-insert the whole 4x4 kernel on a
  // target whose kernels stop at 3.
  TargetDesc target = *lookupPreset("nvdla-small");
  target.limits.maxKernel = 3;
  SplitPlan plan = planOf(square(2, 4, 256, 0, 1, 1));
  ASSERT_FALSE(plan.phasesOmitted);
  llvm::Expected<StrategyChoice> choice = chooseStrategy(plan, target);
  ASSERT_FALSE(bool(choice));
  std::string message = llvm::toString(choice.takeError());
  EXPECT_EQ(message.rfind("no strategy fits the target: ", 0), 0u) << message;
  for (const std::string &reason :
       {std::string("split: split makes 65536 accelerator layers"),
        "stacked: " + limitReason("output channels", 65536, target,
                                  target.limits.maxChannels, "max_channels"),
        "zero-insert: " +
            limitReason("kernel height", 4, target, 3, "max_kernel")})
    EXPECT_NE(message.find(reason), std::string::npos)
        << "missing '" << reason << "' in: " << message;
  // In the order of the alternatives, separated by "; ".
  size_t split = message.find("split: "), stacked = message.find("; stacked: "),
         zeroInsert = message.find("; zero-insert: ");
  EXPECT_LT(split, stacked);
  EXPECT_LT(stacked, zeroInsert);
  EXPECT_NE(zeroInsert, std::string::npos);
}

TEST(StrategyChoiceTest, AStrideBeyondThePhaseLimitStillOffersZeroInsert) {
  // 257 x 256 = 65792 phases, more than PlanLimits::maxPhases (65536).
  TransposedConvParams params = square(2, 3, 256, 0, 2, 2);
  params.h = AxisParams::fromPyTorch(2, 3, 257, 1, 0, 0);
  ASSERT_GT(params.h.stride * params.w.stride, PlanLimits().maxPhases);
  PlanLimits limits;
  limits.omitPhasesBeyondLimit = true;
  SplitPlan plan = planOf(params, limits);
  ASSERT_TRUE(plan.phasesOmitted);
  llvm::Expected<StrategyChoice> choice =
      chooseStrategy(plan, *lookupPreset("nvdla-small"));
  ASSERT_TRUE(bool(choice)) << llvm::toString(choice.takeError());
  ASSERT_EQ(choice->alternatives.size(), 3u);
  for (int i = 0; i < 2; ++i) {
    const StrategyChoice::Alternative &a = choice->alternatives[i];
    EXPECT_FALSE(a.feasible) << stringifySplitStrategy(a.strategy).str();
    EXPECT_NE(a.reason.find("only zero-insert can lower it"),
              std::string::npos)
        << a.reason;
  }
  EXPECT_TRUE(choice->alternatives[2].feasible) << choice->alternatives[2].reason;
  EXPECT_EQ(choice->chosen, SplitStrategy::ZeroInsert);
  EXPECT_GT(choice->alternatives[2].cost.cycles, 0);
}

} // namespace
