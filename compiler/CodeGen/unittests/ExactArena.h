//===- ExactArena.h - smallest arena for a few buffers ----------*- C++ -*-===//
//
// The optimum the greedy planner is measured against on tiny inputs.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CODEGEN_UNITTESTS_EXACTARENA_H
#define DENSENET_CODEGEN_UNITTESTS_EXACTARENA_H

#include "compiler/CodeGen/BufferPlanner.h"

namespace mlir::densenet::test {

/// Whether `a` and `b` are live at a common step (the tests' own
/// definition, independent of the planner's).
inline bool liveTogether(const BufferRequest &a, const BufferRequest &b) {
  return a.firstUse <= b.lastUse && b.firstUse <= a.lastUse;
}

/// The smallest arena (bytes, a multiple of `alignment`) that holds
/// `requests` with aligned offsets, found by trying every placement order
/// with first fit. Exact: take an optimal plan pushed down as far as it
/// goes; placing its buffers in the order of their offsets, first fit puts
/// each one at or below its optimal offset. Factorial time: a few buffers
/// only.
uint64_t exactMinimumArena(llvm::ArrayRef<BufferRequest> requests,
                           uint64_t alignment = 64);

} // namespace mlir::densenet::test

#endif // DENSENET_CODEGEN_UNITTESTS_EXACTARENA_H
