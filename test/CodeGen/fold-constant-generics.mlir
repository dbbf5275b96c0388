// RUN: densenet-opt %s --densenet-fold-constant-generics="max-elements=8" --split-input-file | FileCheck %s

// A batch norm's scale computed from its weights: slices of a constant
// (gamma and var), an epsilon from outside the body and one inside, rsqrt.
// CHECK-LABEL: func.func @bn_scale
// CHECK-NEXT:    %[[SCALE:.*]] = arith.constant dense<[5.000000e-01, 2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT:    return %[[SCALE]]
func.func @bn_scale() -> tensor<2xf32> {
  %params = arith.constant dense<[[1.0, 4.0], [2.0, 3.0], [0.0, 0.0], [3.75, 3.75]]> : tensor<4x2xf32>
  %eps = arith.constant 0.25 : f32
  %gamma = tensor.extract_slice %params[0, 0] [1, 2] [1, 1] : tensor<4x2xf32> to tensor<2xf32>
  %var = tensor.extract_slice %params[3, 0] [1, 2] [1, 1] : tensor<4x2xf32> to tensor<2xf32>
  %e = tensor.empty() : tensor<2xf32>
  %scale = linalg.generic {indexing_maps = [affine_map<(c) -> (c)>, affine_map<(c) -> (c)>, affine_map<(c) -> (c)>],
                           iterator_types = ["parallel"]}
      ins(%gamma, %var : tensor<2xf32>, tensor<2xf32>) outs(%e : tensor<2xf32>) {
  ^bb0(%g: f32, %v: f32, %out: f32):
    %half = arith.constant 0.5 : f32
    %s = arith.addf %v, %eps : f32
    %r = math.rsqrt %s : f32
    %t = arith.mulf %g, %r : f32
    %u = arith.mulf %t, %half : f32
    %w = arith.addf %u, %u : f32
    linalg.yield %w : f32
  } -> tensor<2xf32>
  return %scale : tensor<2xf32>
}

// -----

// Not folded: an input that is not a constant; a result larger than
// max-elements; and the slice of a weight that a GEMM-like op reads stays a
// slice (no weight is copied into a second constant).
// CHECK-LABEL: func.func @kept
// CHECK:         linalg.generic
// CHECK:         tensor.extract_slice %{{.*}}[0, 0] [1, 9]
// CHECK:         linalg.generic
// CHECK-NOT:     arith.constant dense<{{.*}}> : tensor<9xf32>
func.func @kept(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<9xf32>) {
  %w = arith.constant dense<[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0]]> : tensor<2x9xf32>
  %c = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %e = tensor.empty() : tensor<2xf32>
  %sum = linalg.generic {indexing_maps = [affine_map<(c) -> (c)>, affine_map<(c) -> (c)>, affine_map<(c) -> (c)>],
                         iterator_types = ["parallel"]}
      ins(%x, %c : tensor<2xf32>, tensor<2xf32>) outs(%e : tensor<2xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<2xf32>
  %row = tensor.extract_slice %w[0, 0] [1, 9] [1, 1] : tensor<2x9xf32> to tensor<9xf32>
  %e9 = tensor.empty() : tensor<9xf32>
  %big = linalg.generic {indexing_maps = [affine_map<(c) -> (c)>, affine_map<(c) -> (c)>],
                         iterator_types = ["parallel"]}
      ins(%row : tensor<9xf32>) outs(%e9 : tensor<9xf32>) {
  ^bb0(%a: f32, %out: f32):
    %s = arith.addf %a, %a : f32
    linalg.yield %s : f32
  } -> tensor<9xf32>
  return %sum, %big : tensor<2xf32>, tensor<9xf32>
}
