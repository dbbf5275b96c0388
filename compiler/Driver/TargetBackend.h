//===- TargetBackend.h - what the driver needs from a target ----*- C++ -*-===//
//
// The driver compiles for a target through this interface: the target's
// `densenet-compile` pipeline, the serialization of its code into an object
// file, the link of an executable or shared library with the target's
// runtime, and what a library's users must link. CPUBackend.cpp and CUDABackend.cpp implement it.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_DRIVER_TARGETBACKEND_H
#define DENSENET_DRIVER_TARGETBACKEND_H

#include "compiler/CodeGen/CPU/ObjectEmitter.h"
#include "compiler/Driver/ModelInterface.h"
#include "compiler/Pipeline/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace mlir::densenet {

/// Where the code runs and where the runtime archives are.
struct BackendConfig {
  std::string triple; ///< CPU: empty for the host.
  std::string cpu;    ///< CPU: empty for the host CPU, or generic off-host.
  /// The folder of the runtime archives (densenetc's `../lib`).
  std::string runtimeDirectory;
  /// Overrides the runtime archive's path when not empty.
  std::string runtimeLibrary;
  /// CUDA: the GPU architecture (sm_80, sm_86, sm_89 or sm_90).
  std::string gpuArch = "sm_90";
  /// CUDA: the toolkit whose ptxas, fatbinary and libdevice build the GPU
  /// binary.
  std::string cudaToolkit = "/usr/local/cuda";
};

class TargetBackend {
public:
  virtual ~TargetBackend();

  /// Adds `densenet-compile` for this target, with `options`' stage and
  /// flags, to `pm`.
  virtual void buildPipeline(OpPassManager &pm,
                             DenseNetCompileOptions &options) const = 0;

  /// Translates the LLVM-dialect `module` to LLVM IR for this target.
  virtual llvm::Expected<std::unique_ptr<llvm::Module>>
  translate(ModuleOp module, llvm::LLVMContext &context) = 0;

  /// Optimizes `module` (output of `translate`) for this target.
  virtual llvm::Error optimize(llvm::Module &module) = 0;

  /// Optimizes `module` (output of `translate`) and emits it as object
  /// files, `partitioning.partitions` of them, compiled in parallel.
  virtual llvm::Expected<std::vector<std::string>>
  emitObjects(std::unique_ptr<llvm::Module> module,
              ObjectPartitioning partitioning) = 0;

  /// Links the object files at `objectPaths` with this target's runtime
  /// into the executable `outputPath`.
  virtual llvm::Error linkExecutable(llvm::ArrayRef<std::string> objectPaths,
                                     llvm::StringRef outputPath) = 0;

  /// The device memory `interface`'s model needs on an accelerator (its
  /// `<prefix>_run` allocates it); 0 for a model that runs on the host.
  virtual uint64_t deviceBytes(const ModelInterface &interface) const {
    return 0;
  }

  /// The file name of the runtime archive executables link with.
  virtual llvm::StringRef runtimeLibraryName() const = 0;

  /// What users of a `--emit=lib` library link besides it, and why: a
  /// comment for the library's header.
  virtual std::string libraryLinkNote() const = 0;

  /// The static libraries whose members a `--emit=lib` library carries
  /// besides the model's object: runtime code the model's code calls.
  virtual std::vector<std::string> libraryArchives() const { return {}; }

  /// Links the object files at `objectPaths` and the runtime code they call
  /// into the `--emit=shared` library `outputPath`, named `soname`, which
  /// exports `symbols` and nothing else. Targets without shared libraries
  /// return an error.
  virtual llvm::Error linkSharedLibrary(llvm::ArrayRef<std::string> objectPaths,
                                        llvm::ArrayRef<std::string> symbols,
                                        llvm::StringRef soname,
                                        llvm::StringRef outputPath) {
    return llvm::createStringError(
        "--emit=shared is not supported for this target");
  }

  /// What users of a `--emit=shared` library need to know to link or load
  /// it: a comment for the library's header.
  virtual std::string sharedLibraryLinkNote() const { return ""; }
};

/// The CPU backend: LLVM's TargetMachine for `config`'s triple and CPU,
/// OpenMP-lowered loops on the runtime's thread pool, linked by the system
/// C compiler. `schedule` is
/// Target::CPU, or Target::CUDAOnCPU for the CUDA schedule run on the CPU.
std::unique_ptr<TargetBackend>
createCPUBackend(const BackendConfig &config, Target schedule = Target::CPU);

/// The CUDA backend: NVVM kernels for `config`'s GPU architecture in one
/// fatbin, host code for a generic CPU, linked with the CUDA runtime
/// archive.
std::unique_ptr<TargetBackend> createCUDABackend(const BackendConfig &config);

} // namespace mlir::densenet

#endif // DENSENET_DRIVER_TARGETBACKEND_H
