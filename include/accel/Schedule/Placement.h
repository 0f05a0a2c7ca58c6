//===- Placement.h - Where a tensor's elements live in DRAM --*- C++ -*-===//
//
// The DRAM planner and the emitter describe every activation by a
// *placement*: a list of affine pieces that map the tensor's NHWC elements
// to byte addresses. A dense tensor is one piece. A phase of a split
// transposed convolution is one strided piece inside the depth_to_space
// result; a concat input is one piece at its channel offset; the single
// operand of a stacked (channel-grouped) depth_to_space is one piece per
// channel group, each partly cropped. Composition is exact integer
// arithmetic, so aliases of aliases (a phase of a depth_to_space that is a
// concat input) need no special case.
//
// `StoreRemapSink` makes any schedule generator (which stores into a dense
// output) write through a placement instead: every STORE box is clipped
// and split over the pieces. That is how depth_to_space, concat and crops
// cost no data movement.
//
// Plain C++ (no MLIR types): unit-testable and reusable by embedders.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SCHEDULE_PLACEMENT_H
#define ACCEL_SCHEDULE_PLACEMENT_H

#include "accel/Schedule/ConvSchedule.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace accel {
namespace schedule {

/// Static NHWC extent of a tensor (lower ranks are padded with leading 1s).
using Shape4 = std::array<int64_t, 4>;

/// One affine piece of a placement: tensor element (n, y, x, c) with
/// c in [channelBegin, channelEnd), y in [rowBegin, rowEnd) and x in
/// [colBegin, colEnd) lives at
///   base + n*imageStride + y*rowStride + x*pixelStride
///        + (c - channelBegin) * elementBytes.
/// `base` may be negative (the affine origin of a cropped piece); every
/// element inside the ranges has a non-negative address. Elements of the
/// channel range outside the row / column ranges are dropped (a crop).
struct PlacementPiece {
  int64_t channelBegin = 0, channelEnd = 0;
  int64_t base = 0;
  int64_t imageStride = 0, rowStride = 0, pixelStride = 0;
  int64_t rowBegin = 0, rowEnd = 0, colBegin = 0, colEnd = 0;

  bool operator==(const PlacementPiece &other) const;
};

/// Pieces in channel order; their channel ranges are disjoint.
using Placement = std::vector<PlacementPiece>;

/// A dense NHWC tensor of `shape` at `base`.
Placement densePlacement(int64_t base, const Shape4 &shape,
                         int64_t elementBytes);

/// The placement of an operand whose elements map into a result as
///   operand (n, y, x, operandChannelBegin + c)
///     -> result (n, originY + stepY*y, originX + stepX*x,
///                resultChannelBegin + c),   0 <= c < channelCount,
/// given the result's placement. Operand positions that land outside the
/// result (or in a cropped part of it) are dropped. This one primitive
/// covers depth_to_space phases (step = block, origin = phase origin), the
/// channel groups of a stacked depth_to_space, concat inputs (step 1,
/// channel offset) and the input of a zero_insert (step = stride, origin =
/// padding).
Placement composeStrided(const Placement &result, int64_t originY,
                         int64_t originX, int64_t stepY, int64_t stepX,
                         int64_t operandChannelBegin,
                         int64_t resultChannelBegin, int64_t channelCount,
                         int64_t operandH, int64_t operandW,
                         int64_t elementBytes);

/// Where an operand of an `accel.depth_to_space` lives inside the result
/// (placed at `result`): operand `phase` of a depth_to_space with one
/// operand per phase (phase = rh * blockW + rw), or, for the single operand
/// of a channel-grouped (stacked) one (`phase` = std::nullopt), channel
/// group p = rh * blockW + rw at channels [p * channels, (p+1) * channels).
/// Grid index i of origin o lands on result o + block * i; what lands
/// outside the result is dropped (the stacked strategy's crop). The one
/// definition of both forms, used by the memory planner, the emitter and
/// every price of a stacked conv.
Placement depthToSpaceOperandPlacement(const Placement &result, int64_t blockH,
                                       int64_t blockW,
                                       llvm::ArrayRef<int64_t> originsH,
                                       llvm::ArrayRef<int64_t> originsW,
                                       std::optional<int64_t> phase,
                                       int64_t channels, int64_t operandH,
                                       int64_t operandW, int64_t elementBytes);

/// Which parts of a conv's output reach DRAM: per channel range, the rows
/// and columns kept, given as cuts from each edge (so the description stays
/// valid when the cost model shortens the conv to extrapolate).
struct OutputCropPiece {
  int64_t channelBegin = 0, channelEnd = 0;
  int64_t cutTop = 0, cutBottom = 0, cutLeft = 0, cutRight = 0;
};
/// Empty: the whole output, dense.
using OutputCrop = std::vector<OutputCropPiece>;

/// The crop of a placement of a tensor of `shape` (its pieces' channel,
/// row and column ranges; strides and bases are dropped).
OutputCrop outputCropOf(const Placement &placement, const Shape4 &shape);

/// A placement with `crop`'s pieces over a dense tensor of `shape` at 0:
/// stores remapped through it split and clip exactly as through the real
/// placement the crop came from (addresses aside).
Placement cropPlacement(const OutputCrop &crop, const Shape4 &shape,
                        int64_t elementBytes);

/// The single uncropped piece covering all of `shape` as a DramView (what a
/// LOAD can read), or std::nullopt when the placement is scattered or
/// cropped.
std::optional<schedule::DramView> asView(const Placement &placement,
                                    const Shape4 &shape);

/// The placement of an `accel.window` (kernel `kernelW`, stride `strideW`)
/// of an input of `inputShape` placed at `input`: pixel x of the result is
/// the run of kernelW * C elements starting at input pixel x * strideW, so
/// the result is one piece at the input's base with the input's image and
/// row strides and pixel stride strideW * C elements (windows overlap when
/// strideW < kernelW). Exists when `input` is one uncropped piece whose
/// pixels are contiguous (pixel stride C elements); std::nullopt otherwise.
std::optional<Placement> windowPlacement(const Placement &input,
                                         const Shape4 &inputShape,
                                         int64_t kernelW, int64_t strideW,
                                         int64_t elementBytes);

/// The placement of an `accel.slice` (offsets (oy, ox), strides (sy, sx))
/// of an input of `inputShape` placed at `input`, with result shape
/// `resultShape`: one piece at the input's element (oy, ox) with the row
/// and pixel strides multiplied by (sy, sx). Exists when `input` is one
/// uncropped piece; std::nullopt otherwise.
std::optional<Placement> slicePlacement(const Placement &input,
                                        const Shape4 &inputShape,
                                        llvm::ArrayRef<int64_t> offsets,
                                        llvm::ArrayRef<int64_t> strides,
                                        const Shape4 &resultShape);

/// The placement of a row-major reshape's operand of `operandShape` inside
/// its result of `resultShape`, placed at `result`: the same bytes viewed
/// with the operand's shape. Exists when `result` is one uncropped piece and
/// every run of operand axes that spans a run of result axes spans
/// contiguous strides there (NumPy's no-copy reshape), with the operand's
/// channels contiguous; std::nullopt otherwise. A dense result gives a
/// dense operand; a channel slice of a concat gives a strided view (the
/// 3-D phase interleave's reshapes).
std::optional<Placement> reshapeOperandPlacement(const Placement &result,
                                                 const Shape4 &resultShape,
                                                 const Shape4 &operandShape,
                                                 int64_t elementBytes);

/// Whether the placement is exactly `densePlacement(base, shape, bytes)`
/// for some base.
bool isDense(const Placement &placement, const Shape4 &shape,
             int64_t elementBytes);

/// Forwards instructions to `next`, rewriting every STORE: the generator
/// stores into a *virtual* dense tensor of `shape` at address 0; each such
/// store box is clipped to and split over `placement`'s pieces. Dependency
/// tokens are preserved: the first emitted store pops what the original
/// popped, the last pushes what it pushed (a fully cropped box becomes an
/// empty store that only moves tokens).
class StoreRemapSink : public isa::InstructionSink {
public:
  StoreRemapSink(isa::InstructionSink &next, const Shape4 &shape,
                 int64_t elementBytes, Placement placement);
  llvm::Error emit(const isa::Instruction &inst) override;

  /// The virtual output the generator must store into.
  schedule::DramView virtualOutput() const {
    return schedule::DramView::dense(0, shape[1], shape[2], shape[3], elementBytes);
  }

private:
  isa::InstructionSink &next;
  Shape4 shape;
  int64_t elementBytes;
  Placement placement;
};

} // namespace schedule
} // namespace accel

#endif // ACCEL_SCHEDULE_PLACEMENT_H
