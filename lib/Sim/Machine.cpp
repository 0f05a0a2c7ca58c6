//===- Machine.cpp - Functional execution of accel instructions -----------===//
//
// One function per instruction. Every DRAM and buffer access is checked
// against its extent before any byte moves; strides are non-negative, so
// checking a box's far corner bounds the whole box.
//
//===----------------------------------------------------------------------===//

#include "accel/Sim/Machine.h"
#include "accel/Support/Rescale.h"
#include "accel/ISA/Latency.h"

#include "llvm/ADT/Twine.h"

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace accel;
using namespace accel::sim;
using namespace accel::isa;

namespace {

/// Errors unless [begin, begin + size) lies inside [0, limit).
llvm::Error checkRange(const char *what, uint64_t begin, uint64_t size,
                       uint64_t limit, const char *unit = "bytes") {
  if (begin > limit || size > limit - begin)
    return llvm::createStringError(
        llvm::Twine(what) + " range [" + llvm::Twine(begin) + ", " +
        llvm::Twine(begin + size) + ") exceeds its " + llvm::Twine(limit) +
        " " + unit);
  return llvm::Error::success();
}

llvm::Expected<int64_t> elementBytesOf(int64_t dtype, bool allowI32) {
  if (dtype == int64_t(DType::F32) || dtype == int64_t(DType::I8) ||
      (allowI32 && dtype == int64_t(DType::I32)))
    return dtypeBytes(DType(dtype));
  return llvm::createStringError("element type " +
                                 llvm::Twine(dtypeName(DType(dtype))) +
                                 " is not supported here");
}

int32_t saturateI32(int64_t value) {
  return int32_t(std::clamp<int64_t>(value, INT32_MIN, INT32_MAX));
}

float activateF32(float value, Activation activation, float lo, float hi,
                  float alpha) {
  switch (activation) {
  case Activation::None:
    return value;
  case Activation::Relu:
    return std::max(value, 0.0f);
  case Activation::Clamp:
    return std::min(std::max(value, lo), hi);
  case Activation::LeakyRelu:
    return value < 0 ? value * alpha : value;
  case Activation::Tanh:
    return std::tanh(value);
  case Activation::Sigmoid:
    return 1.0f / (1.0f + std::exp(-value));
  }
  return value;
}

uint64_t farCorner(std::initializer_list<std::pair<int64_t, int64_t>> dims) {
  uint64_t offset = 0;
  for (auto [count, stride] : dims)
    offset += uint64_t(count - 1) * uint64_t(stride);
  return offset;
}

} // namespace

Machine::Machine(const TargetDesc &target, uint64_t dramBytes)
    : dram(dramBytes, 0), inputBuffer(target.inputBufferBytes, 0),
      weightBuffer(target.weightBufferBytes, 0),
      accF32(accEntries(target), 0.0f), accI32(accEntries(target), 0),
      targetDesc(target) {}

llvm::Error Machine::execute(const Instruction &inst) {
  if (const auto *op = inst.getIf<LoadInputOp>())
    return loadInput(*op);
  if (const auto *op = inst.getIf<LoadWeightOp>())
    return loadWeight(*op);
  if (const auto *op = inst.getIf<LoadBiasOp>())
    return loadBias(*op);
  if (const auto *op = inst.getIf<LoadAccOp>())
    return loadAcc(*op);
  if (const auto *op = inst.getIf<ConvOp>())
    return conv(*op);
  if (const auto *op = inst.getIf<PostOp>())
    return post(*op);
  if (const auto *op = inst.getIf<StoreOp>())
    return store(*op);
  return llvm::Error::success(); // BARRIER and END change no data.
}

llvm::Error Machine::loadInput(const LoadInputOp &op) {
  llvm::Expected<int64_t> bytes = elementBytesOf(op.dtype, false);
  if (!bytes)
    return bytes.takeError();
  int64_t pixelBytes = op.boxC * *bytes;
  if (llvm::Error error = checkRange("input buffer", op.bufAddr,
                                     op.boxH * op.boxW * pixelBytes,
                                     inputBuffer.size()))
    return error;
  if (op.dtype == int64_t(DType::I8) && (op.fill < -128 || op.fill > 127))
    return llvm::createStringError("fill value " + llvm::Twine(op.fill) +
                                   " is not an i8 value");
  int64_t yLo = std::max<int64_t>(op.originY, 0);
  int64_t yHi = std::min(op.originY + op.boxH, op.tensorH);
  int64_t xLo = std::max<int64_t>(op.originX, 0);
  int64_t xHi = std::min(op.originX + op.boxW, op.tensorW);
  if (yLo < yHi && xLo < xHi && pixelBytes > 0)
    if (llvm::Error error = checkRange(
            "DRAM", op.dramAddr + farCorner({{yHi, op.rowStride}, {xHi, op.pixelStride}}),
            pixelBytes, dram.size()))
      return error;
  uint8_t fill = op.dtype == int64_t(DType::I8) ? uint8_t(int8_t(op.fill)) : 0;
  for (int64_t row = 0; row < op.boxH; ++row) {
    int64_t y = op.originY + row;
    bool rowValid = y >= 0 && y < op.tensorH;
    uint8_t *dst = inputBuffer.data() + op.bufAddr + row * op.boxW * pixelBytes;
    for (int64_t col = 0; col < op.boxW; ++col, dst += pixelBytes) {
      int64_t x = op.originX + col;
      if (rowValid && x >= 0 && x < op.tensorW)
        std::memcpy(dst,
                    dram.data() + op.dramAddr + y * op.rowStride +
                        x * op.pixelStride,
                    pixelBytes);
      else
        std::memset(dst, fill, pixelBytes);
    }
  }
  return llvm::Error::success();
}

llvm::Error Machine::loadWeight(const LoadWeightOp &op) {
  llvm::Expected<int64_t> bytes = elementBytesOf(op.dtype, false);
  if (!bytes)
    return bytes.takeError();
  int64_t rowBytes = op.chans * *bytes;
  if (llvm::Error error =
          checkRange("weight buffer", op.bufAddr,
                     op.count * op.taps * rowBytes, weightBuffer.size()))
    return error;
  if (op.count == 0 || op.taps == 0 || rowBytes == 0)
    return llvm::Error::success();
  if (llvm::Error error = checkRange(
          "DRAM",
          op.dramAddr + farCorner({{op.count, op.countStride},
                                   {op.taps, op.tapStride}}),
          rowBytes, dram.size()))
    return error;
  uint8_t *dst = weightBuffer.data() + op.bufAddr;
  for (int64_t k = 0; k < op.count; ++k)
    for (int64_t tap = 0; tap < op.taps; ++tap, dst += rowBytes)
      std::memcpy(dst,
                  dram.data() + op.dramAddr + k * op.countStride +
                      tap * op.tapStride,
                  rowBytes);
  return llvm::Error::success();
}

llvm::Error Machine::loadBias(const LoadBiasOp &op) {
  int64_t size = op.count * kAccEntryBytes;
  if (llvm::Error error =
          checkRange("weight buffer", op.bufAddr, size, weightBuffer.size()))
    return error;
  if (llvm::Error error = checkRange("DRAM", op.dramAddr, size, dram.size()))
    return error;
  std::memcpy(weightBuffer.data() + op.bufAddr, dram.data() + op.dramAddr, size);
  return llvm::Error::success();
}

llvm::Error Machine::loadAcc(const LoadAccOp &op) {
  llvm::Expected<int64_t> bytes = elementBytesOf(op.dtype, false);
  if (!bytes)
    return bytes.takeError();
  int64_t values = op.boxH * op.boxW * op.boxC;
  if (llvm::Error error = checkRange("accumulator", op.accAddr, values,
                                     accF32.size(), "entries"))
    return error;
  if (values == 0)
    return llvm::Error::success();
  if (llvm::Error error = checkRange(
          "DRAM",
          op.dramAddr + farCorner({{op.boxH, op.rowStride},
                                   {op.boxW, op.pixelStride}}),
          op.boxC * *bytes, dram.size()))
    return error;
  bool isF32 = op.dtype == int64_t(DType::F32);
  int64_t entry = op.accAddr;
  for (int64_t y = 0; y < op.boxH; ++y)
    for (int64_t x = 0; x < op.boxW; ++x) {
      const uint8_t *src =
          dram.data() + op.dramAddr + y * op.rowStride + x * op.pixelStride;
      for (int64_t c = 0; c < op.boxC; ++c, ++entry) {
        if (isF32) {
          float value;
          std::memcpy(&value, src + c * 4, 4);
          accF32[entry] = op.accumulate ? accF32[entry] + value : value;
        } else {
          int64_t value =
              applyScale32(int64_t(int8_t(src[c])) - op.zeroPoint,
                           op.multiplier, op.shift, op.doubleRound);
          int32_t scaled = saturateI32(value);
          accI32[entry] = op.accumulate
                              ? int32_t(uint32_t(accI32[entry]) +
                                        uint32_t(scaled))
                              : scaled;
        }
      }
    }
  return llvm::Error::success();
}

llvm::Error Machine::conv(const ConvOp &op) {
  llvm::Expected<int64_t> bytes = elementBytesOf(op.dtype, false);
  if (!bytes)
    return bytes.takeError();
  if (op.kernelH < 1 || op.kernelW < 1 || op.strideH < 1 || op.strideW < 1 ||
      op.dilationH < 1 || op.dilationW < 1)
    return llvm::createStringError(
        "kernel, stride and dilation must be at least 1");
  if (op.outH == 0 || op.outW == 0 || op.outK == 0)
    return llvm::Error::success();
  int64_t needH = (op.outH - 1) * op.strideH + (op.kernelH - 1) * op.dilationH + 1;
  int64_t needW = (op.outW - 1) * op.strideW + (op.kernelW - 1) * op.dilationW + 1;
  if (needH > op.inH || needW > op.inW)
    return llvm::createStringError(
        "the output tile needs a " + llvm::Twine(needH) + "x" +
        llvm::Twine(needW) + " input box, the box is " + llvm::Twine(op.inH) +
        "x" + llvm::Twine(op.inW));
  // The pixels the CONV reads, not the whole box: a CONV that starts inside
  // a box (one tap of a split kernel) may end before the box does.
  int64_t inValues = op.inputPixels() * op.inC;
  int64_t taps = op.kernelH * op.kernelW;
  int64_t weightValues = op.outK * taps * op.inC;
  if (op.accPitch != 0 && op.accPitch < op.outW * op.outK)
    return llvm::createStringError(
        "acc_pitch " + llvm::Twine(op.accPitch) +
        " is less than an output row's out_w * out_k = " +
        llvm::Twine(op.outW * op.outK) + " entries");
  int64_t rowBytes = op.kernelW * op.inC * *bytes;
  if (op.weightRowPitch != 0 && op.weightRowPitch < rowBytes)
    return llvm::createStringError(
        "w_row_pitch " + llvm::Twine(op.weightRowPitch) +
        " is less than a kernel row's kernel_w * in_c = " +
        llvm::Twine(rowBytes) + " bytes");
  int64_t kernelBytes =
      (op.kernelH - 1) * op.weightKernelRowPitch(*bytes) + rowBytes;
  if (op.weightPitch != 0 && op.weightPitch < kernelBytes)
    return llvm::createStringError(
        "w_pitch " + llvm::Twine(op.weightPitch) +
        " is less than an output channel's kernel rows span, " +
        llvm::Twine(kernelBytes) + " bytes");
  int64_t accValues = op.accSpan();
  if (llvm::Error error = checkRange("input buffer", op.inAddr,
                                     inValues * *bytes, inputBuffer.size()))
    return error;
  // Byte offset of output channel k's tap (row-major over the kernel).
  int64_t weightPitch = op.weightKPitch(*bytes);
  int64_t kernelRowPitch = op.weightKernelRowPitch(*bytes);
  int64_t tapBytes = op.inC * *bytes;
  auto weightOffset = [&](int64_t k, int64_t tap) {
    return k * weightPitch + (tap / op.kernelW) * kernelRowPitch +
           (tap % op.kernelW) * tapBytes;
  };
  if (llvm::Error error =
          checkRange("weight buffer", op.weightAddr, op.weightSpan(*bytes),
                     weightBuffer.size()))
    return error;
  if (llvm::Error error = checkRange("accumulator", op.accAddr, accValues,
                                     accF32.size(), "entries"))
    return error;

  ConvKernelShape shape{op.inW,       op.inC,     op.outK,    op.kernelH,
                        op.kernelW,   op.strideH, op.strideW, op.dilationH,
                        op.dilationW, op.outH,    op.outW,    op.accRowPitch()};
  const uint8_t *in = inputBuffer.data() + op.inAddr;
  const uint8_t *w = weightBuffer.data() + op.weightAddr;
  if (op.dtype == int64_t(DType::F32)) {
    scratchF32In.resize(inValues);
    if (inValues > 0) // in_c = 0: an empty vector's data() may be null
      std::memcpy(scratchF32In.data(), in, inValues * 4);
    scratchF32W.resize(weightValues);
    for (int64_t k = 0; k < op.outK; ++k)
      for (int64_t tap = 0; tap < taps; ++tap)
        for (int64_t c = 0; c < op.inC; ++c)
          std::memcpy(&scratchF32W[(tap * op.inC + c) * op.outK + k],
                      w + weightOffset(k, tap) + c * 4, 4);
    convKernelF32(shape, scratchF32In.data(), scratchF32W.data(),
                  accF32.data() + op.accAddr, op.accumulate);
    return llvm::Error::success();
  }
  scratchI32In.resize(inValues);
  for (int64_t i = 0; i < inValues; ++i)
    scratchI32In[i] = int32_t(int8_t(in[i])) - int32_t(op.inputZp);
  scratchI32W.resize(weightValues);
  for (int64_t k = 0; k < op.outK; ++k)
    for (int64_t tap = 0; tap < taps; ++tap)
      for (int64_t c = 0; c < op.inC; ++c)
        scratchI32W[(tap * op.inC + c) * op.outK + k] =
            int32_t(int8_t(w[weightOffset(k, tap) + c])) - int32_t(op.weightZp);
  convKernelI32(shape, scratchI32In.data(), scratchI32W.data(),
                accI32.data() + op.accAddr, op.accumulate);
  return llvm::Error::success();
}

llvm::Error Machine::post(const PostOp &op) {
  if (op.dtype != int64_t(DType::F32) && op.dtype != int64_t(DType::I8))
    return llvm::createStringError("POST supports f32 and i8");
  int64_t values = op.pixels * op.channels;
  if (llvm::Error error = checkRange("accumulator", op.accAddr, values,
                                     accF32.size(), "entries"))
    return error;
  if (op.hasBias)
    if (llvm::Error error =
            checkRange("weight buffer", op.biasAddr,
                       op.channels * kAccEntryBytes, weightBuffer.size()))
      return error;
  Activation activation = Activation(op.activation);
  auto bias = [&](int64_t channel) {
    int32_t raw = 0;
    if (op.hasBias)
      std::memcpy(&raw, weightBuffer.data() + op.biasAddr + channel * 4, 4);
    return raw;
  };
  if (op.lut && op.dtype != int64_t(DType::I8))
    return llvm::createStringError("POST lookup tables are i8 -> i8 only");
  if (op.lut)
    if (llvm::Error error =
            checkRange("DRAM", op.lutTable, kLutEntries, dram.size()))
      return error;
  if (op.dtype == int64_t(DType::F32)) {
    float lo = fieldToFloat(op.clampLo), hi = fieldToFloat(op.clampHi);
    float alpha = fieldToFloat(op.alpha);
    for (int64_t c = 0; c < op.channels; ++c) {
      int32_t raw = bias(c);
      float b;
      std::memcpy(&b, &raw, 4);
      for (int64_t p = 0; p < op.pixels; ++p) {
        float &entry = accF32[op.accAddr + p * op.channels + c];
        entry = activateF32((op.zeroAcc ? 0.0f : entry) + b, activation, lo,
                            hi, alpha);
      }
    }
    return llvm::Error::success();
  }
  if (activation != Activation::None && activation != Activation::Relu &&
      activation != Activation::Clamp)
    return llvm::createStringError(
        "activation " + activationName(activation) +
        " is not supported for i8 (use none, relu or clamp)");
  float loF = fieldToFloat(op.clampLo), hiF = fieldToFloat(op.clampHi);
  if (activation == Activation::Clamp &&
      (!std::isfinite(loF) || !std::isfinite(hiF)))
    return llvm::createStringError("i8 clamp bounds must be finite");
  // Clamp both sides before converting: a bound like 1.2e26 is finite but
  // far outside int64 (the conversion would be undefined). Any bound beyond
  // +-1e9 acts like +-1e9 after the final saturation to [-128, 127].
  auto quantizedBound = [](float bound) {
    return int64_t(std::clamp(bound, -1e9f, 1e9f));
  };
  int64_t lo = activation == Activation::Clamp
                   ? quantizedBound(std::ceil(loF))
                   : INT64_MIN;
  int64_t hi = activation == Activation::Clamp
                   ? quantizedBound(std::floor(hiF))
                   : INT64_MAX;
  if (activation == Activation::Relu)
    lo = op.outputZp;
  if (op.perChannel)
    if (llvm::Error error = checkRange("DRAM", op.scaleTable,
                                       op.channels * kScaleEntryBytes,
                                       dram.size()))
      return error;
  for (int64_t c = 0; c < op.channels; ++c) {
    int64_t b = bias(c);
    int64_t multiplier = op.multiplier, shift = op.shift;
    if (op.perChannel) {
      int32_t pair[2];
      std::memcpy(pair, dram.data() + op.scaleTable + c * kScaleEntryBytes,
                  kScaleEntryBytes);
      multiplier = pair[0];
      shift = pair[1];
      if (multiplier < 0 || shift < 2 || shift > 62)
        return llvm::createStringError(
            "per-channel scale table entry " + llvm::Twine(c) +
            ": multiplier " + llvm::Twine(multiplier) + ", shift " +
            llvm::Twine(shift) +
            " (needs multiplier >= 0 and shift in [2, 62])");
    }
    for (int64_t p = 0; p < op.pixels; ++p) {
      int32_t &entry = accI32[op.accAddr + p * op.channels + c];
      int64_t value = (op.zeroAcc ? 0 : int64_t(entry)) + b;
      value = applyScale32(value, multiplier, shift, op.doubleRound) +
              op.outputZp;
      value = std::clamp(value, lo, std::max(lo, hi));
      entry = int32_t(std::clamp<int64_t>(value, -128, 127));
      if (op.lut)
        entry = int8_t(dram[op.lutTable + entry + 128]);
    }
  }
  return llvm::Error::success();
}

llvm::Error Machine::store(const StoreOp &op) {
  llvm::Expected<int64_t> bytes = elementBytesOf(op.dtype, true);
  if (!bytes)
    return bytes.takeError();
  if (op.planes == 0 || op.boxH == 0 || op.boxW == 0 || op.boxC == 0)
    return llvm::Error::success();
  if (llvm::Error error = checkRange(
          "accumulator",
          op.accAddr + farCorner({{op.planes, op.accPlanePitch},
                                  {op.boxH, op.accRowPitch},
                                  {op.boxW, op.accPixelPitch}}),
          op.boxC, accF32.size(), "entries"))
    return error;
  if (llvm::Error error = checkRange(
          "DRAM",
          op.dramAddr + farCorner({{op.planes, op.planeStride},
                                   {op.boxH, op.rowStride},
                                   {op.boxW, op.pixelStride}}),
          op.boxC * *bytes, dram.size()))
    return error;
  DType dtype = DType(op.dtype);
  for (int64_t plane = 0; plane < op.planes; ++plane)
    for (int64_t y = 0; y < op.boxH; ++y)
      for (int64_t x = 0; x < op.boxW; ++x) {
        int64_t entry = op.accAddr + plane * op.accPlanePitch +
                        y * op.accRowPitch + x * op.accPixelPitch;
        uint8_t *dst = dram.data() + op.dramAddr + plane * op.planeStride +
                       y * op.rowStride + x * op.pixelStride;
        if (dtype == DType::F32) {
          std::memcpy(dst, &accF32[entry], op.boxC * 4);
        } else if (dtype == DType::I32) {
          std::memcpy(dst, &accI32[entry], op.boxC * 4);
        } else {
          for (int64_t c = 0; c < op.boxC; ++c)
            dst[c] = uint8_t(int8_t(std::clamp(accI32[entry + c], -128, 127)));
        }
      }
  return llvm::Error::success();
}
