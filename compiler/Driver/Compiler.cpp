//===- Compiler.cpp - densenetc's compilation driver ----------------------===//
//
// densenet dialect -> (densenet-compile for the backend's target) -> LLVM
// dialect -> LLVM IR -> object file -> executable, static or shared library,
// with the
// target-specific steps behind TargetBackend.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver/Compiler.h"

#include "compiler/Driver/Linker.h"
#include "compiler/Driver/MemoryReport.h"
#include "compiler/Driver/ModelInterface.h"
#include "compiler/Driver/PendingOutputs.h"
#include "compiler/Driver/WeightsFile.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::densenet;

namespace {

std::string printToString(llvm::function_ref<void(llvm::raw_ostream &)> print) {
  std::string text;
  llvm::raw_string_ostream os(text);
  print(os);
  return text;
}

/// Text outputs go to stdout for "-".
llvm::Error writeText(PendingOutputs &outputs, llvm::StringRef path,
                      llvm::StringRef text) {
  if (path != "-")
    return outputs.write(path, text);
  llvm::outs() << text;
  return llvm::Error::success();
}

llvm::Error runPasses(ModuleOp module, const CompileOptions &options,
                      llvm::function_ref<void(OpPassManager &)> build) {
  PassManager pm(module.getContext());
  if (options.configurePassManager && failed(options.configurePassManager(pm)))
    return llvm::createStringError("invalid pass manager options");
  build(pm);
  if (failed(pm.run(module)))
    return llvm::createStringError("compilation failed");
  // Once per pipeline, whether or not the pass manager verified each pass.
  if (failed(verify(module)))
    return llvm::createStringError(
        "compilation produced invalid IR (--verify-each finds the pass)");
  return llvm::Error::success();
}

/// Adds the backend's passes that take the densenet module down to `last`,
/// with `weightsSymbol` naming the weight blob.
void buildCompilePipeline(OpPassManager &pm, const CompileOptions &options,
                          const TargetBackend &backend, MLIRStage last,
                          llvm::StringRef weightsSymbol) {
  DenseNetCompileOptions pipeline;
  pipeline.stage = last == MLIRStage::Linalg       ? Stage::Linalg
                   : last == MLIRStage::Bufferized ? Stage::Bufferized
                                                   : Stage::LLVM;
  pipeline.eliminateConcat = options.eliminateConcat;
  pipeline.reuseBuffers = options.reuseBuffers;
  pipeline.vectorize = options.vectorize;
  pipeline.winograd = options.winograd;
  pipeline.weightsSymbol = weightsSymbol.str();
  pipeline.gpuBinaryPTX = options.emit == EmitKind::PTX;
  backend.buildPipeline(pm, pipeline);
}

/// --emit=mlir: the module after `options.mlirStage`, with the symbols of
/// an executable.
llvm::Error emitMLIR(ModuleOp module, const CompileOptions &options,
                     const TargetBackend &backend) {
  if (options.mlirStage != MLIRStage::DenseNet) {
    ModelInterface interface;
    interface.symbolPrefix = "densenet_model";
    if (auto err = runPasses(module, options, [&](OpPassManager &pm) {
          buildCompilePipeline(pm, options, backend, options.mlirStage,
                               interface.weightsSymbol());
        }))
      return err;
  }
  PendingOutputs outputs;
  if (auto err = writeText(outputs, options.output,
                           printToString([&](llvm::raw_ostream &os) {
                             module.print(os);
                             os << "\n";
                           })))
    return err;
  return outputs.commit();
}

/// --emit=ptx: the PTX of the module's one GPU binary.
llvm::Error emitPTX(ModuleOp module, const CompileOptions &options,
                    PendingOutputs &outputs) {
  auto binaries = module.getOps<gpu::BinaryOp>();
  if (binaries.empty())
    return llvm::createStringError(
        "--emit=ptx: the target compiled no GPU kernels; use --target=cuda");
  auto object = cast<gpu::ObjectAttr>((*binaries.begin()).getObjects()[0]);
  return writeText(outputs, options.output, object.getObject().getValue());
}

/// The packed weight blob, as laid out by densenet-outline-weights.
llvm::StringRef weightBlob(ModuleOp module, const ModelInterface &interface) {
  auto global = module.lookupSymbol<LLVM::GlobalOp>(interface.weightsSymbol());
  auto data = cast<DenseElementsAttr>(*global.getValue());
  ArrayRef<char> raw = data.getRawData();
  return llvm::StringRef(raw.data(), raw.size());
}

/// Moves the weights out of the module into `<output>.weights`.
llvm::Error externalizeWeights(ModuleOp module, const ModelInterface &interface,
                               const CompileOptions &options,
                               PendingOutputs &outputs) {
  auto global = module.lookupSymbol<LLVM::GlobalOp>(interface.weightsSymbol());
  if (auto err =
          outputs.write(options.output + ".weights",
                        renderWeightsFile(weightBlob(module, interface))))
    return err;
  OpBuilder b(global);
  auto byteType = RankedTensorType::get({1}, b.getI8Type());
  global.setGlobalTypeAttr(
      TypeAttr::get(LLVM::LLVMArrayType::get(b.getI8Type(), 1)));
  global.setValueAttr(DenseElementsAttr::get(byteType, int8_t(0)));
  return llvm::Error::success();
}

/// The output's file name without its extension and, as linkers name
/// libraries, without a leading "lib": libtiny.a -> tiny, libtiny.so ->
/// tiny.
std::string libraryStem(llvm::StringRef output) {
  llvm::StringRef stem = llvm::sys::path::stem(output);
  if (stem.size() > 3 && stem.starts_with("lib"))
    stem = stem.drop_front(3);
  return stem.str();
}

bool isLibrary(EmitKind emit) {
  return emit == EmitKind::Library || emit == EmitKind::SharedLibrary;
}

std::string defaultSymbolPrefix(const CompileOptions &options) {
  if (!isLibrary(options.emit))
    return "densenet_model";
  std::string name = options.libraryName.empty() ? libraryStem(options.output)
                                                 : options.libraryName;
  for (char &c : name)
    if (!llvm::isAlnum(c))
      c = '_';
  if (name.empty() || llvm::isDigit(name[0]))
    name = "model_" + name;
  return name;
}

/// Executables are compiled in this many parts, in parallel (see
/// optimizeAndEmitObjects). Libraries and objects stay one object file, so
/// that only the interface's symbols leave it.
constexpr unsigned kExecutablePartitions = 4;

ObjectPartitioning partitioningFor(const CompileOptions &options,
                                   MLIRContext &context) {
  if (options.emit != EmitKind::Executable)
    return {};
  unsigned threads = context.isMultithreadingEnabled()
                         ? llvm::hardware_concurrency().compute_thread_count()
                         : 1;
  return {kExecutablePartitions, threads};
}

/// Temporary files holding `objects`, removed when `removers` goes.
llvm::Expected<std::vector<std::string>>
writeTemporaryObjects(llvm::ArrayRef<std::string> objects,
                      llvm::StringRef prefix,
                      std::vector<llvm::FileRemover> &removers) {
  std::vector<std::string> paths;
  removers.reserve(objects.size());
  for (const std::string &object : objects) {
    llvm::SmallString<128> path;
    int fd;
    if (std::error_code ec =
            llvm::sys::fs::createTemporaryFile(prefix, "o", fd, path))
      return llvm::createStringError(ec, "cannot create a temporary object");
    removers.emplace_back(path);
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << object;
    os.close();
    if (os.has_error())
      return llvm::createStringError(os.error(),
                                     "cannot write " + path.str().str());
    paths.push_back(path.str().str());
  }
  return paths;
}

llvm::Error writeBinary(std::unique_ptr<llvm::Module> llvmModule,
                        TargetBackend &backend, const ModelInterface &interface,
                        const CompileOptions &options, MLIRContext &context,
                        PendingOutputs &outputs, TimingScope &timing) {
  TimingScope codegenTiming = timing.nest("optimize and emit objects");
  auto objects = backend.emitObjects(std::move(llvmModule),
                                     partitioningFor(options, context));
  codegenTiming.stop();
  if (!objects)
    return objects.takeError();
  if (options.emit == EmitKind::Object)
    return outputs.write(options.output, objects->front());
  std::vector<llvm::FileRemover> removers;
  auto objectPaths =
      writeTemporaryObjects(*objects, interface.symbolPrefix, removers);
  if (!objectPaths)
    return objectPaths.takeError();
  auto temp = outputs.reserve(options.output);
  if (!temp)
    return temp.takeError();
  if (isLibrary(options.emit)) {
    bool shared = options.emit == EmitKind::SharedLibrary;
    llvm::SmallString<128> header(options.output);
    llvm::sys::path::replace_extension(header, "h");
    if (header == options.output)
      return llvm::createStringError(
          "-o " + options.output +
          ": the library and its header would be the same file; name the "
          "library with its " +
          (shared ? ".so" : ".a") + " extension");
    if (auto err = outputs.write(header, renderLibraryHeader(interface)))
      return err;
    if (!shared)
      return writeStaticLibrary(*objectPaths, backend.libraryArchives(),
                                *temp);
    TimingScope linkTiming = timing.nest("link");
    return backend.linkSharedLibrary(
        *objectPaths, interface.sharedLibrarySymbols(),
        llvm::sys::path::filename(options.output), *temp);
  }
  TimingScope linkTiming = timing.nest("link");
  return backend.linkExecutable(*objectPaths, *temp);
}

} // namespace

llvm::Error densenet::compileModel(ModuleOp module,
                                   const CompileOptions &options,
                                   TargetBackend &backend) {
  if (options.emit == EmitKind::MLIR)
    return emitMLIR(module, options, backend);

  PendingOutputs outputs;
  ModelInterface interface;
  interface.name = options.modelName;
  interface.symbolPrefix = defaultSymbolPrefix(options);
  interface.weightsEmbedded = !options.externalWeights;
  interface.sharedLibrary = options.emit == EmitKind::SharedLibrary;
  interface.linkNote = interface.sharedLibrary
                           ? backend.sharedLibraryLinkNote()
                           : backend.libraryLinkNote();
  if (auto err = readEntryShapes(module, interface))
    return err;
  bool imageLoop = options.imagesPerCall > 1;
  interface.imageByImage = imageLoop;
  if (imageLoop) {
    interface.inputShape[0] = options.imagesPerCall;
    interface.outputShape[0] = options.imagesPerCall;
  }
  if (auto err = runPasses(module, options, [&](OpPassManager &pm) {
        buildCompilePipeline(pm, options, backend, MLIRStage::LLVM,
                             interface.weightsSymbol());
      }))
    return err;
  interface.weightsBytes = weightBlob(module, interface).size();
  BufferPlanAttr plan = getBufferPlan(module);
  if (!plan)
    return llvm::createStringError("the compiled module has no buffer plan");
  interface.arenaBytes = plan.getArenaBytes();
  interface.deviceBytes = backend.deviceBytes(interface);
  if (options.emit == EmitKind::PTX) {
    if (auto err = emitPTX(module, options, outputs))
      return err;
    return outputs.commit();
  }
  if (!options.memoryReport.empty())
    if (auto err =
            writeMemoryReport(plan, interface, options.memoryReport, outputs))
      return err;
  if (options.externalWeights)
    if (auto err = externalizeWeights(module, interface, options, outputs))
      return err;
  // The entry keeps its MLIR name until here; export it under the prefix.
  module.lookupSymbol<LLVM::LLVMFuncOp>("forward").setSymName(
      imageLoop ? interface.imageForwardSymbol() : interface.forwardSymbol());

  TimingScope timing =
      options.timing ? options.timing->nest("LLVM and linking") : TimingScope();
  TimingScope translateTiming = timing.nest("translate to LLVM IR");
  llvm::LLVMContext llvmContext;
  auto llvmModule = backend.translate(module, llvmContext);
  if (!llvmModule)
    return llvmModule.takeError();
  if (imageLoop)
    addImageLoopForward(**llvmModule, interface);
  addInterfaceGlobals(**llvmModule, interface);
  if (isLibrary(options.emit) && interface.weightsEmbedded)
    addRunFunction(**llvmModule, interface);
  if (interface.sharedLibrary)
    addContextFunctions(**llvmModule, interface);
  translateTiming.stop();

  if (options.emit == EmitKind::LLVMIR) {
    if (auto err = backend.optimize(**llvmModule))
      return err;
    if (auto err = writeText(outputs, options.output,
                             printToString([&](llvm::raw_ostream &os) {
                               (*llvmModule)->print(os, nullptr);
                             })))
      return err;
  } else if (auto err =
                 writeBinary(std::move(*llvmModule), backend, interface,
                             options, *module.getContext(), outputs, timing)) {
    return err;
  }
  return outputs.commit();
}
