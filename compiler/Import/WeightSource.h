//===- WeightSource.h - where a model's weights come from -------*- C++ -*-===//
//
// The model builder asks a WeightSource for each tensor by its torchvision
// state_dict name and expected shape. Implementations: a safetensors file,
// and deterministic random initialisation from a seed.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_IMPORT_WEIGHTSOURCE_H
#define DENSENET_IMPORT_WEIGHTSOURCE_H

#include "compiler/Import/SafeTensors.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::densenet {

class WeightSource {
public:
  virtual ~WeightSource();

  /// The tensor `name` as f32 elements of shape `expectedShape`.
  virtual llvm::Expected<DenseElementsAttr>
  take(llvm::StringRef name, llvm::ArrayRef<int64_t> expectedShape,
       MLIRContext *ctx) = 0;

  /// Called once every tensor was taken; reports what was left over.
  virtual llvm::Error finish() = 0;
};

/// Weights from a safetensors file (torchvision state_dict names, F32).
class SafeTensorsWeights : public WeightSource {
public:
  explicit SafeTensorsWeights(SafeTensorsFile file) : file(std::move(file)) {}

  /// Opens and validates the file at `path`.
  static llvm::Expected<std::unique_ptr<SafeTensorsWeights>>
  open(llvm::StringRef path);

  llvm::Expected<DenseElementsAttr> take(llvm::StringRef name,
                                         llvm::ArrayRef<int64_t> expectedShape,
                                         MLIRContext *ctx) override;
  /// Fails if the file holds tensors that were never taken, other than
  /// `*.num_batches_tracked`.
  llvm::Error finish() override;

private:
  SafeTensorsFile file;
  llvm::StringSet<> taken;
};

/// Deterministic random weights: each tensor's values depend only on the
/// seed and its name, identically on every platform. Conv weights ~
/// N(0, 2/fan_in), classifier weight ~ N(0, 1/fan_in), batch norm scale ~
/// U(0.5, 1.5), bias and running mean ~ U(-0.2, 0.2), running var ~
/// U(0.5, 2), classifier bias ~ U(-0.1, 0.1).
class RandomWeights : public WeightSource {
public:
  explicit RandomWeights(uint64_t seed) : seed(seed) {}

  llvm::Expected<DenseElementsAttr> take(llvm::StringRef name,
                                         llvm::ArrayRef<int64_t> expectedShape,
                                         MLIRContext *ctx) override;
  llvm::Error finish() override { return llvm::Error::success(); }

private:
  uint64_t seed;
};

} // namespace mlir::densenet

#endif // DENSENET_IMPORT_WEIGHTSOURCE_H
