//===- ProgramBinary.cpp - Binary program file reader and writer ----------===//
//
// Layout (all integers little-endian; strings are u32 length + bytes):
//   "ACCELPRG" u32 version u32 flags(0)
//   str target_name  str target_json  u64 dram_bytes
//   u32 n_tensors { str name u8 role u8 dtype u8 rank i64 dims[rank] u64 addr
//                   u8 interface_rank i64 interface_dims[interface_rank]
//                   u8 interface_perm[interface_rank] }   (rank 0: none)
//   u32 n_layers  { str name str role str strategy str tiling
//                   u64 useful_macs+1 (0: all executed MACs are useful) }
//   u32 n_segments { u64 addr u64 size bytes[size] }
//   u32 n_instructions { 64-byte instruction }
//   u32 n_host_ops { str kind u8 n_params i64 params[n_params]
//                    u8 n_operands host_tensor operands[n_operands]
//                    host_tensor result }                  (version >= 3)
//     host_tensor = u64 addr u8 dtype u8 rank i64 dims[rank]
//   u32 crc32 of everything before it
// The reader checks every length against the remaining bytes before use.
//
//===----------------------------------------------------------------------===//

#include "accel/ISA/Encoding.h"
#include "accel/ISA/Program.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/CRC.h"
#include "llvm/Support/JSON.h"

#include <cstring>
#include <deque>
#include <limits>
#include <thread>

using namespace accel;
using namespace accel::isa;

namespace {

class ByteWriter {
public:
  void u8(uint8_t value) { bytes.push_back(value); }
  void u32(uint32_t value) {
    for (int i = 0; i < 4; ++i)
      bytes.push_back(uint8_t(value >> (8 * i)));
  }
  void u64(uint64_t value) {
    for (int i = 0; i < 8; ++i)
      bytes.push_back(uint8_t(value >> (8 * i)));
  }
  void raw(llvm::ArrayRef<uint8_t> data) {
    bytes.insert(bytes.end(), data.begin(), data.end());
  }
  void str(llvm::StringRef text) {
    u32(uint32_t(text.size()));
    raw(llvm::ArrayRef<uint8_t>(
        reinterpret_cast<const uint8_t *>(text.data()), text.size()));
  }
  std::vector<uint8_t> bytes;
};

/// The file as byte ranges in order: the fields in buffers of their own, the
/// data segments (the weights: almost all of the file) where the program
/// holds them, so that the file is never copied whole in memory.
class FilePieces {
public:
  /// The buffer the next fields go to.
  ByteWriter &fields() { return open; }
  /// Ends the fields written so far and appends `data`, which must outlive
  /// this object.
  void append(llvm::ArrayRef<uint8_t> data) {
    close();
    if (!data.empty())
      pieces.push_back(data);
  }
  /// Ends the fields written so far; returns every piece.
  llvm::ArrayRef<llvm::ArrayRef<uint8_t>> finish() {
    close();
    return pieces;
  }

private:
  void close() {
    if (open.bytes.empty())
      return;
    owned.push_back(std::move(open.bytes));
    open.bytes.clear();
    pieces.push_back(owned.back());
  }
  ByteWriter open;
  std::deque<std::vector<uint8_t>> owned; // stable: pieces point into it
  std::vector<llvm::ArrayRef<uint8_t>> pieces;
};

/// Files at least this large have their CRC-32 computed on a second thread
/// while the first writes them (zlib's crc32 runs at ~1.7 GB/s: 31 ms of
/// GP-GAN's 55 MB file, a third of writing it).
constexpr uint64_t kConcurrentChecksumBytes = 1 << 20;

/// Writes `pieces` to `os` followed by the CRC-32 of their bytes.
void writeChecked(llvm::ArrayRef<llvm::ArrayRef<uint8_t>> pieces,
                  llvm::raw_ostream &os) {
  uint64_t size = 0;
  for (llvm::ArrayRef<uint8_t> piece : pieces)
    size += piece.size();
  uint32_t crc = 0;
  auto checksum = [&] {
    for (llvm::ArrayRef<uint8_t> piece : pieces)
      crc = llvm::crc32(crc, piece);
  };
  auto write = [&] {
    for (llvm::ArrayRef<uint8_t> piece : pieces)
      os.write(reinterpret_cast<const char *>(piece.data()), piece.size());
  };
  if (size >= kConcurrentChecksumBytes) {
    std::thread worker(checksum);
    write();
    worker.join();
  } else {
    write();
    checksum();
  }
  ByteWriter trailer;
  trailer.u32(crc);
  os.write(reinterpret_cast<const char *>(trailer.bytes.data()),
           trailer.bytes.size());
}

/// Bounds-checked cursor; every read fails cleanly past the end.
class ByteReader {
public:
  explicit ByteReader(llvm::ArrayRef<uint8_t> bytes) : bytes(bytes) {}

  llvm::Error need(uint64_t count, const llvm::Twine &what) {
    if (count > bytes.size() - offset)
      return llvm::createStringError(
          "truncated program: " + what + " needs " + llvm::Twine(count) +
          " bytes at offset " + llvm::Twine(offset) + ", " +
          llvm::Twine(bytes.size() - offset) + " left");
    return llvm::Error::success();
  }
  llvm::Expected<uint64_t> uint(unsigned width, const llvm::Twine &what) {
    if (llvm::Error error = need(width, what))
      return std::move(error);
    uint64_t value = 0;
    for (unsigned i = 0; i < width; ++i)
      value |= uint64_t(bytes[offset + i]) << (8 * i);
    offset += width;
    return value;
  }
  llvm::Expected<llvm::ArrayRef<uint8_t>> raw(uint64_t count,
                                              const llvm::Twine &what) {
    if (llvm::Error error = need(count, what))
      return std::move(error);
    llvm::ArrayRef<uint8_t> slice = bytes.slice(offset, count);
    offset += count;
    return slice;
  }
  llvm::Expected<std::string> str(const llvm::Twine &what) {
    llvm::Expected<uint64_t> size = uint(4, what);
    if (!size)
      return size.takeError();
    llvm::Expected<llvm::ArrayRef<uint8_t>> data = raw(*size, what);
    if (!data)
      return data.takeError();
    return std::string(data->begin(), data->end());
  }
  size_t position() const { return offset; }

private:
  llvm::ArrayRef<uint8_t> bytes;
  size_t offset = 0;
};

#define ACCEL_READ(var, expr)                                                  \
  auto var##OrErr = (expr);                                                    \
  if (!var##OrErr)                                                             \
    return var##OrErr.takeError();                                             \
  auto var = *var##OrErr;

llvm::Expected<HostTensor> readHostTensor(ByteReader &in) {
  HostTensor tensor;
  ACCEL_READ(addr, in.uint(8, "a host tensor address"));
  ACCEL_READ(dtype, in.uint(1, "a host tensor dtype"));
  ACCEL_READ(rank, in.uint(1, "a host tensor rank"));
  if (dtype > uint64_t(DType::I32))
    return llvm::createStringError("unknown dtype " + llvm::Twine(dtype));
  if (rank > kMaxHostRank)
    return llvm::createStringError("rank " + llvm::Twine(rank) +
                                   " is above " + llvm::Twine(kMaxHostRank));
  tensor.dramAddr = addr;
  tensor.dtype = DType(dtype);
  for (uint64_t d = 0; d < rank; ++d) {
    ACCEL_READ(dim, in.uint(8, "a host tensor dimension"));
    tensor.shape.push_back(int64_t(dim));
  }
  return tensor;
}

/// The host op section (version 3); records are checked by verifyProgram.
llvm::Error readHostOps(ByteReader &in, Program &program) {
  ACCEL_READ(count, in.uint(4, "the host op count"));
  for (uint64_t i = 0; i < count; ++i) {
    auto context = [&](llvm::Error error) {
      return llvm::createStringError("host op " + llvm::Twine(i) + ": " +
                                     llvm::toString(std::move(error)));
    };
    HostOpRecord record;
    ACCEL_READ(kind, in.str("a host op kind"));
    record.kind = kind;
    ACCEL_READ(paramCount, in.uint(1, "a host op's parameter count"));
    for (uint64_t p = 0; p < paramCount; ++p) {
      ACCEL_READ(param, in.uint(8, "a host op parameter"));
      record.params.push_back(int64_t(param));
    }
    ACCEL_READ(operandCount, in.uint(1, "a host op's operand count"));
    for (uint64_t o = 0; o <= operandCount; ++o) {
      llvm::Expected<HostTensor> tensor = readHostTensor(in);
      if (!tensor)
        return context(tensor.takeError());
      if (o < operandCount)
        record.operands.push_back(std::move(*tensor));
      else
        record.result = std::move(*tensor);
    }
    program.hostOps.push_back(std::move(record));
  }
  return llvm::Error::success();
}

} // namespace

llvm::Error isa::writeProgramBinary(const Program &program,
                                    llvm::raw_ostream &os) {
  if (llvm::Error error = verifyProgram(program))
    return error;
  return writeVerifiedProgramBinary(program, os);
}

llvm::Error isa::writeVerifiedProgramBinary(const Program &program,
                                            llvm::raw_ostream &os) {
  // Everything that can fail first, so that a failure writes nothing.
  ByteWriter code;
  code.bytes.reserve(program.instructions.size() * 64);
  for (const Instruction &inst : program.instructions) {
    llvm::Expected<EncodedInstruction> encoded = encodeInstruction(inst);
    if (!encoded)
      return encoded.takeError();
    code.raw(*encoded);
  }
  FilePieces file;
  ByteWriter &out = file.fields();
  out.raw(llvm::ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(kProgramMagic), sizeof(kProgramMagic)));
  out.u32(kProgramVersion);
  out.u32(0);
  out.str(program.target.name);
  std::string json;
  llvm::raw_string_ostream jsonStream(json);
  jsonStream << llvm::json::Value(targetToJSON(program.target));
  jsonStream.flush();
  out.str(json);
  out.u64(program.dramBytes);
  out.u32(uint32_t(program.tensors.size()));
  for (const TensorInfo &tensor : program.tensors) {
    out.str(tensor.name);
    out.u8(uint8_t(tensor.role));
    out.u8(uint8_t(tensor.dtype));
    out.u8(uint8_t(tensor.shape.size()));
    for (int64_t dim : tensor.shape)
      out.u64(uint64_t(dim));
    out.u64(tensor.dramAddr);
    out.u8(uint8_t(tensor.interfaceShape.size()));
    for (int64_t dim : tensor.interfaceShape)
      out.u64(uint64_t(dim));
    for (int64_t axis : tensor.interfacePerm)
      out.u8(uint8_t(axis));
  }
  out.u32(uint32_t(program.layers.size()));
  for (const ProgramLayer &layer : program.layers) {
    out.str(layer.name);
    out.str(layer.role);
    out.str(layer.strategy);
    out.str(layer.tiling);
    out.u64(uint64_t(layer.usefulMacs + 1));
  }
  out.u32(uint32_t(program.segments.size()));
  for (const DataSegment &segment : program.segments) {
    out.u64(segment.dramAddr);
    out.u64(segment.data().size());
    file.append(segment.data());
  }
  out.u32(uint32_t(program.instructions.size()));
  file.append(code.bytes);
  auto writeHostTensor = [&](const HostTensor &tensor) {
    out.u64(tensor.dramAddr);
    out.u8(uint8_t(tensor.dtype));
    out.u8(uint8_t(tensor.shape.size()));
    for (int64_t dim : tensor.shape)
      out.u64(uint64_t(dim));
  };
  out.u32(uint32_t(program.hostOps.size()));
  for (const HostOpRecord &record : program.hostOps) {
    out.str(record.kind);
    out.u8(uint8_t(record.params.size()));
    for (int64_t param : record.params)
      out.u64(uint64_t(param));
    out.u8(uint8_t(record.operands.size()));
    for (const HostTensor &operand : record.operands)
      writeHostTensor(operand);
    writeHostTensor(record.result);
  }
  writeChecked(file.finish(), os);
  return llvm::Error::success();
}

llvm::Expected<std::vector<uint8_t>>
isa::writeProgramBinary(const Program &program) {
  std::string buffer;
  llvm::raw_string_ostream os(buffer);
  if (llvm::Error error = writeProgramBinary(program, os))
    return std::move(error);
  os.flush();
  return std::vector<uint8_t>(buffer.begin(), buffer.end());
}

// One pass over the file in its on-disk order (header, target, layers,
// tensors, segments, instructions, checksum), each field range-checked where
// it is read; the order is the format (docs/ISA.md).
llvm::Expected<Program> isa::readProgramBinary(llvm::ArrayRef<uint8_t> bytes) {
  ByteReader in(bytes);
  ACCEL_READ(magic, in.raw(sizeof(kProgramMagic), "the magic number"));
  if (std::memcmp(magic.data(), kProgramMagic, sizeof(kProgramMagic)) != 0)
    return llvm::createStringError("not an accel program (bad magic number)");
  ACCEL_READ(version, in.uint(4, "the version"));
  if (version < kOldestProgramVersion || version > kProgramVersion)
    return llvm::createStringError(
        "unsupported program version " + llvm::Twine(version) +
        " (this build reads versions " + llvm::Twine(kOldestProgramVersion) +
        " to " + llvm::Twine(kProgramVersion) + ")");
  if (bytes.size() < 4 + 16)
    return llvm::createStringError("truncated program: no checksum");
  llvm::ArrayRef<uint8_t> body = bytes.drop_back(4);
  uint32_t storedCrc = 0;
  for (int i = 0; i < 4; ++i)
    storedCrc |= uint32_t(bytes[bytes.size() - 4 + i]) << (8 * i);
  ACCEL_READ(flags, in.uint(4, "the flags"));
  if (flags != 0)
    return llvm::createStringError("unknown header flags " +
                                   llvm::Twine(flags));

  Program program;
  ACCEL_READ(targetName, in.str("the target name"));
  ACCEL_READ(targetJson, in.str("the target description"));
  llvm::Expected<TargetDesc> target = parseTargetJSON(targetJson);
  if (!target)
    return llvm::createStringError("bad target description: " +
                                   llvm::toString(target.takeError()));
  if (target->name != targetName)
    return llvm::createStringError("target name '" + targetName +
                                   "' does not match its description '" +
                                   target->name + "'");
  program.target = std::move(*target);
  ACCEL_READ(dramBytes, in.uint(8, "the DRAM size"));
  program.dramBytes = dramBytes;

  ACCEL_READ(tensorCount, in.uint(4, "the tensor count"));
  for (uint64_t i = 0; i < tensorCount; ++i) {
    TensorInfo tensor;
    ACCEL_READ(name, in.str("a tensor name"));
    ACCEL_READ(role, in.uint(1, "a tensor role"));
    ACCEL_READ(dtype, in.uint(1, "a tensor dtype"));
    ACCEL_READ(rank, in.uint(1, "a tensor rank"));
    if (role > uint64_t(TensorRole::Intermediate))
      return llvm::createStringError("tensor '" + name + "': unknown role " +
                                     llvm::Twine(role));
    if (dtype > uint64_t(DType::I32))
      return llvm::createStringError("tensor '" + name + "': unknown dtype " +
                                     llvm::Twine(dtype));
    tensor.name = name;
    tensor.role = TensorRole(role);
    tensor.dtype = DType(dtype);
    for (uint64_t d = 0; d < rank; ++d) {
      ACCEL_READ(dim, in.uint(8, "a tensor dimension"));
      tensor.shape.push_back(int64_t(dim));
    }
    ACCEL_READ(addr, in.uint(8, "a tensor address"));
    tensor.dramAddr = addr;
    ACCEL_READ(interfaceRank, in.uint(1, "a tensor's interface rank"));
    if (interfaceRank > 8)
      return llvm::createStringError("tensor '" + name + "': interface rank " +
                                     llvm::Twine(interfaceRank) +
                                     " is above 8");
    for (uint64_t d = 0; d < interfaceRank; ++d) {
      ACCEL_READ(dim, in.uint(8, "an interface dimension"));
      tensor.interfaceShape.push_back(int64_t(dim));
    }
    for (uint64_t d = 0; d < interfaceRank; ++d) {
      ACCEL_READ(axis, in.uint(1, "an interface permutation entry"));
      tensor.interfacePerm.push_back(int64_t(axis));
    }
    program.tensors.push_back(std::move(tensor));
  }
  ACCEL_READ(layerCount, in.uint(4, "the layer count"));
  for (uint64_t i = 0; i < layerCount; ++i) {
    ProgramLayer layer;
    ACCEL_READ(name, in.str("a layer name"));
    layer.name = std::move(name);
    if (version < 3) {
      program.layers.push_back(std::move(layer));
      continue;
    }
    ACCEL_READ(role, in.str("a layer role"));
    ACCEL_READ(strategy, in.str("a layer strategy"));
    ACCEL_READ(tiling, in.str("a layer tiling"));
    ACCEL_READ(useful, in.uint(8, "a layer's useful MACs"));
    if (useful > uint64_t(std::numeric_limits<int64_t>::max()))
      return llvm::createStringError("layer '" + layer.name +
                                     "': useful MAC count out of range");
    layer.role = std::move(role);
    layer.strategy = std::move(strategy);
    layer.tiling = std::move(tiling);
    layer.usefulMacs = int64_t(useful) - 1;
    program.layers.push_back(std::move(layer));
  }
  ACCEL_READ(segmentCount, in.uint(4, "the segment count"));
  for (uint64_t i = 0; i < segmentCount; ++i) {
    ACCEL_READ(addr, in.uint(8, "a segment address"));
    ACCEL_READ(size, in.uint(8, "a segment size"));
    ACCEL_READ(data, in.raw(size, "segment data"));
    program.segments.push_back(DataSegment{addr, data.vec(), {}});
  }
  ACCEL_READ(instCount, in.uint(4, "the instruction count"));
  if (llvm::Error error =
          in.need(instCount * kInstructionBytes, "the instruction stream"))
    return std::move(error);
  for (uint64_t i = 0; i < instCount; ++i) {
    ACCEL_READ(encoded, in.raw(kInstructionBytes, "an instruction"));
    llvm::Expected<Instruction> inst = decodeInstruction(encoded);
    if (!inst)
      return llvm::createStringError("instruction " + llvm::Twine(i) + ": " +
                                     llvm::toString(inst.takeError()));
    program.instructions.push_back(*inst);
  }
  if (version >= 3)
    if (llvm::Error error = readHostOps(in, program))
      return std::move(error);
  // The reader runs over the whole file; sections that ate into the
  // trailing checksum mean the file is short, not that it has extra bytes.
  if (in.position() > body.size())
    return llvm::createStringError(
        "truncated program: no room for the checksum after " +
        llvm::Twine(in.position()) + " bytes");
  if (in.position() != body.size())
    return llvm::createStringError("program has " +
                                   llvm::Twine(body.size() - in.position()) +
                                   " unexpected trailing bytes");
  if (llvm::crc32(body) != storedCrc)
    return llvm::createStringError(
        "checksum mismatch: the program file is corrupted");
  if (llvm::Error error = verifyProgram(program))
    return std::move(error);
  return std::move(program);
}
