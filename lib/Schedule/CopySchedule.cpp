//===- CopySchedule.cpp - Strided copies through the accumulators ---------===//
//
// Token protocol (as generateAddSchedule): tiles cycle through the
// accumulator slots of a plane chain (schedule::planeSlots, two halves for
// planes whose tiles fill one); the LOAD_ACC of tile t >= slots pops the
// store queue's "slot free" token and pushes "ready" to the store queue; the
// STORE pops it and pushes the slot back. Tiles come from
// schedule::PlaneTiling, the one tiling of the plane schedules.
//
//===----------------------------------------------------------------------===//

#include "accel/Schedule/CopySchedule.h"

#include "accel/ISA/Latency.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVectorExtras.h"
#include "llvm/ADT/Twine.h"

#include <algorithm>
#include <cstdint>
#include <memory>
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
                                            uint16_t layer, PlaneChain *chain) {
  if (parts.empty())
    return llvm::createStringError("copy chain has no parts");
  llvm::Expected<int64_t> chainSlots = planeSlots(
      chain,
      llvm::map_to_vector(parts, [](const CopyPart &p) { return p.shape; }),
      accEntries(target));
  if (!chainSlots)
    return chainSlots.takeError();
  int64_t slots = *chainSlots;
  int64_t slotEntries = accEntries(target) / slots;
  // Every part's tiling first: a part that cannot be copied fails the chain
  // before any instruction is emitted.
  std::vector<PlaneTiling> tilings;
  for (const CopyPart &part : parts) {
    const PlaneShape &shape = part.shape;
    if (shape.batch < 1 || shape.height < 1 || shape.width < 1 ||
        shape.channels < 1)
      return llvm::createStringError("copy has an empty dimension");
    llvm::Expected<PlaneTiling> tiling =
        PlaneTiling::create(shape, slotEntries, INT64_MAX);
    if (!tiling)
      return llvm::createStringError(
          "the copy does not fit the accumulators: " +
          llvm::toString(tiling.takeError()));
    tilings.push_back(std::move(*tiling));
  }
  // Tiles emitted so far in the chain, over all parts.
  int64_t index = chain ? chain->tiles : 0;
  for (auto [part, tiling] : llvm::zip_equal(parts, tilings)) {
    const PlaneShape &shape = part.shape;
    for (int64_t t = 0; t < tiling.size(); ++t, ++index) {
      PlaneTile tile = tiling[t];
      int64_t accAddr = (index % slots) * slotEntries;
      DepFlags loadDeps;
      loadDeps.popNext = index >= slots;
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
  if (chain) {
    chain->tiles = index;
    if (!chain->barrier)
      return llvm::Error::success();
  }
  return parts.back().sink->emit(Instruction(BarrierOp{}, DepFlags{}, layer));
}

llvm::Error schedule::generateZeroInsertSchedule(
    const PlaneShape &input, const DramView &inputView,
    const PlaneShape &result, const Placement &resultPlacement,
    const ZeroInsertGeometry &geometry, const TargetDesc &target,
    uint16_t layer, InstructionSink &sink) {
  int64_t bytes = elementBytes(result.element);
  Shape4 inputShape{input.batch, input.height, input.width, input.channels};
  // 1. Every position the input does not cover holds `fill` (i8: POST of a
  //    zero accumulator adds the output zero point). With stride 1 the
  //    input covers one box, [y0, y1) x [x0, x1), and only the up to four
  //    boxes around it are filled (a padding copy writes each byte once);
  //    otherwise the whole result is.
  ConvEpilogue fill;
  fill.outputZp = geometry.fill;
  struct Box {
    int64_t y, x, height, width;
  };
  llvm::SmallVector<Box, 4> boxes;
  int64_t y0 = std::clamp<int64_t>(geometry.padTop, 0, result.height);
  int64_t y1 =
      std::clamp<int64_t>(geometry.padTop + input.height, 0, result.height);
  int64_t x0 = std::clamp<int64_t>(geometry.padLeft, 0, result.width);
  int64_t x1 =
      std::clamp<int64_t>(geometry.padLeft + input.width, 0, result.width);
  if (geometry.strideH == 1 && geometry.strideW == 1 && y0 < y1 && x0 < x1) {
    for (Box box :
         {Box{0, 0, y0, result.width},
          Box{y1, 0, result.height - y1, result.width}, Box{y0, 0, y1 - y0, x0},
          Box{y0, x1, y1 - y0, result.width - x1}})
      if (box.height > 0 && box.width > 0)
        boxes.push_back(box);
  } else {
    boxes.push_back({0, 0, result.height, result.width});
  }
  std::vector<std::unique_ptr<StoreRemapSink>> remaps;
  std::vector<FillPart> parts;
  for (const Box &box : boxes) {
    PlaneShape shape = result;
    shape.height = box.height;
    shape.width = box.width;
    Placement placement =
        composeStrided(resultPlacement, box.y, box.x, 1, 1, 0, 0,
                       result.channels, box.height, box.width, bytes);
    remaps.push_back(std::make_unique<StoreRemapSink>(
        sink, Shape4{result.batch, box.height, box.width, result.channels},
        bytes, std::move(placement)));
    parts.push_back(
        {shape, remaps.back()->virtualOutput(), remaps.back().get()});
  }
  // One chain: the fill's tiles, then the copy's, one BARRIER at the end.
  llvm::SmallVector<PlaneShape> shapes;
  for (const FillPart &part : parts)
    shapes.push_back(part.shape);
  shapes.push_back(input);
  PlaneChain chain{0, /*barrier=*/false,
                   planeSlots(shapes, accEntries(target))};
  if (llvm::Error error = generateFillSchedules(parts, fill, std::nullopt,
                                                target, layer, &chain))
    return error;
  // 2. The input scattered to every stride-th position -- unless it
  //    already lives there (accel-plan-memory placed a padding copy's
  //    input inside its result: its producer wrote the interior).
  Placement scattered = composeStrided(
      resultPlacement, geometry.padTop, geometry.padLeft, geometry.strideH,
      geometry.strideW, 0, 0, input.channels, input.height, input.width, bytes);
  std::optional<DramView> inPlace = asView(scattered, inputShape);
  if (inPlace && inPlace->base == inputView.base &&
      inPlace->imageStride == inputView.imageStride &&
      inPlace->rowStride == inputView.rowStride &&
      inPlace->pixelStride == inputView.pixelStride)
    return sink.emit(Instruction(BarrierOp{}, DepFlags{}, layer));
  StoreRemapSink copyRemap(sink, inputShape, bytes, std::move(scattered));
  chain.barrier = true;
  return generateCopySchedules(
      {CopyPart{input, inputView, copyRemap.virtualOutput(), &copyRemap}},
      target, layer, &chain);
}
