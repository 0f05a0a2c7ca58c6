//===- Target.cpp - Accelerator presets and JSON loading ------------------===//
//
// The built-in target presets (read from the table in Presets.def), the one
// range check (`validateTarget`) and the JSON reader/writer for
// `TargetDesc`. Presets and JSON files share one field vocabulary (the field
// table below), so a preset dumped with `targetToJSON` loads back unchanged
// and every error names the field it is about.
//
//===----------------------------------------------------------------------===//

#include "accel/Target/Target.h"

#include "accel/ISA/FieldWidths.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
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
  case Dataflow::SystolicWeightStationary:
    return "systolic-weight-stationary";
  case Dataflow::SystolicOutputStationary:
    return "systolic-output-stationary";
  }
  llvm_unreachable("unknown dataflow");
}

bool accel::isSystolic(Dataflow dataflow) {
  return dataflow == Dataflow::SystolicWeightStationary ||
         dataflow == Dataflow::SystolicOutputStationary;
}

Dataflow accel::stationaryOperand(Dataflow dataflow) {
  switch (dataflow) {
  case Dataflow::SystolicWeightStationary:
    return Dataflow::WeightStationary;
  case Dataflow::SystolicOutputStationary:
    return Dataflow::OutputStationary;
  default:
    return dataflow;
  }
}

std::optional<Dataflow> accel::parseDataflow(StringRef name) {
  return llvm::StringSwitch<std::optional<Dataflow>>(name)
      .Case("weight-stationary", Dataflow::WeightStationary)
      .Case("output-stationary", Dataflow::OutputStationary)
      .Case("input-stationary", Dataflow::InputStationary)
      .Case("systolic-weight-stationary", Dataflow::SystolicWeightStationary)
      .Case("systolic-output-stationary", Dataflow::SystolicOutputStationary)
      .Default(std::nullopt);
}

//===----------------------------------------------------------------------===//
// Presets
//===----------------------------------------------------------------------===//

namespace {
constexpr int64_t KiB = 1024;

/// The built-in presets: the one list, in include/accel/Target/Presets.def,
/// whose columns are TargetDesc's members in order.
llvm::ArrayRef<TargetDesc> presets() {
  static const TargetDesc table[] = {
#define ACCEL_PRESET(...) TargetDesc{__VA_ARGS__},
#include "accel/Target/Presets.def"
  };
  return table;
}
} // namespace

llvm::ArrayRef<StringRef> accel::presetNames() {
  static const llvm::SmallVector<StringRef> names = [] {
    llvm::SmallVector<StringRef> result;
    for (const TargetDesc &preset : presets())
      result.push_back(preset.name);
    return result;
  }();
  return names;
}

std::string accel::presetNameList() {
  return llvm::join(presetNames(), ", ");
}

std::optional<TargetDesc> accel::lookupPreset(StringRef name) {
  for (const TargetDesc &preset : presets())
    if (preset.name == name)
      return preset;
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Field table shared by validation, JSON reading and JSON writing.
//===----------------------------------------------------------------------===//

namespace {
/// One numeric field of TargetDesc, by JSON name, with its accepted range
/// (docs/Targets.md lists the same ranges). Exactly one of the two member
/// pointers is set per field (integer or real). Values must be positive
/// unless `allowZero`, and lie in [min, max]; the bounds keep every product
/// and every double-to-integer conversion the cost model, the schedule
/// generator and the simulator form inside int64.
struct Field {
  StringRef name;
  int64_t *(*intRef)(TargetDesc &);
  double *(*realRef)(TargetDesc &);
  bool allowZero;
  double min, max;
};

constexpr double kTwoTo16 = 65536.0, kTwoTo20 = 1048576.0,
                 kTwoTo32 = 4294967296.0;

#define ACCEL_INT_FIELD(JSON, EXPR, ZERO, MAX)                                 \
  Field {                                                                      \
    JSON, [](TargetDesc &t) -> int64_t * { return &(EXPR); }, nullptr, ZERO,   \
        ZERO ? 0.0 : 1.0, MAX                                                  \
  }
#define ACCEL_REAL_FIELD(JSON, EXPR, ZERO, MIN, MAX)                           \
  Field {                                                                      \
    JSON, nullptr, [](TargetDesc &t) -> double * { return &(EXPR); }, ZERO,    \
        MIN, MAX                                                               \
  }

const Field kFields[] = {
    ACCEL_INT_FIELD("atomic_c", t.atomicC, false, kTwoTo16),
    ACCEL_INT_FIELD("atomic_k", t.atomicK, false, kTwoTo16),
    ACCEL_INT_FIELD("input_buffer_bytes", t.inputBufferBytes, false, kTwoTo32),
    ACCEL_INT_FIELD("weight_buffer_bytes", t.weightBufferBytes, false,
                    kTwoTo32),
    ACCEL_INT_FIELD("acc_buffer_bytes", t.accBufferBytes, false, kTwoTo32),
    // At least 0.001 B/cycle: 2^52 bytes (far above any DRAM) still take
    // fewer than 2^62 cycles.
    ACCEL_REAL_FIELD("dram_bytes_per_cycle", t.dramBytesPerCycle, false, 0.001,
                     kTwoTo20),
    ACCEL_INT_FIELD("dram_latency_cycles", t.dramLatencyCycles, true,
                    kTwoTo20),
    ACCEL_REAL_FIELD("clock_mhz", t.clockMHz, false, 0.001, 1e6),
    ACCEL_INT_FIELD("data_bits", t.dataBits, false, 64),
    ACCEL_INT_FIELD("acc_bits", t.accBits, false, 64),
    ACCEL_INT_FIELD("max_kernel", t.limits.maxKernel, false, 1024),
    ACCEL_INT_FIELD("max_stride", t.limits.maxStride, false, 1024),
    ACCEL_INT_FIELD("max_dilation", t.limits.maxDilation, false, 1024),
    ACCEL_INT_FIELD("max_pad", t.limits.maxPad, true, 1024),
    ACCEL_INT_FIELD("max_channels", t.limits.maxChannels, false, kTwoTo20),
    ACCEL_REAL_FIELD("energy_mac_pj", t.energy.macPJ, true, 0, 1e6),
    ACCEL_REAL_FIELD("energy_input_buffer_pj_per_byte",
                     t.energy.inputBufPJPerByte, true, 0, 1e6),
    ACCEL_REAL_FIELD("energy_weight_buffer_pj_per_byte",
                     t.energy.weightBufPJPerByte, true, 0, 1e6),
    ACCEL_REAL_FIELD("energy_acc_buffer_pj_per_byte", t.energy.accBufPJPerByte,
                     true, 0, 1e6),
    ACCEL_REAL_FIELD("energy_dram_pj_per_byte", t.energy.dramPJPerByte, true, 0,
                     1e6),
};
#undef ACCEL_INT_FIELD
#undef ACCEL_REAL_FIELD

llvm::Error fieldError(StringRef field, const llvm::Twine &message) {
  return llvm::make_error<TargetError>(field.str(), message.str());
}

llvm::Error targetError(const llvm::Twine &message) {
  return llvm::make_error<TargetError>("", message.str());
}
} // namespace

char TargetError::ID = 0;

std::string TargetError::describe() const {
  return field.empty() ? message : "field '" + field + "': " + message;
}

void TargetError::log(llvm::raw_ostream &os) const {
  if (hasLocation())
    os << file << ':' << line << ':' << column << ": ";
  else if (!file.empty())
    os << file << ": ";
  os << describe();
}

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
    if (value < field.min) {
      std::string message;
      llvm::raw_string_ostream(message)
          << "must be at least " << llvm::format("%g", field.min) << ", got "
          << llvm::format("%g", value);
      return fieldError(field.name, message);
    }
    if (value > field.max)
      return fieldError(field.name,
                        llvm::formatv("must be at most {0}",
                                      static_cast<int64_t>(field.max)));
  }
  if (target.dataBits != 8 && target.dataBits != 16 && target.dataBits != 32)
    return fieldError("data_bits", "must be 8, 16 or 32");
  if (target.accBits < target.dataBits)
    return fieldError("acc_bits", "must be at least data_bits");
  return llvm::Error::success();
}

llvm::Error accel::checkTargetLimits(const ConvShape &shape,
                                     const TargetDesc &target) {
  const TargetLimits &limits = target.limits;
  struct Check {
    StringRef what;
    int64_t value, limit;
    StringRef field;
  } checks[] = {
      {"kernel height", shape.kernelH, limits.maxKernel, "max_kernel"},
      {"kernel width", shape.kernelW, limits.maxKernel, "max_kernel"},
      {"stride", std::max(shape.strideH, shape.strideW), limits.maxStride,
       "max_stride"},
      {"dilation", std::max(shape.dilationH, shape.dilationW),
       limits.maxDilation, "max_dilation"},
      {"padding",
       std::max({shape.padTop, shape.padBottom, shape.padLeft, shape.padRight}),
       limits.maxPad, "max_pad"},
      {"input channels", shape.inC, limits.maxChannels, "max_channels"},
      {"output channels", shape.outC, limits.maxChannels, "max_channels"},
  };
  for (const Check &check : checks)
    if (check.value > check.limit)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          llvm::formatv("{0} {1} exceeds the target '{2}' maximum of {3} ({4})",
                        check.what, check.value, target.name, check.limit,
                        check.field));
  // What any program can encode, whatever the target allows (a target file
  // may set its limits above the instruction fields). LOAD_INPUT addresses
  // the tensor's rows and columns in 16 bits and a box origin in 17 signed
  // ones; the last box starts where the last output row / column's window
  // does, at most `extent + padAfter - kernel extent` (the origins below 0
  // are at least -max_pad).
  auto lastOrigin = [](int64_t extent, int64_t padAfter, int64_t kernel,
                       int64_t dilation) {
    return extent + padAfter - ((kernel - 1) * dilation + 1);
  };
  struct IsaCheck {
    StringRef what;
    int64_t value, limit;
    StringRef field;
  } isaChecks[] = {
      {"input height", shape.inH, isa::kMaxExtent,
       "16-bit LOAD_INPUT tensor_h"},
      {"input width", shape.inW, isa::kMaxExtent, "16-bit LOAD_INPUT tensor_w"},
      {"last input window row",
       lastOrigin(shape.inH, shape.padBottom, shape.kernelH, shape.dilationH),
       isa::kMaxOrigin, "17-bit signed LOAD_INPUT y0"},
      {"last input window column",
       lastOrigin(shape.inW, shape.padRight, shape.kernelW, shape.dilationW),
       isa::kMaxOrigin, "17-bit signed LOAD_INPUT x0"},
      {"input channels", shape.inC, isa::kMaxExtent,
       "16-bit LOAD_WEIGHT chans"},
      {"output channels", shape.outC, isa::kMaxExtent,
       "16-bit LOAD_WEIGHT count"},
      {"kernel", std::max(shape.kernelH, shape.kernelW), isa::kMaxKernelField,
       "8-bit CONV kernel"},
      {"stride", std::max(shape.strideH, shape.strideW), isa::kMaxKernelField,
       "8-bit CONV stride"},
      {"dilation", std::max(shape.dilationH, shape.dilationW),
       isa::kMaxKernelField, "8-bit CONV dilation"},
  };
  for (const IsaCheck &check : isaChecks)
    if (check.value > check.limit)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          llvm::formatv("{0} {1} exceeds what a program can encode: at most "
                        "{2} ({3} field)",
                        check.what, check.value, check.limit, check.field));
  return llvm::Error::success();
}

void accel::forEachNumericField(
    const TargetDesc &target,
    llvm::function_ref<void(const NumericField &)> visit) {
  TargetDesc copy = target;
  for (const Field &field : kFields) {
    if (field.intRef)
      visit({field.name, true, *field.intRef(copy), 0.0});
    else
      visit({field.name, false, 0, *field.realRef(copy)});
  }
}

llvm::Expected<TargetDesc>
accel::readTargetFields(const llvm::json::Value &value) {
  const llvm::json::Object *object = value.getAsObject();
  if (!object)
    return targetError("target description must be a JSON object");
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
  if (!name->getAsString())
    return fieldError("name", "expected a string");
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
                                    "\"input-stationary\", "
                                    "\"systolic-weight-stationary\", "
                                    "\"systolic-output-stationary\"");
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
  return target;
}

llvm::Expected<TargetDesc>
accel::targetFromJSON(const llvm::json::Value &value) {
  llvm::Expected<TargetDesc> target = readTargetFields(value);
  if (!target)
    return target.takeError();
  if (llvm::Error error = validateTarget(*target))
    return std::move(error);
  return target;
}

//===----------------------------------------------------------------------===//
// JSON text: nesting limit and error locations
//===----------------------------------------------------------------------===//

namespace {
/// Calls `visit(offset, depth)` for every '[' / '{' outside strings (depth
/// counted from 1) and `key(offset, rawKey)` for every string at depth 1
/// that is followed by ':' (a member name of the top-level object; offset
/// is that of the first byte after the ':'). Stops when a callback returns
/// true. Iterative, so any nesting is safe; malformed text is scanned
/// anyway (the parser reports it).
template <typename Open, typename Key>
void scanJSON(StringRef text, Open open, Key key) {
  unsigned depth = 0;
  for (size_t i = 0, e = text.size(); i < e; ++i) {
    char c = text[i];
    if (c == '[' || c == '{') {
      if (open(i, ++depth))
        return;
    } else if (c == ']' || c == '}') {
      depth -= depth > 0;
    } else if (c == '"') {
      size_t begin = ++i;
      while (i < e && text[i] != '"')
        i += text[i] == '\\' ? 2 : 1;
      if (i >= e)
        return;
      if (depth != 1)
        continue;
      size_t after = text.find_first_not_of(" \t\r\n", i + 1);
      if (after != StringRef::npos && text[after] == ':' &&
          key(after + 1, text.slice(begin, i)))
        return;
    }
  }
}

/// 1-based line and column of byte `offset`.
std::pair<unsigned, unsigned> lineAndColumn(StringRef text, size_t offset) {
  StringRef before = text.take_front(offset);
  size_t lineStart = before.rfind('\n');
  unsigned column = lineStart == StringRef::npos ? offset + 1
                                                 : offset - lineStart;
  return {unsigned(before.count('\n')) + 1, column};
}

/// Offset of the value of top-level member `field` (its first non-blank
/// byte), or of the document's first byte when there is no such member.
size_t locateField(StringRef text, StringRef field) {
  size_t found = text.find_first_not_of(" \t\r\n");
  if (found == StringRef::npos)
    return 0;
  if (field.empty())
    return found;
  scanJSON(
      text, [](size_t, unsigned) { return false; },
      [&](size_t valueOffset, StringRef rawKey) {
        if (rawKey != field)
          return false;
        found = std::min(text.find_first_not_of(" \t\r\n", valueOffset),
                         text.size());
        return true;
      });
  return found;
}

/// A TargetError at `offset` of `text`.
llvm::Error locatedError(StringRef text, size_t offset, StringRef fileName,
                         std::string field, std::string message) {
  auto error = std::make_unique<TargetError>(std::move(field),
                                             std::move(message));
  error->file = fileName.str();
  std::tie(error->line, error->column) = lineAndColumn(text, offset);
  return llvm::Error(std::move(error));
}
} // namespace

llvm::Expected<TargetDesc> accel::parseTargetJSON(StringRef text,
                                                  StringRef fileName) {
  // llvm::json::parse recurses once per level: reject deep nesting first.
  std::optional<size_t> tooDeep;
  scanJSON(
      text,
      [&](size_t offset, unsigned depth) {
        if (depth <= kMaxTargetJSONDepth)
          return false;
        tooDeep = offset;
        return true;
      },
      [](size_t, StringRef) { return false; });
  if (tooDeep)
    return locatedError(text, *tooDeep, fileName, "",
                        llvm::formatv("JSON nested deeper than {0} levels",
                                      kMaxTargetJSONDepth));

  llvm::Expected<llvm::json::Value> value = llvm::json::parse(text);
  if (!value) {
    // json::ParseError keeps its offset private; its text is
    // "[line:col, byte=offset]: message".
    std::string parseMessage = llvm::toString(value.takeError());
    StringRef rest = parseMessage;
    size_t offset = 0;
    if (rest.consume_front("[") && rest.contains(", byte=")) {
      StringRef afterByte = rest.split(", byte=").second;
      StringRef number = afterByte.take_while(llvm::isDigit);
      StringRef tail = afterByte.drop_front(number.size());
      if (!number.getAsInteger(10, offset) && tail.consume_front("]: "))
        parseMessage = tail.str();
    }
    // The parser reports the offset after the character it choked on (or
    // the end of the text): point at that character.
    offset = std::min(offset, text.size());
    if (offset > 0 && !llvm::isSpace(text[offset - 1]))
      --offset;
    return locatedError(text, offset, fileName, "",
                        "malformed JSON: " + parseMessage);
  }
  llvm::Expected<TargetDesc> target = targetFromJSON(*value);
  if (target)
    return target;
  return llvm::handleErrors(
      target.takeError(), [&](const TargetError &error) -> llvm::Error {
        return locatedError(text, locateField(text, error.field), fileName,
                            error.field, error.message);
      });
}

llvm::json::Object accel::targetToJSON(const TargetDesc &target) {
  llvm::json::Object object;
  object["name"] = target.name;
  if (!target.source.empty())
    object["source"] = target.source;
  object["dataflow"] = stringifyDataflow(target.dataflow);
  forEachNumericField(target, [&](const NumericField &field) {
    if (field.isInteger)
      object[field.name] = field.integer;
    else
      object[field.name] = field.real;
  });
  return object;
}

void accel::writeTargetJSON(llvm::raw_ostream &os, const TargetDesc &target) {
  llvm::json::OStream json(os, /*IndentSize=*/2);
  json.object([&] {
    json.attribute("name", target.name);
    if (!target.source.empty())
      json.attribute("source", target.source);
    json.attribute("dataflow", stringifyDataflow(target.dataflow));
    forEachNumericField(target, [&](const NumericField &field) {
      if (field.isInteger)
        json.attribute(field.name, field.integer);
      else
        json.attribute(field.name, field.real);
    });
  });
  os << '\n';
}

llvm::Expected<TargetDesc> accel::resolveTarget(StringRef nameOrPath) {
  if (nameOrPath.ends_with(".json")) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
        llvm::MemoryBuffer::getFile(nameOrPath);
    if (!file)
      return llvm::createStringError(file.getError(),
                                     "cannot read target file '" + nameOrPath +
                                         "': " + file.getError().message());
    return parseTargetJSON((*file)->getBuffer(), nameOrPath);
  }
  if (std::optional<TargetDesc> preset = lookupPreset(nameOrPath))
    return *preset;
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "unknown target '" + nameOrPath +
                                     "' (known presets: " + presetNameList() +
                                     "; or pass a path ending in .json)");
}
