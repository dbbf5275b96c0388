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

#include "mlir/Dialect/Transform/IR/TransformDialect.h"
#include "mlir/Dialect/Transform/IR/TransformOps.h"
#include "mlir/Dialect/Transform/Interfaces/TransformInterfaces.h"
#include "mlir/Dialect/Transform/Transforms/TransformInterpreterUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

#include <memory>

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
    Location loc = UnknownLoc::get(context);
    if (tileM <= 0 || tileP <= 0)
      return emitError(loc) << "densenet-cpu-schedule: tile-m and tile-p must "
                               "be positive, got "
                            << int64_t(tileM) << " and " << int64_t(tileP);
    OwningOpRef<ModuleOp> parsed = parseSourceString<ModuleOp>(
        kCPUScheduleLibrary, ParserConfig(context), "cpu_schedule.mlir");
    if (!parsed)
      return emitError(loc) << "densenet-cpu-schedule: cannot parse the "
                               "embedded transform library cpu_schedule.mlir";
    schedule = parsed->lookupSymbol<transform::NamedSequenceOp>(kScheduleName);
    if (!schedule || schedule.isExternal())
      return emitError(loc) << "densenet-cpu-schedule: the transform library "
                               "cpu_schedule.mlir defines no @"
                            << kScheduleName;
    library = std::make_shared<OwningOpRef<ModuleOp>>(std::move(parsed));
    return success();
  }

  void runOnOperation() override {
    Type i64 = IntegerType::get(&getContext(), 64);
    RaggedArray<transform::MappedValue> bindings;
    bindings.push_back(ArrayRef<Operation *>{getOperation()});
    bindings.push_back(ArrayRef<Attribute>{IntegerAttr::get(i64, tileM)});
    bindings.push_back(ArrayRef<Attribute>{IntegerAttr::get(i64, tileP)});
    if (failed(transform::applyTransformNamedSequence(
            std::move(bindings),
            cast<transform::TransformOpInterface>(schedule.getOperation()),
            library->get(),
            transform::TransformOptions().enableExpensiveChecks(false))))
      signalPassFailure();
  }

  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<transform::TransformDialect, densenet::DenseNetDialect>();
  }

  /// The parsed library, shared by the clones of this pass, and its entry.
  std::shared_ptr<OwningOpRef<ModuleOp>> library;
  transform::NamedSequenceOp schedule;
};

} // namespace
