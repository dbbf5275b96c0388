// RUN: densenet-opt %s -split-input-file --densenet-fold-batchnorm | FileCheck %s

// batch_norm(conv2d(x, W, b)) with constant W, b and norm becomes
// conv2d(x, W', b'), s = gamma / sqrt(var + eps), W'[k] = W[k] * s[k],
// b'[k] = (b[k] - mean[k]) * s[k] + beta[k].
//
// The numbers are chosen so that every folded value is exact in f32:
// epsilon = 0.25 and var = [3.75, 0.0] give sqrt(var + eps) = [2.0, 0.5];
// with gamma = [3.0, 1.5] the scale is s = [1.5, 3.0]. The norm is packed
// as rows gamma, beta = [0.5, -1.0], mean = [1.0, 0.25], var.

// No bias: b' = -mean * s + beta = [-1.0 * 1.5 + 0.5, -0.25 * 3.0 - 1.0]
//                                 = [-1.0, -1.75].
// W = [[1, 2], [3, -4]] (2 output channels, 2 input channels, 1x1 kernel)
// scales to [[1.5, 3.0], [9.0, -12.0]]. Stride and padding are kept.
// CHECK-LABEL: func.func @fold_no_bias(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x2x4x4xf32>)
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.500000e+00]], {{\[\[}}3.000000e+00]]], {{\[\[\[}}9.000000e+00]], {{\[\[}}-1.200000e+01]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-1.000000e+00, -1.750000e+00]> : tensor<2xf32>
// CHECK: %[[C:.*]] = densenet.conv2d %[[X]], %[[W]] bias(%[[B]]) {padding = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>} : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32> -> tensor<1x2x3x3xf32>
// CHECK-NEXT: return %[[C]] : tensor<1x2x3x3xf32>
// CHECK-NOT: densenet.batch_norm
func.func @fold_no_bias(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[-4.0]]]]> : tensor<2x2x1x1xf32>
  %n = arith.constant dense<[[3.0, 1.5], [0.5, -1.0], [1.0, 0.25], [3.75, 0.0]]> : tensor<4x2xf32>
  %c = densenet.conv2d %x, %w {stride = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
         : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x3x3xf32>
  %b = densenet.batch_norm %c, %n {epsilon = 0.25 : f64} : tensor<1x2x3x3xf32>, tensor<4x2xf32>
  return %b : tensor<1x2x3x3xf32>
}

// -----

// Existing bias b = [2.0, -0.5]: b' = [(2 - 1) * 1.5 + 0.5, (-0.5 - 0.25) * 3 - 1]
//                                   = [2.0, -3.25].
// A 2x2 kernel (4 weights per output channel, 1 input channel): channel 0
// [1, 2, 3, 4] * 1.5 = [1.5, 3, 4.5, 6], channel 1 [-1, 0.5, 2, -2] * 3 =
// [-3, 1.5, 6, -6].
// CHECK-LABEL: func.func @fold_with_bias(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x1x4x4xf32>)
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.500000e+00, 3.000000e+00], [4.500000e+00, 6.000000e+00]]], {{\[\[\[}}-3.000000e+00, 1.500000e+00], [6.000000e+00, -6.000000e+00]]]]> : tensor<2x1x2x2xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[2.000000e+00, -3.250000e+00]> : tensor<2xf32>
// CHECK: %[[C:.*]] = densenet.conv2d %[[X]], %[[W]] bias(%[[B]]) {padding = array<i64: 1, 1, 1, 1>} : tensor<1x1x4x4xf32>, tensor<2x1x2x2xf32>, tensor<2xf32> -> tensor<1x2x5x5xf32>
// CHECK-NEXT: return %[[C]]
func.func @fold_with_bias(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x5x5xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]], [[[-1.0, 0.5], [2.0, -2.0]]]]> : tensor<2x1x2x2xf32>
  %bias = arith.constant dense<[2.0, -0.5]> : tensor<2xf32>
  %n = arith.constant dense<[[3.0, 1.5], [0.5, -1.0], [1.0, 0.25], [3.75, 0.0]]> : tensor<4x2xf32>
  %c = densenet.conv2d %x, %w bias(%bias) {padding = array<i64: 1, 1, 1, 1>}
         : tensor<1x1x4x4xf32>, tensor<2x1x2x2xf32>, tensor<2xf32> -> tensor<1x2x5x5xf32>
  %b = densenet.batch_norm %c, %n {epsilon = 0.25 : f64} : tensor<1x2x5x5xf32>, tensor<4x2xf32>
  return %b : tensor<1x2x5x5xf32>
}

// -----

// Splat weights are expanded before scaling: W = 1 everywhere.
// CHECK-LABEL: func.func @fold_splat_weight(
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.500000e+00]], {{\[\[}}1.500000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-1.000000e+00, -1.750000e+00]> : tensor<2xf32>
// CHECK: densenet.conv2d %{{.*}}, %[[W]] bias(%[[B]])
// CHECK-NOT: densenet.batch_norm
func.func @fold_splat_weight(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %n = arith.constant dense<[[3.0, 1.5], [0.5, -1.0], [1.0, 0.25], [3.75, 0.0]]> : tensor<4x2xf32>
  %c = densenet.conv2d %x, %w : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %b = densenet.batch_norm %c, %n {epsilon = 0.25 : f64} : tensor<1x2x4x4xf32>, tensor<4x2xf32>
  return %b : tensor<1x2x4x4xf32>
}

// -----

// Two conv + batch_norm pairs in a row both fold; the relu between them stays.
// gamma = 2, var + eps = 0.75 + 0.25 = 1 -> s = 2; beta = 1, mean = 0.5:
// b' = (0 - 0.5) * 2 + 1 = 0.
// CHECK-LABEL: func.func @fold_chain(
// CHECK-DAG: %[[W:.*]] = arith.constant dense<2.000000e+00> : tensor<1x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<0.000000e+00> : tensor<1xf32>
// CHECK: %[[C0:.*]] = densenet.conv2d %{{.*}}, %[[W]] bias(%[[B]])
// CHECK-NEXT: %[[R:.*]] = densenet.relu %[[C0]]
// CHECK-NEXT: %[[C1:.*]] = densenet.conv2d %[[R]], %{{.*}} bias(%{{.*}})
// CHECK-NEXT: return %[[C1]]
// CHECK-NOT: densenet.batch_norm
func.func @fold_chain(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %n = arith.constant dense<[[2.0], [1.0], [0.5], [0.75]]> : tensor<4x1xf32>
  %c0 = densenet.conv2d %x, %w : tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32> -> tensor<1x1x2x2xf32>
  %b0 = densenet.batch_norm %c0, %n {epsilon = 0.25 : f64} : tensor<1x1x2x2xf32>, tensor<4x1xf32>
  %r = densenet.relu %b0 : tensor<1x1x2x2xf32>
  %c1 = densenet.conv2d %r, %w : tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32> -> tensor<1x1x2x2xf32>
  %b1 = densenet.batch_norm %c1, %n {epsilon = 0.25 : f64} : tensor<1x1x2x2xf32>, tensor<4x1xf32>
  return %b1 : tensor<1x1x2x2xf32>
}

// -----

// The convolution has a second use: folding would change what that use
// sees, so nothing happens.
// CHECK-LABEL: func.func @no_fold_conv_two_uses(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x2x4x4xf32>)
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]]
// CHECK-DAG: %[[N:.*]] = arith.constant dense<{{\[\[}}3.000000e+00
// CHECK: %[[C:.*]] = densenet.conv2d %[[X]], %[[W]] : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32>
// CHECK-NEXT: %[[B:.*]] = densenet.batch_norm %[[C]], %[[N]] {epsilon = 2.500000e-01 : f64}
// CHECK-NEXT: return %[[C]], %[[B]]
func.func @no_fold_conv_two_uses(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[-4.0]]]]> : tensor<2x2x1x1xf32>
  %n = arith.constant dense<[[3.0, 1.5], [0.5, -1.0], [1.0, 0.25], [3.75, 0.0]]> : tensor<4x2xf32>
  %c = densenet.conv2d %x, %w : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %b = densenet.batch_norm %c, %n {epsilon = 0.25 : f64} : tensor<1x2x4x4xf32>, tensor<4x2xf32>
  return %c, %b : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// Weights that are function arguments are not known at compile time.
// CHECK-LABEL: func.func @no_fold_weight_argument(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x2x4x4xf32>, %[[W:[a-zA-Z0-9_]+]]: tensor<2x2x1x1xf32>)
// CHECK: %[[C:.*]] = densenet.conv2d %[[X]], %[[W]] : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32>
// CHECK-NEXT: %[[B:.*]] = densenet.batch_norm %[[C]], %{{.*}}
// CHECK-NEXT: return %[[B]]
func.func @no_fold_weight_argument(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %n = arith.constant dense<[[3.0, 1.5], [0.5, -1.0], [1.0, 0.25], [3.75, 0.0]]> : tensor<4x2xf32>
  %c = densenet.conv2d %x, %w : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %b = densenet.batch_norm %c, %n {epsilon = 0.25 : f64} : tensor<1x2x4x4xf32>, tensor<4x2xf32>
  return %b : tensor<1x2x4x4xf32>
}

// -----

// Norm parameters that are function arguments: no fold either.
// CHECK-LABEL: func.func @no_fold_norm_argument(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x2x4x4xf32>, %[[N:[a-zA-Z0-9_]+]]: tensor<4x2xf32>)
// CHECK: %[[C:.*]] = densenet.conv2d %[[X]], %{{.*}} : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32>
// CHECK-NEXT: %[[B:.*]] = densenet.batch_norm %[[C]], %[[N]]
// CHECK-NEXT: return %[[B]]
func.func @no_fold_norm_argument(%x: tensor<1x2x4x4xf32>, %n: tensor<4x2xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[-4.0]]]]> : tensor<2x2x1x1xf32>
  %c = densenet.conv2d %x, %w : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %b = densenet.batch_norm %c, %n {epsilon = 0.25 : f64} : tensor<1x2x4x4xf32>, tensor<4x2xf32>
  return %b : tensor<1x2x4x4xf32>
}

// -----

// A bias that is a function argument: no fold.
// CHECK-LABEL: func.func @no_fold_bias_argument(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x2x4x4xf32>, %[[BIAS:[a-zA-Z0-9_]+]]: tensor<2xf32>)
// CHECK: %[[C:.*]] = densenet.conv2d %[[X]], %{{.*}} bias(%[[BIAS]])
// CHECK-NEXT: %[[B:.*]] = densenet.batch_norm %[[C]], %{{.*}}
// CHECK-NEXT: return %[[B]]
func.func @no_fold_bias_argument(%x: tensor<1x2x4x4xf32>, %bias: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[-4.0]]]]> : tensor<2x2x1x1xf32>
  %n = arith.constant dense<[[3.0, 1.5], [0.5, -1.0], [1.0, 0.25], [3.75, 0.0]]> : tensor<4x2xf32>
  %c = densenet.conv2d %x, %w bias(%bias) : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32> -> tensor<1x2x4x4xf32>
  %b = densenet.batch_norm %c, %n {epsilon = 0.25 : f64} : tensor<1x2x4x4xf32>, tensor<4x2xf32>
  return %b : tensor<1x2x4x4xf32>
}

// -----

// A batch norm that does not follow a convolution (pre-activation order:
// relu in between, or straight on the input) stays.
// CHECK-LABEL: func.func @no_fold_not_after_conv(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x2x4x4xf32>)
// CHECK: %[[B0:.*]] = densenet.batch_norm %[[X]], %[[N:.*]] {epsilon
// CHECK-NEXT: %[[C:.*]] = densenet.conv2d %[[B0]], %{{.*}} : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32>
// CHECK-NEXT: %[[R:.*]] = densenet.relu %[[C]]
// CHECK-NEXT: %[[B1:.*]] = densenet.batch_norm %[[R]], %[[N]] {epsilon
// CHECK-NEXT: return %[[B1]]
func.func @no_fold_not_after_conv(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[-4.0]]]]> : tensor<2x2x1x1xf32>
  %n = arith.constant dense<[[3.0, 1.5], [0.5, -1.0], [1.0, 0.25], [3.75, 0.0]]> : tensor<4x2xf32>
  %b0 = densenet.batch_norm %x, %n {epsilon = 0.25 : f64} : tensor<1x2x4x4xf32>, tensor<4x2xf32>
  %c = densenet.conv2d %b0, %w : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %r = densenet.relu %c : tensor<1x2x4x4xf32>
  %b1 = densenet.batch_norm %r, %n {epsilon = 0.25 : f64} : tensor<1x2x4x4xf32>, tensor<4x2xf32>
  return %b1 : tensor<1x2x4x4xf32>
}
