//===- ObjectEmitter.h - LLVM dialect to optimized object code --*- C++ -*-===//
//
// Translates an LLVM-dialect module to LLVM IR, optimizes it at O3 and emits
// object code with LLVM's TargetMachine for the host or a given target: one
// object, or several compiled in parallel from parts of the module.
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
#include <vector>

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

/// How `optimizeAndEmitObjects` divides the work.
struct ObjectPartitioning {
  /// Object files to split the module's functions into (llvm::SplitModule,
  /// balanced by size); 1 keeps the module whole. The output depends on
  /// this count only, not on the machine.
  unsigned partitions = 1;
  /// Compile the parts on up to this many threads (at most one per part).
  unsigned threads = 1;
};

/// Optimizes `module` at O`optLevel` for `target` and emits it as object
/// files, one per part, plus one holding the large constants (the weights)
/// when there are several parts. Each part is read into an LLVM context of
/// its own and compiled on a thread of its own: LLVM's optimizer and code
/// generator run one module at a time, so this is how they use more than
/// one core.
llvm::Expected<std::vector<std::string>>
optimizeAndEmitObjects(std::unique_ptr<llvm::Module> module,
                       const TargetSelection &target, unsigned optLevel,
                       ObjectPartitioning partitioning);

} // namespace mlir::densenet

#endif // DENSENET_CODEGEN_OBJECTEMITTER_H
