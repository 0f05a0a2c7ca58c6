//===- CopySchedule.cpp - Strided copies through the accumulators ---------===//
//
// Token protocol (as generateAddSchedule): the LOAD_ACC of tile t >= 2
// pops the store queue's "half free" token and pushes "ready" to the store
// queue; the STORE pops it and pushes the half back. Tiles come from
// schedule::PlaneTiling, the one tiling of the plane schedules.
//
//===----------------------------------------------------------------------===//

#include "accel/Schedule/CopySchedule.h"

#include "accel/ISA/Encoding.h"
#include "accel/ISA/Latency.h"

#include "llvm/ADT/Twine.h"

#include <cstdint>

using namespace accel;
using namespace accel::isa;
using namespace accel::schedule;

namespace {
llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Verifies and forwards, so a schedule never holds an unencodable field.
llvm::Error emitChecked(InstructionSink &sink, const Instruction &inst) {
  if (llvm::Error error = verifyInstruction(inst))
    return error;
  return sink.emit(inst);
}

} // namespace

llvm::Error schedule::generateCopySchedule(const PlaneShape &shape,
                                       const DramView &source,
                                       const DramView &dest,
                                       const TargetDesc &target,
                                       uint16_t layer, InstructionSink &sink) {
  if (shape.batch < 1 || shape.height < 1 || shape.width < 1 ||
      shape.channels < 1)
    return makeError("copy has an empty dimension");
  int64_t accHalf = accEntries(target) / 2;
  llvm::Expected<PlaneTiling> tiling =
      PlaneTiling::create(shape, accHalf, INT64_MAX);
  if (!tiling)
    return makeError("the copy does not fit the accumulators: " +
                     llvm::toString(tiling.takeError()));
  for (int64_t index = 0; index < tiling->size(); ++index) {
    PlaneTile tile = (*tiling)[index];
    int64_t accAddr = (index % 2) * accHalf;
    DepFlags loadDeps;
    loadDeps.popNext = index >= 2;
    loadDeps.pushNext = true;
    if (llvm::Error error = emitChecked(
            sink, Instruction(planeTileLoad(source, tile, shape.element,
                                            accAddr, AddOperandScale{},
                                            /*accumulate=*/false),
                              loadDeps, layer)))
      return error;
    if (llvm::Error error = emitChecked(
            sink, planeTileStore(dest, tile, shape.element, accAddr, layer)))
      return error;
  }
  return emitChecked(sink, Instruction(BarrierOp{}, DepFlags{}, layer));
}
