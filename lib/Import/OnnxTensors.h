//===- OnnxTensors.h - ONNX tensors known at import time --------*- C++ -*-===//
//
// Initializers, Constant nodes and folded shape computations become
// HostTensors: an ONNX-layout shape plus float or integer values. Loading
// checks every size against the shape (and the shape against a limit)
// before allocating, so a hostile model cannot make the importer allocate
// what its dims claim.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_LIB_IMPORT_ONNXTENSORS_H
#define ACCEL_LIB_IMPORT_ONNXTENSORS_H

#include "onnx/onnx_pb.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

namespace accel::onnx_import {

/// Largest tensor (elements) the importer accepts: 2^28 (1 GiB of f32).
constexpr int64_t kMaxElements = int64_t(1) << 28;

/// Elements of `shape`, or nullopt when a dim is negative or the product
/// exceeds kMaxElements.
std::optional<int64_t> checkedElementCount(llvm::ArrayRef<int64_t> shape);

/// A tensor whose values the importer knows (ONNX layout, row-major).
struct HostTensor {
  llvm::SmallVector<int64_t> shape;
  bool isFloat = true;
  std::vector<float> floats;
  std::vector<int64_t> ints;

  int64_t size() const {
    return isFloat ? int64_t(floats.size()) : int64_t(ints.size());
  }
  /// Element `i` as a double / as an integer (either representation).
  double at(int64_t i) const { return isFloat ? floats[i] : double(ints[i]); }
  /// (A float outside int64's range reads as 0.)
  int64_t intAt(int64_t i) const {
    if (!isFloat)
      return ints[i];
    return std::abs(floats[i]) < 9.0e18f ? int64_t(floats[i]) : 0;
  }
  static HostTensor ofInts(llvm::ArrayRef<int64_t> shape,
                           std::vector<int64_t> values);
  static HostTensor ofFloats(llvm::ArrayRef<int64_t> shape,
                             std::vector<float> values);
};

/// Loads an initializer or Constant value. External data is read from
/// `externalDataDir` with bounds checks. Supported element types: float,
/// double (narrowed to f32), int64, int32, int8, uint8, bool.
llvm::Expected<HostTensor> loadTensor(const onnx::TensorProto &proto,
                                      llvm::StringRef externalDataDir);

} // namespace accel::onnx_import

#endif // ACCEL_LIB_IMPORT_ONNXTENSORS_H
