// RUN: densenet-opt %s -split-input-file --densenet-bufferize-model | FileCheck %s

// One-shot module bufferization with identity layouts at function
// boundaries, then returned buffers become out-parameters. Every copy, from
// either step, is a linalg.copy: never memref.copy (which would need a
// runtime library call).

// tensor.concat: the result buffer is the new trailing out-parameter; each
// operand is copied into its channel range of it.
// CHECK-LABEL: func.func @concat(
// CHECK-SAME: %[[A:[a-zA-Z0-9_]+]]: memref<1x2x4x4xf32>, %[[B:[a-zA-Z0-9_]+]]: memref<1x3x4x4xf32>, %[[OUT:[a-zA-Z0-9_]+]]: memref<1x5x4x4xf32>) {
// CHECK-NOT: memref.alloc
// CHECK: %[[SA:.*]] = memref.subview %[[OUT]][0, 0, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1]
// CHECK-NEXT: linalg.copy ins(%[[A]] : memref<1x2x4x4xf32>) outs(%[[SA]] : memref<1x2x4x4xf32, strided<[80, 16, 4, 1]>>)
// CHECK-NEXT: %[[SB:.*]] = memref.subview %[[OUT]][0, 2, 0, 0] [1, 3, 4, 4] [1, 1, 1, 1]
// CHECK-NEXT: linalg.copy ins(%[[B]] : memref<1x3x4x4xf32>) outs(%[[SB]] : memref<1x3x4x4xf32, strided<[80, 16, 4, 1], offset: 32>>)
// CHECK-NEXT: return{{$}}
// CHECK-NOT: memref.copy
func.func @concat(%a: tensor<1x2x4x4xf32>, %b: tensor<1x3x4x4xf32>) -> tensor<1x5x4x4xf32> {
  %0 = tensor.concat dim(1) %a, %b : (tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x5x4x4xf32>
  return %0 : tensor<1x5x4x4xf32>
}

// -----

// tensor.insert_slice into an input: inputs are read-only, so the input is
// copied into the out-parameter and the slice is copied into a subview of it.
// CHECK-LABEL: func.func @insert_slice(
// CHECK-SAME: %[[A:[a-zA-Z0-9_]+]]: memref<1x2x4x4xf32>, %[[B:[a-zA-Z0-9_]+]]: memref<1x5x4x4xf32>, %[[OUT:[a-zA-Z0-9_]+]]: memref<1x5x4x4xf32>) {
// CHECK-NEXT: linalg.copy ins(%[[B]] : memref<1x5x4x4xf32>) outs(%[[OUT]] : memref<1x5x4x4xf32>)
// CHECK-NEXT: %[[SV:.*]] = memref.subview %[[OUT]][0, 1, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1]
// CHECK-NEXT: linalg.copy ins(%[[A]] : memref<1x2x4x4xf32>) outs(%[[SV]] : memref<1x2x4x4xf32, strided<[80, 16, 4, 1], offset: 16>>)
// CHECK-NEXT: return{{$}}
// CHECK-NOT: memref.copy
func.func @insert_slice(%a: tensor<1x2x4x4xf32>, %b: tensor<1x5x4x4xf32>) -> tensor<1x5x4x4xf32> {
  %0 = tensor.insert_slice %a into %b[0, 1, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1]
         : tensor<1x2x4x4xf32> into tensor<1x5x4x4xf32>
  return %0 : tensor<1x5x4x4xf32>
}

// -----

// A returned constant becomes a global copied into the out-parameter.
// CHECK: memref.global "private" constant @[[G:.*]] : memref<2x2xf32> = dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]>
// CHECK-LABEL: func.func @constant(
// CHECK-SAME: %[[OUT:[a-zA-Z0-9_]+]]: memref<2x2xf32>) {
// CHECK-NEXT: %[[C:.*]] = memref.get_global @[[G]] : memref<2x2xf32>
// CHECK-NEXT: linalg.copy ins(%[[C]] : memref<2x2xf32>) outs(%[[OUT]] : memref<2x2xf32>)
// CHECK-NEXT: return{{$}}
// CHECK-NOT: memref.copy
func.func @constant() -> tensor<2x2xf32> {
  %c = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  return %c : tensor<2x2xf32>
}

// -----

// A write that conflicts with a later read of its operand needs a fresh
// buffer: that static allocation is hoisted into an out-parameter too, so
// there is no alloc left, only linalg.copy ops. Two results, two out-params.
// CHECK-LABEL: func.func @conflict(
// CHECK-SAME: %[[A:[a-zA-Z0-9_]+]]: memref<4xf32>, %[[V:[a-zA-Z0-9_]+]]: f32, %[[OUT0:[a-zA-Z0-9_]+]]: memref<4xf32>, %[[OUT1:[a-zA-Z0-9_]+]]: memref<4xf32>) {
// CHECK-NOT: memref.alloc
// CHECK: linalg.copy ins(%[[A]] : memref<4xf32>) outs(%[[OUT0]] : memref<4xf32>)
// CHECK-NEXT: memref.store %[[V]], %[[OUT0]][%{{.*}}] : memref<4xf32>
// CHECK-NEXT: linalg.copy ins(%[[A]] : memref<4xf32>) outs(%[[OUT1]] : memref<4xf32>)
// CHECK-NEXT: return{{$}}
// CHECK-NOT: memref.copy
func.func @conflict(%a: tensor<4xf32>, %v: f32) -> (tensor<4xf32>, tensor<4xf32>) {
  %c0 = arith.constant 0 : index
  %0 = tensor.insert %v into %a[%c0] : tensor<4xf32>
  return %0, %a : tensor<4xf32>, tensor<4xf32>
}

// -----

// A linalg op on a fresh tensor writes straight into the out-parameter: the
// allocation is hoisted away and no copy is needed.
// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: memref<1x2x4x4xf32>, %[[OUT:[a-zA-Z0-9_]+]]: memref<1x2x4x4xf32>) {
// CHECK-NOT: memref.alloc
// CHECK-NOT: linalg.copy
// CHECK: linalg.generic {{.*}} ins(%[[X]] : memref<1x2x4x4xf32>) outs(%[[OUT]] : memref<1x2x4x4xf32>)
// CHECK-NOT: linalg.copy
// CHECK: return{{$}}
func.func @forward(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x4x4xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(a, b, c, d) -> (a, b, c, d)>,
                                        affine_map<(a, b, c, d) -> (a, b, c, d)>],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
         ins(%x : tensor<1x2x4x4xf32>) outs(%e : tensor<1x2x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}
