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
    over pixel or channel blocks, and by the lowering on loops over bands of
    a map, whose iterations write disjoint data) into an `scf.parallel`, and
    the scratch buffers allocated in its body (a pixel block of a layer's
    BN-ReLU prologue, a band's Winograd temporaries; those of sequential
    loops inside it moved to the iteration's start) into `memref.alloca`s,
    so each thread has its own. Those live on the stacks
    of the runtime's worker threads (4 MiB each, as in libomp) and of the
    calling thread, so together they must have static shapes of at most
    `max-private-bytes` bytes (DenseNet-121's largest are a 56x56 Winograd
    band's, 776 KiB, DenseNet-161's 1.14 MiB); a loop whose body allocates
    any other buffer stays sequential, as do loops with loop-carried values, a single iteration,
    or inside another parallel loop. The role is removed either way. Runs
    before `buffer-loop-hoisting`, which would otherwise share the scratch
    between iterations.
  }];
  let options = [
    Option<"maxPrivateBytes", "max-private-bytes", "int64_t",
           /*default=*/"2 * 1024 * 1024",
           "Most scratch bytes per iteration kept on a thread's stack">
  ];
  let dependentDialects = ["memref::MemRefDialect", "scf::SCFDialect"];
}

def DenseNetFuseParallelLoops
    : Pass<"densenet-fuse-parallel-loops", "func::FuncOp"> {
  let summary = "Run adjacent parallel loops over the same iterations as one";
  let description = [{
    After `densenet-parallelize-loops`, each run of adjacent one-dimensional
    `scf.parallel` loops with the same constant bounds and step (few
    enough iterations for the check below to enumerate: at most 4096, and
    at most 4M pairs of iterations and accesses), with only
    side-effect-free ops between them, becomes one loop whose iteration i
    runs iteration i of each in turn: one parallel region instead of many.
    Two loops fuse only where no iteration of one writes an element that a
    different iteration of the other reads or writes. The check bounds
    every access of an iteration by the elements of its root buffer (an
    allocation, a global or a function argument) that the view it goes
    through covers, with the induction variable set to each of its values
    in turn (along a dimension where a view's offset comes from another
    value, such as an inner loop's variable, it may cover all of its
    source's extent); stack scratch allocated in an iteration is private
    to it. Distinct roots are taken to be distinct memory (function
    arguments too: the model's input and output). A loop with an access it
    cannot bound (an unknown side effect, a view it cannot trace to a root,
    a write to a global, which two get_global ops may both name) does not
    fuse. On DenseNet-121 the nine taps of each 7x7 map's 3x3 convolution,
    each a loop over the same blocks of output channels in two pixel
    blocks, run as one parallel region instead of eighteen, and the 14x14
    Winograd steps over the same rows of the transformed patch as one.
  }];
  let dependentDialects = ["scf::SCFDialect"];
}

def DenseNetBalanceParallelLoops
    : Pass<"densenet-balance-parallel-loops", "func::FuncOp"> {
  let summary = "Share out the OpenMP loops' iterations on demand";
  let description = [{
    After `convert-scf-to-openmp`, gives each `omp.wsloop` without a
    schedule the dynamic one: the OpenMPIRBuilder then lowers it to the
    runtime's `__kmpc_dispatch_init` / `__kmpc_dispatch_next` calls, which
    hand out iterations on demand, instead of `__kmpc_for_static_init`'s
    one fixed share per thread. The runtime (runtime/cpu/loop_shares.c)
    starts every thread on the share the static schedule would give it, so
    each still works on the same pixels or channels from layer to layer,
    and a thread that finished its share takes the second half of what is
    left of another's. A parallel loop then ends when its work is done, not
    when its slowest share is: cores of one machine run at different speeds,
    a VM's virtual CPUs are preempted, and a loop's iterations need not
    divide evenly among the threads. Every iteration computes the same
    values whichever thread runs it, so outputs stay bit-identical. A loop
    that ends its `omp.parallel` region also gets `nowait`: the region's
    end waits for every thread, and the barrier after the loop would make
    them wait twice.
  }];
  let dependentDialects = ["omp::OpenMPDialect"];
}

def DenseNetCPULowerVectors
    : Pass<"densenet-cpu-lower-vectors", "ModuleOp"> {
  let summary = "Lower the CPU schedule's vector ops to 1-D vectors and FMAs";
  let description = [{
    Runs after `densenet-cpu-schedule`: contractions become outer products
    and `vector.fma`, transfers become full-unrolled 1-D loads and stores
    (permutations lowered first), and shape casts, broadcasts and
    transposes (as 1-D shuffles) lower to what LLVM's vector conversion
    takes. These are upstream's pattern sets, applied with the greedy
    driver. They are not a `transform.apply_patterns` step of the schedule
    because that op's tracking listener renders every failed match into a
    diagnostic that prints the op: on DenseNet-121 that was 3 of the
    schedule's 4.5 seconds.
  }];
  let dependentDialects = ["scf::SCFDialect", "vector::VectorDialect"];
}

def DenseNetCPULowerCopies
    : Pass<"densenet-cpu-lower-copies", "func::FuncOp"> {
  let summary = "Copy buffers with contiguous rows one row memcpy at a time";
  let description = [{
    After bufferization, each `linalg.copy` between buffers of static shape
    whose last dimension is contiguous in both becomes a loop nest over the
    other dimensions with a `memref.copy` of one row in its body, which the
    LLVM lowering turns into `llvm.memcpy`. Other copies are left alone
    (convert-linalg-to-loops turns them into element loops). Left to LLVM,
    the element loops of copies inside a parallel region (the stem's
    gathered windows) were not recognized as memcpys but vectorized with
    run-time alias checks: 40,000 lines of LLVM IR, which doubled LLVM's
    time on DenseNet-121.
  }];
  let dependentDialects = ["arith::ArithDialect", "memref::MemRefDialect",
                           "scf::SCFDialect"];
}

def DenseNetOutlineKernels : Pass<"densenet-outline-kernels", "ModuleOp"> {
  let summary = "Move each loop nest of the entry function into its own function";
  let description = [{
    After bufferization the model is one function holding a loop nest per
    layer step. This pass moves every top-level op with regions (loop nests,
    linalg ops), together with the ops right after it that consume its
    results, into a private `noinline` function; LLVM then optimizes and
    allocates registers function by function.

    The kernel takes the buffers it uses as the views it uses (views whose
    type the bare-pointer calling convention cannot pass are cloned into it,
    with the constants it uses). A view at a static offset in a
    `memref.view` of the arena or the weights is passed from its first
    element: the entry makes a `memref.view` at that element's byte shift,
    reinterpreted with the view's strides at offset 0, and the kernel's
    subviews and reshapes of it are retyped. So the same step of two layers
    of one shape, whose buffers lie elsewhere, gives identical kernels,
    which `densenet-merge-identical-kernels` merges.

    A buffer argument whose bytes no other argument's overlap at the call
    is marked `llvm.noalias`, so that LLVM still sees that views of one arena
    are disjoint. Distinct arguments of the entry function (weights, arena,
    input, output) are taken to be distinct memory, as the model's interface
    requires; if any buffer's place is not known at compile time, no
    argument of that kernel is marked.
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"forward\"",
           "Name of the model's entry function">
  ];
  let dependentDialects = ["func::FuncDialect", "LLVM::LLVMDialect"];
}

def DenseNetMergeIdenticalKernels
    : Pass<"densenet-merge-identical-kernels", "ModuleOp"> {
  let summary = "Merge private functions that are identical but for their name";
  let description = [{
    Private functions with the same type, attributes and body (locations
    aside) are merged into the first of them in the module, and every call
    of the others calls that one. Kernels outlined by
    `densenet-outline-kernels` for the same step of layers of one shape
    (each dense layer of a block after its 1x1 convolution, for example)
    differ only in where their buffers lie, which their arguments carry,
    so each such step is lowered and compiled once. Public functions and
    declarations are left alone.
  }];
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
    tensor and never materialised whole (under 128 pixels, as at 7x7, it is
    computed whole first instead, its input-channel rows in a parallel
    loop, and the GEMM has no pixel loop of its own); it is tiled through
    its `epilogue`
    (the layer's second BN-ReLU), which then runs on each register block's
    accumulators before the block's one store. A GEMM's accumulator fill is
    fused into its register blocks and vectorized, so the blocks start from
    zero vectors. Ops with role `channel_parallel` (reductions, the stem's
    epilogue, border fills) are tiled over blocks of `tile-m` channels; the
    loops that may run in parallel get role `parallel_loop`.
  }];
  let options = [
    Option<"tileM", "tile-m", "int64_t", /*default=*/"8",
           "Output channels per register block">,
    Option<"tileP", "tile-p", "int64_t", /*default=*/"32",
           "Pixels per register block">
  ];
}

#endif // DENSENET_CODEGEN_CPU_PASSES_TD
