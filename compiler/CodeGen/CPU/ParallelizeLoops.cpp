//===- ParallelizeLoops.cpp - marked scf.for loops become scf.parallel ----===//
//
// Implements `densenet-parallelize-loops`: after bufferization, each
// outermost `scf.for` with role `parallel_loop` (set by the CPU schedule on
// loops over pixel or channel blocks, whose iterations write disjoint data)
// becomes an `scf.parallel`, and the scratch buffers allocated in its body
// become stack allocations, private to the thread that runs the iteration. A loop whose
// scratch cannot live on a thread's stack (a dynamic shape, or more than
// `max-private-bytes`) stays sequential.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/CPU/Passes.h"
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

/// Size in bytes of a buffer of `type`, or std::nullopt when its shape is
/// dynamic, its element size is not fixed, or the size overflows.
std::optional<uint64_t> staticByteSize(MemRefType type,
                                       const DataLayout &layout) {
  if (!type.hasStaticShape())
    return std::nullopt;
  llvm::TypeSize elementBytes = layout.getTypeSize(type.getElementType());
  if (elementBytes.isScalable())
    return std::nullopt;
  bool overflow = false;
  uint64_t bytes = llvm::SaturatingMultiply(
      static_cast<uint64_t>(type.getNumElements()),
      elementBytes.getFixedValue(), &overflow);
  if (overflow)
    return std::nullopt;
  return bytes;
}

/// Whether every scratch buffer allocated directly in the body of `loop`
/// can live on a thread's stack: a static shape of at most `maxBytes`.
bool scratchFitsOnStack(scf::ForOp loop, int64_t maxBytes,
                        const DataLayout &layout) {
  return llvm::all_of(
      loop.getBody()->getOps<memref::AllocOp>(), [&](memref::AllocOp alloc) {
        std::optional<uint64_t> bytes = staticByteSize(alloc.getType(), layout);
        return bytes && maxBytes >= 0 &&
               *bytes <= static_cast<uint64_t>(maxBytes);
      });
}

/// Scratch buffers allocated in a parallel iteration live on that thread's
/// stack for the iteration (the OpenMP lowering scopes each iteration's
/// stack allocations).
void privatizeScratch(scf::ParallelOp loop, IRRewriter &rewriter) {
  for (Operation &op : llvm::make_early_inc_range(*loop.getBody())) {
    auto alloc = dyn_cast<memref::AllocOp>(op);
    if (!alloc)
      continue;
    rewriter.setInsertionPoint(alloc);
    rewriter.replaceOpWithNewOp<memref::AllocaOp>(
        alloc, alloc.getType(), alloc.getDynamicSizes(),
        alloc.getSymbolOperands(), alloc.getAlignmentAttr());
  }
}

void parallelize(scf::ForOp loop, IRRewriter &rewriter) {
  rewriter.setInsertionPoint(loop);
  auto parallel = scf::ParallelOp::create(
      rewriter, loop.getLoc(), ValueRange{loop.getLowerBound()},
      ValueRange{loop.getUpperBound()}, ValueRange{loop.getStep()});
  Block *body = loop.getBody();
  rewriter.eraseOp(body->getTerminator());
  rewriter.inlineBlockBefore(body, parallel.getBody()->getTerminator(),
                             parallel.getInductionVars());
  rewriter.eraseOp(loop);
  privatizeScratch(parallel, rewriter);
}

struct ParallelizeLoopsPass
    : densenet::impl::DenseNetParallelizeLoopsBase<ParallelizeLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<scf::ForOp> marked;
    getOperation()->walk<WalkOrder::PreOrder>([&](scf::ForOp loop) {
      if (densenet::getRole(loop) != densenet::Role::parallel_loop)
        return;
      densenet::clearRole(loop);
      marked.push_back(loop);
    });
    DataLayout layout = DataLayout::closest(getOperation());
    IRRewriter rewriter(&getContext());
    for (scf::ForOp loop : marked)
      if (isParallelCandidate(loop) &&
          scratchFitsOnStack(loop, maxPrivateBytes, layout))
        parallelize(loop, rewriter);
  }
};

} // namespace
