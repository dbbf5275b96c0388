//===- HostObjectBackend.h - backends that emit a host object --*- C++ -*-===//
//
// What the CPU and CUDA backends share: the LLVM module of the host code,
// optimized and emitted by LLVM's TargetMachine (created on first use, so
// `--emit=mlir` needs none), and the path of the runtime archive.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_DRIVER_HOSTOBJECTBACKEND_H
#define DENSENET_DRIVER_HOSTOBJECTBACKEND_H

#include "compiler/Driver/TargetBackend.h"

#include "llvm/Target/TargetMachine.h"

namespace mlir::densenet {

class HostObjectBackend : public TargetBackend {
public:
  llvm::Expected<std::unique_ptr<llvm::Module>>
  translate(ModuleOp module, llvm::LLVMContext &context) override;
  llvm::Error optimize(llvm::Module &module) override;
  llvm::Expected<std::vector<std::string>>
  emitObjects(std::unique_ptr<llvm::Module> module,
              ObjectPartitioning partitioning) override;

protected:
  /// Host code for `config`'s triple and `cpu`, optimized at O`optLevel`.
  HostObjectBackend(const BackendConfig &config, std::string cpu,
                    unsigned optLevel);

  /// The runtime archive: `config.runtimeLibrary`, else
  /// runtimeLibraryName() in `config.runtimeDirectory`.
  std::string runtimeLibraryPath() const;

  /// The file `name` in `config.runtimeDirectory`.
  std::string runtimeDirectoryFile(llvm::StringRef name) const;

  BackendConfig config;

private:
  /// The TargetMachine, created once.
  llvm::Expected<llvm::TargetMachine *> targetMachine();

  std::string cpu;
  unsigned optLevel;
  std::unique_ptr<llvm::TargetMachine> machine;
};

} // namespace mlir::densenet

#endif // DENSENET_DRIVER_HOSTOBJECTBACKEND_H
