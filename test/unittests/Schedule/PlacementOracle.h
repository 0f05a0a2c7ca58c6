//===- PlacementOracle.h - Independent reading of placements ---*- C++ -*-===//
//
// What the placement, store-remapping and copy tests compare against: the
// row-major address of a dense NHWC element, and the address a Placement
// gives an element read straight from PlacementPiece's documented meaning
// (Placement.h), written here from that comment and not from Placement.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_UNITTESTS_SCHEDULE_PLACEMENTORACLE_H
#define ACCEL_UNITTESTS_SCHEDULE_PLACEMENTORACLE_H

#include "accel/Schedule/Placement.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <optional>

namespace accel {
namespace schedule {
namespace testing {

/// Byte address of element (n, y, x, c) of a dense NHWC tensor at `base`.
inline int64_t denseAddress(int64_t base, const Shape4 &shape, int64_t n,
                            int64_t y, int64_t x, int64_t c,
                            int64_t elementBytes) {
  return base +
         (((n * shape[1] + y) * shape[2] + x) * shape[3] + c) * elementBytes;
}

/// The address `placement` gives element (n, y, x, c), or std::nullopt when
/// no piece holds it (the element is dropped). Adds a test failure when two
/// pieces claim the channel (their ranges must be disjoint).
inline std::optional<int64_t> placedAddress(const Placement &placement,
                                            int64_t n, int64_t y, int64_t x,
                                            int64_t c, int64_t elementBytes) {
  std::optional<int64_t> address;
  int owners = 0;
  for (const PlacementPiece &piece : placement) {
    if (c < piece.channelBegin || c >= piece.channelEnd)
      continue;
    ++owners;
    if (y < piece.rowBegin || y >= piece.rowEnd || x < piece.colBegin ||
        x >= piece.colEnd)
      continue;
    address = piece.base + n * piece.imageStride + y * piece.rowStride +
              x * piece.pixelStride + (c - piece.channelBegin) * elementBytes;
  }
  EXPECT_LE(owners, 1) << "channel " << c << " is in " << owners << " pieces";
  return address;
}

} // namespace testing
} // namespace schedule
} // namespace accel

#endif // ACCEL_UNITTESTS_SCHEDULE_PLACEMENTORACLE_H
