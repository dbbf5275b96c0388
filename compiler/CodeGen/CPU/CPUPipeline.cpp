//===- CPUPipeline.cpp - the CPU backend's pass pipeline ------------------===//
//
// Builds the CPU pipeline with typed passes and options.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/CPU/CPUPipeline.h"

#include "compiler/CodeGen/CPU/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/OpenMPToLLVM/ConvertOpenMPToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/SCFToOpenMP/SCFToOpenMP.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::densenet;

void densenet::buildCPUCodegenPipeline(OpPassManager &pm,
                                       const CPUCodegenOptions &options) {
  if (options.vectorize) {
    pm.addPass(createDenseNetCPUSchedule());
    pm.addPass(createDenseNetCPULowerVectors());
  }
  addBufferizationPasses(pm);
  // Before buffer-loop-hoisting, which would share a parallel loop's
  // scratch buffers between its iterations.
  pm.addNestedPass<func::FuncOp>(createDenseNetParallelizeLoops());
  addBufferCleanupPasses(pm);
  pm.addNestedPass<func::FuncOp>(createDenseNetFuseParallelLoops());
  addBufferPlanningPasses(pm, options.plan);
  pm.addPass(createDenseNetOutlineKernels());
  pm.addPass(createDenseNetMergeIdenticalKernels());
  if (!options.stopBufferized)
    buildCPULowerToLLVMPipeline(pm);
}

void densenet::buildCPULowerToLLVMPipeline(OpPassManager &pm) {
  OpPassManager &loops = pm.nest<func::FuncOp>();
  loops.addPass(createDenseNetCPULowerCopies());
  loops.addPass(createConvertLinalgToLoopsPass());
  loops.addPass(createConvertVectorToSCFPass(
      VectorTransferToSCFOptions().enableFullUnroll().enableLowerTensors()));
  pm.addPass(createConvertSCFToOpenMPPass());
  pm.addNestedPass<func::FuncOp>(createDenseNetBalanceParallelLoops());
  // The conversions that need no module-wide view run function by function,
  // in parallel: the model is some two thousand kernels.
  OpPassManager &vectors = pm.nest<func::FuncOp>();
  vectors.addPass(createConvertVectorToLLVMPass());
  // Once, after expand-strided-metadata, which computes strides and offsets
  // with affine.apply.
  vectors.addPass(memref::createExpandStridedMetadataPass());
  vectors.addPass(createLowerAffinePass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  OpPassManager &scalars = pm.nest<func::FuncOp>();
  scalars.addPass(createSCFToControlFlowPass());
  scalars.addPass(createConvertMathToLLVMPass());
  scalars.addPass(createArithToLLVMConversionPass());
  ConvertFuncToLLVMPassOptions funcToLLVM;
  funcToLLVM.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(funcToLLVM));
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}
