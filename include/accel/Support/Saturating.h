//===- Saturating.h - Saturating int64 arithmetic for estimates -*- C++ -*-===//
//
// Cost bounds multiply user-controlled sizes (shapes, tile counts, target
// fields); a product beyond int64 must read as "enormous", never wrap
// around to a small or negative cost. Operands are non-negative.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SUPPORT_SATURATING_H
#define ACCEL_SUPPORT_SATURATING_H

#include "llvm/Support/MathExtras.h"

#include <cstdint>
#include <initializer_list>
#include <limits>

namespace accel {

/// The product of non-negative factors, saturating at INT64_MAX.
inline int64_t saturatingProduct(std::initializer_list<int64_t> factors) {
  uint64_t result = 1;
  for (int64_t factor : factors)
    result = llvm::SaturatingMultiply(result, uint64_t(factor < 0 ? 0 : factor));
  return int64_t(std::min<uint64_t>(
      result, uint64_t(std::numeric_limits<int64_t>::max())));
}

/// The sum of non-negative terms, saturating at INT64_MAX.
inline int64_t saturatingSum(std::initializer_list<int64_t> terms) {
  uint64_t result = 0;
  for (int64_t term : terms)
    result = llvm::SaturatingAdd(result, uint64_t(term < 0 ? 0 : term));
  return int64_t(std::min<uint64_t>(
      result, uint64_t(std::numeric_limits<int64_t>::max())));
}

} // namespace accel

#endif // ACCEL_SUPPORT_SATURATING_H
