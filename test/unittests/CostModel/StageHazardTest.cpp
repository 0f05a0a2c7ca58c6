//===- StageHazardTest.cpp - Buffer hazards on the schedules' timelines ---===//
//
// The dependency tokens of a schedule (TileLoopNest's stages, ConvSchedule's
// token flags) must order every write of an on-chip buffer region against
// every read of it by another queue: a LOAD may not overwrite input or
// weight bytes, or a bias, that a CONV or POST before it in program order
// still reads, nor may a CONV or POST read them before the LOAD that writes
// them completed; a STORE may not read accumulators before the POST that
// wrote them completed, nor a CONV overwrite accumulators a STORE still
// reads. This test times generated schedules with the pipeline model and
// checks those orderings on the timeline from the byte ranges each
// instruction touches (its fields, not the schedule's layout): an oracle
// independent of the token logic it checks.
//
//===----------------------------------------------------------------------===//

#include "accel/ISA/Instruction.h"
#include "accel/ISA/InstructionSink.h"
#include "accel/ISA/PipelineTiming.h"
#include "accel/Schedule/ConvSchedule.h"
#include "accel/Schedule/CopySchedule.h"
#include "accel/Schedule/Placement.h"
#include "accel/Schedule/TileLoopNest.h"
#include "accel/Target/CostModel.h"
#include "accel/Target/Tiler.h"

#include "PhaseShapes.h"
#include "gtest/gtest.h"

#include <set>
#include <string>
#include <vector>

using namespace accel;
using namespace accel::isa;
using namespace accel::schedule;
using namespace accel::testshapes;

namespace {

enum class Buffer { Input, Weight, Acc };

/// One instruction's access to a buffer: [begin, end) in bytes (input and
/// weight buffers) or entries (accumulators).
struct Access {
  size_t inst;
  Queue queue;
  Buffer buffer;
  int64_t begin, end;
  bool writes;
};

Queue queueOf(const Instruction &inst) {
  if (inst.getIf<LoadInputOp>() || inst.getIf<LoadWeightOp>() ||
      inst.getIf<LoadBiasOp>())
    return Queue::Load;
  if (inst.getIf<ConvOp>() || inst.getIf<PostOp>() || inst.getIf<LoadAccOp>())
    return Queue::Compute;
  if (inst.getIf<StoreOp>())
    return Queue::Store;
  return Queue::All;
}

/// The buffer ranges `inst` reads and writes, from its own fields.
void accessesOf(const Instruction &inst, size_t index,
                std::vector<Access> &out) {
  Queue queue = queueOf(inst);
  auto add = [&](Buffer buffer, int64_t begin, int64_t size, bool writes) {
    if (size > 0)
      out.push_back({index, queue, buffer, begin, begin + size, writes});
  };
  if (const auto *load = inst.getIf<LoadInputOp>())
    add(Buffer::Input, load->bufAddr,
        load->boxH * load->boxW * load->boxC * dtypeBytes(DType(load->dtype)),
        true);
  if (const auto *load = inst.getIf<LoadWeightOp>())
    add(Buffer::Weight, load->bufAddr,
        load->count * load->taps * load->chans * dtypeBytes(DType(load->dtype)),
        true);
  if (const auto *load = inst.getIf<LoadBiasOp>())
    add(Buffer::Weight, load->bufAddr, load->count * kAccEntryBytes, true);
  if (const auto *conv = inst.getIf<ConvOp>()) {
    int64_t bytes = dtypeBytes(DType(conv->dtype));
    add(Buffer::Input, conv->inAddr, conv->inputPixels() * conv->inC * bytes,
        false);
    add(Buffer::Weight, conv->weightAddr, conv->weightSpan(bytes), false);
    int64_t pitch = conv->accPitch ? conv->accPitch : conv->outW * conv->outK;
    add(Buffer::Acc, conv->accAddr,
        (conv->outH - 1) * pitch + conv->outW * conv->outK, true);
  }
  if (const auto *post = inst.getIf<PostOp>()) {
    if (post->hasBias)
      add(Buffer::Weight, post->biasAddr, post->channels * kAccEntryBytes,
          false);
    add(Buffer::Acc, post->accAddr, post->pixels * post->channels, true);
  }
  if (const auto *load = inst.getIf<LoadAccOp>())
    add(Buffer::Acc, load->accAddr, load->boxH * load->boxW * load->boxC, true);
  if (const auto *store = inst.getIf<StoreOp>())
    add(Buffer::Acc, store->accAddr,
        (store->planes - 1) * store->accPlanePitch +
            (store->boxH - 1) * store->accRowPitch +
            (store->boxW - 1) * store->accPixelPitch + store->boxC,
        false);
}

/// Times `program` and returns one message per pair of accesses by
/// different queues to overlapping bytes, one of them a write, where the
/// later one in program order starts before the earlier one completed.
/// Pairs up to kWindow instructions apart are checked: a stage is reused
/// every other step (a few to a few dozen instructions), so a race between
/// stage users lies well inside it.
constexpr size_t kWindow = 512;
std::vector<std::string> hazards(const std::vector<Instruction> &program,
                                 const TargetDesc &target) {
  std::vector<TimelineEvent> events(program.size());
  PipelineTimer timer(target);
  timer.setObserver(
      [&](const TimelineEvent &event) { events[event.index] = event; });
  for (size_t i = 0; i < program.size(); ++i)
    if (llvm::Error error = timer.push(program[i], i))
      return {llvm::toString(std::move(error))};
  if (llvm::Expected<int64_t> end = timer.finish(); !end)
    return {llvm::toString(end.takeError())};
  std::vector<Access> accesses;
  for (size_t i = 0; i < program.size(); ++i)
    accessesOf(program[i], i, accesses);
  std::vector<std::string> found;
  for (size_t b = 0; b < accesses.size(); ++b)
    for (size_t a = b; a-- > 0;) {
      const Access &first = accesses[a], &second = accesses[b];
      if (second.inst - first.inst > kWindow)
        break;
      if (first.buffer != second.buffer || first.queue == second.queue ||
          !(first.writes || second.writes) || first.end <= second.begin ||
          second.end <= first.begin)
        continue;
      const TimelineEvent &early = events[first.inst];
      const TimelineEvent &late = events[second.inst];
      if (late.start >= early.completion)
        continue;
      found.push_back((opcodeName(program[first.inst].opcode()) + " #" +
                       std::to_string(first.inst) + " (done " +
                       std::to_string(early.completion) + ") vs " +
                       opcodeName(program[second.inst].opcode()) + " #" +
                       std::to_string(second.inst) + " (starts " +
                       std::to_string(late.start) + ") on [" +
                       std::to_string(second.begin) + ", " +
                       std::to_string(second.end) + ")")
                          .str());
      if (found.size() >= 3)
        return found;
    }
  return found;
}

/// Every kEvery-th tiling of `group` on `target` (of at most 256 steps):
/// none may race. (All of them take minutes; the sample keeps every
/// residency option the full set has, see the counts the test prints.)
constexpr size_t kEvery = 7;
void expectNoHazards(const PhaseGroup &group, const TargetDesc &target,
                     int64_t &schedules, int64_t &phaseStepped,
                     int64_t &phasesOuter, int64_t &threeStages) {
  std::vector<PhaseConv> phases;
  for (size_t i = 0; i < group.phases.size(); ++i) {
    PhaseConv phase;
    phase.shape = group.phases[i];
    phase.weights = 1 << 20 | i << 16;
    if (group.hasBias)
      phase.bias = group.sharedBias ? 1 << 24 : (1 << 24) + i * 4096;
    phase.output =
        DramView::dense((2 << 24) + i * (1 << 20), phase.shape.outH(),
                        phase.shape.outW(), phase.shape.outC, 4);
    phases.push_back(phase);
  }
  const ConvShape &first = group.phases.front();
  DramView input = DramView::dense(0, first.inH, first.inW, first.inC, 4);
  std::vector<TilingChoice> tilings = enumerateFusedTilings(group, target);
  for (size_t n = 0; n < tilings.size(); n += kEvery) {
    const TilingChoice &tiling = tilings[n];
    TileLoopNest nest = phaseGroupNest(group.phases, tiling, group.hasBias,
                                       group.sharedBias, target);
    // Tiny tiles give thousands of steps that repeat the same pattern.
    if (nest.steps() > 256)
      continue;
    phaseStepped += nest.getResidency().phaseSteps > 1;
    phasesOuter += nest.getResidency().phasesOuter;
    threeStages += nest.getResidency().bufferStages == 3;
    std::vector<Instruction> program;
    VectorSink sink(program);
    llvm::Error error =
        generateFusedPhaseSchedule(phases, input, tiling, target, 1, sink);
    ASSERT_FALSE(bool(error)) << llvm::toString(std::move(error));
    std::vector<std::string> found = hazards(program, target);
    EXPECT_TRUE(found.empty())
        << tiling.tileH << "x" << tiling.tileW << "x" << tiling.tileK << "x"
        << tiling.tileC
        << (nest.getResidency().phasesOuter      ? " phases outer"
            : nest.getResidency().phaseSteps > 1 ? " phase steps"
                                                 : "")
        << ": " << found.front();
    ++schedules;
  }
}

TEST(StageHazardTest, TokensOrderEveryBufferReadAndWrite) {
  struct Layer {
    const char *name;
    std::vector<ConvShape> phases;
  };
  std::vector<Layer> layers = {
      {"k4s2 p1 6x6 64->32", pytorchPhases(6, 64, 32, 4, 2, 1, 0)},
      {"k3s2 p1 op1 5x5 32->48", pytorchPhases(5, 32, 48, 3, 2, 1, 1)}};
  // Two images: more steps per tiling, and tiles crossing images.
  layers.push_back(
      {"k4s2 p1 4x4 32->32, two images", pytorchPhases(4, 32, 32, 4, 2, 1, 0)});
  for (ConvShape &phase : layers.back().phases)
    phase.batch = 2;
  int64_t schedules = 0, phaseStepped = 0, phasesOuter = 0, threeStages = 0;
  for (const char *preset : {"nvdla-small", "nvdla-large", "diannao"}) {
    TargetDesc target = *lookupPreset(preset);
    for (const Layer &layer : layers)
      for (int bias = 0; bias < 3; ++bias) {
        SCOPED_TRACE(std::string(preset) + " " + layer.name +
                     (bias == 0   ? " no bias"
                      : bias == 1 ? " shared bias"
                                  : " per-phase bias"));
        PhaseGroup group;
        group.phases = layer.phases;
        group.hasBias = bias > 0;
        group.sharedBias = bias == 1;
        expectNoHazards(group, target, schedules, phaseStepped, phasesOuter,
                        threeStages);
        // The first phase as a plain conv.
        PhaseGroup plain;
        plain.phases = {layer.phases.front()};
        plain.hasBias = bias > 0;
        expectNoHazards(plain, target, schedules, phaseStepped, phasesOuter,
                        threeStages);
      }
  }
  std::printf("  %lld schedules, %lld with phase steps, %lld phases outer, "
              "%lld with three buffer stages\n",
              (long long)schedules, (long long)phaseStepped,
              (long long)phasesOuter, (long long)threeStages);
  EXPECT_GT(phaseStepped, 0);
  EXPECT_GT(phasesOuter, 0);
  EXPECT_GT(threeStages, 0);
  EXPECT_LT(threeStages, schedules);
}

/// The accumulator slots the program's LOAD_ACCs and POSTs write.
size_t slotsUsed(const std::vector<Instruction> &program) {
  std::set<int64_t> slots;
  for (const Instruction &inst : program) {
    if (const auto *load = inst.getIf<LoadAccOp>())
      slots.insert(load->accAddr);
    if (const auto *post = inst.getIf<PostOp>())
      slots.insert(post->accAddr);
  }
  return slots.size();
}

// The plane schedules (copy, fill, zero insertion, add) cycle their tiles
// through planeSlots accumulator slots: small planes keep up to eight tiles
// in flight, large ones two halves. Whatever the count, a STORE may not read
// a slot before its LOAD_ACC / POST completed, nor a LOAD_ACC / POST
// overwrite a slot a STORE still reads.
TEST(StageHazardTest, PlaneChainsOrderEveryAccumulatorSlot) {
  auto plane = [](int64_t h, int64_t w, int64_t c) {
    PlaneShape shape;
    shape.height = h;
    shape.width = w;
    shape.channels = c;
    return shape;
  };
  size_t mostSlots = 0;
  for (const char *preset : {"nvdla-small", "nvdla-large", "diannao"}) {
    SCOPED_TRACE(preset);
    TargetDesc target = *lookupPreset(preset);
    // A concat of kernel-row slices of a one-channel image (the pack
    // strategy's copy chain): five small copies in one chain.
    {
      std::vector<Instruction> program;
      VectorSink sink(program);
      std::vector<CopyPart> parts;
      for (int64_t row = 0; row < 5; ++row)
        parts.push_back(
            {plane(24, 28, 1), DramView::dense(row * 112, 28, 28, 1, 4),
             DramView{(1 << 20) + uint64_t(row) * 4, 24 * 28 * 20, 28 * 20, 20},
             &sink});
      ASSERT_FALSE(bool(generateCopySchedules(parts, target, 1)));
      std::vector<std::string> found = hazards(program, target);
      EXPECT_TRUE(found.empty()) << "copy chain: " << found.front();
      mostSlots = std::max(mostSlots, slotsUsed(program));
    }
    // Zero insertions: a padding copy (stride 1: border fills, then the
    // interior) and a stride-2 scatter over a filled result, each one chain.
    for (auto [in, out, stride, pad] :
         {std::tuple{plane(24, 24, 1), plane(28, 28, 1), 1, 2},
          std::tuple{plane(8, 8, 4), plane(16, 16, 4), 2, 1},
          std::tuple{plane(64, 64, 32), plane(66, 66, 32), 1, 1}}) {
      std::vector<Instruction> program;
      VectorSink sink(program);
      ZeroInsertGeometry geometry;
      geometry.padTop = geometry.padLeft = pad;
      geometry.strideH = geometry.strideW = stride;
      Placement result = densePlacement(
          1 << 22, Shape4{1, out.height, out.width, out.channels}, 4);
      llvm::Error error = generateZeroInsertSchedule(
          in, DramView::dense(0, in.height, in.width, in.channels, 4), out,
          result, geometry, target, 1, sink);
      ASSERT_FALSE(bool(error)) << llvm::toString(std::move(error));
      std::vector<std::string> found = hazards(program, target);
      EXPECT_TRUE(found.empty())
          << "zero insertion " << in.height << "x" << in.width << "x"
          << in.channels << ": " << found.front();
      mostSlots = std::max(mostSlots, slotsUsed(program));
    }
    // Adds, small (slots) and large (halves), with both operands.
    for (PlaneShape shape : {plane(4, 4, 8), plane(96, 96, 64)}) {
      std::vector<Instruction> program;
      VectorSink sink(program);
      int64_t bytes = shape.height * shape.width * shape.channels * 4;
      llvm::Error error = generateAddSchedule(
          shape,
          DramView::dense(0, shape.height, shape.width, shape.channels, 4),
          AddOperandScale{},
          DramView::dense(bytes, shape.height, shape.width, shape.channels, 4),
          AddOperandScale{}, ConvEpilogue{},
          DramView::dense(2 * bytes, shape.height, shape.width, shape.channels,
                          4),
          target, 1, sink);
      ASSERT_FALSE(bool(error)) << llvm::toString(std::move(error));
      std::vector<std::string> found = hazards(program, target);
      EXPECT_TRUE(found.empty()) << "add " << shape.height << "x" << shape.width
                                 << ": " << found.front();
    }
    // A fill with a bias keeps two halves (its bias alternates with them).
    {
      std::vector<Instruction> program;
      VectorSink sink(program);
      PlaneShape shape = plane(2, 3, 4);
      ASSERT_FALSE(bool(generateFillSchedule(
          shape, ConvEpilogue{}, uint64_t(1 << 20),
          DramView::dense(0, 2, 3, 4, 4), target, 1, sink)));
      EXPECT_TRUE(hazards(program, target).empty());
      EXPECT_LE(slotsUsed(program), 2u);
    }
  }
  // The small chains did use more than two slots.
  EXPECT_GT(mostSlots, 2u);
}

} // namespace
