//===- Passes.h - densenet dialect transformation passes --------*- C++ -*-===//
//
// Declares the `densenet` dialect's passes (generated from Passes.td).
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_TRANSFORMS_PASSES_H
#define DENSENET_TRANSFORMS_PASSES_H

#include "dialects/DenseNet/IR/DenseNetDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::densenet {

#define GEN_PASS_DECL
#include "dialects/DenseNet/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialects/DenseNet/Transforms/Passes.h.inc"

} // namespace mlir::densenet

#endif // DENSENET_TRANSFORMS_PASSES_H
