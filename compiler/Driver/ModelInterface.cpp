//===- ModelInterface.cpp - the compiled model's C interface --------------===//
//
// Emits the interface constants in LLVM IR and the library's C header.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver/ModelInterface.h"

#include "compiler/Driver/WeightsFile.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace mlir;
using namespace mlir::densenet;

llvm::Error densenet::readEntryShapes(ModuleOp module,
                                      ModelInterface &interface) {
  auto func = module.lookupSymbol<func::FuncOp>("forward");
  if (!func)
    return llvm::createStringError("no func.func @forward in the module");
  FunctionType type = func.getFunctionType();
  auto staticF32Shape = [](Type t,
                           unsigned rank) -> std::optional<ArrayRef<int64_t>> {
    auto tensor = dyn_cast<RankedTensorType>(t);
    if (!tensor || tensor.getRank() != rank || !tensor.hasStaticShape() ||
        !tensor.getElementType().isF32())
      return std::nullopt;
    return tensor.getShape();
  };
  if (type.getNumInputs() != 1 || type.getNumResults() != 1)
    return llvm::createStringError(
        "@forward must take one input and return one result");
  auto in = staticF32Shape(type.getInput(0), 4);
  auto out = staticF32Shape(type.getResult(0), 2);
  if (!in || !out)
    return llvm::createStringError(
        "@forward must map a static NxCxHxW f32 tensor to NxK f32 logits");
  interface.inputShape.assign(in->begin(), in->end());
  interface.outputShape.assign(out->begin(), out->end());
  return llvm::Error::success();
}

static void addConstant(llvm::Module &module, llvm::StringRef name,
                        llvm::Constant *value) {
  new llvm::GlobalVariable(module, value->getType(), /*isConstant=*/true,
                           llvm::GlobalValue::ExternalLinkage, value, name);
}

static llvm::Constant *i64Array(llvm::LLVMContext &ctx,
                                ArrayRef<int64_t> values) {
  SmallVector<uint64_t> data(values.begin(), values.end());
  return llvm::ConstantDataArray::get(ctx, ArrayRef<uint64_t>(data));
}

void densenet::addInterfaceGlobals(llvm::Module &module,
                                   const ModelInterface &interface) {
  llvm::LLVMContext &ctx = module.getContext();
  const std::string &p = interface.symbolPrefix;
  addConstant(module, p + "_input_shape", i64Array(ctx, interface.inputShape));
  addConstant(module, p + "_output_shape",
              i64Array(ctx, interface.outputShape));
  addConstant(module, p + "_name",
              llvm::ConstantDataArray::getString(ctx, interface.name));
  addConstant(module, p + "_weights_embedded",
              llvm::ConstantInt::get(llvm::Type::getInt8Ty(ctx),
                                     interface.weightsEmbedded));
  addConstant(module, p + "_weights_bytes",
              llvm::ConstantInt::get(llvm::Type::getInt64Ty(ctx),
                                     interface.weightsBytes));
  addConstant(module, p + "_arena_bytes",
              llvm::ConstantInt::get(llvm::Type::getInt64Ty(ctx),
                                     interface.arenaBytes));
}

std::vector<std::string> ModelInterface::sharedLibrarySymbols() const {
  std::vector<std::string> symbols;
  for (const char *suffix :
       {"_input_shape", "_output_shape", "_name", "_weights_embedded",
        "_weights_data", "_weights_bytes", "_arena_bytes", "_forward", "_run",
        "_init", "_infer", "_teardown", "_set_threads"})
    symbols.push_back(symbolPrefix + suffix);
  return symbols;
}

int64_t densenet::elementCount(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t size : shape)
    count *= size;
  return count;
}

namespace {

/// Linux's MADV_HUGEPAGE and huge page size on x86-64 and AArch64.
constexpr int kAdviseHugePages = 14;
constexpr uint64_t kHugePageBytes = 2 << 20;

/// On Linux, a static `arena` of at least one huge page is aligned to huge
/// pages, and a constructor asks for them (madvise), as the executable's
/// runtime does for its arena (runtime/cpu/arena.c): the convolutions
/// stride through the arena a channel at a time, which misses the TLB with
/// 4 KiB pages.
void adviseHugePages(llvm::Module &module, llvm::GlobalVariable *arena,
                     uint64_t bytes) {
  if (!module.getTargetTriple().isOSLinux() || bytes < kHugePageBytes)
    return;
  arena->setAlignment(llvm::Align(kHugePageBytes));
  llvm::LLVMContext &ctx = module.getContext();
  auto *i32 = llvm::Type::getInt32Ty(ctx);
  auto *i64 = llvm::Type::getInt64Ty(ctx);
  auto *ptr = llvm::PointerType::getUnqual(ctx);
  llvm::FunctionCallee madvise = module.getOrInsertFunction(
      "madvise", llvm::FunctionType::get(i32, {ptr, i64, i32}, false));
  auto *ctor = llvm::Function::Create(
      llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), false),
      llvm::GlobalValue::InternalLinkage, arena->getName() + "_advise",
      module);
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(ctx, "entry", ctor));
  // A hint: its failure changes nothing but speed.
  builder.CreateCall(madvise,
                     {arena, llvm::ConstantInt::get(i64, bytes),
                      llvm::ConstantInt::get(i32, kAdviseHugePages)});
  builder.CreateRetVoid();
  llvm::appendToGlobalCtors(module, ctor, /*Priority=*/65535);
}

/// Bytes from one image's arena to the next in a batch's static arenas: a
/// whole number of huge pages where one arena fills at least one, so that
/// each starts on one.
uint64_t arenaStride(uint64_t arenaBytes) {
  uint64_t alignment = arenaBytes >= kHugePageBytes ? kHugePageBytes : 64;
  return llvm::alignTo(std::max<uint64_t>(arenaBytes, 1), alignment);
}

/// `void <prefix>_run(in, out)`: the forward function with the embedded
/// weights and a static arena. A batch compiled image by image gets one
/// arena per image, and runs on the runtime's dn_run_image_batch
/// (runtime/cpu/image_batch.h): up to one image per thread at once. The
/// arenas are zero-initialized static memory, so those no thread uses are
/// never touched and cost no memory.
void addHostRunFunction(llvm::Module &module, const ModelInterface &interface) {
  llvm::LLVMContext &ctx = module.getContext();
  auto *ptr = llvm::PointerType::getUnqual(ctx);
  auto *i8 = llvm::Type::getInt8Ty(ctx);
  auto *i32 = llvm::Type::getInt32Ty(ctx);
  auto *i64 = llvm::Type::getInt64Ty(ctx);
  auto *type =
      llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), {ptr, ptr}, false);
  auto *run = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                                     interface.symbolPrefix + "_run", module);
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(ctx, "entry", run));
  llvm::GlobalVariable *weights =
      module.getGlobalVariable(interface.weightsSymbol());
  llvm::Function *image = interface.imageByImage
                              ? module.getFunction(interface.imageForwardSymbol())
                              : nullptr;
  int64_t arenas = image ? interface.inputShape[0] : 1;
  uint64_t stride = arenaStride(interface.arenaBytes);
  auto *arenaType = llvm::ArrayType::get(i8, stride * arenas);
  auto *arena = new llvm::GlobalVariable(
      module, arenaType, /*isConstant=*/false,
      llvm::GlobalValue::InternalLinkage,
      llvm::ConstantAggregateZero::get(arenaType), interface.arenaSymbol());
  arena->setAlignment(llvm::Align(64));
  adviseHugePages(module, arena, arenaType->getNumElements());
  if (!image) {
    builder.CreateCall(module.getFunction(interface.forwardSymbol()),
                       {weights, arena, run->getArg(0), run->getArg(1)});
    builder.CreateRetVoid();
    return;
  }
  SmallVector<llvm::Constant *> starts;
  for (int64_t i = 0; i < arenas; ++i)
    starts.push_back(llvm::ConstantExpr::getInBoundsGetElementPtr(
        i8, arena, llvm::ConstantInt::get(i64, i * stride)));
  auto *startsType = llvm::ArrayType::get(ptr, arenas);
  auto *arenaStarts = new llvm::GlobalVariable(
      module, startsType, /*isConstant=*/true,
      llvm::GlobalValue::InternalLinkage,
      llvm::ConstantArray::get(startsType, starts),
      interface.arenaSymbol() + "_starts");
  llvm::FunctionCallee batch = module.getOrInsertFunction(
      "dn_run_image_batch",
      llvm::FunctionType::get(llvm::Type::getVoidTy(ctx),
                              {ptr, ptr, ptr, i32, i64, i64, i64, ptr, ptr},
                              false));
  builder.CreateCall(
      batch, {image, weights, arenaStarts, builder.getInt32(arenas),
              builder.getInt64(arenas),
              builder.getInt64(elementCount(interface.inputShape) / arenas),
              builder.getInt64(elementCount(interface.outputShape) / arenas),
              run->getArg(0), run->getArg(1)});
  builder.CreateRetVoid();
}

/// `int <prefix>_run(in, out)`: dn_cuda_run_model with the model's
/// descriptor, laid out as runtime/cuda/cuda_session.h's dn_cuda_model, and
/// its session, opened on the first call.
void addGPURunFunction(llvm::Module &module, const ModelInterface &interface) {
  llvm::LLVMContext &ctx = module.getContext();
  auto *ptr = llvm::PointerType::getUnqual(ctx);
  auto *i32 = llvm::Type::getInt32Ty(ctx);
  auto *i64 = llvm::Type::getInt64Ty(ctx);
  const std::string &p = interface.symbolPrefix;
  auto *modelType = llvm::StructType::get(ctx, {ptr, ptr, i64, i64, i64, i64});
  auto *model = new llvm::GlobalVariable(
      module, modelType, /*isConstant=*/true,
      llvm::GlobalValue::InternalLinkage,
      llvm::ConstantStruct::get(
          modelType,
          {module.getFunction(interface.forwardSymbol()),
           module.getGlobalVariable(interface.weightsSymbol()),
           llvm::ConstantInt::get(i64, interface.weightsBytes),
           llvm::ConstantInt::get(i64, interface.arenaBytes),
           llvm::ConstantInt::get(i64, elementCount(interface.inputShape)),
           llvm::ConstantInt::get(i64, elementCount(interface.outputShape))}),
      p + "_cuda_model");
  auto *session = new llvm::GlobalVariable(
      module, ptr, /*isConstant=*/false, llvm::GlobalValue::InternalLinkage,
      llvm::ConstantPointerNull::get(ptr), p + "_cuda_session");
  llvm::FunctionCallee runModel = module.getOrInsertFunction(
      "dn_cuda_run_model",
      llvm::FunctionType::get(i32, {ptr, ptr, ptr, ptr}, false));
  auto *run = llvm::Function::Create(
      llvm::FunctionType::get(i32, {ptr, ptr}, false),
      llvm::GlobalValue::ExternalLinkage, p + "_run", module);
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(ctx, "entry", run));
  builder.CreateRet(builder.CreateCall(
      runModel, {model, session, run->getArg(0), run->getArg(1)}));
}

} // namespace

void densenet::addRunFunction(llvm::Module &module,
                              const ModelInterface &interface) {
  if (interface.deviceBytes)
    addGPURunFunction(module, interface);
  else
    addHostRunFunction(module, interface);
}

/// Defines `name` as a call of the runtime function `callee` (declared with
/// `calleeType`) on `args(wrapper)`, returning what it returns.
static void addRuntimeCall(
    llvm::Module &module, llvm::StringRef name, llvm::FunctionType *type,
    llvm::StringRef callee, llvm::FunctionType *calleeType,
    llvm::function_ref<SmallVector<llvm::Value *>(llvm::Function *)> args) {
  auto *wrapper = llvm::Function::Create(
      type, llvm::GlobalValue::ExternalLinkage, name, module);
  llvm::IRBuilder<> builder(
      llvm::BasicBlock::Create(module.getContext(), "entry", wrapper));
  llvm::CallInst *call = builder.CreateCall(
      module.getOrInsertFunction(callee, calleeType), args(wrapper));
  if (type->getReturnType()->isVoidTy())
    builder.CreateRetVoid();
  else
    builder.CreateRet(call);
}

void densenet::addContextFunctions(llvm::Module &module,
                                   const ModelInterface &interface) {
  llvm::LLVMContext &ctx = module.getContext();
  auto *ptr = llvm::PointerType::getUnqual(ctx);
  auto *i32 = llvm::Type::getInt32Ty(ctx);
  auto *i64 = llvm::Type::getInt64Ty(ctx);
  auto *voidType = llvm::Type::getVoidTy(ctx);
  const std::string &p = interface.symbolPrefix;
  auto *initType = llvm::FunctionType::get(ptr, {}, false);
  addRuntimeCall(module, p + "_init", initType, "dn_model_context_create",
                 llvm::FunctionType::get(ptr, {i64}, false),
                 [&](llvm::Function *) -> SmallVector<llvm::Value *> {
                   return {llvm::ConstantInt::get(i64, interface.arenaBytes)};
                 });
  llvm::Function *forward = module.getFunction(interface.forwardSymbol());
  llvm::GlobalVariable *weights =
      module.getGlobalVariable(interface.weightsSymbol());
  addRuntimeCall(module, p + "_infer",
                 llvm::FunctionType::get(i32, {ptr, ptr, ptr}, false),
                 "dn_model_context_run",
                 llvm::FunctionType::get(i32, {ptr, ptr, ptr, ptr, ptr}, false),
                 [&](llvm::Function *f) -> SmallVector<llvm::Value *> {
                   return {f->getArg(0), forward, weights, f->getArg(1),
                           f->getArg(2)};
                 });
  auto *teardownType = llvm::FunctionType::get(voidType, {ptr}, false);
  addRuntimeCall(module, p + "_teardown", teardownType,
                 "dn_model_context_destroy", teardownType,
                 [](llvm::Function *f) -> SmallVector<llvm::Value *> {
                   return {f->getArg(0)};
                 });
  auto *threadsType = llvm::FunctionType::get(i32, {i32}, false);
  addRuntimeCall(module, p + "_set_threads", threadsType,
                 "dn_pool_set_threads", threadsType,
                 [](llvm::Function *f) -> SmallVector<llvm::Value *> {
                   return {f->getArg(0)};
                 });
}

/// The header's declarations of a shared library's contexts.
static std::string contextDeclarations(const ModelInterface &interface) {
  if (!interface.sharedLibrary)
    return "";
  return llvm::formatv(
             R"(
/* Contexts: each owns an arena of {1}_ARENA_BYTES bytes, so calls on
   different contexts may run at the same time on different threads; calls
   on one context run one at a time (a call waits for the one running on
   it). {0}_init returns a new context, or NULL when memory runs out. */
typedef struct {0}_context {0}_context;
{0}_context *{0}_init(void);

/* Runs the model with its embedded weights in `context`'s arena: `input`
   holds {1}_INPUT_N*C*H*W floats (NCHW), `output` receives
   {1}_OUTPUT_N*{1}_OUTPUT_CLASSES logits; the two must not overlap.
   Returns 0, or -1 when `context` is NULL. */
int {0}_infer({0}_context *context, const float *input, float *output);

/* Frees `context` and its arena (NULL: nothing); no call may be running
   on it. */
void {0}_teardown({0}_context *context);

/* The threads each call's parallel loops use, the caller included, for
   every context of this library: 1 to 1024 (default: OMP_NUM_THREADS, else
   one per online CPU). While one call runs on them, a call on another
   context runs on its own thread alone. Returns 0, or -1 for a count out
   of range. */
int {0}_set_threads(int threads);
)",
             interface.symbolPrefix,
             llvm::StringRef(interface.symbolPrefix).upper())
      .str();
}

/// The header's declaration of `<prefix>_run`, or of the weight file's
/// layout when the weights are external.
static std::string runDeclaration(const ModelInterface &interface) {
  const std::string &p = interface.symbolPrefix;
  std::string upper = llvm::StringRef(p).upper();
  if (!interface.weightsEmbedded)
    return llvm::formatv("/* Weights are external: the weights file is a "
                         "{0}-byte header, then the\n   blob to pass to "
                         "{1}_forward (64-byte aligned in an mmap of the "
                         "file). */\n#define {2}_WEIGHTS_FILE_HEADER_BYTES "
                         "{0}\n",
                         kWeightsFileHeaderBytes, p, upper)
        .str();
  if (!interface.deviceBytes && interface.imageByImage)
    return llvm::formatv(
               "/* Runs the model with its embedded weights and static "
               "arenas (not reentrant):\n   up to {1} images at once, one per "
               "thread, each in an arena of its own\n   ({1} arenas of at "
               "least {2}_ARENA_BYTES in zero-initialized static memory;\n   "
               "those no thread uses are never touched). `input` and `output` "
               "must not\n   overlap. */\nvoid {0}_run(const float *input, "
               "float *output);\n",
               p, interface.inputShape[0], upper)
        .str();
  if (!interface.deviceBytes)
    return llvm::formatv("/* Runs the model with its embedded weights and a "
                         "static arena (not reentrant).\n   `input` and "
                         "`output` must not overlap. */\n"
                         "void {0}_run(const float *input, float *output);\n",
                         p)
        .str();
  return llvm::formatv(
             "/* Device memory {0}_run allocates on the GPU: the weights, the "
             "arena, the input\n   and the output, each 256-byte aligned. */\n"
             "#define {1}_DEVICE_BYTES {2}\n\n"
             "/* Runs the model on GPU 0 with its embedded weights: the first "
             "call loads the\n   CUDA driver, allocates {1}_DEVICE_BYTES, "
             "copies the weights and captures a\n   CUDA graph, which every "
             "call replays (not reentrant). `input` and `output`\n   are host "
             "memory. Returns 0, or -1 after printing an error to stderr (no\n"
             "   NVIDIA driver or GPU, a failed CUDA call). */\n"
             "int {0}_run(const float *input, float *output);\n",
             p, upper, interface.deviceBytes)
      .str();
}

std::string densenet::renderLibraryHeader(const ModelInterface &interface) {
  std::string guard = llvm::StringRef(interface.symbolPrefix).upper() + "_H";
  std::string upper = llvm::StringRef(interface.symbolPrefix).upper();
  const auto &in = interface.inputShape;
  const auto &out = interface.outputShape;
  std::string run = runDeclaration(interface) + contextDeclarations(interface);
  std::string memory =
      interface.deviceBytes
          ? "device memory (GPU pointers); it enqueues its kernels and waits "
            "for them"
          : "64-byte-aligned scratch memory";
  return llvm::formatv(
             R"(/* {0}.h: C interface of the DenseNet "{1}", generated by densenetc.
   {13} */
#ifndef {2}
#define {2}

#include <stdint.h>

#ifdef __cplusplus
extern "C" {{
#endif

/* Input: float32 NCHW; output: float32 logits [N, classes]. */
#define {3}_INPUT_N {4}
#define {3}_INPUT_C {5}
#define {3}_INPUT_H {6}
#define {3}_INPUT_W {7}
#define {3}_OUTPUT_N {8}
#define {3}_OUTPUT_CLASSES {9}
#define {3}_WEIGHTS_BYTES {10}
#define {3}_ARENA_BYTES {12}

{11}
/* Runs the model with `weights` (64-byte aligned, {10} bytes) and `arena`,
   {3}_ARENA_BYTES bytes; every pointer is {14}.
   The four buffers must not overlap. */
void {0}_forward(const void *weights, void *arena, const float *input,
                 float *output);

#ifdef __cplusplus
}
#endif

#endif /* {2} */
)",
             interface.symbolPrefix, interface.name, guard, upper, in[0], in[1],
             in[2], in[3], out[0], out[1], interface.weightsBytes, run,
             interface.arenaBytes, interface.linkNote, memory)
      .str();
}

void densenet::addImageLoopForward(llvm::Module &module,
                                   const ModelInterface &interface) {
  llvm::LLVMContext &ctx = module.getContext();
  auto *i64 = llvm::Type::getInt64Ty(ctx);
  auto *f32 = llvm::Type::getFloatTy(ctx);
  llvm::Function *image = module.getFunction(interface.imageForwardSymbol());
  auto *forward = llvm::Function::Create(image->getFunctionType(),
                                         llvm::GlobalValue::ExternalLinkage,
                                         interface.forwardSymbol(), module);
  int64_t images = interface.inputShape[0];
  int64_t inputFloats = elementCount(interface.inputShape) / images;
  int64_t outputFloats = elementCount(interface.outputShape) / images;

  auto *entry = llvm::BasicBlock::Create(ctx, "entry", forward);
  auto *body = llvm::BasicBlock::Create(ctx, "image", forward);
  auto *exit = llvm::BasicBlock::Create(ctx, "exit", forward);
  llvm::IRBuilder<> builder(entry);
  builder.CreateBr(body);
  builder.SetInsertPoint(body);
  llvm::PHINode *index = builder.CreatePHI(i64, 2, "n");
  index->addIncoming(builder.getInt64(0), entry);
  llvm::Value *input = builder.CreateGEP(
      f32, forward->getArg(2),
      builder.CreateMul(index, builder.getInt64(inputFloats)));
  llvm::Value *output = builder.CreateGEP(
      f32, forward->getArg(3),
      builder.CreateMul(index, builder.getInt64(outputFloats)));
  builder.CreateCall(image,
                     {forward->getArg(0), forward->getArg(1), input, output});
  llvm::Value *next = builder.CreateAdd(index, builder.getInt64(1));
  index->addIncoming(next, body);
  builder.CreateCondBr(builder.CreateICmpSLT(next, builder.getInt64(images)),
                       body, exit);
  builder.SetInsertPoint(exit);
  builder.CreateRetVoid();
}
