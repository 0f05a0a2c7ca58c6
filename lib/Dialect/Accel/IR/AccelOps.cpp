//===- AccelOps.cpp - accel operation verifiers ---------------------------===//
//
// Verifiers state what is wrong and what is allowed, with the values
// involved. Shape relations are checked unconditionally; hardware limits only
// when the enclosing module names a target (`accel.target`).
//
//===----------------------------------------------------------------------===//

#include "accel/Dialect/Accel/IR/AccelOps.h"
#include "accel/Dialect/Accel/IR/DramLimit.h"
#include "accel/Dialect/Accel/IR/HostOpTypes.h"
#include "accel/ISA/HostOp.h"

#include "accel/Schedule/ConvSchedule.h"
#include "accel/ISA/Program.h"
#include "accel/Target/ConvShape.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace accel;

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

static bool isF32(Type type) { return type.isF32(); }
/// ODS returns signless i32 attributes as uint32_t; they hold signed values.
static int64_t asSigned(uint32_t value) { return static_cast<int32_t>(value); }
static bool isInt(Type type, unsigned width) {
  return type.isSignlessInteger(width);
}

/// Checks the post-op attributes against the kind and the element types.
/// `accType` is the type the post-op sees, `resultType` what is written.
template <typename OpTy>
static LogicalResult verifyPostOp(OpTy op, Type accType, Type resultType) {
  PostOpKind kind = op.getPostOp();
  bool isClamp = kind == PostOpKind::Clamp;
  bool hasMin = op.getClampMin().has_value();
  bool hasMax = op.getClampMax().has_value();
  if (isClamp && !(hasMin && hasMax))
    return op.emitOpError()
           << "post_op clamp requires both clamp_min and clamp_max";
  if (!isClamp && (hasMin || hasMax))
    return op.emitOpError()
           << "clamp_min/clamp_max are only allowed with post_op clamp";
  if (isClamp &&
      op.getClampMin()->convertToFloat() > op.getClampMax()->convertToFloat())
    return op.emitOpError()
           << "clamp_min (" << op.getClampMin()->convertToFloat()
           << ") must not exceed clamp_max ("
           << op.getClampMax()->convertToFloat() << ")";
  bool isLeaky = kind == PostOpKind::LeakyRelu;
  if (isLeaky != op.getLeakyAlpha().has_value())
    return op.emitOpError()
           << (isLeaky ? "post_op leaky_relu requires leaky_alpha"
                       : "leaky_alpha is only allowed with post_op leaky_relu");
  if ((kind == PostOpKind::Tanh || kind == PostOpKind::Sigmoid) &&
      !isF32(accType))
    return op.emitOpError() << "post_op " << stringifyPostOpKind(kind)
                            << " is only supported on f32, not " << accType;
  if (Value lut = op.getLut()) {
    auto type = cast<RankedTensorType>(lut.getType());
    if (type.getRank() != 1 || type.getDimSize(0) != isa::kLutEntries ||
        !isInt(type.getElementType(), 8))
      return op.emitOpError() << "lut must be a [" << isa::kLutEntries
                              << "] i8 table, got " << type;
    if (!isInt(resultType, 8))
      return op.emitOpError()
             << "a lut applies to i8 results only, not " << resultType;
  }

  if constexpr (!std::is_same_v<OpTy, AddOp>) {
    bool hasMultiplier = op.getRequantMultiplier().has_value();
    bool hasShift = op.getRequantShift().has_value();
    if (hasMultiplier != hasShift)
      return op.emitOpError()
             << "requant_multiplier and requant_shift must be given together";
    bool requantizes = isInt(accType, 32) && isInt(resultType, 8);
    Value scales = op.getScales();
    if (requantizes && hasMultiplier == bool(scales))
      return op.emitOpError() << "an i8 result from i32 accumulators requires "
                                 "either requant_multiplier and requant_shift "
                                 "or a per-channel scales table";
    if (!requantizes && (hasMultiplier || scales || op.getRequantDoubleRound() ||
                         asSigned(op.getOutputZp()) != 0))
      return op.emitOpError()
             << "requantization parameters are only allowed when i32 "
                "accumulators are written as i8, here "
             << accType << " -> " << resultType;
    if (hasMultiplier && asSigned(*op.getRequantMultiplier()) <= 0)
      return op.emitOpError() << "requant_multiplier must be positive, got "
                              << asSigned(*op.getRequantMultiplier());
    if (hasShift && (asSigned(*op.getRequantShift()) < 0 ||
                     asSigned(*op.getRequantShift()) > 63))
      return op.emitOpError()
             << "requant_shift " << asSigned(*op.getRequantShift())
             << " must be in [0, 63]";
    if (scales) {
      auto type = cast<RankedTensorType>(scales.getType());
      auto result = cast<RankedTensorType>(op->getResult(0).getType());
      int64_t channels = result.getDimSize(result.getRank() - 1);
      if (type.getRank() != 2 || type.getDimSize(0) != channels ||
          type.getDimSize(1) != 2 || !isInt(type.getElementType(), 32))
        return op.emitOpError()
               << "scales must be a [" << channels
               << ", 2] i32 table of (multiplier, shift), got " << type;
    }
    if (asSigned(op.getOutputZp()) < -128 || asSigned(op.getOutputZp()) > 127)
      return op.emitOpError() << "output_zp " << asSigned(op.getOutputZp())
                              << " must be in [-128, 127]";
  }
  return success();
}

/// Every tensor of an accel op lives in the accelerator's DRAM
/// (DramLimit.h): checked first, before any other shape arithmetic.
static LogicalResult verifyTensorSizes(Operation *op) {
  return checkTensorsFitDram(op);
}

/// `a + b + c`, or std::nullopt on int64 overflow.
static std::optional<int64_t> checkedSum(int64_t a, int64_t b, int64_t c) {
  std::optional<int64_t> ab = llvm::checkedAdd(a, b);
  return ab ? llvm::checkedAdd(*ab, c) : std::nullopt;
}

//===----------------------------------------------------------------------===//
// Conv2DOp
//===----------------------------------------------------------------------===//

// Long on purpose: one flat list of checks over the same operand shapes and
// element types, each ending in one located message, in the order
// docs/Dialects lists accel.conv2d's constraints (types, shapes, attributes,
// zero points, target limits); split up, a dozen locals would be passed
// around instead.
LogicalResult Conv2DOp::verify() {
  auto inputType = getInput().getType();
  auto weightType = getWeight().getType();
  auto resultType = getResult().getType();
  if (inputType.getRank() != 4)
    return emitOpError() << "input must be NHWC (rank 4), got rank "
                         << inputType.getRank();
  if (weightType.getRank() != 4)
    return emitOpError() << "weight must be OHWI (rank 4), got rank "
                         << weightType.getRank();
  if (resultType.getRank() != 4)
    return emitOpError() << "result must be NHWC (rank 4), got rank "
                         << resultType.getRank();
  if (failed(verifyTensorSizes(*this)))
    return failure();
  // Empty tensors (TOSA rejects them too): nothing to compute, and the
  // tiler and cost model divide by the channel counts. (An empty kernel
  // window has its own message below.)
  for (auto [what, type] :
       {std::pair<StringRef, ShapedType>{"input", inputType},
        {"result", resultType}})
    if (llvm::is_contained(type.getShape(), 0))
      return emitOpError() << what << " type " << type
                           << " has an empty dimension";
  if (weightType.getDimSize(0) == 0 || weightType.getDimSize(3) == 0)
    return emitOpError() << "weight type " << weightType
                         << " has an empty dimension";

  ArrayRef<int64_t> stride = getStride(), dilation = getDilation(),
                    pad = getPad();
  if (stride.size() != 2 || dilation.size() != 2 || pad.size() != 4)
    return emitOpError() << "stride and dilation take 2 values and pad takes "
                            "4 (top, bottom, left, right), got "
                         << stride.size() << ", " << dilation.size() << " and "
                         << pad.size();
  for (int64_t value : stride)
    if (value < 1)
      return emitOpError() << "stride values must be positive, got " << value;
  for (int64_t value : dilation)
    if (value < 1)
      return emitOpError() << "dilation values must be positive, got " << value;
  // Negative padding is a crop: the first window starts inside the input
  // (the load box simply starts there). The output size formula below still
  // has to give at least one output.

  // Element types.
  Type inElem = inputType.getElementType();
  Type wElem = weightType.getElementType();
  Type outElem = resultType.getElementType();
  bool floatConv = isF32(inElem);
  bool intConv = isInt(inElem, 8);
  if (!floatConv && !intConv)
    return emitOpError() << "input element type must be f32 or i8, got "
                         << inElem;
  if (wElem != inElem)
    return emitOpError() << "weight element type " << wElem
                         << " must match the input element type " << inElem;
  Type accElem = floatConv ? inElem : IntegerType::get(getContext(), 32);
  if (floatConv && !isF32(outElem))
    return emitOpError() << "an f32 convolution must produce f32, got "
                         << outElem;
  if (intConv && !isInt(outElem, 8) && !isInt(outElem, 32))
    return emitOpError() << "an i8 convolution must produce i8 or i32, got "
                         << outElem;
  if (floatConv &&
      (asSigned(getInputZp()) != 0 || asSigned(getWeightZp()) != 0))
    return emitOpError() << "zero points are only allowed on i8 convolutions";
  if (asSigned(getInputZp()) < -128 || asSigned(getInputZp()) > 127 ||
      asSigned(getWeightZp()) < -128 || asSigned(getWeightZp()) > 127)
    return emitOpError() << "zero points must be in [-128, 127], got input_zp "
                         << asSigned(getInputZp()) << " and weight_zp "
                         << asSigned(getWeightZp());

  // Channel and group relations.
  int64_t groups = getGroups();
  int64_t inC = inputType.getDimSize(3), outC = weightType.getDimSize(0);
  int64_t weightInC = weightType.getDimSize(3);
  if (groups < 1)
    return emitOpError() << "groups must be positive, got " << groups;
  if (inC % groups != 0 || outC % groups != 0)
    return emitOpError() << "input channels (" << inC
                         << ") and output channels (" << outC
                         << ") must both be divisible by groups (" << groups
                         << ")";
  if (weightInC * groups != inC) // bounded: both are dims of DRAM tensors
    return emitOpError() << "weight input channels (" << weightInC
                         << ") x groups (" << groups
                         << ") must equal input channels (" << inC << ")";
  if (resultType.getDimSize(3) != outC)
    return emitOpError() << "result channels (" << resultType.getDimSize(3)
                         << ") must equal weight output channels (" << outC
                         << ")";
  if (resultType.getDimSize(0) != inputType.getDimSize(0))
    return emitOpError() << "result batch (" << resultType.getDimSize(0)
                         << ") must equal input batch ("
                         << inputType.getDimSize(0) << ")";
  if (Value bias = getBias()) {
    auto biasType = cast<RankedTensorType>(bias.getType());
    if (biasType.getRank() != 1 || biasType.getDimSize(0) != outC)
      return emitOpError() << "bias must have shape [" << outC << "], got "
                           << biasType;
    if (biasType.getElementType() != accElem)
      return emitOpError() << "bias element type must be the accumulator type "
                           << accElem << ", got " << biasType.getElementType();
  }

  // Spatial relations.
  int64_t kernel[2] = {getKernelH(), getKernelW()};
  const char *axisName[2] = {"height", "width"};
  for (int axis = 0; axis < 2; ++axis) {
    int64_t in = inputType.getDimSize(1 + axis);
    if (kernel[axis] < 1)
      return emitOpError() << "kernel " << axisName[axis]
                           << " must be positive";
    // Attributes are arbitrary int64s: checked arithmetic, and the message
    // shows the operands whenever a value does not fit.
    std::optional<int64_t> padded =
        checkedSum(in, pad[2 * axis], pad[2 * axis + 1]);
    if (!padded)
      return emitOpError() << "padded input " << axisName[axis] << " (" << in
                           << " + " << pad[2 * axis] << " + "
                           << pad[2 * axis + 1] << ") overflows int64";
    std::optional<int64_t> span =
        llvm::checkedMulAdd(kernel[axis] - 1, dilation[axis], int64_t(1));
    if (!span || *span > *padded) {
      InFlightDiagnostic diag = emitOpError()
                                << "dilated kernel " << axisName[axis] << " (";
      if (span)
        diag << *span;
      else
        diag << "(" << kernel[axis] << " - 1) * " << dilation[axis]
             << " + 1, beyond int64";
      return diag << ") exceeds the padded input " << axisName[axis] << " ("
                  << *padded << ")";
    }
    int64_t expected = (*padded - *span) / stride[axis] + 1;
    if (resultType.getDimSize(1 + axis) != expected)
      return emitOpError() << "result " << axisName[axis] << " ("
                           << resultType.getDimSize(1 + axis)
                           << ") does not match the convolution's output "
                           << axisName[axis] << " (" << expected << " = (" << in
                           << " + " << pad[2 * axis] << " + "
                           << pad[2 * axis + 1] << " - " << *span << ") / "
                           << stride[axis] << " + 1)";
  }

  if (failed(verifyPostOp(*this, accElem, outElem)))
    return failure();

  // Target limits.
  TargetAttr targetAttr = lookupTargetAttr(*this);
  if (!targetAttr)
    return success();
  if (llvm::Error error =
          checkTargetLimits(getConvShape(), targetAttr.getDesc()))
    return emitOpError() << llvm::toString(std::move(error));
  return success();
}

ConvShape Conv2DOp::getConvShape() {
  auto input = getInput().getType();
  ConvShape shape;
  shape.batch = input.getDimSize(0);
  shape.inH = input.getDimSize(1);
  shape.inW = input.getDimSize(2);
  shape.inC = input.getDimSize(3);
  shape.outC = getWeight().getType().getDimSize(0);
  shape.kernelH = getKernelH();
  shape.kernelW = getKernelW();
  shape.strideH = getStride()[0];
  shape.strideW = getStride()[1];
  shape.dilationH = getDilation()[0];
  shape.dilationW = getDilation()[1];
  shape.padTop = getPad()[0];
  shape.padBottom = getPad()[1];
  shape.padLeft = getPad()[2];
  shape.padRight = getPad()[3];
  shape.groups = getGroups();
  shape.element = isInt(input.getElementType(), 8) ? ElementKind::I8
                                                   : ElementKind::F32;
  return shape;
}

//===----------------------------------------------------------------------===//
// BiasFillOp
//===----------------------------------------------------------------------===//

LogicalResult BiasFillOp::verify() {
  auto biasType = getBias().getType();
  auto resultType = getResult().getType();
  if (biasType.getRank() != 1)
    return emitOpError() << "bias must be rank 1, got " << biasType;
  if (resultType.getRank() != 4)
    return emitOpError() << "result must be NHWC (rank 4), got rank "
                         << resultType.getRank();
  if (failed(verifyTensorSizes(*this)))
    return failure();
  if (resultType.getDimSize(3) != biasType.getDimSize(0))
    return emitOpError() << "result channels (" << resultType.getDimSize(3)
                         << ") must equal bias size (" << biasType.getDimSize(0)
                         << ")";
  Type accElem = biasType.getElementType();
  Type outElem = resultType.getElementType();
  if (!(isF32(accElem) && isF32(outElem)) &&
      !(isInt(accElem, 32) && (isInt(outElem, 32) || isInt(outElem, 8))))
    return emitOpError() << "bias/result element types must be f32/f32, "
                            "i32/i32 or i32/i8, got "
                         << accElem << "/" << outElem;
  return verifyPostOp(*this, accElem, outElem);
}

//===----------------------------------------------------------------------===//
// DepthToSpaceOp
//===----------------------------------------------------------------------===//

/// Along one axis: phase positions origin + block * i, i < count, must cover
/// every position of [0, size) with residue origin mod block. Positions
/// outside [0, size) are dropped.
static bool coversResidueClass(int64_t origin, int64_t block, int64_t count,
                               int64_t size) {
  int64_t residue = ((origin % block) + block) % block;
  if (residue >= size)
    return true; // no position of this class exists
  int64_t last = residue + (size - 1 - residue) / block * block;
  // First covered index: smallest i with origin + block*i >= residue.
  if (origin > residue)
    return false;
  int64_t lastCovered = origin + block * (count - 1);
  return count > 0 && lastCovered >= last;
}

LogicalResult DepthToSpaceOp::verify() {
  ArrayRef<int64_t> block = getBlock();
  if (block.size() != 2 || block[0] < 1 || block[1] < 1)
    return emitOpError() << "block must be two positive values (h, w)";
  if (static_cast<int64_t>(getOriginsH().size()) != block[0] ||
      static_cast<int64_t>(getOriginsW().size()) != block[1])
    return emitOpError() << "origins_h must have block_h (" << block[0]
                         << ") values and origins_w block_w (" << block[1]
                         << ") values, got " << getOriginsH().size() << " and "
                         << getOriginsW().size();
  auto resultType = getResult().getType();
  if (resultType.getRank() != 4)
    return emitOpError() << "result must be NHWC (rank 4)";
  if (failed(verifyTensorSizes(*this)))
    return failure();
  int64_t numPhases = getNumPhases();
  bool grouped = isChannelGrouped();
  if (!grouped && static_cast<int64_t>(getPhases().size()) != numPhases)
    return emitOpError() << "expected " << numPhases
                         << " phase operands (block_h x block_w) or one "
                            "channel-grouped operand, got "
                         << getPhases().size();
  int64_t channels = resultType.getDimSize(3);
  for (auto [axis, origins] : llvm::enumerate(
           std::array<ArrayRef<int64_t>, 2>{getOriginsH(), getOriginsW()})) {
    llvm::SmallVector<bool> seen(block[axis], false);
    for (int64_t origin : origins) {
      int64_t residue = ((origin % block[axis]) + block[axis]) % block[axis];
      if (seen[residue])
        return emitOpError()
               << (axis == 0 ? "origins_h" : "origins_w")
               << " must be distinct modulo the block size " << block[axis];
      seen[residue] = true;
    }
  }
  for (int64_t p = 0; p < static_cast<int64_t>(getPhases().size()); ++p) {
    auto phaseType = cast<RankedTensorType>(getPhases()[p].getType());
    if (phaseType.getRank() != 4)
      return emitOpError() << "phase " << p << " must be NHWC (rank 4)";
    if (phaseType.getElementType() != resultType.getElementType())
      return emitOpError() << "phase " << p << " element type "
                           << phaseType.getElementType()
                           << " differs from the result's "
                           << resultType.getElementType();
    if (phaseType.getDimSize(0) != resultType.getDimSize(0))
      return emitOpError() << "phase " << p << " batch ("
                           << phaseType.getDimSize(0)
                           << ") differs from the result's ("
                           << resultType.getDimSize(0) << ")";
    int64_t expectedC = grouped ? numPhases * channels : channels;
    if (phaseType.getDimSize(3) != expectedC)
      return emitOpError() << "phase " << p << " has "
                           << phaseType.getDimSize(3) << " channels, expected "
                           << expectedC;
  }
  // Exactly-once coverage, phase by phase and axis by axis.
  for (int64_t rh = 0; rh < block[0]; ++rh) {
    for (int64_t rw = 0; rw < block[1]; ++rw) {
      int64_t p = rh * block[1] + rw;
      auto phaseType =
          cast<RankedTensorType>(getPhases()[grouped ? 0 : p].getType());
      if (!coversResidueClass(getOriginsH()[rh], block[0],
                              phaseType.getDimSize(1),
                              resultType.getDimSize(1)))
        return emitOpError()
               << "phase " << p << " (height " << phaseType.getDimSize(1)
               << ", origin " << getOriginsH()[rh]
               << ") does not cover its rows of the result (height "
               << resultType.getDimSize(1) << ", block " << block[0] << ")";
      if (!coversResidueClass(getOriginsW()[rw], block[1],
                              phaseType.getDimSize(2),
                              resultType.getDimSize(2)))
        return emitOpError()
               << "phase " << p << " (width " << phaseType.getDimSize(2)
               << ", origin " << getOriginsW()[rw]
               << ") does not cover its columns of the result (width "
               << resultType.getDimSize(2) << ", block " << block[1] << ")";
    }
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ZeroInsertOp
//===----------------------------------------------------------------------===//

bool ZeroInsertOp::isPaddingCopy() {
  return getStride()[0] == 1 && getStride()[1] == 1 &&
         llvm::all_of(getPad(), [](int64_t pad) { return pad >= 0; }) &&
         llvm::any_of(getPad(), [](int64_t pad) { return pad > 0; });
}

LogicalResult ZeroInsertOp::verify() {
  auto inputType = getInput().getType();
  auto resultType = getResult().getType();
  if (inputType.getRank() != 4 || resultType.getRank() != 4)
    return emitOpError() << "input and result must be NHWC (rank 4)";
  if (failed(verifyTensorSizes(*this)))
    return failure();
  ArrayRef<int64_t> stride = getStride(), pad = getPad();
  if (stride.size() != 2 || pad.size() != 4)
    return emitOpError() << "stride takes 2 values and pad 4 (top, bottom, "
                            "left, right), got "
                         << stride.size() << " and " << pad.size();
  for (int64_t value : stride)
    if (value < 1)
      return emitOpError() << "stride values must be positive, got " << value;
  if (inputType.getElementType() != resultType.getElementType())
    return emitOpError() << "element type must not change";
  Type elem = inputType.getElementType();
  int64_t fill = asSigned(getFill());
  if (isF32(elem) ? fill != 0 : (fill < -128 || fill > 127))
    return emitOpError() << "fill " << fill
                         << " must be 0 for f32 and in [-128, 127] for i8";
  if (inputType.getDimSize(0) != resultType.getDimSize(0) ||
      inputType.getDimSize(3) != resultType.getDimSize(3))
    return emitOpError() << "batch and channels must not change";
  const char *axisName[2] = {"height", "width"};
  for (int axis = 0; axis < 2; ++axis) {
    int64_t in = inputType.getDimSize(1 + axis);
    std::optional<int64_t> dilated =
        llvm::checkedMulAdd(in - 1, stride[axis], int64_t(1));
    std::optional<int64_t> expected =
        dilated ? checkedSum(*dilated, pad[2 * axis], pad[2 * axis + 1])
                : std::nullopt;
    if (in < 1 || !expected || *expected < 1 ||
        resultType.getDimSize(1 + axis) != *expected) {
      InFlightDiagnostic diag =
          emitOpError() << "result " << axisName[axis] << " ("
                        << resultType.getDimSize(1 + axis) << ") must be ("
                        << in << " - 1) * " << stride[axis] << " + 1 + "
                        << pad[2 * axis] << " + " << pad[2 * axis + 1];
      if (expected)
        diag << " = " << *expected;
      else
        diag << ", which overflows int64";
      return diag;
    }
  }
  return success();
}

//===----------------------------------------------------------------------===//
// AddOp, ConcatOp, ReshapeOp
//===----------------------------------------------------------------------===//

LogicalResult AddOp::verify() {
  if (failed(verifyTensorSizes(*this)))
    return failure();
  Type elem = getResult().getType().getElementType();
  if (failed(verifyPostOp(*this, elem, elem)))
    return failure();
  // The int8 residual add: per-operand input rescales and the sum's
  // requantization, together and on i8 only.
  bool hasScales = getLhsScale() || getRhsScale();
  bool requantizes = getRequantMultiplier() || getRequantShift() ||
                     getRequantDoubleRound() || asSigned(getOutputZp()) != 0;
  if (!hasScales && !requantizes)
    return success();
  if (!isInt(elem, 8))
    return emitOpError() << "operand rescales and requantization are i8 only, "
                            "not "
                         << elem;
  if (!getLhsScale() || !getRhsScale() || !getRequantMultiplier() ||
      !getRequantShift())
    return emitOpError() << "lhs_scale, rhs_scale, requant_multiplier and "
                            "requant_shift must be given together";
  for (auto [name, scale] : {std::pair("lhs_scale", *getLhsScale()),
                             std::pair("rhs_scale", *getRhsScale())}) {
    if (scale.size() != 4)
      return emitOpError() << name
                           << " must be (zero point, multiplier, shift, "
                              "double_round), got "
                           << scale.size() << " values";
    if (scale[0] < -128 || scale[0] > 127 || scale[1] < 0 || scale[2] < 0 ||
        scale[2] > 63 || (scale[3] != 0 && scale[3] != 1))
      return emitOpError() << name << " (" << scale[0] << ", " << scale[1]
                           << ", " << scale[2] << ", " << scale[3]
                           << ") needs a zero point in [-128, 127], a "
                              "multiplier >= 0, a shift in [0, 63] and "
                              "double_round 0 or 1";
  }
  int64_t shift = asSigned(*getRequantShift());
  if (asSigned(*getRequantMultiplier()) < 0 || shift < 0 || shift > 63)
    return emitOpError() << "requant_multiplier must be >= 0 and "
                            "requant_shift in [0, 63]";
  if (asSigned(getOutputZp()) < -128 || asSigned(getOutputZp()) > 127)
    return emitOpError() << "output_zp " << asSigned(getOutputZp())
                         << " must be in [-128, 127]";
  return success();
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError() << "needs at least one input";
  if (failed(verifyTensorSizes(*this)))
    return failure();
  auto resultType = getResult().getType();
  int64_t channels = 0;
  for (auto [index, input] : llvm::enumerate(getInputs())) {
    auto type = cast<RankedTensorType>(input.getType());
    if (type.getRank() != resultType.getRank() || type.getRank() < 1)
      return emitOpError() << "input " << index << " has rank "
                           << type.getRank() << ", expected "
                           << resultType.getRank();
    if (type.getElementType() != resultType.getElementType())
      return emitOpError() << "input " << index << " element type "
                           << type.getElementType()
                           << " differs from the result's";
    for (int64_t dim = 0; dim + 1 < type.getRank(); ++dim)
      if (type.getDimSize(dim) != resultType.getDimSize(dim))
        return emitOpError()
               << "input " << index << " dimension " << dim << " ("
               << type.getDimSize(dim) << ") differs from the result's ("
               << resultType.getDimSize(dim) << ")";
    channels += type.getShape().back();
  }
  if (channels != resultType.getShape().back())
    return emitOpError() << "result channels (" << resultType.getShape().back()
                         << ") must equal the sum of input channels ("
                         << channels << ")";
  return success();
}

LogicalResult ReshapeOp::verify() {
  auto inputType = getInput().getType();
  auto resultType = getResult().getType();
  if (failed(verifyTensorSizes(*this)))
    return failure();
  if (inputType.getElementType() != resultType.getElementType())
    return emitOpError() << "element type must not change ("
                         << inputType.getElementType() << " vs "
                         << resultType.getElementType() << ")";
  if (inputType.getNumElements() != resultType.getNumElements())
    return emitOpError() << "element count must not change ("
                         << inputType.getNumElements() << " vs "
                         << resultType.getNumElements() << ")";
  return success();
}

/// The checks every view op (window, slice) starts with: DRAM-sized
/// tensors, NHWC on both sides, one element type.
static LogicalResult verifyNhwcView(Operation *op, RankedTensorType inputType,
                                    RankedTensorType resultType) {
  if (failed(verifyTensorSizes(op)))
    return failure();
  if (inputType.getRank() != 4 || resultType.getRank() != 4)
    return op->emitOpError()
           << "operates on NHWC tensors (rank 4), got rank "
           << inputType.getRank() << " -> " << resultType.getRank();
  if (inputType.getElementType() != resultType.getElementType())
    return op->emitOpError()
           << "element type must not change (" << inputType.getElementType()
           << " vs " << resultType.getElementType() << ")";
  return success();
}

LogicalResult WindowOp::verify() {
  auto inputType = getInput().getType();
  auto resultType = getResult().getType();
  if (failed(verifyNhwcView(*this, inputType, resultType)))
    return failure();
  int64_t kernel = getKernelW(), stride = getStrideW();
  int64_t width = inputType.getDimSize(2), channels = inputType.getDimSize(3);
  if (kernel > width)
    return emitOpError() << "kernel_w " << kernel << " exceeds the input width "
                         << width;
  int64_t outW = (width - kernel) / stride + 1;
  // kernel <= width, so kernel * channels <= the input's element count,
  // which verifyTensorSizes bounded.
  SmallVector<int64_t> expected = {inputType.getDimSize(0),
                                   inputType.getDimSize(1), outW,
                                   kernel * channels};
  if (resultType.getShape() != ArrayRef<int64_t>(expected))
    return emitOpError() << "result shape must be " << expected[0] << "x"
                         << expected[1] << "x" << expected[2] << "x"
                         << expected[3]
                         << " (N x H x (W - kernel_w) / "
                            "stride_w + 1 x kernel_w * C)";
  return success();
}

LogicalResult SliceOp::verify() {
  auto inputType = getInput().getType();
  auto resultType = getResult().getType();
  if (failed(verifyNhwcView(*this, inputType, resultType)))
    return failure();
  ArrayRef<int64_t> offsets = getOffsets(), strides = getStrides();
  if (offsets.size() != 2 || strides.size() != 2)
    return emitOpError() << "offsets and strides take 2 values (H, W), got "
                         << offsets.size() << " and " << strides.size();
  for (int axis : {0, 3})
    if (inputType.getDimSize(axis) != resultType.getDimSize(axis))
      return emitOpError() << "dimension " << axis << " must not change ("
                           << inputType.getDimSize(axis) << " vs "
                           << resultType.getDimSize(axis) << ")";
  for (int axis : {0, 1}) {
    int64_t in = inputType.getDimSize(axis + 1);
    int64_t out = resultType.getDimSize(axis + 1);
    const char *name = axis == 0 ? "height" : "width";
    if (offsets[axis] < 0 || strides[axis] < 1)
      return emitOpError() << "offsets must be >= 0 and strides >= 1, got "
                           << offsets[axis] << " and " << strides[axis];
    if (out < 1)
      return emitOpError() << "result " << name << " must be >= 1";
    // offset + (out - 1) * stride < in, without overflow: out <= in (the
    // sizes are DRAM-bounded) and the quotient below is exact arithmetic.
    if (offsets[axis] >= in ||
        (out - 1) > (in - 1 - offsets[axis]) / strides[axis])
      return emitOpError() << "the last " << (axis == 0 ? "row" : "column")
                           << " (" << offsets[axis] << " + (" << out
                           << " - 1) * " << strides[axis]
                           << ") lies outside the input " << name << " " << in;
  }
  return success();
}

std::optional<isa::DType> accel::programDType(Type elementType) {
  if (elementType.isF32())
    return isa::DType::F32;
  if (elementType.isSignlessInteger(8))
    return isa::DType::I8;
  if (elementType.isSignlessInteger(32))
    return isa::DType::I32;
  return std::nullopt;
}

llvm::Error accel::checkHostOpTypes(StringRef kind, ArrayRef<int64_t> params,
                                    TypeRange inputs, Type result) {
  std::vector<std::vector<int64_t>> shapes;
  std::vector<isa::DType> types;
  SmallVector<Type> all(inputs.begin(), inputs.end());
  all.push_back(result);
  for (Type type : all) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    std::optional<isa::DType> dtype =
        tensor ? programDType(tensor.getElementType()) : std::nullopt;
    if (!dtype || !tensor.hasStaticShape() || tensor.getRank() < 1 ||
        tensor.getRank() > 4)
      return llvm::createStringError(
          "host op tensors must be static, of rank 1 to 4, with f32, i8 or "
          "i32 elements (the backend places no others)");
    shapes.emplace_back(tensor.getShape().begin(), tensor.getShape().end());
    types.push_back(*dtype);
  }
  std::vector<int64_t> resultShape = shapes.back();
  isa::DType resultType = types.back();
  shapes.pop_back();
  types.pop_back();
  return isa::checkHostOp(kind, params, shapes, types, resultShape,
                          resultType);
}

LogicalResult HostOp::verify() {
  if (failed(verifyTensorSizes(*this)))
    return failure();
  if (llvm::Error error = checkHostOpTypes(
          getKind(), getParams(), getInputs().getTypes(), getType()))
    return emitOpError() << llvm::toString(std::move(error));
  return success();
}

//===----------------------------------------------------------------------===//
// ComputeOpInterface
//===----------------------------------------------------------------------===//

#include "accel/Dialect/Accel/IR/AccelInterfaces.cpp.inc"

/// The engine's activation for a post-op kind.
static isa::Activation activationOf(PostOpKind kind) {
  switch (kind) {
  case PostOpKind::None:
    return isa::Activation::None;
  case PostOpKind::Relu:
    return isa::Activation::Relu;
  case PostOpKind::Clamp:
    return isa::Activation::Clamp;
  case PostOpKind::LeakyRelu:
    return isa::Activation::LeakyRelu;
  case PostOpKind::Tanh:
    return isa::Activation::Tanh;
  case PostOpKind::Sigmoid:
    return isa::Activation::Sigmoid;
  }
  llvm_unreachable("unknown PostOpKind");
}

/// The activation and its parameters (every op with Accel_PostOpArgs or
/// add's subset of them).
template <typename OpTy>
static schedule::ConvEpilogue activationEpilogue(OpTy op) {
  schedule::ConvEpilogue epilogue;
  epilogue.activation = activationOf(op.getPostOp());
  if (std::optional<llvm::APFloat> lo = op.getClampMin())
    epilogue.clampLo = lo->convertToFloat();
  if (std::optional<llvm::APFloat> hi = op.getClampMax())
    epilogue.clampHi = hi->convertToFloat();
  if (std::optional<llvm::APFloat> alpha = op.getLeakyAlpha())
    epilogue.alpha = alpha->convertToFloat();
  return epilogue;
}

/// activationEpilogue plus the output zero point and requantization of an
/// op that writes i32 accumulators (without requantization parameters the
/// schedule's default scale is kept).
template <typename OpTy>
static schedule::ConvEpilogue requantEpilogue(OpTy op) {
  schedule::ConvEpilogue epilogue = activationEpilogue(op);
  epilogue.outputZp = int32_t(asSigned(op.getOutputZp()));
  if (std::optional<uint32_t> multiplier = op.getRequantMultiplier()) {
    epilogue.multiplier = int32_t(asSigned(*multiplier));
    epilogue.shift = int32_t(asSigned(op.getRequantShift().value_or(0)));
  }
  epilogue.doubleRound = op.getRequantDoubleRound();
  return epilogue;
}

schedule::ConvEpilogue Conv2DOp::getEpilogue() {
  schedule::ConvEpilogue epilogue = requantEpilogue(*this);
  epilogue.inputZp = int32_t(asSigned(getInputZp()));
  epilogue.weightZp = int32_t(asSigned(getWeightZp()));
  return epilogue;
}

schedule::ConvEpilogue BiasFillOp::getEpilogue() {
  return requantEpilogue(*this);
}

schedule::ConvEpilogue AddOp::getEpilogue() {
  if (getRequantMultiplier())
    return requantEpilogue(*this);
  schedule::ConvEpilogue epilogue = activationEpilogue(*this);
  // An i8 add keeps the operands' common scale: identity requantization.
  epilogue.multiplier = 1;
  epilogue.shift = 0;
  return epilogue;
}

schedule::AddOperandScale AddOp::getOperandScale(bool rhs) {
  std::optional<ArrayRef<int32_t>> scale = rhs ? getRhsScale() : getLhsScale();
  schedule::AddOperandScale result;
  if (!scale || scale->size() != 4)
    return result; // the identity: the operands share the result's scale
  result.zeroPoint = (*scale)[0];
  result.multiplier = (*scale)[1];
  result.shift = (*scale)[2];
  result.doubleRound = (*scale)[3] != 0;
  return result;
}

schedule::ConvEpilogue ZeroInsertOp::getEpilogue() {
  // Every position not written by the input holds `fill`: the write-back
  // of a zero accumulator adds it as the output zero point.
  schedule::ConvEpilogue epilogue;
  epilogue.outputZp = int32_t(asSigned(getFill()));
  return epilogue;
}

#define GET_OP_CLASSES
#include "accel/Dialect/Accel/IR/AccelOps.cpp.inc"
