//===- DistributeRemaining.cpp - the ops outside kernels as GPU loops -----===//
//
// Implements `densenet-gpu-distribute-remaining`: each top-level linalg op
// becomes one scf.parallel over its parallel dimensions, collapsed into one,
// tiled into blocks of threads and mapped for
// `convert-parallel-loops-to-gpu`.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/GPU/Passes.h"

#include "mlir/Dialect/GPU/Transforms/ParallelLoopMapper.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"

#include <numeric>

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETGPUDISTRIBUTEREMAINING
#include "compiler/CodeGen/GPU/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;

namespace {

/// Collapses `loop`'s dimensions into one; returns the new loop.
scf::ParallelOp collapseToOneDimension(RewriterBase &rewriter,
                                       scf::ParallelOp loop) {
  unsigned rank = loop.getNumLoops();
  if (rank == 1)
    return loop;
  std::vector<unsigned> all(rank);
  std::iota(all.begin(), all.end(), 0);
  Operation *next = loop->getNextNode();
  collapseParallelLoops(rewriter, loop, {all});
  Operation *op = next->getPrevNode();
  while (!isa<scf::ParallelOp>(op))
    op = op->getPrevNode();
  return cast<scf::ParallelOp>(op);
}

/// Maps `loop`'s single dimension to `processor`.
void mapTo(scf::ParallelOp loop, gpu::Processor processor) {
  MLIRContext *context = loop.getContext();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(1, context);
  (void)gpu::setMappingAttr(loop, {gpu::ParallelLoopDimMappingAttr::get(
                                      context, processor, identity, identity)});
}

struct DistributeRemainingPass
    : densenet::impl::DenseNetGPUDistributeRemainingBase<
          DistributeRemainingPass> {
  using Base::Base;

  LogicalResult distribute(RewriterBase &rewriter, linalg::LinalgOp op) {
    rewriter.setInsertionPoint(op);
    FailureOr<linalg::LinalgLoops> loops =
        linalg::linalgOpToParallelLoops(rewriter, op);
    if (failed(loops) || loops->empty() ||
        !isa<scf::ParallelOp>(loops->front()))
      return op.emitOpError("has no parallel dimension to run on GPU threads");
    rewriter.eraseOp(op);
    scf::ParallelOp flat =
        collapseToOneDimension(rewriter, cast<scf::ParallelOp>(loops->front()));
    auto [blocks, threads] = scf::tileParallelLoop(
        flat, {int64_t(threadsPerBlock)}, /*noMinMaxBounds=*/true);
    mapTo(blocks, gpu::Processor::BlockX);
    mapTo(threads, gpu::Processor::ThreadX);
    return success();
  }

  void runOnOperation() override {
    if (threadsPerBlock <= 0) {
      getOperation().emitError("densenet-gpu-distribute-remaining: "
                               "threads-per-block must be positive");
      return signalPassFailure();
    }
    SmallVector<linalg::LinalgOp> ops(
        getOperation().getBody().front().getOps<linalg::LinalgOp>());
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops)
      if (failed(distribute(rewriter, op)))
        return signalPassFailure();
  }
};

} // namespace
