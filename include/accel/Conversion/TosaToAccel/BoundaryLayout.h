//===- BoundaryLayout.h - Absorb layout changes at a function's boundary -*- C++ -*-===//
//
// Front ends keep a model's NCHW (or N,C,L) interface and change the layout
// once, right after each argument and right before the return:
// `tosa.transpose` (and `tosa.reshape`s that only insert or remove unit
// dimensions, for 1-D models). The accelerator stores NHWC, so these
// changes are absorbed into the function's boundary: the argument or result
// takes the NHWC type and records the caller's shape and the permutation as
// `#accel.interface` (accel/Support/InterfaceLayout.h); the program and
// accel-sim keep the interface layout for the caller. Transposes inside the
// function are not touched.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_CONVERSION_TOSATOACCEL_BOUNDARYLAYOUT_H
#define ACCEL_CONVERSION_TOSATOACCEL_BOUNDARYLAYOUT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace accel {

/// Absorbs, for each argument of `func`, the chain of pure layout changes
/// from the argument to its users, and for each returned value the chain
/// from its source to the return, when the chain permutes dimensions and
/// ends (starts) in a static tensor of rank 1..4. The function type, the
/// absorbed ops and the `accel.interface` attributes are updated; users of
/// an argument outside the absorbed chains get the interface value back
/// through the inverse reshape + transpose. Returns the number of absorbed
/// arguments and results.
unsigned absorbBoundaryLayout(mlir::func::FuncOp func);

} // namespace accel

#endif // ACCEL_CONVERSION_TOSATOACCEL_BOUNDARYLAYOUT_H
