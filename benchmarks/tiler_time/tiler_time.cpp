//===- tiler_time.cpp - Tiler time per layer (benchmark) ------------------===//
//
// Times accel::chooseTiling on representative conv layers of the benchmark
// networks (DCGAN and FST split phases, FST's 9x9 output conv, a wide 3x3
// layer, and an extreme 512->512 layer) on every preset and reports the time
// per layer against the target of <= 50 ms. A benchmark, not a test:
// wall-clock numbers on a shared machine are only meaningful side by side.
//
//   accel-tiler-time [--repeat=N]
//
//===----------------------------------------------------------------------===//

#include "accel/Target/Tiler.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

using namespace accel;
using namespace llvm;

static cl::opt<unsigned> repeat("repeat", cl::init(3),
                                cl::desc("Runs per layer (the best counts)"));

namespace {
struct Layer {
  std::string name;
  ConvShape shape;
};

ConvShape conv(int64_t size, int64_t inC, int64_t outC, int64_t kernel,
               int64_t pad) {
  ConvShape shape;
  shape.inH = shape.inW = size;
  shape.inC = inC;
  shape.outC = outC;
  shape.kernelH = shape.kernelW = kernel;
  shape.padTop = shape.padBottom = shape.padLeft = shape.padRight = pad;
  return shape;
}

std::vector<Layer> layers() {
  return {
      {"dcgan k5s2 phase 3x3 8x8 256->128", conv(8, 256, 128, 3, 1)},
      {"dcgan k5s2 phase 3x3 32x32 64->3", conv(32, 64, 3, 3, 1)},
      {"fst k3s2 phase 2x2 64x64 128->64", conv(64, 128, 64, 2, 0)},
      {"fst 9x9 256x256 32->3", conv(256, 32, 3, 9, 4)},
      {"3x3 64x64 256->256", conv(64, 256, 256, 3, 1)},
      {"3x3 128x128 512->512", conv(128, 512, 512, 3, 1)},
  };
}
} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv, "accel tiler time per layer\n");
  double worst = 0;
  outs() << format("%-36s %-14s %10s %14s\n", "layer", "target", "ms",
                   "cycles");
  for (const Layer &layer : layers()) {
    for (StringRef name : presetNames()) {
      TargetDesc target = *lookupPreset(name);
      double best = 1e30;
      int64_t cycles = 0;
      for (unsigned run = 0; run < std::max(1u, unsigned(repeat)); ++run) {
        auto start = std::chrono::steady_clock::now();
        Expected<TiledConv> tiled = chooseTiling(layer.shape, target);
        double ms = std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start)
                        .count();
        if (!tiled) {
          WithColor::error(errs(), "accel-tiler-time")
              << layer.name << " on " << name << ": "
              << toString(tiled.takeError()) << "\n";
          return 1;
        }
        cycles = tiled->cost.cycles;
        best = std::min(best, ms);
      }
      worst = std::max(worst, best);
      outs() << format("%-36s %-14s %10.2f %14lld\n", layer.name.c_str(),
                       name.str().c_str(), best, (long long)cycles);
    }
  }
  outs() << format("worst: %.2f ms per layer (target <= 50 ms)\n", worst);
  return 0;
}
