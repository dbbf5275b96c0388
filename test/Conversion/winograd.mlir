// RUN: densenet-opt %s -split-input-file --densenet-eliminate-concat=pad-rows=1 "--convert-densenet-block-buffers-to-linalg=winograd=1" | FileCheck %s
// RUN: densenet-opt %s -split-input-file --densenet-eliminate-concat=pad-rows=1 --convert-densenet-block-buffers-to-linalg | FileCheck %s --check-prefix=DIRECT
// RUN: densenet-opt %s -split-input-file --densenet-eliminate-concat=pad-rows=1 "--convert-densenet-block-buffers-to-linalg=winograd=1" --canonicalize --densenet-cpu-schedule --densenet-cpu-lower-vectors | FileCheck %s --check-prefix=SCHED

// A dense layer (C0 = 4, bottleneck 4, k = 2) on an 8 x 8 map with a
// constant 3x3 kernel: F(4x4, 3x3) over 2 x 2 output tiles, 4 tiles per
// tile row (2 of them junk), in one band of both tile rows:
// - the filter transform is a constant [36, C, K], input-major, row a of
//   the patches' transform outermost (U[6a + b]);
// - the input's columns are transformed and deinterleaved for the band;
//   then each row a of the transformed patches (a loop marked parallel:
//   with fewer than 8 tile rows, the bands are not) transforms into its own
//   scratch [6, 1, C, 8] and feeds its 6 GEMMs, one batched contraction
//   with U[6a, 6a + 6) into M[6a, 6a + 6); the output transform (two
//   row_transforms) and the interleave write straight into channels [4, 6)
//   of the block buffer;
// - the band's temporaries are allocated in the band loop, which carries
//   only the block buffer and has no role.
// CHECK-DAG: #[[$INPUT_MAJOR:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d1)>
// CHECK-LABEL: func.func @layer(
// CHECK: %[[U:.*]] = arith.constant dense<"0x{{[0-9A-F]+}}"> : tensor<36x4x2xf32>
// CHECK: %[[BANDS:.*]] = scf.for %[[ROW:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[BUF:.*]] = %{{.*}}) -> (tensor<1x6x8x10xf32>)
// CHECK: bufferization.alloc_tensor() : tensor<6x4x2x16xf32>
// CHECK: bufferization.alloc_tensor() : tensor<6x4x4x3x4xf32>
// CHECK: %[[PRODUCTS:.*]] = bufferization.alloc_tensor() : tensor<36x2x8xf32>
// CHECK: bufferization.alloc_tensor() : tensor<4x6x2x8xf32>
// CHECK: bufferization.alloc_tensor() : tensor<4x4x2x8xf32>
// CHECK-COUNT-6: tensor.extract_slice %{{.*}}[0, %{{.*}}, 0] [4, 2, 10] [1, 4, 1] : tensor<4x10x10xf32> to tensor<4x2x10xf32>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<6x4x2x10xf32>) attrs = {densenet.role = #densenet.role<row_transform>}
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<6x4x2x4x4xf32>) outs(%{{.*}} : tensor<6x4x4x2x4xf32>) attrs = {densenet.role = #densenet.role<lane_transpose>}
// CHECK: %[[LANES:.*]] = tensor.collapse_shape %{{.*}} : tensor<6x4x4x3x4xf32> into tensor<6x4x4x12xf32>
// CHECK: %[[M:.*]] = scf.for %[[A:.*]] = %c0 to %c6 step %c1 iter_args(%[[ACC:.*]] = %[[PRODUCTS]]) -> (tensor<36x2x8xf32>)
// CHECK: %[[SCRATCH:.*]] = bufferization.alloc_tensor() : tensor<6x1x4x8xf32>
// CHECK-COUNT-6: tensor.extract_slice %[[LANES]][%[[A]], 0, {{[0-3]}}, {{[01]}}] [1, 4, 1, 8] [1, 1, 1, 1] : tensor<6x4x4x12xf32> to tensor<1x4x8xf32>
// CHECK: %[[VT:.*]] = linalg.generic {{.*}} outs(%[[SCRATCH]] : tensor<6x1x4x8xf32>) attrs = {densenet.role = #densenet.role<row_transform>}
// CHECK: %[[V:.*]] = tensor.collapse_shape %[[VT]] {{\[\[}}0, 1], [2], [3]] : tensor<6x1x4x8xf32> into tensor<6x4x8xf32>
// CHECK: %[[FIRST:.*]] = arith.muli %[[A]], %c6
// CHECK: %[[UA:.*]] = tensor.extract_slice %[[U]][%[[FIRST]], 0, 0] [6, 4, 2] [1, 1, 1] : tensor<36x4x2xf32> to tensor<6x4x2xf32>
// CHECK: %[[MA:.*]] = tensor.extract_slice %[[ACC]][%[[FIRST]], 0, 0] [6, 2, 8] [1, 1, 1]
// CHECK: %[[ZERO:.*]] = linalg.fill {{.*}} outs(%[[MA]] : tensor<6x2x8xf32>)
// CHECK: %[[PROD:.*]] = linalg.contract indexing_maps = [#[[$INPUT_MAJOR]], {{.*}}] {densenet.role = #densenet.role<batched_gemm>} ins(%[[UA]], %[[V]] : tensor<6x4x2xf32>, tensor<6x4x8xf32>) outs(%[[ZERO]] : tensor<6x2x8xf32>)
// CHECK: %[[MNEW:.*]] = tensor.insert_slice %[[PROD]] into %[[ACC]][%[[FIRST]], 0, 0] [6, 2, 8]
// CHECK: scf.yield %[[MNEW]] : tensor<36x2x8xf32>
// CHECK-NEXT: } {densenet.role = #densenet.role<parallel_loop>}
// CHECK: %[[BYROW:.*]] = tensor.expand_shape %[[M]] {{\[\[}}0, 1], [2], [3]] output_shape [6, 6, 2, 8]
// CHECK-COUNT-6: tensor.extract_slice %[[BYROW]][{{[0-5]}}, 0, 0, 0] [1, 6, 2, 8] [1, 1, 1, 1]
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<4x6x2x8xf32>) attrs = {densenet.role = #densenet.role<row_transform>}
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<4x4x2x8xf32>) attrs = {densenet.role = #densenet.role<row_transform>}
// CHECK: %[[REGION:.*]] = tensor.extract_slice %[[BUF]][0, 4, %{{.*}}, 0] [1, 2, 8, 8] [1, 1, 1, 1] : tensor<1x6x8x10xf32> to tensor<2x8x8xf32>
// CHECK: %[[TILED:.*]] = tensor.expand_shape %[[REGION]] {{\[\[}}0], [1, 2], [3, 4]] output_shape [2, 2, 4, 2, 4]
// CHECK: %[[OUT:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<4x4x2x2x2xf32>) outs(%[[TILED]] : tensor<2x2x4x2x4xf32>) attrs = {densenet.role = #densenet.role<lane_transpose>}
// CHECK: %[[ROWS:.*]] = tensor.collapse_shape %[[OUT]]
// CHECK: %[[NEWBUF:.*]] = tensor.insert_slice %[[ROWS]] into %[[BUF]][0, 4, %{{.*}}, 0] [1, 2, 8, 8] [1, 1, 1, 1]
// CHECK: scf.yield %[[NEWBUF]] : tensor<1x6x8x10xf32>
// CHECK-NOT: densenet.role<parallel_loop>
// CHECK: tensor.extract_slice %[[BANDS]][0, 0, 0, 0] [1, 6, 8, 8]
// Without the option the same layer is nine shifted GEMMs.
// DIRECT-LABEL: func.func @layer(
// DIRECT-NOT: batched_gemm
// DIRECT-COUNT-9: role<gemm>
// DIRECT-NOT: batched_gemm
// The schedule tiles and vectorizes every Winograd step: no op keeps its
// role, and the transforms compute 16 lanes of all their output rows at once.
// SCHED-LABEL: func.func @layer(
// SCHED-NOT: densenet.role<row_transform>
// SCHED-NOT: densenet.role<lane_transpose>
// SCHED-NOT: densenet.role<batched_gemm>
// SCHED: vector.shuffle
// SCHED: return
func.func @layer(%x: tensor<1x4x8x8xf32>,
                 %n1: tensor<4x4xf32>, %w1: tensor<4x4x1x1xf32>,
                 %n2: tensor<4x4xf32>) -> tensor<1x6x8x8xf32> {
  %w2 = arith.constant dense<0.5> : tensor<2x4x3x3xf32>
  %0 = densenet.dense_block %x : tensor<1x4x8x8xf32> layers 1 growth_rate 2
         params(%n1, %w1, %n2, %w2 :
                tensor<4x4xf32>, tensor<4x4x1x1xf32>, tensor<4x4xf32>,
                tensor<2x4x3x3xf32>)
         -> tensor<1x6x8x8xf32>
  return %0 : tensor<1x6x8x8xf32>
}

// -----

// A 32 x 32 map has 8 tile rows: its bands are one tile row each (8 tiles
// per row: 8 map tiles and 8 junk ones) and run in parallel, each with its
// own temporaries.
// CHECK-LABEL: func.func @parallel_bands(
// CHECK: scf.for %{{.*}} = %c0 to %c8 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (tensor<1x6x32x34xf32>)
// CHECK: bufferization.alloc_tensor() : tensor<6x4x1x64xf32>
// CHECK: bufferization.alloc_tensor() : tensor<6x4x4x2x16xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c6 step %c1
// CHECK: bufferization.alloc_tensor() : tensor<6x1x4x16xf32>
// CHECK: densenet.role<batched_gemm>
// The rows of the patches are marked parallel too: nested in the loop over
// bands, densenet-parallelize-loops leaves them sequential.
// CHECK: } {densenet.role = #densenet.role<parallel_loop>}
// CHECK: } {densenet.role = #densenet.role<parallel_loop>}
// DIRECT-LABEL: func.func @parallel_bands(
func.func @parallel_bands(%x: tensor<1x4x32x32xf32>,
                          %n1: tensor<4x4xf32>, %w1: tensor<4x4x1x1xf32>,
                          %n2: tensor<4x4xf32>) -> tensor<1x6x32x32xf32> {
  %w2 = arith.constant dense<0.5> : tensor<2x4x3x3xf32>
  %0 = densenet.dense_block %x : tensor<1x4x32x32xf32> layers 1 growth_rate 2
         params(%n1, %w1, %n2, %w2 :
                tensor<4x4xf32>, tensor<4x4x1x1xf32>, tensor<4x4xf32>,
                tensor<2x4x3x3xf32>)
         -> tensor<1x6x32x32xf32>
  return %0 : tensor<1x6x32x32xf32>
}

// -----

// Maps whose sides are not multiples of 4 and too small for F(2x2, 3x3)
// (6 < 8), and kernels that are not constants, keep the shifted GEMMs.
// CHECK-LABEL: func.func @odd_map(
// CHECK-NOT: batched_gemm
// CHECK-COUNT-9: role<gemm>
// CHECK-NOT: batched_gemm
// DIRECT-LABEL: func.func @odd_map(
func.func @odd_map(%x: tensor<1x4x6x8xf32>,
                   %n1: tensor<4x4xf32>, %w1: tensor<4x4x1x1xf32>,
                   %n2: tensor<4x4xf32>) -> tensor<1x6x6x8xf32> {
  %w2 = arith.constant dense<0.5> : tensor<2x4x3x3xf32>
  %0 = densenet.dense_block %x : tensor<1x4x6x8xf32> layers 1 growth_rate 2
         params(%n1, %w1, %n2, %w2 :
                tensor<4x4xf32>, tensor<4x4x1x1xf32>, tensor<4x4xf32>,
                tensor<2x4x3x3xf32>)
         -> tensor<1x6x6x8xf32>
  return %0 : tensor<1x6x6x8xf32>
}

// -----

// CHECK-LABEL: func.func @weight_argument(
// CHECK-NOT: batched_gemm
// CHECK-COUNT-9: role<gemm>
// CHECK-NOT: batched_gemm
// DIRECT-LABEL: func.func @weight_argument(
func.func @weight_argument(%x: tensor<1x4x8x8xf32>,
                           %n1: tensor<4x4xf32>, %w1: tensor<4x4x1x1xf32>,
                           %n2: tensor<4x4xf32>, %w2: tensor<2x4x3x3xf32>)
    -> tensor<1x6x8x8xf32> {
  %0 = densenet.dense_block %x : tensor<1x4x8x8xf32> layers 1 growth_rate 2
         params(%n1, %w1, %n2, %w2 :
                tensor<4x4xf32>, tensor<4x4x1x1xf32>, tensor<4x4xf32>,
                tensor<2x4x3x3xf32>)
         -> tensor<1x6x8x8xf32>
  return %0 : tensor<1x6x8x8xf32>
}

// -----

// A 10 x 8 map (a side not a multiple of 4, both even and at least 8) runs
// as F(2x2, 3x3): 4x4 patches, 16 transform points, 5 x 4 output tiles of
// 2x2, 8 tiles per tile row (4 junk), in one band of all 5 tile rows (40
// lanes). The patch rows step by 2, the deinterleave makes 2 lanes, and
// each of the 4 rows of transformed patches feeds 4 GEMMs.
// CHECK-LABEL: func.func @f2_map(
// CHECK: %[[U2:.*]] = arith.constant dense<"0x{{[0-9A-F]+}}"> : tensor<16x4x2xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %{{.*}}) -> (tensor<1x6x10x10xf32>)
// CHECK: bufferization.alloc_tensor() : tensor<4x4x5x16xf32>
// CHECK: bufferization.alloc_tensor() : tensor<4x4x2x6x8xf32>
// CHECK: %[[PRODUCTS2:.*]] = bufferization.alloc_tensor() : tensor<16x2x40xf32>
// CHECK: bufferization.alloc_tensor() : tensor<2x4x2x40xf32>
// CHECK: bufferization.alloc_tensor() : tensor<2x2x2x40xf32>
// CHECK-COUNT-4: tensor.extract_slice %{{.*}}[0, %{{.*}}, 0] [4, 5, 10] [1, 2, 1] : tensor<4x12x10xf32> to tensor<4x5x10xf32>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<4x4x5x10xf32>) attrs = {densenet.role = #densenet.role<row_transform>}
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<4x4x5x8x2xf32>) outs(%{{.*}} : tensor<4x4x2x5x8xf32>) attrs = {densenet.role = #densenet.role<lane_transpose>}
// CHECK: scf.for %[[A2:.*]] = %c0 to %c4 step %c1 iter_args(%{{.*}} = %[[PRODUCTS2]]) -> (tensor<16x2x40xf32>)
// CHECK: %[[FIRST2:.*]] = arith.muli %[[A2]], %c4
// CHECK: tensor.extract_slice %[[U2]][%[[FIRST2]], 0, 0] [4, 4, 2] [1, 1, 1] : tensor<16x4x2xf32> to tensor<4x4x2xf32>
// CHECK: linalg.contract {{.*}} {densenet.role = #densenet.role<batched_gemm>} ins(%{{.*}}, %{{.*}} : tensor<4x4x2xf32>, tensor<4x4x40xf32>) outs(%{{.*}} : tensor<4x2x40xf32>)
// CHECK: } {densenet.role = #densenet.role<parallel_loop>}
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x4x2x40xf32>) attrs = {densenet.role = #densenet.role<row_transform>}
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x2x2x40xf32>) attrs = {densenet.role = #densenet.role<row_transform>}
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<2x2x2x5x4xf32>) outs(%{{.*}} : tensor<2x5x2x4x2xf32>) attrs = {densenet.role = #densenet.role<lane_transpose>}
// DIRECT-LABEL: func.func @f2_map(
// DIRECT-NOT: batched_gemm
// DIRECT-COUNT-9: role<gemm>
// DIRECT-NOT: batched_gemm
func.func @f2_map(%x: tensor<1x4x10x8xf32>,
                  %n1: tensor<4x4xf32>, %w1: tensor<4x4x1x1xf32>,
                  %n2: tensor<4x4xf32>) -> tensor<1x6x10x8xf32> {
  %w2 = arith.constant dense<0.5> : tensor<2x4x3x3xf32>
  %0 = densenet.dense_block %x : tensor<1x4x10x8xf32> layers 1 growth_rate 2
         params(%n1, %w1, %n2, %w2 :
                tensor<4x4xf32>, tensor<4x4x1x1xf32>, tensor<4x4xf32>,
                tensor<2x4x3x3xf32>)
         -> tensor<1x6x10x8xf32>
  return %0 : tensor<1x6x10x8xf32>
}
