//===- CostModelInternal.h - Shared pieces of the cost model ----*- C++ -*-===//
//
// Private to lib/Target/CostModel: the walk with cropped stores and the
// extrapolation of long schedules, shared by single convs and fused phase
// groups.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_LIB_TARGET_COSTMODEL_INTERNAL_H
#define ACCEL_LIB_TARGET_COSTMODEL_INTERNAL_H

#include "accel/Schedule/TileLoopNest.h"
#include "accel/Target/CostModel.h"

#include <functional>

namespace accel {
namespace detail {

/// walkConvCost of a conv with `epilogue`, with the stores split and
/// clipped by `crop`.
llvm::Expected<CostEstimate>
walkCroppedConvCost(const ConvShape &shape, const TargetDesc &target,
                    const schedule::TilingChoice &tiling,
                    const EpilogueTiming &epilogue, const OutputCrop &crop);

/// Walks a conv (group of one) or a fused phase group.
using GroupWalk =
    std::function<llvm::Expected<CostEstimate>(llvm::ArrayRef<ConvShape>)>;

/// `walk(group)` for schedules of at most kExactWalkSteps steps, else the
/// multilinear extrapolation from walks of shortened copies. The copies
/// keep the full C_in loop unless `shortenInChannels`: fewer C_in tiles
/// could let a whole input box fit that does not fit the full conv
/// (schedule::phaseGroupNest), or a whole box / whole weights fit a third
/// buffer stage, and the copies must run the same schedule.
llvm::Expected<CostEstimate> extrapolateGroup(llvm::ArrayRef<ConvShape> group,
                                              const schedule::TilingChoice &tiling,
                                              int64_t steps,
                                              const GroupWalk &walk,
                                              bool shortenInChannels);

/// Whether extrapolateGroup may shorten the C_in loop of `nest` (see there).
bool mayShortenInChannels(const schedule::TileLoopNest &nest);

} // namespace detail
} // namespace accel

#endif // ACCEL_LIB_TARGET_COSTMODEL_INTERNAL_H
