//===- Decompose.cpp - structural densenet ops to primitive layers --------===//
//
// Implements `densenet-decompose`: rewrites stem, dense_layer, dense_block,
// transition and classifier into conv2d / batch_norm / relu / pooling /
// concat / linear, keeping each op's location.
//
//===----------------------------------------------------------------------===//

#include "dialects/DenseNet/IR/DenseNetOps.h"
#include "dialects/DenseNet/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETDECOMPOSE
#include "dialects/DenseNet/Transforms/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;
using namespace mlir::densenet;

namespace {

/// Builds primitive layers at one location.
struct LayerBuilder {
  PatternRewriter &rewriter;
  Location loc;
  FloatAttr epsilon;

  Value normRelu(Value x, Value norm) {
    Value normalized = BatchNormOp::create(rewriter, loc, x, norm, epsilon);
    return ReluOp::create(rewriter, loc, normalized.getType(), normalized);
  }

  /// A bias-free square convolution with "same"-style symmetric padding.
  Value conv(Value x, Value weight, int64_t stride, int64_t pad) {
    return Conv2DOp::create(rewriter, loc, x, weight, /*bias=*/Value(),
                            rewriter.getDenseI64ArrayAttr({stride, stride}),
                            rewriter.getDenseI64ArrayAttr({pad, pad, pad, pad}));
  }

  Value convFor(Value x, Value weight) {
    int64_t kernel = cast<RankedTensorType>(weight.getType()).getDimSize(2);
    return conv(x, weight, 1, kernel / 2);
  }

  /// One pre-activation dense layer; `params` = norm1, conv1[, norm2, conv2].
  Value denseLayer(Value x, ValueRange params) {
    Value y = convFor(normRelu(x, params[0]), params[1]);
    if (params.size() == 4)
      y = convFor(normRelu(y, params[2]), params[3]);
    return y;
  }

  Value pool(Value x, bool max, int64_t kernel, int64_t stride, int64_t pad) {
    auto k = rewriter.getDenseI64ArrayAttr({kernel, kernel});
    auto s = rewriter.getDenseI64ArrayAttr({stride, stride});
    auto p = rewriter.getDenseI64ArrayAttr({pad, pad, pad, pad});
    if (max)
      return MaxPoolOp::create(rewriter, loc, x, k, s, p);
    return AvgPoolOp::create(rewriter, loc, x, k, s, p);
  }
};

struct DecomposeStem : OpRewritePattern<StemOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(StemOp op,
                                PatternRewriter &rewriter) const override {
    LayerBuilder b{rewriter, op.getLoc(), op.getEpsilonAttr()};
    if (op.getKind() == StemKind::cifar) {
      rewriter.replaceOp(op, b.conv(op.getInput(), op.getConv(), 1, 1));
      return success();
    }
    Value y = b.conv(op.getInput(), op.getConv(), 2, 3);
    y = b.normRelu(y, op.getNorm());
    rewriter.replaceOp(op, b.pool(y, /*max=*/true, 3, 2, 1));
    return success();
  }
};

struct DecomposeDenseLayer : OpRewritePattern<DenseLayerOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DenseLayerOp op,
                                PatternRewriter &rewriter) const override {
    LayerBuilder b{rewriter, op.getLoc(), op.getEpsilonAttr()};
    SmallVector<Value> params = {op.getNorm1(), op.getConv1()};
    if (op.hasBottleneck())
      params.append({op.getNorm2(), op.getConv2()});
    rewriter.replaceOp(op, b.denseLayer(op.getInput(), params));
    return success();
  }
};

/// features_{l+1} = concat(features_l, layer_l(features_l)).
struct DecomposeDenseBlock : OpRewritePattern<DenseBlockOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DenseBlockOp op,
                                PatternRewriter &rewriter) const override {
    Value features = op.getInput();
    for (unsigned l = 0, e = op.getNumLayers(); l < e; ++l) {
      LayerBuilder b{rewriter, op.getLayerLoc(l), op.getEpsilonAttr()};
      Value grown = b.denseLayer(features, op.getLayerParams(l));
      features = ConcatOp::create(rewriter, op.getLoc(),
                                  ValueRange{features, grown});
    }
    rewriter.replaceOp(op, features);
    return success();
  }
};

/// BN-ReLU, then AvgPool 2x2 before the 1x1 conv (they commute).
struct DecomposeTransition : OpRewritePattern<TransitionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransitionOp op,
                                PatternRewriter &rewriter) const override {
    LayerBuilder b{rewriter, op.getLoc(), op.getEpsilonAttr()};
    Value y = b.normRelu(op.getInput(), op.getNorm());
    y = b.pool(y, /*max=*/false, 2, 2, 0);
    rewriter.replaceOp(op, b.conv(y, op.getConv(), 1, 0));
    return success();
  }
};

struct DecomposeClassifier : OpRewritePattern<ClassifierOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ClassifierOp op,
                                PatternRewriter &rewriter) const override {
    LayerBuilder b{rewriter, op.getLoc(), op.getEpsilonAttr()};
    Value y = b.normRelu(op.getInput(), op.getNorm());
    y = GlobalAvgPoolOp::create(rewriter, op.getLoc(), y);
    rewriter.replaceOpWithNewOp<LinearOp>(op, y, op.getFcWeight(),
                                          op.getFcBias());
    return success();
  }
};

struct DenseNetDecomposePass
    : densenet::impl::DenseNetDecomposeBase<DenseNetDecomposePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<DecomposeStem, DecomposeDenseLayer, DecomposeDenseBlock,
                 DecomposeTransition, DecomposeClassifier>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
