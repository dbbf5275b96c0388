//===- ModelConfig.h - DenseNet architecture description --------*- C++ -*-===//
//
// The hyper-parameters of a DenseNet and its input shape: built-in presets
// (torchvision's ImageNet models and DenseNet-BC-100 for CIFAR), a JSON
// description, command-line shape overrides, and validation.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_IMPORT_MODELCONFIG_H
#define DENSENET_IMPORT_MODELCONFIG_H

#include "dialects/DenseNet/IR/DenseNetDialect.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mlir::densenet {

struct ModelConfig {
  std::string name;
  int64_t growthRate = 0;
  /// Number of dense layers in each block.
  std::vector<int64_t> blockConfig;
  int64_t numInitFeatures = 0;
  /// Bottleneck width multiplier; 0 = plain layers (BN-ReLU-Conv3x3 only).
  int64_t bnSize = 0;
  /// Transition compression theta in (0, 1].
  double compression = 0.5;
  StemKind stem = StemKind::imagenet;
  int64_t numClasses = 0;
  /// Input shape, NCHW.
  int64_t batch = 1, channels = 3, height = 224, width = 224;
};

/// Size limits validate() enforces, so that a compile stays within memory
/// and time and the generated code within its address arithmetic. Imported
/// .onnx and .mlir models are held to the same limits.
/// Dense layers per block (DenseNet-264, the deepest published, has 48).
constexpr int64_t kMaxLayersPerBlock = 1000;
/// Elements of any one feature map, the input included: 2^31.
constexpr int64_t kMaxFeatureMapElements = int64_t(1) << 31;
/// Bytes of all weights together: 2 GiB, what an executable built with the
/// default (small) code model can embed. DenseNet-161 needs 110 MiB.
constexpr uint64_t kMaxWeightBytes = uint64_t(1) << 31;

/// The names getPresetConfig accepts.
llvm::ArrayRef<llvm::StringRef> getPresetNames();

/// A built-in model: densenet121/161/169/201 or densenet-bc-100-k12.
llvm::Expected<ModelConfig> getPresetConfig(llvm::StringRef name);

/// Reads a model description from a JSON file (schema in ModelConfigJSON.cpp).
llvm::Expected<ModelConfig> parseModelConfigJSON(llvm::StringRef path);

/// Parses an image size "H" (square) or "HxW" of positive integers.
llvm::Expected<std::pair<int64_t, int64_t>>
parseImageSize(llvm::StringRef spec);

/// Replaces the batch size and/or the image height and width.
llvm::Error
applyShapeOverrides(ModelConfig &cfg, std::optional<int64_t> batch,
                    std::optional<std::pair<int64_t, int64_t>> imageHW);

/// Checks that every size is positive, that the input survives the stem and
/// every transition's 2x2 pool, and that the model stays within the limits
/// above. Errors name the field at fault and the limit.
llvm::Error validate(const ModelConfig &cfg);

/// Output channels of a transition with `inChannels` inputs:
/// floor(compression * inChannels), as the densenet.transition verifier
/// computes it.
int64_t transitionChannels(double compression, int64_t inChannels);

} // namespace mlir::densenet

#endif // DENSENET_IMPORT_MODELCONFIG_H
