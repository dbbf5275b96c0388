//===- PlanBuffers.cpp - intermediate buffers as views of one arena -------===//
//
// Implements `densenet-plan-buffers`: the liveness of every top-level
// allocation of the entry function over its top-level ops (from the first
// use of each byte range to the last use of the buffer), a static plan of
// their offsets (BufferPlanner), and the rewrite of each allocation into a
// `memref.view` of a new arena argument. The plan is recorded on the module.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/Common/BufferPlanner.h"
#include "compiler/CodeGen/Common/Passes.h"
#include "compiler/CodeGen/Common/StaticByteSize.h"
#include "dialects/DenseNet/IR/DenseNetDialect.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include <optional>

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETPLANBUFFERS
#include "compiler/CodeGen/Common/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;
using namespace mlir::densenet;

namespace {

constexpr uint64_t kArenaAlignment = 64;

/// An allocation to place and its lifetime in top-level steps.
struct Buffer {
  memref::AllocOp alloc;
  BufferRequest request;
};

/// Rejects the allocations an arena cannot hold.
LogicalResult checkPlannable(memref::AllocOp alloc, Block &body) {
  MemRefType type = alloc.getType();
  if (alloc->getBlock() != &body)
    return alloc.emitError(
        "cannot plan an allocation inside a region "
        "(e.g. a loop): hoist it to the function's top level");
  if (!type.hasStaticShape())
    return alloc.emitError("cannot plan an allocation with a dynamic shape");
  if (!type.getLayout().isIdentity())
    return alloc.emitError("cannot plan an allocation with a layout");
  if (type.getMemorySpace())
    return alloc.emitError("cannot plan an allocation in memory space ")
           << type.getMemorySpace();
  if (alloc.getAlignment().value_or(1) > kArenaAlignment)
    return alloc.emitError("cannot plan an allocation aligned to more than ")
           << kArenaAlignment << " bytes";
  return success();
}

/// A value that may alias an allocation, with the index (in the alias
/// list) of the alias it was derived from (itself for the allocation).
struct Alias {
  Value value;
  size_t parent;
};

/// `root` and every value that may alias it: memref results of its users
/// (view-like ops and any other op that may return it) and, for a buffer
/// yielded by a terminator, the memref results of the terminator's parent.
SmallVector<Alias> aliasesWithParents(Value root) {
  SmallVector<Alias> aliases = {{root, 0}};
  DenseSet<Value> seen = {root};
  auto add = [&](ValueRange values, size_t parent) {
    for (Value value : values)
      if (isa<BaseMemRefType>(value.getType()) && seen.insert(value).second)
        aliases.push_back({value, parent});
  };
  for (size_t i = 0; i < aliases.size(); ++i)
    for (Operation *user : aliases[i].value.getUsers()) {
      add(user->getResults(), i);
      if (user->hasTrait<OpTrait::IsTerminator>())
        add(user->getParentOp()->getResults(), i);
    }
  return aliases;
}

SmallVector<Value> aliasesOf(Value root) {
  return llvm::map_to_vector(aliasesWithParents(root),
                             [](const Alias &alias) { return alias.value; });
}

/// Ops that only make a new view of their memref operand: they read and
/// write nothing, so they are no use of the buffer's bytes (the uses of
/// their results are).
bool onlyMakesAView(Operation *op) {
  return op->getNumRegions() == 0 &&
         (isa<ViewLikeOpInterface>(op) ||
          isa<memref::CastOp, memref::SubViewOp, memref::ExpandShapeOp,
              memref::CollapseShapeOp, memref::ReinterpretCastOp,
              memref::TransposeOp, memref::ViewOp, memref::MemorySpaceCastOp,
              memref::ExtractStridedMetadataOp, memref::AssumeAlignmentOp>(
              op));
}

/// Bytes [begin, end) of a buffer.
struct ByteRange {
  uint64_t begin, end;
};

/// The bytes a static strided memref type spans from its base (the hull
/// of its elements), or nothing if the layout is not static.
std::optional<ByteRange> staticHull(MemRefType type, uint64_t elementBytes) {
  if (!type.hasStaticShape())
    return std::nullopt;
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)) ||
      ShapedType::isDynamic(offset) || offset < 0 ||
      llvm::any_of(strides, ShapedType::isDynamic))
    return std::nullopt;
  if (type.getNumElements() == 0)
    return ByteRange{0, 0};
  int64_t low = offset, high = offset;
  for (auto [size, stride] : llvm::zip(type.getShape(), strides)) {
    int64_t reach = (size - 1) * stride;
    (reach < 0 ? low : high) += reach;
  }
  if (low < 0)
    return std::nullopt;
  return ByteRange{uint64_t(low) * elementBytes,
                   uint64_t(high + 1) * elementBytes};
}

/// The bytes of an allocation that an alias may reach, and whether the
/// offsets in the alias's layout count from the allocation's base.
struct Reach {
  ByteRange hull;
  bool atBase;
};

/// The reach of `alias` within an allocation of `bufferBytes`, given the
/// reach of the alias it was derived from (`parent`):
///  - ops that keep their operand's base and give the offset from it in
///    their result's layout (subview, expand/collapse_shape, cast,
///    reinterpret_cast, transpose, ...), on an alias at the allocation's
///    base: the hull of that layout when it is static; else the parent's
///    hull (the whole buffer for reinterpret_cast, which may reach any byte
///    of the base);
///  - memref.view, the results of ops with regions (a yielded alias), and
///    the ops above on an alias not at the base: the parent's hull (the
///    whole buffer for reinterpret_cast);
///  - anything else (extract_strided_metadata's base, unknown ops): the
///    whole buffer.
Reach reachOf(Value alias, Reach parent, uint64_t bufferBytes,
              const DataLayout &layout) {
  ByteRange whole = {0, bufferBytes};
  Operation *def = alias.getDefiningOp();
  if (!def)
    return {parent.hull, false};
  if (isa<memref::SubViewOp, memref::ExpandShapeOp, memref::CollapseShapeOp,
          memref::CastOp, memref::ReinterpretCastOp, memref::TransposeOp,
          memref::MemorySpaceCastOp, memref::AssumeAlignmentOp>(def)) {
    auto type = dyn_cast<MemRefType>(alias.getType());
    if (parent.atBase && type)
      if (std::optional<ByteRange> hull = staticHull(
              type, layout.getTypeSize(type.getElementType()).getFixedValue()))
        return {{std::min(hull->begin, bufferBytes),
                 std::min(hull->end, bufferBytes)},
                true};
    if (isa<memref::ReinterpretCastOp>(def))
      return {whole, false};
    return {parent.hull, parent.atBase};
  }
  if (isa<memref::ViewOp>(def) || def->getNumRegions() != 0)
    return {parent.hull, false};
  return {whole, false};
}

/// When each byte of a buffer is first used: the pieces of the buffer (see
/// BufferRequest) from the uses `uses` (a byte range and a step each),
/// after merging neighbours first used at the same step. Bytes no use
/// touches get the earliest use's step, or `allocStep` if there is none.
std::vector<BufferPiece>
piecesFromUses(uint64_t bufferBytes, unsigned allocStep,
               ArrayRef<std::pair<ByteRange, unsigned>> uses) {
  unsigned earliest = allocStep;
  if (!uses.empty())
    earliest = llvm::min_element(uses, [](const auto &a, const auto &b) {
                 return a.second < b.second;
               })->second;
  std::vector<uint64_t> cuts = {0, bufferBytes};
  for (const auto &[range, step] : uses)
    cuts.insert(cuts.end(), {range.begin, range.end});
  llvm::sort(cuts);
  cuts.erase(llvm::unique(cuts), cuts.end());
  std::vector<BufferPiece> pieces;
  for (auto [begin, end] : llvm::zip(cuts, llvm::drop_begin(cuts))) {
    std::optional<unsigned> first;
    for (const auto &[range, step] : uses)
      if (range.begin <= begin && end <= range.end)
        first = std::min(first.value_or(step), step);
    unsigned step = first.value_or(earliest);
    if (!pieces.empty() && pieces.back().firstUse == step)
      pieces.back().size += end - begin;
    else
      pieces.push_back({begin, end - begin, step});
  }
  return pieces;
}

/// The first use of every byte of `alloc` (`bufferBytes` bytes): a byte
/// becomes live at the first top-level step with a use of an alias whose
/// hull holds it. Uses are those of any op but a deallocation or an op that
/// only makes a new view (whose results' uses count instead). One piece
/// for the whole buffer comes back as no pieces, with its step.
std::pair<std::vector<BufferPiece>, unsigned>
firstUses(memref::AllocOp alloc, uint64_t bufferBytes, Block &body,
          const DenseMap<Operation *, unsigned> &steps,
          const DataLayout &layout) {
  SmallVector<Alias> aliases = aliasesWithParents(alloc.getResult());
  SmallVector<Reach> reaches;
  SmallVector<std::pair<ByteRange, unsigned>> uses;
  for (auto [index, alias] : llvm::enumerate(aliases)) {
    reaches.push_back(index == 0 ? Reach{{0, bufferBytes}, true}
                                 : reachOf(alias.value, reaches[alias.parent],
                                           bufferBytes, layout));
    for (Operation *user : alias.value.getUsers())
      if (!isa<memref::DeallocOp>(user) && !onlyMakesAView(user))
        uses.push_back({reaches[index].hull,
                        steps.lookup(body.findAncestorOpInBlock(*user))});
  }
  std::vector<BufferPiece> pieces =
      piecesFromUses(bufferBytes, steps.lookup(alloc), uses);
  if (pieces.size() == 1)
    return {{}, pieces.front().firstUse};
  unsigned first = pieces.front().firstUse;
  for (const BufferPiece &piece : pieces)
    first = std::min(first, piece.firstUse);
  return {std::move(pieces), first};
}

/// The last top-level step that uses `alloc` or one of its aliases, or
/// failure if the buffer escapes the function. Deallocations are not uses:
/// they are erased.
FailureOr<unsigned> lastUse(memref::AllocOp alloc, Block &body,
                            const DenseMap<Operation *, unsigned> &steps) {
  unsigned last = steps.lookup(alloc);
  for (Value alias : aliasesOf(alloc.getResult()))
    for (Operation *user : alias.getUsers()) {
      if (isa<memref::DeallocOp>(user))
        continue;
      if (user->getBlock() == &body && user->hasTrait<OpTrait::IsTerminator>())
        return alloc.emitError("cannot plan a buffer that escapes the "
                               "function (returned by ")
               << user->getName() << ")";
      last = std::max(last, steps.lookup(body.findAncestorOpInBlock(*user)));
    }
  return last;
}

/// The allocations of `func` with their lifetimes, in program order.
FailureOr<SmallVector<Buffer>> collectBuffers(func::FuncOp func) {
  Block &body = func.getBody().front();
  DenseMap<Operation *, unsigned> steps;
  for (auto [step, op] : llvm::enumerate(body))
    steps[&op] = step;

  DataLayout layout = DataLayout::closest(func);
  SmallVector<Buffer> buffers;
  bool failedAny = false;
  func.walk([&](memref::AllocOp alloc) {
    FailureOr<unsigned> last = failure();
    if (succeeded(checkPlannable(alloc, body)))
      last = lastUse(alloc, body, steps);
    if (failed(last)) {
      failedAny = true;
      return;
    }
    MemRefType type = alloc.getType();
    uint64_t size = type.getNumElements() *
                    layout.getTypeSize(type.getElementType()).getFixedValue();
    auto [pieces, first] = firstUses(alloc, size, body, steps, layout);
    buffers.push_back({alloc, {size, first, *last, std::move(pieces)}});
  });
  if (failedAny)
    return failure();
  return buffers;
}

/// The alloc's NameLoc, else `buffer<index>`.
std::string bufferName(memref::AllocOp alloc, size_t index) {
  if (auto name = alloc.getLoc()->findInstanceOf<NameLoc>())
    return name.getName().str();
  return "buffer" + std::to_string(index);
}

/// The most bytes of static stack allocations directly in the body of one
/// parallel loop in `func`: the scratch each thread keeps outside the arena
/// (densenet-parallelize-loops bounds it).
uint64_t threadScratchBytes(func::FuncOp func) {
  DataLayout layout = DataLayout::closest(func);
  uint64_t most = 0;
  func.walk([&](scf::ParallelOp loop) {
    uint64_t bytes = 0;
    for (auto alloca : loop.getBody()->getOps<memref::AllocaOp>())
      bytes += staticByteSize(alloca.getType(), layout).value_or(0);
    most = std::max(most, bytes);
  });
  return most;
}

/// Records the plan on `module` as `densenet.buffer_plan`.
void recordPlan(ModuleOp module, ArrayRef<Buffer> buffers,
                const BufferPlan &plan, uint64_t unplannedBytes,
                uint64_t scratchBytes) {
  MLIRContext *ctx = module.getContext();
  SmallVector<PlannedBufferAttr> table;
  for (auto [index, buffer] : llvm::enumerate(buffers)) {
    const BufferRequest &request = buffer.request;
    SmallVector<BufferPieceAttr> pieces = llvm::map_to_vector(
        request.pieces, [&](const BufferPiece &piece) {
          return BufferPieceAttr::get(ctx, piece.offset, piece.size,
                                      piece.firstUse);
        });
    table.push_back(PlannedBufferAttr::get(
        ctx, bufferName(buffer.alloc, index), request.size,
        plan.offsets[index], request.firstUse, request.lastUse, pieces));
  }
  ctx->getOrLoadDialect<DenseNetDialect>()->getBufferPlanAttrHelper().setAttr(
      module, BufferPlanAttr::get(ctx, plan.arenaBytes, plan.lowerBoundBytes,
                                  unplannedBytes, scratchBytes, table));
}

/// "arena A bytes, lower bound B bytes, ratio R; N buffers, U bytes without
/// reuse" as a remark at `func`'s location (without the op: it is huge).
void emitReport(func::FuncOp func, const BufferPlan &plan, size_t numBuffers,
                uint64_t unplannedBytes) {
  double ratio = plan.lowerBoundBytes
                     ? double(plan.arenaBytes) / plan.lowerBoundBytes
                     : 1.0;
  emitRemark(func.getLoc())
      << "arena " << plan.arenaBytes << " bytes, lower bound "
      << plan.lowerBoundBytes << " bytes, ratio "
      << llvm::formatv("{0:F3}", ratio).str() << "; " << numBuffers
      << " buffers, " << unplannedBytes << " bytes without reuse";
}

/// Replaces `alloc` by a view of `arena` at `offset` and erases the
/// deallocations of the buffer.
void rewriteAsView(memref::AllocOp alloc, Value arena, uint64_t offset) {
  SmallVector<Operation *> deallocs;
  for (Value alias : aliasesOf(alloc.getResult()))
    for (Operation *user : alias.getUsers())
      if (isa<memref::DeallocOp>(user))
        deallocs.push_back(user);
  for (Operation *dealloc : deallocs)
    dealloc->erase();

  OpBuilder b(alloc);
  Value byteShift = arith::ConstantIndexOp::create(b, alloc.getLoc(), offset);
  Value view = memref::ViewOp::create(b, alloc.getLoc(), alloc.getType(), arena,
                                      byteShift, ValueRange{});
  alloc.replaceAllUsesWith(view);
  alloc.erase();
}

/// The function named `name`, if it has one block and room for an argument
/// at `arenaIndex`; else an error.
func::FuncOp lookupEntry(ModuleOp module, StringRef name, unsigned arenaIndex) {
  auto func = module.lookupSymbol<func::FuncOp>(name);
  if (!func || func.isExternal()) {
    module.emitError() << "no entry function '" << name << "' with a body";
    return nullptr;
  }
  if (!func.getBody().hasOneBlock()) {
    func.emitError("cannot plan the buffers of a function with several blocks");
    return nullptr;
  }
  if (arenaIndex > func.getNumArguments()) {
    func.emitError() << "arena-index " << arenaIndex << " is past the "
                     << func.getNumArguments() << " arguments";
    return nullptr;
  }
  return func;
}

/// The bytes of all buffers without reuse, each aligned.
uint64_t unplannedBytes(ArrayRef<BufferRequest> requests) {
  uint64_t bytes = 0;
  for (const BufferRequest &request : requests)
    bytes += llvm::alignTo(request.size, kArenaAlignment);
  return bytes;
}

/// Adds the arena argument at `arenaIndex` and makes every buffer a view of
/// it at its planned offset.
LogicalResult placeInArena(func::FuncOp func, ArrayRef<Buffer> buffers,
                           const BufferPlan &plan, unsigned arenaIndex) {
  auto arenaType = MemRefType::get({int64_t(plan.arenaBytes)},
                                   IntegerType::get(func.getContext(), 8));
  if (failed(func.insertArgument(arenaIndex, arenaType, {}, func.getLoc())))
    return failure();
  Value arena = func.getArgument(arenaIndex);
  for (auto [buffer, offset] : llvm::zip(buffers, plan.offsets))
    rewriteAsView(buffer.alloc, arena, offset);
  return success();
}

struct PlanBuffersPass
    : densenet::impl::DenseNetPlanBuffersBase<PlanBuffersPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    func::FuncOp func = lookupEntry(module, entry, arenaIndex);
    if (!func)
      return signalPassFailure();
    FailureOr<SmallVector<Buffer>> buffers = collectBuffers(func);
    if (failed(buffers))
      return signalPassFailure();

    SmallVector<BufferRequest> requests = llvm::map_to_vector(
        *buffers, [](const Buffer &buffer) { return buffer.request; });
    BufferPlan plan = reuse ? planBuffers(requests, kArenaAlignment)
                            : planWithoutReuse(requests, kArenaAlignment);
    uint64_t unplanned = unplannedBytes(requests);
    recordPlan(module, *buffers, plan, unplanned, threadScratchBytes(func));
    if (report)
      emitReport(func, plan, buffers->size(), unplanned);
    if (failed(placeInArena(func, *buffers, plan, arenaIndex)))
      signalPassFailure();
  }
};

} // namespace
