//===- ModelConfigTest.cpp - presets, JSON configs, overrides, validation -===//

#include "compiler/Import/ModelConfig.h"
#include "TestUtils.h"

#include "llvm/Support/Path.h"

using namespace mlir::densenet;
using namespace mlir::densenet::test;

namespace {

const char *kValidJSON = R"({
  "name": "tiny",
  "growth_rate": 4,
  "block_config": [2, 3],
  "num_init_features": 8,
  "bn_size": 0,
  "compression": 0.5,
  "stem": "cifar",
  "num_classes": 3,
  "input_shape": [2, 1, 8, 6]
})";

/// kValidJSON with `key`'s value replaced by `value` (or the key removed
/// when `value` is empty).
std::string withKey(llvm::StringRef key, llvm::StringRef value) {
  llvm::json::Value json = cantFail(llvm::json::parse(kValidJSON));
  llvm::json::Object &object = *json.getAsObject();
  if (value.empty())
    object.erase(key);
  else
    object[key] = cantFail(llvm::json::parse(value));
  std::string text;
  llvm::raw_string_ostream(text) << json;
  return text;
}

/// The error of parsing a file holding `contents`, less the file's path.
std::string jsonError(llvm::StringRef contents) {
  TempFile file("json", contents);
  std::string error = errorText(parseModelConfigJSON(file.getPath()));
  llvm::StringRef message(error);
  EXPECT_TRUE(message.consume_front(file.getPath() + ": ")) << error;
  return message.str();
}

TEST(Presets, DenseNet121) {
  ModelConfig cfg = cantFail(getPresetConfig("densenet121"));
  EXPECT_EQ(cfg.name, "densenet121");
  EXPECT_EQ(cfg.growthRate, 32);
  EXPECT_EQ(cfg.blockConfig, (std::vector<int64_t>{6, 12, 24, 16}));
  EXPECT_EQ(cfg.numInitFeatures, 64);
  EXPECT_EQ(cfg.bnSize, 4);
  EXPECT_EQ(cfg.compression, 0.5);
  EXPECT_EQ(cfg.stem, StemKind::imagenet);
  EXPECT_EQ(cfg.numClasses, 1000);
  EXPECT_EQ(
      std::vector<int64_t>({cfg.batch, cfg.channels, cfg.height, cfg.width}),
      (std::vector<int64_t>{1, 3, 224, 224}));
}

TEST(Presets, OthersAndCifar) {
  EXPECT_EQ(cantFail(getPresetConfig("densenet169")).blockConfig,
            (std::vector<int64_t>{6, 12, 32, 32}));
  EXPECT_EQ(cantFail(getPresetConfig("densenet201")).blockConfig,
            (std::vector<int64_t>{6, 12, 48, 32}));
  ModelConfig d161 = cantFail(getPresetConfig("densenet161"));
  EXPECT_EQ(d161.growthRate, 48);
  EXPECT_EQ(d161.numInitFeatures, 96);
  EXPECT_EQ(d161.blockConfig, (std::vector<int64_t>{6, 12, 36, 24}));
  ModelConfig bc = cantFail(getPresetConfig("densenet-bc-100-k12"));
  EXPECT_EQ(bc.stem, StemKind::cifar);
  EXPECT_EQ(bc.growthRate, 12);
  EXPECT_EQ(bc.blockConfig, (std::vector<int64_t>{16, 16, 16}));
  EXPECT_EQ(bc.numInitFeatures, 24);
  EXPECT_EQ(bc.numClasses, 10);
  EXPECT_EQ(bc.height, 32);
  for (llvm::StringRef name : getPresetNames())
    EXPECT_EQ(errorText(validate(cantFail(getPresetConfig(name)))),
              "<no error>")
        << name.str();
}

TEST(Presets, Unknown) {
  EXPECT_EQ(errorText(getPresetConfig("densenet122")),
            "unknown model 'densenet122'; the presets are: densenet121, "
            "densenet161, densenet169, densenet201, densenet-bc-100-k12");
}

TEST(ImageSize, Parse) {
  EXPECT_EQ(cantFail(parseImageSize("224")),
            std::make_pair(int64_t(224), int64_t(224)));
  EXPECT_EQ(cantFail(parseImageSize("224x320")),
            std::make_pair(int64_t(224), int64_t(320)));
  for (const char *bad :
       {"", "0", "-3", "22a", "224x", "x224", "2x3x4", "224X320", "1x0"})
    EXPECT_EQ(errorText(parseImageSize(bad)),
              std::string("invalid image size '") + bad +
                  "': expected H or HxW with positive integers (e.g. 224 or "
                  "224x320)");
}

TEST(ShapeOverrides, Apply) {
  ModelConfig cfg = cantFail(getPresetConfig("densenet121"));
  cantFail(
      applyShapeOverrides(cfg, 8, std::make_pair(int64_t(256), int64_t(192))));
  EXPECT_EQ(cfg.batch, 8);
  EXPECT_EQ(cfg.height, 256);
  EXPECT_EQ(cfg.width, 192);
  cantFail(applyShapeOverrides(cfg, std::nullopt, std::nullopt));
  EXPECT_EQ(cfg.batch, 8);
  EXPECT_EQ(errorText(applyShapeOverrides(cfg, 0, std::nullopt)),
            "batch size must be positive, got 0");
  EXPECT_EQ(errorText(applyShapeOverrides(
                cfg, std::nullopt, std::make_pair(int64_t(0), int64_t(5)))),
            "image size must be positive, got 0x5");
  EXPECT_EQ(cfg.height, 256);
}

TEST(Validate, InputTooSmall) {
  ModelConfig cfg = cantFail(getPresetConfig("densenet121"));
  cfg.height = cfg.width = 29; // stem: 8x8, transitions: 4, 2, 1
  EXPECT_EQ(errorText(validate(cfg)), "<no error>");
  cfg.width = 28;
  EXPECT_EQ(errorText(validate(cfg)),
            "model 'densenet121': input 1x3x29x28 is too small: the imagenet "
            "stem and 3 transitions with 2x2 pools need at least 29x29");
  ModelConfig bc = cantFail(getPresetConfig("densenet-bc-100-k12"));
  bc.height = bc.width = 4;
  EXPECT_EQ(errorText(validate(bc)), "<no error>");
  bc.height = 3;
  EXPECT_EQ(errorText(validate(bc)),
            "model 'densenet-bc-100-k12': input 1x3x3x4 is too small: the "
            "cifar stem and 2 transitions with 2x2 pools need at least 4x4");
  bc.blockConfig.assign(70, 1);
  EXPECT_EQ(errorText(validate(bc)),
            "model 'densenet-bc-100-k12': no input fits 69 transitions that "
            "each halve the feature map");
}

TEST(Validate, Sizes) {
  ModelConfig cfg = cantFail(getPresetConfig("densenet121"));
  ModelConfig bad = cfg;
  bad.growthRate = 0;
  EXPECT_EQ(errorText(validate(bad)),
            "model 'densenet121': growth_rate must be in [1, 2147483647], "
            "got 0");
  bad = cfg;
  bad.blockConfig = {6, 0};
  EXPECT_EQ(errorText(validate(bad)),
            "model 'densenet121': block_config[1] must be in [1, 1000], got 0");
  bad.blockConfig.clear();
  EXPECT_EQ(errorText(validate(bad)),
            "model 'densenet121': block_config must list at least one block");
  bad = cfg;
  bad.compression = 0;
  EXPECT_EQ(errorText(validate(bad)),
            "model 'densenet121': compression must be in (0, 1], got 0");
  bad = cfg;
  bad.channels = 0;
  EXPECT_EQ(errorText(validate(bad)),
            "model 'densenet121': input channels must be in [1, 2147483647], "
            "got 0");
  bad = cfg;
  bad.compression = 0.001; // 64 + 6 * 32 = 256 channels into transition1
  EXPECT_EQ(errorText(validate(bad)),
            "model 'densenet121': features.transition1 would keep "
            "floor(0.001 * 256) = 0 channels; it needs at least 1");
  bad = cfg;
  bad.growthRate = int64_t(1) << 30; // 64 + 6 * 2^30 channels
  bad.bnSize = 0;
  EXPECT_EQ(errorText(validate(bad)),
            "model 'densenet121': the output channels of features.denseblock1 "
            "must be in [1, 2147483647], got 6442451008");
}

TEST(Validate, Limits) {
  ModelConfig cfg = cantFail(getPresetConfig("densenet-bc-100-k12"));
  cfg.blockConfig = {kMaxLayersPerBlock};
  EXPECT_EQ(errorText(validate(cfg)), "<no error>");
  cfg.blockConfig = {kMaxLayersPerBlock + 1};
  EXPECT_EQ(errorText(validate(cfg)),
            "model 'densenet-bc-100-k12': block_config[0] must be in "
            "[1, 1000], got 1001");

  // The cifar stem keeps H x W: 2^31 elements exactly is allowed.
  cfg = cantFail(getPresetConfig("densenet-bc-100-k12"));
  cfg.blockConfig = {1};
  cfg.numInitFeatures = 2;
  cfg.height = cfg.width = 32768; // 2 * 2^30 = 2^31
  cfg.growthRate = 1;
  cfg.bnSize = 0;
  cfg.channels = 1;
  EXPECT_EQ(errorText(validate(cfg)),
            "model 'densenet-bc-100-k12': the output of features.denseblock1 "
            "would be 1x3x32768x32768 = 3221225472 elements, over the limit "
            "of 2^31 = 2147483648 per feature map; it grows with "
            "num_init_features, growth_rate, block_config, the batch size and "
            "the image size");
  cfg.numInitFeatures = 1;
  EXPECT_EQ(errorText(validate(cfg)), "<no error>");

  // Weights: 2 GiB is 2^29 floats; a classifier of 2^29 / 16 classes over
  // 16 channels (plus its bias and the rest) goes over.
  cfg = cantFail(getPresetConfig("densenet-bc-100-k12"));
  cfg.blockConfig = {1};
  cfg.numInitFeatures = 12;
  cfg.growthRate = 4;
  cfg.bnSize = 0;
  cfg.numClasses = (int64_t(1) << 29) / 16;
  EXPECT_EQ(errorText(validate(cfg)),
            "model 'densenet-bc-100-k12': the weights would take 2281704848 "
            "bytes, over the limit of 2 GiB = 2147483648 bytes; the largest "
            "tensor is classifier.weight [33554432, 16] (num_classes and the "
            "final channels)");
  cfg.numClasses /= 2;
  EXPECT_EQ(errorText(validate(cfg)), "<no error>");
}

TEST(JSONConfig, Valid) {
  TempFile file("json", kValidJSON);
  ModelConfig cfg = cantFail(parseModelConfigJSON(file.getPath()));
  EXPECT_EQ(cfg.name, "tiny");
  EXPECT_EQ(cfg.growthRate, 4);
  EXPECT_EQ(cfg.blockConfig, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(cfg.numInitFeatures, 8);
  EXPECT_EQ(cfg.bnSize, 0);
  EXPECT_EQ(cfg.compression, 0.5);
  EXPECT_EQ(cfg.stem, StemKind::cifar);
  EXPECT_EQ(cfg.numClasses, 3);
  EXPECT_EQ(
      std::vector<int64_t>({cfg.batch, cfg.channels, cfg.height, cfg.width}),
      (std::vector<int64_t>{2, 1, 8, 6}));
}

TEST(JSONConfig, NameDefaultsToFileStem) {
  TempFile file("json", withKey("name", ""));
  ModelConfig cfg = cantFail(parseModelConfigJSON(file.getPath()));
  EXPECT_EQ(cfg.name, llvm::sys::path::stem(file.getPath()).str());
}

TEST(JSONConfig, WrongValues) {
  struct Case {
    const char *key, *value, *message;
  } cases[] = {
      {"growth_rate", R"("abc")",
       R"("growth_rate" must be a positive integer, got "abc")"},
      {"growth_rate", "0",
       R"("growth_rate" must be a positive integer, got 0)"},
      {"growth_rate", "1.5",
       R"("growth_rate" must be a positive integer, got 1.5)"},
      {"bn_size", "-1", R"("bn_size" must be a non-negative integer, got -1)"},
      {"block_config", "[]",
       R"("block_config" must be a non-empty array of )"
       R"(positive integers, got [])"},
      {"block_config", "[6, 0]",
       R"("block_config[1]" must be a positive integer, got 0)"},
      {"compression", "1.5",
       R"("compression" must be a number in (0, 1], got 1.5)"},
      {"compression", "true",
       R"("compression" must be a number in (0, 1], got true)"},
      {"stem", R"("resnet")",
       R"("stem" must be "imagenet" or "cifar", got "resnet")"},
      {"input_shape", "[1, 3, 32]",
       R"("input_shape" must be an array of 4 positive integers, got )"
       R"([1,3,32])"},
      {"input_shape", R"([1, 3, 32, "w"])",
       R"("input_shape[3]" must be a positive integer, got "w")"},
      {"name", "7", R"("name" must be a non-empty string, got 7)"},
  };
  for (const Case &c : cases)
    EXPECT_EQ(jsonError(withKey(c.key, c.value)), c.message);
}

TEST(JSONConfig, MissingAndUnknownKeys) {
  EXPECT_EQ(jsonError(withKey("num_classes", "")),
            R"(missing key "num_classes" (a positive integer))");
  EXPECT_EQ(jsonError(withKey("dropout", "0.1")),
            R"(unknown key "dropout"; the keys are name, )"
            "growth_rate, block_config, num_init_features, bn_size, "
            "compression, stem, num_classes, input_shape");
}

TEST(JSONConfig, SyntaxAndFileErrors) {
  EXPECT_EQ(jsonError("{\n  \"growth_rate\": 32,\n  oops\n}"),
            "invalid JSON: [3:3, byte=26]: Expected object key");
  EXPECT_EQ(jsonError("[1, 2]"), "the top level must be an object, got [1,2]");
  EXPECT_EQ(errorText(parseModelConfigJSON("/nonexistent/model.json")),
            "/nonexistent/model.json: cannot read: No such file or directory");
}

} // namespace
