//===- FuseElementwise.cpp - fuse elementwise linalg chains ---------------===//
//
// Implements `densenet-fuse-elementwise`: upstream elementwise fusion,
// restricted to all-parallel generic producers and to consumers that are
// all-parallel generics or reduce the producer's whole result. Upstream's
// pattern set also gives an op whose payload never reads its init a
// tensor.empty init; where the op's result is then inserted into a larger
// tensor, the pass puts the slice of that destination back as the init, so
// that bufferization writes the op in place instead of copying its result.
// (Upstream's eliminate-empty-tensors does the same for any subset insert,
// but first runs its own one-shot analysis of the whole module, the costly
// part of bufferization, which is already the longest step of a compile.)
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/Common/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETFUSEELEMENTWISE
#include "compiler/CodeGen/Common/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;

namespace {

/// A generic whose operands are all indexed by projected permutations of its
/// loops (no windows); `allParallel` also rules out reductions.
bool isPermutedGeneric(Operation *op, bool allParallel) {
  auto generic = dyn_cast_or_null<linalg::GenericOp>(op);
  return generic && (!allParallel || generic.getNumReductionLoops() == 0) &&
         llvm::all_of(generic.getIndexingMapsArray(), [](AffineMap map) {
           return map.isProjectedPermutation();
         });
}

/// Fuses only producers over the consumer's whole iteration space: a
/// per-channel producer broadcast into a feature map (batch-norm scale and
/// shift) would otherwise be recomputed for every pixel. A consumer that
/// reduces what it reads qualifies where `reductions` is set.
bool shouldFuse(OpOperand *operand, bool reductions) {
  Operation *producer = operand->get().getDefiningOp();
  auto consumer = dyn_cast<linalg::GenericOp>(operand->getOwner());
  return isPermutedGeneric(producer, /*allParallel=*/true) &&
         producer->hasOneUse() &&
         isPermutedGeneric(consumer, /*allParallel=*/!reductions) &&
         consumer.getMatchingIndexingMap(operand).isPermutation();
}

/// Upstream's elementwise fusion into a consumer that reduces what it reads
/// (the final BN-ReLU into the global average pool, whose channel blocks
/// then compute it in parallel as they sum it, instead of one thread first
/// making a pass over the feature map). Unlike upstream's pattern, the
/// fused op keeps the consumer's attributes: its role.
struct FuseIntoReduction : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp consumer,
                                PatternRewriter &rewriter) const override {
    if (consumer.getNumReductionLoops() == 0)
      return failure();
    for (OpOperand &operand : consumer->getOpOperands()) {
      if (!shouldFuse(&operand, /*reductions=*/true) ||
          !linalg::areElementwiseOpsFusable(&operand))
        continue;
      Operation *producer = operand.get().getDefiningOp();
      FailureOr<linalg::ElementwiseOpFusionResult> fused =
          linalg::fuseElementwiseOps(rewriter, &operand);
      if (failed(fused))
        return failure();
      fused->fusedOp->setDiscardableAttrs(
          consumer->getDiscardableAttrDictionary());
      for (auto [original, replacement] : fused->replacements)
        rewriter.replaceUsesWithIf(original, replacement, [&](OpOperand &use) {
          return use.getOwner() != producer;
        });
      rewriter.eraseOp(consumer);
      return success();
    }
    return failure();
  }
};

/// The tensor.empty init of the single-result linalg op whose result,
/// through collapse_shape ops (collected in `collapses`, outermost first),
/// is `value`; null if there is none or the payload reads the init.
tensor::EmptyOp unreadEmptyInit(Value value,
                                SmallVectorImpl<tensor::CollapseShapeOp> &collapses) {
  while (auto collapse = value.getDefiningOp<tensor::CollapseShapeOp>()) {
    collapses.push_back(collapse);
    value = collapse.getSrc();
  }
  auto op = value.getDefiningOp<linalg::LinalgOp>();
  if (!op || op->getNumResults() != 1 || op.getNumDpsInits() != 1 ||
      op.payloadUsesValueFromOperand(op.getDpsInitOperand(0)))
    return nullptr;
  return op.getDpsInitOperand(0)->get().getDefiningOp<tensor::EmptyOp>();
}

/// Restores the destination of `insert_slice(collapse*(op(outs: empty)))`:
/// the op's init becomes the inserted slice of the destination (expanded
/// back through the collapses). The op never reads its init, so its result
/// is unchanged; but now bufferization can compute it in place.
void restoreInsertedDestinations(func::FuncOp func) {
  DominanceInfo dominance(func);
  IRRewriter rewriter(func.getContext());
  SmallVector<tensor::InsertSliceOp> inserts;
  func.walk([&](tensor::InsertSliceOp insert) { inserts.push_back(insert); });
  for (tensor::InsertSliceOp insert : inserts) {
    SmallVector<tensor::CollapseShapeOp> collapses;
    tensor::EmptyOp empty = unreadEmptyInit(insert.getSource(), collapses);
    if (!empty || !empty->hasOneUse())
      continue;
    Operation *user = *empty->user_begin();
    bool operandsDominate = llvm::all_of(
        insert->getOperands().drop_front(), [&](Value operand) {
          return dominance.properlyDominates(operand, user);
        });
    if (!operandsDominate)
      continue;
    rewriter.setInsertionPoint(user);
    Value init = tensor::ExtractSliceOp::create(
        rewriter, insert.getLoc(), insert.getSourceType(), insert.getDest(),
        insert.getMixedOffsets(), insert.getMixedSizes(),
        insert.getMixedStrides());
    for (tensor::CollapseShapeOp collapse : collapses)
      init = tensor::ExpandShapeOp::create(
          rewriter, collapse.getLoc(), collapse.getSrcType(), init,
          collapse.getReassociationIndices());
    rewriter.replaceOp(empty, init);
  }
}

struct FuseElementwisePass
    : densenet::impl::DenseNetFuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(
        patterns, [](OpOperand *operand) {
          return shouldFuse(operand, /*reductions=*/false);
        });
    patterns.add<FuseIntoReduction>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    restoreInsertedDestinations(getOperation());
  }
};

} // namespace
