//===- OnnxImporter.cpp - ONNX models to TOSA: the graph walk -------------===//
//
// Parses the ModelProto, checks the opset, declares the function (NCHW
// interface, one layout change at the boundary), walks the nodes in their
// (topological) order through convertNode (OnnxOps.cpp), and returns the
// graph outputs in the ONNX layout. Also the layout helpers: every tensor
// lives in the internal layout (OnnxImporterImpl.h) and is put into the
// ONNX layout only where an op's meaning depends on it (Reshape, Flatten,
// Transpose, ...), with a reshape instead of a transpose when only size-1
// dims move.
//
//===----------------------------------------------------------------------===//

#include "OnnxImporterImpl.h"

#include "accel/Dialect/Accel/IR/AccelAnnotations.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/Verifier.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <climits>

using namespace mlir;
using namespace accel::onnx_import;

/// ONNX default-domain opsets this importer implements (PyTorch's
/// TorchScript exporter writes 9..17, its dynamo exporter 18 and up). The
/// importer reads the schemas itself (no ONNX library schema or shape
/// inference), so a newer opset is accepted only once every converter
/// handles that opset's changes: 18 (Resize's antialias, axes and
/// keep_aspect_ratio_policy, Pad's and ReduceMean's axes inputs, Mish),
/// 19 (AveragePool's dilations, Resize's half_pixel_symmetric, Pad's wrap
/// mode), 20 (Gelu).
static constexpr int64_t kMinOpset = 7, kMaxOpset = 20;

SmallVector<int64_t> accel::onnx_import::internalShape(ArrayRef<int64_t> s) {
  if (s.size() == 5)
    return {s[0], s[2], s[3], s[4], s[1]};
  if (s.size() == 4)
    return {s[0], s[2], s[3], s[1]};
  if (s.size() == 3)
    return {s[0], 1, s[2], s[1]};
  return SmallVector<int64_t>(s);
}

std::optional<int64_t> accel::onnx_import::normalizeAxis(int64_t axis,
                                                         size_t rank) {
  if (axis < 0)
    axis += int64_t(rank);
  if (axis < 0 || axis >= int64_t(rank))
    return std::nullopt;
  return axis;
}

FailureOr<SmallVector<int64_t>> accel::onnx_import::axesOf(Importer &im) {
  if (std::optional<SmallVector<int64_t>> axes = im.attrInts("axes"))
    return *axes;
  SmallVector<int64_t> axes;
  if (!im.input(1))
    return axes;
  FailureOr<const HostTensor *> t = im.constantInput(1, "axes");
  if (failed(t))
    return failure();
  for (int64_t i = 0; i < (*t)->size(); ++i)
    axes.push_back((*t)->intAt(i));
  return axes;
}

HostTensor accel::onnx_import::permuteHost(const HostTensor &in,
                                           ArrayRef<int64_t> perm) {
  size_t rank = in.shape.size();
  SmallVector<int64_t> outShape, inStrides(rank, 1);
  for (int64_t axis : perm)
    outShape.push_back(in.shape[axis]);
  for (int i = int(rank) - 2; i >= 0; --i)
    inStrides[i] = inStrides[i + 1] * in.shape[i + 1];
  HostTensor out = in;
  out.shape = outShape;
  SmallVector<int64_t> index(rank, 0);
  for (int64_t flat = 0, n = in.size(); flat < n; ++flat) {
    int64_t source = 0;
    for (size_t i = 0; i < rank; ++i)
      source += index[i] * inStrides[perm[i]];
    if (in.isFloat)
      out.floats[flat] = in.floats[source];
    else
      out.ints[flat] = in.ints[source];
    for (int i = int(rank) - 1; i >= 0; --i) {
      if (++index[i] < outShape[i])
        break;
      index[i] = 0;
    }
  }
  return out;
}

Importer::Importer(MLIRContext &context, const onnx::ModelProto &model,
                   const OnnxImportOptions &options)
    : builder(&context), loc(UnknownLoc::get(&context)), fileLoc(loc),
      model(model), options(options) {}

InFlightDiagnostic Importer::error() {
  // Ops carry the bare node name; the diagnostic also points at the file.
  auto name = dyn_cast<NameLoc>(loc);
  InFlightDiagnostic diag =
      emitError(name ? Location(NameLoc::get(name.getName(), fileLoc)) : loc);
  if (node && name)
    diag << node->op_type() << " node '" << name.getName().getValue()
         << "': ";
  return diag;
}

const Entry *Importer::input(int i) {
  if (i >= node->input_size() || node->input(i).empty())
    return nullptr;
  auto it = entries.find(node->input(i));
  return it == entries.end() ? nullptr : &it->second;
}

const Entry *Importer::requiredInput(int i) {
  const Entry *entry = input(i);
  if (!entry)
    error() << "input " << i << " is missing";
  return entry;
}

FailureOr<const HostTensor *> Importer::constantInput(int i, StringRef what) {
  const Entry *entry = input(i);
  if (!entry || !entry->isConstant()) {
    error() << what << " (input " << i << ") must be a constant";
    return failure();
  }
  return &*entry->constant;
}

FailureOr<Value> Importer::valueInput(int i) {
  const Entry *entry = input(i);
  if (!entry) {
    error() << "input " << i << " is missing";
    return failure();
  }
  if (entry->value)
    return entry->value;
  if (!entry->constant->isFloat) {
    error() << "input " << i << " is an integer constant; only f32 tensors "
            << "are imported as values";
    return failure();
  }
  return broadcastConstant(*entry->constant, entry->shape.size());
}

void Importer::define(int output, Entry entry) {
  if (output < node->output_size() && !node->output(output).empty())
    entries[node->output(output)] = std::move(entry);
}

void Importer::defineValue(int output, Value internal,
                           ArrayRef<int64_t> onnxShape) {
  Entry entry;
  entry.shape.assign(onnxShape.begin(), onnxShape.end());
  entry.value = internal;
  define(output, std::move(entry));
}

const onnx::NodeProto *Importer::soleUser(int output) {
  return soleUserOf(node->output(output));
}

bool Importer::isSoleUserOfInput(int i) {
  const std::string &name = node->input(i);
  auto it = users.find(name);
  return !graphOutputs.contains(name) && it != users.end() &&
         it->second.size() == 1 && it->second.front() == node;
}

const onnx::AttributeProto *Importer::attr(StringRef name) {
  for (const onnx::AttributeProto &a : node->attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t Importer::attrInt(StringRef name, int64_t fallback) {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->i() : fallback;
}

float Importer::attrFloat(StringRef name, float fallback) {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->f() : fallback;
}

std::string Importer::attrString(StringRef name, StringRef fallback) {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->s() : fallback.str();
}

std::optional<SmallVector<int64_t>> Importer::attrInts(StringRef name) {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return std::nullopt;
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

RankedTensorType Importer::f32(ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, builder.getF32Type());
}

Value Importer::constF32(ArrayRef<int64_t> shape, ArrayRef<float> values,
                         StringRef role) {
  return constant<float>(f32(shape), values, role);
}

template <typename T>
Value Importer::constant(RankedTensorType type, ArrayRef<T> values,
                         StringRef role) {
  ElementsAttr attr;
  if (values.size() == 1) {
    attr = DenseElementsAttr::get(type, values);
  } else {
    // Weights are dense_resource blobs (no hex in the op); the blob is
    // named after the node (the blob manager makes names unique).
    std::string name;
    if (auto nameLoc = dyn_cast<NameLoc>(loc))
      for (char c : nameLoc.getName().getValue())
        if (llvm::isAlnum(c) || !name.empty())
          name.push_back(llvm::isAlnum(c) ? c : '_');
    name += (name.empty() ? "" : "_") + role.str();
    attr = DenseResourceElementsAttr::get(
        type, name, HeapAsmResourceBlob::allocateAndCopyInferAlign<T>(values));
  }
  return tosa::ConstOp::create(builder, loc, type, attr);
}

template Value Importer::constant<float>(RankedTensorType, ArrayRef<float>,
                                         StringRef);
template Value Importer::constant<int8_t>(RankedTensorType, ArrayRef<int8_t>,
                                          StringRef);
template Value Importer::constant<int32_t>(RankedTensorType,
                                           ArrayRef<int32_t>, StringRef);

int32_t Importer::inputElementType(int i) {
  if (!node || i >= node->input_size() || node->input(i).empty())
    return 0;
  return elementTypeOf(node->input(i));
}

int32_t Importer::elementTypeOf(StringRef name) const {
  const onnx::GraphProto &graph = model.graph();
  for (const onnx::TensorProto &init : graph.initializer())
    if (init.name() == name)
      return init.data_type();
  for (const onnx::NodeProto &n : graph.node())
    if (n.op_type() == "Constant" && n.output_size() == 1 &&
        n.output(0) == name)
      for (const onnx::AttributeProto &a : n.attribute())
        if (a.name() == "value" && a.has_t())
          return a.t().data_type();
  for (const onnx::ValueInfoProto &info : graph.input())
    if (info.name() == name)
      return info.type().tensor_type().elem_type();
  return 0;
}

const Entry *Importer::lookup(StringRef name) const {
  auto it = entries.find(name);
  return it == entries.end() ? nullptr : &it->second;
}

const onnx::NodeProto *Importer::producer(StringRef name) const {
  for (const onnx::NodeProto &n : model.graph().node())
    for (const std::string &out : n.output())
      if (out == name)
        return &n;
  return nullptr;
}

const onnx::NodeProto *Importer::soleUserOf(StringRef name) const {
  auto it = users.find(name);
  if (graphOutputs.contains(name) || it == users.end() ||
      it->second.size() != 1)
    return nullptr;
  return it->second.front();
}

Value Importer::transpose(Value v, ArrayRef<int32_t> perm) {
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> shape;
  for (int32_t axis : perm)
    shape.push_back(type.getDimSize(axis));
  return tosa::TransposeOp::create(builder, loc, type.clone(shape), v, perm);
}

Value Importer::reshape(Value v, ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getShape() == shape)
    return v;
  ImplicitLocOpBuilder b(loc, builder);
  return tosa::ReshapeOp::create(builder, loc, type.clone(shape), v,
                                 tosa::getTosaConstShape(b, shape));
}

Value Importer::slice(Value v, ArrayRef<int64_t> start, ArrayRef<int64_t> size) {
  ImplicitLocOpBuilder b(loc, builder);
  auto type = cast<RankedTensorType>(v.getType());
  return tosa::SliceOp::create(builder, loc, type.clone(size), v,
                               tosa::getTosaConstShape(b, start),
                               tosa::getTosaConstShape(b, size));
}

Value Importer::permute(Value v, ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> shape;
  SmallVector<int32_t> perm32;
  int64_t lastMoved = -1;
  bool onlyUnitDimsMove = true;
  for (int64_t axis : perm) {
    shape.push_back(type.getDimSize(axis));
    perm32.push_back(int32_t(axis));
    if (type.getDimSize(axis) == 1)
      continue;
    onlyUnitDimsMove &= axis > lastMoved;
    lastMoved = axis;
  }
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return v;
  return onlyUnitDimsMove ? reshape(v, shape) : transpose(v, perm32);
}

FailureOr<Value> Importer::onnxLayoutInput(int i) {
  FailureOr<Value> v = valueInput(i);
  if (failed(v))
    return failure();
  return toOnnxLayout(*v, input(i)->shape);
}

Value Importer::toOnnxLayout(Value v, ArrayRef<int64_t> shape) {
  if (shape.size() == 5)
    return permute(v, {0, 4, 1, 2, 3});
  if (shape.size() == 4)
    return permute(v, {0, 3, 1, 2});
  if (shape.size() == 3)
    return permute(reshape(v, {shape[0], shape[2], shape[1]}), {0, 2, 1});
  return v;
}

Value Importer::fromOnnxLayout(Value v) {
  ArrayRef<int64_t> shape = cast<RankedTensorType>(v.getType()).getShape();
  if (shape.size() == 5)
    return permute(v, {0, 2, 3, 4, 1});
  if (shape.size() == 4)
    return permute(v, {0, 2, 3, 1});
  if (shape.size() == 3)
    return reshape(permute(v, {0, 2, 1}), internalShape(shape));
  return v;
}

Value Importer::broadcastConstant(const HostTensor &t, size_t rank,
                                  StringRef role) {
  HostTensor padded = t;
  padded.shape.insert(padded.shape.begin(), rank - t.shape.size(), 1);
  SmallVector<int64_t> shape = internalShape(padded.shape);
  if (rank == 5)
    padded = permuteHost(padded, {0, 2, 3, 4, 1});
  else if (rank == 4)
    padded = permuteHost(padded, {0, 2, 3, 1});
  else if (rank == 3)
    padded = permuteHost(padded, {0, 2, 1});
  std::vector<float> values = padded.floats;
  if (!padded.isFloat)
    values.assign(padded.ints.begin(), padded.ints.end());
  return constF32(shape, values, role);
}

/// The ONNX shape of a graph input, with `pinned` (from
/// --onnx-input-shape) replacing it; fails on a dynamic dim left unpinned.
static FailureOr<SmallVector<int64_t>>
inputShape(const onnx::ValueInfoProto &info,
           const SmallVector<int64_t> *pinned, Location loc) {
  const onnx::TypeProto::Tensor &tensorType = info.type().tensor_type();
  if (!info.type().has_tensor_type() ||
      (tensorType.elem_type() != onnx::TensorProto::FLOAT &&
       tensorType.elem_type() != onnx::TensorProto::INT8))
    return emitError(loc) << "input '" << info.name()
                          << "' is not an f32 or int8 tensor; accel imports "
                             "f32 models and int8 quantized ones";
  SmallVector<int64_t> shape;
  for (const auto &dim : tensorType.shape().dim())
    shape.push_back(dim.has_dim_value() ? dim.dim_value() : int64_t(-1));
  if (!tensorType.has_shape() && !pinned)
    return emitError(loc) << "input '" << info.name()
                          << "' has no shape; give one with "
                             "--onnx-input-shape="
                          << info.name() << ":DxDx...";
  if (pinned) {
    if (tensorType.has_shape() && pinned->size() != shape.size())
      return emitError(loc) << "--onnx-input-shape gives input '"
                            << info.name() << "' rank " << pinned->size()
                            << "; the model says rank " << shape.size();
    for (auto [i, dim] : llvm::enumerate(shape))
      if (dim >= 0 && dim != (*pinned)[i])
        return emitError(loc)
               << "--onnx-input-shape gives input '" << info.name()
               << "' dim " << i << " = " << (*pinned)[i]
               << "; the model fixes it to " << dim;
    shape.assign(pinned->begin(), pinned->end());
  }
  for (auto [i, dim] : llvm::enumerate(shape)) {
    if (dim >= 0)
      continue;
    InFlightDiagnostic diag = emitError(loc) << "input '" << info.name()
                                             << "' has dynamic dim " << i;
    if (int(i) < tensorType.shape().dim_size() &&
        !tensorType.shape().dim(i).dim_param().empty())
      diag << " ('" << tensorType.shape().dim(i).dim_param() << "')";
    return diag << "; pin it with --onnx-input-shape=" << info.name()
                << ":DxDx...";
  }
  if (!checkedElementCount(shape))
    return emitError(loc) << "input '" << info.name() << "' has more than "
                          << kMaxElements << " elements";
  return shape;
}

bool Importer::isInt8Interface(const onnx::ValueInfoProto &info) const {
  int32_t type = info.type().tensor_type().elem_type();
  if (type == onnx::TensorProto::INT8 || type == onnx::TensorProto::UINT8)
    return true;
  auto it = users.find(info.name());
  return type == onnx::TensorProto::FLOAT && it != users.end() &&
         llvm::all_of(it->second, [](const onnx::NodeProto *n) {
           return n->op_type() == "QuantizeLinear";
         });
}

LogicalResult Importer::declareInputs(func::FuncOp func) {
  const onnx::GraphProto &graph = model.graph();
  llvm::StringSet<> initializers;
  for (const onnx::TensorProto &init : graph.initializer())
    initializers.insert(init.name());
  Block *body = func.addEntryBlock();
  builder.setInsertionPointToStart(body);
  SmallVector<Type> argTypes;
  // Set once all arguments exist (setArgAttr on a growing function would
  // index the argument attribute array past its end).
  SmallVector<DictionaryAttr> argNames;
  for (const onnx::ValueInfoProto &info : graph.input()) {
    if (initializers.contains(info.name()))
      continue; // IR version < 4 lists initializers as inputs too
    auto pinnedIt = options.inputShapes.find(info.name());
    FailureOr<SmallVector<int64_t>> shape = inputShape(
        info,
        pinnedIt == options.inputShapes.end() ? nullptr : &pinnedIt->second,
        func.getLoc());
    if (failed(shape))
      return failure();
    loc = NameLoc::get(builder.getStringAttr(info.name()));
    // int8 inputs (a quantized model's interface) stay int8; uint8 inputs
    // and f32 inputs that only QuantizeLinear nodes read become int8 too
    // (docs/Import.md, "Quantized models").
    bool int8 = isInt8Interface(info);
    BlockArgument arg = body->addArgument(
        int8 ? RankedTensorType::get(*shape, builder.getIntegerType(8))
             : f32(*shape),
        loc);
    argTypes.push_back(arg.getType());
    func.setFunctionType(builder.getFunctionType(argTypes, {}));
    argNames.push_back(builder.getDictionaryAttr(builder.getNamedAttr(
        accel::kNameAttr, builder.getStringAttr(info.name()))));
    // The layout change happens here, once (see docs/Import.md).
    Value internal = arg;
    if (shape->size() == 5)
      internal = transpose(arg, {0, 2, 3, 4, 1});
    else if (shape->size() == 4)
      internal = transpose(arg, {0, 2, 3, 1});
    else if (shape->size() == 3)
      internal = reshape(transpose(arg, {0, 2, 1}), internalShape(*shape));
    entries[info.name()] = Entry{*shape, internal, std::nullopt};
  }
  func.setAllArgAttrs(argNames);
  for (const auto &[name, shape] : options.inputShapes)
    if (!entries.count(name))
      return emitError(func.getLoc())
             << "--onnx-input-shape names '" << name
             << "', which is not an input of the model";
  return success();
}

LogicalResult Importer::emitResults(func::FuncOp func) {
  node = nullptr;
  SmallVector<Value> results;
  for (const onnx::ValueInfoProto &info : model.graph().output()) {
    loc = NameLoc::get(builder.getStringAttr(info.name()));
    auto it = entries.find(info.name());
    if (it == entries.end())
      return error() << "graph output '" << info.name()
                            << "' is not produced by any node";
    Entry &entry = it->second;
    if (!entry.value && (!entry.constant || !entry.constant->isFloat))
      return error() << "graph output '" << info.name()
                            << "' is not an f32 tensor";
    Value v = entry.value ? entry.value
                          : broadcastConstant(*entry.constant,
                                              entry.shape.size());
    ArrayRef<int64_t> s = entry.shape;
    if (s.size() == 5)
      v = transpose(v, {0, 4, 1, 2, 3});
    else if (s.size() == 4)
      v = transpose(v, {0, 3, 1, 2});
    else if (s.size() == 3)
      v = transpose(reshape(v, {s[0], s[2], s[1]}), {0, 2, 1});
    results.push_back(v);
  }
  func::ReturnOp::create(builder, loc, results);
  func.setFunctionType(builder.getFunctionType(
      func.getArgumentTypes(), ValueRange(results).getTypes()));
  for (auto [i, info] : llvm::enumerate(model.graph().output())) {
    func.setResultAttr(i, accel::kNameAttr, builder.getStringAttr(info.name()));
    for (NamedAttribute a : interfaceAttrs.lookup(info.name()))
      func.setResultAttr(i, a.getName(), a.getValue());
  }
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
    if (auto name = func.getArgAttrOfType<StringAttr>(i, accel::kNameAttr))
      for (NamedAttribute a : interfaceAttrs.lookup(name.getValue()))
        func.setArgAttr(i, a.getName(), a.getValue());
  return success();
}

LogicalResult Importer::importNode(const onnx::NodeProto &n, unsigned index) {
  node = &n;
  std::string name =
      n.name().empty() ? n.op_type() + "_" + std::to_string(index) : n.name();
  loc = NameLoc::get(builder.getStringAttr(name));
  if (!n.domain().empty() && n.domain() != "ai.onnx")
    return error() << "op domain '" << n.domain()
                   << "' is not supported (only the default ONNX domain)";
  for (const std::string &in : n.input())
    if (!in.empty() && !entries.count(in))
      return error() << "input '" << in
                     << "' is not produced by an earlier node, an "
                        "initializer or a graph input";
  return convertNode(*this);
}

LogicalResult Importer::importGraph(ModuleOp module) {
  const onnx::GraphProto &graph = model.graph();
  for (const onnx::TensorProto &init : graph.initializer()) {
    llvm::Expected<HostTensor> tensor =
        loadTensor(init, options.externalDataDir);
    if (!tensor)
      return emitError(module.getLoc())
             << "initializer '" << init.name()
             << "': " << llvm::toString(tensor.takeError());
    Entry entry;
    entry.shape = tensor->shape;
    entry.constant = std::move(*tensor);
    entries[init.name()] = std::move(entry);
  }
  for (const onnx::NodeProto &n : graph.node())
    for (const std::string &in : n.input())
      users[in].push_back(&n);
  for (const onnx::ValueInfoProto &out : graph.output())
    graphOutputs.insert(out.name());

  builder.setInsertionPointToEnd(module.getBody());
  auto func = func::FuncOp::create(builder, module.getLoc(), "forward",
                                   builder.getFunctionType({}, {}));
  if (failed(declareInputs(func)))
    return failure();
  for (auto [index, n] : llvm::enumerate(graph.node()))
    if (!consumed.contains(&n) && failed(importNode(n, index)))
      return failure();
  return emitResults(func);
}

OwningOpRef<ModuleOp> Importer::run() {
  int64_t found = -1;
  for (const onnx::OperatorSetIdProto &set : model.opset_import())
    if (set.domain().empty() || set.domain() == "ai.onnx")
      found = set.version();
  if (found < kMinOpset || found > kMaxOpset) {
    emitError(fileLoc) << "unsupported ONNX opset "
                       << (found < 0 ? std::string("(none declared)")
                                     : std::to_string(found))
                       << "; supported: " << kMinOpset << " to " << kMaxOpset;
    return nullptr;
  }
  opset = found;
  if (!model.has_graph()) {
    emitError(fileLoc) << "the model has no graph";
    return nullptr;
  }
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  if (failed(importGraph(*module)))
    return nullptr;
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp>
accel::importOnnx(llvm::MemoryBufferRef buffer, MLIRContext &context,
                  const OnnxImportOptions &options) {
  context.loadDialect<func::FuncDialect, tensor::TensorDialect,
                      tosa::TosaDialect>();
  Location fileLoc =
      FileLineColLoc::get(&context, buffer.getBufferIdentifier(), 0, 0);
  onnx::ModelProto model;
  if (buffer.getBufferSize() > size_t(INT_MAX) ||
      !model.ParseFromArray(buffer.getBufferStart(),
                            int(buffer.getBufferSize()))) {
    emitError(fileLoc) << "not a valid ONNX model (the protobuf does not "
                          "parse: truncated or corrupt file?)";
    return nullptr;
  }
  Importer importer(context, model, options);
  importer.loc = importer.fileLoc = fileLoc;
  return importer.run();
}

llvm::Expected<std::pair<std::string, SmallVector<int64_t>>>
accel::parseOnnxInputShape(StringRef spec) {
  auto [name, dims] = spec.rsplit(':');
  auto bad = [&]() {
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "--onnx-input-shape='" + spec +
            "' is not NAME:DxDx... (positive dims, e.g. input:1x3x64x64)");
  };
  if (name.empty() || dims.empty() || spec.count(':') == 0)
    return bad();
  SmallVector<int64_t> shape;
  SmallVector<StringRef> parts;
  dims.split(parts, 'x');
  for (StringRef part : parts) {
    int64_t dim;
    if (part.getAsInteger(10, dim) || dim <= 0)
      return bad();
    shape.push_back(dim);
  }
  return std::make_pair(name.str(), shape);
}
