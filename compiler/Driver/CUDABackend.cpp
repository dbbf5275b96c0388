//===- CUDABackend.cpp - the NVIDIA GPU target ----------------------------===//
//
// The CUDA implementation of TargetBackend: the GPU pipeline (kernels
// serialized into one fatbin by gpu-module-to-binary), host code for a
// generic CPU of the host's architecture (the executable moves to the GPU
// machine), and executables linked with libdensenet_runtime_cuda.a, which
// loads the CUDA driver with dlopen.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver/TargetBackend.h"

#include "compiler/CodeGen/CPU/ObjectEmitter.h"
#include "compiler/Driver/Linker.h"

#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mlir::densenet;

namespace {

/// The host code only launches kernels: any CPU of the host's architecture
/// runs it.
constexpr llvm::StringLiteral kGenericHostCPU = "generic";

class CUDABackend final : public TargetBackend {
public:
  explicit CUDABackend(const BackendConfig &config) : config(config) {}

  void buildPipeline(OpPassManager &pm,
                     DenseNetCompileOptions &options) const override {
    options.target = Target::CUDA;
    options.gpuArch = config.gpuArch;
    options.cudaToolkit = config.cudaToolkit;
    buildDenseNetCompilePipeline(pm, options);
  }

  llvm::Expected<std::unique_ptr<llvm::Module>>
  translate(ModuleOp module, llvm::LLVMContext &context) override {
    auto machine = hostMachine();
    if (!machine)
      return machine.takeError();
    return translateToLLVMIR(module, context, **machine);
  }

  llvm::Error optimize(llvm::Module &module) override {
    auto machine = hostMachine();
    if (!machine)
      return machine.takeError();
    return optimizeModule(module, **machine);
  }

  llvm::Error serialize(llvm::Module &module,
                        llvm::raw_pwrite_stream &os) override {
    auto machine = hostMachine();
    if (!machine)
      return machine.takeError();
    return emitObject(module, **machine, os);
  }

  llvm::Error linkExecutable(llvm::StringRef objectPath,
                             llvm::StringRef outputPath) override {
    // The runtime opens libcuda.so.1 with dlopen at run time.
    return densenet::linkExecutable(objectPath, runtimeLibraryPath(),
                                    {"-ldl", "-lm"}, outputPath);
  }

  llvm::StringRef runtimeLibraryName() const override {
    return "libdensenet_runtime_cuda.a";
  }

  std::string libraryLinkNote() const override {
    return "Link with libdensenet_runtime_cuda.a -ldl -lm: the model's "
           "kernels run on an\n   NVIDIA GPU through the CUDA driver, "
           "which that runtime opens with dlopen.";
  }

private:
  /// The host's TargetMachine for a generic CPU, created once.
  llvm::Expected<llvm::TargetMachine *> hostMachine() {
    if (!machine) {
      std::string cpu = config.cpu.empty() ? kGenericHostCPU.str() : config.cpu;
      auto created = createTargetMachine({config.triple, cpu});
      if (!created)
        return created.takeError();
      machine = std::move(*created);
    }
    return machine.get();
  }

  std::string runtimeLibraryPath() const {
    if (!config.runtimeLibrary.empty())
      return config.runtimeLibrary;
    llvm::SmallString<256> path(config.runtimeDirectory);
    llvm::sys::path::append(path, runtimeLibraryName());
    return path.str().str();
  }

  BackendConfig config;
  std::unique_ptr<llvm::TargetMachine> machine;
};

} // namespace

std::unique_ptr<TargetBackend>
densenet::createCUDABackend(const BackendConfig &config) {
  return std::make_unique<CUDABackend>(config);
}
