//===- CopySchedule.cpp - Strided copies through the accumulators ---------===//
//
// Token protocol (as generateAddSchedule): the LOAD_ACC of tile t >= 2
// pops the store queue's "half free" token and pushes "ready" to the store
// queue; the STORE pops it and pushes the half back.
//
//===----------------------------------------------------------------------===//

#include "accel/Emit/CopySchedule.h"

#include "accel/ISA/Encoding.h"
#include "accel/ISA/Latency.h"

#include "llvm/ADT/Twine.h"

#include <algorithm>

using namespace accel;
using namespace accel::emit;
using namespace accel::isa;

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

llvm::Error emit::generateCopySchedule(const PlaneShape &shape,
                                       const DramView &source,
                                       const DramView &dest,
                                       const TargetDesc &target,
                                       uint16_t layer, InstructionSink &sink) {
  if (shape.batch < 1 || shape.height < 1 || shape.width < 1 ||
      shape.channels < 1)
    return makeError("copy has an empty dimension");
  int64_t accHalf = accEntries(target) / 2;
  if (shape.channels > accHalf)
    return makeError("one pixel of the copy (" + llvm::Twine(shape.channels) +
                     " channels) does not fit half the accumulators (" +
                     llvm::Twine(accHalf) + " entries)");
  // Whole rows when they fit, else runs of columns within a row.
  int64_t colsPerTile =
      std::min(shape.width, accHalf / shape.channels);
  int64_t rowsPerTile =
      colsPerTile == shape.width
          ? std::max<int64_t>(1, std::min(shape.height,
                                          accHalf / (shape.width *
                                                     shape.channels)))
          : 1;
  int64_t dtype =
      int64_t(shape.element == ElementKind::F32 ? DType::F32 : DType::I8);
  int64_t tileIndex = 0;
  for (int64_t image = 0; image < shape.batch; ++image) {
    for (int64_t y0 = 0; y0 < shape.height; y0 += rowsPerTile) {
      for (int64_t x0 = 0; x0 < shape.width; x0 += colsPerTile, ++tileIndex) {
        int64_t rows = std::min(rowsPerTile, shape.height - y0);
        int64_t cols = std::min(colsPerTile, shape.width - x0);
        int64_t accAddr = (tileIndex % 2) * accHalf;
        LoadAccOp load;
        load.dramAddr = source.base + image * source.imageStride +
                        y0 * source.rowStride + x0 * source.pixelStride;
        load.boxH = rows;
        load.boxW = cols;
        load.boxC = shape.channels;
        load.rowStride = source.rowStride;
        load.pixelStride = source.pixelStride;
        load.accAddr = accAddr;
        load.accumulate = 0;
        load.zeroPoint = 0;
        load.multiplier = 1;
        load.shift = 0;
        load.dtype = dtype;
        DepFlags loadDeps;
        loadDeps.popNext = tileIndex >= 2;
        loadDeps.pushNext = true;
        if (llvm::Error error =
                emitChecked(sink, Instruction(load, loadDeps, layer)))
          return error;
        StoreOp store;
        store.accAddr = accAddr;
        store.boxH = rows;
        store.boxW = cols;
        store.boxC = shape.channels;
        store.accRowPitch = cols * shape.channels;
        store.accPixelPitch = shape.channels;
        store.dramAddr = dest.base + image * dest.imageStride +
                         y0 * dest.rowStride + x0 * dest.pixelStride;
        store.rowStride = dest.rowStride;
        store.pixelStride = dest.pixelStride;
        store.dtype = dtype;
        DepFlags storeDeps;
        storeDeps.popPrev = true;
        storeDeps.pushPrev = true;
        if (llvm::Error error =
                emitChecked(sink, Instruction(store, storeDeps, layer)))
          return error;
      }
    }
  }
  return emitChecked(sink, Instruction(BarrierOp{}, DepFlags{}, layer));
}
