//===- ConvToGemm.cpp - convolutions as sums of shifted GEMMs -------------===//
//
// A stride-1 convolution with kernel R x S over an input zero-padded to
// Hp x Wp is, on the image flattened to one row of Hp*Wp pixels per channel,
//   out[k, p] = sum_{r,s} W[k, :, r, s] . X[:, p + r*Wp + s]
// for p = h*Wp + w: one GEMM per tap, each on a contiguous window. The
// columns w >= Wo of each output row are junk and are sliced away. A strided
// convolution becomes a stride-1 one by space-to-depth: s x s pixel blocks
// become s*s channels and the kernel shrinks to ceil(R/s) x ceil(S/s).
// Taps on few channels are gathered into one GEMM (an im2col of a band of
// pixels), and an accumulator too large for cache is computed in bands of
// pixels, each through every tap.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/DenseNetToLinalg/ConvToGemm.h"
#include "compiler/Conversion/DenseNetToLinalg/LinalgBuilders.h"
#include "dialects/DenseNet/IR/DenseNetDialect.h"
#include "dialects/DenseNet/IR/ShapeUtils.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::densenet;

static Value zeroPad(OpBuilder &b, Location loc, Value x,
                     ArrayRef<int64_t> low, ArrayRef<int64_t> high) {
  if (llvm::all_of(low, [](int64_t v) { return v == 0; }) &&
      llvm::all_of(high, [](int64_t v) { return v == 0; }))
    return x;
  SmallVector<int64_t> shape(shapeOf(x));
  for (size_t i = 0; i < shape.size(); ++i)
    shape[i] += low[i] + high[i];
  MLIRContext *ctx = b.getContext();
  return tensor::PadOp::create(b, loc, f32TensorType(b, shape), x,
                               getAsIndexOpFoldResult(ctx, low),
                               getAsIndexOpFoldResult(ctx, high),
                               f32Constant(b, loc, 0.0));
}

/// Crops the bottom/right of an NCHW tensor to h x w.
static Value cropSpatial(OpBuilder &b, Location loc, Value x, int64_t h,
                         int64_t w) {
  ArrayRef<int64_t> s = shapeOf(x);
  if (s[2] == h && s[3] == w)
    return x;
  return extractSlice(b, loc, x, {0, 0, 0, 0}, {s[0], s[1], h, w});
}

Value mlir::densenet::buildGemm(OpBuilder &b, Location loc, Value lhs,
                                Value rhs, Value acc, WeightLayout layout) {
  MLIRContext *ctx = b.getContext();
  AffineExpr n, m, p, c;
  bindDims(ctx, n, m, p, c);
  bool batched = shapeOf(lhs).size() == 3;
  SmallVector<AffineExpr> lhsDims = layout == WeightLayout::outputMajor
                                        ? SmallVector<AffineExpr>{m, c}
                                        : SmallVector<AffineExpr>{c, m};
  if (batched)
    lhsDims.insert(lhsDims.begin(), n);
  AffineMap lhsMap = AffineMap::get(4, 0, lhsDims, ctx);
  ArrayAttr maps = b.getAffineMapArrayAttr({lhsMap,
                                            AffineMap::get(4, 0, {n, c, p}, ctx),
                                            AffineMap::get(4, 0, {n, m, p}, ctx)});
  auto gemm = linalg::ContractOp::create(b, loc, TypeRange{acc.getType()},
                                         ValueRange{lhs, rhs}, ValueRange{acc},
                                         maps);
  setRole(gemm, batched ? Role::batched_gemm : Role::gemm);
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

/// The stride-1 convolution of x [N,C,H,W] by w [K,C,R,S] with the given
/// padding, on the flattened padded image.
static FlatConvolution flattenStride1(OpBuilder &b, Location loc, Value x,
                                      Value w, ArrayRef<int64_t> pad) {
  ArrayRef<int64_t> xs = shapeOf(x), ws = shapeOf(w);
  int64_t hp = xs[2] + pad[0] + pad[2], wp = xs[3] + pad[1] + pad[3];
  // The last taps read up to S-1 pixels past the padded image: one more row.
  int64_t extraRows = ws[3] > 1 ? 1 : 0;
  Value padded = zeroPad(b, loc, x, {0, 0, pad[0], pad[1]},
                         {0, 0, pad[2] + extraRows, pad[3]});
  return {collapseSpatial(b, loc, padded), w, /*pitch=*/wp,
          /*rows=*/hp - ws[2] + 1, /*cols=*/wp - ws[3] + 1};
}

/// The weights of a constant kernel [K, C, R, S], read at compile time.
struct ConstantKernel {
  SmallVector<float> values;
  int64_t k, c, taps;

  /// Output channel m's weight for input channel ch at tap t = r*S + s.
  float at(int64_t m, int64_t ch, int64_t t) const {
    return values[(m * c + ch) * taps + t];
  }
};

/// The weights of `kernel`; std::nullopt if it is not a constant.
static std::optional<ConstantKernel> constantKernel(Value kernel) {
  DenseElementsAttr attr;
  if (!matchPattern(kernel, m_Constant(&attr)))
    return std::nullopt;
  ArrayRef<int64_t> ws = shapeOf(kernel);
  return ConstantKernel{SmallVector<float>(attr.getValues<float>()), ws[0],
                        ws[1], ws[2] * ws[3]};
}

/// A constant tensor of `shape` holding `values`.
static Value f32Tensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                       ArrayRef<float> values) {
  return arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(f32TensorType(b, shape), values));
}

/// A constant kernel [K, C, R, S] rearranged at compile time into a tensor
/// of `shape`, its element (k, c, tap t = r*S + s) at flat index
/// `position(k, c, t)`; null if the kernel is not a constant.
static Value
rearrangedKernel(OpBuilder &b, Location loc, Value kernel,
                 ArrayRef<int64_t> shape,
                 function_ref<int64_t(int64_t, int64_t, int64_t)> position) {
  std::optional<ConstantKernel> w = constantKernel(kernel);
  if (!w)
    return Value();
  SmallVector<float> rearranged(w->values.size());
  for (int64_t m = 0; m < w->k; ++m)
    for (int64_t ch = 0; ch < w->c; ++ch)
      for (int64_t t = 0; t < w->taps; ++t)
        rearranged[position(m, ch, t)] = w->at(m, ch, t);
  return f32Tensor(b, loc, shape, rearranged);
}

/// The most bytes of output channels per input channel for which a kernel
/// is stored input-major (see tapMajorKernel).
constexpr int64_t kInputMajorRowBytes = 512;

/// A constant kernel [K, C, R, S] rearranged at compile time so that each
/// tap's matrix is contiguous: [R*S, C, K] (input-major) where the K output
/// channels of an input channel take at most kInputMajorRowBytes, else
/// [R*S, K, C]. Input-major, a register block's weights for one input
/// channel are adjacent and those for the next one a short stride further,
/// a single stream the hardware prefetchers follow; output-major, they are
/// as many streams as the block has channels (in DenseNet-121 the GEMMs'
/// loops over their first pixel block, which bring the weights in from
/// memory, took about a fifth fewer samples input-major). Wider output rows
/// stay output-major: a stride of kilobytes leaves each page after a few
/// channels (input-major, the 512-channel transition took 40% more).
struct TapMajorKernel {
  Value taps; // null where the kernel is not a constant
  WeightLayout layout = WeightLayout::outputMajor;
};

static TapMajorKernel tapMajorKernel(OpBuilder &b, Location loc, Value kernel) {
  ArrayRef<int64_t> ws = shapeOf(kernel);
  int64_t k = ws[0], c = ws[1], taps = ws[2] * ws[3];
  bool inputMajor = 4 * k <= kInputMajorRowBytes;
  SmallVector<int64_t> shape = inputMajor ? SmallVector<int64_t>{taps, c, k}
                                          : SmallVector<int64_t>{taps, k, c};
  Value rearranged = rearrangedKernel(
      b, loc, kernel, shape, [&](int64_t m, int64_t ch, int64_t t) {
        return inputMajor ? (t * c + ch) * k + m : (t * k + m) * c + ch;
      });
  return {rearranged,
          inputMajor ? WeightLayout::inputMajor : WeightLayout::outputMajor};
}

/// The channels [first, first + count) of tap `tap`, gathered into rows
/// [row, row + count) of a gathered GEMM's input.
struct GatheredRun {
  int64_t tap, first, count, row;
};

/// A constant kernel [K, C, R, S] as one matrix [K, rows] for a GEMM on
/// gathered windows: a column per (tap, channel) with a nonzero weight, in
/// tap-major order, and the runs of consecutive channels those columns
/// gather. Columns of zeros are left out: a strided convolution's
/// space-to-depth kernel pads R x S up to multiples of the stride (the 7x7
/// stem's 16 taps of 12 channels hold 147 weights of 192).
struct GatheredKernel {
  Value matrix;
  SmallVector<GatheredRun> runs;
  int64_t rows = 0;
};

/// The GatheredKernel of a constant `kernel`; std::nullopt if it is not a
/// constant.
static std::optional<GatheredKernel>
gatheredKernel(OpBuilder &b, Location loc, Value kernel) {
  std::optional<ConstantKernel> w = constantKernel(kernel);
  if (!w)
    return std::nullopt;
  auto used = [&](int64_t ch, int64_t t) {
    for (int64_t m = 0; m < w->k; ++m)
      if (w->at(m, ch, t) != 0.0f)
        return true;
    return false;
  };
  GatheredKernel gathered;
  SmallVector<std::pair<int64_t, int64_t>> columns; // (tap, channel)
  for (int64_t t = 0; t < w->taps; ++t)
    for (int64_t ch = 0; ch < w->c; ++ch) {
      if (!used(ch, t))
        continue;
      GatheredRun *last = gathered.runs.empty() ? nullptr
                                                : &gathered.runs.back();
      if (last && last->tap == t && last->first + last->count == ch)
        ++last->count;
      else
        gathered.runs.push_back({t, ch, 1, int64_t(columns.size())});
      columns.push_back({t, ch});
    }
  // A kernel of zeros still needs one column, of zeros.
  if (columns.empty()) {
    gathered.runs.push_back({0, 0, 1, 0});
    columns.push_back({0, 0});
  }
  gathered.rows = columns.size();
  SmallVector<float> matrix;
  matrix.reserve(w->k * gathered.rows);
  for (int64_t m = 0; m < w->k; ++m)
    for (auto [t, ch] : columns)
      matrix.push_back(w->at(m, ch, t));
  gathered.matrix = f32Tensor(b, loc, {w->k, gathered.rows}, matrix);
  return gathered;
}

/// One tap's weights as a GEMM's lhs, C x K or K x C as `layout` says.
struct TapWeights {
  Value matrix;
  WeightLayout layout;

  /// Output channels [first, first + count) of the tap's weights.
  TapWeights outputChannels(OpBuilder &b, Location loc, OpFoldResult first,
                            int64_t count) const {
    size_t outputDim = layout == WeightLayout::inputMajor ? 1 : 0;
    SmallVector<OpFoldResult> offsets(2, b.getIndexAttr(0));
    SmallVector<int64_t> sizes(shapeOf(matrix));
    offsets[outputDim] = first;
    sizes[outputDim] = count;
    return {extractSliceAt(b, loc, matrix, offsets, sizes), layout};
  }
};

/// Tap (i, j) of `kernel`, from its tap-major form where it is a constant.
static TapWeights tapMatrix(OpBuilder &b, Location loc, Value kernel,
                            const TapMajorKernel &tapMajor, int64_t i,
                            int64_t j) {
  ArrayRef<int64_t> ws = shapeOf(kernel);
  int64_t k = ws[0], c = ws[1];
  MLIRContext *ctx = b.getContext();
  if (tapMajor.taps) {
    ArrayRef<int64_t> shape = shapeOf(tapMajor.taps).drop_front();
    return {
        extractSliceOfShape(b, loc, tapMajor.taps, shape,
                            getAsIndexOpFoldResult(ctx, {i * ws[3] + j, 0, 0}),
                            {1, shape[0], shape[1]}),
        tapMajor.layout};
  }
  if (ws[2] == 1 && ws[3] == 1)
    return {tensor::CollapseShapeOp::create(
                b, loc, f32TensorType(b, {k, c}), kernel,
                ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}}),
            WeightLayout::outputMajor};
  return {extractSliceOfShape(b, loc, kernel, {k, c},
                              getAsIndexOpFoldResult(ctx, {0, 0, i, j}),
                              {k, c, 1, 1}),
          WeightLayout::outputMajor};
}

/// Bytes per band above which a convolution runs in bands of pixels: every
/// tap reads and writes the whole accumulator, so it must stay in cache (L2
/// is 1 MiB on Zen 4 and 5, 2 MiB on Sapphire and Emerald Rapids). In
/// DenseNets only a stem's accumulator (64 channels x 112 x 115 pixels at
/// 224x224) is larger.
constexpr int64_t kTapBandBytes = 512 * 1024;

/// Taps reading fewer input channels than this are gathered into one GEMM
/// (as an im2col of a band of pixels): a GEMM per tap would load and store
/// its accumulators every few multiply-adds.
constexpr int64_t kGatheredTapChannels = 32;

/// A map of at most this many flat pixels (DenseNet-121's 14x14: 14 x 16)
/// has taps too small to share out one by one: its convolution runs in
/// parallel blocks of kTapChannelBlock output channels, each through every
/// tap. Only where whole 16-pixel register blocks cover the map: a
/// remainder (7x7: 7 x 9 = 63 pixels, blocks of 32, 16, 8 and 7) multiplies
/// the ops in the loop body, and one-shot bufferization's conflict analysis
/// of the loop grows with their square (DenseNet-121's 7x7 block took it
/// from 2.3 to 5.3 s).
constexpr int64_t kSmallMapPixels = 256;
constexpr int64_t kTapChannelBlock = 8;
constexpr int64_t kRegisterBlockPixels = 16;

/// Bands a convolution needs for them to run in parallel, one per thread at
/// a time: with at least 16, the one band more that some threads of a team
/// of up to 4 run is at most a quarter of a share (DenseNet's stem has 35).
constexpr int64_t kMinParallelBands = 16;

/// Pixels per band of `pixels` pixels taking `bytesPerPixel` of cache each:
/// the largest divisor of `pixels` that is a multiple of 16 (whole vectors)
/// and whose band fits kTapBandBytes; all of them if they fit, or if no such
/// divisor exists.
static int64_t tapBandPixels(int64_t bytesPerPixel, int64_t pixels) {
  if (pixels * bytesPerPixel <= kTapBandBytes)
    return pixels;
  for (int64_t band = kTapBandBytes / bytesPerPixel / 16 * 16; band >= 16;
       band -= 16)
    if (pixels % band == 0)
      return band;
  return pixels;
}

/// The flat input window tap (i, j) reads for `band` pixels from `offset`,
/// on channels [first, first + count) (all of them when count is 0).
static Value tapWindow(OpBuilder &b, Location loc, const FlatConvolution &conv,
                       int64_t i, int64_t j, OpFoldResult offset,
                       int64_t band, int64_t first = 0, int64_t count = 0) {
  ArrayRef<int64_t> xs = shapeOf(conv.flat);
  OpFoldResult start = affine::makeComposedFoldedAffineApply(
      b, loc, b.getAffineDimExpr(0) + i * conv.pitch + j, {offset});
  return extractSliceAt(b, loc, conv.flat,
                        {b.getIndexAttr(0), b.getIndexAttr(first), start},
                        {xs[0], count ? count : xs[1], band});
}

/// acc [N, K, band] at pixel `offset` plus one GEMM per tap.
static Value accumulateTapsAt(OpBuilder &b, Location loc,
                              const FlatConvolution &conv,
                              const TapMajorKernel &tapMajor, Value acc,
                              OpFoldResult offset) {
  ArrayRef<int64_t> ws = shapeOf(conv.kernel);
  int64_t band = shapeOf(acc)[2];
  for (int64_t i = 0; i < ws[2]; ++i)
    for (int64_t j = 0; j < ws[3]; ++j) {
      Value window = tapWindow(b, loc, conv, i, j, offset, band);
      TapWeights weights = tapMatrix(b, loc, conv.kernel, tapMajor, i, j);
      acc = buildGemm(b, loc, weights.matrix, window, acc, weights.layout);
    }
  return acc;
}

/// `window` copied into `slot`, as a GEMM operand's prologue.
static Value copyPrologue(OpBuilder &b, Location loc, Value window,
                          Value slot) {
  auto type = cast<RankedTensorType>(slot.getType());
  AffineMap identity = b.getMultiDimIdentityMap(type.getRank());
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  auto copy = linalg::GenericOp::create(
      b, loc, type, ValueRange{window}, ValueRange{slot},
      ArrayRef<AffineMap>{identity, identity}, iterators,
      [](OpBuilder &nb, Location l, ValueRange args) {
        linalg::YieldOp::create(nb, l, args[0]);
      });
  setRole(copy, Role::prologue);
  return copy.getResult(0);
}

/// acc [N, K, band] at pixel `offset` plus the gathered kernel's matrix
/// times the gathered windows [N, rows, band]: a new buffer into which each
/// run of channels of a tap's window is copied first.
static Value accumulateGatheredTapsAt(OpBuilder &b, Location loc,
                                      const FlatConvolution &conv,
                                      const GatheredKernel &kernel, Value acc,
                                      OpFoldResult offset) {
  int64_t n = shapeOf(conv.flat)[0], s = shapeOf(conv.kernel)[3];
  int64_t band = shapeOf(acc)[2];
  Value gathered = allocateTensor(b, loc, {n, kernel.rows, band});
  for (const GatheredRun &run : kernel.runs) {
    SmallVector<int64_t> at = {0, run.row, 0};
    Value slot = extractSlice(b, loc, gathered, at, {n, run.count, band});
    Value window = tapWindow(b, loc, conv, run.tap / s, run.tap % s, offset,
                             band, run.first, run.count);
    gathered = insertSlice(b, loc, copyPrologue(b, loc, window, slot),
                           gathered, at);
  }
  return buildGemm(b, loc, kernel.matrix, gathered, acc);
}

/// acc [N, K, P] computed in blocks of `size` along dimension `dim` (1:
/// output channels, 2: pixels) by a loop whose body adds `accumulate(part,
/// offset)` into each block, which run in parallel when `parallel`. An
/// accumulator filled with a value is filled block by block, where the
/// schedule can fuse the fill into the GEMM's register blocks.
static Value accumulateInBlocks(
    OpBuilder &b, Location loc, Value acc, int64_t dim, int64_t size,
    bool parallel,
    function_ref<Value(OpBuilder &, Location, Value, Value)> accumulate) {
  SmallVector<int64_t> sizes(shapeOf(acc));
  int64_t extent = sizes[dim];
  sizes[dim] = size;
  auto accFill = acc.getDefiningOp<linalg::FillOp>();
  Value init = accFill ? accFill.getOutputs().front() : acc;
  auto blocks = scf::ForOp::create(
      b, loc, arith::ConstantIndexOp::create(b, loc, 0),
      arith::ConstantIndexOp::create(b, loc, extent),
      arith::ConstantIndexOp::create(b, loc, size), ValueRange{init},
      [&](OpBuilder &nb, Location l, Value offset, ValueRange args) {
        SmallVector<OpFoldResult> at(3, nb.getIndexAttr(0));
        at[dim] = offset;
        Value part = extractSliceAt(nb, l, args[0], at, sizes);
        if (accFill)
          part = linalg::FillOp::create(nb, l, accFill.value(), part)
                     .getResult(0);
        part = accumulate(nb, l, part, offset);
        scf::YieldOp::create(nb, l, insertSliceAt(nb, l, part, args[0], at));
      });
  if (parallel)
    setRole(blocks, Role::parallel_loop);
  return blocks.getResult(0);
}

/// acc [N, K, P] plus every tap, in blocks of kTapChannelBlock output
/// channels that run in parallel, each through all taps (one parallel loop
/// instead of one per tap).
static Value accumulateTapsInChannelBlocks(OpBuilder &b, Location loc,
                                           const FlatConvolution &conv,
                                           const TapMajorKernel &tapMajor,
                                           Value acc) {
  ArrayRef<int64_t> ws = shapeOf(conv.kernel);
  int64_t pixels = shapeOf(acc)[2];
  return accumulateInBlocks(
      b, loc, acc, /*dim=*/1, kTapChannelBlock, /*parallel=*/true,
      [&](OpBuilder &nb, Location l, Value part, Value channel) {
        for (int64_t i = 0; i < ws[2]; ++i)
          for (int64_t j = 0; j < ws[3]; ++j) {
            Value window =
                tapWindow(nb, l, conv, i, j, nb.getIndexAttr(0), pixels);
            TapWeights weights =
                tapMatrix(nb, l, conv.kernel, tapMajor, i, j)
                    .outputChannels(nb, l, channel, kTapChannelBlock);
            part =
                buildGemm(nb, l, weights.matrix, window, part, weights.layout);
          }
        return part;
      });
}

Value mlir::densenet::accumulateTaps(OpBuilder &b, Location loc,
                                     const FlatConvolution &conv, Value acc) {
  ArrayRef<int64_t> ws = shapeOf(conv.kernel), as = shapeOf(acc);
  int64_t k = as[1], pixels = as[2];
  int64_t c = ws[1], taps = ws[2] * ws[3];
  if (taps == 1 || conv.taps == TapLowering::PerTap)
    return accumulateTapsAt(b, loc, conv, tapMajorKernel(b, loc, conv.kernel),
                            acc, b.getIndexAttr(0));
  std::optional<GatheredKernel> matrix;
  if (c < kGatheredTapChannels)
    matrix = gatheredKernel(b, loc, conv.kernel);
  TapMajorKernel tapMajor =
      matrix ? TapMajorKernel() : tapMajorKernel(b, loc, conv.kernel);
  if (!matrix && pixels <= kSmallMapPixels &&
      pixels % kRegisterBlockPixels == 0 && k % kTapChannelBlock == 0 &&
      k / kTapChannelBlock > 1)
    return accumulateTapsInChannelBlocks(b, loc, conv, tapMajor, acc);
  int64_t bytesPerPixel = 4 * (k + (matrix ? matrix->rows : 0));
  int64_t band = tapBandPixels(bytesPerPixel, pixels);
  if (band == pixels)
    return matrix ? accumulateGatheredTapsAt(b, loc, conv, *matrix, acc,
                                             b.getIndexAttr(0))
                  : accumulateTapsAt(b, loc, conv, tapMajor, acc,
                                     b.getIndexAttr(0));
  // Bands of pixels, each through every tap while it stays in cache. They
  // write disjoint pixels: where there are enough of them to share out
  // evenly, the bands run in parallel, each gathering its windows into a
  // buffer of its own (DenseNet's stem: 35 bands; gathering on one thread
  // while the others waited cost 5% at 2 threads). Otherwise the loop runs
  // on one thread and each band's GEMMs on all of them.
  return accumulateInBlocks(
      b, loc, acc, /*dim=*/2, band, pixels / band >= kMinParallelBands,
      [&](OpBuilder &nb, Location l, Value part, Value pixel) {
        return matrix
                   ? accumulateGatheredTapsAt(nb, l, conv, *matrix, part, pixel)
                   : accumulateTapsAt(nb, l, conv, tapMajor, part, pixel);
      });
}

/// [A, B, H*s, W*s] -> [A, B*s*s, H, W]: each s x s pixel block becomes s*s
/// channels (channel b*s*s + i*s + j holds pixel (i, j) of the block).
static Value spaceToDepth(OpBuilder &b, Location loc, Value x, int64_t s) {
  ArrayRef<int64_t> xs = shapeOf(x);
  int64_t a = xs[0], c = xs[1], h = xs[2] / s, w = xs[3] / s;
  Value blocks = tensor::ExpandShapeOp::create(
      b, loc, f32TensorType(b, {a, c, h, s, w, s}), x,
      ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}, {4, 5}});
  Value init = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{a, c, s, s, h, w},
                                       b.getF32Type());
  Value moved = linalg::TransposeOp::create(b, loc, blocks, init,
                                            ArrayRef<int64_t>{0, 1, 3, 5, 2, 4})
                    .getResult()[0];
  return tensor::CollapseShapeOp::create(
      b, loc, f32TensorType(b, {a, c * s * s, h, w}), moved,
      ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}, {4}, {5}});
}

/// The space-to-depth form of a constant kernel [K, C, R, S], zero-padded to
/// [K, C, s*rs, s*ss], computed at compile time: [K, C*s*s, rs, ss] with
/// new[k][(c*s + a)*s + d][i][j] = padded[k][c][i*s + a][j*s + d]. Null if
/// the kernel is not a constant.
static Value constantSpaceToDepthKernel(OpBuilder &b, Location loc,
                                        Value weight, int64_t s, int64_t rs,
                                        int64_t ss) {
  DenseElementsAttr attr;
  if (!matchPattern(weight, m_Constant(&attr)))
    return Value();
  ArrayRef<int64_t> ws = shapeOf(weight);
  int64_t k = ws[0], c = ws[1], r = ws[2], w = ws[3];
  SmallVector<float> values(attr.getValues<float>());
  SmallVector<float> blocks(k * c * s * s * rs * ss, 0.0f);
  for (int64_t m = 0; m < k; ++m)
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t y = 0; y < r; ++y)
        for (int64_t x = 0; x < w; ++x) {
          int64_t channel = (ch * s + y % s) * s + x % s;
          blocks[((m * c * s * s + channel) * rs + y / s) * ss + x / s] =
              values[((m * c + ch) * r + y) * w + x];
        }
  auto type = f32TensorType(b, {k, c * s * s, rs, ss});
  return arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, ArrayRef<float>(blocks)));
}

/// Extent of `size` after low padding `lo`, cropped or zero-padded at the
/// high end to exactly `target`.
static void fitSpatial(int64_t size, int64_t lo, int64_t target,
                       int64_t &keep, int64_t &high) {
  keep = std::min(size, target - lo);
  high = target - lo - keep;
}

FlatConvolution mlir::densenet::flattenConvolution(OpBuilder &b, Location loc,
                                                   Value input, Value weight,
                                                   const ConvGeometry &g) {
  assert(g.strideH == g.strideW && "flattening needs equal strides");
  if (g.strideH == 1)
    return flattenStride1(b, loc, input, weight,
                          {g.padTop, g.padLeft, g.padBottom, g.padRight});
  int64_t s = g.strideH;
  ArrayRef<int64_t> xs = shapeOf(input), ws = shapeOf(weight);
  int64_t ho = (xs[2] + g.padTop + g.padBottom - ws[2]) / s + 1;
  int64_t wo = (xs[3] + g.padLeft + g.padRight - ws[3]) / s + 1;
  // Space-to-depth needs one factor; pad the kernel to a multiple of it.
  int64_t rs = (ws[2] + s - 1) / s, ss = (ws[3] + s - 1) / s;
  int64_t hs = ho + rs - 1, wsd = wo + ss - 1;
  int64_t keepH, highH, keepW, highW;
  fitSpatial(xs[2], g.padTop, s * hs, keepH, highH);
  fitSpatial(xs[3], g.padLeft, s * wsd, keepW, highW);
  Value cropped = cropSpatial(b, loc, input, keepH, keepW);
  Value padded = zeroPad(b, loc, cropped, {0, 0, g.padTop, g.padLeft},
                         {0, 0, highH, highW});
  Value kernel = constantSpaceToDepthKernel(b, loc, weight, s, rs, ss);
  if (!kernel)
    kernel = spaceToDepth(b, loc,
                          zeroPad(b, loc, weight, {0, 0, 0, 0},
                                  {0, 0, s * rs - ws[2], s * ss - ws[3]}),
                          s);
  return flattenStride1(b, loc, spaceToDepth(b, loc, padded, s), kernel,
                        {0, 0, 0, 0});
}

Value mlir::densenet::buildConvolution(OpBuilder &b, Location loc, Value input,
                                       Value weight, Value bias,
                                       const ConvGeometry &g,
                                       TapLowering taps) {
  if (g.strideH != g.strideW) {
    // Unequal strides: a dense stride-1 conv, subsampled.
    ConvGeometry dense = g;
    dense.strideH = dense.strideW = 1;
    Value full = buildConvolution(b, loc, input, weight, bias, dense, taps);
    ArrayRef<int64_t> xs = shapeOf(input), ws = shapeOf(weight), fs = shapeOf(full);
    int64_t ho = (xs[2] + g.padTop + g.padBottom - ws[2]) / g.strideH + 1;
    int64_t wo = (xs[3] + g.padLeft + g.padRight - ws[3]) / g.strideW + 1;
    SmallVector<int64_t> sizes = {fs[0], fs[1], ho, wo};
    MLIRContext *ctx = b.getContext();
    return tensor::ExtractSliceOp::create(
        b, loc, f32TensorType(b, sizes), full,
        getAsIndexOpFoldResult(ctx, {0, 0, 0, 0}),
        getAsIndexOpFoldResult(ctx, sizes),
        getAsIndexOpFoldResult(ctx, {1, 1, g.strideH, g.strideW}));
  }
  FlatConvolution conv = flattenConvolution(b, loc, input, weight, g);
  conv.taps = taps;
  int64_t n = shapeOf(input)[0], k = shapeOf(weight)[0];
  Value acc = initAccumulator(b, loc, bias, {n, k, conv.rows * conv.pitch});
  acc = accumulateTaps(b, loc, conv, acc);
  return cropSpatial(b, loc, expandSpatial(b, loc, acc, conv.rows, conv.pitch),
                     conv.rows, conv.cols);
}
