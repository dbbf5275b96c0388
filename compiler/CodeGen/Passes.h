//===- Passes.h - densenetc code generation passes --------------*- C++ -*-===//
//
// Declares densenetc's code generation passes (generated from Passes.td).
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CODEGEN_PASSES_H
#define DENSENET_CODEGEN_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::densenet {

#define GEN_PASS_DECL
#include "compiler/CodeGen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/CodeGen/Passes.h.inc"

} // namespace mlir::densenet

#endif // DENSENET_CODEGEN_PASSES_H
