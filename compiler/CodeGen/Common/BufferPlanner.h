//===- BufferPlanner.h - static offsets for live buffers -------*- C++ -*-===//
//
// Places buffers with known lifetimes in one arena so that bytes live at the
// same step never overlap. A buffer may become live piece by piece (byte
// ranges first written at different steps), so that other buffers can use
// its not-yet-written bytes. Best-fit placement, tried in several orders
// (see planBuffers). Pure C++, independent of MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CODEGEN_BUFFERPLANNER_H
#define DENSENET_CODEGEN_BUFFERPLANNER_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <vector>

namespace mlir::densenet {

/// The bytes [offset, offset + size) of a buffer, live from step `firstUse`
/// to the buffer's last use (both inclusive).
struct BufferPiece {
  uint64_t offset, size;
  unsigned firstUse;
};

/// A buffer of `size` bytes, live from step `firstUse` to step `lastUse`
/// (both inclusive).
///
/// With `pieces`, only the pieces' bytes are live, each from its own
/// firstUse to `lastUse`: two buffers may then share bytes that one of them
/// does not use yet. Pieces lie inside [0, size), do not overlap each other
/// and start at or after `firstUse` (the buffer's earliest piece); bytes in
/// no piece are never live. Without pieces, the buffer is one piece
/// {0, size, firstUse}.
struct BufferRequest {
  uint64_t size;
  unsigned firstUse, lastUse;
  std::vector<BufferPiece> pieces = {};
};

/// The pieces of `request`: its own, or the one covering all of it.
std::vector<BufferPiece> piecesOf(const BufferRequest &request);

/// Whether `a` placed at `offsetA` and `b` at `offsetB` may not coexist:
/// a piece of one shares a step and a byte with a piece of the other.
bool conflict(const BufferRequest &a, uint64_t offsetA, const BufferRequest &b,
              uint64_t offsetB);

struct BufferPlan {
  /// One offset per request, in request order, each a multiple of the
  /// alignment.
  std::vector<uint64_t> offsets;
  /// End of the highest buffer (offset + size, whole buffer, pieces or
  /// not), rounded up to the alignment.
  uint64_t arenaBytes = 0;
  /// liveLowerBound() of the requests: no plan can use fewer bytes.
  uint64_t lowerBoundBytes = 0;
};

/// A lower bound of the arena of any valid plan (aligned offsets, arena a
/// multiple of `alignment`, a power of two): the largest, over all steps,
/// of two counts of the pieces live at that step:
///  - their bytes, rounded up to the alignment once (live pieces are
///    disjoint in memory);
///  - `alignment` times the number of multiples of the alignment among
///    their buffer-relative offsets: buffers start at aligned offsets, so
///    these are arena bytes at the start of an alignment granule, each
///    distinct and inside the arena, and the arena holds at least as many
///    granules.
/// For a buffer without pieces the second count is its size rounded up to
/// the alignment, so without pieces the bound is the largest sum of the
/// live buffers' rounded sizes, as in the planner's earlier versions.
/// Rounding every piece (or every buffer's last piece) up to the alignment
/// would not be a bound: a piece starting at an unaligned offset may fill
/// the padding after another buffer's end.
uint64_t liveLowerBound(llvm::ArrayRef<BufferRequest> requests,
                        uint64_t alignment = 64);

/// Places every request at the lowest aligned offset free of conflicts
/// with the requests placed before it in `order` (a permutation of the
/// request indices) or, with `bestFit`, at the start of the smallest range
/// of conflict-free offsets that is bounded above (the smallest gap between
/// placed pieces that holds it), above everything when none is.
BufferPlan planInOrder(llvm::ArrayRef<BufferRequest> requests,
                       llvm::ArrayRef<size_t> order, uint64_t alignment = 64,
                       bool bestFit = true);

/// Best fit (as TFLite's arena planner, generalized to pieces) in several
/// orders, keeping the smallest arena: greedy by size alone can fail badly
/// with pieces (a large temporary placed first at offset 0 pushes a
/// long-lived buffer whose first piece is live at the temporary's last
/// step above it, although the buffer's later pieces could have used the
/// temporary's bytes). The orders, each with ties broken by request index:
///  1. size, largest first (ties: earlier first use);
///  2. live bytes x steps (the sum over pieces of size x steps live),
///     largest first;
///  3. first use, earliest first (ties: larger first);
///  4. last use, latest first (ties: larger first).
/// Ties between orders go to the earlier order, so plans are
/// deterministic. `alignment` is a power of two.
BufferPlan planBuffers(llvm::ArrayRef<BufferRequest> requests,
                       uint64_t alignment = 64);

/// No reuse: every buffer gets its own bytes, laid end to end in request
/// order at aligned offsets (arena = sum of the rounded sizes). For
/// comparison with planBuffers.
BufferPlan planWithoutReuse(llvm::ArrayRef<BufferRequest> requests,
                            uint64_t alignment = 64);

} // namespace mlir::densenet

#endif // DENSENET_CODEGEN_BUFFERPLANNER_H
