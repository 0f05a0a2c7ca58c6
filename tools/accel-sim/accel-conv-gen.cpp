//===- accel-conv-gen.cpp - Build a single-conv accel program -------------===//
//
// Generates the program of one convolution with seeded random weights,
// tiled by the cost model, so the simulator and the program file can be
// tested end to end without the MLIR front end. The weights (OHWI) and
// bias are also written as .npy so an independent reference (PyTorch,
// numpy) can recompute the output.
//
//===----------------------------------------------------------------------===//

#include "accel/Schedule/ConvSchedule.h"
#include "accel/ISA/Program.h"
#include "accel/Sim/Npy.h"
#include "accel/Support/OutputFile.h"
#include "accel/Target/CostModel.h"
#include "accel/Target/Tiler.h"
#include "accel/Support/ToolMain.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <random>

using namespace accel;
using namespace llvm;

namespace {

cl::OptionCategory genCategory("accel-conv-gen options");
cl::opt<std::string> targetName("target", cl::desc("Preset name or JSON file"),
                                cl::init("nvdla-small"), cl::cat(genCategory));
cl::opt<std::string> inputShape("input-shape", cl::desc("NxHxWxC"),
                                cl::init("1x8x8x8"), cl::cat(genCategory));
cl::opt<int64_t> outChannels("out-channels", cl::init(8),
                             cl::desc("Output channels"), cl::cat(genCategory));
cl::opt<std::string> kernel("kernel", cl::init("3x3"), cl::desc("KHxKW"),
                            cl::cat(genCategory));
cl::opt<std::string> stride("stride", cl::init("1x1"), cl::desc("SHxSW"),
                            cl::cat(genCategory));
cl::opt<std::string> dilation("dilation", cl::init("1x1"), cl::desc("DHxDW"),
                              cl::cat(genCategory));
cl::opt<std::string> pad("pad", cl::init("0,0,0,0"),
                         cl::desc("top,bottom,left,right"),
                         cl::cat(genCategory));
cl::opt<int64_t> groups("groups", cl::init(1), cl::desc("Conv groups"),
                        cl::cat(genCategory));
cl::opt<std::string> dtype("dtype", cl::init("f32"), cl::desc("f32 or i8"),
                           cl::cat(genCategory));
cl::opt<bool> withBias("bias", cl::init(true), cl::desc("Add a bias"),
                       cl::cat(genCategory));
cl::opt<std::string> activation("act", cl::init("none"),
                                cl::desc("none|relu|clamp|leaky_relu|tanh|"
                                         "sigmoid"),
                                cl::cat(genCategory));
cl::opt<int> inputZp("input-zp", cl::init(0), cl::cat(genCategory));
cl::opt<int> weightZp("weight-zp", cl::init(0), cl::cat(genCategory));
cl::opt<int> outputZp("output-zp", cl::init(0), cl::cat(genCategory));
cl::opt<int> multiplier("multiplier", cl::init(1 << 30), cl::cat(genCategory));
cl::opt<int> shift("shift", cl::init(38), cl::cat(genCategory));
cl::opt<unsigned> seed("seed", cl::init(1), cl::cat(genCategory));
cl::opt<std::string> outputPath("o", cl::Required, cl::desc("Program file"),
                                cl::value_desc("PATH"), cl::cat(genCategory));
cl::opt<std::string> weightsNpy("weights-npy", cl::desc("Write weights here"),
                                cl::cat(genCategory));
cl::opt<std::string> biasNpy("bias-npy", cl::desc("Write the bias here"),
                             cl::cat(genCategory));
cl::opt<bool> printEstimate("print-estimate",
                            cl::desc("Print the tiling and the cost model's "
                                     "cycle estimate"),
                            cl::cat(genCategory));

int fail(const Twine &message) {
  WithColor::error(errs(), "accel-conv-gen") << message << "\n";
  return 1;
}

bool parseList(StringRef text, char separator, size_t count,
               SmallVectorImpl<int64_t> &out) {
  SmallVector<StringRef, 4> parts;
  text.split(parts, separator);
  if (parts.size() != count)
    return false;
  for (StringRef part : parts) {
    int64_t value;
    if (part.getAsInteger(10, value))
      return false;
    out.push_back(value);
  }
  return true;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  accel::registerVersionPrinter("accel-conv-gen");
  cl::HideUnrelatedOptions(genCategory);
  cl::ParseCommandLineOptions(argc, argv,
                              "Builds a one-conv accel program with seeded "
                              "random weights (for testing accel-sim)\n");
  Expected<TargetDesc> target = resolveTarget(targetName);
  if (!target)
    return fail(toString(target.takeError()));
  SmallVector<int64_t, 4> in, k, s, d, p;
  if (!parseList(inputShape, 'x', 4, in))
    return fail("--input-shape: expected NxHxWxC, got '" + inputShape + "'");
  if (!parseList(kernel, 'x', 2, k))
    return fail("--kernel: expected KHxKW, got '" + kernel + "'");
  if (!parseList(stride, 'x', 2, s))
    return fail("--stride: expected SHxSW, got '" + stride + "'");
  if (!parseList(dilation, 'x', 2, d))
    return fail("--dilation: expected DHxDW, got '" + dilation + "'");
  if (!parseList(pad, ',', 4, p))
    return fail("--pad: expected top,bottom,left,right, got '" + pad + "'");
  // Every extent must be positive: the tiler divides by channel counts, and
  // an empty tensor has nothing to compute.
  for (auto [name, values] :
       {std::pair<const char *, ArrayRef<int64_t>>{"--input-shape", in},
        {"--kernel", k},
        {"--stride", s},
        {"--dilation", d}})
    for (int64_t value : values)
      if (value < 1)
        return fail(Twine(name) + ": every value must be at least 1, got " +
                    Twine(value));
  if (outChannels < 1)
    return fail("--out-channels must be at least 1, got " + Twine(outChannels));
  std::optional<isa::Activation> act = isa::parseActivationName(activation);
  if (!act)
    return fail("unknown activation '" + activation + "'");
  if (dtype != "f32" && dtype != "i8")
    return fail("--dtype must be f32 or i8, got '" + dtype + "'");
  for (auto [name, value] :
       {std::pair<const char *, int>{"--input-zp", inputZp},
        {"--weight-zp", weightZp},
        {"--output-zp", outputZp}})
    if (value < -128 || value > 127)
      return fail(Twine(name) + " must be in [-128, 127], got " + Twine(value));
  if (shift < 0 || shift > 63)
    return fail("--shift must be in [0, 63], got " + Twine(shift));

  ConvShape shape;
  shape.batch = in[0];
  shape.inH = in[1];
  shape.inW = in[2];
  shape.inC = in[3];
  shape.outC = outChannels;
  shape.kernelH = k[0];
  shape.kernelW = k[1];
  shape.strideH = s[0];
  shape.strideW = s[1];
  shape.dilationH = d[0];
  shape.dilationW = d[1];
  shape.padTop = p[0];
  shape.padBottom = p[1];
  shape.padLeft = p[2];
  shape.padRight = p[3];
  shape.groups = groups;
  shape.element = dtype == "f32" ? ElementKind::F32 : ElementKind::I8;
  if (shape.groups < 1 || shape.inC % shape.groups || shape.outC % shape.groups)
    return fail("--groups " + Twine(shape.groups) +
                " must be positive and divide the input channels (" +
                Twine(shape.inC) + ") and --out-channels (" +
                Twine(shape.outC) + ")");
  if (shape.outH() < 1 || shape.outW() < 1)
    return fail("the output would be " + Twine(shape.outH()) + "x" +
                Twine(shape.outW()) +
                ": the dilated kernel does not fit the padded input");

  Expected<TiledConv> tiled =
      chooseTiling(shape, *target, EpilogueTiming{withBias});
  if (!tiled)
    return fail(toString(tiled.takeError()));

  isa::DType elem = shape.element == ElementKind::F32 ? isa::DType::F32
                                                      : isa::DType::I8;
  int64_t bytes = elementBytes(shape.element);
  std::mt19937 rng(seed);
  auto randomBytes = [&](int64_t count, bool isBias) {
    std::vector<uint8_t> data(count * (isBias ? 4 : bytes));
    for (int64_t i = 0; i < count; ++i) {
      if (shape.element == ElementKind::F32) {
        float value = std::uniform_real_distribution<float>(-1, 1)(rng);
        std::memcpy(&data[i * 4], &value, 4);
      } else if (isBias) {
        int32_t value = std::uniform_int_distribution<int32_t>(-2000, 2000)(rng);
        std::memcpy(&data[i * 4], &value, 4);
      } else {
        data[i] = uint8_t(std::uniform_int_distribution<int>(-128, 127)(rng));
      }
    }
    return data;
  };

  isa::ProgramBuilder builder(*target);
  uint16_t layer = builder.addLayer("conv");
  std::vector<int64_t> weightShape = {shape.outC, shape.kernelH, shape.kernelW,
                                      shape.inC / shape.groups};
  std::vector<uint8_t> weightData = randomBytes(
      shape.outC * shape.kernelH * shape.kernelW * (shape.inC / shape.groups),
      false);
  schedule::ConvOperands operands;
  operands.weights =
      builder.addConstant("weights", elem, weightShape, weightData);
  std::vector<uint8_t> biasData;
  isa::DType biasType =
      shape.element == ElementKind::F32 ? isa::DType::F32 : isa::DType::I32;
  if (withBias) {
    biasData = randomBytes(shape.outC, true);
    operands.bias = builder.addConstant("bias", biasType, {shape.outC}, biasData);
  }
  uint64_t inputAddr = builder.addTensor(
      "input", isa::TensorRole::Input, elem,
      {shape.batch, shape.inH, shape.inW, shape.inC});
  uint64_t outputAddr = builder.addTensor(
      "output", isa::TensorRole::Output, elem,
      {shape.batch, shape.outH(), shape.outW(), shape.outC});
  operands.input =
      schedule::DramView::dense(inputAddr, shape.inH, shape.inW, shape.inC, bytes);
  operands.output = schedule::DramView::dense(outputAddr, shape.outH(),
                                         shape.outW(), shape.outC, bytes);
  schedule::ConvEpilogue epilogue;
  epilogue.activation = *act;
  epilogue.clampLo = shape.element == ElementKind::F32 ? 0.0f : -100.0f;
  epilogue.clampHi = shape.element == ElementKind::F32 ? 6.0f : 100.0f;
  epilogue.alpha = 0.125f;
  epilogue.inputZp = inputZp;
  epilogue.weightZp = weightZp;
  epilogue.outputZp = outputZp;
  epilogue.multiplier = multiplier;
  epilogue.shift = shift;
  isa::VectorSink sink(builder.instructions());
  if (Error error = schedule::generateConvSchedule(shape, epilogue, tiled->tiling,
                                              operands, *target, layer, sink))
    return fail(toString(std::move(error)));
  Expected<isa::Program> program = builder.finish();
  if (!program)
    return fail(toString(program.takeError()));
  Expected<std::vector<uint8_t>> binary = isa::writeProgramBinary(*program);
  if (!binary)
    return fail(toString(binary.takeError()));
  // The program and the .npy files are committed together: a bad path for
  // one of them leaves none behind.
  std::vector<std::pair<std::string, std::vector<uint8_t>>> files;
  files.push_back({outputPath, std::move(*binary)});
  if (!weightsNpy.empty())
    files.push_back(
        {weightsNpy, sim::serializeNpy({elem, weightShape, weightData})});
  if (!biasNpy.empty() && withBias)
    files.push_back(
        {biasNpy, sim::serializeNpy({biasType, {shape.outC}, biasData})});
  if (Error error = accel::writeFilesAtomically(files))
    return fail(toString(std::move(error)));
  if (printEstimate) {
    const TilingChoice &t = tiled->tiling;
    outs() << "tiling: " << t.tileH << "x" << t.tileW << " k=" << t.tileK
           << " c=" << t.tileC << " " << schedule::loopOrderName(t.order);
    if (t.kernelRows)
      outs() << " kernel_rows=" << t.kernelRows;
    outs() << "\n";
    outs() << "estimate cycles: " << tiled->cost.cycles << "\n";
    outs() << "estimate dram_bytes: " << tiled->cost.dramBytes << "\n";
  }
  return 0;
}
