//===- sim_throughput.cpp - Functional simulator throughput benchmark -----===//
//
// Runs a 3x3 conv, 64 -> 64 channels, 56x56, f32 (the benchmark
// layer) through the whole simulator (functional execution + timing model)
// and reports GMAC/s on one core. The target is 0.5 GMAC/s.
//
//   accel-sim-throughput [--target=NAME] [--repeat=N]
//
//===----------------------------------------------------------------------===//

#include "accel/Schedule/ConvSchedule.h"
#include "accel/ISA/Program.h"
#include "accel/Sim/Simulator.h"
#include "accel/Target/Tiler.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cstring>
#include <random>

using namespace accel;
using namespace llvm;

static cl::opt<std::string> targetName("target", cl::init("nvdla-large"),
                                       cl::desc("Target preset"));
static cl::opt<unsigned> repeat("repeat", cl::init(3),
                                cl::desc("Runs (the best is reported)"));

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv, "accel simulator throughput\n");
  auto fail = [](const Twine &message) {
    WithColor::error(errs(), "accel-sim-throughput") << message << "\n";
    return 1;
  };
  Expected<TargetDesc> target = resolveTarget(targetName);
  if (!target)
    return fail(toString(target.takeError()));

  ConvShape shape;
  shape.inH = shape.inW = 56;
  shape.inC = shape.outC = 64;
  shape.kernelH = shape.kernelW = 3;
  shape.padTop = shape.padBottom = shape.padLeft = shape.padRight = 1;
  Expected<TiledConv> tiled = chooseTiling(shape, *target);
  if (!tiled)
    return fail(toString(tiled.takeError()));

  std::mt19937 rng(0);
  auto randomBytes = [&](size_t floats) {
    std::vector<float> values(floats);
    for (float &value : values)
      value = std::uniform_real_distribution<float>(-1, 1)(rng);
    std::vector<uint8_t> bytes(floats * 4);
    std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
  };
  isa::ProgramBuilder builder(*target);
  uint16_t layer = builder.addLayer("conv3x3");
  schedule::ConvOperands operands;
  operands.weights = builder.addConstant("w", isa::DType::F32, {64, 3, 3, 64},
                                         randomBytes(64 * 9 * 64));
  operands.bias =
      builder.addConstant("b", isa::DType::F32, {64}, randomBytes(64));
  operands.input = schedule::DramView::dense(
      builder.addTensor("x", isa::TensorRole::Input, isa::DType::F32,
                        {1, 56, 56, 64}),
      56, 56, 64, 4);
  operands.output = schedule::DramView::dense(
      builder.addTensor("y", isa::TensorRole::Output, isa::DType::F32,
                        {1, 56, 56, 64}),
      56, 56, 64, 4);
  isa::VectorSink sink(builder.instructions());
  if (Error error = schedule::generateConvSchedule(shape, schedule::ConvEpilogue{},
                                              tiled->tiling, operands, *target,
                                              layer, sink))
    return fail(toString(std::move(error)));
  Expected<isa::Program> program = builder.finish();
  if (!program)
    return fail(toString(program.takeError()));
  sim::NpyArray input{isa::DType::F32, {1, 56, 56, 64},
                      randomBytes(56 * 56 * 64)};

  double best = 1e30;
  int64_t macs = 0;
  for (unsigned run = 0; run < repeat; ++run) {
    Expected<sim::Simulator> simulator = sim::Simulator::create(*program);
    if (!simulator)
      return fail(toString(simulator.takeError()));
    if (Error error = simulator->setInput("x", input))
      return fail(toString(std::move(error)));
    auto start = std::chrono::steady_clock::now();
    Expected<sim::SimReport> report = simulator->run();
    double seconds = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - start)
                         .count();
    if (!report)
      return fail(toString(report.takeError()));
    macs = report->macs;
    best = std::min(best, seconds);
  }
  const TilingChoice &t = tiled->tiling;
  outs() << "conv 3x3 64->64 56x56 f32 on " << target->name << " (tile "
         << t.tileH << "x" << t.tileW << " k" << t.tileK << " c" << t.tileC
         << ", " << program->instructions.size() << " instructions)\n";
  outs() << format("%lld MACs in %.3f s: %.2f GMAC/s (target >= 0.5)\n",
                   (long long)macs, best, double(macs) / best * 1e-9);
  return 0;
}
