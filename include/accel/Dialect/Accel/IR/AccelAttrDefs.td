//===- AccelAttrDefs.td - Every accel attribute, for tablegen -*- tablegen -*-===//
//
// The attribute and enum generators see one file: the dialect's default
// attribute parser and printer must know every attribute.
//
//===----------------------------------------------------------------------===//

include "accel/Dialect/Accel/IR/AccelAttrs.td"
include "accel/Dialect/Accel/IR/AccelContractAttrs.td"
