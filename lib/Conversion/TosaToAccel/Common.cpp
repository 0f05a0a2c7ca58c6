//===- Common.cpp - Helpers shared by the TosaToAccel patterns ------------===//

#include "Common.h"

#include "accel/Support/DenseConstant.h"
#include "accel/Target/Target.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/xxhash.h"

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace accel;
using namespace accel::tosa_to_accel;

LogicalResult tosa_to_accel::reportError(Operation *op,
                                         const TosaToAccelOptions &options,
                                         const llvm::Twine &message) {
  // An op the host can run is not an error: the host fallback takes it
  // after the patterns have converged (HostFallback.cpp).
  bool hostCouldRun = canFallBackToHost(op);
  if (options.hostFallback && hostCouldRun)
    return failure();
  if (options.reported->insert(op).second) {
    InFlightDiagnostic diag = op->emitOpError() << message;
    if (hostCouldRun)
      diag << " (host-fallback=false: the host could run it)";
  }
  return failure();
}

LogicalResult tosa_to_accel::checkConvLimits(Operation *op,
                                             const TosaToAccelOptions &options,
                                             const ConvShape &shape) {
  if (!options.target)
    return success();
  if (llvm::Error error = checkTargetLimits(shape, *options.target))
    return reportError(op, options,
                       "cannot run on target '" + options.target->name +
                           "': " + llvm::toString(std::move(error)));
  return success();
}

bool tosa_to_accel::hasNonStaticTensor(Operation *op) {
  auto nonStatic = [](Type type) {
    auto shaped = dyn_cast<ShapedType>(type);
    return shaped && !shaped.hasStaticShape();
  };
  return llvm::any_of(op->getOperandTypes(), nonStatic) ||
         llvm::any_of(op->getResultTypes(), nonStatic);
}

StringRef tosa_to_accel::unsupportedShapeMessage() {
  return "has an unranked or dynamic tensor shape; accel supports only "
         "static shapes (it plans every buffer at compile time): give every "
         "tensor a static shape, e.g. with --tosa-infer-shapes";
}

/// Elements the conversion reads as bytes: whole-byte ints and floats.
static bool hasByteElements(ShapedType type) {
  Type elem = type.getElementType();
  return elem.isIntOrFloat() && !elem.isInteger(1) &&
         elem.getIntOrFloatBitWidth() % 8 == 0;
}

DenseElementsAttr tosa_to_accel::getConstantElements(Value value) {
  DenseElementsAttr attr = accel::matchDenseConstant(value);
  if (!attr || !hasByteElements(attr.getType()))
    return {};
  return attr;
}

std::optional<ConstantBytes> tosa_to_accel::getConstantBytes(Value value) {
  std::optional<ConstantBytes> bytes = accel::matchConstantBytes(value);
  if (!bytes || !hasByteElements(bytes->type))
    return std::nullopt;
  return bytes;
}

bool tosa_to_accel::padCopyCanBeInPlace(Value input) {
  Operation *producer = input.getDefiningOp();
  if (!producer || llvm::isa<tosa::ConstOp, tosa::ReshapeOp>(producer))
    return false;
  // The conv being converted is its only reader: another reader's accel
  // form may be a view (a block-packed window, a slice), which keeps the
  // planner from aliasing it (mde's upconv1 on tpu-systolic: its input also
  // feeds pr2's block window; priced in place, its fold_pack simulated
  // 12,035 cycles against stacked's 8,975).
  return input.hasOneUse();
}

bool tosa_to_accel::isConstantElements(Value value) {
  return getConstantBytes(value).has_value();
}

/// Gathered constants of at least this many bytes are dense_resource blobs:
/// filled in place, never copied into (and hashed by) the attribute uniquer.
/// Smaller ones stay dense<...>, readable in the printed IR.
static constexpr size_t kBlobBytes = 4096;

/// A deterministic blob name: the op's NameLoc (or "weight") and a hash of
/// the bytes, so names rarely collide (the blob manager renames a collision
/// by counting up from 1, quadratic in the collisions of one name).
static std::string blobName(Location loc, ArrayRef<char> data) {
  std::string base = "weight";
  if (auto name = loc->findInstanceOf<NameLoc>())
    base = name.getName().str();
  return base + "_" +
         llvm::utohexstr(
             llvm::xxh3_64bits(ArrayRef<uint8_t>(
                 reinterpret_cast<const uint8_t *>(data.data()), data.size())),
             /*LowerCase=*/true);
}

/// out[i] = element gather[i] of `raw` (element 0 when `splat`), or `fill`
/// where gather[i] < 0; elements of `Bytes` bytes (accel::gatherElements,
/// SplitPlan.h, is the same on typed vectors; these are unaligned bytes).
template <size_t Bytes>
static void gatherRawElements(char *out, const char *raw, bool splat,
                              ArrayRef<int64_t> gather, const char *fill) {
  for (int64_t index : gather) {
    std::memcpy(out, index < 0 ? fill : raw + (splat ? 0 : index * Bytes),
                Bytes);
    out += Bytes;
  }
}

Value tosa_to_accel::createGatheredConstant(OpBuilder &builder, Location loc,
                                            const ConstantBytes &source,
                                            RankedTensorType type,
                                            ArrayRef<int64_t> gather,
                                            ArrayRef<char> fill) {
  size_t bytes = source.getElementType().getIntOrFloatBitWidth() / 8;
  ArrayRef<char> raw = source.raw;
  bool splat = source.splat;
  // A splat gathers into a splat (no zero taps, or zero taps equal to it):
  // keep it one element instead of materialising the kernel.
  if (splat && (llvm::all_of(gather, [](int64_t i) { return i >= 0; }) ||
                ArrayRef<char>(raw.data(), bytes) == fill))
    return tosa::ConstOp::create(
        builder, loc, type,
        DenseElementsAttr::getFromRawBuffer(type, raw.take_front(bytes)));
  assert((fill.size() == bytes ||
          llvm::all_of(gather, [](int64_t i) { return i >= 0; })) &&
         "a zero tap needs fill bytes");
  auto fillInto = [&](char *out) {
    // One fixed-size copy per element for the usual widths (a call to
    // memcpy per 4-byte weight otherwise: ~1/4 of the conversion's serial
    // time on the six networks).
    switch (bytes) {
    case 1:
      return gatherRawElements<1>(out, raw.data(), splat, gather, fill.data());
    case 2:
      return gatherRawElements<2>(out, raw.data(), splat, gather, fill.data());
    case 4:
      return gatherRawElements<4>(out, raw.data(), splat, gather, fill.data());
    case 8:
      return gatherRawElements<8>(out, raw.data(), splat, gather, fill.data());
    default:
      for (int64_t index : gather) {
        std::memcpy(out,
                    index < 0 ? fill.data()
                              : raw.data() + (splat ? 0 : index * bytes),
                    bytes);
        out += bytes;
      }
    }
  };
  size_t total = gather.size() * bytes;
  if (total >= kBlobBytes) {
    AsmResourceBlob blob =
        HeapAsmResourceBlob::allocate(total, alignof(uint64_t));
    fillInto(blob.getMutableData().data());
    std::string name = blobName(loc, blob.getData());
    return tosa::ConstOp::create(
        builder, loc, type,
        DenseResourceElementsAttr::get(type, name, std::move(blob)));
  }
  SmallVector<char> data(total);
  fillInto(data.data());
  auto attr = DenseElementsAttr::getFromRawBuffer(type, data);
  return tosa::ConstOp::create(builder, loc, type, attr);
}

Value tosa_to_accel::createZeroConstant(OpBuilder &builder, Location loc,
                                        RankedTensorType type) {
  Attribute zero = builder.getZeroAttr(type.getElementType());
  return tosa::ConstOp::create(builder, loc, type,
                               DenseElementsAttr::get(type, zero));
}

std::optional<SmallVector<int64_t>>
tosa_to_accel::integerValues(Value value) {
  DenseElementsAttr attr = getConstantElements(value);
  if (!attr || !attr.getElementType().isInteger())
    return std::nullopt;
  SmallVector<int64_t> values;
  for (const APInt &v : attr.getValues<APInt>())
    values.push_back(v.getSExtValue());
  return values;
}

SmallVector<char> tosa_to_accel::integerBytes(Type type, int64_t value) {
  SmallVector<char> bytes;
  if (!type.isInteger(8) && !type.isInteger(32))
    return bytes;
  unsigned width = type.getIntOrFloatBitWidth() / 8;
  for (unsigned i = 0; i < width; ++i)
    bytes.push_back(static_cast<char>((static_cast<uint64_t>(value) >> (8 * i)) &
                                      0xff));
  return bytes;
}

void tosa_to_accel::setPostOp(PatternRewriter &rewriter, Operation *op,
                              const PostOp &post) {
  MLIRContext *context = op->getContext();
  rewriter.modifyOpInPlace(op, [&] {
    op->setAttr("post_op", PostOpKindAttr::get(context, post.kind));
    if (post.clampMin) {
      op->setAttr("clamp_min", rewriter.getF32FloatAttr(*post.clampMin));
      op->setAttr("clamp_max", rewriter.getF32FloatAttr(*post.clampMax));
    }
    if (post.leakyAlpha)
      op->setAttr("leaky_alpha", rewriter.getF32FloatAttr(*post.leakyAlpha));
  });
}

namespace {

/// True for an accel op whose epilogue can still take `kind`.
bool canAbsorb(Operation *op, FusionKind kind) {
  PostOpKind post;
  bool requantized;
  // The lookup table is the epilogue's last step: nothing follows it.
  if (auto conv = dyn_cast<Conv2DOp>(op)) {
    post = conv.getPostOp();
    requantized = conv.getRequantMultiplier() || conv.getScales();
    if (conv.getLut())
      return false;
  } else if (auto fill = dyn_cast<BiasFillOp>(op)) {
    post = fill.getPostOp();
    requantized = fill.getRequantMultiplier() || fill.getScales();
    if (fill.getLut())
      return false;
  } else if (auto add = dyn_cast<AddOp>(op)) {
    if (add.getLut())
      return false;
    if (kind == FusionKind::Table)
      return add.getType().getElementType().isInteger(8);
    return kind == FusionKind::Activation && add.getPostOp() == PostOpKind::None;
  } else {
    return false;
  }
  switch (kind) {
  case FusionKind::Bias:
    return post == PostOpKind::None && !requantized;
  case FusionKind::Activation:
    return post == PostOpKind::None;
  case FusionKind::Requant:
    return !requantized && (post == PostOpKind::None ||
                            post == PostOpKind::Relu ||
                            post == PostOpKind::Clamp);
  case FusionKind::Table:
    return requantized;
  }
  return false;
}

LogicalResult collect(Value value, FusionKind kind,
                      ArrayRef<int64_t> channelMap,
                      SmallVectorImpl<FusionTerminal> &terminals) {
  Operation *def = value.getDefiningOp();
  if (!def)
    return failure();
  auto shaped = cast<RankedTensorType>(value.getType());
  int64_t channels = shaped.getRank() ? shaped.getShape().back() : 1;
  bool bias = kind == FusionKind::Bias;
  // Per-channel parameters (bias, requantization) follow the channels; a
  // reshape that moves them ends the map (empty) for a requantization.
  bool mapped = !channelMap.empty();
  auto requireSingleUse = [](Value operand) {
    return success(operand.hasOneUse());
  };

  if (llvm::isa<Conv2DOp, BiasFillOp, AddOp>(def)) {
    if (!canAbsorb(def, kind))
      return failure();
    terminals.push_back({def, SmallVector<int64_t>(channelMap)});
    return success();
  }
  if (auto reshape = dyn_cast<ReshapeOp>(def)) {
    auto inType = reshape.getInput().getType();
    if (bias && (inType.getRank() == 0 || inType.getShape().back() != channels))
      return failure();
    if (failed(requireSingleUse(reshape.getInput())))
      return failure();
    bool keepsChannels =
        inType.getRank() != 0 && inType.getShape().back() == channels;
    return collect(reshape.getInput(), kind,
                   keepsChannels ? channelMap : ArrayRef<int64_t>(), terminals);
  }
  if (auto d2s = dyn_cast<DepthToSpaceOp>(def)) {
    for (Value phase : d2s.getPhases()) {
      if (failed(requireSingleUse(phase)))
        return failure();
      SmallVector<int64_t> map;
      int64_t phaseChannels =
          cast<RankedTensorType>(phase.getType()).getShape().back();
      if (mapped)
        for (int64_t c = 0; c < phaseChannels; ++c)
          map.push_back(channelMap[c % channels]);
      if (failed(collect(phase, kind, map, terminals)))
        return failure();
    }
    return success();
  }
  if (auto concat = dyn_cast<ConcatOp>(def)) {
    int64_t offset = 0;
    for (Value input : concat.getInputs()) {
      if (failed(requireSingleUse(input)))
        return failure();
      int64_t inputChannels =
          cast<RankedTensorType>(input.getType()).getShape().back();
      SmallVector<int64_t> map;
      if (mapped)
        map.assign(channelMap.begin() + offset,
                   channelMap.begin() + offset + inputChannels);
      offset += inputChannels;
      if (failed(collect(input, kind, map, terminals)))
        return failure();
    }
    return success();
  }
  return failure();
}

} // namespace

FailureOr<SmallVector<FusionTerminal>>
tosa_to_accel::collectFusionTerminals(Value value, FusionKind kind,
                                      ArrayRef<Operation *> allowedUsers) {
  for (Operation *user : value.getUsers())
    if (!llvm::is_contained(allowedUsers, user))
      return failure();
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.hasStaticShape())
    return failure();
  int64_t channels = type.getRank() ? type.getShape().back() : 1;
  // Activations and tables need no channel correspondence (elementwise).
  SmallVector<int64_t> identity;
  if (kind != FusionKind::Activation && kind != FusionKind::Table)
    for (int64_t c = 0; c < channels; ++c)
      identity.push_back(c);
  SmallVector<FusionTerminal> terminals;
  if (failed(collect(value, kind, identity, terminals)))
    return failure();
  return terminals;
}

SmallVector<char> accel::tosa_to_accel::zeroTapOf(const ConstantBytes &weights,
                                                  int64_t weightZp) {
  Type elem = weights.getElementType();
  return elem.isInteger(8) ? integerBytes(elem, weightZp)
                           : SmallVector<char>(4, 0);
}

void accel::tosa_to_accel::recordStrategyEstimates(
    Operation *op, ArrayRef<StrategyEstimate> estimates, Builder &builder) {
  SmallVector<NamedAttribute> cycles, bytes, energy, infeasible;
  for (const StrategyEstimate &estimate : estimates) {
    if (!estimate.cost) {
      infeasible.push_back(builder.getNamedAttr(
          estimate.name, builder.getStringAttr(estimate.reason)));
      continue;
    }
    const CostEstimate &cost = *estimate.cost;
    cycles.push_back(builder.getNamedAttr(
        estimate.name, builder.getI64IntegerAttr(cost.cycles)));
    bytes.push_back(builder.getNamedAttr(
        estimate.name, builder.getI64IntegerAttr(cost.dramBytes)));
    // Whole picojoules as i64: large f64 values print as hex.
    energy.push_back(builder.getNamedAttr(
        estimate.name, builder.getI64IntegerAttr(
                           static_cast<int64_t>(std::llround(cost.energyPJ)))));
  }
  op->setAttr("accel.strategy_cycles", builder.getDictionaryAttr(cycles));
  op->setAttr("accel.strategy_dram_bytes", builder.getDictionaryAttr(bytes));
  op->setAttr("accel.strategy_energy_pj", builder.getDictionaryAttr(energy));
  if (!infeasible.empty())
    op->setAttr("accel.strategy_infeasible",
                builder.getDictionaryAttr(infeasible));
}

Value accel::tosa_to_accel::createUnitTapKernel(
    PatternRewriter &rewriter, Location loc, Type element,
    ArrayRef<int64_t> ohwi, llvm::function_ref<int64_t(int64_t)> tapOf) {
  auto type = RankedTensorType::get(ohwi, element);
  int64_t rows = ohwi[0],
          row = type.getNumElements() / std::max<int64_t>(rows, 1);
  auto build = [&](auto oneValue) {
    using T = decltype(oneValue);
    std::vector<T> values(type.getNumElements(), T(0));
    for (int64_t o = 0; o < rows; ++o)
      values[o * row + tapOf(o)] = oneValue;
    return DenseElementsAttr::get(type, ArrayRef<T>(values));
  };
  DenseElementsAttr weights =
      element.isInteger(8) ? build(int8_t(1)) : build(1.0f);
  return tosa::ConstOp::create(rewriter, loc, type, weights);
}

Value accel::tosa_to_accel::createMoveConv(
    PatternRewriter &rewriter, Location loc, Value input, Value weight,
    RankedTensorType resultType, ArrayRef<int64_t> pad, int64_t groups,
    const MoveConvGeometry &geometry) {
  SmallVector<NamedAttribute> attrs = {
      rewriter.getNamedAttr("pad", rewriter.getDenseI64ArrayAttr(pad)),
      rewriter.getNamedAttr("operandSegmentSizes",
                            rewriter.getDenseI32ArrayAttr({1, 1, 0, 0, 0}))};
  if (groups != 1)
    attrs.push_back(
        rewriter.getNamedAttr("groups", rewriter.getI64IntegerAttr(groups)));
  if (geometry.strideH != 1 || geometry.strideW != 1)
    attrs.push_back(rewriter.getNamedAttr(
        "stride",
        rewriter.getDenseI64ArrayAttr({geometry.strideH, geometry.strideW})));
  if (geometry.dilationH != 1 || geometry.dilationW != 1)
    attrs.push_back(rewriter.getNamedAttr(
        "dilation", rewriter.getDenseI64ArrayAttr(
                        {geometry.dilationH, geometry.dilationW})));
  if (resultType.getElementType().isInteger(8)) {
    attrs.push_back(rewriter.getNamedAttr("requant_multiplier",
                                          rewriter.getI32IntegerAttr(1)));
    attrs.push_back(
        rewriter.getNamedAttr("requant_shift", rewriter.getI32IntegerAttr(0)));
    if (geometry.zeroPoint != 0) {
      attrs.push_back(rewriter.getNamedAttr(
          "input_zp", rewriter.getI32IntegerAttr(geometry.zeroPoint)));
      attrs.push_back(rewriter.getNamedAttr(
          "output_zp", rewriter.getI32IntegerAttr(geometry.zeroPoint)));
    }
  }
  return Conv2DOp::create(rewriter, loc, TypeRange{resultType},
                          ValueRange{input, weight}, attrs);
}
