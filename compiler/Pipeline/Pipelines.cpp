//===- Pipelines.cpp - densenetc's pass pipelines -------------------------===//
//
// Builds densenetc's pass pipelines from textual pass lists, so that each
// stage reads like the densenet-opt command line that reproduces it.
//
//===----------------------------------------------------------------------===//

#include "compiler/Pipeline/Pipelines.h"

#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/ErrorHandling.h"

using namespace mlir;

static void addPipeline(OpPassManager &pm, llvm::StringRef pipeline) {
  if (failed(parsePassPipeline(pipeline, pm)))
    llvm::report_fatal_error("densenetc: malformed built-in pass pipeline");
}

void densenet::buildLowerToLinalgPipeline(OpPassManager &pm,
                                          bool eliminateConcat) {
  if (eliminateConcat)
    addPipeline(pm, "func.func(densenet-eliminate-concat{pad-rows=1}, "
                    "convert-densenet-block-buffers-to-linalg)");
  addPipeline(pm, "func.func(densenet-decompose, canonicalize, "
                  "densenet-fold-batchnorm, cse, convert-densenet-to-linalg, "
                  "canonicalize, densenet-fuse-elementwise, cse)");
}

void densenet::buildBufferizePipeline(OpPassManager &pm) {
  addPipeline(pm, "func.func(eliminate-empty-tensors), "
                  "densenet-bufferize-model, canonicalize, "
                  "func.func(densenet-parallelize-loops, buffer-loop-hoisting), "
                  "buffer-deallocation-pipeline");
}

void densenet::buildLowerToLLVMPipeline(OpPassManager &pm) {
  addPipeline(pm, "func.func(convert-linalg-to-loops, "
                  "convert-vector-to-scf{full-unroll lower-tensors}), "
                  "lower-affine, convert-scf-to-openmp, "
                  "convert-vector-to-llvm, expand-strided-metadata, "
                  "lower-affine, finalize-memref-to-llvm, convert-scf-to-cf, "
                  "convert-math-to-llvm, convert-arith-to-llvm, "
                  "convert-func-to-llvm{use-bare-ptr-memref-call-conv}, "
                  "convert-cf-to-llvm, convert-openmp-to-llvm, "
                  "convert-ub-to-llvm, reconcile-unrealized-casts");
}

void densenet::registerDenseNetPipelines() {
  PassPipelineRegistration<>(
      "densenet-lower-to-linalg",
      "Lower the densenet dialect to linalg on tensors",
      [](OpPassManager &pm) { buildLowerToLinalgPipeline(pm); });
  PassPipelineRegistration<>("densenet-bufferize",
                             "Bufferize a linalg-on-tensors DenseNet",
                             buildBufferizePipeline);
  PassPipelineRegistration<>("densenet-lower-to-llvm",
                             "Lower a bufferized DenseNet to the LLVM dialect",
                             buildLowerToLLVMPipeline);
}
