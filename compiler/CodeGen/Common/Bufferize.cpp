//===- Bufferize.cpp - one-shot bufferization with linalg copies ----------===//
//
// Implements `densenet-bufferize-model`: upstream one-shot module
// bufferization and buffer-results-to-out-params, configured so that every
// copy is a linalg.copy and a result computed by a loop needs no copy.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/Common/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotModuleBufferize.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETBUFFERIZE
#include "compiler/CodeGen/Common/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;

namespace {

LogicalResult copyWithLinalg(OpBuilder &b, Location loc, Value from, Value to) {
  linalg::CopyOp::create(b, loc, from, to);
  return success();
}

struct BufferizePass : densenet::impl::DenseNetBufferizeBase<BufferizePass> {
  /// The model must never write into its caller's input.
  void markInputsReadOnly() {
    getOperation().walk([](func::FuncOp func) {
      if (!func.isPublic())
        return;
      for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
        if (isa<TensorType>(func.getArgument(i).getType()))
          func.setArgAttr(i, bufferization::BufferizationDialect::kWritableAttrName,
                          BoolAttr::get(func.getContext(), false));
    });
  }

  /// A loop that yields the buffer it was given returns that buffer, so a
  /// model whose result is computed by a loop (a tiled classifier) returns
  /// the result's allocation, which then becomes the out-parameter itself
  /// instead of being copied into it.
  /// Only the loops are rewritten: a greedy walk of the whole model (and its
  /// region simplification) took longer than the rewrites.
  LogicalResult foldLoopCarriedBuffers() {
    RewritePatternSet patterns(&getContext());
    scf::ForOp::getCanonicalizationPatterns(patterns, &getContext());
    SmallVector<Operation *> loops;
    getOperation().walk([&](scf::ForOp loop) { loops.push_back(loop); });
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
    return applyOpPatternsGreedily(loops, std::move(patterns), config);
  }

  void runOnOperation() override {
    markInputsReadOnly();
    bufferization::OneShotBufferizationOptions options;
    options.bufferizeFunctionBoundaries = true;
    options.setFunctionBoundaryTypeConversion(
        bufferization::LayoutMapOption::IdentityLayoutMap);
    options.memCpyFn = copyWithLinalg;
    bufferization::BufferizationState state;
    if (failed(bufferization::runOneShotModuleBufferize(getOperation(),
                                                        options, state)) ||
        failed(foldLoopCarriedBuffers()))
      return signalPassFailure();

    bufferization::BufferResultsToOutParamsOpts outParams;
    outParams.hoistStaticAllocs = true;
    outParams.modifyPublicFunctions = true;
    outParams.memCpyFn = copyWithLinalg;
    if (failed(bufferization::promoteBufferResultsToOutParams(getOperation(),
                                                              outParams)))
      signalPassFailure();
  }
};

} // namespace
