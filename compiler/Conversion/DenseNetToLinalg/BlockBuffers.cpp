//===- BlockBuffers.cpp - layers that write into dense-block buffers ------===//
//
// Implements `convert-densenet-block-buffers-to-linalg`: the stem, dense
// layers and transitions whose result `densenet-eliminate-concat` inserts
// into a dense block's feature buffer are lowered straight to linalg in
// destination-passing style, so that each computes in place in that buffer:
//
// - A block buffer whose layers end in a 3x3 conv has a row pitch of W + 2:
//   columns [W, W + 2) of every row are junk that no valid pixel depends on.
//   The flat "shifted GEMM" convolutions (ConvToGemm) then read and write
//   whole pitched rows, so no layer copies a feature map.
// - Dense layer: BN-ReLU of the channel prefix (a prologue the CPU schedule
//   fuses into the 1x1 GEMM), the 1x1 conv straight into the interior of a
//   zero-bordered bottleneck buffer with BN-ReLU as its epilogue, then the
//   3x3 conv straight into the layer's channels of the block buffer.
// - Transition: BN-ReLU fused into the 2x2 average pool (pooled first: it
//   commutes with the 1x1 conv), then the 1x1 conv into the next block.
// - ImageNet stem: conv 7x7/2 with BN-ReLU epilogue into a zero-bordered
//   buffer, then the 3x3/2 max pool (MaxPool.cpp, one output row at a
//   time) into the first block's buffer (zero is a valid pad value after
//   ReLU). CIFAR stem: its conv into the buffer.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/DenseNetToLinalg/ConvToGemm.h"
#include "compiler/Conversion/DenseNetToLinalg/LinalgBuilders.h"
#include "compiler/Conversion/DenseNetToLinalg/MaxPool.h"
#include "compiler/Conversion/DenseNetToLinalg/Winograd.h"
#include "compiler/Conversion/Passes.h"
#include "dialects/DenseNet/IR/DenseNetOps.h"
#include "dialects/DenseNet/IR/ShapeUtils.h"
#include "dialects/DenseNet/Transforms/BatchNormFolding.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_CONVERTDENSENETBLOCKBUFFERSTOLINALG
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;
using namespace mlir::densenet;

namespace {

/// Where a layer's result goes: channels [channel, ...) of `buffer`, a
/// tensor<N x C x H x pitch>.
struct BufferWrite {
  Value buffer;
  int64_t channel;
};

/// The channel offset at which `insert` writes its single-use source into
/// an NCHW buffer at row 0, column 0 with unit strides.
FailureOr<BufferWrite> matchBufferWrite(tensor::InsertSliceOp insert) {
  if (!insert.getSource().hasOneUse() || insert.getDestType().getRank() != 4 ||
      insert.getSourceType().getRank() != 4 || !insert.hasUnitStride())
    return failure();
  ArrayRef<int64_t> offsets = insert.getStaticOffsets();
  if (ShapedType::isDynamicShape(offsets) || offsets[0] != 0 ||
      offsets[2] != 0 || offsets[3] != 0)
    return failure();
  return BufferWrite{insert.getDest(), offsets[1]};
}

/// Lowers a `SourceOp` whose result is inserted into a block buffer, in
/// place: `Derived::canLower(op, write)` decides before any IR is built, and
/// `derived.lower(op, write, builder)` returns the buffer with the op's
/// result computed into it.
template <typename Derived, typename SourceOp>
struct LowerIntoBuffer : OpRewritePattern<tensor::InsertSliceOp> {
  LowerIntoBuffer(MLIRContext *ctx, TapLowering taps)
      : OpRewritePattern(ctx), taps(taps) {}

  /// How the op's convolutions compute their taps.
  TapLowering taps;

  LogicalResult matchAndRewrite(tensor::InsertSliceOp insert,
                                PatternRewriter &rewriter) const final {
    auto op = insert.getSource().getDefiningOp<SourceOp>();
    FailureOr<BufferWrite> write = matchBufferWrite(insert);
    if (!op || failed(write) || !Derived::canLower(op, *write))
      return failure();
    rewriter.replaceOp(
        insert, static_cast<const Derived *>(this)->lower(op, *write, rewriter));
    rewriter.eraseOp(op);
    return success();
  }
};

/// Zeroes the regions [offsets, offsets + sizes) of `x`, each fill with role
/// channel_parallel.
Value zeroRegions(OpBuilder &b, Location loc, Value x,
                  ArrayRef<std::pair<SmallVector<int64_t>, SmallVector<int64_t>>>
                      regions) {
  for (const auto &[offsets, sizes] : regions) {
    Value zeros = fill(b, loc, extractSlice(b, loc, x, offsets, sizes), 0.0);
    setRole(zeros.getDefiningOp(), Role::channel_parallel);
    x = insertSlice(b, loc, zeros, x, offsets);
  }
  return x;
}

/// A conv followed by BN-ReLU: with constant operands the BN is folded into
/// the weight and a bias (as densenet-fold-batchnorm does), and the epilogue
/// only adds the bias and applies ReLU; otherwise the epilogue is the BN-ReLU.
struct NormedConv {
  Value weight;
  ChannelAffine epilogue;
};

NormedConv foldNormIntoConv(OpBuilder &b, Location loc, Value weight,
                            Value norm, double epsilon) {
  std::optional<FoldedConv> folded =
      foldBatchNorm(weight, /*bias=*/Value(), norm, epsilon);
  if (!folded)
    return {weight, buildNormAffine(b, loc, norm, epsilon)};
  return {arith::ConstantOp::create(b, loc, folded->weight),
          {/*scale=*/Value(), arith::ConstantOp::create(b, loc, folded->bias)}};
}

/// tensor<N x C x (rows + 2) x pitch> holding `conv` at row 1, column 1 after
/// BN-ReLU with `affine`, zero in the rows and columns around it. The conv
/// writes its junk columns into the border's columns, which its epilogue
/// sets to zero; the rows before and after it are zeroed as two contiguous
/// runs of the flat buffer. The epilogue of a GEMM that reads a prologue
/// (a dense layer's 1x1 conv) has role epilogue, computed on the GEMM's
/// register blocks; the stem's is a pass of its own.
Value convIntoBorderedBuffer(OpBuilder &b, Location loc,
                             const FlatConvolution &conv, int64_t channels,
                             const ChannelAffine &affine, int64_t extraRows) {
  int64_t n = shapeOf(conv.flat)[0], pitch = conv.pitch;
  int64_t rows = conv.rows + 2 + extraRows;
  int64_t first = pitch + 1, end = first + conv.rows * pitch;
  Value bordered = allocateTensor(b, loc, {n, channels, rows, pitch});
  Value flat = collapseSpatial(b, loc, bordered);
  Value acc = fill(b, loc,
                   extractSlice(b, loc, flat, {0, 0, first},
                                {n, channels, conv.rows * pitch}),
                   0.0);
  acc = accumulateTaps(b, loc, conv, acc);
  Operation *producer = conv.flat.getDefiningOp();
  bool fused = producer && getRole(producer) == Role::prologue;
  if (fused)
    setRole(acc.getDefiningOp(), Role::gemm_with_prologue);
  acc = applyNormReluInPlace(b, loc, acc, affine, {pitch, conv.cols});
  setRole(acc.getDefiningOp(), fused ? Role::epilogue : Role::channel_parallel);
  flat = insertSlice(b, loc, acc, flat, {0, 0, first});
  flat = zeroRegions(b, loc, flat,
                     {{{0, 0, 0}, {n, channels, first}},
                      {{0, 0, end}, {n, channels, rows * pitch - end}}});
  return expandSpatial(b, loc, flat, rows, pitch);
}

/// Inserts into channels [channel, channel + K) of `buffer` (pitch = its
/// width) the flat convolution `conv`, computed in place there.
Value convIntoBuffer(OpBuilder &b, Location loc, const FlatConvolution &conv,
                     Value buffer, int64_t channel) {
  ArrayRef<int64_t> s = shapeOf(buffer);
  int64_t k = shapeOf(conv.kernel)[0];
  SmallVector<int64_t> offsets = {0, channel, 0, 0};
  Value out = collapseSpatial(
      b, loc, extractSlice(b, loc, buffer, offsets, {s[0], k, conv.rows, s[3]}));
  Value zero = fill(b, loc, out, 0.0);
  out = accumulateTaps(b, loc, conv, zero);
  return insertSlice(b, loc, expandSpatial(b, loc, out, conv.rows, s[3]),
                     buffer, offsets);
}

/// out[n, c, oh, ow] = body(out, in[n, c, 2oh + kh, 2ow + kw], per-channel
/// inputs at c...) for kh, kw in [0, window): a pooling-style generic whose
/// window extent comes from a shape-only operand, as in linalg's pooling ops.
Value buildStride2Window(
    OpBuilder &b, Location loc, Value input, ValueRange perChannel,
    int64_t window, Value out,
    function_ref<Value(OpBuilder &, Location, Value acc, ValueRange)> body) {
  MLIRContext *ctx = b.getContext();
  AffineExpr n, c, oh, ow, kh, kw;
  bindDims(ctx, n, c, oh, ow, kh, kw);
  SmallVector<Value> inputs = {input};
  SmallVector<AffineMap> maps = {
      AffineMap::get(6, 0, {n, c, oh * 2 + kh, ow * 2 + kw}, ctx)};
  for (Value v : perChannel) {
    inputs.push_back(v);
    maps.push_back(AffineMap::get(6, 0, {c}, ctx));
  }
  inputs.push_back(tensor::EmptyOp::create(
      b, loc, ArrayRef<int64_t>{window, window}, b.getF32Type()));
  maps.push_back(AffineMap::get(6, 0, {kh, kw}, ctx));
  maps.push_back(AffineMap::get(6, 0, {n, c, oh, ow}, ctx));
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  iterators.append(2, utils::IteratorType::reduction);
  auto pool = linalg::GenericOp::create(
      b, loc, out.getType(), inputs, ValueRange{out}, maps, iterators,
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        // args: input, per-channel..., window (unused), out.
        ValueRange values = args.drop_back(2);
        linalg::YieldOp::create(nb, nl, body(nb, nl, args.back(), values));
      });
  setRole(pool, Role::channel_parallel);
  return pool.getResult(0);
}

struct LowerDenseLayerIntoBuffer
    : LowerIntoBuffer<LowerDenseLayerIntoBuffer, DenseLayerOp> {
  LowerDenseLayerIntoBuffer(MLIRContext *ctx, TapLowering taps, bool winograd)
      : LowerIntoBuffer(ctx, taps), winograd(winograd) {}

  /// Whether eligible 3x3 convs run as Winograd F(4x4 or 2x2, 3x3).
  bool winograd;

  /// Bottleneck layers ending in a 3x3 conv, reading a prefix of a buffer
  /// whose rows are two pixels longer than the feature map's.
  static bool canLower(DenseLayerOp layer, const BufferWrite &write) {
    if (!layer.hasBottleneck())
      return false;
    ArrayRef<int64_t> in = shapeOf(layer.getInput());
    ArrayRef<int64_t> conv2 = shapeOf(layer.getConv2());
    return conv2[2] == 3 && conv2[3] == 3 &&
           shapeOf(write.buffer)[3] == in[3] + 2 &&
           readsPrefix(layer.getInput(), write.buffer, in);
  }

  Value lower(DenseLayerOp layer, const BufferWrite &write,
              OpBuilder &b) const {
    Location loc = layer.getLoc();
    ArrayRef<int64_t> in = shapeOf(layer.getInput());
    int64_t n = in[0], prefix = in[1], h = in[2], w = in[3];
    int64_t pitch = shapeOf(write.buffer)[3];
    double eps = layer.getEpsilon().convertToDouble();
    // Prologue: BN-ReLU of the whole pitched prefix, for the 1x1 GEMM. The
    // prefix is sliced from the flat buffer: a slice of the buffer itself
    // would fold into the value last inserted there, which bufferization
    // cannot then prove disjoint from the layer's own write.
    Value features =
        extractSlice(b, loc, collapseSpatial(b, loc, write.buffer), {0, 0, 0},
                     {n, prefix, h * pitch});
    ChannelAffine norm1 = buildNormAffine(b, loc, layer.getNorm1(), eps);
    Value active = applyNormRelu(b, loc, features, norm1);
    setRole(active.getDefiningOp(), Role::prologue);
    NormedConv conv1 =
        foldNormIntoConv(b, loc, layer.getConv1(), layer.getNorm2(), eps);
    FlatConvolution bottleneck{active, conv1.weight, pitch, h, w, taps};
    Value bordered = convIntoBorderedBuffer(
        b, loc, bottleneck, shapeOf(layer.getConv1())[0], conv1.epilogue,
        /*extraRows=*/1);
    FlatConvolution growth{collapseSpatial(b, loc, bordered), layer.getConv2(),
                           pitch, h, w, taps};
    if (winograd && canUseWinograd(growth))
      return winogradIntoBuffer(b, loc, growth, write.buffer, write.channel);
    return convIntoBuffer(b, loc, growth, write.buffer, write.channel);
  }

  /// Whether `input` is channels [0, C) of `buffer` at width W: a slice of
  /// it, or the value a first layer's buffer was filled with.
  static bool readsPrefix(Value input, Value buffer, ArrayRef<int64_t> shape) {
    if (auto slice = input.getDefiningOp<tensor::ExtractSliceOp>())
      return slice.getSource() == buffer && slice.hasUnitStride() &&
             slice.getStaticOffsets() == ArrayRef<int64_t>{0, 0, 0, 0} &&
             slice.getStaticSizes() == shape;
    auto filled = buffer.getDefiningOp<tensor::InsertSliceOp>();
    return filled && filled.getSource() == input && filled.hasUnitStride() &&
           filled.getStaticOffsets() == ArrayRef<int64_t>{0, 0, 0, 0};
  }

};

struct LowerTransitionIntoBuffer
    : LowerIntoBuffer<LowerTransitionIntoBuffer, TransitionOp> {
  using LowerIntoBuffer::LowerIntoBuffer;

  static bool canLower(TransitionOp, const BufferWrite &) { return true; }

  Value lower(TransitionOp transition, const BufferWrite &write,
              OpBuilder &b) const {
    Location loc = transition.getLoc();
    ArrayRef<int64_t> in = shapeOf(transition.getInput());
    ArrayRef<int64_t> out = shapeOf(transition.getResult());
    int64_t n = in[0], c = in[1], h = out[2], w = out[3];
    int64_t pitch = shapeOf(write.buffer)[3];
    // Average = sum of BN-ReLU / 4: the 1/4 goes into scale and shift.
    ChannelAffine norm =
        buildNormAffine(b, loc, transition.getNorm(),
                        transition.getEpsilon().convertToDouble(), 0.25);
    Value pooled = allocateTensor(b, loc, {n, c, h, pitch});
    Value window = fill(
        b, loc, extractSlice(b, loc, pooled, {0, 0, 0, 0}, {n, c, h, w}), 0.0);
    setRole(window.getDefiningOp(), Role::channel_parallel);
    window = buildStride2Window(
        b, loc, transition.getInput(), {norm.scale, norm.shift}, 2, window,
        [](OpBuilder &nb, Location l, Value acc, ValueRange a) -> Value {
          return arith::AddFOp::create(nb, l, acc,
                                       normRelu(nb, l, a[0], a[1], a[2]));
        });
    pooled = insertSlice(b, loc, window, pooled, {0, 0, 0, 0});
    FlatConvolution conv{collapseSpatial(b, loc, pooled), transition.getConv(),
                         pitch, h, w, taps};
    return convIntoBuffer(b, loc, conv, write.buffer, write.channel);
  }
};

struct LowerStemIntoBuffer : LowerIntoBuffer<LowerStemIntoBuffer, StemOp> {
  using LowerIntoBuffer::LowerIntoBuffer;

  /// The CIFAR stem's conv 3x3 (padding 1) writes whole rows of W + 2
  /// pixels, so its buffer's rows must be that long; the ImageNet stem's
  /// max pool writes any buffer.
  static bool canLower(StemOp stem, const BufferWrite &write) {
    return stem.getKind() == StemKind::imagenet ||
           shapeOf(write.buffer)[3] == shapeOf(stem.getInput())[3] + 2;
  }

  Value lower(StemOp stem, const BufferWrite &write, OpBuilder &b) const {
    Location loc = stem.getLoc();
    if (stem.getKind() == StemKind::imagenet)
      return maxPoolIntoBuffer(b, loc, stem, write);
    FlatConvolution conv = flattenConvolution(b, loc, stem.getInput(),
                                              stem.getConv(), {1, 1, 1, 1, 1, 1});
    conv.taps = taps;
    return convIntoBuffer(b, loc, conv, write.buffer, write.channel);
  }

  /// Conv 7x7/2 + BN-ReLU into a zero-bordered buffer, then the 3x3/2 max
  /// pool with padding 1 over it into the block buffer. The pool's window
  /// reaches rows and columns [0, size + 1] of the bordered buffer.
  Value maxPoolIntoBuffer(OpBuilder &b, Location loc, StemOp stem,
                          const BufferWrite &write) const {
    NormedConv normed =
        foldNormIntoConv(b, loc, stem.getConv(), stem.getNorm(),
                         stem.getEpsilon().convertToDouble());
    FlatConvolution conv = flattenConvolution(
        b, loc, stem.getInput(), normed.weight, {2, 2, 3, 3, 3, 3});
    conv.taps = taps;
    int64_t channels = shapeOf(stem.getConv())[0];
    Value bordered = convIntoBorderedBuffer(b, loc, conv, channels,
                                            normed.epilogue, /*extraRows=*/0);
    ArrayRef<int64_t> out = shapeOf(stem.getResult());
    SmallVector<int64_t> offsets = {0, write.channel, 0, 0};
    Value pooled = maxPool3x3Stride2(
        b, loc, bordered, extractSlice(b, loc, write.buffer, offsets, out));
    return insertSlice(b, loc, pooled, write.buffer, offsets);
  }
};

struct ConvertBlockBuffersPass
    : densenet::impl::ConvertDenseNetBlockBuffersToLinalgBase<
          ConvertBlockBuffersPass> {
  using ConvertDenseNetBlockBuffersToLinalgBase::
      ConvertDenseNetBlockBuffersToLinalgBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    TapLowering taps =
        cacheBlocking ? TapLowering::CacheBlocked : TapLowering::PerTap;
    patterns.add<LowerTransitionIntoBuffer, LowerStemIntoBuffer>(&getContext(),
                                                                 taps);
    patterns.add<LowerDenseLayerIntoBuffer>(&getContext(), taps, winograd);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
