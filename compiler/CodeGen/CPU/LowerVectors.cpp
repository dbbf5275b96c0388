//===- LowerVectors.cpp - the CPU schedule's vector ops to 1-D vectors ----===//
//
// Implements `densenet-cpu-lower-vectors`: upstream's vector lowering
// patterns, applied with the greedy driver after densenet-cpu-schedule.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/CPU/Passes.h"

#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETCPULOWERVECTORS
#include "compiler/CodeGen/CPU/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;

namespace {

struct LowerVectorsPass
    : densenet::impl::DenseNetCPULowerVectorsBase<LowerVectorsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    vector::populateVectorContractLoweringPatterns(
        patterns, vector::VectorContractLowering::OuterProduct);
    vector::populateVectorOuterProductLoweringPatterns(patterns);
    vector::populateVectorMultiReductionLoweringPatterns(
        patterns, vector::VectorMultiReductionLowering::InnerReduction);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    populateVectorToSCFConversionPatterns(
        patterns,
        VectorTransferToSCFOptions().setTargetRank(1).enableFullUnroll());
    vector::populateVectorTransferLoweringPatterns(patterns,
                                                   /*maxTransferRank=*/1);
    vector::populateVectorShapeCastLoweringPatterns(patterns);
    vector::populateVectorBroadcastLoweringPatterns(patterns);
    vector::populateVectorTransposeLoweringPatterns(
        patterns, vector::VectorTransposeLowering::Shuffle1D);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
