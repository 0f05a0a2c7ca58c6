//===- PhaseShapes.h - Shapes of the cost-model tests --------- -*- C++ -*-===//
//
// Builders of the conv shapes the cost-model tests price, schedule and time:
// a conv with explicit padding, and the phase convs of stride-2 and
// PyTorch-padded transposed convs (the split plan's rule, written out per
// axis).
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_UNITTESTS_COSTMODEL_PHASESHAPES_H
#define ACCEL_UNITTESTS_COSTMODEL_PHASESHAPES_H

#include "accel/Target/ConvShape.h"

#include <cstdint>
#include <vector>

namespace accel {
namespace testshapes {

inline ConvShape conv(int64_t h, int64_t w, int64_t c, int64_t k, int64_t kh,
                      int64_t kw, int64_t padTop, int64_t padBottom,
                      int64_t padLeft, int64_t padRight, int64_t stride = 1) {
  ConvShape s;
  s.inH = h;
  s.inW = w;
  s.inC = c;
  s.outC = k;
  s.kernelH = kh;
  s.kernelW = kw;
  s.strideH = s.strideW = stride;
  s.padTop = padTop;
  s.padBottom = padBottom;
  s.padLeft = padLeft;
  s.padRight = padRight;
  return s;
}

/// The four phases of a stride-2 transposed conv with a k x k kernel on an
/// h x w input (taps ceil(k/2) / floor(k/2) per axis), as stride-1 convs.
inline std::vector<ConvShape> stride2Phases(int64_t h, int64_t w, int64_t c,
                                            int64_t k, int64_t kernel) {
  int64_t big = (kernel + 1) / 2, small = kernel / 2;
  std::vector<ConvShape> phases;
  for (int64_t th : {big, small})
    for (int64_t tw : {big, small})
      phases.push_back(conv(h, w, c, k, th, tw, th - 1, 0, tw - 1, 0));
  return phases;
}

/// The phases of a transposed conv with k x k kernel, stride s and PyTorch
/// padding p (output_padding op), from the split plan's rule: phase r of an
/// axis has taps k = r + s*t and its exact (possibly negative) padding.
inline std::vector<ConvShape> pytorchPhases(int64_t h, int64_t c, int64_t outC,
                                            int64_t kernel, int64_t stride,
                                            int64_t pad, int64_t outputPad) {
  // Output o = i*s + k - p; owned by phase (o + p) mod s; taps of phase r:
  // k = r, r + s, ...; output j of the phase is o = j*s + r - p... Here we
  // only need shapes, computed per axis.
  struct Axis {
    int64_t taps, padBegin, padEnd;
  };
  std::vector<Axis> axes;
  int64_t out = (h - 1) * stride - 2 * pad + kernel + outputPad;
  for (int64_t r = 0; r < stride; ++r) {
    int64_t taps = (kernel - r + stride - 1) / stride;
    // owned outputs o in [0, out) with (o + pad) mod s == r: o = q*s + r - pad
    int64_t qFirst = (pad - r + stride - 1) / stride; // smallest q with o >= 0
    if (pad - r < 0)
      qFirst = 0;
    int64_t count = 0;
    for (int64_t q = qFirst; q * stride + r - pad < out; ++q)
      ++count;
    // output q reads inputs q - t for taps t = 0..taps-1 (descending k):
    // as a stride-1 correlation, the window of q starts at input q-(taps-1).
    int64_t padBegin = (taps - 1) - qFirst;
    int64_t padEnd = count + (taps - 1) - h - padBegin;
    axes.push_back({taps, padBegin, padEnd});
  }
  std::vector<ConvShape> phases;
  for (const Axis &ah : axes)
    for (const Axis &aw : axes)
      phases.push_back(conv(h, h, c, outC, ah.taps, aw.taps, ah.padBegin,
                            ah.padEnd, aw.padBegin, aw.padEnd));
  return phases;
}

} // namespace testshapes
} // namespace accel

#endif // ACCEL_UNITTESTS_COSTMODEL_PHASESHAPES_H
