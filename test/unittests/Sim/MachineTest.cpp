//===- MachineTest.cpp - Each simulator instruction on its own ------------===//

#include "accel/ISA/Latency.h"
#include "accel/Sim/Machine.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>

using namespace accel;
using namespace accel::isa;
using namespace accel::sim;

namespace {

class MachineTest : public ::testing::Test {
protected:
  MachineTest() : machine(*lookupPreset("nvdla-small"), 4096) {}

  void putF32(uint64_t addr, std::initializer_list<float> values) {
    for (float value : values) {
      std::memcpy(&machine.dram[addr], &value, 4);
      addr += 4;
    }
  }
  float inputF32(int64_t addr) {
    float value;
    std::memcpy(&value, &machine.inputBuffer[addr], 4);
    return value;
  }
  float dramF32(int64_t addr) {
    float value;
    std::memcpy(&value, &machine.dram[addr], 4);
    return value;
  }
  std::string errorOf(const Instruction &inst) {
    llvm::Error error = machine.execute(inst);
    return error ? llvm::toString(std::move(error)) : "<no error>";
  }

  Machine machine;
};

TEST_F(MachineTest, LoadInputCopiesTheBoxAndFillsPadding) {
  // A 2x2x1 f32 tensor at 0: [[1,2],[3,4]]; box origin (-1,-1), 3x3.
  putF32(0, {1, 2, 3, 4});
  LoadInputOp load;
  load.tensorH = load.tensorW = 2;
  load.rowStride = 8;
  load.pixelStride = 4;
  load.originY = load.originX = -1;
  load.boxH = load.boxW = 3;
  load.boxC = 1;
  load.bufAddr = 16;
  ASSERT_FALSE(bool(machine.execute(Instruction(load))));
  const float expected[] = {0, 0, 0, 0, 1, 2, 0, 3, 4};
  for (int i = 0; i < 9; ++i)
    EXPECT_EQ(inputF32(16 + 4 * i), expected[i]) << i;
}

TEST_F(MachineTest, LoadInputFillsInt8PaddingWithTheZeroPoint) {
  machine.dram[0] = 5;
  LoadInputOp load;
  load.tensorH = load.tensorW = 1;
  load.rowStride = load.pixelStride = 1;
  load.originY = 0;
  load.originX = -1;
  load.boxH = 1;
  load.boxW = 2;
  load.boxC = 1;
  load.fill = -7;
  load.dtype = int64_t(DType::I8);
  ASSERT_FALSE(bool(machine.execute(Instruction(load))));
  EXPECT_EQ(int8_t(machine.inputBuffer[0]), -7);
  EXPECT_EQ(int8_t(machine.inputBuffer[1]), 5);
}

TEST_F(MachineTest, LoadWeightAndBiasGatherRows) {
  // Two output channels, one tap, 2 of 3 channels (stride 12 bytes).
  putF32(0, {1, 2, 3, 4, 5, 6});
  LoadWeightOp load;
  load.count = 2;
  load.taps = 1;
  load.chans = 2;
  load.countStride = 12;
  load.tapStride = 12;
  ASSERT_FALSE(bool(machine.execute(Instruction(load))));
  float got[4];
  std::memcpy(got, machine.weightBuffer.data(), 16);
  EXPECT_EQ(got[0], 1);
  EXPECT_EQ(got[1], 2);
  EXPECT_EQ(got[2], 4);
  EXPECT_EQ(got[3], 5);
  LoadBiasOp bias;
  bias.dramAddr = 4;
  bias.count = 2;
  bias.bufAddr = 64;
  ASSERT_FALSE(bool(machine.execute(Instruction(bias))));
  std::memcpy(got, machine.weightBuffer.data() + 64, 8);
  EXPECT_EQ(got[0], 2);
  EXPECT_EQ(got[1], 3);
}

TEST_F(MachineTest, ConvComputesAHandCheckedTile) {
  // 3x3 single-channel input 1..9, 2x2 kernel of ones, two output
  // channels (second kernel = 2x first), stride 1 -> 2x2 outputs.
  for (int i = 0; i < 9; ++i) {
    float value = float(i + 1);
    std::memcpy(&machine.inputBuffer[4 * i], &value, 4);
  }
  for (int k = 0; k < 2; ++k)
    for (int tap = 0; tap < 4; ++tap) {
      float value = float(k + 1);
      std::memcpy(&machine.weightBuffer[4 * (k * 4 + tap)], &value, 4);
    }
  ConvOp conv;
  conv.inH = conv.inW = 3;
  conv.inC = 1;
  conv.outK = 2;
  conv.kernelH = conv.kernelW = 2;
  conv.outH = conv.outW = 2;
  conv.accAddr = 10;
  ASSERT_FALSE(bool(machine.execute(Instruction(conv))));
  const float sums[] = {12, 16, 24, 28};
  for (int p = 0; p < 4; ++p) {
    EXPECT_EQ(machine.accF32[10 + 2 * p], sums[p]);
    EXPECT_EQ(machine.accF32[10 + 2 * p + 1], 2 * sums[p]);
  }
  conv.accumulate = 1;
  ASSERT_FALSE(bool(machine.execute(Instruction(conv))));
  EXPECT_EQ(machine.accF32[10], 24);
  // Stride 2, dilation 2 on a 1x1 output: taps (0,0),(0,2),(2,0),(2,2).
  conv.accumulate = 0;
  conv.outH = conv.outW = 1;
  conv.dilationH = conv.dilationW = 2;
  ASSERT_FALSE(bool(machine.execute(Instruction(conv))));
  EXPECT_EQ(machine.accF32[10], 1 + 3 + 7 + 9);
}

TEST_F(MachineTest, ConvWithAnAccPitchWritesAColumnRangeOfARow) {
  // 3x3 single-channel input 1..9, one 1x1 tap of weight 2, one output
  // channel: a CONV over input columns 1..2 of rows 0..2 (a split kernel's
  // tap skipping column 0) writes columns 1..2 of a 3x3 accumulator tile
  // at entry 20, row pitch 3; column 0 keeps what it held.
  for (int i = 0; i < 9; ++i) {
    float value = float(i + 1);
    std::memcpy(&machine.inputBuffer[4 * i], &value, 4);
  }
  float weight = 2;
  std::memcpy(&machine.weightBuffer[0], &weight, 4);
  for (int e = 0; e < 9; ++e)
    machine.accF32[20 + e] = -1;
  ConvOp conv;
  conv.inAddr = 4; // input column 1 of row 0
  conv.inH = conv.inW = 3;
  conv.inC = 1;
  conv.outK = 1;
  conv.kernelH = conv.kernelW = 1;
  conv.outH = 3;
  conv.outW = 2;
  conv.accAddr = 21;
  conv.accPitch = 3;
  EXPECT_EQ(conv.accSpan(), 8);
  // It reads 2 + 3 + 3 pixels, ending at the box's last pixel.
  EXPECT_EQ(conv.inputPixels(), 8);
  ASSERT_FALSE(bool(machine.execute(Instruction(conv))));
  const float expected[] = {-1, 4, 6, -1, 10, 12, -1, 16, 18};
  for (int e = 0; e < 9; ++e)
    EXPECT_EQ(machine.accF32[20 + e], expected[e]) << e;
  conv.accumulate = 1;
  ASSERT_FALSE(bool(machine.execute(Instruction(conv))));
  EXPECT_EQ(machine.accF32[21], 8);
  EXPECT_EQ(machine.accF32[23], -1);
  // A pitch narrower than a row would overlap rows: rejected.
  conv.accPitch = 1;
  EXPECT_NE(errorOf(Instruction(conv)).find("acc_pitch 1 is less than"),
            std::string::npos);
}

TEST_F(MachineTest, ConvWithWeightPitchesRunsPartOfALargerKernel) {
  // A 2 x 3 kernel, two output channels, one input channel, in the weight
  // buffer as [k][ky][kx]: channel k's tap (ky, kx) = 10k + 3ky + kx + 1.
  for (int k = 0; k < 2; ++k)
    for (int ky = 0; ky < 2; ++ky)
      for (int kx = 0; kx < 3; ++kx) {
        float value = float(10 * k + 3 * ky + kx + 1);
        std::memcpy(&machine.weightBuffer[4 * (k * 6 + ky * 3 + kx)], &value,
                    4);
      }
  // A 2 x 2 input of ones.
  for (int i = 0; i < 4; ++i) {
    float one = 1;
    std::memcpy(&machine.inputBuffer[4 * i], &one, 4);
  }
  // Kernel columns 1..2 of both kernel rows (w_pitch: a channel's 6 taps,
  // w_row_pitch: a kernel row's 3): one output = the sum of those taps.
  ConvOp conv;
  conv.inH = conv.inW = 2;
  conv.inC = 1;
  conv.outK = 2;
  conv.kernelH = conv.kernelW = 2;
  conv.outH = conv.outW = 1;
  conv.weightAddr = 4; // tap (0, 1) of channel 0
  conv.weightPitch = 24;
  conv.weightRowPitch = 12;
  EXPECT_EQ(conv.weightSpan(4), 24 + 12 + 8);
  ASSERT_FALSE(bool(machine.execute(Instruction(conv))));
  EXPECT_EQ(machine.accF32[0], 2 + 3 + 5 + 6);
  EXPECT_EQ(machine.accF32[1], 12 + 13 + 15 + 16);
  // Kernel row 1 alone (kernel_h 1): only w_pitch matters.
  conv.kernelH = 1;
  conv.inH = 1;
  conv.weightAddr = 12; // tap (1, 0)
  conv.weightRowPitch = 0;
  conv.kernelW = 3;
  conv.inW = 3;
  for (int i = 0; i < 3; ++i) {
    float one = 1;
    std::memcpy(&machine.inputBuffer[4 * i], &one, 4);
  }
  ASSERT_FALSE(bool(machine.execute(Instruction(conv))));
  EXPECT_EQ(machine.accF32[0], 4 + 5 + 6);
  EXPECT_EQ(machine.accF32[1], 14 + 15 + 16);
  // Pitches narrower than what they step over are rejected.
  conv.weightPitch = 8;
  EXPECT_NE(errorOf(Instruction(conv)).find("w_pitch 8 is less than"),
            std::string::npos);
  conv.weightPitch = 24;
  conv.kernelH = 2;
  conv.inH = 2;
  conv.weightRowPitch = 4;
  EXPECT_NE(errorOf(Instruction(conv)).find("w_row_pitch 4 is less than"),
            std::string::npos);
}

TEST_F(MachineTest, Int8ConvSubtractsZeroPoints) {
  machine.inputBuffer[0] = uint8_t(int8_t(-3));
  machine.inputBuffer[1] = uint8_t(int8_t(10));
  machine.weightBuffer[0] = uint8_t(int8_t(4));
  machine.weightBuffer[1] = uint8_t(int8_t(-128));
  ConvOp conv;
  conv.inH = conv.inW = 1;
  conv.inC = 2;
  conv.outK = 1;
  conv.kernelH = conv.kernelW = 1;
  conv.outH = conv.outW = 1;
  conv.inputZp = 2;
  conv.weightZp = -1;
  conv.dtype = int64_t(DType::I8);
  ASSERT_FALSE(bool(machine.execute(Instruction(conv))));
  EXPECT_EQ(machine.accI32[0], (-3 - 2) * (4 + 1) + (10 - 2) * (-128 + 1));
}

TEST_F(MachineTest, PostAppliesBiasAndEveryActivation) {
  float bias = 0.5f;
  std::memcpy(&machine.weightBuffer[100], &bias, 4);
  auto run = [&](Activation act, float in) {
    machine.accF32[0] = in;
    PostOp post;
    post.pixels = post.channels = 1;
    post.hasBias = 1;
    post.biasAddr = 100;
    post.activation = int64_t(act);
    post.clampLo = floatToField(-1);
    post.clampHi = floatToField(1);
    post.alpha = floatToField(0.25f);
    EXPECT_FALSE(bool(machine.execute(Instruction(post))));
    return machine.accF32[0];
  };
  EXPECT_EQ(run(Activation::None, 1), 1.5f);
  EXPECT_EQ(run(Activation::Relu, -2), 0.0f);
  EXPECT_EQ(run(Activation::Clamp, 3), 1.0f);
  EXPECT_EQ(run(Activation::Clamp, -3), -1.0f);
  EXPECT_EQ(run(Activation::LeakyRelu, -2.5f), -0.5f);
  EXPECT_FLOAT_EQ(run(Activation::Tanh, 0.5f), std::tanh(1.0f));
  EXPECT_FLOAT_EQ(run(Activation::Sigmoid, -0.5f), 0.5f);
  // zero_acc ignores the accumulator: a bias-only phase.
  machine.accF32[0] = 99;
  PostOp fill;
  fill.pixels = fill.channels = 1;
  fill.hasBias = 1;
  fill.biasAddr = 100;
  fill.zeroAcc = 1;
  ASSERT_FALSE(bool(machine.execute(Instruction(fill))));
  EXPECT_EQ(machine.accF32[0], 0.5f);
}

TEST_F(MachineTest, PostRequantizesAndSaturatesInt8) {
  int32_t bias = 100;
  std::memcpy(&machine.weightBuffer[0], &bias, 4);
  auto run = [&](int32_t acc, Activation act) {
    machine.accI32[0] = acc;
    PostOp post;
    post.pixels = post.channels = 1;
    post.hasBias = 1;
    post.activation = int64_t(act);
    post.clampLo = floatToField(-5);
    post.clampHi = floatToField(20);
    post.multiplier = 1 << 30; // x 0.5 with shift 31
    post.shift = 31;
    post.outputZp = 3;
    post.dtype = int64_t(DType::I8);
    EXPECT_FALSE(bool(machine.execute(Instruction(post))));
    return machine.accI32[0];
  };
  EXPECT_EQ(run(-80, Activation::None), 10 + 3);  // (20 * 0.5) + zp
  EXPECT_EQ(run(-99, Activation::None), 1 + 3);   // 0.5 rounds up
  EXPECT_EQ(run(1000, Activation::None), 127);    // saturates
  EXPECT_EQ(run(-1000, Activation::None), -128);
  EXPECT_EQ(run(-200, Activation::Relu), 3);      // relu at the zero point
  EXPECT_EQ(run(1000, Activation::Clamp), 20);
  PostOp tanh;
  tanh.dtype = int64_t(DType::I8);
  tanh.activation = int64_t(Activation::Tanh);
  EXPECT_NE(errorOf(Instruction(tanh)).find("not supported for i8"),
            std::string::npos);
}

TEST_F(MachineTest, LoadAccOverwritesAndAccumulates) {
  putF32(0, {1.5f, -2});
  LoadAccOp load;
  load.boxH = load.boxW = 1;
  load.boxC = 2;
  load.accAddr = 5;
  ASSERT_FALSE(bool(machine.execute(Instruction(load))));
  load.accumulate = 1;
  ASSERT_FALSE(bool(machine.execute(Instruction(load))));
  EXPECT_EQ(machine.accF32[5], 3.0f);
  EXPECT_EQ(machine.accF32[6], -4.0f);
  // int8: ((x - zp) * m) >> s.
  machine.dram[100] = uint8_t(int8_t(-7));
  LoadAccOp q;
  q.dramAddr = 100;
  q.boxH = q.boxW = q.boxC = 1;
  q.zeroPoint = 1;
  q.multiplier = 3;
  q.shift = 1;
  q.dtype = int64_t(DType::I8);
  ASSERT_FALSE(bool(machine.execute(Instruction(q))));
  EXPECT_EQ(machine.accI32[0], -12); // (-8 * 3 + 1) >> 1 = -23 >> 1 = -12
}

TEST_F(MachineTest, StoreWritesStridedPlanes) {
  for (int i = 0; i < 8; ++i)
    machine.accF32[i] = float(i);
  // Accumulators [2 planes][1][2][2] -> planes 1000 bytes apart, pixels
  // 16 bytes apart.
  StoreOp store;
  store.planes = 2;
  store.boxH = 1;
  store.boxW = 2;
  store.boxC = 2;
  store.accPlanePitch = 4;
  store.accRowPitch = 4;
  store.accPixelPitch = 2;
  store.dramAddr = 64;
  store.planeStride = 1000;
  store.rowStride = 0;
  store.pixelStride = 16;
  ASSERT_FALSE(bool(machine.execute(Instruction(store))));
  EXPECT_EQ(dramF32(64), 0);
  EXPECT_EQ(dramF32(68), 1);
  EXPECT_EQ(dramF32(80), 2);
  EXPECT_EQ(dramF32(1064), 4);
  EXPECT_EQ(dramF32(1084), 7);
  machine.accI32[0] = 300;
  StoreOp narrow;
  narrow.boxH = narrow.boxW = narrow.boxC = 1;
  narrow.dtype = int64_t(DType::I8);
  ASSERT_FALSE(bool(machine.execute(Instruction(narrow))));
  EXPECT_EQ(int8_t(machine.dram[0]), 127);
}

TEST_F(MachineTest, EveryOutOfRangeAccessIsAnError) {
  LoadInputOp load;
  load.tensorH = load.tensorW = 1;
  load.boxH = load.boxW = load.boxC = 1;
  load.dramAddr = 4094; // 4 bytes needed, 2 left
  EXPECT_NE(errorOf(Instruction(load)).find("DRAM range"), std::string::npos);
  load.dramAddr = 0;
  load.bufAddr = machine.inputBuffer.size() - 2;
  EXPECT_NE(errorOf(Instruction(load)).find("input buffer range"),
            std::string::npos);

  LoadWeightOp weights;
  weights.count = 2;
  weights.taps = 1;
  weights.chans = 1;
  weights.countStride = 4095;
  EXPECT_NE(errorOf(Instruction(weights)).find("DRAM range"), std::string::npos);

  LoadBiasOp bias;
  bias.count = 60000;
  EXPECT_NE(errorOf(Instruction(bias)).find("range"), std::string::npos);

  ConvOp conv;
  conv.inH = conv.inW = 2;
  conv.inC = 1;
  conv.outK = 1;
  conv.kernelH = conv.kernelW = 3;
  conv.outH = conv.outW = 1;
  EXPECT_NE(errorOf(Instruction(conv)).find("input box"), std::string::npos);
  conv.kernelH = conv.kernelW = 1;
  conv.accAddr = accEntries(machine.target()) - 0;
  EXPECT_NE(errorOf(Instruction(conv)).find("accumulator range"),
            std::string::npos);
  conv.accAddr = 0;
  conv.strideH = 0;
  EXPECT_NE(errorOf(Instruction(conv)).find("at least 1"), std::string::npos);

  PostOp post;
  post.pixels = 1 << 30;
  post.channels = 1000;
  EXPECT_NE(errorOf(Instruction(post)).find("accumulator range"),
            std::string::npos);

  StoreOp store;
  store.boxH = store.boxW = store.boxC = 1;
  store.dramAddr = (int64_t(1) << 40) - 1;
  EXPECT_NE(errorOf(Instruction(store)).find("DRAM range"), std::string::npos);
  store.dramAddr = 0;
  store.accAddr = accEntries(machine.target());
  EXPECT_NE(errorOf(Instruction(store)).find("accumulator range"),
            std::string::npos);

  LoadInputOp i32;
  i32.dtype = int64_t(DType::I32);
  EXPECT_NE(errorOf(Instruction(i32)).find("not supported"), std::string::npos);
}

} // namespace
