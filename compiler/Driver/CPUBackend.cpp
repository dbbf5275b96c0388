//===- CPUBackend.cpp - the CPU target ------------------------------------===//
//
// The CPU implementation of TargetBackend: the CPU pipeline (or the CUDA
// schedule run on the CPU), host code for the host or a given triple and
// CPU, and executables linked with libdensenet_runtime_cpu.a and LLVM's
// OpenMP runtime.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver/HostObjectBackend.h"

#include "compiler/Driver/Linker.h"

using namespace mlir;
using namespace mlir::densenet;

namespace {

/// The CUDA schedule on the CPU checks numerics: compile time matters more
/// than speed there, and LLVM's O3 on its scalar loops is slow.
unsigned optLevelFor(Target schedule) {
  return schedule == Target::CUDAOnCPU ? 1 : 3;
}

class CPUBackend final : public HostObjectBackend {
public:
  CPUBackend(const BackendConfig &config, Target schedule)
      : HostObjectBackend(config, config.cpu, optLevelFor(schedule)),
        schedule(schedule) {}

  void buildPipeline(OpPassManager &pm,
                     DenseNetCompileOptions &options) const override {
    options.target = schedule;
    buildDenseNetCompilePipeline(pm, options);
  }

  llvm::Error linkExecutable(llvm::ArrayRef<std::string> objectPaths,
                             llvm::StringRef outputPath) override {
    // The model's parallel loops run on LLVM's OpenMP runtime.
    return densenet::linkExecutable(objectPaths, runtimeLibraryPath(),
                                    {"-lomp", "-lm"}, outputPath);
  }

  llvm::StringRef runtimeLibraryName() const override {
    return "libdensenet_runtime_cpu.a";
  }

  std::string libraryLinkNote() const override {
    return "Link with -lomp (LLVM's OpenMP runtime): the model's loops over "
           "pixel\n   blocks run on OpenMP threads, as many as "
           "OMP_NUM_THREADS or\n   omp_set_num_threads() ask for.";
  }

private:
  Target schedule;
};

} // namespace

std::unique_ptr<TargetBackend>
densenet::createCPUBackend(const BackendConfig &config, Target schedule) {
  return std::make_unique<CPUBackend>(config, schedule);
}
