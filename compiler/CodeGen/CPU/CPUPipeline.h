//===- CPUPipeline.h - the CPU backend's pass pipeline ----------*- C++ -*-===//
//
// The CPU backend's code generation from linalg on tensors: the transform
// schedule, bufferization with OpenMP-parallel loops, buffer planning,
// kernel outlining, and the lowering to the LLVM dialect.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CODEGEN_CPU_CPUPIPELINE_H
#define DENSENET_CODEGEN_CPU_CPUPIPELINE_H

#include "compiler/CodeGen/Common/CommonPipelines.h"

namespace mlir::densenet {

struct CPUCodegenOptions {
  /// Tile and vectorize with the CPU schedule (off: plain loops).
  bool vectorize = true;
  BufferPlanOptions plan;
  /// Stop before the LLVM lowering, with the buffers planned and the
  /// kernels outlined.
  bool stopBufferized = false;
};

/// Takes linalg on tensors to the LLVM dialect (or to the bufferized stage).
void buildCPUCodegenPipeline(OpPassManager &pm,
                             const CPUCodegenOptions &options);

/// Lowers the bufferized, scheduled module to the LLVM dialect, its
/// parallel loops to OpenMP.
void buildCPULowerToLLVMPipeline(OpPassManager &pm);

} // namespace mlir::densenet

#endif // DENSENET_CODEGEN_CPU_CPUPIPELINE_H
