//===- ConvSchedule.h - Instruction schedules for conv layers -*- C++ -*-===//
//
// Turns one convolution (a ConvShape plus its fused epilogue), a tiling
// and the DRAM placement of its operands into the instruction stream of
// the conv engine: a double-buffered tile loop nest with dependency tokens.
// A plain conv and a fused phase group are built by one builder (a plain
// conv is a group of one phase) walking one TileLoopNest
// (accel/Schedule/TileLoopNest.h), which owns the iteration, the residency
// of input boxes and weight tiles, the buffer stages and the tokens.
// Output stores take element/row/image strides and a base, so a phase of
// a split transposed conv writes straight into its interleaved positions
// and a channel slice of a concat writes into its channel offset.
//
// The cost model prices exactly these schedules (it runs the same
// builder into the timing model), see accel/Target/CostModel.h. The
// instruction encodings, latencies and pipeline timing stay in accel/ISA.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SCHEDULE_CONVSCHEDULE_H
#define ACCEL_SCHEDULE_CONVSCHEDULE_H

#include "accel/ISA/InstructionSink.h"
#include "accel/Target/ConvShape.h"
#include "accel/Target/Target.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace accel {
namespace schedule {

/// Where a 4-D NHWC operand lives: element (n, y, x, c) is at
/// base + n*imageStride + y*rowStride + x*pixelStride + c*elementBytes.
struct DramView {
  uint64_t base = 0;
  int64_t imageStride = 0, rowStride = 0, pixelStride = 0; ///< bytes

  /// A dense NHWC tensor of H x W x C elements of `elementBytes`.
  static DramView dense(uint64_t base, int64_t height, int64_t width,
                        int64_t channels, int64_t elementBytes) {
    return {base, height * width * channels * elementBytes,
            width * channels * elementBytes, channels * elementBytes};
  }
};

/// Loop nest order of the tile loops (channels-in innermost in both).
enum class LoopOrder : uint8_t {
  /// for spatial tile, for C_out tile, for C_in tile: an input tile stays
  /// resident across C_out tiles when C_in fits in one tile.
  SpatialOuter = 0,
  /// for C_out tile, for spatial tile, for C_in tile: a weight tile stays
  /// resident across spatial tiles when C_in fits in one tile.
  OutChannelOuter = 1,
};

llvm::StringRef loopOrderName(LoopOrder order);

/// Tile sizes of one conv: output rows / columns, output channels and
/// input channels per tile (per group), the loop order, and the kernel rows
/// per weight tile.
struct TilingChoice {
  int64_t tileH = 1, tileW = 1, tileK = 1, tileC = 1;
  LoopOrder order = LoopOrder::SpatialOuter;
  /// Kernel rows of one weight tile (0, or at least the kernel's height:
  /// every row). Fewer cut the weights into row tiles, a reduction loop
  /// inside the C_in loop whose partial sums stay in the accumulators: a
  /// weight tile too large for a buffer stage keeps the full C_in / C_out
  /// tile (the whole MAC array) instead. Plain convs only, not fused phase
  /// groups (their phases' kernels differ).
  int64_t kernelRows = 0;

  bool operator==(const TilingChoice &other) const {
    return tileH == other.tileH && tileW == other.tileW &&
           tileK == other.tileK && tileC == other.tileC &&
           order == other.order && kernelRows == other.kernelRows;
  }
};

/// Per-stage buffer needs of a tiling (each buffer holds two stages).
struct TileFootprint {
  int64_t inputBytes = 0;  ///< largest input box incl. halo
  int64_t weightBytes = 0; ///< weight tile (4-byte aligned) + bias slots
  int64_t accEntries = 0;  ///< tileH * tileW * tileK
  /// The weight tile is loaded once for the whole schedule (one C_out and
  /// one C_in tile, one group): it needs no second stage and may use the
  /// whole weight buffer (fused phase schedules only).
  bool weightsResident = false;
};

/// Without a target: the plain layout (the input box of one C_in tile).
/// With one: the layout generateConvSchedule uses on it (a whole input box
/// when it fits, see TileLoopNest.h); both agree on whether a tiling fits.
TileFootprint tileFootprint(const ConvShape &shape, const TilingChoice &tiling);
TileFootprint tileFootprint(const ConvShape &shape, const TilingChoice &tiling,
                            const TargetDesc &target);

/// Whether two stages of every buffer fit the target.
bool fitsTarget(const TileFootprint &footprint, const TargetDesc &target);

/// Success when fitsTarget, else an error naming, for each buffer that
/// overflows, the bytes one stage needs and the bytes the target has:
/// "<what> does not fit the target's buffers: input box 73728 bytes per
/// stage, the input buffer has 49152".
llvm::Error checkFitsTarget(const TileFootprint &footprint,
                            const TargetDesc &target, llvm::StringRef what);

/// Fused post-processing of a conv (or add) and its int8 parameters.
struct ConvEpilogue {
  isa::Activation activation = isa::Activation::None;
  float clampLo = 0, clampHi = 0; ///< clamp bounds (i8: quantized units)
  float alpha = 0;                ///< leaky-relu slope
  int32_t inputZp = 0, weightZp = 0, outputZp = 0;
  /// i8 requantization, TOSA apply_scale_32 (Support/Rescale.h):
  /// (v*m + 2^(s-1)) >> s, plus the DOUBLE_ROUND correction when set.
  int32_t multiplier = 1 << 30;
  int32_t shift = 30;
  bool doubleRound = false;
  /// Per-channel requantization: DRAM address of the table of (multiplier,
  /// shift) i32 pairs, one per output channel (replaces multiplier/shift).
  std::optional<uint64_t> scaleTable;
  /// i8 lookup table applied last (isa::PostOp::lut): DRAM address of its
  /// 256 i8 entries.
  std::optional<uint64_t> lutTable;
};

/// DRAM placement of a conv's operands. Weights are dense OHWI
/// (O = outC, I = inC / groups); bias is outC 4-byte values (f32 / i32).
struct ConvOperands {
  DramView input;
  uint64_t weights = 0;
  std::optional<uint64_t> bias;
  DramView output;
};

/// Emits `parts` (STOREs covering pieces of `store`'s box) in place of
/// `store`, carrying its dependency tokens: pops on the first part, pushes on
/// the last. No parts (the box is cropped away entirely) becomes one STORE
/// with an empty box, so the token traffic stays the same.
llvm::Error emitSplitStore(const isa::Instruction &store,
                           std::vector<isa::Instruction> parts,
                           isa::InstructionSink &sink);

/// Emits the schedule of one conv, ending with a BARRIER. Errors when the
/// shape is malformed, the tiling does not fit the target, or a field
/// overflows its encoding.
llvm::Error generateConvSchedule(const ConvShape &shape,
                                 const ConvEpilogue &epilogue,
                                 const TilingChoice &tiling,
                                 const ConvOperands &operands,
                                 const TargetDesc &target, uint16_t layer,
                                 isa::InstructionSink &sink);

//===----------------------------------------------------------------------===//
// Fused multi-phase schedule (the phases of one split transposed conv)
//===----------------------------------------------------------------------===//
//
// The phases of a split transposed conv are stride-1 convs over the same
// input with different small kernels and paddings. Phase r's output j reads
// input rows from u = j - padTop_r on, so in the shared coordinate u every
// phase's tile [u0, u0 + T) reads input rows [u0, u0 + T - 1 + span_r):
// one input box with the union halo (largest span) serves every phase.
// The fused schedule tiles u-space (rows and columns), C_out and C_in like
// an ordinary conv; per step it loads the input box and every phase's
// weight tile once, runs one CONV per phase (each reading the box at its
// own offset), and one POST + STORE per phase into that phase's output
// (strided into the interleaved result by the caller's DramView). The
// input is read once for all s_h*s_w phases, as on a real accelerator.

/// One phase of a fused group: its conv, epilogue and DRAM operands. All
/// phases share the input (given separately).
struct PhaseConv {
  ConvShape shape;
  ConvEpilogue epilogue;
  uint64_t weights = 0;
  std::optional<uint64_t> bias;
  DramView output;
};

/// Checks that convs can run as one fused group: at least one, same batch,
/// input size, channels, groups and element type, stride 1, and per axis
/// the phases' u-ranges [-pad_begin, out - pad_begin) overlap or touch (so
/// every u-tile has work). The error says which condition fails.
llvm::Error checkPhaseGroup(llvm::ArrayRef<ConvShape> phases);

/// A half-open index range [begin, end); empty when end <= begin.
struct IndexRange {
  int64_t begin = 0, end = 0;
  int64_t size() const { return end > begin ? end - begin : 0; }
};

/// The u-space extent of a phase group along one axis: [begin, end).
using PhaseRange = IndexRange;
PhaseRange phaseRangeH(llvm::ArrayRef<ConvShape> phases);
PhaseRange phaseRangeW(llvm::ArrayRef<ConvShape> phases);

class TileLoopNest;
/// With phase steps (NestResidency::phaseSteps > 1): how many times the
/// walk of a phase group's `nest` loads each phase's weight tiles, per
/// (C_out, C_in) tile -- once per spatial tile the phase has outputs in
/// (its step in the others is skipped), less the tiles whose step follows
/// a step of the same phase on the same weight tile (with one C_in tile,
/// e.g. a border tile where only that phase has outputs). Linear in the
/// border tiles, not in all of them: a tile where every phase has outputs
/// starts with the first phase and ends with the last.
llvm::SmallVector<int64_t> phaseWeightLoads(llvm::ArrayRef<ConvShape> phases,
                                            const TileLoopNest &nest);

/// Per-stage buffer needs of a fused tiling (tileH/tileW count u-space rows
/// and columns). `sharedBias`: one bias serves every phase. Without a
/// target: every phase's weight tile side by side; with one: the layout
/// generateFusedPhaseSchedule uses on it (phase steps when the tiles side
/// by side overflow a weight stage, a whole input box when it fits).
TileFootprint fusedTileFootprint(llvm::ArrayRef<ConvShape> phases,
                                 const TilingChoice &tiling, bool hasBias,
                                 bool sharedBias);
TileFootprint fusedTileFootprint(llvm::ArrayRef<ConvShape> phases,
                                 const TilingChoice &tiling, bool hasBias,
                                 bool sharedBias, const TargetDesc &target);

/// Emits the fused schedule of `phases` (see above), ending with a BARRIER.
/// The bias is loaded once per weight tile when every phase has the same
/// bias address, else once per phase.
llvm::Error generateFusedPhaseSchedule(llvm::ArrayRef<PhaseConv> phases,
                                       const DramView &input,
                                       const TilingChoice &tiling,
                                       const TargetDesc &target,
                                       uint16_t layer, isa::InstructionSink &sink);

/// Shape of an output-only ("fill") phase or an elementwise op.
struct PlaneShape {
  int64_t batch = 1, height = 1, width = 1, channels = 1;
  ElementKind element = ElementKind::F32;
};

//===----------------------------------------------------------------------===//
// Plane schedules (fill, add and the backend's copy): one tiling
//===----------------------------------------------------------------------===//
//
// The elementwise schedules run a plane through the accumulators tile by
// tile (double-buffered halves). Their one tiling: whole rows when a row
// fits half the accumulators (the fewest, largest tiles), else runs of
// columns of one row, else channel slices of runs of pixels -- so every
// plane whose smallest tile (one pixel of one channel slice) fits runs.

/// One accumulator tile of a plane: rows [y0, y0 + rows), columns
/// [x0, x0 + cols) and channels [c0, c0 + channels) of image `image`, held
/// densely as [rows][cols][channels] accumulator entries.
struct PlaneTile {
  int64_t image = 0, y0 = 0, x0 = 0, c0 = 0;
  int64_t rows = 0, cols = 0, channels = 0;
  int64_t pixels() const { return rows * cols; }
};

/// The tiles of a plane schedule, numbered channel slice outermost, then
/// image, row band and column run: a slice's tiles are consecutive, so a
/// fill reloads its bias only when the slice changes.
class PlaneTiling {
public:
  /// Tiles of at most `capacity` accumulator entries and `maxChannels`
  /// channels (both >= 1) over a non-empty plane.
  static llvm::Expected<PlaneTiling> create(const PlaneShape &shape,
                                            int64_t capacity,
                                            int64_t maxChannels);

  int64_t size() const { return slices * tilesPerSlice; }
  PlaneTile operator[](int64_t index) const;
  /// The channel slice tile `index` belongs to.
  int64_t sliceOf(int64_t index) const { return index / tilesPerSlice; }

  /// Tile extents (the last row band, column run and slice may be smaller).
  int64_t tileRows = 1, tileCols = 1, tileChannels = 1;

private:
  PlaneShape shape;
  int64_t rowBands = 1, colRuns = 1, slices = 1, tilesPerSlice = 1;
};

/// Address of `tile`'s first element in `view`.
uint64_t tileAddress(const DramView &view, const PlaneTile &tile,
                     ElementKind element);

/// Scaling of one operand of an int8 add: ((x - zp) * multiplier) >> shift.
struct AddOperandScale {
  int32_t zeroPoint = 0;
  int32_t multiplier = 1;
  int32_t shift = 0;
  bool doubleRound = false;
};

/// LOAD_ACC of `tile` of `source` into the accumulators at `accAddr`
/// (AddOperandScale{} is the identity: a copy).
isa::LoadAccOp planeTileLoad(const DramView &source, const PlaneTile &tile,
                        ElementKind element, int64_t accAddr,
                        const AddOperandScale &scale, bool accumulate);

/// STORE of the accumulator tile at `accAddr` to `tile` of `dest`, with the
/// plane schedules' tokens (pop the POST/LOAD_ACC, push the half back).
isa::Instruction planeTileStore(const DramView &dest, const PlaneTile &tile,
                           ElementKind element, int64_t accAddr,
                           uint16_t layer);

/// A phase of a split transposed conv with no kernel taps:
/// output = activation(bias) (or activation(0) without bias). Ends with a
/// BARRIER. An empty shape (a phase that owns no outputs) emits nothing.
/// The bias of a channel slice is loaded into one half of the weight buffer
/// for the slice's first two tiles.
llvm::Error generateFillSchedule(const PlaneShape &shape,
                                 const ConvEpilogue &epilogue,
                                 std::optional<uint64_t> bias,
                                 const DramView &output,
                                 const TargetDesc &target, uint16_t layer,
                                 isa::InstructionSink &sink);

/// One box of a multi-part fill: its shape, where it is stored and the sink
/// its instructions go to (a StoreRemapSink places a box inside a larger
/// tensor).
struct FillPart {
  PlaneShape shape;
  DramView output;
  isa::InstructionSink *sink = nullptr;
};

/// Most accumulator slots a plane schedule cycles through.
constexpr int64_t kMaxPlaneSlots = 8;

/// Accumulator slots of plane schedules over `shapes` (fill, copy and add
/// tiles cycle through equal slots of the accumulators; tiles of at most
/// accEntries / slots entries): the most of 2, 4 and 8 for which the shapes
/// take as many tiles as with two halves. Small planes (a padding border,
/// a kernel row's slice of a one-channel image) so keep up to eight tiles
/// in flight instead of two, hiding the DRAM latency of a round trip per
/// tile; planes whose tiles fill a half keep two. Empty shapes are skipped.
int64_t planeSlots(llvm::ArrayRef<PlaneShape> shapes, int64_t accEntries);

/// A pipeline of plane schedules that share the accumulator slots and the
/// compute -> store token protocol (tile n uses slot n % slots; from tile
/// `slots` on, its first compute instruction waits for the STORE of tile
/// n - slots), so that several of them pay one pipeline drain. `tiles`
/// counts the tiles emitted so far: a schedule given the chain starts at
/// that index and adds its own; it ends with a BARRIER only when `barrier`
/// is set. `slots` is chosen by whoever starts the chain (planeSlots over
/// every part of it).
struct PlaneChain {
  int64_t tiles = 0;
  bool barrier = true;
  int64_t slots = 2;
};

/// The slots of a plane schedule over `shapes`: the chain's when it
/// continues one, else planeSlots; an error when there are fewer than two
/// (a chain built by hand).
llvm::Expected<int64_t> planeSlots(const PlaneChain *chain,
                                   llvm::ArrayRef<PlaneShape> shapes,
                                   int64_t accEntries);

/// generateFillSchedule over several boxes in one chain: the tiles of every
/// part in turn cycle through the chain's accumulator slots under the token
/// protocol, and one BARRIER ends the chain (fills of many small boxes pay
/// one pipeline drain, not one per box). Empty parts are skipped; no parts
/// emit nothing (not even the BARRIER). `bias` (one slot per channel) applies
/// to every part; a fill with a bias uses two accumulator halves (a slice's
/// bias in the matching weight-buffer half), one without planeSlots. With
/// `chain` the fill (without a bias) continues that chain (its slots; its
/// BARRIER as the chain says).
llvm::Error generateFillSchedules(llvm::ArrayRef<FillPart> parts,
                                  const ConvEpilogue &epilogue,
                                  std::optional<uint64_t> bias,
                                  const TargetDesc &target, uint16_t layer,
                                  PlaneChain *chain = nullptr);

/// Elementwise out = activation(lhs + rhs) (residual blocks): both operands
/// are loaded into the accumulators (LOAD_ACC), post-processed and stored.
/// Without `rhs` (an operand that contributes 0: the zeros an unfused
/// activation or table is added to) only lhs is loaded. Ends with a BARRIER.
llvm::Error generateAddSchedule(const PlaneShape &shape, const DramView &lhs,
                                const AddOperandScale &lhsScale,
                                std::optional<DramView> rhs,
                                const AddOperandScale &rhsScale,
                                const ConvEpilogue &epilogue,
                                const DramView &output,
                                const TargetDesc &target, uint16_t layer,
                                isa::InstructionSink &sink);

} // namespace schedule
} // namespace accel

#endif // ACCEL_SCHEDULE_CONVSCHEDULE_H
