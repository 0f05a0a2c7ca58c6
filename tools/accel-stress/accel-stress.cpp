//===- accel-stress.cpp - Random sweep of transposed convs through accel --===//
//
// accel-stress --count N --seed S [--targets a,b] [--strategies ...]
//              [--simulate] [--case I] [--dump] [--print-failures]
//
// Generates N random `tosa.transpose_conv2d` layers, biased towards the
// extremes that break decompositions (stride up to 16, kernel 1-16, a
// 1-pixel input axis, out_pad at both ends of its legal range, kernel
// smaller than stride, thousands of channels on a 1x1 input, int8 with
// zero points at the ends of their range, a few illegal shapes), and runs
// each, in process, through
//
//   1. accel-split-transpose-conv (TOSA -> TOSA), every strategy;
//   2. the accel-compile pipeline (buildAccelCompilePipeline: set-target,
//      convert-tosa-to-accel, tile, plan-memory — what compileToAccel runs)
//      for every transposed-conv strategy on one of the targets;
//   3. the emitter (emitModule), the program verifier and the binary
//      writer/reader, and with --simulate a bounded run of the program.
//
// The IR is verified after every pass that succeeds (the pass managers'
// own verifier is off so a pass that breaks the IR is told apart from a
// pass that rejects its input). A case FAILS when a pass leaves invalid
// IR, something is rejected without an error diagnostic, the split pass
// leaves a transposed conv behind, an emitted program does not verify or
// round-trip, or its simulation fails. A crash is a failure by itself.
// The summary counts accepted and rejected runs with a histogram of the
// rejection reasons (first error, numbers and names normalised).
//
// Case I is generated from (seed, I) alone: `--case I --dump` prints its
// module, a reproducer for `accel-opt`.
//
// --extremes runs a fixed list instead: strides up to 10^5 and 2^31, splat
// weights of billions of elements, 65536x65536 inputs, kernels beyond every
// limit, int8 with bias-only phases. It runs under an address-space limit
// (--memory-limit-mb, setrlimit(RLIMIT_AS): an allocation beyond it aborts
// the tool) and a time limit per run (--max-seconds); each compile run must
// end in exactly ONE error located at the tosa.transpose_conv2d, or be
// accepted and emit a program that verifies. The split pass (TOSA -> TOSA)
// may decline an op it cannot plan, but must finish within the limits.
//
//===----------------------------------------------------------------------===//

#include "accel/Dialect/Accel/Transforms/Passes.h"
#include "accel/Emit/Emitter.h"
#include "accel/ISA/Program.h"
#include "accel/InitAll.h"
#include "accel/Pipelines/Pipelines.h"
#include "accel/Sim/Simulator.h"
#include "accel/Transforms/Passes.h"
#include "accel/Support/Progress.h"
#include "accel/Support/ToolMain.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <string>

#include <sys/resource.h>

using namespace mlir;
using llvm::StringRef;

namespace {

llvm::cl::OptionCategory stressCategory("accel-stress options");
llvm::cl::opt<uint64_t> count("count", llvm::cl::init(100),
                              llvm::cl::desc("Number of random layers"),
                              llvm::cl::cat(stressCategory));
llvm::cl::opt<uint64_t> seed("seed", llvm::cl::init(1),
                             llvm::cl::desc("Seed of the sweep"),
                             llvm::cl::cat(stressCategory));
llvm::cl::list<std::string> targets(
    "targets", llvm::cl::CommaSeparated,
    llvm::cl::desc("Targets (preset names or .json paths); each layer is "
                   "compiled for one of them, round robin (default: every "
                   "preset)"),
    llvm::cl::cat(stressCategory));
llvm::cl::list<std::string> strategies(
    "strategies", llvm::cl::CommaSeparated,
    llvm::cl::desc("Strategies for the compile pipeline: split, stacked, "
                   "zero-insert, auto (default: all four)"),
    llvm::cl::cat(stressCategory));
llvm::cl::opt<bool> simulate(
    "simulate",
    llvm::cl::desc("Also run every emitted program on zero inputs (bounded)"),
    llvm::cl::cat(stressCategory));
llvm::cl::opt<int64_t> onlyCase("case", llvm::cl::init(-1),
                                llvm::cl::desc("Run only case I of the sweep"),
                                llvm::cl::cat(stressCategory));
llvm::cl::opt<bool> dump("dump",
                         llvm::cl::desc("Print each case's module and config"),
                         llvm::cl::cat(stressCategory));
llvm::cl::opt<bool> printFailures(
    "print-failures", llvm::cl::init(true),
    llvm::cl::desc("Print each failure with its config and diagnostics"),
    llvm::cl::cat(stressCategory));

llvm::cl::opt<std::string> showRejections(
    "show-rejections", llvm::cl::value_desc("SUBSTRING"),
    llvm::cl::desc("Print the case and config of every rejection whose "
                   "reason contains SUBSTRING (\"\" = none)"),
    llvm::cl::cat(stressCategory));

llvm::cl::opt<bool> extremes(
    "extremes",
    llvm::cl::desc("Run the fixed extreme cases (huge strides, giant splat "
                   "weights, huge spatial sizes) under --memory-limit-mb and "
                   "--max-seconds instead of the random sweep"),
    llvm::cl::cat(stressCategory));
llvm::cl::opt<uint64_t> memoryLimitMB(
    "memory-limit-mb", llvm::cl::init(2048),
    llvm::cl::desc("With --extremes: the address-space limit in MiB "
                   "(RLIMIT_AS; 0 = none)"),
    llvm::cl::cat(stressCategory));
llvm::cl::opt<double> maxSeconds(
    "max-seconds", llvm::cl::init(10),
    llvm::cl::desc("With --extremes: the most one run may take"),
    llvm::cl::cat(stressCategory));

int fail(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs(), "accel-stress") << message << "\n";
  return 1;
}

//===----------------------------------------------------------------------===//
// Random configurations
//===----------------------------------------------------------------------===//

struct Axis {
  int64_t in = 1, kernel = 1, stride = 1, padBegin = 0, padEnd = 0;
  int64_t out() const { return (in - 1) * stride + padBegin + padEnd + kernel; }
};

struct Config {
  std::string family;
  int64_t batch = 1, inC = 1, outC = 1;
  Axis h, w;
  bool int8 = false;
  int64_t inputZp = 0, weightZp = 0;
  bool constWeights = true;
  bool relu = false;
  bool illegal = false; ///< deliberately broken (expects a rejection)

  std::string describe() const {
    return llvm::formatv(
        "{0}: N={1} C_in={2} C_out={3} H: I={4} K={5} S={6} pad=({7},{8}) "
        "W: I={9} K={10} S={11} pad=({12},{13}) {14}{15}{16}{17}",
        family, batch, inC, outC, h.in, h.kernel, h.stride, h.padBegin,
        h.padEnd, w.in, w.kernel, w.stride, w.padBegin, w.padEnd,
        int8 ? llvm::formatv("i8 zp=({0},{1})", inputZp, weightZp).str()
             : std::string("f32"),
        constWeights ? "" : " weights-as-argument", relu ? " +relu" : "",
        illegal ? " ILLEGAL" : "");
  }
};

class Generator {
public:
  explicit Generator(uint64_t caseSeed) : rng(caseSeed) {}

  int64_t uniform(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng); }
  template <typename T> T pick(std::initializer_list<T> values) {
    return *(values.begin() + uniform(0, int64_t(values.size()) - 1));
  }

  /// Kernel and stride drawn from the whole 1..16 range, half the time
  /// from the small values real networks use.
  void kernelStride(Axis &axis) {
    axis.kernel = chance(0.5) ? uniform(1, 16) : pick<int64_t>({1, 2, 3, 4, 5});
    axis.stride = chance(0.5) ? uniform(1, 16) : pick<int64_t>({1, 2, 3, 4});
  }

  /// out_pad: each side >= 1 - K (TOSA); often at the lower end, at a
  /// generous upper end, or at the PyTorch-equivalent values.
  void padding(Axis &axis) {
    int64_t lo = 1 - axis.kernel;
    int64_t hi = axis.kernel - 1 + axis.stride;
    auto one = [&]() -> int64_t {
      switch (uniform(0, 4)) {
      case 0:
        return lo;
      case 1:
        return hi;
      case 2:
        return 0;
      default:
        return uniform(lo, hi);
      }
    };
    axis.padBegin = one();
    axis.padEnd = one();
    // Keep the output non-empty by raising the end padding.
    while (axis.out() < 1)
      ++axis.padEnd;
  }

  Config next() {
    Config config;
    int family = int(uniform(0, 99));
    config.inC =
        chance(0.5) ? uniform(1, 16) : pick<int64_t>({1, 3, 8, 16, 32});
    config.outC =
        chance(0.5) ? uniform(1, 16) : pick<int64_t>({1, 3, 8, 16, 32});
    for (Axis *axis : {&config.h, &config.w}) {
      axis->in = uniform(1, 10);
      kernelStride(*axis);
    }
    if (family < 35) {
      config.family = "random";
    } else if (family < 50) {
      config.family = "one-pixel-axis";
      (chance(0.5) ? config.h : config.w).in = 1;
      if (chance(0.5))
        config.h.in = config.w.in = 1;
    } else if (family < 65) {
      config.family = "kernel-below-stride";
      for (Axis *axis : {&config.h, &config.w}) {
        axis->stride = uniform(2, 16);
        axis->kernel = uniform(1, axis->stride - 1);
      }
    } else if (family < 75) {
      config.family = "wide-channels";
      config.h.in = uniform(1, 2);
      config.w.in = uniform(1, 2);
      config.inC = pick<int64_t>({256, 512, 1000, 1024, 2048});
      config.outC = pick<int64_t>({1, 7, 64, 256, 512});
      for (Axis *axis : {&config.h, &config.w}) {
        axis->kernel = uniform(1, 3);
        axis->stride = uniform(1, 4);
      }
    } else if (family < 85) {
      config.family = "max-stride";
      for (Axis *axis : {&config.h, &config.w}) {
        axis->stride = pick<int64_t>({15, 16});
        axis->kernel = pick<int64_t>({1, 2, 15, 16});
        axis->in = uniform(1, 4);
      }
    } else if (family < 97) {
      config.family = "batch-and-asymmetric";
      config.batch = uniform(1, 3);
      config.h.kernel = uniform(1, 16);
      config.w.kernel = 1;
      config.h.stride = 1;
      config.w.stride = uniform(1, 16);
    } else {
      config.family = "illegal";
      config.illegal = true;
    }
    for (Axis *axis : {&config.h, &config.w})
      padding(*axis);
    if (config.illegal) {
      // One side below TOSA's lower bound, 1 - K.
      Axis &axis = chance(0.5) ? config.h : config.w;
      axis.padBegin = -axis.kernel - uniform(0, 2);
      while (axis.out() < 1)
        ++axis.padEnd;
    }
    config.int8 = chance(0.3);
    if (config.int8) {
      config.inputZp = pick<int64_t>({-128, -1, 0, 5, 127});
      config.weightZp = pick<int64_t>({-128, 0, 3, 127});
    }
    config.constWeights = !chance(0.05);
    config.relu = !config.int8 && chance(0.3);
    return config;
  }

  std::mt19937_64 rng;
};

/// The extremes (--extremes): each a layer whose shapes alone must be
/// rejected (or compiled) cheaply. Weights beyond 4096 elements are splats
/// (a tiny module text for billions of elements).
std::vector<Config> extremeConfigs() {
  auto make = [](const char *family, int64_t in, int64_t kernel,
                 int64_t stride, int64_t inC, int64_t outC) {
    Config config;
    config.family = family;
    config.inC = inC;
    config.outC = outC;
    config.h = config.w = Axis{in, kernel, stride, 0, 0};
    return config;
  };
  std::vector<Config> configs = {
      make("splat-giant-weights", 4, 7, 2, 65536, 1024),
      make("stride-100000", 2, 3, 100000, 1, 1),
      make("stride-1000", 2, 3, 1000, 1, 1),
      make("stride-300", 2, 3, 300, 1, 1),
      make("stride-256", 2, 3, 256, 1, 1),
      make("stride-2^31", 1, 3, int64_t(1) << 31, 1, 1),
      make("huge-spatial-wide", 65536, 3, 2, 1024, 1),
      make("huge-spatial", 65536, 3, 2, 1, 1),
      make("huge-kernel", 2, 4096, 1, 1, 1),
      make("huge-kernel-span", 1, (int64_t(1) << 24) + 1, 1, 1, 1),
      make("wide-channels-stride-16", 1, 16, 16, 16384, 16384),
  };
  Config oneAxis = make("one-axis-stride-65536", 4, 3, 1, 1, 1);
  oneAxis.h = Axis{1, 3, 65536, 0, 0};
  configs.push_back(oneAxis);
  Config int8 = make("int8-kernel-below-stride", 2, 1, 4, 1, 1);
  int8.int8 = true;
  configs.push_back(int8);
  return configs;
}

/// Little-endian hex of `count` random elements (DenseElementsAttr's
/// "0x..." form; a single element is a splat).
std::string hexData(Generator &gen, int64_t count, bool int8, bool splat) {
  static const char digits[] = "0123456789ABCDEF";
  int64_t n = splat ? 1 : count;
  std::string text = "\"0x";
  text.reserve(n * 8 + 4);
  for (int64_t i = 0; i < n; ++i) {
    uint8_t bytes[4];
    int width = int8 ? 1 : 4;
    if (int8) {
      bytes[0] = uint8_t(gen.uniform(-128, 127));
    } else {
      float value = float(gen.uniform(-1000, 1000)) / 1000.0f;
      std::memcpy(bytes, &value, 4);
    }
    for (int b = 0; b < width; ++b) {
      text += digits[bytes[b] >> 4];
      text += digits[bytes[b] & 15];
    }
  }
  return text + "\"";
}

std::string buildModule(const Config &config, Generator &gen) {
  std::string elem = config.int8 ? "i8" : "f32";
  std::string biasElem = config.int8 ? "i32" : "f32";
  auto tensor = [](llvm::ArrayRef<int64_t> shape, StringRef element) {
    std::string text = "tensor<";
    for (int64_t dim : shape)
      text += std::to_string(dim) + "x";
    return text + element.str() + ">";
  };
  std::string inType =
      tensor({config.batch, config.h.in, config.w.in, config.inC}, elem);
  std::string wType =
      tensor({config.outC, config.h.kernel, config.w.kernel, config.inC}, elem);
  std::string bType = tensor({config.outC}, biasElem);
  std::string zpType = tensor({1}, elem);
  std::string outType = tensor(
      {config.batch, config.h.out(), config.w.out(), config.outC}, biasElem);
  int64_t weightCount =
      config.outC * config.h.kernel * config.w.kernel * config.inC;

  std::string text;
  llvm::raw_string_ostream os(text);
  os << "func.func @stress(%x: " << inType;
  if (!config.constWeights)
    os << ", %w: " << wType;
  os << ") -> " << outType << " {\n";
  if (config.constWeights)
    os << "  %w = \"tosa.const\"() <{values = dense<"
       << hexData(gen, weightCount, config.int8, weightCount > 4096)
       << "> : " << wType << "}> : () -> " << wType << "\n";
  os << "  %b = \"tosa.const\"() <{values = dense<"
     << (config.int8 ? std::to_string(gen.uniform(-5000, 5000))
                     : hexData(gen, config.outC, false, false))
     << "> : " << bType << "}> : () -> " << bType << "\n";
  os << "  %xzp = \"tosa.const\"() <{values = dense<"
     << (config.int8 ? std::to_string(config.inputZp) : "0.0")
     << "> : " << zpType << "}> : () -> " << zpType << "\n";
  os << "  %wzp = \"tosa.const\"() <{values = dense<"
     << (config.int8 ? std::to_string(config.weightZp) : "0.0")
     << "> : " << zpType << "}> : () -> " << zpType << "\n";
  os << "  %y = tosa.transpose_conv2d %x, %w, %b, %xzp, %wzp {acc_type = "
     << biasElem << ", out_pad = array<i64: " << config.h.padBegin << ", "
     << config.h.padEnd << ", " << config.w.padBegin << ", " << config.w.padEnd
     << ">, stride = array<i64: " << config.h.stride << ", " << config.w.stride
     << ">} : (" << inType << ", " << wType << ", " << bType << ", " << zpType
     << ", " << zpType << ") -> " << outType << "\n";
  if (config.relu) {
    os << "  %r = tosa.clamp %y {min_val = 0.0 : f32, max_val = "
          "3.40282347E+38 : f32} : ("
       << outType << ") -> " << outType << "\n";
    os << "  return %r : " << outType << "\n";
  } else {
    os << "  return %y : " << outType << "\n";
  }
  os << "}\n";
  return os.str();
}

//===----------------------------------------------------------------------===//
// Running one case
//===----------------------------------------------------------------------===//

/// Collects error diagnostics; everything else is dropped.
struct DiagnosticLog {
  std::vector<std::string> errors;   ///< "location: message"
  std::vector<std::string> messages; ///< the messages alone
  void clear() {
    errors.clear();
    messages.clear();
  }
  std::string joined() const {
    std::string text;
    for (const std::string &error : errors)
      text += "    error: " + error + "\n";
    return text;
  }
};

/// Verifies the IR after every successful pass; a failure is recorded,
/// which marks the run as a broken pass rather than a rejection.
struct VerifyAfterEachPass : public PassInstrumentation {
  explicit VerifyAfterEachPass(std::string *broken) : broken(broken) {}
  void runAfterPass(Pass *pass, Operation *op) override {
    if (broken->empty() && failed(mlir::verify(op)))
      *broken = ("IR invalid after " + pass->getArgument()).str();
  }
  std::string *broken;
};

/// A rejection reason without its numbers, quoted names or file locations,
/// so that the histogram groups by message.
std::string normalise(StringRef message) {
  std::string text;
  StringRef line = message.split('\n').first;
  for (size_t i = 0; i < line.size();) {
    // A number not glued to a name (conv2d, i8 and 'phase (1, 0)' keep
    // their meaning; sizes and indices become N).
    bool startsNumber =
        isdigit(line[i]) &&
        (i == 0 || !(isalnum(line[i - 1]) || line[i - 1] == '_'));
    if (!startsNumber) {
      text += line[i++];
      continue;
    }
    while (i < line.size() && isdigit(line[i]))
      ++i;
    text += 'N';
  }
  if (text.size() > 160)
    text = text.substr(0, 160) + "...";
  return text;
}

struct Summary {
  uint64_t cases = 0, runs = 0, accepted = 0, rejected = 0, failures = 0;
  uint64_t splitRuns = 0, splitAccepted = 0;
  uint64_t simulated = 0;
  uint64_t multiErrorRejections = 0;
  uint64_t declined = 0; ///< --extremes: split pass left the op
  std::map<std::string, uint64_t> reasons;
};

/// `"file":line:col` of a location: its file location when it has one (a
/// layer identity wraps it, docs/Backend.md "Layer names"), as diagnostics
/// show it.
static std::string fileLocation(Location loc) {
  if (auto file = loc->findInstanceOf<FileLineColLoc>())
    return llvm::formatv("{0}", Location(file)).str();
  return llvm::formatv("{0}", loc).str();
}

class Runner {
public:
  Runner(MLIRContext &context, Summary &summary)
      : context(context), summary(summary),
        handler(&context, [this](Diagnostic &diag) {
          if (diag.getSeverity() == DiagnosticSeverity::Error) {
            log.errors.push_back(
                fileLocation(diag.getLocation()) + ": " + diag.str());
            log.messages.push_back(diag.str());
          }
          return success();
        }) {}

  void runCase(uint64_t index, const Config &config, StringRef text,
               StringRef target) {
    ++summary.cases;
    current = &config;
    currentIndex = index;
    // Parse once per run: each run mutates its module.
    for (SplitStrategy strategy : {SplitStrategy::Split, SplitStrategy::Stacked,
                                   SplitStrategy::ZeroInsert})
      timed([&] { runSplit(text, strategy); });
    for (TransposeConvStrategy strategy : compileStrategies)
      timed([&] { runCompile(text, target, strategy); });
  }

  std::vector<accel::TransposeConvStrategy> compileStrategies;
  /// --extremes: rejections must be one error at the transposed conv, the
  /// split pass may decline, and every run is timed.
  bool extremeMode = false;

private:
  using SplitStrategy = accel::SplitStrategy;
  using TransposeConvStrategy = accel::TransposeConvStrategy;

  template <typename Fn> void timed(Fn run) {
    auto start = std::chrono::steady_clock::now();
    run();
    double seconds = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - start)
                         .count();
    if (extremeMode && seconds > maxSeconds)
      failure(lastStage, llvm::formatv("took {0:F1} s (limit {1:F1} s)",
                                       seconds, double(maxSeconds))
                             .str());
  }

  /// "file:line:col" of the module's transposed conv ("" when none).
  static std::string convLocation(ModuleOp module) {
    std::string text;
    module->walk([&](Operation *op) {
      if (op->getName().getStringRef() == "tosa.transpose_conv2d")
        text = fileLocation(op->getLoc());
    });
    return text;
  }

  OwningOpRef<ModuleOp> parse(StringRef text, StringRef stage) {
    log.clear();
    lastStage = stage.str();
    // The histogram groups by pass and strategy; the target, when it
    // matters, is named in the message.
    reasonStage = stage.str();
    if (StringRef(reasonStage).starts_with("compile "))
      reasonStage =
          "compile " + StringRef(reasonStage).rsplit(' ').second.str();
    OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, &context);
    if (!module)
      reject(stage, "parse");
    else
      opLocation = convLocation(*module);
    return module;
  }

  void reject(StringRef stage, StringRef step) {
    if (log.errors.empty()) {
      failure(stage, (step + " failed without an error diagnostic").str());
      return;
    }
    if (extremeMode && log.errors.size() != 1)
      return failure(stage, llvm::formatv("{0} errors for one problem (want "
                                          "one, at the transposed conv)",
                                          log.errors.size())
                                .str());
    if (extremeMode && !opLocation.empty() &&
        !StringRef(log.errors[0]).starts_with(opLocation + ": "))
      return failure(stage, "the error is not located at the transposed "
                            "conv (" + opLocation + ")");
    ++summary.runs;
    ++summary.rejected;
    // One problem should be one error; several are counted, not failed.
    if (log.errors.size() > 1)
      ++summary.multiErrorRejections;
    if (!showRejections.empty() &&
        StringRef(log.messages[0]).contains(showRejections))
      llvm::errs() << "REJECTED case " << currentIndex << " [" << stage
                   << "]: " << current->describe() << "\n"
                   << log.joined();
    summary.reasons[(reasonStage + " / " + step + ": " +
                     normalise(log.messages[0]))
                        .str()]++;
  }

  void failure(StringRef stage, const std::string &what) {
    ++summary.runs;
    ++summary.failures;
    if (!printFailures)
      return;
    llvm::errs() << "FAIL case " << currentIndex << " [" << stage
                 << "]: " << what << "\n  " << current->describe() << "\n"
                 << log.joined();
  }

  void runSplit(StringRef text, SplitStrategy strategy) {
    std::string stage = std::string("split-pass ") +
                        (strategy == SplitStrategy::Split     ? "split"
                         : strategy == SplitStrategy::Stacked ? "stacked"
                                                              : "zero-insert");
    ++summary.splitRuns;
    OwningOpRef<ModuleOp> module = parse(text, stage);
    if (!module)
      return;
    std::string broken;
    PassManager pm(&context);
    pm.enableVerifier(false);
    pm.addInstrumentation(std::make_unique<VerifyAfterEachPass>(&broken));
    accel::SplitTransposeConvPassOptions options;
    options.strategy = strategy;
    pm.addNestedPass<func::FuncOp>(
        accel::createSplitTransposeConvPass(options));
    if (failed(pm.run(*module)))
      return reject(stage, "pass");
    if (!broken.empty())
      return failure(stage, broken);
    bool left = false;
    module->walk([&](Operation *op) {
      if (op->getName().getStringRef() == "tosa.transpose_conv2d")
        left = true;
    });
    if (left && extremeMode) {
      ++summary.runs;
      ++summary.declined;
      return;
    }
    if (left)
      return failure(stage, "a static tosa.transpose_conv2d was left behind");
    ++summary.runs;
    ++summary.accepted;
    ++summary.splitAccepted;
  }

  void runCompile(StringRef text, StringRef target,
                  TransposeConvStrategy strategy) {
    std::string stage = ("compile " + target + " " +
                         accel::stringifyTransposeConvStrategy(strategy))
                            .str();
    OwningOpRef<ModuleOp> module = parse(text, stage);
    if (!module)
      return;
    std::string broken;
    PassManager pm(&context);
    pm.enableVerifier(false);
    pm.addInstrumentation(std::make_unique<VerifyAfterEachPass>(&broken));
    accel::AccelCompileOptions options;
    options.target = target.str();
    options.strategy = strategy;
    accel::buildAccelCompilePipeline(pm, options);
    if (failed(pm.run(*module)))
      return reject(stage, "pipeline");
    if (!broken.empty())
      return failure(stage, broken);

    FailureOr<accel::emit::EmittedProgram> emitted =
        accel::emit::emitModule(*module);
    if (failed(emitted))
      return reject(stage, "emit");
    if (llvm::Error error = accel::isa::verifyProgram(emitted->program))
      return failure(stage, "emitted program does not verify: " +
                                llvm::toString(std::move(error)));
    llvm::Expected<std::vector<uint8_t>> bytes =
        accel::isa::writeProgramBinary(emitted->program);
    if (!bytes)
      return failure(stage, "cannot encode the program: " +
                                llvm::toString(bytes.takeError()));
    llvm::Expected<accel::isa::Program> reread =
        accel::isa::readProgramBinary(*bytes);
    if (!reread)
      return failure(stage, "encoded program does not read back: " +
                                llvm::toString(reread.takeError()));
    if (simulate) {
      if (std::string error = runProgram(std::move(*reread)); !error.empty())
        return failure(stage, "simulation: " + error);
      ++summary.simulated;
    }
    ++summary.runs;
    ++summary.accepted;
  }

  /// Runs on zero inputs; an emitted program must never fault. The work
  /// limit keeps a 10^5 sweep bounded; a program over it (refused by
  /// Simulator::create, which sums the work up front) is not a failure.
  std::string runProgram(accel::isa::Program program) {
    accel::sim::SimLimits limits;
    limits.maxWork = uint64_t(1) << 26;
    llvm::Expected<accel::sim::Simulator> simulator =
        accel::sim::Simulator::create(std::move(program), limits);
    if (!simulator) {
      std::string message = llvm::toString(simulator.takeError());
      return StringRef(message).contains("work limit") ? "" : message;
    }
    for (const accel::isa::TensorInfo &tensor : simulator->program().tensors) {
      if (tensor.role != accel::isa::TensorRole::Input)
        continue;
      accel::sim::NpyArray zeros{tensor.dtype, tensor.shape,
                                 std::vector<uint8_t>(tensor.byteSize(), 0)};
      if (llvm::Error error = simulator->setInput(tensor.name, zeros))
        return llvm::toString(std::move(error));
    }
    llvm::Expected<accel::sim::SimReport> report = simulator->run();
    return report ? "" : llvm::toString(report.takeError());
  }

  MLIRContext &context;
  Summary &summary;
  DiagnosticLog log;
  ScopedDiagnosticHandler handler;
  std::string reasonStage, lastStage, opLocation;
  const Config *current = nullptr;
  uint64_t currentIndex = 0;
};

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  accel::registerVersionPrinter("accel-stress");
  llvm::cl::HideUnrelatedOptions(stressCategory);
  llvm::cl::ParseCommandLineOptions(
      argc, argv,
      "accel stress sweep: random tosa.transpose_conv2d layers through the "
      "split pass, the accel-compile pipeline and the emitter; exit code 1 "
      "if any case fails\n");

  std::vector<std::string> targetList(targets.begin(), targets.end());
  if (targetList.empty())
    for (StringRef name : accel::presetNames())
      targetList.push_back(name.str());
  for (const std::string &target : targetList)
    if (llvm::Expected<accel::TargetDesc> desc = accel::resolveTarget(target);
        !desc)
      return fail("--targets: " + llvm::toString(desc.takeError()));

  DialectRegistry registry;
  accel::registerAllDialects(registry);
  Summary summary;
  std::vector<accel::TransposeConvStrategy> compileStrategies;
  std::vector<std::string> names(strategies.begin(), strategies.end());
  if (names.empty())
    names = {"split", "stacked", "zero-insert", "auto"};
  for (const std::string &name : names) {
    std::optional<accel::TransposeConvStrategy> strategy;
    for (auto candidate : {accel::TransposeConvStrategy::Split,
                           accel::TransposeConvStrategy::Stacked,
                           accel::TransposeConvStrategy::ZeroInsert,
                           accel::TransposeConvStrategy::Auto})
      if (accel::stringifyTransposeConvStrategy(candidate) == name)
        strategy = candidate;
    if (!strategy)
      return fail("--strategies: unknown strategy '" + name +
                  "' (expected split, stacked, zero-insert or auto)");
    compileStrategies.push_back(*strategy);
  }
  std::vector<Config> fixedConfigs;
  if (extremes) {
    fixedConfigs = extremeConfigs();
    count = fixedConfigs.size();
    if (memoryLimitMB > 0) {
      // Address space, not RSS: an allocation beyond it fails, and LLVM's
      // allocation failure handler aborts -- a failure of this tool.
      rlim_t bytes = rlim_t(memoryLimitMB) << 20;
      struct rlimit limit = {bytes, bytes};
      if (setrlimit(RLIMIT_AS, &limit) != 0)
        return fail("--memory-limit-mb: setrlimit(RLIMIT_AS) failed: " +
                    llvm::Twine(std::strerror(errno)));
    }
  }
  if (onlyCase >= 0 && uint64_t(onlyCase) >= count)
    return fail("--case " + llvm::Twine(onlyCase) + " is not below --count " +
                llvm::Twine(count));

  auto start = std::chrono::steady_clock::now();
  std::map<std::string, uint64_t> families;
  // A context keeps every constant it ever uniqued: a fresh one per batch
  // keeps a 10^5 sweep's memory flat.
  constexpr uint64_t kCasesPerContext = 100;
  std::unique_ptr<MLIRContext> context;
  std::unique_ptr<Runner> runner;
  accel::ProgressLine progress("accel-stress cases", count);
  for (uint64_t index = 0; index < count; ++index) {
    progress.update(index);
    if (onlyCase >= 0 && index != uint64_t(onlyCase))
      continue;
    if (!context || index % kCasesPerContext == 0) {
      runner.reset();
      context = std::make_unique<MLIRContext>(registry);
      context->loadAllAvailableDialects();
      context->printOpOnDiagnostic(false);
      // Each case builds many small modules; threads only add overhead.
      context->disableMultithreading();
      runner = std::make_unique<Runner>(*context, summary);
      runner->compileStrategies = compileStrategies;
      runner->extremeMode = extremes;
    }
    // Every case has its own generator: reproducible with --case alone.
    Generator gen(seed * 0x9E3779B97F4A7C15ull + index);
    Config config = extremes ? fixedConfigs[index] : gen.next();
    std::string text = buildModule(config, gen);
    StringRef target = targetList[index % targetList.size()];
    if (dump)
      llvm::outs() << "// case " << index << " (target " << target
                   << "): " << config.describe() << "\n"
                   << text;
    families[config.family]++;
    runner->runCase(index, config, text, target);
  }
  progress.clear();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();

  // With --dump, stdout holds only MLIR (a reproducer accel-opt can read).
  llvm::raw_ostream &os = dump ? llvm::errs() : llvm::outs();
  os << llvm::formatv("accel-stress: {0} cases (seed {1}), {2} runs in "
                      "{3:F1} s\n",
                      summary.cases, uint64_t(seed), summary.runs, seconds);
  os << "  families:";
  for (const auto &[family, n] : families)
    os << " " << family << "=" << n;
  os << "\n";
  os << llvm::formatv("  split pass: {0} runs, {1} accepted, {2} rejected\n",
                      summary.splitRuns, summary.splitAccepted,
                      summary.splitRuns - summary.splitAccepted);
  if (extremes)
    os << llvm::formatv("  split pass declined (op left as is): {0}\n",
                        summary.declined);
  os << llvm::formatv("  accepted: {0}\n  rejected: {1} ({2} with more than "
                      "one error)\n",
                      summary.accepted, summary.rejected,
                      summary.multiErrorRejections);
  if (simulate)
    os << llvm::formatv("  simulated: {0}\n", summary.simulated);
  os << "  rejection reasons:\n";
  std::vector<std::pair<std::string, uint64_t>> sorted(summary.reasons.begin(),
                                                       summary.reasons.end());
  std::stable_sort(
      sorted.begin(), sorted.end(),
      [](const auto &a, const auto &b) { return a.second > b.second; });
  for (const auto &[reason, n] : sorted)
    os << llvm::formatv("    {0,7}  {1}\n", n, reason);
  os << llvm::formatv("  failures: {0}\n", summary.failures);
  return summary.failures ? 1 : 0;
}
