//===- Instruction.cpp - Names and helpers of the accel ISA ---------------===//
//
// Mnemonics, enum spellings, queue assignment and structural equality of
// instructions. Encoding lives in Encoding.cpp, assembly in Assembly.cpp.
//
//===----------------------------------------------------------------------===//

#include "accel/ISA/Instruction.h"
#include "accel/ISA/InstructionSink.h"
#include "accel/Support/EnumNames.h"

#include <cstring>

using namespace accel;
using namespace accel::isa;

static constexpr EnumName<Opcode> kOpcodeNames[] = {
    {Opcode::LoadInput, "LOAD_INPUT"},
    {Opcode::LoadWeight, "LOAD_WEIGHT"},
    {Opcode::LoadBias, "LOAD_BIAS"},
    {Opcode::LoadAcc, "LOAD_ACC"},
    {Opcode::Conv, "CONV"},
    {Opcode::Post, "POST"},
    {Opcode::Store, "STORE"},
    {Opcode::Barrier, "BARRIER"},
    {Opcode::End, "END"},
    {Opcode::Host, "HOST"}};

llvm::StringRef isa::opcodeName(Opcode opcode) {
  return enumName<Opcode>(kOpcodeNames, opcode);
}

std::optional<Opcode> isa::parseOpcodeName(llvm::StringRef name) {
  return parseEnumName<Opcode>(kOpcodeNames, name);
}

static constexpr EnumName<DType> kDTypeNames[] = {
    {DType::F32, "f32"}, {DType::I8, "i8"}, {DType::I32, "i32"}};

llvm::StringRef isa::dtypeName(DType dtype) {
  return enumName<DType>(kDTypeNames, dtype);
}

std::optional<DType> isa::parseDTypeName(llvm::StringRef name) {
  return parseEnumName<DType>(kDTypeNames, name);
}

int64_t isa::dtypeBytes(DType dtype) { return dtype == DType::I8 ? 1 : 4; }

static constexpr EnumName<Activation> kActivationNames[] = {
    {Activation::None, "none"},   {Activation::Relu, "relu"},
    {Activation::Clamp, "clamp"}, {Activation::LeakyRelu, "leaky_relu"},
    {Activation::Tanh, "tanh"},   {Activation::Sigmoid, "sigmoid"}};

llvm::StringRef isa::activationName(Activation activation) {
  return enumName<Activation>(kActivationNames, activation);
}

std::optional<Activation> isa::parseActivationName(llvm::StringRef name) {
  return parseEnumName<Activation>(kActivationNames, name);
}

Queue isa::queueOf(Opcode opcode) {
  switch (opcode) {
  case Opcode::LoadInput:
  case Opcode::LoadWeight:
  case Opcode::LoadBias:
    return Queue::Load;
  case Opcode::LoadAcc:
  case Opcode::Conv:
  case Opcode::Post:
    return Queue::Compute;
  case Opcode::Store:
    return Queue::Store;
  case Opcode::Barrier:
  case Opcode::End:
  case Opcode::Host:
    return Queue::All;
  }
  return Queue::All;
}

Opcode Instruction::opcode() const {
  return std::visit([](const auto &op) { return op.opcode; }, body);
}

Queue Instruction::queue() const { return queueOf(opcode()); }

bool isa::operator==(const Instruction &lhs, const Instruction &rhs) {
  if (lhs.opcode() != rhs.opcode() || !(lhs.deps == rhs.deps) ||
      lhs.layer != rhs.layer)
    return false;
  int64_t lhsFields[32], rhsFields[32];
  unsigned count = 0;
  forEachField(lhs, [&](FieldSpec, int64_t value) { lhsFields[count++] = value; });
  count = 0;
  forEachField(rhs, [&](FieldSpec, int64_t value) { rhsFields[count++] = value; });
  return std::memcmp(lhsFields, rhsFields, count * sizeof(int64_t)) == 0;
}

InstructionBody isa::makeBody(Opcode opcode) {
  switch (opcode) {
  case Opcode::LoadInput:
    return LoadInputOp{};
  case Opcode::LoadWeight:
    return LoadWeightOp{};
  case Opcode::LoadBias:
    return LoadBiasOp{};
  case Opcode::LoadAcc:
    return LoadAccOp{};
  case Opcode::Conv:
    return ConvOp{};
  case Opcode::Post:
    return PostOp{};
  case Opcode::Store:
    return StoreOp{};
  case Opcode::Barrier:
    return BarrierOp{};
  case Opcode::End:
    return EndOp{};
  case Opcode::Host:
    return HostOp{};
  }
  return EndOp{};
}

int64_t isa::floatToField(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return bits;
}

float isa::fieldToFloat(int64_t field) {
  uint32_t bits = static_cast<uint32_t>(field);
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

InstructionSink::~InstructionSink() = default;
