//===- Passes.td - densenet dialect transformation passes ------*- tablegen -*-===//
//
// Passes that rewrite `densenet` dialect IR at its own level of abstraction.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_TRANSFORMS_PASSES_TD
#define DENSENET_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def DenseNetDecompose : Pass<"densenet-decompose", "func::FuncOp"> {
  let summary = "Decompose structural densenet ops into primitive layers";
  let description = [{
    Rewrites `densenet.stem`, `dense_layer`, `dense_block`, `transition` and
    `classifier` into `conv2d`, `batch_norm`, `relu`, pooling, `concat` and
    `linear`. A dense block becomes its chain of layers and concatenations.
    A transition pools before its 1x1 convolution: both are linear, so
    AvgPool(Conv1x1(z)) = Conv1x1(AvgPool(z)) with 4x fewer multiplies.
  }];
  let dependentDialects = ["densenet::DenseNetDialect"];
}

def DenseNetFoldBatchNorm : Pass<"densenet-fold-batchnorm", "func::FuncOp"> {
  let summary = "Fold each batch norm that follows a convolution into it";
  let description = [{
    `batch_norm(conv2d(x, W, b))` with constant W, b and norm parameters
    becomes `conv2d(x, W', b')` with W'[k] = W[k] * s[k] and
    b'[k] = (b[k] - mean[k]) * s[k] + beta[k], s = gamma / sqrt(var + eps).
    Folding happens at compile time in double precision.
  }];
  let dependentDialects = ["densenet::DenseNetDialect", "arith::ArithDialect"];
}

#endif // DENSENET_TRANSFORMS_PASSES_TD
