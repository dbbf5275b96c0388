//===- densenet-opt.cpp - mlir-opt style driver for densenet --------------===//
//
// Parses MLIR, runs passes and prints the result, with the `densenet` dialect,
// every densenetc pass and the upstream dialects and passes registered.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/CPU/Passes.h"
#include "compiler/CodeGen/GPU/Passes.h"
#include "compiler/CodeGen/Common/Passes.h"
#include "compiler/CodeGen/Common/SubsetOpModels.h"
#include "compiler/Conversion/Passes.h"
#include "compiler/Pipeline/Pipelines.h"
#include "dialects/DenseNet/IR/DenseNetDialect.h"
#include "dialects/DenseNet/Transforms/Passes.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::densenet::registerDenseNetPasses();
  mlir::densenet::registerDenseNetConversionPasses();
  mlir::densenet::registerDenseNetCommonCodeGenPasses();
  mlir::densenet::registerDenseNetCPUCodeGenPasses();
  mlir::densenet::registerDenseNetGPUCodeGenPasses();
  mlir::densenet::registerDenseNetPipelines();
  mlir::DialectRegistry registry;
  mlir::densenet::registerSubsetOpModels(registry);
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllToLLVMIRTranslations(registry);
  registry.insert<mlir::densenet::DenseNetDialect>();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "densenet optimizer driver\n", registry));
}
