//===- GPUPipeline.cpp - the NVIDIA GPU backend's pass pipeline -----------===//
//
// Builds the GPU pipeline with typed passes and options, from upstream's
// NVVM pieces (as gpu-lower-to-nvvm-pipeline assembles them) and the
// backend's own passes.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/GPU/GPUPipeline.h"

#include "compiler/CodeGen/CPU/CPUPipeline.h"
#include "compiler/CodeGen/GPU/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/GPUCommon/GPUCommonPass.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/NVVMToLLVM/NVVMToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/SCFToGPU/SCFToGPUPass.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::densenet;

namespace {

/// The PTX ISA version for every supported chip, sm_80 to sm_90 (sm_90 needs
/// 8.0; the NVPTX backend's default 6.0 aborts).
constexpr llvm::StringLiteral kPTXFeatures = "+ptx80";

/// Lowers the kernels to NVVM and the host code to the LLVM dialect, then
/// serializes the GPU module into a fatbin (cubin from ptxas, and PTX).
void buildGPULowerToLLVMPipeline(OpPassManager &pm,
                                 const GPUCodegenOptions &options) {
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(createDenseNetGPUMergeModules());
  // One stream for the whole forward pass, which a CUDA graph captures.
  pm.addNestedPass<func::FuncOp>(createGpuAsyncRegionPass());

  GpuNVVMAttachTargetOptions target;
  target.chip = options.chip;
  target.features = kPTXFeatures.str();
  target.optLevel = 3;
  target.linkLibs.push_back(options.toolkitPath +
                            "/nvvm/libdevice/libdevice.10.bc");
  pm.addPass(createGpuNVVMAttachTarget(target));
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());

  OpPassManager &kernels = pm.nest<gpu::GPUModuleOp>();
  kernels.addPass(createSCFToControlFlowPass());
  ConvertGpuOpsToNVVMOpsOptions toNVVM;
  toNVVM.useBarePtrCallConv = true;
  kernels.addPass(createConvertGpuOpsToNVVMOps(toNVVM));
  kernels.addPass(createCanonicalizerPass());
  kernels.addPass(createCSEPass());
  kernels.addPass(createReconcileUnrealizedCastsPass());

  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  ConvertFuncToLLVMPassOptions funcToLLVM;
  funcToLLVM.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(funcToLLVM));
  GpuToLLVMConversionPassOptions toLLVM;
  toLLVM.hostBarePtrCallConv = true;
  toLLVM.kernelBarePtrCallConv = true;
  pm.addPass(createGpuToLLVMConversionPass(toLLVM));
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());

  GpuModuleToBinaryPassOptions binary;
  binary.toolkitPath = options.toolkitPath;
  binary.compilationTarget = options.binaryPTX ? "isa" : "fatbin";
  pm.addPass(createGpuModuleToBinaryPass(binary));
}

/// The schedule's block and thread loops as sequential host loops, and the
/// remaining ops as the GPU distributes them (blocks of threads over one
/// collapsed loop, as scf.parallel), lowered as the CPU lowers its code.
void buildOnHostPipeline(OpPassManager &pm, const GPUCodegenOptions &options) {
  pm.addNestedPass<func::FuncOp>(createForallToForLoopPass());
  pm.addNestedPass<func::FuncOp>(createDenseNetGPUDistributeRemaining());
  pm.addNestedPass<func::FuncOp>(createDenseNetGPUTileBuffers());
  addBufferCleanupPasses(pm);
  addBufferPlanningPasses(pm, options.plan);
  if (!options.stopBufferized)
    buildCPULowerToLLVMPipeline(pm);
}

} // namespace

void densenet::buildGPUCodegenPipeline(OpPassManager &pm,
                                       const GPUCodegenOptions &options) {
  pm.addPass(createDenseNetGPUSchedule());
  pm.addPass(createCanonicalizerPass());
  addBufferizationPasses(pm);
  // Bufferization copies a slice into itself where a loop's result is
  // inserted back in place; CSE makes the two sides one value and the
  // canonicalizer erases the copy, which on the GPU would be a kernel.
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
  if (options.onHost)
    return buildOnHostPipeline(pm, options);
  pm.addPass(createDenseNetGPUMapForall());
  pm.addNestedPass<func::FuncOp>(createDenseNetGPUDistributeRemaining());
  pm.addNestedPass<func::FuncOp>(createConvertParallelLoopToGpuPass());
  pm.addNestedPass<func::FuncOp>(createDenseNetGPUTileBuffers());
  pm.addPass(createCanonicalizerPass());
  addBufferPlanningPasses(pm, options.plan);
  if (!options.stopBufferized)
    buildGPULowerToLLVMPipeline(pm, options);
}
