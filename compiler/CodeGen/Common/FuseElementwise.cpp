//===- FuseElementwise.cpp - fuse elementwise linalg chains ---------------===//
//
// Implements `densenet-fuse-elementwise`: upstream elementwise fusion,
// restricted to all-parallel generic producers and consumers.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/Common/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETFUSEELEMENTWISE
#include "compiler/CodeGen/Common/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;

namespace {

bool isElementwiseGeneric(Operation *op) {
  auto generic = dyn_cast_or_null<linalg::GenericOp>(op);
  return generic && generic.getNumReductionLoops() == 0 &&
         llvm::all_of(generic.getIndexingMapsArray(),
                      [](AffineMap map) { return map.isProjectedPermutation(); });
}

/// Fuses only producers over the consumer's whole iteration space: a
/// per-channel producer broadcast into a feature map (batch-norm scale and
/// shift) would otherwise be recomputed for every pixel.
bool shouldFuse(OpOperand *operand) {
  Operation *producer = operand->get().getDefiningOp();
  auto consumer = dyn_cast<linalg::GenericOp>(operand->getOwner());
  return isElementwiseGeneric(producer) && producer->hasOneUse() &&
         isElementwiseGeneric(consumer) &&
         consumer.getMatchingIndexingMap(operand).isPermutation();
}

struct FuseElementwisePass
    : densenet::impl::DenseNetFuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(patterns, shouldFuse);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
