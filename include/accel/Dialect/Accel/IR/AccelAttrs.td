//===- AccelAttrs.td - accel attributes and enums ----------*- tablegen -*-===//

#ifndef ACCEL_DIALECT_ACCEL_ACCELATTRS_TD
#define ACCEL_DIALECT_ACCEL_ACCELATTRS_TD

include "accel/Dialect/Accel/IR/AccelDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Accel_PostOpNone : I32EnumAttrCase<"None", 0, "none">;
def Accel_PostOpRelu : I32EnumAttrCase<"Relu", 1, "relu">;
def Accel_PostOpClamp : I32EnumAttrCase<"Clamp", 2, "clamp">;
def Accel_PostOpLeakyRelu : I32EnumAttrCase<"LeakyRelu", 3, "leaky_relu">;
def Accel_PostOpTanh : I32EnumAttrCase<"Tanh", 4, "tanh">;
def Accel_PostOpSigmoid : I32EnumAttrCase<"Sigmoid", 5, "sigmoid">;

def Accel_PostOpKind : I32EnumAttr<"PostOpKind",
    "activation fused after the accumulation",
    [Accel_PostOpNone, Accel_PostOpRelu, Accel_PostOpClamp,
     Accel_PostOpLeakyRelu, Accel_PostOpTanh, Accel_PostOpSigmoid]> {
  let cppNamespace = "::accel";
  let genSpecializedAttr = 0;
}

def Accel_PostOpAttr : EnumAttr<Accel_Dialect, Accel_PostOpKind, "post_op"> {
  let summary = "fused post-op of an accel operation";
  let assemblyFormat = "`<` $value `>`";
}

def Accel_TargetAttr : AttrDef<Accel_Dialect, "Target"> {
  let mnemonic = "target";
  let summary = "the accelerator a module is compiled for";
  let description = [{
    Either the name of a built-in preset or a dictionary with the same fields
    as a target JSON file (see `docs/Targets.md`):

    ```mlir
    module attributes {accel.target = #accel.target<"nvdla-small">} {}
    module attributes {accel.target = #accel.target<{name = "mine",
        atomic_c = 16 : i64, atomic_k = 16 : i64, ...}>} {}
    ```

    The dictionary form is validated by the same code that reads JSON
    files, so both report the same field errors.
  }];
  let parameters = (ins "::mlir::Attribute":$spec);
  let assemblyFormat = "`<` $spec `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The description this attribute denotes. Only fails on attributes that
    /// did not pass the verifier.
    ::llvm::Expected<::accel::TargetDesc> getDesc() const;
    /// Builds the compact form for presets and the dictionary form otherwise.
    static TargetAttr get(::mlir::MLIRContext *context,
                          const ::accel::TargetDesc &desc);
  }];
}

#endif // ACCEL_DIALECT_ACCEL_ACCELATTRS_TD
