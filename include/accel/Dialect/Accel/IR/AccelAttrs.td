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

// An f64 parameter: APFloat, which MLIR can hash and compare bitwise.
class Accel_RealParameter<string desc> : APFloatParameter<desc>;

def Accel_TargetAttr : AttrDef<Accel_Dialect, "Target"> {
  let mnemonic = "target";
  let summary = "the accelerator a module is compiled for";
  let description = [{
    The fields of `accel::TargetDesc` as typed parameters (the parameter
    table below gives each one's JSON name; `docs/Targets.md` gives its
    meaning and range). A preset prints as its
    name; anything else prints as a dictionary with the field names of a
    target JSON file, in the documented order:

    ```mlir
    module attributes {accel.target = #accel.target<"nvdla-small">} {}
    module attributes {accel.target = #accel.target<{name = "mine",
        dataflow = "weight-stationary", atomic_c = 16, atomic_k = 16, ...,
        dram_bytes_per_cycle = 8.0, ...}>} {}
    ```

    A string must name a built-in preset: the parser looks it up in the
    preset table and never reads a file, so a module verifies the same way
    in every working directory. To compile for a target file, run
    `--accel-set-target=target=FILE.json`, which reads the file and stores
    the dictionary form. In the dictionary, `source` and `dataflow` are
    optional and every other field is required; integers may also be given
    for real-valued fields.

    The verifier checks every field's range with `accel::validateTarget`,
    the same check the JSON loader runs, so both report the same message
    ("field 'atomic_c': must be at most 65536"). `getDesc()` builds the
    `accel::TargetDesc` from the parameters: no parsing, no failure.
  }];
  let parameters = (ins
    StringRefParameter<"`name`">:$name,
    StringRefParameter<"`source` (optional)", "\"\"">:$source,
    AttrParameter<"int64_t", "`atomic_c`: input channels per cycle">:$atomicC,
    AttrParameter<"int64_t", "`atomic_k`: output channels per cycle">:$atomicK,
    AttrParameter<"::accel::Dataflow", "`dataflow`">:$dataflow,
    AttrParameter<"int64_t", "`input_buffer_bytes`">:$inputBufferBytes,
    AttrParameter<"int64_t", "`weight_buffer_bytes`">:$weightBufferBytes,
    AttrParameter<"int64_t", "`acc_buffer_bytes`">:$accBufferBytes,
    Accel_RealParameter<"`dram_bytes_per_cycle` (f64)">:$dramBytesPerCycle,
    AttrParameter<"int64_t", "`dram_latency_cycles`">:$dramLatencyCycles,
    Accel_RealParameter<"`clock_mhz` (f64)">:$clockMHz,
    AttrParameter<"int64_t", "`data_bits`">:$dataBits,
    AttrParameter<"int64_t", "`acc_bits`">:$accBits,
    AttrParameter<"int64_t", "`max_kernel`">:$maxKernel,
    AttrParameter<"int64_t", "`max_stride`">:$maxStride,
    AttrParameter<"int64_t", "`max_dilation`">:$maxDilation,
    AttrParameter<"int64_t", "`max_pad`">:$maxPad,
    AttrParameter<"int64_t", "`max_channels`">:$maxChannels,
    Accel_RealParameter<"`energy_mac_pj` (f64)">:$energyMacPJ,
    Accel_RealParameter<"`energy_input_buffer_pj_per_byte` (f64)">:
      $energyInputBufPJPerByte,
    Accel_RealParameter<"`energy_weight_buffer_pj_per_byte` (f64)">:
      $energyWeightBufPJPerByte,
    Accel_RealParameter<"`energy_acc_buffer_pj_per_byte` (f64)">:
      $energyAccBufPJPerByte,
    Accel_RealParameter<"`energy_dram_pj_per_byte` (f64)">:
      $energyDramPJPerByte
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let builders = [
    AttrBuilder<(ins "const ::accel::TargetDesc &":$desc)>
  ];
  let skipDefaultBuilders = 0;
  let extraClassDeclaration = [{
    /// The description this attribute denotes.
    ::accel::TargetDesc getDesc() const;
    /// Whether the attribute equals the built-in preset of its name (it
    /// then prints as `#accel.target<"name">`).
    bool isPreset() const;
  }];
}

#endif // ACCEL_DIALECT_ACCEL_ACCELATTRS_TD
