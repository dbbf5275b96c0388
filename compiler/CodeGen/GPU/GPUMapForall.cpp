//===- GPUMapForall.cpp - block and thread loops to gpu.launch ------------===//
//
// Implements `densenet-gpu-map-forall`: applies @densenet_gpu_map from the
// embedded transform library TransformLibrary/gpu_schedule.mlir.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/Common/TransformLibrary.h"
#include "compiler/CodeGen/GPU/Passes.h"
#include "dialects/DenseNet/IR/DenseNetDialect.h"

#include "mlir/Dialect/Transform/IR/TransformDialect.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETGPUMAPFORALL
#include "compiler/CodeGen/GPU/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;

namespace {

// Defines kGPUScheduleLibrary, the text of TransformLibrary/gpu_schedule.mlir.
#include "compiler/CodeGen/GPU/TransformLibrary/gpu_schedule.mlir.inc"

constexpr llvm::StringLiteral kMapSequence = "densenet_gpu_map";

struct GPUMapForallPass
    : densenet::impl::DenseNetGPUMapForallBase<GPUMapForallPass> {
  using Base::Base;

  LogicalResult initialize(MLIRContext *context) override {
    FailureOr<densenet::TransformLibrary> parsed =
        densenet::TransformLibrary::parse(
            context, kGPUScheduleLibrary, "gpu_schedule.mlir",
            {StringRef(kMapSequence)}, "densenet-gpu-map-forall");
    if (failed(parsed))
      return failure();
    library = std::move(*parsed);
    return success();
  }

  void runOnOperation() override {
    RaggedArray<transform::MappedValue> bindings;
    bindings.push_back(ArrayRef<Operation *>{getOperation()});
    if (failed(library.apply(kMapSequence, std::move(bindings))))
      signalPassFailure();
  }

  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    registry.insert<transform::TransformDialect, densenet::DenseNetDialect>();
  }

  /// The parsed library, shared by the clones of this pass.
  densenet::TransformLibrary library;
};

} // namespace
