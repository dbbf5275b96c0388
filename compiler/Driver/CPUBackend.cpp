//===- CPUBackend.cpp - the CPU target ------------------------------------===//
//
// The CPU implementation of TargetBackend: the CPU pipeline (or the CUDA
// schedule run on the CPU), host code for the host or a given triple and
// CPU, executables linked with libdensenet_runtime_cpu.a, and libraries
// that carry libdensenet_threads.a. The model's parallel loops are lowered
// to libomp's entry points, which the runtime implements on its own thread
// pool (runtime/cpu/openmp_abi.c): nothing but libc and libm at run time.
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

  llvm::Error linkExecutable(llvm::StringRef objectPath,
                             llvm::StringRef outputPath) override {
    // The runtime archive carries the thread pool; glibc has pthreads.
    return densenet::linkExecutable(objectPath, runtimeLibraryPath(), {"-lm"},
                                    outputPath);
  }

  llvm::StringRef runtimeLibraryName() const override {
    return "libdensenet_runtime_cpu.a";
  }

  std::string libraryLinkNote() const override {
    return "Link with -lm (and -pthread with a C library older than glibc "
           "2.34): the\n   model's loops over pixel blocks run on the "
           "library's own threads, as\n   many as OMP_NUM_THREADS says "
           "(default: one per online CPU).";
  }

  std::vector<std::string> libraryArchives() const override {
    return {runtimeDirectoryFile("libdensenet_threads.a")};
  }

private:
  Target schedule;
};

} // namespace

std::unique_ptr<TargetBackend>
densenet::createCPUBackend(const BackendConfig &config, Target schedule) {
  return std::make_unique<CPUBackend>(config, schedule);
}
