// RUN: densenet-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(densenet-fuse-parallel-loops))" | FileCheck %s

// densenet-fuse-parallel-loops runs adjacent scf.parallel loops over the same
// iterations as one where no iteration of one touches what a different
// iteration of the other writes.

// Two taps of a convolution: each iteration accumulates into its own block
// of 8 output channels and reads the whole input. One loop, the first tap's
// body first.
// CHECK-LABEL: func.func @taps(
// CHECK-SAME: %[[W0:[a-zA-Z0-9_]+]]: memref<16x8xf32>, %[[W1:[a-zA-Z0-9_]+]]: memref<16x8xf32>,
// CHECK-SAME: %[[IN:[a-zA-Z0-9_]+]]: memref<8x40xf32>, %[[OUT:[a-zA-Z0-9_]+]]: memref<16x32xf32>)
// CHECK: scf.parallel (%[[C:.*]]) =
// CHECK: %[[A0:.*]] = memref.subview %[[W0]][%[[C]], 0]
// CHECK: %[[O0:.*]] = memref.subview %[[OUT]][%[[C]], 0]
// CHECK: linalg.matmul ins(%[[A0]], %{{.*}} : {{.*}}) outs(%[[O0]] :
// CHECK: %[[A1:.*]] = memref.subview %[[W1]][%[[C]], 0]
// CHECK: %[[O1:.*]] = memref.subview %[[OUT]][%[[C]], 0]
// CHECK: linalg.matmul ins(%[[A1]], %{{.*}} : {{.*}}) outs(%[[O1]] :
// CHECK: scf.reduce
// CHECK-NOT: scf.parallel
func.func @taps(%w0: memref<16x8xf32>, %w1: memref<16x8xf32>,
                %in: memref<8x40xf32>, %out: memref<16x32xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  scf.parallel (%c) = (%c0) to (%c16) step (%c8) {
    %a = memref.subview %w0[%c, 0] [8, 8] [1, 1]
        : memref<16x8xf32> to memref<8x8xf32, strided<[8, 1], offset: ?>>
    %x = memref.subview %in[0, 0] [8, 32] [1, 1]
        : memref<8x40xf32> to memref<8x32xf32, strided<[40, 1]>>
    %o = memref.subview %out[%c, 0] [8, 32] [1, 1]
        : memref<16x32xf32> to memref<8x32xf32, strided<[32, 1], offset: ?>>
    linalg.matmul ins(%a, %x : memref<8x8xf32, strided<[8, 1], offset: ?>>,
                               memref<8x32xf32, strided<[40, 1]>>)
                  outs(%o : memref<8x32xf32, strided<[32, 1], offset: ?>>)
    scf.reduce
  }
  // The next tap reads the input one pixel further on.
  %shifted = memref.subview %in[0, 1] [8, 32] [1, 1]
      : memref<8x40xf32> to memref<8x32xf32, strided<[40, 1], offset: 1>>
  scf.parallel (%c) = (%c0) to (%c16) step (%c8) {
    %a = memref.subview %w1[%c, 0] [8, 8] [1, 1]
        : memref<16x8xf32> to memref<8x8xf32, strided<[8, 1], offset: ?>>
    %o = memref.subview %out[%c, 0] [8, 32] [1, 1]
        : memref<16x32xf32> to memref<8x32xf32, strided<[32, 1], offset: ?>>
    linalg.matmul ins(%a, %shifted : memref<8x8xf32, strided<[8, 1], offset: ?>>,
                                     memref<8x32xf32, strided<[40, 1], offset: 1>>)
                  outs(%o : memref<8x32xf32, strided<[32, 1], offset: ?>>)
    scf.reduce
  }
  return
}

// -----

// The second loop's iteration reads every channel block the first wrote:
// two loops.
// CHECK-LABEL: func.func @reads_other_blocks(
// CHECK: scf.parallel
// CHECK: scf.reduce
// CHECK: scf.parallel
func.func @reads_other_blocks(%in: memref<16x32xf32>, %mid: memref<16x32xf32>,
                              %out: memref<16x32xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  scf.parallel (%c) = (%c0) to (%c16) step (%c8) {
    %x = memref.subview %in[%c, 0] [8, 32] [1, 1]
        : memref<16x32xf32> to memref<8x32xf32, strided<[32, 1], offset: ?>>
    %m = memref.subview %mid[%c, 0] [8, 32] [1, 1]
        : memref<16x32xf32> to memref<8x32xf32, strided<[32, 1], offset: ?>>
    memref.copy %x, %m : memref<8x32xf32, strided<[32, 1], offset: ?>>
        to memref<8x32xf32, strided<[32, 1], offset: ?>>
    scf.reduce
  }
  scf.parallel (%c) = (%c0) to (%c16) step (%c8) {
    %m = memref.subview %mid[0, 0] [8, 32] [2, 1]
        : memref<16x32xf32> to memref<8x32xf32, strided<[64, 1]>>
    %o = memref.subview %out[%c, 0] [8, 32] [1, 1]
        : memref<16x32xf32> to memref<8x32xf32, strided<[32, 1], offset: ?>>
    memref.copy %m, %o : memref<8x32xf32, strided<[64, 1]>>
        to memref<8x32xf32, strided<[32, 1], offset: ?>>
    scf.reduce
  }
  return
}

// -----

// A view through an inner loop's variable is bounded by its source, the
// whole buffer the first loop writes block by block: two loops.
// CHECK-LABEL: func.func @inner_loop_view(
// CHECK: scf.parallel
// CHECK: scf.reduce
// CHECK: scf.parallel
func.func @inner_loop_view(%mid: memref<16x32xf32>, %out: memref<16x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%c) = (%c0) to (%c16) step (%c8) {
    %m = memref.subview %mid[%c, 0] [8, 32] [1, 1]
        : memref<16x32xf32> to memref<8x32xf32, strided<[32, 1], offset: ?>>
    linalg.fill ins(%zero : f32) outs(%m : memref<8x32xf32, strided<[32, 1], offset: ?>>)
    scf.reduce
  }
  scf.parallel (%c) = (%c0) to (%c16) step (%c8) {
    scf.for %k = %c0 to %c16 step %c1 {
      %row = memref.subview %mid[%k, 0] [1, 32] [1, 1]
          : memref<16x32xf32> to memref<32xf32, strided<[1], offset: ?>>
      %o = memref.subview %out[%c, 0] [1, 32] [1, 1]
          : memref<16x32xf32> to memref<32xf32, strided<[1], offset: ?>>
      memref.copy %row, %o : memref<32xf32, strided<[1], offset: ?>>
          to memref<32xf32, strided<[1], offset: ?>>
    }
    scf.reduce
  }
  return
}

// -----

// Along the dimension the induction variable does not index, an inner loop's
// variable may take the view anywhere: still within the iteration's block of
// rows, so the loops fuse.
// CHECK-LABEL: func.func @inner_loop_columns(
// CHECK: scf.parallel
// CHECK: linalg.fill
// CHECK: scf.for
// CHECK: memref.copy
// CHECK-NOT: scf.parallel
func.func @inner_loop_columns(%mid: memref<16x32xf32>, %out: memref<16x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%c) = (%c0) to (%c16) step (%c8) {
    %m = memref.subview %mid[%c, 0] [8, 32] [1, 1]
        : memref<16x32xf32> to memref<8x32xf32, strided<[32, 1], offset: ?>>
    linalg.fill ins(%zero : f32) outs(%m : memref<8x32xf32, strided<[32, 1], offset: ?>>)
    scf.reduce
  }
  scf.parallel (%c) = (%c0) to (%c16) step (%c8) {
    scf.for %k = %c0 to %c32 step %c1 {
      %col = memref.subview %mid[%c, %k] [8, 1] [1, 1]
          : memref<16x32xf32> to memref<8xf32, strided<[32], offset: ?>>
      %o = memref.subview %out[%c, %k] [8, 1] [1, 1]
          : memref<16x32xf32> to memref<8xf32, strided<[32], offset: ?>>
      memref.copy %col, %o : memref<8xf32, strided<[32], offset: ?>>
          to memref<8xf32, strided<[32], offset: ?>>
    }
    scf.reduce
  }
  return
}

// -----

// Different iterations, or a write between the loops: no fusion.
// CHECK-LABEL: func.func @not_adjacent_or_same(
// CHECK-COUNT-3: scf.parallel
func.func @not_adjacent_or_same(%a: memref<16xf32>, %b: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%c16) step (%c8) {
    %v = memref.subview %a[%i] [8] [1] : memref<16xf32> to memref<8xf32, strided<[1], offset: ?>>
    linalg.fill ins(%zero : f32) outs(%v : memref<8xf32, strided<[1], offset: ?>>)
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c16) step (%c4) {
    %v = memref.subview %b[%i] [4] [1] : memref<16xf32> to memref<4xf32, strided<[1], offset: ?>>
    linalg.fill ins(%zero : f32) outs(%v : memref<4xf32, strided<[1], offset: ?>>)
    scf.reduce
  }
  memref.store %zero, %a[%c0] : memref<16xf32>
  scf.parallel (%i) = (%c0) to (%c16) step (%c4) {
    %v = memref.subview %a[%i] [4] [1] : memref<16xf32> to memref<4xf32, strided<[1], offset: ?>>
    linalg.fill ins(%zero : f32) outs(%v : memref<4xf32, strided<[1], offset: ?>>)
    scf.reduce
  }
  return
}

// -----

// Stack scratch allocated in an iteration is the iteration's own; three
// loops over disjoint blocks become one.
// CHECK-LABEL: func.func @private_scratch(
// CHECK: scf.parallel
// CHECK-COUNT-3: memref.alloca
// CHECK-NOT: scf.parallel
func.func @private_scratch(%in: memref<32xf32>, %out: memref<32xf32>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  scf.parallel (%i) = (%c0) to (%c32) step (%c16) {
    %t = memref.alloca() : memref<16xf32>
    %x = memref.subview %in[%i] [16] [1] : memref<32xf32> to memref<16xf32, strided<[1], offset: ?>>
    memref.copy %x, %t : memref<16xf32, strided<[1], offset: ?>> to memref<16xf32>
    %o = memref.subview %out[%i] [16] [1] : memref<32xf32> to memref<16xf32, strided<[1], offset: ?>>
    memref.copy %t, %o : memref<16xf32> to memref<16xf32, strided<[1], offset: ?>>
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c32) step (%c16) {
    %t = memref.alloca() : memref<16xf32>
    %o = memref.subview %out[%i] [16] [1] : memref<32xf32> to memref<16xf32, strided<[1], offset: ?>>
    memref.copy %o, %t : memref<16xf32, strided<[1], offset: ?>> to memref<16xf32>
    memref.copy %t, %o : memref<16xf32> to memref<16xf32, strided<[1], offset: ?>>
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c32) step (%c16) {
    %t = memref.alloca() : memref<16xf32>
    %o = memref.subview %out[%i] [16] [1] : memref<32xf32> to memref<16xf32, strided<[1], offset: ?>>
    memref.copy %o, %t : memref<16xf32, strided<[1], offset: ?>> to memref<16xf32>
    scf.reduce
  }
  return
}

// -----

// Two get_global ops may name the same global: a write through one is not
// bounded, so the loops stay apart.
// CHECK-LABEL: func.func @global_write(
// CHECK-COUNT-2: scf.parallel
memref.global "private" @g : memref<16xf32> = dense<0.0>
func.func @global_write() {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant 0.0 : f32
  %a = memref.get_global @g : memref<16xf32>
  %b = memref.get_global @g : memref<16xf32>
  scf.parallel (%i) = (%c0) to (%c16) step (%c8) {
    %v = memref.subview %a[%i] [8] [1] : memref<16xf32> to memref<8xf32, strided<[1], offset: ?>>
    linalg.fill ins(%zero : f32) outs(%v : memref<8xf32, strided<[1], offset: ?>>)
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c16) step (%c8) {
    %v = memref.subview %b[0] [8] [1] : memref<16xf32> to memref<8xf32, strided<[1]>>
    linalg.fill ins(%zero : f32) outs(%v : memref<8xf32, strided<[1]>>)
    scf.reduce
  }
  return
}

// -----

// Loops of more iterations than the check enumerates (4096 bodies, or 4M
// pairs of iterations and accesses) stay apart, though these write disjoint
// buffers.
// CHECK-LABEL: func.func @many_iterations(
// CHECK-COUNT-2: scf.parallel
func.func @many_iterations(%a: memref<8192xf32>, %b: memref<8192xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8192 = arith.constant 8192 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%c8192) step (%c1) {
    memref.store %zero, %a[%i] : memref<8192xf32>
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c8192) step (%c1) {
    memref.store %zero, %b[%i] : memref<8192xf32>
    scf.reduce
  }
  return
}
