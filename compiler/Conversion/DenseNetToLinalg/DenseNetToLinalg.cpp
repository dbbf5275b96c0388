//===- DenseNetToLinalg.cpp - lower densenet primitives to linalg ---------===//
//
// Implements `convert-densenet-to-linalg`: a dialect conversion from the
// primitive densenet layers to linalg, tensor and arith ops on tensors.
// Convolutions go through ConvToGemm; structural ops must be decomposed first.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/DenseNetToLinalg/ConvToGemm.h"
#include "compiler/Conversion/DenseNetToLinalg/LinalgBuilders.h"
#include "compiler/Conversion/Passes.h"
#include "dialects/DenseNet/IR/DenseNetOps.h"
#include "dialects/DenseNet/IR/ShapeUtils.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Transforms/DialectConversion.h"

#include <limits>

namespace mlir::densenet {
#define GEN_PASS_DEF_CONVERTDENSENETTOLINALG
#include "compiler/Conversion/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;
using namespace mlir::densenet;

namespace {

struct LowerConv2D : OpConversionPattern<Conv2DOp> {
  LowerConv2D(MLIRContext *ctx, TapLowering taps)
      : OpConversionPattern(ctx), taps(taps) {}

  TapLowering taps;

  LogicalResult
  matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ArrayRef<int64_t> stride = op.getStride(), pad = op.getPadding();
    ConvGeometry geometry{stride[0], stride[1], pad[0], pad[1], pad[2], pad[3]};
    rewriter.replaceOp(op, buildConvolution(rewriter, op.getLoc(),
                                            adaptor.getInput(),
                                            adaptor.getWeight(),
                                            adaptor.getBias(), geometry,
                                            taps));
    return success();
  }
};

/// y = x * scale[c] + shift[c], scale = gamma / sqrt(var + eps),
/// shift = beta - mean * scale; scale and shift are computed per channel.
struct LowerBatchNorm : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ChannelAffine affine = buildNormAffine(rewriter, loc, adaptor.getNorm(),
                                           op.getEpsilon().convertToDouble());
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr n, ch, h, w;
    bindDims(ctx, n, ch, h, w);
    auto perChannel = AffineMap::get(4, 0, {ch}, ctx);
    auto type = cast<RankedTensorType>(op.getType());
    rewriter.replaceOp(
        op, buildElementwise(
                rewriter, loc, {adaptor.getInput(), affine.scale, affine.shift},
                {rewriter.getMultiDimIdentityMap(4), perChannel, perChannel},
                type, [](OpBuilder &b, Location l, ValueRange a) -> Value {
                  return math::FmaOp::create(b, l, a[0], a[1], a[2]);
                }));
    return success();
  }
};

struct LowerRelu : OpConversionPattern<ReluOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReluOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    Value zero = f32Constant(rewriter, op.getLoc(), 0.0);
    rewriter.replaceOp(
        op, buildElementwise(
                rewriter, op.getLoc(), {adaptor.getInput()},
                {rewriter.getMultiDimIdentityMap(type.getRank())}, type,
                [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                  return arith::MaximumFOp::create(b, l, a[0], zero);
                }));
    return success();
  }
};

/// Pads with `padValue` and applies a linalg pooling op over the window.
template <typename PoolingOp>
Value buildPooling(OpBuilder &b, Location loc, Value input,
                   ArrayRef<int64_t> kernel, ArrayRef<int64_t> stride,
                   ArrayRef<int64_t> pad, double padValue,
                   RankedTensorType resultType) {
  ArrayRef<int64_t> s = shapeOf(input);
  Value fillValue = f32Constant(b, loc, padValue);
  Value padded = input;
  if (llvm::any_of(pad, [](int64_t p) { return p != 0; })) {
    SmallVector<int64_t> shape = {s[0], s[1], s[2] + pad[0] + pad[2],
                                  s[3] + pad[1] + pad[3]};
    padded = tensor::PadOp::create(
        b, loc, f32TensorType(b, shape), input,
        getAsIndexOpFoldResult(b.getContext(), {0, 0, pad[0], pad[1]}),
        getAsIndexOpFoldResult(b.getContext(), {0, 0, pad[2], pad[3]}),
        fillValue);
  }
  Value window = tensor::EmptyOp::create(b, loc, kernel, b.getF32Type());
  Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                       b.getF32Type());
  init = linalg::FillOp::create(b, loc, fillValue, init).getResult(0);
  return PoolingOp::create(b, loc, TypeRange{resultType},
                           ValueRange{padded, window}, ValueRange{init},
                           b.getI64VectorAttr(stride),
                           b.getI64VectorAttr({1, 1}))
      .getResult(0);
}

struct LowerMaxPool : OpConversionPattern<MaxPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, buildPooling<linalg::PoolingNchwMaxOp>(
                               rewriter, op.getLoc(), adaptor.getInput(),
                               op.getKernel(), op.getStride(), op.getPadding(),
                               -std::numeric_limits<double>::infinity(),
                               cast<RankedTensorType>(op.getType())));
    return success();
  }
};

/// Scales every element of `x` by `factor`.
Value buildScale(OpBuilder &b, Location loc, Value x, double factor) {
  auto type = cast<RankedTensorType>(x.getType());
  Value f = f32Constant(b, loc, factor);
  return buildElementwise(b, loc, {x}, {b.getMultiDimIdentityMap(type.getRank())},
                          type, [&](OpBuilder &nb, Location l, ValueRange a) {
                            return arith::MulFOp::create(nb, l, a[0], f)
                                .getResult();
                          });
}

struct LowerAvgPool : OpConversionPattern<AvgPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AvgPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ArrayRef<int64_t> k = op.getKernel();
    Value sum = buildPooling<linalg::PoolingNchwSumOp>(
        rewriter, op.getLoc(), adaptor.getInput(), k, op.getStride(),
        op.getPadding(), 0.0, cast<RankedTensorType>(op.getType()));
    rewriter.replaceOp(op, buildScale(rewriter, op.getLoc(), sum,
                                      1.0 / double(k[0] * k[1])));
    return success();
  }
};

struct LowerGlobalAvgPool : OpConversionPattern<GlobalAvgPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GlobalAvgPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> s = shapeOf(adaptor.getInput());
    auto type = cast<RankedTensorType>(op.getType());
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                         rewriter.getF32Type());
    init = linalg::FillOp::create(rewriter, loc,
                                  f32Constant(rewriter, loc, 0.0), init)
               .getResult(0);
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr n, c, h, w;
    bindDims(ctx, n, c, h, w);
    SmallVector<AffineMap> maps = {AffineMap::get(4, 0, {n, c, h, w}, ctx),
                                   AffineMap::get(4, 0, {n, c}, ctx)};
    SmallVector<utils::IteratorType> iterators = {
        utils::IteratorType::parallel, utils::IteratorType::parallel,
        utils::IteratorType::reduction, utils::IteratorType::reduction};
    auto sum = linalg::GenericOp::create(
        rewriter, loc, type, ValueRange{adaptor.getInput()}, ValueRange{init},
        maps, iterators, [](OpBuilder &b, Location l, ValueRange a) {
          linalg::YieldOp::create(
              b, l, arith::AddFOp::create(b, l, a[1], a[0]).getResult());
        });
    setRole(sum, Role::channel_parallel);
    rewriter.replaceOp(op, buildScale(rewriter, loc, sum.getResult(0),
                                      1.0 / double(s[2] * s[3])));
    return success();
  }
};

/// A dot product's reduction must be a whole number of this many floats for
/// role dot_product: the CPU schedule's partial sums per output (one
/// AVX-512 vector, two AVX2 ones). Shorter or ragged reductions stay
/// channel_parallel.
constexpr int64_t kDotProductLanes = 16;

/// out[n, m] = bias[m] + sum_c x[n, c] * W[m, c].
struct LowerLinear : OpConversionPattern<LinearOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr n, m, c;
    bindDims(ctx, n, m);
    Value init = buildElementwise(
        rewriter, loc, {adaptor.getBias()}, {AffineMap::get(2, 0, {m}, ctx)},
        type, [](OpBuilder &, Location, ValueRange a) { return a[0]; });
    bindDims(ctx, n, m, c);
    SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {n, c}, ctx),
                                   AffineMap::get(3, 0, {m, c}, ctx),
                                   AffineMap::get(3, 0, {n, m}, ctx)};
    SmallVector<utils::IteratorType> iterators = {
        utils::IteratorType::parallel, utils::IteratorType::parallel,
        utils::IteratorType::reduction};
    auto product = linalg::GenericOp::create(
        rewriter, loc, type,
        ValueRange{adaptor.getInput(), adaptor.getWeight()}, ValueRange{init},
        maps, iterators, [](OpBuilder &b, Location l, ValueRange a) {
          Value p = arith::MulFOp::create(b, l, a[0], a[1]);
          linalg::YieldOp::create(
              b, l, arith::AddFOp::create(b, l, a[2], p).getResult());
        });
    int64_t reduction = cast<RankedTensorType>(adaptor.getInput().getType())
                            .getDimSize(1);
    setRole(product, reduction % kDotProductLanes == 0
                         ? Role::dot_product
                         : Role::channel_parallel);
    rewriter.replaceOp(op, product.getResult(0));
    return success();
  }
};

struct LowerConcat : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<tensor::ConcatOp>(op, /*dim=*/1,
                                                  adaptor.getInputs());
    return success();
  }
};

struct ConvertDenseNetToLinalgPass
    : densenet::impl::ConvertDenseNetToLinalgBase<ConvertDenseNetToLinalgPass> {
  using ConvertDenseNetToLinalgBase::ConvertDenseNetToLinalgBase;

  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addIllegalDialect<DenseNetDialect>();
    target.addLegalDialect<affine::AffineDialect, arith::ArithDialect,
                           bufferization::BufferizationDialect,
                           linalg::LinalgDialect, math::MathDialect,
                           scf::SCFDialect, tensor::TensorDialect>();
    RewritePatternSet patterns(ctx);
    patterns.add<LowerBatchNorm, LowerRelu, LowerMaxPool, LowerAvgPool,
                 LowerGlobalAvgPool, LowerLinear, LowerConcat>(ctx);
    patterns.add<LowerConv2D>(ctx, cacheBlocking ? TapLowering::CacheBlocked
                                                 : TapLowering::PerTap);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
