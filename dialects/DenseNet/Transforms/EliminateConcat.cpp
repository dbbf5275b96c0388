//===- EliminateConcat.cpp - dense blocks in one feature buffer -----------===//
//
// Implements `densenet-eliminate-concat`: each dense block's concat chain
// becomes channel slices of one buffer that every layer reads a prefix of
// and writes its new channels into.
//
//===----------------------------------------------------------------------===//

#include "dialects/DenseNet/IR/DenseNetOps.h"
#include "dialects/DenseNet/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETELIMINATECONCAT
#include "dialects/DenseNet/Transforms/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;
using namespace mlir::densenet;

namespace {

/// Offsets/sizes of channels [begin, begin + count) of an NCHW shape.
struct ChannelRange {
  SmallVector<OpFoldResult> offsets, sizes, strides;
};

ChannelRange channelRange(OpBuilder &b, ArrayRef<int64_t> shape, int64_t begin,
                          int64_t count) {
  ChannelRange r;
  r.offsets = {b.getIndexAttr(0), b.getIndexAttr(begin), b.getIndexAttr(0),
               b.getIndexAttr(0)};
  r.sizes = {b.getIndexAttr(shape[0]), b.getIndexAttr(count),
             b.getIndexAttr(shape[2]), b.getIndexAttr(shape[3])};
  r.strides.assign(4, b.getIndexAttr(1));
  return r;
}

Value insertChannels(OpBuilder &b, Location loc, Value source, Value buffer,
                     int64_t begin) {
  auto shape = cast<RankedTensorType>(source.getType()).getShape();
  ChannelRange r = channelRange(b, shape, begin, shape[1]);
  return tensor::InsertSliceOp::create(b, loc, source, buffer, r.offsets,
                                       r.sizes, r.strides);
}

Value channelPrefix(OpBuilder &b, Location loc, Value buffer, int64_t count) {
  auto type = cast<RankedTensorType>(buffer.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[1] = count;
  ChannelRange r = channelRange(b, shape, 0, count);
  return tensor::ExtractSliceOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), buffer,
      r.offsets, r.sizes, r.strides);
}

struct DenseBlockInOneBuffer : OpRewritePattern<DenseBlockOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DenseBlockOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    Value buffer = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                           type.getElementType());
    buffer = insertChannels(rewriter, loc, op.getInput(), buffer, 0);
    int64_t channels =
        cast<RankedTensorType>(op.getInput().getType()).getDimSize(1);
    for (unsigned l = 0, e = op.getNumLayers(); l < e; ++l) {
      ValueRange params = op.getLayerParams(l);
      Value features = channelPrefix(rewriter, loc, buffer, channels);
      Value grown = DenseLayerOp::create(
          rewriter, op.getLayerLoc(l), features, params[0], params[1],
          params.size() == 4 ? params[2] : Value(),
          params.size() == 4 ? params[3] : Value(), op.getEpsilonAttr());
      buffer = insertChannels(rewriter, loc, grown, buffer, channels);
      channels += op.getGrowthRate();
    }
    rewriter.replaceOp(op, buffer);
    return success();
  }
};

struct EliminateConcatPass
    : densenet::impl::DenseNetEliminateConcatBase<EliminateConcatPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<DenseBlockInOneBuffer>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
