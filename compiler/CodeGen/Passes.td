//===- Passes.td - densenetc code generation passes ------------*- tablegen -*-===//
//
// Passes on bufferized IR that shape the generated code and its interface.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_CODEGEN_PASSES_TD
#define DENSENET_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

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

def DenseNetOutlineKernels : Pass<"densenet-outline-kernels", "ModuleOp"> {
  let summary = "Move each loop nest of the entry function into its own function";
  let description = [{
    After bufferization the model is one function holding a loop nest per
    layer step. This pass moves every top-level op with regions (loop nests,
    linalg ops) into a private `noinline` function that receives the buffers
    it touches, cloning the view-like ops (subviews, reshapes) and constants
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
    generic is tiled into register blocks of `tile-m` output channels by
    `tile-p` pixels, the remainders are peeled so every block is static, the
    reduction is tiled by one, and everything is vectorized.
  }];
  let options = [
    Option<"tileM", "tile-m", "int64_t", /*default=*/"8",
           "Output channels per register block">,
    Option<"tileP", "tile-p", "int64_t", /*default=*/"32",
           "Pixels per register block">
  ];
}

#endif // DENSENET_CODEGEN_PASSES_TD
