//===- DenseNetAttrs.td - attributes passes exchange -----------*- tablegen -*-===//
//
// The attributes by which densenetc's passes talk to each other, declared so
// that they parse, print and verify like any other IR:
//  - `densenet.role`: what a linalg op or loop is to the targets' schedules
//    (a GEMM, a GEMM reading a prologue, a prologue, an epilogue, a
//    channel-parallel reduction, a dot product, a parallel loop, a Winograd
//    step), set by the lowering and the schedules and matched by every
//    target's schedule;
//  - `densenet.buffer_plan`: the static buffer plan that densenet-plan-buffers
//    records on the module for the driver and the memory report.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_ATTRS_TD
#define DENSENET_ATTRS_TD

include "dialects/DenseNet/IR/DenseNetDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

class DenseNet_Attr<string name, string attrMnemonic>
    : AttrDef<DenseNet_Dialect, name> {
  let mnemonic = attrMnemonic;
}

def DenseNet_Role : I32EnumAttr<"Role", "what an op is to the schedules", [
    // A contraction out[n, m, p] += lhs[m, c] * rhs[n, c, p] (a 1x1
    // convolution or one tap of a larger one).
    I32EnumAttrCase<"gemm", 0>,
    // A GEMM whose right-hand operand is the result of a `prologue` and
    // whose result only an `epilogue` reads: the schedules compute the
    // prologue tile by tile inside the GEMM's loops.
    I32EnumAttrCase<"gemm_with_prologue", 1>,
    // An elementwise op (a layer's BN-ReLU) that only feeds a GEMM.
    I32EnumAttrCase<"prologue", 2>,
    // A window or global reduction (pooling, the global average pool, and
    // the fill of its initial value), or a pass over a whole feature map (the
    // stem convolution's BN-ReLU epilogue, the fills of a zero border), whose
    // channels are independent. (A convolution's accumulator fill has no
    // role: the CPU schedule fuses it into the GEMM's register blocks.)
    I32EnumAttrCase<"channel_parallel", 3>,
    // A loop whose iterations write disjoint data and may run concurrently.
    I32EnumAttrCase<"parallel_loop", 4>,
    // A contraction out[n, m, p] += lhs[n, m, c] * rhs[n, c, p] over a batch
    // of independent GEMMs (the 36 of a Winograd convolution).
    I32EnumAttrCase<"batched_gemm", 5>,
    // An all-parallel rank-4 generic that combines whole rows: contiguous
    // along its last dimension, independent along its first (a Winograd
    // transform step, a row step of the stem's max pool).
    I32EnumAttrCase<"row_transform", 6>,
    // A rank-5 transpose whose last dimension is a group of adjacent pixels
    // moved to or from as many rows, and whose dimension 3 runs along those
    // rows (Winograd's deinterleave and interleave of 4, the max pool's
    // even and odd columns).
    I32EnumAttrCase<"lane_transpose", 7>,
    // A contraction out[n, m] += x[n, c] * W[m, c] whose reduction runs
    // along the last, contiguous dimension of both operands, a multiple of
    // 16 long (the classifier): one output per pixel, so there are no
    // pixels to vectorize along.
    I32EnumAttrCase<"dot_product", 8>,
    // An all-parallel (n, m, p) op that updates a `gemm_with_prologue`'s
    // result in place (a dense layer's BN-ReLU after its 1x1 convolution,
    // which also zeroes the junk columns of the pitched rows): the CPU
    // schedule tiles the GEMM through it and computes it on each register
    // block before the block is stored.
    I32EnumAttrCase<"epilogue", 9>]> {
  let cppNamespace = "::mlir::densenet";
  let genSpecializedAttr = 0;
}

def DenseNet_RoleAttr : EnumAttr<DenseNet_Dialect, DenseNet_Role, "role"> {
  let summary = "What an op is to the targets' schedules";
  let assemblyFormat = "`<` $value `>`";
}

def DenseNet_BufferPieceAttr : DenseNet_Attr<"BufferPiece", "piece"> {
  let summary = "Bytes of a planned buffer first used at a later step";
  let description = [{
    Bytes [offset, offset + size) of a buffer, first used at top-level step
    `first` of the entry function.
  }];
  let parameters = (ins "int64_t":$offset, "int64_t":$size, "int64_t":$first);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def DenseNet_PlannedBufferAttr : DenseNet_Attr<"PlannedBuffer", "buffer"> {
  let summary = "One intermediate buffer of a static buffer plan";
  let description = [{
    A buffer of `size` bytes at byte `offset` of the arena, live from
    top-level step `first` to step `last` of the entry function (inclusive).
    `pieces` lists the byte ranges that are first used after `first`, when
    the buffer is written part by part (a dense block's channel ranges).
  }];
  let parameters = (ins
    StringRefParameter<"the buffer's name">:$name,
    "int64_t":$size,
    "int64_t":$offset,
    "int64_t":$first,
    "int64_t":$last,
    OptionalArrayRefParameter<"BufferPieceAttr">:$pieces
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def DenseNet_BufferPlanAttr : DenseNet_Attr<"BufferPlan", "buffer_plan"> {
  let summary = "The static plan of every intermediate buffer in one arena";
  let description = [{
    Recorded on the module by `densenet-plan-buffers`: the arena's size, the
    lower bound on any arena for this schedule (the largest sum of
    simultaneously live bytes), the bytes the buffers take without reuse,
    the most scratch bytes one iteration of a parallel loop keeps on its
    thread's stack (outside the arena; omitted when 0), and every buffer
    with its offset in the arena. All sizes in bytes.
  }];
  let parameters = (ins
    "int64_t":$arenaBytes,
    "int64_t":$lowerBoundBytes,
    "int64_t":$unplannedBytes,
    DefaultValuedParameter<"int64_t", "0">:$threadScratchBytes,
    OptionalArrayRefParameter<"PlannedBufferAttr">:$buffers
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

#endif // DENSENET_ATTRS_TD
