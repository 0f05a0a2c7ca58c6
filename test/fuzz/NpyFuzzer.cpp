//===- NpyFuzzer.cpp - libFuzzer target: the .npy reader ------------------===//
//
// Feeds arbitrary bytes to parseNpy. An array that parses must be
// consistent (data size = elements x element size) and survive
// serializeNpy -> parseNpy unchanged.
//
//===----------------------------------------------------------------------===//

#include "accel/Sim/Npy.h"

#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdlib>

using namespace accel;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::Expected<sim::NpyArray> array =
      sim::parseNpy(llvm::ArrayRef<uint8_t>(data, size));
  if (!array) {
    llvm::consumeError(array.takeError());
    return 0;
  }
  if (uint64_t(array->numElements()) * isa::dtypeBytes(array->dtype) !=
      array->data.size()) {
    llvm::errs() << "parsed array's data size does not match its shape\n";
    abort();
  }
  llvm::Expected<sim::NpyArray> again =
      sim::parseNpy(sim::serializeNpy(*array));
  if (!again) {
    llvm::errs() << "serialized array does not parse: "
                 << llvm::toString(again.takeError()) << "\n";
    abort();
  }
  if (again->dtype != array->dtype || again->shape != array->shape ||
      again->data != array->data) {
    llvm::errs() << "npy round trip changed the array\n";
    abort();
  }
  return 0;
}
