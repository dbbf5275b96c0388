//===- ParallelizeLoops.cpp - marked scf.for loops become scf.parallel ----===//
//
// Implements `densenet-parallelize-loops`: after bufferization, each
// outermost `scf.for` with role `parallel_loop` (set by the CPU schedule on
// loops over pixel or channel blocks, and by the lowering on loops over bands,
// whose iterations write disjoint data) becomes an `scf.parallel`, and the
// scratch buffers allocated in its body become stack allocations, private to
// the thread that runs the iteration. A loop whose scratch cannot live on a
// thread's stack (a dynamic shape, or more than `max-private-bytes` in all)
// stays sequential.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/CPU/Passes.h"
#include "compiler/CodeGen/Common/StaticByteSize.h"
#include "dialects/DenseNet/IR/DenseNetDialect.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETPARALLELIZELOOPS
#include "compiler/CodeGen/CPU/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;

namespace {

/// A loop worth running in parallel: no loop-carried values, not inside a
/// parallel loop already, and more than one iteration where that is known.
bool isParallelCandidate(scf::ForOp loop) {
  if (loop.getNumResults() != 0 || loop->getParentOfType<scf::ParallelOp>())
    return false;
  std::optional<APInt> trips = loop.getStaticTripCount();
  return !trips || trips->ugt(1);
}

/// The scratch buffers allocated in the body of `loop`, at any depth.
SmallVector<memref::AllocOp> scratchBuffers(Operation *loop) {
  SmallVector<memref::AllocOp> allocs;
  loop->walk([&](memref::AllocOp alloc) { allocs.push_back(alloc); });
  return allocs;
}

/// Whether the scratch buffers allocated in the body of `loop` can live on a
/// thread's stack: static shapes of at most `maxBytes` together.
bool scratchFitsOnStack(scf::ForOp loop, int64_t maxBytes,
                        const DataLayout &layout) {
  if (maxBytes < 0)
    return false;
  uint64_t total = 0;
  for (memref::AllocOp alloc : scratchBuffers(loop)) {
    std::optional<uint64_t> bytes =
        densenet::staticByteSize(alloc.getType(), layout);
    if (!bytes)
      return false;
    total = llvm::SaturatingAdd(total, *bytes);
  }
  return total <= static_cast<uint64_t>(maxBytes);
}

/// Scratch buffers allocated in a parallel iteration live on that thread's
/// stack for the iteration (the OpenMP lowering scopes each iteration's
/// stack allocations). Those of sequential loops inside it move to the
/// iteration's start, one buffer for all their iterations, as
/// buffer-loop-hoisting would have moved them.
void privatizeScratch(scf::ParallelOp loop, IRRewriter &rewriter) {
  rewriter.setInsertionPointToStart(loop.getBody());
  for (memref::AllocOp alloc : scratchBuffers(loop)) {
    rewriter.replaceOpWithNewOp<memref::AllocaOp>(
        alloc, alloc.getType(), alloc.getDynamicSizes(),
        alloc.getSymbolOperands(), alloc.getAlignmentAttr());
  }
}

/// The marked loop that is the whole body of `loop`, with bounds defined
/// outside `loop`; null if there is none.
scf::ForOp perfectlyNestedMarked(scf::ForOp loop,
                                 const llvm::SmallPtrSetImpl<Operation *> &marked) {
  Block *body = loop.getBody();
  if (body->getOperations().size() != 2)
    return nullptr;
  auto inner = dyn_cast<scf::ForOp>(body->front());
  if (!inner || !marked.contains(inner) || inner.getNumResults() != 0)
    return nullptr;
  bool invariantBounds = llvm::all_of(
      ValueRange{inner.getLowerBound(), inner.getUpperBound(), inner.getStep()},
      [&](Value bound) { return loop.isDefinedOutsideOfLoop(bound); });
  return invariantBounds ? inner : nullptr;
}

/// Replaces the nest `loops` (outermost first, each the whole body of the
/// one before) by one scf.parallel over all of their induction variables.
void parallelize(ArrayRef<scf::ForOp> loops, IRRewriter &rewriter) {
  scf::ForOp outer = loops.front(), innermost = loops.back();
  SmallVector<Value> lowerBounds, upperBounds, steps;
  for (scf::ForOp loop : loops) {
    lowerBounds.push_back(loop.getLowerBound());
    upperBounds.push_back(loop.getUpperBound());
    steps.push_back(loop.getStep());
  }
  rewriter.setInsertionPoint(outer);
  auto parallel = scf::ParallelOp::create(rewriter, outer.getLoc(),
                                          lowerBounds, upperBounds, steps);
  SmallVector<Value> inductionVars;
  for (scf::ForOp loop : loops)
    inductionVars.push_back(loop.getInductionVar());
  rewriter.replaceAllUsesWith(inductionVars, parallel.getInductionVars());
  Block *body = innermost.getBody();
  rewriter.eraseOp(body->getTerminator());
  rewriter.inlineBlockBefore(body, parallel.getBody()->getTerminator());
  rewriter.eraseOp(outer);
  privatizeScratch(parallel, rewriter);
}

struct ParallelizeLoopsPass
    : densenet::impl::DenseNetParallelizeLoopsBase<ParallelizeLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    // The marked loops, outer before inner; those not yet handled.
    SmallVector<scf::ForOp> marked;
    llvm::SmallPtrSet<Operation *, 16> pending;
    getOperation()->walk<WalkOrder::PreOrder>([&](scf::ForOp loop) {
      if (densenet::getRole(loop) != densenet::Role::parallel_loop)
        return;
      densenet::clearRole(loop);
      marked.push_back(loop);
      pending.insert(loop);
    });
    DataLayout layout = DataLayout::closest(getOperation());
    IRRewriter rewriter(&getContext());
    for (scf::ForOp loop : marked) {
      if (!pending.contains(loop) || !isParallelCandidate(loop))
        continue;
      // A nest of marked loops shares out the iterations of all of them.
      SmallVector<scf::ForOp> nest = {loop};
      while (scf::ForOp inner = perfectlyNestedMarked(nest.back(), pending))
        nest.push_back(inner);
      for (scf::ForOp nested : nest)
        pending.erase(nested);
      if (scratchFitsOnStack(nest.back(), maxPrivateBytes, layout))
        parallelize(nest, rewriter);
    }
  }
};

} // namespace
