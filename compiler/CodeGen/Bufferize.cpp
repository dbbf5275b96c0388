//===- Bufferize.cpp - one-shot bufferization with linalg copies ----------===//
//
// Implements `densenet-bufferize-model`: upstream one-shot module
// bufferization and buffer-results-to-out-params, configured so that every
// copy is a linalg.copy.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotModuleBufferize.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETBUFFERIZE
#include "compiler/CodeGen/Passes.h.inc"
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

  void runOnOperation() override {
    markInputsReadOnly();
    bufferization::OneShotBufferizationOptions options;
    options.bufferizeFunctionBoundaries = true;
    options.setFunctionBoundaryTypeConversion(
        bufferization::LayoutMapOption::IdentityLayoutMap);
    options.memCpyFn = copyWithLinalg;
    bufferization::BufferizationState state;
    if (failed(bufferization::runOneShotModuleBufferize(getOperation(),
                                                        options, state)))
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
