//===- InterfaceLayoutTest.cpp - Interface layouts: checks and transposes -===//
//
// accel/Support/InterfaceLayout.h against direct index arithmetic: every
// permutation of a 2x3x4x5 array, and the round trip the simulator does
// (interface -> stored -> interface).
//
//===----------------------------------------------------------------------===//

#include "accel/Support/InterfaceLayout.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <array>
#include <cstring>

using namespace accel;

namespace {

constexpr std::array<int64_t, 4> kShape = {2, 3, 4, 5};

/// Element i of the source holds the value i, as 4 little-endian bytes.
std::vector<uint8_t> iotaBytes(int64_t count) {
  std::vector<uint8_t> bytes(count * 4);
  for (int64_t i = 0; i < count; ++i)
    for (int b = 0; b < 4; ++b)
      bytes[i * 4 + b] = uint8_t(uint32_t(i) >> (8 * b));
  return bytes;
}

uint32_t elementAt(const std::vector<uint8_t> &bytes, int64_t index) {
  uint32_t value;
  std::memcpy(&value, bytes.data() + index * 4, 4);
  return value;
}

TEST(InterfaceLayoutTest, TransposeMatchesIndexArithmetic) {
  std::array<int64_t, 4> perm = {0, 1, 2, 3};
  std::vector<uint8_t> source = iotaBytes(2 * 3 * 4 * 5);
  do {
    std::vector<uint8_t> result = transposeElements(source, kShape, perm, 4);
    llvm::SmallVector<int64_t> resultShape = permuteShape(kShape, perm);
    // result[i0, i1, i2, i3] = source[j] with j's axis perm[k] at i_k.
    int64_t flat = 0;
    for (int64_t i0 = 0; i0 < resultShape[0]; ++i0)
      for (int64_t i1 = 0; i1 < resultShape[1]; ++i1)
        for (int64_t i2 = 0; i2 < resultShape[2]; ++i2)
          for (int64_t i3 = 0; i3 < resultShape[3]; ++i3, ++flat) {
            std::array<int64_t, 4> index = {i0, i1, i2, i3}, sourceIndex;
            for (int k = 0; k < 4; ++k)
              sourceIndex[perm[k]] = index[k];
            int64_t expected =
                ((sourceIndex[0] * 3 + sourceIndex[1]) * 4 + sourceIndex[2]) *
                    5 +
                sourceIndex[3];
            ASSERT_EQ(elementAt(result, flat), uint32_t(expected))
                << "perm " << perm[0] << perm[1] << perm[2] << perm[3];
          }
    // Back with the inverse: the simulator's output path.
    EXPECT_EQ(transposeElements(result, resultShape, invertPermutation(perm), 4),
              source);
  } while (std::next_permutation(perm.begin(), perm.end()));
}

TEST(InterfaceLayoutTest, VerifierSaysWhatIsWrong) {
  EXPECT_FALSE(bool(verifyInterfaceLayout({1, 3, 8, 8}, {0, 2, 3, 1},
                                          llvm::ArrayRef<int64_t>{1, 8, 8, 3})));
  auto message = [](llvm::Error error) { return llvm::toString(std::move(error)); };
  EXPECT_EQ(message(verifyInterfaceLayout({1, 3, 8}, {0, 2, 2}, std::nullopt)),
            "interface perm [0,2,2] is not a permutation of [0, 3)");
  EXPECT_EQ(message(verifyInterfaceLayout({1, 3, 8}, {0, 1}, std::nullopt)),
            "interface perm [0,1] is not a permutation of [0, 3)");
  EXPECT_EQ(message(verifyInterfaceLayout({1, 0, 8}, {0, 1, 2}, std::nullopt)),
            "interface shape 1x0x8 has a dimension below 1");
  EXPECT_EQ(message(verifyInterfaceLayout({}, {}, std::nullopt)),
            "interface rank must be 1..8, got 0");
  EXPECT_EQ(message(verifyInterfaceLayout(
                {1, 3, 16}, {0, 2, 1}, llvm::ArrayRef<int64_t>{1, 1, 16, 2})),
            "interface shape 1x3x16 has 48 elements, the stored shape 1x1x16x2 "
            "32");
  // A product past 2^64 saturates instead of wrapping to a match.
  EXPECT_NE(message(verifyInterfaceLayout(
                {int64_t(1) << 62, int64_t(1) << 62, 4}, {0, 1, 2},
                llvm::ArrayRef<int64_t>{1}))
                .find("elements, the stored shape 1 1"),
            std::string::npos);
}

} // namespace
