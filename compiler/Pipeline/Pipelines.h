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
enum class Target { CPU };

/// Where the pipeline stops.
enum class Stage { Linalg, Bufferized, LLVM };

struct DenseNetCompileOptions
    : public PassPipelineOptions<DenseNetCompileOptions> {
  PassOptions::Option<Target> target{
      *this, "target", llvm::cl::desc("The target to generate code for"),
      llvm::cl::init(Target::CPU),
      llvm::cl::values(clEnumValN(Target::CPU, "cpu",
                                  "vectorized CPU code, OpenMP threads"))};
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
  PassOptions::Option<bool> vectorize{
      *this, "vectorize",
      llvm::cl::desc("Tile and vectorize with the target's schedule"),
      llvm::cl::init(true)};
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
