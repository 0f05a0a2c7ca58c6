//===- OutputFile.h - Writing a tool's output files safely ------*- C++ -*-===//
//
// Every accel tool writes its output files through this one place, with
// the same guarantees:
//   * a failed run leaves the destination as it was (no truncated or
//     half-written file, no empty file left behind);
//   * a regular file (or a path that does not exist yet) is replaced
//     atomically: the bytes go to a temporary sibling renamed over it;
//   * a symbolic link is followed: its target is replaced, the link stays;
//   * anything else -- a FIFO, a character device such as /dev/null, a
//     socket -- is opened and written through, never replaced by a rename
//     (which would turn /dev/null into a regular file when run as root);
//   * errors name the path the user gave, never an internal temporary.
//
// Plain C++ over llvm/Support.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SUPPORT_OUTPUTFILE_H
#define ACCEL_SUPPORT_OUTPUTFILE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace accel {

/// Where the bytes for a user-given output path really go.
struct OutputDestination {
  /// The path the user gave (for messages).
  std::string userPath;
  /// The file to replace or write: `userPath` with symbolic links resolved
  /// when it names an existing regular file.
  std::string path;
  /// True: write a temporary sibling of `path` and rename it over `path`.
  /// False: open `path` and write through (FIFOs, devices, sockets).
  bool replace = true;
};

/// Checks that `path` can receive output (it is not a directory; a new
/// file's directory exists) and says how it will be written.
llvm::Expected<OutputDestination> resolveOutput(llvm::StringRef path);

/// Writes `bytes` to `path` with the guarantees above.
llvm::Error writeFileAtomically(llvm::StringRef path,
                                llvm::ArrayRef<uint8_t> bytes);

/// Writes every (path, bytes) pair; every destination is resolved and
/// every temporary written before the first one is put in place, so an
/// error (a missing directory for the second output, say) leaves no
/// destination touched. Two pairs naming the same file are an error.
llvm::Error writeFilesAtomically(
    llvm::ArrayRef<std::pair<std::string, std::vector<uint8_t>>> files);

/// For tools whose output file is written by an upstream driver
/// (`MlirOptMain`, `mlirTranslateMain`) from a `-o FILE` argument: rewrites
/// that argument to a fresh temporary file so the driver never opens (or,
/// on failure, deletes) the user's path; `commit` then moves the bytes to
/// the destination with the guarantees above, `discard` drops them.
class RedirectedOutput {
public:
  /// Finds `-o FILE`, `-o=FILE`, `--o FILE`, `--o=FILE` (the last one
  /// wins, as in llvm::cl) before any `--`. Without one, or with `-o -`,
  /// returns an inactive redirect and leaves `args` alone. The strings
  /// `args` points into must outlive the driver call; the redirect owns
  /// the rewritten argument.
  static llvm::Expected<RedirectedOutput> fromArgs(std::vector<char *> &args);

  RedirectedOutput() = default;
  RedirectedOutput(RedirectedOutput &&other);
  RedirectedOutput &operator=(RedirectedOutput &&other) = delete;
  RedirectedOutput(const RedirectedOutput &) = delete;
  ~RedirectedOutput();

  bool active() const { return !tempPath.empty(); }
  /// Puts the driver's output in place (no-op when inactive).
  llvm::Error commit();
  /// Removes the temporary (no-op when inactive or committed).
  void discard();

private:
  OutputDestination destination;
  std::string tempPath;
  /// The rewritten argv entry (heap-held: argv points into it).
  std::unique_ptr<std::string> argument;
};

/// Runs a driver over `args` with its `-o FILE` redirected as above and
/// commits the output only when the driver returns true. Returns the
/// process exit code (0 or 1); own errors print as "TOOL: error: ...".
int runWithRedirectedOutput(
    llvm::StringRef tool, std::vector<char *> args,
    llvm::function_ref<bool(int argc, char **argv)> driver);

} // namespace accel

#endif // ACCEL_SUPPORT_OUTPUTFILE_H
