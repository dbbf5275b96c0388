// RUN: densenet-opt %s --densenet-eliminate-concat=pad-rows=1 --convert-densenet-block-buffers-to-linalg --canonicalize | FileCheck %s
// RUN: densenet-opt %s --densenet-eliminate-concat=pad-rows=1 --convert-densenet-block-buffers-to-linalg --canonicalize --densenet-cpu-schedule --densenet-cpu-lower-vectors | FileCheck %s --check-prefix=SCHED
// RUN: densenet-opt %s --densenet-eliminate-concat=pad-rows=0 --convert-densenet-block-buffers-to-linalg --canonicalize | FileCheck %s --check-prefix=NOPAD
// RUN: densenet-opt %examples/tiny_densenet.mlir --densenet-compile="target=cpu stage=bufferized" | FileCheck %s --check-prefix=MODEL --implicit-check-not=linalg.copy --implicit-check-not=memref.copy

// One bottleneck layer (C0 = 4, bottleneck 4, k = 2) on 5 x 5 computes in
// place in its block's buffer, whose rows are 7 long (pad-rows=1):
// - the prologue is BN-ReLU of the whole pitched prefix [0, 4) x 35 pixels,
//   tagged for the schedule, read by the 1x1 GEMM;
// - the 1x1 GEMM accumulates straight into the interior of an 8 x 7
//   bordered bottleneck buffer (row 1, column 1: flat offset 7 + 1), with
//   BN-ReLU applied in place by an epilogue (role epilogue, which the CPU
//   schedule computes on the GEMM's register blocks) that also zeroes the
//   junk its pitched rows write into the border's columns (flat pixel p is
//   valid where p mod 7 < 5); then the border's rows before and after it
//   (flat [0, 8) and [43, 56)) are zeroed, two contiguous fills with role
//   channel_parallel;
// - the nine 3x3 taps read that buffer at offsets r * 7 + s and accumulate
//   straight into channels [4, 6) of the block buffer, at full pitch.
// CHECK-LABEL: func.func @layer(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x4x5x5xf32>, %[[N1:[a-zA-Z0-9_]+]]: tensor<4x4xf32>, %[[W1:[a-zA-Z0-9_]+]]: tensor<4x4x1x1xf32>, %[[N2:[a-zA-Z0-9_]+]]: tensor<4x4xf32>, %[[W2:[a-zA-Z0-9_]+]]: tensor<2x4x3x3xf32>)
// CHECK: %[[BUF:.*]] = bufferization.alloc_tensor() : tensor<1x6x5x7xf32>
// CHECK: %[[B0:.*]] = tensor.insert_slice %[[X]] into %[[BUF]][0, 0, 0, 0] [1, 4, 5, 5] [1, 1, 1, 1]
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[B0]] {{\[\[}}0], [1], [2, 3]] : tensor<1x6x5x7xf32> into tensor<1x6x35xf32>
// CHECK: %[[PREFIX:.*]] = tensor.extract_slice %[[FLAT]][0, 0, 0] [1, 4, 35] [1, 1, 1]
// CHECK: %[[ACTIVE:.*]] = linalg.generic {{.*}} ins(%[[PREFIX]], {{.*}}) {{.*}} attrs = {densenet.role = #densenet.role<prologue>}
// CHECK: %[[BORDERED:.*]] = bufferization.alloc_tensor() : tensor<1x4x8x7xf32>
// CHECK: %[[BFLAT:.*]] = tensor.collapse_shape %[[BORDERED]]
// CHECK: %[[INTERIOR:.*]] = tensor.extract_slice %[[BFLAT]][0, 0, 8] [1, 4, 35] [1, 1, 1]
// The accumulators' fills have no role: the CPU schedule fuses each into its
// GEMM's register blocks.
// CHECK: %[[ZERO1:.*]] = linalg.fill ins({{.*}}) outs(%[[INTERIOR]] : tensor<1x4x35xf32>)
// CHECK: %[[GEMM1:.*]] = linalg.contract {{.*}} {densenet.role = #densenet.role<gemm_with_prologue>} ins(%{{.*}}, %[[ACTIVE]] : tensor<4x4xf32>, tensor<1x4x35xf32>) outs(%[[ZERO1]] : tensor<1x4x35xf32>)
// CHECK: %[[EPILOGUE:.*]] = linalg.generic {{.*}} outs(%[[GEMM1]] : tensor<1x4x35xf32>) attrs = {densenet.role = #densenet.role<epilogue>}
// CHECK: %[[BN:.*]] = arith.maximumf
// CHECK-NEXT: %[[PIXEL:.*]] = linalg.index 2
// CHECK-NEXT: %[[PIXEL32:.*]] = arith.index_castui %[[PIXEL]] : index to i32
// CHECK-NEXT: %[[COLUMN:.*]] = arith.remui %[[PIXEL32]], %c7_i32
// CHECK-NEXT: %[[VALID:.*]] = arith.cmpi ult, %[[COLUMN]], %c5_i32
// CHECK-NEXT: %[[OUT:.*]] = arith.select %[[VALID]], %[[BN]], %cst
// CHECK-NEXT: linalg.yield %[[OUT]]
// CHECK: %[[WITH:.*]] = tensor.insert_slice %[[EPILOGUE]] into %[[BFLAT]][0, 0, 8] [1, 4, 35] [1, 1, 1]
// CHECK: %[[HEAD:.*]] = tensor.extract_slice %[[WITH]][0, 0, 0] [1, 4, 8] [1, 1, 1]
// CHECK: linalg.fill {densenet.role = #densenet.role<channel_parallel>} ins({{.*}}) outs(%[[HEAD]] : tensor<1x4x8xf32>)
// CHECK: %[[TAIL:.*]] = tensor.extract_slice %{{.*}}[0, 0, 43] [1, 4, 13] [1, 1, 1]
// CHECK: linalg.fill {densenet.role = #densenet.role<channel_parallel>} ins({{.*}}) outs(%[[TAIL]] : tensor<1x4x13xf32>)
// CHECK-NOT: linalg.fill {densenet.role
// CHECK: %[[NEW:.*]] = tensor.extract_slice %[[B0]][0, 4, 0, 0] [1, 2, 5, 7] [1, 1, 1, 1]
// CHECK: %[[NEWFLAT:.*]] = tensor.collapse_shape %[[NEW]]
// CHECK: %[[ACC:.*]] = linalg.fill ins({{.*}}) outs(%[[NEWFLAT]] : tensor<1x2x35xf32>)
// CHECK: %[[PADDED:.*]] = tensor.extract_slice %{{.*}}[0, 0, 0] [1, 4, 35] [1, 1, 1] : tensor<1x4x56xf32> to tensor<1x4x35xf32>
// CHECK: linalg.contract {{.*}} ins(%{{.*}}, %[[PADDED]] : {{.*}}) outs(%[[ACC]] : tensor<1x2x35xf32>)
// CHECK-COUNT-8: linalg.contract
// CHECK: %[[ROWS:.*]] = tensor.expand_shape
// CHECK: %[[B1:.*]] = tensor.insert_slice %[[ROWS]] into %[[B0]][0, 4, 0, 0] [1, 2, 5, 7] [1, 1, 1, 1]
// CHECK: %[[OUT:.*]] = tensor.extract_slice %[[B1]][0, 0, 0, 0] [1, 6, 5, 5] [1, 1, 1, 1]
// CHECK: return %[[OUT]]
// CHECK-NOT: densenet.
// In a buffer of W-long rows (pad-rows=0) the layer cannot write whole
// padded rows: it is left to densenet-decompose, its result inserted.
// NOPAD-LABEL: func.func @layer(
// NOPAD-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x4x5x5xf32>
// NOPAD-NEXT: %[[BUF:.*]] = bufferization.alloc_tensor() : tensor<1x6x5x5xf32>
// NOPAD-NEXT: %[[B0:.*]] = tensor.insert_slice %[[X]] into %[[BUF]][0, 0, 0, 0] [1, 4, 5, 5] [1, 1, 1, 1]
// NOPAD-NEXT: %[[Y:.*]] = densenet.dense_layer %[[X]]
// NOPAD-NEXT: %[[B1:.*]] = tensor.insert_slice %[[Y]] into %[[B0]][0, 4, 0, 0] [1, 2, 5, 5] [1, 1, 1, 1]
// NOPAD-NEXT: return %[[B1]]
// Under 128 pixels the CPU schedule computes the prologue whole, first (its
// 4 channel rows of 35 pixels, in a loop marked parallel), and the 1x1
// GEMM's register blocks of 32 and then 3 pixels read it.
// SCHED-LABEL: func.func @layer(
// SCHED: %[[ACTIVE:.*]] = tensor.empty() : tensor<1x4x35xf32>
// SCHED: scf.for {{.*}} iter_args(%{{.*}} = %[[ACTIVE]])
// SCHED: math.fma {{.*}} : vector<35xf32>
// SCHED-NEXT: arith.maximumf {{.*}} : vector<35xf32>
// SCHED: } {densenet.role = #densenet.role<parallel_loop>}
// SCHED: vector.fma {{.*}} : vector<32xf32>
// SCHED: vector.fma {{.*}} : vector<3xf32>
func.func @layer(%x: tensor<1x4x5x5xf32>,
                 %n1: tensor<4x4xf32>, %w1: tensor<4x4x1x1xf32>,
                 %n2: tensor<4x4xf32>, %w2: tensor<2x4x3x3xf32>)
    -> tensor<1x6x5x5xf32> {
  %0 = densenet.dense_block %x : tensor<1x4x5x5xf32> layers 1 growth_rate 2
         params(%n1, %w1, %n2, %w2 :
                tensor<4x4xf32>, tensor<4x4x1x1xf32>, tensor<4x4xf32>,
                tensor<2x4x3x3xf32>)
         -> tensor<1x6x5x5xf32>
  return %0 : tensor<1x6x5x5xf32>
}

// The 2-block example model (stem, block, transition, block, classifier),
// bufferized: every layer writes into its block buffer, so the only copies
// left are of the image and the stem's weights (padding, and padding after
// space-to-depth), none of a feature map.
// The copies sit in the kernels outlined from @forward, in its order; no
// other copy is anywhere in the module (--implicit-check-not).
// MODEL: linalg.copy ins(%{{.*}} : memref<1x3x64x64xf32>)
// MODEL: linalg.copy ins(%{{.*}} : memref<16x3x7x7xf32>)
// MODEL: linalg.copy ins(%{{.*}} : memref<1x12x35x35xf32>)
// MODEL-LABEL: func.func @forward(
// MODEL-SAME: memref<1x3x64x64xf32>
// MODEL: return

// The ImageNet stem's 3x3/2 max pool, from the 18 x 19 zero-bordered
// BN-ReLU output of its conv into channels [0, 8) of the block buffer, runs
// one output row per iteration of a parallel loop, in three steps along
// whole rows: the maximum of input rows 2 oh .. 2 oh + 2 (18 columns, the
// windows of 8 outputs), those columns apart into even and odd, then the
// maximum of each even, odd and next even column into row oh.
// CHECK-LABEL: func.func @stem_pool(
// CHECK: %[[BUF:.*]] = bufferization.alloc_tensor() : tensor<1x10x8x10xf32>
// CHECK: %[[DEST:.*]] = tensor.extract_slice %[[BUF]][0, 0, 0, 0] [1, 8, 8, 8] [1, 1, 1, 1]
// CHECK: %[[POOL:.*]] = scf.for %[[OH:.*]] = %{{.*}} iter_args(%[[OUT:.*]] = %[[DEST]]) -> (tensor<1x8x8x8xf32>) {
// CHECK: %[[R0:.*]] = arith.muli %[[OH]], %c2
// CHECK: %[[IN0:.*]] = tensor.extract_slice %[[BORDERED:.*]][0, 0, %[[R0]], 0] [1, 8, 1, 18] [1, 1, 1, 1] : tensor<1x8x18x19xf32> to tensor<1x8x1x18xf32>
// CHECK: %[[R1:.*]] = arith.addi %[[R0]], %c1
// CHECK: %[[IN1:.*]] = tensor.extract_slice %[[BORDERED]][0, 0, %[[R1]], 0] [1, 8, 1, 18]
// CHECK: %[[R2:.*]] = arith.addi %[[R0]], %c2
// CHECK: %[[IN2:.*]] = tensor.extract_slice %[[BORDERED]][0, 0, %[[R2]], 0] [1, 8, 1, 18]
// CHECK: %[[ROWS:.*]] = linalg.generic {{.*}} ins(%[[IN0]], %[[IN1]], %[[IN2]] : {{.*}}) {{.*}} attrs = {densenet.role = #densenet.role<row_transform>}
// CHECK-COUNT-2: arith.maximumf
// CHECK: %[[GROUPED:.*]] = tensor.expand_shape %[[ROWS]] {{.*}} into tensor<1x8x1x9x2xf32>
// CHECK: %[[PAIRS:.*]] = linalg.generic {{.*}} ins(%[[GROUPED]] : tensor<1x8x1x9x2xf32>) outs(%{{.*}} : tensor<1x8x1x2x9xf32>) attrs = {densenet.role = #densenet.role<lane_transpose>}
// CHECK: %[[EVEN:.*]] = tensor.extract_slice %[[PAIRS]][0, 0, 0, 0, 0] [1, 8, 1, 1, 8]
// CHECK: %[[ODD:.*]] = tensor.extract_slice %[[PAIRS]][0, 0, 0, 1, 0] [1, 8, 1, 1, 8]
// CHECK: %[[NEXT:.*]] = tensor.extract_slice %[[PAIRS]][0, 0, 0, 0, 1] [1, 8, 1, 1, 8]
// CHECK: %[[ROW:.*]] = tensor.extract_slice %[[OUT]][0, 0, %[[OH]], 0] [1, 8, 1, 8]
// CHECK: %[[MAX:.*]] = linalg.generic {{.*}} ins(%[[EVEN]], %[[ODD]], %[[NEXT]] : {{.*}}) outs(%[[ROW]] : tensor<1x8x1x8xf32>) attrs = {densenet.role = #densenet.role<row_transform>}
// CHECK-COUNT-2: arith.maximumf
// CHECK: %[[NEWOUT:.*]] = tensor.insert_slice %[[MAX]] into %[[OUT]][0, 0, %[[OH]], 0] [1, 8, 1, 8]
// CHECK: scf.yield %[[NEWOUT]]
// CHECK: } {densenet.role = #densenet.role<parallel_loop>}
// CHECK: tensor.insert_slice %[[POOL]] into %[[BUF]][0, 0, 0, 0] [1, 8, 8, 8]
// The CPU schedule vectorizes every step along its row: 16 columns and the
// 2 left of the 18, the even and odd columns apart in one shuffle, the
// 8 outputs of a row.
// SCHED-LABEL: func.func @stem_pool(
// SCHED: arith.maximumf {{.*}} : vector<16xf32>
// SCHED: arith.maximumf {{.*}} : vector<2xf32>
// SCHED: vector.shuffle {{.*}} [0, 2, 4, 6, 8, 10, 12, 14, 16, 1, 3, 5, 7, 9, 11, 13, 15, 17] : vector<18xf32>, vector<18xf32>
// SCHED: arith.maximumf {{.*}} : vector<8xf32>
func.func @stem_pool(%x: tensor<1x3x32x32xf32>, %w: tensor<8x3x7x7xf32>,
                     %n: tensor<4x8xf32>, %n1: tensor<4x8xf32>,
                     %w1: tensor<4x8x1x1xf32>, %n2: tensor<4x4xf32>,
                     %w2: tensor<2x4x3x3xf32>) -> tensor<1x10x8x8xf32> {
  %0 = densenet.stem imagenet %x : tensor<1x3x32x32xf32>
         conv(%w : tensor<8x3x7x7xf32>) norm(%n : tensor<4x8xf32>)
         -> tensor<1x8x8x8xf32>
  %1 = densenet.dense_block %0 : tensor<1x8x8x8xf32> layers 1 growth_rate 2
         params(%n1, %w1, %n2, %w2 :
                tensor<4x8xf32>, tensor<4x8x1x1xf32>, tensor<4x4xf32>,
                tensor<2x4x3x3xf32>)
         -> tensor<1x10x8x8xf32>
  return %1 : tensor<1x10x8x8xf32>
}
