//===- GPUSchedule.cpp - tile and fuse convolutions into GPU kernels ------===//
//
// Implements `densenet-gpu-schedule`: finds each kernel root (the last op of
// a destination chain holding a GEMM) and its chain, and applies
// @densenet_gpu_kernel from the embedded transform library
// TransformLibrary/gpu_schedule.mlir to them.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/Common/TransformLibrary.h"
#include "compiler/CodeGen/GPU/Passes.h"
#include "dialects/DenseNet/IR/DenseNetDialect.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Transform/IR/TransformDialect.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETGPUSCHEDULE
#include "compiler/CodeGen/GPU/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;

namespace {

// Defines kGPUScheduleLibrary, the text of TransformLibrary/gpu_schedule.mlir.
#include "compiler/CodeGen/GPU/TransformLibrary/gpu_schedule.mlir.inc"

constexpr llvm::StringLiteral kKernelSequence = "densenet_gpu_kernel";

/// The linalg op that produced `op`'s single init operand, if any.
linalg::LinalgOp initProducer(linalg::LinalgOp op) {
  if (op.getNumDpsInits() != 1)
    return {};
  return op.getDpsInitOperand(0)->get().getDefiningOp<linalg::LinalgOp>();
}

/// Whether some linalg op uses `op`'s result as its init.
bool isInitOfAnotherOp(linalg::LinalgOp op) {
  for (OpOperand &use : op->getUses()) {
    auto user = dyn_cast<linalg::LinalgOp>(use.getOwner());
    if (user && user.isDpsInit(&use))
      return true;
  }
  return false;
}

/// A kernel: the last op of a destination chain, and the ops before it.
struct Kernel {
  Operation *root;
  SmallVector<Operation *> chain;
};

/// The destination chains of `func` that hold a GEMM, from their last op.
SmallVector<Kernel> findKernels(func::FuncOp func) {
  SmallVector<Kernel> kernels;
  func.walk([&](linalg::LinalgOp op) {
    if (op->getNumResults() != 1 || isInitOfAnotherOp(op))
      return;
    Kernel kernel{op, {}};
    bool hasGemm = false;
    for (linalg::LinalgOp link = op; link; link = initProducer(link)) {
      hasGemm |= isa<linalg::ContractOp>(link);
      if (link != op)
        kernel.chain.push_back(link);
    }
    if (hasGemm)
      kernels.push_back(std::move(kernel));
  });
  return kernels;
}

struct GPUSchedulePass
    : densenet::impl::DenseNetGPUScheduleBase<GPUSchedulePass> {
  using Base::Base;

  LogicalResult initialize(MLIRContext *context) override {
    FailureOr<densenet::TransformLibrary> parsed =
        densenet::TransformLibrary::parse(
            context, kGPUScheduleLibrary, "gpu_schedule.mlir",
            {StringRef(kKernelSequence)},
            "densenet-gpu-schedule");
    if (failed(parsed))
      return failure();
    library = std::move(*parsed);
    return success();
  }

  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      for (Kernel &kernel : findKernels(func)) {
        RaggedArray<transform::MappedValue> bindings;
        bindings.push_back(ArrayRef<Operation *>{kernel.root});
        bindings.push_back(ArrayRef<Operation *>(kernel.chain));
        if (failed(library.apply(kKernelSequence, std::move(bindings))))
          return signalPassFailure();
      }
    }
  }

  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    registry.insert<transform::TransformDialect, densenet::DenseNetDialect>();
  }

  /// The parsed library, shared by the clones of this pass.
  densenet::TransformLibrary library;
};

} // namespace
