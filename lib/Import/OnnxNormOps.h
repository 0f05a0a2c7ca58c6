//===- OnnxNormOps.h - Softmax and normalisation ONNX ops -------*- C++ -*-===//
//
// Converters for ONNX ops that become TOSA decompositions the accelerator
// cannot run (reductions, exp, rsqrt, pools, ...): convert-tosa-to-accel
// leaves them to the host (accel.host). Registered in OnnxOps.cpp's table.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_LIB_IMPORT_ONNXNORMOPS_H
#define ACCEL_LIB_IMPORT_ONNXNORMOPS_H

#include "OnnxImporterImpl.h"

namespace accel::onnx_import {

/// Softmax (opset 13: along `axis`; before: `axis` must be the last one):
/// reduce_max, sub, exp, reduce_sum, reciprocal, mul.
mlir::LogicalResult convertSoftmax(Importer &im);

/// InstanceNormalization over the spatial axes with constant scale and B:
/// mean and variance by reduce_sum and a constant 1/count, rsqrt(var + eps).
mlir::LogicalResult convertInstanceNorm(Importer &im);

/// ReduceMean (axes as attribute before opset 18, as constant input 1 from
/// it; keepdims; noop_with_empty_axes): reduce_sum per axis, mul by 1/N.
mlir::LogicalResult convertReduceMean(Importer &im);

/// GlobalAveragePool (N,C,L or N,C,H,W): the mean over the spatial axes,
/// as ReduceMean with keepdims.
mlir::LogicalResult convertGlobalAveragePool(Importer &im);

/// LayerNormalization (opset 17; `axis`, `epsilon`, constant Scale and
/// optional B broadcast to the normalized axes; Y only): the InstanceNorm
/// decomposition over the axes from `axis` on.
mlir::LogicalResult convertLayerNorm(Importer &im);

/// MaxPool / AveragePool (1-D and 2-D; auto_pad, ceil_mode,
/// count_include_pad): tosa.max_pool2d / tosa.avg_pool2d (OnnxPoolOps.cpp).
mlir::LogicalResult convertPool(Importer &im);

} // namespace accel::onnx_import

#endif // ACCEL_LIB_IMPORT_ONNXNORMOPS_H
