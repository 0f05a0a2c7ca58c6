//===- HostileProgramTest.cpp - Bad programs fail cleanly -----------------===//

#include "accel/ISA/Encoding.h"
#include "accel/ISA/Program.h"
#include "accel/Sim/Simulator.h"

#include "gtest/gtest.h"

#include <random>

using namespace accel;
using namespace accel::isa;
using namespace accel::sim;

namespace {

llvm::Expected<Program>
tryProgramWith(const std::vector<Instruction> &instructions) {
  ProgramBuilder builder(*lookupPreset("nvdla-small"));
  builder.addTensor("x", TensorRole::Input, DType::F32, {1, 4, 4, 8});
  builder.addTensor("y", TensorRole::Output, DType::F32, {1, 4, 4, 8});
  for (const Instruction &inst : instructions)
    builder.append(inst);
  return builder.finish();
}

Program programWith(std::vector<Instruction> instructions) {
  llvm::Expected<Program> program = tryProgramWith(instructions);
  EXPECT_TRUE(bool(program)) << llvm::toString(program.takeError());
  return std::move(*program);
}

std::string runError(Program program, bool provideInput = true) {
  llvm::Expected<Simulator> simulator = Simulator::create(std::move(program));
  if (!simulator)
    return llvm::toString(simulator.takeError());
  if (provideInput) {
    NpyArray x{DType::F32, {1, 4, 4, 8}, std::vector<uint8_t>(512)};
    if (llvm::Error error = simulator->setInput("x", x))
      return llvm::toString(std::move(error));
  }
  llvm::Expected<SimReport> report = simulator->run();
  return report ? "<no error>" : llvm::toString(report.takeError());
}

TEST(HostileProgramTest, OutOfRangeAddressNamesTheInstruction) {
  LoadBiasOp ok;
  ok.count = 4;
  LoadInputOp bad;
  bad.dramAddr = 1 << 30;
  bad.tensorH = bad.tensorW = bad.boxH = bad.boxW = bad.boxC = 1;
  std::string error = runError(programWith({Instruction(ok), Instruction(ok),
                                            Instruction(ok), Instruction(bad)}));
  EXPECT_NE(error.find("instruction 3 (LOAD_INPUT): DRAM range"),
            std::string::npos)
      << error;
}

TEST(HostileProgramTest, BufferOverflowNamesTheInstruction) {
  ConvOp conv;
  conv.inH = conv.inW = 200;
  conv.inC = 8;
  conv.outK = 1;
  conv.kernelH = conv.kernelW = 1;
  // The outputs need the whole 200x200 box: more than the input buffer.
  conv.outH = conv.outW = 200;
  std::string error = runError(programWith({Instruction(conv)}));
  EXPECT_NE(error.find("instruction 0 (CONV): input buffer range"),
            std::string::npos)
      << error;
}

TEST(HostileProgramTest, MissingTokenIsADeadlock) {
  DepFlags pop;
  pop.popPrev = true;
  std::string error = runError(programWith({Instruction(PostOp{}, pop)}));
  EXPECT_NE(error.find("instruction 0 (POST): deadlock"), std::string::npos)
      << error;
}

TEST(HostileProgramTest, InputsAreChecked) {
  EXPECT_NE(runError(programWith({}), false).find("input 'x' was not provided"),
            std::string::npos);
  llvm::Expected<Simulator> simulator = Simulator::create(programWith({}));
  ASSERT_TRUE(bool(simulator));
  NpyArray wrongShape{DType::F32, {1, 4, 4, 3}, std::vector<uint8_t>(192)};
  EXPECT_NE(llvm::toString(simulator->setInput("x", wrongShape))
                .find("has shape 1x4x4x8, the array has 1x4x4x3"),
            std::string::npos);
  NpyArray wrongType{DType::I8, {1, 4, 4, 8}, std::vector<uint8_t>(128)};
  EXPECT_NE(llvm::toString(simulator->setInput("x", wrongType)).find("is f32"),
            std::string::npos);
  EXPECT_NE(llvm::toString(simulator->setInput("z", wrongType))
                .find("no tensor 'z' (its inputs: x)"),
            std::string::npos);
}

TEST(HostileProgramTest, RandomInstructionsNeverCrash) {
  std::mt19937_64 rng(3);
  const Opcode opcodes[] = {Opcode::LoadInput, Opcode::LoadWeight,
                            Opcode::LoadBias,  Opcode::LoadAcc,
                            Opcode::Conv,      Opcode::Post,
                            Opcode::Store,     Opcode::Barrier};
  int failures = 0;
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<Instruction> instructions;
    for (int i = 0; i < 6; ++i) {
      Instruction inst;
      inst.body = makeBody(opcodes[rng() % 8]);
      forEachField(inst, [&](FieldSpec spec, int64_t &value) {
        uint64_t raw = rng() & ((uint64_t(1) << spec.bits) - 1);
        if (spec.kind == FieldKind::Element)
          value = int64_t(raw % 3);
        else if (spec.kind == FieldKind::ActivationKind)
          value = int64_t(raw % 6);
        else if (spec.kind == FieldKind::Signed)
          value = int64_t(raw % 9) - 4;
        else if (spec.kind == FieldKind::Float)
          value = int64_t(raw & 0xffffffff);
        else
          value = rng() % 4 == 0 ? int64_t(raw) : int64_t(raw % 40);
      });
      instructions.push_back(inst);
    }
    // Random dtypes rarely agree along the data flow: the verifier
    // rejects most of these before the simulator sees them.
    llvm::Expected<Program> program = tryProgramWith(instructions);
    if (!program) {
      llvm::consumeError(program.takeError());
      ++failures;
      continue;
    }
    std::string error = runError(std::move(*program));
    failures += error != "<no error>";
  }
  EXPECT_GT(failures, 0);
}

// A STORE with all-zero pitches passes every bounds check yet would loop
// 2^48 times (and overflow the timing model's element count): the work
// limit stops it before it runs, naming the instruction.
TEST(HostileProgramTest, WorkLimitStopsUnboundedBoxes) {
  StoreOp store;
  store.planes = store.boxH = store.boxW = store.boxC = 65535;
  store.dtype = int64_t(DType::F32);
  std::string error = runError(programWith({Instruction(store)}));
  EXPECT_NE(error.find("instruction 0 (STORE): the run exceeds the "
                       "simulator's work limit"),
            std::string::npos)
      << error;
  EXPECT_EQ(instructionWork(Instruction(store)),
            uint64_t(65535) * 65535 * 65535 * 65535);
  // No channels, but 12992 x 9280 pixels to visit (a fuzzer find that took
  // seconds before empty extents counted as 1).
  LoadInputOp empty;
  empty.boxH = 12992;
  empty.boxW = 9280;
  empty.boxC = 0;
  EXPECT_EQ(instructionWork(Instruction(empty)), uint64_t(12992) * 9280);
  ConvOp conv;
  conv.outH = conv.outW = conv.outK = conv.inC = 65535;
  conv.kernelH = conv.kernelW = 255;
  EXPECT_EQ(instructionWork(Instruction(conv)), UINT64_MAX); // saturates
}

TEST(HostileProgramTest, LimitsAreChecked) {
  // The work of the whole stream is summed before anything runs: the
  // error comes from create, naming the instruction that crosses the limit.
  SimLimits tight;
  tight.maxWork = 100;
  LoadBiasOp bias;
  bias.count = 64;
  llvm::Expected<Simulator> simulator = Simulator::create(
      programWith({Instruction(bias), Instruction(bias)}), tight);
  ASSERT_FALSE(bool(simulator));
  EXPECT_NE(llvm::toString(simulator.takeError())
                .find("instruction 1 (LOAD_BIAS): the run exceeds the "
                      "simulator's work limit of 100"),
            std::string::npos);
  // 0 is not "unlimited" past the hard ceiling that keeps the timing
  // model's 64-bit counts exact.
  SimLimits none;
  none.maxWork = 0;
  StoreOp store;
  store.planes = store.boxH = store.boxW = store.boxC = 65535;
  simulator = Simulator::create(programWith({Instruction(store)}), none);
  ASSERT_FALSE(bool(simulator));
  EXPECT_NE(llvm::toString(simulator.takeError())
                .find("instruction 0 (STORE): the run exceeds the "
                      "simulator's work limit of 72057594037927936"),
            std::string::npos);

  SimLimits fewInstructions;
  fewInstructions.maxInstructions = 2;
  simulator = Simulator::create(
      programWith({Instruction(bias), Instruction(bias)}), fewInstructions);
  ASSERT_FALSE(bool(simulator));
  EXPECT_NE(
      llvm::toString(simulator.takeError())
          .find("has 3 instructions, more than the simulator's limit of 2"),
      std::string::npos);

  // A target whose buffers cannot be allocated is an error, not an abort
  // in the allocator (validateTarget allows each buffer up to 2^32 bytes:
  // 4 + 4 GiB of buffers and 8 GiB of accumulator views exceed 16 GiB).
  Program huge = programWith({});
  huge.target.inputBufferBytes = int64_t(1) << 32;
  huge.target.weightBufferBytes = int64_t(1) << 32;
  huge.target.accBufferBytes = int64_t(1) << 32;
  simulator = Simulator::create(std::move(huge));
  ASSERT_FALSE(bool(simulator));
  EXPECT_NE(llvm::toString(simulator.takeError())
                .find("bytes of DRAM and on-chip buffers, more than the "
                      "simulator's limit"),
            std::string::npos);
}

// A CONV with no input channels is legal and computes zeros (the fuzzer's
// first find in Machine: a memcpy from an empty scratch vector).
TEST(HostileProgramTest, ConvWithoutInputChannels) {
  ConvOp conv;
  conv.inH = conv.inW = 2;
  conv.inC = 0;
  conv.outK = 4;
  conv.kernelH = conv.kernelW = 1;
  conv.outH = conv.outW = 2;
  conv.dtype = int64_t(DType::F32);
  EXPECT_EQ(runError(programWith({Instruction(conv)})), "<no error>");
  conv.dtype = int64_t(DType::I8);
  EXPECT_EQ(runError(programWith({Instruction(conv)})), "<no error>");
}

// An i8 clamp bound far outside int64 (1.2e26) was converted to int64
// (undefined behaviour; on x86 every output became -128). Bounds beyond the
// int8 range act like the range's end: lo = 1.2e26 clamps everything up.
TEST(HostileProgramTest, HugeInt8ClampBoundsSaturate) {
  PostOp post;
  post.pixels = 1;
  post.channels = 4;
  post.zeroAcc = 1;
  post.activation = int64_t(Activation::Clamp);
  post.clampLo = floatToField(1.2e26f);
  post.clampHi = floatToField(-1.2e26f);
  post.multiplier = 1;
  post.dtype = int64_t(DType::I8);
  Machine machine(*lookupPreset("nvdla-small"), 64);
  ASSERT_FALSE(bool(machine.execute(Instruction(post))));
  for (int c = 0; c < 4; ++c)
    EXPECT_EQ(machine.accI32[c], 127);
  post.clampLo = floatToField(-1.2e26f);
  post.clampHi = floatToField(-1.2e26f);
  ASSERT_FALSE(bool(machine.execute(Instruction(post))));
  for (int c = 0; c < 4; ++c)
    EXPECT_EQ(machine.accI32[c], -128);
}

} // namespace
