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
#include "mlir/IR/Threading.h"

#include <numeric>

using namespace mlir;
using namespace accel;
using namespace accel::tosa_to_accel;

std::optional<ConvFoldOrPackDecision>
accel::tosa_to_accel::decideConvFoldOrPack(tosa::Conv2DOp op,
                                           const ConvShape &shape,
                                           const TosaToAccelOptions &options) {
  if ((options.strategy != TransposeConvStrategy::Fold &&
       options.strategy != TransposeConvStrategy::Auto) ||
      !options.target || !isConstantElements(op.getWeight()))
    return std::nullopt;
  GroupedConv base;
  base.conv = shape;
  base.channels = shape.outC;
  base.resultH = shape.outH();
  base.resultW = shape.outW();
  const TargetDesc &target = *options.target;
  bool foldable = !foldCandidates(base, target).empty();
  std::optional<TapPack> pack = tapPackCandidate(shape, target);
  if (!foldable && !pack)
    return std::nullopt;
  if (pack)
    pack->padInPlace = padCopyCanBeInPlace(op.getInput());
  ConvFoldOrPackDecision decision;
  auto before = [&](const CostEstimate &a, const CostEstimate &b) {
    return ranksBefore(a, b, options.objective);
  };
  // The cheapest of what is decided so far (direct or fold).
  std::optional<CostEstimate> best;
  std::optional<FoldChoice> choice;
  if (foldable) {
    // The folds are priced concurrently: a tiny-channel head (FST's 9x9
    // conv to RGB) tries several, each a tiling search, and may be the
    // last layer a thread prices.
    llvm::Expected<FoldChoice> folds =
        chooseFold(base, target, options.objective,
                   [&](size_t n, llvm::function_ref<void(size_t)> body) {
                     mlir::parallelFor(op.getContext(), 0, n, body);
                   });
    if (folds) {
      choice = std::move(*folds);
    } else {
      llvm::consumeError(folds.takeError());
      // Neither the plain conv nor a fold fits: the plain conv reports it
      // (accel-tile), unless the packed form fits.
      if (!pack)
        return std::nullopt;
    }
  }
  if (choice) {
    // The plain conv, and the cheapest fold (the others are not recorded).
    const FoldChoice::Candidate &direct = choice->candidates.front();
    decision.estimates.push_back({"direct",
                                  direct.feasible
                                      ? std::optional<CostEstimate>(direct.cost)
                                      : std::nullopt,
                                  direct.reason});
    // The cheapest fold is recorded (the others are not).
    std::vector<const FoldChoice::Candidate *> ranked =
        rankedFolds(*choice, options.objective);
    if (!ranked.empty())
      decision.estimates.push_back({"fold", ranked.front()->cost, ""});
    best = choice->cost;
    const GroupedConv &chosen = choice->chosen;
    if (chosen.foldH * chosen.foldW != 1) {
      decision.base = base;
      decision.folded = chosen;
    }
    // The folds once more with their input side packed (ChannelFold.h
    // FoldPack).
    if (std::optional<FoldPack> foldPack =
            chooseFoldPack(base, ranked, target, options.objective,
                           padCopyCanBeInPlace(op.getInput()))) {
      decision.estimates.push_back({"fold_pack", foldPack->cost, ""});
      if (!best || before(foldPack->cost, *best)) {
        best = foldPack->cost;
        decision.base = base;
        decision.folded = std::move(foldPack->folded);
        decision.packed = std::move(foldPack->pack);
      }
    }
  } else {
    llvm::Expected<CostEstimate> direct = priceGroupedConv(base, target);
    std::string reason;
    if (direct)
      best = *direct;
    else
      reason = llvm::toString(direct.takeError());
    decision.estimates.push_back({"direct", best, reason});
  }
  if (pack) {
    llvm::Expected<CostEstimate> packed = priceTapPack(*pack, target);
    // Packing the kernel rows as well, when that is cheaper still.
    if (std::optional<TapPack> rows = rowPackCandidate(shape, target)) {
      rows->padInPlace = pack->padInPlace;
      llvm::Expected<CostEstimate> rowsPacked = priceTapPack(*rows, target);
      if (rowsPacked && (!packed || before(*rowsPacked, *packed))) {
        if (!packed)
          llvm::consumeError(packed.takeError());
        packed = std::move(rowsPacked);
        pack = std::move(rows);
      } else if (!rowsPacked) {
        llvm::consumeError(rowsPacked.takeError());
      }
    }
    if (!packed) {
      decision.estimates.push_back(
          {"pack", std::nullopt, llvm::toString(packed.takeError())});
    } else {
      decision.estimates.push_back({"pack", *packed, ""});
      if (!best || before(*packed, *best)) {
        decision.packed = pack;
        decision.base.reset();
        decision.folded.reset();
      }
    }
  }
  return decision;
}

Conv2DOp accel::tosa_to_accel::createTapPackedConv(
    PatternRewriter &rewriter, Location loc, Value input,
    const ConstantBytes &weights, ArrayRef<int64_t> kernelGather,
    ArrayRef<char> fill, Value bias, const TapPack &pack, int64_t inputZp,
    int64_t weightZp, RankedTensorType resultType) {
  const ConvShape &move = pack.pack, &main = pack.main;
  Type element = cast<RankedTensorType>(input.getType()).getElementType();
  bool isInt8 = element.isInteger(8);

  auto packedType = RankedTensorType::get(
      {main.batch, main.inH, main.inW, main.inC}, element);
  Value packed;
  if (pack.windowed) {
    // The DMA reads the packed input: a window view of the input, padded
    // (with the input zero point) by a stride-1 zero insertion.
    Value source = input;
    int64_t paddedH = move.inH + pack.padTop + pack.padBottom;
    int64_t paddedW = move.inW + pack.padLeft + pack.padRight;
    if (pack.needsPadCopy()) {
      auto paddedType = RankedTensorType::get(
          {move.batch, paddedH, paddedW, move.inC}, element);
      source = ZeroInsertOp::create(
          rewriter, loc, TypeRange{paddedType}, ValueRange{source},
          {rewriter.getNamedAttr("stride",
                                 rewriter.getDenseI64ArrayAttr({1, 1})),
           rewriter.getNamedAttr("pad", rewriter.getDenseI64ArrayAttr(
                                            {pack.padTop, pack.padBottom,
                                             pack.padLeft, pack.padRight})),
           rewriter.getNamedAttr(
               "fill", rewriter.getI32IntegerAttr(int32_t(inputZp)))});
    }
    if (pack.rowsPacked) {
      // Q[n, y, x, i*C + c] = padded[n, y*s_h + i*d_h, x, c]: K_h row
      // slices (views) copied side by side by the concat.
      int64_t rows = main.inH, kernelH = pack.kernelH;
      auto sliceType =
          RankedTensorType::get({move.batch, rows, paddedW, move.inC}, element);
      SmallVector<Value> slices;
      for (int64_t i = 0; i < kernelH; ++i)
        slices.push_back(SliceOp::create(
            rewriter, loc, TypeRange{sliceType}, ValueRange{source},
            {rewriter.getNamedAttr("offsets", rewriter.getDenseI64ArrayAttr(
                                                  {i * pack.dilationH, 0})),
             rewriter.getNamedAttr("strides", rewriter.getDenseI64ArrayAttr(
                                                  {pack.strideH, 1}))}));
      auto rowsType = RankedTensorType::get(
          {move.batch, rows, paddedW, kernelH * move.inC}, element);
      source = ConcatOp::create(rewriter, loc, TypeRange{rowsType},
                                ValueRange{slices}, ArrayRef<NamedAttribute>{});
    }
    packed = WindowOp::create(
        rewriter, loc, TypeRange{packedType}, ValueRange{source},
        {rewriter.getNamedAttr("kernel_w",
                               rewriter.getI64IntegerAttr(move.kernelW)),
         rewriter.getNamedAttr("stride_w",
                               rewriter.getI64IntegerAttr(move.strideW))});
  } else {
    // The move conv's one tap per packed channel o = j * C + c: (0, j, c),
    // which is position o of output channel o's row.
    int64_t taps = move.kernelW, channels = move.inC;
    Value moveKernel = createUnitTapKernel(rewriter, loc, element,
                                           {move.outC, 1, taps, channels},
                                           [](int64_t o) { return o; });
    MoveConvGeometry geometry;
    geometry.strideW = move.strideW;
    geometry.dilationW = move.dilationW;
    geometry.zeroPoint = inputZp;
    packed = createMoveConv(rewriter, loc, input, moveKernel, packedType,
                            {0, 0, move.padLeft, move.padRight},
                            /*groups=*/1, geometry);
  }

  // The conv's OHWI kernel read as [K, K_h, 1, K_w * C]: the same order;
  // rows packed, [K, 1, 1, K_w * K_h * C] with channel (j*K_h + i)*C + c
  // holding tap (i, j, c); blocked, [K, K_h, T, S * C] with the taps
  // outside the kernel zero (blockPackedKernelGather).
  std::vector<int64_t> gather(kernelGather.begin(), kernelGather.end());
  if (pack.rowsPacked) {
    std::vector<int64_t> rows =
        rowPackedKernelGather(main.outC, pack.kernelH, move.kernelW, move.inC);
    for (size_t i = 0; i < rows.size(); ++i)
      gather[i] = kernelGather[rows[i]];
  } else if (pack.blocked) {
    std::vector<int64_t> blocks = blockPackedKernelGather(pack);
    gather.assign(blocks.size(), -1);
    for (size_t i = 0; i < blocks.size(); ++i)
      if (blocks[i] >= 0)
        gather[i] = kernelGather[blocks[i]];
  }
  Value kernel = createGatheredConstant(
      rewriter, loc, weights,
      RankedTensorType::get({main.outC, main.kernelH, main.kernelW, main.inC},
                            weights.getElementType()),
      gather, fill);
  SmallVector<NamedAttribute> attrs = {
      rewriter.getNamedAttr("stride",
                            rewriter.getDenseI64ArrayAttr({main.strideH, 1})),
      rewriter.getNamedAttr("dilation",
                            rewriter.getDenseI64ArrayAttr({main.dilationH, 1})),
      rewriter.getNamedAttr(
          "pad", rewriter.getDenseI64ArrayAttr({main.padTop, main.padBottom,
                                                main.padLeft, main.padRight}))};
  if (isInt8) {
    attrs.push_back(
        rewriter.getNamedAttr("input_zp", rewriter.getI32IntegerAttr(inputZp)));
    attrs.push_back(rewriter.getNamedAttr(
        "weight_zp", rewriter.getI32IntegerAttr(weightZp)));
  }
  attrs.push_back(rewriter.getNamedAttr(
      "operandSegmentSizes", rewriter.getDenseI32ArrayAttr({1, 1, 1, 0, 0})));
  return Conv2DOp::create(rewriter, loc, TypeRange{resultType},
                          ValueRange{packed, kernel, bias}, attrs);
}

void accel::tosa_to_accel::rewriteTapPackedConv(
    tosa::Conv2DOp op, Value bias, const TapPack &pack,
    ArrayRef<StrategyEstimate> estimates, PatternRewriter &rewriter) {
  auto resultType = cast<RankedTensorType>(op.getOutput().getType());
  bool isInt8 = cast<RankedTensorType>(op.getInput().getType())
                    .getElementType()
                    .isInteger(8);
  DenseElementsAttr weights = getConstantElements(op.getWeight());
  std::vector<int64_t> identity(weights.getNumElements());
  std::iota(identity.begin(), identity.end(), 0);
  Conv2DOp conv = createTapPackedConv(
      rewriter, op.getLoc(), op.getInput(), weights, identity, {}, bias, pack,
      isInt8 ? *op.getInputZeroPoint() : 0,
      isInt8 ? *op.getWeightZeroPoint() : 0, resultType);
  conv->setAttr("accel.strategy", rewriter.getStringAttr("pack"));
  // K_h x 1 taps over K_w * C channels: the original conv's MACs.
  conv->setAttr(kUsefulMacsAttr, rewriter.getI64IntegerAttr(pack.main.macs()));
  recordStrategyEstimates(conv, estimates, rewriter);
  rewriter.replaceOp(op, conv->getResults());
}

void accel::tosa_to_accel::rewriteFoldedConv(
    tosa::Conv2DOp op, Value bias, const ConvFoldOrPackDecision &decision,
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
  SmallVector<char> zeroTap = zeroTapOf(weights, weightZp);

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

  auto convType = RankedTensorType::get(
      {shape.batch, shape.outH(), shape.outW(), shape.outC}, accElem);
  bool isInt8 = shape.element == ElementKind::I8;
  Value conv;
  if (decision.packed) {
    // fold_pack: the folded conv's input side packed too.
    conv = createTapPackedConv(rewriter, loc, op.getInput(), weights, gather,
                               zeroTap, foldedBias, *decision.packed,
                               isInt8 ? *op.getInputZeroPoint() : 0, weightZp,
                               convType);
  } else {
    Value kernel = createGatheredConstant(
        rewriter, loc, weights,
        RankedTensorType::get(
            {shape.outC, shape.kernelH, shape.kernelW, shape.inC}, weightElem),
        gather, zeroTap);
    SmallVector<NamedAttribute> attrs = {
        rewriter.getNamedAttr("stride", rewriter.getDenseI64ArrayAttr(
                                            {shape.strideH, shape.strideW})),
        rewriter.getNamedAttr("pad", rewriter.getDenseI64ArrayAttr(
                                         {shape.padTop, shape.padBottom,
                                          shape.padLeft, shape.padRight}))};
    if (isInt8) {
      attrs.push_back(rewriter.getNamedAttr(
          "input_zp", rewriter.getI32IntegerAttr(*op.getInputZeroPoint())));
      attrs.push_back(rewriter.getNamedAttr(
          "weight_zp", rewriter.getI32IntegerAttr(weightZp)));
    }
    attrs.push_back(rewriter.getNamedAttr(
        "operandSegmentSizes", rewriter.getDenseI32ArrayAttr({1, 1, 1, 0, 0})));
    conv =
        Conv2DOp::create(rewriter, loc, TypeRange{convType},
                         ValueRange{op.getInput(), kernel, foldedBias}, attrs);
  }
  auto result = DepthToSpaceOp::create(
      rewriter, loc, resultType, ValueRange{conv},
      ArrayRef<int64_t>{folded.blockH, folded.blockW}, folded.originsH,
      folded.originsW);
  result->setAttr(
      "accel.strategy",
      rewriter.getStringAttr(decision.packed ? "fold_pack" : "fold"));
  result->setAttr("accel.fold", rewriter.getDenseI64ArrayAttr(
                                    {folded.foldH, folded.foldW}));
  result->setAttr(kUsefulMacsAttr, rewriter.getI64IntegerAttr(base.conv.macs()));
  recordStrategyEstimates(result, decision.estimates, rewriter);
  rewriter.replaceOp(op, result->getResults());
}
