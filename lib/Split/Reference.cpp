//===- Reference.cpp - Direct reference convolutions in plain C++ ---------===//
//
// The scatter transposed convolution and the gather convolution used as
// oracles. They follow the definitions literally; speed is irrelevant.
//
//===----------------------------------------------------------------------===//

#include "accel/Split/Reference.h"

#include <cassert>

using namespace accel;

template <typename In, typename Acc>
std::vector<Acc> accel::referenceTransposedConv(
    const TransposedConvParams &params, llvm::ArrayRef<In> input,
    llvm::ArrayRef<In> weight, llvm::ArrayRef<Acc> bias, ZeroPoints zp) {
  const AxisParams &ah = params.h, &aw = params.w;
  int64_t outH = ah.outputSize(), outW = aw.outputSize();
  int64_t n = params.batch, inC = params.inChannels, outC = params.outChannels;
  int64_t icg = params.inChannelsPerGroup(), ocg = params.outChannelsPerGroup();
  assert(static_cast<int64_t>(input.size()) ==
             n * ah.inputSize * aw.inputSize * inC &&
         "input size mismatch");
  assert(static_cast<int64_t>(weight.size()) ==
             outC * ah.kernelSize * aw.kernelSize * icg &&
         "weight size mismatch");

  std::vector<Acc> out(n * outH * outW * outC, Acc(0));
  for (int64_t b = 0; b < n; ++b)
    for (int64_t y = 0; y < outH; ++y)
      for (int64_t x = 0; x < outW; ++x)
        for (int64_t oc = 0; oc < outC; ++oc)
          out[((b * outH + y) * outW + x) * outC + oc] =
              bias.empty() ? Acc(0) : bias[oc];

  for (int64_t b = 0; b < n; ++b)
    for (int64_t iy = 0; iy < ah.inputSize; ++iy)
      for (int64_t ix = 0; ix < aw.inputSize; ++ix)
        for (int64_t ky = 0; ky < ah.kernelSize; ++ky) {
          int64_t oy = iy * ah.stride + ky * ah.dilation + ah.padBegin;
          if (oy < 0 || oy >= outH)
            continue;
          for (int64_t kx = 0; kx < aw.kernelSize; ++kx) {
            int64_t ox = ix * aw.stride + kx * aw.dilation + aw.padBegin;
            if (ox < 0 || ox >= outW)
              continue;
            for (int64_t oc = 0; oc < outC; ++oc) {
              int64_t g = oc / ocg;
              Acc sum = Acc(0);
              for (int64_t ic = 0; ic < icg; ++ic) {
                Acc xv = Acc(input[((b * ah.inputSize + iy) * aw.inputSize +
                                    ix) * inC + g * icg + ic]) -
                         Acc(zp.input);
                Acc wv = Acc(weight[((oc * ah.kernelSize + ky) *
                                         aw.kernelSize + kx) * icg + ic]) -
                         Acc(zp.weight);
                sum += xv * wv;
              }
              out[((b * outH + oy) * outW + ox) * outC + oc] += sum;
            }
          }
        }
  return out;
}

template <typename In, typename Acc>
std::vector<Acc> accel::referenceConv(const ConvShape &shape,
                                      llvm::ArrayRef<In> input,
                                      llvm::ArrayRef<In> weight,
                                      llvm::ArrayRef<Acc> bias, ZeroPoints zp) {
  int64_t outH = shape.outH(), outW = shape.outW();
  int64_t icg = shape.inC / shape.groups, ocg = shape.outC / shape.groups;
  assert(static_cast<int64_t>(input.size()) ==
             shape.batch * shape.inH * shape.inW * shape.inC &&
         "input size mismatch");
  assert(static_cast<int64_t>(weight.size()) ==
             shape.outC * shape.kernelH * shape.kernelW * icg &&
         "weight size mismatch");

  std::vector<Acc> out(shape.batch * outH * outW * shape.outC);
  for (int64_t b = 0; b < shape.batch; ++b)
    for (int64_t oy = 0; oy < outH; ++oy)
      for (int64_t ox = 0; ox < outW; ++ox)
        for (int64_t oc = 0; oc < shape.outC; ++oc) {
          int64_t g = oc / ocg;
          Acc sum = bias.empty() ? Acc(0) : bias[oc];
          for (int64_t ky = 0; ky < shape.kernelH; ++ky) {
            int64_t iy = oy * shape.strideH - shape.padTop + ky * shape.dilationH;
            if (iy < 0 || iy >= shape.inH)
              continue;
            for (int64_t kx = 0; kx < shape.kernelW; ++kx) {
              int64_t ix =
                  ox * shape.strideW - shape.padLeft + kx * shape.dilationW;
              if (ix < 0 || ix >= shape.inW)
                continue;
              for (int64_t ic = 0; ic < icg; ++ic) {
                Acc xv = Acc(input[((b * shape.inH + iy) * shape.inW + ix) *
                                       shape.inC + g * icg + ic]) -
                         Acc(zp.input);
                Acc wv = Acc(weight[((oc * shape.kernelH + ky) *
                                         shape.kernelW + kx) * icg + ic]) -
                         Acc(zp.weight);
                sum += xv * wv;
              }
            }
          }
          out[((b * outH + oy) * outW + ox) * shape.outC + oc] = sum;
        }
  return out;
}

namespace accel {
template std::vector<float>
referenceTransposedConv<float, float>(const TransposedConvParams &,
                                      llvm::ArrayRef<float>,
                                      llvm::ArrayRef<float>,
                                      llvm::ArrayRef<float>, ZeroPoints);
template std::vector<int32_t>
referenceTransposedConv<int8_t, int32_t>(const TransposedConvParams &,
                                         llvm::ArrayRef<int8_t>,
                                         llvm::ArrayRef<int8_t>,
                                         llvm::ArrayRef<int32_t>, ZeroPoints);
template std::vector<float>
referenceConv<float, float>(const ConvShape &, llvm::ArrayRef<float>,
                            llvm::ArrayRef<float>, llvm::ArrayRef<float>,
                            ZeroPoints);
template std::vector<int32_t>
referenceConv<int8_t, int32_t>(const ConvShape &, llvm::ArrayRef<int8_t>,
                               llvm::ArrayRef<int8_t>, llvm::ArrayRef<int32_t>,
                               ZeroPoints);
} // namespace accel
