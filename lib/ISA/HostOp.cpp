//===- HostOp.cpp - Host op kinds and their consistency checks ------------===//
//
// The table of host op kinds and checkHostOp, shared by the accel.host
// verifier, the program verifier and the simulator (see HostOp.h).
//
//===----------------------------------------------------------------------===//

#include "accel/ISA/HostOp.h"
#include "accel/Support/InterfaceLayout.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

using namespace accel;
using namespace accel::isa;

namespace {

enum class HostClass { Unary, Binary, Reduce, Transpose, Reshape, Resize };

struct HostKind {
  llvm::StringRef name;
  HostClass cls;
};

// Sorted by name (hostOpKinds returns them in this order).
constexpr HostKind kHostKinds[] = {
    {"tosa.abs", HostClass::Unary},
    {"tosa.add", HostClass::Binary},
    {"tosa.exp", HostClass::Unary},
    {"tosa.log", HostClass::Unary},
    {"tosa.maximum", HostClass::Binary},
    {"tosa.minimum", HostClass::Binary},
    {"tosa.mul", HostClass::Binary},
    {"tosa.reciprocal", HostClass::Unary},
    {"tosa.reduce_max", HostClass::Reduce},
    {"tosa.reduce_min", HostClass::Reduce},
    {"tosa.reduce_sum", HostClass::Reduce},
    {"tosa.reshape", HostClass::Reshape},
    {"tosa.resize", HostClass::Resize},
    {"tosa.rsqrt", HostClass::Unary},
    {"tosa.sigmoid", HostClass::Unary},
    {"tosa.sub", HostClass::Binary},
    {"tosa.tanh", HostClass::Unary},
    {"tosa.transpose", HostClass::Transpose},
};

const HostKind *findKind(llvm::StringRef name) {
  for (const HostKind &kind : kHostKinds)
    if (kind.name == name)
      return &kind;
  return nullptr;
}

llvm::Error fail(const llvm::Twine &message) {
  return llvm::createStringError(message);
}

/// The expected result shape of `cls` on `operands` with `params`, or an
/// error naming the inconsistency.
llvm::Expected<std::vector<int64_t>>
inferShape(HostClass cls, llvm::ArrayRef<int64_t> params,
           llvm::ArrayRef<std::vector<int64_t>> operands) {
  const std::vector<int64_t> &input = operands.front();
  switch (cls) {
  case HostClass::Unary:
  case HostClass::Reshape:
    return input;
  case HostClass::Binary: {
    const std::vector<int64_t> &other = operands[1];
    if (other.size() != input.size())
      return fail("operands have ranks " + llvm::Twine(input.size()) +
                  " and " + llvm::Twine(other.size()) +
                  "; elementwise host ops need equal ranks");
    std::vector<int64_t> shape(input.size());
    for (size_t d = 0; d < input.size(); ++d) {
      if (input[d] != other[d] && input[d] != 1 && other[d] != 1)
        return fail("operand shapes " + shapeToString(input) + " and " +
                    shapeToString(other) +
                    " do not broadcast (each dimension must be equal or 1)");
      shape[d] = std::max(input[d], other[d]);
    }
    return shape;
  }
  case HostClass::Reduce: {
    if (params.size() != 1 || params[0] < 0 ||
        params[0] >= int64_t(input.size()))
      return fail("a reduction takes one parameter, an axis in [0, " +
                  llvm::Twine(input.size()) + ")");
    std::vector<int64_t> shape = input;
    shape[params[0]] = 1;
    return shape;
  }
  case HostClass::Transpose: {
    if (params.size() != input.size())
      return fail("a transpose takes a permutation of " +
                  llvm::Twine(input.size()) + " axes, got " +
                  llvm::Twine(params.size()));
    std::vector<int64_t> shape(input.size());
    std::vector<bool> seen(input.size(), false);
    for (size_t d = 0; d < params.size(); ++d) {
      if (params[d] < 0 || params[d] >= int64_t(input.size()) ||
          seen[params[d]])
        return fail("transpose parameters are not a permutation of [0, " +
                    llvm::Twine(input.size()) + ")");
      seen[params[d]] = true;
      shape[d] = input[params[d]];
    }
    return shape;
  }
  case HostClass::Resize: {
    if (params.size() != ResizeParamCount)
      return fail("a resize takes " + llvm::Twine(unsigned(ResizeParamCount)) +
                  " parameters (scale y n/d, x n/d, offset y/x, border y/x, "
                  "mode), got " + llvm::Twine(params.size()));
    if (input.size() != 4)
      return fail("a resize takes an NHWC tensor, got rank " +
                  llvm::Twine(input.size()));
    for (unsigned p : {ResizeScaleYN, ResizeScaleYD, ResizeScaleXN,
                       ResizeScaleXD})
      if (params[p] <= 0 || params[p] > (1 << 11))
        return fail("resize scales must be in [1, 2048]");
    for (unsigned p : {ResizeOffsetY, ResizeOffsetX, ResizeBorderY,
                       ResizeBorderX})
      if (params[p] < -(1 << 16) || params[p] > (1 << 16))
        return fail("resize offsets and borders must be in [-65536, 65536]");
    if (params[ResizeBilinear] != 0 && params[ResizeBilinear] != 1)
      return fail("resize mode must be 0 (nearest) or 1 (bilinear)");
    auto outSize = [&](int64_t in, int64_t n, int64_t d, int64_t offset,
                       int64_t border) {
      return llvm::divideFloorSigned((in - 1) * n - offset + border, d) + 1;
    };
    return std::vector<int64_t>{
        input[0],
        outSize(input[1], params[ResizeScaleYN], params[ResizeScaleYD],
                params[ResizeOffsetY], params[ResizeBorderY]),
        outSize(input[2], params[ResizeScaleXN], params[ResizeScaleXD],
                params[ResizeOffsetX], params[ResizeBorderX]),
        input[3]};
  }
  }
  return input;
}

bool typeAllowed(HostClass cls, DType type) {
  switch (cls) {
  case HostClass::Unary:
  case HostClass::Resize:
    return type == DType::F32;
  case HostClass::Binary:
  case HostClass::Reduce:
    return type == DType::F32 || type == DType::I32;
  case HostClass::Transpose:
  case HostClass::Reshape:
    return true;
  }
  return false;
}

} // namespace

int64_t HostTensor::numElements() const {
  // Saturating (hostile records): byteSize() still cannot overflow.
  uint64_t count = 1;
  for (int64_t dim : shape)
    count = llvm::SaturatingMultiply(count, uint64_t(std::max<int64_t>(dim, 0)));
  return int64_t(std::min<uint64_t>(count, uint64_t(INT64_MAX) / 8));
}

llvm::ArrayRef<llvm::StringRef> isa::hostOpKinds() {
  static const std::vector<llvm::StringRef> names = [] {
    std::vector<llvm::StringRef> list;
    for (const HostKind &kind : kHostKinds)
      list.push_back(kind.name);
    return list;
  }();
  return names;
}

bool isa::isHostOpKind(llvm::StringRef kind) { return findKind(kind); }

llvm::Error isa::checkHostOp(llvm::StringRef kind,
                             llvm::ArrayRef<int64_t> params,
                             llvm::ArrayRef<std::vector<int64_t>> operandShapes,
                             llvm::ArrayRef<DType> operandTypes,
                             llvm::ArrayRef<int64_t> resultShape,
                             DType resultType) {
  const HostKind *found = findKind(kind);
  if (!found) {
    std::string known;
    for (const HostKind &entry : kHostKinds)
      known += (known.empty() ? "" : ", ") + entry.name.str();
    return fail("unknown host op kind '" + kind + "' (the host runs " + known +
                ")");
  }
  size_t arity = found->cls == HostClass::Binary ? 2 : 1;
  if (operandShapes.size() != arity || operandTypes.size() != arity)
    return fail(kind + " takes " + llvm::Twine(arity) + " operand(s), got " +
                llvm::Twine(operandShapes.size()));
  if ((found->cls == HostClass::Unary || found->cls == HostClass::Binary) &&
      !params.empty())
    return fail(kind + " takes no parameters");
  for (llvm::ArrayRef<int64_t> shape : operandShapes) {
    if (shape.empty() || shape.size() > kMaxHostRank)
      return fail("host tensors have rank 1 to " + llvm::Twine(kMaxHostRank));
    for (int64_t dim : shape)
      if (dim < 1 || dim > (int64_t(1) << 32))
        return fail("host tensor dimensions must be in [1, 2^32], got " +
                    shapeToString(shape));
  }
  for (DType type : operandTypes)
    if (type != resultType)
      return fail(kind + ": operand and result element types differ");
  if (!typeAllowed(found->cls, resultType))
    return fail(kind + " runs on f32" +
                (found->cls == HostClass::Unary ||
                         found->cls == HostClass::Resize
                     ? ""
                     : " and i32") +
                " only, got " + dtypeName(resultType));
  llvm::Expected<std::vector<int64_t>> expected =
      inferShape(found->cls, params, operandShapes);
  if (!expected)
    return fail(kind + ": " + llvm::toString(expected.takeError()));
  if (found->cls == HostClass::Reshape) {
    uint64_t in = 1, out = 1;
    for (int64_t dim : operandShapes.front())
      in = llvm::SaturatingMultiply(in, uint64_t(dim));
    for (int64_t dim : resultShape)
      out = llvm::SaturatingMultiply(out, uint64_t(std::max<int64_t>(dim, 0)));
    if (resultShape.empty() || resultShape.size() > kMaxHostRank || in != out)
      return fail(kind + ": result " + shapeToString(resultShape) +
                  " does not have the " + llvm::Twine(in) +
                  " elements of the operand");
    return llvm::Error::success();
  }
  if (llvm::ArrayRef<int64_t>(*expected) != resultShape)
    return fail(kind + ": result shape " + shapeToString(resultShape) +
                " should be " + shapeToString(*expected));
  return llvm::Error::success();
}

llvm::Error isa::verifyHostOpRecord(const HostOpRecord &record,
                                    uint64_t dramBytes) {
  std::vector<std::vector<int64_t>> shapes;
  std::vector<DType> types;
  for (const HostTensor &operand : record.operands) {
    shapes.push_back(operand.shape);
    types.push_back(operand.dtype);
  }
  if (llvm::Error error =
          checkHostOp(record.kind, record.params, shapes, types,
                      record.result.shape, record.result.dtype))
    return error;
  auto inside = [&](const HostTensor &tensor) {
    uint64_t bytes = uint64_t(tensor.byteSize());
    return tensor.dramAddr <= dramBytes && bytes <= dramBytes - tensor.dramAddr;
  };
  for (const HostTensor &operand : record.operands)
    if (!inside(operand))
      return fail(record.kind + ": an operand lies outside DRAM");
  if (!inside(record.result))
    return fail(record.kind + ": the result lies outside DRAM");
  return llvm::Error::success();
}

uint64_t isa::hostOpWork(const HostOpRecord &record) {
  uint64_t elements = 0;
  for (const HostTensor &operand : record.operands)
    elements = llvm::SaturatingAdd(elements, uint64_t(operand.numElements()));
  // A resize reads up to four input values per output element.
  uint64_t perOutput = record.kind == "tosa.resize" ? 4 : 1;
  return llvm::SaturatingAdd(
      elements,
      llvm::SaturatingMultiply(uint64_t(record.result.numElements()),
                               perOutput));
}

int64_t isa::hostOpCycles(const HostOpRecord &record, const HostModel &model,
                          bool handover) {
  assert(model.elementsPerCycle > 0 && "the host must make progress");
  double busy = std::ceil(double(hostOpWork(record)) / model.elementsPerCycle);
  double total =
      busy + (handover ? double(std::max<int64_t>(model.syncCycles, 0)) : 0);
  // 2^63 is exactly representable; anything at or above it saturates.
  if (!(total < 9223372036854775808.0))
    return std::numeric_limits<int64_t>::max();
  return int64_t(total);
}
