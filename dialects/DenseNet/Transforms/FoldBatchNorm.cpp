//===- FoldBatchNorm.cpp - fold batch norms into preceding convs ----------===//
//
// Implements `densenet-fold-batchnorm`: batch_norm(conv2d(x, W, b)) with
// constant operands becomes conv2d(x, W', b'), computed at compile time.
//
//===----------------------------------------------------------------------===//

#include "dialects/DenseNet/IR/DenseNetOps.h"
#include "dialects/DenseNet/Transforms/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETFOLDBATCHNORM
#include "dialects/DenseNet/Transforms/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;
using namespace mlir::densenet;

namespace {

static std::optional<SmallVector<float>> constantValues(Value v) {
  DenseElementsAttr attr;
  if (!v || !matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  auto values = attr.getValues<float>();
  return SmallVector<float>(values.begin(), values.end());
}

struct FoldBatchNormIntoConv : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<Conv2DOp>();
    if (!conv || !conv->hasOneUse())
      return rewriter.notifyMatchFailure(bn, "input is not a single-use conv");
    auto weight = constantValues(conv.getWeight());
    auto norm = constantValues(bn.getNorm());
    if (!weight || !norm)
      return rewriter.notifyMatchFailure(bn, "weights are not constant");
    auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
    int64_t channels = weightType.getDimSize(0);
    SmallVector<float> bias(channels, 0.0f);
    if (conv.getBias()) {
      auto given = constantValues(conv.getBias());
      if (!given)
        return rewriter.notifyMatchFailure(bn, "bias is not constant");
      bias = *given;
    }

    double eps = bn.getEpsilon().convertToDouble();
    int64_t perChannel = weightType.getNumElements() / channels;
    SmallVector<float> &w = *weight;
    ArrayRef<float> gamma(norm->data(), channels);
    ArrayRef<float> beta(norm->data() + channels, channels);
    ArrayRef<float> mean(norm->data() + 2 * channels, channels);
    ArrayRef<float> var(norm->data() + 3 * channels, channels);
    for (int64_t k = 0; k < channels; ++k) {
      double scale = gamma[k] / std::sqrt(double(var[k]) + eps);
      for (int64_t i = 0; i < perChannel; ++i)
        w[k * perChannel + i] = float(w[k * perChannel + i] * scale);
      bias[k] = float((bias[k] - double(mean[k])) * scale + beta[k]);
    }

    Location loc = conv.getLoc();
    auto biasType = RankedTensorType::get({channels}, rewriter.getF32Type());
    Value newWeight = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(weightType, ArrayRef<float>(w)));
    Value newBias = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(biasType, ArrayRef<float>(bias)));
    Value folded = Conv2DOp::create(rewriter, loc, conv.getInput(), newWeight,
                                    newBias, conv.getStrideAttr(),
                                    conv.getPaddingAttr());
    rewriter.replaceOp(bn, folded);
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
