//===- TransposeConvPatterns.cpp - tosa.transpose_conv2d -> accel ---------===//
//
// Lowers a static `tosa.transpose_conv2d` with constant weights into accel
// ops following accel's split plan (accel/Split/SplitPlan.h) as laid out by
// `lowerTransposeConv` (TransposeConvLowering.h): per-phase convs + bias
// fills + depth-to-space (split), one stacked conv + channel-grouped
// depth-to-space (stacked), or zero insertion + one flipped-kernel conv
// (zero-insert). With strategy=auto the cost model picks one per op and the
// decision is recorded as attributes.
//
//===----------------------------------------------------------------------===//

#include "Common.h"

#include "accel/Conversion/TosaToAccel/ChannelFold.h"
#include "accel/Conversion/TosaToAccel/TransposeConvLowering.h"
#include "accel/Dialect/Accel/IR/AccelAnnotations.h"
#include "accel/Target/CostModel.h"
#include "accel/Target/Tiler.h"

#include "llvm/ADT/DenseSet.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include <array>
#include <cmath>
#include <cstring>

using namespace mlir;
using namespace accel;
using namespace accel::tosa_to_accel;

namespace {

/// The estimate attributes `strategy=auto` records on a lowered layer.
void recordChoice(Operation *op, const StrategyChoice &choice,
                  const std::optional<FoldChoice> &fold,
                  const std::optional<CostEstimate> &foldPack,
                  Builder &builder) {
  SmallVector<StrategyEstimate> estimates;
  for (const StrategyChoice::Alternative &alt : choice.alternatives)
    estimates.push_back({stringifySplitStrategy(alt.strategy).str(),
                         alt.feasible ? std::optional<CostEstimate>(alt.cost)
                                      : std::nullopt,
                         alt.reason});
  if (fold)
    estimates.push_back({"fold", fold->cost, ""});
  if (foldPack)
    estimates.push_back({"fold_pack", *foldPack, ""});
  recordStrategyEstimates(op, estimates, builder);
}

/// The stacked lowering's conv and depth-to-space as a grouped conv (what a
/// channel fold starts from).
GroupedConv stackedGroupedConv(const LoweredTransposeConv &lowered) {
  GroupedConv grouped;
  grouped.conv = lowered.parts.front().shape;
  grouped.blockH = lowered.blockH;
  grouped.blockW = lowered.blockW;
  grouped.channels = grouped.conv.outC / (lowered.blockH * lowered.blockW);
  grouped.originsH = lowered.originsH;
  grouped.originsW = lowered.originsW;
  grouped.resultH = lowered.outputH;
  grouped.resultW = lowered.outputW;
  return grouped;
}

/// A stacked lowering with its conv folded: the conv, grid, bias copies and
/// depth-to-space geometry of `folded`.
void applyFold(LoweredTransposeConv &lowered, const GroupedConv &folded) {
  LoweredPart &part = lowered.parts.front();
  int64_t factor = folded.conv.outC / part.shape.outC;
  part.shape = folded.conv;
  part.outH = folded.conv.outH();
  part.outW = folded.conv.outW();
  part.biasCopies *= factor;
  lowered.blockH = folded.blockH;
  lowered.blockW = folded.blockW;
  lowered.originsH = folded.originsH;
  lowered.originsW = folded.originsW;
  lowered.macs.executed = folded.conv.macs();
}

/// A fold chosen for a layer: the grouped conv it folds and the result,
/// its input side packed when that is cheaper (fold_pack).
struct FoldedLayer {
  GroupedConv base, folded;
  FoldChoice choice;
  /// The cheapest fold_pack priced (ChannelFold.h chooseFoldPack).
  std::optional<CostEstimate> foldPackCost;
  /// Set when the fold_pack is chosen: a windowed pack of `folded.conv`.
  std::optional<TapPack> pack;
};

/// The dilation `op` records as kKernelDilationAttr ({1, 1} without it),
/// checked against its kernel: the extent is (K - 1) * D + 1 and every
/// element off the taps (index not a multiple of D) is a zero (`zeroTap`'s
/// bytes; +-0 for f32), so planning the compact taps is exact.
llvm::Expected<std::array<int64_t, 2>>
readKernelDilation(tosa::TransposeConv2DOp op, const ConstantBytes &weights,
                   ArrayRef<char> zeroTap) {
  std::array<int64_t, 2> dilation = {1, 1};
  Attribute attr = op->getAttr(kKernelDilationAttr);
  if (!attr)
    return dilation;
  auto values = dyn_cast<DenseI64ArrayAttr>(attr);
  ArrayRef<int64_t> shape = weights.type.getShape(); // OHWI
  if (!values || values.size() != 2 || values[0] < 1 || values[1] < 1)
    return llvm::createStringError(
        "has an accel.kernel_dilation that is not two positive integers");
  dilation = {values[0], values[1]};
  if ((shape[1] - 1) % dilation[0] != 0 || (shape[2] - 1) % dilation[1] != 0)
    return llvm::createStringError(
        "has a kernel whose extent is not (K - 1) * accel.kernel_dilation + 1");
  size_t bytes = weights.getElementType().getIntOrFloatBitWidth() / 8;
  ArrayRef<char> raw = weights.raw;
  bool isFloat = weights.getElementType().isF32();
  auto isZero = [&](int64_t index) {
    const char *element = raw.data() + (weights.splat ? 0 : index * bytes);
    if (isFloat) {
      float value;
      std::memcpy(&value, element, sizeof(value));
      return value == 0.0f;
    }
    return ArrayRef<char>(element, bytes) == zeroTap;
  };
  for (int64_t o = 0; o < shape[0]; ++o)
    for (int64_t h = 0; h < shape[1]; ++h)
      for (int64_t w = 0; w < shape[2]; ++w) {
        if (h % dilation[0] == 0 && w % dilation[1] == 0)
          continue;
        int64_t base = ((o * shape[1] + h) * shape[2] + w) * shape[3];
        for (int64_t i = 0; i < shape[3]; ++i)
          if (!isZero(base + i))
            return llvm::createStringError(
                "has a nonzero weight between the taps of its "
                "accel.kernel_dilation");
      }
  return dilation;
}

/// Maps `gather`'s indices into the compact [O, KH, KW, I] kernel to the
/// dilated weight [O, (KH - 1) * D_h + 1, (KW - 1) * D_w + 1, I].
void dilateGather(std::vector<int64_t> &gather, ArrayRef<int64_t> dilatedShape,
                  std::array<int64_t, 2> dilation) {
  if (dilation == std::array<int64_t, 2>{1, 1})
    return;
  int64_t kh = (dilatedShape[1] - 1) / dilation[0] + 1;
  int64_t kw = (dilatedShape[2] - 1) / dilation[1] + 1;
  int64_t inC = dilatedShape[3];
  for (int64_t &index : gather) {
    if (index < 0)
      continue;
    int64_t i = index % inC, w = (index / inC) % kw;
    int64_t h = (index / (inC * kw)) % kh, o = index / (inC * kw * kh);
    index = ((o * dilatedShape[1] + h * dilation[0]) * dilatedShape[2] +
             w * dilation[1]) *
                inC +
            i;
  }
}

/// What the conversion reads from a tosa.transpose_conv2d: the plan of its
/// parameters and the constants its lowering gathers.
struct TransposeConvOperands {
  SplitPlan plan;
  ConstantBytes weights; ///< in place (a dense_resource blob is not copied)
  DenseElementsAttr biasValues;
  int64_t inputZp = 0, weightZp = 0;
  std::array<int64_t, 2> dilation{1, 1};
};

/// Reads `op` for a conversion with `strategy`; an error says what the
/// accelerator cannot run (the pattern reports it at the op). Reads
/// attributes only, so several ops may be read at once.
llvm::Expected<TransposeConvOperands>
readTransposeConv(tosa::TransposeConv2DOp op, TransposeConvStrategy strategy) {
  auto error = [](const Twine &message) {
    return llvm::createStringError(message.str());
  };
  auto inputType = dyn_cast<RankedTensorType>(op.getInput().getType());
  auto weightType = dyn_cast<RankedTensorType>(op.getWeight().getType());
  auto biasType = dyn_cast<RankedTensorType>(op.getBias().getType());
  auto resultType = dyn_cast<RankedTensorType>(op.getOutput().getType());
  if (!inputType || !weightType || !biasType || !resultType ||
      !inputType.hasStaticShape() || !weightType.hasStaticShape() ||
      !biasType.hasStaticShape() || !resultType.hasStaticShape())
    return error(unsupportedShapeMessage());
  Type inElem = inputType.getElementType();
  Type resultElem = resultType.getElementType();
  bool isFloat = inElem.isF32() && resultElem.isF32();
  bool isInt8 = inElem.isInteger(8) && resultElem.isInteger(32);
  if ((!isFloat && !isInt8) || weightType.getElementType() != inElem)
    return error(Twine("has element types the accelerator does not run "
                       "(supported: f32, or i8 with i32 accumulators)"));
  FailureOr<int64_t> inputZp = op.getInputZeroPoint();
  FailureOr<int64_t> weightZp = op.getWeightZeroPoint();
  if (failed(inputZp) || failed(weightZp))
    return error("needs constant zero points");
  std::optional<ConstantBytes> weights = getConstantBytes(op.getWeight());
  if (!weights)
    return error("needs constant weights (the sub-kernels are gathered at "
                 "compile time)");
  DenseElementsAttr biasValues = getConstantElements(op.getBias());
  int64_t outC = weightType.getDimSize(0);
  int64_t biasSize = biasType.getDimSize(0);
  if (biasSize != outC && !(biasSize == 1 && biasValues))
    return error("needs a bias with one element per output channel (or a "
                 "constant single-element bias)");

  llvm::Expected<std::array<int64_t, 2>> dilation =
      readKernelDilation(op, *weights, zeroTapOf(*weights, *weightZp));
  if (!dilation)
    return error(llvm::toString(dilation.takeError()));
  auto [dh, dw] = *dilation;

  TransposedConvParams params;
  ArrayRef<int64_t> in = inputType.getShape(), w = weightType.getShape();
  ArrayRef<int64_t> outPad = op.getOutPad(), stride = op.getStride();
  params.batch = in[0];
  params.inChannels = in[3];
  params.outChannels = outC;
  params.element = isInt8 ? ElementKind::I8 : ElementKind::F32;
  params.h = AxisParams{in[1], (w[1] - 1) / dh + 1, stride[0],
                        dh,    outPad[0],           outPad[1]};
  params.w = AxisParams{in[2], (w[2] - 1) / dw + 1, stride[1],
                        dw,    outPad[2],           outPad[3]};
  // The program's layer limit, from the strides alone (split makes one
  // layer per phase): before the plan builds anything per phase.
  if (strategy == TransposeConvStrategy::Split)
    if (llvm::Error limit = checkLayerLimit(params, SplitStrategy::Split))
      return error("cannot be lowered: " + llvm::toString(std::move(limit)));
  // zero-insert needs only the per-axis plan, so a stride too large to
  // split still lowers with strategy=zero-insert or auto.
  PlanLimits planLimits;
  planLimits.omitPhasesBeyondLimit =
      strategy == TransposeConvStrategy::ZeroInsert ||
      strategy == TransposeConvStrategy::Auto;
  llvm::Expected<SplitPlan> plan = planTransposedConv(params, planLimits);
  if (!plan)
    return error("cannot be planned: " + llvm::toString(plan.takeError()));
  if (plan->outH() != resultType.getDimSize(1) ||
      plan->outW() != resultType.getDimSize(2))
    return error("has a result shape that does not match its parameters");
  return TransposeConvOperands{std::move(*plan), *weights,  biasValues,
                               *inputZp,         *weightZp, *dilation};
}

/// tosa.transpose_conv2d (constant weights) -> accel convs per the split
/// plan, with the strategy of the options (or the cost model's choice).
struct ConvertTransposeConv : OpRewritePattern<tosa::TransposeConv2DOp> {
  ConvertTransposeConv(MLIRContext *context, const TosaToAccelOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(tosa::TransposeConv2DOp op,
                                PatternRewriter &rewriter) const override {
    auto fail = [&](const Twine &message) {
      return reportError(op, options, message);
    };
    llvm::Expected<TransposeConvOperands> read =
        readTransposeConv(op, options.strategy);
    if (!read)
      return fail(llvm::toString(read.takeError()));
    auto &[readPlan, weights, biasValues, inputZp, weightZp, dilation] = *read;
    SplitPlan *plan = &readPlan;

    std::optional<StrategyChoice> choice;
    SplitStrategy strategy;
    switch (options.strategy) {
    case TransposeConvStrategy::Split:
      strategy = SplitStrategy::Split;
      break;
    case TransposeConvStrategy::Stacked:
      strategy = SplitStrategy::Stacked;
      break;
    case TransposeConvStrategy::ZeroInsert:
      strategy = SplitStrategy::ZeroInsert;
      break;
    case TransposeConvStrategy::Auto: {
      if (!options.target)
        return fail("strategy=auto needs the module's accel.target");
      llvm::Expected<StrategyChoice> chosen =
          chooseStrategy(*plan, *options.target, options.objective);
      if (!chosen)
        return fail("cannot run on target '" + options.target->name +
                    "': " + llvm::toString(chosen.takeError()));
      choice = *chosen;
      strategy = choice->chosen;
      break;
    }
    case TransposeConvStrategy::Fold:
      if (!options.target)
        return fail("strategy=fold needs the module's accel.target (the cost "
                    "model picks the fold factor)");
      strategy = SplitStrategy::Stacked;
      break;
    }
    std::optional<FoldedLayer> fold;
    if (options.strategy == TransposeConvStrategy::Fold ||
        options.strategy == TransposeConvStrategy::Auto) {
      llvm::Expected<std::optional<FoldedLayer>> folded =
          chooseStackedFold(*plan, choice, padCopyCanBeInPlace(op.getInput()));
      if (!folded)
        return fail("cannot run on target '" + options.target->name +
                    "' (strategy fold): " +
                    llvm::toString(folded.takeError()));
      fold = std::move(*folded);
      if (fold)
        strategy = SplitStrategy::Stacked;
    }
    // Split lowers its own plan (single-tap phases on one-element axes).
    if (strategy == SplitStrategy::Split) {
      llvm::Expected<SplitPlan> own = splitStrategyPlan(*plan);
      if (!own)
        return fail("cannot be planned: " + llvm::toString(own.takeError()));
      readPlan = std::move(*own);
    }
    llvm::Expected<LoweredTransposeConv> lowered =
        lowerTransposeConv(*plan, strategy);
    if (!lowered)
      return fail(Twine("cannot be lowered with strategy ") +
                  stringifySplitStrategy(strategy) + ": " +
                  llvm::toString(lowered.takeError()));
    if (fold)
      applyFold(*lowered, fold->folded);
    StringRef strategyName = fold && fold->pack ? StringRef("fold_pack")
                             : fold             ? StringRef("fold")
                                    : stringifySplitStrategy(strategy);
    if (options.target) {
      for (const LoweredPart &part : lowered->parts) {
        // fold_pack runs its pack's main conv (checked when it was priced),
        // not the folded conv, whose stride may pass the target's.
        if (!part.isConv || (fold && fold->pack))
          continue;
        if (llvm::Error error = checkTargetLimits(part.shape, *options.target))
          return fail("cannot run on target '" + options.target->name +
                      "' (strategy " + strategyName +
                      ", phase (" + Twine(part.rh) + ", " + Twine(part.rw) +
                      ") convolution): " + llvm::toString(std::move(error)));
      }
      // Bias-only phases (K < S) run the fill schedule: one check per
      // distinct fill shape, so a problem is one error here instead of one
      // per phase in accel-tile.
      llvm::SmallDenseSet<std::pair<int64_t, int64_t>, 4> checkedFills;
      for (const LoweredPart &part : lowered->parts) {
        if (part.isConv || part.outH == 0 || part.outW == 0 ||
            !checkedFills.insert({part.outH, part.outW}).second)
          continue;
        schedule::PlaneShape plane{part.shape.batch, part.outH, part.outW,
                              part.shape.outC, part.shape.element};
        llvm::Expected<CostEstimate> fill =
            estimateFillCost(plane, *options.target, /*hasBias=*/true);
        if (!fill)
          return fail("cannot run on target '" + options.target->name +
                      "' (strategy " + strategyName +
                      ", bias-only phase (" + Twine(part.rh) + ", " +
                      Twine(part.rw) +
                      ")): " + llvm::toString(fill.takeError()));
      }
    }

    // Target limits first (they say what the hardware cannot do), then the
    // program's; both from shapes, before any kernel is gathered.
    if (llvm::Error error = checkProgramLimits(*plan, strategy))
      return fail("cannot be lowered: " + llvm::toString(std::move(error)));

    // Kernels are rearranged at compile time through an index per element
    // (8 bytes each, and the time to fill them): bound that work. Splat
    // weights need no gather except for stacked's zero taps.
    for (const LoweredPart &part : lowered->parts) {
      const ConvShape &shape = part.shape;
      if (!part.isConv || (weights.splat && strategy != SplitStrategy::Stacked))
        continue;
      int64_t elements =
          shape.outC * shape.kernelH * shape.kernelW * shape.inC; // < DRAM
      if (elements > kMaxGatheredKernelElements)
        return fail("cannot be lowered: strategy " +
                    strategyName + " rearranges a kernel of " +
                    Twine(elements) +
                    " elements at compile time, more than the conversion's "
                    "budget of " +
                    Twine(kMaxGatheredKernelElements) +
                    "; use fewer channels or another strategy");
    }

    Operation *result =
        emit(op, rewriter, *plan, *lowered, weights, biasValues, inputZp,
             weightZp, dilation, fold ? &*fold : nullptr);
    result->setAttr("accel.strategy", rewriter.getStringAttr(strategyName));
    if (fold)
      result->setAttr("accel.fold",
                      rewriter.getDenseI64ArrayAttr(
                          {fold->folded.foldH, fold->folded.foldW}));
    result->setAttr(kUsefulMacsAttr,
                    rewriter.getI64IntegerAttr(lowered->macs.useful));
    if (choice)
      recordChoice(result, *choice,
                   fold ? std::optional<FoldChoice>(fold->choice)
                        : std::nullopt,
                   fold ? fold->foldPackCost : std::nullopt, rewriter);
    if (TosaToAccelStats *stats = options.stats) {
      stats->transposedConvs += 1;
      stats->usefulMacs += lowered->macs.useful;
      stats->executedMacs += lowered->macs.executed;
      (fold                                 ? stats->fold
       : strategy == SplitStrategy::Split   ? stats->split
       : strategy == SplitStrategy::Stacked ? stats->stacked
                                            : stats->zeroInsert) += 1;
    }
    rewriter.replaceOp(op, result->getResults());
    return success();
  }

private:
  /// The fold of the stacked lowering strategy=fold takes (the first factor
  /// under the objective, 1 x 1 included: std::nullopt, or a fold with its
  /// input side packed when that ranks first) or, under strategy=auto, that
  /// fold when it beats `choice`'s pick (std::nullopt otherwise).
  /// `padInPlace`: the layer input's padding copy is expected in place
  /// (padCopyCanBeInPlace).
  llvm::Expected<std::optional<FoldedLayer>>
  chooseStackedFold(const SplitPlan &plan,
                    const std::optional<StrategyChoice> &choice,
                    bool padInPlace) const {
    const TargetDesc &target = *options.target;
    bool isAuto = options.strategy == TransposeConvStrategy::Auto;
    llvm::Expected<LoweredTransposeConv> stacked =
        lowerTransposeConv(plan, SplitStrategy::Stacked);
    if (!stacked) {
      if (isAuto) { // auto's choice stands
        llvm::consumeError(stacked.takeError());
        return std::nullopt;
      }
      return stacked.takeError();
    }
    if (llvm::Error error = checkProgramLimits(plan, SplitStrategy::Stacked)) {
      if (isAuto) {
        llvm::consumeError(std::move(error));
        return std::nullopt;
      }
      return std::move(error);
    }
    GroupedConv base = stackedGroupedConv(*stacked);
    if (isAuto && foldCandidates(base, target).empty())
      return std::nullopt;
    llvm::Expected<FoldChoice> folded =
        chooseFold(base, target, options.objective);
    if (!folded) {
      if (isAuto) {
        llvm::consumeError(folded.takeError());
        return std::nullopt;
      }
      return folded.takeError();
    }
    FoldedLayer layer{base, folded->chosen, *folded, std::nullopt,
                      std::nullopt};
    CostEstimate cost = folded->cost;
    // The stacked conv is an ordinary conv over the layer's input, so a fold
    // of it packs its input side like any conv's.
    if (std::optional<FoldPack> foldPack =
            chooseFoldPack(base, rankedFolds(*folded, options.objective),
                           target, options.objective, padInPlace)) {
      layer.foldPackCost = foldPack->cost;
      if (ranksBefore(foldPack->cost, cost, options.objective)) {
        cost = foldPack->cost;
        layer.folded = std::move(foldPack->folded);
        layer.pack = std::move(foldPack->pack);
      }
    }
    if (!layer.pack && layer.folded.foldH * layer.folded.foldW == 1)
      return std::nullopt;
    if (isAuto) {
      for (const StrategyChoice::Alternative &alt : choice->alternatives)
        if (alt.feasible && alt.strategy == choice->chosen &&
            !ranksBefore(cost, alt.cost, options.objective))
          return std::nullopt;
    }
    return layer;
  }

  /// Builds the accel ops of `lowered`; returns the op producing the result.
  Operation *emit(tosa::TransposeConv2DOp op, PatternRewriter &rewriter,
                  const SplitPlan &plan, const LoweredTransposeConv &lowered,
                  const ConstantBytes &weights, DenseElementsAttr biasValues,
                  int64_t inputZp, int64_t weightZp,
                  std::array<int64_t, 2> dilation,
                  const FoldedLayer *fold) const {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getOutput().getType());
    auto weightType = cast<RankedTensorType>(op.getWeight().getType());
    Type weightElem = weightType.getElementType();
    Type accElem = resultType.getElementType();
    int64_t batch = resultType.getDimSize(0);
    int64_t inC = weightType.getDimSize(3);
    bool isInt8 = weightElem.isInteger(8);

    // Stacked kernels pad phases with zero taps: the weight zero point.
    SmallVector<char> zeroTap = zeroTapOf(weights, weightZp);

    Value input = op.getInput();
    if (lowered.strategy == SplitStrategy::ZeroInsert &&
        !lowered.zeroInsertIsIdentity()) {
      auto inType = cast<RankedTensorType>(input.getType());
      auto dilatedType = RankedTensorType::get(
          {batch, lowered.zeroInsertH, lowered.zeroInsertW, inC},
          inType.getElementType());
      ArrayRef<int64_t> stride = op.getStride();
      input = ZeroInsertOp::create(
          rewriter, loc, TypeRange{dilatedType}, ValueRange{input},
          {rewriter.getNamedAttr("stride",
                                 rewriter.getDenseI64ArrayAttr(stride)),
           rewriter.getNamedAttr(
               "pad", rewriter.getDenseI64ArrayAttr(lowered.zeroInsertPad)),
           rewriter.getNamedAttr(
               "fill", rewriter.getI32IntegerAttr(isInt8 ? inputZp : 0))});
    }

    // One bias constant per distinct gather.
    Value identityBias;
    auto biasFor = [&](const LoweredPart &part) -> Value {
      int64_t outC = weightType.getDimSize(0);
      int64_t channels = outC * part.biasCopies;
      bool identity = part.biasCopies == 1;
      if (identity && identityBias)
        return identityBias;
      auto type = RankedTensorType::get({channels}, accElem);
      Value bias;
      if (biasValues) {
        SmallVector<int64_t> gather;
        for (int64_t c = 0; c < channels; ++c)
          gather.push_back(biasValues.getNumElements() == 1 ? 0 : c % outC);
        bias = createGatheredConstant(rewriter, loc, biasValues, type, gather);
      } else if (identity) {
        bias = op.getBias();
      } else { // a runtime bias repeated per stacked phase
        SmallVector<Value> copies(part.biasCopies, op.getBias());
        bias = ConcatOp::create(rewriter, loc, TypeRange{type},
                                ValueRange{copies},
                                ArrayRef<NamedAttribute>{});
      }
      if (identity)
        identityBias = bias;
      return bias;
    };

    SmallVector<Value> parts;
    for (const LoweredPart &part : lowered.parts) {
      const ConvShape &shape = part.shape;
      auto partType = RankedTensorType::get(
          {batch, part.outH, part.outW, shape.outC}, accElem);
      Value bias = biasFor(part);
      if (!part.isConv) {
        parts.push_back(BiasFillOp::create(
            rewriter, loc, TypeRange{partType}, ValueRange{bias},
            {rewriter.getNamedAttr("operandSegmentSizes",
                                   rewriter.getDenseI32ArrayAttr({1, 0, 0}))}));
        continue;
      }
      if (fold && fold->pack) {
        // fold_pack: the folded stacked conv with its input side packed.
        std::vector<int64_t> gather =
            foldKernelGather(fold->base, fold->folded,
                             kernelGatherOf(plan, part, lowered.strategy));
        dilateGather(gather, weightType.getShape(), dilation);
        parts.push_back(createTapPackedConv(rewriter, loc, input, weights,
                                            gather, zeroTap, bias, *fold->pack,
                                            inputZp, weightZp, partType));
        continue;
      }
      auto kernelType = RankedTensorType::get(
          {shape.outC, shape.kernelH, shape.kernelW, inC}, weightElem);
      // Splat weights give splat split / zero-insert kernels (no zero
      // taps): no gather at all.
      Value kernel;
      if (weights.splat && lowered.strategy != SplitStrategy::Stacked) {
        kernel = tosa::ConstOp::create(
            rewriter, loc, kernelType,
            DenseElementsAttr::getFromRawBuffer(kernelType, weights.raw));
      } else {
        std::vector<int64_t> gather =
            kernelGatherOf(plan, part, lowered.strategy);
        if (fold)
          gather = foldKernelGather(fold->base, fold->folded, gather);
        dilateGather(gather, weightType.getShape(), dilation);
        kernel = createGatheredConstant(rewriter, loc, weights, kernelType,
                                        gather, zeroTap);
      }
      SmallVector<NamedAttribute> attrs = {
          rewriter.getNamedAttr("stride",
                                rewriter.getDenseI64ArrayAttr(
                                    {shape.strideH, shape.strideW})),
          rewriter.getNamedAttr("dilation",
                                rewriter.getDenseI64ArrayAttr(
                                    {shape.dilationH, shape.dilationW})),
          rewriter.getNamedAttr(
              "pad", rewriter.getDenseI64ArrayAttr(
                         {shape.padTop, shape.padBottom, shape.padLeft,
                          shape.padRight}))};
      if (isInt8) {
        attrs.push_back(rewriter.getNamedAttr(
            "input_zp", rewriter.getI32IntegerAttr(inputZp)));
        attrs.push_back(rewriter.getNamedAttr(
            "weight_zp", rewriter.getI32IntegerAttr(weightZp)));
      }
      attrs.push_back(rewriter.getNamedAttr(
          "operandSegmentSizes",
          rewriter.getDenseI32ArrayAttr({1, 1, bias ? 1 : 0, 0, 0})));
      parts.push_back(Conv2DOp::create(
          rewriter, loc, TypeRange{partType},
          bias ? ValueRange{input, kernel, bias} : ValueRange{input, kernel},
          attrs));
    }
    // Zero-insert's conv is the result; so is a stride-1 layer's only conv
    // when it covers the output exactly (no depth-to-space needed).
    if (lowered.strategy == SplitStrategy::ZeroInsert ||
        (parts.size() == 1 && parts.front().getType() == resultType &&
         lowered.originsH.front() == 0 && lowered.originsW.front() == 0))
      return parts.front().getDefiningOp();
    return DepthToSpaceOp::create(
        rewriter, loc, resultType, ValueRange{parts},
        ArrayRef<int64_t>{lowered.blockH, lowered.blockW}, lowered.originsH,
        lowered.originsW);
  }

  const TosaToAccelOptions &options;
};

} // namespace

namespace accel {
namespace tosa_to_accel {
void populateTransposeConvPatterns(RewritePatternSet &patterns,
                                   const TosaToAccelOptions &options) {
  patterns.add<ConvertTransposeConv>(patterns.getContext(), options);
}

void prepriceTransposeConv(tosa::TransposeConv2DOp op,
                           const TosaToAccelOptions &options) {
  if (options.strategy != TransposeConvStrategy::Auto || !options.target)
    return;
  llvm::Expected<TransposeConvOperands> read =
      readTransposeConv(op, options.strategy);
  if (!read) {
    llvm::consumeError(read.takeError());
    return;
  }
  llvm::Expected<StrategyChoice> choice =
      chooseStrategy(read->plan, *options.target, options.objective);
  if (!choice)
    llvm::consumeError(choice.takeError());
}
} // namespace tosa_to_accel
} // namespace accel
