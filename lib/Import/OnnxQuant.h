//===- OnnxQuant.h - Shared pieces of the quantized converters --*- C++ -*-===//
//
// Used by OnnxQuantOps.cpp (QLinearConv, ConvInteger) and OnnxQdqOps.cpp
// (QuantizeLinear / DequantizeLinear patterns): zero points, the i32 -> i8
// requantization as tosa.rescale (+ tosa.clamp for a folded ReLU / Clip),
// and the int8 convolutions. uint8 data is carried as int8 q - 128 with its
// zero point z - 128 (exact: (q - z) is unchanged); docs/Import.md.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_LIB_IMPORT_ONNXQUANT_H
#define ACCEL_LIB_IMPORT_ONNXQUANT_H

#include "OnnxImporterImpl.h"

#include <functional>

namespace accel::onnx_import {

/// The requantization of i32 accumulators to i8: acc * inScale *
/// wScale[c] / outScale + outZeroPoint, saturated to [low, high] (a folded
/// ReLU / Clip narrows the int8 range).
struct Requant {
  double inScale = 1;
  std::vector<double> wScale; // 1, or one per output channel
  double outScale = 1;
  int64_t outZeroPoint = 0;
  int64_t low = -128, high = 127;
};

mlir::RankedTensorType intType(Importer &im, llvm::ArrayRef<int64_t> shape,
                               unsigned bits);
/// A [1] zero-point constant of `bits` (8 or 32) bits.
mlir::Value zeroPointConst(Importer &im, int64_t value, unsigned bits);

/// tosa.rescale of `v` (i8 or i32) to `outBits` bits by `scales` (one, or
/// one per innermost channel), SINGLE_ROUND; `describe(c)` names scale c in
/// the error when it is not a TOSA scale32 factor.
mlir::FailureOr<mlir::Value>
rescale(Importer &im, mlir::Value v, llvm::ArrayRef<double> scales,
        int64_t inZeroPoint, int64_t outZeroPoint, unsigned outBits,
        const std::function<std::string(size_t)> &describe);

/// Requantizes the channels [begin, begin + count) of `rq` (the i32
/// accumulators `acc` hold exactly those channels), then clamps to
/// [rq.low, rq.high] when that is narrower than int8.
mlir::FailureOr<mlir::Value> requantize(Importer &im, mlir::Value acc,
                                        const Requant &rq, int64_t begin,
                                        int64_t count);
/// tosa.clamp of an i8 value to [low, high] (no op for the full range).
mlir::Value clampInt8(Importer &im, mlir::Value v, int64_t low, int64_t high);

/// An integer conv of the NHWC i8 `x` (ONNX shape `xShape`) with the int8
/// weight `w` (ints, ONNX [M, C / group, KH, KW]), zero points and an i32
/// bias, split into `group` convs joined on channels; each group's
/// accumulators are requantized by `rq`, or, without it, the i32
/// accumulators are the result. Returns the NHWC result.
mlir::FailureOr<mlir::Value>
emitIntConv(Importer &im, mlir::Value x, llvm::ArrayRef<int64_t> xShape,
            const HostTensor &w, llvm::ArrayRef<int32_t> bias, int64_t xZp,
            int64_t wZp, int64_t group, const Requant *rq);

/// The int8 values of an integer constant (uint8 shifted by `offset`),
/// or an error naming `what` when a value is outside int8.
mlir::FailureOr<HostTensor> int8Values(Importer &im, const HostTensor &t,
                                       int64_t offset, llvm::StringRef what);

/// The ONNX shape of an NHWC conv result.
inline llvm::SmallVector<int64_t> nchwShape(mlir::Value nhwc) {
  auto s = llvm::cast<mlir::RankedTensorType>(nhwc.getType()).getShape();
  return {s[0], s[3], s[1], s[2]};
}

} // namespace accel::onnx_import

#endif // ACCEL_LIB_IMPORT_ONNXQUANT_H
