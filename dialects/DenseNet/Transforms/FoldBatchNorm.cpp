//===- FoldBatchNorm.cpp - fold batch norms into preceding convs ----------===//
//
// Implements `densenet-fold-batchnorm`: batch_norm(conv2d(x, W, b)) with
// constant operands becomes conv2d(x, W', b'), computed at compile time.
//
//===----------------------------------------------------------------------===//

#include "dialects/DenseNet/IR/DenseNetOps.h"
#include "dialects/DenseNet/Transforms/BatchNormFolding.h"
#include "dialects/DenseNet/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"


namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETFOLDBATCHNORM
#include "dialects/DenseNet/Transforms/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;
using namespace mlir::densenet;

namespace {

struct FoldBatchNormIntoConv : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<Conv2DOp>();
    if (!conv || !conv->hasOneUse())
      return rewriter.notifyMatchFailure(bn, "input is not a single-use conv");
    std::optional<FoldedConv> folded =
        foldBatchNorm(conv.getWeight(), conv.getBias(), bn.getNorm(),
                      bn.getEpsilon().convertToDouble());
    if (!folded)
      return rewriter.notifyMatchFailure(bn, "weights are not constant");
    Location loc = conv.getLoc();
    Value newWeight = arith::ConstantOp::create(rewriter, loc, folded->weight);
    Value newBias = arith::ConstantOp::create(rewriter, loc, folded->bias);
    Value result = Conv2DOp::create(rewriter, loc, conv.getInput(), newWeight,
                                    newBias, conv.getStrideAttr(),
                                    conv.getPaddingAttr());
    rewriter.replaceOp(bn, result);
    rewriter.eraseOp(conv);
    return success();
  }
};

struct DenseNetFoldBatchNormPass
    : densenet::impl::DenseNetFoldBatchNormBase<DenseNetFoldBatchNormPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldBatchNormIntoConv>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
