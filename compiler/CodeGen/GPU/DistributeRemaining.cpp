//===- DistributeRemaining.cpp - the ops outside kernels as GPU loops -----===//
//
// Implements `densenet-gpu-distribute-remaining`: each top-level linalg op
// becomes one scf.parallel over its parallel dimensions, collapsed into one,
// tiled into blocks of threads and mapped for
// `convert-parallel-loops-to-gpu`; consecutive fills (the zero borders of a
// padded buffer) share one loop.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/GPU/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/Transforms/ParallelLoopMapper.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

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

/// Runs of consecutive top-level fills of static buffers, with only ops
/// free of memory effects (views, constants) between them.
SmallVector<SmallVector<linalg::FillOp>> fillRuns(Block &body) {
  SmallVector<SmallVector<linalg::FillOp>> runs(1);
  for (Operation &op : body) {
    auto fill = dyn_cast<linalg::FillOp>(op);
    if (fill && fill.hasPureBufferSemantics() &&
        cast<MemRefType>(fill.getOutputs()[0].getType()).hasStaticShape()) {
      runs.back().push_back(fill);
      continue;
    }
    if (!isMemoryEffectFree(&op) && !runs.back().empty())
      runs.emplace_back();
  }
  llvm::erase_if(runs, [](auto &run) { return run.size() < 2; });
  return runs;
}

/// One loop over the elements of all of `fills` (at the last of them),
/// each iteration storing into the fill that owns its element.
scf::ParallelOp mergeFills(RewriterBase &rewriter,
                           ArrayRef<linalg::FillOp> fills) {
  linalg::FillOp last = fills.back();
  Location loc = last.getLoc();
  rewriter.setInsertionPoint(last);
  int64_t total = 0;
  for (linalg::FillOp fill : fills)
    total += cast<MemRefType>(fill.getOutputs()[0].getType()).getNumElements();
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  Value count = arith::ConstantIndexOp::create(rewriter, loc, total);
  auto loop = scf::ParallelOp::create(rewriter, loc, zero, count, one);
  rewriter.setInsertionPointToStart(loop.getBody());
  Value index = loop.getInductionVars()[0];
  int64_t offset = 0;
  for (linalg::FillOp fill : fills) {
    auto type = cast<MemRefType>(fill.getOutputs()[0].getType());
    Value first = arith::ConstantIndexOp::create(rewriter, loc, offset);
    Value end =
        arith::ConstantIndexOp::create(rewriter, loc, offset + type.getNumElements());
    Value inside = arith::AndIOp::create(
        rewriter, loc,
        arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::uge, index,
                              first),
        arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::ult, index,
                              end));
    auto owns = scf::IfOp::create(rewriter, loc, inside);
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(owns.thenBlock());
    Value local = arith::SubIOp::create(rewriter, loc, index, first);
    auto element = affine::AffineDelinearizeIndexOp::create(
        rewriter, loc, local, type.getShape());
    memref::StoreOp::create(rewriter, loc, fill.getInputs()[0],
                            fill.getOutputs()[0], element.getResults());
    offset += type.getNumElements();
  }
  for (linalg::FillOp fill : fills)
    rewriter.eraseOp(fill);
  return loop;
}

/// Tiles the one-dimensional `loop` into blocks of `threadsPerBlock` threads
/// and maps them.
void mapToBlocksOfThreads(scf::ParallelOp loop, int64_t threadsPerBlock) {
  auto [blocks, threads] = scf::tileParallelLoop(loop, {threadsPerBlock},
                                                 /*noMinMaxBounds=*/true);
  mapTo(blocks, gpu::Processor::BlockX);
  mapTo(threads, gpu::Processor::ThreadX);
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
    mapToBlocksOfThreads(
        collapseToOneDimension(rewriter, cast<scf::ParallelOp>(loops->front())),
        threadsPerBlock);
    return success();
  }

  void runOnOperation() override {
    if (threadsPerBlock <= 0) {
      getOperation().emitError("densenet-gpu-distribute-remaining: "
                               "threads-per-block must be positive");
      return signalPassFailure();
    }
    IRRewriter rewriter(&getContext());
    for (ArrayRef<linalg::FillOp> run :
         fillRuns(getOperation().getBody().front()))
      mapToBlocksOfThreads(mergeFills(rewriter, run), threadsPerBlock);
    SmallVector<linalg::LinalgOp> ops(
        getOperation().getBody().front().getOps<linalg::LinalgOp>());
    for (linalg::LinalgOp op : ops)
      if (failed(distribute(rewriter, op)))
        return signalPassFailure();
  }
};

} // namespace
