//===- BatchNormFolding.cpp - fold a batch norm into a conv's weights -----===//
//
// Implements foldBatchNorm (BatchNormFolding.h).
//
//===----------------------------------------------------------------------===//

#include "dialects/DenseNet/Transforms/BatchNormFolding.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Matchers.h"

#include <cmath>

using namespace mlir;
using namespace mlir::densenet;

static std::optional<SmallVector<float>> constantValues(Value v) {
  DenseElementsAttr attr;
  if (!v || !matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  auto values = attr.getValues<float>();
  return SmallVector<float>(values.begin(), values.end());
}

std::optional<FoldedConv> mlir::densenet::foldBatchNorm(Value weight,
                                                        Value bias, Value norm,
                                                        double epsilon) {
  auto w = constantValues(weight);
  auto n = constantValues(norm);
  if (!w || !n)
    return std::nullopt;
  auto weightType = cast<RankedTensorType>(weight.getType());
  int64_t channels = weightType.getDimSize(0);
  SmallVector<float> b(channels, 0.0f);
  if (bias) {
    auto given = constantValues(bias);
    if (!given)
      return std::nullopt;
    b = *given;
  }
  int64_t perChannel = weightType.getNumElements() / channels;
  ArrayRef<float> gamma(n->data(), channels);
  ArrayRef<float> beta(n->data() + channels, channels);
  ArrayRef<float> mean(n->data() + 2 * channels, channels);
  ArrayRef<float> var(n->data() + 3 * channels, channels);
  for (int64_t k = 0; k < channels; ++k) {
    double scale = gamma[k] / std::sqrt(double(var[k]) + epsilon);
    for (int64_t i = 0; i < perChannel; ++i)
      (*w)[k * perChannel + i] = float((*w)[k * perChannel + i] * scale);
    b[k] = float((b[k] - double(mean[k])) * scale + beta[k]);
  }
  auto biasType =
      RankedTensorType::get({channels}, weightType.getElementType());
  return FoldedConv{DenseElementsAttr::get(weightType, ArrayRef<float>(*w)),
                    DenseElementsAttr::get(biasType, ArrayRef<float>(b))};
}
