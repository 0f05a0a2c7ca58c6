//===- ConvSchedule.cpp - Instruction schedules for conv layers -----------===//
//
// The double-buffering protocol (shared by the conv, fill and add
// schedules): each step's load group writes stage `step % 2`-style halves
// of the input/weight buffers and, from the third step on, first pops the
// token compute pushed when it finished the step two back (the previous
// occupant of those halves). Compute pops the load token, and, when it
// starts a fresh accumulator tile two tiles after the first, the token the
// store queue pushed when it drained that half. POST pushes to the store
// queue; STORE pushes back when its half is free.
//
//===----------------------------------------------------------------------===//

#include "accel/ISA/ConvSchedule.h"
#include "accel/ISA/Encoding.h"
#include "accel/ISA/Latency.h"

#include "llvm/ADT/Twine.h"

#include <algorithm>

using namespace accel;
using namespace accel::isa;

InstructionSink::~InstructionSink() = default;

namespace {

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t alignUp(int64_t value, int64_t alignment) {
  return ceilDiv(value, alignment) * alignment;
}

DType dtypeOf(ElementKind element) {
  return element == ElementKind::F32 ? DType::F32 : DType::I8;
}

/// Input rows (or columns) a tile of `outputs` outputs reads.
int64_t haloExtent(int64_t outputs, int64_t stride, int64_t kernel,
                   int64_t dilation) {
  return (outputs - 1) * stride + (kernel - 1) * dilation + 1;
}

llvm::Error checkShape(const ConvShape &shape) {
  if (shape.batch < 1 || shape.inH < 1 || shape.inW < 1 || shape.inC < 1 ||
      shape.outC < 1)
    return makeError("conv has an empty dimension");
  if (shape.kernelH < 1 || shape.kernelW < 1 || shape.strideH < 1 ||
      shape.strideW < 1 || shape.dilationH < 1 || shape.dilationW < 1)
    return makeError("conv kernel, stride and dilation must be positive");
  if (shape.padTop < 0 || shape.padBottom < 0 || shape.padLeft < 0 ||
      shape.padRight < 0)
    return makeError("conv padding must be non-negative");
  if (shape.groups < 1 || shape.inC % shape.groups || shape.outC % shape.groups)
    return makeError("conv groups must divide both channel counts");
  if (shape.outH() < 1 || shape.outW() < 1)
    return makeError("conv output is empty");
  return llvm::Error::success();
}

void applyEpilogue(PostOp &post, const ConvEpilogue &epilogue) {
  post.activation = int64_t(epilogue.activation);
  post.clampLo = floatToField(epilogue.clampLo);
  post.clampHi = floatToField(epilogue.clampHi);
  post.alpha = floatToField(epilogue.alpha);
  post.multiplier = epilogue.multiplier;
  post.shift = epilogue.shift;
  post.outputZp = epilogue.outputZp;
}

/// Emits instructions after verifying them, so a schedule never contains
/// a field that does not fit its encoding.
class CheckedEmitter {
public:
  CheckedEmitter(InstructionSink &sink, uint16_t layer)
      : sink(sink), layer(layer) {}
  template <typename Op> llvm::Error emit(const Op &op, DepFlags deps) {
    Instruction inst(op, deps, layer);
    if (llvm::Error error = verifyInstruction(inst))
      return error;
    return sink.emit(inst);
  }

private:
  InstructionSink &sink;
  uint16_t layer;
};

/// Emits a load group: the first instruction pops the "halves free" token
/// (from step 2 on), the last one pushes "loaded".
class LoadGroup {
public:
  LoadGroup(CheckedEmitter &emitter, bool popFreeToken)
      : emitter(emitter), popFree(popFreeToken) {}
  template <typename Op> void add(const Op &op) { ops.emplace_back(op); }
  bool empty() const { return ops.empty(); }
  llvm::Error flush() {
    for (size_t i = 0; i < ops.size(); ++i) {
      DepFlags deps;
      deps.popNext = popFree && i == 0;
      deps.pushNext = i + 1 == ops.size();
      llvm::Error error = std::visit(
          [&](const auto &op) { return emitter.emit(op, deps); }, ops[i]);
      if (error)
        return error;
    }
    return llvm::Error::success();
  }

private:
  CheckedEmitter &emitter;
  bool popFree;
  std::vector<std::variant<LoadInputOp, LoadWeightOp, LoadBiasOp>> ops;
};

/// Emits the schedule of one conv.
class ConvScheduleEmitter {
public:
  ConvScheduleEmitter(const ConvShape &shape, const ConvEpilogue &epilogue,
                      const TilingChoice &tiling, const ConvOperands &operands,
                      const TargetDesc &target, CheckedEmitter &emitter)
      : shape(shape), epilogue(epilogue), operands(operands), target(target),
        emitter(emitter) {
    outH = shape.outH();
    outW = shape.outW();
    inCPerGroup = shape.inC / shape.groups;
    outCPerGroup = shape.outC / shape.groups;
    tileH = std::min(tiling.tileH, outH);
    tileW = std::min(tiling.tileW, outW);
    tileK = std::min(tiling.tileK, outCPerGroup);
    tileC = std::min(tiling.tileC, inCPerGroup);
    order = tiling.order;
    bytes = elementBytes(shape.element);
    dtype = int64_t(dtypeOf(shape.element));
    weightTileBytes = alignUp(tileK * shape.kernelH * shape.kernelW * tileC *
                                  bytes,
                              kAccEntryBytes);
  }

  llvm::Error run() {
    int64_t tilesY = ceilDiv(outH, tileH), tilesX = ceilDiv(outW, tileW);
    int64_t tilesK = ceilDiv(outCPerGroup, tileK);
    tilesC = ceilDiv(inCPerGroup, tileC);
    int64_t spatialTiles = shape.batch * tilesY * tilesX;
    for (int64_t group = 0; group < shape.groups; ++group) {
      for (int64_t outer = 0;
           outer < (order == LoopOrder::SpatialOuter ? spatialTiles : tilesK);
           ++outer) {
        for (int64_t inner = 0;
             inner < (order == LoopOrder::SpatialOuter ? tilesK : spatialTiles);
             ++inner) {
          int64_t spatial = order == LoopOrder::SpatialOuter ? outer : inner;
          int64_t kTile = order == LoopOrder::SpatialOuter ? inner : outer;
          int64_t image = spatial / (tilesY * tilesX);
          int64_t ty = spatial / tilesX % tilesY, tx = spatial % tilesX;
          for (int64_t cTile = 0; cTile < tilesC; ++cTile)
            if (llvm::Error error =
                    step(group, image, ty, tx, kTile, cTile))
              return error;
        }
      }
    }
    return emitter.emit(BarrierOp{}, DepFlags{});
  }

private:
  llvm::Error step(int64_t group, int64_t image, int64_t ty, int64_t tx,
                   int64_t kTile, int64_t cTile) {
    int64_t y0 = ty * tileH, x0 = tx * tileW;
    int64_t rows = std::min(tileH, outH - y0), cols = std::min(tileW, outW - x0);
    int64_t k0 = kTile * tileK, kCount = std::min(tileK, outCPerGroup - k0);
    int64_t c0 = cTile * tileC, cCount = std::min(tileC, inCPerGroup - c0);
    bool lastC = cTile + 1 == tilesC;
    int64_t boxH = haloExtent(rows, shape.strideH, shape.kernelH, shape.dilationH);
    int64_t boxW = haloExtent(cols, shape.strideW, shape.kernelW, shape.dilationW);
    int64_t taps = shape.kernelH * shape.kernelW;
    int64_t inputHalfBytes = target.inputBufferBytes / 2;
    int64_t weightHalfBytes = target.weightBufferBytes / 2;
    int64_t accHalf = accEntries(target) / 2;

    LoadGroup loads(emitter, /*popFreeToken=*/stepIndex >= 2);
    std::array<int64_t, 5> inputKey = {group, image, ty, tx, cTile};
    if (!hasInput || inputKey != residentInput) {
      inputHalf ^= 1;
      residentInput = inputKey;
      hasInput = true;
      LoadInputOp load;
      load.dramAddr = operands.input.base + image * operands.input.imageStride +
                      (group * inCPerGroup + c0) * bytes;
      load.tensorH = shape.inH;
      load.tensorW = shape.inW;
      load.rowStride = operands.input.rowStride;
      load.pixelStride = operands.input.pixelStride;
      load.originY = y0 * shape.strideH - shape.padTop;
      load.originX = x0 * shape.strideW - shape.padLeft;
      load.boxH = boxH;
      load.boxW = boxW;
      load.boxC = cCount;
      load.bufAddr = inputHalf * inputHalfBytes;
      load.fill = shape.element == ElementKind::I8 ? epilogue.inputZp : 0;
      load.dtype = dtype;
      loads.add(load);
    }
    std::array<int64_t, 3> weightKey = {group, kTile, cTile};
    if (!hasWeight || weightKey != residentWeight) {
      weightHalf ^= 1;
      residentWeight = weightKey;
      hasWeight = true;
      int64_t kernelRow = taps * inCPerGroup * bytes;
      LoadWeightOp load;
      load.dramAddr = operands.weights +
                      (group * outCPerGroup + k0) * kernelRow + c0 * bytes;
      load.count = kCount;
      load.taps = taps;
      load.chans = cCount;
      load.countStride = kernelRow;
      load.tapStride = inCPerGroup * bytes;
      load.bufAddr = weightHalf * weightHalfBytes;
      load.dtype = dtype;
      loads.add(load);
      if (lastC && operands.bias) {
        LoadBiasOp bias;
        bias.dramAddr = *operands.bias +
                        (group * outCPerGroup + k0) * kAccEntryBytes;
        bias.count = kCount;
        bias.bufAddr = weightHalf * weightHalfBytes + weightTileBytes;
        loads.add(bias);
      }
    }
    if (llvm::Error error = loads.flush())
      return error;

    int64_t accAddr = (accTileIndex % 2) * accHalf;
    ConvOp conv;
    conv.inAddr = inputHalf * inputHalfBytes;
    conv.inH = boxH;
    conv.inW = boxW;
    conv.inC = cCount;
    conv.weightAddr = weightHalf * weightHalfBytes;
    conv.outK = kCount;
    conv.kernelH = shape.kernelH;
    conv.kernelW = shape.kernelW;
    conv.strideH = shape.strideH;
    conv.strideW = shape.strideW;
    conv.dilationH = shape.dilationH;
    conv.dilationW = shape.dilationW;
    conv.outH = rows;
    conv.outW = cols;
    conv.accAddr = accAddr;
    conv.accumulate = cTile > 0;
    conv.inputZp = shape.element == ElementKind::I8 ? epilogue.inputZp : 0;
    conv.weightZp = shape.element == ElementKind::I8 ? epilogue.weightZp : 0;
    conv.dtype = dtype;
    DepFlags convDeps;
    convDeps.popPrev = true;
    convDeps.popNext = cTile == 0 && accTileIndex >= 2;
    convDeps.pushPrev = !lastC;
    if (llvm::Error error = emitter.emit(conv, convDeps))
      return error;
    ++stepIndex;
    if (!lastC)
      return llvm::Error::success();

    PostOp post;
    post.accAddr = accAddr;
    post.pixels = rows * cols;
    post.channels = kCount;
    post.biasAddr = weightHalf * weightHalfBytes + weightTileBytes;
    post.hasBias = operands.bias.has_value();
    post.dtype = dtype;
    applyEpilogue(post, epilogue);
    DepFlags postDeps;
    postDeps.pushPrev = true;
    postDeps.pushNext = true;
    if (llvm::Error error = emitter.emit(post, postDeps))
      return error;

    StoreOp store;
    store.accAddr = accAddr;
    store.boxH = rows;
    store.boxW = cols;
    store.boxC = kCount;
    store.accRowPitch = cols * kCount;
    store.accPixelPitch = kCount;
    store.dramAddr = operands.output.base + image * operands.output.imageStride +
                     y0 * operands.output.rowStride +
                     x0 * operands.output.pixelStride +
                     (group * outCPerGroup + k0) * bytes;
    store.rowStride = operands.output.rowStride;
    store.pixelStride = operands.output.pixelStride;
    store.dtype = dtype;
    DepFlags storeDeps;
    storeDeps.popPrev = true;
    storeDeps.pushPrev = true;
    ++accTileIndex;
    return emitter.emit(store, storeDeps);
  }

  const ConvShape &shape;
  const ConvEpilogue &epilogue;
  const ConvOperands &operands;
  const TargetDesc &target;
  CheckedEmitter &emitter;
  int64_t outH, outW, inCPerGroup, outCPerGroup;
  int64_t tileH, tileW, tileK, tileC, tilesC = 1;
  LoopOrder order;
  int64_t bytes, dtype, weightTileBytes;

  int64_t stepIndex = 0, accTileIndex = 0;
  int64_t inputHalf = 1, weightHalf = 1;
  bool hasInput = false, hasWeight = false;
  std::array<int64_t, 5> residentInput{};
  std::array<int64_t, 3> residentWeight{};
};

/// Rows per tile of a [rows][width][channels] accumulator tile that fits
/// half the accumulator buffer, or 0 when not even one row fits.
int64_t rowsPerAccHalf(int64_t width, int64_t channels,
                       const TargetDesc &target) {
  return (accEntries(target) / 2) / (width * channels);
}

} // namespace

llvm::StringRef isa::loopOrderName(LoopOrder order) {
  return order == LoopOrder::SpatialOuter ? "spatial_outer"
                                          : "out_channel_outer";
}

TileFootprint isa::tileFootprint(const ConvShape &shape,
                                 const TilingChoice &tiling) {
  int64_t bytes = elementBytes(shape.element);
  int64_t rows = std::min(tiling.tileH, shape.outH());
  int64_t cols = std::min(tiling.tileW, shape.outW());
  int64_t k = std::min(tiling.tileK, shape.outC / shape.groups);
  int64_t c = std::min(tiling.tileC, shape.inC / shape.groups);
  TileFootprint footprint;
  footprint.inputBytes =
      haloExtent(rows, shape.strideH, shape.kernelH, shape.dilationH) *
      haloExtent(cols, shape.strideW, shape.kernelW, shape.dilationW) * c *
      bytes;
  footprint.weightBytes =
      alignUp(k * shape.kernelH * shape.kernelW * c * bytes, kAccEntryBytes) +
      k * kAccEntryBytes;
  footprint.accEntries = rows * cols * k;
  return footprint;
}

bool isa::fitsTarget(const TileFootprint &footprint, const TargetDesc &target) {
  return footprint.inputBytes <= target.inputBufferBytes / 2 &&
         footprint.weightBytes <= target.weightBufferBytes / 2 &&
         footprint.accEntries <= accEntries(target) / 2;
}

llvm::Error isa::generateConvSchedule(const ConvShape &shape,
                                      const ConvEpilogue &epilogue,
                                      const TilingChoice &tiling,
                                      const ConvOperands &operands,
                                      const TargetDesc &target, uint16_t layer,
                                      InstructionSink &sink) {
  if (llvm::Error error = checkShape(shape))
    return error;
  if (tiling.tileH < 1 || tiling.tileW < 1 || tiling.tileK < 1 ||
      tiling.tileC < 1)
    return makeError("tile sizes must be positive");
  if (!fitsTarget(tileFootprint(shape, tiling), target))
    return makeError("tiling does not fit the target's buffers");
  CheckedEmitter emitter(sink, layer);
  ConvScheduleEmitter schedule(shape, epilogue, tiling, operands, target,
                               emitter);
  return schedule.run();
}

llvm::Error isa::generateFillSchedule(const PlaneShape &shape,
                                      const ConvEpilogue &epilogue,
                                      std::optional<uint64_t> bias,
                                      const DramView &output,
                                      const TargetDesc &target, uint16_t layer,
                                      InstructionSink &sink) {
  if (shape.batch < 1 || shape.height < 1 || shape.width < 1 ||
      shape.channels < 1)
    return makeError("fill has an empty dimension");
  int64_t rowsPerTile = rowsPerAccHalf(shape.width, shape.channels, target);
  if (rowsPerTile < 1 ||
      2 * shape.channels * kAccEntryBytes > target.weightBufferBytes)
    return makeError("one output row does not fit the target's buffers");
  rowsPerTile = std::min(rowsPerTile, shape.height);
  int64_t dtype = int64_t(dtypeOf(shape.element));
  int64_t accHalf = accEntries(target) / 2;
  int64_t weightHalfBytes = target.weightBufferBytes / 2;
  CheckedEmitter emitter(sink, layer);
  int64_t tileIndex = 0;
  for (int64_t image = 0; image < shape.batch; ++image) {
    for (int64_t y0 = 0; y0 < shape.height; y0 += rowsPerTile, ++tileIndex) {
      int64_t rows = std::min(rowsPerTile, shape.height - y0);
      int64_t half = tileIndex % 2;
      // Only the first two tiles load the bias (one copy per half).
      bool loadsBias = bias && tileIndex < 2;
      if (loadsBias) {
        LoadBiasOp load;
        load.dramAddr = *bias;
        load.count = shape.channels;
        load.bufAddr = half * weightHalfBytes;
        DepFlags deps;
        deps.pushNext = true;
        if (llvm::Error error = emitter.emit(load, deps))
          return error;
      }
      PostOp post;
      post.accAddr = half * accHalf;
      post.pixels = rows * shape.width;
      post.channels = shape.channels;
      post.biasAddr = half * weightHalfBytes;
      post.hasBias = bias.has_value();
      post.zeroAcc = 1;
      post.dtype = dtype;
      applyEpilogue(post, epilogue);
      DepFlags postDeps;
      postDeps.popPrev = loadsBias;
      postDeps.popNext = tileIndex >= 2;
      postDeps.pushNext = true;
      if (llvm::Error error = emitter.emit(post, postDeps))
        return error;
      StoreOp store;
      store.accAddr = half * accHalf;
      store.boxH = rows;
      store.boxW = shape.width;
      store.boxC = shape.channels;
      store.accRowPitch = shape.width * shape.channels;
      store.accPixelPitch = shape.channels;
      store.dramAddr =
          output.base + image * output.imageStride + y0 * output.rowStride;
      store.rowStride = output.rowStride;
      store.pixelStride = output.pixelStride;
      store.dtype = dtype;
      DepFlags storeDeps;
      storeDeps.popPrev = true;
      storeDeps.pushPrev = true;
      if (llvm::Error error = emitter.emit(store, storeDeps))
        return error;
    }
  }
  return emitter.emit(BarrierOp{}, DepFlags{});
}

llvm::Error isa::generateAddSchedule(
    const PlaneShape &shape, const DramView &lhs,
    const AddOperandScale &lhsScale, const DramView &rhs,
    const AddOperandScale &rhsScale, const ConvEpilogue &epilogue,
    const DramView &output, const TargetDesc &target, uint16_t layer,
    InstructionSink &sink) {
  if (shape.batch < 1 || shape.height < 1 || shape.width < 1 ||
      shape.channels < 1)
    return makeError("add has an empty dimension");
  int64_t rowsPerTile = rowsPerAccHalf(shape.width, shape.channels, target);
  if (rowsPerTile < 1)
    return makeError("one row of the add does not fit the accumulators");
  rowsPerTile = std::min(rowsPerTile, shape.height);
  int64_t dtype = int64_t(dtypeOf(shape.element));
  int64_t accHalf = accEntries(target) / 2;
  CheckedEmitter emitter(sink, layer);
  int64_t tileIndex = 0;
  auto loadOperand = [&](const DramView &view, const AddOperandScale &scale,
                         int64_t image, int64_t y0, int64_t rows,
                         bool accumulate, DepFlags deps) {
    LoadAccOp load;
    load.dramAddr = view.base + image * view.imageStride + y0 * view.rowStride;
    load.boxH = rows;
    load.boxW = shape.width;
    load.boxC = shape.channels;
    load.rowStride = view.rowStride;
    load.pixelStride = view.pixelStride;
    load.accAddr = (tileIndex % 2) * accHalf;
    load.accumulate = accumulate;
    load.zeroPoint = scale.zeroPoint;
    load.multiplier = scale.multiplier;
    load.shift = scale.shift;
    load.dtype = dtype;
    return emitter.emit(load, deps);
  };
  for (int64_t image = 0; image < shape.batch; ++image) {
    for (int64_t y0 = 0; y0 < shape.height; y0 += rowsPerTile, ++tileIndex) {
      int64_t rows = std::min(rowsPerTile, shape.height - y0);
      DepFlags first;
      first.popNext = tileIndex >= 2;
      if (llvm::Error error =
              loadOperand(lhs, lhsScale, image, y0, rows, false, first))
        return error;
      if (llvm::Error error =
              loadOperand(rhs, rhsScale, image, y0, rows, true, DepFlags{}))
        return error;
      PostOp post;
      post.accAddr = (tileIndex % 2) * accHalf;
      post.pixels = rows * shape.width;
      post.channels = shape.channels;
      post.dtype = dtype;
      applyEpilogue(post, epilogue);
      DepFlags postDeps;
      postDeps.pushNext = true;
      if (llvm::Error error = emitter.emit(post, postDeps))
        return error;
      StoreOp store;
      store.accAddr = (tileIndex % 2) * accHalf;
      store.boxH = rows;
      store.boxW = shape.width;
      store.boxC = shape.channels;
      store.accRowPitch = shape.width * shape.channels;
      store.accPixelPitch = shape.channels;
      store.dramAddr =
          output.base + image * output.imageStride + y0 * output.rowStride;
      store.rowStride = output.rowStride;
      store.pixelStride = output.pixelStride;
      store.dtype = dtype;
      DepFlags storeDeps;
      storeDeps.popPrev = true;
      storeDeps.pushPrev = true;
      if (llvm::Error error = emitter.emit(store, storeDeps))
        return error;
    }
  }
  return emitter.emit(BarrierOp{}, DepFlags{});
}
