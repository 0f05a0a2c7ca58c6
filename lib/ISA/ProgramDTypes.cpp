//===- ProgramDTypes.cpp - Element types agree along the data flow --------===//
//
// Every instruction carries its own `dtype`; nothing in the encoding ties it
// to the data it reads. A CONV with dtype=i8 over an input box that a
// LOAD_INPUT filled with f32 values runs and produces garbage. This check
// follows the stream in program order and records, for every byte of the
// input and weight buffers and every accumulator entry, the element type of
// the instruction that last wrote it; a reader whose dtype differs is an
// error naming both instructions. DRAM operands are checked against the
// declared tensors that contain their address.
//
// Bytes nobody wrote yet (or written from DRAM no tensor describes) are
// unknown and match anything. Reading a range also records it with the
// reader's type, which merges the pieces it covered: the check stays
// O(n log n) even for hostile streams of tiny writes.
//
//===----------------------------------------------------------------------===//

#include "accel/ISA/Latency.h"
#include "accel/ISA/Program.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Twine.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <optional>

using namespace accel;
using namespace accel::isa;

namespace {

/// The element type last written to each part of one buffer.
class RegionTypes {
public:
  struct Conflict {
    uint64_t begin, end;
    DType dtype;
    size_t writer;
  };

  explicit RegionTypes(const char *name, const char *unit)
      : name(name), unit(unit) {}

  void write(uint64_t begin, uint64_t end, DType dtype, size_t writer) {
    if (begin >= end)
      return;
    forget(begin, end);
    regions[begin] = Region{end, dtype, writer};
  }

  /// Makes [begin, end) unknown.
  void forget(uint64_t begin, uint64_t end) {
    if (begin >= end)
      return;
    auto it = regions.upper_bound(begin);
    if (it != regions.begin()) {
      auto before = std::prev(it);
      if (before->second.end > begin) {
        Region tail = before->second;
        before->second.end = begin;
        if (tail.end > end)
          regions[end] = tail;
        if (before->first == begin)
          regions.erase(before);
      }
    }
    it = regions.lower_bound(begin);
    while (it != regions.end() && it->first < end) {
      if (it->second.end > end) {
        Region tail = it->second;
        regions.erase(it);
        regions[end] = tail;
        break;
      }
      it = regions.erase(it);
    }
  }

  /// The first part of [begin, end) written with another type than
  /// `dtype`, if any; otherwise records the range as `dtype`.
  std::optional<Conflict> read(uint64_t begin, uint64_t end, DType dtype) {
    if (begin >= end)
      return std::nullopt;
    auto it = regions.upper_bound(begin);
    if (it != regions.begin() && std::prev(it)->second.end > begin)
      --it;
    size_t writer = 0;
    bool any = false;
    for (; it != regions.end() && it->first < end; ++it) {
      if (it->second.dtype != dtype)
        return Conflict{std::max(it->first, begin),
                        std::min(it->second.end, end), it->second.dtype,
                        it->second.writer};
      writer = any ? std::max(writer, it->second.writer) : it->second.writer;
      any = true;
    }
    if (any)
      write(begin, end, dtype, writer);
    return std::nullopt;
  }

  const char *name, *unit;

private:
  struct Region {
    uint64_t end;
    DType dtype;
    size_t writer;
  };
  std::map<uint64_t, Region> regions; ///< by first byte, disjoint
};

/// The accumulator view an instruction of element type `dtype` uses.
DType accView(int64_t dtype) {
  return dtype == int64_t(DType::F32) ? DType::F32 : DType::I32;
}

class DTypeChecker {
public:
  explicit DTypeChecker(const Program &program) : program(program) {
    byStart.resize(program.tensors.size());
    std::iota(byStart.begin(), byStart.end(), 0);
    llvm::sort(byStart, [&](size_t a, size_t b) {
      return program.tensors[a].dramAddr < program.tensors[b].dramAddr;
    });
    uint64_t maxEnd = 0;
    for (size_t i : byStart) {
      const TensorInfo &tensor = program.tensors[i];
      maxEnd = std::max(maxEnd, tensor.dramAddr + uint64_t(tensor.byteSize()));
      maxEndUpTo.push_back(maxEnd);
    }
  }

  llvm::Error check() {
    for (size_t index = 0; index < program.instructions.size(); ++index)
      if (llvm::Error error = checkInstruction(index))
        return llvm::createStringError(
            "instruction " + llvm::Twine(index) + " (" +
            opcodeName(program.instructions[index].opcode()) +
            "): " + llvm::toString(std::move(error)));
    return llvm::Error::success();
  }

private:
  /// The declared tensors whose bytes contain `addr`.
  llvm::SmallVector<const TensorInfo *, 2> tensorsAt(uint64_t addr) const {
    llvm::SmallVector<const TensorInfo *, 2> found;
    auto first = llvm::partition_point(byStart, [&](size_t i) {
      return program.tensors[i].dramAddr <= addr;
    });
    for (size_t pos = first - byStart.begin(); pos > 0 && maxEndUpTo[pos - 1] > addr;
         --pos) {
      const TensorInfo &tensor = program.tensors[byStart[pos - 1]];
      if (tensor.dramAddr + uint64_t(tensor.byteSize()) > addr)
        found.push_back(&tensor);
    }
    return found;
  }

  /// The dtype of the DRAM data at `addr` as far as the declared tensors
  /// tell: an error if none of the tensors there has `dtype`, nullopt if
  /// no tensor covers the address.
  llvm::Expected<std::optional<DType>>
  dramType(uint64_t addr, llvm::function_ref<bool(DType)> accepts,
           const llvm::Twine &what) const {
    llvm::SmallVector<const TensorInfo *, 2> tensors = tensorsAt(addr);
    if (tensors.empty())
      return std::nullopt;
    for (const TensorInfo *tensor : tensors)
      if (accepts(tensor->dtype))
        return std::optional<DType>(tensor->dtype);
    return llvm::createStringError(what + " tensor '" + tensors.front()->name +
                                   "' (" + dtypeName(tensors.front()->dtype) +
                                   ") at DRAM address " + llvm::Twine(addr));
  }

  llvm::Error checkDram(uint64_t addr, int64_t dtype, const char *verb) const {
    llvm::Expected<std::optional<DType>> found =
        dramType(addr, [&](DType t) { return int64_t(t) == dtype; },
                 llvm::Twine("dtype ") + dtypeName(DType(dtype)) + " " + verb);
    return found ? llvm::Error::success() : found.takeError();
  }

  llvm::Error read(RegionTypes &buffer, uint64_t begin, uint64_t size,
                   DType dtype) {
    std::optional<RegionTypes::Conflict> conflict =
        buffer.read(begin, begin + size, dtype);
    if (!conflict)
      return llvm::Error::success();
    const Instruction &writer = program.instructions[conflict->writer];
    return llvm::createStringError(
        "reads " + llvm::Twine(buffer.name) + " " + buffer.unit + " [" +
        llvm::Twine(conflict->begin) + ", " + llvm::Twine(conflict->end) +
        ") as " + dtypeName(dtype) + ", but instruction " +
        llvm::Twine(conflict->writer) + " (" + opcodeName(writer.opcode()) +
        ") wrote them as " + dtypeName(conflict->dtype));
  }

  llvm::Error checkInstruction(size_t index) {
    const Instruction &inst = program.instructions[index];
    if (const auto *op = inst.getIf<LoadInputOp>()) {
      if (llvm::Error error = checkDram(op->dramAddr, op->dtype, "reads"))
        return error;
      input.write(op->bufAddr,
                  op->bufAddr + uint64_t(op->boxH * op->boxW * op->boxC *
                                         dtypeBytes(DType(op->dtype))),
                  DType(op->dtype), index);
    } else if (const auto *op = inst.getIf<LoadWeightOp>()) {
      if (llvm::Error error = checkDram(op->dramAddr, op->dtype, "reads"))
        return error;
      weight.write(op->bufAddr,
                   op->bufAddr + uint64_t(op->count * op->taps * op->chans *
                                          dtypeBytes(DType(op->dtype))),
                   DType(op->dtype), index);
    } else if (const auto *op = inst.getIf<LoadBiasOp>()) {
      llvm::Expected<std::optional<DType>> bias =
          dramType(op->dramAddr,
                   [](DType t) { return dtypeBytes(t) == kAccEntryBytes; },
                   "loads 4-byte bias values from");
      if (!bias)
        return bias.takeError();
      uint64_t end = op->bufAddr + uint64_t(op->count * kAccEntryBytes);
      if (*bias)
        weight.write(op->bufAddr, end, **bias, index);
      else
        weight.forget(op->bufAddr, end);
    } else if (const auto *op = inst.getIf<LoadAccOp>()) {
      if (llvm::Error error = checkDram(op->dramAddr, op->dtype, "reads"))
        return error;
      uint64_t values = uint64_t(op->boxH * op->boxW * op->boxC);
      if (op->accumulate)
        if (llvm::Error error =
                read(acc, op->accAddr, values, accView(op->dtype)))
          return error;
      acc.write(op->accAddr, op->accAddr + values, accView(op->dtype), index);
    } else if (const auto *op = inst.getIf<ConvOp>()) {
      DType dtype = DType(op->dtype);
      int64_t bytes = dtypeBytes(dtype);
      if (llvm::Error error =
              read(input, op->inAddr,
                   uint64_t(op->inputPixels() * op->inC * bytes), dtype))
        return error;
      // With a w_pitch, the span between the first and the last weight
      // read (the gaps: the rest of the schedule's kernel rows, the same
      // type).
      if (llvm::Error error = read(weight, op->weightAddr,
                                   uint64_t(op->weightSpan(bytes)), dtype))
        return error;
      // A pitched CONV (acc_pitch wider than its rows) reads its first and
      // last row, like a STORE's box, and is taken to write its whole span:
      // the gaps are the rest of the schedule's accumulator tile, of the
      // same type. Row by row would cost out_h steps per instruction.
      uint64_t rowValues = uint64_t(op->outW * op->outK);
      uint64_t span = uint64_t(op->accSpan());
      if (op->accumulate && span > 0) {
        if (llvm::Error error =
                read(acc, op->accAddr, rowValues, accView(op->dtype)))
          return error;
        if (llvm::Error error = read(acc, op->accAddr + span - rowValues,
                                     rowValues, accView(op->dtype)))
          return error;
      }
      acc.write(op->accAddr, op->accAddr + span, accView(op->dtype), index);
    } else if (const auto *op = inst.getIf<PostOp>()) {
      DType view = accView(op->dtype);
      uint64_t values = uint64_t(op->pixels * op->channels);
      if (op->hasBias)
        if (llvm::Error error =
                read(weight, op->biasAddr,
                     uint64_t(op->channels * kAccEntryBytes), view))
          return error;
      if (!op->zeroAcc)
        if (llvm::Error error = read(acc, op->accAddr, values, view))
          return error;
      acc.write(op->accAddr, op->accAddr + values, view, index);
    } else if (const auto *op = inst.getIf<StoreOp>()) {
      if (llvm::Error error = checkDram(op->dramAddr, op->dtype, "writes"))
        return error;
      if (op->planes == 0 || op->boxH == 0 || op->boxW == 0)
        return llvm::Error::success();
      // The box's first and last pixel: a box with pitches need not be one
      // range, and its gaps may hold other data.
      uint64_t last = uint64_t(op->accAddr) +
                      uint64_t(op->planes - 1) * op->accPlanePitch +
                      uint64_t(op->boxH - 1) * op->accRowPitch +
                      uint64_t(op->boxW - 1) * op->accPixelPitch;
      DType view = accView(op->dtype);
      if (llvm::Error error = read(acc, op->accAddr, op->boxC, view))
        return error;
      if (llvm::Error error = read(acc, last, op->boxC, view))
        return error;
    }
    return llvm::Error::success();
  }

  const Program &program;
  std::vector<size_t> byStart;     ///< tensor indices by DRAM address
  std::vector<uint64_t> maxEndUpTo; ///< max end of byStart[0..i]
  RegionTypes input{"input buffer", "bytes"};
  RegionTypes weight{"weight buffer", "bytes"};
  RegionTypes acc{"accumulator", "entries"};
};

} // namespace

llvm::Error isa::verifyProgramDTypes(const Program &program) {
  return DTypeChecker(program).check();
}
