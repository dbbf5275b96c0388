//===- Winograd.h - 3x3 convolutions as Winograd F(m x m, 3x3) -*- C++ -*-===//
//
// Lowers a dense layer's 3x3 growth convolution, read from its zero-bordered
// flat bottleneck buffer, to Winograd's minimal filtering F(4x4, 3x3) or
// F(2x2, 3x3) in linalg on tensors, written in place into the layer's
// channels of its block buffer.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CONVERSION_WINOGRAD_H
#define DENSENET_CONVERSION_WINOGRAD_H

#include "compiler/Conversion/DenseNetToLinalg/ConvToGemm.h"

namespace mlir::densenet {

/// Whether `conv` (a 3x3 stride-1 convolution of one image whose flat input
/// holds the zero-bordered image, `pitch` = width + 2) can run as Winograd:
/// a constant kernel and a feature map whose sides are multiples of 4
/// (F(4x4, 3x3)) or of 2 and at least 8 (F(2x2, 3x3)).
bool canUseWinograd(const FlatConvolution &conv);

/// `buffer` [1, C', H, pitch] with channels [channel, channel + K) of its
/// first W columns set to `conv`, computed as F(4x4, 3x3) where the map's
/// sides are multiples of 4, else as F(2x2, 3x3).
Value winogradIntoBuffer(OpBuilder &b, Location loc, const FlatConvolution &conv,
                         Value buffer, int64_t channel);

} // namespace mlir::densenet

#endif // DENSENET_CONVERSION_WINOGRAD_H
