//===- Encoding.cpp - Binary encoding of accel instructions ---------------===//
//
// Generic over the field tables in Instruction.h: a bit writer packs each
// field LSB-first after the 64-bit header word, a bit reader unpacks and
// sign-extends. Verification is shared by encoder, decoder and assembler.
//
//===----------------------------------------------------------------------===//

#include "accel/ISA/Encoding.h"

#include "llvm/ADT/Twine.h"

using namespace accel;
using namespace accel::isa;

namespace {

constexpr unsigned kHeaderBits = 64;
constexpr unsigned kTotalBits = kInstructionBytes * 8;

/// Whether `value` is representable in a field of this spec.
bool fitsField(const FieldSpec &spec, int64_t value) {
  if (spec.kind == FieldKind::Signed) {
    int64_t limit = int64_t(1) << (spec.bits - 1);
    return value >= -limit && value < limit;
  }
  if (value < 0)
    return false;
  return spec.bits >= 63 || value < (int64_t(1) << spec.bits);
}

void writeBits(EncodedInstruction &out, unsigned offset, unsigned bits,
               uint64_t value) {
  for (unsigned i = 0; i < bits; ++i)
    if ((value >> i) & 1)
      out[(offset + i) / 8] |= uint8_t(1u << ((offset + i) % 8));
}

uint64_t readBits(llvm::ArrayRef<uint8_t> in, unsigned offset, unsigned bits) {
  uint64_t value = 0;
  for (unsigned i = 0; i < bits; ++i)
    if ((in[(offset + i) / 8] >> ((offset + i) % 8)) & 1)
      value |= uint64_t(1) << i;
  return value;
}

} // namespace

llvm::Error isa::verifyInstruction(const Instruction &inst) {
  std::string problem;
  forEachField(inst, [&](FieldSpec spec, int64_t value) {
    if (!problem.empty())
      return;
    if (!fitsField(spec, value)) {
      problem = (llvm::Twine("field '") + spec.name + "' value " +
                 llvm::Twine(value) + " does not fit in " +
                 llvm::Twine(spec.bits) +
                 (spec.kind == FieldKind::Signed ? " signed" : " unsigned") +
                 " bits")
                    .str();
      return;
    }
    if (spec.kind == FieldKind::Element && value > int64_t(DType::I32))
      problem = "field 'dtype' holds unknown element type " +
                std::to_string(value);
    if (spec.kind == FieldKind::ActivationKind &&
        value > int64_t(Activation::Sigmoid))
      problem = "field 'act' holds unknown activation " + std::to_string(value);
  });
  if (!problem.empty())
    return llvm::createStringError(llvm::Twine(opcodeName(inst.opcode())) +
                                   ": " + problem);

  Queue queue = inst.queue();
  const DepFlags &deps = inst.deps;
  bool touchesPrev = deps.popPrev || deps.pushPrev;
  bool touchesNext = deps.popNext || deps.pushNext;
  if ((queue == Queue::Load && touchesPrev) ||
      (queue == Queue::Store && touchesNext) ||
      (queue == Queue::All && (touchesPrev || touchesNext)))
    return llvm::createStringError(
        llvm::Twine(opcodeName(inst.opcode())) +
        ": dependency flags name a queue this instruction's "
        "queue is not connected to");
  return llvm::Error::success();
}

llvm::Expected<EncodedInstruction>
isa::encodeInstruction(const Instruction &inst) {
  if (llvm::Error error = verifyInstruction(inst))
    return std::move(error);
  EncodedInstruction out{};
  uint64_t header = uint64_t(inst.opcode()) | uint64_t(inst.deps.popPrev) << 8 |
                    uint64_t(inst.deps.popNext) << 9 |
                    uint64_t(inst.deps.pushPrev) << 10 |
                    uint64_t(inst.deps.pushNext) << 11 |
                    uint64_t(inst.layer) << 16;
  writeBits(out, 0, kHeaderBits, header);
  unsigned offset = kHeaderBits;
  forEachField(inst, [&](FieldSpec spec, int64_t value) {
    uint64_t mask = spec.bits >= 64 ? ~uint64_t(0)
                                    : ((uint64_t(1) << spec.bits) - 1);
    writeBits(out, offset, spec.bits, uint64_t(value) & mask);
    offset += spec.bits;
  });
  return out;
}

llvm::Expected<Instruction>
isa::decodeInstruction(llvm::ArrayRef<uint8_t> bytes) {
  if (bytes.size() != kInstructionBytes)
    return llvm::createStringError(
        "instruction is " + llvm::Twine(bytes.size()) + " bytes, expected " +
        llvm::Twine(kInstructionBytes));
  uint64_t header = readBits(bytes, 0, kHeaderBits);
  uint8_t rawOpcode = header & 0xff;
  if (rawOpcode < uint8_t(Opcode::LoadInput) || rawOpcode > uint8_t(Opcode::Host))
    return llvm::createStringError("unknown opcode " +
                                   llvm::Twine(unsigned(rawOpcode)));
  if ((header >> 12) & 0xf || (header >> 32) != 0)
    return llvm::createStringError("reserved header bits are set");

  Instruction inst;
  inst.body = makeBody(Opcode(rawOpcode));
  inst.deps.popPrev = (header >> 8) & 1;
  inst.deps.popNext = (header >> 9) & 1;
  inst.deps.pushPrev = (header >> 10) & 1;
  inst.deps.pushNext = (header >> 11) & 1;
  inst.layer = uint16_t(header >> 16);

  unsigned offset = kHeaderBits;
  forEachField(inst, [&](FieldSpec spec, int64_t &value) {
    uint64_t raw = readBits(bytes, offset, spec.bits);
    if (spec.kind == FieldKind::Signed && spec.bits < 64 &&
        ((raw >> (spec.bits - 1)) & 1))
      raw |= ~uint64_t(0) << spec.bits;
    value = int64_t(raw);
    offset += spec.bits;
  });
  for (unsigned bit = offset; bit < kTotalBits; ++bit)
    if (readBits(bytes, bit, 1))
      return llvm::createStringError(llvm::Twine(opcodeName(inst.opcode())) +
                                     ": unused payload bits are set");
  if (llvm::Error error = verifyInstruction(inst))
    return std::move(error);
  return inst;
}
