//===- ModelConfig.cpp - DenseNet presets, overrides and validation -------===//
//
// The built-in model presets, command-line shape overrides and the checks
// that a configuration describes a network the densenet ops can express.
// JSON parsing lives in ModelConfigJSON.cpp.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/ModelConfig.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <limits>

using namespace mlir::densenet;
using llvm::createStringError;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

static constexpr int64_t kMaxExtent = std::numeric_limits<int32_t>::max();

//===----------------------------------------------------------------------===//
// Presets
//===----------------------------------------------------------------------===//

/// A DenseNet-BC (bottleneck width 4, compression 0.5) with batch 1 of
/// 3-channel square images.
static ModelConfig bcPreset(StringRef name, int64_t growthRate,
                            std::vector<int64_t> blocks, int64_t initFeatures,
                            StemKind stem, int64_t numClasses,
                            int64_t imageSize) {
  ModelConfig cfg;
  cfg.name = name.str();
  cfg.growthRate = growthRate;
  cfg.blockConfig = std::move(blocks);
  cfg.numInitFeatures = initFeatures;
  cfg.bnSize = 4;
  cfg.compression = 0.5;
  cfg.stem = stem;
  cfg.numClasses = numClasses;
  cfg.batch = 1;
  cfg.channels = 3;
  cfg.height = cfg.width = imageSize;
  return cfg;
}

/// torchvision's ImageNet models: 1000 classes, 224x224 input.
static ModelConfig imagenetPreset(StringRef name, int64_t growthRate,
                                  std::vector<int64_t> blocks,
                                  int64_t initFeatures) {
  return bcPreset(name, growthRate, std::move(blocks), initFeatures,
                  StemKind::imagenet, 1000, 224);
}

llvm::ArrayRef<StringRef> mlir::densenet::getPresetNames() {
  static const StringRef names[] = {"densenet121", "densenet161", "densenet169",
                                    "densenet201", "densenet-bc-100-k12"};
  return names;
}

Expected<ModelConfig> mlir::densenet::getPresetConfig(StringRef name) {
  if (name == "densenet121")
    return imagenetPreset(name, 32, {6, 12, 24, 16}, 64);
  if (name == "densenet161")
    return imagenetPreset(name, 48, {6, 12, 36, 24}, 96);
  if (name == "densenet169")
    return imagenetPreset(name, 32, {6, 12, 32, 32}, 64);
  if (name == "densenet201")
    return imagenetPreset(name, 32, {6, 12, 48, 32}, 64);
  if (name == "densenet-bc-100-k12") // L=100: 3 blocks of (100-4)/6 layers
    return bcPreset(name, 12, {16, 16, 16}, 24, StemKind::cifar, 10, 32);
  return createStringError(
      llvm::formatv("unknown model '{0}'; the presets are: {1}", name,
                    llvm::join(getPresetNames(), ", "))
          .str());
}

//===----------------------------------------------------------------------===//
// Shape overrides
//===----------------------------------------------------------------------===//

static std::optional<int64_t> parsePositive(StringRef text) {
  int64_t value;
  if (text.getAsInteger(10, value) || value <= 0)
    return std::nullopt;
  return value;
}

Expected<std::pair<int64_t, int64_t>>
mlir::densenet::parseImageSize(StringRef spec) {
  auto [hText, wText] = spec.split('x');
  std::optional<int64_t> h = parsePositive(hText);
  std::optional<int64_t> w = spec.contains('x') ? parsePositive(wText) : h;
  if (!h || !w)
    return createStringError(
        llvm::formatv("invalid image size '{0}': expected H or HxW with "
                      "positive integers (e.g. 224 or 224x320)",
                      spec)
            .str());
  return std::make_pair(*h, *w);
}

Error mlir::densenet::applyShapeOverrides(
    ModelConfig &cfg, std::optional<int64_t> batch,
    std::optional<std::pair<int64_t, int64_t>> imageHW) {
  if (batch && *batch <= 0)
    return createStringError(
        llvm::formatv("batch size must be positive, got {0}", *batch).str());
  if (imageHW && (imageHW->first <= 0 || imageHW->second <= 0))
    return createStringError(
        llvm::formatv("image size must be positive, got {0}x{1}",
                      imageHW->first, imageHW->second)
            .str());
  if (batch)
    cfg.batch = *batch;
  if (imageHW)
    std::tie(cfg.height, cfg.width) = *imageHW;
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Validation
//===----------------------------------------------------------------------===//

int64_t mlir::densenet::transitionChannels(double compression,
                                           int64_t inChannels) {
  return static_cast<int64_t>(std::floor(compression * inChannels));
}

static Error configError(const ModelConfig &cfg, const llvm::Twine &msg) {
  return createStringError("model '" + cfg.name + "': " + msg.str());
}

/// Checks that `value` lies in [min, max].
static Error checkRange(const ModelConfig &cfg, StringRef what, int64_t value,
                        int64_t min, int64_t max = kMaxExtent) {
  if (value >= min && value <= max)
    return Error::success();
  return configError(cfg, llvm::formatv("{0} must be in [{1}, {2}], got {3}",
                                        what, min, max, value));
}

static Error checkScalars(const ModelConfig &cfg) {
  const std::pair<StringRef, int64_t> positive[] = {
      {"growth_rate", cfg.growthRate},
      {"num_init_features", cfg.numInitFeatures},
      {"num_classes", cfg.numClasses},
      {"batch size", cfg.batch},
      {"input channels", cfg.channels},
      {"input height", cfg.height},
      {"input width", cfg.width}};
  for (auto [what, value] : positive)
    if (Error err = checkRange(cfg, what, value, 1))
      return err;
  if (Error err = checkRange(cfg, "bn_size", cfg.bnSize, 0))
    return err;
  if (!(cfg.compression > 0 && cfg.compression <= 1))
    return configError(cfg, llvm::formatv("compression must be in (0, 1], "
                                          "got {0}",
                                          llvm::format("%g", cfg.compression)));
  if (cfg.blockConfig.empty())
    return configError(cfg, "block_config must list at least one block");
  for (auto [i, layers] : llvm::enumerate(cfg.blockConfig))
    if (Error err = checkRange(cfg, llvm::formatv("block_config[{0}]", i).str(),
                               layers, 1, kMaxLayersPerBlock))
      return err;
  return Error::success();
}

/// Follows the channel count through every block and transition.
static Error checkChannels(const ModelConfig &cfg) {
  if (Error err = checkRange(cfg, "bottleneck width bn_size * growth_rate",
                             cfg.bnSize * cfg.growthRate, 0))
    return err;
  int64_t channels = cfg.numInitFeatures;
  for (auto [i, layers] : llvm::enumerate(cfg.blockConfig)) {
    std::string block = llvm::formatv("features.denseblock{0}", i + 1).str();
    channels += layers * cfg.growthRate; // each term is below 2^31
    if (Error err =
            checkRange(cfg, "the output channels of " + block, channels, 1))
      return err;
    if (i + 1 == cfg.blockConfig.size())
      break;
    int64_t compressed = transitionChannels(cfg.compression, channels);
    if (compressed < 1)
      return configError(
          cfg, llvm::formatv("features.transition{0} would keep floor({1} * "
                             "{2}) = {3} channels; it needs at least 1",
                             i + 1, llvm::format("%g", cfg.compression),
                             channels, compressed));
    channels = compressed;
  }
  return Error::success();
}

/// The smallest input height (or width) that leaves every transition's 2x2
/// pool a map of at least 2x2: the stem must produce 2^transitions. The
/// imagenet stem (conv stride 2, pool stride 2) maps H to ceil(H / 4).
static std::optional<int64_t> minInputExtent(const ModelConfig &cfg) {
  int64_t stemOut = 1;
  for (size_t t = 1; t < cfg.blockConfig.size(); ++t) {
    std::optional<int64_t> doubled = llvm::checkedMul<int64_t>(stemOut, 2);
    if (!doubled)
      return std::nullopt;
    stemOut = *doubled;
  }
  if (cfg.stem == StemKind::cifar)
    return stemOut;
  return llvm::checkedMulAdd<int64_t>(stemOut - 1, 4, 1);
}

static Error checkSpatial(const ModelConfig &cfg) {
  std::optional<int64_t> min = minInputExtent(cfg);
  if (min && cfg.height >= *min && cfg.width >= *min)
    return Error::success();
  size_t count = cfg.blockConfig.size() - 1;
  std::string transitions =
      llvm::formatv("{0} transition{1}", count, count == 1 ? "" : "s");
  if (!min)
    return configError(cfg, "no input fits " + transitions +
                                " that each halve the feature map");
  return configError(
      cfg, llvm::formatv("input {0}x{1}x{2}x{3} is too small: the {4} stem "
                         "and {5} with 2x2 pools need at least {6}x{6}",
                         cfg.batch, cfg.channels, cfg.height, cfg.width,
                         stringifyStemKind(cfg.stem), transitions, *min));
}

//===----------------------------------------------------------------------===//
// Size limits
//===----------------------------------------------------------------------===//

/// Product of `dims`, saturating at UINT64_MAX.
static uint64_t elementCount(llvm::ArrayRef<int64_t> dims) {
  uint64_t count = 1;
  for (int64_t dim : dims)
    count = llvm::SaturatingMultiply(count, static_cast<uint64_t>(dim));
  return count;
}

static std::string renderShape(llvm::ArrayRef<int64_t> dims,
                               StringRef separator) {
  return llvm::join(llvm::map_range(dims, [](int64_t d) {
                      return std::to_string(d);
                    }),
                    separator);
}

namespace {

/// Walks the network as BuildDenseNet.cpp builds it, checking each feature
/// map against kMaxFeatureMapElements and summing the weights.
class SizeChecker {
public:
  explicit SizeChecker(const ModelConfig &cfg) : cfg(cfg) {}
  Error run();

private:
  Error featureMap(StringRef what, int64_t channels, StringRef fields);
  void weight(std::string name, std::vector<int64_t> shape, StringRef fields);
  void denseLayer(const std::string &prefix, int64_t inChannels);

  const ModelConfig &cfg;
  int64_t height = 0, width = 0; // of the feature maps at this point
  uint64_t weightElements = 0;
  uint64_t largestElements = 0;
  std::string largest; // "name [shape] (fields)"
};

} // namespace

Error SizeChecker::featureMap(StringRef what, int64_t channels,
                              StringRef fields) {
  int64_t dims[] = {cfg.batch, channels, height, width};
  uint64_t elements = elementCount(dims);
  if (elements <= static_cast<uint64_t>(kMaxFeatureMapElements))
    return Error::success();
  return configError(
      cfg, llvm::formatv("{0} would be {1} = {2} elements, over the limit of "
                         "2^31 = {3} per feature map; it grows with {4}",
                         what, renderShape(dims, "x"), elements,
                         kMaxFeatureMapElements, fields));
}

void SizeChecker::weight(std::string name, std::vector<int64_t> shape,
                         StringRef fields) {
  uint64_t elements = elementCount(shape);
  weightElements = llvm::SaturatingAdd(weightElements, elements);
  if (elements <= largestElements)
    return;
  largestElements = elements;
  largest = llvm::formatv("{0} [{1}] ({2})", name, renderShape(shape, ", "),
                          fields);
}

void SizeChecker::denseLayer(const std::string &prefix, int64_t inChannels) {
  int64_t k = cfg.growthRate, width = cfg.bnSize * k;
  weight(prefix + ".norm1", {4, inChannels}, "the layer's input channels");
  if (cfg.bnSize == 0) {
    weight(prefix + ".conv1.weight", {k, inChannels, 3, 3},
           "growth_rate and the layer's input channels");
    return;
  }
  weight(prefix + ".conv1.weight", {width, inChannels, 1, 1},
         "bn_size, growth_rate and the layer's input channels");
  weight(prefix + ".norm2", {4, width}, "bn_size and growth_rate");
  weight(prefix + ".conv2.weight", {k, width, 3, 3},
         "bn_size and growth_rate");
}

Error SizeChecker::run() {
  static constexpr StringRef kShape = "the batch size and the image size";
  height = cfg.height;
  width = cfg.width;
  if (Error err = featureMap("the input", cfg.channels, kShape))
    return err;
  bool imagenet = cfg.stem == StemKind::imagenet;
  int64_t kernel = imagenet ? 7 : 3, features = cfg.numInitFeatures;
  weight("features.conv0.weight", {features, cfg.channels, kernel, kernel},
         "num_init_features");
  if (imagenet) {
    weight("features.norm0", {4, features}, "num_init_features");
    height = llvm::divideCeil(height, 2); // conv 7x7/2
    width = llvm::divideCeil(width, 2);
  }
  std::string stemFields = "num_init_features, " + kShape.str();
  if (Error err = featureMap("the output of features.conv0", features,
                             stemFields))
    return err;
  if (imagenet) {
    height = llvm::divideCeil(height, 2); // max-pool 3x3/2
    width = llvm::divideCeil(width, 2);
  }
  int64_t channels = features;
  for (auto [i, layers] : llvm::enumerate(cfg.blockConfig)) {
    std::string block = llvm::formatv("features.denseblock{0}", i + 1).str();
    for (int64_t j = 1; j <= layers; ++j, channels += cfg.growthRate)
      denseLayer(block + ".denselayer" + std::to_string(j), channels);
    if (cfg.bnSize != 0)
      if (Error err = featureMap(
              "the bottleneck of " + block, cfg.bnSize * cfg.growthRate,
              "bn_size, growth_rate, " + kShape.str()))
        return err;
    if (Error err = featureMap("the output of " + block, channels,
                               "num_init_features, growth_rate, "
                               "block_config, " +
                                   kShape.str()))
      return err;
    if (i + 1 == cfg.blockConfig.size())
      break;
    std::string transition =
        llvm::formatv("features.transition{0}", i + 1).str();
    int64_t compressed = transitionChannels(cfg.compression, channels);
    weight(transition + ".norm", {4, channels}, "its input channels");
    weight(transition + ".conv.weight", {compressed, channels, 1, 1},
           "its input channels and compression");
    channels = compressed;
    height /= 2;
    width /= 2;
  }
  weight("features.norm5", {4, channels}, "the final channels");
  weight("classifier.weight", {cfg.numClasses, channels},
         "num_classes and the final channels");
  weight("classifier.bias", {cfg.numClasses}, "num_classes");
  uint64_t bytes = llvm::SaturatingMultiply(weightElements, uint64_t(4));
  if (bytes <= kMaxWeightBytes)
    return Error::success();
  return configError(
      cfg, llvm::formatv("the weights would take {0} bytes, over the limit of "
                         "2 GiB = {1} bytes; the largest tensor is {2}",
                         bytes, kMaxWeightBytes, largest));
}

Error mlir::densenet::validate(const ModelConfig &cfg) {
  if (Error err = checkScalars(cfg))
    return err;
  if (Error err = checkChannels(cfg))
    return err;
  if (Error err = checkSpatial(cfg))
    return err;
  return SizeChecker(cfg).run();
}
