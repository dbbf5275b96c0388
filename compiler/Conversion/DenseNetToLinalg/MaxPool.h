//===- MaxPool.h - the stem's 3x3/2 max pool as row operations --*- C++ -*-===//
//
// Lowers the ImageNet stem's 3x3 stride-2 max pool, read from its
// zero-bordered BN-ReLU output, to linalg on tensors whose every step is
// contiguous along its last dimension.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CONVERSION_MAXPOOL_H
#define DENSENET_CONVERSION_MAXPOOL_H

#include "mlir/IR/Builders.h"

namespace mlir::densenet {

/// `out` [N, C, OH, OW] set to the 3x3 stride-2 max pool of `input`
/// [N, C, >= 2 OH + 1, >= 2 OW + 2], whose first and last rows and columns
/// are the pool's padding (zeros, below every ReLU output).
Value maxPool3x3Stride2(OpBuilder &b, Location loc, Value input, Value out);

} // namespace mlir::densenet

#endif // DENSENET_CONVERSION_MAXPOOL_H
