//===- BuildDenseNet.h - DenseNet as a densenet-dialect module --*- C++ -*-===//
//
// Builds `func.func @forward(tensor<NxCxHxWxf32>) -> tensor<NxKxf32>` from a
// ModelConfig: densenet.stem, dense_block / transition per block, then
// densenet.classifier, with every weight an arith.constant taken from a
// WeightSource by its torchvision state_dict name.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_IMPORT_BUILDDENSENET_H
#define DENSENET_IMPORT_BUILDDENSENET_H

#include "compiler/Import/ModelConfig.h"
#include "compiler/Import/WeightSource.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace mlir::densenet {

/// Validates `cfg`, builds and verifies the module and calls
/// `weights.finish()`. On any error returns it and no module. Loads the
/// func, arith and densenet dialects into `ctx`.
llvm::Expected<OwningOpRef<ModuleOp>>
buildDenseNet(MLIRContext &ctx, const ModelConfig &cfg, WeightSource &weights);

} // namespace mlir::densenet

#endif // DENSENET_IMPORT_BUILDDENSENET_H
