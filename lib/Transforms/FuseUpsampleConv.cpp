//===- FuseUpsampleConv.cpp - nearest resize + conv2d -> phase convs ------===//
//
// The accel-fuse-upsample-conv pass: a `tosa.resize` NEAREST_NEIGHBOR by
// integer factors (s_h, s_w) whose only user is a stride-1 `tosa.conv2d`
// becomes one `tosa.transpose_conv2d` with stride (s_h, s_w) and the
// composed kernel (accel/Split/UpsampleConv.h), which the split pattern
// (SplitTransposeConvPatterns.cpp) then turns into s_h * s_w phase convs
// with summed taps, interleaved by strided inserts. The upsampled tensor is
// never built. Pairs that have no exact phase form stay as they are, with
// the reason as a remark on request; an optional filter (the accel-compile
// pipeline's cost decision) may veto a fusion.
//
//===----------------------------------------------------------------------===//

#include "accel/Split/UpsampleConv.h"
#include "accel/Support/DenseConstant.h"
#include "accel/Transforms/Passes.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace accel {
#define GEN_PASS_DEF_FUSEUPSAMPLECONVPASS
#include "accel/Transforms/Passes.h.inc"
} // namespace accel

using namespace mlir;
using namespace accel;

namespace {

/// The most kernel elements composed at compile time.
constexpr int64_t kMaxComposedWeights = int64_t(1) << 24;

/// A resize + conv2d pair that fuses exactly.
struct UpsampleConvMatch {
  tosa::ResizeOp resize;
  DenseElementsAttr weight;
  UpsampleConvCandidate candidate;
};

bool isStaticF32(Type type) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  return ranked && ranked.hasStaticShape() && ranked.getElementType().isF32();
}

/// Why `conv` (whose input is a tosa.resize) cannot be fused, or the match.
FailureOr<UpsampleConvMatch> matchUpsampleConv(tosa::Conv2DOp conv,
                                               std::string &why) {
  auto fail = [&](StringRef reason) {
    why = reason.str();
    return failure();
  };
  UpsampleConvMatch match;
  match.resize = conv.getInput().getDefiningOp<tosa::ResizeOp>();
  tosa::ResizeOp resize = match.resize;
  if (resize.getMode() != tosa::ResizeMode::NEAREST_NEIGHBOR)
    return fail("bilinear upsampling is not fused: its edge rows clamp to "
                "the input border, which no phase conv reproduces exactly");
  if (!isStaticF32(resize.getInput().getType()) ||
      !isStaticF32(conv.getWeight().getType()) ||
      !isStaticF32(conv.getBias().getType()) ||
      !isStaticF32(conv.getType()))
    return fail("only static f32 resize + conv pairs are fused (summed int8 "
                "taps would not fit the kernel's element type)");
  if (!resize->hasOneUse())
    return fail("the upsampled tensor has other users");
  SmallVector<int64_t> scale, offset;
  if (!tosa::getConstShapeValues(resize.getScale().getDefiningOp(), scale) ||
      !tosa::getConstShapeValues(resize.getOffset().getDefiningOp(), offset))
    return fail("the resize's scale and offset are not constant");
  auto inType = cast<RankedTensorType>(resize.getInput().getType());
  auto upType = cast<RankedTensorType>(resize.getType());
  ArrayRef<int64_t> in = inType.getShape(), up = upType.getShape();
  int64_t sh =
      nearestUpsampleFactor(in[1], up[1], scale[0], scale[1], offset[0]);
  int64_t sw =
      nearestUpsampleFactor(in[2], up[2], scale[2], scale[3], offset[1]);
  if (sh == 0 || sw == 0)
    return fail("the resize is not an integer-factor nearest upsampling "
                "(output index o reading input o / s); a non-integer scale "
                "has no exact phase form");
  if (llvm::any_of(conv.getStride(), [](int64_t s) { return s != 1; }) ||
      llvm::any_of(conv.getDilation(), [](int64_t d) { return d != 1; }))
    return fail("the conv has a stride or dilation other than 1");
  match.weight = accel::matchDenseConstant(conv.getWeight());
  if (!match.weight || match.weight.getNumElements() > kMaxComposedWeights)
    return fail("the conv's weights are not a constant (of at most 2^24 "
                "elements)");

  auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
  ArrayRef<int64_t> w = weightType.getShape();
  ArrayRef<int64_t> pad = conv.getPad();
  TransposedConvParams &fused = match.candidate.fused;
  fused.batch = in[0];
  fused.inChannels = in[3];
  fused.outChannels = w[0];
  fused.h = upsampleConvAxis(in[1], sh, w[1], pad[0], pad[1]);
  fused.w = upsampleConvAxis(in[2], sw, w[2], pad[2], pad[3]);
  ArrayRef<int64_t> out = cast<RankedTensorType>(conv.getType()).getShape();
  if (w[3] != in[3] || fused.h.outputSize() != out[1] ||
      fused.w.outputSize() != out[2])
    return fail("the conv's shapes do not match its input and kernel");

  ConvShape &unfused = match.candidate.upsampledConv;
  unfused = fused.baseConvShape();
  unfused.inH = up[1];
  unfused.inW = up[2];
  unfused.kernelH = w[1];
  unfused.kernelW = w[2];
  unfused.padTop = pad[0];
  unfused.padBottom = pad[1];
  unfused.padLeft = pad[2];
  unfused.padRight = pad[3];
  match.candidate.factorH = sh;
  match.candidate.factorW = sw;
  match.candidate.conv = conv;
  return match;
}

/// Replaces the pair by the equivalent tosa.transpose_conv2d.
tosa::TransposeConv2DOp fuse(RewriterBase &rewriter, tosa::Conv2DOp conv,
                             UpsampleConvMatch match) {
  const TransposedConvParams &fused = match.candidate.fused;
  auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
  ArrayRef<int64_t> w = weightType.getShape();
  SmallVector<float> source = llvm::to_vector(match.weight.getValues<float>());
  std::vector<float> composed = composeUpsampleConvKernel(
      source, w[0], w[1], w[2], w[3], fused.h.stride, fused.w.stride);
  auto composedType = RankedTensorType::get(
      {w[0], fused.h.kernelSize, fused.w.kernelSize, w[3]},
      rewriter.getF32Type());
  rewriter.setInsertionPoint(conv);
  Value weight = tosa::ConstOp::create(
      rewriter, conv.getLoc(), composedType,
      DenseElementsAttr::get(composedType, ArrayRef<float>(composed)));
  auto transposed = tosa::TransposeConv2DOp::create(
      rewriter, conv.getLoc(), conv.getType(), match.resize.getInput(), weight,
      conv.getBias(), conv.getInputZp(), conv.getWeightZp(),
      rewriter.getDenseI64ArrayAttr({fused.h.padBegin, fused.h.padEnd,
                                     fused.w.padBegin, fused.w.padEnd}),
      rewriter.getDenseI64ArrayAttr({fused.h.stride, fused.w.stride}),
      conv.getAccTypeAttr(), conv.getLocalBoundAttr());
  rewriter.replaceOp(conv, transposed.getResult());
  rewriter.eraseOp(match.resize);
  return transposed;
}

struct FuseUpsampleConvPass
    : accel::impl::FuseUpsampleConvPassBase<FuseUpsampleConvPass> {
  using FuseUpsampleConvPassBase::FuseUpsampleConvPassBase;
  FuseUpsampleConvPass(const FuseUpsampleConvPassOptions &options,
                       UpsampleConvFilter filter)
      : FuseUpsampleConvPassBase(options), filter(std::move(filter)) {}

  void runOnOperation() override {
    SmallVector<tosa::Conv2DOp> convs;
    getOperation().walk([&](tosa::Conv2DOp conv) {
      if (conv.getInput().getDefiningOp<tosa::ResizeOp>())
        convs.push_back(conv);
    });
    IRRewriter rewriter(&getContext());
    SmallVector<Operation *> fused;
    for (tosa::Conv2DOp conv : convs) {
      std::string why;
      FailureOr<UpsampleConvMatch> match = matchUpsampleConv(conv, why);
      if (succeeded(match) && filter && !filter(match->candidate)) {
        match = failure();
        why = "the cost model prices the unfused pair as cheaper";
      }
      if (failed(match)) {
        if (emitRemarks)
          conv.emitRemark() << "accel-fuse-upsample-conv: left unfused: "
                            << why;
        continue;
      }
      if (emitRemarks)
        conv.emitRemark() << "accel-fuse-upsample-conv: fused a nearest x"
                          << match->candidate.factorH << "x"
                          << match->candidate.factorW
                          << " upsampling into the conv";
      fused.push_back(fuse(rewriter, conv, *match));
      ++numFused;
    }
    if (!split || fused.empty())
      return;
    RewritePatternSet patterns(&getContext());
    populateSplitTransposeConvPatterns(patterns, SplitStrategy::Split);
    GreedyRewriteConfig config;
    config.enableFolding(false);
    config.setStrictness(GreedyRewriteStrictness::ExistingOps);
    if (failed(applyOpPatternsGreedily(fused, std::move(patterns), config)))
      return signalPassFailure();
  }

  UpsampleConvFilter filter;
};

} // namespace

std::unique_ptr<Pass>
accel::createFuseUpsampleConvPass(const FuseUpsampleConvPassOptions &options,
                                  UpsampleConvFilter filter) {
  return std::make_unique<FuseUpsampleConvPass>(options, std::move(filter));
}
