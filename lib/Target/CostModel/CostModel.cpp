//===- CostModel.cpp - Cycles, DRAM traffic and energy of a conv ----------===//
//
// The exact estimate streams the generated schedule into the shared timing
// model; the closed form counts DRAM bytes without walking the loop nest,
// asking the schedule's TileLoopNest how often each box and tile is loaded.
//
//===----------------------------------------------------------------------===//

#include "accel/Target/CostModel.h"
#include "CostModelInternal.h"
#include "accel/ISA/Latency.h"
#include "accel/ISA/PipelineTiming.h"
#include "accel/Schedule/TileLoopNest.h"
#include "accel/Support/EnumNames.h"
#include "accel/Support/Saturating.h"

#include <algorithm>
#include <cmath>
#include <tuple>

using namespace accel;
using namespace accel::isa;
using namespace accel::schedule;

namespace {

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

/// The closed form of a phase group's schedule (a plain conv is a group of
/// one phase) whose stage holds `biasCopies` biases: the reuse counts come
/// from the schedule's own TileLoopNest.
CostBound boundGroupCost(llvm::ArrayRef<ConvShape> phases,
                         const TargetDesc &target, const TilingChoice &tiling,
                         int64_t biasCopies) {
  // Saturating: the factors are bounded by the verifiers and the target's
  // ranges, but their products are not (a hostile target's huge kernel on a
  // 4 GiB tensor), and a wrapped bound would make a tiling look cheap.
  TileLoopNest nest = phaseGroupNest(phases, tiling, biasCopies > 0,
                                     biasCopies == 1, target);
  const ConvShape &first = phases.front();
  int64_t inCPerGroup = first.inC / first.groups;
  int64_t bytes = elementBytes(first.element);
  int64_t passesC = nest.inChannelPasses(target.atomicC);
  int64_t passesK = nest.outChannelPasses(target.atomicK);
  // A systolic output-stationary array folds over pixels, not channels:
  // its lower bound is the MAC count at full array throughput.
  bool pixelFolds = target.dataflow == Dataflow::SystolicOutputStationary;
  bool phaseSteps = nest.getResidency().phaseSteps > 1;
  llvm::SmallVector<int64_t> stepLoads;
  if (phaseSteps)
    stepLoads = phaseWeightLoads(phases, nest);
  int64_t computeCycles = 0, weightBytes = 0, biasBytes = 0, outputBytes = 0;
  int64_t rankComputeCycles = 0; // padding columns' taps counted as run
  for (const ConvShape &phase : phases) {
    int64_t taps = saturatingProduct({phase.kernelH, phase.kernelW});
    // Output rows x kernel rows the CONVs run: with kernel rows split, the
    // ones reading padding rows are skipped (at least: a tile's first CONV
    // writes every row); output columns x kernel columns the same way with
    // the column split.
    const NestResidency &residency = nest.getResidency();
    bool splitCols = residency.splitKernelCols && phase.kernelW > 1;
    bool splitRows = residency.splitKernelRows && phase.kernelH > 1;
    int64_t rowTaps = saturatingProduct({phase.outH(), phase.kernelH});
    if (splitRows) {
      rowTaps = 0;
      for (int64_t ky = 0; ky < phase.kernelH; ++ky)
        rowTaps += rowsReadingInput(phase, ky, 0, phase.outH()).size();
    }
    int64_t colTaps = saturatingProduct({phase.outW(), phase.kernelW});
    if (splitCols) {
      colTaps = 0;
      for (int64_t kx = 0; kx < phase.kernelW; ++kx)
        colTaps += colsReadingInput(phase, kx, 0, phase.outW()).size();
    }
    int64_t cycles =
        pixelFolds ? saturatingProduct({first.batch, phase.outH(), phase.outW(),
                                        taps, phase.outC, inCPerGroup}) /
                         target.macsPerCycle()
                   : saturatingProduct({first.groups, first.batch, rowTaps,
                                        colTaps, passesC, passesK});
    // A weight-stationary systolic array pays its fill and drain once per
    // fold (isa::convComputeCycles): per spatial tile, on every C_in/C_out
    // tile pair and tap. A plain conv issues a CONV per tile; a phase of a
    // group may skip tiles it has no rows in, so it is charged for one.
    if (target.dataflow == Dataflow::SystolicWeightStationary) {
      int64_t foldOverhead = 2 * target.atomicC + target.atomicK - 2;
      int64_t tiles = phases.size() == 1 ? nest.spatialTiles() : 1;
      cycles = saturatingSum(
          {cycles, saturatingProduct({first.groups, tiles, taps, passesC,
                                      passesK, foldOverhead})});
    }
    // (The column split runs on broadcast arrays only.)
    int64_t rankCycles =
        splitCols
            ? saturatingProduct({first.groups, first.batch, rowTaps,
                                 phase.outW(), phase.kernelW, passesC, passesK})
            : cycles;
    computeCycles = saturatingSum({computeCycles, cycles});
    rankComputeCycles = saturatingSum({rankComputeCycles, rankCycles});
    // Phase steps load a phase's weights in the tiles it has outputs in
    // (the others skip its step) unless its previous step kept them;
    // otherwise as the nest's reuse rule says.
    int64_t weightLoads = phaseSteps ? stepLoads[&phase - phases.data()]
                                     : nest.weightLoadsPerTile();
    weightBytes = saturatingSum(
        {weightBytes, saturatingProduct({phase.outC, taps, inCPerGroup, bytes,
                                         weightLoads})});
    // With phase steps, each phase's last weight tile brings the bias.
    if (phaseSteps && biasCopies > 0)
      biasBytes = saturatingSum(
          {biasBytes,
           saturatingProduct({first.outC, kAccEntryBytes, weightLoads})});
    outputBytes = saturatingSum(
        {outputBytes, saturatingProduct({first.batch, phase.outH(),
                                         phase.outW(), phase.outC, bytes})});
  }
  int64_t inputBytes = saturatingProduct(
      {first.groups, first.batch, nest.loadedInputRows(),
       nest.loadedInputCols(), inCPerGroup, bytes, nest.inputLoadsPerBox()});
  if (!phaseSteps)
    biasBytes = saturatingProduct(
        {biasCopies, first.outC, kAccEntryBytes, nest.biasLoadsPerTile()});
  CostBound bound;
  bound.steps = nest.steps();
  bound.computeCycles = computeCycles;
  bound.dramBytes =
      saturatingSum({inputBytes, weightBytes, biasBytes, outputBytes});
  int64_t dramCycles = dramTransferCycles(bound.dramBytes, target);
  bound.lowerBoundCycles = std::max<int64_t>(bound.computeCycles, dramCycles);
  bound.rankCycles = std::max<int64_t>(rankComputeCycles, dramCycles);
  bound.phasesOuter = nest.getResidency().phasesOuter;
  return bound;
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

static constexpr EnumName<CostObjective> kObjectiveNames[] = {
    {CostObjective::Cycles, "cycles", "cycles, then DRAM bytes, then energy"},
    {CostObjective::Energy, "energy", "energy, then cycles, then DRAM bytes"},
    {CostObjective::EnergyDelay, "edp",
     "energy x cycles (energy-delay product), then cycles"}};

llvm::StringRef accel::stringifyCostObjective(CostObjective objective) {
  return enumName<CostObjective>(kObjectiveNames, objective);
}

llvm::ArrayRef<EnumName<CostObjective>> accel::costObjectiveNames() {
  return kObjectiveNames;
}

bool accel::ranksBefore(const CostEstimate &a, const CostEstimate &b,
                        CostObjective objective) {
  switch (objective) {
  case CostObjective::Cycles:
    return std::make_tuple(a.cycles, a.dramBytes, a.energyPJ) <
           std::make_tuple(b.cycles, b.dramBytes, b.energyPJ);
  case CostObjective::Energy:
    return std::make_tuple(a.energyPJ, a.cycles, a.dramBytes) <
           std::make_tuple(b.energyPJ, b.cycles, b.dramBytes);
  case CostObjective::EnergyDelay:
    return std::make_tuple(a.energyPJ * double(a.cycles), a.cycles, a.dramBytes,
                           a.energyPJ) <
           std::make_tuple(b.energyPJ * double(b.cycles), b.cycles, b.dramBytes,
                           b.energyPJ);
  }
  llvm_unreachable("unknown cost objective");
}

CostBound accel::boundConvCost(const ConvShape &shape, const TargetDesc &target,
                               const TilingChoice &tiling, bool hasBias) {
  return boundGroupCost(shape, target, tiling, hasBias ? 1 : 0);
}

llvm::Expected<CostEstimate> accel::walkConvCost(const ConvShape &shape,
                                                 const TargetDesc &target,
                                                 const TilingChoice &tiling,
                                                 bool hasBias) {
  return detail::walkCroppedConvCost(shape, target, tiling,
                                     EpilogueTiming{hasBias}, {});
}

llvm::Expected<CostEstimate> accel::detail::walkCroppedConvCost(
    const ConvShape &shape, const TargetDesc &target,
    const TilingChoice &tiling, const EpilogueTiming &epilogue,
    const OutputCrop &crop) {
  // Addresses do not change timing; any placement prices the same.
  int64_t bytes = elementBytes(shape.element);
  ConvOperands operands;
  operands.input =
      DramView::dense(0, shape.inH, shape.inW, shape.inC, bytes);
  if (epilogue.hasBias)
    operands.bias = 0;
  ConvEpilogue post;
  if (epilogue.lut)
    post.lutTable = 0;
  PipelineTimer timer(target);
  TimingSink timing(timer);
  // The emitter's store remapping, over the crop's pieces.
  Shape4 outShape{shape.batch, shape.outH(), shape.outW(), shape.outC};
  StoreRemapSink sink(timing, outShape, bytes,
                      cropPlacement(crop, outShape, bytes));
  operands.output = sink.virtualOutput();
  if (llvm::Error error =
          generateConvSchedule(shape, post, tiling, operands, target, 0, sink))
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
    if (group.lut)
      phase.epilogue.lutTable = 0;
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
  if (group.phases.empty())
    return CostBound{};
  int64_t biasCopies = !group.hasBias     ? 0
                       : group.sharedBias ? 1
                                          : int64_t(group.phases.size());
  return boundGroupCost(group.phases, target, tiling, biasCopies);
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
                              const TargetDesc &target, bool inputInPlace) {
  return estimateSchedule(target, [&](InstructionSink &sink) {
    int64_t bytes = elementBytes(input.element);
    DramView inputView =
        DramView::dense(0, input.height, input.width, input.channels, bytes);
    if (inputInPlace && geometry.strideH == 1 && geometry.strideW == 1 &&
        geometry.padTop >= 0 && geometry.padLeft >= 0) {
      // The interior of the dense result, where the schedule would copy it.
      DramView result0 = DramView::dense(0, result.height, result.width,
                                         result.channels, bytes);
      inputView = result0;
      inputView.base = uint64_t(geometry.padTop * result0.rowStride +
                                geometry.padLeft * result0.pixelStride);
    }
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
