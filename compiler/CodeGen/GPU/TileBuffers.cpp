//===- TileBuffers.cpp - static homes for the schedule's tile buffers -----===//
//
// Implements `densenet-gpu-tile-buffers`: allocations in a gpu.launch
// become views of workgroup attributions of the launch, and allocations
// of a dynamic size inside loops become views of a buffer of their static
// upper bound at the function's top level.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/GPU/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/ValueBoundsOpInterface.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETGPUTILEBUFFERS
#include "compiler/CodeGen/GPU/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;

namespace {

constexpr int64_t kHostAlignment = 64;

Attribute workgroupMemory(MLIRContext *context) {
  return gpu::AddressSpaceAttr::get(context, gpu::AddressSpace::Workgroup);
}

/// The most bytes `alloc` can allocate: its dynamic sizes at their constant
/// upper bounds.
FailureOr<int64_t> upperBoundBytes(memref::AllocOp alloc) {
  MemRefType type = alloc.getType();
  int64_t elements = 1;
  unsigned dynamic = 0;
  for (int64_t size : type.getShape()) {
    if (ShapedType::isDynamic(size)) {
      FailureOr<int64_t> bound =
          ValueBoundsConstraintSet::computeConstantBound(
              presburger::BoundType::UB,
              ValueBoundsConstraintSet::Variable(
                  alloc.getDynamicSizes()[dynamic++]),
              /*stopCondition=*/nullptr, /*closedUB=*/true);
      if (failed(bound))
        return alloc.emitOpError("has a dynamic size without a constant "
                                 "upper bound");
      size = *bound;
    }
    elements *= size;
  }
  return elements * int64_t(type.getElementTypeBitWidth() / 8);
}

/// The byte buffer `alloc` becomes a view of: a workgroup attribution of
/// `launch`, or (null `launch`) an allocation at `func`'s top level.
Value homeFor(memref::AllocOp alloc, int64_t bytes, gpu::LaunchOp launch,
              func::FuncOp func) {
  OpBuilder b(alloc);
  Type i8 = b.getI8Type();
  if (launch)
    return launch.addWorkgroupAttribution(
        MemRefType::get({bytes}, i8, AffineMap(),
                        workgroupMemory(alloc.getContext())),
        alloc.getLoc());
  b.setInsertionPointToStart(&func.getBody().front());
  return memref::AllocOp::create(b, alloc.getLoc(),
                                 MemRefType::get({bytes}, i8),
                                 b.getI64IntegerAttr(kHostAlignment));
}

/// Replaces `alloc` with a view of `home` (cast to the allocation's memory
/// space) and erases its deallocations.
void replaceWithView(memref::AllocOp alloc, Value home) {
  for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
    if (isa<memref::DeallocOp>(user))
      user->erase();
  OpBuilder b(alloc);
  Location loc = alloc.getLoc();
  MemRefType type = alloc.getType();
  Attribute homeSpace = cast<MemRefType>(home.getType()).getMemorySpace();
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value view = memref::ViewOp::create(
      b, loc,
      MemRefType::get(type.getShape(), type.getElementType(), AffineMap(),
                      homeSpace),
      home, zero, alloc.getDynamicSizes());
  if (homeSpace != type.getMemorySpace())
    view = memref::MemorySpaceCastOp::create(b, loc, type, view);
  alloc.replaceAllUsesWith(view);
  alloc.erase();
}

struct TileBuffersPass
    : densenet::impl::DenseNetGPUTileBuffersBase<TileBuffersPass> {
  LogicalResult rehome(memref::AllocOp alloc) {
    auto launch = alloc->getParentOfType<gpu::LaunchOp>();
    if (!launch && alloc.getType().hasStaticShape())
      return success();
    FailureOr<int64_t> bytes = upperBoundBytes(alloc);
    if (failed(bytes))
      return failure();
    replaceWithView(alloc, homeFor(alloc, *bytes, launch, getOperation()));
    return success();
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    SmallVector<memref::AllocOp> allocs;
    func.walk([&](memref::AllocOp alloc) {
      if (alloc->getBlock() != &func.getBody().front())
        allocs.push_back(alloc);
    });
    for (memref::AllocOp alloc : allocs)
      if (failed(rehome(alloc)))
        return signalPassFailure();
  }
};

} // namespace
