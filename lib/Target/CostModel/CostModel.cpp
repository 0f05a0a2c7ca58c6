//===- CostModel.cpp - Cycles, DRAM traffic and energy of a conv ----------===//
//
// The exact estimate streams the generated schedule into the shared timing
// model; the closed form mirrors the generator's reuse rules (which loads a
// step skips) to count DRAM bytes without walking the loop nest.
//
//===----------------------------------------------------------------------===//

#include "accel/Target/CostModel.h"
#include "CostModelInternal.h"
#include "accel/ISA/Latency.h"
#include "accel/ISA/PipelineTiming.h"
#include "accel/Support/Saturating.h"

#include <algorithm>
#include <cmath>

using namespace accel;
using namespace accel::isa;
using namespace accel::schedule;

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// Streams instructions into a PipelineTimer.
class TimingSink : public InstructionSink {
public:
  explicit TimingSink(PipelineTimer &timer) : timer(timer) {}
  llvm::Error emit(const Instruction &inst) override {
    return timer.push(inst, count++);
  }

private:
  PipelineTimer &timer;
  size_t count = 0;
};

llvm::Expected<CostEstimate> finishEstimate(PipelineTimer &timer) {
  llvm::Expected<int64_t> cycles = timer.finish();
  if (!cycles)
    return cycles.takeError();
  CostEstimate estimate;
  estimate.cycles = *cycles;
  estimate.dramBytes = timer.totalDramBytes();
  estimate.energyPJ = timer.totalEnergyPJ();
  estimate.macs = timer.totalMacs();
  for (const LayerTiming &layer : timer.layers())
    estimate.computeCycles += layer.computeBusyCycles;
  return estimate;
}

/// Sum over tiles of size `tile` covering `total` of ceil(size / atomic).
int64_t sumPasses(int64_t total, int64_t tile, int64_t atomic) {
  int64_t full = total / tile, rest = total % tile;
  return full * ceilDiv(tile, atomic) + (rest ? ceilDiv(rest, atomic) : 0);
}

/// Sum over output tiles of the input rows each tile's box reads inside
/// the tensor (the rest is padding fill, no DRAM traffic).
int64_t sumValidHalo(int64_t outputs, int64_t tile, int64_t stride,
                     int64_t kernel, int64_t dilation, int64_t padBegin,
                     int64_t inputs) {
  int64_t total = 0;
  for (int64_t first = 0; first < outputs; first += tile) {
    int64_t count = std::min(tile, outputs - first);
    int64_t origin = first * stride - padBegin;
    int64_t extent = (count - 1) * stride + (kernel - 1) * dilation + 1;
    int64_t lo = std::max<int64_t>(origin, 0);
    int64_t hi = std::min(origin + extent, inputs);
    total += std::max<int64_t>(hi - lo, 0);
  }
  return total;
}

} // namespace

double CostEstimate::macUtilization(const TargetDesc &target) const {
  if (cycles <= 0)
    return 0;
  return double(macs) / (double(cycles) * double(target.macsPerCycle()));
}

CostEstimate &CostEstimate::operator+=(const CostEstimate &other) {
  cycles += other.cycles;
  dramBytes += other.dramBytes;
  energyPJ += other.energyPJ;
  macs += other.macs;
  computeCycles += other.computeCycles;
  return *this;
}

CostBound accel::boundConvCost(const ConvShape &shape, const TargetDesc &target,
                               const TilingChoice &tiling, bool hasBias) {
  int64_t outH = shape.outH(), outW = shape.outW();
  int64_t inCPerGroup = shape.inC / shape.groups;
  int64_t outCPerGroup = shape.outC / shape.groups;
  int64_t tileH = std::min(tiling.tileH, outH);
  int64_t tileW = std::min(tiling.tileW, outW);
  int64_t tileK = std::min(tiling.tileK, outCPerGroup);
  int64_t tileC = std::min(tiling.tileC, inCPerGroup);
  int64_t tilesK = ceilDiv(outCPerGroup, tileK);
  int64_t tilesC = ceilDiv(inCPerGroup, tileC);
  // Saturating: the factors are bounded by the verifiers and the target's
  // ranges, but their products are not (a hostile target's huge kernel on a
  // 4 GiB tensor), and a wrapped bound would make a tiling look cheap.
  int64_t spatialTiles = saturatingProduct(
      {shape.batch, ceilDiv(outH, tileH), ceilDiv(outW, tileW)});
  int64_t taps = saturatingProduct({shape.kernelH, shape.kernelW});
  int64_t bytes = elementBytes(shape.element);

  CostBound bound;
  bound.steps = saturatingProduct({shape.groups, spatialTiles, tilesK, tilesC});
  bound.computeCycles = saturatingProduct(
      {shape.groups, shape.batch, outH, outW, taps,
       sumPasses(inCPerGroup, tileC, target.atomicC),
       sumPasses(outCPerGroup, tileK, target.atomicK)});

  // Mirrors ConvScheduleEmitter's reuse rule: a step skips a load when the
  // previous step used the same tile.
  bool spatialOuter = tiling.order == LoopOrder::SpatialOuter;
  int64_t inputLoadsPerBox =
      tilesC == 1 && (spatialOuter || spatialTiles == 1) ? 1 : tilesK;
  int64_t weightLoadsPerTile =
      tilesC == 1 && (!spatialOuter || tilesK == 1) ? 1 : spatialTiles;
  int64_t validRows = sumValidHalo(outH, tileH, shape.strideH, shape.kernelH,
                                   shape.dilationH, shape.padTop, shape.inH);
  int64_t validCols = sumValidHalo(outW, tileW, shape.strideW, shape.kernelW,
                                   shape.dilationW, shape.padLeft, shape.inW);
  int64_t inputBytes =
      saturatingProduct({shape.groups, shape.batch, validRows, validCols,
                         inCPerGroup, bytes, inputLoadsPerBox});
  int64_t weightBytes = saturatingProduct(
      {shape.outC, taps, inCPerGroup, bytes, weightLoadsPerTile});
  int64_t biasBytes =
      hasBias ? saturatingProduct(
                    {shape.outC, kAccEntryBytes, weightLoadsPerTile})
              : 0;
  int64_t outputBytes =
      saturatingProduct({shape.batch, outH, outW, shape.outC, bytes});
  bound.dramBytes =
      saturatingSum({inputBytes, weightBytes, biasBytes, outputBytes});
  bound.lowerBoundCycles = std::max<int64_t>(
      bound.computeCycles,
      dramTransferCycles(bound.dramBytes, target));
  return bound;
}

llvm::Expected<CostEstimate> accel::walkConvCost(const ConvShape &shape,
                                                 const TargetDesc &target,
                                                 const TilingChoice &tiling,
                                                 bool hasBias) {
  return detail::walkCroppedConvCost(shape, target, tiling, hasBias, {});
}

llvm::Expected<CostEstimate>
accel::detail::walkCroppedConvCost(const ConvShape &shape,
                                   const TargetDesc &target,
                                   const TilingChoice &tiling, bool hasBias,
                                   const OutputCrop &crop) {
  // Addresses do not change timing; any placement prices the same.
  int64_t bytes = elementBytes(shape.element);
  ConvOperands operands;
  operands.input =
      DramView::dense(0, shape.inH, shape.inW, shape.inC, bytes);
  if (hasBias)
    operands.bias = 0;
  PipelineTimer timer(target);
  TimingSink timing(timer);
  // The emitter's store remapping, over the crop's pieces.
  Shape4 outShape{shape.batch, shape.outH(), shape.outW(), shape.outC};
  StoreRemapSink sink(timing, outShape, bytes,
                      cropPlacement(crop, outShape, bytes));
  operands.output = sink.virtualOutput();
  if (llvm::Error error = generateConvSchedule(shape, ConvEpilogue{}, tiling,
                                               operands, target, 0, sink))
    return std::move(error);
  return finishEstimate(timer);
}

llvm::Expected<CostEstimate> accel::walkFusedCost(const PhaseGroup &group,
                                                  const TargetDesc &target,
                                                  const TilingChoice &tiling) {
  if (group.phases.empty())
    return CostEstimate{};
  const ConvShape &first = group.phases.front();
  int64_t bytes = elementBytes(first.element);
  std::vector<PhaseConv> phases;
  for (size_t i = 0; i < group.phases.size(); ++i) {
    const ConvShape &shape = group.phases[i];
    PhaseConv phase;
    phase.shape = shape;
    if (group.hasBias)
      phase.bias = group.sharedBias ? 0 : uint64_t(i) * 4096;
    phase.output =
        DramView::dense(0, shape.outH(), shape.outW(), shape.outC, bytes);
    phases.push_back(phase);
  }
  DramView input =
      DramView::dense(0, first.inH, first.inW, first.inC, bytes);
  PipelineTimer timer(target);
  TimingSink sink(timer);
  if (llvm::Error error = generateFusedPhaseSchedule(phases, input, tiling,
                                                     target, 0, sink))
    return std::move(error);
  return finishEstimate(timer);
}

CostBound accel::boundFusedCost(const PhaseGroup &group,
                                const TargetDesc &target,
                                const TilingChoice &tiling) {
  CostBound bound;
  if (group.phases.empty())
    return bound;
  const ConvShape &first = group.phases.front();
  PhaseRange rangeH = phaseRangeH(group.phases);
  PhaseRange rangeW = phaseRangeW(group.phases);
  int64_t extentH = rangeH.end - rangeH.begin;
  int64_t extentW = rangeW.end - rangeW.begin;
  int64_t inCPerGroup = first.inC / first.groups;
  int64_t outCPerGroup = first.outC / first.groups;
  int64_t tileH = std::min(tiling.tileH, extentH);
  int64_t tileW = std::min(tiling.tileW, extentW);
  int64_t tileK = std::min(tiling.tileK, outCPerGroup);
  int64_t tileC = std::min(tiling.tileC, inCPerGroup);
  int64_t tilesK = ceilDiv(outCPerGroup, tileK);
  int64_t tilesC = ceilDiv(inCPerGroup, tileC);
  int64_t spatialTiles =
      first.batch * ceilDiv(extentH, tileH) * ceilDiv(extentW, tileW);
  int64_t bytes = elementBytes(first.element);
  int64_t passes = sumPasses(inCPerGroup, tileC, target.atomicC) *
                   sumPasses(outCPerGroup, tileK, target.atomicK);
  bound.steps = first.groups * spatialTiles * tilesK * tilesC;
  int64_t weightBytes = 0, outputBytes = 0, maxSpanH = 0, maxSpanW = 0;
  for (const ConvShape &phase : group.phases) {
    int64_t taps = phase.kernelH * phase.kernelW;
    bound.computeCycles += first.groups * first.batch * phase.outH() *
                           phase.outW() * taps * passes;
    weightBytes += phase.outC * taps * inCPerGroup * bytes;
    outputBytes += first.batch * phase.outH() * phase.outW() * phase.outC * bytes;
    maxSpanH = std::max(maxSpanH, (phase.kernelH - 1) * phase.dilationH + 1);
    maxSpanW = std::max(maxSpanW, (phase.kernelW - 1) * phase.dilationW + 1);
  }
  // The union box of a u-tile is an ordinary stride-1 halo of span maxSpan
  // starting at u0 (padding -u-range begin).
  bool spatialOuter = tiling.order == LoopOrder::SpatialOuter;
  int64_t inputLoadsPerBox =
      tilesC == 1 && (spatialOuter || spatialTiles == 1) ? 1 : tilesK;
  int64_t weightLoadsPerTile =
      tilesC == 1 && (!spatialOuter || tilesK == 1) ? 1 : spatialTiles;
  int64_t validRows = sumValidHalo(extentH, tileH, 1, maxSpanH, 1,
                                   -rangeH.begin, first.inH);
  int64_t validCols = sumValidHalo(extentW, tileW, 1, maxSpanW, 1,
                                   -rangeW.begin, first.inW);
  int64_t inputBytes = first.groups * first.batch * validRows * validCols *
                       inCPerGroup * bytes * inputLoadsPerBox;
  int64_t biasCopies =
      group.sharedBias ? 1 : int64_t(group.phases.size());
  int64_t biasBytes = group.hasBias ? biasCopies * first.outC *
                                          kAccEntryBytes * weightLoadsPerTile
                                    : 0;
  bound.dramBytes = inputBytes + weightBytes * weightLoadsPerTile + biasBytes +
                    outputBytes;
  bound.lowerBoundCycles = std::max<int64_t>(
      bound.computeCycles,
      dramTransferCycles(bound.dramBytes, target));
  return bound;
}

llvm::Expected<CostEstimate> accel::estimateSchedule(
    const TargetDesc &target,
    const std::function<llvm::Error(isa::InstructionSink &)> &generate) {
  PipelineTimer timer(target);
  TimingSink sink(timer);
  if (llvm::Error error = generate(sink))
    return std::move(error);
  return finishEstimate(timer);
}

llvm::Expected<CostEstimate> accel::estimateFillCost(const PlaneShape &shape,
                                                     const TargetDesc &target,
                                                     bool hasBias) {
  PipelineTimer timer(target);
  TimingSink sink(timer);
  DramView output = DramView::dense(0, shape.height, shape.width,
                                    shape.channels,
                                    elementBytes(shape.element));
  std::optional<uint64_t> bias;
  if (hasBias)
    bias = 0;
  if (llvm::Error error = generateFillSchedule(shape, ConvEpilogue{}, bias,
                                               output, target, 0, sink))
    return std::move(error);
  return finishEstimate(timer);
}

llvm::Expected<CostEstimate> accel::estimateAddCost(const PlaneShape &shape,
                                                    const TargetDesc &target) {
  PipelineTimer timer(target);
  TimingSink sink(timer);
  DramView view = DramView::dense(0, shape.height, shape.width, shape.channels,
                                  elementBytes(shape.element));
  if (llvm::Error error =
          generateAddSchedule(shape, view, AddOperandScale{}, view,
                              AddOperandScale{}, ConvEpilogue{}, view, target,
                              0, sink))
    return std::move(error);
  return finishEstimate(timer);
}

llvm::Expected<CostEstimate>
accel::estimateZeroInsertCost(const PlaneShape &input, const PlaneShape &result,
                              const ZeroInsertGeometry &geometry,
                              const TargetDesc &target) {
  return estimateSchedule(target, [&](InstructionSink &sink) {
    int64_t bytes = elementBytes(input.element);
    DramView inputView =
        DramView::dense(0, input.height, input.width, input.channels, bytes);
    Placement resultPlacement = densePlacement(
        0, {result.batch, result.height, result.width, result.channels}, bytes);
    return generateZeroInsertSchedule(input, inputView, result, resultPlacement,
                                      geometry, target, 0, sink);
  });
}

double accel::rooflineCycles(int64_t usefulMacs, int64_t compulsoryDramBytes,
                             const TargetDesc &target) {
  return std::max(double(usefulMacs) / double(target.macsPerCycle()),
                  double(compulsoryDramBytes) / target.dramBytesPerCycle);
}

int64_t accel::compulsoryDramBytes(llvm::ArrayRef<ConvShape> phases,
                                   bool hasBias) {
  if (phases.empty())
    return 0;
  const ConvShape &first = phases.front();
  int64_t bytes = elementBytes(first.element);
  int64_t total = first.batch * first.inH * first.inW * first.inC * bytes;
  for (const ConvShape &phase : phases) {
    int64_t phaseBytes = elementBytes(phase.element);
    total += phase.outC * phase.kernelH * phase.kernelW *
             (phase.inC / phase.groups) * phaseBytes;
    total += phase.batch * phase.outH() * phase.outW() * phase.outC * phaseBytes;
    if (hasBias)
      total += phase.outC * kAccEntryBytes;
  }
  return total;
}
