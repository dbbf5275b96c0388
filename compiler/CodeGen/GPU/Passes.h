//===- Passes.h - the GPU backend's passes ----------------------*- C++ -*-===//
//
// Declares the GPU backend's code generation passes (from Passes.td).
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CODEGEN_GPU_PASSES_H
#define DENSENET_CODEGEN_GPU_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::densenet {

#define GEN_PASS_DECL
#include "compiler/CodeGen/GPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/CodeGen/GPU/Passes.h.inc"

} // namespace mlir::densenet

#endif // DENSENET_CODEGEN_GPU_PASSES_H
