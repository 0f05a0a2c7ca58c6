//===- Conv3dBoundary.h - Rank-5 interfaces stored in rank 4 -*- C++ -*-===//
//
// Internal to lib/Conversion/TosaToAccel (Conv3dPatterns.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_TOSATOACCEL_CONV3DBOUNDARY_H
#define LIB_CONVERSION_TOSATOACCEL_CONV3DBOUNDARY_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace accel {
namespace tosa_to_accel {

/// Stores the batch-1 NCDHW arguments and results of `func` that the
/// importer transposes to / from NDHWC as DHWC tensors with an
/// accel.interface (the backend stores rank 1 to 4); returns how many. Run
/// before the generic boundary absorption (BoundaryLayout.h).
unsigned absorbNdhwcBoundary(mlir::func::FuncOp func);

} // namespace tosa_to_accel
} // namespace accel

#endif // LIB_CONVERSION_TOSATOACCEL_CONV3DBOUNDARY_H
