//===- AccelDialect.td - The accel dialect -----------------*- tablegen -*-===//
//
// The dialect of a fixed-function convolution accelerator's operations.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_DIALECT_ACCEL_ACCELDIALECT_TD
#define ACCEL_DIALECT_ACCEL_ACCELDIALECT_TD

include "mlir/IR/OpBase.td"

def Accel_Dialect : Dialect {
  let name = "accel";
  let cppNamespace = "::accel";
  let summary = "Operations of a fixed-function convolution accelerator";
  let description = [{
    The `accel` dialect models, at tensor level, what an unmodified
    fixed-function convolution accelerator (NVDLA, DianNao, a TPU-style
    systolic array) can execute: ordinary convolutions with a fused post-op
    and int8 requantization, the interleave that assembles the phases of a
    split transposed convolution (`accel.depth_to_space`), elementwise
    addition for residual blocks, and free reinterpretations (reshape,
    channel concat) that the backend implements purely through DRAM
    addressing.

    All shapes are static: the backend plans buffers and DRAM statically.
    Layouts follow TOSA: activations NHWC, weights OHWI.

    The module carries the target as the discardable attribute
    `accel.target = #accel.target<...>`; when it is present, op verifiers
    reject what the target cannot run (kernel, stride, dilation, padding and
    channel limits), naming the limit.
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let hasRegionArgAttrVerify = 1;
  let hasRegionResultAttrVerify = 1;
  let extraClassDeclaration = [{
    /// Name of the module attribute that holds the `#accel.target`.
    static constexpr ::llvm::StringLiteral getTargetAttrName() {
      return ::llvm::StringLiteral("accel.target");
    }
  private:
    void registerAttributes();
  public:
  }];
}

#endif // ACCEL_DIALECT_ACCEL_ACCELDIALECT_TD
