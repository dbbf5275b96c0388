//===- FuseParallelLoops.cpp - adjacent parallel loops become one ---------===//
//
// Implements `densenet-fuse-parallel-loops`: after
// `densenet-parallelize-loops`, adjacent one-dimensional `scf.parallel` loops
// over the same iterations become one loop, whose iteration i runs the first
// loop's iteration i and then the second's, where that is safe: no iteration
// of one loop writes an element that a different iteration of the other reads
// or writes. Each access is bounded by the elements of its root buffer (an
// allocation, a global or an argument) that the view it goes through covers,
// with the loop's induction variable set to each of its values; along a
// dimension where a view's offset comes from anything else (an inner loop's
// variable), it may cover its source's whole extent. The 3x3 convolution of a
// 7x7 map is one such chain: its nine taps, each a loop over the same blocks of
// output channels in two pixel blocks, become one parallel region instead of
// eighteen.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/CPU/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/ADT/SmallBitVector.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETFUSEPARALLELLOOPS
#include "compiler/CodeGen/CPU/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;

namespace {

/// Most iterations a loop may have for the check to enumerate them (each
/// is a walk of the loop's body).
constexpr int64_t kMaxIterations = 4096;

/// Most iteration pairs times access pairs the legality check compares.
constexpr int64_t kMaxComparisons = 1 << 22;

/// Elements [first, last] of `root` that an access may touch.
struct Footprint {
  Value root;
  int64_t first, last;
  bool write;
};

/// A view of a root buffer: element offset and per-dimension sizes and
/// strides where `exact`, else only the elements [offset, last] it lies in.
struct RootView {
  Value root;
  bool exact = true;
  bool privateScratch = false;
  int64_t offset = 0;
  SmallVector<int64_t> sizes, strides;
  int64_t last = 0;

  /// The last element the view covers.
  int64_t lastElement() const {
    if (!exact)
      return last;
    int64_t end = offset;
    for (auto [size, stride] : llvm::zip_equal(sizes, strides))
      end += (size - 1) * stride;
    return end;
  }

  bool empty() const { return exact && llvm::is_contained(sizes, 0); }

  /// The same elements, known only as an interval.
  RootView bounds() const {
    RootView inexact = *this;
    inexact.exact = false;
    inexact.last = lastElement();
    inexact.sizes.clear();
    inexact.strides.clear();
    return inexact;
  }
};

/// Evaluates index computations with `iv` set to `value`.
class IterationValues {
public:
  IterationValues(Value iv, int64_t value) : iv(iv), value(value) {}

  std::optional<int64_t> evaluate(OpFoldResult ofr) const {
    if (std::optional<int64_t> constant = getConstantIntValue(ofr))
      return constant;
    return evaluate(cast<Value>(ofr));
  }

  std::optional<int64_t> evaluate(Value v) const {
    if (v == iv)
      return value;
    if (std::optional<int64_t> constant = getConstantIntValue(v))
      return constant;
    Operation *def = v.getDefiningOp();
    if (auto apply = dyn_cast_or_null<affine::AffineApplyOp>(def)) {
      SmallVector<int64_t> operands;
      for (Value operand : apply.getMapOperands()) {
        std::optional<int64_t> known = evaluate(operand);
        if (!known)
          return std::nullopt;
        operands.push_back(*known);
      }
      AffineMap map = apply.getAffineMap();
      if (map.getNumSymbols() != 0)
        return std::nullopt;
      return map.compose(operands).front();
    }
    if (isa_and_nonnull<arith::AddIOp, arith::SubIOp, arith::MulIOp>(def)) {
      std::optional<int64_t> lhs = evaluate(def->getOperand(0));
      std::optional<int64_t> rhs = evaluate(def->getOperand(1));
      if (!lhs || !rhs)
        return std::nullopt;
      if (isa<arith::AddIOp>(def))
        return *lhs + *rhs;
      if (isa<arith::SubIOp>(def))
        return *lhs - *rhs;
      return *lhs * *rhs;
    }
    return std::nullopt;
  }

private:
  Value iv;
  int64_t value;
};

/// Whether `op` makes a view of its source's elements, keeping the source's
/// base pointer (so a static layout offset is relative to the root's).
bool isBaseKeepingView(Operation *op) {
  return isa<memref::SubViewOp, memref::CollapseShapeOp, memref::ExpandShapeOp,
             memref::CastOp, memref::ReinterpretCastOp>(op);
}

/// The buffer that `memref` views, through base-keeping views; null where it
/// is not an allocation, a global or a block argument of a function.
/// Distinct roots are distinct memory: allocations are, a function's
/// arguments are assumed to be (the model's input and output), and a
/// global, which two get_global ops may both name, is only ever read (a
/// write to one is not bounded).
Value rootOf(Value memref) {
  while (Operation *def = memref.getDefiningOp()) {
    if (isa<memref::AllocOp, memref::AllocaOp, memref::GetGlobalOp>(def))
      return memref;
    if (!isBaseKeepingView(def))
      return Value();
    memref = def->getOperand(0);
  }
  auto arg = cast<BlockArgument>(memref);
  return isa<FunctionOpInterface>(arg.getOwner()->getParentOp()) ? memref
                                                                 : Value();
}

/// The strides of a static shape with non-negative static strides, and its
/// offset (dynamic where the layout's is); none otherwise.
std::optional<std::pair<SmallVector<int64_t>, int64_t>>
staticLayout(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  SmallVector<int64_t> strides;
  int64_t offset;
  if (!memref || !memref.hasStaticShape() ||
      failed(memref.getStridesAndOffset(strides, offset)) ||
      llvm::any_of(strides,
                   [](int64_t s) { return s < 0 || ShapedType::isDynamic(s); }))
    return std::nullopt;
  return std::make_pair(strides, offset);
}

/// The view of a memref with a static shape and layout.
std::optional<RootView> staticView(Value memref) {
  Value root = rootOf(memref);
  auto layout = staticLayout(memref.getType());
  if (!root || !layout || ShapedType::isDynamic(layout->second))
    return std::nullopt;
  RootView view;
  view.root = root;
  view.offset = layout->second;
  view.sizes = llvm::to_vector(cast<MemRefType>(memref.getType()).getShape());
  view.strides = layout->first;
  return view;
}

/// The view `memref` is in one iteration of `loop`, at `values`.
std::optional<RootView> viewIn(Value memref, scf::ParallelOp loop,
                               const IterationValues &values) {
  Operation *def = memref.getDefiningOp();
  if (!def || !loop->isAncestor(def)) {
    if (!def && loop->isAncestor(memref.getParentBlock()->getParentOp()))
      return std::nullopt;
    return staticView(memref);
  }
  if (isa<memref::AllocaOp>(def)) {
    RootView scratch;
    scratch.root = memref;
    scratch.privateScratch = true;
    return scratch;
  }
  if (!isBaseKeepingView(def) || isa<memref::ReinterpretCastOp>(def))
    return std::nullopt;
  std::optional<RootView> source = viewIn(def->getOperand(0), loop, values);
  if (!source || source->privateScratch || !source->exact)
    return source;
  auto subview = dyn_cast<memref::SubViewOp>(def);
  if (!subview) {
    // Same elements; exact where the result's layout is static but for
    // its offset.
    auto layout = staticLayout(memref.getType());
    if (!layout)
      return source->bounds();
    RootView view = *source;
    view.sizes = llvm::to_vector(cast<MemRefType>(memref.getType()).getShape());
    view.strides = layout->first;
    return view;
  }
  if (source->sizes.size() != size_t(subview.getSourceType().getRank()))
    return source->bounds();
  llvm::SmallBitVector dropped = subview.getDroppedDims();
  RootView view = *source;
  view.sizes.clear();
  view.strides.clear();
  for (auto [dim, offset, size, stride] :
       llvm::enumerate(subview.getMixedOffsets(), subview.getMixedSizes(),
                       subview.getMixedStrides())) {
    std::optional<int64_t> o = values.evaluate(offset);
    std::optional<int64_t> n = values.evaluate(size);
    std::optional<int64_t> s = values.evaluate(stride);
    int64_t extent = source->sizes[dim];
    if (!o || !n || !s || *o < 0 || *n < 0 || *s <= 0 ||
        (*n > 0 && *o + (*n - 1) * *s >= extent)) {
      // Anywhere along this dimension of the source (an inner loop's
      // variable): the whole dimension, where it stays one.
      if (dropped.test(dim))
        return source->bounds();
      o = 0;
      n = extent;
      s = 1;
    }
    view.offset += *o * source->strides[dim];
    if (dropped.test(dim))
      continue;
    view.sizes.push_back(*n);
    view.strides.push_back(*s * source->strides[dim]);
  }
  return view;
}

/// Appends the footprints of the accesses in one iteration of `loop`, at
/// `values`; fails where an access cannot be bounded.
LogicalResult appendFootprints(scf::ParallelOp loop,
                               const IterationValues &values,
                               SmallVectorImpl<Footprint> &footprints) {
  WalkResult walk = loop.getBody()->walk([&](Operation *op) {
    // An op's own effects; those of the ops nested in it are walked too.
    auto effecting = dyn_cast<MemoryEffectOpInterface>(op);
    if (!effecting)
      return op->hasTrait<OpTrait::HasRecursiveMemoryEffects>()
                 ? WalkResult::advance()
                 : WalkResult::interrupt();
    SmallVector<MemoryEffects::EffectInstance> effects;
    effecting.getEffects(effects);
    for (const MemoryEffects::EffectInstance &effect : effects) {
      Value memref = effect.getValue();
      if (!memref)
        return WalkResult::interrupt();
      std::optional<RootView> view = viewIn(memref, loop, values);
      if (!view)
        return WalkResult::interrupt();
      if (view->privateScratch || view->empty())
        continue;
      bool write = isa<MemoryEffects::Write>(effect.getEffect());
      if ((!write && !isa<MemoryEffects::Read>(effect.getEffect())) ||
          (write && view->root.getDefiningOp<memref::GetGlobalOp>()))
        return WalkResult::interrupt();
      footprints.push_back(
          {view->root, view->offset, view->lastElement(), write});
    }
    return WalkResult::advance();
  });
  return failure(walk.wasInterrupted());
}

bool conflict(const Footprint &a, const Footprint &b) {
  return (a.write || b.write) && a.root == b.root && a.first <= b.last &&
         b.first <= a.last;
}

/// The values of a one-dimensional loop's induction variable, where its
/// bounds are constants and it has at most kMaxIterations of them.
std::optional<SmallVector<int64_t>> iterationValues(scf::ParallelOp loop) {
  if (loop.getNumLoops() != 1)
    return std::nullopt;
  std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound()[0]);
  std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound()[0]);
  std::optional<int64_t> step = getConstantIntValue(loop.getStep()[0]);
  if (!lb || !ub || !step || *step <= 0 ||
      llvm::divideCeil(std::max<int64_t>(*ub - *lb, 0), *step) > kMaxIterations)
    return std::nullopt;
  SmallVector<int64_t> ivs;
  for (int64_t iv = *lb; iv < *ub; iv += *step)
    ivs.push_back(iv);
  return ivs;
}

/// Per iteration value, the footprints of one iteration of `loop`.
FailureOr<SmallVector<SmallVector<Footprint>>>
iterationFootprints(scf::ParallelOp loop, ArrayRef<int64_t> ivs) {
  SmallVector<SmallVector<Footprint>> all(ivs.size());
  Value iv = loop.getInductionVars()[0];
  for (auto [i, value] : llvm::enumerate(ivs))
    if (failed(appendFootprints(loop, IterationValues(iv, value), all[i])))
      return failure();
  return all;
}

/// Whether `first` and `second`, adjacent loops, may run as one loop.
bool canFuse(scf::ParallelOp first, scf::ParallelOp second) {
  if (first.getNumResults() || second.getNumResults())
    return false;
  std::optional<SmallVector<int64_t>> ivs = iterationValues(first);
  if (!ivs || ivs->size() < 2 || iterationValues(second) != ivs)
    return false;
  auto a = iterationFootprints(first, *ivs);
  auto b = iterationFootprints(second, *ivs);
  if (failed(a) || failed(b))
    return false;
  int64_t n = ivs->size();
  if (n * n * int64_t((*a)[0].size() * (*b)[0].size()) > kMaxComparisons)
    return false;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j) {
      if (i == j)
        continue;
      for (const Footprint &x : (*a)[i])
        for (const Footprint &y : (*b)[j])
          if (conflict(x, y))
            return false;
    }
  return true;
}

/// Moves the body of `first` to the start of `second`'s and erases `first`.
void fuseInto(scf::ParallelOp first, scf::ParallelOp second) {
  IRMapping mapping;
  mapping.map(first.getInductionVars()[0], second.getInductionVars()[0]);
  OpBuilder builder = OpBuilder::atBlockBegin(second.getBody());
  for (Operation &op : first.getBody()->without_terminator())
    builder.clone(op, mapping);
  first.erase();
}

/// Fuses each run of adjacent fusable loops of `block`, with only
/// side-effect-free ops between them.
void fuseLoopsIn(Block &block) {
  scf::ParallelOp previous;
  for (Operation &op : llvm::make_early_inc_range(block)) {
    if (auto loop = dyn_cast<scf::ParallelOp>(op)) {
      if (previous && canFuse(previous, loop))
        fuseInto(previous, loop);
      previous = loop;
      continue;
    }
    if (!isMemoryEffectFree(&op) || op.getNumRegions() != 0)
      previous = nullptr;
  }
}

struct FuseParallelLoopsPass
    : densenet::impl::DenseNetFuseParallelLoopsBase<FuseParallelLoopsPass> {
  void runOnOperation() override {
    SmallVector<Block *> blocks;
    // Inner blocks first: fusing a loop erases the blocks nested in it.
    getOperation()->walk<WalkOrder::PostOrder>(
        [&](Block *block) { blocks.push_back(block); });
    for (Block *block : blocks)
      fuseLoopsIn(*block);
  }
};

} // namespace
