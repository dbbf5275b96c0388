//===- PlanBuffers.cpp - intermediate buffers as views of one arena -------===//
//
// Implements `densenet-plan-buffers`: the liveness of every top-level
// allocation of the entry function over its top-level ops, a static plan of
// their offsets (BufferPlanner), and the rewrite of each allocation into a
// `memref.view` of a new arena argument. The plan is recorded on the module.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/BufferPlanner.h"
#include "compiler/CodeGen/Passes.h"

#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETPLANBUFFERS
#include "compiler/CodeGen/Passes.h.inc"
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

/// `root` and every value that may alias it: memref results of its users
/// (view-like ops and any other op that may return it) and, for a buffer
/// yielded by a terminator, the memref results of the terminator's parent.
SmallVector<Value> aliasesOf(Value root) {
  SmallVector<Value> aliases = {root};
  DenseSet<Value> seen = {root};
  auto add = [&](ValueRange values) {
    for (Value value : values)
      if (isa<BaseMemRefType>(value.getType()) && seen.insert(value).second)
        aliases.push_back(value);
  };
  for (size_t i = 0; i < aliases.size(); ++i)
    for (Operation *user : aliases[i].getUsers()) {
      add(user->getResults());
      if (user->hasTrait<OpTrait::IsTerminator>())
        add(user->getParentOp()->getResults());
    }
  return aliases;
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
    buffers.push_back({alloc, {size, steps.lookup(alloc), *last}});
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

/// Records the plan on `module` (see the pass description).
void recordPlan(ModuleOp module, ArrayRef<Buffer> buffers,
                const BufferPlan &plan, uint64_t unplannedBytes) {
  Builder b(module.getContext());
  SmallVector<Attribute> table;
  for (auto [index, buffer] : llvm::enumerate(buffers)) {
    const BufferRequest &request = buffer.request;
    table.push_back(b.getDictionaryAttr({
        b.getNamedAttr("name",
                       b.getStringAttr(bufferName(buffer.alloc, index))),
        b.getNamedAttr("size", b.getI64IntegerAttr(request.size)),
        b.getNamedAttr("offset", b.getI64IntegerAttr(plan.offsets[index])),
        b.getNamedAttr("first", b.getI64IntegerAttr(request.firstUse)),
        b.getNamedAttr("last", b.getI64IntegerAttr(request.lastUse)),
    }));
  }
  module->setAttr("densenet.arena_bytes", b.getI64IntegerAttr(plan.arenaBytes));
  module->setAttr("densenet.lower_bound_bytes",
                  b.getI64IntegerAttr(plan.lowerBoundBytes));
  module->setAttr("densenet.unplanned_bytes",
                  b.getI64IntegerAttr(unplannedBytes));
  module->setAttr("densenet.buffers", b.getArrayAttr(table));
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
    BufferPlan plan = planBuffers(requests, kArenaAlignment);
    uint64_t unplanned = unplannedBytes(requests);
    recordPlan(module, *buffers, plan, unplanned);
    if (report)
      emitReport(func, plan, buffers->size(), unplanned);
    if (failed(placeInArena(func, *buffers, plan, arenaIndex)))
      signalPassFailure();
  }
};

} // namespace
