//===- PipelineTimingTest.cpp - The compute queue's two units
//--------------===//
//
// isa::PipelineTimer runs the compute queue's POSTs on a post-processor
// pipelined behind the MAC array: a POST drains one accumulator tile while
// the next CONV fills another, but not one the POST still reads, and a POST
// waits for the CONVs before it. Timelines worked out by hand on
// nvdla-small (atomic-C 8, atomic-K 8): a 1x1 CONV of 8 input channels into
// 8 output channels over an 8x8 tile takes 64 cycles, the POST of its
// 64 x 8 values 64 / 8 * 8 = 64 cycles. Also the timer's queues
// (accel/Support/Fifo.h): order and storage across compactions.
//
//===----------------------------------------------------------------------===//

#include "accel/ISA/PipelineTiming.h"

#include "gtest/gtest.h"

#include <vector>

using namespace accel;
using namespace accel::isa;

namespace {

TargetDesc target() { return *lookupPreset("nvdla-small"); }

Instruction conv(int64_t acc) {
  ConvOp op;
  op.inH = op.inW = 8;
  op.inC = 8;
  op.outK = 8;
  op.kernelH = op.kernelW = 1;
  op.outH = op.outW = 8;
  op.accAddr = acc;
  return Instruction(op);
}

Instruction post(int64_t acc) {
  PostOp op;
  op.accAddr = acc;
  op.pixels = 64;
  op.channels = 8;
  return Instruction(op);
}

struct Timeline {
  int64_t cycles = 0;
  std::vector<TimelineEvent> events;
};

Timeline run(const std::vector<Instruction> &program) {
  PipelineTimer timer(target());
  Timeline result;
  timer.setObserver(
      [&](const TimelineEvent &event) { result.events.push_back(event); });
  for (size_t i = 0; i < program.size(); ++i)
    EXPECT_FALSE(bool(timer.push(program[i], i)));
  llvm::Expected<int64_t> cycles = timer.finish();
  EXPECT_TRUE(bool(cycles));
  result.cycles = cycles ? *cycles : -1;
  return result;
}

int64_t startOf(const Timeline &run, size_t index) {
  for (const TimelineEvent &event : run.events)
    if (event.index == index)
      return event.start;
  ADD_FAILURE() << "instruction " << index << " never ran";
  return -1;
}

TEST(PipelineTiming, TheCostsThisTestAssumes) {
  EXPECT_EQ(instructionCost(conv(0), target()).busyCycles, 64);
  EXPECT_EQ(instructionCost(post(0), target()).busyCycles, 64);
}

TEST(PipelineTiming, PostDrainsOneTileWhileTheNextConvFillsAnother) {
  // CONV a [0, 64), POST a [64, 128) beside CONV b [64, 128), POST b
  // [128, 192): 192 cycles, not the 256 of one unit.
  Timeline r = run({conv(0), post(0), conv(512), post(512)});
  EXPECT_EQ(startOf(r, 0), 0);
  EXPECT_EQ(startOf(r, 1), 64);
  EXPECT_EQ(startOf(r, 2), 64);
  EXPECT_EQ(startOf(r, 3), 128);
  EXPECT_EQ(r.cycles, 192);
}

TEST(PipelineTiming, ConvWaitsForThePostReadingItsAccumulators) {
  // The second CONV writes entries [0, 512) the first POST still reads.
  Timeline r = run({conv(0), post(0), conv(0), post(0)});
  EXPECT_EQ(startOf(r, 2), 128);
  EXPECT_EQ(startOf(r, 3), 192);
  EXPECT_EQ(r.cycles, 256);
  // Overlapping by one entry is enough to wait.
  Timeline partial = run({conv(0), post(0), conv(511), post(511)});
  EXPECT_EQ(startOf(partial, 2), 128);
}

TEST(PipelineTiming, PostWaitsForEveryConvBeforeIt) {
  // Two CONVs accumulate into one tile, then one POST: it starts at 128.
  Timeline r = run({conv(0), conv(0), post(0)});
  EXPECT_EQ(startOf(r, 1), 64);
  EXPECT_EQ(startOf(r, 2), 128);
  EXPECT_EQ(r.cycles, 192);
}

TEST(PipelineTiming, PostsRunOneAtATime) {
  // Two POSTs in a row share the post-processor.
  Timeline r = run({conv(0), conv(512), post(0), post(512)});
  EXPECT_EQ(startOf(r, 2), 128);
  EXPECT_EQ(startOf(r, 3), 192);
  EXPECT_EQ(r.cycles, 256);
}

TEST(PipelineTiming, ABarrierWaitsForThePostProcessor) {
  // The barrier after POST a ends at 128; CONV b starts there.
  Timeline r = run({conv(0), post(0), Instruction(BarrierOp{}), conv(512)});
  EXPECT_EQ(startOf(r, 3), 128);
  EXPECT_EQ(r.cycles, 192);
}

} // namespace

TEST(Fifo, KeepsOrderAndDropsTheConsumedPrefix) {
  // Consumed elements are dropped once there are kCompactAfter of them and
  // they are half the storage; the order survives every compaction, and
  // the storage never holds more consumed elements than max(queued,
  // kCompactAfter).
  Fifo<int> fifo;
  int next = 0, expected = 0;
  size_t compactions = 0, stored = 0;
  auto step = [&](int pushes) {
    for (int i = 0; i < pushes; ++i)
      fifo.push_back(next++);
    ASSERT_EQ(fifo.front(), expected);
    fifo.pop_front();
    ++expected;
    ASSERT_EQ(fifo.size(), size_t(next - expected));
    ASSERT_LE(fifo.storedElements() - fifo.size(),
              std::max(fifo.size(), Fifo<int>::kCompactAfter));
    compactions += fifo.storedElements() < stored;
    stored = fifo.storedElements();
  };
  // Growing (two in, one out) to 1000 queued...
  for (int round = 0; round < 1000; ++round)
    step(2);
  EXPECT_EQ(fifo.size(), 1000u);
  EXPECT_GE(compactions, 1u);
  // ... then steady (one in, one out): a compaction per 1000 pops.
  compactions = 0;
  for (int round = 0; round < 5000; ++round)
    step(1);
  EXPECT_EQ(fifo.size(), 1000u);
  EXPECT_GE(compactions, 4u);
  while (!fifo.empty()) {
    ASSERT_EQ(fifo.front(), expected++);
    fifo.pop_front();
  }
  EXPECT_EQ(expected, next);
  EXPECT_EQ(fifo.storedElements(), 0u); // emptied: nothing kept
  // Alternating push / pop never keeps a consumed element.
  for (int i = 0; i < 200; ++i) {
    fifo.push_back(i);
    ASSERT_EQ(fifo.front(), i);
    fifo.pop_front();
    ASSERT_EQ(fifo.storedElements(), 0u);
  }
}
