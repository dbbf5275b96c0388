//===- Passes.td - densenetc conversion and codegen passes -----*- tablegen -*-===//
//
// Passes that lower `densenet` out of its dialect and prepare the result for
// code generation.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CONVERSION_PASSES_TD
#define DENSENET_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertDenseNetToLinalg : Pass<"convert-densenet-to-linalg", "func::FuncOp"> {
  let summary = "Lower primitive densenet layers to linalg on tensors";
  let description = [{
    Every convolution becomes a sum of GEMMs over its kernel taps on the
    flattened, zero-padded NCHW input ("shifted GEMMs"): tap (r, s) reads the
    flat image at offset r*Wp + s, so each GEMM streams contiguous rows.
    Strided convolutions first go through a space-to-depth rearrangement.
    The GEMMs are `linalg.contract` ops tagged `densenet.gemm`, which the
    CPU schedule tiles and vectorizes. Batch norm, ReLU, pooling, concat and
    linear lower to linalg and tensor ops.
  }];
  let dependentDialects = [
    "arith::ArithDialect", "linalg::LinalgDialect", "math::MathDialect",
    "tensor::TensorDialect"
  ];
}

#endif // DENSENET_CONVERSION_PASSES_TD
