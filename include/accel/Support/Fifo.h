//===- Fifo.h - A first-in first-out queue over one vector ----*- C++ -*-===//
//
// The timing model's instruction queues and token channels
// (PipelineTiming.h): a pop advances the head, and the consumed prefix is
// dropped once the queue empties or the prefix is half the storage
// (amortised O(1); no allocation per element once the capacity settles,
// unlike std::deque's chunks, which a cost walk allocated and freed once
// per few instructions).
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SUPPORT_FIFO_H
#define ACCEL_SUPPORT_FIFO_H

#include <cstddef>
#include <utility>
#include <vector>

namespace accel {

template <typename T> class Fifo {
public:
  bool empty() const { return head == items.size(); }
  size_t size() const { return items.size() - head; }
  /// The oldest element; the queue must not be empty.
  const T &front() const { return items[head]; }
  void push_back(T value) { items.push_back(std::move(value)); }
  /// Drops the oldest element; the queue must not be empty.
  void pop_front() {
    if (++head == items.size()) {
      clear();
    } else if (head >= kCompactAfter && 2 * head >= items.size()) {
      items.erase(items.begin(), items.begin() + head);
      head = 0;
    }
  }
  void clear() {
    items.clear();
    head = 0;
  }
  /// Elements held, consumed ones included (what a compaction frees).
  size_t storedElements() const { return items.size(); }

  /// Consumed elements are kept until there are at least this many.
  static constexpr size_t kCompactAfter = 64;

private:
  std::vector<T> items;
  size_t head = 0;
};

} // namespace accel

#endif // ACCEL_SUPPORT_FIFO_H
