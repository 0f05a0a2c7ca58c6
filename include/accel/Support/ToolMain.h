//===- ToolMain.h - What every accel tool's main does -----------*- C++ -*-===//
//
// Every accel tool answers --version with accel's own version and the git
// commit it was built from (then the LLVM it links), not only LLVM's; and
// the MLIR-based tools report an error as one located diagnostic, without
// MLIR's default dump of the whole failing op after it.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SUPPORT_TOOLMAIN_H
#define ACCEL_SUPPORT_TOOLMAIN_H

#include "llvm/ADT/StringRef.h"

#include <vector>

namespace accel {

/// The project version (CMake's PROJECT_VERSION), e.g. "0.1.0".
llvm::StringRef getVersion();
/// `git describe --always --dirty` of the source tree at build time, or
/// "unknown" outside a git checkout.
llvm::StringRef getGitCommit();

/// Makes `--version` print "accel <version> (commit <commit>)" followed by
/// LLVM's own version lines. Call once from a tool's main before it parses
/// the command line.
void registerVersionPrinter(llvm::StringRef toolName);

/// Inserts `--mlir-print-op-on-diagnostic=false` after args[0] unless the
/// user passed an --mlir-print-op-on-diagnostic flag: an error is then one
/// diagnostic at its location, not followed by a dump of the op. Returns
/// whether the user chose themselves.
bool quietOpOnDiagnostic(std::vector<char *> &args);

} // namespace accel

#endif // ACCEL_SUPPORT_TOOLMAIN_H
