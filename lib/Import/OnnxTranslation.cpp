//===- OnnxTranslation.cpp - The import-onnx translation ------------------===//
//
// `--import-onnx` for mlir-translate-style tools (accel-translate): the
// input file is the .onnx model; external data is read relative to its
// directory; `--onnx-input-shape=NAME:DxDx...` (repeatable) pins an input's
// dynamic dims.
//
//===----------------------------------------------------------------------===//

#include "accel/Import/OnnxImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Tools/mlir-translate/Translation.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

void accel::registerOnnxImportTranslation() {
  static llvm::cl::list<std::string> inputShapes(
      "onnx-input-shape",
      llvm::cl::desc("Pin an ONNX input's shape (dynamic dims), e.g. "
                     "--onnx-input-shape=input:1x3x64x64 (repeatable)"),
      llvm::cl::value_desc("NAME:DxDx..."));
  static TranslateToMLIRRegistration importOnnx(
      "import-onnx",
      "import an ONNX model (.onnx) as TOSA (NHWC inside, NCHW interface)",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        OnnxImportOptions options;
        StringRef file = buffer->getBufferIdentifier();
        StringRef dir = llvm::sys::path::parent_path(file);
        options.externalDataDir = dir.empty() ? "." : dir.str();
        for (const std::string &spec : inputShapes) {
          auto parsed = parseOnnxInputShape(spec);
          if (!parsed) {
            emitError(UnknownLoc::get(context))
                << llvm::toString(parsed.takeError());
            return nullptr;
          }
          options.inputShapes[parsed->first] = parsed->second;
        }
        OwningOpRef<ModuleOp> module =
            accel::importOnnx(buffer->getMemBufferRef(), *context, options);
        if (!module)
          return nullptr;
        return OwningOpRef<Operation *>(module.release());
      },
      [](DialectRegistry &registry) {
        registry.insert<func::FuncDialect, tensor::TensorDialect,
                        tosa::TosaDialect>();
      });
}
