//===- BuildDenseNetTest.cpp - module structure, sizes and weight errors --===//

#include "compiler/Import/BuildDenseNet.h"
#include "TestUtils.h"

#include "dialects/DenseNet/IR/DenseNetOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"

using namespace mlir;
using namespace mlir::densenet;
using namespace mlir::densenet::test;

namespace {

/// Parameters as torchvision counts them: of a packed 4xC batch norm only
/// the scale and bias rows are parameters (the others are buffers). Weights
/// are located at their tensor name, packed norms at their module path.
int64_t countParameters(ModuleOp module) {
  int64_t count = 0;
  module.walk([&](arith::ConstantOp constant) {
    auto type = cast<RankedTensorType>(constant.getType());
    StringRef name = cast<NameLoc>(constant.getLoc()).getName().getValue();
    bool packedNorm = !name.ends_with(".weight") && !name.ends_with(".bias");
    count += packedNorm ? type.getNumElements() / 2 : type.getNumElements();
  });
  return count;
}

std::string locName(Operation *op) {
  return cast<NameLoc>(op->getLoc()).getName().str();
}

std::string printed(Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  op->print(os, OpPrintingFlags().enableDebugInfo());
  return text;
}

/// Builds preset `name` with random weights and counts its parameters.
int64_t presetParameters(llvm::StringRef name) {
  MLIRContext ctx;
  RandomWeights weights(0);
  OwningOpRef<ModuleOp> module =
      cantFail(buildDenseNet(ctx, cantFail(getPresetConfig(name)), weights));
  return countParameters(*module);
}

TEST(BuildDenseNet, PresetParameterCounts) {
  // torchvision's (and the DenseNet-BC paper's) parameter counts.
  EXPECT_EQ(presetParameters("densenet121"), 7978856);
  EXPECT_EQ(presetParameters("densenet169"), 14149480);
  EXPECT_EQ(presetParameters("densenet201"), 20013928);
  EXPECT_EQ(presetParameters("densenet161"), 28681000);
  EXPECT_EQ(presetParameters("densenet-bc-100-k12"), 769162);
}

TEST(BuildDenseNet, DenseNet121Structure) {
  MLIRContext ctx;
  RandomWeights weights(0);
  OwningOpRef<ModuleOp> module = cantFail(
      buildDenseNet(ctx, cantFail(getPresetConfig("densenet121")), weights));
  auto forward = module->lookupSymbol<func::FuncOp>("forward");
  ASSERT_TRUE(forward);
  auto f32 = Float32Type::get(&ctx);
  EXPECT_EQ(forward.getFunctionType(),
            FunctionType::get(&ctx,
                              RankedTensorType::get({1, 3, 224, 224}, f32),
                              RankedTensorType::get({1, 1000}, f32)));
  std::vector<std::string> ops;
  std::vector<std::vector<int64_t>> shapes;
  for (Operation &op : forward.getBody().front()) {
    if (isa<arith::ConstantOp, func::ReturnOp>(op))
      continue;
    ops.push_back(op.getName().getStringRef().str() + " @ " + locName(&op));
    shapes.push_back(
        cast<RankedTensorType>(op.getResult(0).getType()).getShape().vec());
  }
  EXPECT_EQ(ops, (std::vector<std::string>{
                     "densenet.stem @ features.stem",
                     "densenet.dense_block @ features.denseblock1",
                     "densenet.transition @ features.transition1",
                     "densenet.dense_block @ features.denseblock2",
                     "densenet.transition @ features.transition2",
                     "densenet.dense_block @ features.denseblock3",
                     "densenet.transition @ features.transition3",
                     "densenet.dense_block @ features.denseblock4",
                     "densenet.classifier @ classifier"}));
  EXPECT_EQ(shapes, (std::vector<std::vector<int64_t>>{{1, 64, 56, 56},
                                                       {1, 256, 56, 56},
                                                       {1, 128, 28, 28},
                                                       {1, 512, 28, 28},
                                                       {1, 256, 14, 14},
                                                       {1, 1024, 14, 14},
                                                       {1, 512, 7, 7},
                                                       {1, 1024, 7, 7},
                                                       {1, 1000}}));
  DenseBlockOp block1 = *forward.getOps<DenseBlockOp>().begin();
  EXPECT_TRUE(block1.hasBottleneck());
  EXPECT_EQ(block1.getParams().size(), 24u);
  Operation *conv2 = block1.getLayerParams(5)[3].getDefiningOp();
  EXPECT_EQ(locName(conv2), "features.denseblock1.denselayer6.conv2.weight");
  Operation *norm1 = block1.getLayerParams(5)[0].getDefiningOp();
  EXPECT_EQ(locName(norm1), "features.denseblock1.denselayer6.norm1");
  EXPECT_EQ(cast<RankedTensorType>(norm1->getResult(0).getType()).getShape(),
            llvm::ArrayRef<int64_t>({4, 224}));
}

/// A small config: plain or bottleneck layers, cifar stem, 8x8 input.
ModelConfig tinyConfig(int64_t bnSize) {
  ModelConfig cfg;
  cfg.name = "tiny";
  cfg.growthRate = 4;
  cfg.blockConfig = {2, 2};
  cfg.numInitFeatures = 8;
  cfg.bnSize = bnSize;
  cfg.compression = 0.5;
  cfg.stem = StemKind::cifar;
  cfg.numClasses = 3;
  cfg.batch = 2;
  cfg.channels = 3;
  cfg.height = cfg.width = 8;
  return cfg;
}

TEST(BuildDenseNet, PlainLayers) {
  MLIRContext ctx;
  RandomWeights weights(0);
  OwningOpRef<ModuleOp> module =
      cantFail(buildDenseNet(ctx, tinyConfig(0), weights));
  auto forward = module->lookupSymbol<func::FuncOp>("forward");
  auto blocks = llvm::to_vector(forward.getOps<DenseBlockOp>());
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_FALSE(blocks[0].hasBottleneck());
  EXPECT_EQ(blocks[0].getParams().size(), 4u);
  // conv1 of layer 2 sees 8 + 4 channels: [k, 12, 3, 3].
  EXPECT_EQ(cast<RankedTensorType>(blocks[0].getLayerParams(1)[1].getType())
                .getShape(),
            llvm::ArrayRef<int64_t>({4, 12, 3, 3}));
  EXPECT_EQ(countParameters(*module),
            /*conv0*/ 8 * 3 * 9 +
                /*block1*/ (2 * 8 + 4 * 8 * 9) + (2 * 12 + 4 * 12 * 9) +
                /*transition1*/ (2 * 16 + 8 * 16) +
                /*block2*/ (2 * 8 + 4 * 8 * 9) + (2 * 12 + 4 * 12 * 9) +
                /*norm5*/ 2 * 16 + /*classifier*/ 3 * 16 + 3);
}

TEST(BuildDenseNet, InvalidConfig) {
  MLIRContext ctx;
  RandomWeights weights(0);
  ModelConfig cfg = tinyConfig(2);
  cfg.height = 1;
  EXPECT_EQ(errorText(buildDenseNet(ctx, cfg, weights)),
            "model 'tiny': input 2x3x1x8 is too small: the cifar stem and 1 "
            "transition with 2x2 pools need at least 2x2");
}

/// Random weights that also records each tensor for a safetensors file.
class RecordingWeights : public WeightSource {
public:
  llvm::Expected<DenseElementsAttr> take(llvm::StringRef name,
                                         llvm::ArrayRef<int64_t> shape,
                                         MLIRContext *ctx) override {
    DenseElementsAttr attr = cantFail(random.take(name, shape, ctx));
    tensors.push_back({name.str(), "F32", shape.vec(),
                       f32Bytes(llvm::to_vector(attr.getValues<float>()))});
    return attr;
  }
  llvm::Error finish() override { return llvm::Error::success(); }

  RandomWeights random{5};
  std::vector<TensorSpec> tensors;
};

class SafeTensorsBuildTest : public ::testing::Test {
protected:
  SafeTensorsBuildTest() {
    reference = cantFail(buildDenseNet(ctx, tinyConfig(2), recorder));
  }

  /// Builds the tiny model from a file holding `tensors`.
  llvm::Expected<OwningOpRef<ModuleOp>>
  buildFrom(const std::vector<TensorSpec> &tensors) {
    TempFile file("safetensors", safetensorsImage(tensors));
    auto weights = cantFail(SafeTensorsWeights::open(file.getPath()));
    return buildDenseNet(ctx, tinyConfig(2), *weights);
  }

  /// The error of building from `tensors`, less the file's path.
  std::string buildError(const std::vector<TensorSpec> &tensors) {
    std::string error = errorText(buildFrom(tensors));
    size_t colon = error.find(".safetensors: ");
    return colon == std::string::npos ? error : error.substr(colon + 14);
  }

  /// The recorded tensors with `name` changed by `edit` (or dropped).
  std::vector<TensorSpec>
  edited(llvm::StringRef name,
         llvm::function_ref<void(std::vector<TensorSpec> &, size_t)> edit) {
    std::vector<TensorSpec> tensors = recorder.tensors;
    for (size_t i = 0; i < tensors.size(); ++i)
      if (tensors[i].name == name)
        edit(tensors, i);
    return tensors;
  }

  MLIRContext ctx;
  RecordingWeights recorder;
  OwningOpRef<ModuleOp> reference;
};

TEST_F(SafeTensorsBuildTest, RoundTrip) {
  std::vector<TensorSpec> tensors = recorder.tensors;
  tensors.push_back(
      {"features.norm5.num_batches_tracked", "I64", {}, std::string(8, '\0')});
  OwningOpRef<ModuleOp> module = cantFail(buildFrom(tensors));
  EXPECT_EQ(printed(*module), printed(*reference));
  EXPECT_EQ(tensors.size(), 1 + /*conv0*/ 1 + /*layers*/ 4 * 10 +
                                /*transition*/ 5 + /*norm5*/ 4 + /*fc*/ 2);
}

TEST_F(SafeTensorsBuildTest, MissingTensor) {
  std::string name = "features.denseblock2.denselayer2.norm1.running_var";
  auto tensors =
      edited(name, [](auto &ts, size_t i) { ts.erase(ts.begin() + i); });
  EXPECT_EQ(buildError(tensors),
            "tensor '" + name + "' is missing (expected shape [12])");
}

TEST_F(SafeTensorsBuildTest, WrongShape) {
  auto tensors = edited("features.conv0.weight", [](auto &ts, size_t i) {
    ts[i].shape = {8, 3, 7, 7};
    ts[i].bytes = std::string(8 * 3 * 7 * 7 * 4, '\0');
  });
  EXPECT_EQ(buildError(tensors),
            "tensor 'features.conv0.weight' has shape [8, 3, 7, 7]; expected "
            "[8, 3, 3, 3]");
}

TEST_F(SafeTensorsBuildTest, ExtraTensor) {
  std::vector<TensorSpec> tensors = recorder.tensors;
  tensors.push_back({"features.norm0.weight",
                     "F32",
                     {8},
                     f32Bytes(std::vector<float>(8, 1.0f))});
  EXPECT_EQ(buildError(tensors), "1 tensor is not used by the model: "
                                 "'features.norm0.weight' [8]");
}

} // namespace
