//===- Passes.td - densenetc code generation passes ------------*- tablegen -*-===//
//
// Passes on bufferized IR that shape the generated code and its interface.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CODEGEN_PASSES_TD
#define DENSENET_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def DenseNetFuseElementwise
    : Pass<"densenet-fuse-elementwise", "func::FuncOp"> {
  let summary = "Fuse chains of elementwise linalg ops (e.g. BN then ReLU)";
  let description = [{
    Applies upstream elementwise fusion only where both the producer and the
    consumer are all-parallel `linalg.generic` ops over the same iteration
    space and the producer has a single user, so a batch norm and the ReLU
    after it make one pass over the feature map while per-channel values
    (the batch norm's scale and shift) are still computed once per channel. Unlike `linalg-fuse-elementwise-ops`, it leaves reshapes and
    the GEMMs alone.
  }];
  let dependentDialects = ["linalg::LinalgDialect"];
}

def DenseNetBufferize : Pass<"densenet-bufferize-model", "ModuleOp"> {
  let summary = "One-shot bufferization of the model into out-parameters";
  let description = [{
    Runs upstream one-shot module bufferization with identity-layout
    function boundaries, then turns the returned buffer into an
    out-parameter. Every buffer copy it needs is a `linalg.copy`, so copies
    become plain loops (vectorized by LLVM) instead of calls to a memref
    runtime library.
  }];
  let dependentDialects = [
    "bufferization::BufferizationDialect", "linalg::LinalgDialect",
    "memref::MemRefDialect"
  ];
}

def DenseNetParallelizeLoops
    : Pass<"densenet-parallelize-loops", "func::FuncOp"> {
  let summary = "Run the loops the CPU schedule marked parallel as scf.parallel";
  let description = [{
    On bufferized IR, turns each outermost `scf.for` marked
    `densenet.parallel` (by `densenet-cpu-schedule`, on loops over pixel
    blocks, whose iterations write disjoint pixels of the output) into an
    `scf.parallel`, and the scratch buffers allocated directly in its body
    (a pixel block of a layer's BN-ReLU prologue) into `memref.alloca`s, so
    each thread has its own. Loops with loop-carried values, a single
    iteration, or inside another parallel loop stay sequential; the mark is
    removed either way. Runs before `buffer-loop-hoisting`, which would
    otherwise share the scratch between iterations.
  }];
  let dependentDialects = ["memref::MemRefDialect", "scf::SCFDialect"];
}

def DenseNetOutlineWeights : Pass<"densenet-outline-weights", "ModuleOp"> {
  let summary = "Gather constant buffers into one weight blob argument";
  let description = [{
    Packs every constant `memref.global` used by the entry function into one
    64-byte-aligned byte blob, the global named by `blob`, and turns
    each `memref.get_global` into a `memref.view` of a new leading function
    argument `memref<Bxi8>`. The runtime passes either the embedded blob or
    an mmap of the external weights file, so weights are never copied.
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"forward\"",
           "Name of the model's entry function">,
    Option<"blob", "blob", "std::string", /*default=*/"\"weights_data\"",
           "Name of the global that holds the packed weights">
  ];
  let dependentDialects = ["memref::MemRefDialect", "arith::ArithDialect"];
}

def DenseNetPlanBuffers : Pass<"densenet-plan-buffers", "ModuleOp"> {
  let summary = "Place the intermediate buffers at static offsets in one arena";
  let description = [{
    Runs on bufferized IR, after the deallocation pipeline and before
    `densenet-outline-kernels`. Every `memref.alloc` at the top level of the
    entry function is live up to the last top-level op that uses it or an
    alias of it (view-like ops, any other memref result of a user, uses in
    nested regions). Its bytes become live piece by piece: a byte from the
    first top-level op that uses an alias whose hull holds it (the bytes a
    static strided layout spans from the alloc's base; the hull of the
    alias it was derived from when the layout is dynamic, the whole buffer
    for unknown ops). Ops that only make views are no uses; deallocations
    are none either. Bytes no use touches are live from the buffer's first
    use. So a buffer whose channel ranges are written at different times
    lends its not-yet-written bytes to other buffers.

    The buffers are placed with best fit at 64-byte-aligned offsets of one
    arena, in several orders (size, live bytes x steps, first use, last
    use), keeping the smallest arena; with `reuse=false` they are laid end
    to end instead (no reuse, arena = unplanned bytes, for comparison). The
    arena is a new argument `memref<Axi8>` at position `arena-index` (added
    even when A is 0; the runtime allocates it once, 64-byte aligned). Each
    alloc becomes a `memref.view` of the arena and its deallocations are
    erased. An alloc inside a region (loop), with a dynamic shape, a
    layout, a memory space or an alignment above 64, or a buffer the
    function returns, is an error.

    The module gets the plan as attributes: `densenet.arena_bytes`,
    `densenet.lower_bound_bytes` (the largest sum of simultaneously live
    bytes, see liveLowerBound in BufferPlanner.h), `densenet.unplanned_bytes`
    (sum of all sizes: no reuse), all i64 with sizes rounded up to 64, and
    `densenet.buffers`, an array of `{name, size, offset, first, last}`
    dictionaries of i64s (name: a string, the alloc's NameLoc, else
    `buffer<N>`; size: exact bytes; first and last: top-level op indices of
    the first and last use), with `pieces`, an array of `{offset, size,
    first}` dictionaries (byte range in the buffer and its first use), when
    parts of the buffer are first used at different steps. With `report`,
    the arena, bound and their ratio are also emitted as a remark on the
    entry function.
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"forward\"",
           "Name of the model's entry function">,
    Option<"arenaIndex", "arena-index", "unsigned", /*default=*/"0",
           "Position of the new arena argument in the entry function">,
    Option<"report", "report", "bool", /*default=*/"false",
           "Emit the arena size, the lower bound and their ratio as a remark">,
    Option<"reuse", "reuse", "bool", /*default=*/"true",
           "Let buffers that are not live together share bytes (false: "
           "every buffer gets its own bytes, for comparison)">
  ];
  let dependentDialects = ["memref::MemRefDialect", "arith::ArithDialect"];
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
    Applies densenetc's transform-dialect schedule: each `densenet.gemm`
    contraction is tiled into register blocks of `tile-m` output channels by
    `tile-p` pixels (pixel blocks outermost, so a block of the input stays
    in cache while every channel block uses it), the remainders are peeled
    so every block is static (a remainder runs as blocks of 16 and 8 pixels
    first), the reduction is tiled by one, and the blocks are vectorized
    into outer products (broadcast + vector.fma) with the accumulators
    hoisted out of the reduction loop. A GEMM tagged
    `densenet.gemm_with_prologue` first gets its pixel loop, into which its
    `densenet.prologue` operand (a layer's BN-ReLU) is fused and vectorized:
    the prologue is computed one pixel block at a time into a small scratch
    tensor and never materialised whole.
  }];
  let options = [
    Option<"tileM", "tile-m", "int64_t", /*default=*/"8",
           "Output channels per register block">,
    Option<"tileP", "tile-p", "int64_t", /*default=*/"32",
           "Pixels per register block">
  ];
}

#endif // DENSENET_CODEGEN_PASSES_TD
