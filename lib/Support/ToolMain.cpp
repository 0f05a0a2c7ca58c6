//===- ToolMain.cpp - What every accel tool's main does --------------------===//

#include "accel/Support/ToolMain.h"
#include "accel/Support/VersionInfo.inc"

#include "llvm/Config/llvm-config.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

llvm::StringRef accel::getVersion() { return ACCEL_VERSION_STRING; }

llvm::StringRef accel::getGitCommit() { return ACCEL_GIT_COMMIT; }

void accel::registerVersionPrinter(llvm::StringRef toolName) {
  // Replaces LLVM's printer (which names only LLVM); the LLVM the tool
  // links is on the second line.
  static std::string name;
  name = toolName.str();
  llvm::cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << name << " (accel " << getVersion() << ", commit " << getGitCommit()
       << ")\n  built with LLVM/MLIR " << LLVM_VERSION_STRING << "\n";
  });
}

bool accel::quietOpOnDiagnostic(std::vector<char *> &args) {
  bool chosen = llvm::any_of(args, [](const char *arg) {
    return llvm::StringRef(arg).contains("mlir-print-op-on-diagnostic");
  });
  static char quiet[] = "--mlir-print-op-on-diagnostic=false";
  if (!chosen && !args.empty())
    args.insert(args.begin() + 1, quiet);
  return chosen;
}
