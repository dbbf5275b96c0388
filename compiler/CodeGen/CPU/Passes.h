//===- Passes.h - the CPU backend's passes --*- C++ -*-===//
//
// Declares the CPU backend's code generation passes (from Passes.td).
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CODEGEN_CPU_PASSES_H
#define DENSENET_CODEGEN_CPU_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::densenet {

#define GEN_PASS_DECL
#include "compiler/CodeGen/CPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/CodeGen/CPU/Passes.h.inc"

} // namespace mlir::densenet

#endif // DENSENET_CODEGEN_CPU_PASSES_H
