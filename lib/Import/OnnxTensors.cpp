//===- OnnxTensors.cpp - ONNX tensors known at import time ----------------===//
//
// TensorProto -> HostTensor: the typed repeated fields, raw_data and
// external data (a side file relative to the model), each checked against
// the tensor's shape before anything is allocated.
//
//===----------------------------------------------------------------------===//

#include "OnnxTensors.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cstring>

using namespace accel::onnx_import;
using llvm::Twine;

std::optional<int64_t>
accel::onnx_import::checkedElementCount(llvm::ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t dim : shape) {
    if (dim < 0 || llvm::MulOverflow(count, dim, count) || count > kMaxElements)
      return std::nullopt;
  }
  return count;
}

HostTensor HostTensor::ofInts(llvm::ArrayRef<int64_t> shape,
                              std::vector<int64_t> values) {
  HostTensor tensor;
  tensor.shape.assign(shape.begin(), shape.end());
  tensor.isFloat = false;
  tensor.ints = std::move(values);
  return tensor;
}

HostTensor HostTensor::ofFloats(llvm::ArrayRef<int64_t> shape,
                                std::vector<float> values) {
  HostTensor tensor;
  tensor.shape.assign(shape.begin(), shape.end());
  tensor.floats = std::move(values);
  return tensor;
}

namespace {

llvm::Error error(const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Bytes per element of the ONNX data types we read, 0 for the others.
size_t elementBytes(int32_t dataType) {
  switch (dataType) {
  case onnx::TensorProto::FLOAT:
  case onnx::TensorProto::INT32:
    return 4;
  case onnx::TensorProto::DOUBLE:
  case onnx::TensorProto::INT64:
    return 8;
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::BOOL:
    return 1;
  default:
    return 0;
  }
}

/// Decodes `count` little-endian elements of `dataType` from `bytes`.
void decodeRaw(int32_t dataType, const char *bytes, int64_t count,
               HostTensor &tensor) {
  using namespace llvm::support;
  for (int64_t i = 0; i < count; ++i) {
    switch (dataType) {
    case onnx::TensorProto::FLOAT: {
      uint32_t bits = endian::read32le(bytes + 4 * i);
      float value;
      std::memcpy(&value, &bits, sizeof(value));
      tensor.floats.push_back(value);
      break;
    }
    case onnx::TensorProto::DOUBLE: {
      uint64_t bits = endian::read64le(bytes + 8 * i);
      double value;
      std::memcpy(&value, &bits, sizeof(value));
      tensor.floats.push_back(float(value));
      break;
    }
    case onnx::TensorProto::INT64:
      tensor.ints.push_back(int64_t(endian::read64le(bytes + 8 * i)));
      break;
    case onnx::TensorProto::INT32:
      tensor.ints.push_back(int32_t(endian::read32le(bytes + 4 * i)));
      break;
    case onnx::TensorProto::INT8:
      tensor.ints.push_back(int8_t(bytes[i]));
      break;
    default: // UINT8, BOOL
      tensor.ints.push_back(uint8_t(bytes[i]));
      break;
    }
  }
}

/// Reads the external-data slice of `proto` (location/offset/length keys).
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readExternal(const onnx::TensorProto &proto, llvm::StringRef dir,
             uint64_t expectedBytes) {
  std::string location;
  uint64_t offset = 0, length = expectedBytes;
  for (const onnx::StringStringEntryProto &entry : proto.external_data()) {
    llvm::StringRef value = entry.value();
    if (entry.key() == "location")
      location = entry.value();
    else if (entry.key() == "offset" && value.getAsInteger(10, offset))
      return error("external data offset '" + value + "' is not a number");
    else if (entry.key() == "length" && value.getAsInteger(10, length))
      return error("external data length '" + value + "' is not a number");
  }
  if (location.empty())
    return error("external data has no 'location'");
  // Like ONNX's checker: the file must be inside the model's directory.
  if (llvm::sys::path::is_absolute(location) ||
      llvm::is_contained(llvm::make_range(llvm::sys::path::begin(location),
                                          llvm::sys::path::end(location)),
                         ".."))
    return error("external data location '" + location +
                 "' must be a relative path inside the model's directory");
  if (length != expectedBytes)
    return error("external data length " + Twine(length) + " does not match " +
                 Twine(expectedBytes) + " bytes of the tensor's shape");
  llvm::SmallString<256> path(dir);
  llvm::sys::path::append(path, location);
  uint64_t fileSize = 0;
  if (std::error_code ec = llvm::sys::fs::file_size(path, fileSize))
    return error("cannot open external data file '" + path +
                 "': " + ec.message());
  if (offset > fileSize || fileSize - offset < length)
    return error("external data file '" + path + "' has " + Twine(fileSize) +
                 " bytes; the tensor needs " + Twine(length) +
                 " at offset " + Twine(offset));
  auto buffer = llvm::MemoryBuffer::getFileSlice(path, length, offset);
  if (!buffer)
    return error("cannot read external data file '" + path +
                 "': " + buffer.getError().message());
  return std::move(*buffer);
}

} // namespace

llvm::Expected<HostTensor>
accel::onnx_import::loadTensor(const onnx::TensorProto &proto,
                               llvm::StringRef externalDataDir) {
  HostTensor tensor;
  tensor.shape.assign(proto.dims().begin(), proto.dims().end());
  std::optional<int64_t> count = checkedElementCount(tensor.shape);
  if (!count)
    return error("has dims that are negative or hold more than " +
                 Twine(kMaxElements) + " elements");
  int32_t type = proto.data_type();
  size_t bytes = elementBytes(type);
  if (bytes == 0)
    return error("has element type " +
                 Twine(onnx::TensorProto::DataType_Name(
                     onnx::TensorProto::DataType(type))) +
                 "; supported: FLOAT, DOUBLE, INT64, INT32, INT8, UINT8, BOOL");
  tensor.isFloat =
      type == onnx::TensorProto::FLOAT || type == onnx::TensorProto::DOUBLE;
  uint64_t expected = uint64_t(*count) * bytes;

  if (proto.data_location() == onnx::TensorProto::EXTERNAL) {
    auto buffer = readExternal(proto, externalDataDir, expected);
    if (!buffer)
      return buffer.takeError();
    decodeRaw(type, (*buffer)->getBufferStart(), *count, tensor);
    return tensor;
  }
  if (proto.has_raw_data()) {
    if (proto.raw_data().size() != expected)
      return error("has " + Twine(proto.raw_data().size()) +
                   " bytes of raw data; its shape needs " + Twine(expected));
    decodeRaw(type, proto.raw_data().data(), *count, tensor);
    return tensor;
  }
  auto checkCount = [&](int size) -> llvm::Error {
    if (size != *count)
      return error("has " + Twine(size) + " values; its shape needs " +
                   Twine(*count));
    return llvm::Error::success();
  };
  switch (type) {
  case onnx::TensorProto::FLOAT:
    if (llvm::Error e = checkCount(proto.float_data_size()))
      return std::move(e);
    tensor.floats.assign(proto.float_data().begin(), proto.float_data().end());
    break;
  case onnx::TensorProto::DOUBLE:
    if (llvm::Error e = checkCount(proto.double_data_size()))
      return std::move(e);
    tensor.floats.assign(proto.double_data().begin(),
                         proto.double_data().end());
    break;
  case onnx::TensorProto::INT64:
    if (llvm::Error e = checkCount(proto.int64_data_size()))
      return std::move(e);
    tensor.ints.assign(proto.int64_data().begin(), proto.int64_data().end());
    break;
  default: // the 32-bit-or-narrower integers live in int32_data
    if (llvm::Error e = checkCount(proto.int32_data_size()))
      return std::move(e);
    tensor.ints.assign(proto.int32_data().begin(), proto.int32_data().end());
    break;
  }
  return tensor;
}
