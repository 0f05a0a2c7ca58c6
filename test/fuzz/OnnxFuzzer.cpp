//===- OnnxFuzzer.cpp - libFuzzer target: the ONNX importer ---------------===//
//
// Feeds arbitrary bytes to accel::importOnnx. The importer must either fail
// with diagnostics or return a module that verifies; it must not crash,
// allocate what hostile dims claim, or read files (external data points at
// a directory that does not exist).
//
//===----------------------------------------------------------------------===//

#include "accel/Import/OnnxImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // A fresh context per input: nothing uniqued by one input outlives it.
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  context.getDiagEngine().registerHandler(
      [](mlir::Diagnostic &) { return mlir::success(); });
  accel::OnnxImportOptions options;
  options.externalDataDir = "/nonexistent-accel-fuzz-dir";
  llvm::MemoryBufferRef buffer(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.onnx");
  mlir::OwningOpRef<mlir::ModuleOp> module =
      accel::importOnnx(buffer, context, options);
  if (module && failed(mlir::verify(*module))) {
    llvm::errs() << "imported module does not verify\n";
    abort();
  }
  return 0;
}
