//===- HostOp.h - Ops the host CPU runs between accelerator layers -*- C++ -*-===//
//
// An op the accelerator cannot run (softmax's exp and reductions, instance
// norm's rsqrt, a bilinear resize, ...) stays in the program as a host op
// record, executed by the host between two accelerator layers (as Vela
// falls back to the CPU). A record names the TOSA op it comes from
// ("tosa.exp"), the integer parameters that op's attributes and constant
// shape operands carried, and its dense operand and result tensors in
// DRAM. This header is the one definition of which kinds exist, what
// their parameters mean and which shapes are consistent: the accel.host
// verifier, the program verifier and the simulator's kernels
// (lib/Sim/HostOps.cpp) all use it. The semantics of each kind are TOSA's
// (docs/ISA.md lists them).
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_ISA_HOSTOP_H
#define ACCEL_ISA_HOSTOP_H

#include "accel/ISA/Instruction.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace accel {
namespace isa {

/// A dense tensor a host op reads or writes (C order, like TensorInfo).
struct HostTensor {
  uint64_t dramAddr = 0;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;

  int64_t numElements() const;
  int64_t byteSize() const { return numElements() * dtypeBytes(dtype); }
  bool operator==(const HostTensor &other) const {
    return dramAddr == other.dramAddr && dtype == other.dtype &&
           shape == other.shape;
  }
};

/// One host op of a program (Program::hostOps), run by a HOST instruction.
struct HostOpRecord {
  std::string kind;            ///< the TOSA op name, e.g. "tosa.exp"
  std::vector<int64_t> params; ///< kind-specific, see hostOpParamsDoc
  std::vector<HostTensor> operands;
  HostTensor result;

  bool operator==(const HostOpRecord &other) const {
    return kind == other.kind && params == other.params &&
           operands == other.operands && result == other.result;
  }
};

/// Most dimensions a host tensor may have.
constexpr size_t kMaxHostRank = 6;

/// Parameters of a `tosa.resize` record, in order.
enum HostResizeParam : unsigned {
  ResizeScaleYN, ResizeScaleYD, ResizeScaleXN, ResizeScaleXD,
  ResizeOffsetY, ResizeOffsetX, ResizeBorderY, ResizeBorderX,
  ResizeBilinear, ///< 1 bilinear, 0 nearest neighbour
  ResizeParamCount
};

/// Parameters of a `tosa.max_pool2d` / `tosa.avg_pool2d` record, in order
/// (NHWC f32; the average divides by the window's elements inside the
/// input, TOSA's rule: padding is not counted).
enum HostPoolParam : unsigned {
  PoolKernelY,
  PoolKernelX,
  PoolStrideY,
  PoolStrideX,
  PoolPadTop,
  PoolPadBottom,
  PoolPadLeft,
  PoolPadRight,
  PoolParamCount
};

/// TOSA max_pool2d / avg_pool2d of an NHWC `input` of shape `inShape` into
/// `result` of shape `outShape` (params = HostPoolParam; the shapes as
/// checkHostOp accepts them). Each window is clipped to the input: padding
/// never wins a maximum (NaN propagates) and is not counted by the
/// average. The one definition the simulator's host and accel-quantize's
/// calibration evaluator both run; int8 has the maximum only (TOSA's
/// int8 average has zero points and its own rounding).
void pool2d(bool max, llvm::ArrayRef<float> input,
            llvm::ArrayRef<int64_t> inShape, llvm::ArrayRef<int64_t> params,
            llvm::ArrayRef<int64_t> outShape,
            llvm::MutableArrayRef<float> result);
void maxPool2d(llvm::ArrayRef<int8_t> input, llvm::ArrayRef<int64_t> inShape,
               llvm::ArrayRef<int64_t> params, llvm::ArrayRef<int64_t> outShape,
               llvm::MutableArrayRef<int8_t> result);

/// Every kind the host executes, sorted.
llvm::ArrayRef<llvm::StringRef> hostOpKinds();
bool isHostOpKind(llvm::StringRef kind);

/// Checks one host op's kind, parameters, operand count, element types and
/// shapes against each other: elementwise ops broadcast TOSA's way (equal
/// ranks, each dimension equal or 1), reductions keep the reduced axis as
/// 1 (params = {axis}), transpose permutes (params = the permutation),
/// reshape keeps the element count, resize takes NHWC and produces TOSA's
/// output size (params = HostResizeParam), pools take NHWC and produce
/// (in + pads - kernel) / stride + 1 with exact division, TOSA's rule
/// (params = HostPoolParam). The message says what is wrong
/// and what is allowed.
llvm::Error checkHostOp(llvm::StringRef kind, llvm::ArrayRef<int64_t> params,
                        llvm::ArrayRef<std::vector<int64_t>> operandShapes,
                        llvm::ArrayRef<DType> operandTypes,
                        llvm::ArrayRef<int64_t> resultShape, DType resultType);

/// checkHostOp on a record, plus every tensor inside `dramBytes`.
llvm::Error verifyHostOpRecord(const HostOpRecord &record, uint64_t dramBytes);

/// Element operations a record performs (its size for the simulator's work
/// limit): result elements times the values each reads, saturating.
uint64_t hostOpWork(const HostOpRecord &record);

/// How long the host takes for a host op, in accelerator cycles. The
/// accelerator is idle meanwhile: a HOST instruction drains every queue,
/// hands the tensors to the host and resumes when the host is done.
/// The defaults are assumptions, not measurements (docs/ISA.md, HOST):
/// one element operation per accelerator cycle (a scalar application core
/// at the accelerator's clock) and 2,000 cycles of hand-over each way
/// summed (interrupt, cache clean/invalidate of the tensors, restart) per
/// run of consecutive host ops.
struct HostModel {
  /// Element operations (hostOpWork) the host does per accelerator cycle.
  double elementsPerCycle = 1.0;
  /// Fixed cost of handing a layer to the host and back.
  int64_t syncCycles = 2000;
};

/// ceil(hostOpWork / elementsPerCycle), plus syncCycles when `handover`
/// (the host takes over from the accelerator; a host op right after another
/// one runs on without it), saturating at INT64_MAX.
/// `model.elementsPerCycle` must be positive.
int64_t hostOpCycles(const HostOpRecord &record, const HostModel &model,
                     bool handover);

} // namespace isa
} // namespace accel

#endif // ACCEL_ISA_HOSTOP_H
