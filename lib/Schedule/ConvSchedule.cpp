//===- ConvSchedule.cpp - Instruction schedules for conv layers -----------===//
//
// The multi-buffering protocol (shared by the conv, fill and add
// schedules): the input and weight buffers are cut into S stages (the
// halves; a conv schedule's into thirds where its box and weight tile fit
// one, NestResidency::bufferStages). A step whose box / weight tile changes
// loads it into the next stage of its buffer, and each step's load group,
// from step S on, first pops the token compute pushed when it finished the
// step S back (a stage's previous occupant is at least that far back):
// after the step's last CONV, or, when its POST reads a bias that a later
// step's loads may overwrite, after the POST
// (PhaseGroupEmitter::releasesAtConv). Compute pops the load token, and, when
// it starts a fresh accumulator tile two tiles after the first, the token the
// store queue pushed when it drained that half. POST pushes to the store
// queue; STORE pushes back when its half is free.
//
//===----------------------------------------------------------------------===//

#include "accel/Schedule/ConvSchedule.h"
#include "accel/ISA/Encoding.h"
#include "accel/ISA/Latency.h"
#include "accel/Schedule/TileLoopNest.h"
#include "accel/Support/Saturating.h"

#include "llvm/ADT/SmallVectorExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <optional>

using namespace accel;
using namespace accel::isa;
using namespace accel::schedule;


llvm::Error schedule::emitSplitStore(const Instruction &store,
                                std::vector<Instruction> parts,
                                InstructionSink &sink) {
  if (parts.empty()) {
    StoreOp empty = *store.getIf<StoreOp>();
    empty.boxH = 0;
    empty.dramAddr = 0;
    parts.push_back(Instruction(empty, DepFlags{}, store.layer));
  }
  parts.front().deps.popPrev = store.deps.popPrev;
  parts.front().deps.popNext = store.deps.popNext;
  parts.back().deps.pushPrev = store.deps.pushPrev;
  parts.back().deps.pushNext = store.deps.pushNext;
  for (const Instruction &part : parts)
    if (llvm::Error error = sink.emit(part))
      return error;
  return llvm::Error::success();
}

namespace {

int64_t alignUp(int64_t value, int64_t alignment) {
  return llvm::divideCeilSigned(value, alignment) * alignment;
}

DType dtypeOf(ElementKind element) {
  return element == ElementKind::F32 ? DType::F32 : DType::I8;
}

llvm::Error checkShape(const ConvShape &shape) {
  if (shape.batch < 1 || shape.inH < 1 || shape.inW < 1 || shape.inC < 1 ||
      shape.outC < 1)
    return llvm::createStringError("conv has an empty dimension");
  if (shape.kernelH < 1 || shape.kernelW < 1 || shape.strideH < 1 ||
      shape.strideW < 1 || shape.dilationH < 1 || shape.dilationW < 1)
    return llvm::createStringError(
        "conv kernel, stride and dilation must be positive");
  // Negative padding is a crop: the LOAD box starts (or ends) inside the
  // input; outH()/outW() below must still be positive.
  if (shape.groups < 1 || shape.inC % shape.groups || shape.outC % shape.groups)
    return llvm::createStringError(
        "conv groups must divide both channel counts");
  if (shape.outH() < 1 || shape.outW() < 1)
    return llvm::createStringError("conv output is empty");
  return llvm::Error::success();
}

/// Sets `post`'s activation and requantization fields for output channels
/// from `channel0` on.
void applyEpilogue(PostOp &post, const ConvEpilogue &epilogue,
                   int64_t channel0) {
  post.activation = int64_t(epilogue.activation);
  post.clampLo = floatToField(epilogue.clampLo);
  post.clampHi = floatToField(epilogue.clampHi);
  post.alpha = floatToField(epilogue.alpha);
  post.multiplier = epilogue.multiplier;
  post.shift = epilogue.shift;
  post.outputZp = epilogue.outputZp;
  post.doubleRound = epilogue.doubleRound;
  if (epilogue.scaleTable) {
    post.perChannel = 1;
    post.scaleTable = int64_t(*epilogue.scaleTable) + channel0 * kScaleEntryBytes;
  }
  if (epilogue.lutTable) {
    post.lut = 1;
    post.lutTable = int64_t(*epilogue.lutTable);
  }
}

/// Emits instructions of one layer. Fields are not verified here: the
/// cost model walks these builders hundreds of times per layer, and the
/// emitter verifies the whole program once (isa::verifyProgram), after
/// StoreRemapSink has split the stores.
class LayerEmitter {
public:
  LayerEmitter(InstructionSink &sink, uint16_t layer)
      : sink(sink), layer(layer) {}
  template <typename Op> llvm::Error emit(const Op &op, DepFlags deps) {
    return emit(Instruction(op, deps, layer));
  }
  llvm::Error emit(const Instruction &inst) { return sink.emit(inst); }

private:
  InstructionSink &sink;
  uint16_t layer;
};

/// Emits a load group: the first instruction pops the "halves free" token
/// (from step 2 on); the group pushes one "loaded" token per part, from the
/// part's last instruction (`endPart` closes a part; the last part closes
/// itself), so that compute can start on the first part while the rest
/// loads.
class LoadGroup {
public:
  LoadGroup(LayerEmitter &emitter, bool popFreeToken)
      : emitter(emitter), popFree(popFreeToken) {}
  template <typename Op> void add(const Op &op) { ops.emplace_back(op); }
  bool empty() const { return ops.empty(); }
  /// Ends the current part (no-op when it is empty).
  void endPart() {
    if (!ops.empty() && (partEnds.empty() || partEnds.back() != ops.size()))
      partEnds.push_back(ops.size());
  }
  /// The "loaded" tokens flush pushes.
  size_t parts() const {
    size_t closed = partEnds.size();
    return closed + (ops.size() > (closed ? partEnds.back() : 0) ? 1 : 0);
  }
  llvm::Error flush() {
    for (size_t i = 0; i < ops.size(); ++i) {
      DepFlags deps;
      deps.popNext = popFree && i == 0;
      deps.pushNext =
          i + 1 == ops.size() || llvm::is_contained(partEnds, i + 1);
      llvm::Error error = std::visit(
          [&](const auto &op) { return emitter.emit(op, deps); }, ops[i]);
      if (error)
        return error;
    }
    return llvm::Error::success();
  }

private:
  LayerEmitter &emitter;
  bool popFree;
  std::vector<std::variant<LoadInputOp, LoadWeightOp, LoadBiasOp>> ops;
  std::vector<size_t> partEnds; ///< op counts at the closed parts' ends
};

/// Buffer layout of one stage of a phase group's schedule (a plain conv is
/// a group of one phase): every phase's weight tile back to back (phase
/// steps: one phase's at a time), one such chunk per C_in tile when the
/// whole weights are resident, then `biasSlots` C_out tiles of bias (twice
/// when the bias is double-buffered within the stage, `biasGenerations`);
/// every phase's accumulator tile back to back (phases outer: one phase's);
/// the input box of the largest tile, one chunk per C_in tile when the whole
/// box is resident.
struct GroupLayout {
  llvm::SmallVector<int64_t, 4> weightOffset, accOffset;
  int64_t biasOffset = 0, weightBytes = 0, accEntries = 0;
  /// Bias slots of one generation, and the generations a stage holds: with
  /// two, consecutive bias loads into a stage alternate between them, so a
  /// POST still reading the older one does not hold the stage's weights.
  int64_t biasSlots = 0, biasGenerations = 1;
  int64_t weightChunkBytes = 0; ///< one C_in tile of the weight tiles
  int64_t inputBytes = 0;
  int64_t inputChunkBytes = 0; ///< one C_in tile of the box
  bool weightsResident = false;
};

GroupLayout groupLayout(llvm::ArrayRef<ConvShape> phases,
                        const TileLoopNest &nest, int64_t biasSlots,
                        int64_t biasGenerations = 1) {
  GroupLayout layout;
  layout.biasSlots = biasSlots;
  layout.biasGenerations = biasGenerations;
  int64_t bytes = elementBytes(phases.front().element);
  int64_t k = nest.tileK(), c = nest.tileC();
  bool phaseSteps = nest.getResidency().phaseSteps > 1;
  bool phasesOuter = phaseSteps && nest.getResidency().phasesOuter;
  int64_t minPadLeft = phases.front().padLeft, maxPadLeft = minPadLeft;
  for (const ConvShape &phase : phases) {
    // A plain conv's weight tile holds one kernel-row tile.
    int64_t kernelRows =
        phases.size() == 1 ? nest.tileKernelRows() : phase.kernelH;
    int64_t tileBytes =
        alignUp(k * kernelRows * phase.kernelW * c * bytes, kAccEntryBytes);
    layout.weightOffset.push_back(phaseSteps ? 0 : layout.weightBytes);
    layout.weightBytes = phaseSteps ? std::max(layout.weightBytes, tileBytes)
                                    : layout.weightBytes + tileBytes;
    // Phases outer: one phase's accumulator tile at a time.
    int64_t accTile = std::min(nest.tileH(), phase.outH()) *
                      std::min(nest.tileW(), phase.outW()) * k;
    layout.accOffset.push_back(phasesOuter ? 0 : layout.accEntries);
    layout.accEntries = phasesOuter ? std::max(layout.accEntries, accTile)
                                    : layout.accEntries + accTile;
    minPadLeft = std::min(minPadLeft, phase.padLeft);
    maxPadLeft = std::max(maxPadLeft, phase.padLeft);
  }
  layout.weightChunkBytes = layout.weightBytes;
  layout.biasOffset = layout.weightChunkBytes *
                      (nest.getResidency().wholeWeights ? nest.tilesC() : 1);
  layout.weightBytes =
      layout.biasOffset + biasGenerations * biasSlots * k * kAccEntryBytes;
  // A phase whose first column lies right of the box's first column reads
  // the box from an offset address; the CONV's bounds then extend that many
  // pixels past the box, so the stage reserves them.
  layout.inputChunkBytes = (nest.rowsAxis().boxExtent(nest.tileH()) *
                                nest.colsAxis().boxExtent(nest.tileW()) +
                            (maxPadLeft - minPadLeft)) *
                           c * bytes;
  layout.inputBytes = layout.inputChunkBytes *
                      (nest.getResidency().wholeInput ? nest.tilesC() : 1);
  return layout;
}

/// Bias slots of a stage: a plain conv always reserves one; a fused group
/// one per distinct bias it holds at once (phase steps: one).
struct BiasSlots {
  int64_t sideBySide = 1, perPhase = 1;
  static BiasSlots plain() { return {1, 1}; }
  static BiasSlots fused(size_t phases, bool hasBias, bool sharedBias) {
    if (!hasBias)
      return {0, 0};
    return {sharedBias ? 1 : int64_t(phases), 1};
  }
};

/// The nest and layout of a phase group's schedule (a plain conv is a group
/// of one phase). With a target, the residency options follow from the
/// buffers: phase steps when the phases' weight tiles side by side do not
/// fit a weight stage; a whole input box when the loop order keeps the box
/// across C_out tiles, or phase steps keep it across phases (phases outer),
/// and every C_in tile of it fits one input stage; whole
/// weights when the loop order keeps the weights across spatial tiles and
/// every C_in tile of them (with the bias) fits one weight stage.
/// `fused`: generateFusedPhaseSchedule's weight tile may use the whole
/// buffer when it is the only one (weightsResident).
struct GroupPlan {
  TileLoopNest nest;
  GroupLayout layout;
};

/// The outputs of a phase along one axis (leading padding `pad`, `size`
/// outputs) that a u-space tile [u0, u0 + count) covers: output o sits at
/// u = o - pad.
IndexRange phaseOutputsInTile(int64_t u0, int64_t count, int64_t pad,
                              int64_t size) {
  return {std::max<int64_t>(u0 + pad, 0), std::min(u0 + count + pad, size)};
}

/// Whether, in the first or the last tile along rows (`rows`) or columns,
/// the group's taps that read padding are at least 1/16 of its taps along
/// that axis (the output rows x kernel rows, or columns x kernel columns,
/// of the phases' outputs in the tile). Only the border tiles decide, so a
/// schedule and the shortened copies the cost model extrapolates from
/// (Extrapolate.cpp: interior tiles removed, borders kept) decide alike.
bool bordersReadPadding(llvm::ArrayRef<ConvShape> phases,
                        const TileLoopNest &nest, bool rows) {
  PhaseRange range = rows ? phaseRangeH(phases) : phaseRangeW(phases);
  int64_t tileSize = rows ? nest.tileH() : nest.tileW();
  int64_t last = (rows ? nest.tilesY() : nest.tilesX()) - 1;
  for (int64_t tile : {int64_t(0), last}) {
    int64_t u0 = range.begin + tile * tileSize;
    int64_t taps = 0, padding = 0;
    for (const ConvShape &phase : phases) {
      int64_t kernel = rows ? phase.kernelH : phase.kernelW;
      IndexRange outputs =
          rows ? phaseOutputsInTile(u0, tileSize, phase.padTop, phase.outH())
               : phaseOutputsInTile(u0, tileSize, phase.padLeft, phase.outW());
      taps += outputs.size() * kernel;
      for (int64_t k = 0; k < kernel; ++k) {
        IndexRange reads =
            rows ? rowsReadingInput(phase, k, outputs.begin, outputs.end)
                 : colsReadingInput(phase, k, outputs.begin, outputs.end);
        padding += outputs.size() - reads.size();
      }
    }
    if (padding > 0 && padding * 16 >= taps)
      return true;
  }
  return false;
}

/// Whether a group's schedule splits kernel rows (NestResidency::
/// splitKernelRows): on a broadcast array, when the border tile rows spend
/// enough taps on padding rows (bordersReadPadding). A systolic array pays
/// its fill per fold either way and skips nothing.
bool splitsKernelRows(llvm::ArrayRef<ConvShape> phases,
                      const TileLoopNest &nest, const TargetDesc &target) {
  return !isSystolic(target.dataflow) &&
         llvm::any_of(phases,
                      [](const ConvShape &s) { return s.kernelH > 1; }) &&
         bordersReadPadding(phases, nest, /*rows=*/true);
}

/// Whether a group's schedule cuts its CONVs into column ranges
/// (NestResidency::splitKernelCols): the same for the border tile columns
/// and padding columns, on a broadcast array, for a fused phase group only.
/// A phase's border columns are a large part of its few outputs; a plain
/// conv's kernel may be large (zero-insert's K x K over the zero-inserted
/// input, FST's 9 x 9), where the ranges multiply the CONVs of every border
/// tile, and the cost model walks mostly border tiles: over the report's six
/// networks the split for plain convs too cost +35% compile time (diannao)
/// for 0-3% fewer cycles under `auto` (docs/CostModel.md).
bool splitsKernelCols(llvm::ArrayRef<ConvShape> phases,
                      const TileLoopNest &nest, const TargetDesc &target) {
  return phases.size() > 1 && !isSystolic(target.dataflow) &&
         llvm::any_of(phases,
                      [](const ConvShape &s) { return s.kernelW > 1; }) &&
         bordersReadPadding(phases, nest, /*rows=*/false);
}

/// Accumulator slots of a conv schedule whose accumulator tile takes
/// `tileEntries` (NestResidency::accSlots): the most of kMaxPlaneSlots, ...,
/// 4 equal slots that each hold the tile, else the two halves. A tile's
/// CONVs then wait for the STORE of the tile that many back, so a STORE's
/// DRAM latency stays hidden behind the tiles between (a stride-2 group's
/// phase steps with the phases outer store a small tile per phase).
int64_t convAccSlots(int64_t tileEntries, int64_t accEntries) {
  for (int64_t slots = kMaxPlaneSlots; slots > 2; slots /= 2)
    if (tileEntries <= accEntries / slots)
      return slots;
  return 2;
}

GroupPlan planGroup(llvm::ArrayRef<ConvShape> phases,
                    const TilingChoice &tiling, BiasSlots slots, bool fused,
                    const TargetDesc *target) {
  TileLoopNest nest = TileLoopNest::forPhaseGroup(phases, tiling);
  GroupLayout layout = groupLayout(phases, nest, slots.sideBySide);
  const ConvShape &first = phases.front();
  bool oneWeightTile = fused && first.groups == 1 &&
                       tiling.tileK >= first.outC && tiling.tileC >= first.inC;
  layout.weightsResident = oneWeightTile;
  if (!target)
    return {nest, layout};
  NestResidency residency;
  int64_t weightStage = oneWeightTile ? target->weightBufferBytes
                                      : target->weightBufferBytes / 2;
  bool phaseSteps = phases.size() > 1 && layout.weightBytes > weightStage;
  if (phaseSteps)
    residency.phaseSteps = int64_t(phases.size());
  // A whole box that fits is kept across C_out tiles when the loop order
  // reuses it, and across phases: when every phase's accumulator tile side
  // by side overflows an accumulator stage, phase steps run the phases
  // outer (each phase's C_in tiles in a row, one phase's accumulator tile at
  // a time). With one C_in tile the box is whole anyway, and the phases
  // outer change only the accumulator tiles. A tiling whose accumulators fit
  // side by side keeps its schedule, so the phases outer only add tilings.
  bool wholeBoxFits =
      nest.tilesC() > 1 &&
      nest.tilesC() * layout.inputChunkBytes <= target->inputBufferBytes / 2;
  residency.phasesOuter = phaseSteps &&
                          layout.accEntries > accEntries(*target) / 2 &&
                          (nest.tilesC() == 1 || wholeBoxFits);
  residency.wholeInput = wholeBoxFits && (nest.reusesInputAcrossOutTiles() ||
                                          residency.phasesOuter);
  residency.wholeWeights = !phaseSteps &&
                           nest.reusesWeightsAcrossSpatialTiles() &&
                           nest.tilesC() > 1 && nest.tilesR() == 1 &&
                           nest.tilesC() * layout.weightChunkBytes +
                                   (layout.weightBytes - layout.biasOffset) <=
                               weightStage;
  nest.setResidency(residency);
  residency.splitKernelRows = splitsKernelRows(phases, nest, *target);
  residency.splitKernelCols = splitsKernelCols(phases, nest, *target);
  nest.setResidency(residency);
  int64_t biasSlots = phaseSteps ? slots.perPhase : slots.sideBySide;
  // The first layout assumed no residency option and the side-by-side bias
  // slots; it stands unless an option or the slot count changed (the
  // tiler plans every candidate tiling, so this is its hot path).
  if (phaseSteps || residency.wholeInput || residency.wholeWeights ||
      biasSlots != slots.sideBySide)
    layout = groupLayout(phases, nest, biasSlots);
  layout.weightsResident = oneWeightTile && !phaseSteps;
  // A second generation of bias slots where the stage has room for it: the
  // stage's weights are then free once its last CONV ran, not its POST
  // (PhaseGroupEmitter::releasesAtConv). groupLayout's rule: each
  // generation adds biasSlots x tile_k accumulator-entry slots.
  int64_t generationBytes = biasSlots * nest.tileK() * kAccEntryBytes;
  if (biasSlots > 0 && !layout.weightsResident &&
      layout.weightBytes + generationBytes <= weightStage) {
    layout.weightBytes += generationBytes;
    layout.biasGenerations = 2;
  }
  residency.accSlots = convAccSlots(layout.accEntries, accEntries(*target));
  // A third stage of the input and weight buffers where the box and the
  // weight tile (bias slots included) each fit one: the footprint rule stays
  // halves, so no tiling appears or disappears, only the waiting changes.
  if (!layout.weightsResident &&
      layout.inputBytes <=
          stagePitch(target->inputBufferBytes, kMaxBufferStages) &&
      layout.weightBytes <=
          stagePitch(target->weightBufferBytes, kMaxBufferStages))
    residency.bufferStages = kMaxBufferStages;
  nest.setResidency(residency);
  return {nest, layout};
}

TileFootprint footprintOf(const GroupLayout &layout) {
  TileFootprint footprint;
  footprint.inputBytes = layout.inputBytes;
  footprint.weightBytes = layout.weightBytes;
  footprint.accEntries = layout.accEntries;
  footprint.weightsResident = layout.weightsResident;
  return footprint;
}

/// Emits the schedule of a phase group (see ConvSchedule.h; a plain conv is
/// a group of one phase) by driving its TileLoopNest: per step the loads
/// the nest asks for, then per phase with outputs in the tile one CONV and,
/// after the last C_in tile, POST + STORE. Phase r's output j sits at
/// u = j - pad_r; the nest tiles u - u-range begin.
class PhaseGroupEmitter {
public:
  PhaseGroupEmitter(llvm::ArrayRef<PhaseConv> phases,
                    llvm::ArrayRef<ConvShape> shapes, const DramView &input,
                    const GroupPlan &plan, bool sharedBias,
                    const TargetDesc &target, LayerEmitter &emitter)
      : phases(phases), shapes(shapes), input(input), nest(plan.nest),
        layout(plan.layout), rangeH(phaseRangeH(shapes)), rangeW(phaseRangeW(shapes)),
        sharedBias(sharedBias), hasBias(phases.front().bias.has_value()),
        target(target), emitter(emitter) {
    const ConvShape &first = shapes.front();
    inCPerGroup = first.inC / first.groups;
    outCPerGroup = first.outC / first.groups;
    bytes = elementBytes(first.element);
    dtype = int64_t(dtypeOf(first.element));
    isInt8 = first.element == ElementKind::I8;
  }

  llvm::Error run() {
    if (llvm::Error error = nest.run(
            [&](const TileStep &step) { return findWork(step); },
            [&](const TileStep &step) { return emitStep(step); }))
      return error;
    return emitter.emit(BarrierOp{}, DepFlags{});
  }

private:
  /// The outputs [y0, y1) x [x0, x1) phase `index` computes in a u-tile.
  struct Work {
    size_t index;
    int64_t y0, y1, x0, x1;
  };

  /// The phases `step` computes: all of them, or with phase steps (the
  /// residency's phaseSteps > 1) the step's phase only.
  IndexRange phasesOf(const TileStep &step) const {
    if (nest.getResidency().phaseSteps > 1)
      return {step.phase, step.phase + 1};
    return {0, int64_t(shapes.size())};
  }

  /// Collects the phases with outputs in `step`'s tile into `work` (phase
  /// steps: the step's phase only).
  bool findWork(const TileStep &step) {
    int64_t u0y = rangeH.begin + step.y0, u0x = rangeW.begin + step.x0;
    work.clear();
    IndexRange stepPhases = phasesOf(step);
    for (size_t i = stepPhases.begin; i < size_t(stepPhases.end); ++i) {
      const ConvShape &shape = shapes[i];
      IndexRange rows =
          phaseOutputsInTile(u0y, step.rows, shape.padTop, shape.outH());
      IndexRange cols =
          phaseOutputsInTile(u0x, step.cols, shape.padLeft, shape.outW());
      if (rows.size() > 0 && cols.size() > 0)
        work.push_back({i, rows.begin, rows.end, cols.begin, cols.end});
    }
    return !work.empty();
  }

  llvm::Error emitStep(const TileStep &step) {
    findWork(step); // the nest asks about every step of a tile first
    llvm::Expected<size_t> loadTokens = emitLoads(step);
    if (!loadTokens)
      return loadTokens.takeError();
    // Phase n's first CONV pops the n-th "loaded" token (a step whose loads
    // come in one part: the first phase pops it).
    for (size_t n = 0; n < work.size(); ++n)
      if (llvm::Error error =
              emitPhase(step, work[n], n == 0, n + 1 == work.size(),
                        /*popLoads=*/n == 0 || n < *loadTokens))
        return error;
    return llvm::Error::success();
  }

  /// The step's load group; returns how many "loaded" tokens it pushes.
  /// When the step loads several phases' weight tiles, the tokens come in
  /// one part per phase with work (in work order; the input box and the
  /// bias go with the first, phases without work in this step with the
  /// last), so the first phase's CONVs start while the others' weights
  /// load.
  llvm::Expected<size_t> emitLoads(const TileStep &step) {
    LoadGroup loads(emitter, step.waitStageFree);
    int64_t channel0 = step.group * inCPerGroup + step.c0;
    if (step.loadInput) {
      LoadInputOp load;
      load.dramAddr =
          input.base + step.image * input.imageStride + channel0 * bytes;
      load.tensorH = shapes.front().inH;
      load.tensorW = shapes.front().inW;
      load.rowStride = input.rowStride;
      load.pixelStride = input.pixelStride;
      load.originY = step.boxY;
      load.originX = step.boxX;
      load.boxH = step.boxH;
      load.boxW = step.boxW;
      load.boxC = step.cCount;
      load.bufAddr = inputChunkAddr(step);
      load.fill = isInt8 ? phases.front().epilogue.inputZp : 0;
      load.dtype = dtype;
      loads.add(load);
    }
    // The bias goes ahead of the weights: the first phase's POST needs it
    // in the first part when the weights come in several, and a step's
    // CONVs need only its weights, so its "loaded" token should not wait
    // for a bias load queued behind a STORE on the DRAM channel.
    if (step.loadWeights) {
      addBiasLoads(step, loads);
      // The phases in load order: those with work first, in work order.
      llvm::SmallVector<size_t, 8> order;
      for (const Work &w : work)
        order.push_back(w.index);
      IndexRange stepPhases = phasesOf(step);
      for (size_t i = stepPhases.begin; i < size_t(stepPhases.end); ++i)
        if (!llvm::is_contained(order, i))
          order.push_back(i);
      for (size_t n = 0; n < order.size(); ++n) {
        size_t i = order[n];
        if (n > 0 && n < work.size())
          loads.endPart(); // the previous phase's weights are its part

        int64_t taps = shapes[i].kernelH * shapes[i].kernelW;
        int64_t kernelRow = taps * inCPerGroup * bytes;
        // A kernel-row tile: its rows' taps, from its first row's.
        int64_t tapsLoaded =
            step.kernelRows ? step.kernelRows * shapes[i].kernelW : taps;
        int64_t firstTap = step.kernelRow0 * shapes[i].kernelW;
        LoadWeightOp load;
        load.dramAddr = phases[i].weights +
                        (step.group * outCPerGroup + step.k0) * kernelRow +
                        firstTap * inCPerGroup * bytes + step.c0 * bytes;
        load.count = step.kCount;
        load.taps = tapsLoaded;
        load.chans = step.cCount;
        load.countStride = kernelRow;
        load.tapStride = inCPerGroup * bytes;
        load.bufAddr = weightChunkAddr(step) + layout.weightOffset[i];
        load.dtype = dtype;
        loads.add(load);
      }
    }
    // The multi-buffering protocol: from the bufferStages-th step on, each
    // step's first load pops the "stage free" token compute pushed that
    // many steps back, so a step that must pop has to load something (the
    // nest's residency rule guarantees it: every step changes the box, the
    // weight tile or a chunk; TileLoopNestTest checks it exhaustively).
    // Without a load the token would stay queued and the stages would be
    // released one step late from then on: refuse the schedule instead.
    if (loads.empty() && step.waitStageFree)
      return llvm::createStringError(
          "internal error: a conv schedule step loads nothing but must wait "
          "for a free buffer stage (the multi-buffering protocol needs one "
          "load per step)");
    if (llvm::Error error = loads.flush())
      return std::move(error);
    return loads.parts();
  }

  /// The bias loads of `step` (the last C_in tile of a weight tile).
  void addBiasLoads(const TileStep &step, LoadGroup &loads) {
    if (!step.lastC || !hasBias)
      return;
    // The other generation than the stage's last bias load (which a POST
    // may still read; see releasesAtConv).
    if (layout.biasGenerations == 2 && stageHeldBias[step.weightStage])
      biasGeneration[step.weightStage] ^= 1;
    stageHeldBias[step.weightStage] = true;
    IndexRange stepPhases = phasesOf(step);
    for (size_t i = 0; i < (sharedBias ? 1 : phases.size()); ++i) {
      if (!sharedBias &&
          (int64_t(i) < stepPhases.begin || int64_t(i) >= stepPhases.end))
        continue;
      LoadBiasOp bias;
      bias.dramAddr = *phases[i].bias +
                      (step.group * outCPerGroup + step.k0) * kAccEntryBytes;
      bias.count = step.kCount;
      bias.bufAddr = biasAddr(step, i);
      loads.add(bias);
    }
  }

  /// CONV of phase `w.index` over its part of the tile, and after the last
  /// C_in tile its POST + STORE. Tokens: the first CONV pops a "loaded"
  /// token when `popLoads` (its part of the step's loads), the first phase
  /// waits for the accumulator half, the last phase hands the stages (and
  /// the accumulator half) back.
  llvm::Error emitPhase(const TileStep &step, const Work &w, bool firstOp,
                        bool lastOp, bool popLoads) {
    const ConvShape &full = shapes[w.index];
    const PhaseConv &phase = phases[w.index];
    // Offset of the phase's first output in the box (stride 1 whenever
    // the group has several phases; one phase starts at the box's corner).
    int64_t dy = (w.y0 - full.padTop - rangeH.begin - step.y0) * full.strideH;
    int64_t dx = (w.x0 - full.padLeft - rangeW.begin - step.x0) * full.strideW;
    // A kernel-row tile runs its rows as a conv of their own: kernel rows
    // [r0, r0 + n) over the same outputs read the box from r0 * d_h rows
    // further down (what its padding says: r0 * d_h rows less on top).
    ConvShape shape = full;
    if (step.kernelRows) {
      int64_t skipped = step.kernelRow0 * full.dilationH;
      dy += skipped;
      shape.kernelH = step.kernelRows;
      shape.padTop -= skipped;
      shape.padBottom -=
          (full.kernelH - step.kernelRow0 - step.kernelRows) * full.dilationH;
    }
    int64_t rows = w.y1 - w.y0, cols = w.x1 - w.x0;
    int64_t accAddr =
        step.accStage * (accEntries(target) / nest.getResidency().accSlots) +
        layout.accOffset[w.index];
    ConvOp conv;
    conv.inAddr =
        inputChunkAddr(step) + (dy * step.boxW + dx) * step.cCount * bytes;
    conv.inH = step.boxH - dy;
    conv.inW = step.boxW;
    conv.inC = step.cCount;
    conv.weightAddr = weightChunkAddr(step) + layout.weightOffset[w.index];
    conv.outK = step.kCount;
    conv.kernelH = shape.kernelH;
    conv.kernelW = shape.kernelW;
    conv.strideH = shape.strideH;
    conv.strideW = shape.strideW;
    conv.dilationH = shape.dilationH;
    conv.dilationW = shape.dilationW;
    conv.outH = rows;
    conv.outW = cols;
    conv.accAddr = accAddr;
    conv.accumulate = step.cTile > 0 || step.rTile > 0;
    conv.inputZp = isInt8 ? phase.epilogue.inputZp : 0;
    conv.weightZp = isInt8 ? phase.epilogue.weightZp : 0;
    conv.dtype = dtype;
    DepFlags convDeps;
    convDeps.popPrev = popLoads;
    convDeps.popNext = firstOp && step.waitAccFree;
    // The stages are handed back after the last CONV unless the POST still
    // reads its bias from the weight stage (releasesAtConv).
    convDeps.pushPrev = lastOp && (!step.lastC || releasesAtConv());
    llvm::Error error =
        splitsKernel(shape)
            ? emitSplitKernel(step, w, shape, conv, dy, dx, convDeps)
            : emitter.emit(conv, convDeps);
    if (error)
      return error;
    if (!step.lastC)
      return llvm::Error::success();
    return emitOutput(step, w, accAddr, lastOp);
  }

  /// Whether the CONV of a phase (or kernel-row tile) of `shape` is cut by
  /// kernel rows or columns.
  bool splitsKernel(const ConvShape &shape) const {
    const NestResidency &residency = nest.getResidency();
    return (residency.splitKernelRows && shape.kernelH > 1) ||
           (residency.splitKernelCols && shape.kernelW > 1);
  }

  /// Output columns [begin, end) of a CONV (relative to the phase's first
  /// output in the tile) and the kernel columns [kx0, kx1) whose input is
  /// inside the tensor for every one of them (kx0 >= kx1: none is).
  struct ColumnRange {
    int64_t begin, end, kx0, kx1;
  };

  /// Phase `w.index`'s outputs in the tile cut into column ranges with the
  /// same kernel columns reading input: with splitKernelCols, one range per
  /// run of border columns where fewer kernel columns read the input, and
  /// one for the interior; otherwise one range with every kernel column.
  llvm::SmallVector<ColumnRange, 8> columnRanges(const Work &w) const {
    const ConvShape &shape = shapes[w.index];
    int64_t cols = w.x1 - w.x0;
    if (!nest.getResidency().splitKernelCols || shape.kernelW == 1)
      return {{0, cols, 0, shape.kernelW}};
    // Kernel column kx reads input over one contiguous range of outputs,
    // so the kernel columns reading input at an output are contiguous too,
    // and only change where a range begins or ends.
    llvm::SmallVector<IndexRange, 8> reads;
    llvm::SmallVector<int64_t, 16> cuts{0, cols};
    for (int64_t kx = 0; kx < shape.kernelW; ++kx) {
      IndexRange r = colsReadingInput(shape, kx, w.x0, w.x1);
      reads.push_back({r.begin - w.x0, r.end - w.x0});
      if (r.size() > 0) {
        cuts.push_back(r.begin - w.x0);
        cuts.push_back(r.end - w.x0);
      }
    }
    llvm::sort(cuts);
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    llvm::SmallVector<ColumnRange, 8> ranges;
    for (size_t i = 0; i + 1 < cuts.size(); ++i) {
      ColumnRange range{cuts[i], cuts[i + 1], shape.kernelW, 0};
      for (int64_t kx = 0; kx < shape.kernelW; ++kx)
        if (reads[kx].size() > 0 && reads[kx].begin <= range.begin &&
            range.end <= reads[kx].end) {
          range.kx0 = std::min(range.kx0, kx);
          range.kx1 = std::max(range.kx1, kx + 1);
        }
      if (range.kx0 >= range.kx1)
        range.kx0 = range.kx1 = 0;
      if (!ranges.empty() && ranges.back().kx0 == range.kx0 &&
          ranges.back().kx1 == range.kx1)
        ranges.back().end = range.end;
      else
        ranges.push_back(range);
    }
    return ranges;
  }

  /// `conv` (phase `w.index`'s CONV over its outputs in the tile, box
  /// offset `dy` rows and `dx` columns) cut by kernel rows and columns:
  /// per column range (columnRanges; the whole width unless splitKernelCols)
  /// with the range's kernel columns, one CONV over every kernel row, or
  /// with splitKernelRows one per kernel row over the output rows whose
  /// input row for it is inside the tensor. The weight tile keeps its
  /// layout ([C_out][K_h][K_w][C_in]): a CONV over part of the kernel reads
  /// it at the tile's C_out and kernel-row pitches (w_pitch, w_row_pitch); a
  /// range narrower than the tile writes its rows at the tile's row pitch
  /// (acc_pitch). On the first C_in (and kernel-row) tile each range's
  /// first CONV writes every output of the range (the kernel row reading the
  /// most input rows; what it reads as padding adds zero), the others
  /// accumulate. `shape` is the phase's, or its kernel-row tile's (the
  /// weight tile holds its rows; `dy` includes the rows it skips). `deps` go
  /// to the first (pops) and last (pushes) CONV.
  llvm::Error emitSplitKernel(const TileStep &step, const Work &w,
                              const ConvShape &shape, const ConvOp &conv,
                              int64_t dy, int64_t dx, const DepFlags &deps) {
    bool splitRows = nest.getResidency().splitKernelRows && shape.kernelH > 1;
    bool initialises = step.cTile == 0 && step.rTile == 0;
    int64_t rows = w.y1 - w.y0;
    int64_t pixelBytes = step.cCount * bytes;
    struct Rows {
      int64_t ky, begin, end; // kernel row ky over output rows [begin, end)
    };
    // Kernel rows [ky, ky + kernelH) with kernel columns [kx0, kx1) over
    // `part`'s rows and `range`'s columns.
    auto makeConv = [&](const Rows &part, int64_t kernelH,
                        const ColumnRange &range, int64_t kx0, int64_t kx1,
                        bool accumulate) {
      int64_t boxRow =
          dy + part.begin * shape.strideH + part.ky * shape.dilationH;
      int64_t boxCol = dx + range.begin * shape.strideW + kx0 * shape.dilationW;
      ConvOp op = conv;
      op.inAddr = conv.inAddr +
                  ((boxRow - dy) * step.boxW + (boxCol - dx)) * pixelBytes;
      op.inH = step.boxH - boxRow;
      op.weightAddr =
          conv.weightAddr + (part.ky * shape.kernelW + kx0) * pixelBytes;
      op.kernelH = kernelH;
      if (kernelH == 1)
        op.dilationH = 1;
      op.kernelW = kx1 - kx0;
      if (kernelH != shape.kernelH || op.kernelW != shape.kernelW)
        op.weightPitch = shape.kernelH * shape.kernelW * pixelBytes;
      if (kernelH > 1 && op.kernelW != shape.kernelW)
        op.weightRowPitch = shape.kernelW * pixelBytes;
      op.outH = part.end - part.begin;
      op.outW = range.end - range.begin;
      op.accAddr =
          conv.accAddr + (part.begin * conv.outW + range.begin) * conv.outK;
      if (op.outW != conv.outW)
        op.accPitch = conv.outW * conv.outK;
      op.accumulate = accumulate;
      return op;
    };
    llvm::SmallVector<ConvOp, 8> convs;
    for (const ColumnRange &range : columnRanges(w)) {
      if (range.kx0 >= range.kx1) {
        // No kernel column reads input here: its zeros to write (the whole
        // kernel, reading padding) on the first C_in tile, else nothing.
        if (initialises)
          convs.push_back(makeConv({0, 0, rows}, shape.kernelH, range, 0,
                                   shape.kernelW, conv.accumulate));
        continue;
      }
      if (!splitRows) {
        // Every kernel row, the range's kernel columns (w_row_pitch).
        convs.push_back(makeConv({0, 0, rows}, shape.kernelH, range, range.kx0,
                                 range.kx1, conv.accumulate));
        continue;
      }
      llvm::SmallVector<Rows, 8> parts;
      for (int64_t ky = 0; ky < shape.kernelH; ++ky) {
        IndexRange reads = rowsReadingInput(shape, ky, w.y0, w.y1);
        parts.push_back({ky, reads.begin - w.y0, reads.end - w.y0});
      }
      if (initialises) {
        auto widest = std::max_element(
            parts.begin(), parts.end(), [](const Rows &a, const Rows &b) {
              return std::max<int64_t>(a.end - a.begin, 0) <
                     std::max<int64_t>(b.end - b.begin, 0);
            });
        Rows all{widest->ky, 0, rows};
        parts.erase(widest);
        parts.insert(parts.begin(), all);
      }
      for (size_t n = 0; n < parts.size(); ++n)
        if (parts[n].begin < parts[n].end)
          convs.push_back(
              makeConv(parts[n], 1, range, range.kx0, range.kx1,
                       conv.accumulate || !(initialises && n == 0)));
    }
    if (convs.empty()) // nothing reads input: one CONV (adding zeros) carries
                       // the tokens
      convs.push_back(makeConv({0, 0, rows}, shape.kernelH,
                               {0, w.x1 - w.x0, 0, 0}, 0, shape.kernelW, true));
    for (size_t n = 0; n < convs.size(); ++n) {
      DepFlags opDeps;
      opDeps.popPrev = n == 0 && deps.popPrev;
      opDeps.popNext = n == 0 && deps.popNext;
      opDeps.pushPrev = n + 1 == convs.size() && deps.pushPrev;
      if (llvm::Error error = emitter.emit(convs[n], opDeps))
        return error;
    }
    return llvm::Error::success();
  }

  /// POST + STORE of phase `w.index`'s accumulator tile at `accAddr`.
  llvm::Error emitOutput(const TileStep &step, const Work &w, int64_t accAddr,
                         bool lastOp) {
    const PhaseConv &phase = phases[w.index];
    int64_t rows = w.y1 - w.y0, cols = w.x1 - w.x0;
    PostOp post;
    post.accAddr = accAddr;
    post.pixels = rows * cols;
    post.channels = step.kCount;
    post.biasAddr = biasAddr(step, sharedBias ? 0 : w.index);
    post.hasBias = hasBias;
    post.dtype = dtype;
    applyEpilogue(post, phase.epilogue, step.group * outCPerGroup + step.k0);
    DepFlags postDeps;
    postDeps.pushPrev = lastOp && !releasesAtConv();
    postDeps.pushNext = true;
    if (llvm::Error error = emitter.emit(post, postDeps))
      return error;

    StoreOp store;
    store.accAddr = accAddr;
    store.boxH = rows;
    store.boxW = cols;
    store.boxC = step.kCount;
    store.accRowPitch = cols * step.kCount;
    store.accPixelPitch = step.kCount;
    const DramView &out = phase.output;
    store.dramAddr = out.base + step.image * out.imageStride +
                     w.y0 * out.rowStride + w.x0 * out.pixelStride +
                     (step.group * outCPerGroup + step.k0) * bytes;
    store.rowStride = out.rowStride;
    store.pixelStride = out.pixelStride;
    store.dtype = dtype;
    DepFlags storeDeps;
    storeDeps.popPrev = true;
    storeDeps.pushPrev = lastOp && step.endsAccTile;
    return emitter.emit(store, storeDeps);
  }

  int64_t weightStageAddr(const TileStep &step) const {
    return step.weightStage * stagePitch(target.weightBufferBytes,
                                         nest.getResidency().bufferStages);
  }
  /// The step's C_in chunk of the weight tiles (whole weights: one per C_in
  /// tile, else the only one).
  int64_t weightChunkAddr(const TileStep &step) const {
    return weightStageAddr(step) + step.weightChunk * layout.weightChunkBytes;
  }
  int64_t biasAddr(const TileStep &step, size_t index) const {
    // Phase steps hold one bias, in slot 0.
    int64_t slot = nest.getResidency().phaseSteps > 1 ? 0 : int64_t(index);
    slot += biasGeneration[step.weightStage] * layout.biasSlots;
    return weightStageAddr(step) + layout.biasOffset +
           slot * nest.tileK() * kAccEntryBytes;
  }

  /// Whether a step's stages are free once its last CONV ran. Its POST reads
  /// the bias from the weight stage, which the step two on may load into
  /// (it pops the token that hands the stages back; later steps wait for
  /// tokens pushed after this POST in the in-order compute queue). With two
  /// bias generations that load goes to the other generation, and without
  /// a bias, or with the weights loaded once (weightsResident), nothing
  /// reloads the POST's bias.
  bool releasesAtConv() const {
    return !hasBias || layout.biasGenerations == 2 || layout.weightsResident;
  }
  int64_t inputChunkAddr(const TileStep &step) const {
    return step.inputStage * stagePitch(target.inputBufferBytes,
                                        nest.getResidency().bufferStages) +
           step.inputChunk * layout.inputChunkBytes;
  }

  llvm::ArrayRef<PhaseConv> phases;
  llvm::ArrayRef<ConvShape> shapes;
  const DramView &input;
  TileLoopNest nest;
  GroupLayout layout;
  PhaseRange rangeH, rangeW;
  bool sharedBias, hasBias;
  const TargetDesc &target;
  LayerEmitter &emitter;
  int64_t inCPerGroup = 0, outCPerGroup = 0, bytes = 4, dtype = 0;
  bool isInt8 = false;
  std::vector<Work> work; ///< the current step's phases (findWork)
  /// Per weight stage, the bias generation its last bias load wrote.
  std::array<int64_t, kMaxBufferStages> biasGeneration{};
  std::array<bool, kMaxBufferStages> stageHeldBias{};
};

llvm::Error checkTiling(const TilingChoice &tiling) {
  if (tiling.tileH < 1 || tiling.tileW < 1 || tiling.tileK < 1 ||
      tiling.tileC < 1)
    return llvm::createStringError("tile sizes must be positive");
  if (tiling.kernelRows < 0)
    return llvm::createStringError("kernel rows per tile must not be negative");
  return llvm::Error::success();
}

} // namespace

llvm::StringRef schedule::loopOrderName(LoopOrder order) {
  return order == LoopOrder::SpatialOuter ? "spatial_outer"
                                          : "out_channel_outer";
}

TileFootprint schedule::tileFootprint(const ConvShape &shape,
                                      const TilingChoice &tiling) {
  // A plain conv reserves the bias slots whether or not it has a bias.
  return footprintOf(
      planGroup(shape, tiling, BiasSlots::plain(), false, nullptr).layout);
}

TileFootprint schedule::tileFootprint(const ConvShape &shape,
                                      const TilingChoice &tiling,
                                      const TargetDesc &target) {
  return footprintOf(
      planGroup(shape, tiling, BiasSlots::plain(), false, &target).layout);
}

TileLoopNest schedule::phaseGroupNest(llvm::ArrayRef<ConvShape> phases,
                                      const TilingChoice &tiling,
                                      bool hasBias, bool sharedBias,
                                      const TargetDesc &target) {
  BiasSlots slots = phases.size() == 1
                        ? BiasSlots::plain()
                        : BiasSlots::fused(phases.size(), hasBias, sharedBias);
  return planGroup(phases, tiling, slots, phases.size() > 1, &target).nest;
}

bool schedule::fitsTarget(const TileFootprint &footprint, const TargetDesc &target) {
  int64_t weightStage = footprint.weightsResident ? target.weightBufferBytes
                                                  : target.weightBufferBytes / 2;
  return footprint.inputBytes <= target.inputBufferBytes / 2 &&
         footprint.weightBytes <= weightStage &&
         footprint.accEntries <= accEntries(target) / 2;
}

llvm::Error schedule::checkFitsTarget(const TileFootprint &footprint,
                                      const TargetDesc &target,
                                      llvm::StringRef what) {
  int64_t weightStage = footprint.weightsResident ? target.weightBufferBytes
                                                  : target.weightBufferBytes / 2;
  std::string problems;
  auto check = [&](llvm::StringRef part, int64_t need, int64_t have,
                   llvm::StringRef buffer) {
    if (need <= have)
      return;
    problems += (llvm::Twine(problems.empty() ? "" : "; ") + part + " " +
                 llvm::Twine(need) + " bytes per stage, the " + buffer +
                 " has " + llvm::Twine(have))
                    .str();
  };
  check("input box", footprint.inputBytes, target.inputBufferBytes / 2,
        "input buffer half");
  check("weight tile", footprint.weightBytes, weightStage,
        footprint.weightsResident ? "weight buffer" : "weight buffer half");
  check("accumulator tile", footprint.accEntries * kAccEntryBytes,
        accEntries(target) / 2 * kAccEntryBytes, "accumulator half");
  if (problems.empty())
    return llvm::Error::success();
  return llvm::createStringError(what + " does not fit the target's buffers: " +
                                 problems);
}

llvm::Error schedule::generateConvSchedule(const ConvShape &shape,
                                           const ConvEpilogue &epilogue,
                                           const TilingChoice &tiling,
                                           const ConvOperands &operands,
                                           const TargetDesc &target,
                                           uint16_t layer,
                                           InstructionSink &sink) {
  if (llvm::Error error = checkShape(shape))
    return error;
  if (llvm::Error error = checkTiling(tiling))
    return error;
  if (llvm::Error error =
          checkFitsTarget(tileFootprint(shape, tiling, target), target,
                          "the tiling"))
    return error;
  PhaseConv phase{shape, epilogue, operands.weights, operands.bias,
                  operands.output};
  LayerEmitter emitter(sink, layer);
  GroupPlan plan =
      planGroup(shape, tiling, BiasSlots::plain(), /*fused=*/false, &target);
  return PhaseGroupEmitter(phase, shape, operands.input, plan,
                           /*sharedBias=*/true, target, emitter)
      .run();
}

PhaseRange schedule::phaseRangeH(llvm::ArrayRef<ConvShape> phases) {
  PhaseRange range{INT64_MAX, INT64_MIN};
  for (const ConvShape &phase : phases) {
    range.begin = std::min(range.begin, -phase.padTop);
    range.end = std::max(range.end, phase.outH() - phase.padTop);
  }
  return range;
}

PhaseRange schedule::phaseRangeW(llvm::ArrayRef<ConvShape> phases) {
  PhaseRange range{INT64_MAX, INT64_MIN};
  for (const ConvShape &phase : phases) {
    range.begin = std::min(range.begin, -phase.padLeft);
    range.end = std::max(range.end, phase.outW() - phase.padLeft);
  }
  return range;
}

llvm::SmallVector<int64_t>
schedule::phaseWeightLoads(llvm::ArrayRef<ConvShape> phases,
                           const TileLoopNest &nest) {
  // Phase output o sits at u = o - pad, position u - range.begin of the
  // nest (PhaseGroupEmitter::findWork). Per axis, the tiles [first, last]
  // a phase has outputs in (first > last: none).
  struct TileSpan {
    int64_t first = 0, last = -1;
    bool holds(int64_t tile) const { return first <= tile && tile <= last; }
  };
  auto span = [](int64_t begin, int64_t end, int64_t extent, int64_t tile) {
    begin = std::max<int64_t>(begin, 0);
    end = std::min(end, extent);
    return end > begin ? TileSpan{begin / tile, (end - 1) / tile} : TileSpan{};
  };
  PhaseRange rangeH = phaseRangeH(phases), rangeW = phaseRangeW(phases);
  int64_t tilesY = nest.tilesY(), tilesX = nest.tilesX();
  size_t count = phases.size();
  llvm::SmallVector<TileSpan> rowSpans, colSpans;
  // Tiles every phase has outputs in, per axis: [fullFirst, fullLast].
  TileSpan fullRows{0, tilesY - 1}, fullCols{0, tilesX - 1};
  llvm::SmallVector<int64_t> loads;
  for (const ConvShape &phase : phases) {
    TileSpan rows = span(-phase.padTop - rangeH.begin,
                         phase.outH() - phase.padTop - rangeH.begin,
                         nest.rowsAxis().extent, nest.tileH());
    TileSpan cols = span(-phase.padLeft - rangeW.begin,
                         phase.outW() - phase.padLeft - rangeW.begin,
                         nest.colsAxis().extent, nest.tileW());
    rowSpans.push_back(rows);
    colSpans.push_back(cols);
    fullRows = {std::max(fullRows.first, rows.first),
                std::min(fullRows.last, rows.last)};
    fullCols = {std::max(fullCols.first, cols.first),
                std::min(fullCols.last, cols.last)};
    loads.push_back(saturatingProduct(
        {nest.getBatch(), std::max<int64_t>(rows.last - rows.first + 1, 0),
         std::max<int64_t>(cols.last - cols.first + 1, 0)}));
  }
  // A weight tile stays from one step to the next when the key (C_out
  // tile, C_in tile, phase) does not change: with one C_in tile, and
  // consecutive spatial tiles on the same C_out tile.
  if (nest.tilesC() != 1 || count < 2 ||
      (nest.order() == LoopOrder::SpatialOuter && nest.tilesK() != 1))
    return loads;
  // The walk over one image's tiles in row-major order, visiting only the
  // tiles where some phase has no outputs; the tiles between two visited
  // ones have every phase (first phase 0, last phase count - 1).
  llvm::SmallVector<int64_t> reuse(count, 0);
  std::optional<int64_t> last;  // last phase of the previous tile with work
  std::optional<int64_t> first; // first phase of the image's first such tile
  int64_t previous = -1;        // index of the previous visited tile
  auto enterFull = [&] {
    if (!first)
      first = 0;
    if (last && *last == 0)
      ++reuse[0];
    last = int64_t(count) - 1;
  };
  auto visit = [&](int64_t ty, int64_t tx) {
    int64_t index = ty * tilesX + tx;
    if (index > previous + 1)
      enterFull();
    previous = index;
    std::optional<int64_t> lo, hi;
    for (size_t i = 0; i < count; ++i)
      if (rowSpans[i].holds(ty) && colSpans[i].holds(tx)) {
        lo = lo.value_or(int64_t(i));
        hi = int64_t(i);
      }
    if (!lo)
      return; // skipped: no phase has outputs here
    if (!first)
      first = *lo;
    if (last && *last == *lo)
      ++reuse[*lo];
    last = *hi;
  };
  for (int64_t ty = 0; ty < tilesY; ++ty) {
    if (!fullRows.holds(ty) || fullCols.first > fullCols.last) {
      for (int64_t tx = 0; tx < tilesX; ++tx)
        visit(ty, tx);
      continue;
    }
    for (int64_t tx = 0; tx < std::min(fullCols.first, tilesX); ++tx)
      visit(ty, tx);
    for (int64_t tx = std::max(fullCols.last + 1, int64_t(0)); tx < tilesX;
         ++tx)
      visit(ty, tx);
  }
  if (previous + 1 < tilesY * tilesX)
    enterFull();
  // Every image walks the same tiles; the next image's first tile follows
  // this one's last.
  int64_t batch = nest.getBatch();
  for (size_t i = 0; i < count; ++i) {
    int64_t saved = saturatingProduct({reuse[i], batch});
    if (first && last && *first == *last && *last == int64_t(i))
      saved = saturatingSum({saved, batch - 1});
    loads[i] -= saved;
  }
  return loads;
}

llvm::Error schedule::checkPhaseGroup(llvm::ArrayRef<ConvShape> phases) {
  if (phases.empty())
    return llvm::createStringError("a phase group needs at least one conv");
  const ConvShape &first = phases.front();
  for (const ConvShape &phase : phases) {
    if (llvm::Error error = checkShape(phase))
      return error;
    if (phase.batch != first.batch || phase.inH != first.inH ||
        phase.inW != first.inW || phase.inC != first.inC ||
        phase.outC != first.outC || phase.groups != first.groups ||
        phase.element != first.element)
      return llvm::createStringError(
          "the phases of a group must share batch, input, "
          "channels, groups and element type");
    if (phase.strideH != 1 || phase.strideW != 1)
      return llvm::createStringError(
          "the phases of a group must have stride 1");
  }
  // Every u-tile must have work: per axis, the phases' u-ranges must form
  // one interval.
  auto contiguous = [&](auto begin, auto end) {
    std::vector<std::pair<int64_t, int64_t>> ranges;
    for (const ConvShape &phase : phases)
      ranges.push_back({begin(phase), end(phase)});
    std::sort(ranges.begin(), ranges.end());
    int64_t reach = ranges.front().second;
    for (const auto &range : ranges) {
      if (range.first > reach)
        return false;
      reach = std::max(reach, range.second);
    }
    return true;
  };
  if (!contiguous([](const ConvShape &p) { return -p.padTop; },
                  [](const ConvShape &p) { return p.outH() - p.padTop; }) ||
      !contiguous([](const ConvShape &p) { return -p.padLeft; },
                  [](const ConvShape &p) { return p.outW() - p.padLeft; }))
    return llvm::createStringError("the phases' output ranges do not overlap");
  return llvm::Error::success();
}

TileFootprint schedule::fusedTileFootprint(llvm::ArrayRef<ConvShape> phases,
                                           const TilingChoice &tiling,
                                           bool hasBias, bool sharedBias) {
  // One weight tile for the whole schedule: the first load fills stage 0
  // and nothing ever replaces it, so it may spill into stage 1.
  return footprintOf(planGroup(phases, tiling,
                               BiasSlots::fused(phases.size(), hasBias,
                                                sharedBias),
                               /*fused=*/true, nullptr)
                         .layout);
}

TileFootprint schedule::fusedTileFootprint(llvm::ArrayRef<ConvShape> phases,
                                           const TilingChoice &tiling,
                                           bool hasBias, bool sharedBias,
                                           const TargetDesc &target) {
  return footprintOf(planGroup(phases, tiling,
                               BiasSlots::fused(phases.size(), hasBias,
                                                sharedBias),
                               /*fused=*/true, &target)
                         .layout);
}

llvm::Error schedule::generateFusedPhaseSchedule(
    llvm::ArrayRef<PhaseConv> phases, const DramView &input,
    const TilingChoice &tiling, const TargetDesc &target, uint16_t layer,
    InstructionSink &sink) {
  std::vector<ConvShape> shapes;
  for (const PhaseConv &phase : phases)
    shapes.push_back(phase.shape);
  if (llvm::Error error = checkPhaseGroup(shapes))
    return error;
  if (llvm::Error error = checkTiling(tiling))
    return error;
  if (tiling.kernelRows != 0)
    return llvm::createStringError(
        "kernel-row tiles are for plain convs, not fused phase groups (their "
        "phases' kernels differ)");
  bool hasBias = phases.front().bias.has_value();
  bool sharedBias = hasBias;
  for (const PhaseConv &phase : phases) {
    if (phase.bias.has_value() != hasBias)
      return llvm::createStringError(
          "either every phase of a group has a bias or none");
    if (hasBias && *phase.bias != *phases.front().bias)
      sharedBias = false;
    if (phase.shape.element == ElementKind::I8 &&
        phase.epilogue.inputZp != phases.front().epilogue.inputZp)
      return llvm::createStringError(
          "the phases of a group must share the input zero "
          "point");
  }
  if (llvm::Error error = checkFitsTarget(
          fusedTileFootprint(shapes, tiling, hasBias, sharedBias, target),
          target, "the fused tiling"))
    return error;
  LayerEmitter emitter(sink, layer);
  GroupPlan plan = planGroup(
      shapes, tiling, BiasSlots::fused(shapes.size(), hasBias, sharedBias),
      /*fused=*/true, &target);
  return PhaseGroupEmitter(phases, shapes, input, plan, sharedBias, target,
                           emitter)
      .run();
}

//===----------------------------------------------------------------------===//
// Plane schedules
//===----------------------------------------------------------------------===//

namespace {
/// Extent fields of LOAD_ACC / STORE / POST boxes are 16 bits wide.
constexpr int64_t kMaxBoxExtent = (int64_t(1) << 16) - 1;
} // namespace

llvm::Expected<PlaneTiling> schedule::PlaneTiling::create(const PlaneShape &shape,
                                                int64_t capacity,
                                                int64_t maxChannels) {
  if (shape.batch < 1 || shape.height < 1 || shape.width < 1 ||
      shape.channels < 1)
    return llvm::createStringError("plane has an empty dimension");
  if (capacity < 1 || maxChannels < 1)
    return llvm::createStringError("not even one accumulator entry per tile");
  PlaneTiling tiling;
  tiling.shape = shape;
  // Channels: all of them when a pixel fits, else the fewest equal slices.
  int64_t channelCap = std::min({capacity, maxChannels, kMaxBoxExtent});
  tiling.slices = llvm::divideCeilSigned(shape.channels, channelCap);
  tiling.tileChannels = llvm::divideCeilSigned(shape.channels, tiling.slices);
  tiling.slices = llvm::divideCeilSigned(shape.channels, tiling.tileChannels);
  // Columns: a whole row when it fits, else the fewest equal runs of one
  // row's pixels (an unequal last run would expose a DMA latency).
  int64_t pixelCap =
      std::min(capacity / tiling.tileChannels, kMaxBoxExtent);
  tiling.colRuns = llvm::divideCeilSigned(shape.width, pixelCap);
  tiling.tileCols = llvm::divideCeilSigned(shape.width, tiling.colRuns);
  // Rows: as many whole rows as fit (division first: no overflow).
  tiling.tileRows =
      tiling.colRuns == 1
          ? std::min({shape.height, pixelCap / shape.width, kMaxBoxExtent})
          : 1;
  tiling.rowBands = llvm::divideCeilSigned(shape.height, tiling.tileRows);
  tiling.tilesPerSlice = shape.batch * tiling.rowBands * tiling.colRuns;
  return tiling;
}

int64_t schedule::planeSlots(llvm::ArrayRef<PlaneShape> shapes,
                             int64_t accEntries) {
  auto tiles = [&](int64_t slots) -> std::optional<int64_t> {
    int64_t count = 0;
    for (const PlaneShape &shape : shapes) {
      if (shape.batch < 1 || shape.height < 1 || shape.width < 1 ||
          shape.channels < 1)
        continue;
      llvm::Expected<PlaneTiling> tiling =
          PlaneTiling::create(shape, accEntries / slots, INT64_MAX);
      if (!tiling) {
        llvm::consumeError(tiling.takeError());
        return std::nullopt;
      }
      count += tiling->size();
    }
    return count;
  };
  std::optional<int64_t> halves = tiles(2);
  for (int64_t slots = kMaxPlaneSlots; slots > 2; slots /= 2)
    if (halves && accEntries / slots >= 1 && tiles(slots) == halves)
      return slots;
  return 2;
}

llvm::Expected<int64_t> schedule::planeSlots(const PlaneChain *chain,
                                             llvm::ArrayRef<PlaneShape> shapes,
                                             int64_t accEntries) {
  int64_t slots = chain ? chain->slots : planeSlots(shapes, accEntries);
  if (slots < 2)
    return llvm::createStringError("a plane chain needs two slots");
  return slots;
}

PlaneTile schedule::PlaneTiling::operator[](int64_t index) const {
  int64_t slice = index / tilesPerSlice, rest = index % tilesPerSlice;
  int64_t image = rest / (rowBands * colRuns);
  rest %= rowBands * colRuns;
  PlaneTile tile;
  tile.image = image;
  tile.y0 = (rest / colRuns) * tileRows;
  tile.x0 = (rest % colRuns) * tileCols;
  tile.c0 = slice * tileChannels;
  tile.rows = std::min(tileRows, shape.height - tile.y0);
  tile.cols = std::min(tileCols, shape.width - tile.x0);
  tile.channels = std::min(tileChannels, shape.channels - tile.c0);
  return tile;
}

uint64_t schedule::tileAddress(const DramView &view, const PlaneTile &tile,
                          ElementKind element) {
  return view.base + tile.image * view.imageStride + tile.y0 * view.rowStride +
         tile.x0 * view.pixelStride + tile.c0 * elementBytes(element);
}

LoadAccOp schedule::planeTileLoad(const DramView &source, const PlaneTile &tile,
                             ElementKind element, int64_t accAddr,
                             const AddOperandScale &scale, bool accumulate) {
  LoadAccOp load;
  load.dramAddr = tileAddress(source, tile, element);
  load.boxH = tile.rows;
  load.boxW = tile.cols;
  load.boxC = tile.channels;
  load.rowStride = source.rowStride;
  load.pixelStride = source.pixelStride;
  load.accAddr = accAddr;
  load.accumulate = accumulate;
  load.zeroPoint = scale.zeroPoint;
  load.multiplier = scale.multiplier;
  load.shift = scale.shift;
  load.doubleRound = scale.doubleRound;
  load.dtype = int64_t(dtypeOf(element));
  return load;
}

Instruction schedule::planeTileStore(const DramView &dest, const PlaneTile &tile,
                                ElementKind element, int64_t accAddr,
                                uint16_t layer) {
  StoreOp store;
  store.accAddr = accAddr;
  store.boxH = tile.rows;
  store.boxW = tile.cols;
  store.boxC = tile.channels;
  store.accRowPitch = tile.cols * tile.channels;
  store.accPixelPitch = tile.channels;
  store.dramAddr = tileAddress(dest, tile, element);
  store.rowStride = dest.rowStride;
  store.pixelStride = dest.pixelStride;
  store.dtype = int64_t(dtypeOf(element));
  DepFlags deps;
  deps.popPrev = true;
  deps.pushPrev = true;
  return Instruction(store, deps, layer);
}

llvm::Error schedule::generateFillSchedule(const PlaneShape &shape,
                                      const ConvEpilogue &epilogue,
                                      std::optional<uint64_t> bias,
                                      const DramView &output,
                                      const TargetDesc &target, uint16_t layer,
                                      InstructionSink &sink) {
  return generateFillSchedules({FillPart{shape, output, &sink}}, epilogue, bias,
                               target, layer);
}

llvm::Error schedule::generateFillSchedules(llvm::ArrayRef<FillPart> parts,
                                            const ConvEpilogue &epilogue,
                                            std::optional<uint64_t> bias,
                                            const TargetDesc &target,
                                            uint16_t layer, PlaneChain *chain) {
  int64_t weightHalfBytes = target.weightBufferBytes / 2;
  if (bias && chain)
    return llvm::createStringError("a fill with a bias joins no plane chain");
  // The tiles of the chain before this fill: tile n of the fill is the
  // chain's tile first + n (its accumulator slot and its STORE token).
  int64_t first = chain ? chain->tiles : 0;
  llvm::Expected<int64_t> chainSlots =
      bias ? 2
           : planeSlots(chain,
                        llvm::map_to_vector(
                            parts, [](const FillPart &p) { return p.shape; }),
                        accEntries(target));
  if (!chainSlots)
    return chainSlots.takeError();
  int64_t slots = *chainSlots;
  int64_t slotEntries = accEntries(target) / slots;
  // Every part's tiling first: a part that cannot be filled fails the chain
  // before any instruction is emitted.
  struct Tiled {
    const FillPart *part;
    PlaneTiling tiling;
  };
  std::vector<Tiled> tiled;
  for (const FillPart &part : parts) {
    const PlaneShape &shape = part.shape;
    if (shape.batch < 0 || shape.height < 0 || shape.width < 0 ||
        shape.channels < 0)
      return llvm::createStringError("fill has a negative dimension");
    // A phase of a split transposed conv that owns no outputs (output
    // smaller than the stride along an axis) is an empty fill: nothing to
    // do.
    if (shape.batch == 0 || shape.height == 0 || shape.width == 0 ||
        shape.channels == 0)
      continue;
    // A slice's bias fills at most one half of the weight buffer.
    llvm::Expected<PlaneTiling> tiling = PlaneTiling::create(
        shape, slotEntries,
        bias ? weightHalfBytes / kAccEntryBytes : INT64_MAX);
    if (!tiling)
      return llvm::createStringError(
          "the fill does not fit the target's buffers: " +
          llvm::toString(tiling.takeError()));
    tiled.push_back({&part, std::move(*tiling)});
  }
  if (tiled.empty())
    return llvm::Error::success();
  // The tiles of every part in order: (part, tile index).
  std::vector<std::pair<size_t, int64_t>> tiles;
  for (size_t p = 0; p < tiled.size(); ++p)
    for (int64_t t = 0; t < tiled[p].tiling.size(); ++t)
      tiles.push_back({p, t});
  int64_t count = int64_t(tiles.size());
  // Tile n's bias half is reloaded when it held another slice (tile n - 2):
  // the load waits for the POST of tile n - 2, which is done with it.
  auto sliceOf = [&](int64_t n) {
    auto [p, t] = tiles[n];
    return std::make_pair(p, tiled[p].tiling.sliceOf(t));
  };
  auto loadsBias = [&](int64_t n) {
    return bias && n < count && (n < 2 || sliceOf(n) != sliceOf(n - 2));
  };
  for (int64_t n = 0; n < count; ++n) {
    auto [p, t] = tiles[n];
    const FillPart &part = *tiled[p].part;
    PlaneTile tile = tiled[p].tiling[t];
    LayerEmitter emitter(*part.sink, layer);
    int64_t half = n % 2; // the bias half (with a bias: slots == 2)
    int64_t accAddr = ((first + n) % slots) * slotEntries;
    if (loadsBias(n)) {
      LoadBiasOp load;
      load.dramAddr = *bias + tile.c0 * kAccEntryBytes;
      load.count = tile.channels;
      load.bufAddr = half * weightHalfBytes;
      DepFlags deps;
      deps.popNext = n >= 2;
      deps.pushNext = true;
      if (llvm::Error error = emitter.emit(load, deps))
        return error;
    }
    PostOp post;
    post.accAddr = accAddr;
    post.pixels = tile.pixels();
    post.channels = tile.channels;
    post.biasAddr = half * weightHalfBytes;
    post.hasBias = bias.has_value();
    post.zeroAcc = 1;
    post.dtype = int64_t(dtypeOf(part.shape.element));
    applyEpilogue(post, epilogue, tile.c0);
    DepFlags postDeps;
    postDeps.popPrev = loadsBias(n);
    postDeps.popNext = first + n >= slots;
    postDeps.pushNext = true;
    postDeps.pushPrev = loadsBias(n + 2);
    if (llvm::Error error = emitter.emit(post, postDeps))
      return error;
    if (llvm::Error error = emitter.emit(planeTileStore(
            part.output, tile, part.shape.element, accAddr, layer)))
      return error;
  }
  if (chain) {
    chain->tiles += count;
    if (!chain->barrier)
      return llvm::Error::success();
  }
  LayerEmitter last(*tiled.back().part->sink, layer);
  return last.emit(BarrierOp{}, DepFlags{});
}

llvm::Error schedule::generateAddSchedule(
    const PlaneShape &shape, const DramView &lhs,
    const AddOperandScale &lhsScale, std::optional<DramView> rhs,
    const AddOperandScale &rhsScale, const ConvEpilogue &epilogue,
    const DramView &output, const TargetDesc &target, uint16_t layer,
    InstructionSink &sink) {
  if (shape.batch < 1 || shape.height < 1 || shape.width < 1 ||
      shape.channels < 1)
    return llvm::createStringError("add has an empty dimension");
  int64_t slots = planeSlots({shape}, accEntries(target));
  int64_t slotEntries = accEntries(target) / slots;
  llvm::Expected<PlaneTiling> tiling =
      PlaneTiling::create(shape, slotEntries, INT64_MAX);
  if (!tiling)
    return llvm::createStringError("the add does not fit the accumulators: " +
                                   llvm::toString(tiling.takeError()));
  LayerEmitter emitter(sink, layer);
  for (int64_t index = 0; index < tiling->size(); ++index) {
    PlaneTile tile = (*tiling)[index];
    int64_t accAddr = (index % slots) * slotEntries;
    DepFlags first;
    first.popNext = index >= slots;
    if (llvm::Error error = emitter.emit(
            planeTileLoad(lhs, tile, shape.element, accAddr, lhsScale, false),
            first))
      return error;
    if (rhs)
      if (llvm::Error error = emitter.emit(
              planeTileLoad(*rhs, tile, shape.element, accAddr, rhsScale, true),
              DepFlags{}))
        return error;
    PostOp post;
    post.accAddr = accAddr;
    post.pixels = tile.pixels();
    post.channels = tile.channels;
    post.dtype = int64_t(dtypeOf(shape.element));
    applyEpilogue(post, epilogue, tile.c0);
    DepFlags postDeps;
    postDeps.pushNext = true;
    if (llvm::Error error = emitter.emit(post, postDeps))
      return error;
    if (llvm::Error error = emitter.emit(
            planeTileStore(output, tile, shape.element, accAddr, layer)))
      return error;
  }
  return emitter.emit(BarrierOp{}, DepFlags{});
}
