//===- Rescale.h - TOSA apply_scale_32, the engine's requantization -*- C++ -*-===//
//
// The one implementation of TOSA's apply_scale_32 (TOSA 1.0, section
// "Scaling helpers"): the simulator's POST and LOAD_ACC and the conversion's
// mapping of clamp bounds into the output domain all use it.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SUPPORT_RESCALE_H
#define ACCEL_SUPPORT_RESCALE_H

#include <algorithm>
#include <cstdint>
#include <limits>

namespace accel {

/// TOSA apply_scale_32: (value * multiplier + round) >> shift with
/// round = 2^(shift-1), and with DOUBLE_ROUND and shift > 31 an extra
/// +2^30 (value >= 0) or -2^30 (value < 0). Exact for the spec's domain
/// (|value| < 2^32, 0 <= multiplier < 2^31, 1 <= shift <= 63; the spec
/// requires shift >= 2); a shift of 0 is the identity. Results beyond
/// int64 / 2 saturate (the spec leaves them undefined).
inline int64_t applyScale32(int64_t value, int64_t multiplier, int64_t shift,
                            bool doubleRound = false) {
  __int128 result = __int128(value) * multiplier;
  if (shift > 0) {
    __int128 round = __int128(1) << (shift - 1);
    if (doubleRound && shift > 31)
      round += value >= 0 ? (__int128(1) << 30) : -(__int128(1) << 30);
    result = (result + round) >> shift;
  }
  return int64_t(std::clamp<__int128>(
      result, std::numeric_limits<int64_t>::min() / 2,
      std::numeric_limits<int64_t>::max() / 2));
}

} // namespace accel

#endif // ACCEL_SUPPORT_RESCALE_H
