//===- DecisionCache.h - Memoised cost-model decisions --------*- C++ -*-===//
//
// The cost model's decisions (a conv's tiling, a phase group's tiling, a
// transposed conv's strategy) are pure functions of shapes and the
// target's fields, and the pipeline asks for the same ones more than once:
// convert-tosa-to-accel prices the strategies of every transposed conv
// (several at once when threading is on) and accel-tile tiles the winner.
// A DecisionCache remembers the successes by a byte key built from every
// field the decision depends on.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_TARGET_DECISIONCACHE_H
#define ACCEL_TARGET_DECISIONCACHE_H

#include "accel/Target/Target.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <initializer_list>
#include <mutex>
#include <string>

namespace accel {

/// Decisions already made in this process, by key. Only successes are kept.
/// Thread-safe: callers may price several layers at once. Two threads asking
/// for the same key at once both compute it (the values are equal).
template <typename Value> class DecisionCache {
public:
  template <typename Compute>
  llvm::Expected<Value> getOrCompute(const std::string &key, Compute compute) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      auto found = entries.find(key);
      if (found != entries.end())
        return found->second;
    }
    llvm::Expected<Value> value = compute();
    if (value) {
      std::lock_guard<std::mutex> lock(mutex);
      entries.try_emplace(key, *value);
    }
    return value;
  }

private:
  std::mutex mutex;
  llvm::StringMap<Value> entries;
};

/// Appends the bytes of `values` to a decision key.
inline void appendKeyInts(std::string &key,
                          std::initializer_list<int64_t> values) {
  for (int64_t value : values)
    key.append(reinterpret_cast<const char *>(&value), sizeof(value));
}

/// Appends every field of `target` a decision can depend on (its name, its
/// dataflow and each numeric field) to a decision key.
void appendTargetKey(std::string &key, const TargetDesc &target);

} // namespace accel

#endif // ACCEL_TARGET_DECISIONCACHE_H
