// RUN: densenet-opt %s -split-input-file --densenet-fuse-elementwise | FileCheck %s

// A batch norm then a ReLU over the same map make one generic.
// CHECK-LABEL: func.func @bn_relu(
// CHECK: linalg.generic
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK-NOT: linalg.generic
// CHECK: return
#id = affine_map<(d0, d1) -> (d0, d1)>
#ch = affine_map<(d0, d1) -> (d0)>
func.func @bn_relu(%x: tensor<4x16xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4x16xf32> {
  %e = tensor.empty() : tensor<4x16xf32>
  %bn = linalg.generic {indexing_maps = [#id, #ch, #ch, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %s, %b : tensor<4x16xf32>, tensor<4xf32>, tensor<4xf32>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%v: f32, %sv: f32, %bv: f32, %o: f32):
    %m = arith.mulf %v, %sv : f32
    %a = arith.addf %m, %bv : f32
    linalg.yield %a : f32
  } -> tensor<4x16xf32>
  %e2 = tensor.empty() : tensor<4x16xf32>
  %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%bn : tensor<4x16xf32>) outs(%e2 : tensor<4x16xf32>) {
  ^bb0(%v: f32, %o: f32):
    %z = arith.constant 0.0 : f32
    %r = arith.maximumf %v, %z : f32
    linalg.yield %r : f32
  } -> tensor<4x16xf32>
  return %relu : tensor<4x16xf32>
}

// -----

// An op that never reads its init, written into a slice of a larger tensor:
// upstream's patterns give it a tensor.empty init, and the pass puts the
// slice of the destination back, so that it bufferizes in place.
// CHECK-LABEL: func.func @restores_destination(
// CHECK-SAME: %[[X:.*]]: tensor<4x10xf32>, %[[DEST:.*]]: tensor<4x16xf32>
// CHECK-NOT: tensor.empty
// CHECK: %[[SLICE:.*]] = tensor.extract_slice %[[DEST]][0, 0] [4, 10] [1, 1]
// CHECK: %[[NEG:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<4x10xf32>) outs(%[[SLICE]] : tensor<4x10xf32>)
// CHECK: tensor.insert_slice %[[NEG]] into %[[DEST]][0, 0] [4, 10] [1, 1]
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @restores_destination(%x: tensor<4x10xf32>, %dest: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %slice = tensor.extract_slice %dest[0, 0] [4, 10] [1, 1] : tensor<4x16xf32> to tensor<4x10xf32>
  %neg = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x10xf32>) outs(%slice : tensor<4x10xf32>) {
  ^bb0(%v: f32, %o: f32):
    %n = arith.negf %v : f32
    linalg.yield %n : f32
  } -> tensor<4x10xf32>
  %r = tensor.insert_slice %neg into %dest[0, 0] [4, 10] [1, 1] : tensor<4x10xf32> into tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}

// -----

// The same through a collapse_shape: the init is the destination's slice,
// expanded back.
// CHECK-LABEL: func.func @restores_through_collapse(
// CHECK-SAME: %[[X:.*]]: tensor<2x4x8xf32>, %[[DEST:.*]]: tensor<2x40xf32>, %[[AT:.*]]: index
// CHECK-NOT: tensor.empty
// CHECK: %[[SLICE:.*]] = tensor.extract_slice %[[DEST]][0, %[[AT]]] [2, 32] [1, 1]
// CHECK: %[[INIT:.*]] = tensor.expand_shape %[[SLICE]] {{\[\[}}0], [1, 2]] output_shape [2, 4, 8]
// CHECK: %[[NEG:.*]] = linalg.generic {{.*}} outs(%[[INIT]] : tensor<2x4x8xf32>)
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[NEG]]
// CHECK: tensor.insert_slice %[[FLAT]] into %[[DEST]][0, %[[AT]]] [2, 32] [1, 1]
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
func.func @restores_through_collapse(%x: tensor<2x4x8xf32>, %dest: tensor<2x40xf32>, %at: index) -> tensor<2x40xf32> {
  %init = tensor.empty() : tensor<2x4x8xf32>
  %neg = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x : tensor<2x4x8xf32>) outs(%init : tensor<2x4x8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %n = arith.negf %v : f32
    linalg.yield %n : f32
  } -> tensor<2x4x8xf32>
  %flat = tensor.collapse_shape %neg [[0], [1, 2]] : tensor<2x4x8xf32> into tensor<2x32xf32>
  %r = tensor.insert_slice %flat into %dest[0, %at] [2, 32] [1, 1] : tensor<2x32xf32> into tensor<2x40xf32>
  return %r : tensor<2x40xf32>
}

// -----

// A destination computed after the op cannot be its init: the op keeps its
// tensor.empty.
// CHECK-LABEL: func.func @destination_after_op(
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<4x10xf32>
// CHECK: linalg.generic {{.*}} outs(%[[EMPTY]] : tensor<4x10xf32>)
// CHECK: linalg.fill
// CHECK: tensor.insert_slice
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @destination_after_op(%x: tensor<4x10xf32>) -> tensor<4x16xf32> {
  %init = tensor.empty() : tensor<4x10xf32>
  %neg = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x10xf32>) outs(%init : tensor<4x10xf32>) {
  ^bb0(%v: f32, %o: f32):
    %n = arith.negf %v : f32
    linalg.yield %n : f32
  } -> tensor<4x10xf32>
  %zero = arith.constant 0.0 : f32
  %big = tensor.empty() : tensor<4x16xf32>
  %dest = linalg.fill ins(%zero : f32) outs(%big : tensor<4x16xf32>) -> tensor<4x16xf32>
  %r = tensor.insert_slice %neg into %dest[0, 0] [4, 10] [1, 1] : tensor<4x10xf32> into tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}

// -----

// A BN-ReLU into the global average pool's sum, which reduces its whole
// result: one generic, which keeps the pool's role (its channel blocks then
// run in parallel).
// CHECK-LABEL: func.func @bn_relu_into_pool(
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME: densenet.role = #densenet.role<channel_parallel>
// CHECK: math.fma
// CHECK: arith.maximumf
// CHECK: arith.addf
// CHECK-NOT: linalg.generic
// CHECK: return
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#ch3 = affine_map<(d0, d1, d2) -> (d1)>
#sum = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @bn_relu_into_pool(%x: tensor<1x4x49xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>,
                             %init: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %e = tensor.empty() : tensor<1x4x49xf32>
  %active = linalg.generic {indexing_maps = [#id3, #ch3, #ch3, #id3],
                            iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x, %s, %b : tensor<1x4x49xf32>, tensor<4xf32>, tensor<4xf32>)
      outs(%e : tensor<1x4x49xf32>) {
  ^bb0(%v: f32, %sv: f32, %bv: f32, %o: f32):
    %f = math.fma %v, %sv, %bv : f32
    %z = arith.constant 0.0 : f32
    %r = arith.maximumf %f, %z : f32
    linalg.yield %r : f32
  } -> tensor<1x4x49xf32>
  %pool = linalg.generic {indexing_maps = [#id3, #sum],
                          iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%active : tensor<1x4x49xf32>) outs(%init : tensor<1x4xf32>)
      attrs = {densenet.role = #densenet.role<channel_parallel>} {
  ^bb0(%v: f32, %acc: f32):
    %a = arith.addf %acc, %v : f32
    linalg.yield %a : f32
  } -> tensor<1x4xf32>
  return %pool : tensor<1x4xf32>
}
