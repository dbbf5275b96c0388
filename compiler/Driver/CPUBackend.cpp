//===- CPUBackend.cpp - the CPU target ------------------------------------===//
//
// The CPU implementation of TargetBackend: the CPU pipeline, LLVM's
// TargetMachine for the host or a given triple and CPU (created on first
// use, so `--emit=mlir` needs none), and executables linked with
// libdensenet_runtime_cpu.a and LLVM's OpenMP runtime.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver/TargetBackend.h"

#include "compiler/CodeGen/CPU/ObjectEmitter.h"
#include "compiler/Driver/Linker.h"

#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mlir::densenet;

TargetBackend::~TargetBackend() = default;

namespace {

class CPUBackend final : public TargetBackend {
public:
  CPUBackend(const BackendConfig &config, Target schedule)
      : config(config), schedule(schedule) {}

  void buildPipeline(OpPassManager &pm,
                     DenseNetCompileOptions &options) const override {
    options.target = schedule;
    buildDenseNetCompilePipeline(pm, options);
  }

  llvm::Expected<std::unique_ptr<llvm::Module>>
  translate(ModuleOp module, llvm::LLVMContext &context) override {
    auto machine = targetMachine();
    if (!machine)
      return machine.takeError();
    return translateToLLVMIR(module, context, **machine);
  }

  llvm::Error optimize(llvm::Module &module) override {
    auto machine = targetMachine();
    if (!machine)
      return machine.takeError();
    // The CUDA schedule on the CPU checks numerics: compile time matters
    // more than speed there, and LLVM's O3 on its scalar loops is slow.
    return optimizeModule(module, **machine,
                          schedule == Target::CUDAOnCPU ? 1 : 3);
  }

  llvm::Error serialize(llvm::Module &module,
                        llvm::raw_pwrite_stream &os) override {
    auto machine = targetMachine();
    if (!machine)
      return machine.takeError();
    return emitObject(module, **machine, os);
  }

  llvm::Error linkExecutable(llvm::StringRef objectPath,
                             llvm::StringRef outputPath) override {
    // The model's parallel loops run on LLVM's OpenMP runtime.
    return densenet::linkExecutable(objectPath, runtimeLibraryPath(),
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
  /// The TargetMachine of `config`, created once.
  llvm::Expected<llvm::TargetMachine *> targetMachine() {
    if (!machine) {
      auto created = createTargetMachine({config.triple, config.cpu});
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
  Target schedule;
  std::unique_ptr<llvm::TargetMachine> machine;
};

} // namespace

std::unique_ptr<TargetBackend>
densenet::createCPUBackend(const BackendConfig &config, Target schedule) {
  return std::make_unique<CPUBackend>(config, schedule);
}
