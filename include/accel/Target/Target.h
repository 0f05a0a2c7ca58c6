//===- Target.h - Description of a fixed-function conv accelerator -*- C++ -*-===//
//
// A plain C++ description of the accelerator accel compiles for: the MAC
// array, the on-chip buffers, the DRAM interface, the hardware limits and an
// energy table. It has no MLIR types so the cost model, the tiler and the
// simulator can use it directly; the dialect wraps it in `#accel.target<...>`.
//
// Every field has a JSON name (`forEachNumericField` walks them in order);
// the preset table (include/accel/Target/Presets.def), JSON files and the
// `#accel.target` attribute describe targets in exactly the same vocabulary.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_TARGET_TARGET_H
#define ACCEL_TARGET_TARGET_H

#include "accel/Target/ConvShape.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <optional>
#include <string>

namespace accel {

/// How the MAC array keeps its operands. The first three are arrays that
/// broadcast operands to their MAC cells and reduce through adder trees
/// (NVDLA's CMAC, DianNao's NFU): the dataflow changes which operand is
/// re-read from SRAM per MAC (the SRAM energy split), not the cycles. The
/// systolic ones are SCALE-Sim's `ws` / `os` arrays: same SRAM traffic as
/// their broadcast counterparts, plus the array's fill and drain per fold
/// (isa::convComputeCycles, docs/CostModel.md).
enum class Dataflow {
  WeightStationary,
  OutputStationary,
  InputStationary,
  SystolicWeightStationary,
  SystolicOutputStationary,
};

llvm::StringRef stringifyDataflow(Dataflow dataflow);
std::optional<Dataflow> parseDataflow(llvm::StringRef name);

/// Whether operands travel through the array cell to cell (fill / drain).
bool isSystolic(Dataflow dataflow);
/// Which operand stays in the array: the broadcast dataflow with the same
/// reuse (a systolic dataflow maps to its broadcast counterpart).
Dataflow stationaryOperand(Dataflow dataflow);

/// Energy per event, in picojoules.
struct EnergyTable {
  double macPJ = 0;              ///< one multiply-accumulate
  double inputBufPJPerByte = 0;  ///< input (feature) buffer read or write
  double weightBufPJPerByte = 0; ///< weight buffer read or write
  double accBufPJPerByte = 0;    ///< accumulator / output buffer access
  double dramPJPerByte = 0;      ///< off-chip transfer
};

/// Hardware limits of the conv engine. A conv outside them cannot run.
struct TargetLimits {
  int64_t maxKernel = 0;   ///< largest kernel height / width
  int64_t maxStride = 0;   ///< largest conv stride
  int64_t maxDilation = 0; ///< largest kernel dilation
  int64_t maxPad = 0;      ///< largest padding on one side
  int64_t maxChannels = 0; ///< largest input or output channel count
};

/// A fixed-function convolution accelerator.
///
/// The MAC array consumes `atomicC` input channels for `atomicK` output
/// channels per cycle (NVDLA's atomic-C x atomic-K; rows x cols for a systolic
/// array; the dot-product width x number of neurons for DianNao). Buffers are
/// in bytes; with double buffering each stage gets half.
///
/// The members are in the order of the columns of the preset table
/// (Presets.def initialises TargetDescs by aggregate initialisation).
struct TargetDesc {
  std::string name;
  std::string source; ///< where the numbers come from
  int64_t atomicC = 0;
  int64_t atomicK = 0;
  Dataflow dataflow = Dataflow::WeightStationary;
  int64_t inputBufferBytes = 0;
  int64_t weightBufferBytes = 0;
  int64_t accBufferBytes = 0;
  double dramBytesPerCycle = 0;
  int64_t dramLatencyCycles = 0;
  double clockMHz = 0;
  int64_t dataBits = 0;  ///< native activation / weight width (8 or 16)
  int64_t accBits = 0;   ///< accumulator width
  TargetLimits limits;
  EnergyTable energy;

  /// At most 2^32: validateTarget bounds atomicC and atomicK by 2^16.
  int64_t macsPerCycle() const { return atomicC * atomicK; }
};

/// Deepest array/object nesting a target JSON text may have. A target
/// needs depth 1 (one object of scalars); anything deeper than this is
/// rejected before the (recursive) JSON parser runs.
constexpr unsigned kMaxTargetJSONDepth = 64;

/// An error in a target description: the field it is about (if any), the
/// message, and where in the JSON file it is (if known: line and column are
/// 1-based, 0 when unknown). `log` prints `file:line:col: field 'f': msg`.
class TargetError : public llvm::ErrorInfo<TargetError> {
public:
  static char ID;
  TargetError(std::string field, std::string message)
      : field(std::move(field)), message(std::move(message)) {}

  /// The message without the location: `field 'f': msg`.
  std::string describe() const;
  bool hasLocation() const { return !file.empty() && line > 0; }
  void log(llvm::raw_ostream &os) const override;
  std::error_code convertToErrorCode() const override {
    return llvm::inconvertibleErrorCode();
  }

  std::string field;
  std::string message;
  std::string file;
  unsigned line = 0, column = 0;
};

/// Names of the built-in presets, in the order of the preset table.
llvm::ArrayRef<llvm::StringRef> presetNames();

/// The preset names joined for messages and help texts:
/// "nvdla-small, nvdla-large, ...".
std::string presetNameList();

/// The preset with this name, or std::nullopt. Never reads a file.
std::optional<TargetDesc> lookupPreset(llvm::StringRef name);

/// Checks every field's range: the one range check, used by the JSON loader,
/// the `#accel.target` verifier and the program reader. The error is a
/// TargetError naming the offending field ("field 'atomic_c': must be at
/// most 65536").
llvm::Error validateTarget(const TargetDesc &target);

/// One numeric field of a TargetDesc: its JSON name and value (exactly one
/// of `integer` / `real` is meaningful, as `isInteger` says).
struct NumericField {
  llvm::StringRef name;
  bool isInteger;
  int64_t integer;
  double real;
};

/// Calls `visit` for every numeric field of `target`, in the documented
/// order (atomic_c, atomic_k, input_buffer_bytes, ...).
void forEachNumericField(const TargetDesc &target,
                         llvm::function_ref<void(const NumericField &)> visit);

/// Checks a conv against the target's hardware limits (kernel, stride,
/// dilation, padding, channels): the one check behind the accel.conv2d
/// verifier, the TOSA conversion and the tiler. The error names the limit,
/// e.g. "kernel height 5 exceeds the target 'tiny' maximum of 3
/// (max_kernel)". Then against what any program can encode
/// (isa/FieldWidths.h: input rows, columns and channels up to 65,535, the
/// last window's origin up to 65,535; kernel, stride, dilation up to 255),
/// whatever the target allows.
llvm::Error checkTargetLimits(const ConvShape &shape, const TargetDesc &target);

/// Reads a target from a JSON object: every field is required except
/// `source` and `dataflow`; unknown fields and values of the wrong type are
/// errors naming the field (e.g. "field 'atomic_c': expected an integer").
/// Does not check ranges: for callers that run `validateTarget` later (the
/// `#accel.target` parser, whose attribute verifier does).
llvm::Expected<TargetDesc> readTargetFields(const llvm::json::Value &value);

/// `readTargetFields` followed by `validateTarget`.
llvm::Expected<TargetDesc> targetFromJSON(const llvm::json::Value &value);

/// Parses JSON text (see `targetFromJSON`). This is the one entry point for
/// target JSON text (files, program headers): it rejects nesting deeper than
/// kMaxTargetJSONDepth before parsing, and its TargetErrors carry the line
/// and column of the offending value, with `fileName` as the file.
llvm::Expected<TargetDesc> parseTargetJSON(llvm::StringRef text,
                                           llvm::StringRef fileName = "");

/// Serialises to the JSON object `targetFromJSON` reads.
llvm::json::Object targetToJSON(const TargetDesc &target);

/// Writes `targetToJSON(target)` as indented JSON text with the fields in
/// the documented order (name, source, dataflow, atomic_c, ...), for people
/// to read and edit (`accel-opt --accel-dump-target`).
void writeTargetJSON(llvm::raw_ostream &os, const TargetDesc &target);

/// Resolves the user's `target=` spelling: a preset name, or a path to a JSON
/// file (anything ending in ".json"). Only the passes and tools that take a
/// `target=` option call this; the dialect never reads files.
llvm::Expected<TargetDesc> resolveTarget(llvm::StringRef nameOrPath);

} // namespace accel

#endif // ACCEL_TARGET_TARGET_H
