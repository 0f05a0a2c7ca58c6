//===- TosaToAccel.cpp - The TOSA to accel conversion driver --------------===//
//
// Runs the conversion in three greedy rounds, hands what is left to the
// host (HostFallback.cpp, unless host-fallback=false), then checks that
// nothing unsupported is left:
//   1. conversion + fusion together, so that a bias add or activation fuses
//      as soon as its producer has become accel (the driver revisits the
//      users of every replaced op);
//   2. constant adds no producer could take as a bias become accel.add
//      (fusion stays on, so an activation after them still fuses);
//   3. activations no producer could absorb become accel.add(x, 0) with the
//      activation as post-op.
// The dialect conversion driver is not used because fusion must see the
// converted producers and their real use counts, which it defers; the final
// check gives the same guarantee (no TOSA compute op survives) with an error
// that names each leftover op.
//
//===----------------------------------------------------------------------===//

#include "Common.h"

#include "accel/Dialect/Accel/IR/AccelAnnotations.h"
#include "accel/Dialect/Accel/IR/DramLimit.h"
#include "accel/Support/EnumNames.h"
#include "accel/Support/Saturating.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/Threading.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;
using namespace accel;
using namespace accel::tosa_to_accel;

static constexpr EnumName<TransposeConvStrategy> kStrategyNames[] = {
    {TransposeConvStrategy::Split, "split",
     "one stride-1 conv per phase, no zero taps"},
    {TransposeConvStrategy::Stacked, "stacked",
     "one conv with s_h*s_w*C_out channels + depth-to-space"},
    {TransposeConvStrategy::ZeroInsert, "zero-insert",
     "zero-inserted input + flipped-kernel conv (the baseline)"},
    {TransposeConvStrategy::Auto, "auto",
     "the cheapest of the three, or a fold, per layer on the target (cost "
     "model); every conv folded or packed where that is cheaper"},
    {TransposeConvStrategy::Fold, "fold",
     "stacked with output blocks folded into channels, and every conv "
     "folded or packed where the cost model finds it cheaper"}};

StringRef accel::stringifyTransposeConvStrategy(TransposeConvStrategy strategy) {
  return enumName<TransposeConvStrategy>(kStrategyNames, strategy);
}

ArrayRef<EnumName<TransposeConvStrategy>> accel::transposeConvStrategyNames() {
  return kStrategyNames;
}

void accel::populateTosaToAccelConversionPatterns(
    RewritePatternSet &patterns, const TosaToAccelOptions &options) {
  populateTransposeConvPatterns(patterns, options);
  populateLayerPatterns(patterns, options);
  populateInt8ResidualAddPatterns(patterns, options);
  populateDataMovementPatterns(patterns, options);
  populateConv3dPatterns(patterns, options);
}

namespace {

/// Why `op` is still there, for the final check.
std::string leftoverReason(Operation *op) {
  if (hasNonStaticTensor(op))
    return unsupportedShapeMessage().str();
  if (llvm::isa<tosa::TanhOp, tosa::SigmoidOp>(op))
    return "is only supported on f32 (the accelerator's tanh / sigmoid "
           "post-ops)";
  if (auto rescale = dyn_cast<tosa::RescaleOp>(op);
      rescale && getElementTypeOrSelf(rescale.getInput().getType()).isInteger(8)) {
    std::string reason;
    if (failed(readAddInputRescale(rescale, &reason)))
      return "cannot be represented by the engine's residual add: " + reason;
    return "is not supported here; accel runs an i8 -> i32 rescale only as an "
           "operand of an int8 residual add (rescale -> tosa.add (i32) -> "
           "rescale to i8, each operand rescale used only by the add)";
  }
  if (auto rescale = dyn_cast<tosa::RescaleOp>(op)) {
    std::string reason;
    if (failed(readRescaleParams(rescale, &reason)))
      return "cannot be represented by the engine's requantization: " +
             reason;
    return "is not supported here; accel fuses a rescale into the "
           "convolution (or bias fill) producing its i32 input, through "
           "reshape / depth_to_space / concat with no other use, and a "
           "clamp on the accumulators or a reshape that moves channels only "
           "under a per-tensor rescale";
  }
  if (auto table = dyn_cast<tosa::TableOp>(op)) {
    std::string reason;
    if (failed(readTableParams(table, &reason)))
      return "cannot be represented by the engine's lookup table: " + reason;
    return "is not supported here (the engine applies an i8 table on the "
           "way out of the accumulators)";
  }
  if (auto transpose = dyn_cast<tosa::TransposeOp>(op);
      transpose && transpose.getPerms().size() == 6)
    return "is not supported by convert-tosa-to-accel; accel runs the "
           "depth-to-space of NHWC [N, H, W, bh*bw*C] reshaped to "
           "[N, H, W, bh, bw, C] and transposed by (0, 1, 3, 2, 4, 5) (ONNX "
           "DepthToSpace DCR), and the CRD form (PixelShuffle; reshaped to "
           "[N, H, W, C, bh, bw], transposed by (0, 1, 4, 2, 5, 3)) of an f32 "
           "conv's result with constant weights and bias and no other user "
           "(accel-compile's accel-prepare-tosa reorders the conv's channels)";
  if (llvm::isa<tosa::MulOp>(op))
    return "is not supported by convert-tosa-to-accel; only the leaky ReLU "
           "form maximum(x, mul(x, alpha)) with a constant 0 <= alpha <= 1 "
           "and an f32 multiplication by a constant with one value or one "
           "per channel are";
  if (llvm::isa<tosa::MaximumOp>(op))
    return "is not supported by convert-tosa-to-accel; only the leaky ReLU "
           "form maximum(x, mul(x, alpha)) with a constant 0 <= alpha <= 1 "
           "is";
  return "is not supported by convert-tosa-to-accel (accel runs "
         "transpose_conv2d, conv2d, depthwise_conv2d, matmul with constant "
         "weights, add, clamp, tanh, sigmoid, leaky ReLU, concat on channels, "
         "reshape, slices of height, width and channels, zero padding of "
         "height and width, nearest upsampling by integer factors and "
         "depth-to-space; "
         "accel-compile's accel-prepare-tosa first removes layout "
         "transposes, identities, and BatchNorm mul/add/sub and pads it can "
         "fold into a conv, and rewrites PReLU's select(x >= 0, x, x * "
         "slope) with finite constant slopes into ops accel runs)";
}

bool isAllowedAfterConversion(Operation *op) {
  Dialect *dialect = op->getDialect();
  if (isa_and_nonnull<AccelDialect, func::FuncDialect>(dialect))
    return true;
  return op->hasTrait<OpTrait::ConstantLike>() || llvm::isa<ModuleOp>(op);
}

LogicalResult runGreedily(Operation *root, RewritePatternSet &&patterns) {
  GreedyRewriteConfig config;
  config.enableFolding(false);
  config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
  return applyPatternsGreedily(root, std::move(patterns), config);
}

/// With threading enabled, makes the cost-model decisions of every conv
/// and transposed conv under `root` in parallel (see prepriceConv): the
/// output does not change, only when the decisions are made.
void prepriceLayers(Operation *root, const TosaToAccelOptions &options) {
  MLIRContext *context = root->getContext();
  if (!options.target || !context->isMultithreadingEnabled())
    return;
  SmallVector<Operation *> layers;
  root->walk([&](Operation *op) {
    if (llvm::isa<tosa::TransposeConv2DOp, tosa::Conv2DOp>(op))
      layers.push_back(op);
  });
  if (layers.size() < 2)
    return;
  // Largest first, so that the last layer a thread takes is a short one
  // (the threads take layers in this order).
  auto elements = [](Value value) {
    return cast<ShapedType>(value.getType()).getNumElements();
  };
  auto macs = [&](Operation *op) -> int64_t {
    Value weight = op->getOperand(1);
    auto weightType = cast<ShapedType>(weight.getType());
    if (!weightType.hasStaticShape() || weightType.getRank() != 4 ||
        !cast<ShapedType>(op->getOperand(0).getType()).hasStaticShape() ||
        !cast<ShapedType>(op->getResult(0).getType()).hasStaticShape())
      return 0;
    // OHWI weights: per output element of a conv, H * W * I MACs; per input
    // element of a transposed conv, O * H * W. Saturating: a transposed
    // conv's sizes are not checked against DRAM before its pattern runs.
    bool transposed = llvm::isa<tosa::TransposeConv2DOp>(op);
    int64_t perElement =
        elements(weight) /
        std::max<int64_t>(weightType.getDimSize(transposed ? 3 : 0), 1);
    return saturatingProduct(
        {perElement,
         elements(transposed ? op->getOperand(0) : op->getResult(0))});
  };
  // (MACs, position): ties keep the program order.
  SmallVector<std::tuple<int64_t, size_t, Operation *>> bySize;
  for (auto [index, op] : llvm::enumerate(layers))
    bySize.push_back({macs(op), index, op});
  llvm::sort(bySize, [](const auto &a, const auto &b) {
    return std::make_pair(-std::get<0>(a), std::get<1>(a)) <
           std::make_pair(-std::get<0>(b), std::get<1>(b));
  });
  for (auto [index, entry] : llvm::enumerate(bySize))
    layers[index] = std::get<2>(entry);
  parallelForEach(context, layers, [&](Operation *op) {
    if (auto deconv = dyn_cast<tosa::TransposeConv2DOp>(op))
      tosa_to_accel::prepriceTransposeConv(deconv, options);
    else
      tosa_to_accel::prepriceConv(cast<tosa::Conv2DOp>(op), options);
  });
}

} // namespace

LogicalResult accel::convertTosaToAccel(Operation *root,
                                        const TosaToAccelOptions &options) {
  MLIRContext *context = root->getContext();
  llvm::DenseSet<Operation *> reported;
  TosaToAccelOptions local = options;
  if (!local.reported)
    local.reported = &reported;
  // Names and roles first, so that every op lowered from a source op carries
  // its layer's identity (reports pair layers of two builds by it).
  assignLayerIdentity(root);

  // Shapes beyond the accelerator's DRAM: one error at each such TOSA op,
  // before any pattern plans or allocates for it. (A transposed conv's
  // pattern checks the target's limits first, then the DRAM its strategy
  // needs, intermediates included.)
  root->walk([&](Operation *op) {
    if (op != root && !op->hasTrait<OpTrait::ConstantLike>() &&
        isa_and_nonnull<tosa::TosaDialect>(op->getDialect()) &&
        !llvm::isa<tosa::TransposeConv2DOp>(op) &&
        failed(checkTensorsFitDram(op)))
      local.reported->insert(op);
  });
  if (!local.reported->empty())
    return failure();

  prepriceLayers(root, local);
  RewritePatternSet convert(context);
  populateTosaToAccelConversionPatterns(convert, local);
  populateTosaToAccelFusionPatterns(convert);
  if (failed(runGreedily(root, std::move(convert))))
    return root->emitError("convert-tosa-to-accel did not converge");

  RewritePatternSet constantAdds(context);
  populateUnfusedConstantAddPatterns(constantAdds);
  populateTosaToAccelFusionPatterns(constantAdds);
  if (failed(runGreedily(root, std::move(constantAdds))))
    return root->emitError("convert-tosa-to-accel did not converge");

  RewritePatternSet activations(context);
  populateTosaToAccelUnfusedActivationPatterns(activations);
  populateInt8RescalePatterns(activations, local);
  if (failed(runGreedily(root, std::move(activations))))
    return root->emitError("convert-tosa-to-accel did not converge");

  RewritePatternSet scales(context);
  populateConstantScalePatterns(scales);
  if (failed(runGreedily(root, std::move(scales))))
    return root->emitError("convert-tosa-to-accel did not converge");

  // What the accelerator's patterns left, the host runs (or, without
  // fallback, the final check reports).
  llvm::DenseMap<Operation *, std::string> noHostReason;
  if (local.hostFallback)
    reportHostFallbacks(root,
                        fallBackToHost(root, *local.reported, noHostReason));

  // Constants the rewrites left without users (original weights, zero
  // points, shapes) would otherwise end up in the program's weight blob.
  SmallVector<Operation *> deadConstants;
  root->walk([&](Operation *op) {
    if (op->hasTrait<OpTrait::ConstantLike>() && op->use_empty())
      deadConstants.push_back(op);
  });
  for (Operation *op : deadConstants)
    op->erase();

  bool failedAny = !local.reported->empty();
  // The engine stores i8 or f32 only: int8 layers must be rescaled. One
  // error per TOSA op (its accel ops share its location).
  llvm::DenseSet<Location> unrescaled;
  if (!local.allowI32Results)
    root->walk([&](Operation *op) {
      if (!llvm::isa<Conv2DOp, BiasFillOp>(op) ||
          !cast<ShapedType>(op->getResult(0).getType())
               .getElementType()
               .isInteger(32) ||
          !unrescaled.insert(op->getLoc()).second)
        return;
      emitError(op->getLoc())
          << "int8 layer: its i32 accumulators are not requantized, and the "
             "accelerator stores only i8 results; follow it with a "
             "tosa.rescale to i8 (see docs/Conversion.md for the forms "
             "accepted)";
      failedAny = true;
    });
  root->walk([&](Operation *op) {
    if (op == root || isAllowedAfterConversion(op) ||
        local.reported->contains(op))
      return;
    InFlightDiagnostic diag = op->emitOpError() << leftoverReason(op);
    auto noHost = noHostReason.find(op);
    if (noHost != noHostReason.end())
      diag << "; it cannot fall back to the host either: " << noHost->second;
    else if (!local.hostFallback && canFallBackToHost(op))
      diag << " (host-fallback=false: the host could run it)";
    failedAny = true;
  });
  return failure(failedAny);
}
