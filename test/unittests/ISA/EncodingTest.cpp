//===- EncodingTest.cpp - Binary encoding of accel instructions -----------===//

#include "accel/ISA/Encoding.h"

#include "gtest/gtest.h"

#include <random>

using namespace accel;
using namespace accel::isa;

namespace {

const Opcode kAllOpcodes[] = {Opcode::LoadInput, Opcode::LoadWeight,
                              Opcode::LoadBias,  Opcode::LoadAcc,
                              Opcode::Conv,      Opcode::Post,
                              Opcode::Store,     Opcode::Barrier,
                              Opcode::End,       Opcode::Host};

/// A random instruction of `opcode` whose fields all fit.
Instruction randomInstruction(Opcode opcode, std::mt19937_64 &rng) {
  Instruction inst;
  inst.body = makeBody(opcode);
  inst.layer = uint16_t(rng());
  Queue queue = queueOf(opcode);
  if (queue != Queue::All) {
    inst.deps.popNext = queue != Queue::Store && (rng() & 1);
    inst.deps.pushNext = queue != Queue::Store && (rng() & 1);
    inst.deps.popPrev = queue != Queue::Load && (rng() & 1);
    inst.deps.pushPrev = queue != Queue::Load && (rng() & 1);
  }
  forEachField(inst, [&](FieldSpec spec, int64_t &value) {
    uint64_t raw = rng() & ((uint64_t(1) << spec.bits) - 1);
    if (spec.kind == FieldKind::Signed)
      value = int64_t(raw) - (int64_t(1) << (spec.bits - 1));
    else if (spec.kind == FieldKind::Element)
      value = int64_t(raw % 3);
    else if (spec.kind == FieldKind::ActivationKind)
      value = int64_t(raw % 6);
    else
      value = int64_t(raw);
  });
  return inst;
}

TEST(EncodingTest, EveryOpcodeFitsInSixtyFourBytes) {
  for (Opcode opcode : kAllOpcodes) {
    Instruction inst;
    inst.body = makeBody(opcode);
    unsigned bits = 64;
    forEachField(inst, [&](FieldSpec spec, int64_t) { bits += spec.bits; });
    EXPECT_LE(bits, kInstructionBytes * 8) << opcodeName(opcode).str();
  }
}

TEST(EncodingTest, RandomInstructionsRoundTrip) {
  std::mt19937_64 rng(7);
  for (Opcode opcode : kAllOpcodes) {
    for (int i = 0; i < 200; ++i) {
      Instruction inst = randomInstruction(opcode, rng);
      llvm::Expected<EncodedInstruction> encoded = encodeInstruction(inst);
      ASSERT_TRUE(bool(encoded)) << llvm::toString(encoded.takeError());
      llvm::Expected<Instruction> decoded = decodeInstruction(*encoded);
      ASSERT_TRUE(bool(decoded)) << llvm::toString(decoded.takeError());
      EXPECT_EQ(*decoded, inst) << opcodeName(opcode).str();
    }
  }
}

TEST(EncodingTest, ExtremeFieldValuesRoundTrip) {
  LoadInputOp load;
  load.dramAddr = (int64_t(1) << 40) - 1;
  load.originY = -(1 << 16);
  load.originX = (1 << 16) - 1;
  load.fill = -256;
  Instruction inst(load);
  llvm::Expected<EncodedInstruction> encoded = encodeInstruction(inst);
  ASSERT_TRUE(bool(encoded));
  llvm::Expected<Instruction> decoded = decodeInstruction(*encoded);
  ASSERT_TRUE(bool(decoded));
  EXPECT_EQ(*decoded, inst);
}

TEST(EncodingTest, RejectsFieldsThatDoNotFit) {
  LoadInputOp load;
  load.boxH = 1 << 16;
  llvm::Expected<EncodedInstruction> encoded =
      encodeInstruction(Instruction(load));
  ASSERT_FALSE(bool(encoded));
  EXPECT_NE(llvm::toString(encoded.takeError()).find("box_h"),
            std::string::npos);
  ConvOp conv;
  conv.inputZp = -1000;
  EXPECT_FALSE(bool(encodeInstruction(Instruction(conv))));
  PostOp post;
  post.activation = 7;
  llvm::Error error = verifyInstruction(Instruction(post));
  EXPECT_NE(llvm::toString(std::move(error)).find("activation"),
            std::string::npos);
}

TEST(EncodingTest, RejectsDependencyFlagsOfUnconnectedQueues) {
  DepFlags popPrev;
  popPrev.popPrev = true;
  EXPECT_FALSE(bool(encodeInstruction(Instruction(LoadInputOp{}, popPrev))));
  DepFlags pushNext;
  pushNext.pushNext = true;
  EXPECT_FALSE(bool(encodeInstruction(Instruction(StoreOp{}, pushNext))));
  EXPECT_FALSE(bool(encodeInstruction(Instruction(BarrierOp{}, pushNext))));
  EXPECT_TRUE(bool(encodeInstruction(Instruction(ConvOp{}, pushNext))));
}

TEST(EncodingTest, DecodeRejectsMalformedWords) {
  EncodedInstruction word{};
  word[0] = 99;
  llvm::Expected<Instruction> bad = decodeInstruction(word);
  ASSERT_FALSE(bool(bad));
  EXPECT_NE(llvm::toString(bad.takeError()).find("unknown opcode 99"),
            std::string::npos);

  word = *encodeInstruction(Instruction(EndOp{}));
  word[5] = 1; // reserved header bits
  EXPECT_FALSE(bool(decodeInstruction(word)));

  word = *encodeInstruction(Instruction(LoadBiasOp{}));
  word[63] = 0x80; // beyond LOAD_BIAS's fields
  EXPECT_FALSE(bool(decodeInstruction(word)));

  word = *encodeInstruction(Instruction(LoadBiasOp{}));
  EXPECT_FALSE(bool(decodeInstruction(llvm::ArrayRef(word).drop_back())));

  LoadInputOp load;
  word = *encodeInstruction(Instruction(load));
  // dtype is the last LOAD_INPUT field; value 3 is no element type.
  unsigned dtypeBit = 64 + 40 + 16 + 16 + 32 + 32 + 17 + 17 + 16 * 3 + 32 + 9;
  word[dtypeBit / 8] |= uint8_t(3u << (dtypeBit % 8));
  EXPECT_FALSE(bool(decodeInstruction(word)));
}

} // namespace
