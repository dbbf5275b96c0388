//===- CommonPipelines.h - code generation steps of every target -*- C++ -*-===//
//
// The pass sequences every target runs between linalg on tensors and its
// own lowering: bufferization, buffer clean-up, and the static buffer plan
// with the weights outlined into one blob. A target's pipeline (e.g.
// CPU/CPUPipeline.h) calls them in order around its own passes.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CODEGEN_COMMON_COMMONPIPELINES_H
#define DENSENET_CODEGEN_COMMON_COMMONPIPELINES_H

#include "mlir/Pass/PassManager.h"

#include <string>

namespace mlir::densenet {

/// Options of the buffer plan and the weight blob.
struct BufferPlanOptions {
  /// Let buffers that are not live together share arena bytes.
  bool reuseBuffers = true;
  /// The global that holds the packed weights.
  std::string weightsSymbol;
};

/// One-shot bufferization of the scheduled model into out-parameters.
void addBufferizationPasses(OpPassManager &pm);

/// Hoists loop-invariant allocations and erases the copies bufferization
/// made of a view onto itself. (No deallocations: buffer planning reads a
/// buffer's life from its uses and places every buffer in the arena.)
void addBufferCleanupPasses(OpPassManager &pm);

/// Plans every intermediate buffer into one arena and outlines the weights.
void addBufferPlanningPasses(OpPassManager &pm,
                             const BufferPlanOptions &options);

} // namespace mlir::densenet

#endif // DENSENET_CODEGEN_COMMON_COMMONPIPELINES_H
