//===- ModelLimits.h - size limits on a loaded model ------------*- C++ -*-===//
//
// Holds a densenet-dialect module from any source (preset, JSON, ONNX,
// .mlir) to the limits validate() enforces on configurations: feature map
// elements, layers per dense block and total weight bytes.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_DRIVER_MODELLIMITS_H
#define DENSENET_DRIVER_MODELLIMITS_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

namespace mlir::densenet {

/// Checks every tensor `@forward` computes and every dense block and sums
/// the constant weights; errors name the op's location and the limit.
llvm::Error checkModelLimits(ModuleOp module);

} // namespace mlir::densenet

#endif // DENSENET_DRIVER_MODELLIMITS_H
