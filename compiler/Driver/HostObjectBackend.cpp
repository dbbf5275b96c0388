//===- HostObjectBackend.cpp - backends that emit a host object -----------===//
//
// Translates, optimizes and emits host code with LLVM's TargetMachine.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver/HostObjectBackend.h"

#include "compiler/CodeGen/CPU/ObjectEmitter.h"

#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mlir::densenet;

TargetBackend::~TargetBackend() = default;

HostObjectBackend::HostObjectBackend(const BackendConfig &config,
                                     std::string cpu, unsigned optLevel)
    : config(config), cpu(std::move(cpu)), optLevel(optLevel) {}

llvm::Expected<std::unique_ptr<llvm::Module>>
HostObjectBackend::translate(ModuleOp module, llvm::LLVMContext &context) {
  auto machine = targetMachine();
  if (!machine)
    return machine.takeError();
  return translateToLLVMIR(module, context, **machine);
}

llvm::Error HostObjectBackend::optimize(llvm::Module &module) {
  auto machine = targetMachine();
  if (!machine)
    return machine.takeError();
  return optimizeModule(module, **machine, optLevel);
}

llvm::Expected<std::vector<std::string>>
HostObjectBackend::emitObjects(std::unique_ptr<llvm::Module> module,
                               ObjectPartitioning partitioning) {
  return optimizeAndEmitObjects(std::move(module), {config.triple, cpu},
                                optLevel, partitioning);
}

std::string HostObjectBackend::runtimeLibraryPath() const {
  if (!config.runtimeLibrary.empty())
    return config.runtimeLibrary;
  return runtimeDirectoryFile(runtimeLibraryName());
}

std::string
HostObjectBackend::runtimeDirectoryFile(llvm::StringRef name) const {
  llvm::SmallString<256> path(config.runtimeDirectory);
  llvm::sys::path::append(path, name);
  return path.str().str();
}

llvm::Expected<llvm::TargetMachine *> HostObjectBackend::targetMachine() {
  if (!machine) {
    auto created = createTargetMachine({config.triple, cpu});
    if (!created)
      return created.takeError();
    machine = std::move(*created);
  }
  return machine.get();
}
