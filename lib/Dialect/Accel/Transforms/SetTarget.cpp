//===- SetTarget.cpp - Attach #accel.target to a module -------------------===//

#include "accel/Dialect/Accel/IR/AccelOps.h"
#include "accel/Dialect/Accel/Transforms/Passes.h"

#include "mlir/IR/Verifier.h"

namespace accel {
#define GEN_PASS_DEF_ACCELSETTARGET
#include "accel/Dialect/Accel/Transforms/Passes.h.inc"
} // namespace accel

using namespace mlir;
using namespace accel;

namespace {
struct SetTargetPass : accel::impl::AccelSetTargetBase<SetTargetPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::Expected<TargetDesc> desc = resolveTarget(target);
    if (!desc) {
      (void)emitTargetError(module.getLoc(), desc.takeError());
      return signalPassFailure();
    }
    module->setAttr(AccelDialect::getTargetAttrName(),
                    TargetAttr::get(&getContext(), *desc));
    // The new limits apply to ops that were valid before.
    if (failed(verify(module)))
      signalPassFailure();
  }
};
} // namespace
