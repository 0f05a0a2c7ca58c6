//===- Program.cpp - Program verification and builder ---------------------===//
//
// Structural verification shared by the binary reader, the assembler and
// the builder, plus the bump-allocating ProgramBuilder.
//
//===----------------------------------------------------------------------===//

#include "accel/ISA/Program.h"
#include "accel/ISA/Assembly.h"
#include "accel/ISA/Encoding.h"
#include "accel/Support/EnumNames.h"
#include "accel/Support/InterfaceLayout.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MemoryBuffer.h"

#include <tuple>

using namespace accel;
using namespace accel::isa;

namespace {
constexpr uint64_t kTensorAlignment = 64;
uint64_t alignUp(uint64_t value, uint64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

/// A named byte range of DRAM.
struct DramRegion {
  std::string what;
  uint64_t begin, end;
};

/// Errors if two of `regions` share a byte.
llvm::Error checkDisjoint(std::vector<DramRegion> regions) {
  // A total order, so the error names the same pair on every platform.
  llvm::sort(regions, [](const DramRegion &a, const DramRegion &b) {
    return std::tie(a.begin, a.end, a.what) < std::tie(b.begin, b.end, b.what);
  });
  const DramRegion *reach = nullptr; // the region reaching furthest so far
  for (const DramRegion &region : regions) {
    if (reach && region.begin < reach->end)
      return llvm::createStringError(
          reach->what + " [" + llvm::Twine(reach->begin) + ", " +
          llvm::Twine(reach->end) + ") and " + region.what + " [" +
          llvm::Twine(region.begin) + ", " + llvm::Twine(region.end) +
          ") overlap in DRAM");
    if (!reach || region.end > reach->end)
      reach = &region;
  }
  return llvm::Error::success();
}

/// Inputs, outputs and weights are live for the whole run (set before it,
/// read after it, or read by every layer), so no two may share a byte; nor
/// may a data segment (the constants written before the run) share one
/// with another segment, an input or an output. Intermediates may share
/// space with each other: the header does not record their lifetimes.
/// Runs after every tensor and segment was checked to lie inside DRAM.
llvm::Error checkLongLivedRegions(const Program &program) {
  std::vector<DramRegion> tensors, initialised;
  for (const TensorInfo &tensor : program.tensors) {
    if (tensor.role == TensorRole::Intermediate)
      continue;
    DramRegion region{(tensorRoleName(tensor.role) + " tensor '" +
                       tensor.name + "'")
                          .str(),
                      tensor.dramAddr,
                      tensor.dramAddr + uint64_t(tensor.byteSize())};
    if (tensor.role != TensorRole::Weight)
      initialised.push_back(region);
    tensors.push_back(std::move(region));
  }
  for (size_t i = 0; i < program.segments.size(); ++i) {
    const DataSegment &segment = program.segments[i];
    if (!segment.data().empty())
      initialised.push_back({"data segment " + std::to_string(i),
                             segment.dramAddr,
                             segment.dramAddr + segment.data().size()});
  }
  if (llvm::Error error = checkDisjoint(std::move(tensors)))
    return error;
  return checkDisjoint(std::move(initialised));
}

/// Every host op record consistent and inside DRAM, run by exactly one
/// HOST instruction (a record no instruction runs would never execute; one
/// run twice is not what any compiler emits).
llvm::Error verifyHostOps(const Program &program) {
  for (size_t i = 0; i < program.hostOps.size(); ++i)
    if (llvm::Error error =
            verifyHostOpRecord(program.hostOps[i], program.dramBytes))
      return llvm::createStringError("host op " + llvm::Twine(i) + ": " +
                                     llvm::toString(std::move(error)));
  std::vector<bool> run(program.hostOps.size(), false);
  for (size_t i = 0; i < program.instructions.size(); ++i) {
    const auto *host = program.instructions[i].getIf<HostOp>();
    if (!host)
      continue;
    if (host->record >= int64_t(program.hostOps.size()))
      return llvm::createStringError(
          "instruction " + llvm::Twine(i) + " (HOST): host op " +
          llvm::Twine(host->record) + " does not exist (the program has " +
          llvm::Twine(program.hostOps.size()) + ")");
    if (run[host->record])
      return llvm::createStringError("instruction " + llvm::Twine(i) +
                                     " (HOST): host op " +
                                     llvm::Twine(host->record) +
                                     " is already run by an earlier HOST");
    run[host->record] = true;
  }
  for (size_t i = 0; i < run.size(); ++i)
    if (!run[i])
      return llvm::createStringError("host op " + llvm::Twine(i) +
                                     " is not run by any HOST instruction");
  return llvm::Error::success();
}

} // namespace

static constexpr EnumName<TensorRole> kTensorRoleNames[] = {
    {TensorRole::Input, "input"},
    {TensorRole::Output, "output"},
    {TensorRole::Weight, "weight"},
    {TensorRole::Intermediate, "intermediate"}};

llvm::StringRef isa::tensorRoleName(TensorRole role) {
  return enumName<TensorRole>(kTensorRoleNames, role);
}

std::optional<TensorRole> isa::parseTensorRoleName(llvm::StringRef name) {
  return parseEnumName<TensorRole>(kTensorRoleNames, name);
}

int64_t TensorInfo::numElements() const {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

const TensorInfo *Program::findTensor(llvm::StringRef name) const {
  for (const TensorInfo &tensor : tensors)
    if (tensor.name == name)
      return &tensor;
  return nullptr;
}

llvm::Error isa::verifyProgram(const Program &program) {
  if (llvm::Error error = validateTarget(program.target))
    return llvm::createStringError("target: " +
                                   llvm::toString(std::move(error)));
  if (program.dramBytes == 0 || program.dramBytes > kMaxDramBytes)
    return llvm::createStringError(
        "DRAM size " + llvm::Twine(program.dramBytes) + " is outside (0, " +
        llvm::Twine(kMaxDramBytes) + "]");
  llvm::StringSet<> names;
  for (const TensorInfo &tensor : program.tensors) {
    if (tensor.name.empty())
      return llvm::createStringError("a tensor has an empty name");
    if (!names.insert(tensor.name).second)
      return llvm::createStringError("tensor '" + tensor.name +
                                     "' is declared twice");
    if (tensor.shape.empty() || tensor.shape.size() > 8)
      return llvm::createStringError("tensor '" + tensor.name +
                                     "': rank must be 1..8");
    // Bound every dim first so the element count cannot overflow.
    uint64_t elements = 1;
    for (int64_t dim : tensor.shape) {
      if (dim <= 0 || uint64_t(dim) > kMaxDramBytes)
        return llvm::createStringError("tensor '" + tensor.name +
                                       "': dimension " + llvm::Twine(dim) +
                                       " is not positive or too large");
      elements *= uint64_t(dim);
      if (elements > kMaxDramBytes)
        return llvm::createStringError("tensor '" + tensor.name +
                                       "' is larger than DRAM");
    }
    if (tensor.hasInterface()) {
      if (tensor.role != TensorRole::Input && tensor.role != TensorRole::Output)
        return llvm::createStringError(
            "tensor '" + tensor.name + "': only inputs and outputs have an "
            "interface layout, this one is " + tensorRoleName(tensor.role));
      if (llvm::Error error = verifyInterfaceLayout(
              tensor.interfaceShape, tensor.interfacePerm, tensor.shape))
        return llvm::createStringError("tensor '" + tensor.name + "': " +
                                       llvm::toString(std::move(error)));
    }
    uint64_t bytes = elements * dtypeBytes(tensor.dtype);
    if (tensor.dramAddr > program.dramBytes ||
        bytes > program.dramBytes - tensor.dramAddr)
      return llvm::createStringError("tensor '" + tensor.name +
                                     "' lies outside DRAM");
  }
  for (size_t i = 0; i < program.segments.size(); ++i) {
    const DataSegment &segment = program.segments[i];
    if (segment.dramAddr > program.dramBytes ||
        segment.data().size() > program.dramBytes - segment.dramAddr)
      return llvm::createStringError("data segment " + llvm::Twine(i) +
                                     " lies outside DRAM");
  }
  if (llvm::Error error = checkLongLivedRegions(program))
    return error;
  if (program.instructions.empty() ||
      program.instructions.back().opcode() != Opcode::End)
    return llvm::createStringError(
        "the instruction stream does not end with END");
  for (size_t i = 0; i < program.instructions.size(); ++i) {
    const Instruction &inst = program.instructions[i];
    if (llvm::Error error = verifyInstruction(inst))
      return llvm::createStringError("instruction " + llvm::Twine(i) + ": " +
                                     llvm::toString(std::move(error)));
    if (inst.opcode() == Opcode::End && i + 1 != program.instructions.size())
      return llvm::createStringError("instruction " + llvm::Twine(i) +
                                     ": END before the end of the stream");
  }
  if (llvm::Error error = verifyHostOps(program))
    return error;
  return verifyProgramDTypes(program);
}

llvm::Expected<Program> isa::readProgramFile(llvm::StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!file)
    return llvm::createStringError("cannot read '" + path +
                                   "': " + file.getError().message());
  llvm::StringRef contents = (*file)->getBuffer();
  // Assembly is text: a file with NUL bytes is a binary program (or not a
  // program at all), and gets the binary reader's "bad magic" error rather
  // than an assembler error quoting binary garbage.
  bool binary = contents.starts_with(
                    llvm::StringRef(kProgramMagic, sizeof(kProgramMagic))) ||
                contents.contains('\0');
  llvm::Expected<Program> program =
      binary ? readProgramBinary(llvm::ArrayRef<uint8_t>(
                   reinterpret_cast<const uint8_t *>(contents.data()),
                   contents.size()))
             : parseProgramAsm(contents);
  if (!program)
    return llvm::createStringError(path + ": " +
                                   llvm::toString(program.takeError()));
  return program;
}

ProgramBuilder::ProgramBuilder(TargetDesc target) {
  program.target = std::move(target);
}

uint64_t ProgramBuilder::addTensor(llvm::StringRef name, TensorRole role,
                                   DType dtype, llvm::ArrayRef<int64_t> shape) {
  TensorInfo tensor;
  tensor.name = name.str();
  tensor.role = role;
  tensor.dtype = dtype;
  tensor.shape.assign(shape.begin(), shape.end());
  tensor.dramAddr = alignUp(program.dramBytes, kTensorAlignment);
  program.dramBytes = tensor.dramAddr + uint64_t(tensor.byteSize());
  program.tensors.push_back(tensor);
  return tensor.dramAddr;
}

uint64_t ProgramBuilder::addConstant(llvm::StringRef name, DType dtype,
                                     llvm::ArrayRef<int64_t> shape,
                                     llvm::ArrayRef<uint8_t> bytes) {
  uint64_t addr = addTensor(name, TensorRole::Weight, dtype, shape);
  program.segments.push_back(DataSegment{addr, bytes.vec(), {}});
  return addr;
}

uint16_t ProgramBuilder::addLayer(ProgramLayer layer) {
  program.layers.push_back(std::move(layer));
  return uint16_t(program.layers.size() - 1);
}

llvm::Expected<Program> ProgramBuilder::finish() {
  program.instructions.push_back(Instruction(EndOp{}));
  program.dramBytes = std::max<uint64_t>(alignUp(program.dramBytes, 64), 64);
  for (const DataSegment &segment : program.segments) {
    const TensorInfo *owner = nullptr;
    for (const TensorInfo &tensor : program.tensors)
      if (tensor.dramAddr == segment.dramAddr)
        owner = &tensor;
    if (owner && uint64_t(owner->byteSize()) != segment.data().size())
      return llvm::createStringError("constant '" + owner->name + "' has " +
                                     llvm::Twine(segment.data().size()) +
                                     " bytes, expected " +
                                     llvm::Twine(owner->byteSize()));
  }
  if (llvm::Error error = verifyProgram(program))
    return std::move(error);
  return std::move(program);
}
