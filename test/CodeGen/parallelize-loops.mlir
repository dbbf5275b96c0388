// RUN: densenet-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(densenet-parallelize-loops))" | FileCheck %s
// RUN: densenet-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(densenet-parallelize-loops{max-private-bytes=511}))" | FileCheck %s --check-prefix=SMALL

// densenet-parallelize-loops turns the outermost scf.for loops marked
// role parallel_loop into scf.parallel loops, with the scratch buffers of an
// iteration on the stack of the thread that runs it. Only scratch of static
// sizes of at most max-private-bytes together (default 2 MiB) goes on the
// stack; a loop that allocates any other buffer stays sequential.

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
// CHECK-NOT: densenet.role
// With max-private-bytes below the tile's 512 bytes, the loop stays
// sequential and the tile on the heap.
// SMALL-LABEL: func.func @pixel_blocks(
// SMALL: scf.for
// SMALL-NEXT: memref.alloc() {alignment = 64 : i64} : memref<4x32xf32>
// SMALL-NOT: scf.parallel
// SMALL-NOT: memref.alloca
// SMALL-NOT: densenet.role
// SMALL: return
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
  } {densenet.role = #densenet.role<parallel_loop>}
  return
}

// -----

// A marked loop whose whole body is another marked loop makes one
// two-dimensional scf.parallel: the threads share out the iterations of both
// (a 14x14 map's 7 pixel blocks times its 4 channel blocks, where 7 blocks
// alone split 4:3). Unmarked loops stay. Without scratch, any
// max-private-bytes lets it run in parallel.
// CHECK-LABEL: func.func @nested(
// SMALL-LABEL: func.func @nested(
// SMALL: scf.parallel (%{{.*}}, %{{.*}}) =
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG: %[[C64:.*]] = arith.constant 64 : index
// CHECK: scf.parallel (%[[I:.*]], %[[J:.*]]) = (%[[C0]], %[[C0]]) to (%[[C64]], %[[C64]]) step (%[[C8]], %[[C1]]) {
// CHECK-NEXT: memref.store %{{.*}}, %{{.*}}[%[[I]], %[[J]]]
// CHECK-NEXT: scf.reduce
// CHECK: scf.for
// CHECK-NOT: scf.parallel
// CHECK-NOT: densenet.role
// CHECK: return
func.func @nested(%buf: memref<64x64xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c64 = arith.constant 64 : index
  scf.for %i = %c0 to %c64 step %c8 {
    scf.for %j = %c0 to %c64 step %c1 {
      memref.store %v, %buf[%i, %j] : memref<64x64xf32>
    } {densenet.role = #densenet.role<parallel_loop>}
  } {densenet.role = #densenet.role<parallel_loop>}
  scf.for %i = %c0 to %c64 step %c1 {
    memref.store %v, %buf[%i, %i] : memref<64x64xf32>
  }
  return
}

// -----

// A marked loop inside a marked loop's body, beside other ops (a pixel
// block's prologue, then its channel blocks), stays sequential: only the
// outer loop runs in parallel.
// CHECK-LABEL: func.func @nested_with_prologue(
// CHECK: scf.parallel (%[[P:.*]]) =
// CHECK-NEXT: memref.alloca() : memref<8xf32>
// CHECK: scf.for
// CHECK-NOT: densenet.role
// CHECK: return
func.func @nested_with_prologue(%buf: memref<64x64xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c64 = arith.constant 64 : index
  scf.for %i = %c0 to %c64 step %c8 {
    %tile = memref.alloc() : memref<8xf32>
    memref.store %v, %tile[%c0] : memref<8xf32>
    scf.for %j = %c0 to %c64 step %c1 {
      %t = memref.load %tile[%c0] : memref<8xf32>
      memref.store %t, %buf[%i, %j] : memref<64x64xf32>
    } {densenet.role = #densenet.role<parallel_loop>}
  } {densenet.role = #densenet.role<parallel_loop>}
  return
}

// -----

// A loop with one iteration, or with loop-carried values, stays sequential
// and loses its mark.
// CHECK-LABEL: func.func @sequential(
// CHECK-NOT: scf.parallel
// CHECK-NOT: densenet.role
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
  } {densenet.role = #densenet.role<parallel_loop>}
  %sum = scf.for %p = %c0 to %c64 step %c32 iter_args(%acc = %v) -> (f32) {
    %x = memref.load %buf[%p] : memref<64xf32>
    %y = arith.addf %acc, %x : f32
    scf.yield %y : f32
  } {densenet.role = #densenet.role<parallel_loop>}
  return %sum : f32
}

// -----

// Scratch of exactly max-private-bytes together (2 MiB: two buffers of
// 512 KiB and one of 1 MiB, as a 56x56 Winograd band's temporaries of
// DenseNet-121 come to 1016 KiB) goes on the stack.
// CHECK-LABEL: func.func @at_limit(
// CHECK: scf.parallel
// CHECK-NEXT: memref.alloca() : memref<128x1024xf32>
// CHECK-NEXT: memref.alloca() : memref<128x1024xf32>
// CHECK-NEXT: memref.alloca() : memref<256x1024xf32>
// CHECK-NOT: memref.alloc(
// CHECK: return
func.func @at_limit(%v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %p = %c0 to %c4 step %c1 {
    %a = memref.alloc() : memref<128x1024xf32>
    %b = memref.alloc() : memref<128x1024xf32>
    %c = memref.alloc() : memref<256x1024xf32>
    memref.store %v, %a[%p, %p] : memref<128x1024xf32>
    memref.store %v, %b[%p, %p] : memref<128x1024xf32>
    memref.store %v, %c[%p, %p] : memref<256x1024xf32>
  } {densenet.role = #densenet.role<parallel_loop>}
  return
}

// -----

// Buffers each under the limit but 4 bytes over it together keep the whole
// loop sequential, with every buffer on the heap.
// CHECK-LABEL: func.func @over_limit(
// CHECK: scf.for
// CHECK-NEXT: memref.alloc() : memref<1xf32>
// CHECK-NEXT: memref.alloc() : memref<524288xf32>
// CHECK-NOT: scf.parallel
// CHECK-NOT: memref.alloca
// CHECK-NOT: densenet.role
// CHECK: return
func.func @over_limit(%v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %p = %c0 to %c4 step %c1 {
    %small = memref.alloc() : memref<1xf32>
    %large = memref.alloc() : memref<524288xf32>
    memref.store %v, %small[%p] : memref<1xf32>
    memref.store %v, %large[%p] : memref<524288xf32>
  } {densenet.role = #densenet.role<parallel_loop>}
  return
}

// -----

// Scratch of a dynamic size keeps the loop sequential.
// CHECK-LABEL: func.func @dynamic_size(
// CHECK: scf.for
// CHECK-NEXT: memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK-NOT: scf.parallel
// CHECK-NOT: memref.alloca
// CHECK-NOT: densenet.role
// CHECK: return
func.func @dynamic_size(%n: index, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %p = %c0 to %c4 step %c1 {
    %tile = memref.alloc(%n) : memref<?xf32>
    memref.store %v, %tile[%p] : memref<?xf32>
  } {densenet.role = #densenet.role<parallel_loop>}
  return
}

// -----

// Scratch allocated in a sequential loop inside the parallel one (a
// parallel Winograd band's rows of transformed patches, marked parallel
// too but nested) moves to the start of the parallel iteration, on its
// thread's stack, after the scratch allocated there directly: one buffer
// for all the inner iterations, as buffer-loop-hoisting would share it.
// CHECK-LABEL: func.func @nested_scratch(
// CHECK-NOT: memref.alloc(
// CHECK: scf.parallel
// CHECK-NEXT: memref.alloca() : memref<16xf32>
// CHECK-NEXT: memref.alloca() : memref<8xf32>
// CHECK-NEXT: memref.store
// CHECK-NEXT: scf.for
// CHECK-NEXT: memref.store
// CHECK-NEXT: }
// CHECK-NEXT: scf.reduce
// CHECK-NOT: memref.alloc(
// CHECK-NOT: densenet.role
// CHECK: return
func.func @nested_scratch(%v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c6 = arith.constant 6 : index
  scf.for %p = %c0 to %c4 step %c1 {
    %band = memref.alloc() : memref<16xf32>
    memref.store %v, %band[%p] : memref<16xf32>
    scf.for %a = %c0 to %c6 step %c1 {
      %row = memref.alloc() : memref<8xf32>
      memref.store %v, %row[%a] : memref<8xf32>
    } {densenet.role = #densenet.role<parallel_loop>}
  } {densenet.role = #densenet.role<parallel_loop>}
  return
}
