//===- Int8ResidualAdd.cpp - rescale -> add (i32) -> rescale as accel.add -===//
//
// TFLite -> TOSA writes an int8 residual add as a rescale (i8 -> i32) of each
// operand, an i32 tosa.add and a rescale (i32 -> i8) of the sum. The
// accelerator runs it as one accel.add: each LOAD_ACC applies its operand's
// rescale exactly (TOSA apply_scale_32, its own multiplier, shift and
// rounding), the accumulators add in i32 (wrapping, like the i32 add), and the
// POST requantizes the sum (docs/Conversion.md, "int8 residual add").
//
//===----------------------------------------------------------------------===//

#include "Common.h"

#include "mlir/IR/BuiltinTypes.h"

#include "llvm/Support/FormatVariadic.h"

#include <climits>

using namespace mlir;
using namespace accel;
using namespace accel::tosa_to_accel;

std::optional<Int8ResidualAdd>
tosa_to_accel::matchInt8ResidualAdd(tosa::AddOp add) {
  auto type = dyn_cast<RankedTensorType>(add.getType());
  if (!type || !type.getElementType().isInteger(32) || !add->hasOneUse())
    return std::nullopt;
  auto output = dyn_cast<tosa::RescaleOp>(*add->getUsers().begin());
  if (!output || output.getInput() != add.getResult())
    return std::nullopt;
  Int8ResidualAdd form;
  form.output = output;
  for (auto [operand, slot] : {std::pair(add.getInput1(), &form.lhs),
                               std::pair(add.getInput2(), &form.rhs)}) {
    auto rescale = operand.getDefiningOp<tosa::RescaleOp>();
    if (!rescale || operand.getType() != type ||
        !getElementTypeOrSelf(rescale.getInput().getType()).isInteger(8) ||
        llvm::any_of(rescale->getUsers(),
                     [&](Operation *user) { return user != add; }))
      return std::nullopt;
    *slot = rescale;
  }
  return form;
}

FailureOr<schedule::AddOperandScale>
tosa_to_accel::readAddInputRescale(tosa::RescaleOp op, std::string *reason) {
  return readElementwiseRescale(op, /*toInt8=*/false, reason);
}

FailureOr<schedule::AddOperandScale>
tosa_to_accel::readElementwiseRescale(tosa::RescaleOp op, bool toInt8,
                                      std::string *reason) {
  auto fail = [&](const Twine &why) {
    return refuseWith<schedule::AddOperandScale>(reason, why);
  };
  auto inType = dyn_cast<RankedTensorType>(op.getInput().getType());
  auto outType = dyn_cast<RankedTensorType>(op.getType());
  if (!inType || !outType || !inType.hasStaticShape())
    return fail("input: needs a static shape");
  StringRef form = toInt8 ? "i8 -> i8" : "i8 -> i32";
  if (!inType.getElementType().isInteger(8) ||
      !outType.getElementType().isInteger(toInt8 ? 8 : 32))
    return fail("input / output: " +
                Twine(toInt8 ? "an elementwise rescale"
                             : "an operand rescale") +
                " maps " + form + ", not " +
                llvm::formatv("{0} -> {1}", inType.getElementType(),
                              outType.getElementType())
                    .str());
  if (std::optional<std::string> problem = rescaleModeProblem(op, form))
    return fail(*problem);
  auto [multiplier, shift, inputZp, outputZp] = readRescaleConstants(op);
  if (!multiplier || multiplier->size() != 1)
    return fail("multiplier: must be one constant (the operand rescales of "
                "an int8 add are per tensor)");
  if (!shift || shift->size() != 1)
    return fail("shift: must be one constant (the operand rescales of an "
                "int8 add are per tensor)");
  if (op.getPerChannel() && inType.getShape().back() != 1)
    return fail("per_channel: the operand rescales of an int8 add are per "
                "tensor");
  if (!inputZp || inputZp->size() != 1)
    return fail("input_zp: must be a constant");
  if (!outputZp || outputZp->size() != 1 ||
      (!toInt8 && outputZp->front() != 0))
    return fail("output_zp: must be a constant 0 (the zero point of i32)");
  if (multiplier->front() < 0 || multiplier->front() > INT32_MAX)
    return fail("multiplier = " + Twine(multiplier->front()) +
                ": must be in [0, 2^31 - 1]");
  if (shift->front() < 2 || shift->front() > 62)
    return fail("shift = " + Twine(shift->front()) + ": must be in [2, 62]");
  // The LOAD_ACC keeps the scaled value in an i32 accumulator, where TOSA's
  // i8 -> i8 form saturates it to i8 first: refuse a scale that can leave
  // i32 for some i8 input (|x - zp| <= 255).
  if (toInt8 && ((__int128)multiplier->front() * 255 >>
                 shift->front()) >= (int64_t(1) << 30))
    return fail("multiplier / shift: the scaled value of an i8 input can "
                "exceed i32 (a scale of 2^22 or more)");
  schedule::AddOperandScale scale;
  scale.zeroPoint = int32_t(inputZp->front());
  scale.multiplier = int32_t(multiplier->front());
  scale.shift = int32_t(shift->front());
  scale.doubleRound =
      op.getRoundingMode() == tosa::RoundingMode::DOUBLE_ROUND;
  return scale;
}

namespace {

/// rescale(a) + rescale(b) (i32) -> rescale to i8: accel.add(a, b) with the
/// operand rescales (lhs_scale / rhs_scale) and the sum's requantization.
/// Parameters the engine cannot represent are one error on the rescale
/// holding them (the add and the other rescales are then not reported).
struct ConvertInt8ResidualAdd : OpRewritePattern<tosa::AddOp> {
  ConvertInt8ResidualAdd(MLIRContext *context,
                         const TosaToAccelOptions &options)
      : OpRewritePattern(context, /*benefit=*/2), options(options) {}

  LogicalResult matchAndRewrite(tosa::AddOp op,
                                PatternRewriter &rewriter) const override {
    std::optional<Int8ResidualAdd> form = matchInt8ResidualAdd(op);
    if (!form)
      return rewriter.notifyMatchFailure(op, "not an int8 residual add");
    auto refuse = [&](tosa::RescaleOp culprit, const Twine &message) {
      for (Operation *part : {op.getOperation(), form->lhs.getOperation(),
                              form->rhs.getOperation(),
                              form->output.getOperation()})
        if (part != culprit)
          options.reported->insert(part);
      return reportError(culprit, options, message);
    };
    std::string reason;
    tosa::RescaleOp inputs[] = {form->lhs, form->rhs};
    schedule::AddOperandScale scales[2];
    for (int index = 0; index < 2; ++index) {
      FailureOr<schedule::AddOperandScale> scale =
          readAddInputRescale(inputs[index], &reason);
      if (failed(scale))
        return refuse(inputs[index],
                      "cannot be represented by the engine's residual add: " +
                          reason);
      scales[index] = *scale;
    }
    FailureOr<RescaleParams> output = readRescaleParams(form->output, &reason);
    if (failed(output))
      return refuse(form->output,
                    "cannot be represented by the engine's requantization: " +
                        reason);
    if (!output->isPerTensor())
      return refuse(form->output,
                    "multiplier / shift: the sum of an int8 residual add is "
                    "requantized per tensor, not per channel");
    auto scaleAttr = [&](const schedule::AddOperandScale &scale) {
      return rewriter.getDenseI32ArrayAttr({scale.zeroPoint, scale.multiplier,
                                            scale.shift,
                                            int32_t(scale.doubleRound)});
    };
    SmallVector<NamedAttribute> attrs = {
        rewriter.getNamedAttr("lhs_scale", scaleAttr(scales[0])),
        rewriter.getNamedAttr("rhs_scale", scaleAttr(scales[1])),
        rewriter.getNamedAttr("requant_multiplier",
                              rewriter.getI32IntegerAttr(
                                  int32_t(output->multiplier.front()))),
        rewriter.getNamedAttr(
            "requant_shift",
            rewriter.getI32IntegerAttr(int32_t(output->shift.front()))),
        rewriter.getNamedAttr("output_zp",
                              rewriter.getI32IntegerAttr(output->outputZp))};
    if (output->doubleRound)
      attrs.push_back(rewriter.getNamedAttr("requant_double_round",
                                            rewriter.getUnitAttr()));
    rewriter.setInsertionPoint(form->output);
    auto add = AddOp::create(
        rewriter, op.getLoc(), TypeRange{form->output.getType()},
        ValueRange{form->lhs.getInput(), form->rhs.getInput()}, attrs);
    rewriter.replaceOp(form->output, add.getResult());
    rewriter.eraseOp(op);
    rewriter.eraseOp(form->lhs);
    if (form->rhs != form->lhs)
      rewriter.eraseOp(form->rhs);
    return success();
  }

  const TosaToAccelOptions &options;
};

/// rescale(x : i8) -> i8 that no producer absorbed (e.g. a concat input
/// rescaled to the concat's scale) -> accel.add(x, 0): x's LOAD_ACC applies
/// the rescale exactly into the accumulators, the zeros add nothing, and
/// the POST's identity requantization (multiplier 2^30, shift 30) adds the
/// output zero point and saturates to i8 -- TOSA's i8 -> i8 rescale.
struct LowerInt8Rescale : OpRewritePattern<tosa::RescaleOp> {
  LowerInt8Rescale(MLIRContext *context, const TosaToAccelOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(tosa::RescaleOp op,
                                PatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(op.getType());
    if (!type || !type.getElementType().isInteger(8) ||
        !getElementTypeOrSelf(op.getInput().getType()).isInteger(8))
      return rewriter.notifyMatchFailure(op, "not an i8 -> i8 rescale");
    std::string reason;
    FailureOr<schedule::AddOperandScale> scale =
        readElementwiseRescale(op, /*toInt8=*/true, &reason);
    if (failed(scale))
      return reportError(op, options,
                         "cannot be represented by the engine's elementwise "
                         "rescale: " +
                             reason);
    auto [multiplier, shift, inputZp, outputZp] = readRescaleConstants(op);
    Value zeros = createZeroConstant(rewriter, op.getLoc(), type);
    constexpr int32_t kIdentityShift = 30;
    SmallVector<NamedAttribute> attrs = {
        rewriter.getNamedAttr(
            "lhs_scale",
            rewriter.getDenseI32ArrayAttr({scale->zeroPoint, scale->multiplier,
                                           scale->shift,
                                           int32_t(scale->doubleRound)})),
        rewriter.getNamedAttr(
            "rhs_scale", rewriter.getDenseI32ArrayAttr(
                             {0, int32_t(1) << kIdentityShift, kIdentityShift,
                              0})),
        rewriter.getNamedAttr(
            "requant_multiplier",
            rewriter.getI32IntegerAttr(int32_t(1) << kIdentityShift)),
        rewriter.getNamedAttr("requant_shift",
                              rewriter.getI32IntegerAttr(kIdentityShift)),
        rewriter.getNamedAttr(
            "output_zp",
            rewriter.getI32IntegerAttr(int32_t(outputZp->front())))};
    rewriter.replaceOpWithNewOp<AddOp>(op, TypeRange{type},
                                       ValueRange{op.getInput(), zeros},
                                       attrs);
    return success();
  }

  const TosaToAccelOptions &options;
};

} // namespace

void tosa_to_accel::populateInt8RescalePatterns(
    RewritePatternSet &patterns, const TosaToAccelOptions &options) {
  patterns.add<LowerInt8Rescale>(patterns.getContext(), options);
}

void tosa_to_accel::populateInt8ResidualAddPatterns(
    RewritePatternSet &patterns, const TosaToAccelOptions &options) {
  patterns.add<ConvertInt8ResidualAdd>(patterns.getContext(), options);
}
