//===- ModelLoader.h - read a model description into MLIR -------*- C++ -*-===//
//
// Turns densenetc's input (a preset name, a JSON architecture, an ONNX model
// or a densenet dialect .mlir file) plus weight and shape options into a
// module whose `@forward` function holds the model in the densenet dialect,
// within the size limits of compiler/Import/ModelConfig.h.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_DRIVER_MODELLOADER_H
#define DENSENET_DRIVER_MODELLOADER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/SourceMgr.h"

#include <functional>
#include <optional>
#include <string>

namespace mlir::densenet {

struct ModelSource {
  /// Preset, or a .json, .onnx or .mlir path (extensions in any case).
  std::string input;
  std::optional<std::string> weightsPath; ///< --weights FILE.safetensors
  std::optional<uint64_t> randomSeed;     ///< --random-weights SEED
  std::optional<int64_t> batch;           ///< --batch N
  /// Build one image of the batch (batch 1 whatever the model declares).
  bool oneImage = false;
  std::optional<std::string> imageSize;   ///< --image-size H[xW]
  /// Applies the pass-manager command-line options (IR printing, timing) to
  /// the import-time passes (densenet-raise of ONNX models).
  std::function<LogicalResult(PassManager &)> configurePassManager;
};

/// The model's name: the preset, the JSON "name", or the .mlir file stem.
llvm::Expected<OwningOpRef<ModuleOp>>
loadModel(MLIRContext &ctx, const ModelSource &source,
          llvm::SourceMgr &sourceMgr, std::string &modelName);

/// Loads the model as loadModel does, but for one image where it has a
/// batch of more than one and its shapes can change (not a .mlir file):
/// `images` gets the batch (1 otherwise), for CompileOptions::imagesPerCall.
llvm::Expected<OwningOpRef<ModuleOp>>
loadModelForOneImage(MLIRContext &ctx, ModelSource source,
                     llvm::SourceMgr &sourceMgr, std::string &modelName,
                     int64_t &images);

} // namespace mlir::densenet

#endif // DENSENET_DRIVER_MODELLOADER_H
