// RUN: densenet-opt %s \
// RUN:   --transform-preload-library="transform-library-paths=%src_root/compiler/CodeGen/GPU/TransformLibrary/gpu_schedule.mlir" \
// RUN:   --transform-interpreter --canonicalize | FileCheck %s

// The GPU schedule's transform library (what `densenet-gpu-schedule` embeds)
// run by upstream's interpreter alone: the entry sequence below passes the
// kernel root and its destination chain, which the pass finds by analysis,
// as the payload's test-only `kernel_root` and `kernel_chain` attributes.

#lhs = affine_map<(n, m, p, c) -> (m, c)>
#rhs = affine_map<(n, m, p, c) -> (n, c, p)>
#out = affine_map<(n, m, p, c) -> (n, m, p)>
#id3 = affine_map<(n, c, p) -> (n, c, p)>
#ch3 = affine_map<(n, c, p) -> (c)>

module attributes {transform.with_named_sequence} {

// A 1x1 convolution with M = 40 output channels over P = 70 pixels and
// C = 20 input channels: 2 x 2 blocks (partial at both edges), two
// 16-channel slices (the second partial) of the BN-ReLU prologue, each
// computed into a block tile by the 8 x 16 threads.
// CHECK-LABEL: func.func @conv1x1
// CHECK:       scf.forall ({{.*}}) in (1, 2, 2) shared_outs
// CHECK:         scf.forall ({{.*}}) in (8, 16)
// CHECK:           linalg.fill
// CHECK:         scf.for {{.*}} = %c0 to %c20 step %c16
// CHECK:           tensor.empty({{.*}}) : tensor<1x?x?xf32>
// CHECK:           scf.forall ({{.*}}) in (8, 16)
// CHECK:             linalg.generic {{.*}}role<prologue>
// CHECK:           } {mapping = [#gpu.thread<y>, #gpu.thread<x>]}
// CHECK:           scf.forall ({{.*}}) in (8, 16)
// CHECK:             linalg.contract
// CHECK:           } {mapping = [#gpu.thread<y>, #gpu.thread<x>]}
// CHECK:       } {mapping = [#gpu.block<z>, #gpu.block<y>, #gpu.block<x>]}
func.func @conv1x1(%x: tensor<1x20x70xf32>, %scale: tensor<20xf32>,
                   %w: tensor<40x20xf32>) -> tensor<1x40x70xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x20x70xf32>
  %act = linalg.generic {indexing_maps = [#id3, #ch3, #id3],
                         iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x, %scale : tensor<1x20x70xf32>, tensor<20xf32>)
      outs(%e : tensor<1x20x70xf32>)
      attrs = {densenet.role = #densenet.role<prologue>} {
  ^bb0(%in: f32, %s: f32, %o: f32):
    %m = arith.mulf %in, %s : f32
    %r = arith.maximumf %m, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x20x70xf32>
  %o = tensor.empty() : tensor<1x40x70xf32>
  %f = linalg.fill {kernel_chain} ins(%zero : f32)
      outs(%o : tensor<1x40x70xf32>) -> tensor<1x40x70xf32>
  %g = linalg.contract indexing_maps = [#lhs, #rhs, #out]
      {densenet.role = #densenet.role<gemm_with_prologue>, kernel_root}
      ins(%w, %act : tensor<40x20xf32>, tensor<1x20x70xf32>)
      outs(%f : tensor<1x40x70xf32>) -> tensor<1x40x70xf32>
  return %g : tensor<1x40x70xf32>
}

transform.named_sequence private @densenet_gpu_kernel(
    %root: !transform.any_op {transform.consumed},
    %chain: !transform.any_op {transform.consumed})

transform.named_sequence @__transform_main(
    %module: !transform.any_op {transform.consumed}) {
  %root = transform.structured.match attributes{kernel_root} in %module
      : (!transform.any_op) -> !transform.any_op
  %chain = transform.structured.match attributes{kernel_chain} in %module
      : (!transform.any_op) -> !transform.any_op
  transform.include @densenet_gpu_kernel failures(propagate) (%root, %chain)
      : (!transform.any_op, !transform.any_op) -> ()
  transform.yield
}
}
