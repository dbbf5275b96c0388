//===- CUDABackend.cpp - the NVIDIA GPU target ----------------------------===//
//
// The CUDA implementation of TargetBackend: the GPU pipeline (kernels
// serialized into one fatbin by gpu-module-to-binary), host code for a
// generic CPU of the host's architecture (the executable moves to the GPU
// machine), and executables linked with libdensenet_runtime_cuda.a, which
// loads the CUDA driver with dlopen.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver/HostObjectBackend.h"

#include "compiler/Driver/Linker.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::densenet;

namespace {

/// The host code only launches kernels: any CPU of the host's architecture
/// runs it.
constexpr llvm::StringLiteral kGenericHostCPU = "generic";

/// Alignment of each part of the runtime's one device allocation.
constexpr uint64_t kDeviceAlignment = 256;

class CUDABackend final : public HostObjectBackend {
public:
  explicit CUDABackend(const BackendConfig &config)
      : HostObjectBackend(config,
                          config.cpu.empty() ? kGenericHostCPU.str()
                                             : config.cpu,
                          /*optLevel=*/3) {}

  void buildPipeline(OpPassManager &pm,
                     DenseNetCompileOptions &options) const override {
    options.target = Target::CUDA;
    options.gpuArch = config.gpuArch;
    options.cudaToolkit = config.cudaToolkit;
    buildDenseNetCompilePipeline(pm, options);
  }

  llvm::Error linkExecutable(llvm::ArrayRef<std::string> objectPaths,
                             llvm::StringRef outputPath) override {
    // The runtime opens libcuda.so.1 with dlopen at run time.
    return densenet::linkExecutable(objectPaths, runtimeLibraryPath(),
                                    {"-ldl", "-lm"}, outputPath);
  }

  /// One allocation of the weights, the arena, the input and the output,
  /// each part 256-byte aligned, as runtime/cuda/cuda_session.c lays it out.
  uint64_t deviceBytes(const ModelInterface &interface) const override {
    uint64_t parts[] = {interface.weightsBytes, interface.arenaBytes,
                        sizeof(float) * elementCount(interface.inputShape),
                        sizeof(float) * elementCount(interface.outputShape)};
    uint64_t total = 0;
    for (uint64_t bytes : parts)
      total += llvm::alignTo(bytes, kDeviceAlignment);
    return total;
  }

  llvm::StringRef runtimeLibraryName() const override {
    return "libdensenet_runtime_cuda.a";
  }

  std::string libraryLinkNote() const override {
    return "Link with densenetc's lib/libdensenet_runtime_cuda.a -ldl -lm: "
           "the model's\n   kernels run on an NVIDIA GPU through the CUDA "
           "driver, which that runtime\n   opens with dlopen.";
  }
};

} // namespace

std::unique_ptr<TargetBackend>
densenet::createCUDABackend(const BackendConfig &config) {
  return std::make_unique<CUDABackend>(config);
}
