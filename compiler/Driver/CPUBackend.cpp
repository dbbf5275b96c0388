//===- CPUBackend.cpp - the CPU target ------------------------------------===//
//
// The CPU implementation of TargetBackend: the CPU pipeline (or the CUDA
// schedule run on the CPU), host code for the host or a given triple and
// CPU, executables linked with libdensenet_runtime_cpu.a, and libraries
// that carry libdensenet_threads.a (shared ones also libdensenet_shared.a). The model's parallel loops are lowered
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

/// libomp's entry points that upstream's OpenMP lowering calls are renamed
/// `__kmpc_X` -> `densenet_kmpc_X`, the names runtime/cpu/openmp_abi.c
/// defines them under: a program that links a model library and also uses
/// OpenMP itself keeps libomp's own.
constexpr llvm::StringLiteral kOpenMPEntryPrefix = "__kmpc_";
constexpr llvm::StringLiteral kRuntimeEntryPrefix = "densenet_kmpc_";

void renameOpenMPEntryPoints(llvm::Module &module) {
  for (llvm::Function &function : module.functions())
    if (function.isDeclaration() &&
        function.getName().starts_with(kOpenMPEntryPrefix))
      function.setName(kRuntimeEntryPrefix + function.getName().drop_front(
                                                 kOpenMPEntryPrefix.size()));
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

  llvm::Expected<std::unique_ptr<llvm::Module>>
  translate(ModuleOp module, llvm::LLVMContext &context) override {
    auto llvmModule = HostObjectBackend::translate(module, context);
    if (llvmModule)
      renameOpenMPEntryPoints(**llvmModule);
    return llvmModule;
  }

  llvm::Error linkExecutable(llvm::ArrayRef<std::string> objectPaths,
                             llvm::StringRef outputPath) override {
    // The runtime archive carries the thread pool; glibc has pthreads.
    return densenet::linkExecutable(objectPaths, runtimeLibraryPath(), {"-lm"},
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

  llvm::Error linkSharedLibrary(llvm::ArrayRef<std::string> objectPaths,
                                llvm::ArrayRef<std::string> symbols,
                                llvm::StringRef soname,
                                llvm::StringRef outputPath) override {
    std::vector<std::string> archives = libraryArchives();
    archives.push_back(runtimeDirectoryFile("libdensenet_shared.a"));
    return densenet::linkSharedLibrary(objectPaths, archives, {"-lm"},
                                       symbols, soname, outputPath);
  }

  std::string sharedLibraryLinkNote() const override {
    return "A shared library: load it with dlopen, or link with it (-L DIR "
           "-lNAME);\n   it needs only libc and libm. The model's loops over "
           "pixel blocks run on\n   the library's own threads, as many as "
           "<name>_set_threads or OMP_NUM_THREADS\n   say (default: one per "
           "online CPU).";
  }

private:
  Target schedule;
};

} // namespace

std::unique_ptr<TargetBackend>
densenet::createCPUBackend(const BackendConfig &config, Target schedule) {
  return std::make_unique<CPUBackend>(config, schedule);
}
