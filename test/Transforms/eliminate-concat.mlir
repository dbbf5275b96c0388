// RUN: densenet-opt %s --densenet-eliminate-concat=pad-rows=1 --split-input-file | FileCheck %s
// RUN: densenet-opt %s --densenet-eliminate-concat=pad-rows=1 --densenet-decompose --split-input-file | FileCheck %s --check-prefix=DECOMPOSED
// RUN: densenet-opt %s --densenet-eliminate-concat=pad-rows=0 --split-input-file | FileCheck %s --check-prefix=NOPAD
// RUN: densenet-opt %s --densenet-eliminate-concat --split-input-file | FileCheck %s --check-prefix=NOPAD

// With pad-rows, a 2-layer bottleneck block (C0 = 4, k = 2) computes in one
// 8-channel buffer whose rows are W + 2 = 7 long, as its layers end in a 3x3
// conv: the input fills channels [0, 4), layer 0 reads [0, 4) (folded to the
// input itself) and writes [4, 6), layer 1 reads [0, 6) and writes [6, 8);
// each reads and writes the 5 x 5 window of the 5 x 7 rows. The block's
// result is that window of the whole buffer. No concatenation remains.
// CHECK-LABEL: func.func @block(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x4x5x5xf32>
// CHECK: %[[BUF:.*]] = bufferization.alloc_tensor() : tensor<1x8x5x7xf32>
// CHECK: %[[B0:.*]] = tensor.insert_slice %[[X]] into %[[BUF]][0, 0, 0, 0] [1, 4, 5, 5] [1, 1, 1, 1]
// CHECK: %[[Y0:.*]] = densenet.dense_layer %[[X]] : tensor<1x4x5x5xf32>
// CHECK-SAME: -> tensor<1x2x5x5xf32>
// CHECK: %[[B1:.*]] = tensor.insert_slice %[[Y0]] into %[[B0]][0, 4, 0, 0] [1, 2, 5, 5] [1, 1, 1, 1]
// CHECK: %[[F1:.*]] = tensor.extract_slice %[[B1]][0, 0, 0, 0] [1, 6, 5, 5] [1, 1, 1, 1]
// CHECK: %[[Y1:.*]] = densenet.dense_layer %[[F1]] : tensor<1x6x5x5xf32>
// CHECK: %[[B2:.*]] = tensor.insert_slice %[[Y1]] into %[[B1]][0, 6, 0, 0] [1, 2, 5, 5] [1, 1, 1, 1]
// CHECK: %[[OUT:.*]] = tensor.extract_slice %[[B2]][0, 0, 0, 0] [1, 8, 5, 5] [1, 1, 1, 1] : tensor<1x8x5x7xf32> to tensor<1x8x5x5xf32>
// CHECK: return %[[OUT]]
// CHECK-NOT: densenet.concat
// Without pad-rows (the default) the buffer's rows are W = 5 long and the
// last insertion is the block's result.
// NOPAD-LABEL: func.func @block(
// NOPAD-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x4x5x5xf32>
// NOPAD: %[[BUF:.*]] = bufferization.alloc_tensor() : tensor<1x8x5x5xf32>
// NOPAD: %[[B0:.*]] = tensor.insert_slice %[[X]] into %[[BUF]][0, 0, 0, 0] [1, 4, 5, 5] [1, 1, 1, 1]
// NOPAD: %[[F1:.*]] = tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 6, 5, 5] [1, 1, 1, 1] : tensor<1x8x5x5xf32> to tensor<1x6x5x5xf32>
// NOPAD: %[[Y1:.*]] = densenet.dense_layer %[[F1]] : tensor<1x6x5x5xf32>
// NOPAD: %[[B2:.*]] = tensor.insert_slice %[[Y1]] into %{{.*}}[0, 6, 0, 0] [1, 2, 5, 5] [1, 1, 1, 1] : tensor<1x2x5x5xf32> into tensor<1x8x5x5xf32>
// NOPAD-NEXT: return %[[B2]]
// DECOMPOSED-LABEL: func.func @block(
// DECOMPOSED-NOT: densenet.concat
// DECOMPOSED-COUNT-4: densenet.conv2d
// DECOMPOSED-NOT: densenet.concat
func.func @block(%x: tensor<1x4x5x5xf32>,
                 %n1: tensor<4x4xf32>, %w1: tensor<4x4x1x1xf32>,
                 %n2: tensor<4x4xf32>, %w2: tensor<2x4x3x3xf32>,
                 %n3: tensor<4x6xf32>, %w3: tensor<4x6x1x1xf32>,
                 %n4: tensor<4x4xf32>, %w4: tensor<2x4x3x3xf32>)
    -> tensor<1x8x5x5xf32> {
  %0 = densenet.dense_block %x : tensor<1x4x5x5xf32> layers 2 growth_rate 2
         params(%n1, %w1, %n2, %w2, %n3, %w3, %n4, %w4 :
                tensor<4x4xf32>, tensor<4x4x1x1xf32>, tensor<4x4xf32>,
                tensor<2x4x3x3xf32>, tensor<4x6xf32>, tensor<4x6x1x1xf32>,
                tensor<4x4xf32>, tensor<2x4x3x3xf32>)
         -> tensor<1x8x5x5xf32>
  return %0 : tensor<1x8x5x5xf32>
}

// -----

// Plain layers: rows keep their width. The layer locations keep
// torchvision's names.
// CHECK-LABEL: func.func @plain(
// CHECK: bufferization.alloc_tensor() : tensor<1x7x3x3xf32>
// CHECK: densenet.dense_layer {{.*}} : tensor<1x3x3x3xf32> norm({{.*}}) conv({{.*}} : tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NOT: densenet.concat
// NOPAD-LABEL: func.func @plain(
// NOPAD: bufferization.alloc_tensor() : tensor<1x7x3x3xf32>
func.func @plain(%x: tensor<1x3x3x3xf32>, %n: tensor<4x3xf32>,
                 %w: tensor<4x3x3x3xf32>) -> tensor<1x7x3x3xf32> {
  %0 = densenet.dense_block %x : tensor<1x3x3x3xf32> layers 1 growth_rate 4
         params(%n, %w : tensor<4x3xf32>, tensor<4x3x3x3xf32>)
         -> tensor<1x7x3x3xf32>
  return %0 : tensor<1x7x3x3xf32>
}
