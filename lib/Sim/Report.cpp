//===- Report.cpp - Text, JSON and CSV simulation reports; traces ---------===//
//
// The text form is a table for people; the JSON and CSV forms carry every
// number for scripts (benchmarks, the results report, spreadsheets); the
// trace is Chrome / Perfetto trace-event JSON, which every trace viewer
// opens (chrome://tracing, ui.perfetto.dev).
//
//===----------------------------------------------------------------------===//

#include "accel/Sim/Simulator.h"

#include "accel/ISA/Instruction.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Format.h"

#include <algorithm>

using namespace accel;
using namespace accel::sim;

void sim::printReportText(const SimReport &report, llvm::raw_ostream &os) {
  const LayerReport &total = report.total;
  os << "target:          " << report.target << "\n";
  os << "instructions:    " << report.instructions << "\n";
  os << "cycles:          " << report.cycles << "  ("
     << llvm::format("%.2f", report.microseconds) << " us)\n";
  os << "MACs:            " << report.macs << "\n";
  os << "MAC utilization: "
     << llvm::format("%.1f%%", 100.0 * report.macUtilization) << "\n";
  os << "DRAM bytes:      " << report.dramBytes << "  (read "
     << total.dramReadBytes << ", written " << total.dramWriteBytes << ")\n";
  os << "energy:          " << llvm::format("%.3f", report.energyPJ * 1e-6)
     << " uJ  (MAC " << llvm::format("%.3f", total.macEnergyPJ * 1e-6)
     << ", SRAM " << llvm::format("%.3f", total.sramEnergyPJ * 1e-6)
     << ", DRAM " << llvm::format("%.3f", total.dramEnergyPJ * 1e-6)
     << ")\n";
  // The layer column fits the longest name (ONNX node names are long).
  int width = 24;
  for (const LayerReport &layer : report.layers)
    width = std::max(width, int(layer.name.size()));
  os << llvm::format("%-*s %12s %12s %7s %12s %12s\n", width, "layer",
                     "cycles", "MACs", "util", "DRAM bytes", "energy uJ");
  for (const LayerReport &layer : report.layers) {
    // A host layer: its (modelled) time and what the host ran.
    if (layer.host) {
      os << llvm::format("%-*s %12lld host: %s, %lld elements\n", width,
                         layer.name.c_str(), (long long)layer.cycles,
                         layer.hostOp.c_str(), (long long)layer.hostElements);
      continue;
    }
    os << llvm::format("%-*s %12lld %12lld %6.1f%% %12lld %12.3f\n", width,
                       layer.name.c_str(), (long long)layer.cycles,
                       (long long)layer.macs, 100.0 * layer.macUtilization,
                       (long long)layer.dramBytes, layer.energyPJ * 1e-6);
  }
  if (report.hostOps)
    os << report.hostOps
       << " host op(s) ran on the host CPU (rows marked 'host'; their "
          "modelled time, with the accelerator idle, is in the total)\n";
}

namespace {

/// Every column of a layer row, in the order of the CSV header.
llvm::json::Object layerObject(const LayerReport &layer) {
  return llvm::json::Object{
      {"name", layer.name},
      {"role", layer.role},
      {"strategy", layer.strategy},
      {"tiling", layer.tiling},
      {"cycles", layer.cycles},
      {"macs", layer.macs},
      {"useful_macs", layer.usefulMacs},
      {"mac_utilization", layer.macUtilization},
      {"useful_utilization", layer.usefulUtilization},
      {"dram_bytes", layer.dramBytes},
      {"dram_read_bytes", layer.dramReadBytes},
      {"dram_write_bytes", layer.dramWriteBytes},
      {"sram_input_bytes", layer.sramInputBytes},
      {"sram_weight_bytes", layer.sramWeightBytes},
      {"sram_acc_bytes", layer.sramAccBytes},
      {"load_busy_cycles", layer.loadBusyCycles},
      {"conv_busy_cycles", layer.convBusyCycles},
      {"post_busy_cycles", layer.postBusyCycles},
      {"store_busy_cycles", layer.storeBusyCycles},
      {"energy_pj", layer.energyPJ},
      {"mac_energy_pj", layer.macEnergyPJ},
      {"sram_energy_pj", layer.sramEnergyPJ},
      {"dram_energy_pj", layer.dramEnergyPJ},
      {"unit", layer.host ? "host" : "accel"},
      {"host_op", layer.hostOp},
      {"host_elements", layer.hostElements},
  };
}

constexpr llvm::StringLiteral kColumns[] = {
    "name",
    "role",
    "strategy",
    "tiling",
    "cycles",
    "macs",
    "useful_macs",
    "mac_utilization",
    "useful_utilization",
    "dram_bytes",
    "dram_read_bytes",
    "dram_write_bytes",
    "sram_input_bytes",
    "sram_weight_bytes",
    "sram_acc_bytes",
    "load_busy_cycles",
    "conv_busy_cycles",
    "post_busy_cycles",
    "store_busy_cycles",
    "energy_pj",
    "mac_energy_pj",
    "sram_energy_pj",
    "dram_energy_pj",
    "unit",
    "host_op",
    "host_elements"};

/// A CSV field (RFC 4180: quoted when it holds a comma, quote or newline).
void printCSVField(llvm::raw_ostream &os, llvm::StringRef field) {
  if (field.find_first_of(",\"\n\r") == llvm::StringRef::npos) {
    os << field;
    return;
  }
  os << '"';
  for (char c : field)
    os << (c == '"' ? "\"\"" : llvm::StringRef(&c, 1));
  os << '"';
}

void printCSVRow(llvm::raw_ostream &os, const llvm::json::Object &row) {
  llvm::interleave(
      kColumns, os,
      [&](llvm::StringRef column) {
        const llvm::json::Value *value = row.get(column);
        if (std::optional<llvm::StringRef> text = value->getAsString())
          printCSVField(os, *text);
        else if (std::optional<int64_t> integer = value->getAsInteger())
          os << *integer;
        else
          os << llvm::format("%.17g", *value->getAsNumber());
      },
      ",");
  os << "\n";
}

} // namespace

llvm::json::Value sim::reportToJSON(const SimReport &report) {
  llvm::json::Array layers;
  for (const LayerReport &layer : report.layers)
    layers.push_back(layerObject(layer));
  return llvm::json::Object{
      {"target", report.target},
      {"instructions", int64_t(report.instructions)},
      {"cycles", report.cycles},
      {"microseconds", report.microseconds},
      {"macs", report.macs},
      {"peak_macs_per_cycle", report.peakMacsPerCycle},
      {"mac_utilization", report.macUtilization},
      {"dram_bytes", report.dramBytes},
      {"energy_pj", report.energyPJ},
      {"total", layerObject(report.total)},
      {"layers", std::move(layers)},
      {"host_ops", report.hostOps},
  };
}

void sim::printReportCSV(const SimReport &report, llvm::raw_ostream &os) {
  llvm::interleave(kColumns, os, ",");
  os << "\n";
  for (const LayerReport &layer : report.layers)
    printCSVRow(os, layerObject(layer));
  printCSVRow(os, layerObject(report.total));
}

llvm::json::Value sim::traceToJSON(const isa::Program &program,
                                   llvm::ArrayRef<isa::TimelineEvent> timeline) {
  enum Track { Load = 1, Conv, Post, Store, Dram, Host };
  const double usPerCycle = 1.0 / program.target.clockMHz;
  llvm::json::Array events;
  auto name = [](int track) -> llvm::StringRef {
    switch (track) {
    case Load:
      return "LOAD queue";
    case Conv:
      return "CONV (compute queue)";
    case Post:
      return "POST (compute queue)";
    case Store:
      return "STORE queue";
    case Dram:
      return "DRAM channel";
    default:
      return "host CPU";
    }
  };
  events.push_back(llvm::json::Object{
      {"ph", "M"},
      {"name", "process_name"},
      {"pid", 0},
      {"args", llvm::json::Object{{"name", "accel " + program.target.name}}}});
  // The host's track only when the program has host ops.
  int lastTrack = program.hostOps.empty() ? Dram : Host;
  for (int track = Load; track <= lastTrack; ++track)
    events.push_back(llvm::json::Object{
        {"ph", "M"},
        {"name", "thread_name"},
        {"pid", 0},
        {"tid", track},
        {"args", llvm::json::Object{{"name", name(track)}}}});
  auto layerName = [&](uint16_t layer) -> std::string {
    return layer < program.layers.size() ? program.layers[layer].name
                                             : "layer" + std::to_string(layer);
  };
  auto complete = [&](int track, llvm::StringRef label, int64_t begin,
                      int64_t end, const isa::TimelineEvent &event) {
    events.push_back(llvm::json::Object{
        {"ph", "X"},
        {"pid", 0},
        {"tid", track},
        {"name", label},
        {"cat", layerName(event.layer)},
        {"ts", double(begin) * usPerCycle},
        {"dur", double(end - begin) * usPerCycle},
        {"args", llvm::json::Object{{"instruction", int64_t(event.index)},
                                    {"layer", layerName(event.layer)},
                                    {"start_cycle", begin},
                                    {"cycles", end - begin},
                                    {"dram_bytes", event.dramBytes}}}});
  };
  for (const isa::TimelineEvent &event : timeline) {
    llvm::StringRef opcode = isa::opcodeName(event.opcode);
    bool dma = event.dramEnd > event.dramStart;
    switch (event.opcode) {
    case isa::Opcode::Conv:
      complete(Conv, opcode, event.start, event.busyEnd, event);
      break;
    case isa::Opcode::Post:
      complete(Post, opcode, event.start, event.busyEnd, event);
      break;
    case isa::Opcode::Host:
      complete(Host, opcode, event.start, event.busyEnd, event);
      break;
    case isa::Opcode::Store:
      if (dma)
        complete(Store, opcode, event.dramStart, event.dramEnd, event);
      break;
    default: // the LOAD_* instructions
      if (dma)
        complete(Load, opcode, event.dramStart, event.dramEnd, event);
      break;
    }
    if (dma)
      complete(Dram, opcode, event.dramStart, event.dramEnd, event);
  }
  return llvm::json::Object{{"traceEvents", std::move(events)},
                            {"displayTimeUnit", "ns"}};
}
