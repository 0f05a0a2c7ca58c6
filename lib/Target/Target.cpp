//===- Target.cpp - Accelerator presets and JSON loading ------------------===//
//
// The built-in target presets (with the sources of their numbers) and the
// JSON reader/writer for `TargetDesc`. Presets and JSON files share one field
// vocabulary (the table below), so a preset dumped with `targetToJSON` loads
// back unchanged and every JSON error names the field it is about.
//
//===----------------------------------------------------------------------===//

#include "accel/Target/Target.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cmath>

using namespace accel;
using llvm::StringRef;

StringRef accel::stringifyDataflow(Dataflow dataflow) {
  switch (dataflow) {
  case Dataflow::WeightStationary:
    return "weight-stationary";
  case Dataflow::OutputStationary:
    return "output-stationary";
  case Dataflow::InputStationary:
    return "input-stationary";
  }
  llvm_unreachable("unknown dataflow");
}

std::optional<Dataflow> accel::parseDataflow(StringRef name) {
  return llvm::StringSwitch<std::optional<Dataflow>>(name)
      .Case("weight-stationary", Dataflow::WeightStationary)
      .Case("output-stationary", Dataflow::OutputStationary)
      .Case("input-stationary", Dataflow::InputStationary)
      .Default(std::nullopt);
}

//===----------------------------------------------------------------------===//
// Presets
//===----------------------------------------------------------------------===//

namespace {
constexpr int64_t KiB = 1024;

/// NVDLA "nv_small": 8x8 atomic C x K, 128 KB convolution buffer (CBUF),
/// 8-bit data. Source: NVDLA hardware architecture documentation and the
/// nv_small spec (hw/spec/defs/nv_small.spec: NVDLA_MAC_ATOMIC_C_SIZE 8,
/// NVDLA_MAC_ATOMIC_K_SIZE 8, NVDLA_CBUF_BANK_NUMBER 32 x 4 KB banks,
/// NVDLA_PRIMARY_MEMIF_WIDTH 64 bits). CBUF is shared between data and
/// weights; we model a 3:1 data:weight split of its banks. Accumulators:
/// CACC assembly buffer. Energies: 28 nm-class numbers from Horowitz (ISSCC
/// 2014, scaled: 8-bit MAC ~0.2 pJ, small SRAM ~1.2 pJ/byte, DRAM ~80 pJ/byte).
TargetDesc nvdlaSmall() {
  TargetDesc t;
  t.name = "nvdla-small";
  t.source = "NVDLA nv_small spec (atomic-C 8, atomic-K 8, 128 KB CBUF, "
             "64-bit DBBIF); energies after Horowitz ISSCC 2014";
  t.atomicC = 8;
  t.atomicK = 8;
  t.dataflow = Dataflow::WeightStationary;
  t.inputBufferBytes = 96 * KiB;
  t.weightBufferBytes = 32 * KiB;
  t.accBufferBytes = 32 * KiB;
  t.dramBytesPerCycle = 8;
  t.dramLatencyCycles = 200;
  t.clockMHz = 1000;
  t.dataBits = 8;
  t.accBits = 32;
  t.limits = {/*maxKernel=*/32, /*maxStride=*/8, /*maxDilation=*/32,
              /*maxPad=*/31, /*maxChannels=*/8192};
  t.energy = {/*mac=*/0.2, /*input=*/1.2, /*weight=*/1.2, /*acc=*/1.2,
              /*dram=*/80.0};
  return t;
}

/// NVDLA "nv_large" (nv_full): atomic-C 64 x atomic-K 32 (2048 8-bit MACs),
/// 512 KB CBUF (16 banks x 32 KB), 512-bit memory interface. Source: NVDLA
/// nv_full.spec and the NVDLA primer (http://nvdla.org/primer.html).
TargetDesc nvdlaLarge() {
  TargetDesc t;
  t.name = "nvdla-large";
  t.source = "NVDLA nv_full spec (atomic-C 64, atomic-K 32, 512 KB CBUF, "
             "512-bit DBBIF); energies after Horowitz ISSCC 2014";
  t.atomicC = 64;
  t.atomicK = 32;
  t.dataflow = Dataflow::WeightStationary;
  t.inputBufferBytes = 384 * KiB;
  t.weightBufferBytes = 128 * KiB;
  t.accBufferBytes = 128 * KiB;
  t.dramBytesPerCycle = 64;
  t.dramLatencyCycles = 300;
  t.clockMHz = 1000;
  t.dataBits = 8;
  t.accBits = 32;
  t.limits = {32, 8, 32, 31, 8192};
  t.energy = {0.2, 2.0, 2.0, 2.0, 80.0};
  return t;
}

/// DianNao-style NFU: 16 neurons x 16 synapses dot-product array (256 MACs),
/// NBin / NBout 2 KB, SB 32 KB. Source: Chen et al., "DianNao", ASPLOS 2014
/// (Table/Sec. 5: Tn = 16, NBin/NBout 2 KB, SB 32 KB, 0.98 GHz, 16-bit).
/// DianNao's buffers are tiny: we keep its 16x16 array and 32 KB SB but give
/// the feature buffers 8 KB each so that 5x5 convs fit at all.
TargetDesc diannao() {
  TargetDesc t;
  t.name = "diannao";
  t.source = "Chen et al., DianNao, ASPLOS 2014 (Tn=16 NFU, SB 32 KB, "
             "NBin/NBout 2 KB enlarged to 8 KB, 0.98 GHz, 16-bit)";
  t.atomicC = 16;
  t.atomicK = 16;
  t.dataflow = Dataflow::OutputStationary;
  t.inputBufferBytes = 8 * KiB;
  t.weightBufferBytes = 32 * KiB;
  t.accBufferBytes = 8 * KiB;
  t.dramBytesPerCycle = 16;
  t.dramLatencyCycles = 150;
  t.clockMHz = 980;
  t.dataBits = 16;
  t.accBits = 32;
  t.limits = {16, 8, 16, 15, 4096};
  t.energy = {0.4, 1.0, 1.5, 1.0, 100.0};
  return t;
}

/// TPU-style weight-stationary systolic array, scaled down from TPUv1's
/// 256x256 to 128x128 (16384 8-bit MACs), with a large unified buffer.
/// Source: Jouppi et al., "In-Datacenter Performance Analysis of a Tensor
/// Processing Unit", ISCA 2017 (256x256 MXU, 24 MiB unified buffer, 4 MiB
/// accumulators, 34 GB/s DDR3 at 700 MHz ~ 48 B/cycle).
TargetDesc tpuSystolic() {
  TargetDesc t;
  t.name = "tpu-systolic";
  t.source = "Jouppi et al., TPU, ISCA 2017 (256x256 MXU scaled to 128x128, "
             "unified buffer 24 MiB scaled to 2 MiB, ~48 B/cycle DRAM)";
  t.atomicC = 128;
  t.atomicK = 128;
  t.dataflow = Dataflow::WeightStationary;
  t.inputBufferBytes = 2048 * KiB;
  t.weightBufferBytes = 256 * KiB;
  t.accBufferBytes = 512 * KiB;
  t.dramBytesPerCycle = 48;
  t.dramLatencyCycles = 400;
  t.clockMHz = 700;
  t.dataBits = 8;
  t.accBits = 32;
  t.limits = {32, 8, 32, 31, 16384};
  t.energy = {0.2, 2.5, 2.5, 2.5, 80.0};
  return t;
}

struct Preset {
  StringRef name;
  TargetDesc (*make)();
};
const Preset kPresets[] = {{"nvdla-small", nvdlaSmall},
                           {"nvdla-large", nvdlaLarge},
                           {"diannao", diannao},
                           {"tpu-systolic", tpuSystolic}};
} // namespace

llvm::ArrayRef<StringRef> accel::presetNames() {
  static const StringRef names[] = {"nvdla-small", "nvdla-large", "diannao",
                                    "tpu-systolic"};
  return names;
}

std::optional<TargetDesc> accel::lookupPreset(StringRef name) {
  for (const Preset &preset : kPresets)
    if (preset.name == name)
      return preset.make();
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Field table shared by validation, JSON reading and JSON writing.
//===----------------------------------------------------------------------===//

namespace {
/// One numeric field of TargetDesc, by JSON name. Exactly one of the two
/// member pointers is set per field (integer or real). `nested` selects the
/// sub-struct the pointer applies to.
struct Field {
  StringRef name;
  int64_t *(*intRef)(TargetDesc &);
  double *(*realRef)(TargetDesc &);
  bool allowZero;
};

#define ACCEL_INT_FIELD(JSON, EXPR, ZERO)                                      \
  Field {                                                                      \
    JSON, [](TargetDesc &t) -> int64_t * { return &(EXPR); }, nullptr, ZERO    \
  }
#define ACCEL_REAL_FIELD(JSON, EXPR, ZERO)                                     \
  Field {                                                                      \
    JSON, nullptr, [](TargetDesc &t) -> double * { return &(EXPR); }, ZERO     \
  }

const Field kFields[] = {
    ACCEL_INT_FIELD("atomic_c", t.atomicC, false),
    ACCEL_INT_FIELD("atomic_k", t.atomicK, false),
    ACCEL_INT_FIELD("input_buffer_bytes", t.inputBufferBytes, false),
    ACCEL_INT_FIELD("weight_buffer_bytes", t.weightBufferBytes, false),
    ACCEL_INT_FIELD("acc_buffer_bytes", t.accBufferBytes, false),
    ACCEL_REAL_FIELD("dram_bytes_per_cycle", t.dramBytesPerCycle, false),
    ACCEL_INT_FIELD("dram_latency_cycles", t.dramLatencyCycles, true),
    ACCEL_REAL_FIELD("clock_mhz", t.clockMHz, false),
    ACCEL_INT_FIELD("data_bits", t.dataBits, false),
    ACCEL_INT_FIELD("acc_bits", t.accBits, false),
    ACCEL_INT_FIELD("max_kernel", t.limits.maxKernel, false),
    ACCEL_INT_FIELD("max_stride", t.limits.maxStride, false),
    ACCEL_INT_FIELD("max_dilation", t.limits.maxDilation, false),
    ACCEL_INT_FIELD("max_pad", t.limits.maxPad, true),
    ACCEL_INT_FIELD("max_channels", t.limits.maxChannels, false),
    ACCEL_REAL_FIELD("energy_mac_pj", t.energy.macPJ, true),
    ACCEL_REAL_FIELD("energy_input_buffer_pj_per_byte",
                     t.energy.inputBufPJPerByte, true),
    ACCEL_REAL_FIELD("energy_weight_buffer_pj_per_byte",
                     t.energy.weightBufPJPerByte, true),
    ACCEL_REAL_FIELD("energy_acc_buffer_pj_per_byte", t.energy.accBufPJPerByte,
                     true),
    ACCEL_REAL_FIELD("energy_dram_pj_per_byte", t.energy.dramPJPerByte, true),
};
#undef ACCEL_INT_FIELD
#undef ACCEL_REAL_FIELD

llvm::Error fieldError(StringRef field, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "field '" + field + "': " + message);
}

/// Largest magnitude we accept for any integer field; keeps every product the
/// cost model forms far away from int64 overflow.
constexpr int64_t kMaxIntField = int64_t(1) << 40;
} // namespace

llvm::Error accel::validateTarget(const TargetDesc &target) {
  if (target.name.empty())
    return fieldError("name", "must be a non-empty string");
  TargetDesc copy = target;
  for (const Field &field : kFields) {
    double value =
        field.intRef ? double(*field.intRef(copy)) : *field.realRef(copy);
    if (!std::isfinite(value))
      return fieldError(field.name, "must be finite");
    if (value < 0 || (value == 0 && !field.allowZero))
      return fieldError(field.name, field.allowZero ? "must be non-negative"
                                                    : "must be positive");
    if (value > double(kMaxIntField))
      return fieldError(field.name,
                        llvm::formatv("must be at most {0}", kMaxIntField));
  }
  if (target.dataBits != 8 && target.dataBits != 16 && target.dataBits != 32)
    return fieldError("data_bits", "must be 8, 16 or 32");
  if (target.accBits < target.dataBits)
    return fieldError("acc_bits", "must be at least data_bits");
  return llvm::Error::success();
}

llvm::Expected<TargetDesc>
accel::targetFromJSON(const llvm::json::Value &value) {
  const llvm::json::Object *object = value.getAsObject();
  if (!object)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "target description must be a JSON object");
  TargetDesc target;
  llvm::StringSet<> known = {"name", "source", "dataflow"};
  for (const Field &field : kFields)
    known.insert(field.name);
  // Report unknown keys in a stable (sorted) order.
  llvm::SmallVector<StringRef> keys;
  for (const auto &entry : *object)
    keys.push_back(entry.first);
  llvm::sort(keys);
  for (StringRef key : keys)
    if (!known.contains(key))
      return fieldError(key, "unknown field");

  const llvm::json::Value *name = object->get("name");
  if (!name)
    return fieldError("name", "missing");
  if (!name->getAsString() || name->getAsString()->empty())
    return fieldError("name", "expected a non-empty string");
  target.name = name->getAsString()->str();
  if (const llvm::json::Value *source = object->get("source")) {
    if (!source->getAsString())
      return fieldError("source", "expected a string");
    target.source = source->getAsString()->str();
  }
  if (const llvm::json::Value *dataflow = object->get("dataflow")) {
    std::optional<StringRef> text = dataflow->getAsString();
    std::optional<Dataflow> parsed = text ? parseDataflow(*text) : std::nullopt;
    if (!parsed)
      return fieldError("dataflow", "expected one of \"weight-stationary\", "
                                    "\"output-stationary\", "
                                    "\"input-stationary\"");
    target.dataflow = *parsed;
  }
  for (const Field &field : kFields) {
    const llvm::json::Value *entry = object->get(field.name);
    if (!entry)
      return fieldError(field.name, "missing");
    if (field.intRef) {
      std::optional<int64_t> integer = entry->getAsInteger();
      if (!integer)
        return fieldError(field.name, "expected an integer");
      *field.intRef(target) = *integer;
    } else {
      std::optional<double> real = entry->getAsNumber();
      if (!real)
        return fieldError(field.name, "expected a number");
      *field.realRef(target) = *real;
    }
  }
  if (llvm::Error error = validateTarget(target))
    return std::move(error);
  return target;
}

llvm::Expected<TargetDesc> accel::parseTargetJSON(StringRef text) {
  llvm::Expected<llvm::json::Value> value = llvm::json::parse(text);
  if (!value)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "malformed JSON: " +
                                       llvm::toString(value.takeError()));
  return targetFromJSON(*value);
}

llvm::json::Object accel::targetToJSON(const TargetDesc &target) {
  llvm::json::Object object;
  object["name"] = target.name;
  if (!target.source.empty())
    object["source"] = target.source;
  object["dataflow"] = stringifyDataflow(target.dataflow);
  TargetDesc copy = target;
  for (const Field &field : kFields) {
    if (field.intRef)
      object[field.name] = *field.intRef(copy);
    else
      object[field.name] = *field.realRef(copy);
  }
  return object;
}

llvm::Expected<TargetDesc> accel::resolveTarget(StringRef nameOrPath) {
  if (nameOrPath.ends_with(".json")) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
        llvm::MemoryBuffer::getFile(nameOrPath);
    if (!file)
      return llvm::createStringError(file.getError(),
                                     "cannot read target file '" + nameOrPath +
                                         "': " + file.getError().message());
    llvm::Expected<TargetDesc> target = parseTargetJSON((*file)->getBuffer());
    if (!target)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     nameOrPath + ": " +
                                         llvm::toString(target.takeError()));
    return target;
  }
  if (std::optional<TargetDesc> preset = lookupPreset(nameOrPath))
    return *preset;
  std::string known;
  for (StringRef name : presetNames())
    known += (known.empty() ? "" : ", ") + name.str();
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "unknown target '" + nameOrPath +
                                     "' (known presets: " + known +
                                     "; or pass a path ending in .json)");
}
