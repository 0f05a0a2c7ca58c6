//===- DenseConstantTest.cpp - Reading constant bytes in place ------------===//
//
// accel::matchConstantBytes / matchDenseConstant (accel/Support/
// DenseConstant.h) on the constants accel meets: a dense constant, a splat
// (one element's bytes), a dense_resource blob (read in place: the bytes are
// the blob's own), a blob of the wrong size and a value that is not a
// constant (both: nothing).
//
//===----------------------------------------------------------------------===//

#include "accel/Support/DenseConstant.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include "gtest/gtest.h"

#include <cstring>
#include <vector>

using namespace mlir;

namespace {

class DenseConstantTest : public ::testing::Test {
protected:
  DenseConstantTest() : builder(&context) {
    context.loadDialect<tosa::TosaDialect, func::FuncDialect>();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToEnd(module->getBody());
    type = RankedTensorType::get({2, 3}, builder.getF32Type());
  }

  Value constant(Attribute values) {
    return tosa::ConstOp::create(builder, builder.getUnknownLoc(), type,
                                 cast<ElementsAttr>(values));
  }

  Value resource(ArrayRef<float> values) {
    AsmResourceBlob blob =
        HeapAsmResourceBlob::allocateAndCopyInferAlign(values);
    return constant(DenseResourceElementsAttr::get(type, "w", std::move(blob)));
  }

  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
  RankedTensorType type;
  std::vector<float> values = {1, -2, 3.5f, 4, 5, 6};
};

TEST_F(DenseConstantTest, DenseConstantBytes) {
  Value c = constant(DenseElementsAttr::get(type, ArrayRef<float>(values)));
  std::optional<accel::ConstantBytes> bytes = accel::matchConstantBytes(c);
  ASSERT_TRUE(bytes.has_value());
  EXPECT_FALSE(bytes->splat);
  EXPECT_EQ(bytes->type, ShapedType(type));
  ASSERT_EQ(bytes->raw.size(), values.size() * sizeof(float));
  EXPECT_EQ(std::memcmp(bytes->raw.data(), values.data(), bytes->raw.size()),
            0);
}

TEST_F(DenseConstantTest, SplatIsOneElement) {
  Value c = constant(DenseElementsAttr::get(type, 2.5f));
  std::optional<accel::ConstantBytes> bytes = accel::matchConstantBytes(c);
  ASSERT_TRUE(bytes.has_value());
  EXPECT_TRUE(bytes->splat);
  ASSERT_EQ(bytes->raw.size(), sizeof(float));
  float v;
  std::memcpy(&v, bytes->raw.data(), sizeof(float));
  EXPECT_EQ(v, 2.5f);
}

TEST_F(DenseConstantTest, ResourceBlobIsReadInPlace) {
  Value c = resource(values);
  auto attr = cast<DenseResourceElementsAttr>(
      c.getDefiningOp<tosa::ConstOp>().getValues());
  std::optional<accel::ConstantBytes> bytes = accel::matchConstantBytes(c);
  ASSERT_TRUE(bytes.has_value());
  EXPECT_FALSE(bytes->splat);
  // The blob's own bytes, not a copy.
  EXPECT_EQ(bytes->raw.data(), attr.getRawHandle().getBlob()->getData().data());
  ASSERT_EQ(bytes->raw.size(), values.size() * sizeof(float));
  EXPECT_EQ(std::memcmp(bytes->raw.data(), values.data(), bytes->raw.size()),
            0);
  DenseElementsAttr dense = accel::matchDenseConstant(c);
  ASSERT_TRUE(dense);
  EXPECT_EQ(dense.getValues<float>()[2], 3.5f);
}

TEST_F(DenseConstantTest, WrongSizeBlobAndNonConstantAreNothing) {
  Value shortBlob = resource(ArrayRef<float>(values).drop_back());
  EXPECT_FALSE(accel::matchConstantBytes(shortBlob).has_value());
  EXPECT_FALSE(accel::matchDenseConstant(shortBlob));

  auto fn = func::FuncOp::create(builder, builder.getUnknownLoc(), "f",
                                 builder.getFunctionType({type}, {}));
  Value argument = fn.addEntryBlock()->getArgument(0);
  EXPECT_FALSE(accel::matchConstantBytes(argument).has_value());
  EXPECT_FALSE(accel::matchDenseConstant(argument));
}

} // namespace
