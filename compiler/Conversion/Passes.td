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
    With `cache-blocking` (the CPU pipeline's choice), a constant kernel
    whose taps read fewer than 32 channels (a stem's) is gathered: the taps'
    windows are copied (role `prologue`) into one buffer that a single GEMM
    reads, against the kernel rearranged at compile time; and an
    accumulator over 512 KiB runs in bands of pixels (`scf.for`), each band
    through every tap while it stays in cache. A map of at most 256 flat
    pixels, a multiple of 16, runs in blocks of 8 output channels, each
    through every tap, in an `scf.for` with role `parallel_loop` (one
    parallel loop instead of one per tap).
    The GEMMs are `linalg.contract` ops with role `gemm` (`densenet.role`),
    which the target's schedule tiles and vectorizes. Batch norm, ReLU,
    pooling, concat and linear lower to linalg and tensor ops; pooling and
    the classifier's reductions get role `channel_parallel`.
  }];
  let options = [
    Option<"cacheBlocking", "cache-blocking", "bool", /*default=*/"false",
           "Gather the taps of constant convolutions on fewer than 32 input "
           "channels into one GEMM, compute accumulators over 512 KiB in "
           "bands of pixels, and small maps in blocks of output channels "
           "(for CPU caches and threads)">
  ];
  let dependentDialects = [
    "affine::AffineDialect", "arith::ArithDialect",
    "bufferization::BufferizationDialect", "linalg::LinalgDialect",
    "math::MathDialect", "scf::SCFDialect", "tensor::TensorDialect"
  ];
}

def ConvertDenseNetBlockBuffersToLinalg
    : Pass<"convert-densenet-block-buffers-to-linalg", "func::FuncOp"> {
  let summary = "Lower the layers that write into dense-block buffers, in place";
  let description = [{
    Runs after `densenet-eliminate-concat`. Each stem, dense layer and
    transition whose result is inserted into a dense block's feature buffer
    becomes linalg on tensors in destination-passing style that computes
    straight into that buffer: no feature map is copied. A buffer with a row
    pitch of W + 2 (`densenet-eliminate-concat{pad-rows=1}`) lets the flat
    3x3 convolutions write whole rows in place (the two extra columns are
    junk that no valid pixel reads); dense layers need it. Each dense
    layer's BN-ReLU is a prologue of its 1x1 GEMM (roles `prologue` and
    `gemm_with_prologue`), its second BN and ReLU the epilogue (role
    `epilogue`, which also zeroes the junk columns the GEMM's pitched rows
    write into the border), and the 1x1 conv writes into the interior of a
    zero-bordered bottleneck buffer that the 3x3 conv reads. Transitions pool
    BN-ReLU before their 1x1 conv; the ImageNet stem max-pools its
    zero-bordered conv output. Layers that do not match are left to
    `densenet-decompose`. The stem conv's epilogue, a pool's initial fill and
    the fills of a border's rows, passes over whole feature maps, get role
    `channel_parallel`; a convolution's accumulator fill gets none (the CPU
    schedule fuses it into the GEMM; in a loop over bands of pixels, each
    band fills its own part).

    With `winograd`, a dense layer's 3x3 conv whose feature map sides are
    multiples of 4 (one image, constant weights) runs as Winograd
    F(4x4, 3x3) instead, one whose sides are even and at least 8 as
    F(2x2, 3x3) (Winograd.cpp: roles `row_transform`, `lane_transpose` and
    `batched_gemm`); on a map of 8 or more tile rows
    in bands of one tile row, a loop with role `parallel_loop` whose
    iterations allocate their own temporaries.
  }];
  let options = [
    Option<"winograd", "winograd", "bool", /*default=*/"false",
           "Compute eligible 3x3 convolutions as Winograd F(4x4 or 2x2, 3x3)">,
    Option<"cacheBlocking", "cache-blocking", "bool", /*default=*/"false",
           "Gather the taps of constant convolutions on fewer than 32 input "
           "channels into one GEMM, compute accumulators over 512 KiB in "
           "bands of pixels, and small maps in blocks of output channels "
           "(for CPU caches and threads)">
  ];
  let dependentDialects = [
    "affine::AffineDialect", "arith::ArithDialect",
    "bufferization::BufferizationDialect", "linalg::LinalgDialect",
    "math::MathDialect", "scf::SCFDialect", "tensor::TensorDialect"
  ];
}

#endif // DENSENET_CONVERSION_PASSES_TD
