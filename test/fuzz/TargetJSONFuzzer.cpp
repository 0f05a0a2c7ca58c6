//===- TargetJSONFuzzer.cpp - libFuzzer target for target JSON files ------===//
//
// Feeds arbitrary bytes to the target-description loader. Every input must
// either load a target that passes validation and round-trips through
// targetToJSON, or produce an error — never crash, leak or hit UB.
//
//===----------------------------------------------------------------------===//

#include "accel/Target/Target.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  llvm::Expected<accel::TargetDesc> target = accel::parseTargetJSON(text);
  if (!target) {
    llvm::consumeError(target.takeError());
    return 0;
  }
  // A loaded target is valid and survives a round trip unchanged.
  if (llvm::Error error = accel::validateTarget(*target)) {
    llvm::consumeError(std::move(error));
    abort();
  }
  llvm::Expected<accel::TargetDesc> again =
      accel::targetFromJSON(llvm::json::Value(accel::targetToJSON(*target)));
  if (!again) {
    llvm::consumeError(again.takeError());
    abort();
  }
  if (llvm::json::Value(accel::targetToJSON(*again)) !=
      llvm::json::Value(accel::targetToJSON(*target)))
    abort();
  return 0;
}
