//===- Passes.h - Conversions into the accel dialect ---------*- C++ -*-===//
//
// Generated declarations of the conversion passes (`convert-tosa-to-accel`,
// its options struct, `registerAccelConversionPasses`) plus the public
// pattern entry points of each conversion.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_CONVERSION_PASSES_H
#define ACCEL_CONVERSION_PASSES_H

#include "accel/Conversion/TosaToAccel/TosaToAccel.h"
#include "accel/Support/EnumOptions.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace accel {

#define GEN_PASS_DECL
#include "accel/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "accel/Conversion/Passes.h.inc"

} // namespace accel

#endif // ACCEL_CONVERSION_PASSES_H
