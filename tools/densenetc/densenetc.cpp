//===- densenetc.cpp - the DenseNet ahead-of-time compiler ----------------===//
//
// Command line of densenetc: parses options with llvm::cl, loads the model
// description and hands it to the compilation driver. Diagnostics carry
// source locations; every failure exits non-zero and writes no output.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/CPU/Passes.h"
#include "compiler/CodeGen/Common/Passes.h"
#include "compiler/CodeGen/Common/SubsetOpModels.h"
#include "compiler/CodeGen/GPU/Passes.h"
#include "compiler/Conversion/Passes.h"
#include "compiler/Driver/Compiler.h"
#include "compiler/Driver/ModelLoader.h"
#include "compiler/Driver/PendingOutputs.h"
#include "dialects/DenseNet/IR/DenseNetDialect.h"
#include "dialects/DenseNet/Transforms/Passes.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

using namespace mlir;
using namespace mlir::densenet;
namespace cl = llvm::cl;

static cl::OptionCategory category("densenetc options");

static cl::opt<std::string> inputModel(
    cl::Positional, cl::Required, cl::cat(category),
    cl::desc("<model: preset name | architecture.json | model.onnx | "
             "model.mlir>"));

static cl::opt<std::string> outputPath("o", cl::cat(category),
                                       cl::value_desc("path"),
                                       cl::desc("Output file ('-' = stdout "
                                                "for --emit=mlir|llvm|ptx)"));

static cl::opt<std::string> weightsPath(
    "weights", cl::cat(category), cl::value_desc("file.safetensors"),
    cl::desc("Weights whose names are torchvision state_dict keys"));

static cl::opt<uint64_t> randomWeights(
    "random-weights", cl::cat(category), cl::value_desc("seed"),
    cl::desc("Deterministic seeded weights with non-trivial BN statistics"));

static cl::opt<int64_t> batch("batch", cl::cat(category), cl::value_desc("N"),
                              cl::desc("Static batch size (default: the "
                                       "description's)"));

static cl::opt<std::string> imageSize(
    "image-size", cl::cat(category), cl::value_desc("H[xW]"),
    cl::desc("Static input height and width (default: the description's)"));

static cl::opt<EmitKind> emit(
    "emit", cl::cat(category), cl::init(EmitKind::Executable),
    cl::desc("What to produce"),
    cl::values(
        clEnumValN(EmitKind::Executable, "exe", "standalone executable"),
        clEnumValN(EmitKind::Library, "lib",
                   "static library plus C header (<name>_run)"),
        clEnumValN(EmitKind::SharedLibrary, "shared",
                   "shared library plus C header (<name>_init, _infer, "
                   "_teardown; thread-safe per context)"),
        clEnumValN(EmitKind::Object, "obj", "object file"),
        clEnumValN(EmitKind::MLIR, "mlir",
                   "the model in the densenet dialect (or at --mlir-stage)"),
        clEnumValN(EmitKind::LLVMIR, "llvm", "optimized LLVM IR"),
        clEnumValN(EmitKind::PTX, "ptx",
                   "the GPU kernels' PTX (--target=cuda), as ptxas reads "
                   "it")));

static cl::opt<MLIRStage> mlirStage(
    "mlir-stage", cl::cat(category), cl::init(MLIRStage::DenseNet),
    cl::desc("Where --emit=mlir stops (default: densenet)"),
    cl::values(
        clEnumValN(MLIRStage::DenseNet, "densenet",
                   "the densenet dialect, as imported"),
        clEnumValN(MLIRStage::Linalg, "linalg",
                   "linalg on tensors (densenet-opt --densenet-compile)"),
        clEnumValN(MLIRStage::Bufferized, "bufferized",
                   "scheduled, bufferized, buffers planned in the arena, "
                   "weights and kernels outlined"),
        clEnumValN(MLIRStage::LLVM, "llvm", "the LLVM dialect")));

static cl::opt<Target> target(
    "target", cl::cat(category), cl::init(Target::CPU),
    cl::desc("Where the model runs (default: cpu)"),
    cl::values(
        clEnumValN(Target::CPU, "cpu",
                   "this machine's CPU: vectorized code, threads of the "
                   "runtime's own pool"),
        clEnumValN(Target::CUDA, "cuda",
                   "an NVIDIA GPU of --gpu-arch: NVVM kernels in one fatbin "
                   "(cubin and PTX), run through the CUDA driver"),
        clEnumValN(Target::CUDAOnCPU, "cuda-on-cpu",
                   "the CUDA target's kernels, their block and thread loops "
                   "run on this CPU: checks the GPU code's numerics without "
                   "a GPU")));

static cl::opt<std::string> gpuArch(
    "gpu-arch", cl::cat(category), cl::init("sm_90"), cl::value_desc("sm_XX"),
    cl::desc("The NVIDIA GPU architecture of --target=cuda: sm_80 (A100), "
             "sm_86, sm_89 or sm_90 (H100); newer GPUs run its PTX "
             "(default: sm_90)"));

static cl::opt<std::string> cudaToolkit(
    "cuda-toolkit", cl::cat(category), cl::init("/usr/local/cuda"),
    cl::value_desc("dir"),
    cl::desc("The CUDA toolkit whose ptxas, fatbinary and libdevice "
             "--target=cuda uses (default: /usr/local/cuda)"));

enum class WeightsFile { Embedded, External };
static cl::opt<WeightsFile>
    weightsFile("weights-file", cl::cat(category),
                cl::init(WeightsFile::Embedded),
                cl::desc("Where the compiled weights live"),
                cl::values(clEnumValN(WeightsFile::Embedded, "embedded",
                                      "read-only data inside the output"),
                           clEnumValN(WeightsFile::External, "external",
                                      "OUTPUT.weights, mmapped at run time")));

static cl::opt<std::string> mcpu("mcpu", cl::cat(category),
                                 cl::value_desc("cpu"),
                                 cl::desc("Target CPU (default: the host's)"));

static cl::opt<std::string>
    mtriple("mtriple", cl::cat(category), cl::value_desc("triple"),
            cl::desc("Target triple (default: the host's)"));

static cl::opt<std::string> libraryName(
    "name", cl::cat(category), cl::value_desc("identifier"),
    cl::desc("Symbol prefix for --emit=lib|shared (default: the output's "
             "stem without a leading 'lib': -o libtiny.a gives tiny_run)"));

static cl::opt<std::string> memoryReport(
    "memory-report", cl::cat(category), cl::value_desc("file.json"),
    cl::desc("Write the static buffer plan (weights, arena, lower bound, "
             "per-buffer offsets and lifetimes) as JSON, and as an SVG "
             "picture beside it"));

static cl::opt<bool> noConcatElimination(
    "no-concat-elimination", cl::cat(category),
    cl::desc("Keep each dense block's concatenations (for comparison)"));

static cl::opt<bool> noPlan(
    "no-plan", cl::cat(category),
    cl::desc("Give every intermediate buffer its own arena bytes (no reuse), "
             "for comparison with the static plan"));

enum class Switch { Off, On };

static cl::opt<Switch> winograd(
    "winograd", cl::cat(category), cl::init(Switch::On),
    cl::desc(
        "CPU: compute each dense layer's 3x3 convolution as Winograd "
        "F(4x4,3x3) where its feature map's sides are multiples of 4, "
        "F(2x2,3x3) where they are even and at least 8 (filters transformed "
        "at compile time; 4x or 1.8x the 3x3 weight bytes and a larger "
        "arena). Default on"),
    cl::values(clEnumValN(Switch::On, "on", "Winograd where eligible"),
               clEnumValN(Switch::Off, "off", "direct convolutions only")));

static cl::opt<bool> verifyEach(
    "verify-each", cl::cat(category),
    cl::desc("Verify the IR after every compiler pass, to find the pass that "
             "breaks it (slower). By default the IR is verified on input and "
             "after each pipeline"));

static cl::opt<bool>
    vectorize("vectorize", cl::cat(category), cl::init(true), cl::Hidden,
              cl::desc("Tile and vectorize the convolutions (default on)"));

static cl::opt<std::string>
    runtimeLibrary("runtime-lib", cl::cat(category), cl::Hidden,
                   cl::desc("The runtime archive to link executables with"));

/// densenetc's `../lib`, where the build puts the runtime archives.
static std::string runtimeDirectory(const char *argv0) {
  std::string exe =
      llvm::sys::fs::getMainExecutable(argv0, (void *)&runtimeDirectory);
  llvm::SmallString<256> path(llvm::sys::path::parent_path(exe));
  llvm::sys::path::append(path, "..", "lib");
  return path.str().str();
}

/// --help lists densenetc's own options; LLVM's and MLIR's (backend flags,
/// pass-manager options such as -mlir-print-ir-after-all) stay available
/// through --help-hidden.
static void hideLLVMOptions() {
  for (auto &entry : cl::getRegisteredOptions()) {
    cl::Option *option = entry.second;
    bool ours = llvm::is_contained(option->Categories, &category);
    if (!ours && entry.first != "help" && entry.first != "version" &&
        option->getOptionHiddenFlag() == cl::NotHidden)
      option->setHiddenFlag(cl::Hidden);
  }
}

/// The pass manager verifies the IR after every pass, so printing needs not
/// verify it again: fuse_into_containing_op prints the ops it fuses into a
/// diagnostic (kept only if it fails), and verifying them each time made
/// DenseNet-121's GPU schedule take 55 s instead of 17 s.
/// (--mlir-print-assume-verified=false restores the check.)
static void assumeVerifiedWhenPrinting() {
  auto *option = static_cast<cl::opt<bool> *>(
      cl::getRegisteredOptions().lookup("mlir-print-assume-verified"));
  if (option)
    option->setInitialValue(true);
}

static void registerDialects(DialectRegistry &registry) {
  registerSubsetOpModels(registry);
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerAllToLLVMIRTranslations(registry);
  registry.insert<DenseNetDialect>();
}

/// `densenetc --version`: densenetc's version, then LLVM's (MLIR is part of
/// the same release).
static void printVersion(llvm::raw_ostream &os) {
  os << "densenetc " << DENSENETC_VERSION << "\n";
  cl::PrintVersionMessage();
}

/// An executable or shared library is linked by the host's C compiler, so
/// only for the host: a --mtriple naming another architecture or operating
/// system needs --emit=obj or --emit=lib. An unknown triple is left to the
/// code generator's diagnostic.
static llvm::Error checkLinkableTarget() {
  bool linked =
      emit == EmitKind::Executable || emit == EmitKind::SharedLibrary;
  if (!linked || mtriple.empty())
    return llvm::Error::success();
  llvm::Triple target(llvm::Triple::normalize(mtriple));
  llvm::Triple host(llvm::sys::getProcessTriple());
  if (target.getArch() == llvm::Triple::UnknownArch)
    return llvm::Error::success();
  bool otherOS = target.getOS() != llvm::Triple::UnknownOS &&
                 target.getOS() != host.getOS();
  if (target.getArch() == host.getArch() && !otherOS)
    return llvm::Error::success();
  return llvm::createStringError("--mtriple " + mtriple + ": " +
                                 (emit == EmitKind::Executable
                                      ? "an executable"
                                      : "a shared library") +
                                 " can only be linked for the host (" +
                                 host.str() +
                                 "); use --emit=obj or --emit=lib and link it "
                                 "with that target's toolchain");
}

/// --gpu-arch names a supported architecture; CUDA options need the CUDA
/// target.
static llvm::Error checkGPUOptions() {
  bool cuda = target == Target::CUDA;
  if (!cuda && (gpuArch.getNumOccurrences() || cudaToolkit.getNumOccurrences()))
    return llvm::createStringError(
        "--gpu-arch and --cuda-toolkit apply to --target=cuda only");
  if (!llvm::is_contained({"sm_80", "sm_86", "sm_89", "sm_90"},
                          gpuArch.getValue()))
    return llvm::createStringError("--gpu-arch=" + gpuArch +
                                   ": expected sm_80, sm_86, sm_89 or sm_90");
  if (cuda && (!mcpu.empty() || !mtriple.empty()))
    return llvm::createStringError(
        "--mcpu and --mtriple apply to the CPU targets; --target=cuda "
        "builds host code for any CPU of this machine's architecture");
  if (!cuda && emit == EmitKind::PTX)
    return llvm::createStringError("--emit=ptx needs --target=cuda");
  if (cuda && emit == EmitKind::SharedLibrary)
    return llvm::createStringError(
        "--emit=shared supports the CPU targets (cpu, cuda-on-cpu) only; for "
        "--target=cuda use --emit=lib, whose <name>_run runs one call at a "
        "time on GPU 0");
  return llvm::Error::success();
}

/// Option combinations that cannot work, reported before the model is read.
static llvm::Error checkOptions() {
  bool textOutput = emit == EmitKind::MLIR || emit == EmitKind::LLVMIR ||
                    emit == EmitKind::PTX;
  if (outputPath.empty() && !textOutput)
    return llvm::createStringError("no output: give -o PATH");
  if (outputPath == "-" && !textOutput)
    return llvm::createStringError(
        "-o - writes text outputs only (--emit=mlir|llvm|ptx); give a file "
        "name for --emit=exe|lib|shared|obj");
  // An output that cannot be written fails now, not after the compile.
  for (const std::string &path :
       {outputPath.getValue(), memoryReport.getValue()})
    if (!path.empty() && path != "-")
      if (auto err = PendingOutputs::checkDestination(path))
        return err;
  if (mlirStage.getNumOccurrences() && emit != EmitKind::MLIR)
    return llvm::createStringError("--mlir-stage applies to --emit=mlir only");
  if (emit == EmitKind::MLIR && !memoryReport.empty())
    return llvm::createStringError(
        "--memory-report does not apply to --emit=mlir, which writes no "
        "buffer plan; drop one of them");
  if (emit == EmitKind::SharedLibrary && weightsFile == WeightsFile::External)
    return llvm::createStringError(
        "--weights-file=external does not apply to --emit=shared, whose "
        "contexts run the embedded weights; use --emit=lib for external "
        "weights");
  if (emit == EmitKind::MLIR && weightsFile == WeightsFile::External)
    return llvm::createStringError(
        "--weights-file=external does not apply to --emit=mlir, which keeps "
        "the weights in the IR; drop one of them");
  if (llvm::Error err = checkGPUOptions())
    return err;
  return checkLinkableTarget();
}

static int fail(llvm::Error err) {
  llvm::WithColor::error(llvm::errs(), "densenetc")
      << llvm::toString(std::move(err)) << "\n";
  return 1;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  registerAllPasses();
  registerDenseNetPasses();
  registerDenseNetConversionPasses();
  registerDenseNetCommonCodeGenPasses();
  registerDenseNetCPUCodeGenPasses();
  registerDenseNetGPUCodeGenPasses();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerAsmPrinterCLOptions();
  registerDefaultTimingManagerCLOptions();
  assumeVerifiedWhenPrinting();
  hideLLVMOptions();
  cl::SetVersionPrinter(printVersion);
  cl::ParseCommandLineOptions(
      argc, argv,
      "densenetc: compile a DenseNet into a standalone executable\n\n"
      "  densenetc densenet121 --random-weights 0 -o densenet121\n"
      "  densenetc arch.json --weights model.safetensors -o model\n"
      "  densenetc model.onnx --batch 1 -o model\n"
      "  densenetc model.mlir --emit=lib -o libmodel.a\n"
      "  densenetc densenet121 --random-weights 0 --emit=shared -o "
      "libdensenet121.so\n\n"
      "Presets: densenet121 densenet169 densenet201 densenet161 "
      "densenet-bc-100-k12.\n"
      "Pass-manager options (-mlir-print-ir-after-all, ...) are listed by "
      "--help-hidden.\n");

  if (auto err = checkOptions())
    return fail(std::move(err));

  DialectRegistry registry;
  registerDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  // One timing report (--mlir-timing) for the import and compile passes.
  DefaultTimingManager timing;
  applyDefaultTimingManagerCLOptions(timing);
  TimingScope timingScope = timing.getRootScope();
  auto configurePassManager = [&](PassManager &pm) {
    pm.enableTiming(timingScope);
    // Verifying DenseNet-121's IR after each of some 70 passes took a fifth
    // of the compile; the pipelines' callers verify their results instead.
    pm.enableVerifier(verifyEach);
    return applyPassManagerCLOptions(pm);
  };

  ModelSource source;
  source.configurePassManager = configurePassManager;
  source.input = inputModel;
  if (weightsPath.getNumOccurrences())
    source.weightsPath = weightsPath;
  if (randomWeights.getNumOccurrences())
    source.randomSeed = randomWeights;
  if (batch.getNumOccurrences())
    source.batch = batch;
  if (imageSize.getNumOccurrences())
    source.imageSize = imageSize;

  CompileOptions options;
  // On the CPU a batch runs image by image through the one-image model: each
  // image's feature maps stay in cache and the arena is one image's.
  bool perImage = target == Target::CPU && emit != EmitKind::MLIR;
  auto module =
      perImage ? loadModelForOneImage(context, source, sourceMgr,
                                      options.modelName, options.imagesPerCall)
               : loadModel(context, source, sourceMgr, options.modelName);
  if (!module)
    return fail(module.takeError());

  options.output =
      outputPath.empty() ? std::string("-") : outputPath.getValue();
  options.emit = emit;
  options.externalWeights = weightsFile == WeightsFile::External;
  options.libraryName = libraryName;
  options.vectorize = vectorize;
  options.winograd = winograd == Switch::On;
  options.eliminateConcat = !noConcatElimination;
  options.reuseBuffers = !noPlan;
  options.memoryReport = memoryReport;
  options.mlirStage = mlirStage;
  options.configurePassManager = configurePassManager;
  options.timing = &timingScope;
  BackendConfig config;
  config.triple = mtriple;
  config.cpu = mcpu;
  config.runtimeDirectory = runtimeDirectory(argv[0]);
  config.runtimeLibrary = runtimeLibrary;
  config.gpuArch = gpuArch;
  config.cudaToolkit = cudaToolkit;
  std::unique_ptr<TargetBackend> backend =
      target == Target::CUDA ? createCUDABackend(config)
                             : createCPUBackend(config, target);
  if (auto err = compileModel(**module, options, *backend))
    return fail(std::move(err));
  return 0;
}
