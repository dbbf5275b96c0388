//===- OutlineKernels.cpp - one function per loop nest --------------------===//
//
// Implements `densenet-outline-kernels`: every top-level op with regions in
// the entry function moves into a private noinline function. Its arguments
// are the contiguous buffers it uses; the view-like ops and constants
// between those buffers and the kernel are cloned along with it.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/CPU/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETOUTLINEKERNELS
#include "compiler/CodeGen/CPU/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;

namespace {

/// Ops cheap and side-effect free enough to clone into each kernel: views
/// of buffers and constants.
bool isClonedWithKernel(Operation *op) {
  return op && op->getNumRegions() == 0 &&
         (isa<ViewLikeOpInterface>(op) || op->hasTrait<OpTrait::ConstantLike>());
}

/// What a kernel needs: the ops to clone in order, and its arguments.
struct KernelInputs {
  SetVector<Operation *> clonedOps;
  SetVector<Value> arguments;
};

void collectInputs(Value value, KernelInputs &inputs) {
  Operation *def = value.getDefiningOp();
  if (!isClonedWithKernel(def)) {
    inputs.arguments.insert(value);
    return;
  }
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

void outlineKernel(const Kernel &kernel, func::FuncOp parent,
                   unsigned index) {
  KernelInputs inputs = inputsOf(kernel);
  Location loc = kernel.front()->getLoc();
  OpBuilder builder(parent);
  SmallVector<Type> argTypes;
  for (Value arg : inputs.arguments)
    argTypes.push_back(arg.getType());
  auto func = func::FuncOp::create(builder, loc,
                                   kernelName(kernel.front(), parent, index),
                                   builder.getFunctionType(argTypes, {}));
  func.setPrivate();
  func->setAttr("passthrough", builder.getStrArrayAttr({"noinline"}));
  func->setAttr("llvm.linkage", LLVM::LinkageAttr::get(
                                    builder.getContext(), LLVM::Linkage::Internal));

  Block *body = func.addEntryBlock();
  IRMapping mapping;
  for (auto [value, arg] : llvm::zip(inputs.arguments, body->getArguments()))
    mapping.map(value, arg);
  OpBuilder bodyBuilder = OpBuilder::atBlockEnd(body);
  for (Operation *op : inputs.clonedOps)
    bodyBuilder.clone(*op, mapping);
  for (Operation *op : kernel)
    bodyBuilder.clone(*op, mapping);
  func::ReturnOp::create(bodyBuilder, loc);

  OpBuilder callBuilder(kernel.front());
  func::CallOp::create(callBuilder, loc, func, inputs.arguments.getArrayRef());
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
