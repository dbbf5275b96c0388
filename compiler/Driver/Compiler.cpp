//===- Compiler.cpp - densenetc's compilation driver ----------------------===//
//
// densenet dialect -> (densenet-compile for the backend's target) -> LLVM
// dialect -> LLVM IR -> object file -> executable or library, with the
// target-specific steps behind TargetBackend.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver/Compiler.h"

#include "compiler/Driver/Linker.h"
#include "compiler/Driver/MemoryReport.h"
#include "compiler/Driver/ModelInterface.h"
#include "compiler/Driver/PendingOutputs.h"
#include "compiler/Driver/WeightsFile.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
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
  if (options.configurePassManager &&
      failed(options.configurePassManager(pm)))
    return llvm::createStringError("invalid pass manager options");
  build(pm);
  if (failed(pm.run(module)))
    return llvm::createStringError("compilation failed");
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
llvm::Error externalizeWeights(ModuleOp module,
                               const ModelInterface &interface,
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
/// libraries, without a leading "lib": libtiny.a -> tiny.
std::string libraryStem(llvm::StringRef output) {
  llvm::StringRef stem = llvm::sys::path::stem(output);
  if (stem.size() > 3 && stem.starts_with("lib"))
    stem = stem.drop_front(3);
  return stem.str();
}

std::string defaultSymbolPrefix(const CompileOptions &options) {
  if (options.emit != EmitKind::Library)
    return "densenet_model";
  std::string name = options.libraryName.empty()
                         ? libraryStem(options.output)
                         : options.libraryName;
  for (char &c : name)
    if (!llvm::isAlnum(c))
      c = '_';
  if (name.empty() || llvm::isDigit(name[0]))
    name = "model_" + name;
  return name;
}

llvm::Error writeBinary(llvm::Module &llvmModule, TargetBackend &backend,
                        const ModelInterface &interface,
                        const CompileOptions &options,
                        PendingOutputs &outputs) {
  llvm::SmallString<128> objectPath;
  int fd;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
          interface.symbolPrefix, "o", fd, objectPath))
    return llvm::createStringError(ec, "cannot create a temporary object");
  llvm::FileRemover removeObject(objectPath);
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    if (auto err = backend.serialize(llvmModule, os))
      return err;
  }
  if (options.emit == EmitKind::Object) {
    auto buffer = llvm::MemoryBuffer::getFile(objectPath);
    if (!buffer)
      return llvm::createStringError("cannot read back the object file");
    return outputs.write(options.output, (*buffer)->getBuffer());
  }
  auto temp = outputs.reserve(options.output);
  if (!temp)
    return temp.takeError();
  if (options.emit == EmitKind::Library) {
    llvm::SmallString<128> header(options.output);
    llvm::sys::path::replace_extension(header, "h");
    if (header == options.output)
      return llvm::createStringError(
          "-o " + options.output +
          ": the library and its header would be the same file; name the "
          "library with its .a extension");
    if (auto err = outputs.write(header, renderLibraryHeader(interface)))
      return err;
    return writeStaticLibrary(objectPath, backend.libraryArchives(), *temp);
  }
  return backend.linkExecutable(objectPath, *temp);
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
  interface.linkNote = backend.libraryLinkNote();
  if (auto err = readEntryShapes(module, interface))
    return err;
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
    if (auto err = writeMemoryReport(plan, interface, options.memoryReport,
                                     outputs))
      return err;
  if (options.externalWeights)
    if (auto err = externalizeWeights(module, interface, options, outputs))
      return err;
  // The entry keeps its MLIR name until here; export it under the prefix.
  module.lookupSymbol<LLVM::LLVMFuncOp>("forward").setSymName(
      interface.forwardSymbol());

  llvm::LLVMContext llvmContext;
  auto llvmModule = backend.translate(module, llvmContext);
  if (!llvmModule)
    return llvmModule.takeError();
  addInterfaceGlobals(**llvmModule, interface);
  if (options.emit == EmitKind::Library && interface.weightsEmbedded)
    addRunFunction(**llvmModule, interface);
  if (auto err = backend.optimize(**llvmModule))
    return err;

  if (options.emit == EmitKind::LLVMIR) {
    if (auto err = writeText(outputs, options.output,
                             printToString([&](llvm::raw_ostream &os) {
                               (*llvmModule)->print(os, nullptr);
                             })))
      return err;
  } else if (auto err = writeBinary(**llvmModule, backend, interface, options,
                                    outputs)) {
    return err;
  }
  return outputs.commit();
}
