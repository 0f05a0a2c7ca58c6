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
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

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

/// A TOSA scale32 rescale factor: multiplier / 2^shift.
struct ScaleMultiplier {
  int32_t multiplier = 0;
  int32_t shift = 0;
};

/// The scale32 (multiplier, shift) of a real scale, computed as TFLite's
/// QuantizeMultiplier (and the TFLite -> TOSA legalization) does:
/// scale = q * 2^e with q in [0.5, 1) (std::frexp), multiplier =
/// round(q * 2^31) with halves away from zero (std::llround; a result of
/// 2^31 becomes 2^30 with e + 1), shift = 31 - e. std::nullopt when the
/// scale is not positive and finite or the shift is outside TOSA's 2..62
/// (scales below about 2^-31 or at or above 2^29).
inline std::optional<ScaleMultiplier> quantizeScale(double scale) {
  if (!(scale > 0) || !std::isfinite(scale))
    return std::nullopt;
  int exponent = 0;
  double q = std::frexp(scale, &exponent);
  long long multiplier = std::llround(q * double(int64_t(1) << 31));
  if (multiplier == (int64_t(1) << 31)) {
    multiplier /= 2;
    ++exponent;
  }
  int shift = 31 - exponent;
  if (shift < 2 || shift > 62)
    return std::nullopt;
  return ScaleMultiplier{int32_t(multiplier), shift};
}

} // namespace accel

#endif // ACCEL_SUPPORT_RESCALE_H
