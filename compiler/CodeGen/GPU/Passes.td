//===- Passes.td - the GPU backend's code generation -*- tablegen -*-===//
//
// The NVIDIA GPU backend: the transform-dialect schedule (tiling and fusion
// into block and thread loops), their mapping to gpu.launch, the
// distribution of the remaining ops, shared-memory buffers and one GPU
// module for all kernels.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CODEGEN_GPU_PASSES_TD
#define DENSENET_CODEGEN_GPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def DenseNetGPUSchedule : Pass<"densenet-gpu-schedule", "ModuleOp"> {
  let summary = "Tile and fuse each convolution into block and thread loops";
  let description = [{
    On linalg on tensors, finds each kernel root: the last op of a
    destination chain that holds a GEMM (a convolution's fill, its GEMMs
    with role `gemm` or `gemm_with_prologue`, and its epilogue when it has
    one), and applies @densenet_gpu_kernel from the transform library
    TransformLibrary/gpu_schedule.mlir to the root and its chain: an
    `scf.forall` over output tiles mapped to `#gpu.block`s with the chain
    fused into it, a reduction loop over input-channel slices, the BN-ReLU
    prologue computed per slice into a tile of the block (which
    `densenet-gpu-tile-buffers` puts in workgroup memory), and `scf.forall`s
    mapped to `#gpu.thread`s inside.
  }];
  let dependentDialects = ["gpu::GPUDialect", "scf::SCFDialect",
                           "tensor::TensorDialect"];
}

def DenseNetGPUMapForall : Pass<"densenet-gpu-map-forall", "ModuleOp"> {
  let summary = "Map the schedule's block and thread loops to gpu.launch";
  let description = [{
    On bufferized IR, applies @densenet_gpu_map from the transform library:
    each `scf.forall` mapped to `#gpu.block`s becomes a `gpu.launch`
    (`transform.gpu.map_forall_to_blocks`) and the `scf.forall`s mapped to
    `#gpu.thread`s inside become thread ids with barriers between them
    (`transform.gpu.map_nested_forall_to_threads`).
  }];
  let dependentDialects = ["gpu::GPUDialect"];
}

def DenseNetGPUDistributeRemaining
    : Pass<"densenet-gpu-distribute-remaining", "func::FuncOp"> {
  let summary = "Run the ops outside the schedule's kernels as GPU loops";
  let description = [{
    On bufferized IR, rewrites each linalg op of the function's top level
    (copies, fills, transposes, pooling, the classifier, elementwise ops) as
    an `scf.parallel` over its parallel dimensions, collapsed into one and
    tiled by `threads-per-block`, with the outer loop mapped to blocks and
    the inner one to threads (`#gpu.loop_dim_map`), for upstream's
    `convert-parallel-loops-to-gpu`. Reductions stay sequential loops in
    each thread. Consecutive fills of static buffers with only ops free of
    memory effects between them (the zero borders of a padded buffer) share
    one such loop over all their elements, so they are one kernel.
  }];
  let options = [
    Option<"threadsPerBlock", "threads-per-block", "int64_t",
           /*default=*/"256", "Threads of each block">
  ];
  let dependentDialects = ["gpu::GPUDialect", "scf::SCFDialect",
                           "affine::AffineDialect"];
}

def DenseNetGPUTileBuffers
    : Pass<"densenet-gpu-tile-buffers", "func::FuncOp"> {
  let summary = "Give the schedule's tile buffers static homes";
  let description = [{
    On bufferized IR, rewrites each `memref.alloc` nested in a region:
    - in a `gpu.launch` (a block's tile), it becomes a view of a workgroup
      attribution of the launch: the shared-memory buffer the kernel
      declares (upstream's promotion allocates outside the launch, which
      does not lower), cast back to the allocation's memory space;
    - elsewhere (the schedule's loops run on the host), one with a dynamic
      shape becomes a view of a 64-byte-aligned allocation at the
      function's top level, which buffer planning places in the arena.
    A dynamic size takes its constant upper bound (the tile size at the
    edges of the tiled dimension); the replacement keeps the allocation's
    type. Fails on a size without a constant upper bound.
  }];
  let dependentDialects = ["arith::ArithDialect", "gpu::GPUDialect",
                           "memref::MemRefDialect"];
}

def DenseNetGPUMergeModules : Pass<"densenet-gpu-merge-modules", "ModuleOp"> {
  let summary = "Gather every outlined kernel into one gpu.module";
  let description = [{
    Moves the kernels of every `gpu.module` (one per kernel after
    `gpu-kernel-outlining`, each kernel named after its function) into the
    first one, renaming those whose names collide, and retargets the
    `gpu.launch_func`s, so the executable holds one GPU binary: one
    `ptxas` run at compile time and one module load at run time.
  }];
  let dependentDialects = ["gpu::GPUDialect"];
}

#endif // DENSENET_CODEGEN_GPU_PASSES_TD
