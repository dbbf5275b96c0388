// RUN: densenet-opt %s -split-input-file --densenet-eliminate-concat=pad-rows=1 "--convert-densenet-block-buffers-to-linalg=winograd=1" | FileCheck %s
// RUN: densenet-opt %s -split-input-file --densenet-eliminate-concat=pad-rows=1 --convert-densenet-block-buffers-to-linalg | FileCheck %s --check-prefix=DIRECT
// RUN: densenet-opt %s -split-input-file --densenet-eliminate-concat=pad-rows=1 "--convert-densenet-block-buffers-to-linalg=winograd=1" --canonicalize --densenet-cpu-schedule --densenet-cpu-lower-vectors | FileCheck %s --check-prefix=SCHED

// A dense layer (C0 = 4, bottleneck 4, k = 2) on an 8 x 8 map with a
// constant 3x3 kernel: F(4x4, 3x3) over 2 x 2 output tiles, 4 tiles per
// tile row (2 of them junk), in one band of both tile rows:
// - the filter transform is a constant [36, K, C];
// - the input is transformed in three steps (rows, deinterleave, columns)
//   into [6, 6, C, 8], the 36 GEMMs are one batched contraction, and the
//   output transform (two row_transforms) and the interleave write straight
//   into channels [4, 6) of the block buffer;
// - the band's temporaries are allocated in the band loop, which carries
//   only the block buffer; with fewer than 8 tile rows the loop has no role
//   (its steps run in parallel instead).
// CHECK-LABEL: func.func @layer(
// CHECK: %[[U:.*]] = arith.constant dense<"0x{{[0-9A-F]+}}"> : tensor<36x2x4xf32>
// CHECK: %[[BANDS:.*]] = scf.for %[[ROW:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[BUF:.*]] = %{{.*}}) -> (tensor<1x6x8x10xf32>)
// CHECK: bufferization.alloc_tensor() : tensor<6x4x2x16xf32>
// CHECK: bufferization.alloc_tensor() : tensor<6x4x4x3x4xf32>
// CHECK: bufferization.alloc_tensor() : tensor<6x6x4x8xf32>
// CHECK: bufferization.alloc_tensor() : tensor<36x2x8xf32>
// CHECK: bufferization.alloc_tensor() : tensor<4x6x2x8xf32>
// CHECK: bufferization.alloc_tensor() : tensor<4x4x2x8xf32>
// CHECK-COUNT-6: tensor.extract_slice %{{.*}}[0, %{{.*}}, 0] [4, 2, 10] [1, 4, 1] : tensor<4x10x10xf32> to tensor<4x2x10xf32>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<6x4x2x10xf32>) attrs = {densenet.role = #densenet.role<row_transform>}
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<6x4x2x4x4xf32>) outs(%{{.*}} : tensor<6x4x4x2x4xf32>) attrs = {densenet.role = #densenet.role<lane_transpose>}
// CHECK: %[[VT:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<6x6x4x8xf32>) attrs = {densenet.role = #densenet.role<row_transform>}
// CHECK: %[[VFLAT:.*]] = tensor.collapse_shape %[[VT]] {{\[\[}}0, 1], [2], [3]] : tensor<6x6x4x8xf32> into tensor<36x4x8xf32>
// CHECK: %[[ZERO:.*]] = linalg.fill {{.*}} -> tensor<36x2x8xf32>
// CHECK: linalg.contract {{.*}} {densenet.role = #densenet.role<batched_gemm>} ins(%[[U]], %[[VFLAT]] : tensor<36x2x4xf32>, tensor<36x4x8xf32>) outs(%[[ZERO]] : tensor<36x2x8xf32>)
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
// CHECK: bufferization.alloc_tensor() : tensor<6x6x4x16xf32>
// CHECK: densenet.role<batched_gemm>
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

// Maps whose sides are not multiples of 4, and kernels that are not
// constants, keep the shifted GEMMs.
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
