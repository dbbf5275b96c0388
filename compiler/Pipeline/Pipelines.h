//===- Pipelines.h - densenetc's compilation pipeline -----------*- C++ -*-===//
//
// `densenet-compile`: the one pipeline densenetc runs, from the module that
// `densenetc --emit=mlir --mlir-stage=densenet` prints down to linalg on
// tensors, the bufferized and planned module, or the LLVM dialect, for one
// target. densenet-opt registers it, so that
//   densenet-opt IN.mlir --densenet-compile="target=cpu stage=S"
// prints what `densenetc --emit=mlir --mlir-stage=S` prints.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_PIPELINE_PIPELINES_H
#define DENSENET_PIPELINE_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::densenet {

/// The hardware densenetc generates code for.
enum class Target {
  CPU,
  CUDA,
  /// The CUDA target's schedule with its block and thread loops run
  /// sequentially on the host CPU: the GPU kernels' numerics, checkable
  /// without a GPU.
  CUDAOnCPU
};

/// Where the pipeline stops.
enum class Stage { Linalg, Bufferized, LLVM };

struct DenseNetCompileOptions
    : public PassPipelineOptions<DenseNetCompileOptions> {
  PassOptions::Option<Target> target{
      *this, "target", llvm::cl::desc("The target to generate code for"),
      llvm::cl::init(Target::CPU),
      llvm::cl::values(
          clEnumValN(Target::CPU, "cpu",
                     "vectorized CPU code, loops lowered to OpenMP"),
          clEnumValN(Target::CUDA, "cuda",
                     "NVVM kernels for an NVIDIA GPU, in one fatbin"),
          clEnumValN(Target::CUDAOnCPU, "cuda-on-cpu",
                     "the CUDA schedule's loops run on the CPU (a numerics "
                     "check of the GPU kernels without a GPU)"))};
  PassOptions::Option<Stage> stage{
      *this, "stage", llvm::cl::desc("Where to stop"),
      llvm::cl::init(Stage::LLVM),
      llvm::cl::values(
          clEnumValN(Stage::Linalg, "linalg", "linalg on tensors"),
          clEnumValN(Stage::Bufferized, "bufferized",
                     "scheduled and bufferized, buffers planned, weights and "
                     "kernels outlined"),
          clEnumValN(Stage::LLVM, "llvm", "the LLVM dialect"))};
  PassOptions::Option<bool> eliminateConcat{
      *this, "eliminate-concat",
      llvm::cl::desc("Compute each dense block in one buffer (false: "
                     "naive concatenations)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> reuseBuffers{
      *this, "reuse-buffers",
      llvm::cl::desc("Let buffers that are not live together share arena "
                     "bytes (false: no reuse, for comparison)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> winograd{
      *this, "winograd",
      llvm::cl::desc("target=cpu: dense layers' 3x3 convolutions on maps "
                     "with sides divisible by 4 as Winograd F(4x4, 3x3), "
                     "by 2 (and at least 8) as F(2x2, 3x3)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> vectorize{
      *this, "vectorize",
      llvm::cl::desc("Tile and vectorize with the target's schedule"),
      llvm::cl::init(true)};
  PassOptions::Option<std::string> gpuArch{
      *this, "gpu-arch",
      llvm::cl::desc("The NVIDIA GPU architecture of target=cuda: sm_80, "
                     "sm_86, sm_89 or sm_90"),
      llvm::cl::init("sm_90")};
  PassOptions::Option<bool> gpuBinaryPTX{
      *this, "gpu-binary-ptx",
      llvm::cl::desc("Serialize the kernels of target=cuda as PTX text "
                     "(false: a fatbin of ptxas's cubin and the PTX)"),
      llvm::cl::init(false)};
  PassOptions::Option<std::string> cudaToolkit{
      *this, "cuda-toolkit",
      llvm::cl::desc("The CUDA toolkit of target=cuda (ptxas, fatbinary, "
                     "libdevice)"),
      llvm::cl::init("/usr/local/cuda")};
  PassOptions::Option<std::string> weightsSymbol{
      *this, "weights-symbol",
      llvm::cl::desc("The global that holds the packed weights"),
      llvm::cl::init("densenet_model_weights_data")};
};

/// Adds `densenet-compile`'s passes to `pm` (on the module).
void buildDenseNetCompilePipeline(OpPassManager &pm,
                                  const DenseNetCompileOptions &options);

/// Registers `densenet-compile` with the pass registry.
void registerDenseNetPipelines();

} // namespace mlir::densenet

#endif // DENSENET_PIPELINE_PIPELINES_H
