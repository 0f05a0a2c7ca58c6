//===- PipelineTiming.cpp - Event-driven timing of the three queues -------===//
//
// Scheduling rule: among the queue heads whose pop tokens exist, issue the
// one that can start earliest (ties: load, compute, store). Heads are only
// scheduled while every queue has a head, or when draining at a barrier, so
// feeding instructions one by one gives the same result as feeding them all
// at once.
//
//===----------------------------------------------------------------------===//

#include "accel/ISA/PipelineTiming.h"
#include "accel/Support/Saturating.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace accel;
using namespace accel::isa;

namespace {
constexpr unsigned kLoad = 0, kCompute = 1, kStore = 2;

/// `time + cycles`, saturating: the durations of a hostile program on an
/// absurd target (dramTransferCycles saturates at 2^53 per transfer) must
/// not overflow when they pile up.
int64_t after(int64_t time, int64_t cycles) {
  int64_t result;
  return llvm::AddOverflow(time, cycles, result) ? INT64_MAX : result;
}
} // namespace

PipelineTimer::PipelineTimer(const TargetDesc &target) : target(target) {}

bool PipelineTimer::tokensReady(unsigned queue, const DepFlags &deps,
                                int64_t &readyAt) const {
  auto need = [&](bool wanted, Channel channel) {
    if (!wanted)
      return true;
    if (tokens[channel].empty())
      return false;
    readyAt = std::max(readyAt, tokens[channel].front());
    return true;
  };
  switch (queue) {
  case kLoad:
    return need(deps.popNext, ComputeToLoad);
  case kCompute:
    return need(deps.popPrev, LoadToCompute) &&
           need(deps.popNext, StoreToCompute);
  case kStore:
    return need(deps.popPrev, ComputeToStore);
  }
  return false;
}

int64_t PipelineTimer::earliestStart(unsigned queue,
                                     const PendingOp &op) const {
  if (queue != kCompute)
    return queueFree[queue];
  if (op.opcode == Opcode::Post)
    return std::max({computeIssued, macCompletion, postFree});
  int64_t start = std::max(computeIssued, queueFree[kCompute]);
  for (const PostInFlight &post : postsInFlight)
    if (post.accBegin < op.accEnd && op.accBegin < post.accEnd)
      start = std::max(start, post.until);
  return start;
}

void PipelineTimer::execute(unsigned queue, int64_t start) {
  PendingOp op = pending[queue].front();
  pending[queue].pop_front();
  const DepFlags &deps = op.deps;
  auto pop = [&](bool wanted, Channel channel) {
    if (wanted)
      tokens[channel].pop_front();
  };
  auto push = [&](bool wanted, Channel channel, int64_t at) {
    if (wanted)
      tokens[channel].push_back(at);
  };
  if (queue == kLoad) {
    pop(deps.popNext, ComputeToLoad);
  } else if (queue == kCompute) {
    pop(deps.popPrev, LoadToCompute);
    pop(deps.popNext, StoreToCompute);
  } else {
    pop(deps.popPrev, ComputeToStore);
  }

  const InstructionCost &cost = op.cost;
  int64_t completion, busyEnd;
  int64_t transferStart = 0, transferEnd = 0;
  bool isPost = queue == kCompute && op.opcode == Opcode::Post;
  if (queue == kCompute) {
    computeIssued = start;
    llvm::erase_if(postsInFlight, [&](const PostInFlight &post) {
      return post.until <= start;
    });
  }
  if (isPost) {
    postFree = after(start, cost.busyCycles);
    completion = busyEnd = postFree;
    postsInFlight.push_back({op.accBegin, op.accEnd, postFree});
  } else if (cost.dramBytes > 0) {
    transferStart = std::max(start, dramFree);
    transferEnd =
        after(transferStart, dramTransferCycles(cost.dramBytes, target));
    dramFree = transferEnd;
    queueFree[queue] = busyEnd = transferEnd;
    completion = after(transferEnd, cost.dmaLatency);
  } else {
    queueFree[queue] = busyEnd = after(start, cost.busyCycles);
    completion = queueFree[queue];
  }
  // Completion (and token pushes) stay in order within a queue, and on the
  // compute queue within each unit (a POST starts after every earlier
  // MAC-array instruction completed, so its completion is in order too).
  if (queue == kCompute && !isPost) {
    completion = std::max(completion, macCompletion);
    macCompletion = completion;
  } else if (!isPost) {
    completion = std::max(completion, lastCompletion[queue]);
  }
  lastCompletion[queue] = std::max(lastCompletion[queue], completion);

  if (queue == kLoad) {
    push(deps.pushNext, LoadToCompute, completion);
  } else if (queue == kCompute) {
    push(deps.pushPrev, ComputeToLoad, completion);
    push(deps.pushNext, ComputeToStore, completion);
  } else {
    push(deps.pushPrev, StoreToCompute, completion);
  }

  if (op.layer >= layerTimings.size())
    layerTimings.resize(op.layer + 1);
  LayerTiming &layer = layerTimings[op.layer];
  if (layer.startCycle < 0 || start < layer.startCycle)
    layer.startCycle = start;
  layer.endCycle = std::max(layer.endCycle, completion);
  layer.macs += cost.macs;
  if (op.opcode == Opcode::Conv)
    layer.computeBusyCycles += cost.busyCycles;
  else if (op.opcode == Opcode::Post)
    layer.postBusyCycles += cost.busyCycles;
  if (queue == kLoad)
    layer.loadBusyCycles += transferEnd - transferStart;
  else if (queue == kStore)
    layer.storeBusyCycles += transferEnd - transferStart;
  layer.dramBytes += cost.dramBytes;
  (queue == kStore ? layer.dramWriteBytes : layer.dramReadBytes) +=
      cost.dramBytes;
  layer.sram += cost.sram;
  double opEnergy = energyPJ(cost, target);
  layer.energyPJ += opEnergy;
  layer.energy += energySplitPJ(cost, target);
  if (observer)
    observer(TimelineEvent{op.index, op.opcode, op.layer, start, busyEnd,
                           completion, transferStart, transferEnd,
                           cost.dramBytes});
  macs += cost.macs;
  dramBytes += cost.dramBytes;
  energy += opEnergy;
}

llvm::Error PipelineTimer::drain(bool flushAll) {
  while (true) {
    bool allHaveHeads = true, anyHead = false;
    for (const auto &queue : pending) {
      allHaveHeads &= !queue.empty();
      anyHead |= !queue.empty();
    }
    if (!anyHead || (!flushAll && !allHaveHeads))
      return llvm::Error::success();
    int best = -1;
    int64_t bestStart = 0;
    for (unsigned queue = 0; queue < 3; ++queue) {
      if (pending[queue].empty())
        continue;
      int64_t readyAt = earliestStart(queue, pending[queue].front());
      if (!tokensReady(queue, pending[queue].front().deps, readyAt))
        continue;
      if (best < 0 || readyAt < bestStart) {
        best = int(queue);
        bestStart = readyAt;
      }
    }
    if (best < 0) {
      // Every head waits for a token no queue can still produce.
      const PendingOp *stuck = nullptr;
      for (const auto &queue : pending)
        if (!queue.empty() && (!stuck || queue.front().index < stuck->index))
          stuck = &queue.front();
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "instruction " + llvm::Twine(stuck->index) + " (" +
              opcodeName(stuck->opcode) +
              "): deadlock, it waits for a dependency token that is never "
              "pushed");
    }
    execute(unsigned(best), bestStart);
  }
}

void PipelineTimer::resetTo(int64_t time) {
  for (unsigned queue = 0; queue < 3; ++queue)
    queueFree[queue] = lastCompletion[queue] = time;
  computeIssued = macCompletion = postFree = time;
  postsInFlight.clear();
  dramFree = time;
}

void PipelineTimer::barrier() {
  int64_t time = std::max(dramFree, postFree);
  for (unsigned queue = 0; queue < 3; ++queue)
    time = std::max({time, queueFree[queue], lastCompletion[queue]});
  resetTo(time);
  now = time;
  for (auto &channel : tokens)
    channel.clear();
}

llvm::Error PipelineTimer::push(const Instruction &inst, size_t index) {
  Queue queue = inst.queue();
  if (queue == Queue::All) {
    if (llvm::Error error = drain(/*flushAll=*/true))
      return error;
    barrier();
    return llvm::Error::success();
  }
  PendingOp op{inst.deps, instructionCost(inst, target), inst.layer, index,
               inst.opcode()};
  // Saturating: a hostile program's extents may be huge.
  auto entries = [&](int64_t first, std::initializer_list<int64_t> extents) {
    op.accBegin = first;
    op.accEnd = saturatingSum({first, saturatingProduct(extents)});
  };
  if (const auto *conv = inst.getIf<ConvOp>())
    entries(conv->accAddr, {conv->accSpan()});
  else if (const auto *post = inst.getIf<PostOp>())
    entries(post->accAddr, {post->pixels, post->channels});
  else if (const auto *load = inst.getIf<LoadAccOp>())
    entries(load->accAddr, {load->boxH, load->boxW, load->boxC});
  pending[unsigned(queue)].push_back(std::move(op));
  return drain(/*flushAll=*/false);
}

llvm::Error PipelineTimer::pushHost(const Instruction &inst, size_t index,
                                    int64_t hostCycles) {
  if (llvm::Error error = push(inst, index)) // a barrier
    return error;
  int64_t start = now;
  now = after(now, std::max<int64_t>(hostCycles, 0));
  resetTo(now);
  if (inst.layer >= layerTimings.size())
    layerTimings.resize(inst.layer + 1);
  LayerTiming &layer = layerTimings[inst.layer];
  if (layer.startCycle < 0)
    layer.startCycle = start;
  layer.endCycle = std::max(layer.endCycle, now);
  if (observer)
    observer(TimelineEvent{index, inst.opcode(), inst.layer, start, now, now, 0,
                           0, 0});
  return llvm::Error::success();
}

llvm::Expected<int64_t> PipelineTimer::finish() {
  if (llvm::Error error = drain(/*flushAll=*/true))
    return std::move(error);
  barrier();
  return now;
}
