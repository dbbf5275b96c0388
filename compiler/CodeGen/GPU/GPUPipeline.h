//===- GPUPipeline.h - the NVIDIA GPU backend's pass pipeline ---*- C++ -*-===//
//
// The GPU backend's code generation from linalg on tensors: the transform
// schedule, bufferization, the mapping to gpu.launch, shared-memory
// buffers, buffer planning into one device arena, and the lowering through
// NVVM to a module holding one GPU binary (cubin and PTX).
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CODEGEN_GPU_GPUPIPELINE_H
#define DENSENET_CODEGEN_GPU_GPUPIPELINE_H

#include "compiler/CodeGen/Common/CommonPipelines.h"

#include <string>

namespace mlir::densenet {

struct GPUCodegenOptions {
  /// The GPU architecture the cubin is for, e.g. sm_90.
  std::string chip = "sm_90";
  /// The CUDA toolkit (ptxas, fatbinary, libdevice).
  std::string toolkitPath = "/usr/local/cuda";
  /// Serialize the kernels as PTX text instead of a fatbin (cubin + PTX).
  bool binaryPTX = false;
  BufferPlanOptions plan;
  /// Stop before the lowering, with the kernels mapped and buffers planned.
  bool stopBufferized = false;
  /// Run the schedule's block and thread loops sequentially on the host CPU
  /// instead (the numerics check of the kernels without a GPU).
  bool onHost = false;
};

/// Takes linalg on tensors to the LLVM dialect with a gpu.binary (or to
/// the bufferized stage).
void buildGPUCodegenPipeline(OpPassManager &pm,
                             const GPUCodegenOptions &options);

} // namespace mlir::densenet

#endif // DENSENET_CODEGEN_GPU_GPUPIPELINE_H
