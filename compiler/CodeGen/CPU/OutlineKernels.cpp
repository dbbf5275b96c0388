//===- OutlineKernels.cpp - one function per loop nest --------------------===//
//
// Implements `densenet-outline-kernels`: every top-level op with regions in
// the entry function moves into a private noinline function. Its arguments
// are the views it uses, each from its first element where it lies at a
// static place in a memref.view, and marked llvm.noalias where no other
// argument overlaps it; the constants it uses are cloned into it.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/CPU/Passes.h"

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETOUTLINEKERNELS
#include "compiler/CodeGen/CPU/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;

namespace {

/// Whether FuncToLLVM's bare-pointer calling convention can pass a value of
/// `type` as an argument: anything but a memref, or a memref of static
/// shape, strides and offset.
bool isBarePointerType(Type type) {
  auto memref = dyn_cast<BaseMemRefType>(type);
  return !memref || LLVMTypeConverter::canConvertToBarePtr(memref);
}

/// Ops cloned into each kernel instead of becoming arguments: constants, and
/// the views whose type cannot be passed as a bare pointer.
bool isClonedWithKernel(Value value) {
  Operation *op = value.getDefiningOp();
  if (!op || op->getNumRegions() != 0)
    return false;
  if (op->hasTrait<OpTrait::ConstantLike>())
    return true;
  return isa<ViewLikeOpInterface>(op) && !isBarePointerType(value.getType());
}

/// What a kernel needs: the ops to clone in order, and its arguments.
struct KernelInputs {
  SetVector<Operation *> clonedOps;
  SetVector<Value> arguments;
};

void collectInputs(Value value, KernelInputs &inputs) {
  if (!isClonedWithKernel(value)) {
    inputs.arguments.insert(value);
    return;
  }
  Operation *def = value.getDefiningOp();
  if (inputs.clonedOps.contains(def))
    return;
  for (Value operand : def->getOperands())
    collectInputs(operand, inputs);
  inputs.clonedOps.insert(def);
}

/// A kernel: a top-level op with regions plus the ops right after it that
/// consume its results (e.g. the write of a vector accumulator), so that no
/// value defined in the kernel is used outside it.
using Kernel = SmallVector<Operation *, 2>;

bool isInside(Operation *op, const Kernel &kernel) {
  return llvm::any_of(kernel, [&](Operation *k) {
    return k == op || k->isProperAncestor(op);
  });
}

bool usedOutside(const Kernel &kernel) {
  for (Operation *op : kernel)
    for (Operation *user : op->getUsers())
      if (!isInside(user, kernel))
        return true;
  return false;
}

/// The kernel starting at `first`, or nothing if its results escape.
std::optional<Kernel> kernelAt(Operation *first) {
  Kernel kernel = {first};
  while (usedOutside(kernel)) {
    Operation *next = kernel.back()->getNextNode();
    if (!next || next->hasTrait<OpTrait::IsTerminator>() ||
        llvm::none_of(next->getOperands(), [&](Value v) {
          return v.getDefiningOp() && isInside(v.getDefiningOp(), kernel);
        }))
      return std::nullopt;
    kernel.push_back(next);
  }
  return kernel;
}

KernelInputs inputsOf(const Kernel &kernel) {
  KernelInputs inputs;
  SetVector<Value> used;
  for (Operation *op : kernel) {
    used.insert(op->getOperands().begin(), op->getOperands().end());
    getUsedValuesDefinedAbove(op->getRegions(), used);
  }
  for (Value value : used)
    if (!value.getDefiningOp() || !isInside(value.getDefiningOp(), kernel))
      collectInputs(value, inputs);
  return inputs;
}

/// "<parent>_<layer name>_<index>", e.g. forward_features_denseblock1_
/// denselayer2_17, so that profiles name the layer; the index keeps it unique.
std::string kernelName(Operation *kernel, func::FuncOp parent,
                       unsigned index) {
  std::string name = parent.getSymName().str();
  if (auto loc = kernel->getLoc()->findInstanceOf<NameLoc>()) {
    name += "_";
    for (char c : loc.getName().strref())
      name += llvm::isAlnum(c) ? c : '_';
  }
  return name + "_" + std::to_string(index);
}

/// `value`'s type where it is a buffer whose bytes the pass can locate: a
/// bare-pointer memref of byte-sized integers or floats, not empty; null
/// otherwise.
MemRefType locatableBufferType(Value value) {
  auto type = dyn_cast<MemRefType>(value.getType());
  if (!type || !isBarePointerType(type) || type.getNumElements() == 0 ||
      !type.getElementType().isIntOrFloat() ||
      type.getElementTypeBitWidth() % 8 != 0)
    return nullptr;
  return type;
}

/// Where `value`'s chain of view-like ops leads: the nearest memref.view
/// (null if none), and the value the chain ends at (the view's source, or
/// the first value that is not a view-like op's result).
struct ViewChain {
  memref::ViewOp view;
  Value source;
};

ViewChain nearestView(Value value) {
  Value source = value;
  while (Operation *def = source.getDefiningOp()) {
    if (auto view = dyn_cast<memref::ViewOp>(def))
      return {view, view.getSource()};
    auto viewLike = dyn_cast<ViewLikeOpInterface>(def);
    if (!viewLike)
      break;
    source = viewLike.getViewSource();
  }
  return {nullptr, source};
}

/// An argument passed from its first element: the memref.view it is a view
/// of, and its offset there in elements. memref.view moves the pointer, so
/// the kernel sees the buffer at offset 0, and kernels that differ only in
/// where their buffers lie (the same layer step in another layer) become
/// identical, for densenet-merge-identical-kernels.
struct Rebasing {
  memref::ViewOp base;
  int64_t offset;
};

/// Whether the kernel can take `value` at another offset: its uses there
/// (and in the views cloned into it), through subviews and reshapes, only
/// read and write it. Those are the ops
/// whose result types retypeViews recomputes.
bool usesAllowRetyping(Value value, const Kernel &kernel,
                       const KernelInputs &inputs) {
  for (Operation *user : value.getUsers()) {
    if (!isInside(user, kernel) && !inputs.clonedOps.contains(user))
      continue;
    if (isa<memref::SubViewOp, memref::CollapseShapeOp,
            memref::ExpandShapeOp>(user)) {
      if (!usesAllowRetyping(user->getResult(0), kernel, inputs))
        return false;
      continue;
    }
    if (llvm::any_of(user->getResultTypes(), llvm::IsaPred<BaseMemRefType>))
      return false;
  }
  return true;
}

std::optional<Rebasing> rebasingOf(Value value, const Kernel &kernel,
                                   const KernelInputs &inputs) {
  MemRefType type = locatableBufferType(value);
  if (!type)
    return std::nullopt;
  int64_t offset = type.getStridesAndOffset().second;
  if (offset == 0 || !usesAllowRetyping(value, kernel, inputs))
    return std::nullopt;
  memref::ViewOp view = nearestView(value).view;
  if (!view)
    return std::nullopt;
  return Rebasing{view, offset};
}

/// `type` at offset 0.
MemRefType rebasedType(MemRefType type) {
  auto [strides, offset] = type.getStridesAndOffset();
  return MemRefType::get(
      type.getShape(), type.getElementType(),
      StridedLayoutAttr::get(type.getContext(), /*offset=*/0, strides),
      type.getMemorySpace());
}

/// In the caller: `value`'s memory as a buffer of rebasedType: a
/// memref.view of its span (moving the pointer), reinterpreted with its
/// strides.
Value rebase(OpBuilder &b, Location loc, Value value, Rebasing rebasing) {
  auto type = cast<MemRefType>(value.getType());
  auto [strides, offset] = type.getStridesAndOffset();
  int64_t span = 1;
  for (auto [size, stride] : llvm::zip(type.getShape(), strides))
    span += (size - 1) * stride;
  int64_t bytes = type.getElementTypeBitWidth() / 8;
  Value baseShift = rebasing.base.getByteShift();
  Value shift;
  if (std::optional<int64_t> constant = getConstantIntValue(baseShift))
    shift = arith::ConstantIndexOp::create(b, loc,
                                           *constant + rebasing.offset * bytes);
  else
    shift = arith::AddIOp::create(
        b, loc, baseShift,
        arith::ConstantIndexOp::create(b, loc, rebasing.offset * bytes));
  auto flatType = MemRefType::get({span}, type.getElementType(), nullptr,
                                  type.getMemorySpace());
  Value flat = memref::ViewOp::create(b, loc, flatType,
                                      rebasing.base.getSource(), shift,
                                      ValueRange{});
  return memref::ReinterpretCastOp::create(b, loc, rebasedType(type), flat,
                                           /*offset=*/0, type.getShape(),
                                           strides);
}

/// The result type `op` (a subview or reshape) has on its current source,
/// or null for other ops.
MemRefType inferredViewType(Operation *op) {
  if (auto subview = dyn_cast<memref::SubViewOp>(op))
    return memref::SubViewOp::inferRankReducedResultType(
        subview.getType().getShape(), subview.getSourceType(),
        subview.getMixedOffsets(), subview.getMixedSizes(),
        subview.getMixedStrides());
  if (auto collapse = dyn_cast<memref::CollapseShapeOp>(op))
    return memref::CollapseShapeOp::computeCollapsedType(
        collapse.getSrcType(), collapse.getReassociationIndices());
  if (auto expand = dyn_cast<memref::ExpandShapeOp>(op)) {
    FailureOr<MemRefType> type = memref::ExpandShapeOp::computeExpandedType(
        expand.getSrcType(), expand.getResultType().getShape(),
        expand.getReassociationIndices());
    return succeeded(type) ? *type : MemRefType();
  }
  return MemRefType();
}

/// Recomputes the types of the views of `retyped` (arguments whose type
/// changed) in `func`, and of their views in turn.
void retypeViews(func::FuncOp func, DenseSet<Value> retyped) {
  func.walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (op->getNumOperands() == 0 || !retyped.contains(op->getOperand(0)))
      return;
    if (MemRefType type = inferredViewType(op)) {
      op->getResult(0).setType(type);
      retyped.insert(op->getResult(0));
    }
  });
}

/// The bytes [begin, end) a buffer argument spans in the buffer (`root`) it
/// is a view of.
struct Extent {
  const void *root;
  int64_t begin, end;
};

/// A key for the memory `root` is, equal for equal memory: a global's name,
/// or an allocation or an argument of the entry function. Distinct keys are
/// distinct memory: the entry's buffers (weights, arena, input, output) do
/// not overlap, which the model's interface requires of its callers. Null
/// for anything else.
const void *rootKey(Value root, func::FuncOp parent) {
  if (auto arg = dyn_cast<BlockArgument>(root))
    return arg.getOwner() == &parent.getBody().front()
               ? root.getAsOpaquePointer()
               : nullptr;
  Operation *def = root.getDefiningOp();
  if (auto global = dyn_cast<memref::GetGlobalOp>(def))
    return global.getNameAttr().getAsOpaquePointer();
  if (isa<memref::AllocOp, memref::AllocaOp>(def))
    return root.getAsOpaquePointer();
  return nullptr;
}

std::optional<Extent> extentOf(Value value, func::FuncOp parent) {
  MemRefType type = locatableBufferType(value);
  if (!type)
    return std::nullopt;
  auto [strides, offset] = type.getStridesAndOffset();
  int64_t last = offset;
  for (auto [size, stride] : llvm::zip(type.getShape(), strides)) {
    if (stride < 0)
      return std::nullopt;
    last += (size - 1) * stride;
  }
  // The layout's offset counts from the pointer of the nearest memref.view,
  // which moved it by its byte shift, or else from the root's.
  ViewChain chain = nearestView(value);
  int64_t shift = 0;
  if (chain.view) {
    std::optional<int64_t> viewShift =
        getConstantIntValue(chain.view.getByteShift());
    if (!viewShift)
      return std::nullopt;
    shift = *viewShift;
  }
  const void *root = rootKey(chain.source, parent);
  if (!root)
    return std::nullopt;
  int64_t bytes = type.getElementTypeBitWidth() / 8;
  return Extent{root, shift + offset * bytes, shift + (last + 1) * bytes};
}

/// Marks `llvm.noalias` the buffer arguments of `func` that no other
/// argument overlaps at the call with `args`, so that LLVM sees that
/// buffers in one arena do not alias. None if any buffer's extent is
/// unknown.
void markDisjointArguments(func::FuncOp func, ValueRange args,
                           func::FuncOp parent) {
  SmallVector<std::pair<unsigned, Extent>> buffers;
  for (auto [index, arg] : llvm::enumerate(args)) {
    if (!isa<MemRefType>(arg.getType()))
      continue;
    std::optional<Extent> extent = extentOf(arg, parent);
    if (!extent)
      return;
    buffers.push_back({index, *extent});
  }
  auto overlap = [](const Extent &a, const Extent &b) {
    return a.root == b.root && a.begin < b.end && b.begin < a.end;
  };
  for (auto &[index, extent] : buffers)
    if (llvm::none_of(buffers, [&](auto &other) {
          return other.first != index && overlap(extent, other.second);
        }))
      func.setArgAttr(index, LLVM::LLVMDialect::getNoAliasAttrName(),
                      UnitAttr::get(func.getContext()));
}

void outlineKernel(const Kernel &kernel, func::FuncOp parent,
                   unsigned index) {
  KernelInputs inputs = inputsOf(kernel);
  Location loc = kernel.front()->getLoc();
  OpBuilder callBuilder(kernel.front());
  SmallVector<Value> callArgs;
  for (Value arg : inputs.arguments) {
    std::optional<Rebasing> rebasing = rebasingOf(arg, kernel, inputs);
    callArgs.push_back(rebasing ? rebase(callBuilder, loc, arg, *rebasing)
                                : arg);
  }

  OpBuilder builder(parent);
  auto func = func::FuncOp::create(
      builder, loc, kernelName(kernel.front(), parent, index),
      builder.getFunctionType(ValueRange(callArgs).getTypes(), {}));
  func.setPrivate();
  func->setAttr("passthrough", builder.getStrArrayAttr({"noinline"}));
  func->setAttr("llvm.linkage", LLVM::LinkageAttr::get(
                                    builder.getContext(), LLVM::Linkage::Internal));

  markDisjointArguments(func, inputs.arguments.getArrayRef(), parent);

  Block *body = func.addEntryBlock();
  IRMapping mapping;
  DenseSet<Value> retyped;
  for (auto [value, arg] : llvm::zip(inputs.arguments, body->getArguments())) {
    mapping.map(value, arg);
    if (arg.getType() != value.getType())
      retyped.insert(arg);
  }
  OpBuilder bodyBuilder = OpBuilder::atBlockEnd(body);
  for (Operation *op : inputs.clonedOps)
    bodyBuilder.clone(*op, mapping);
  for (Operation *op : kernel)
    bodyBuilder.clone(*op, mapping);
  func::ReturnOp::create(bodyBuilder, loc);
  retypeViews(func, std::move(retyped));

  func::CallOp::create(callBuilder, loc, func, callArgs);
  for (Operation *op : llvm::reverse(kernel))
    op->erase();
}

struct OutlineKernelsPass
    : densenet::impl::DenseNetOutlineKernelsBase<OutlineKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    auto parent = getOperation().lookupSymbol<func::FuncOp>(entry);
    if (!parent) {
      getOperation().emitError() << "no entry function '" << entry << "'";
      return signalPassFailure();
    }
    SmallVector<Kernel> kernels;
    Operation *op = &parent.getBody().front().front();
    while (op) {
      std::optional<Kernel> kernel;
      if (op->getNumRegions() > 0)
        kernel = kernelAt(op);
      op = kernel ? kernel->back()->getNextNode() : op->getNextNode();
      if (kernel)
        kernels.push_back(std::move(*kernel));
    }
    for (auto [index, kernel] : llvm::enumerate(kernels))
      outlineKernel(kernel, parent, index);
  }
};

} // namespace
