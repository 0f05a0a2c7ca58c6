//===- OnnxImporterImpl.h - The ONNX graph walker ---------------*- C++ -*-===//
//
// Shared between OnnxImporter.cpp (graph walk, layout, constants) and
// OnnxOps.cpp (one function per ONNX op). Every ONNX tensor is an Entry:
// its ONNX shape, plus either the values (a HostTensor, for constants and
// folded shape computations) or an SSA value in the internal layout:
//   rank 5 (N,C,D,H,W) -> NDHWC;  rank 4 (N,C,H,W) -> NHWC;  rank 3 (N,C,L)
//   -> N,1,L,C (a 1-D conv's H=1 NHWC form);  other ranks -> the ONNX
//   layout.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_LIB_IMPORT_ONNXIMPORTERIMPL_H
#define ACCEL_LIB_IMPORT_ONNXIMPORTERIMPL_H

#include "OnnxTensors.h"

#include "accel/Import/OnnxImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <array>

namespace accel::onnx_import {

struct Entry {
  llvm::SmallVector<int64_t> shape; // ONNX layout
  mlir::Value value;                // internal layout; null for constants
  std::optional<HostTensor> constant;
  bool isConstant() const { return constant.has_value(); }
};

/// The internal-layout shape of an ONNX shape (see the file comment).
llvm::SmallVector<int64_t> internalShape(llvm::ArrayRef<int64_t> shape);
/// A host permutation: out[i...] = in[perm...] (row-major).
HostTensor permuteHost(const HostTensor &in, llvm::ArrayRef<int64_t> perm);

class Importer {
public:
  Importer(mlir::MLIRContext &context, const onnx::ModelProto &model,
           const OnnxImportOptions &options);
  mlir::OwningOpRef<mlir::ModuleOp> run();

  // --- used by the op converters (OnnxOps.cpp) ---
  mlir::OpBuilder builder;
  mlir::Location loc;              // the current node's location
  mlir::Location fileLoc;          // the model file (for diagnostics)
  const onnx::NodeProto *node = nullptr;
  int64_t opset = 0;

  mlir::InFlightDiagnostic error();
  /// The entry of input `i` of the current node (null when absent/empty).
  const Entry *input(int i);
  /// Input `i` as a constant, or an error naming it.
  mlir::FailureOr<const HostTensor *> constantInput(int i, llvm::StringRef what);
  /// Input `i` as an SSA value in the internal layout (constants become
  /// tosa.const).
  mlir::FailureOr<mlir::Value> valueInput(int i);
  void define(int output, Entry entry);
  /// Defines output `output` as the known tensor `t`.
  void defineConstant(int output, HostTensor t) {
    llvm::SmallVector<int64_t> shape = t.shape;
    define(output, Entry{shape, mlir::Value(), std::move(t)});
  }
  /// Input `i`, or null after an error saying it is missing.
  const Entry *requiredInput(int i);
  /// Defines the tensor called `name` (an output of a folded node).
  void defineNamed(llvm::StringRef name, Entry entry) {
    entries[name] = std::move(entry);
  }
  void defineValue(int output, mlir::Value internal,
                   llvm::ArrayRef<int64_t> onnxShape);
  /// The output's single user when it is the only one and not a graph
  /// output, else null.
  const onnx::NodeProto *soleUser(int output);
  void markConsumed(const onnx::NodeProto *n) { consumed.insert(n); }
  /// Whether the current node is the only user of its input `i` (which is
  /// not a graph output).
  bool isSoleUserOfInput(int i);
  /// The entry of the tensor called `name` (null when unknown).
  const Entry *lookup(llvm::StringRef name) const;
  /// The node that produces tensor `name` (null for graph inputs and
  /// initializers).
  const onnx::NodeProto *producer(llvm::StringRef name) const;
  /// The only user of tensor `name` when it has one and is not a graph
  /// output, else null.
  const onnx::NodeProto *soleUserOf(llvm::StringRef name) const;
  /// The ONNX element type of tensor `name` (initializer, Constant node or
  /// graph input); 0 when unknown.
  int32_t elementTypeOf(llvm::StringRef name) const;
  /// Adds attribute `attr` to the function argument or result that carries
  /// the ONNX interface name `name` (applied when the function is done).
  void setInterfaceAttr(llvm::StringRef name, llvm::StringRef attr,
                        mlir::Attribute value) {
    interfaceAttrs[name].set(attr, value);
  }

  // Attributes of the current node.
  int64_t attrInt(llvm::StringRef name, int64_t fallback);
  float attrFloat(llvm::StringRef name, float fallback);
  std::string attrString(llvm::StringRef name, llvm::StringRef fallback);
  std::optional<llvm::SmallVector<int64_t>> attrInts(llvm::StringRef name);
  const onnx::AttributeProto *attr(llvm::StringRef name);

  // IR helpers (at `loc`).
  mlir::RankedTensorType f32(llvm::ArrayRef<int64_t> shape);
  /// An f32 constant: a splat when it has one element, else a
  /// dense_resource blob named `<node>_<role>` (e.g. `conv1_weight`).
  mlir::Value constF32(llvm::ArrayRef<int64_t> shape,
                       llvm::ArrayRef<float> values,
                       llvm::StringRef role = "const");
  /// The same for T = float, int8_t or int32_t with `type`'s shape.
  template <typename T>
  mlir::Value constant(mlir::RankedTensorType type, llvm::ArrayRef<T> values,
                       llvm::StringRef role = "const");
  /// The ONNX element type (onnx::TensorProto::DataType) of input `i` of
  /// the current node: of its initializer, Constant node or graph input;
  /// 0 when unknown.
  int32_t inputElementType(int i);
  mlir::Value transpose(mlir::Value v, llvm::ArrayRef<int32_t> perm);
  mlir::Value reshape(mlir::Value v, llvm::ArrayRef<int64_t> shape);
  mlir::Value slice(mlir::Value v, llvm::ArrayRef<int64_t> start,
                    llvm::ArrayRef<int64_t> size);
  /// `perm` applied to `v` as a reshape when it moves only size-1 dims,
  /// else as a transpose.
  mlir::Value permute(mlir::Value v, llvm::ArrayRef<int64_t> perm);
  /// An entry's value in the ONNX layout, and back.
  mlir::FailureOr<mlir::Value> onnxLayoutInput(int i);
  mlir::Value fromOnnxLayout(mlir::Value v);
  /// An internal-layout value of ONNX shape `shape` in the ONNX layout.
  mlir::Value toOnnxLayout(mlir::Value v, llvm::ArrayRef<int64_t> shape);
  /// A host tensor broadcast to rank `rank` (leading 1s) and put in the
  /// internal layout, as a constant.
  mlir::Value broadcastConstant(const HostTensor &t, size_t rank,
                                llvm::StringRef role = "const");

  const onnx::ModelProto &getModel() const { return model; }
  const OnnxImportOptions &getOptions() const { return options; }

private:
  mlir::LogicalResult importGraph(mlir::ModuleOp module);
  mlir::LogicalResult declareInputs(mlir::func::FuncOp func);
  /// Whether graph input `info` is declared int8 (see declareInputs).
  bool isInt8Interface(const onnx::ValueInfoProto &info) const;
  mlir::LogicalResult importNode(const onnx::NodeProto &n, unsigned index);
  mlir::LogicalResult emitResults(mlir::func::FuncOp func);

  const onnx::ModelProto &model;
  const OnnxImportOptions &options;
  llvm::StringMap<Entry> entries;
  llvm::StringMap<llvm::SmallVector<const onnx::NodeProto *>> users;
  llvm::StringSet<> graphOutputs;
  llvm::DenseSet<const onnx::NodeProto *> consumed;
  llvm::StringMap<mlir::NamedAttrList> interfaceAttrs;
};

/// Normalizes a possibly negative axis; nullopt when out of range.
std::optional<int64_t> normalizeAxis(int64_t axis, size_t rank);

/// Axes from the `axes` attribute (older opsets) or constant input 1 (empty
/// when neither is given).
mlir::FailureOr<llvm::SmallVector<int64_t>> axesOf(Importer &im);

/// Converts the current node of `im`; emits one error on failure.
mlir::LogicalResult convertNode(Importer &im);

//===----------------------------------------------------------------------===//
// Conv geometry, shared by the f32 (OnnxOps.cpp) and quantized
// (OnnxQuantOps.cpp) converters
//===----------------------------------------------------------------------===//

/// A conv's attributes on (H, W); a 1-D conv has H = 1, no H stride or pad.
struct ConvGeometry {
  std::array<int64_t, 2> in, kernel, stride{1, 1}, dilation{1, 1},
      padBegin{0, 0}, padEnd{0, 0}, outputPadding{0, 0};
  std::string autoPad;
  size_t spatial = 2;
  std::optional<llvm::SmallVector<int64_t>> outputShape;
};

/// Where readConvAttributes writes: one entry per axis of the arrays.
struct ConvAttributeRefs {
  llvm::MutableArrayRef<int64_t> in, kernel, stride, dilation, padBegin,
      padEnd, outputPadding;
  std::string &autoPad;
  std::optional<llvm::SmallVector<int64_t>> &outputShape;
};
/// Reads and checks the spatial attributes of the current Conv /
/// ConvTranspose-like node; spatial axis i lands at index `first + i` (a
/// 1-D conv fills W of 2-D arrays). Entries no axis sets keep their values.
mlir::LogicalResult readConvAttributes(Importer &im,
                                       llvm::ArrayRef<int64_t> xShape,
                                       llvm::ArrayRef<int64_t> wShape,
                                       size_t first,
                                       const ConvAttributeRefs &refs);
/// Reads the attributes of the current Conv/ConvTranspose-like node.
mlir::FailureOr<ConvGeometry> readGeometry(Importer &im,
                                           llvm::ArrayRef<int64_t> xShape,
                                           llvm::ArrayRef<int64_t> wShape);
/// Conv pads from auto_pad (SAME_UPPER puts the odd pad at the end).
void resolveConvPads(ConvGeometry &g);
/// Makes a conv of NHWC `x` meet TOSA's exact-division rule (rows ONNX's
/// floor division never reads are dropped from the end pad, then sliced off
/// `x`); returns the input to convolve and sets the NHWC `outShape`.
mlir::FailureOr<mlir::Value> fitToTosaConv(Importer &im, mlir::Value x,
                                           ConvGeometry &g,
                                           int64_t outChannels,
                                           llvm::SmallVector<int64_t> &outShape);

/// tosa.transpose_conv2d out_pad per side, plus the rows/cols to crop when
/// a pad reaches the kernel size (TOSA needs out_pad > -kernel).
struct TransposePads {
  llvm::SmallVector<int64_t> outPad; // top, bottom, left, right
  std::array<int64_t, 2> cropBegin{0, 0};
  std::array<int64_t, 2> full, out;
};
/// Resolves a ConvTranspose's pads (auto_pad, output_shape) in `g`.
mlir::FailureOr<TransposePads> transposePads(Importer &im, ConvGeometry &g);

/// The operands of a Conv/ConvTranspose (1-D, 2-D or 3-D) and its channel
/// split into groups.
struct ConvOperands {
  const Entry *x;
  const HostTensor *w;
  int64_t group, inPerGroup, outPerGroup;
  int64_t outChannels() const { return outPerGroup * group; }
};
/// Reads and checks them (Conv weights are [M, C / group, ...],
/// ConvTranspose weights [C, M / group, ...]).
mlir::FailureOr<ConvOperands> convOperands(Importer &im, bool transposed);
/// Bias values of input 2 (zeros when absent).
mlir::FailureOr<std::vector<float>> biasInput(Importer &im, int64_t channels);
/// 3-D Conv / ConvTranspose (OnnxConv3d.cpp): tosa.conv3d, and the exact
/// phase decomposition of the 3-axis split plan.
mlir::LogicalResult convertConv3d(Importer &im, const ConvOperands &operands);
mlir::LogicalResult convertConvTranspose3d(Importer &im,
                                           const ConvOperands &operands);

/// Joins per-group NHWC results on channels (or returns the only one).
mlir::Value concatChannels(Importer &im, llvm::ArrayRef<mlir::Value> parts);
/// The channels [begin, begin + count) of an NHWC value.
mlir::Value channelSlice(Importer &im, mlir::Value v, int64_t begin,
                         int64_t count);
/// Internal-layout axis of ONNX axis `axis` of a rank-`rank` tensor.
int64_t internalAxis(int64_t axis, size_t rank);

/// Converters of quantized ops (OnnxQuantOps.cpp).
mlir::LogicalResult convertQLinearConv(Importer &im);
mlir::LogicalResult convertConvInteger(Importer &im);
/// QDQ (OnnxQdqOps.cpp): QuantizeLinear / DequantizeLinear nodes that are
/// not part of an op's pattern (the int8 interface), and the op of a
/// DQ -> op -> Q pattern.
mlir::LogicalResult convertQuantizeLinear(Importer &im);
mlir::LogicalResult convertDequantizeLinear(Importer &im);
/// Whether an input of the current node is a DequantizeLinear's result.
bool readsDequantized(Importer &im);
mlir::LogicalResult convertQdqOp(Importer &im);

} // namespace accel::onnx_import

#endif // ACCEL_LIB_IMPORT_ONNXIMPORTERIMPL_H
