//===- BufferPlanner.h - static offsets for live buffers -------*- C++ -*-===//
//
// Places buffers with known lifetimes in one arena so that buffers live at
// the same step never overlap: greedy by size with best fit (as TFLite's
// arena planner). Pure C++, independent of MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CODEGEN_BUFFERPLANNER_H
#define DENSENET_CODEGEN_BUFFERPLANNER_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <vector>

namespace mlir::densenet {

/// A buffer of `size` bytes, live from step `firstUse` to step `lastUse`
/// (both inclusive).
struct BufferRequest {
  uint64_t size;
  unsigned firstUse, lastUse;
};

struct BufferPlan {
  /// One offset per request, in request order, each a multiple of the
  /// alignment.
  std::vector<uint64_t> offsets;
  /// End of the highest buffer, rounded up to the alignment.
  uint64_t arenaBytes = 0;
  /// liveLowerBound() of the requests: no plan can use fewer bytes.
  uint64_t lowerBoundBytes = 0;
};

/// The largest sum, over all steps, of the sizes of the buffers live at that
/// step, each rounded up to `alignment` (a power of two).
uint64_t liveLowerBound(llvm::ArrayRef<BufferRequest> requests,
                        uint64_t alignment = 64);

/// Greedy by size, best fit: buffers are placed largest first, each in the
/// smallest gap between the already placed buffers whose lifetimes overlap
/// its own, or above all of them when no gap fits. `alignment` is a power
/// of two.
BufferPlan planBuffers(llvm::ArrayRef<BufferRequest> requests,
                       uint64_t alignment = 64);

} // namespace mlir::densenet

#endif // DENSENET_CODEGEN_BUFFERPLANNER_H
