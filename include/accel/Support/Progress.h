//===- Progress.h - A progress counter with ETA on a terminal ---*- C++ -*-===//
//
// Long-running tools (accel-stress) show `label: 120/1000 (12%), 0:41
// elapsed, ETA 5:00` on stderr, redrawn at most twice a second -- only when
// stderr is a terminal and the environment has no `CI` variable, so CI logs
// and test output stay free of it (`ACCEL_PROGRESS=1` / `=0` force it on or
// off). The Python tools use accel_tools.progress, which behaves the same.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SUPPORT_PROGRESS_H
#define ACCEL_SUPPORT_PROGRESS_H

#include "llvm/ADT/StringRef.h"

#include <chrono>
#include <cstdint>
#include <string>

namespace accel {

class ProgressLine {
public:
  ProgressLine(llvm::StringRef label, uint64_t total);
  ~ProgressLine() { clear(); }
  ProgressLine(const ProgressLine &) = delete;
  ProgressLine &operator=(const ProgressLine &) = delete;

  /// `done` of `total` finished; redraws if enabled and due.
  void update(uint64_t done);
  /// Erases the line (before other output to stderr, and at the end).
  void clear();
  bool enabled() const { return on; }
  /// The text of the line for `done` after `seconds` (for tests).
  std::string text(uint64_t done, double seconds) const;

private:
  std::string label;
  uint64_t total;
  bool on;
  bool drawn = false;
  std::chrono::steady_clock::time_point start, last;
};

} // namespace accel

#endif // ACCEL_SUPPORT_PROGRESS_H
