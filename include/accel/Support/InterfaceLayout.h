//===- InterfaceLayout.h - A tensor's caller layout vs its stored one -*- C++ -*-===//
//
// A function argument or result (and the program tensor made of it) may be
// stored in another layout than its caller uses: NHWC in DRAM for an NCHW
// interface. The interface is a shape plus the permutation `perm` from it
// to the stored order: the stored tensor is `transpose(interface, perm)`
// reshaped to the stored shape (a reshape of C-order data that only
// inserts or removes unit dimensions moves no byte). The dialect's
// `#accel.interface`, the program's TensorInfo and the simulator share
// these checks and the transposition.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SUPPORT_INTERFACELAYOUT_H
#define ACCEL_SUPPORT_INTERFACELAYOUT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace accel {

/// Checks an interface layout: rank 1..8, every dimension at least 1,
/// `perm` a permutation of [0, rank), and, when `storedShape` is given, as
/// many elements as it has. The error says what is wrong with which value.
llvm::Error
verifyInterfaceLayout(llvm::ArrayRef<int64_t> shape,
                      llvm::ArrayRef<int64_t> perm,
                      std::optional<llvm::ArrayRef<int64_t>> storedShape);

/// The shape of transpose(shape, perm): result[i] = shape[perm[i]].
llvm::SmallVector<int64_t> permuteShape(llvm::ArrayRef<int64_t> shape,
                                        llvm::ArrayRef<int64_t> perm);

/// The permutation undoing `perm`.
llvm::SmallVector<int64_t> invertPermutation(llvm::ArrayRef<int64_t> perm);

/// transpose(data, perm) of a dense C-order array of `shape` whose
/// elements are `elementBytes` bytes each; `data` holds exactly that many
/// bytes and `perm` is a permutation (verifyInterfaceLayout).
std::vector<uint8_t> transposeElements(llvm::ArrayRef<uint8_t> data,
                                       llvm::ArrayRef<int64_t> shape,
                                       llvm::ArrayRef<int64_t> perm,
                                       size_t elementBytes);

/// "1x3x64x64" ("scalar" for rank 0).
std::string shapeToString(llvm::ArrayRef<int64_t> shape);

} // namespace accel

#endif // ACCEL_SUPPORT_INTERFACELAYOUT_H
