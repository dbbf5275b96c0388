//===- Passes.h - target-neutral code generation passes --*- C++ -*-===//
//
// Declares the code generation passes every target runs (from Passes.td).
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CODEGEN_COMMON_PASSES_H
#define DENSENET_CODEGEN_COMMON_PASSES_H

#include "dialects/DenseNet/IR/DenseNetDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::densenet {

#define GEN_PASS_DECL
#include "compiler/CodeGen/Common/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/CodeGen/Common/Passes.h.inc"

} // namespace mlir::densenet

#endif // DENSENET_CODEGEN_COMMON_PASSES_H
