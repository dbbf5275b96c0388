//===- ModelLoader.cpp - read a model description into MLIR ---------------===//
//
// Dispatches on the input kind (its extension, in any case) and checks that
// the options given apply to it and that the model is within the size limits.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver/ModelLoader.h"

#include "compiler/Driver/ModelLimits.h"
#include "compiler/Import/BuildDenseNet.h"
#include "compiler/Import/Onnx/OnnxImporter.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mlir::densenet;

static llvm::Error optionError(const llvm::Twine &message) {
  return llvm::createStringError(message.str());
}

static llvm::Expected<std::unique_ptr<WeightSource>>
openWeights(const ModelSource &source) {
  if (source.weightsPath && source.randomSeed)
    return optionError("--weights and --random-weights are exclusive");
  if (source.randomSeed)
    return std::make_unique<RandomWeights>(*source.randomSeed);
  if (!source.weightsPath)
    return optionError("no weights: give --weights FILE.safetensors or "
                       "--random-weights SEED");
  auto weights = SafeTensorsWeights::open(*source.weightsPath);
  if (!weights)
    return weights.takeError();
  return std::unique_ptr<WeightSource>(std::move(*weights));
}

static llvm::Expected<OwningOpRef<ModuleOp>>
buildFromConfig(MLIRContext &ctx, const ModelSource &source,
                ModelConfig config) {
  std::optional<std::pair<int64_t, int64_t>> imageHW;
  if (source.imageSize) {
    auto parsed = parseImageSize(*source.imageSize);
    if (!parsed)
      return parsed.takeError();
    imageHW = *parsed;
  }
  std::optional<int64_t> batch =
      source.oneImage ? std::optional<int64_t>(1) : source.batch;
  if (auto err = applyShapeOverrides(config, batch, imageHW))
    return std::move(err);
  if (auto err = validate(config))
    return std::move(err);
  auto weights = openWeights(source);
  if (!weights)
    return weights.takeError();
  return buildDenseNet(ctx, config, **weights);
}

static llvm::Expected<OwningOpRef<ModuleOp>>
parseDialectFile(MLIRContext &ctx, const ModelSource &source,
                 llvm::SourceMgr &sourceMgr) {
  if (source.weightsPath || source.randomSeed || source.batch ||
      source.imageSize)
    return optionError(source.input +
                       ": --weights, --random-weights, --batch and "
                       "--image-size do not apply to .mlir input, whose "
                       "weights and shapes are in the IR");
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(source.input, sourceMgr, ParserConfig(&ctx));
  if (!module)
    return optionError(source.input + ": could not parse the module");
  if (!module->lookupSymbol<func::FuncOp>("forward"))
    return optionError(source.input + ": no func.func @forward in the module");
  return module;
}

static llvm::Expected<OwningOpRef<ModuleOp>>
importOnnx(MLIRContext &ctx, const ModelSource &source) {
  if (source.weightsPath || source.randomSeed)
    return optionError(source.input +
                       ": --weights and --random-weights do not apply to "
                       ".onnx input, whose weights are in the model");
  if (source.batch && *source.batch <= 0)
    return optionError("batch size must be positive, got " +
                       llvm::Twine(*source.batch));
  OnnxShapeOptions shape;
  shape.batch = source.batch;
  shape.oneImage = source.oneImage;
  if (source.imageSize) {
    auto parsed = parseImageSize(*source.imageSize);
    if (!parsed)
      return parsed.takeError();
    shape.imageHW = *parsed;
  }
  return importOnnxModel(ctx, source.input, shape, source.configurePassManager);
}

static llvm::Expected<OwningOpRef<ModuleOp>>
loadAnyModel(MLIRContext &ctx, const ModelSource &source,
             llvm::SourceMgr &sourceMgr, std::string &modelName) {
  llvm::StringRef input = source.input;
  std::string extension = llvm::sys::path::extension(input).lower();
  modelName = llvm::sys::path::stem(input).str();
  if (extension == ".mlir")
    return parseDialectFile(ctx, source, sourceMgr);
  if (extension == ".onnx")
    return importOnnx(ctx, source);
  auto config = extension == ".json" ? parseModelConfigJSON(input)
                                     : getPresetConfig(input);
  if (!config)
    return config.takeError();
  modelName = config->name;
  return buildFromConfig(ctx, source, std::move(*config));
}

llvm::Expected<OwningOpRef<ModuleOp>>
densenet::loadModel(MLIRContext &ctx, const ModelSource &source,
                    llvm::SourceMgr &sourceMgr, std::string &modelName) {
  auto module = loadAnyModel(ctx, source, sourceMgr, modelName);
  if (!module)
    return module.takeError();
  if (auto err = checkModelLimits(**module))
    return llvm::createStringError(source.input + ": " +
                                   llvm::toString(std::move(err)));
  return module;
}

/// The leading dimension of @forward's input, or 1 where it has none.
static int64_t inputBatch(ModuleOp module) {
  auto forward = module.lookupSymbol<func::FuncOp>("forward");
  auto input =
      forward
          ? dyn_cast<RankedTensorType>(forward.getFunctionType().getInput(0))
          : RankedTensorType();
  if (!input || input.getRank() == 0 || input.isDynamicDim(0))
    return 1;
  return input.getDimSize(0);
}

llvm::Expected<OwningOpRef<ModuleOp>>
densenet::loadModelForOneImage(MLIRContext &ctx, ModelSource source,
                               llvm::SourceMgr &sourceMgr,
                               std::string &modelName, int64_t &images) {
  images = 1;
  auto module = loadModel(ctx, source, sourceMgr, modelName);
  if (!module)
    return module.takeError();
  bool dialectFile =
      llvm::sys::path::extension(source.input).lower() == ".mlir";
  int64_t batch = inputBatch(**module);
  if (batch <= 1 || dialectFile)
    return module;
  source.oneImage = true;
  auto oneImage = loadModel(ctx, source, sourceMgr, modelName);
  if (!oneImage) {
    // A graph whose shapes depend on its batch (say, a Reshape to a fixed
    // batch) runs whole, as it declares.
    llvm::consumeError(oneImage.takeError());
    return module;
  }
  images = batch;
  return oneImage;
}
