// densenet-raise rebuilds structural ops from primitive layers: both block
// forms (nested, as densenet-decompose writes it, and flat, as PyTorch
// exports it), transitions in both orders, the imagenet stem with a batch
// norm and with one an exporter folded into the convolution's bias, the
// cifar stem, and the classifier. Patterns that do not match stay primitive.
// RUN: densenet-opt --densenet-raise %s | FileCheck %s

// A 2-layer bottleneck block (k = 4, bn_size 2), nested concats.
// CHECK-LABEL: func.func @bottleneck_block
// CHECK-NEXT: %[[B:.*]] = densenet.dense_block %arg0 : tensor<1x8x6x6xf32> layers 2 growth_rate 4 params(%arg1, %arg2, %arg3, %arg4, %arg5, %arg6, %arg7, %arg8 :
// CHECK-SAME: {epsilon = 1.000000e-03 : f64} -> tensor<1x16x6x6xf32>
// CHECK-NEXT: return %[[B]]
func.func @bottleneck_block(%x: tensor<1x8x6x6xf32>,
    %n1: tensor<4x8xf32>, %w1: tensor<8x8x1x1xf32>,
    %n2: tensor<4x8xf32>, %w2: tensor<4x8x3x3xf32>,
    %n3: tensor<4x12xf32>, %w3: tensor<8x12x1x1xf32>,
    %n4: tensor<4x8xf32>, %w4: tensor<4x8x3x3xf32>) -> tensor<1x16x6x6xf32> {
  %0 = densenet.batch_norm %x, %n1 {epsilon = 1.0e-3 : f64} : tensor<1x8x6x6xf32>, tensor<4x8xf32>
  %1 = densenet.relu %0 : tensor<1x8x6x6xf32>
  %2 = densenet.conv2d %1, %w1 : tensor<1x8x6x6xf32>, tensor<8x8x1x1xf32> -> tensor<1x8x6x6xf32>
  %3 = densenet.batch_norm %2, %n2 {epsilon = 1.0e-3 : f64} : tensor<1x8x6x6xf32>, tensor<4x8xf32>
  %4 = densenet.relu %3 : tensor<1x8x6x6xf32>
  %5 = densenet.conv2d %4, %w2 {padding = array<i64: 1, 1, 1, 1>} : tensor<1x8x6x6xf32>, tensor<4x8x3x3xf32> -> tensor<1x4x6x6xf32>
  %6 = densenet.concat %x, %5 : tensor<1x8x6x6xf32>, tensor<1x4x6x6xf32> -> tensor<1x12x6x6xf32>
  %7 = densenet.batch_norm %6, %n3 {epsilon = 1.0e-3 : f64} : tensor<1x12x6x6xf32>, tensor<4x12xf32>
  %8 = densenet.relu %7 : tensor<1x12x6x6xf32>
  %9 = densenet.conv2d %8, %w3 : tensor<1x12x6x6xf32>, tensor<8x12x1x1xf32> -> tensor<1x8x6x6xf32>
  %10 = densenet.batch_norm %9, %n4 {epsilon = 1.0e-3 : f64} : tensor<1x8x6x6xf32>, tensor<4x8xf32>
  %11 = densenet.relu %10 : tensor<1x8x6x6xf32>
  %12 = densenet.conv2d %11, %w4 {padding = array<i64: 1, 1, 1, 1>} : tensor<1x8x6x6xf32>, tensor<4x8x3x3xf32> -> tensor<1x4x6x6xf32>
  %13 = densenet.concat %6, %12 : tensor<1x12x6x6xf32>, tensor<1x4x6x6xf32> -> tensor<1x16x6x6xf32>
  return %13 : tensor<1x16x6x6xf32>
}

// A plain 2-layer block (k = 3), flat concats as PyTorch exports them.
// CHECK-LABEL: func.func @plain_block
// CHECK-NEXT: %[[B:.*]] = densenet.dense_block %arg0 : tensor<1x6x5x5xf32> layers 2 growth_rate 3 params(%arg1, %arg2, %arg3, %arg4 :
// CHECK-SAME: -> tensor<1x12x5x5xf32>
// CHECK-NEXT: return %[[B]]
func.func @plain_block(%x: tensor<1x6x5x5xf32>,
    %n1: tensor<4x6xf32>, %w1: tensor<3x6x3x3xf32>,
    %n2: tensor<4x9xf32>, %w2: tensor<3x9x3x3xf32>) -> tensor<1x12x5x5xf32> {
  %0 = densenet.batch_norm %x, %n1 : tensor<1x6x5x5xf32>, tensor<4x6xf32>
  %1 = densenet.relu %0 : tensor<1x6x5x5xf32>
  %2 = densenet.conv2d %1, %w1 {padding = array<i64: 1, 1, 1, 1>} : tensor<1x6x5x5xf32>, tensor<3x6x3x3xf32> -> tensor<1x3x5x5xf32>
  %3 = densenet.concat %x, %2 : tensor<1x6x5x5xf32>, tensor<1x3x5x5xf32> -> tensor<1x9x5x5xf32>
  %4 = densenet.batch_norm %3, %n2 : tensor<1x9x5x5xf32>, tensor<4x9xf32>
  %5 = densenet.relu %4 : tensor<1x9x5x5xf32>
  %6 = densenet.conv2d %5, %w2 {padding = array<i64: 1, 1, 1, 1>} : tensor<1x9x5x5xf32>, tensor<3x9x3x3xf32> -> tensor<1x3x5x5xf32>
  %7 = densenet.concat %x, %2, %6 : tensor<1x6x5x5xf32>, tensor<1x3x5x5xf32>, tensor<1x3x5x5xf32> -> tensor<1x12x5x5xf32>
  return %7 : tensor<1x12x5x5xf32>
}

// A 1-layer bottleneck block whose middle norm an exporter folded into
// conv1's bias: it becomes an identity-scale norm carrying the bias
// (gamma = sqrt(1 + eps) = 1.00000501, beta = bias, mean 0, var 1).
// CHECK-LABEL: func.func @folded_bottleneck
// CHECK-NEXT: %[[N:.*]] = arith.constant dense<{{\[}}[1.00000501, 1.00000501], [2.500000e-01, 2.500000e-01], [0.000000e+00, 0.000000e+00], [1.000000e+00, 1.000000e+00]]> : tensor<4x2xf32>
// CHECK-NEXT: %[[B:.*]] = densenet.dense_block %arg0 : tensor<1x4x3x3xf32> layers 1 growth_rate 2 params(%arg1, %arg2, %[[N]], %arg3 :
// CHECK-NEXT: return %[[B]]
func.func @folded_bottleneck(%x: tensor<1x4x3x3xf32>, %n1: tensor<4x4xf32>,
    %w1: tensor<2x4x1x1xf32>, %w2: tensor<2x2x3x3xf32>) -> tensor<1x6x3x3xf32> {
  %bias = arith.constant dense<0.25> : tensor<2xf32>
  %0 = densenet.batch_norm %x, %n1 : tensor<1x4x3x3xf32>, tensor<4x4xf32>
  %1 = densenet.relu %0 : tensor<1x4x3x3xf32>
  %2 = densenet.conv2d %1, %w1 bias(%bias) : tensor<1x4x3x3xf32>, tensor<2x4x1x1xf32>, tensor<2xf32> -> tensor<1x2x3x3xf32>
  %3 = densenet.relu %2 : tensor<1x2x3x3xf32>
  %4 = densenet.conv2d %3, %w2 {padding = array<i64: 1, 1, 1, 1>} : tensor<1x2x3x3xf32>, tensor<2x2x3x3xf32> -> tensor<1x2x3x3xf32>
  %5 = densenet.concat %x, %4 : tensor<1x4x3x3xf32>, tensor<1x2x3x3xf32> -> tensor<1x6x3x3xf32>
  return %5 : tensor<1x6x3x3xf32>
}

// Transition, PyTorch's order: BN-ReLU-Conv1x1-AvgPool.
// CHECK-LABEL: func.func @transition_pool_last
// CHECK-NEXT: %[[T:.*]] = densenet.transition %arg0 : tensor<1x16x6x6xf32> norm(%arg1 : tensor<4x16xf32>) conv(%arg2 : tensor<8x16x1x1xf32>) {epsilon = 2.000000e-05 : f64} -> tensor<1x8x3x3xf32>
// CHECK-NEXT: return %[[T]]
func.func @transition_pool_last(%x: tensor<1x16x6x6xf32>, %n: tensor<4x16xf32>,
    %w: tensor<8x16x1x1xf32>) -> tensor<1x8x3x3xf32> {
  %0 = densenet.batch_norm %x, %n {epsilon = 2.0e-5 : f64} : tensor<1x16x6x6xf32>, tensor<4x16xf32>
  %1 = densenet.relu %0 : tensor<1x16x6x6xf32>
  %2 = densenet.conv2d %1, %w : tensor<1x16x6x6xf32>, tensor<8x16x1x1xf32> -> tensor<1x8x6x6xf32>
  %3 = densenet.avg_pool %2 {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>} : tensor<1x8x6x6xf32> -> tensor<1x8x3x3xf32>
  return %3 : tensor<1x8x3x3xf32>
}

// Transition, densenet-decompose's order: BN-ReLU-AvgPool-Conv1x1; 11 of
// 16 channels is compression 0.6875.
// CHECK-LABEL: func.func @transition_pool_first
// CHECK-NEXT: %[[T:.*]] = densenet.transition %arg0 : tensor<1x16x5x5xf32> norm(%arg1 : tensor<4x16xf32>) conv(%arg2 : tensor<11x16x1x1xf32>) {compression = 6.875000e-01 : f64} -> tensor<1x11x2x2xf32>
// CHECK-NEXT: return %[[T]]
func.func @transition_pool_first(%x: tensor<1x16x5x5xf32>, %n: tensor<4x16xf32>,
    %w: tensor<11x16x1x1xf32>) -> tensor<1x11x2x2xf32> {
  %0 = densenet.batch_norm %x, %n : tensor<1x16x5x5xf32>, tensor<4x16xf32>
  %1 = densenet.relu %0 : tensor<1x16x5x5xf32>
  %2 = densenet.avg_pool %1 {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>} : tensor<1x16x5x5xf32> -> tensor<1x16x2x2xf32>
  %3 = densenet.conv2d %2, %w : tensor<1x16x2x2xf32>, tensor<11x16x1x1xf32> -> tensor<1x11x2x2xf32>
  return %3 : tensor<1x11x2x2xf32>
}

// CHECK-LABEL: func.func @imagenet_stem
// CHECK-NEXT: %[[S:.*]] = densenet.stem imagenet %arg0 : tensor<1x3x32x30xf32> conv(%arg1 : tensor<8x3x7x7xf32>) norm(%arg2 : tensor<4x8xf32>) -> tensor<1x8x8x8xf32>
// CHECK-NEXT: return %[[S]]
func.func @imagenet_stem(%x: tensor<1x3x32x30xf32>, %w: tensor<8x3x7x7xf32>,
    %n: tensor<4x8xf32>) -> tensor<1x8x8x8xf32> {
  %0 = densenet.conv2d %x, %w {stride = array<i64: 2, 2>, padding = array<i64: 3, 3, 3, 3>} : tensor<1x3x32x30xf32>, tensor<8x3x7x7xf32> -> tensor<1x8x16x15xf32>
  %1 = densenet.batch_norm %0, %n : tensor<1x8x16x15xf32>, tensor<4x8xf32>
  %2 = densenet.relu %1 : tensor<1x8x16x15xf32>
  %3 = densenet.max_pool %2 {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x8x16x15xf32> -> tensor<1x8x8x8xf32>
  return %3 : tensor<1x8x8x8xf32>
}

// The imagenet stem with its norm folded into the convolution's bias.
// CHECK-LABEL: func.func @imagenet_stem_folded
// CHECK-NEXT: %[[N:.*]] = arith.constant dense<{{\[}}[1.00000501, 1.00000501, 1.00000501], [-5.000000e-01, -5.000000e-01, -5.000000e-01], [0.000000e+00, 0.000000e+00, 0.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]]> : tensor<4x3xf32>
// CHECK-NEXT: %[[S:.*]] = densenet.stem imagenet %arg0 : tensor<1x3x16x16xf32> conv(%arg1 : tensor<3x3x7x7xf32>) norm(%[[N]] : tensor<4x3xf32>) -> tensor<1x3x4x4xf32>
// CHECK-NEXT: return %[[S]]
func.func @imagenet_stem_folded(%x: tensor<1x3x16x16xf32>,
    %w: tensor<3x3x7x7xf32>) -> tensor<1x3x4x4xf32> {
  %bias = arith.constant dense<-0.5> : tensor<3xf32>
  %0 = densenet.conv2d %x, %w bias(%bias) {stride = array<i64: 2, 2>, padding = array<i64: 3, 3, 3, 3>} : tensor<1x3x16x16xf32>, tensor<3x3x7x7xf32>, tensor<3xf32> -> tensor<1x3x8x8xf32>
  %1 = densenet.relu %0 : tensor<1x3x8x8xf32>
  %2 = densenet.max_pool %1 {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return %2 : tensor<1x3x4x4xf32>
}

// CHECK-LABEL: func.func @cifar_stem
// CHECK-NEXT: %[[S:.*]] = densenet.stem cifar %arg0 : tensor<2x3x9x9xf32> conv(%arg1 : tensor<5x3x3x3xf32>) -> tensor<2x5x9x9xf32>
// CHECK-NEXT: return %[[S]]
func.func @cifar_stem(%x: tensor<2x3x9x9xf32>, %w: tensor<5x3x3x3xf32>) -> tensor<2x5x9x9xf32> {
  %0 = densenet.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : tensor<2x3x9x9xf32>, tensor<5x3x3x3xf32> -> tensor<2x5x9x9xf32>
  return %0 : tensor<2x5x9x9xf32>
}

// CHECK-LABEL: func.func @classifier
// CHECK-NEXT: %[[C:.*]] = densenet.classifier %arg0 : tensor<2x6x3x3xf32> norm(%arg1 : tensor<4x6xf32>) fc(%arg2, %arg3 : tensor<5x6xf32>, tensor<5xf32>) -> tensor<2x5xf32>
// CHECK-NEXT: return %[[C]]
func.func @classifier(%x: tensor<2x6x3x3xf32>, %n: tensor<4x6xf32>,
    %w: tensor<5x6xf32>, %b: tensor<5xf32>) -> tensor<2x5xf32> {
  %0 = densenet.batch_norm %x, %n : tensor<2x6x3x3xf32>, tensor<4x6xf32>
  %1 = densenet.relu %0 : tensor<2x6x3x3xf32>
  %2 = densenet.global_avg_pool %1 : tensor<2x6x3x3xf32> -> tensor<2x6xf32>
  %3 = densenet.linear %2, %w, %b : tensor<2x6xf32>, tensor<5x6xf32>, tensor<5xf32> -> tensor<2x5xf32>
  return %3 : tensor<2x5xf32>
}

// Negative: the layer's ReLU output is also returned, so the block cannot
// absorb it; a 3x3 average pool is no transition; a 2x2 max pool is no
// stem. Everything stays primitive.
// CHECK-LABEL: func.func @stays_primitive
// CHECK-NOT: densenet.dense_block
// CHECK-NOT: densenet.transition
// CHECK-NOT: densenet.stem
// CHECK: densenet.concat
// CHECK: densenet.avg_pool
// CHECK: densenet.max_pool
// CHECK: return
func.func @stays_primitive(%x: tensor<1x6x6x6xf32>, %n: tensor<4x6xf32>,
    %w: tensor<3x6x3x3xf32>, %w7: tensor<6x6x7x7xf32>)
    -> (tensor<1x9x6x6xf32>, tensor<1x6x6x6xf32>, tensor<1x6x2x2xf32>, tensor<1x6x1x1xf32>) {
  %0 = densenet.batch_norm %x, %n : tensor<1x6x6x6xf32>, tensor<4x6xf32>
  %1 = densenet.relu %0 : tensor<1x6x6x6xf32>
  %2 = densenet.conv2d %1, %w {padding = array<i64: 1, 1, 1, 1>} : tensor<1x6x6x6xf32>, tensor<3x6x3x3xf32> -> tensor<1x3x6x6xf32>
  %3 = densenet.concat %x, %2 : tensor<1x6x6x6xf32>, tensor<1x3x6x6xf32> -> tensor<1x9x6x6xf32>
  %4 = densenet.avg_pool %x {kernel = array<i64: 3, 3>, stride = array<i64: 3, 3>} : tensor<1x6x6x6xf32> -> tensor<1x6x2x2xf32>
  %5 = densenet.conv2d %x, %w7 {stride = array<i64: 2, 2>, padding = array<i64: 3, 3, 3, 3>} : tensor<1x6x6x6xf32>, tensor<6x6x7x7xf32> -> tensor<1x6x3x3xf32>
  %6 = densenet.relu %5 : tensor<1x6x3x3xf32>
  %7 = densenet.max_pool %6 {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>} : tensor<1x6x3x3xf32> -> tensor<1x6x1x1xf32>
  return %3, %1, %4, %7 : tensor<1x9x6x6xf32>, tensor<1x6x6x6xf32>, tensor<1x6x2x2xf32>, tensor<1x6x1x1xf32>
}
