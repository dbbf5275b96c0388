// RUN: densenet-opt %s -split-input-file --densenet-outline-kernels | FileCheck %s

// Every top-level op with regions and no results in the entry function
// (@forward by default) moves into a private noinline function with internal
// linkage, named <entry>_<i>, or <entry>_<name>_<i> when the kernel's
// location holds a NameLoc (non-alphanumerics become '_'). Its arguments are
// the buffers it uses; the view-like ops (subviews, views, reshapes) and
// constants between those buffers and the kernel are cloned into it, so a
// kernel takes the allocation, not the subview. The entry calls the kernels
// in order.

// Two loop nests that read and write a subview of one allocation.
// CHECK-LABEL: func.func private @forward_0(
// CHECK-SAME: %[[IN:[a-zA-Z0-9_]+]]: memref<8xf32>, %[[BUF:[a-zA-Z0-9_]+]]: memref<8xf32>)
// CHECK-SAME: attributes {llvm.linkage = #llvm.linkage<internal>, passthrough = ["noinline"]}
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[TWO:.*]] = arith.constant 2.000000e+00 : f32
// CHECK-DAG: %[[SV:.*]] = memref.subview %[[BUF]][4] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1], offset: 4>>
// CHECK: scf.for %[[I:.*]] = %[[C0]] to %[[C4]] step %[[C1]] {
// CHECK-NEXT: %[[V:.*]] = memref.load %[[IN]][%[[I]]] : memref<8xf32>
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[V]], %[[TWO]] : f32
// CHECK-NEXT: memref.store %[[M]], %[[SV]][%[[I]]] : memref<4xf32, strided<[1], offset: 4>>
// CHECK-NEXT: }
// CHECK-NEXT: return
// CHECK-LABEL: func.func private @forward_1(
// CHECK-SAME: %[[BUF:[a-zA-Z0-9_]+]]: memref<8xf32>, %[[OUT:[a-zA-Z0-9_]+]]: memref<4xf32>)
// CHECK-SAME: attributes {llvm.linkage = #llvm.linkage<internal>, passthrough = ["noinline"]}
// CHECK-DAG: %[[SV:.*]] = memref.subview %[[BUF]][4] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1], offset: 4>>
// CHECK: scf.for %[[I:.*]] =
// CHECK-NEXT: %[[V:.*]] = memref.load %[[SV]][%[[I]]] : memref<4xf32, strided<[1], offset: 4>>
// CHECK-NEXT: memref.store %[[V]], %[[OUT]][%[[I]]] : memref<4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return
// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[IN:[a-zA-Z0-9_]+]]: memref<8xf32>, %[[OUT:[a-zA-Z0-9_]+]]: memref<4xf32>) {
// CHECK-NOT: scf.for
// CHECK: %[[ALLOC:.*]] = memref.alloc() {alignment = 64 : i64} : memref<8xf32>
// CHECK-NOT: scf.for
// CHECK: call @forward_0(%[[IN]], %[[ALLOC]]) : (memref<8xf32>, memref<8xf32>) -> ()
// CHECK-NEXT: call @forward_1(%[[ALLOC]], %[[OUT]]) : (memref<8xf32>, memref<4xf32>) -> ()
// CHECK-NEXT: memref.dealloc %[[ALLOC]] : memref<8xf32>
// CHECK-NEXT: return
func.func @forward(%in: memref<8xf32>, %out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %two = arith.constant 2.0 : f32
  %buf = memref.alloc() {alignment = 64 : i64} : memref<8xf32>
  %sv = memref.subview %buf[4] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1], offset: 4>>
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %in[%i] : memref<8xf32>
    %m = arith.mulf %v, %two : f32
    memref.store %m, %sv[%i] : memref<4xf32, strided<[1], offset: 4>>
  }
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %sv[%i] : memref<4xf32, strided<[1], offset: 4>>
    memref.store %v, %out[%i] : memref<4xf32>
  }
  memref.dealloc %buf : memref<8xf32>
  return
}

// -----

// A linalg op on a memref.view of the weight blob is a kernel too; the view
// and its offset constant are cloned, the blob is the argument. A chain of
// views (collapse_shape, then subview) is cloned whole. A loop with results
// stays in the entry. A value computed in the entry (not a constant) is
// passed as an argument. Functions other than the entry are left alone.
// CHECK-LABEL: func.func private @forward_0(
// CHECK-SAME: %[[BLOB:[a-zA-Z0-9_]+]]: memref<128xi8>, %[[OUT:[a-zA-Z0-9_]+]]: memref<4xf32>)
// CHECK-SAME: passthrough = ["noinline"]
// CHECK-NEXT: %[[C64:.*]] = arith.constant 64 : index
// CHECK-NEXT: %[[W:.*]] = memref.view %[[BLOB]][%[[C64]]][] : memref<128xi8> to memref<4xf32>
// CHECK-NEXT: linalg.copy ins(%[[W]] : memref<4xf32>) outs(%[[OUT]] : memref<4xf32>)
// CHECK-NEXT: return
// CHECK-LABEL: func.func private @forward_1(
// CHECK-SAME: %[[N:[a-zA-Z0-9_]+]]: index, %[[IN:[a-zA-Z0-9_]+]]: memref<2x4xf32>, %[[OUT:[a-zA-Z0-9_]+]]: memref<4xf32>)
// CHECK: %[[FLAT:.*]] = memref.collapse_shape %[[IN]] {{\[\[}}0, 1]] : memref<2x4xf32> into memref<8xf32>
// CHECK-NEXT: %[[HALF:.*]] = memref.subview %[[FLAT]][4] [4] [1]
// CHECK-NEXT: scf.for %[[I:.*]] = %{{.*}} to %[[N]] step
// CHECK-NEXT: memref.load %[[HALF]][%[[I]]]
// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[BLOB:[a-zA-Z0-9_]+]]: memref<128xi8>, %[[IN:[a-zA-Z0-9_]+]]: memref<2x4xf32>, %[[OUT:[a-zA-Z0-9_]+]]: memref<4xf32>, %[[ARG:[a-zA-Z0-9_]+]]: index) -> f32
// CHECK: %[[N:.*]] = arith.addi %[[ARG]], %{{.*}} : index
// CHECK-NEXT: call @forward_0(%[[BLOB]], %[[OUT]])
// CHECK-NOT: linalg.copy
// CHECK: %[[SUM:.*]] = scf.for {{.*}} iter_args({{.*}}) -> (f32) {
// CHECK: call @forward_1(%[[N]], %[[IN]], %[[OUT]]) : (index, memref<2x4xf32>, memref<4xf32>) -> ()
// CHECK-NEXT: return %[[SUM]] : f32
// CHECK-LABEL: func.func @helper(
// CHECK-NOT: call
// CHECK: scf.for
// CHECK-NOT: @helper_
func.func @forward(%blob: memref<128xi8>, %in: memref<2x4xf32>, %out: memref<4xf32>, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %w = memref.view %blob[%c64][] : memref<128xi8> to memref<4xf32>
  %flat = memref.collapse_shape %in [[0, 1]] : memref<2x4xf32> into memref<8xf32>
  %half = memref.subview %flat[4] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1], offset: 4>>
  %m = arith.addi %n, %c1 : index
  linalg.copy ins(%w : memref<4xf32>) outs(%out : memref<4xf32>)
  %zero = arith.constant 0.0 : f32
  %s = scf.for %i = %c0 to %m step %c1 iter_args(%acc = %zero) -> f32 {
    %v = memref.load %half[%i] : memref<4xf32, strided<[1], offset: 4>>
    %a = arith.addf %acc, %v : f32
    scf.yield %a : f32
  }
  scf.for %i = %c0 to %m step %c1 {
    %v = memref.load %half[%i] : memref<4xf32, strided<[1], offset: 4>>
    memref.store %v, %out[%i] : memref<4xf32>
  }
  return %s : f32
}
func.func @helper(%out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c4 step %c1 {
    memref.store %zero, %out[%i] : memref<4xf32>
  }
  return
}

// -----

// Kernel names carry the layer name from a NameLoc (the importer's
// torchvision module path); the index keeps them unique.
// CHECK-LABEL: func.func private @forward_features_denseblock1_denselayer2_norm1_0(
// CHECK-LABEL: func.func private @forward_1(
// CHECK-LABEL: func.func private @forward_classifier_2(
// CHECK-LABEL: func.func @forward(
// CHECK-NEXT: call @forward_features_denseblock1_denselayer2_norm1_0(
// CHECK-NEXT: call @forward_1(
// CHECK-NEXT: call @forward_classifier_2(
// CHECK-NEXT: return
func.func @forward(%a: memref<4xf32>, %b: memref<4xf32>) {
  linalg.copy ins(%a : memref<4xf32>) outs(%b : memref<4xf32>) loc("features.denseblock1.denselayer2.norm1")
  linalg.copy ins(%b : memref<4xf32>) outs(%a : memref<4xf32>)
  linalg.copy ins(%a : memref<4xf32>) outs(%b : memref<4xf32>) loc("classifier"("file.mlir":3:4))
  return
}
