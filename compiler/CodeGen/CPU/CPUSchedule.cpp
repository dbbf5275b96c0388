//===- CPUSchedule.cpp - transform-dialect schedule for CPU GEMMs ---------===//
//
// Implements `densenet-cpu-schedule`: applies @densenet_cpu_schedule from the
// transform library TransformLibrary/cpu_schedule.mlir, which the build
// embeds, with the transform interpreter, binding the pass's tile-m and
// tile-p options to the schedule's tile params.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/CPU/Passes.h"
#include "dialects/DenseNet/IR/DenseNetDialect.h"

#include "compiler/CodeGen/Common/TransformLibrary.h"

#include "mlir/Dialect/Transform/IR/TransformDialect.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETCPUSCHEDULE
#include "compiler/CodeGen/CPU/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;

namespace {

// Defines kCPUScheduleLibrary, the text of TransformLibrary/cpu_schedule.mlir.
#include "compiler/CodeGen/CPU/TransformLibrary/cpu_schedule.mlir.inc"

constexpr llvm::StringLiteral kScheduleName = "densenet_cpu_schedule";

struct CPUSchedulePass
    : densenet::impl::DenseNetCPUScheduleBase<CPUSchedulePass> {
  using Base::Base;

  /// Parses the embedded library once per pass manager, not once per run.
  LogicalResult initialize(MLIRContext *context) override {
    if (tileM <= 0 || tileP <= 0)
      return emitError(UnknownLoc::get(context))
             << "densenet-cpu-schedule: tile-m and tile-p must be positive, "
                "got "
             << int64_t(tileM) << " and " << int64_t(tileP);
    FailureOr<densenet::TransformLibrary> parsed =
        densenet::TransformLibrary::parse(context, kCPUScheduleLibrary,
                                          "cpu_schedule.mlir", {StringRef(kScheduleName)},
                                          "densenet-cpu-schedule");
    if (failed(parsed))
      return failure();
    library = std::move(*parsed);
    return success();
  }

  void runOnOperation() override {
    Type i64 = IntegerType::get(&getContext(), 64);
    RaggedArray<transform::MappedValue> bindings;
    bindings.push_back(ArrayRef<Operation *>{getOperation()});
    bindings.push_back(ArrayRef<Attribute>{IntegerAttr::get(i64, tileM)});
    bindings.push_back(ArrayRef<Attribute>{IntegerAttr::get(i64, tileP)});
    if (failed(library.apply(kScheduleName, std::move(bindings))))
      signalPassFailure();
  }

  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<transform::TransformDialect, densenet::DenseNetDialect>();
  }

  /// The parsed library, shared by the clones of this pass.
  densenet::TransformLibrary library;
};

} // namespace
