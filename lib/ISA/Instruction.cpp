//===- Instruction.cpp - Names and helpers of the accel ISA ---------------===//
//
// Mnemonics, enum spellings, queue assignment and structural equality of
// instructions. Encoding lives in Encoding.cpp, assembly in Assembly.cpp.
//
//===----------------------------------------------------------------------===//

#include "accel/ISA/Instruction.h"
#include "accel/ISA/InstructionSink.h"

#include "llvm/ADT/StringSwitch.h"

#include <cstring>

using namespace accel;
using namespace accel::isa;

llvm::StringRef isa::opcodeName(Opcode opcode) {
  switch (opcode) {
  case Opcode::LoadInput:
    return "LOAD_INPUT";
  case Opcode::LoadWeight:
    return "LOAD_WEIGHT";
  case Opcode::LoadBias:
    return "LOAD_BIAS";
  case Opcode::LoadAcc:
    return "LOAD_ACC";
  case Opcode::Conv:
    return "CONV";
  case Opcode::Post:
    return "POST";
  case Opcode::Store:
    return "STORE";
  case Opcode::Barrier:
    return "BARRIER";
  case Opcode::End:
    return "END";
  }
  return "<invalid>";
}

std::optional<Opcode> isa::parseOpcodeName(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<Opcode>>(name)
      .Case("LOAD_INPUT", Opcode::LoadInput)
      .Case("LOAD_WEIGHT", Opcode::LoadWeight)
      .Case("LOAD_BIAS", Opcode::LoadBias)
      .Case("LOAD_ACC", Opcode::LoadAcc)
      .Case("CONV", Opcode::Conv)
      .Case("POST", Opcode::Post)
      .Case("STORE", Opcode::Store)
      .Case("BARRIER", Opcode::Barrier)
      .Case("END", Opcode::End)
      .Default(std::nullopt);
}

llvm::StringRef isa::dtypeName(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "f32";
  case DType::I8:
    return "i8";
  case DType::I32:
    return "i32";
  }
  return "<invalid>";
}

std::optional<DType> isa::parseDTypeName(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<DType>>(name)
      .Case("f32", DType::F32)
      .Case("i8", DType::I8)
      .Case("i32", DType::I32)
      .Default(std::nullopt);
}

int64_t isa::dtypeBytes(DType dtype) { return dtype == DType::I8 ? 1 : 4; }

llvm::StringRef isa::activationName(Activation activation) {
  switch (activation) {
  case Activation::None:
    return "none";
  case Activation::Relu:
    return "relu";
  case Activation::Clamp:
    return "clamp";
  case Activation::LeakyRelu:
    return "leaky_relu";
  case Activation::Tanh:
    return "tanh";
  case Activation::Sigmoid:
    return "sigmoid";
  }
  return "<invalid>";
}

std::optional<Activation> isa::parseActivationName(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<Activation>>(name)
      .Case("none", Activation::None)
      .Case("relu", Activation::Relu)
      .Case("clamp", Activation::Clamp)
      .Case("leaky_relu", Activation::LeakyRelu)
      .Case("tanh", Activation::Tanh)
      .Case("sigmoid", Activation::Sigmoid)
      .Default(std::nullopt);
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
