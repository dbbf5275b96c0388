//===- ConvToGemm.h - convolutions as sums of shifted GEMMs -----*- C++ -*-===//
//
// Lowers an NCHW convolution to linalg on tensors as one GEMM per kernel tap
// over the flattened zero-padded input, after a space-to-depth rearrangement
// when the stride is not 1.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CONVERSION_CONVTOGEMM_H
#define DENSENET_CONVERSION_CONVTOGEMM_H

#include "mlir/IR/Builders.h"

namespace mlir::densenet {

/// Attribute naming the GEMMs that the CPU schedule tiles.
inline constexpr llvm::StringLiteral kGemmMarker = "densenet.gemm";

struct ConvGeometry {
  int64_t strideH, strideW;
  int64_t padTop, padLeft, padBottom, padRight;
};

/// Returns conv(input, weight) + bias as a tensor<N x K x Ho x Wo x f32>.
/// `bias` may be null.
Value buildConvolution(OpBuilder &b, Location loc, Value input, Value weight,
                       Value bias, const ConvGeometry &geometry);

/// out[n, m, p] += lhs[m, c] * rhs[n, c, p] as a linalg.contract tagged with
/// kGemmMarker.
Value buildGemm(OpBuilder &b, Location loc, Value lhs, Value rhs, Value acc);

} // namespace mlir::densenet

#endif // DENSENET_CONVERSION_CONVTOGEMM_H
