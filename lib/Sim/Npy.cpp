//===- Npy.cpp - NumPy .npy arrays -----------------------------------------===//
//
// The header is a Python dict literal; only the three keys numpy writes are
// accepted: 'descr', 'fortran_order' and 'shape', each exactly once (numpy
// rejects other keys; a repeated key would make the array's meaning depend
// on which occurrence a reader takes).
//
//===----------------------------------------------------------------------===//

#include "accel/Sim/Npy.h"
#include "accel/Support/OutputFile.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace accel;
using namespace accel::sim;
using isa::DType;

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicBytes = 6;

/// Every .npy error says it is one.
llvm::Error npyError(const llvm::Twine &message) {
  return llvm::createStringError("npy: " + message);
}

/// Returns the text after `'key':` in the header dict, or an error.
llvm::Expected<llvm::StringRef> valueOf(llvm::StringRef header,
                                        llvm::StringRef key) {
  std::string quoted = ("'" + key + "'").str();
  size_t at = header.find(quoted);
  if (at == llvm::StringRef::npos)
    return npyError("header has no '" + key + "' entry");
  llvm::StringRef rest = header.drop_front(at + quoted.size()).ltrim();
  if (!rest.consume_front(":"))
    return npyError("malformed header near '" + key + "'");
  return rest.ltrim();
}

/// Checks the header dict's top-level keys: each of the three numpy keys at
/// most once (valueOf reports a missing one), nothing else.
llvm::Error checkKeys(llvm::StringRef header) {
  llvm::StringRef text = header.trim();
  text.consume_front("{");
  llvm::SmallVector<llvm::StringRef, 4> seen;
  int depth = 0;
  bool expectKey = true;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\'' || c == '"') {
      size_t close = text.find(c, i + 1);
      if (close == llvm::StringRef::npos)
        return npyError("unterminated string in the header");
      llvm::StringRef token = text.slice(i + 1, close);
      if (depth == 0 && expectKey) {
        if (token != "descr" && token != "fortran_order" && token != "shape")
          return npyError("header has an unexpected key '" + token +
                          "' (numpy writes 'descr', 'fortran_order' and "
                          "'shape')");
        if (llvm::is_contained(seen, token))
          return npyError("header has the key '" + token + "' twice");
        seen.push_back(token);
        expectKey = false;
      }
      i = close;
    } else if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '}') {
      --depth;
    } else if (c == ',' && depth == 0) {
      expectKey = true;
    }
  }
  return llvm::Error::success();
}

llvm::Expected<DType> parseDescr(llvm::StringRef header) {
  llvm::Expected<llvm::StringRef> value = valueOf(header, "descr");
  if (!value)
    return value.takeError();
  llvm::StringRef text = *value;
  if (!text.consume_front("'"))
    return npyError("'descr' is not a string");
  llvm::StringRef descr = text.take_until([](char c) { return c == '\''; });
  if (descr == "<f4")
    return DType::F32;
  if (descr == "|i1" || descr == "<i1" || descr == "i1")
    return DType::I8;
  if (descr == "<i4")
    return DType::I32;
  if (descr.starts_with(">"))
    return npyError("big-endian data ('" + descr + "') is not supported");
  return npyError("unsupported dtype '" + descr +
                  "' (expected <f4, |i1 or <i4)");
}

llvm::Expected<std::vector<int64_t>> parseShape(llvm::StringRef header) {
  llvm::Expected<llvm::StringRef> value = valueOf(header, "shape");
  if (!value)
    return value.takeError();
  llvm::StringRef text = *value;
  if (!text.consume_front("("))
    return npyError("'shape' is not a tuple");
  size_t close = text.find(')');
  if (close == llvm::StringRef::npos)
    return npyError("'shape' tuple is not closed");
  llvm::SmallVector<llvm::StringRef, 8> parts;
  text.take_front(close).split(parts, ',');
  std::vector<int64_t> shape;
  for (llvm::StringRef part : parts) {
    part = part.trim();
    if (part.empty())
      continue;
    int64_t dim;
    if (part.getAsInteger(10, dim) || dim < 0)
      return npyError("bad shape dimension '" + part + "'");
    shape.push_back(dim);
  }
  return shape;
}

} // namespace

int64_t NpyArray::numElements() const {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

llvm::Expected<NpyArray> sim::parseNpy(llvm::ArrayRef<uint8_t> bytes) {
  if (bytes.size() < kMagicBytes + 4 ||
      std::memcmp(bytes.data(), kMagic, kMagicBytes) != 0)
    return npyError("not a .npy file (bad magic)");
  uint8_t major = bytes[6];
  size_t headerLength, headerStart;
  if (major == 1) {
    headerLength = bytes[8] | size_t(bytes[9]) << 8;
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return npyError("truncated header");
    headerLength = bytes[8] | size_t(bytes[9]) << 8 | size_t(bytes[10]) << 16 |
                   size_t(bytes[11]) << 24;
    headerStart = 12;
  } else {
    return npyError("unsupported format version " +
                    llvm::Twine(unsigned(major)));
  }
  if (headerLength > bytes.size() - headerStart)
    return npyError("truncated header");
  llvm::StringRef header(
      reinterpret_cast<const char *>(bytes.data() + headerStart), headerLength);
  if (!header.trim().starts_with("{"))
    return npyError("header is not a dict");

  if (llvm::Error error = checkKeys(header))
    return std::move(error);
  NpyArray array;
  llvm::Expected<DType> dtype = parseDescr(header);
  if (!dtype)
    return dtype.takeError();
  array.dtype = *dtype;
  llvm::Expected<llvm::StringRef> fortran = valueOf(header, "fortran_order");
  if (!fortran)
    return fortran.takeError();
  if (fortran->starts_with("True"))
    return npyError("Fortran-order arrays are not supported");
  if (!fortran->starts_with("False"))
    return npyError("bad 'fortran_order' value");
  llvm::Expected<std::vector<int64_t>> shape = parseShape(header);
  if (!shape)
    return shape.takeError();
  array.shape = *shape;

  size_t dataStart = headerStart + headerLength;
  uint64_t expected = uint64_t(isa::dtypeBytes(array.dtype));
  for (int64_t dim : array.shape) {
    if (dim != 0 && expected > (uint64_t(1) << 40) / uint64_t(dim))
      return npyError("array is too large");
    expected *= uint64_t(dim);
  }
  size_t available = bytes.size() - dataStart;
  if (available != expected)
    return npyError("data has " + llvm::Twine(available) +
                    " bytes, the header's shape needs " +
                    llvm::Twine(expected));
  array.data.assign(bytes.begin() + dataStart, bytes.end());
  return array;
}

llvm::Expected<NpyArray> sim::readNpyFile(llvm::StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!file)
    return npyError("cannot read '" + path + "': " + file.getError().message());
  llvm::StringRef contents = (*file)->getBuffer();
  llvm::Expected<NpyArray> array = parseNpy(llvm::ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(contents.data()), contents.size()));
  if (!array)
    return llvm::createStringError(path + ": " +
                                   llvm::toString(array.takeError()));
  return array;
}

std::vector<uint8_t> sim::serializeNpy(const NpyArray &array) {
  std::string header = "{'descr': '";
  header += array.dtype == DType::F32 ? "<f4"
            : array.dtype == DType::I8 ? "|i1"
                                       : "<i4";
  header += "', 'fortran_order': False, 'shape': (";
  for (int64_t dim : array.shape)
    header += std::to_string(dim) + (array.shape.size() == 1 ? "," : ", ");
  if (array.shape.size() > 1)
    header.resize(header.size() - 2);
  header += "), }";
  bool version2 = header.size() + 11 > 0xffff;
  size_t prefix = version2 ? 12 : 10;
  size_t total = prefix + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';

  std::vector<uint8_t> out(kMagic, kMagic + kMagicBytes);
  out.push_back(version2 ? 2 : 1);
  out.push_back(0);
  size_t length = header.size();
  out.push_back(uint8_t(length));
  out.push_back(uint8_t(length >> 8));
  if (version2) {
    out.push_back(uint8_t(length >> 16));
    out.push_back(uint8_t(length >> 24));
  }
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), array.data.begin(), array.data.end());
  return out;
}

llvm::Error sim::writeNpyFile(llvm::StringRef path, const NpyArray &array) {
  return accel::writeFileAtomically(path, serializeNpy(array));
}

