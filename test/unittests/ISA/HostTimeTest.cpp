//===- HostTimeTest.cpp - The host time model ------------------------------===//
//
// isa::hostOpCycles: ceil(work / rate) plus the hand-over cost, saturating
// instead of overflowing on a hostile record.
//
//===----------------------------------------------------------------------===//

#include "accel/ISA/HostOp.h"

#include "gtest/gtest.h"

#include <limits>

using namespace accel::isa;

namespace {

HostOpRecord expRecord(std::vector<int64_t> shape) {
  HostOpRecord record;
  record.kind = "tosa.exp";
  record.operands.push_back(HostTensor{0, DType::F32, shape});
  record.result = HostTensor{0, DType::F32, shape};
  return record;
}

TEST(HostTime, WorkOverRatePlusHandOver) {
  HostOpRecord record = expRecord({1, 3, 5});  // 15 in + 15 out = 30 elements
  EXPECT_EQ(hostOpCycles(record, HostModel{1.0, 2000}, true), 2030);
  EXPECT_EQ(hostOpCycles(record, HostModel{1.0, 2000}, false), 30);
  EXPECT_EQ(hostOpCycles(record, HostModel{4.0, 7}, true), 8 + 7); // ceil(7.5)
  EXPECT_EQ(hostOpCycles(record, HostModel{0.5, 0}, true), 60);
}

TEST(HostTime, SaturatesOnHugeWork) {
  // 2^62 elements in and out: the work saturates, a slow host too.
  HostOpRecord record = expRecord({int64_t(1) << 31, int64_t(1) << 31});
  EXPECT_EQ(hostOpCycles(record, HostModel{1e-3, 2000}, true),
            std::numeric_limits<int64_t>::max());
}

} // namespace
