// RUN: densenet-opt %s --densenet-compile="target=cpu stage=linalg" -o %t.linalg.mlir
// RUN: FileCheck %s --check-prefix=LINALG < %t.linalg.mlir
// RUN: FileCheck %s --check-prefix=LINALG-ONLY < %t.linalg.mlir
// RUN: densenet-opt %s --densenet-compile="target=cpu stage=bufferized" -o %t.buf.mlir
// RUN: FileCheck %s --check-prefix=BUF < %t.buf.mlir
// RUN: FileCheck %s --check-prefix=BUF-ONLY < %t.buf.mlir
// RUN: densenet-opt %s --densenet-compile="target=cpu stage=llvm" -o %t.llvm.mlir
// RUN: FileCheck %s --check-prefix=LLVM < %t.llvm.mlir
// RUN: FileCheck %s --check-prefix=LLVM-ONLY < %t.llvm.mlir

// densenetc's pipeline, densenet-compile, stage by stage on a tiny DenseNet-BC with
// constant weights: ImageNet stem on 8x8 (conv 7x7/2 -> 4x4, max pool -> 2x2,
// 8 channels), one dense block of one bottleneck layer (k = 4, 8-wide
// bottleneck), classifier to 3 classes.

// Lower to linalg: decomposed, BN folded where a constant conv precedes it
// (the stem's and the bottleneck's second norm), lowered to GEMMs.
// Stem norm with epsilon 1: gamma 3, var 3 -> s = 1.5, so W' = 0.5 * 1.5 =
// 0.75. Bottleneck norm 2: gamma 4, var 3 -> s = 2, W1' = 0.25 * 2 = 0.5
// (collapsed to 8x8 for its 1x1 GEMM). The stem's folded weight is
// rearranged at compile time: zero-padded to 8x8, space-to-depth (12
// channels of 4x4 taps) and gathered (its taps read 12 < 32 channels), one
// 8 x 147 constant: of the 16 x 12 columns, the 45 that hold only the
// padding's zeros are left out, so every weight left is 0.75. The folded biases are checked in
// test/Transforms/fold-batchnorm.mlir; here later fusion turns them into
// scalars.
// LINALG-LABEL: func.func @forward(
// LINALG-SAME: %{{.*}}: tensor<1x3x8x8xf32>) -> tensor<1x3xf32>
// LINALG-NOT: = densenet.
// LINALG-DAG: arith.constant dense<7.500000e-01> : tensor<8x147xf32>
// LINALG-DAG: arith.constant dense<5.000000e-01> : tensor<8x8xf32>
// 1 GEMM for the stem (its 16 taps' windows gathered), 1 for the 1x1 and 1
// for the 3x3 convolution (its 9 taps on 8 channels gathered, K = 72); the
// 1x1 GEMM reads the layer's BN-ReLU prologue.
// LINALG: linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>} ins(%{{.*}}, %{{.*}} : tensor<8x147xf32>, tensor<1x147x28xf32>)
// LINALG: linalg.contract {{.*}} {densenet.role = #densenet.role<gemm_with_prologue>} ins(%{{.*}}, %{{.*}} : tensor<8x8xf32>, tensor<1x8x8xf32>)
// LINALG: linalg.contract {{.*}} {densenet.role = #densenet.role<gemm>} ins(%{{.*}}, %{{.*}} : tensor<4x72xf32>, tensor<1x72x8xf32>)
// LINALG-NOT: linalg.contract
// LINALG: return
// No densenet op is left, and the two batch norms that do not follow a
// convolution (the layer's first and the classifier's) have their scale and
// shift computed at compile time (densenet-fold-constant-generics).
// LINALG-ONLY-NOT: = densenet.
// LINALG-ONLY-NOT: math.rsqrt
// LINALG-ONLY-NOT: = densenet.

// Bufferized: the buffers are planned into one arena (recorded on the
// module), the weights (the stem's rearranged 0.75s among them) are one
// byte blob, every loop nest is a noinline kernel, and the entry takes
// (weights, arena, input, output) with the result as an out-parameter.
// BUF: module attributes {densenet.buffer_plan = #densenet.buffer_plan<arenaBytes = [[ARENA:[1-9][0-9]*]],
// BUF: memref.global "public" constant @densenet_model_weights_data : memref<[[BLOB:[0-9]+]]xi8> = dense<"0x{{([0-9A-F]{8})*}}0000403F{{[0-9A-F]+}}">
// Pixel blocks narrower than 32 run as 16-, 8- and 4-wide vectors (28 =
// 16 + 8 + 4), never as odd widths: no FMA width but 4, 8, 16 and 32.
// BUF: func.func private @forward_{{[0-9]+}}({{.*}}) attributes {llvm.linkage = #llvm.linkage<internal>, passthrough = ["noinline"]}
// BUF: vector.fma {{.*}} : vector<16xf32>
// BUF-ONLY-NOT: vector.fma {{.*}} : vector<{{([0-35-79]|1[0-57-9]|2[0-9]|3[013-9]|[4-9][0-9]|[1-9][0-9][0-9]+)}}xf32>
// BUF-LABEL: func.func @forward(
// BUF-SAME: %{{.*}}: memref<[[BLOB]]xi8>, %{{.*}}: memref<[[ARENA]]xi8>, %{{.*}}: memref<1x3x8x8xf32>, %{{.*}}: memref<1x3xf32>) {
// BUF: return{{$}}
// BUF-ONLY-NOT: tensor<
// BUF-ONLY-NOT: linalg.contract
// BUF-ONLY-NOT: memref.copy
// BUF-ONLY-NOT: memref.alloc(
// BUF-ONLY-NOT: bufferization.

// Down to the LLVM dialect: the weights are one 64-byte-aligned byte blob,
// every loop nest is an internal noinline kernel, and the entry takes
// (weights, arena, input, output) as bare pointers.
// LLVM: llvm.mlir.global external constant @densenet_model_weights_data(dense<"0x{{[0-9A-F]+}}"> : tensor<{{[0-9]+}}xi8>) {addr_space = 0 : i32, alignment = 64 : i64} : !llvm.array<{{[0-9]+}} x i8>
// LLVM: llvm.func internal @[[K0:forward_[A-Za-z0-9_]*0]]({{.*}}) attributes {passthrough = ["noinline"]
// LLVM: llvm.func @forward(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: !llvm.ptr, %arg3: !llvm.ptr) {
// LLVM: llvm.call @[[K0]](
// LLVM: llvm.return{{$}}
// No op of another dialect is left anywhere; the GEMMs are vector FMAs.
// LLVM-ONLY-NOT: {{^ *(%[^ ]+ = )?"?(arith|math|scf|cf|memref|vector|linalg|tensor|func|affine|bufferization|ub|densenet)\.}}
// LLVM-ONLY-NOT: unrealized_conversion_cast
// LLVM-ONLY-NOT: memref<
// LLVM-ONLY-NOT: tensor<{{[0-9x]+}}xf32>
// LLVM-ONLY: llvm.intr.fmuladd({{.*}}) : (vector<16xf32>, vector<16xf32>, vector<16xf32>) -> vector<16xf32>
// LLVM-ONLY-NOT: {{^ *(%[^ ]+ = )?"?(arith|math|scf|cf|memref|vector|linalg|tensor|func|affine|bufferization|ub|densenet)\.}}
// LLVM-ONLY-NOT: unrealized_conversion_cast
// LLVM-ONLY-NOT: memref<
// LLVM-ONLY-NOT: tensor<{{[0-9x]+}}xf32>
func.func @forward(%input: tensor<1x3x8x8xf32>) -> tensor<1x3xf32> {
  %stem_conv = arith.constant dense<0.5> : tensor<8x3x7x7xf32>
  %stem_norm = arith.constant dense<[[3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0],
                                     [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
                                     [0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25],
                                     [3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0]]> : tensor<4x8xf32>
  %n1 = arith.constant dense<1.0> : tensor<4x8xf32>
  %w1 = arith.constant dense<0.25> : tensor<8x8x1x1xf32>
  %n2 = arith.constant dense<[[4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0],
                              [3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0],
                              [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
                              [3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0]]> : tensor<4x8xf32>
  %w2 = arith.constant dense<0.125> : tensor<4x8x3x3xf32>
  %cls_norm = arith.constant dense<1.0> : tensor<4x12xf32>
  %fc_w = arith.constant dense<0.5> : tensor<3x12xf32>
  %fc_b = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %stem = densenet.stem imagenet %input : tensor<1x3x8x8xf32>
            conv(%stem_conv : tensor<8x3x7x7xf32>) norm(%stem_norm : tensor<4x8xf32>)
            {epsilon = 1.0 : f64} -> tensor<1x8x2x2xf32>
  %block = densenet.dense_block %stem : tensor<1x8x2x2xf32> layers 1 growth_rate 4
             params(%n1, %w1, %n2, %w2 : tensor<4x8xf32>, tensor<8x8x1x1xf32>,
                    tensor<4x8xf32>, tensor<4x8x3x3xf32>)
             {epsilon = 1.0 : f64} -> tensor<1x12x2x2xf32>
  %logits = densenet.classifier %block : tensor<1x12x2x2xf32> norm(%cls_norm : tensor<4x12xf32>)
              fc(%fc_w, %fc_b : tensor<3x12xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  return %logits : tensor<1x3xf32>
}
