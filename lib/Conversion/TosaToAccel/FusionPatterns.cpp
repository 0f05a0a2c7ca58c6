//===- FusionPatterns.cpp - Biases and activations into accel epilogues ---===//
//
// The accelerator applies bias, activation and requantization on the way
// out of its accumulators, so a TOSA bias add or activation after a
// convolution costs nothing when it becomes part of the conv's epilogue.
// These patterns fold them into the accel ops that produce their operand
// (see collectFusionTerminals for which producers qualify), and give the
// ones that cannot be fused a home on the elementwise path (accel.add).
//
//===----------------------------------------------------------------------===//

#include "Common.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Matchers.h"

#include "accel/ISA/Instruction.h"
#include "accel/Support/Rescale.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>

using namespace mlir;
using namespace accel;
using namespace accel::tosa_to_accel;

namespace {

/// An activation op seen as (operand, post-op). `mul` is the multiply of a
/// leaky ReLU `maximum(x, mul(x, alpha))`.
struct Activation {
  Value input;
  PostOp post;
  Operation *mul = nullptr;
};

/// A splat f32 constant's value.
std::optional<float> splatFloat(Value value) {
  DenseElementsAttr attr = getConstantElements(value);
  if (!attr || !attr.isSplat() || !attr.getElementType().isF32())
    return std::nullopt;
  return attr.getSplatValue<float>();
}

/// Recognises tosa.clamp, tosa.tanh, tosa.sigmoid and the leaky ReLU form
/// tosa.maximum(x, tosa.mul(x, alpha)) with 0 <= alpha <= 1 (f32).
std::optional<Activation> matchActivation(Operation *op) {
  Activation act;
  if (auto clamp = dyn_cast<tosa::ClampOp>(op)) {
    act.input = clamp.getInput();
    Attribute minAttr = clamp.getMinValAttr(), maxAttr = clamp.getMaxValAttr();
    double lo, hi, top;
    if (auto f = dyn_cast<FloatAttr>(minAttr)) {
      lo = f.getValueAsDouble();
      hi = cast<FloatAttr>(maxAttr).getValueAsDouble();
      top = std::numeric_limits<float>::max();
    } else {
      auto elem = cast<IntegerAttr>(minAttr).getType();
      lo = static_cast<double>(cast<IntegerAttr>(minAttr).getInt());
      hi = static_cast<double>(cast<IntegerAttr>(maxAttr).getInt());
      top = static_cast<double>(
          APInt::getSignedMaxValue(elem.getIntOrFloatBitWidth())
              .getSExtValue());
    }
    // On i8 (a requantized result) the engine's relu is max(q, output_zp),
    // not TOSA's max(q, 0): keep explicit bounds there.
    bool onI8 = cast<ShapedType>(clamp.getInput().getType())
                    .getElementType()
                    .isInteger(8);
    if (lo == 0 && hi >= top && !onI8) {
      act.post.kind = PostOpKind::Relu;
    } else {
      act.post.kind = PostOpKind::Clamp;
      act.post.clampMin = static_cast<float>(lo);
      act.post.clampMax = static_cast<float>(std::min(hi, top));
    }
    return act;
  }
  if (auto tanh = dyn_cast<tosa::TanhOp>(op)) {
    act.input = tanh.getInput();
    act.post.kind = PostOpKind::Tanh;
    return act;
  }
  if (auto sigmoid = dyn_cast<tosa::SigmoidOp>(op)) {
    act.input = sigmoid.getInput();
    act.post.kind = PostOpKind::Sigmoid;
    return act;
  }
  if (auto maximum = dyn_cast<tosa::MaximumOp>(op)) {
    for (auto [x, scaled] :
         {std::pair(maximum.getInput1(), maximum.getInput2()),
          std::pair(maximum.getInput2(), maximum.getInput1())}) {
      auto mul = scaled.getDefiningOp<tosa::MulOp>();
      if (!mul || !mul->hasOneUse())
        continue;
      std::optional<float> alpha;
      if (mul.getInput1() == x)
        alpha = splatFloat(mul.getInput2());
      else if (mul.getInput2() == x)
        alpha = splatFloat(mul.getInput1());
      if (!alpha || !(*alpha >= 0 && *alpha <= 1))
        continue;
      act.input = x;
      act.post.kind = PostOpKind::LeakyRelu;
      act.post.leakyAlpha = *alpha;
      act.mul = mul;
      return act;
    }
  }
  return std::nullopt;
}

/// tanh and sigmoid run on f32 accumulators only.
bool postOpSupportsType(const PostOp &post, Type elem) {
  return elem.isF32() ||
         (post.kind != PostOpKind::Tanh && post.kind != PostOpKind::Sigmoid);
}

/// activation(x) -> x with the activation as the post-op of every accel op
/// producing x.
template <typename OpTy>
struct FuseActivation : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    std::optional<Activation> act = matchActivation(op);
    if (!act)
      return rewriter.notifyMatchFailure(op, "not an activation");
    Type elem = cast<ShapedType>(act->input.getType()).getElementType();
    if (!postOpSupportsType(act->post, elem))
      return rewriter.notifyMatchFailure(op, "tanh/sigmoid need f32");
    SmallVector<Operation *> users = {op.getOperation()};
    if (act->mul)
      users.push_back(act->mul);
    FailureOr<SmallVector<FusionTerminal>> terminals =
        collectFusionTerminals(act->input, FusionKind::Activation, users);
    if (failed(terminals))
      return rewriter.notifyMatchFailure(
          op, "the producers cannot absorb the activation");
    for (FusionTerminal &terminal : *terminals)
      setPostOp(rewriter, terminal.op, act->post);
    rewriter.replaceOp(op, act->input);
    if (act->mul)
      rewriter.eraseOp(act->mul);
    return success();
  }
};

/// The per-channel values of a bias constant broadcast against a value
/// with `channels` channels: splat, or shape [1, ..., 1, channels].
std::optional<DenseElementsAttr> perChannelConstant(Value value,
                                                    int64_t channels) {
  DenseElementsAttr attr = getConstantElements(value);
  if (!attr)
    return std::nullopt;
  if (attr.isSplat())
    return attr;
  auto type = cast<RankedTensorType>(attr.getType());
  ArrayRef<int64_t> shape = type.getShape();
  if (shape.empty() || shape.back() != channels ||
      !llvm::all_of(shape.drop_back(), [](int64_t d) { return d == 1; }))
    return std::nullopt;
  return attr;
}

/// The current bias of a terminal as per-channel values (zeros when it has
/// none), or failure when it is not a constant.
template <typename T>
FailureOr<SmallVector<T>> terminalBias(Operation *op, int64_t channels) {
  Value bias;
  if (auto conv = dyn_cast<Conv2DOp>(op))
    bias = conv.getBias();
  else
    bias = cast<BiasFillOp>(op).getBias();
  if (!bias)
    return SmallVector<T>(channels, T(0));
  DenseElementsAttr attr = getConstantElements(bias);
  if (!attr)
    return failure();
  if (attr.isSplat())
    return SmallVector<T>(channels, attr.getSplatValue<T>());
  auto values = attr.getValues<T>();
  return SmallVector<T>(values.begin(), values.end());
}

/// add(x, c) with a per-channel constant c -> x with c added to the bias of
/// every conv / bias fill producing x.
struct FuseBiasAdd : OpRewritePattern<tosa::AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::AddOp op,
                                PatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    Type elem = type.getElementType();
    if (!elem.isF32() && !elem.isInteger(32))
      return rewriter.notifyMatchFailure(op, "bias must be f32 or i32");
    if (!type.hasStaticShape() || type.getRank() == 0)
      return rewriter.notifyMatchFailure(op, "needs a static shape");
    int64_t channels = type.getShape().back();
    for (auto [x, c] : {std::pair(op.getInput1(), op.getInput2()),
                        std::pair(op.getInput2(), op.getInput1())}) {
      if (x.getType() != type)
        continue;
      std::optional<DenseElementsAttr> bias = perChannelConstant(c, channels);
      if (!bias)
        continue;
      FailureOr<SmallVector<FusionTerminal>> terminals =
          collectFusionTerminals(x, FusionKind::Bias, {op.getOperation()});
      if (failed(terminals))
        continue;
      if (elem.isF32() ? failed(fold<float>(rewriter, *terminals, *bias))
                       : failed(fold<int32_t>(rewriter, *terminals, *bias)))
        continue;
      rewriter.replaceOp(op, x);
      return success();
    }
    return rewriter.notifyMatchFailure(
        op, "no per-channel constant operand whose producers take a bias");
  }

  template <typename T>
  static LogicalResult fold(PatternRewriter &rewriter,
                            ArrayRef<FusionTerminal> terminals,
                            DenseElementsAttr bias) {
    // Check every terminal before changing any.
    SmallVector<SmallVector<T>> current;
    for (const FusionTerminal &terminal : terminals) {
      auto resultType =
          cast<RankedTensorType>(terminal.op->getResult(0).getType());
      if (resultType.getElementType() != bias.getElementType())
        return failure();
      FailureOr<SmallVector<T>> values =
          terminalBias<T>(terminal.op, resultType.getShape().back());
      if (failed(values))
        return failure();
      current.push_back(std::move(*values));
    }
    SmallVector<T> added;
    if (!bias.isSplat()) {
      auto values = bias.getValues<T>();
      added.assign(values.begin(), values.end());
    }
    for (size_t t = 0; t < terminals.size(); ++t) {
      const FusionTerminal &terminal = terminals[t];
      SmallVector<T> &values = current[t];
      for (auto [j, value] : llvm::enumerate(values))
        value += bias.isSplat() ? bias.getSplatValue<T>()
                                : added[terminal.channelMap[j]];
      auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                        bias.getElementType());
      rewriter.setInsertionPoint(terminal.op);
      Value newBias = tosa::ConstOp::create(
          rewriter, terminal.op->getLoc(), type,
          DenseElementsAttr::get(type, ArrayRef<T>(values)));
      Operation *op = terminal.op;
      rewriter.modifyOpInPlace(op, [&] {
        if (auto conv = dyn_cast<Conv2DOp>(op))
          conv.getBiasMutable().assign(newBias);
        else
          cast<BiasFillOp>(op).getBiasMutable().assign(newBias);
      });
    }
    return success();
  }
};

} // namespace

bool RescaleParams::isPerTensor() const {
  return llvm::all_equal(multiplier) && llvm::all_equal(shift);
}

RescaleConstants tosa_to_accel::readRescaleConstants(tosa::RescaleOp op) {
  return {integerValues(op.getMultiplier()), integerValues(op.getShift()),
          integerValues(op.getInputZp()), integerValues(op.getOutputZp())};
}

std::optional<std::string>
tosa_to_accel::rescaleModeProblem(tosa::RescaleOp op, StringRef form) {
  if (op.getInputUnsigned() || op.getOutputUnsigned())
    return (Twine(op.getInputUnsigned() ? "input_unsigned" : "output_unsigned") +
            ": unsigned forms are not supported (signed " + form + " only)")
        .str();
  tosa::RoundingMode mode = op.getRoundingMode();
  if (mode == tosa::RoundingMode::INEXACT_ROUND)
    return std::string("rounding_mode: INEXACT_ROUND is implementation-"
                       "defined; accel implements SINGLE_ROUND and "
                       "DOUBLE_ROUND exactly");
  if (mode == tosa::RoundingMode::DOUBLE_ROUND && !op.getScale32())
    return std::string("rounding_mode: DOUBLE_ROUND requires scale32 = true");
  return std::nullopt;
}

FailureOr<RescaleParams>
tosa_to_accel::readRescaleParams(tosa::RescaleOp op, std::string *reason) {
  auto fail = [&](const Twine &why) {
    return refuseWith<RescaleParams>(reason, why);
  };
  auto inType = dyn_cast<RankedTensorType>(op.getInput().getType());
  auto outType = dyn_cast<RankedTensorType>(op.getType());
  if (!inType || !outType || !inType.hasStaticShape())
    return fail("input: needs a static shape");
  Type inElem = inType.getElementType(), outElem = outType.getElementType();
  if (inElem.isInteger(48))
    return fail("input: i48 accumulators (i16 convolutions) are not "
                "supported; the engine accumulates i8 x i8 in i32");
  if (!inElem.isInteger(32))
    return fail("input: must be the i32 accumulators of a convolution, "
                "not " + llvm::formatv("{0}", inElem).str());
  if (!outElem.isInteger(8))
    return fail("output: the engine requantizes to i8 only, not " +
                llvm::formatv("{0}", outElem).str());
  if (std::optional<std::string> problem = rescaleModeProblem(op, "i32 -> i8"))
    return fail(*problem);
  RescaleParams params;
  params.doubleRound = op.getRoundingMode() == tosa::RoundingMode::DOUBLE_ROUND;
  auto [multiplier, shift, inputZp, outputZp] = readRescaleConstants(op);
  if (!multiplier)
    return fail("multiplier: must be a constant");
  if (!shift)
    return fail("shift: must be a constant");
  if (!inputZp || inputZp->size() != 1 || inputZp->front() != 0)
    return fail("input_zp: must be a constant 0 (the zero point of i32 "
                "accumulators)");
  if (!outputZp || outputZp->size() != 1)
    return fail("output_zp: must be a constant");
  size_t channels = op.getPerChannel() ? size_t(inType.getShape().back()) : 1;
  if (multiplier->size() != channels || shift->size() != channels)
    return fail("multiplier / shift: need " + Twine(channels) +
                " values (per_channel = " +
                (op.getPerChannel() ? "true" : "false") + "), got " +
                Twine(multiplier->size()) + " / " + Twine(shift->size()));
  for (size_t c = 0; c < channels; ++c) {
    if ((*multiplier)[c] < 0)
      return fail("multiplier[" + Twine(c) + "] = " + Twine((*multiplier)[c]) +
                  ": must be >= 0");
    if ((*shift)[c] < 2 || (*shift)[c] > 62)
      return fail("shift[" + Twine(c) + "] = " + Twine((*shift)[c]) +
                  ": must be in [2, 62]");
  }
  params.multiplier = std::move(*multiplier);
  params.shift = std::move(*shift);
  params.outputZp = outputZp->front();
  return params;
}

FailureOr<DenseElementsAttr>
tosa_to_accel::readTableParams(tosa::TableOp op, std::string *reason) {
  auto fail = [&](const Twine &why) {
    return refuseWith<DenseElementsAttr>(reason, why);
  };
  auto inType = dyn_cast<RankedTensorType>(op.getInput1().getType());
  auto outType = dyn_cast<RankedTensorType>(op.getType());
  if (!inType || !outType || !inType.hasStaticShape())
    return fail("input1: needs a static shape");
  if (!inType.getElementType().isInteger(8) ||
      !outType.getElementType().isInteger(8))
    return fail("input1: the engine's lookup table maps i8 to i8, not " +
                llvm::formatv("{0} -> {1}", inType.getElementType(),
                              outType.getElementType())
                    .str());
  DenseElementsAttr table = getConstantElements(op.getTable());
  if (!table)
    return fail("table: must be a constant");
  auto tableType = cast<ShapedType>(table.getType());
  if (!tableType.getElementType().isInteger(8) || tableType.getRank() != 1 ||
      tableType.getDimSize(0) != isa::kLutEntries)
    return fail("table: must hold " + Twine(isa::kLutEntries) +
                " i8 entries, got " + llvm::formatv("{0}", tableType).str());
  return table;
}

namespace {

/// A [256] i8 constant holding `table`, at the start of `op`'s block (so
/// that it dominates every producer a fusion reaches).
Value createLutConstant(PatternRewriter &rewriter, Operation *op,
                        DenseElementsAttr table) {
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointToStart(op->getBlock());
  auto type = RankedTensorType::get({isa::kLutEntries}, rewriter.getI8Type());
  return tosa::ConstOp::create(rewriter, op->getLoc(), type,
                               table.reshape(type));
}

/// table(x : i8) -> x with the table as the lookup table of every requantized
/// conv / bias fill (or i8 add) producing x: the POST applies it last, after
/// the requantization and any clamp.
struct FuseTable : OpRewritePattern<tosa::TableOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::TableOp op,
                                PatternRewriter &rewriter) const override {
    FailureOr<DenseElementsAttr> table = readTableParams(op);
    if (failed(table))
      return rewriter.notifyMatchFailure(op, "unsupported table");
    if (op.getInput1().getType() != op.getType())
      return rewriter.notifyMatchFailure(op, "input and result types differ");
    FailureOr<SmallVector<FusionTerminal>> terminals = collectFusionTerminals(
        op.getInput1(), FusionKind::Table, {op.getOperation()});
    if (failed(terminals))
      return rewriter.notifyMatchFailure(
          op, "the producers cannot absorb the table");
    Value lut = createLutConstant(rewriter, op, *table);
    for (FusionTerminal &terminal : *terminals) {
      Operation *producer = terminal.op;
      rewriter.modifyOpInPlace(producer, [&] {
        if (auto conv = dyn_cast<Conv2DOp>(producer))
          conv.getLutMutable().assign(lut);
        else if (auto fill = dyn_cast<BiasFillOp>(producer))
          fill.getLutMutable().assign(lut);
        else
          cast<AddOp>(producer).getLutMutable().assign(lut);
      });
    }
    rewriter.replaceOp(op, op.getInput1());
    return success();
  }
};

/// Gives `value` and every accel.reshape / depth_to_space / concat and
/// producer on the way to its fusion terminals an i8 element type.
void retypeToI8(PatternRewriter &rewriter, Value value) {
  Operation *def = value.getDefiningOp();
  auto type = cast<RankedTensorType>(value.getType());
  rewriter.modifyOpInPlace(
      def, [&] { value.setType(type.clone(rewriter.getI8Type())); });
  if (llvm::isa<ReshapeOp, DepthToSpaceOp, ConcatOp>(def))
    for (Value operand : def->getOperands())
      retypeToI8(rewriter, operand);
}

/// rescale(x : i32 -> i8) -> x, requantized by every conv / bias fill
/// producing x (a relu / clamp they already apply to the accumulators is
/// moved into the i8 domain, where the engine applies it). Per-tensor
/// parameters become the producers' requant_multiplier / requant_shift,
/// per-channel ones a [C, 2] scales table per producer (its channels
/// mapped through the fusion's channel map: the phases of a split, the
/// phase-major channels of a stacked transposed conv).
struct FuseRescale : OpRewritePattern<tosa::RescaleOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::RescaleOp op,
                                PatternRewriter &rewriter) const override {
    FailureOr<RescaleParams> params = readRescaleParams(op);
    if (failed(params))
      return rewriter.notifyMatchFailure(op, "unsupported rescale");
    FailureOr<SmallVector<FusionTerminal>> terminals = collectFusionTerminals(
        op.getInput(), FusionKind::Requant, {op.getOperation()});
    if (failed(terminals))
      return rewriter.notifyMatchFailure(
          op, "the producers cannot absorb the rescale");
    bool perTensor = params->isPerTensor();
    // Clamp bounds on the accumulators map to one pair of output-domain
    // bounds only when every channel has the same scale.
    for (FusionTerminal &terminal : *terminals) {
      if (perTensor)
        continue;
      if (terminal.op->hasAttr("clamp_min"))
        return rewriter.notifyMatchFailure(
            op, "a clamp on the accumulators under a per-channel rescale");
      auto type = cast<RankedTensorType>(terminal.op->getResult(0).getType());
      if (int64_t(terminal.channelMap.size()) != type.getShape().back())
        return rewriter.notifyMatchFailure(
            op, "a per-channel rescale through a reshape that moves channels");
    }
    for (FusionTerminal &terminal : *terminals)
      requantize(rewriter, terminal, *params);
    retypeToI8(rewriter, op.getInput());
    rewriter.replaceOp(op, op.getInput());
    return success();
  }

  static void requantize(PatternRewriter &rewriter,
                         const FusionTerminal &terminal,
                         const RescaleParams &params) {
    Operation *producer = terminal.op;
    Value table;
    if (!params.isPerTensor()) {
      SmallVector<int32_t> pairs;
      for (int64_t channel : terminal.channelMap) {
        pairs.push_back(int32_t(params.multiplier[channel]));
        pairs.push_back(int32_t(params.shift[channel]));
      }
      auto type = RankedTensorType::get(
          {int64_t(terminal.channelMap.size()), 2}, rewriter.getI32Type());
      rewriter.setInsertionPoint(producer);
      table = tosa::ConstOp::create(
          rewriter, producer->getLoc(), type,
          DenseElementsAttr::get(type, ArrayRef<int32_t>(pairs)));
    }
    int64_t multiplier = params.multiplier.front();
    int64_t shift = params.shift.front();
    auto toOutput = [&](double bound) {
      // The accumulators are i32: bounds outside it clamp nothing more.
      double clamped = std::clamp<double>(bound, INT32_MIN, INT32_MAX);
      return static_cast<float>(applyScale32(static_cast<int64_t>(clamped),
                                             multiplier, shift,
                                             params.doubleRound) +
                                params.outputZp);
    };
    rewriter.modifyOpInPlace(producer, [&] {
      if (table) {
        if (auto conv = dyn_cast<Conv2DOp>(producer))
          conv.getScalesMutable().assign(table);
        else
          cast<BiasFillOp>(producer).getScalesMutable().assign(table);
      } else {
        producer->setAttr("requant_multiplier",
                          rewriter.getI32IntegerAttr(multiplier));
        producer->setAttr("requant_shift", rewriter.getI32IntegerAttr(shift));
      }
      if (params.doubleRound)
        producer->setAttr("requant_double_round", rewriter.getUnitAttr());
      producer->setAttr("output_zp",
                        rewriter.getI32IntegerAttr(params.outputZp));
      // clamp(acc, lo, hi) then a monotonic rescale equals the rescale
      // clamped to [rescale(ceil lo), rescale(floor hi)] (relu: lo = 0,
      // i.e. max(q, output_zp), the engine's i8 relu, for any scale).
      auto lo = producer->getAttrOfType<FloatAttr>("clamp_min");
      auto hi = producer->getAttrOfType<FloatAttr>("clamp_max");
      if (lo && hi) {
        producer->setAttr("clamp_min",
                          rewriter.getF32FloatAttr(
                              toOutput(std::ceil(lo.getValueAsDouble()))));
        producer->setAttr("clamp_max",
                          rewriter.getF32FloatAttr(
                              toOutput(std::floor(hi.getValueAsDouble()))));
      }
    });
  }
};

/// accel.reshape(accel.reshape(x)) -> accel.reshape(x); an identity
/// accel.reshape -> its input.
struct FoldReshapeChain : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getInput().getType() == op.getType()) {
      rewriter.replaceOp(op, op.getInput());
      return success();
    }
    auto inner = op.getInput().getDefiningOp<ReshapeOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "input is not a reshape");
    rewriter.modifyOpInPlace(
        op, [&] { op.getInputMutable().assign(inner.getInput()); });
    return success();
  }
};

//===----------------------------------------------------------------------===//
// What fusion leaves behind
//===----------------------------------------------------------------------===//

/// add(x, c) with a constant c that no producer of x can take as a bias ->
/// accel.add(x, c broadcast to x's shape).
struct LowerUnfusedConstantAdd : OpRewritePattern<tosa::AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::AddOp op,
                                PatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs a static shape");
    for (auto [x, c] : {std::pair(op.getInput1(), op.getInput2()),
                        std::pair(op.getInput2(), op.getInput1())}) {
      DenseElementsAttr attr = getConstantElements(c);
      if (x.getType() != type || !attr || getConstantElements(x))
        continue;
      // Broadcast: result index -> constant index (size-1 dims repeat).
      ArrayRef<int64_t> shape = type.getShape();
      ArrayRef<int64_t> cShape = cast<ShapedType>(attr.getType()).getShape();
      if (cShape.size() != shape.size())
        continue;
      SmallVector<int64_t> gather(type.getNumElements());
      for (int64_t flat = 0; flat < type.getNumElements(); ++flat) {
        int64_t rest = flat, index = 0, stride = 1;
        for (int64_t d = shape.size() - 1; d >= 0; --d) {
          int64_t i = rest % shape[d];
          rest /= shape[d];
          index += (cShape[d] == 1 ? 0 : i) * stride;
          stride *= cShape[d];
        }
        gather[flat] = index;
      }
      Value full =
          createGatheredConstant(rewriter, op.getLoc(), attr, type, gather);
      rewriter.replaceOpWithNewOp<AddOp>(op, TypeRange{type},
                                         ValueRange{x, full},
                                         ArrayRef<NamedAttribute>{});
      return success();
    }
    return rewriter.notifyMatchFailure(op, "no constant operand");
  }
};

/// activation(x) whose producers cannot absorb it -> accel.add(x, 0) with the
/// activation as post-op (the accelerator's elementwise path).
template <typename OpTy>
struct LowerUnfusedActivation : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    std::optional<Activation> act = matchActivation(op);
    if (!act)
      return rewriter.notifyMatchFailure(op, "not an activation");
    auto type = dyn_cast<RankedTensorType>(act->input.getType());
    if (!type || !type.hasStaticShape() ||
        !postOpSupportsType(act->post, type.getElementType()))
      return rewriter.notifyMatchFailure(op, "unsupported element type");
    Value zeros = createZeroConstant(rewriter, op.getLoc(), type);
    auto add = AddOp::create(rewriter, op.getLoc(), TypeRange{type},
                             ValueRange{act->input, zeros},
                             ArrayRef<NamedAttribute>{});
    setPostOp(rewriter, add, act->post);
    rewriter.replaceOp(op, add.getResult());
    if (act->mul)
      rewriter.eraseOp(act->mul);
    return success();
  }
};

/// table(x : i8) whose producers cannot absorb it -> accel.add(x, 0) with
/// the table as lookup table (the elementwise path: identity
/// requantization, then the table).
struct LowerUnfusedTable : OpRewritePattern<tosa::TableOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::TableOp op,
                                PatternRewriter &rewriter) const override {
    FailureOr<DenseElementsAttr> table = readTableParams(op);
    if (failed(table))
      return rewriter.notifyMatchFailure(op, "unsupported table");
    auto type = cast<RankedTensorType>(op.getInput1().getType());
    if (type != op.getType())
      return rewriter.notifyMatchFailure(op, "input and result types differ");
    Value lut = createLutConstant(rewriter, op, *table);
    Value zeros = createZeroConstant(rewriter, op.getLoc(), type);
    rewriter.replaceOpWithNewOp<AddOp>(op, TypeRange{type},
                                       ValueRange{op.getInput1(), zeros, lut},
                                       ArrayRef<NamedAttribute>{});
    return success();
  }
};

} // namespace

void accel::populateTosaToAccelFusionPatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<FuseActivation<tosa::ClampOp>, FuseActivation<tosa::TanhOp>,
               FuseActivation<tosa::SigmoidOp>,
               FuseActivation<tosa::MaximumOp>>(context, /*benefit=*/2);
  patterns.add<FuseBiasAdd, FuseRescale, FuseTable>(context, /*benefit=*/2);
  patterns.add<FoldReshapeChain>(context);
}

namespace accel {
namespace tosa_to_accel {
void populateUnfusedConstantAddPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerUnfusedConstantAdd>(patterns.getContext());
}
} // namespace tosa_to_accel
} // namespace accel

void accel::populateTosaToAccelUnfusedActivationPatterns(
    RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<LowerUnfusedActivation<tosa::ClampOp>,
               LowerUnfusedActivation<tosa::TanhOp>,
               LowerUnfusedActivation<tosa::SigmoidOp>,
               LowerUnfusedActivation<tosa::MaximumOp>, LowerUnfusedTable>(
      context);
}
