//===- Program.h - The accel program file ---------------------*- C++ -*-===//
//
// A program is everything the simulator (or the hardware driver) needs: the
// target it was compiled for, the DRAM map of named tensors, the constant
// data (weights, biases) with their DRAM addresses, layer names and the
// instruction stream. `writeProgramBinary` / `readProgramBinary` give the
// versioned, checksummed binary form; Assembly.h gives the lossless text
// form. The byte layout is documented in docs/ISA.md.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_ISA_PROGRAM_H
#define ACCEL_ISA_PROGRAM_H

#include "accel/ISA/HostOp.h"
#include "accel/ISA/Instruction.h"
#include "accel/Target/Target.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>
#include <vector>

namespace accel {
namespace isa {

/// File magic: the first 8 bytes of every binary program.
constexpr char kProgramMagic[8] = {'A', 'C', 'C', 'E', 'L', 'P', 'R', 'G'};
/// Version written by this build. Version 3 added the per-layer role,
/// strategy, tiling and useful MACs (ProgramLayer) and the host op records;
/// readers also accept version 2 files (layers with names only, no host
/// ops).
constexpr uint32_t kProgramVersion = 3;
constexpr uint32_t kOldestProgramVersion = 2;
/// Programs larger than this much DRAM are rejected (hostile headers).
constexpr uint64_t kMaxDramBytes = uint64_t(1) << 32;

/// What a named DRAM tensor is for.
enum class TensorRole : uint8_t {
  Input = 0,        ///< provided by the caller (.npy) before the run
  Output = 1,       ///< read back after the run
  Weight = 2,       ///< constant, initialised from a data segment
  Intermediate = 3, ///< scratch activation between layers
};

llvm::StringRef tensorRoleName(TensorRole role);
std::optional<TensorRole> parseTensorRoleName(llvm::StringRef name);

/// A named tensor in DRAM, stored densely in C order (NHWC / OHWI).
struct TensorInfo {
  std::string name;
  TensorRole role = TensorRole::Input;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  uint64_t dramAddr = 0;
  /// An input or output the caller sees in another layout (e.g. NCHW for
  /// an NHWC tensor): its shape and the permutation from it to the stored
  /// order, as accel/Support/InterfaceLayout.h defines them. Both empty:
  /// the caller sees `shape`.
  std::vector<int64_t> interfaceShape;
  std::vector<int64_t> interfacePerm;

  bool hasInterface() const {
    return !interfaceShape.empty() || !interfacePerm.empty();
  }
  /// The shape the caller reads and writes: the interface or `shape`.
  llvm::ArrayRef<int64_t> callerShape() const {
    return hasInterface() ? interfaceShape : shape;
  }
  int64_t numElements() const;
  int64_t byteSize() const { return numElements() * dtypeBytes(dtype); }
};

/// Bytes copied into DRAM at `dramAddr` before the run (the weight blob).
struct DataSegment {
  uint64_t dramAddr = 0;
  /// The segment's own bytes (when `borrowed` is null).
  std::vector<uint8_t> bytes;
  /// Bytes the segment does not own (a weight blob of the MLIR module the
  /// program was emitted from, emit::EmitOptions::borrowWeights); they must
  /// outlive every use of the program.
  llvm::ArrayRef<uint8_t> borrowed;

  /// The segment's bytes, owned or borrowed.
  llvm::ArrayRef<uint8_t> data() const {
    return borrowed.data() ? borrowed : llvm::ArrayRef<uint8_t>(bytes);
  }
};

/// One program layer (the instructions whose `layer` field is its index):
/// what the per-layer reports know about it beyond its counters.
struct ProgramLayer {
  /// Unique in the program: the source layer's name (ONNX node, TOSA name
  /// location, or a role-based default like `deconv3`), with `#<index>`
  /// appended to every program layer after the first of that source layer.
  std::string name;
  /// The kind of the source op (`transpose_conv2d`, `conv2d`, ...; the
  /// accel op's kind when there was none). Reports pair layers of two builds
  /// only when name and role agree.
  std::string role;
  /// Transposed convs: `split`, `stacked` or `zero-insert`; else empty.
  std::string strategy;
  /// Convs: the tiling, `<h>x<w>x<k>x<c> <loop order>`; else empty.
  std::string tiling;
  /// MACs that are not multiplications by inserted zeros or by padding taps
  /// of a transposed conv's lowering; -1 when all executed MACs are useful.
  int64_t usefulMacs = -1;

  bool operator==(const ProgramLayer &other) const {
    return name == other.name && role == other.role &&
           strategy == other.strategy && tiling == other.tiling &&
           usefulMacs == other.usefulMacs;
  }
};

struct Program {
  TargetDesc target;
  uint64_t dramBytes = 0;
  std::vector<TensorInfo> tensors;
  std::vector<ProgramLayer> layers; ///< indexed by Instruction::layer
  std::vector<DataSegment> segments;
  std::vector<Instruction> instructions;
  /// Ops the host runs, each by the HOST instruction naming its index.
  std::vector<HostOpRecord> hostOps;

  const TensorInfo *findTensor(llvm::StringRef name) const;
};

/// Structural checks: target valid, tensor names unique and non-empty,
/// tensors and segments inside DRAM, interface layouts only on inputs and
/// outputs, each a permutation with the tensor's element count, the regions live for the whole run
/// (input, output and weight tensors, data segments) disjoint, every
/// instruction verified, the stream ends with END and holds no other END,
/// and element types agree along the data flow (verifyProgramDTypes); every
/// host op record is consistent (verifyHostOpRecord) and run by exactly one
/// HOST instruction.
/// Errors name the offender ("instruction 12: ...", "tensor 'x': ...").
llvm::Error verifyProgram(const Program &program);

/// Each instruction's dtype against its operands: the declared DRAM tensors
/// it reads or writes, and the element type that the instruction which last
/// wrote its input-buffer, weight-buffer or accumulator operand used
/// (f32 vs i8 data; the f32 vs i32 view of an accumulator entry). Runs on a
/// program whose instructions passed verifyInstruction.
llvm::Error verifyProgramDTypes(const Program &program);

/// Serialises a verified program to `os`: the data segments straight from
/// the program, no copy of the file in memory. An error (an unverifiable
/// program, an unencodable instruction) is returned before anything is
/// written.
llvm::Error writeProgramBinary(const Program &program, llvm::raw_ostream &os);
/// writeProgramBinary for a program the caller has just checked with
/// verifyProgram (what emit::emitFunction returns: the emitter verifies the
/// program it builds), without checking it again. An instruction that cannot
/// be encoded is still an error before anything is written; any other defect
/// of an unverified program gives a file readProgramBinary rejects.
llvm::Error writeVerifiedProgramBinary(const Program &program,
                                       llvm::raw_ostream &os);
/// The same bytes in memory.
llvm::Expected<std::vector<uint8_t>> writeProgramBinary(const Program &program);

/// Parses and verifies a binary program. Never reads out of bounds.
llvm::Expected<Program> readProgramBinary(llvm::ArrayRef<uint8_t> bytes);

/// Reads a program from a file: binary (by magic) or assembly text.
llvm::Expected<Program> readProgramFile(llvm::StringRef path);

/// Assembles a program incrementally: allocates DRAM for tensors (64-byte
/// aligned), records constants as data segments and layer names, and
/// collects instructions. Used by the emitter and by tests.
class ProgramBuilder {
public:
  explicit ProgramBuilder(TargetDesc target);

  /// Allocates a tensor and returns its DRAM address.
  uint64_t addTensor(llvm::StringRef name, TensorRole role, DType dtype,
                     llvm::ArrayRef<int64_t> shape);
  /// Allocates a weight tensor initialised with `bytes` (its dense
  /// contents, byteSize() bytes).
  uint64_t addConstant(llvm::StringRef name, DType dtype,
                       llvm::ArrayRef<int64_t> shape,
                       llvm::ArrayRef<uint8_t> bytes);
  /// Registers a layer and returns its id.
  uint16_t addLayer(ProgramLayer layer);
  uint16_t addLayer(llvm::StringRef name) {
    return addLayer(ProgramLayer{name.str(), "", "", "", -1});
  }
  void append(const Instruction &inst) { program.instructions.push_back(inst); }
  std::vector<Instruction> &instructions() { return program.instructions; }

  /// Appends END and returns the verified program.
  llvm::Expected<Program> finish();

private:
  Program program;
};

} // namespace isa
} // namespace accel

#endif // ACCEL_ISA_PROGRAM_H
