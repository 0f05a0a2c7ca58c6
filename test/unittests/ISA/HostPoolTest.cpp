//===- HostPoolTest.cpp - The host's pools
//---------------------------------===//
//
// isa::pool2d / isa::maxPool2d on hand-computed windows (clipped to the
// input: padding never wins a maximum, is not counted by the average, NaN
// propagates) and checkHostOp's pool shape rule.
//
//===----------------------------------------------------------------------===//

#include "accel/ISA/HostOp.h"

#include "gtest/gtest.h"

#include <cmath>
#include <vector>

using namespace accel::isa;

namespace {

// A 1x3x3x1 input 1..9 (row-major); kernel 2x2, stride 2, pad 1 at the top
// and left: the 2x2 output windows are {1}, {2,3}, {4,7}, {5,6,8,9}.
const std::vector<float> kInput = {1, 2, 3, 4, 5, 6, 7, 8, 9};
const std::vector<int64_t> kInShape = {1, 3, 3, 1}, kOutShape = {1, 2, 2, 1};
const std::vector<int64_t> kParams = {2, 2, 2, 2, 1, 0, 1, 0};

TEST(HostPool, MaxIgnoresPadding) {
  std::vector<float> out(4);
  pool2d(/*max=*/true, kInput, kInShape, kParams, kOutShape, out);
  EXPECT_EQ(out, (std::vector<float>{1, 3, 7, 9}));
}

TEST(HostPool, AverageCountsOnlyInputElements) {
  std::vector<float> out(4);
  pool2d(/*max=*/false, kInput, kInShape, kParams, kOutShape, out);
  EXPECT_EQ(out, (std::vector<float>{1, 2.5f, 5.5f, 7}));
}

TEST(HostPool, MaxPropagatesNaN) {
  std::vector<float> input = kInput;
  input[4] = NAN; // in the last window only
  std::vector<float> out(4);
  pool2d(/*max=*/true, input, kInShape, kParams, kOutShape, out);
  EXPECT_EQ(out[0], 1);
  EXPECT_TRUE(std::isnan(out[3]));
}

TEST(HostPool, Int8Maximum) {
  std::vector<int8_t> input = {-128, -5, 3, 127, -1, -2, -3, -4, -128};
  std::vector<int8_t> out(4);
  maxPool2d(input, kInShape, kParams, kOutShape, out);
  EXPECT_EQ(out, (std::vector<int8_t>{-128, 3, 127, -1}));
}

TEST(HostPool, ShapeRule) {
  auto check = [](std::vector<int64_t> params, std::vector<int64_t> result,
                  DType type = DType::F32,
                  llvm::StringRef kind = "tosa.max_pool2d") {
    return llvm::toString(
        checkHostOp(kind, params, {kInShape}, {type}, result, type));
  };
  EXPECT_EQ(check(kParams, kOutShape), "");
  EXPECT_NE(check({2, 2, 2, 2, 0, 0, 0, 0}, {1, 1, 1, 1})
                .find("must be >= 0 and divisible by the stride 2"),
            std::string::npos);
  EXPECT_NE(
      check({2, 2, 1, 1, 2, 0, 0, 0}, {1, 4, 2, 1}).find("pads in [0, kernel)"),
      std::string::npos);
  EXPECT_NE(check(kParams, {1, 3, 3, 1}).find("should be 1x2x2x1"),
            std::string::npos);
  EXPECT_EQ(check(kParams, kOutShape, DType::I8), "");
  EXPECT_NE(check(kParams, kOutShape, DType::I8, "tosa.avg_pool2d")
                .find("tosa.avg_pool2d runs on f32 only"),
            std::string::npos);
}

} // namespace
