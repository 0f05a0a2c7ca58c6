//===- Npy.h - NumPy .npy arrays ------------------------------*- C++ -*-===//
//
// Reads and writes numpy's .npy format (versions 1.0, 2.0 and 3.0;
// little-endian, C order) for the element types the accelerator uses:
// float32, int8 and int32. Corrupt or unsupported files are errors that
// say what is wrong.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SIM_NPY_H
#define ACCEL_SIM_NPY_H

#include "accel/ISA/Instruction.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace accel {
namespace sim {

/// A dense C-order array with little-endian element bytes.
struct NpyArray {
  isa::DType dtype = isa::DType::F32;
  std::vector<int64_t> shape; ///< empty for a scalar
  std::vector<uint8_t> data;

  int64_t numElements() const;
};

llvm::Expected<NpyArray> parseNpy(llvm::ArrayRef<uint8_t> bytes);
llvm::Expected<NpyArray> readNpyFile(llvm::StringRef path);

/// Serialises as .npy version 1.0 (2.0 if the header needs it).
std::vector<uint8_t> serializeNpy(const NpyArray &array);

/// Writes the file as accel::writeFileAtomically does (accel/Support).
llvm::Error writeNpyFile(llvm::StringRef path, const NpyArray &array);

} // namespace sim
} // namespace accel

#endif // ACCEL_SIM_NPY_H
