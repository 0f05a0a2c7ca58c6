//===- NpyTest.cpp - .npy reading and writing -----------------------------===//

#include "accel/Sim/Npy.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include "gtest/gtest.h"

#include <cstring>

using namespace accel;
using namespace accel::sim;
using isa::DType;

namespace {

std::vector<uint8_t> bytesOf(llvm::StringRef text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}

/// A file exactly as numpy 1.x writes np.arange(6, dtype=np.float32)
/// .reshape(2, 3) (header padded to 64 bytes).
std::vector<uint8_t> numpyWritten() {
  std::string header =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  std::string file = std::string("\x93NUMPY\x01\x00", 8);
  file += char(header.size());
  file += char(0);
  file += header;
  for (int i = 0; i < 6; ++i) {
    float value = float(i);
    file.append(reinterpret_cast<const char *>(&value), 4);
  }
  return bytesOf(file);
}

std::string errorOf(const std::vector<uint8_t> &bytes) {
  llvm::Expected<NpyArray> array = parseNpy(bytes);
  return array ? "<no error>" : llvm::toString(array.takeError());
}

TEST(NpyTest, ReadsWhatNumpyWrites) {
  llvm::Expected<NpyArray> array = parseNpy(numpyWritten());
  ASSERT_TRUE(bool(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->dtype, DType::F32);
  EXPECT_EQ(array->shape, (std::vector<int64_t>{2, 3}));
  float last;
  std::memcpy(&last, &array->data[20], 4);
  EXPECT_EQ(last, 5.0f);
}

TEST(NpyTest, RoundTripsEveryTypeAndRank) {
  const NpyArray arrays[] = {
      {DType::F32, {1, 4, 4, 3}, std::vector<uint8_t>(4 * 48, 7)},
      {DType::I8, {5}, {1, 2, 3, 4, 0xff}},
      {DType::I32, {}, {1, 0, 0, 0}},
      {DType::I8, {2, 0}, {}},
  };
  for (const NpyArray &array : arrays) {
    std::vector<uint8_t> bytes = serializeNpy(array);
    EXPECT_EQ((bytes.size() - array.data.size()) % 64, 0u);
    llvm::Expected<NpyArray> read = parseNpy(bytes);
    ASSERT_TRUE(bool(read)) << llvm::toString(read.takeError());
    EXPECT_EQ(read->dtype, array.dtype);
    EXPECT_EQ(read->shape, array.shape);
    EXPECT_EQ(read->data, array.data);
  }
}

TEST(NpyTest, ReadsVersionTwoHeaders) {
  std::vector<uint8_t> v1 = numpyWritten();
  std::vector<uint8_t> v2(v1.begin(), v1.begin() + 8);
  v2[6] = 2;
  uint32_t length = v1[8];
  for (int i = 0; i < 4; ++i)
    v2.push_back(uint8_t(length >> (8 * i)));
  v2.insert(v2.end(), v1.begin() + 10, v1.end());
  llvm::Expected<NpyArray> array = parseNpy(v2);
  ASSERT_TRUE(bool(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->shape, (std::vector<int64_t>{2, 3}));
}

TEST(NpyTest, CorruptFilesAreClearErrors) {
  std::vector<uint8_t> good = numpyWritten();
  std::vector<uint8_t> badMagic = good;
  badMagic[1] = 'X';
  EXPECT_NE(errorOf(badMagic).find("bad magic"), std::string::npos);
  std::vector<uint8_t> truncated(good.begin(), good.begin() + 30);
  EXPECT_NE(errorOf(truncated).find("truncated header"), std::string::npos);
  std::vector<uint8_t> shortData(good.begin(), good.end() - 1);
  EXPECT_NE(errorOf(shortData).find("23 bytes, the header's shape needs 24"),
            std::string::npos);
  auto withHeader = [&](llvm::StringRef from, llvm::StringRef to) {
    std::string text(good.begin(), good.end());
    size_t at = text.find(from.str());
    text.replace(at, from.size(), to.str());
    return bytesOf(text);
  };
  EXPECT_NE(errorOf(withHeader("'<f4'", "'>f4'")).find("big-endian"),
            std::string::npos);
  EXPECT_NE(errorOf(withHeader("'<f4'", "'<f8'")).find("unsupported dtype"),
            std::string::npos);
  EXPECT_NE(errorOf(withHeader("False", "True ")).find("Fortran"),
            std::string::npos);
  EXPECT_NE(errorOf(withHeader("(2, 3)", "(2, x)")).find("bad shape"),
            std::string::npos);
  std::vector<uint8_t> badVersion = good;
  badVersion[6] = 9;
  EXPECT_NE(errorOf(badVersion).find("version 9"), std::string::npos);
  EXPECT_NE(errorOf({}).find("bad magic"), std::string::npos);
}

TEST(NpyTest, FileWriteIsAtomicAndReadable) {
  llvm::SmallString<128> dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("npytest", dir));
  llvm::SmallString<128> path(dir);
  llvm::sys::path::append(path, "a.npy");
  NpyArray array{DType::I32, {2}, {1, 0, 0, 0, 2, 0, 0, 0}};
  ASSERT_FALSE(bool(writeNpyFile(path, array)));
  llvm::Expected<NpyArray> read = readNpyFile(path);
  ASSERT_TRUE(bool(read));
  EXPECT_EQ(read->data, array.data);
  llvm::SmallString<128> missing(dir);
  llvm::sys::path::append(missing, "no/such/dir/b.npy");
  EXPECT_TRUE(bool(writeNpyFile(missing, array)));
  llvm::Expected<NpyArray> absent = readNpyFile(missing);
  ASSERT_FALSE(bool(absent));
  EXPECT_NE(llvm::toString(absent.takeError()).find("cannot read"),
            std::string::npos);
  llvm::sys::fs::remove_directories(dir);
}

} // namespace
