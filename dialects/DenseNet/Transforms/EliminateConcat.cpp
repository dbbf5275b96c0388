//===- EliminateConcat.cpp - dense blocks in one feature buffer -----------===//
//
// Implements `densenet-eliminate-concat`: each dense block's concat chain
// becomes channel slices of one buffer that every layer reads a prefix of
// and writes its new channels into. With `pad-rows`, where the layers end
// in a 3x3 conv, the buffer's rows are two columns longer than the feature
// map's (a row pitch of W + 2) for the CPU's in-place lowering of the layers.
//
//===----------------------------------------------------------------------===//

#include "dialects/DenseNet/IR/DenseNetOps.h"
#include "dialects/DenseNet/IR/ShapeUtils.h"
#include "dialects/DenseNet/Transforms/Passes.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETELIMINATECONCAT
#include "dialects/DenseNet/Transforms/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;
using namespace mlir::densenet;

namespace {

/// Writes `source` into `buffer` from channel `begin` on.
Value insertChannels(OpBuilder &b, Location loc, Value source, Value buffer,
                     int64_t begin) {
  MLIRContext *ctx = b.getContext();
  return tensor::InsertSliceOp::create(
      b, loc, source, buffer, getAsIndexOpFoldResult(ctx, {0, begin, 0, 0}),
      getAsIndexOpFoldResult(ctx, shapeOf(source)),
      getAsIndexOpFoldResult(ctx, {1, 1, 1, 1}));
}

/// The features [N, count, H, W] at the start of `buffer`.
Value channelPrefix(OpBuilder &b, Location loc, Value buffer,
                    ArrayRef<int64_t> features, int64_t count) {
  SmallVector<int64_t> shape(features);
  shape[1] = count;
  auto type = RankedTensorType::get(
      shape, cast<RankedTensorType>(buffer.getType()).getElementType());
  MLIRContext *ctx = b.getContext();
  return tensor::ExtractSliceOp::create(
      b, loc, type, buffer, getAsIndexOpFoldResult(ctx, {0, 0, 0, 0}),
      getAsIndexOpFoldResult(ctx, shape),
      getAsIndexOpFoldResult(ctx, {1, 1, 1, 1}));
}

/// The row length of a block's buffer: with `padRows`, W + 2 when every
/// layer ends in a 3x3 bottleneck conv, so that it can write whole padded
/// rows in place (see convert-densenet-block-buffers-to-linalg); W otherwise.
int64_t rowPitch(DenseBlockOp op, int64_t width, bool padRows) {
  if (!padRows || !op.hasBottleneck())
    return width;
  for (unsigned l = 0, e = op.getNumLayers(); l < e; ++l) {
    ArrayRef<int64_t> conv = shapeOf(op.getLayerParams(l)[3]);
    if (conv[2] != 3 || conv[3] != 3)
      return width;
  }
  return width + 2;
}

struct DenseBlockInOneBuffer : OpRewritePattern<DenseBlockOp> {
  DenseBlockInOneBuffer(MLIRContext *ctx, bool padRows)
      : OpRewritePattern(ctx), padRows(padRows) {}

  LogicalResult matchAndRewrite(DenseBlockOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> features = type.getShape();
    SmallVector<int64_t> bufferShape(features);
    bufferShape[3] = rowPitch(op, features[3], padRows);
    Value buffer = bufferization::AllocTensorOp::create(
        rewriter, loc, RankedTensorType::get(bufferShape, type.getElementType()),
        ValueRange{});
    buffer = insertChannels(rewriter, loc, op.getInput(), buffer, 0);
    int64_t channels = shapeOf(op.getInput())[1];
    for (unsigned l = 0, e = op.getNumLayers(); l < e; ++l) {
      ValueRange params = op.getLayerParams(l);
      Value prefix = channelPrefix(rewriter, loc, buffer, features, channels);
      Value grown = DenseLayerOp::create(
          rewriter, op.getLayerLoc(l), prefix, params[0], params[1],
          params.size() == 4 ? params[2] : Value(),
          params.size() == 4 ? params[3] : Value(), op.getEpsilonAttr());
      buffer = insertChannels(rewriter, loc, grown, buffer, channels);
      channels += op.getGrowthRate();
    }
    if (bufferShape[3] != features[3])
      buffer = channelPrefix(rewriter, loc, buffer, features, channels);
    rewriter.replaceOp(op, buffer);
    return success();
  }

  bool padRows;
};

struct EliminateConcatPass
    : densenet::impl::DenseNetEliminateConcatBase<EliminateConcatPass> {
  using DenseNetEliminateConcatBase::DenseNetEliminateConcatBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<DenseBlockInOneBuffer>(&getContext(), padRows);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
