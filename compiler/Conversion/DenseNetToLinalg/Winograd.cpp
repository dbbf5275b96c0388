//===- Winograd.cpp - 3x3 convolutions as Winograd F(4x4 or 2x2, 3x3) -----===//
//
// F(m x m, 3x3) (Lavin & Gray) computes each m x m tile of outputs from the
// alpha x alpha input patch d around it (alpha = m + 2) as
//   Y = A^T [ sum_c (G g_c G^T) .* (B^T d_c B) ] A:
// F(4x4, 3x3) (points 0, +-1, +-2, inf) with 36 multiplies per tile and
// input channel instead of 144, on maps whose sides are multiples of 4;
// F(2x2, 3x3) (points 0, +-1, inf) with 16 instead of 36 where they are
// multiples of 2 only (DenseNet-121's 14x14), and at least 8. The filter
// transform U = G g G^T runs at compile time. On the flat NCHW layout every
// step is a linalg op whose innermost dimension is contiguous:
//
//   1. column transform   T[a, c, ti, x]  = sum_i BT[a,i] in[c, m ti+i, x]
//   2. deinterleave       D[a, c, q, ti, tp] = T[a, c, ti, m tp+q]
//   3. row transform      V[b, a, c, l]   = sum_j BT[b,j] D[a, c, j%m, l+j/m]
//   4. alpha^2 GEMMs      M[a, b, k, l]   = sum_c U[a, b, c, k] V[b, a, c, l]
//   5. column inverse     P[i, b, k, l]   = sum_a AT[i,a] M[a, b, k, l]
//   6. row inverse        Q[j, i, k, l]   = sum_b AT[j,b] P[i, b, k, l]
//   7. interleave         out[k, m ti+i, m tj+j] = Q[j, i, k, ti*tp+tj]
//
// Tiles are numbered l = ti * tp + tj with tp > W/m tiles per row: the
// last tiles of each row are junk, so that the row transform reads tile
// l + 1 for the patch columns m and m + 1 on one flat row, as the shifted
// GEMMs do.
// Steps 3 and 4 run by rows a of the transformed patches: each row's
// transform (alpha x C x count floats) feeds its alpha GEMMs from cache,
// where a band's whole V (36 x C x count, 1 MB at 28x28) would come back
// from L3.
// Steps 1, 3, 5 and 6 have role `row_transform`, steps 2 and 7 role
// `lane_transpose`, step 4 role `batched_gemm`; the CPU schedule vectorizes
// them along their innermost dimension.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/DenseNetToLinalg/Winograd.h"
#include "compiler/Conversion/DenseNetToLinalg/LinalgBuilders.h"
#include "dialects/DenseNet/IR/DenseNetDialect.h"
#include "dialects/DenseNet/IR/ShapeUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::densenet;

namespace {

/// F(4x4, 3x3)'s input, filter and output transforms (points 0, +-1, +-2,
/// inf), row-major, one matrix row per line.
// clang-format off
constexpr double kBT4[36] = {4,  0, -5,  0, 1, 0,
                             0, -4, -4,  1, 1, 0,
                             0,  4, -4, -1, 1, 0,
                             0, -2, -1,  2, 1, 0,
                             0,  2, -1, -2, 1, 0,
                             0,  4,  0, -5, 0, 1};
constexpr double kG4[18] = { 1.0 / 4,   0,          0,
                            -1.0 / 6,  -1.0 / 6,  -1.0 / 6,
                            -1.0 / 6,   1.0 / 6,  -1.0 / 6,
                             1.0 / 24,  1.0 / 12,  1.0 / 6,
                             1.0 / 24, -1.0 / 12,  1.0 / 6,
                             0,         0,         1};
constexpr double kAT4[24] = {1, 1,  1, 1,  1, 0,
                             0, 1, -1, 2, -2, 0,
                             0, 1,  1, 4,  4, 0,
                             0, 1, -1, 8, -8, 1};

/// F(2x2, 3x3)'s (points 0, +-1, inf).
constexpr double kBT2[16] = {1,  0, -1,  0,
                             0,  1,  1,  0,
                             0, -1,  1,  0,
                             0,  1,  0, -1};
constexpr double kG2[12] = {1,    0,    0,
                            0.5,  0.5,  0.5,
                            0.5, -0.5,  0.5,
                            0,    0,    1};
constexpr double kAT2[8] = {1, 1,  1,  0,
                            0, 1, -1, -1};
// clang-format on

/// F(m x m, 3x3): alpha = m + 2 points, the input transform BT (alpha x
/// alpha), the filter transform G (alpha x 3) and the output transform AT
/// (m x alpha).
struct Transforms {
  int64_t m, alpha;
  const double *bt, *g, *at;
};

constexpr Transforms kF4 = {4, 6, kBT4, kG4, kAT4};
constexpr Transforms kF2 = {2, 4, kBT2, kG2, kAT2};

/// The variant for an H x W map: F(4x4, 3x3) where its sides are multiples
/// of 4, else F(2x2, 3x3) where they are multiples of 2 and at least
/// kMinF2Side (14x14: a 4x4 tile grid would compute 16x16 pixels, and its
/// filters, 4x the direct convolution's bytes, would serve few tiles).
constexpr int64_t kMinF2Side = 8;

std::optional<Transforms> transformsFor(int64_t h, int64_t w) {
  if (h % 4 == 0 && w % 4 == 0)
    return kF4;
  if (h % 2 == 0 && w % 2 == 0 && h >= kMinF2Side && w >= kMinF2Side)
    return kF2;
  return std::nullopt;
}

/// The tiling of an H x W map into m x m output tiles, computed in bands of
/// `band` tile rows. Each row has `pitch` tiles, of which the first `cols`
/// are the map's and at least one is junk: a power of 2 up to 16 and a
/// multiple of 16 beyond, so that the deinterleave moves whole vector
/// registers. A map of at least kParallelBands tile rows runs in bands of
/// one tile row, in parallel (each thread transforms, multiplies and
/// inverts whole bands: its tiles never move to another core's cache);
/// a smaller map's band is the most tile rows whose transformed tiles
/// (36 x C x count floats, though only one patch row's sixth of them is
/// held at a time) stay within kBandBytes, reused from cache, and its steps
/// run in parallel instead.
struct TileGrid {
  static constexpr int64_t kBandBytes = 1 << 20;
  static constexpr int64_t kParallelBands = 8;
  int64_t rows, cols, pitch, band, count;

  TileGrid(int64_t h, int64_t w, int64_t channels, const Transforms &t)
      : rows(h / t.m), cols(w / t.m), pitch(tilePitch(w / t.m + 1)),
        band(parallelBands()
                 ? 1
                 : bandRows(rows, t.alpha * t.alpha * channels * pitch * 4)),
        count(band * pitch) {}

  /// Whether the bands run in parallel, one tile row each.
  bool parallelBands() const { return rows >= kParallelBands; }

  /// Tile rows of a band's deinterleaved lanes: one tile more than `count`,
  /// since the row transform reads tile l + 1.
  int64_t laneRows() const { return band + 1; }

  static int64_t tilePitch(int64_t tiles) {
    return tiles <= 16 ? static_cast<int64_t>(llvm::PowerOf2Ceil(tiles))
                       : static_cast<int64_t>(llvm::alignTo(tiles, 16));
  }

  /// The most tile rows, dividing `rows`, whose tiles fit kBandBytes.
  static int64_t bandRows(int64_t rows, int64_t bytesPerRow) {
    int64_t best = 1;
    for (int64_t d = 1; d <= rows; ++d)
      if (rows % d == 0 && d * bytesPerRow <= kBandBytes)
        best = d;
    return best;
  }
};

/// Column `column` of a rows x cols row-major matrix.
SmallVector<float> matrixColumn(const double *matrix, int64_t rows,
                                int64_t cols, int64_t column) {
  SmallVector<float> values;
  for (int64_t r = 0; r < rows; ++r)
    values.push_back(static_cast<float>(matrix[r * cols + column]));
  return values;
}

/// out[x, d1, d2, d3] = sum_y matrix[x][y] * rows[y][d1, d2, d3] for the
/// `matrix` of shapeOf(out)[0] rows and rows.size() columns, as one
/// generic with role `row_transform`. Column y of the matrix is an input
/// indexed by x, or a constant in the body where it is the same for every x
/// (upstream's elementwise fusion would otherwise inline it and drop the
/// role).
Value combineRows(OpBuilder &b, Location loc, const double *matrix,
                  ArrayRef<Value> rows, Value out) {
  MLIRContext *ctx = b.getContext();
  int64_t outRows = shapeOf(out)[0], cols = rows.size();
  AffineExpr x, d1, d2, d3;
  bindDims(ctx, x, d1, d2, d3);
  SmallVector<Value> inputs(rows);
  SmallVector<AffineMap> maps(rows.size(), AffineMap::get(4, 0, {d1, d2, d3}, ctx));
  // Per row y: the index of its coefficient input, or its constant.
  SmallVector<std::optional<size_t>> coefficientInput;
  SmallVector<float> splat;
  for (size_t y = 0; y < rows.size(); ++y) {
    SmallVector<float> column = matrixColumn(matrix, outRows, cols, y);
    splat.push_back(column[0]);
    if (llvm::all_equal(column)) {
      coefficientInput.push_back(std::nullopt);
      continue;
    }
    coefficientInput.push_back(inputs.size());
    auto type = f32TensorType(b, {outRows});
    inputs.push_back(arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, ArrayRef<float>(column))));
    maps.push_back(AffineMap::get(4, 0, {x}, ctx));
  }
  maps.push_back(b.getMultiDimIdentityMap(4));
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, out.getType(), inputs, ValueRange{out}, maps, iterators,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        Value sum;
        for (size_t y = 0; y < rows.size(); ++y) {
          Value coefficient = coefficientInput[y]
                                  ? args[*coefficientInput[y]]
                                  : f32Constant(nb, l, splat[y]);
          sum = sum ? math::FmaOp::create(nb, l, args[y], coefficient, sum)
                          .getResult()
                    : arith::MulFOp::create(nb, l, args[y], coefficient)
                          .getResult();
        }
        linalg::YieldOp::create(nb, l, sum);
      });
  setRole(generic, Role::row_transform);
  return generic.getResult(0);
}

/// Inserts `source` into `dest` at `offsets` over `sizes` (rank-reducing).
Value insert(OpBuilder &b, Location loc, Value source, Value dest,
             ArrayRef<OpFoldResult> offsets, ArrayRef<int64_t> sizes) {
  MLIRContext *ctx = b.getContext();
  SmallVector<int64_t> unit(offsets.size(), 1);
  return tensor::InsertSliceOp::create(b, loc, source, dest, offsets,
                                       getAsIndexOpFoldResult(ctx, sizes),
                                       getAsIndexOpFoldResult(ctx, unit));
}

SmallVector<OpFoldResult> at(OpBuilder &b, ArrayRef<int64_t> offsets) {
  return getAsIndexOpFoldResult(b.getContext(), offsets);
}

Value expand(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> shape,
             ArrayRef<ReassociationIndices> groups) {
  return tensor::ExpandShapeOp::create(b, loc, f32TensorType(b, shape), x,
                                       groups);
}

Value collapse(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> shape,
               ArrayRef<ReassociationIndices> groups) {
  return tensor::CollapseShapeOp::create(b, loc, f32TensorType(b, shape), x,
                                         groups);
}

/// U[a * alpha + b][c][k] = (G g[k][c] G^T)[a][b], computed at compile
/// time: input-major, as ConvToGemm's tapMajorKernel lays out kernels with
/// few output channels (the growth rate here).
Value transformedFilter(OpBuilder &b, Location loc, Value kernel,
                        const Transforms &t) {
  DenseElementsAttr attr;
  bool constant = matchPattern(kernel, m_Constant(&attr));
  assert(constant && "canUseWinograd checks for a constant kernel");
  (void)constant;
  ArrayRef<int64_t> ws = shapeOf(kernel);
  int64_t k = ws[0], c = ws[1];
  SmallVector<float> g(attr.getValues<float>());
  int64_t alpha = t.alpha;
  SmallVector<float> u(alpha * alpha * k * c);
  for (int64_t m = 0; m < k; ++m)
    for (int64_t ch = 0; ch < c; ++ch) {
      const float *f = &g[(m * c + ch) * 9];
      for (int64_t a = 0; a < alpha; ++a)
        for (int64_t bb = 0; bb < alpha; ++bb) {
          double sum = 0;
          for (int r = 0; r < 3; ++r)
            for (int s = 0; s < 3; ++s)
              sum += t.g[a * 3 + r] * f[r * 3 + s] * t.g[bb * 3 + s];
          u[((a * alpha + bb) * c + ch) * k + m] = static_cast<float>(sum);
        }
    }
  auto type = f32TensorType(b, {alpha * alpha, c, k});
  return arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, ArrayRef<float>(u)));
}

/// One band's temporaries, allocated in the loop over bands (a thread's own
/// where the bands run in parallel; hoisted out of a sequential loop).
struct BandTemporaries {
  Value columns, lanes, products, rowsDone, outputs;

  static BandTemporaries allocate(OpBuilder &b, Location loc,
                                  const TileGrid &tiles, const Transforms &t,
                                  int64_t c, int64_t k) {
    int64_t n = tiles.count, m = t.m, alpha = t.alpha;
    return {
        allocateTensor(b, loc, {alpha, c, tiles.band, m * tiles.pitch}),
        allocateTensor(b, loc, {alpha, c, m, tiles.laneRows(), tiles.pitch}),
        allocateTensor(b, loc, {alpha * alpha, k, n}),
        allocateTensor(b, loc, {m, alpha, k, n}),
        allocateTensor(b, loc, {m, m, k, n})};
  }
};

/// Steps 1-2 for the band of tile rows from `tileRow` on: the deinterleaved
/// column transforms D [alpha, C, m, laneRows * pitch].
Value transformColumns(OpBuilder &b, Location loc, const FlatConvolution &conv,
                       const TileGrid &tiles, const Transforms &t,
                       Value tileRow, BandTemporaries &band) {
  int64_t c = shapeOf(conv.flat)[1], h = conv.rows, pitch = conv.pitch;
  int64_t m = t.m, alpha = t.alpha;
  int64_t width = m * tiles.cols + 2;
  Value image =
      expand(b, loc,
             extractSliceOfShape(b, loc, conv.flat, {c, (h + 2) * pitch},
                                 at(b, {0, 0, 0}), {1, c, (h + 2) * pitch}),
             {c, h + 2, pitch}, {{0}, {1, 2}});
  Value firstRow = arith::MulIOp::create(
      b, loc, tileRow, arith::ConstantIndexOp::create(b, loc, m));
  SmallVector<Value> patchRows;
  for (int64_t i = 0; i < alpha; ++i) {
    Value row = arith::AddIOp::create(b, loc, firstRow,
                                      arith::ConstantIndexOp::create(b, loc, i));
    patchRows.push_back(
        extractSliceOfShape(b, loc, image, {c, tiles.band, width},
                            {b.getIndexAttr(0), row, b.getIndexAttr(0)},
                            {c, tiles.band, width}, {1, m, 1}));
  }
  SmallVector<int64_t> columnsSizes = {alpha, c, tiles.band, width};
  Value columnsOut = extractSliceOfShape(b, loc, band.columns, columnsSizes,
                                         at(b, {0, 0, 0, 0}), columnsSizes);
  band.columns =
      insert(b, loc, combineRows(b, loc, t.bt, patchRows, columnsOut),
             band.columns, at(b, {0, 0, 0, 0}), columnsSizes);

  SmallVector<int64_t> lanesSizes = {alpha, c, m, tiles.band, tiles.pitch};
  Value lanesOut = extractSliceOfShape(b, loc, band.lanes, lanesSizes,
                                       at(b, {0, 0, 0, 0, 0}), lanesSizes);
  MLIRContext *ctx = b.getContext();
  AffineExpr a, ch, ti, tp, q;
  bindDims(ctx, a, ch, ti, tp, q);
  Value grouped =
      expand(b, loc, band.columns, {alpha, c, tiles.band, tiles.pitch, m},
             {{0}, {1}, {2}, {3, 4}});
  lanesOut = moveLanes(b, loc, grouped, b.getMultiDimIdentityMap(5), lanesOut,
                       AffineMap::get(5, 0, {a, ch, q, ti, tp}, ctx));
  band.lanes = insert(b, loc, lanesOut, band.lanes, at(b, {0, 0, 0, 0, 0}),
                      lanesSizes);
  return collapse(b, loc, band.lanes,
                  {alpha, c, m, tiles.laneRows() * tiles.pitch},
                  {{0}, {1}, {2}, {3, 4}});
}

/// Steps 3-4 for row `a` of the transformed patches: V[:, a] [alpha, C,
/// count] from the deinterleaved columns `lanes` into `transformed`, then
/// its alpha GEMMs with U[a] into M[a] of `products` [alpha^2, K, count].
Value multiplyPatchRow(OpBuilder &b, Location loc, Value filter, Value lanes,
                       const TileGrid &tiles, const Transforms &t, Value a,
                       Value transformed, Value products) {
  int64_t c = shapeOf(lanes)[1], k = shapeOf(filter)[2], n = tiles.count;
  int64_t m = t.m, alpha = t.alpha;
  SmallVector<Value> patchColumns;
  for (int64_t j = 0; j < alpha; ++j)
    patchColumns.push_back(extractSliceOfShape(
        b, loc, lanes, {1, c, n},
        {a, b.getIndexAttr(0), b.getIndexAttr(j % m), b.getIndexAttr(j / m)},
        {1, c, 1, n}));
  Value v =
      collapse(b, loc, combineRows(b, loc, t.bt, patchColumns, transformed),
               {alpha, c, n}, {{0, 1}, {2}, {3}});
  Value first = arith::MulIOp::create(
      b, loc, a, arith::ConstantIndexOp::create(b, loc, alpha));
  SmallVector<OpFoldResult> offsets = {first, b.getIndexAttr(0),
                                       b.getIndexAttr(0)};
  Value u = extractSliceOfShape(b, loc, filter, {alpha, c, k}, offsets,
                                {alpha, c, k});
  Value acc = extractSliceOfShape(b, loc, products, {alpha, k, n}, offsets,
                                  {alpha, k, n});
  return insert(
      b, loc,
      buildGemm(b, loc, u, v, fill(b, loc, acc, 0.0), WeightLayout::inputMajor),
      products, offsets, {alpha, k, n});
}

/// Steps 3-4 for a band, by rows of the transformed patches: M [alpha^2,
/// K, count]. The loop over rows is marked parallel: where the bands run in
/// parallel it is nested in their loop and stays sequential. Each row's
/// transform goes to scratch of its own (a thread's, in parallel).
Value multiplyPatchRows(OpBuilder &b, Location loc, Value filter, Value lanes,
                        const TileGrid &tiles, const Transforms &t,
                        Value products) {
  SmallVector<int64_t> scratchShape = {t.alpha, 1, shapeOf(lanes)[1],
                                       tiles.count};
  auto rows = scf::ForOp::create(
      b, loc, arith::ConstantIndexOp::create(b, loc, 0),
      arith::ConstantIndexOp::create(b, loc, t.alpha),
      arith::ConstantIndexOp::create(b, loc, 1), ValueRange{products},
      [&](OpBuilder &nb, Location l, Value a, ValueRange args) {
        Value scratch = allocateTensor(nb, l, scratchShape);
        scf::YieldOp::create(nb, l,
                             multiplyPatchRow(nb, l, filter, lanes, tiles, t, a,
                                              scratch, args.front()));
      });
  setRole(rows, Role::parallel_loop);
  return rows.getResult(0);
}

/// Steps 5-7 for the band of tile rows from `tileRow` on: its K x m*band x W
/// outputs of M [alpha^2 = alpha a x alpha b, K, count] into `buffer`.
Value transformOutput(OpBuilder &b, Location loc, Value products,
                      const TileGrid &tiles, const Transforms &t, Value tileRow,
                      Value buffer, int64_t channel, BandTemporaries &band) {
  int64_t k = shapeOf(products)[1], n = tiles.count, m = t.m, alpha = t.alpha;
  Value grouped =
      expand(b, loc, products, {alpha, alpha, k, n}, {{0, 1}, {2}, {3}});
  SmallVector<Value> byRow;
  for (int64_t a = 0; a < alpha; ++a)
    byRow.push_back(extractSliceOfShape(b, loc, grouped, {alpha, k, n},
                                        at(b, {a, 0, 0, 0}), {1, alpha, k, n}));
  band.rowsDone = combineRows(b, loc, t.at, byRow, band.rowsDone);
  SmallVector<Value> byColumn;
  for (int64_t bb = 0; bb < alpha; ++bb)
    byColumn.push_back(extractSliceOfShape(b, loc, band.rowsDone, {m, k, n},
                                           at(b, {0, bb, 0, 0}), {m, 1, k, n}));
  band.outputs = combineRows(b, loc, t.at, byColumn, band.outputs);

  Value grid = expand(b, loc, band.outputs, {m, m, k, tiles.band, tiles.pitch},
                      {{0}, {1}, {2}, {3, 4}});
  grid = extractSliceOfShape(b, loc, grid, {m, m, k, tiles.band, tiles.cols},
                             at(b, {0, 0, 0, 0, 0}),
                             {m, m, k, tiles.band, tiles.cols});
  int64_t rows = m * tiles.band, w = m * tiles.cols;
  Value firstRow = arith::MulIOp::create(
      b, loc, tileRow, arith::ConstantIndexOp::create(b, loc, m));
  SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0),
                                       b.getIndexAttr(channel), firstRow,
                                       b.getIndexAttr(0)};
  SmallVector<int64_t> sizes = {1, k, rows, w};
  Value region = expand(
      b, loc, extractSliceOfShape(b, loc, buffer, {k, rows, w}, offsets, sizes),
      {k, tiles.band, m, tiles.cols, m}, {{0}, {1, 2}, {3, 4}});
  MLIRContext *ctx = b.getContext();
  AffineExpr kk, ti, i, tj, j;
  bindDims(ctx, kk, ti, i, tj, j);
  region = moveLanes(b, loc, grid, AffineMap::get(5, 0, {j, i, kk, ti, tj}, ctx),
                     region, b.getMultiDimIdentityMap(5));
  return insert(b, loc,
                collapse(b, loc, region, {k, rows, w}, {{0}, {1, 2}, {3, 4}}),
                buffer, offsets, sizes);
}

} // namespace

bool mlir::densenet::canUseWinograd(const FlatConvolution &conv) {
  ArrayRef<int64_t> xs = shapeOf(conv.flat), ws = shapeOf(conv.kernel);
  DenseElementsAttr kernel;
  return xs[0] == 1 && ws[2] == 3 && ws[3] == 3 &&
         transformsFor(conv.rows, conv.cols) && conv.pitch == conv.cols + 2 &&
         xs[2] >= (conv.rows + 2) * conv.pitch &&
         matchPattern(conv.kernel, m_Constant(&kernel));
}

Value mlir::densenet::winogradIntoBuffer(OpBuilder &b, Location loc,
                                         const FlatConvolution &conv,
                                         Value buffer, int64_t channel) {
  int64_t c = shapeOf(conv.flat)[1], k = shapeOf(conv.kernel)[0];
  Transforms t = *transformsFor(conv.rows, conv.cols);
  TileGrid tiles(conv.rows, conv.cols, c, t);
  Value filter = transformedFilter(b, loc, conv.kernel, t);
  auto bands = scf::ForOp::create(
      b, loc, arith::ConstantIndexOp::create(b, loc, 0),
      arith::ConstantIndexOp::create(b, loc, tiles.rows),
      arith::ConstantIndexOp::create(b, loc, tiles.band), ValueRange{buffer},
      [&](OpBuilder &nb, Location l, Value tileRow, ValueRange args) {
        BandTemporaries band = BandTemporaries::allocate(nb, l, tiles, t, c, k);
        Value lanes = transformColumns(nb, l, conv, tiles, t, tileRow, band);
        band.products =
            multiplyPatchRows(nb, l, filter, lanes, tiles, t, band.products);
        Value out = transformOutput(nb, l, band.products, tiles, t, tileRow,
                                    args.front(), channel, band);
        scf::YieldOp::create(nb, l, out);
      });
  if (tiles.parallelBands())
    setRole(bands, Role::parallel_loop);
  return bands.getResult(0);
}
