//===- ObjectEmitter.h - LLVM dialect to optimized object code --*- C++ -*-===//
//
// Translates an LLVM-dialect module to LLVM IR, optimizes it at O3 and emits
// an object file with LLVM's TargetMachine for the host or a given target.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CODEGEN_OBJECTEMITTER_H
#define DENSENET_CODEGEN_OBJECTEMITTER_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>

namespace mlir::densenet {

struct TargetSelection {
  std::string triple; ///< Empty: the host.
  std::string cpu;    ///< Empty: the host CPU ("native"), or generic off-host.
};

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const TargetSelection &target);

/// Translates `module` (LLVM dialect) to LLVM IR for `machine`.
llvm::Expected<std::unique_ptr<llvm::Module>>
translateToLLVMIR(ModuleOp module, llvm::LLVMContext &context,
                  llvm::TargetMachine &machine);

/// Runs LLVM's O`optLevel` pipeline tuned for `machine` (MLIR's optimizing
/// transformer: loop and SLP vectorization on at O2 and O3).
llvm::Error optimizeModule(llvm::Module &module, llvm::TargetMachine &machine,
                           unsigned optLevel = 3);

/// Emits `module` as an object file into `os`.
llvm::Error emitObject(llvm::Module &module, llvm::TargetMachine &machine,
                       llvm::raw_pwrite_stream &os);

} // namespace mlir::densenet

#endif // DENSENET_CODEGEN_OBJECTEMITTER_H
