//===- ObjectEmitter.cpp - LLVM dialect to optimized object code ----------===//
//
// Uses LLVM's TargetMachine and new pass manager: no external tools. Parts
// of a split module move between threads as bitcode, since an LLVM context
// belongs to one thread at a time.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/CPU/ObjectEmitter.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/Transforms/Utils/SplitModule.h"

#include <mutex>

using namespace mlir;

static void initializeTargets() {
  static bool initialized = [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
    return true;
  }();
  (void)initialized;
}

static std::string hostFeatures() {
  llvm::SubtargetFeatures features;
  for (const auto &feature : llvm::sys::getHostCPUFeatures())
    features.AddFeature(feature.first(), feature.second);
  return features.getString();
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
densenet::createTargetMachine(const TargetSelection &target) {
  initializeTargets();
  bool host = target.triple.empty();
  llvm::Triple triple(host ? llvm::sys::getDefaultTargetTriple()
                           : target.triple);
  std::string error;
  const llvm::Target *llvmTarget =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!llvmTarget)
    return llvm::createStringError("unknown target triple '" + triple.str() +
                                   "': " + error);
  std::string cpu = target.cpu;
  std::string features;
  if (cpu.empty() || cpu == "native") {
    cpu = host ? llvm::sys::getHostCPUName().str() : "generic";
    features = host ? hostFeatures() : "";
  }
  std::unique_ptr<llvm::MCSubtargetInfo> subtarget(
      llvmTarget->createMCSubtargetInfo(triple, "", ""));
  if (!subtarget || !subtarget->isCPUStringValid(cpu))
    return llvm::createStringError("unknown CPU '" + cpu + "' for target '" +
                                   triple.str() + "'");
  llvm::TargetOptions options;
  // Constructors in .init_array, as clang puts them on every current ELF
  // platform (not .ctors).
  options.UseInitArray = true;
  std::unique_ptr<llvm::TargetMachine> machine(llvmTarget->createTargetMachine(
      triple, cpu, features, options, llvm::Reloc::PIC_, std::nullopt,
      llvm::CodeGenOptLevel::Aggressive));
  if (!machine)
    return llvm::createStringError("cannot create a target machine for '" +
                                   triple.str() + "' cpu '" + cpu + "'");
  return machine;
}

llvm::Expected<std::unique_ptr<llvm::Module>>
densenet::translateToLLVMIR(ModuleOp module, llvm::LLVMContext &context,
                            llvm::TargetMachine &machine) {
  registerBuiltinDialectTranslation(*module.getContext());
  registerLLVMDialectTranslation(*module.getContext());
  registerOpenMPDialectTranslation(*module.getContext());
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, context);
  if (!llvmModule)
    return llvm::createStringError("translation to LLVM IR failed");
  llvmModule->setTargetTriple(machine.getTargetTriple());
  llvmModule->setDataLayout(machine.createDataLayout());
  return llvmModule;
}

llvm::Error densenet::optimizeModule(llvm::Module &module,
                                     llvm::TargetMachine &machine,
                                     unsigned optLevel) {
  return makeOptimizingTransformer(optLevel, /*sizeLevel=*/0,
                                   &machine)(&module);
}

llvm::Error densenet::emitObject(llvm::Module &module,
                                 llvm::TargetMachine &machine,
                                 llvm::raw_pwrite_stream &os) {
  llvm::legacy::PassManager codegen;
  if (machine.addPassesToEmitFile(codegen, os, nullptr,
                                  llvm::CodeGenFileType::ObjectFile))
    return llvm::createStringError("the target cannot emit object files");
  codegen.run(module);
  return llvm::Error::success();
}

/// Optimizes and emits one module with a target machine of its own.
static llvm::Expected<std::string>
compileModule(llvm::Module &module, const densenet::TargetSelection &target,
              unsigned optLevel) {
  auto machine = densenet::createTargetMachine(target);
  if (!machine)
    return machine.takeError();
  if (auto err = densenet::optimizeModule(module, **machine, optLevel))
    return std::move(err);
  llvm::SmallVector<char, 0> object;
  llvm::raw_svector_ostream os(object);
  if (auto err = densenet::emitObject(module, **machine, os))
    return std::move(err);
  return std::string(object.begin(), object.end());
}

/// Reads a part from its bitcode (then freed) into a new context and
/// compiles it.
static llvm::Expected<std::string>
compileBitcode(std::string &bitcode, const densenet::TargetSelection &target,
               unsigned optLevel) {
  llvm::LLVMContext context;
  auto part = llvm::parseBitcodeFile(
      llvm::MemoryBufferRef(bitcode, "densenetc-part"), context);
  std::string().swap(bitcode);
  if (!part)
    return part.takeError();
  return compileModule(**part, target, optLevel);
}

/// Globals at least this large move to their own object instead of a part.
constexpr uint64_t kLargeConstantBytes = 1 << 20;

/// Moves `module`'s large constants (the embedded weights) into a new module
/// in the same context, leaving declarations behind; null when there are
/// none. Bitcode writes an i8 array one element at a time: the 40 MB of
/// DenseNet-121's weights took 1.1 s to write and 0.4 s to read back, on one
/// thread, before this.
static std::unique_ptr<llvm::Module>
takeLargeConstants(llvm::Module &module) {
  auto data = std::make_unique<llvm::Module>(module.getName().str() + ".data",
                                             module.getContext());
  data->setTargetTriple(module.getTargetTriple());
  data->setDataLayout(module.getDataLayout());
  const llvm::DataLayout &layout = module.getDataLayout();
  for (llvm::GlobalVariable &global : module.globals()) {
    if (!global.isConstant() || !global.hasInitializer() ||
        layout.getTypeAllocSize(global.getValueType()) < kLargeConstantBytes)
      continue;
    if (global.hasLocalLinkage()) {
      global.setLinkage(llvm::GlobalValue::ExternalLinkage);
      global.setVisibility(llvm::GlobalValue::HiddenVisibility);
    }
    auto *copy = new llvm::GlobalVariable(
        *data, global.getValueType(), /*isConstant=*/true,
        global.getLinkage(), global.getInitializer(), global.getName());
    copy->copyAttributesFrom(&global);
    global.setInitializer(nullptr);
  }
  if (data->global_empty())
    return nullptr;
  return data;
}

/// The parts of `module`, as bitcode, with every function in exactly one.
static std::vector<std::string> splitIntoBitcode(llvm::Module &module,
                                                 unsigned partitions) {
  std::vector<std::string> parts;
  llvm::SplitModule(
      module, partitions,
      [&](std::unique_ptr<llvm::Module> part) {
        llvm::raw_string_ostream os(parts.emplace_back());
        llvm::WriteBitcodeToFile(*part, os);
      },
      /*PreserveLocals=*/false, /*RoundRobin=*/true);
  return parts;
}

llvm::Expected<std::vector<std::string>> densenet::optimizeAndEmitObjects(
    std::unique_ptr<llvm::Module> module, const TargetSelection &target,
    unsigned optLevel, ObjectPartitioning partitioning) {
  if (partitioning.partitions <= 1) {
    auto object = compileModule(*module, target, optLevel);
    if (!object)
      return object.takeError();
    return std::vector<std::string>{std::move(*object)};
  }
  std::unique_ptr<llvm::Module> data = takeLargeConstants(*module);
  std::vector<std::string> bitcode =
      splitIntoBitcode(*module, partitioning.partitions);
  std::vector<std::string> objects(bitcode.size() + (data ? 1 : 0));
  llvm::Error errors = llvm::Error::success();
  std::mutex errorsMutex;
  auto keep = [&](size_t i, llvm::Expected<std::string> object) {
    if (object) {
      objects[i] = std::move(*object);
      return;
    }
    std::lock_guard<std::mutex> lock(errorsMutex);
    errors = llvm::joinErrors(std::move(errors), object.takeError());
  };
  {
    llvm::DefaultThreadPool pool(
        llvm::hardware_concurrency(std::max(1u, partitioning.threads)));
    for (size_t i = 0; i < bitcode.size(); ++i)
      pool.async([&, i] {
        keep(i, compileBitcode(bitcode[i], target, optLevel));
      });
    // The constants stay in `module`'s context, which only this thread uses.
    if (data)
      keep(bitcode.size(), compileModule(*data, target, optLevel));
    data.reset();
    module.reset();
    pool.wait();
  }
  if (errors)
    return std::move(errors);
  return objects;
}
