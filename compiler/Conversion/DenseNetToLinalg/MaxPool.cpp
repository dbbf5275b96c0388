//===- MaxPool.cpp - the stem's 3x3/2 max pool as row operations ----------===//
//
// A stride-2 window reads every other column, which no vector load does.
// The pool runs one output row oh per iteration of a loop whose rows the
// threads share out (role parallel_loop), in three steps that are contiguous
// along their last dimension:
//
//   1. rows      R[n, c, 0, x]    = max_kh in[n, c, 2oh + kh, x]
//   2. pairs     P[n, c, 0, q, i] = R[n, c, 0, 2i + q]   (even, odd columns)
//   3. columns   out[n, c, oh, j] = max(P[n, c, 0, 0, j], P[n, c, 0, 1, j],
//                                       P[n, c, 0, 0, j + 1])
//
// Steps 1 and 3 have role `row_transform` and step 2 role `lane_transpose`,
// like Winograd's steps: the CPU schedule vectorizes them along their last
// dimension. An iteration's R and P are its own (on its thread's stack).
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/DenseNetToLinalg/MaxPool.h"
#include "compiler/Conversion/DenseNetToLinalg/LinalgBuilders.h"
#include "dialects/DenseNet/IR/DenseNetDialect.h"
#include "dialects/DenseNet/IR/ShapeUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::densenet;

namespace {

/// out = the elementwise maximum of `inputs` (all of out's shape), as an
/// all-parallel generic with role `row_transform`.
Value maxOfRows(OpBuilder &b, Location loc, ArrayRef<Value> inputs, Value out) {
  int64_t rank = shapeOf(out).size();
  SmallVector<AffineMap> maps(inputs.size() + 1,
                              b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, out.getType(), inputs, ValueRange{out}, maps, iterators,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        Value max = args[0];
        for (Value v : args.drop_front().drop_back())
          max = arith::MaximumFOp::create(nb, l, max, v);
        linalg::YieldOp::create(nb, l, max);
      });
  setRole(generic, Role::row_transform);
  return generic.getResult(0);
}

/// Step 1: R [N, C, 1, width], the maximum of input rows 2 oh .. 2 oh + 2.
Value maxOfInputRows(OpBuilder &b, Location loc, Value input, Value oh,
                     int64_t width) {
  ArrayRef<int64_t> s = shapeOf(input);
  SmallVector<int64_t> shape = {s[0], s[1], 1, width};
  Value first = arith::MulIOp::create(
      b, loc, oh, arith::ConstantIndexOp::create(b, loc, 2));
  SmallVector<Value> rows;
  for (int64_t kh = 0; kh < 3; ++kh) {
    Value row = arith::AddIOp::create(
        b, loc, first, arith::ConstantIndexOp::create(b, loc, kh));
    rows.push_back(extractSliceOfShape(
        b, loc, input, shape,
        {b.getIndexAttr(0), b.getIndexAttr(0), row, b.getIndexAttr(0)}, shape));
  }
  return maxOfRows(b, loc, rows, allocateTensor(b, loc, shape));
}

/// Step 2: P [N, C, 1, 2, width / 2], R's even and odd columns apart.
Value splitColumnPairs(OpBuilder &b, Location loc, Value rows) {
  ArrayRef<int64_t> s = shapeOf(rows);
  int64_t n = s[0], c = s[1], half = s[3] / 2;
  Value pairs = tensor::ExpandShapeOp::create(
      b, loc, f32TensorType(b, {n, c, 1, half, 2}), rows,
      ArrayRef<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
  MLIRContext *ctx = b.getContext();
  AffineExpr ch, image, row, i, q;
  bindDims(ctx, ch, image, row, i, q);
  return moveLanes(b, loc, pairs,
                   AffineMap::get(5, 0, {image, ch, row, i, q}, ctx),
                   allocateTensor(b, loc, {n, c, 1, 2, half}),
                   AffineMap::get(5, 0, {image, ch, row, q, i}, ctx));
}

/// Step 3: output row `oh` of `out`, the maximum of each column pair and the
/// next even column.
Value maxOfColumnPairs(OpBuilder &b, Location loc, Value pairs, Value out,
                       Value oh) {
  ArrayRef<int64_t> s = shapeOf(out);
  SmallVector<int64_t> shape = {s[0], s[1], 1, s[3]};
  SmallVector<Value> columns;
  for (auto [parity, shift] : {std::pair{0, 0}, {1, 0}, {0, 1}})
    columns.push_back(extractSliceOfShape(
        b, loc, pairs, shape,
        getAsIndexOpFoldResult(b.getContext(), {0, 0, 0, parity, shift}),
        {s[0], s[1], 1, 1, s[3]}));
  SmallVector<OpFoldResult> at = {b.getIndexAttr(0), b.getIndexAttr(0), oh,
                                  b.getIndexAttr(0)};
  Value row =
      maxOfRows(b, loc, columns, extractSliceAt(b, loc, out, at, shape));
  return insertSliceAt(b, loc, row, out, at);
}

} // namespace

Value mlir::densenet::maxPool3x3Stride2(OpBuilder &b, Location loc, Value input,
                                        Value out) {
  int64_t rows = shapeOf(out)[2], width = 2 * shapeOf(out)[3] + 2;
  auto loop = scf::ForOp::create(
      b, loc, arith::ConstantIndexOp::create(b, loc, 0),
      arith::ConstantIndexOp::create(b, loc, rows),
      arith::ConstantIndexOp::create(b, loc, 1), ValueRange{out},
      [&](OpBuilder &nb, Location l, Value oh, ValueRange args) {
        Value pairs =
            splitColumnPairs(nb, l, maxOfInputRows(nb, l, input, oh, width));
        scf::YieldOp::create(nb, l,
                             maxOfColumnPairs(nb, l, pairs, args.front(), oh));
      });
  setRole(loop, Role::parallel_loop);
  return loop.getResult(0);
}
