//===- AccelContractAttrs.td - Attributes passes hand each other -*- tablegen -*-===//
//
// The decisions the accel passes record in the IR for later passes and the
// emitter, as typed attributes the dialect verifies. Each has exactly one
// writing pass (docs/Backend.md lists them with their discardable names):
//
//   accel-tile         accel.tile = #accel.tiling<...>, accel.phase_group
//   accel-plan-memory  accel.dram = #accel.dram_view<...>,
//                      accel.dram_pieces = [#accel.dram_piece<...>, ...],
//                      accel.dram_addr, accel.copy_operands, accel.name,
//                      accel.dram_plan = #accel.dram_plan<...>
//   accel-estimate     accel.est = #accel.estimate<...> (ops),
//                      accel.est_total = #accel.estimate<...> (functions)
//   convert-tosa-to-accel  accel.interface = #accel.interface<...>
//                      (function arguments and results)
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_DIALECT_ACCEL_ACCELCONTRACTATTRS_TD
#define ACCEL_DIALECT_ACCEL_ACCELCONTRACTATTRS_TD

include "accel/Dialect/Accel/IR/AccelDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

// An f64 value printed so that it parses back to the same value.
def Accel_F64Parameter : APFloatParameter<"a 64-bit float"> {
  let parser = [{ [&]() -> ::mlir::FailureOr<::llvm::APFloat> {
    double value;
    if ($_parser.parseFloat(value))
      return ::mlir::failure();
    return ::llvm::APFloat(value);
  }() }];
  let printer = [{ $_printer.printFloat($_self) }];
}

def Accel_TileLoopOrderSpatialOuter
    : I32EnumAttrCase<"SpatialOuter", 0, "spatial_outer">;
def Accel_TileLoopOrderOutChannelOuter
    : I32EnumAttrCase<"OutChannelOuter", 1, "out_channel_outer">;

def Accel_TileLoopOrder : I32EnumAttr<"TileLoopOrder",
    "order of a convolution's tile loops",
    [Accel_TileLoopOrderSpatialOuter, Accel_TileLoopOrderOutChannelOuter]> {
  let cppNamespace = "::accel";
  let genSpecializedAttr = 0;
}

def Accel_TilingAttr : AttrDef<Accel_Dialect, "Tiling"> {
  let mnemonic = "tiling";
  let summary = "tile sizes and loop order of a convolution (accel-tile)";
  let description = [{
    Output rows, output columns, output channels and input channels per tile
    (per group), and the order of the tile loops: `spatial_outer` (for each
    spatial tile, for each output-channel tile, for each input-channel
    tile) or `out_channel_outer` (output-channel tiles outermost). Every
    size is at least 1. For the members of a fused phase group
    (`accel.phase_group`) rows and columns count the phases' shared u-space.
    `kernel_rows` (optional, printed when set) cuts a plain conv's weight
    tiles into tiles of that many kernel rows: a reduction loop inside the
    input-channel loop, its partial sums kept in the accumulators, for a
    weight tile too large for a buffer stage (0, the default, or at least the
    kernel's height: every row in one tile; not for phase-group members).

    ```mlir
    accel.tile = #accel.tiling<rows = 8, cols = 8, out_channels = 16,
                               in_channels = 16, order = spatial_outer>
    accel.tile = #accel.tiling<rows = 16, cols = 16, out_channels = 32,
                               in_channels = 64, order = spatial_outer,
                               kernel_rows = 2>
    ```
  }];
  let parameters = (ins "int64_t":$rows, "int64_t":$cols,
                        "int64_t":$out_channels, "int64_t":$in_channels,
                        EnumParameter<Accel_TileLoopOrder>:$order,
                        DefaultValuedParameter<"int64_t", "0">:$kernel_rows);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Accel_EstimateAttr : AttrDef<Accel_Dialect, "Estimate"> {
  let mnemonic = "estimate";
  let summary = "the timing model's cost of an op's schedule (accel-estimate)";
  let description = [{
    Cycles and DRAM bytes of the instruction schedule the emitter generates
    for an op (priced by running the same schedule builder, with the op's
    real placement, into the simulator's timing model), the energy from
    the target's table, and the MAC utilization
    `macs / (cycles * atomic_c * atomic_k)`. On a function
    (`accel.est_total`) the sums, with the utilization of the whole
    function. Counts are non-negative, the utilization is in [0, 1].

    ```mlir
    accel.est = #accel.estimate<cycles = 1028, dram_bytes = 2944,
                                energy_pj = 1.250000e+03,
                                mac_utilization = 4.200000e-01>
    ```
  }];
  let parameters = (ins "int64_t":$cycles, "int64_t":$dram_bytes,
                        Accel_F64Parameter:$energy_pj,
                        Accel_F64Parameter:$mac_utilization);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Accel_DramViewAttr : AttrDef<Accel_Dialect, "DramView"> {
  let mnemonic = "dram_view";
  let summary = "where a tensor lives in DRAM: one box (accel-plan-memory)";
  let description = [{
    Element `(n, y, x, c)` of the tensor is at byte
    `base + n*image_stride + y*row_stride + x*pixel_stride + c*element_bytes`:
    a dense region, or a strided view inside its consumer's region (a phase
    of a depth_to_space, a concat input). The base and strides are
    non-negative.

    ```mlir
    accel.dram = #accel.dram_view<base = 576, image_stride = 1152,
                                  row_stride = 192, pixel_stride = 32>
    ```
  }];
  let parameters = (ins "int64_t":$base, "int64_t":$image_stride,
                        "int64_t":$row_stride, "int64_t":$pixel_stride);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Accel_DramPieceAttr : AttrDef<Accel_Dialect, "DramPiece"> {
  let mnemonic = "dram_piece";
  let summary = "one affine piece of a scattered or cropped placement";
  let description = [{
    Channels `[channel_begin, channel_end)` of the tensor, restricted to
    rows `[row_begin, row_end)` and columns `[col_begin, col_end)`: element
    `(n, y, x, c)` is at `base + n*image_stride + y*row_stride +
    x*pixel_stride + (c - channel_begin)*element_bytes`; the other elements
    of those channels are dropped (a crop). `base` is the affine address of
    `(0, 0, 0, channel_begin)` and may be negative; ranges are non-empty
    and non-negative, strides non-negative. An op whose result is scattered
    (the single operand of a stacked depth_to_space) carries a list of them
    in channel order as `accel.dram_pieces`.

    ```mlir
    accel.dram_pieces = [#accel.dram_piece<channel_begin = 0,
        channel_end = 2, base = 64, image_stride = 392, row_stride = 112,
        pixel_stride = 16, row_begin = 1, row_end = 4, col_begin = 1,
        col_end = 4>, ...]
    ```
  }];
  let parameters = (ins "int64_t":$channel_begin, "int64_t":$channel_end,
                        "int64_t":$base, "int64_t":$image_stride,
                        "int64_t":$row_stride, "int64_t":$pixel_stride,
                        "int64_t":$row_begin, "int64_t":$row_end,
                        "int64_t":$col_begin, "int64_t":$col_end);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Accel_DramPlanAttr : AttrDef<Accel_Dialect, "DramPlan"> {
  let mnemonic = "dram_plan";
  let summary = "a function's DRAM footprint (accel-plan-memory)";
  let description = [{
    `total_bytes` is the DRAM the program needs (its header); the other
    fields break it down: the function's inputs, outputs, constant weights,
    the arena of intermediates (after liveness reuse), the intermediates
    without reuse, and `reuse_saved_bytes = intermediate_bytes -
    arena_bytes`. The breakdown defaults to 0 and never exceeds the total.

    ```mlir
    accel.dram_plan = #accel.dram_plan<total_bytes = 4224, input_bytes = 1024,
        output_bytes = 1024, weight_bytes = 80, arena_bytes = 2048,
        intermediate_bytes = 3072, reuse_saved_bytes = 1024>
    ```
  }];
  let parameters = (ins "int64_t":$total_bytes,
                        DefaultValuedParameter<"int64_t", "0">:$input_bytes,
                        DefaultValuedParameter<"int64_t", "0">:$output_bytes,
                        DefaultValuedParameter<"int64_t", "0">:$weight_bytes,
                        DefaultValuedParameter<"int64_t", "0">:$arena_bytes,
                        DefaultValuedParameter<"int64_t", "0">:$intermediate_bytes,
                        DefaultValuedParameter<"int64_t", "0">:$reuse_saved_bytes);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Accel_InterfaceAttr : AttrDef<Accel_Dialect, "Interface"> {
  let mnemonic = "interface";
  let summary = "the layout a function argument or result has for its caller";
  let description = [{
    The caller's view of a tensor that the function holds in another
    layout: its `shape` (e.g. NCHW, what PyTorch users feed) and the
    permutation `perm` from that shape to the function's own (DRAM) order:
    the function's tensor is `transpose(interface, perm)` reshaped to the
    function's type, a reshape that only inserts or removes unit
    dimensions. `perm` is a permutation of `[0, rank)`, every dimension is
    at least 1, and the element count equals that of the argument or
    result it annotates. convert-tosa-to-accel writes it when it absorbs
    the layout transposes at a function's boundary; the emitter records it
    in the program and accel-sim reads and writes `.npy` files in the
    interface shape.

    ```mlir
    func.func @main(%x: tensor<1x64x64x3xf32>
        {accel.interface = #accel.interface<shape = [1, 3, 64, 64],
                                            perm = [0, 2, 3, 1]>})
    ```
  }];
  let parameters = (ins ArrayRefParameter<"int64_t">:$shape,
                        ArrayRefParameter<"int64_t">:$perm);
  let assemblyFormat = "`<` `shape` `=` `[` $shape `]` `,` `perm` `=` `[` $perm `]` `>`";
  let genVerifyDecl = 1;
}

#endif // ACCEL_DIALECT_ACCEL_ACCELCONTRACTATTRS_TD
