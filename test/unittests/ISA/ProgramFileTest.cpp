//===- ProgramFileTest.cpp - Program file: round trips and hostile input --===//

#include "accel/ISA/Assembly.h"
#include "accel/Schedule/ConvSchedule.h"
#include "accel/ISA/Program.h"

#include "llvm/Support/CRC.h"

#include "gtest/gtest.h"

#include <algorithm>

using namespace accel;
using namespace accel::isa;
using namespace accel::schedule;

namespace {

/// A small conv program on nvdla-small: input, weights, bias, output.
Program makeConvProgram() {
  TargetDesc target = *lookupPreset("nvdla-small");
  ProgramBuilder builder(target);
  // Every layer field survives both round trips (the name needs escaping).
  uint16_t layer = builder.addLayer(ProgramLayer{
      "conv \"quoted\"\\name", "transpose_conv2d", "split", "3x6x8x8/spatial_outer",
      12345});
  ConvShape shape;
  shape.inH = shape.inW = 6;
  shape.inC = 8;
  shape.outC = 16;
  shape.kernelH = shape.kernelW = 3;
  shape.padTop = shape.padBottom = shape.padLeft = shape.padRight = 1;
  std::vector<uint8_t> weights(16 * 3 * 3 * 8 * 4);
  for (size_t i = 0; i < weights.size(); ++i)
    weights[i] = uint8_t(i * 7);
  std::vector<uint8_t> bias(16 * 4, 0x3f);
  ConvOperands operands;
  operands.weights = builder.addConstant("w", DType::F32, {16, 3, 3, 8}, weights);
  operands.bias = builder.addConstant("b", DType::F32, {16}, bias);
  operands.input = DramView::dense(
      builder.addTensor("x", TensorRole::Input, DType::F32, {1, 6, 6, 8}), 6, 6,
      8, 4);
  operands.output = DramView::dense(
      builder.addTensor("y", TensorRole::Output, DType::F32, {1, 6, 6, 16}), 6,
      6, 16, 4);
  VectorSink sink(builder.instructions());
  TilingChoice tiling{3, 6, 8, 8, LoopOrder::SpatialOuter};
  EXPECT_FALSE(bool(generateConvSchedule(shape, ConvEpilogue{}, tiling,
                                         operands, target, layer, sink)));
  llvm::Expected<Program> program = builder.finish();
  EXPECT_TRUE(bool(program)) << llvm::toString(program.takeError());
  return std::move(*program);
}

void expectSamePrograms(const Program &a, const Program &b) {
  EXPECT_EQ(a.target.name, b.target.name);
  EXPECT_EQ(a.target.atomicC, b.target.atomicC);
  EXPECT_EQ(a.target.energy.dramPJPerByte, b.target.energy.dramPJPerByte);
  EXPECT_EQ(a.dramBytes, b.dramBytes);
  ASSERT_EQ(a.tensors.size(), b.tensors.size());
  for (size_t i = 0; i < a.tensors.size(); ++i) {
    EXPECT_EQ(a.tensors[i].name, b.tensors[i].name);
    EXPECT_EQ(a.tensors[i].role, b.tensors[i].role);
    EXPECT_EQ(a.tensors[i].dtype, b.tensors[i].dtype);
    EXPECT_EQ(a.tensors[i].shape, b.tensors[i].shape);
    EXPECT_EQ(a.tensors[i].dramAddr, b.tensors[i].dramAddr);
    EXPECT_EQ(a.tensors[i].interfaceShape, b.tensors[i].interfaceShape);
    EXPECT_EQ(a.tensors[i].interfacePerm, b.tensors[i].interfacePerm);
  }
  EXPECT_EQ(a.layers, b.layers);
  ASSERT_EQ(a.segments.size(), b.segments.size());
  for (size_t i = 0; i < a.segments.size(); ++i) {
    EXPECT_EQ(a.segments[i].dramAddr, b.segments[i].dramAddr);
    EXPECT_EQ(a.segments[i].data(), b.segments[i].data());
  }
  EXPECT_EQ(a.instructions, b.instructions);
  EXPECT_TRUE(a.hostOps == b.hostOps);
}

std::string errorOf(llvm::ArrayRef<uint8_t> bytes) {
  llvm::Expected<Program> program = readProgramBinary(bytes);
  return program ? "<no error>" : llvm::toString(program.takeError());
}

void fixChecksum(std::vector<uint8_t> &bytes) {
  uint32_t crc = llvm::crc32(llvm::ArrayRef(bytes).drop_back(4));
  for (int i = 0; i < 4; ++i)
    bytes[bytes.size() - 4 + i] = uint8_t(crc >> (8 * i));
}


/// makeConvProgram plus a host op (a channel sum of the conv's output)
/// run after the conv.
Program makeHostProgram() {
  Program program = makeConvProgram();
  const TensorInfo *output = program.findTensor("y");
  HostOpRecord record;
  record.kind = "tosa.reduce_sum";
  record.params = {3};
  record.operands.push_back(
      HostTensor{output->dramAddr, DType::F32, {1, 6, 6, 16}});
  record.result = HostTensor{output->dramAddr, DType::F32, {1, 6, 6, 1}};
  program.hostOps.push_back(record);
  program.instructions.insert(program.instructions.end() - 1,
                              Instruction(HostOp{0}, DepFlags{}, 0));
  return program;
}

/// Writes `program` as a binary, reads it back and compares.
void expectBinaryRoundTrip(const Program &program) {
  llvm::Expected<std::vector<uint8_t>> bytes = writeProgramBinary(program);
  ASSERT_TRUE(bool(bytes)) << llvm::toString(bytes.takeError());
  llvm::Expected<Program> read = readProgramBinary(*bytes);
  ASSERT_TRUE(bool(read)) << llvm::toString(read.takeError());
  expectSamePrograms(program, *read);
}

TEST(ProgramFileTest, BinaryRoundTrip) {
  Program program = makeConvProgram();
  EXPECT_GT(program.instructions.size(), 5u);
  expectBinaryRoundTrip(program);
}

TEST(ProgramFileTest, HostOpsRoundTrip) {
  Program program = makeHostProgram();
  expectBinaryRoundTrip(program);
  std::string text;
  llvm::raw_string_ostream os(text);
  printProgramAsm(program, os);
  os.flush();
  EXPECT_NE(text.find(".host kind=tosa.reduce_sum params=3 in=f32:1x6x6x16@"),
            std::string::npos)
      << text;
  llvm::Expected<Program> parsed = parseProgramAsm(text);
  ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
  expectSamePrograms(program, *parsed);
  // Every truncation of the host section is an error, never a crash.
  std::vector<uint8_t> bytes = *writeProgramBinary(program);
  for (size_t size = bytes.size() - 80; size < bytes.size(); ++size)
    EXPECT_FALSE(
        bool(readProgramBinary(llvm::ArrayRef(bytes).take_front(size))));
}

TEST(ProgramFileTest, Version2ReadsWithoutHostOps) {
  Program program = makeConvProgram();
  program.layers[0] = ProgramLayer{"conv", "", "", "", -1};
  std::vector<uint8_t> bytes = *writeProgramBinary(program);
  // Version 2: layers are names only (no role, strategy and tiling strings,
  // 4 bytes each when empty, nor the 8-byte useful MAC count), and no host
  // op count before the checksum.
  bytes.erase(bytes.end() - 8, bytes.end() - 4);
  const uint8_t name[] = {4, 0, 0, 0, 'c', 'o', 'n', 'v'};
  auto at = std::search(bytes.begin(), bytes.end(), std::begin(name),
                        std::end(name));
  ASSERT_NE(at, bytes.end());
  bytes.erase(at + sizeof(name), at + sizeof(name) + 3 * 4 + 8);
  bytes[8] = 2;
  fixChecksum(bytes);
  llvm::Expected<Program> read = readProgramBinary(bytes);
  ASSERT_TRUE(bool(read)) << llvm::toString(read.takeError());
  expectSamePrograms(program, *read);
}

TEST(ProgramFileTest, HostileHostOpsAreClearErrors) {
  auto errorFor = [](llvm::function_ref<void(Program &)> corrupt) {
    Program program = makeHostProgram();
    corrupt(program);
    llvm::Error error = verifyProgram(program);
    return error ? llvm::toString(std::move(error)) : "<no error>";
  };
  EXPECT_NE(errorFor([](Program &p) { p.hostOps[0].params = {4}; })
                .find("host op 0: tosa.reduce_sum: a reduction takes one "
                      "parameter, an axis in [0, 4)"),
            std::string::npos);
  EXPECT_NE(errorFor([](Program &p) { p.hostOps[0].kind = "tosa.sin"; })
                .find("unknown host op kind 'tosa.sin'"),
            std::string::npos);
  EXPECT_NE(errorFor([](Program &p) {
              p.hostOps[0].operands[0].shape = {1, int64_t(1) << 32,
                                                int64_t(1) << 32, 1 << 20};
              p.hostOps[0].result.shape = {1, int64_t(1) << 32,
                                           int64_t(1) << 32, 1};
            }).find("lies outside DRAM"),
            std::string::npos);
  EXPECT_NE(errorFor([](Program &p) { p.hostOps.push_back(p.hostOps[0]); })
                .find("host op 1 is not run by any HOST instruction"),
            std::string::npos);
  EXPECT_NE(errorFor([](Program &p) {
              p.instructions.insert(p.instructions.end() - 1,
                                    Instruction(HostOp{0}, DepFlags{}, 0));
            }).find("is already run by an earlier HOST"),
            std::string::npos);
}

TEST(ProgramFileTest, AssemblyRoundTripIsLossless) {
  Program program = makeConvProgram();
  std::string text;
  llvm::raw_string_ostream os(text);
  printProgramAsm(program, os);
  os.flush();
  llvm::Expected<Program> parsed = parseProgramAsm(text);
  ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
  expectSamePrograms(program, *parsed);
  // And the binary of the reassembled program is byte-identical.
  EXPECT_EQ(*writeProgramBinary(program), *writeProgramBinary(*parsed));
}

TEST(ProgramFileTest, AssemblyErrorsNameTheLine) {
  Program program = makeConvProgram();
  std::string text;
  llvm::raw_string_ostream os(text);
  printProgramAsm(program, os);
  os.flush();
  size_t conv = text.find("\nCONV ");
  ASSERT_NE(conv, std::string::npos);
  std::string broken = text.substr(0, conv) + "\nCONV out_h=-1" +
                       text.substr(conv + 5);
  llvm::Expected<Program> parsed = parseProgramAsm(broken);
  ASSERT_FALSE(bool(parsed));
  EXPECT_NE(llvm::toString(parsed.takeError()).find("line "),
            std::string::npos);
  EXPECT_FALSE(bool(parseProgramAsm("END\n"))); // no .target
}

TEST(ProgramFileTest, EveryTruncationIsAnError) {
  std::vector<uint8_t> bytes = *writeProgramBinary(makeConvProgram());
  for (size_t size = 0; size < bytes.size(); ++size)
    EXPECT_FALSE(bool(readProgramBinary(llvm::ArrayRef(bytes).take_front(size))))
        << "prefix of " << size << " bytes was accepted";
}

TEST(ProgramFileTest, HeaderErrorsAreClear) {
  std::vector<uint8_t> bytes = *writeProgramBinary(makeConvProgram());
  std::vector<uint8_t> badMagic = bytes;
  badMagic[0] = 'X';
  EXPECT_NE(errorOf(badMagic).find("bad magic"), std::string::npos);
  std::vector<uint8_t> badVersion = bytes;
  badVersion[8] = 9;
  EXPECT_NE(errorOf(badVersion).find("unsupported program version 9"),
            std::string::npos);
  std::vector<uint8_t> trailing = bytes;
  trailing.insert(trailing.end() - 4, 0);
  fixChecksum(trailing);
  EXPECT_NE(errorOf(trailing).find("trailing"), std::string::npos);
}

TEST(ProgramFileTest, CorruptionIsCaughtByTheChecksum) {
  Program program = makeConvProgram();
  std::vector<uint8_t> bytes = *writeProgramBinary(program);
  // Flip a byte of the weight data: structurally valid, so only the CRC
  // can tell.
  std::vector<uint8_t> flipped = bytes;
  size_t instructions = program.instructions.size() * 64 + 4 + 4 + 4;
  flipped[bytes.size() - instructions - 10] ^= 0x40;
  EXPECT_NE(errorOf(flipped).find("checksum"), std::string::npos);
}

TEST(ProgramFileTest, ALargeFileIsChecksummedWhileItIsWritten) {
  // 3 MiB of weights: the writer computes the CRC-32 on a second thread
  // (kConcurrentChecksumBytes is 1 MiB) while it writes the bytes.
  TargetDesc target = *lookupPreset("nvdla-small");
  ProgramBuilder builder(target);
  std::vector<uint8_t> big(3 << 20);
  for (size_t i = 0; i < big.size(); ++i)
    big[i] = uint8_t((i * 2654435761u) >> 13);
  builder.addConstant("big", DType::F32, {int64_t(big.size() / 4)}, big);
  llvm::Expected<Program> program = builder.finish();
  ASSERT_TRUE(bool(program)) << llvm::toString(program.takeError());
  std::vector<uint8_t> bytes = *writeProgramBinary(*program);
  ASSERT_GT(bytes.size(), big.size());
  // The trailer is LLVM's CRC-32 of every byte before it.
  uint32_t stored = 0;
  for (int i = 0; i < 4; ++i)
    stored |= uint32_t(bytes[bytes.size() - 4 + i]) << (8 * i);
  EXPECT_EQ(stored, llvm::crc32(llvm::ArrayRef(bytes).drop_back(4)));
  llvm::Expected<Program> parsed = readProgramBinary(bytes);
  ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
  ASSERT_EQ(parsed->segments.size(), 1u);
  EXPECT_EQ(parsed->segments[0].bytes, big);
  // The writer for an already verified program writes the same bytes.
  std::string streamed;
  llvm::raw_string_ostream os(streamed);
  ASSERT_FALSE(bool(writeVerifiedProgramBinary(*program, os)));
  os.flush();
  EXPECT_TRUE(streamed == std::string(bytes.begin(), bytes.end()));
  // A flipped weight bit is still caught.
  bytes[bytes.size() / 2] ^= 0x01;
  EXPECT_NE(errorOf(bytes).find("checksum"), std::string::npos);
}

TEST(ProgramFileTest, ABorrowedSegmentIsWrittenAsItsBytes) {
  // accel-translate's programs point at the module's weights instead of
  // copying them (emit::EmitOptions::borrowWeights): the file, the
  // verifier and the simulator see the same bytes as with a copy.
  TargetDesc target = *lookupPreset("nvdla-small");
  ProgramBuilder builder(target);
  std::vector<uint8_t> weights(2 << 20);
  for (size_t i = 0; i < weights.size(); ++i)
    weights[i] = uint8_t((i * 40503u) >> 7);
  builder.addConstant("w", DType::F32, {int64_t(weights.size() / 4)}, weights);
  llvm::Expected<Program> owned = builder.finish();
  ASSERT_TRUE(bool(owned)) << llvm::toString(owned.takeError());
  std::vector<uint8_t> expected = *writeProgramBinary(*owned);

  std::vector<uint8_t> elsewhere = weights; // someone else's storage
  Program borrowing = *owned;
  borrowing.segments[0].bytes.clear();
  borrowing.segments[0].borrowed = elsewhere;
  EXPECT_EQ(borrowing.segments[0].data().data(), elsewhere.data());
  ASSERT_FALSE(bool(verifyProgram(borrowing)));
  llvm::Expected<std::vector<uint8_t>> written = writeProgramBinary(borrowing);
  ASSERT_TRUE(bool(written)) << llvm::toString(written.takeError());
  EXPECT_TRUE(*written == expected);
  std::string streamed;
  llvm::raw_string_ostream os(streamed);
  ASSERT_FALSE(bool(writeVerifiedProgramBinary(borrowing, os)));
  os.flush();
  EXPECT_TRUE(streamed == std::string(expected.begin(), expected.end()));
  // Read back, the segment owns its bytes.
  llvm::Expected<Program> parsed = readProgramBinary(*written);
  ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
  EXPECT_TRUE(parsed->segments[0].borrowed.empty());
  EXPECT_EQ(parsed->segments[0].bytes, weights);
}

TEST(ProgramFileTest, BadOpcodeNamesTheInstruction) {
  Program program = makeConvProgram();
  std::vector<uint8_t> bytes = *writeProgramBinary(program);
  size_t count = program.instructions.size();
  // After the instructions: the host op count (4 bytes) and the checksum.
  size_t third = bytes.size() - 8 - (count - 2) * 64;
  bytes[third] = 0xee;
  fixChecksum(bytes);
  std::string error = errorOf(bytes);
  EXPECT_NE(error.find("instruction 2: unknown opcode 238"), std::string::npos)
      << error;
}

TEST(ProgramFileTest, VerifierRejectsInconsistentMaps) {
  Program program = makeConvProgram();
  Program outside = program;
  outside.tensors[0].dramAddr = outside.dramBytes - 4;
  EXPECT_NE(llvm::toString(verifyProgram(outside)).find("outside DRAM"),
            std::string::npos);
  Program duplicate = program;
  duplicate.tensors[1].name = duplicate.tensors[0].name;
  EXPECT_NE(llvm::toString(verifyProgram(duplicate)).find("declared twice"),
            std::string::npos);
  Program noEnd = program;
  noEnd.instructions.pop_back();
  EXPECT_NE(llvm::toString(verifyProgram(noEnd)).find("END"), std::string::npos);
  Program huge = program;
  huge.tensors[0].shape = {int64_t(1) << 40, int64_t(1) << 40};
  EXPECT_FALSE(bool(writeProgramBinary(huge)));
  // Streamed: the error comes before the first byte.
  std::string written;
  llvm::raw_string_ostream os(written);
  llvm::Error error = writeProgramBinary(huge, os);
  EXPECT_TRUE(bool(error));
  llvm::consumeError(std::move(error));
  os.flush();
  EXPECT_TRUE(written.empty());
}

/// The conv program with an NCHW interface on its input and output.
Program makeNchwConvProgram() {
  Program program = makeConvProgram();
  for (TensorInfo &tensor : program.tensors)
    if (tensor.role == TensorRole::Input || tensor.role == TensorRole::Output) {
      tensor.interfaceShape = {tensor.shape[0], tensor.shape[3],
                               tensor.shape[1], tensor.shape[2]};
      tensor.interfacePerm = {0, 2, 3, 1};
    }
  return program;
}

/// The offset of input x's interface record (rank byte, dims, perm) in a
/// binary of makeNchwConvProgram.
size_t interfaceOffset(llvm::ArrayRef<uint8_t> bytes) {
  std::vector<uint8_t> record = {4};
  for (uint64_t dim : {1, 8, 6, 6})
    for (int i = 0; i < 8; ++i)
      record.push_back(uint8_t(dim >> (8 * i)));
  for (uint8_t axis : {0, 2, 3, 1})
    record.push_back(axis);
  auto it = std::search(bytes.begin(), bytes.end(), record.begin(), record.end());
  EXPECT_NE(it, bytes.end());
  return size_t(it - bytes.begin());
}

TEST(ProgramFileTest, InterfaceLayoutRoundTrips) {
  Program program = makeNchwConvProgram();
  llvm::Expected<std::vector<uint8_t>> bytes = writeProgramBinary(program);
  ASSERT_TRUE(bool(bytes)) << llvm::toString(bytes.takeError());
  llvm::Expected<Program> read = readProgramBinary(*bytes);
  ASSERT_TRUE(bool(read)) << llvm::toString(read.takeError());
  expectSamePrograms(program, *read);
  std::string text;
  llvm::raw_string_ostream os(text);
  printProgramAsm(program, os);
  os.flush();
  EXPECT_NE(text.find("shape=1x6x6x8 addr="), std::string::npos);
  EXPECT_NE(text.find(" interface=1x8x6x6 perm=0,2,3,1\n"), std::string::npos);
  llvm::Expected<Program> parsed = parseProgramAsm(text);
  ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
  expectSamePrograms(program, *parsed);
  EXPECT_EQ(*bytes, *writeProgramBinary(*parsed));
  for (size_t size = 0; size < bytes->size(); ++size)
    EXPECT_FALSE(bool(readProgramBinary(llvm::ArrayRef(*bytes).take_front(size))))
        << "prefix of " << size << " bytes was accepted";
}

TEST(ProgramFileTest, HostileInterfaceLayoutsAreClearErrors) {
  std::vector<uint8_t> bytes = *writeProgramBinary(makeNchwConvProgram());
  size_t at = interfaceOffset(bytes);
  std::vector<uint8_t> notPermutation = bytes;
  notPermutation[at + 1 + 4 * 8 + 2] = 2; // perm 0,2,2,1
  fixChecksum(notPermutation);
  EXPECT_NE(errorOf(notPermutation)
                .find("tensor 'x': interface perm [0,2,2,1] is not a "
                      "permutation of [0, 4)"),
            std::string::npos)
      << errorOf(notPermutation);
  std::vector<uint8_t> badCount = bytes;
  badCount[at + 1 + 3 * 8] = 5; // interface 1x8x6x5
  fixChecksum(badCount);
  EXPECT_NE(errorOf(badCount).find("tensor 'x': interface shape 1x8x6x5 has "
                                   "240 elements, the stored shape 1x6x6x8 "
                                   "288"),
            std::string::npos)
      << errorOf(badCount);
  std::vector<uint8_t> badRank = bytes;
  badRank[at] = 200;
  fixChecksum(badRank);
  EXPECT_NE(errorOf(badRank).find("tensor 'x': interface rank 200 is above 8"),
            std::string::npos)
      << errorOf(badRank);

  Program onWeight = makeConvProgram();
  onWeight.tensors[0].interfaceShape = onWeight.tensors[0].shape;
  onWeight.tensors[0].interfacePerm = {0, 1, 2, 3};
  EXPECT_NE(llvm::toString(verifyProgram(onWeight))
                .find("only inputs and outputs have an interface layout"),
            std::string::npos);
  Program noPerm = makeNchwConvProgram();
  noPerm.tensors[2].interfacePerm.clear();
  EXPECT_NE(llvm::toString(verifyProgram(noPerm)).find("is not a permutation"),
            std::string::npos);
}

} // namespace
