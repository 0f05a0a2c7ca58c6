//===- PrepareTosa.h - Internals of accel-prepare-tosa -------*- C++ -*-===//
//
// Internal to lib/Transforms: the constant reader the preparation patterns
// share and the pattern sets of the individual files (PrepareTosa.cpp
// combines them).
//
//===----------------------------------------------------------------------===//

#ifndef LIB_TRANSFORMS_PREPARETOSA_H
#define LIB_TRANSFORMS_PREPARETOSA_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/PatternMatch.h"

namespace accel {
namespace prepare_tosa {

/// The elements of `value` when it is a constant, seen through
/// `tosa.reshape` and `tosa.transpose` of constants (the way producers write
/// per-channel BatchNorm parameters), with `value`'s own static shape.
mlir::DenseElementsAttr getConstantElements(mlir::Value value);

/// Whether getConstantElements(value) is non-null, decided without building
/// the elements: a match that only needs to know stays cheap on a
/// dense_resource blob (the importer's weights), which getConstantElements
/// copies into a uniqued attribute and hashes on every call.
bool isConstantElements(mlir::Value value);

/// `attr` transposed by `perms` (result dim i is `attr`'s dim perms[i]).
mlir::DenseElementsAttr transposeElements(mlir::DenseElementsAttr attr,
                                          llvm::ArrayRef<int32_t> perms);

/// Transposes: sinking through elementwise ops and channel concats, inverse
/// pairs cancelled, identities removed.
void populateLayoutPatterns(mlir::RewritePatternSet &patterns);

/// BatchNorm mul/add/sub folded into conv weights and biases, tosa.pad
/// folded into conv padding.
void populateConvFoldPatterns(mlir::RewritePatternSet &patterns);

/// An FC's NCHW reshape + NHWC transpose, and BatchNorm mul/add/sub on its
/// result, folded into its weight columns and bias.
void populateFcFoldPatterns(mlir::RewritePatternSet &patterns);

/// PyTorch's PReLU (the importer's exact select form) rewritten into the
/// leaky-ReLU maximum or relu + slope * min(x, 0) (PrepareTosaActivations.cpp).
void populateActivationPatterns(mlir::RewritePatternSet &patterns);

} // namespace prepare_tosa
} // namespace accel

#endif // LIB_TRANSFORMS_PREPARETOSA_H
