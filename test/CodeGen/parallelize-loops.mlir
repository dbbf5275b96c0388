// RUN: densenet-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(densenet-parallelize-loops))" | FileCheck %s

// densenet-parallelize-loops turns the outermost scf.for loops marked
// densenet.parallel into scf.parallel loops, with the scratch buffers of an
// iteration on the stack of the thread that runs it.

// A loop over pixel blocks that computes a prologue tile into scratch.
// CHECK-LABEL: func.func @pixel_blocks(
// CHECK-SAME: %[[IN:[a-zA-Z0-9_]+]]: memref<4x64xf32>, %[[OUT:[a-zA-Z0-9_]+]]: memref<4x64xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG: %[[C64:.*]] = arith.constant 64 : index
// CHECK-NOT: memref.alloc(
// CHECK: scf.parallel (%[[P:.*]]) = (%[[C0]]) to (%[[C64]]) step (%[[C32]]) {
// CHECK-NEXT: %[[TILE:.*]] = memref.alloca() {alignment = 64 : i64} : memref<4x32xf32>
// CHECK-NEXT: %[[SRC:.*]] = memref.subview %[[IN]][0, %[[P]]] [4, 32] [1, 1]
// CHECK-NEXT: linalg.copy ins(%[[SRC]] : {{.*}}) outs(%[[TILE]] : memref<4x32xf32>)
// CHECK-NEXT: %[[DST:.*]] = memref.subview %[[OUT]][0, %[[P]]] [4, 32] [1, 1]
// CHECK-NEXT: linalg.copy ins(%[[TILE]] : memref<4x32xf32>) outs(%[[DST]] : {{.*}})
// CHECK-NEXT: scf.reduce
// CHECK-NOT: densenet.parallel
func.func @pixel_blocks(%in: memref<4x64xf32>, %out: memref<4x64xf32>) {
  %c0 = arith.constant 0 : index
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  scf.for %p = %c0 to %c64 step %c32 {
    %tile = memref.alloc() {alignment = 64 : i64} : memref<4x32xf32>
    %src = memref.subview %in[0, %p] [4, 32] [1, 1]
        : memref<4x64xf32> to memref<4x32xf32, strided<[64, 1], offset: ?>>
    linalg.copy ins(%src : memref<4x32xf32, strided<[64, 1], offset: ?>>)
                outs(%tile : memref<4x32xf32>)
    %dst = memref.subview %out[0, %p] [4, 32] [1, 1]
        : memref<4x64xf32> to memref<4x32xf32, strided<[64, 1], offset: ?>>
    linalg.copy ins(%tile : memref<4x32xf32>)
                outs(%dst : memref<4x32xf32, strided<[64, 1], offset: ?>>)
  } {densenet.parallel}
  return
}

// -----

// Only the outermost marked loop runs in parallel; unmarked loops stay.
// CHECK-LABEL: func.func @nested(
// CHECK: scf.parallel
// CHECK: scf.for
// CHECK: scf.for
// CHECK-NOT: scf.parallel
// CHECK-NOT: densenet.parallel
// CHECK: return
func.func @nested(%buf: memref<64x64xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  scf.for %i = %c0 to %c64 step %c1 {
    scf.for %j = %c0 to %c64 step %c1 {
      memref.store %v, %buf[%i, %j] : memref<64x64xf32>
    } {densenet.parallel}
  } {densenet.parallel}
  scf.for %i = %c0 to %c64 step %c1 {
    memref.store %v, %buf[%i, %i] : memref<64x64xf32>
  }
  return
}

// -----

// A loop with one iteration, or with loop-carried values, stays sequential
// and loses its mark.
// CHECK-LABEL: func.func @sequential(
// CHECK-NOT: scf.parallel
// CHECK-NOT: densenet.parallel
// CHECK: scf.for
// CHECK: memref.alloc()
// CHECK: scf.for {{.*}} iter_args
// CHECK: return
func.func @sequential(%buf: memref<64xf32>, %v: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  scf.for %p = %c0 to %c32 step %c32 {
    %tile = memref.alloc() : memref<32xf32>
    memref.store %v, %tile[%p] : memref<32xf32>
  } {densenet.parallel}
  %sum = scf.for %p = %c0 to %c64 step %c32 iter_args(%acc = %v) -> (f32) {
    %x = memref.load %buf[%p] : memref<64xf32>
    %y = arith.addf %acc, %x : f32
    scf.yield %y : f32
  } {densenet.parallel}
  return %sum : f32
}
