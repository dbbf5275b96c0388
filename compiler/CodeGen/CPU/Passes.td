//===- Passes.td - the CPU backend's code generation -*- tablegen -*-===//
//
// The CPU backend: the transform-dialect schedule, loop parallelization with
// OpenMP, and kernel outlining.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CODEGEN_CPU_PASSES_TD
#define DENSENET_CODEGEN_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def DenseNetParallelizeLoops
    : Pass<"densenet-parallelize-loops", "func::FuncOp"> {
  let summary = "Run the loops the CPU schedule marked parallel as scf.parallel";
  let description = [{
    On bufferized IR, turns each outermost `scf.for` with role
    `parallel_loop` (`densenet.role`, set by `densenet-cpu-schedule` on loops
    over pixel or channel blocks, whose iterations write disjoint data) into an
    `scf.parallel`, and the scratch buffers allocated directly in its body
    (a pixel block of a layer's BN-ReLU prologue) into `memref.alloca`s, so
    each thread has its own. Those live on the stacks of the runtime's
    worker threads (4 MiB each, as in libomp), so every one of them must
    have a static shape of at most `max-private-bytes` bytes (DenseNet-121's
    largest is 32 pixels x 1024 channels x 4 bytes = 128 KiB, DenseNet-161's
    32 x 2160 x 4 = 270 KiB); a loop whose
    body allocates any other buffer stays sequential, as do loops with
    loop-carried values, a single iteration, or inside another parallel
    loop. The role is removed either way. Runs before
    `buffer-loop-hoisting`, which would otherwise share the scratch between
    iterations.
  }];
  let options = [
    Option<"maxPrivateBytes", "max-private-bytes", "int64_t",
           /*default=*/"512 * 1024",
           "Largest scratch buffer, in bytes, kept on a thread's stack">
  ];
  let dependentDialects = ["memref::MemRefDialect", "scf::SCFDialect"];
}

def DenseNetOutlineKernels : Pass<"densenet-outline-kernels", "ModuleOp"> {
  let summary = "Move each loop nest of the entry function into its own function";
  let description = [{
    After bufferization the model is one function holding a loop nest per
    layer step. This pass moves every top-level op with regions (loop nests,
    linalg ops), together with the ops right after it that consume its
    results, into a private `noinline` function that receives the buffers it
    touches, cloning the view-like ops (subviews, reshapes) and constants
    it depends on so that every argument is a contiguous buffer. LLVM then
    optimizes and allocates registers function by function, which keeps
    compile time linear in the model size.
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"forward\"",
           "Name of the model's entry function">
  ];
  let dependentDialects = ["func::FuncDialect", "LLVM::LLVMDialect"];
}

def DenseNetCPUSchedule : Pass<"densenet-cpu-schedule", "ModuleOp"> {
  let summary = "Tile and vectorize the model's GEMMs for the CPU";
  let description = [{
    Applies densenetc's transform-dialect schedule, the named sequence
    `@densenet_cpu_schedule` of the transform library
    compiler/CodeGen/CPU/TransformLibrary/cpu_schedule.mlir (embedded at build
    time, parsed once when the pass is initialized), with the `tile-m` and
    `tile-p` options bound to its tile params. It matches ops by their
    `densenet.role` (DenseNetAttrs.td). Each GEMM (role `gemm` or
    `gemm_with_prologue`) is tiled into register blocks of `tile-m` output channels by
    `tile-p` pixels (pixel blocks outermost, so a block of the input stays
    in cache while every channel block uses it), the remainders are peeled
    so every block is static (a remainder runs as blocks of 16 and 8 pixels
    first), the reduction is tiled by one, and the blocks are vectorized
    into outer products (broadcast + vector.fma) with the accumulators
    hoisted out of the reduction loop. A GEMM with role
    `gemm_with_prologue` first gets its pixel loop, into which its
    operand with role `prologue` (a layer's BN-ReLU) is fused and vectorized:
    the prologue is computed one pixel block at a time into a small scratch
    tensor and never materialised whole. Reductions with role
    `channel_parallel` are tiled over blocks of `tile-m` channels; the loops
    that may run in parallel get role `parallel_loop`.
  }];
  let options = [
    Option<"tileM", "tile-m", "int64_t", /*default=*/"8",
           "Output channels per register block">,
    Option<"tileP", "tile-p", "int64_t", /*default=*/"32",
           "Pixels per register block">
  ];
}

#endif // DENSENET_CODEGEN_CPU_PASSES_TD
