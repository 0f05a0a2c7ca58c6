//===- Progress.cpp - A progress counter with ETA on a terminal -----------===//

#include "accel/Support/Progress.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

using namespace accel;

static bool progressWanted() {
  if (std::optional<std::string> forced =
          llvm::sys::Process::GetEnv("ACCEL_PROGRESS"))
    return !forced->empty() && *forced != "0";
  return llvm::sys::Process::StandardErrIsDisplayed() &&
         !llvm::sys::Process::GetEnv("CI");
}

static std::string clock(double seconds) {
  auto total = uint64_t(seconds + 0.5);
  uint64_t h = total / 3600, m = total / 60 % 60, s = total % 60;
  std::string out;
  llvm::raw_string_ostream os(out);
  if (h)
    os << h << ":" << llvm::format("%02llu", (unsigned long long)m);
  else
    os << m;
  os << ":" << llvm::format("%02llu", (unsigned long long)s);
  return out;
}

ProgressLine::ProgressLine(llvm::StringRef label, uint64_t total)
    : label(label.str()), total(total), on(progressWanted()),
      start(std::chrono::steady_clock::now()), last(start) {}

std::string ProgressLine::text(uint64_t done, double seconds) const {
  std::string out;
  llvm::raw_string_ostream os(out);
  os << label << ": " << done << "/" << total;
  if (total)
    os << " (" << (done * 100 / total) << "%)";
  os << ", " << clock(seconds) << " elapsed";
  if (done > 0 && done < total)
    os << ", ETA " << clock(seconds / double(done) * double(total - done));
  return out;
}

void ProgressLine::update(uint64_t done) {
  if (!on)
    return;
  auto now = std::chrono::steady_clock::now();
  if (drawn && now - last < std::chrono::milliseconds(500) && done < total)
    return;
  last = now;
  double seconds = std::chrono::duration<double>(now - start).count();
  // "\r" + erase to end of line: the terminal shows one line, redrawn.
  llvm::errs() << "\r\x1b[K" << text(done, seconds);
  llvm::errs().flush();
  drawn = true;
}

void ProgressLine::clear() {
  if (!drawn)
    return;
  llvm::errs() << "\r\x1b[K";
  llvm::errs().flush();
  drawn = false;
}
