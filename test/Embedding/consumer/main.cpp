//===- main.cpp - A compiler that embeds accel's split pass ---------------===//
//
// The README's embedding CMakeLists.txt builds this file as my-compiler
// (test/Embedding/consumer.test). Reads a TOSA module, runs accel's
// split-deconvolution pass in its own PassManager, and prints the result.
// Proves that the installed package
// (headers, generated .inc files, libraries, find_package config) is enough
// to use accel from another project.
//
//===----------------------------------------------------------------------===//

#include "accel/InitAll.h"
#include "accel/Transforms/Passes.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  if (argc != 2) {
    llvm::errs() << "usage: my-compiler FILE.mlir\n";
    return 2;
  }
  mlir::DialectRegistry registry;
  accel::registerAllDialects(registry);
  mlir::MLIRContext context(registry);

  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(argv[1], &context);
  if (!module)
    return 1;

  mlir::PassManager pm(&context);
  accel::SplitTransposeConvPassOptions options;
  options.strategy = accel::SplitStrategy::Split;
  pm.addNestedPass<mlir::func::FuncOp>(
      accel::createSplitTransposeConvPass(options));
  if (mlir::failed(pm.run(*module)))
    return 1;
  module->print(llvm::outs());
  llvm::outs() << "\n";
  return 0;
}
