//===- Pipelines.h - densenetc's pass pipelines -----------------*- C++ -*-===//
//
// The stages of compilation as pass pipelines, shared by densenetc and
// densenet-opt: densenet dialect -> linalg on tensors -> buffers -> LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_PIPELINE_PIPELINES_H
#define DENSENET_PIPELINE_PIPELINES_H

#include "mlir/Pass/PassManager.h"

namespace mlir::densenet {

/// [Eliminate concats,] decompose, fold batch norms into convs, lower to
/// linalg on tensors.
void buildLowerToLinalgPipeline(OpPassManager &pm,
                                bool eliminateConcat = true);

/// One-shot bufferization with results turned into out-parameters.
void buildBufferizePipeline(OpPassManager &pm);

/// Lowers the bufferized, scheduled module to the LLVM dialect.
void buildLowerToLLVMPipeline(OpPassManager &pm);

/// Registers the pipelines above with the pass registry for densenet-opt.
void registerDenseNetPipelines();

} // namespace mlir::densenet

#endif // DENSENET_PIPELINE_PIPELINES_H
