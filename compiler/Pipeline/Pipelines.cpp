//===- Pipelines.cpp - densenetc's compilation pipeline -------------------===//
//
// Builds `densenet-compile` with typed passes: the target-neutral lowering
// to linalg on tensors (with the choices the target makes there), then the
// target's code generation pipeline.
//
//===----------------------------------------------------------------------===//

#include "compiler/Pipeline/Pipelines.h"

#include "compiler/CodeGen/CPU/CPUPipeline.h"
#include "compiler/CodeGen/GPU/GPUPipeline.h"
#include "compiler/CodeGen/Common/Passes.h"
#include "compiler/Conversion/Passes.h"
#include "dialects/DenseNet/Transforms/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::densenet;

namespace {

/// The choices a target makes in the lowering to linalg.
struct LinalgLoweringOptions {
  bool eliminateConcat = true;
  /// Rows of dense-block buffers two columns longer than the feature map,
  /// for 3x3 convolutions that write whole rows in place.
  bool padBlockRows = false;
  /// Eligible dense-layer 3x3 convolutions as Winograd F(4x4 or 2x2, 3x3).
  bool winograd = false;
  /// Convolution taps gathered and banded for CPU caches.
  bool cacheBlocking = false;
};

LinalgLoweringOptions linalgLoweringFor(const DenseNetCompileOptions &options) {
  LinalgLoweringOptions lowering;
  lowering.eliminateConcat = options.eliminateConcat;
  // Every target's 3x3 convolutions are shifted GEMMs over padded rows.
  lowering.padBlockRows = true;
  // Winograd's steps are scheduled by the CPU schedule only.
  lowering.winograd = options.winograd && options.target == Target::CPU;
  lowering.cacheBlocking = options.target == Target::CPU;
  return lowering;
}

/// [Eliminate concats,] decompose, fold batch norms into convs, lower to
/// linalg on tensors, compute weight-only ops at compile time and fuse
/// elementwise chains.
void buildLowerToLinalgPipeline(OpPassManager &pm,
                                const LinalgLoweringOptions &options) {
  OpPassManager &func = pm.nest<func::FuncOp>();
  if (options.eliminateConcat) {
    DenseNetEliminateConcatOptions eliminate;
    eliminate.padRows = options.padBlockRows;
    func.addPass(createDenseNetEliminateConcat(eliminate));
    ConvertDenseNetBlockBuffersToLinalgOptions blockBuffers;
    blockBuffers.winograd = options.winograd;
    blockBuffers.cacheBlocking = options.cacheBlocking;
    func.addPass(createConvertDenseNetBlockBuffersToLinalg(blockBuffers));
  }
  func.addPass(createDenseNetDecompose());
  func.addPass(createCanonicalizerPass());
  func.addPass(createDenseNetFoldBatchNorm());
  func.addPass(createCSEPass());
  ConvertDenseNetToLinalgOptions toLinalg;
  toLinalg.cacheBlocking = options.cacheBlocking;
  func.addPass(createConvertDenseNetToLinalg(toLinalg));
  func.addPass(createCanonicalizerPass());
  func.addPass(createDenseNetFoldConstantGenerics());
  func.addPass(createDenseNetFuseElementwise());
  func.addPass(createCSEPass());
}

void buildCodegenPipeline(OpPassManager &pm,
                          const DenseNetCompileOptions &options) {
  switch (options.target) {
  case Target::CPU: {
    CPUCodegenOptions cpu;
    cpu.vectorize = options.vectorize;
    cpu.plan.reuseBuffers = options.reuseBuffers;
    cpu.plan.weightsSymbol = options.weightsSymbol;
    cpu.stopBufferized = options.stage == Stage::Bufferized;
    buildCPUCodegenPipeline(pm, cpu);
    return;
  }
  case Target::CUDA:
  case Target::CUDAOnCPU: {
    GPUCodegenOptions gpu;
    gpu.chip = options.gpuArch;
    gpu.toolkitPath = options.cudaToolkit;
    gpu.binaryPTX = options.gpuBinaryPTX;
    gpu.plan.reuseBuffers = options.reuseBuffers;
    gpu.plan.weightsSymbol = options.weightsSymbol;
    gpu.stopBufferized = options.stage == Stage::Bufferized;
    gpu.onHost = options.target == Target::CUDAOnCPU;
    buildGPUCodegenPipeline(pm, gpu);
    return;
  }
  }
}

} // namespace

void densenet::buildDenseNetCompilePipeline(
    OpPassManager &pm, const DenseNetCompileOptions &options) {
  buildLowerToLinalgPipeline(pm, linalgLoweringFor(options));
  if (options.stage != Stage::Linalg)
    buildCodegenPipeline(pm, options);
}

void densenet::registerDenseNetPipelines() {
  PassPipelineRegistration<DenseNetCompileOptions>(
      "densenet-compile",
      "Compile the densenet dialect for a target, down to a stage",
      buildDenseNetCompilePipeline);
}
