//===- accel-sim.cpp - Run an accel program in the simulator --------------===//
//
// accel-sim PROGRAM --input NAME=FILE.npy ... --output NAME=FILE.npy ...
//           [--report=text|json|csv|none] [--report-file=PATH]
//           [--trace=TRACE.json]
//           [--max-memory=BYTES] [--max-work=N]
//           [--disassemble] [--assemble=OUT.accel]
//
// PROGRAM is a binary program (accel-translate --accel-to-bin) or its
// assembly text. Inputs and outputs are .npy files in each tensor's
// interface layout (e.g. NCHW when the compiled function kept the model's
// NCHW interface), transposed to and from the stored layout. Outputs are written through a temporary file renamed into
// place, all of them (and --report-file) only after every one was written,
// so a failed run never leaves a partial .npy behind. Any error is
// reported once and the exit code is 1.
//
//===----------------------------------------------------------------------===//

#include "accel/ISA/Assembly.h"
#include "accel/ISA/Program.h"
#include "accel/Sim/Npy.h"
#include "accel/Support/OutputFile.h"
#include "accel/Sim/Simulator.h"
#include "accel/Support/ToolMain.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace accel;
using namespace llvm;

namespace {

enum class ReportFormat { Text, Json, Csv, None };

cl::OptionCategory simCategory("accel-sim options");

cl::opt<std::string> programPath(cl::Positional, cl::Required,
                                 cl::desc("<program: binary .accel or assembly>"),
                                 cl::cat(simCategory));
cl::list<std::string>
    inputs("input",
           cl::desc("Bind an input tensor of the program to a .npy file "
                    "(NAME=FILE.npy; dtype and shape must match the "
                    "program's DRAM map; for a tensor with an interface "
                    "layout, e.g. an NCHW model's input stored NHWC, the "
                    "shape is the interface shape and the array is stored "
                    "transposed). Once for every input; NAME is a "
                    "tensor name of the program (--disassemble lists them: "
                    ".tensor name=... role=input ... interface=SHAPE "
                    "perm=P; compiled functions name "
                    "their arguments arg0, arg1, ... unless the IR names "
                    "them)."),
           cl::value_desc("NAME=FILE.npy"), cl::cat(simCategory));
cl::list<std::string>
    outputs("output",
            cl::desc("Write a tensor to a .npy file after the run "
                     "(NAME=FILE.npy; in the tensor's interface shape when "
                     "it has one, e.g. NCHW; compiled functions name their "
                     "results result0, result1, ...). Repeatable, one file "
                     "each."),
            cl::value_desc("NAME=FILE.npy"), cl::cat(simCategory));
cl::opt<ReportFormat> reportFormat(
    "report", cl::desc("Timing report printed after the run"),
    cl::values(clEnumValN(ReportFormat::Text, "text",
                          "table of cycles, MAC utilization, DRAM bytes and "
                          "energy, total and per layer (default)"),
               clEnumValN(ReportFormat::Json, "json",
                          "every number, total and per layer, as JSON: "
                          "cycles, MACs, utilization, DRAM bytes read and "
                          "written, SRAM bytes per buffer, busy cycles per "
                          "queue, energy split MAC / SRAM / DRAM"),
               clEnumValN(ReportFormat::Csv, "csv",
                          "the same per-layer numbers as CSV (one row per "
                          "layer and a total row)"),
               clEnumValN(ReportFormat::None, "none", "no report")),
    cl::init(ReportFormat::Text), cl::cat(simCategory));
cl::opt<std::string> reportFile("report-file",
                                cl::desc("Write the report here instead of "
                                         "standard output (not with "
                                         "--report=none)"),
                                cl::value_desc("PATH"), cl::cat(simCategory));
cl::opt<std::string> traceFile(
    "trace",
    cl::desc("Write the run's timeline to PATH as Chrome / Perfetto "
             "trace-event JSON (open it in ui.perfetto.dev or "
             "chrome://tracing): one track per queue (LOAD, CONV, POST, "
             "STORE) and one for the DRAM channel, every instruction an "
             "event named by its opcode and layer"),
    cl::value_desc("PATH"), cl::cat(simCategory));
cl::opt<bool> disassemble("disassemble",
                          cl::desc("Print the program as assembly and exit "
                                   "(tensors with their interface layout)"),
                          cl::cat(simCategory));
cl::opt<std::string> assembleTo(
    "assemble",
    cl::desc("Write the program in binary form to PATH and exit (turns an "
             "assembly file into a binary program)"),
    cl::value_desc("PATH"), cl::cat(simCategory));

cl::opt<uint64_t> maxWork(
    "max-work",
    cl::desc("Refuse a program whose run would do more than N element "
             "operations (MACs and elements moved, summed over the "
             "instruction stream before anything runs; 0 = the hard "
             "ceiling of 2^56). Bounds a hostile program's running time."),
    cl::value_desc("N"), cl::init(sim::SimLimits().maxWork),
    cl::cat(simCategory));
cl::opt<uint64_t> maxMemory(
    "max-memory",
    cl::desc("Refuse a program whose DRAM and on-chip buffers need more than "
             "BYTES bytes (checked before anything is allocated; 0 = no "
             "limit)"),
    cl::value_desc("BYTES"), cl::init(sim::SimLimits().maxMemoryBytes),
    cl::cat(simCategory));

cl::opt<double> hostElementsPerCycle(
    "host-elements-per-cycle",
    cl::desc("Host time model: element operations the host CPU does per "
             "accelerator cycle when it runs a host op (HOST instruction; "
             "> 0, default 1: a scalar core at the accelerator's clock)"),
    cl::value_desc("X"), cl::init(isa::HostModel().elementsPerCycle),
    cl::cat(simCategory));
cl::opt<int64_t> hostSyncCycles(
    "host-sync-cycles",
    cl::desc("Host time model: fixed accelerator cycles to hand a layer to "
             "the host and back (interrupt, cache maintenance; >= 0, "
             "default 2000)"),
    cl::value_desc("N"), cl::init(isa::HostModel().syncCycles),
    cl::cat(simCategory));

int fail(const Twine &message) {
  WithColor::error(errs(), "accel-sim") << message << "\n";
  return 1;
}

Expected<std::pair<StringRef, StringRef>> splitBinding(StringRef binding) {
  auto [name, path] = binding.split('=');
  if (name.empty() || path.empty())
    return createStringError(inconvertibleErrorCode(),
                             "expected NAME=FILE.npy, got '" + binding + "'");
  return std::make_pair(name, path);
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  accel::registerVersionPrinter("accel-sim");
  cl::HideUnrelatedOptions(simCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "accel simulator: runs a compiled accel program functionally (f32 and "
      "int8, bounds-checked) and through the event-driven timing model of "
      "the load/compute/store queues.\n\n"
      "Example (a compiled function's first argument and result):\n"
      "  accel-sim net.accel --input arg0=x.npy --output result0=y.npy "
      "--report=json\n");

  if (reportFormat == ReportFormat::None && !reportFile.empty())
    return fail("--report-file is given but --report=none writes no report");

  Expected<isa::Program> program = isa::readProgramFile(programPath);
  if (!program)
    return fail(toString(program.takeError()));

  if (disassemble) {
    isa::printProgramAsm(*program, outs());
    return 0;
  }
  if (!assembleTo.empty()) {
    Expected<std::vector<uint8_t>> bytes = isa::writeProgramBinary(*program);
    if (!bytes)
      return fail(toString(bytes.takeError()));
    if (Error error = accel::writeFileAtomically(assembleTo, *bytes))
      return fail(toString(std::move(error)));
    return 0;
  }

  Expected<sim::Simulator> simulator =
      sim::Simulator::create(std::move(*program), [] {
        sim::SimLimits limits;
        limits.maxWork = maxWork;
        limits.maxMemoryBytes = maxMemory;
        return limits;
      }());
  if (!simulator)
    return fail(toString(simulator.takeError()));
  // NaN fails both comparisons, so it is refused too.
  if (!(hostElementsPerCycle > 0) || !(hostElementsPerCycle < 1e18))
    return fail(formatv("--host-elements-per-cycle must be a positive "
                        "number below 1e18, got {0}",
                        double(hostElementsPerCycle)));
  if (hostSyncCycles < 0)
    return fail("--host-sync-cycles must be >= 0, got " +
                Twine(int64_t(hostSyncCycles)));
  simulator->setHostModel({hostElementsPerCycle, hostSyncCycles});
  StringSet<> boundInputs;
  for (const std::string &binding : inputs) {
    auto parts = splitBinding(binding);
    if (!parts)
      return fail("--input: " + toString(parts.takeError()));
    if (!boundInputs.insert(parts->first).second)
      return fail("--input " + binding + ": input '" + parts->first +
                  "' is bound twice");
    Expected<sim::NpyArray> array = sim::readNpyFile(parts->second);
    if (!array)
      return fail(toString(array.takeError()));
    if (Error error = simulator->setInput(parts->first, *array))
      return fail("--input " + binding + ": " + toString(std::move(error)));
  }
  // Check output bindings before the run so a typo fails fast.
  std::vector<std::pair<std::string, std::string>> outputBindings;
  // Every file the run writes, by path as given: two writers of one path
  // would leave only the last one's contents.
  StringMap<std::string> writers;
  if (!reportFile.empty())
    writers[reportFile] = "--report-file";
  if (!traceFile.empty() &&
      !writers.try_emplace(traceFile, "--trace").second)
    return fail("--trace " + traceFile + ": '" + traceFile +
                "' is also written by --report-file");
  for (const std::string &binding : outputs) {
    auto parts = splitBinding(binding);
    if (!parts)
      return fail("--output: " + toString(parts.takeError()));
    auto [previous, inserted] =
        writers.try_emplace(parts->second, "--output " + binding);
    if (!inserted)
      return fail("--output " + binding + ": '" + parts->second +
                  "' is also written by " + previous->second);
    if (!simulator->program().findTensor(parts->first))
      return fail("--output " + binding + ": the program has no tensor '" +
                  parts->first + "'");
    outputBindings.push_back({parts->first.str(), parts->second.str()});
  }

  std::vector<isa::TimelineEvent> timeline;
  Expected<sim::SimReport> report =
      simulator->run(traceFile.empty() ? nullptr : &timeline);
  if (!report)
    return fail(toString(report.takeError()));

  // Everything the run writes is staged in temporary files first and
  // renamed into place only when all of them were written: a failure
  // (a bad directory for the second output, say) leaves no file behind.
  std::vector<std::pair<std::string, std::vector<uint8_t>>> files;
  for (const auto &[name, path] : outputBindings) {
    Expected<sim::NpyArray> array = simulator->readTensor(name);
    if (!array)
      return fail(toString(array.takeError()));
    files.push_back({path, sim::serializeNpy(*array)});
  }
  std::string text;
  raw_string_ostream os(text);
  if (reportFormat == ReportFormat::Json)
    os << formatv("{0:2}", sim::reportToJSON(*report)) << "\n";
  else if (reportFormat == ReportFormat::Csv)
    sim::printReportCSV(*report, os);
  else if (reportFormat == ReportFormat::Text)
    sim::printReportText(*report, os);
  os.flush();
  if (!traceFile.empty()) {
    std::string trace;
    raw_string_ostream traceOs(trace);
    traceOs << sim::traceToJSON(simulator->program(), timeline) << "\n";
    traceOs.flush();
    files.push_back({traceFile, std::vector<uint8_t>(trace.begin(), trace.end())});
  }
  if (!reportFile.empty() && reportFormat != ReportFormat::None)
    files.push_back(
        {reportFile, std::vector<uint8_t>(text.begin(), text.end())});
  if (Error error = accel::writeFilesAtomically(files))
    return fail(toString(std::move(error)));
  if (reportFile.empty())
    outs() << text;
  return 0;
}
