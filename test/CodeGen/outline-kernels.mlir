// RUN: densenet-opt %s -split-input-file --densenet-outline-kernels | FileCheck %s

// Every top-level op with regions and no results in the entry function
// (@forward by default) moves into a private noinline function with internal
// linkage, named <entry>_<i>, or <entry>_<name>_<i> when the kernel's
// location holds a NameLoc (non-alphanumerics become '_'). Its arguments are
// the buffers it uses, as the views (subviews, views, reshapes) it uses;
// the constants it uses are cloned into it. A buffer argument that no other
// argument overlaps is llvm.noalias. The entry calls the kernels in order.

// Two loop nests that read and write a subview of one allocation.
// CHECK-LABEL: func.func private @forward_0(
// CHECK-SAME: %[[IN:[a-zA-Z0-9_]+]]: memref<8xf32> {llvm.noalias}, %[[SV:[a-zA-Z0-9_]+]]: memref<4xf32, strided<[1], offset: 4>> {llvm.noalias})
// CHECK-SAME: attributes {llvm.linkage = #llvm.linkage<internal>, passthrough = ["noinline"]}
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[TWO:.*]] = arith.constant 2.000000e+00 : f32
// CHECK: scf.for %[[I:.*]] = %[[C0]] to %[[C4]] step %[[C1]] {
// CHECK-NEXT: %[[V:.*]] = memref.load %[[IN]][%[[I]]] : memref<8xf32>
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[V]], %[[TWO]] : f32
// CHECK-NEXT: memref.store %[[M]], %[[SV]][%[[I]]] : memref<4xf32, strided<[1], offset: 4>>
// CHECK-NEXT: }
// CHECK-NEXT: return
// CHECK-LABEL: func.func private @forward_1(
// CHECK-SAME: %[[SV:[a-zA-Z0-9_]+]]: memref<4xf32, strided<[1], offset: 4>> {llvm.noalias}, %[[OUT:[a-zA-Z0-9_]+]]: memref<4xf32> {llvm.noalias})
// CHECK-SAME: attributes {llvm.linkage = #llvm.linkage<internal>, passthrough = ["noinline"]}
// CHECK: scf.for %[[I:.*]] =
// CHECK-NEXT: %[[V:.*]] = memref.load %[[SV]][%[[I]]] : memref<4xf32, strided<[1], offset: 4>>
// CHECK-NEXT: memref.store %[[V]], %[[OUT]][%[[I]]] : memref<4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return
// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[IN:[a-zA-Z0-9_]+]]: memref<8xf32>, %[[OUT:[a-zA-Z0-9_]+]]: memref<4xf32>) {
// CHECK-NOT: scf.for
// CHECK: %[[ALLOC:.*]] = memref.alloc() {alignment = 64 : i64} : memref<8xf32>
// CHECK-NEXT: %[[SV:.*]] = memref.subview %[[ALLOC]][4] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1], offset: 4>>
// CHECK-NOT: scf.for
// CHECK: call @forward_0(%[[IN]], %[[SV]]) : (memref<8xf32>, memref<4xf32, strided<[1], offset: 4>>) -> ()
// CHECK-NEXT: call @forward_1(%[[SV]], %[[OUT]]) : (memref<4xf32, strided<[1], offset: 4>>, memref<4xf32>) -> ()
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

// A linalg op on a memref.view of the weight blob is a kernel too; it takes
// the view. A chain of views (collapse_shape, then subview) of an entry
// argument stays in the entry and the kernel takes its end. A loop with
// results stays in the entry. A value computed in the entry (not a
// constant) is passed as an argument. Functions other than the entry are
// left alone.
// CHECK-LABEL: func.func private @forward_0(
// CHECK-SAME: %[[W:[a-zA-Z0-9_]+]]: memref<4xf32> {llvm.noalias}, %[[OUT:[a-zA-Z0-9_]+]]: memref<4xf32> {llvm.noalias})
// CHECK-SAME: passthrough = ["noinline"]
// CHECK-NEXT: linalg.copy ins(%[[W]] : memref<4xf32>) outs(%[[OUT]] : memref<4xf32>)
// CHECK-NEXT: return
// CHECK-LABEL: func.func private @forward_1(
// CHECK-SAME: %[[N:[a-zA-Z0-9_]+]]: index, %[[HALF:[a-zA-Z0-9_]+]]: memref<4xf32, strided<[1], offset: 4>> {llvm.noalias}, %[[OUT:[a-zA-Z0-9_]+]]: memref<4xf32> {llvm.noalias})
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %[[N]] step
// CHECK-NEXT: memref.load %[[HALF]][%[[I]]]
// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[BLOB:[a-zA-Z0-9_]+]]: memref<128xi8>, %[[IN:[a-zA-Z0-9_]+]]: memref<2x4xf32>, %[[OUT:[a-zA-Z0-9_]+]]: memref<4xf32>, %[[ARG:[a-zA-Z0-9_]+]]: index) -> f32
// CHECK: %[[W:.*]] = memref.view %[[BLOB]][%{{.*}}][] : memref<128xi8> to memref<4xf32>
// CHECK-NEXT: %[[FLAT:.*]] = memref.collapse_shape %[[IN]] {{\[\[}}0, 1]] : memref<2x4xf32> into memref<8xf32>
// CHECK-NEXT: %[[HALF:.*]] = memref.subview %[[FLAT]][4] [4] [1]
// CHECK-NEXT: %[[N:.*]] = arith.addi %[[ARG]], %{{.*}} : index
// CHECK-NEXT: call @forward_0(%[[W]], %[[OUT]])
// CHECK-NOT: linalg.copy
// CHECK: %[[SUM:.*]] = scf.for {{.*}} iter_args({{.*}}) -> (f32) {
// CHECK: call @forward_1(%[[N]], %[[HALF]], %[[OUT]]) : (index, memref<4xf32, strided<[1], offset: 4>>, memref<4xf32>) -> ()
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

// -----

// A buffer argument at a static offset in a memref.view is passed from its
// first element: the entry makes a memref.view at the byte shift of that
// element (256 + 32 * 4, 1024 + 16 * 4) reinterpreted with the argument's
// strides, and the kernel's subviews of it are retyped to offset 0. The two
// fill kernels, which differ only in where their rows lie, become
// identical. Arguments whose bytes overlap in the arena (%a and %a2) are not
// llvm.noalias; the output, which overlaps nothing, is.
// CHECK-LABEL: func.func private @forward_0(
// CHECK-SAME: %[[ROWS:[a-zA-Z0-9_]+]]: memref<2x16xf32, strided<[16, 1]>> {llvm.noalias})
// CHECK: memref.subview %[[ROWS]][%{{.*}}, 0] [1, 16] [1, 1] : memref<2x16xf32, strided<[16, 1]>> to memref<16xf32, strided<[1], offset: ?>>
// CHECK-LABEL: func.func private @forward_1(
// CHECK-SAME: %[[ROWS:[a-zA-Z0-9_]+]]: memref<2x16xf32, strided<[16, 1]>> {llvm.noalias})
// CHECK: memref.subview %[[ROWS]][%{{.*}}, 0] [1, 16] [1, 1] : memref<2x16xf32, strided<[16, 1]>> to memref<16xf32, strided<[1], offset: ?>>
// CHECK-LABEL: func.func private @forward_2(
// CHECK-SAME: %{{[a-zA-Z0-9_]+}}: memref<4x16xf32>, %{{[a-zA-Z0-9_]+}}: memref<2x16xf32, strided<[16, 1]>>, %{{[a-zA-Z0-9_]+}}: memref<2x16xf32> {llvm.noalias})
// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[ARENA:[a-zA-Z0-9_]+]]: memref<4096xi8>, %[[OUT:[a-zA-Z0-9_]+]]: memref<2x16xf32>)
// CHECK: %[[A:.*]] = memref.view %[[ARENA]][%{{.*}}][] : memref<4096xi8> to memref<4x16xf32>
// CHECK: %[[C384:.*]] = arith.constant 384 : index
// CHECK-NEXT: %[[FLAT:.*]] = memref.view %[[ARENA]][%[[C384]]][] : memref<4096xi8> to memref<32xf32>
// CHECK-NEXT: %[[A2:.*]] = memref.reinterpret_cast %[[FLAT]] to offset: [0], sizes: [2, 16], strides: [16, 1] : memref<32xf32> to memref<2x16xf32, strided<[16, 1]>>
// CHECK-NEXT: call @forward_0(%[[A2]])
// CHECK-NEXT: %[[C1088:.*]] = arith.constant 1088 : index
// CHECK-NEXT: %[[FLAT:.*]] = memref.view %[[ARENA]][%[[C1088]]][] : memref<4096xi8> to memref<32xf32>
// CHECK-NEXT: %[[B1:.*]] = memref.reinterpret_cast %[[FLAT]] to offset: [0], sizes: [2, 16], strides: [16, 1]
// CHECK-NEXT: call @forward_1(%[[B1]])
// CHECK: %[[A2:.*]] = memref.reinterpret_cast
// CHECK-NEXT: call @forward_2(%[[A]], %[[A2]], %[[OUT]])
func.func @forward(%arena: memref<4096xi8>, %out: memref<2x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c256 = arith.constant 256 : index
  %c1024 = arith.constant 1024 : index
  %zero = arith.constant 0.0 : f32
  %a = memref.view %arena[%c256][] : memref<4096xi8> to memref<4x16xf32>
  %b = memref.view %arena[%c1024][] : memref<4096xi8> to memref<4x16xf32>
  %a2 = memref.subview %a[2, 0] [2, 16] [1, 1] : memref<4x16xf32> to memref<2x16xf32, strided<[16, 1], offset: 32>>
  %b1 = memref.subview %b[1, 0] [2, 16] [1, 1] : memref<4x16xf32> to memref<2x16xf32, strided<[16, 1], offset: 16>>
  scf.for %i = %c0 to %c2 step %c1 {
    %row = memref.subview %a2[%i, 0] [1, 16] [1, 1] : memref<2x16xf32, strided<[16, 1], offset: 32>> to memref<16xf32, strided<[1], offset: ?>>
    linalg.fill ins(%zero : f32) outs(%row : memref<16xf32, strided<[1], offset: ?>>)
  }
  scf.for %i = %c0 to %c2 step %c1 {
    %row = memref.subview %b1[%i, 0] [1, 16] [1, 1] : memref<2x16xf32, strided<[16, 1], offset: 16>> to memref<16xf32, strided<[1], offset: ?>>
    linalg.fill ins(%zero : f32) outs(%row : memref<16xf32, strided<[1], offset: ?>>)
  }
  scf.for %i = %c0 to %c2 step %c1 {
    %v = memref.load %a[%i, %c0] : memref<4x16xf32>
    memref.store %v, %a2[%i, %c1] : memref<2x16xf32, strided<[16, 1], offset: 32>>
    memref.store %v, %out[%i, %c0] : memref<2x16xf32>
  }
  return
}

// -----

// A buffer whose place is not known at compile time (a view at a computed
// byte shift) may overlap any other: no argument of its kernel is
// llvm.noalias. A buffer the kernel turns into another memref by an op
// other than a subview or reshape (memref.cast) keeps its offset.
// CHECK-LABEL: func.func private @forward_0(
// CHECK-SAME: %{{[a-zA-Z0-9_]+}}: memref<4xf32>, %{{[a-zA-Z0-9_]+}}: memref<4xf32>)
// CHECK-SAME: attributes
// CHECK-LABEL: func.func private @forward_1(
// CHECK-SAME: %[[ROW:[a-zA-Z0-9_]+]]: memref<4xf32, strided<[1], offset: 4>> {llvm.noalias})
// CHECK: memref.cast %[[ROW]] : memref<4xf32, strided<[1], offset: 4>> to memref<4xf32, strided<[1], offset: ?>>
func.func @forward(%arena: memref<64xi8>, %shift: index) {
  %c0 = arith.constant 0 : index
  %w = memref.view %arena[%c0][] : memref<64xi8> to memref<4xf32>
  %moving = memref.view %arena[%shift][] : memref<64xi8> to memref<4xf32>
  linalg.copy ins(%w : memref<4xf32>) outs(%moving : memref<4xf32>)
  %c32 = arith.constant 32 : index
  %pair = memref.view %arena[%c32][] : memref<64xi8> to memref<8xf32>
  %row = memref.subview %pair[4] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1], offset: 4>>
  %zero = arith.constant 0.0 : f32
  scf.execute_region {
    %any = memref.cast %row : memref<4xf32, strided<[1], offset: 4>> to memref<4xf32, strided<[1], offset: ?>>
    linalg.fill ins(%zero : f32) outs(%any : memref<4xf32, strided<[1], offset: ?>>)
    scf.yield
  }
  return
}
