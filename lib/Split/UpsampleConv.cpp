//===- UpsampleConv.cpp - Nearest upsampling + conv as a transposed conv --===//
//
// The composition described in include/accel/Split/UpsampleConv.h.
//
//===----------------------------------------------------------------------===//

#include "accel/Split/UpsampleConv.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace accel;

std::vector<int64_t> accel::nearestResizeSources(int64_t inSize,
                                                 int64_t outSize,
                                                 int64_t numerator,
                                                 int64_t denominator,
                                                 int64_t offset) {
  std::vector<int64_t> sources;
  sources.reserve(outSize);
  for (int64_t o = 0; o < outSize; ++o) {
    int64_t y = o * denominator + offset;
    int64_t index = llvm::divideFloorSigned(y, numerator);
    int64_t remainder = y - index * numerator;
    if (2 * remainder >= numerator)
      ++index;
    sources.push_back(std::clamp<int64_t>(index, 0, inSize - 1));
  }
  return sources;
}

int64_t accel::nearestRepeatFactor(llvm::ArrayRef<int64_t> sources,
                                   int64_t inSize) {
  if (inSize <= 0 || sources.empty() || sources.size() % inSize != 0)
    return 0;
  int64_t factor = sources.size() / inSize;
  for (size_t o = 0; o < sources.size(); ++o)
    if (sources[o] != int64_t(o) / factor)
      return 0;
  return factor;
}

int64_t accel::nearestUpsampleFactor(int64_t inSize, int64_t outSize,
                                     int64_t numerator, int64_t denominator,
                                     int64_t offset) {
  return nearestRepeatFactor(
      nearestResizeSources(inSize, outSize, numerator, denominator, offset),
      inSize);
}

AxisParams accel::upsampleConvAxis(int64_t inputSize, int64_t factor,
                                   int64_t kernelSize, int64_t padBegin,
                                   int64_t padEnd) {
  AxisParams axis;
  axis.inputSize = inputSize;
  axis.kernelSize = kernelSize + factor - 1;
  axis.stride = factor;
  axis.dilation = 1;
  axis.padBegin = padBegin - (kernelSize - 1);
  axis.padEnd = padEnd - (kernelSize - 1);
  return axis;
}

/// The conv taps k that composed tap t of one axis sums: [lo, hi).
static std::pair<int64_t, int64_t> summedTaps(int64_t t, int64_t kernel,
                                              int64_t factor) {
  int64_t lo = std::max<int64_t>(0, kernel - 1 - t);
  int64_t hi = std::min<int64_t>(kernel, kernel - 1 - t + factor);
  return {lo, hi};
}

std::vector<float> accel::composeUpsampleConvKernel(
    llvm::ArrayRef<float> kernel, int64_t outChannels, int64_t kernelH,
    int64_t kernelW, int64_t inChannels, int64_t sh, int64_t sw) {
  int64_t th = kernelH + sh - 1, tw = kernelW + sw - 1;
  std::vector<float> composed(outChannels * th * tw * inChannels);
  auto at = [&](int64_t o, int64_t h, int64_t w, int64_t c) {
    return kernel[((o * kernelH + h) * kernelW + w) * inChannels + c];
  };
  for (int64_t o = 0; o < outChannels; ++o)
    for (int64_t h = 0; h < th; ++h) {
      auto [h0, h1] = summedTaps(h, kernelH, sh);
      for (int64_t w = 0; w < tw; ++w) {
        auto [w0, w1] = summedTaps(w, kernelW, sw);
        for (int64_t c = 0; c < inChannels; ++c) {
          double sum = 0;
          for (int64_t kh = h0; kh < h1; ++kh)
            for (int64_t kw = w0; kw < w1; ++kw)
              sum += at(o, kh, kw, c);
          composed[((o * th + h) * tw + w) * inChannels + c] = float(sum);
        }
      }
    }
  return composed;
}
