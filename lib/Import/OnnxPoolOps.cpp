//===- OnnxPoolOps.cpp - MaxPool and AveragePool to TOSA ------------------===//
//
// ONNX MaxPool / AveragePool on N,C,H,W (or N,C,L, pooled along W of the
// internal N,1,L,C form) become tosa.max_pool2d / tosa.avg_pool2d, which
// the host runs (accel.host). TOSA wants (in + pads - kernel) divisible by
// the stride, where ONNX floors (or ceils, ceil_mode = 1): the end pad is
// chosen so the last ONNX window is TOSA's last window, and input rows no
// window reads are sliced off. Both pools ignore what lies outside the
// input, like ONNX's -inf padding of MaxPool and count_include_pad = 0 of
// AveragePool; count_include_pad = 1 pads the declared pads with zeros
// first (tosa.pad), so they count, while a ceil_mode window's overhang
// beyond them does not (PyTorch's rule).
//
//===----------------------------------------------------------------------===//

#include "OnnxNormOps.h"

#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

using namespace mlir;
using namespace accel::onnx_import;

LogicalResult accel::onnx_import::convertPool(Importer &im) {
  bool max = im.node->op_type() == "MaxPool";
  const Entry *x = im.requiredInput(0);
  if (!x)
    return failure();
  size_t rank = x->shape.size();
  if (rank != 3 && rank != 4)
    return im.error() << "supports 1-D and 2-D pooling (an N,C,L or N,C,H,W "
                         "input), got rank "
                      << rank;
  if (max && im.node->output_size() > 1 && !im.node->output(1).empty())
    return im.error() << "the Indices output is not supported";
  size_t spatial = rank - 2;
  std::optional<SmallVector<int64_t>> kernel = im.attrInts("kernel_shape");
  if (!kernel || kernel->size() != spatial)
    return im.error() << "needs kernel_shape with " << spatial << " values";
  // The pool's window as a conv's weight shape, so that the conv's
  // attribute reader checks strides, dilations, pads and auto_pad.
  SmallVector<int64_t> window = {x->shape[1], x->shape[1]};
  window.append(kernel->begin(), kernel->end());
  if (llvm::any_of(*kernel, [](int64_t k) { return k < 1; }))
    return im.error() << "kernel_shape values must be >= 1";
  FailureOr<ConvGeometry> geometry = readGeometry(im, x->shape, window);
  if (failed(geometry))
    return failure();
  ConvGeometry &g = *geometry;
  if (g.dilation != std::array<int64_t, 2>{1, 1})
    return im.error() << "dilations other than 1 are not supported";
  resolveConvPads(g);
  int64_t ceilMode = im.attrInt("ceil_mode", 0);
  bool countPads = !max && im.attrInt("count_include_pad", 0) != 0;
  if (ceilMode != 0 && ceilMode != 1)
    return im.error() << "ceil_mode must be 0 or 1, got " << ceilMode;

  // ONNX's output size per internal axis (H, W).
  std::array<int64_t, 2> out;
  for (int i = 0; i < 2; ++i) {
    if (g.padBegin[i] >= g.kernel[i] || g.padEnd[i] >= g.kernel[i])
      return im.error() << "pads (" << g.padBegin[i] << ", " << g.padEnd[i]
                        << ") must be smaller than the kernel " << g.kernel[i];
    int64_t span = g.in[i] + g.padBegin[i] + g.padEnd[i] - g.kernel[i];
    if (span < 0)
      return im.error() << "kernel " << g.kernel[i]
                        << " is larger than the padded input "
                        << g.in[i] + g.padBegin[i] + g.padEnd[i];
    out[i] =
        (ceilMode ? llvm::divideCeil(span, g.stride[i]) : span / g.stride[i]) +
        1;
    // A ceil_mode window must start inside the input or its begin pad.
    if (ceilMode && (out[i] - 1) * g.stride[i] >= g.in[i] + g.padBegin[i])
      --out[i];
  }

  FailureOr<Value> v = im.valueInput(0);
  if (failed(v))
    return failure();
  auto type = cast<RankedTensorType>(v->getType());
  std::array<int64_t, 2> in = g.in;
  ImplicitLocOpBuilder b(im.loc, im.builder);
  if (countPads && (g.padBegin != std::array<int64_t, 2>{0, 0} ||
                    g.padEnd != std::array<int64_t, 2>{0, 0})) {
    SmallVector<int64_t> padded(type.getShape());
    for (int i = 0; i < 2; ++i) {
      in[i] += g.padBegin[i] + g.padEnd[i];
      padded[1 + i] = in[i];
    }
    if (!checkedElementCount(padded))
      return im.error() << "the padded input is too large";
    *v = tosa::PadOp::create(
        im.builder, im.loc, im.f32(padded), *v,
        tosa::getTosaConstShape(b, {0, 0, g.padBegin[0], g.padEnd[0],
                                    g.padBegin[1], g.padEnd[1], 0, 0}),
        im.constF32({1}, {0.0f}));
    g.padBegin = g.padEnd = {0, 0};
  }
  // The end pad that makes ONNX's last window TOSA's last one; rows past
  // that window are never read and are sliced off.
  std::array<int64_t, 2> keep = in;
  for (int i = 0; i < 2; ++i) {
    int64_t end = (out[i] - 1) * g.stride[i] + g.kernel[i] - g.padBegin[i];
    g.padEnd[i] = std::max<int64_t>(end - in[i], 0);
    keep[i] = std::min(end, in[i]);
  }
  if (keep != in)
    *v = im.slice(*v, {0, 0, 0, 0},
                  {type.getDimSize(0), keep[0], keep[1], type.getDimSize(3)});
  SmallVector<int64_t> onnxOut = {x->shape[0], x->shape[1]};
  onnxOut.append(out.end() - spatial, out.end());
  auto resultType = im.f32(internalShape(onnxOut));
  SmallVector<int64_t> pad = {g.padBegin[0], g.padEnd[0], g.padBegin[1],
                              g.padEnd[1]};
  Value result;
  if (max)
    result = tosa::MaxPool2dOp::create(im.builder, im.loc, resultType, *v,
                                       g.kernel, g.stride, pad);
  else
    result =
        tosa::AvgPool2dOp::create(im.builder, im.loc, resultType, *v,
                                  im.builder.getDenseI64ArrayAttr(g.kernel),
                                  im.builder.getDenseI64ArrayAttr(g.stride),
                                  im.builder.getDenseI64ArrayAttr(pad),
                                  TypeAttr::get(im.builder.getF32Type()));
  im.defineValue(0, result, onnxOut);
  return success();
}
