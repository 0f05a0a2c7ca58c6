//===- InterfaceLayout.cpp - A tensor's caller layout vs its stored one ---===//

#include "accel/Support/InterfaceLayout.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/MathExtras.h"

#include <cstring>

using namespace accel;

namespace {
/// Element count saturating at UINT64_MAX (dimensions are positive).
uint64_t elementCount(llvm::ArrayRef<int64_t> shape) {
  uint64_t count = 1;
  for (int64_t dim : shape)
    count = llvm::SaturatingMultiply(count, uint64_t(dim));
  return count;
}
} // namespace

std::string accel::shapeToString(llvm::ArrayRef<int64_t> shape) {
  std::string text;
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? "x" : "") + std::to_string(shape[i]);
  return text.empty() ? "scalar" : text;
}

llvm::Error accel::verifyInterfaceLayout(
    llvm::ArrayRef<int64_t> shape, llvm::ArrayRef<int64_t> perm,
    std::optional<llvm::ArrayRef<int64_t>> storedShape) {
  if (shape.empty() || shape.size() > 8)
    return llvm::createStringError("interface rank must be 1..8, got " +
                                   llvm::Twine(shape.size()));
  for (int64_t dim : shape)
    if (dim < 1)
      return llvm::createStringError("interface shape " + shapeToString(shape) +
                                     " has a dimension below 1");
  std::vector<bool> seen(shape.size(), false);
  bool isPermutation = perm.size() == shape.size();
  for (int64_t index : perm) {
    if (!isPermutation || index < 0 || index >= int64_t(shape.size()) ||
        seen[index]) {
      isPermutation = false;
      break;
    }
    seen[index] = true;
  }
  if (!isPermutation) {
    std::string text;
    for (size_t i = 0; i < perm.size(); ++i)
      text += (i ? "," : "") + std::to_string(perm[i]);
    return llvm::createStringError("interface perm [" + text +
                                   "] is not a permutation of [0, " +
                                   llvm::Twine(shape.size()) + ")");
  }
  if (storedShape && elementCount(shape) != elementCount(*storedShape))
    return llvm::createStringError(
        "interface shape " + shapeToString(shape) + " has " +
        llvm::Twine(elementCount(shape)) + " elements, the stored shape " +
        shapeToString(*storedShape) + " " +
        llvm::Twine(elementCount(*storedShape)));
  return llvm::Error::success();
}

llvm::SmallVector<int64_t> accel::permuteShape(llvm::ArrayRef<int64_t> shape,
                                               llvm::ArrayRef<int64_t> perm) {
  llvm::SmallVector<int64_t> result;
  for (int64_t index : perm)
    result.push_back(shape[index]);
  return result;
}

llvm::SmallVector<int64_t>
accel::invertPermutation(llvm::ArrayRef<int64_t> perm) {
  llvm::SmallVector<int64_t> inverse(perm.size());
  for (size_t i = 0; i < perm.size(); ++i)
    inverse[perm[i]] = int64_t(i);
  return inverse;
}

std::vector<uint8_t> accel::transposeElements(llvm::ArrayRef<uint8_t> data,
                                              llvm::ArrayRef<int64_t> shape,
                                              llvm::ArrayRef<int64_t> perm,
                                              size_t elementBytes) {
  size_t rank = shape.size();
  // Source strides in elements, then the stride of each result axis.
  llvm::SmallVector<int64_t> sourceStride(rank, 1);
  for (size_t axis = rank; axis-- > 1;)
    sourceStride[axis - 1] = sourceStride[axis] * shape[axis];
  llvm::SmallVector<int64_t> resultShape = permuteShape(shape, perm);
  llvm::SmallVector<int64_t> resultStride = permuteShape(sourceStride, perm);
  std::vector<uint8_t> result(data.size());
  llvm::SmallVector<int64_t> index(rank, 0);
  int64_t source = 0;
  for (size_t offset = 0; offset < result.size(); offset += elementBytes) {
    std::memcpy(result.data() + offset, data.data() + source * elementBytes,
                elementBytes);
    // Odometer over the result's index, last axis fastest.
    for (size_t axis = rank; axis-- > 0;) {
      source += resultStride[axis];
      if (++index[axis] < resultShape[axis])
        break;
      source -= resultStride[axis] * resultShape[axis];
      index[axis] = 0;
    }
  }
  return result;
}
