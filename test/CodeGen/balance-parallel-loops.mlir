// RUN: densenet-opt %s -split-input-file --convert-scf-to-openmp --densenet-balance-parallel-loops | FileCheck %s

// A parallel loop becomes a work-sharing loop with the dynamic schedule; the
// end of its region waits for every thread, so the loop has no barrier of
// its own (nowait).
// CHECK-LABEL: func.func @fill
// CHECK: omp.parallel
// CHECK-NEXT: omp.wsloop nowait schedule(dynamic) {
func.func @fill(%buf: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%c64) step (%c8) {
    %v = memref.subview %buf[%i] [8] [1] : memref<64xf32> to memref<8xf32, strided<[1], offset: ?>>
    linalg.fill ins(%zero : f32) outs(%v : memref<8xf32, strided<[1], offset: ?>>)
    scf.reduce
  }
  return
}

// -----

// A loop followed by more work in its region keeps its barrier; a loop
// that has a schedule keeps it (and, as the last in its region, loses its
// barrier too).
// CHECK-LABEL: func.func @two_loops
// CHECK: omp.wsloop schedule(dynamic) {
// CHECK: omp.wsloop nowait schedule(static) {
func.func @two_loops(%buf: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0.0 : f32
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%c64) step (%c1) {
        memref.store %zero, %buf[%i] : memref<64xf32>
        omp.yield
      }
    }
    omp.wsloop schedule(static) {
      omp.loop_nest (%i) : index = (%c0) to (%c64) step (%c1) {
        memref.store %zero, %buf[%i] : memref<64xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  return
}
