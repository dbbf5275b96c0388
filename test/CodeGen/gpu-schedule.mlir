// RUN: densenet-opt %s --densenet-gpu-schedule --canonicalize --split-input-file | FileCheck %s

// The GPU schedule (densenet-gpu-schedule, transform library
// compiler/CodeGen/GPU/TransformLibrary/gpu_schedule.mlir) on a bottleneck
// convolution: fill, a 1x1 GEMM (M = 48, C = 40, P = 100) reading a BN-ReLU
// prologue, and an epilogue, all in one kernel. Blocks of 32 channels x 64
// pixels (2 x 2 of them), 8 x 16 threads, input channels in slices of 16, each
// slice's prologue computed by the threads into a block-local tile.

#lhs = affine_map<(n, m, p, c) -> (m, c)>
#rhs = affine_map<(n, m, p, c) -> (n, c, p)>
#out = affine_map<(n, m, p, c) -> (n, m, p)>
#id3 = affine_map<(n, c, p) -> (n, c, p)>
#ch3 = affine_map<(n, c, p) -> (c)>

// CHECK-LABEL: func.func @bottleneck
// CHECK:       scf.forall ({{.*}}) in (1, 2, 2) shared_outs
// CHECK:         scf.forall ({{.*}}) in (8, 16) shared_outs
// CHECK:           linalg.fill
// CHECK:         } {mapping = [#gpu.thread<y>, #gpu.thread<x>]}
// CHECK:         scf.for {{.*}} step %c16
// CHECK:           tensor.empty({{.*}}) : tensor<1x?x?xf32>
// CHECK:           scf.forall ({{.*}}) in (8, 16) shared_outs
// CHECK:             linalg.generic {{.*}} attrs = {densenet.role = #densenet.role<prologue>}
// CHECK:           } {mapping = [#gpu.thread<y>, #gpu.thread<x>]}
// CHECK:           scf.forall ({{.*}}) in (8, 16) shared_outs
// CHECK:             linalg.contract {{.*}}role<gemm_with_prologue>{{.*}} -> tensor<1x?x?xf32>
// CHECK:           } {mapping = [#gpu.thread<y>, #gpu.thread<x>]}
// CHECK:         scf.forall ({{.*}}) in (8, 16) shared_outs
// CHECK:           arith.maximumf
// CHECK:         } {mapping = [#gpu.thread<y>, #gpu.thread<x>]}
// CHECK:       } {mapping = [#gpu.block<z>, #gpu.block<y>, #gpu.block<x>]}
// CHECK-NOT:   linalg.
// CHECK:       return
func.func @bottleneck(%x: tensor<1x40x100xf32>, %scale: tensor<40xf32>,
                      %w: tensor<48x40xf32>, %bias: tensor<48xf32>)
    -> tensor<1x48x100xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x40x100xf32>
  %act = linalg.generic {indexing_maps = [#id3, #ch3, #id3],
                         iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x, %scale : tensor<1x40x100xf32>, tensor<40xf32>)
      outs(%e : tensor<1x40x100xf32>)
      attrs = {densenet.role = #densenet.role<prologue>} {
  ^bb0(%in: f32, %s: f32, %o: f32):
    %m = arith.mulf %in, %s : f32
    %r = arith.maximumf %m, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x40x100xf32>
  %o = tensor.empty() : tensor<1x48x100xf32>
  %f = linalg.fill ins(%zero : f32) outs(%o : tensor<1x48x100xf32>)
      -> tensor<1x48x100xf32>
  %g = linalg.contract indexing_maps = [#lhs, #rhs, #out]
      {densenet.role = #densenet.role<gemm_with_prologue>}
      ins(%w, %act : tensor<48x40xf32>, tensor<1x40x100xf32>)
      outs(%f : tensor<1x48x100xf32>) -> tensor<1x48x100xf32>
  %y = linalg.generic {indexing_maps = [#ch3, #id3],
                       iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%bias : tensor<48xf32>) outs(%g : tensor<1x48x100xf32>) {
  ^bb0(%b: f32, %acc: f32):
    %a = arith.addf %acc, %b : f32
    %r = arith.maximumf %a, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x48x100xf32>
  return %y : tensor<1x48x100xf32>
}

// -----

// Two kernel taps of a convolution (shifted GEMMs with role gemm that
// accumulate into one result): the last tap is the kernel's root and the fill
// and the first tap join its block loop, so the convolution is one kernel.
// An elementwise op outside any GEMM chain is left to
// densenet-gpu-distribute-remaining.

#lhs = affine_map<(n, m, p, c) -> (m, c)>
#rhs = affine_map<(n, m, p, c) -> (n, c, p)>
#out = affine_map<(n, m, p, c) -> (n, m, p)>
#id1 = affine_map<(i) -> (i)>

// CHECK-LABEL: func.func @taps
// CHECK:       linalg.generic
// CHECK:       scf.forall ({{.*}}) in (1, 1, 1) shared_outs
// CHECK:         linalg.fill
// CHECK:         scf.for
// CHECK:           linalg.contract
// CHECK:         scf.for
// CHECK:           linalg.contract
// CHECK:       } {mapping = [#gpu.block<z>, #gpu.block<y>, #gpu.block<x>]}
// CHECK-NOT:   linalg.contract
// CHECK:       return
func.func @taps(%w0: tensor<8x24xf32>, %w1: tensor<8x24xf32>,
                %x: tensor<1x24x40xf32>, %v: tensor<8xf32>)
    -> (tensor<1x8x32xf32>, tensor<8xf32>) {
  %zero = arith.constant 0.0 : f32
  %ve = tensor.empty() : tensor<8xf32>
  %vv = linalg.generic {indexing_maps = [#id1, #id1],
                        iterator_types = ["parallel"]}
      ins(%v : tensor<8xf32>) outs(%ve : tensor<8xf32>) {
  ^bb0(%a: f32, %b: f32):
    %r = arith.addf %a, %a : f32
    linalg.yield %r : f32
  } -> tensor<8xf32>
  %o = tensor.empty() : tensor<1x8x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%o : tensor<1x8x32xf32>)
      -> tensor<1x8x32xf32>
  %x0 = tensor.extract_slice %x[0, 0, 0] [1, 24, 32] [1, 1, 1]
      : tensor<1x24x40xf32> to tensor<1x24x32xf32>
  %t0 = linalg.contract indexing_maps = [#lhs, #rhs, #out]
      {densenet.role = #densenet.role<gemm>}
      ins(%w0, %x0 : tensor<8x24xf32>, tensor<1x24x32xf32>)
      outs(%f : tensor<1x8x32xf32>) -> tensor<1x8x32xf32>
  %x1 = tensor.extract_slice %x[0, 0, 8] [1, 24, 32] [1, 1, 1]
      : tensor<1x24x40xf32> to tensor<1x24x32xf32>
  %t1 = linalg.contract indexing_maps = [#lhs, #rhs, #out]
      {densenet.role = #densenet.role<gemm>}
      ins(%w1, %x1 : tensor<8x24xf32>, tensor<1x24x32xf32>)
      outs(%t0 : tensor<1x8x32xf32>) -> tensor<1x8x32xf32>
  return %t1, %vv : tensor<1x8x32xf32>, tensor<8xf32>
}
