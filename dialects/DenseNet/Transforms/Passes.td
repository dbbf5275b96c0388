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

def DenseNetEliminateConcat
    : Pass<"densenet-eliminate-concat", "func::FuncOp"> {
  let summary = "Compute each dense block in one feature buffer, without concats";
  let description = [{
    Rewrites every `densenet.dense_block` into its layers working in place on
    one feature buffer of C0 + L*k channels: the block input fills channels
    [0, C0), layer l reads the channel prefix [0, C0 + l*k) and its k new
    channels are inserted at [C0 + l*k, C0 + (l+1)*k). The buffer is a
    `bufferization.alloc_tensor` (one allocation, never merged with another
    by CSE) updated with `tensor.insert_slice` and read with
    `tensor.extract_slice`, which one-shot bufferization turns into
    subviews: no feature map is ever copied to concatenate.

    The buffer's rows are W long unless `pad-rows` is set: then, when every
    layer ends in a 3x3 bottleneck conv, they are W + 2 long and the block's
    result is the W-wide view of the buffer. That row pitch is a target
    choice: the CPU lowering (`convert-densenet-block-buffers-to-linalg`)
    computes such layers in place as shifted GEMMs that write whole padded
    rows; layers in W-long rows take the ordinary lowering.
  }];
  let options = [
    Option<"padRows", "pad-rows", "bool", /*default=*/"false",
           "Rows of W + 2 for blocks whose layers all end in a 3x3 "
           "bottleneck conv (the CPU's in-place shifted-GEMM lowering)">
  ];
  let dependentDialects = ["densenet::DenseNetDialect", "tensor::TensorDialect",
                           "bufferization::BufferizationDialect"];
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

def DenseNetRaise : Pass<"densenet-raise", "func::FuncOp"> {
  let summary = "Rebuild stem, dense blocks, transitions and classifier from "
                "primitive layers";
  let description = [{
    The inverse of `densenet-decompose`, for models imported as primitive
    layers (ONNX). Recognises, by structure and never by name:
    - the stem: imagenet `max_pool 3x3/2 (relu (norm (conv 7x7/2 x)))`, or
      cifar `conv 3x3/1 x` on the function's input;
    - each dense block: `concat(x0, y0, ..., y_{L-1})` (flat, as PyTorch
      exports it, or nested) with y_l = layer(concat(x0, y0, ..., y_{l-1}))
      and every layer BN-ReLU-Conv1x1-BN-ReLU-Conv3x3 (bottleneck) or
      BN-ReLU-Conv3x3 (plain), one growth rate, one form;
    - each transition: BN-ReLU-Conv1x1-AvgPool2x2 or BN-ReLU-AvgPool-Conv1x1,
      with compression out / in (nudged up so that floor(theta * in) is out
      in floating point);
    - the classifier: BN-ReLU-global_avg_pool-linear.
    A norm that an exporter folded into the preceding convolution (the conv
    has a constant bias and no batch norm follows) becomes an identity-scale
    norm carrying the bias: gamma = sqrt(1 + eps), beta = bias, mean = 0,
    var = 1, so gamma / sqrt(var + eps) = 1 within an ulp, and
    `densenet-fold-batchnorm` folds it back. A pattern is raised only if its
    intermediate values have no uses outside it and its batch norms share
    one epsilon; everything else stays primitive.
  }];
  let dependentDialects = ["densenet::DenseNetDialect", "arith::ArithDialect"];
}

#endif // DENSENET_TRANSFORMS_PASSES_TD
