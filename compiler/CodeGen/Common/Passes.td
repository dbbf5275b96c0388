//===- Passes.td - code generation shared by every target -*- tablegen -*-===//
//
// Target-neutral code generation: elementwise fusion, bufferization, static
// buffer planning and weight outlining, which every backend runs.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CODEGEN_COMMON_PASSES_TD
#define DENSENET_CODEGEN_COMMON_PASSES_TD

include "mlir/Pass/PassBase.td"

def DenseNetFuseElementwise
    : Pass<"densenet-fuse-elementwise", "func::FuncOp"> {
  let summary = "Fuse chains of elementwise linalg ops (e.g. BN then ReLU)";
  let description = [{
    Applies upstream elementwise fusion only where the producer is an
    all-parallel `linalg.generic` with a single user and the consumer a
    `linalg.generic` over the producer's whole iteration space, so a batch
    norm and the ReLU after it make one pass over the feature map while
    per-channel values (the batch norm's scale and shift) are still
    computed once per channel. The consumer may reduce what it reads (the
    final BN-ReLU into the global average pool); that fused op keeps the
    consumer's attributes (its `densenet.role`), which upstream's pattern
    drops. Unlike `linalg-fuse-elementwise-ops`, it leaves reshapes and the
    GEMMs alone.

    Upstream's patterns also replace an init that the payload never reads
    with a `tensor.empty`. Where the op's result (through `collapse_shape`s)
    is then inserted into a larger tensor, the init becomes the inserted
    slice of the destination again, so that bufferization computes the op
    in place instead of copying its result into the destination.
  }];
  let dependentDialects = ["linalg::LinalgDialect", "tensor::TensorDialect"];
}

def DenseNetFoldConstantGenerics
    : Pass<"densenet-fold-constant-generics", "func::FuncOp"> {
  let summary = "Compute weight-only elementwise ops at compile time";
  let description = [{
    Evaluates each elementwise `linalg.generic` computed from constants
    alone (a batch norm's per-channel scale and shift, from its weights)
    into a constant, when its result has at most `max-elements` elements
    (larger results would grow the weight blob): its f32 body of arith and
    math ops (add, sub, mul, div, neg, maximum, minimum, sqrt, rsqrt, fma),
    element by element. Slices of constants become constants only where
    such an op reads them (upstream's constant extract_slice folding).
    Each such op would otherwise run on every inference: on the GPU, as a
    kernel launch of its own. (Upstream's linalg constant folding only
    folds transposes.)
  }];
  let options = [
    Option<"maxElements", "max-elements", "int64_t", /*default=*/"65536",
           "Largest result, in elements, folded into a constant">
  ];
  let dependentDialects = ["arith::ArithDialect", "linalg::LinalgDialect"];
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

    The module gets the plan as `densenet.buffer_plan`
    (#densenet.buffer_plan, DenseNetAttrs.td): `arenaBytes`,
    `lowerBoundBytes` (the largest sum of simultaneously live bytes, see
    liveLowerBound in BufferPlanner.h), `unplannedBytes` (sum of all sizes:
    no reuse), sizes rounded up to 64, `threadScratchBytes` (the most bytes
    of static `memref.alloca`s directly in one `scf.parallel` body: the
    scratch each thread keeps on its stack, outside the arena), and
    `buffers`, one `{name, size, offset, first, last}` per buffer (name: the
    alloc's NameLoc, else `buffer<N>`; size: exact bytes; first and last:
    top-level op indices of the first and last use), with `pieces` (offset,
    size and first use of a byte range of the buffer) when parts of the
    buffer are first used at different steps. With `report`,
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
  let dependentDialects = [
    "densenet::DenseNetDialect", "memref::MemRefDialect", "arith::ArithDialect"
  ];
}

#endif // DENSENET_CODEGEN_COMMON_PASSES_TD
