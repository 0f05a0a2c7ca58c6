//===- CopySchedule.cpp - Strided copies through the accumulators ---------===//
//
// Token protocol (as generateAddSchedule): the LOAD_ACC of tile t >= 2
// pops the store queue's "half free" token and pushes "ready" to the store
// queue; the STORE pops it and pushes the half back. Tiles come from
// schedule::PlaneTiling, the one tiling of the plane schedules.
//
//===----------------------------------------------------------------------===//

#include "accel/Schedule/CopySchedule.h"

#include "accel/ISA/Latency.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"

#include <cstdint>
#include <vector>

using namespace accel;
using namespace accel::isa;
using namespace accel::schedule;

llvm::Error
schedule::generateCopySchedule(const PlaneShape &shape, const DramView &source,
                               const DramView &dest, const TargetDesc &target,
                               uint16_t layer, InstructionSink &sink) {
  return generateCopySchedules({CopyPart{shape, source, dest, &sink}}, target,
                               layer);
}

llvm::Error schedule::generateCopySchedules(llvm::ArrayRef<CopyPart> parts,
                                            const TargetDesc &target,
                                            uint16_t layer) {
  if (parts.empty())
    return llvm::createStringError("copy chain has no parts");
  int64_t accHalf = accEntries(target) / 2;
  // Every part's tiling first: a part that cannot be copied fails the chain
  // before any instruction is emitted.
  std::vector<PlaneTiling> tilings;
  for (const CopyPart &part : parts) {
    const PlaneShape &shape = part.shape;
    if (shape.batch < 1 || shape.height < 1 || shape.width < 1 ||
        shape.channels < 1)
      return llvm::createStringError("copy has an empty dimension");
    llvm::Expected<PlaneTiling> tiling =
        PlaneTiling::create(shape, accHalf, INT64_MAX);
    if (!tiling)
      return llvm::createStringError(
          "the copy does not fit the accumulators: " +
          llvm::toString(tiling.takeError()));
    tilings.push_back(std::move(*tiling));
  }
  int64_t index = 0; // tiles emitted so far, over all parts
  for (auto [part, tiling] : llvm::zip_equal(parts, tilings)) {
    const PlaneShape &shape = part.shape;
    for (int64_t t = 0; t < tiling.size(); ++t, ++index) {
      PlaneTile tile = tiling[t];
      int64_t accAddr = (index % 2) * accHalf;
      DepFlags loadDeps;
      loadDeps.popNext = index >= 2;
      loadDeps.pushNext = true;
      if (llvm::Error error = part.sink->emit(
              Instruction(planeTileLoad(part.source, tile, shape.element,
                                        accAddr, AddOperandScale{},
                                        /*accumulate=*/false),
                          loadDeps, layer)))
        return error;
      if (llvm::Error error = part.sink->emit(
              planeTileStore(part.dest, tile, shape.element, accAddr, layer)))
        return error;
    }
  }
  return parts.back().sink->emit(Instruction(BarrierOp{}, DepFlags{}, layer));
}

llvm::Error schedule::generateZeroInsertSchedule(
    const PlaneShape &input, const DramView &inputView,
    const PlaneShape &result, const Placement &resultPlacement,
    const ZeroInsertGeometry &geometry, const TargetDesc &target,
    uint16_t layer, InstructionSink &sink) {
  int64_t bytes = elementBytes(result.element);
  Shape4 resultShape{result.batch, result.height, result.width,
                     result.channels};
  Shape4 inputShape{input.batch, input.height, input.width, input.channels};
  // 1. Every position holds `fill` (i8: POST of a zero accumulator adds the
  //    output zero point).
  ConvEpilogue fill;
  fill.outputZp = geometry.fill;
  StoreRemapSink fillRemap(sink, resultShape, bytes, resultPlacement);
  if (llvm::Error error = generateFillSchedule(result, fill, std::nullopt,
                                               fillRemap.virtualOutput(),
                                               target, layer, fillRemap))
    return error;
  // 2. The input scattered to every stride-th position.
  Placement scattered = composeStrided(
      resultPlacement, geometry.padTop, geometry.padLeft, geometry.strideH,
      geometry.strideW, 0, 0, input.channels, input.height, input.width, bytes);
  StoreRemapSink copyRemap(sink, inputShape, bytes, std::move(scattered));
  return generateCopySchedule(input, inputView, copyRemap.virtualOutput(),
                              target, layer, copyRemap);
}
