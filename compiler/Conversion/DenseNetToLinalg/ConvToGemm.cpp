//===- ConvToGemm.cpp - convolutions as sums of shifted GEMMs -------------===//
//
// A stride-1 convolution with kernel R x S over an input zero-padded to
// Hp x Wp is, on the image flattened to one row of Hp*Wp pixels per channel,
//   out[k, p] = sum_{r,s} W[k, :, r, s] . X[:, p + r*Wp + s]
// for p = h*Wp + w: one GEMM per tap, each on a contiguous window. The
// columns w >= Wo of each output row are junk and are sliced away. A strided
// convolution becomes a stride-1 one by space-to-depth: s x s pixel blocks
// become s*s channels and the kernel shrinks to ceil(R/s) x ceil(S/s).
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/DenseNetToLinalg/ConvToGemm.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::densenet;

static RankedTensorType tensorType(OpBuilder &b, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, b.getF32Type());
}

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

static SmallVector<OpFoldResult> indexAttrs(OpBuilder &b,
                                            ArrayRef<int64_t> values) {
  return llvm::map_to_vector(
      values, [&](int64_t v) -> OpFoldResult { return b.getIndexAttr(v); });
}

static Value zeroPad(OpBuilder &b, Location loc, Value x,
                     ArrayRef<int64_t> low, ArrayRef<int64_t> high) {
  if (llvm::all_of(low, [](int64_t v) { return v == 0; }) &&
      llvm::all_of(high, [](int64_t v) { return v == 0; }))
    return x;
  SmallVector<int64_t> shape(shapeOf(x));
  for (size_t i = 0; i < shape.size(); ++i)
    shape[i] += low[i] + high[i];
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  return tensor::PadOp::create(b, loc, tensorType(b, shape), x,
                               indexAttrs(b, low), indexAttrs(b, high), zero);
}

static Value slice(OpBuilder &b, Location loc, Value x, Type resultType,
                   ArrayRef<int64_t> offsets, ArrayRef<int64_t> sizes) {
  SmallVector<int64_t> strides(offsets.size(), 1);
  return tensor::ExtractSliceOp::create(
      b, loc, cast<RankedTensorType>(resultType), x, indexAttrs(b, offsets),
      indexAttrs(b, sizes), indexAttrs(b, strides));
}

/// Crops the bottom/right of an NCHW tensor to h x w.
static Value cropSpatial(OpBuilder &b, Location loc, Value x, int64_t h,
                         int64_t w) {
  ArrayRef<int64_t> s = shapeOf(x);
  if (s[2] == h && s[3] == w)
    return x;
  SmallVector<int64_t> sizes = {s[0], s[1], h, w};
  return slice(b, loc, x, tensorType(b, sizes), {0, 0, 0, 0}, sizes);
}

Value mlir::densenet::buildGemm(OpBuilder &b, Location loc, Value lhs,
                                Value rhs, Value acc) {
  MLIRContext *ctx = b.getContext();
  AffineExpr n, m, p, c;
  bindDims(ctx, n, m, p, c);
  ArrayAttr maps = b.getAffineMapArrayAttr({AffineMap::get(4, 0, {m, c}, ctx),
                                            AffineMap::get(4, 0, {n, c, p}, ctx),
                                            AffineMap::get(4, 0, {n, m, p}, ctx)});
  auto gemm = linalg::ContractOp::create(b, loc, TypeRange{acc.getType()},
                                         ValueRange{lhs, rhs}, ValueRange{acc},
                                         maps);
  gemm->setAttr(kGemmMarker, b.getUnitAttr());
  return gemm.getResult(0);
}

/// A tensor<N x K x P> holding bias[k] everywhere, or zeros without bias.
static Value initAccumulator(OpBuilder &b, Location loc, Value bias,
                             ArrayRef<int64_t> shape) {
  Value empty = tensor::EmptyOp::create(b, loc, shape, b.getF32Type());
  if (!bias) {
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
    return linalg::FillOp::create(b, loc, zero, empty).getResult(0);
  }
  MLIRContext *ctx = b.getContext();
  AffineExpr n, k, p;
  bindDims(ctx, n, k, p);
  SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {k}, ctx),
                                 AffineMap::get(3, 0, {n, k, p}, ctx)};
  SmallVector<utils::IteratorType> iterators(3, utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, empty.getType(), ValueRange{bias}, ValueRange{empty},
             maps, iterators,
             [](OpBuilder &nb, Location nl, ValueRange args) {
               linalg::YieldOp::create(nb, nl, args[0]);
             })
      .getResult(0);
}

/// Stride-1 convolution of x [N,C,H,W] by w [K,C,R,S] with the given padding.
static Value buildStride1Conv(OpBuilder &b, Location loc, Value x, Value w,
                              Value bias, ArrayRef<int64_t> pad) {
  ArrayRef<int64_t> xs = shapeOf(x), ws = shapeOf(w);
  int64_t n = xs[0], c = xs[1], k = ws[0], r = ws[2], s = ws[3];
  int64_t hp = xs[2] + pad[0] + pad[2], wp = xs[3] + pad[1] + pad[3];
  int64_t ho = hp - r + 1, wo = wp - s + 1;
  // The last taps read up to s-1 pixels past the padded image: one more row.
  int64_t extraRows = s > 1 ? 1 : 0;
  Value padded =
      zeroPad(b, loc, x, {0, 0, pad[0], pad[1]},
              {0, 0, pad[2] + extraRows, pad[3]});
  int64_t flatLen = (hp + extraRows) * wp, outLen = ho * wp;
  Value flat = tensor::CollapseShapeOp::create(
      b, loc, tensorType(b, {n, c, flatLen}), padded,
      ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});

  Value acc = initAccumulator(b, loc, bias, {n, k, outLen});
  for (int64_t i = 0; i < r; ++i) {
    for (int64_t j = 0; j < s; ++j) {
      Value window = slice(b, loc, flat, tensorType(b, {n, c, outLen}),
                           {0, 0, i * wp + j}, {n, c, outLen});
      Value tap =
          r == 1 && s == 1
              ? tensor::CollapseShapeOp::create(
                    b, loc, tensorType(b, {k, c}), w,
                    ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}})
                    .getResult()
              : slice(b, loc, w, tensorType(b, {k, c}), {0, 0, i, j},
                      {k, c, 1, 1});
      acc = buildGemm(b, loc, tap, window, acc);
    }
  }
  Value rows = tensor::ExpandShapeOp::create(
      b, loc, tensorType(b, {n, k, ho, wp}), acc,
      ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
  return cropSpatial(b, loc, rows, ho, wo);
}

/// [A, B, H*s, W*s] -> [A, B*s*s, H, W]: each s x s pixel block becomes s*s
/// channels (channel b*s*s + i*s + j holds pixel (i, j) of the block).
static Value spaceToDepth(OpBuilder &b, Location loc, Value x, int64_t s) {
  ArrayRef<int64_t> xs = shapeOf(x);
  int64_t a = xs[0], c = xs[1], h = xs[2] / s, w = xs[3] / s;
  Value blocks = tensor::ExpandShapeOp::create(
      b, loc, tensorType(b, {a, c, h, s, w, s}), x,
      ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}, {4, 5}});
  Value init = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{a, c, s, s, h, w},
                                       b.getF32Type());
  Value moved = linalg::TransposeOp::create(b, loc, blocks, init,
                                            ArrayRef<int64_t>{0, 1, 3, 5, 2, 4})
                    .getResult()[0];
  return tensor::CollapseShapeOp::create(
      b, loc, tensorType(b, {a, c * s * s, h, w}), moved,
      ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}, {4}, {5}});
}

/// Extent of `size` after low padding `lo`, cropped or zero-padded at the
/// high end to exactly `target`.
static void fitSpatial(int64_t size, int64_t lo, int64_t target,
                       int64_t &keep, int64_t &high) {
  keep = std::min(size, target - lo);
  high = target - lo - keep;
}

Value mlir::densenet::buildConvolution(OpBuilder &b, Location loc, Value input,
                                       Value weight, Value bias,
                                       const ConvGeometry &g) {
  if (g.strideH == 1 && g.strideW == 1)
    return buildStride1Conv(b, loc, input, weight, bias,
                            {g.padTop, g.padLeft, g.padBottom, g.padRight});
  // Space-to-depth needs one factor; pad the kernel to a multiple of it.
  int64_t s = std::max(g.strideH, g.strideW);
  ArrayRef<int64_t> xs = shapeOf(input), ws = shapeOf(weight);
  int64_t ho = (xs[2] + g.padTop + g.padBottom - ws[2]) / g.strideH + 1;
  int64_t wo = (xs[3] + g.padLeft + g.padRight - ws[3]) / g.strideW + 1;
  if (g.strideH != g.strideW) {
    // Unequal strides: fall back to a dense stride-1 conv and subsample.
    Value full = buildStride1Conv(b, loc, input, weight, bias,
                                  {g.padTop, g.padLeft, g.padBottom, g.padRight});
    ArrayRef<int64_t> fs = shapeOf(full);
    SmallVector<int64_t> sizes = {fs[0], fs[1], ho, wo};
    SmallVector<int64_t> strides = {1, 1, g.strideH, g.strideW};
    return tensor::ExtractSliceOp::create(
        b, loc, tensorType(b, sizes), full, indexAttrs(b, {0, 0, 0, 0}),
        indexAttrs(b, sizes), indexAttrs(b, strides));
  }
  int64_t rs = (ws[2] + s - 1) / s, ss = (ws[3] + s - 1) / s;
  int64_t hs = ho + rs - 1, wsd = wo + ss - 1;
  int64_t keepH, highH, keepW, highW;
  fitSpatial(xs[2], g.padTop, s * hs, keepH, highH);
  fitSpatial(xs[3], g.padLeft, s * wsd, keepW, highW);
  Value cropped = cropSpatial(b, loc, input, keepH, keepW);
  Value padded = zeroPad(b, loc, cropped, {0, 0, g.padTop, g.padLeft},
                         {0, 0, highH, highW});
  Value kernel = zeroPad(b, loc, weight, {0, 0, 0, 0},
                         {0, 0, s * rs - ws[2], s * ss - ws[3]});
  return buildStride1Conv(b, loc, spaceToDepth(b, loc, padded, s),
                          spaceToDepth(b, loc, kernel, s), bias, {0, 0, 0, 0});
}
