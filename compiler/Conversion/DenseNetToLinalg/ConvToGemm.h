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

struct ConvGeometry {
  int64_t strideH, strideW;
  int64_t padTop, padLeft, padBottom, padRight;
};

/// How a convolution's taps become GEMMs.
enum class TapLowering {
  /// One GEMM per tap, over the whole map.
  PerTap,
  /// For CPU caches: the taps of a constant kernel on fewer than 32 input
  /// channels gathered into one GEMM, and accumulators over 512 KiB
  /// computed in bands of pixels that each pass through every tap.
  CacheBlocked,
};

/// A convolution as a stride-1 one over a flat image: tap (r, s) of `kernel`
/// [K, C', R, S] reads `flat` [N, C', L] from offset r * pitch + s on, and
/// the result has `rows` rows of `pitch` pixels, of which the first `cols`
/// are the convolution's and the rest junk. `taps` says how to compute it.
struct FlatConvolution {
  Value flat, kernel;
  int64_t pitch, rows, cols;
  TapLowering taps = TapLowering::PerTap;
};

/// Pads and flattens `input` (space-to-depth first for stride > 1). The
/// strides must be equal.
FlatConvolution flattenConvolution(OpBuilder &b, Location loc, Value input,
                                   Value weight, const ConvGeometry &geometry);

/// acc [N, K, rows * pitch] plus `conv`'s taps, as `conv.taps` says.
Value accumulateTaps(OpBuilder &b, Location loc, const FlatConvolution &conv,
                     Value acc);

/// Returns conv(input, weight) + bias as a tensor<N x K x Ho x Wo x f32>,
/// its taps lowered as `taps` says. `bias` may be null.
Value buildConvolution(OpBuilder &b, Location loc, Value input, Value weight,
                       Value bias, const ConvGeometry &geometry,
                       TapLowering taps);

/// How a GEMM's weights (its lhs) are laid out: lhs[m, c], each output
/// channel's weights contiguous, or lhs[c, m], each input channel's.
enum class WeightLayout { outputMajor, inputMajor };

/// out[n, m, p] += lhs[m, c] * rhs[n, c, p] as a linalg.contract with role
/// `gemm` (`densenet.role`); with a rank-3 lhs, a batch of independent GEMMs
/// out[n, m, p] += lhs[n, m, c] * rhs[n, c, p] with role `batched_gemm`.
/// With `WeightLayout::inputMajor`, lhs is [c, m] (or [n, c, m]).
Value buildGemm(OpBuilder &b, Location loc, Value lhs, Value rhs, Value acc,
                WeightLayout layout = WeightLayout::outputMajor);

} // namespace mlir::densenet

#endif // DENSENET_CONVERSION_CONVTOGEMM_H
