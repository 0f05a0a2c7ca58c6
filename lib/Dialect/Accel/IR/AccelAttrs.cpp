//===- AccelAttrs.cpp - #accel.target and the post-op enum ----------------===//
//
// `#accel.target`: the fields of accel::TargetDesc as typed parameters.
// `#accel.target<"preset">` is looked up in the preset table (never a file);
// the dictionary form is read by the JSON field reader
// (`accel::readTargetFields`) and range-checked by the verifier with
// `accel::validateTarget`, so attribute and file share one set of errors.
//
//===----------------------------------------------------------------------===//

#include "accel/Dialect/Accel/IR/AccelAttrs.h"
#include "accel/Dialect/Accel/IR/AccelDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/TypeSwitch.h"

#include <tuple>

using namespace mlir;
using namespace accel;

#include "accel/Dialect/Accel/IR/AccelEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "accel/Dialect/Accel/IR/AccelAttrs.cpp.inc"

void AccelDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "accel/Dialect/Accel/IR/AccelAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// TargetAttr
//===----------------------------------------------------------------------===//

/// The TargetDesc with these fields (the parameter list of TargetAttr).
static TargetDesc
makeDesc(StringRef name, StringRef source, int64_t atomicC, int64_t atomicK,
         Dataflow dataflow, int64_t inputBufferBytes, int64_t weightBufferBytes,
         int64_t accBufferBytes, const APFloat &dramBytesPerCycle,
         int64_t dramLatencyCycles, const APFloat &clockMHz, int64_t dataBits,
         int64_t accBits, int64_t maxKernel, int64_t maxStride,
         int64_t maxDilation, int64_t maxPad, int64_t maxChannels,
         const APFloat &energyMacPJ, const APFloat &energyInputBufPJPerByte,
         const APFloat &energyWeightBufPJPerByte,
         const APFloat &energyAccBufPJPerByte,
         const APFloat &energyDramPJPerByte) {
  TargetDesc t;
  t.name = name.str();
  t.source = source.str();
  t.atomicC = atomicC;
  t.atomicK = atomicK;
  t.dataflow = dataflow;
  t.inputBufferBytes = inputBufferBytes;
  t.weightBufferBytes = weightBufferBytes;
  t.accBufferBytes = accBufferBytes;
  t.dramBytesPerCycle = dramBytesPerCycle.convertToDouble();
  t.dramLatencyCycles = dramLatencyCycles;
  t.clockMHz = clockMHz.convertToDouble();
  t.dataBits = dataBits;
  t.accBits = accBits;
  t.limits = {maxKernel, maxStride, maxDilation, maxPad, maxChannels};
  t.energy = {energyMacPJ.convertToDouble(),
              energyInputBufPJPerByte.convertToDouble(),
              energyWeightBufPJPerByte.convertToDouble(),
              energyAccBufPJPerByte.convertToDouble(),
              energyDramPJPerByte.convertToDouble()};
  return t;
}

LogicalResult TargetAttr::verify(
    llvm::function_ref<InFlightDiagnostic()> emitError, StringRef name,
    StringRef source, int64_t atomicC, int64_t atomicK, Dataflow dataflow,
    int64_t inputBufferBytes, int64_t weightBufferBytes,
    int64_t accBufferBytes, APFloat dramBytesPerCycle,
    int64_t dramLatencyCycles, APFloat clockMHz, int64_t dataBits,
    int64_t accBits, int64_t maxKernel, int64_t maxStride, int64_t maxDilation,
    int64_t maxPad, int64_t maxChannels, APFloat energyMacPJ,
    APFloat energyInputBufPJPerByte, APFloat energyWeightBufPJPerByte,
    APFloat energyAccBufPJPerByte, APFloat energyDramPJPerByte) {
  for (const APFloat *real :
       {&dramBytesPerCycle, &clockMHz, &energyMacPJ, &energyInputBufPJPerByte,
        &energyWeightBufPJPerByte, &energyAccBufPJPerByte,
        &energyDramPJPerByte})
    if (&real->getSemantics() != &APFloat::IEEEdouble())
      return emitError() << "invalid #accel.target: real-valued fields must "
                            "be f64";
  llvm::Error error = validateTarget(makeDesc(
      name, source, atomicC, atomicK, dataflow, inputBufferBytes,
      weightBufferBytes, accBufferBytes, dramBytesPerCycle, dramLatencyCycles,
      clockMHz, dataBits, accBits, maxKernel, maxStride, maxDilation, maxPad,
      maxChannels, energyMacPJ, energyInputBufPJPerByte,
      energyWeightBufPJPerByte, energyAccBufPJPerByte, energyDramPJPerByte));
  if (!error)
    return success();
  return emitError() << "invalid #accel.target: "
                     << llvm::toString(std::move(error));
}

TargetDesc TargetAttr::getDesc() const {
  return makeDesc(getName(), getSource(), getAtomicC(), getAtomicK(),
                  getDataflow(), getInputBufferBytes(), getWeightBufferBytes(),
                  getAccBufferBytes(), getDramBytesPerCycle(),
                  getDramLatencyCycles(), getClockMHz(), getDataBits(),
                  getAccBits(), getMaxKernel(), getMaxStride(),
                  getMaxDilation(), getMaxPad(), getMaxChannels(),
                  getEnergyMacPJ(), getEnergyInputBufPJPerByte(),
                  getEnergyWeightBufPJPerByte(), getEnergyAccBufPJPerByte(),
                  getEnergyDramPJPerByte());
}

bool TargetAttr::isPreset() const {
  std::optional<TargetDesc> preset = lookupPreset(getName());
  return preset && get(getContext(), *preset) == *this;
}

/// Reads one dictionary value into the JSON object `readTargetFields` takes.
static ParseResult addJSONField(AsmParser &parser, SMLoc loc, StringRef key,
                                Attribute value, llvm::json::Object &object) {
  auto fail = [&](const Twine &message) {
    return parser.emitError(loc) << "invalid #accel.target: field '" << key
                                 << "': " << message;
  };
  // The key must own its text: `key` dies with the parser's token.
  llvm::json::Value &slot = object[llvm::json::ObjectKey(key.str())];
  if (auto text = dyn_cast<StringAttr>(value)) {
    slot = text.getValue().str();
  } else if (auto integer = dyn_cast<IntegerAttr>(value);
             integer && !integer.getType().isInteger(1)) {
    if (integer.getValue().getSignificantBits() > 64)
      return fail("integer does not fit in 64 bits");
    slot = integer.getValue().getSExtValue();
  } else if (auto real = dyn_cast<FloatAttr>(value)) {
    slot = real.getValueAsDouble();
  } else {
    return fail("expected a string, integer or float attribute");
  }
  return success();
}

/// `<"preset">` or `<{field = value, ...}>`.
Attribute TargetAttr::parse(AsmParser &parser, Type) {
  SMLoc start = parser.getCurrentLocation();
  MLIRContext *context = parser.getContext();
  if (parser.parseLess())
    return {};
  std::string presetName;
  if (succeeded(parser.parseOptionalString(&presetName))) {
    if (parser.parseGreater())
      return {};
    if (std::optional<TargetDesc> preset = lookupPreset(presetName))
      return get(context, *preset);
    parser.emitError(start)
        << "invalid #accel.target: '" << presetName
        << "' is not a preset (presets: " << presetNameList()
        << "); to compile for a target file, use "
           "--accel-set-target=target=FILE.json";
    return {};
  }
  if (failed(parser.parseOptionalLBrace())) {
    parser.emitError(parser.getCurrentLocation())
        << "invalid #accel.target: expected a preset name string or a "
           "dictionary of target fields";
    return {};
  }
  llvm::json::Object object;
  llvm::StringMap<SMLoc> valueLocs;
  auto parseField = [&]() -> ParseResult {
    SMLoc keyLoc = parser.getCurrentLocation();
    std::string key;
    if (parser.parseKeywordOrString(&key) || parser.parseEqual())
      return failure();
    SMLoc valueLoc = parser.getCurrentLocation();
    Attribute value;
    if (parser.parseAttribute(value))
      return failure();
    if (!valueLocs.try_emplace(key, valueLoc).second)
      return parser.emitError(keyLoc)
             << "invalid #accel.target: field '" << key << "' given twice";
    return addJSONField(parser, valueLoc, key, value, object);
  };
  if ((failed(parser.parseOptionalRBrace()) &&
       (parser.parseCommaSeparatedList(parseField) || parser.parseRBrace())) ||
      parser.parseGreater())
    return {};
  llvm::Expected<TargetDesc> desc =
      readTargetFields(llvm::json::Value(std::move(object)));
  if (!desc) {
    SMLoc at = start;
    std::string message;
    llvm::handleAllErrors(
        desc.takeError(),
        [&](const TargetError &error) {
          message = error.describe();
          if (auto found = valueLocs.find(error.field);
              found != valueLocs.end())
            at = found->second;
        },
        [&](const llvm::ErrorInfoBase &other) { message = other.message(); });
    parser.emitError(at) << "invalid #accel.target: " << message;
    return {};
  }
  // Ranges: the verifier (validateTarget), as for attributes built in C++.
  return getChecked([&] { return parser.emitError(start); }, context, *desc);
}

void TargetAttr::print(AsmPrinter &printer) const {
  printer << '<';
  if (isPreset()) {
    printer.printString(getName());
    printer << '>';
    return;
  }
  TargetDesc desc = getDesc();
  printer << "{name = ";
  printer.printString(desc.name);
  if (!desc.source.empty()) {
    printer << ", source = ";
    printer.printString(desc.source);
  }
  printer << ", dataflow = ";
  printer.printString(stringifyDataflow(desc.dataflow));
  forEachNumericField(desc, [&](const NumericField &field) {
    printer << ", " << field.name << " = ";
    if (field.isInteger)
      printer << field.integer;
    else
      printer.printFloat(APFloat(field.real));
  });
  printer << "}>";
}

/// The parameters of TargetAttr for `desc`, in order.
static auto paramsOf(const TargetDesc &desc) {
  const EnergyTable &energy = desc.energy;
  return std::make_tuple(
      StringRef(desc.name), StringRef(desc.source), desc.atomicC, desc.atomicK,
      desc.dataflow, desc.inputBufferBytes, desc.weightBufferBytes,
      desc.accBufferBytes, APFloat(desc.dramBytesPerCycle),
      desc.dramLatencyCycles, APFloat(desc.clockMHz), desc.dataBits,
      desc.accBits, desc.limits.maxKernel, desc.limits.maxStride,
      desc.limits.maxDilation, desc.limits.maxPad, desc.limits.maxChannels,
      APFloat(energy.macPJ), APFloat(energy.inputBufPJPerByte),
      APFloat(energy.weightBufPJPerByte), APFloat(energy.accBufPJPerByte),
      APFloat(energy.dramPJPerByte));
}

TargetAttr TargetAttr::get(MLIRContext *context, const TargetDesc &desc) {
  return std::apply(
      [&](auto &&...params) { return Base::get(context, params...); },
      paramsOf(desc));
}

TargetAttr
TargetAttr::getChecked(llvm::function_ref<InFlightDiagnostic()> emitError,
                       MLIRContext *context, const TargetDesc &desc) {
  return std::apply(
      [&](auto &&...params) {
        return Base::getChecked(emitError, context, params...);
      },
      paramsOf(desc));
}

LogicalResult accel::emitTargetError(Location use, llvm::Error error,
                                    StringRef context) {
  std::optional<Location> inFile;
  std::string message;
  llvm::handleAllErrors(
      std::move(error),
      [&](const TargetError &targetError) {
        message = targetError.describe();
        if (targetError.hasLocation())
          inFile = FileLineColLoc::get(use.getContext(), targetError.file,
                                       targetError.line, targetError.column);
        else if (!targetError.file.empty())
          message = targetError.file + ": " + message;
      },
      [&](const llvm::ErrorInfoBase &other) { message = other.message(); });
  if (!inFile) {
    mlir::emitError(use) << context << message;
    return failure();
  }
  InFlightDiagnostic diag = mlir::emitError(*inFile)
                            << message;
  // Only a real source position helps (not a module's implicit file:0:0).
  if (auto file = dyn_cast<FileLineColLoc>(use); file && file.getLine() > 0)
    diag.attachNote(use) << "target description used here";
  return failure();
}

TargetAttr accel::lookupTargetAttr(Operation *op) {
  for (Operation *current = op; current; current = current->getParentOp())
    if (auto module = dyn_cast<ModuleOp>(current))
      if (auto target = module->getAttrOfType<TargetAttr>(
              AccelDialect::getTargetAttrName()))
        return target;
  return {};
}
