//===- HostFallback.cpp - TOSA ops the accelerator cannot run -> host ------===//
//
// After the accelerator's patterns have converged, every TOSA op still left
// that the host executor runs (accel/ISA/HostOp.h) becomes an accel.host
// op carrying the TOSA op's name, its data operands and the integers its
// attributes and constant shape operands held. The conversion then prints
// one warning listing them, each as a note at the op's location. Ops the
// host cannot run either stay, and the conversion's final check reports
// each of them.
//
//===----------------------------------------------------------------------===//

#include "Common.h"

#include "accel/Dialect/Accel/IR/HostOpTypes.h"
#include "accel/ISA/HostOp.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace accel;
using namespace accel::tosa_to_accel;

namespace {

/// What an accel.host op replacing a TOSA op holds.
struct HostOpSpec {
  SmallVector<Value> inputs;
  SmallVector<int64_t> params;
};

/// The constant shape operands of a tosa.resize as host parameters.
LogicalResult resizeParams(tosa::ResizeOp op, SmallVectorImpl<int64_t> &params,
                           std::string &why) {
  SmallVector<int64_t> scale, offset, border;
  if (!tosa::getConstShapeValues(op.getScale().getDefiningOp(), scale) ||
      !tosa::getConstShapeValues(op.getOffset().getDefiningOp(), offset) ||
      !tosa::getConstShapeValues(op.getBorder().getDefiningOp(), border) ||
      scale.size() != 4 || offset.size() != 2 || border.size() != 2) {
    why = "its scale, offset and border are not constant shapes";
    return failure();
  }
  params.assign(scale.begin(), scale.end());
  params.append(offset.begin(), offset.end());
  params.append(border.begin(), border.end());
  params.push_back(op.getMode() == tosa::ResizeMode::BILINEAR ? 1 : 0);
  return success();
}

/// A pool's attributes as host parameters (isa::HostPoolParam).
template <typename PoolOp>
void poolParams(PoolOp op, SmallVectorImpl<int64_t> &params) {
  llvm::append_range(params, op.getKernel());
  llvm::append_range(params, op.getStride());
  llvm::append_range(params, op.getPad());
}

/// The accel.host form of `op`, or failure with the reason in `why`.
FailureOr<HostOpSpec> describeForHost(Operation *op, std::string &why) {
  StringRef kind = op->getName().getStringRef();
  if (!isa::isHostOpKind(kind)) {
    why = ("the host does not run " + kind).str();
    return failure();
  }
  if (hasNonStaticTensor(op) || op->getNumResults() != 1) {
    why = unsupportedShapeMessage().str();
    return failure();
  }
  HostOpSpec spec;
  if (auto mul = dyn_cast<tosa::MulOp>(op)) {
    DenseElementsAttr shift = getConstantElements(mul.getShift());
    if (!shift || llvm::any_of(shift.getValues<APInt>(),
                               [](const APInt &v) { return !v.isZero(); })) {
      why = "the host runs tosa.mul with a constant zero shift only";
      return failure();
    }
    spec.inputs = {mul.getInput1(), mul.getInput2()};
  } else if (auto resize = dyn_cast<tosa::ResizeOp>(op)) {
    if (failed(resizeParams(resize, spec.params, why)))
      return failure();
    spec.inputs = {resize.getInput()};
  } else if (auto pool = dyn_cast<tosa::MaxPool2dOp>(op)) {
    if (pool.getNanMode() != tosa::NanPropagationMode::PROPAGATE) {
      why = "the host runs tosa.max_pool2d with nan_mode PROPAGATE only";
      return failure();
    }
    poolParams(pool, spec.params);
    spec.inputs = {pool.getInput()};
  } else if (auto pool = dyn_cast<tosa::AvgPool2dOp>(op)) {
    FailureOr<int64_t> inputZp = pool.getInputZeroPoint();
    FailureOr<int64_t> outputZp = pool.getOutputZeroPoint();
    if (failed(inputZp) || failed(outputZp) || *inputZp || *outputZp ||
        !pool.getAccType().isF32()) {
      why = "the host runs f32 tosa.avg_pool2d (zero points 0, f32 "
            "accumulator) only";
      return failure();
    }
    poolParams(pool, spec.params);
    spec.inputs = {pool.getInput()};
  } else if (auto transpose = dyn_cast<tosa::TransposeOp>(op)) {
    spec.inputs = {transpose.getInput1()};
    for (int32_t axis : transpose.getPerms())
      spec.params.push_back(axis);
  } else if (llvm::isa<tosa::ReshapeOp>(op)) {
    spec.inputs = {op->getOperand(0)};
  } else if (auto axis = op->getAttrOfType<IntegerAttr>("axis")) {
    spec.inputs = {op->getOperand(0)}; // a reduction
    spec.params.push_back(axis.getInt());
  } else {
    spec.inputs.assign(op->operand_begin(), op->operand_end());
  }
  SmallVector<Type> inputTypes;
  for (Value input : spec.inputs)
    inputTypes.push_back(input.getType());
  if (llvm::Error error = checkHostOpTypes(kind, spec.params, inputTypes,
                                           op->getResult(0).getType())) {
    why = "the host cannot run it: " + llvm::toString(std::move(error));
    return failure();
  }
  return spec;
}

} // namespace

bool tosa_to_accel::canFallBackToHost(Operation *op) {
  std::string why;
  return succeeded(describeForHost(op, why));
}

SmallVector<HostFallback>
tosa_to_accel::fallBackToHost(Operation *root,
                              const llvm::DenseSet<Operation *> &reported,
                              llvm::DenseMap<Operation *, std::string> &whyNot) {
  SmallVector<Operation *> candidates;
  root->walk([&](Operation *op) {
    if (op != root && isa_and_nonnull<tosa::TosaDialect>(op->getDialect()) &&
        !op->hasTrait<OpTrait::ConstantLike>() && !reported.contains(op))
      candidates.push_back(op);
  });
  SmallVector<HostFallback> fallbacks;
  OpBuilder builder(root->getContext());
  for (Operation *op : candidates) {
    std::string why;
    FailureOr<HostOpSpec> spec = describeForHost(op, why);
    if (failed(spec)) {
      whyNot[op] = why;
      continue;
    }
    builder.setInsertionPoint(op);
    auto host = HostOp::create(
        builder, op->getLoc(), op->getResult(0).getType(),
        builder.getStringAttr(op->getName().getStringRef()), spec->inputs,
        builder.getDenseI64ArrayAttr(spec->params));
    fallbacks.push_back({op->getName().getStringRef().str(), op->getLoc()});
    op->getResult(0).replaceAllUsesWith(host.getResult());
    op->erase();
  }
  // A returned reshape of a host op's result would be a view of the host's
  // tensor, which the backend cannot name as an output (accel-plan-memory:
  // an output is a region of its own): the host runs that reshape too, into
  // the output (a network ending in GroupNorm, whose statistics run there).
  root->walk([&](func::ReturnOp ret) {
    for (OpOperand &operand : ret->getOpOperands()) {
      auto reshape = operand.get().getDefiningOp<ReshapeOp>();
      if (!reshape || !reshape.getInput().getDefiningOp<HostOp>())
        continue;
      builder.setInsertionPoint(ret);
      auto host = HostOp::create(
          builder, reshape.getLoc(), reshape.getType(),
          builder.getStringAttr(tosa::ReshapeOp::getOperationName()),
          ValueRange{reshape.getInput()}, builder.getDenseI64ArrayAttr({}));
      fallbacks.push_back(
          {tosa::ReshapeOp::getOperationName().str(), reshape.getLoc()});
      operand.set(host.getResult());
      if (reshape->use_empty())
        reshape->erase();
    }
  });
  return fallbacks;
}

void tosa_to_accel::reportHostFallbacks(Operation *root,
                                        ArrayRef<HostFallback> fallbacks) {
  if (fallbacks.empty())
    return;
  InFlightDiagnostic diag = emitWarning(root->getLoc())
                            << fallbacks.size()
                            << " op(s) the accelerator cannot run fall back "
                               "to the host CPU (accel.host; "
                               "host-fallback=false makes each an error)";
  for (const HostFallback &fallback : fallbacks)
    diag.attachNote(fallback.loc) << fallback.opName << " runs on the host";
}
