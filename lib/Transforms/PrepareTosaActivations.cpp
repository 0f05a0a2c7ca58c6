//===- PrepareTosaActivations.cpp - PReLU into forms accel runs -----------===//
//
// ONNX's PRelu (PyTorch's nn.PReLU) arrives as the exact select form the
// importer writes, `select(greater_equal(x, 0), x, mul(x, slope))` with a
// constant slope. The accelerator has no comparison or select; this rewrites
// the form into ops the conversion runs, exactly:
//   * one slope 0 <= a <= 1: maximum(x, mul(x, a)), the leaky ReLU the
//     conversion fuses into the producer's post-op (max(x, a*x) is x for
//     x >= 0 and a*x for x < 0 when 0 <= a <= 1);
//   * any other finite slopes (one per channel, or one outside [0, 1]):
//     add(clamp(x, 0, +inf), mul(clamp(x, -inf, 0), slope)). For x >= 0 the
//     second term is slope * 0 = +-0 and x + +-0 = x; for x < 0 the first
//     is 0 and 0 + slope * x = slope * x: the same f32 result as the select
//     (up to the sign of a zero result), infinities and NaN included. When x
//     is a conv's result, FoldPReluIntoConvs (PrepareTosaConvFolds.cpp)
//     then folds that sum into the conv and its reader.
// A slope that is not a finite f32 constant leaves the form as it is (the
// conversion then reports the select), so a NaN or infinite slope never
// turns into a different answer (inf * 0 would make every x >= 0 NaN).
//
//===----------------------------------------------------------------------===//

#include "PrepareTosa.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace accel;
using namespace accel::prepare_tosa;

namespace {

/// Whether `value` is an f32 constant whose every element is 0.
bool isZeroConstant(Value value) {
  DenseElementsAttr attr = getConstantElements(value);
  if (!attr || !attr.getElementType().isF32())
    return false;
  return llvm::all_of(attr.getValues<float>(),
                      [](float v) { return v == 0.0f; });
}

struct DecomposePRelu : OpRewritePattern<tosa::SelectOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::SelectOp select,
                                PatternRewriter &rewriter) const override {
    Value x = select.getInput2();
    auto type = dyn_cast<RankedTensorType>(select.getType());
    if (!type || !type.getElementType().isF32() || x.getType() != type)
      return rewriter.notifyMatchFailure(select, "not an f32 select");
    auto compare = select.getInput1().getDefiningOp<tosa::GreaterEqualOp>();
    if (!compare || compare.getInput1() != x ||
        !isZeroConstant(compare.getInput2()))
      return rewriter.notifyMatchFailure(select, "not select(x >= 0, x, ...)");
    auto mul = select.getInput3().getDefiningOp<tosa::MulOp>();
    if (!mul || mul.getType() != type)
      return rewriter.notifyMatchFailure(select, "no mul(x, slope)");
    Value slope = mul.getInput1() == x   ? mul.getInput2()
                  : mul.getInput2() == x ? mul.getInput1()
                                         : Value();
    DenseElementsAttr slopes = slope ? getConstantElements(slope) : nullptr;
    if (!slopes || !slopes.getElementType().isF32())
      return rewriter.notifyMatchFailure(select, "slope is not constant f32");
    bool finite = true, unitRange = true;
    for (float value : slopes.getValues<float>()) {
      finite &= std::isfinite(value);
      unitRange &= value >= 0.0f && value <= 1.0f;
    }
    if (!finite)
      return rewriter.notifyMatchFailure(select, "slope is not finite");
    Location loc = select.getLoc();
    if (slopes.isSplat() && unitRange) {
      rewriter.replaceOpWithNewOp<tosa::MaximumOp>(select, type, x,
                                                   mul.getResult());
      return success();
    }
    float inf = std::numeric_limits<float>::infinity();
    Value positive = tosa::ClampOp::create(rewriter, loc, type, x,
                                           rewriter.getF32FloatAttr(0.0f),
                                           rewriter.getF32FloatAttr(inf));
    Value negative = tosa::ClampOp::create(rewriter, loc, type, x,
                                           rewriter.getF32FloatAttr(-inf),
                                           rewriter.getF32FloatAttr(0.0f));
    Value scaled = tosa::MulOp::create(
        rewriter, loc, type, mul.getInput1() == x ? negative : slope,
        mul.getInput1() == x ? slope : negative, mul.getShift());
    rewriter.replaceOpWithNewOp<tosa::AddOp>(select, type, positive, scaled);
    return success();
  }
};

} // namespace

void prepare_tosa::populateActivationPatterns(RewritePatternSet &patterns) {
  patterns.add<DecomposePRelu>(patterns.getContext());
}
