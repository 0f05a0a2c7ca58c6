//===- RowTapsOracle.h - Taps of a conv that read input rows ----*- C++ -*-===//
//
// Brute-force counts, independent of the schedule library, that bound the
// MACs a conv schedule runs: every tap, or -- when the schedule splits
// kernel rows or columns (NestResidency::splitKernelRows / splitKernelCols) --
// at least the taps whose kernel row (and column) reads inside the input.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_TEST_UNITTESTS_ROWTAPSORACLE_H
#define ACCEL_TEST_UNITTESTS_ROWTAPSORACLE_H

#include "accel/Target/ConvShape.h"

#include <cstdint>

namespace accel {
namespace oracle {

/// Output rows x kernel rows of `s` whose input row lies inside the input
/// (every row and kernel row tried; the rest read padding).
inline int64_t rowTapsReadingInput(const ConvShape &s) {
  int64_t rowTaps = 0;
  for (int64_t r = 0; r < s.outH(); ++r)
    for (int64_t ky = 0; ky < s.kernelH; ++ky) {
      int64_t y = r * s.strideH - s.padTop + ky * s.dilationH;
      rowTaps += y >= 0 && y < s.inH;
    }
  return rowTaps;
}

/// Output columns x kernel columns of `s` whose input column lies inside
/// the input.
inline int64_t colTapsReadingInput(const ConvShape &s) {
  int64_t colTaps = 0;
  for (int64_t c = 0; c < s.outW(); ++c)
    for (int64_t kx = 0; kx < s.kernelW; ++kx) {
      int64_t x = c * s.strideW - s.padLeft + kx * s.dilationW;
      colTaps += x >= 0 && x < s.inW;
    }
  return colTaps;
}

/// MACs of the taps that read an input pixel (row and column inside the
/// input): the fewest any schedule runs.
inline int64_t macsReadingInput(const ConvShape &s) {
  return s.batch * rowTapsReadingInput(s) * colTapsReadingInput(s) * s.outC *
         (s.inC / s.groups);
}

/// MACs of the taps whose kernel row reads an input row.
inline int64_t macsReadingInputRows(const ConvShape &s) {
  return s.batch * rowTapsReadingInput(s) * s.outW() * s.kernelW * s.outC *
         (s.inC / s.groups);
}

} // namespace oracle
} // namespace accel

#endif // ACCEL_TEST_UNITTESTS_ROWTAPSORACLE_H
