//===- UpsampleConvTest.cpp - Nearest upsampling + conv as a transposed conv -===//
//
// For every small configuration: upsample an integer-valued input by
// nearest repetition (written here directly, not through accel's code),
// convolve it with the direct reference conv, and require the composed
// transposed conv (reference scatter and the split plan's phase convs) to
// give exactly the same values (small integers: every sum is exact in f32).
// Also checks the TOSA nearest-resize parameter decoding.
//
//===----------------------------------------------------------------------===//

#include "accel/Split/Reference.h"
#include "accel/Split/UpsampleConv.h"

#include "gtest/gtest.h"

using namespace accel;

namespace {

std::vector<float> integerValues(int64_t count, int64_t seed) {
  std::vector<float> values(count);
  for (int64_t i = 0; i < count; ++i)
    values[i] = float(((i * 7 + seed * 13) % 9) - 4);
  return values;
}

/// NHWC nearest upsampling by (sh, sw), written out directly.
std::vector<float> upsample(const std::vector<float> &x, int64_t h, int64_t w,
                            int64_t c, int64_t sh, int64_t sw) {
  std::vector<float> up;
  for (int64_t y = 0; y < h * sh; ++y)
    for (int64_t z = 0; z < w * sw; ++z)
      for (int64_t k = 0; k < c; ++k)
        up.push_back(x[((y / sh) * w + z / sw) * c + k]);
  return up;
}

TEST(UpsampleConv, ComposedTransposedConvEqualsUpsampleThenConv) {
  int64_t checked = 0;
  for (int64_t s = 1; s <= 4; ++s)
    for (int64_t k = 1; k <= 5; ++k)
      for (int64_t pb = 0; pb <= k; ++pb)
        for (int64_t pe = 0; pe <= k; pe += 2) {
          int64_t h = 3, w = 4, c = 2, oc = 2, sw = 5 - s, kw = 6 - k;
          ConvShape conv;
          conv.inC = c;
          conv.outC = oc;
          conv.setAxisH(h * s, k, 1, pb, pe);
          conv.setAxisW(w * sw, kw, 1, pe, pb);
          if (conv.outH() < 1 || conv.outW() < 1)
            continue;
          std::vector<float> x = integerValues(h * w * c, s + k);
          std::vector<float> weight = integerValues(oc * k * kw * c, pb);
          std::vector<float> bias = {0.5f, -1.0f};
          std::vector<float> expected = referenceConv<float, float>(
              conv, upsample(x, h, w, c, s, sw), weight, bias);

          TransposedConvParams fused;
          fused.inChannels = c;
          fused.outChannels = oc;
          fused.h = upsampleConvAxis(h, s, k, pb, pe);
          fused.w = upsampleConvAxis(w, sw, kw, pe, pb);
          std::vector<float> composed =
              composeUpsampleConvKernel(weight, oc, k, kw, c, s, sw);
          EXPECT_EQ((referenceTransposedConv<float, float>(fused, x, composed,
                                                           bias)),
                    expected);
          llvm::Expected<SplitPlan> plan = planTransposedConv(fused);
          ASSERT_TRUE(bool(plan)) << llvm::toString(plan.takeError());
          EXPECT_EQ((executePlan<float, float>(*plan, SplitStrategy::Split, x,
                                               composed, bias)),
                    expected)
              << "s=" << s << " k=" << k << " pad=" << pb << "," << pe;
          ++checked;
        }
  EXPECT_GT(checked, 100);
}

TEST(UpsampleConv, NearestResizeParameters) {
  // The importer's nearest parameters (scale s/1, offset -(s/2)) and the
  // half-pixel form (2s/2, offset 1-s) both repeat every input s times.
  for (int64_t s = 1; s <= 5; ++s) {
    EXPECT_EQ(nearestUpsampleFactor(4, 4 * s, s, 1, -(s / 2)), s);
    EXPECT_EQ(nearestUpsampleFactor(4, 4 * s, 2 * s, 2, 1 - s), s);
  }
  // Scale 2/1 with offset 0 rounds o/2 to the nearest input: not a repeat.
  EXPECT_EQ(nearestUpsampleFactor(4, 7, 2, 1, 0), 0);
  // 3/2 (4 -> 6): not an integer factor.
  EXPECT_EQ(nearestUpsampleFactor(4, 6, 3, 2, 0), 0);
}

} // namespace
