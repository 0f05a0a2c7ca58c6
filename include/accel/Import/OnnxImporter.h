//===- OnnxImporter.h - ONNX models to TOSA ---------------------*- C++ -*-===//
//
// Reads an ONNX model (a serialized onnx.ModelProto, parsed with Debian's
// ONNX protobuf library) and builds one `func.func @forward` in TOSA (MLIR 22
// syntax; named `forward`, as accel's own networks), NHWC inside, with the model's NCHW interface kept at the
// function boundary (one tosa.transpose after each rank-4 argument and
// before each rank-4 result). Arguments and results carry the ONNX names in
// `accel.name`; ops carry the ONNX node names as locations; weights are
// `dense_resource` blobs. docs/Import.md lists the supported ops and the
// TOSA form each takes.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_IMPORT_ONNXIMPORTER_H
#define ACCEL_IMPORT_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <cstdint>
#include <string>

namespace accel {

struct OnnxImportOptions {
  /// Shapes that pin an input's symbolic or dynamic dimensions, by input
  /// name (the whole shape, ONNX layout).
  llvm::StringMap<llvm::SmallVector<int64_t>> inputShapes;
  /// Directory that external-data files are relative to (normally the
  /// model file's directory).
  std::string externalDataDir = ".";
};

/// Parses "name:1x3x64x64" into `options.inputShapes`; returns an error
/// message on a malformed spec.
llvm::Expected<std::pair<std::string, llvm::SmallVector<int64_t>>>
parseOnnxInputShape(llvm::StringRef spec);

/// Imports the serialized model in `buffer`. On failure, emits diagnostics
/// through `context` and returns null.
mlir::OwningOpRef<mlir::ModuleOp> importOnnx(llvm::MemoryBufferRef buffer,
                                             mlir::MLIRContext &context,
                                             const OnnxImportOptions &options);

/// Registers the `import-onnx` translation (accel-translate --import-onnx)
/// with its command-line options (--onnx-input-shape=NAME:DxDx...).
void registerOnnxImportTranslation();

} // namespace accel

#endif // ACCEL_IMPORT_ONNXIMPORTER_H
