// RUN: densenet-opt %s --densenet-gpu-distribute-remaining="threads-per-block=128" --cse --split-input-file --verify-diagnostics | FileCheck %s

// A top-level linalg op outside the schedule's kernels (here a 2x3x50
// elementwise op) becomes one loop over its 300 elements, in blocks of 128
// threads: the outer loop mapped to blocks, the inner one to threads, with a
// guard for the partial block.
// CHECK-LABEL: func.func @elementwise
// CHECK:       %[[C300:.*]] = arith.muli {{.*}}%c50
// CHECK:       %[[STEP:.*]] = arith.muli %c1, %c128
// CHECK:       scf.parallel ({{.*}}) = (%c0) to (%[[C300]]) step (%[[STEP]])
// CHECK:         scf.parallel ({{.*}}) = (%c0) to (%[[STEP]]) step (%c1)
// CHECK:           scf.if
// CHECK:             arith.addf
// CHECK:         } {mapping = [#gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
// CHECK:       } {mapping = [#gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
// CHECK-NOT:   linalg.generic
func.func @elementwise(%a: memref<2x3x50xf32>, %b: memref<2x3x50xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, j, k)>,
                                   affine_map<(i, j, k) -> (i, j, k)>],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%a : memref<2x3x50xf32>) outs(%b : memref<2x3x50xf32>) {
  ^bb0(%x: f32, %y: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A reduction keeps its reduction loop sequential in each thread.
// CHECK-LABEL: func.func @row_sums
// CHECK:       scf.parallel
// CHECK:         scf.parallel
// CHECK:           scf.for
// CHECK:             arith.addf
func.func @row_sums(%a: memref<4x64xf32>, %b: memref<4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, k) -> (i, k)>,
                                   affine_map<(i, k) -> (i)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%a : memref<4x64xf32>) outs(%b : memref<4xf32>) {
  ^bb0(%x: f32, %y: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Consecutive fills of static buffers (the zero borders of a padded buffer),
// with only views between them, share one loop over their 4 + 6 elements:
// each iteration stores into the fill that owns its element.
// CHECK-LABEL: func.func @borders
// CHECK:       scf.parallel
// CHECK:         scf.parallel
// CHECK:           scf.if
// CHECK:             %[[IN0:.*]] = arith.andi
// CHECK:             scf.if %[[IN0]]
// CHECK:               memref.store %{{.*}}, %{{.*}}[%{{.*}}] : memref<4xf32
// CHECK:             %[[IN1:.*]] = arith.andi
// CHECK:             scf.if %[[IN1]]
// CHECK:               affine.delinearize_index %{{.*}} into (2, 3)
// CHECK:               memref.store %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}] : memref<2x3xf32
// CHECK-NOT:   scf.parallel
// CHECK-NOT:   linalg.fill
func.func @borders(%a: memref<10xf32>, %b: memref<2x5xf32>) {
  %zero = arith.constant 0.0 : f32
  %top = memref.subview %a[0] [4] [1] : memref<10xf32> to memref<4xf32, strided<[1]>>
  linalg.fill ins(%zero : f32) outs(%top : memref<4xf32, strided<[1]>>)
  %side = memref.subview %b[0, 0] [2, 3] [1, 1] : memref<2x5xf32> to memref<2x3xf32, strided<[5, 1]>>
  linalg.fill ins(%zero : f32) outs(%side : memref<2x3xf32, strided<[5, 1]>>)
  return
}
