//===- LowerCopies.cpp - buffer copies as loops of row memcpys -----------===//
//
// Implements `densenet-cpu-lower-copies`: after bufferization, a linalg.copy
// between buffers of static shape whose rows (last dimension) are contiguous
// in both becomes a loop nest over the other dimensions copying one row at a
// time with memref.copy, which the LLVM lowering turns into llvm.memcpy.
// Left to convert-linalg-to-loops, such a copy is an element loop that LLVM
// must recognize as a memcpy again; inside a parallel region it did not (the
// buffers may alias), and vectorized each one with alias checks instead.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/CPU/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETCPULOWERCOPIES
#include "compiler/CodeGen/CPU/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;

namespace {

/// Whether `type` has a static shape and rows of consecutive elements.
bool hasContiguousRows(MemRefType type) {
  if (!type.hasStaticShape() || type.getRank() == 0)
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  return succeeded(type.getStridesAndOffset(strides, offset)) &&
         strides.back() == 1;
}

/// The row of `buffer` at `outer` (an index for every dimension but the
/// last), as a 1-D view.
Value rowAt(OpBuilder &b, Location loc, Value buffer, ValueRange outer) {
  auto type = cast<MemRefType>(buffer.getType());
  int64_t rank = type.getRank();
  SmallVector<OpFoldResult> offsets(outer.begin(), outer.end());
  offsets.push_back(b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes(rank - 1, b.getIndexAttr(1));
  sizes.push_back(b.getIndexAttr(type.getShape().back()));
  SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
  auto rowType = memref::SubViewOp::inferRankReducedResultType(
      {type.getShape().back()}, type, offsets, sizes, strides);
  return memref::SubViewOp::create(b, loc, cast<MemRefType>(rowType), buffer,
                                   offsets, sizes, strides);
}

struct CopyRowByRow : OpRewritePattern<linalg::CopyOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::CopyOp copy,
                                PatternRewriter &rewriter) const override {
    if (!copy.hasPureBufferSemantics())
      return failure();
    Value from = copy.getInputs().front(), to = copy.getOutputs().front();
    auto fromType = cast<MemRefType>(from.getType());
    auto toType = cast<MemRefType>(to.getType());
    // (linalg.copy's verifier has checked that the shapes agree.)
    if (!hasContiguousRows(fromType) || !hasContiguousRows(toType))
      return failure();
    Location loc = copy.getLoc();
    if (fromType.getRank() == 1) {
      rewriter.replaceOpWithNewOp<memref::CopyOp>(copy, from, to);
      return success();
    }
    ArrayRef<int64_t> outerShape = fromType.getShape().drop_back();
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    SmallVector<Value> lowerBounds(outerShape.size(), zero);
    SmallVector<Value> steps(outerShape.size(), one);
    SmallVector<Value> upperBounds;
    for (int64_t size : outerShape)
      upperBounds.push_back(arith::ConstantIndexOp::create(rewriter, loc, size));
    scf::buildLoopNest(rewriter, loc, lowerBounds, upperBounds, steps,
                       [&](OpBuilder &b, Location l, ValueRange outer) {
                         Value source = rowAt(b, l, from, outer);
                         Value target = rowAt(b, l, to, outer);
                         memref::CopyOp::create(b, l, source, target);
                       });
    rewriter.eraseOp(copy);
    return success();
  }
};

struct LowerCopiesPass
    : densenet::impl::DenseNetCPULowerCopiesBase<LowerCopiesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<CopyRowByRow>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
