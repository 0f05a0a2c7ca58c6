//===- Report.cpp - Text and JSON simulation reports ----------------------===//
//
// The text form is a table for people; the JSON form carries the same
// numbers for scripts (benchmarks, the results report).
//
//===----------------------------------------------------------------------===//

#include "accel/Sim/Simulator.h"

#include "llvm/Support/Format.h"

using namespace accel;
using namespace accel::sim;

void sim::printReportText(const SimReport &report, llvm::raw_ostream &os) {
  os << "target:          " << report.target << "\n";
  os << "instructions:    " << report.instructions << "\n";
  os << "cycles:          " << report.cycles << "  ("
     << llvm::format("%.2f", report.microseconds) << " us)\n";
  os << "MACs:            " << report.macs << "\n";
  os << "MAC utilization: "
     << llvm::format("%.1f%%", 100.0 * report.macUtilization) << "\n";
  os << "DRAM bytes:      " << report.dramBytes << "\n";
  os << "energy:          " << llvm::format("%.3f", report.energyPJ * 1e-6)
     << " uJ\n";
  os << llvm::format("%-24s %12s %12s %7s %12s %12s\n", "layer", "cycles",
                     "MACs", "util", "DRAM bytes", "energy uJ");
  for (const LayerReport &layer : report.layers)
    os << llvm::format("%-24s %12lld %12lld %6.1f%% %12lld %12.3f\n",
                       layer.name.c_str(), (long long)layer.cycles,
                       (long long)layer.macs, 100.0 * layer.macUtilization,
                       (long long)layer.dramBytes, layer.energyPJ * 1e-6);
}

llvm::json::Value sim::reportToJSON(const SimReport &report) {
  llvm::json::Array layers;
  for (const LayerReport &layer : report.layers)
    layers.push_back(llvm::json::Object{
        {"name", layer.name},
        {"cycles", layer.cycles},
        {"macs", layer.macs},
        {"mac_utilization", layer.macUtilization},
        {"dram_bytes", layer.dramBytes},
        {"energy_pj", layer.energyPJ},
    });
  return llvm::json::Object{
      {"target", report.target},
      {"instructions", int64_t(report.instructions)},
      {"cycles", report.cycles},
      {"microseconds", report.microseconds},
      {"macs", report.macs},
      {"mac_utilization", report.macUtilization},
      {"dram_bytes", report.dramBytes},
      {"energy_pj", report.energyPJ},
      {"layers", std::move(layers)},
  };
}
