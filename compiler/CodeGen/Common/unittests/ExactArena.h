//===- ExactArena.h - smallest arena for a few buffers ----------*- C++ -*-===//
//
// The optimum the planner is measured against on tiny inputs, and the
// tests' own definitions of liveness and conflicts (independent of the
// planner's).
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CODEGEN_UNITTESTS_EXACTARENA_H
#define DENSENET_CODEGEN_UNITTESTS_EXACTARENA_H

#include "compiler/CodeGen/Common/BufferPlanner.h"

namespace mlir::densenet::test {

/// Whether `a` and `b` are live at a common step (whole lifetimes).
inline bool liveTogether(const BufferRequest &a, const BufferRequest &b) {
  return a.firstUse <= b.lastUse && b.firstUse <= a.lastUse;
}

/// Whether byte `byte` of `request` (relative to its start) is live at
/// `step`: inside a piece live at that step (the whole buffer from
/// firstUse when it has no pieces).
bool byteLive(const BufferRequest &request, uint64_t byte, unsigned step);

/// Whether `a` at `offsetA` and `b` at `offsetB` have a byte of the arena
/// live at the same step, checked step by step and byte range by byte
/// range.
bool overlapInPlan(const BufferRequest &a, uint64_t offsetA,
                   const BufferRequest &b, uint64_t offsetB);

/// The smallest arena (bytes, a multiple of `alignment`) that holds
/// `requests` without pieces with aligned offsets, found by trying every
/// placement order with first fit. Exact: take an optimal plan pushed down
/// as far as it goes; placing its buffers in the order of their offsets,
/// first fit puts each one at or below its optimal offset. (With pieces
/// the argument fails: a buffer's piece may lie below a piece of a buffer
/// placed lower, so first fit may take a spot a later buffer needed.)
/// Factorial time: a few buffers only.
uint64_t exactMinimumArena(llvm::ArrayRef<BufferRequest> requests,
                           uint64_t alignment = 64);

/// The smallest arena for `requests`, pieces or not, by exhaustive search
/// over every aligned offset of every buffer below each candidate arena
/// size, from the bytes live at one step upwards. Exponential time: a few
/// buffers of a few alignment units only.
uint64_t exactMinimumArenaWithPieces(llvm::ArrayRef<BufferRequest> requests,
                                     uint64_t alignment = 64);

} // namespace mlir::densenet::test

#endif // DENSENET_CODEGEN_UNITTESTS_EXACTARENA_H
