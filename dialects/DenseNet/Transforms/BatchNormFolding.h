//===- BatchNormFolding.h - fold a batch norm into a conv's weights -*- C++ -*-===//
//
// The compile-time arithmetic of folding an inference batch norm into the
// convolution before it, shared by `densenet-fold-batchnorm` and the
// in-place lowering of dense blocks.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_TRANSFORMS_BATCHNORMFOLDING_H
#define DENSENET_TRANSFORMS_BATCHNORMFOLDING_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Value.h"

#include <optional>

namespace mlir::densenet {

/// The weight W' = W * s[k] and bias b' = (b - mean[k]) * s[k] + beta[k],
/// s = gamma / sqrt(var + eps), of conv(x, W, b) followed by the packed 4 x K
/// batch norm `norm`.
struct FoldedConv {
  DenseElementsAttr weight, bias;
};

/// Folds `norm` into the conv weight and optional bias, or nullopt when an
/// operand is not a constant.
std::optional<FoldedConv> foldBatchNorm(Value weight, Value bias, Value norm,
                                        double epsilon);

} // namespace mlir::densenet

#endif // DENSENET_TRANSFORMS_BATCHNORMFOLDING_H
