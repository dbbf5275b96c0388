//===- CommonPipelines.cpp - code generation steps of every target --------===//
//
// Builds the target-neutral pass sequences with typed passes and options.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/Common/CommonPipelines.h"

#include "compiler/CodeGen/Common/Passes.h"

#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::densenet;

void densenet::addBufferizationPasses(OpPassManager &pm) {
  pm.addPass(createDenseNetBufferize());
  pm.addPass(createCanonicalizerPass());
}

void densenet::addBufferCleanupPasses(OpPassManager &pm) {
  pm.addNestedPass<func::FuncOp>(bufferization::createBufferLoopHoistingPass());
  // The views bufferization makes for a slice and its write-back are
  // distinct until CSE; then the copy between them copies a view onto
  // itself, which canonicalization erases.
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
}

void densenet::addBufferPlanningPasses(OpPassManager &pm,
                                       const BufferPlanOptions &options) {
  DenseNetPlanBuffersOptions plan;
  plan.reuse = options.reuseBuffers;
  pm.addPass(createDenseNetPlanBuffers(plan));
  DenseNetOutlineWeightsOptions outline;
  outline.entry = "forward";
  outline.blob = options.weightsSymbol;
  pm.addPass(createDenseNetOutlineWeights(outline));
}
