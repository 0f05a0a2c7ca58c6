//===- AccelAttrs.cpp - #accel.target and the post-op enum ----------------===//
//
// `#accel.target<"preset">` or `#accel.target<{...}>`. The dictionary form is
// translated to JSON and validated by `accel::targetFromJSON`, so attribute
// and file share one validator and one set of field-naming errors.
//
//===----------------------------------------------------------------------===//

#include "accel/Dialect/Accel/IR/AccelAttrs.h"
#include "accel/Dialect/Accel/IR/AccelDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

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

/// Converts the dictionary form into the JSON object the file loader reads.
static llvm::Expected<TargetDesc> descFromDictionary(DictionaryAttr dict) {
  llvm::json::Object object;
  for (NamedAttribute entry : dict) {
    StringRef key = entry.getName().getValue();
    Attribute value = entry.getValue();
    if (auto text = dyn_cast<StringAttr>(value))
      object[key] = text.getValue().str();
    else if (auto integer = dyn_cast<IntegerAttr>(value);
             integer && integer.getValue().getSignificantBits() <= 64)
      object[key] = integer.getValue().getSExtValue();
    else if (integer)
      return llvm::make_error<TargetError>(key.str(),
                                           "integer does not fit in 64 bits");
    else if (auto real = dyn_cast<FloatAttr>(value))
      object[key] = real.getValueAsDouble();
    else
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "field '" + key +
                                         "': expected a string, integer or "
                                         "float attribute");
  }
  return targetFromJSON(llvm::json::Value(std::move(object)));
}

static llvm::Expected<TargetDesc> descFromSpec(Attribute spec) {
  if (auto name = dyn_cast<StringAttr>(spec)) {
    if (std::optional<TargetDesc> preset = lookupPreset(name.getValue()))
      return *preset;
    return resolveTarget(name.getValue()); // produces the "unknown" message
  }
  if (auto dict = dyn_cast<DictionaryAttr>(spec))
    return descFromDictionary(dict);
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      "expected a preset name string or a dictionary of target fields");
}

LogicalResult
TargetAttr::verify(llvm::function_ref<InFlightDiagnostic()> emitError,
                   Attribute spec) {
  llvm::Expected<TargetDesc> desc = descFromSpec(spec);
  if (desc)
    return success();
  // An error inside a JSON file is reported there (see emitTargetError).
  InFlightDiagnostic diag = emitError();
  Diagnostic *underlying = diag.getUnderlyingDiagnostic();
  if (!underlying) // a silent emitter: nothing to report
    return llvm::consumeError(desc.takeError()), failure();
  Location use = underlying->getLocation();
  diag.abandon();
  return emitTargetError(use, desc.takeError(), "invalid #accel.target: ");
}

llvm::Expected<TargetDesc> TargetAttr::getDesc() const {
  return descFromSpec(getSpec());
}

TargetAttr TargetAttr::get(MLIRContext *context, const TargetDesc &desc) {
  llvm::json::Object fields = targetToJSON(desc);
  if (std::optional<TargetDesc> preset = lookupPreset(desc.name))
    if (llvm::json::Value(targetToJSON(*preset)) ==
        llvm::json::Value(llvm::json::Object(fields)))
      return get(context, StringAttr::get(context, desc.name));
  Builder builder(context);
  SmallVector<NamedAttribute> entries;
  for (const auto &[key, value] : fields) {
    Attribute attr;
    if (std::optional<StringRef> text = value.getAsString())
      attr = builder.getStringAttr(*text);
    else if (std::optional<int64_t> integer = value.getAsInteger())
      attr = builder.getI64IntegerAttr(*integer);
    else
      attr = builder.getF64FloatAttr(*value.getAsNumber());
    entries.push_back(builder.getNamedAttr(key.str(), attr));
  }
  return get(context, builder.getDictionaryAttr(entries));
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
