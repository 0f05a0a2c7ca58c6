//===- PrepareTosa.cpp - The accel-prepare-tosa pass ----------------------===//
//
// Function-level driver of the preparation patterns (PrepareTosaLayout.cpp,
// PrepareTosaConvFolds.cpp) and the constant reader they share. The pass
// rewrites TOSA into TOSA, so it runs in any TOSA pipeline; accel-compile
// runs it first. Ops no pattern handles are left as they are.
//
//===----------------------------------------------------------------------===//

#include "PrepareTosa.h"

#include "accel/Support/DenseConstant.h"
#include "accel/Transforms/Passes.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace accel {
#define GEN_PASS_DEF_PREPARETOSAPASS
#include "accel/Transforms/Passes.h.inc"
} // namespace accel

using namespace mlir;
using namespace accel;
using namespace accel::prepare_tosa;

DenseElementsAttr prepare_tosa::getConstantElements(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.hasStaticShape())
    return {};
  // dense<...> or dense_resource (the ONNX importer's weights).
  DenseElementsAttr values = matchDenseConstant(value);
  if (values)
    return values;
  if (auto reshape = value.getDefiningOp<tosa::ReshapeOp>()) {
    values = getConstantElements(reshape.getInput1());
    if (!values || values.getNumElements() != type.getNumElements())
      return {};
    return values.reshape(type);
  }
  if (auto transpose = value.getDefiningOp<tosa::TransposeOp>()) {
    values = getConstantElements(transpose.getInput1());
    return values ? transposeElements(values, transpose.getPerms())
                  : DenseElementsAttr();
  }
  return {};
}

bool prepare_tosa::isConstantElements(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.hasStaticShape())
    return false;
  if (matchConstantBytes(value))
    return true;
  if (auto reshape = value.getDefiningOp<tosa::ReshapeOp>()) {
    auto inputType = dyn_cast<RankedTensorType>(reshape.getInput1().getType());
    return inputType && inputType.hasStaticShape() &&
           inputType.getNumElements() == type.getNumElements() &&
           isConstantElements(reshape.getInput1());
  }
  // A transpose of constants: getConstantElements builds it (small tensors,
  // the BatchNorm parameters producers write transposed).
  if (value.getDefiningOp<tosa::TransposeOp>())
    return bool(getConstantElements(value));
  return false;
}

DenseElementsAttr prepare_tosa::transposeElements(DenseElementsAttr attr,
                                                  ArrayRef<int32_t> perms) {
  ShapedType type = attr.getType();
  SmallVector<int64_t> perm64(perms.begin(), perms.end());
  SmallVector<int64_t> shape = applyPermutation(type.getShape(), perm64);
  ShapedType resultType = type.clone(shape);
  if (attr.isSplat())
    return attr.resizeSplat(resultType);
  Type element = type.getElementType();
  if (!element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8 != 0)
    return {};
  size_t bytes = element.getIntOrFloatBitWidth() / 8;
  ArrayRef<char> raw = attr.getRawData();
  SmallVector<int64_t> sourceStrides = computeStrides(type.getShape());
  SmallVector<int64_t> resultStrides = computeStrides(shape);
  SmallVector<char> data(raw.size());
  for (int64_t index = 0, e = type.getNumElements(); index < e; ++index) {
    SmallVector<int64_t> position = delinearize(index, resultStrides);
    int64_t source = 0;
    for (auto [dim, coordinate] : llvm::enumerate(position))
      source += coordinate * sourceStrides[perms[dim]];
    std::copy_n(raw.data() + source * bytes, bytes,
                data.data() + index * bytes);
  }
  return DenseElementsAttr::getFromRawBuffer(resultType, data);
}

void accel::populatePrepareTosaPatterns(RewritePatternSet &patterns) {
  populateLayoutPatterns(patterns);
  populateConvFoldPatterns(patterns);
  populateFcFoldPatterns(patterns);
  populateActivationPatterns(patterns);
}

namespace {
struct PrepareTosaPass
    : accel::impl::PrepareTosaPassBase<PrepareTosaPass> {
  using PrepareTosaPassBase::PrepareTosaPassBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populatePrepareTosaPatterns(patterns);
    // Folding stays on: a cancelled transpose pair becomes an identity
    // transpose that only its folder removes, and constants the rewrites
    // leave without users are erased.
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
