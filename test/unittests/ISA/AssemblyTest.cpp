//===- AssemblyTest.cpp - Text form of accel instructions -----------------===//

#include "accel/ISA/Assembly.h"

#include "gtest/gtest.h"

#include <random>

using namespace accel;
using namespace accel::isa;

namespace {

TEST(AssemblyTest, PrintsReadableInstructions) {
  ConvOp conv;
  conv.kernelH = conv.kernelW = 3;
  conv.outH = 4;
  conv.outW = 4;
  conv.inH = conv.inW = 6;
  conv.inC = 8;
  conv.outK = 16;
  conv.weightAddr = 0x400;
  DepFlags deps;
  deps.popPrev = true;
  deps.pushNext = true;
  EXPECT_EQ(instructionToString(Instruction(conv, deps, 3)),
            "CONV layer=3 deps=pop_prev+push_next in=0x0 in_h=6 in_w=6 "
            "in_c=8 weights=0x400 out_k=16 kernel_h=3 kernel_w=3 stride_h=1 "
            "stride_w=1 dil_h=1 dil_w=1 out_h=4 out_w=4 acc=0x0 accumulate=0 "
            "in_zp=0 w_zp=0 dtype=f32 acc_pitch=0 w_pitch=0 w_row_pitch=0");
}

TEST(AssemblyTest, RandomInstructionsRoundTripThroughText) {
  std::mt19937_64 rng(11);
  const Opcode opcodes[] = {Opcode::LoadInput, Opcode::LoadWeight,
                            Opcode::LoadBias,  Opcode::LoadAcc,
                            Opcode::Conv,      Opcode::Post,
                            Opcode::Store,     Opcode::Barrier};
  for (Opcode opcode : opcodes) {
    for (int i = 0; i < 100; ++i) {
      Instruction inst;
      inst.body = makeBody(opcode);
      inst.layer = uint16_t(rng());
      if (queueOf(opcode) == Queue::Compute) {
        inst.deps.popPrev = rng() & 1;
        inst.deps.pushNext = rng() & 1;
      }
      forEachField(inst, [&](FieldSpec spec, int64_t &value) {
        uint64_t raw = rng() & ((uint64_t(1) << spec.bits) - 1);
        if (spec.kind == FieldKind::Signed)
          value = int64_t(raw) - (int64_t(1) << (spec.bits - 1));
        else if (spec.kind == FieldKind::Element)
          value = int64_t(raw % 3);
        else if (spec.kind == FieldKind::ActivationKind)
          value = int64_t(raw % 6);
        else if (spec.kind == FieldKind::Float)
          value = floatToField(float(int64_t(raw % 20001) - 10000) / 37.0f);
        else
          value = int64_t(raw);
      });
      std::string text = instructionToString(inst);
      llvm::Expected<Instruction> parsed = parseInstruction(text);
      ASSERT_TRUE(bool(parsed)) << text << ": "
                                << llvm::toString(parsed.takeError());
      EXPECT_EQ(*parsed, inst) << text;
    }
  }
}

TEST(AssemblyTest, NonFiniteFloatsRoundTripAsBits) {
  PostOp post;
  post.clampHi = 0x7f800000; // +inf
  post.alpha = 0x7fc00001;   // a NaN payload
  Instruction inst(post);
  llvm::Expected<Instruction> parsed =
      parseInstruction(instructionToString(inst));
  ASSERT_TRUE(bool(parsed));
  EXPECT_EQ(*parsed, inst);
}

TEST(AssemblyTest, OmittedFieldsTakeDefaultsAndCommentsAreIgnored) {
  llvm::Expected<Instruction> parsed =
      parseInstruction("  STORE layer=1 box_h=2 dtype=i8 ; a comment");
  ASSERT_TRUE(bool(parsed));
  const StoreOp *store = parsed->getIf<StoreOp>();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->boxH, 2);
  EXPECT_EQ(store->planes, 1);
  EXPECT_EQ(store->dtype, int64_t(DType::I8));
  EXPECT_EQ(parsed->layer, 1);
}

TEST(AssemblyTest, ReportsWhatIsWrong) {
  auto message = [](llvm::StringRef line) {
    llvm::Expected<Instruction> parsed = parseInstruction(line);
    return parsed ? std::string("<parsed>")
                  : llvm::toString(parsed.takeError());
  };
  EXPECT_NE(message("FROB x=1").find("unknown mnemonic 'FROB'"),
            std::string::npos);
  EXPECT_NE(message("CONV bogus=1").find("no field 'bogus'"), std::string::npos);
  EXPECT_NE(message("CONV out_h=x").find("bad integer"), std::string::npos);
  EXPECT_NE(message("CONV out_h=70000").find("does not fit"), std::string::npos);
  EXPECT_NE(message("POST act=gelu").find("unknown activation"),
            std::string::npos);
  EXPECT_NE(message("LOAD_BIAS deps=pop_prev").find("not connected"),
            std::string::npos);
  EXPECT_NE(message("CONV out_h=1 out_h=2").find("given twice"),
            std::string::npos);
  EXPECT_NE(message("CONV deps=pop_sideways").find("dependency flag"),
            std::string::npos);
}

} // namespace
