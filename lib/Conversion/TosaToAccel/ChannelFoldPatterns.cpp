//===- ChannelFoldPatterns.cpp - Folded ordinary convs -> accel -----------===//
//
// strategy=fold / auto for `tosa.conv2d`: the cost model prices the plain
// conv and its channel folds (ChannelFold.h); a fold that wins becomes one
// accel.conv2d with f_h * f_w * C_out channels (stride f * s, enlarged
// kernel gathered at compile time) and a channel-grouped
// accel.depth_to_space that crops the grid to the result.
//
//===----------------------------------------------------------------------===//

#include "Common.h"

#include "accel/Dialect/Accel/IR/AccelAnnotations.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include <numeric>

using namespace mlir;
using namespace accel;
using namespace accel::tosa_to_accel;

namespace {

/// The most elements of a folded kernel the conversion gathers (as for a
/// transposed conv's kernels: an 8-byte index per element).
constexpr int64_t kMaxFoldedKernelElements = int64_t(1) << 26;

} // namespace

std::optional<ConvFoldDecision>
accel::tosa_to_accel::decideConvFold(tosa::Conv2DOp op, const ConvShape &shape,
                                     const TosaToAccelOptions &options) {
  if ((options.strategy != TransposeConvStrategy::Fold &&
       options.strategy != TransposeConvStrategy::Auto) ||
      !options.target || !getConstantElements(op.getWeight()))
    return std::nullopt;
  GroupedConv base;
  base.conv = shape;
  base.channels = shape.outC;
  base.resultH = shape.outH();
  base.resultW = shape.outW();
  if (foldCandidates(base, *options.target).empty())
    return std::nullopt;
  llvm::Expected<FoldChoice> choice = chooseFold(base, *options.target);
  if (!choice) { // the plain conv reports what does not fit (accel-tile)
    llvm::consumeError(choice.takeError());
    return std::nullopt;
  }
  ConvFoldDecision decision;
  // The plain conv, and the cheapest fold (the others are not recorded).
  const FoldChoice::Candidate &direct = choice->candidates.front();
  decision.estimates.push_back(
      {"direct",
       direct.feasible ? std::optional<CostEstimate>(direct.cost) : std::nullopt,
       direct.reason});
  const FoldChoice::Candidate *bestFold = nullptr;
  for (const FoldChoice::Candidate &candidate :
       llvm::drop_begin(choice->candidates))
    if (candidate.feasible &&
        (!bestFold || std::make_tuple(candidate.cost.cycles,
                                      candidate.cost.dramBytes,
                                      candidate.cost.energyPJ) <
                          std::make_tuple(bestFold->cost.cycles,
                                          bestFold->cost.dramBytes,
                                          bestFold->cost.energyPJ)))
      bestFold = &candidate;
  if (bestFold)
    decision.estimates.push_back({"fold", bestFold->cost, ""});
  const GroupedConv &chosen = choice->chosen;
  if (chosen.foldH * chosen.foldW == 1)
    return decision;
  const ConvShape &folded = chosen.conv;
  if (folded.outC * folded.kernelH * folded.kernelW * folded.inC >
      kMaxFoldedKernelElements)
    return decision; // the plain conv
  decision.base = base;
  decision.folded = chosen;
  return decision;
}

void accel::tosa_to_accel::rewriteFoldedConv(tosa::Conv2DOp op, Value bias,
                                             const ConvFoldDecision &decision,
                                             PatternRewriter &rewriter) {
  const GroupedConv &base = *decision.base, &folded = *decision.folded;
  const ConvShape &shape = folded.conv;
  Location loc = op.getLoc();
  auto resultType = cast<RankedTensorType>(op.getOutput().getType());
  Type accElem = resultType.getElementType();
  DenseElementsAttr weights = getConstantElements(op.getWeight());
  Type weightElem = weights.getElementType();
  int64_t weightZp = *op.getWeightZeroPoint();
  int64_t copies = shape.outC / base.conv.outC;

  std::vector<int64_t> identity(base.conv.outC * base.conv.kernelH *
                                base.conv.kernelW * base.conv.inC);
  std::iota(identity.begin(), identity.end(), 0);
  std::vector<int64_t> gather = foldKernelGather(base, folded, identity);
  Value kernel = createGatheredConstant(
      rewriter, loc, weights,
      RankedTensorType::get(
          {shape.outC, shape.kernelH, shape.kernelW, shape.inC}, weightElem),
      gather, zeroTapOf(weights, weightZp));

  // The bias once per folded position.
  auto biasType = RankedTensorType::get({shape.outC}, accElem);
  Value foldedBias;
  if (DenseElementsAttr biasValues = getConstantElements(bias)) {
    SmallVector<int64_t> biasGather;
    for (int64_t c = 0; c < shape.outC; ++c)
      biasGather.push_back(biasValues.getNumElements() == 1
                               ? 0
                               : c % base.conv.outC);
    foldedBias =
        createGatheredConstant(rewriter, loc, biasValues, biasType, biasGather);
  } else {
    SmallVector<Value> parts(copies, bias);
    foldedBias = ConcatOp::create(rewriter, loc, TypeRange{biasType},
                                  ValueRange{parts},
                                  ArrayRef<NamedAttribute>{});
  }

  SmallVector<NamedAttribute> attrs = {
      rewriter.getNamedAttr("stride", rewriter.getDenseI64ArrayAttr(
                                          {shape.strideH, shape.strideW})),
      rewriter.getNamedAttr("pad", rewriter.getDenseI64ArrayAttr(
                                       {shape.padTop, shape.padBottom,
                                        shape.padLeft, shape.padRight}))};
  if (shape.element == ElementKind::I8) {
    attrs.push_back(rewriter.getNamedAttr(
        "input_zp", rewriter.getI32IntegerAttr(*op.getInputZeroPoint())));
    attrs.push_back(rewriter.getNamedAttr(
        "weight_zp", rewriter.getI32IntegerAttr(weightZp)));
  }
  attrs.push_back(rewriter.getNamedAttr(
      "operandSegmentSizes", rewriter.getDenseI32ArrayAttr({1, 1, 1, 0, 0})));
  auto convType = RankedTensorType::get(
      {shape.batch, shape.outH(), shape.outW(), shape.outC}, accElem);
  Value conv = Conv2DOp::create(rewriter, loc, TypeRange{convType},
                                ValueRange{op.getInput(), kernel, foldedBias},
                                attrs);
  auto result = DepthToSpaceOp::create(
      rewriter, loc, resultType, ValueRange{conv},
      ArrayRef<int64_t>{folded.blockH, folded.blockW}, folded.originsH,
      folded.originsW);
  result->setAttr("accel.strategy", rewriter.getStringAttr("fold"));
  result->setAttr("accel.fold", rewriter.getDenseI64ArrayAttr(
                                    {folded.foldH, folded.foldW}));
  result->setAttr(kUsefulMacsAttr, rewriter.getI64IntegerAttr(base.conv.macs()));
  recordStrategyEstimates(result, decision.estimates, rewriter);
  rewriter.replaceOp(op, result->getResults());
}
