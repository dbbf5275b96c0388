//===- CPUSchedule.cpp - transform-dialect schedule for CPU GEMMs ---------===//
//
// Implements `densenet-cpu-schedule`: builds densenetc's transform script for
// the `densenet.gemm` contractions and applies it with the transform
// interpreter.
//
//===----------------------------------------------------------------------===//

#include "compiler/CodeGen/CPU/Passes.h"
#include "dialects/DenseNet/IR/DenseNetDialect.h"

#include "mlir/Dialect/Transform/IR/TransformDialect.h"
#include "mlir/Dialect/Transform/Interfaces/TransformInterfaces.h"
#include "mlir/Dialect/Transform/Transforms/TransformInterpreterUtils.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::densenet {
#define GEN_PASS_DEF_DENSENETCPUSCHEDULE
#include "compiler/CodeGen/CPU/Passes.h.inc"
} // namespace mlir::densenet

using namespace mlir;

namespace {

/// The schedule, on tensors. {0} = channels per block, {1} = pixels per block.
/// GEMM loops are (n, m, p, c): batch, output channel, pixel, reduction.
constexpr const char *kScheduleTemplate = R"mlir(
module attributes {{transform.with_named_sequence} {{
  // Peels the partial block off a loop over pixel blocks of {1}; the GEMMs
  // of a remainder run as blocks of 16 and 8 pixels first, as odd vector
  // widths legalize into shuffles and spills. Fails where a loop divides
  // evenly.
  transform.named_sequence @peel_pixel_blocks(
      %loop: !transform.any_op {{transform.readonly}) {{
    %loopfor = transform.cast %loop
        : !transform.any_op to !transform.op<"scf.for">
    %main, %rest = transform.loop.peel %loopfor
        : (!transform.op<"scf.for">) -> (!transform.any_op, !transform.any_op)
    transform.foreach %rest : !transform.any_op {{
    ^bb0(%rest32: !transform.any_op):
      %narrow = transform.structured.match ops{{["linalg.contract"]}
          in %rest32 : (!transform.any_op) -> !transform.any_op
      %t16, %l16 = transform.structured.tile_using_for %narrow
          tile_sizes [0, 0, 16, 0]
          : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
      %l16for = transform.cast %l16
          : !transform.any_op to !transform.op<"scf.for">
      %main16, %rest16 = transform.loop.peel %l16for
          : (!transform.op<"scf.for">) -> (!transform.any_op, !transform.any_op)
      transform.foreach %rest16 : !transform.any_op {{
      ^bb1(%rest8: !transform.any_op):
        %narrower = transform.structured.match ops{{["linalg.contract"]}
            in %rest8 : (!transform.any_op) -> !transform.any_op
        %t8, %l8 = transform.structured.tile_using_for %narrower
            tile_sizes [0, 0, 8, 0]
            : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
        %l8for = transform.cast %l8
            : !transform.any_op to !transform.op<"scf.for">
        %main8, %tail = transform.loop.peel %l8for
            : (!transform.op<"scf.for">) -> (!transform.any_op, !transform.any_op)
      }
    }
    transform.yield
  }

  transform.named_sequence @__transform_main(
      %root: !transform.any_op {{transform.readonly}) {{
    %funcs = transform.structured.match ops{{["func.func"]} in %root
        : (!transform.any_op) -> !transform.any_op
    %parallel = transform.param.constant #densenet.role<parallel_loop>
        -> !transform.any_param
    // GEMMs that read an elementwise prologue: tile their pixels first and
    // compute the prologue's tile inside that loop, so that it is never
    // materialised whole.
    %pgemms = transform.structured.match ops{{["linalg.contract"]}
        attributes{{densenet.role = #densenet.role<gemm_with_prologue>} in %root
        : (!transform.any_op) -> !transform.any_op
    %pixelloops = transform.foreach %pgemms : !transform.any_op
        -> !transform.any_op {{
    ^bb0(%gemm: !transform.any_op):
      %prologue = transform.get_producer_of_operand %gemm[1]
          : (!transform.any_op) -> !transform.any_op
      %gemmtile, %pixelloop = transform.structured.tile_using_for %gemm
          tile_sizes [0, 0, {1}, 0]
          : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
      %fused, %fusedloop = transform.structured.fuse_into_containing_op
          %prologue into %pixelloop
          : (!transform.any_op, !transform.any_op)
          -> (!transform.any_op, !transform.any_op)
      transform.annotate %fusedloop "densenet.role" = %parallel
        : !transform.any_op, !transform.any_param
      transform.yield %fusedloop : !transform.any_op
    }
    transform.foreach %pixelloops : !transform.any_op {{
    ^bb0(%pixelloop: !transform.any_op):
      transform.include @peel_pixel_blocks failures(suppress) (%pixelloop)
          : (!transform.any_op) -> ()
    }
    // A prologue's tile of its tensor.empty becomes a small tensor.empty,
    // a tile-sized scratch buffer.
    transform.apply_patterns to %funcs {{
      transform.apply_patterns.tensor.fold_tensor_empty
      transform.apply_patterns.canonicalization
    } : !transform.any_op
    %prologues = transform.structured.match ops{{["linalg.generic"]}
        attributes{{densenet.role = #densenet.role<prologue>} in %root
        : (!transform.any_op) -> !transform.any_op
    %prologuerows, %prologueloops:2 = transform.structured.tile_using_for
        %prologues tile_sizes [1, 1, 0]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op,
                                  !transform.any_op)
    transform.structured.vectorize %prologuerows : !transform.any_op
    // Pooling, the global average pool and the classifier: one parallel
    // loop over blocks of {0} channels (dimension 1).
    %reductions = transform.structured.match ops{{["linalg.generic"]}
        attributes{{densenet.role = #densenet.role<channel_parallel>} in %root
        : (!transform.any_op) -> !transform.any_op
    %channelblocks, %channelloops = transform.structured.tile_using_for
        %reductions tile_sizes [0, {0}]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.annotate %channelloops "densenet.role" = %parallel
        : !transform.any_op, !transform.any_param
    %plaingemms = transform.structured.match ops{{["linalg.contract"]}
        attributes{{densenet.role = #densenet.role<gemm>} in %root
        : (!transform.any_op) -> !transform.any_op
    %prologuegemms = transform.structured.match ops{{["linalg.contract"]}
        attributes{{densenet.role = #densenet.role<gemm_with_prologue>} in %root
        : (!transform.any_op) -> !transform.any_op
    %gemms = transform.merge_handles %plaingemms, %prologuegemms : !transform.any_op
    %tiled, %loops:3 = transform.structured.tile_using_for %gemms
        tile_sizes [1, {0}, {1}] interchange = [0, 2, 1]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op,
                                  !transform.any_op, !transform.any_op)
    // Pixel blocks write disjoint pixels: densenet-parallelize-loops runs
    // them in parallel after bufferization.
    transform.annotate %loops#1 "densenet.role" = %parallel
        : !transform.any_op, !transform.any_param
    // Peel partial blocks off, inner loop first; loops that divide evenly
    // have none.
    transform.sequence %root : !transform.any_op failures(suppress) {{
    ^bb0(%unused: !transform.any_op):
      %mloops = transform.cast %loops#2
          : !transform.any_op to !transform.op<"scf.for">
      %mmain, %mrest = transform.loop.peel %mloops
          : (!transform.op<"scf.for">) -> (!transform.any_op, !transform.any_op)
    }
    transform.foreach %loops#1 : !transform.any_op {{
    ^bb0(%ploop: !transform.any_op):
      transform.include @peel_pixel_blocks failures(suppress) (%ploop)
          : (!transform.any_op) -> ()
    }
    transform.apply_patterns to %funcs {{
      transform.apply_patterns.canonicalization
    } : !transform.any_op
    // A GEMM with a prologue also marks its channel-block loop: where the
    // feature map is a single pixel block, those channels run in parallel.
    %pblocks = transform.structured.match ops{{["linalg.contract"]}
        attributes{{densenet.role = #densenet.role<gemm_with_prologue>} in %root
        : (!transform.any_op) -> !transform.any_op
    %channelblockloops = transform.get_parent_op %pblocks
        {{op_name = "scf.for", deduplicate, allow_empty_results}
        : (!transform.any_op) -> !transform.any_op
    transform.annotate %channelblockloops "densenet.role" = %parallel
        : !transform.any_op, !transform.any_param
    %plainblocks = transform.structured.match ops{{["linalg.contract"]}
        attributes{{densenet.role = #densenet.role<gemm>} in %root
        : (!transform.any_op) -> !transform.any_op
    %prologueblocks = transform.structured.match ops{{["linalg.contract"]}
        attributes{{densenet.role = #densenet.role<gemm_with_prologue>} in %root
        : (!transform.any_op) -> !transform.any_op
    %blocks = transform.merge_handles %plainblocks, %prologueblocks : !transform.any_op
    %steps, %kloops = transform.structured.tile_using_for %blocks
        tile_sizes [0, 0, 0, 1]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.structured.vectorize %steps {{create_named_contraction} : !transform.any_op
    transform.apply_patterns to %funcs {{
      transform.apply_patterns.vector.reduction_to_contract
      transform.apply_patterns.vector.cast_away_vector_leading_one_dim
      transform.apply_patterns.canonicalization
    } : !transform.any_op
    %kloops2 = transform.structured.match ops{{["scf.for"]} in %root
        : (!transform.any_op) -> !transform.any_op
    transform.loop.hoist_loop_invariant_subsets %kloops2 : !transform.any_op
    transform.apply_patterns to %funcs {{
      transform.apply_patterns.vector.lower_contraction
          lowering_strategy = "outerproduct"
      transform.apply_patterns.vector.lower_outerproduct
      transform.apply_patterns.vector.transfer_permutation_patterns
      transform.apply_patterns.vector.transfer_to_scf max_transfer_rank = 1
          full_unroll = true
      transform.apply_patterns.vector.lower_transfer max_transfer_rank = 1
      transform.apply_patterns.vector.lower_shape_cast
      transform.apply_patterns.vector.lower_broadcast
    } : !transform.any_op
    transform.yield
  }
}
)mlir";

struct CPUSchedulePass
    : densenet::impl::DenseNetCPUScheduleBase<CPUSchedulePass> {
  using Base::Base;

  void runOnOperation() override {
    std::string script = llvm::formatv(kScheduleTemplate, tileM, tileP).str();
    OwningOpRef<ModuleOp> schedule =
        parseSourceString<ModuleOp>(script, &getContext());
    if (!schedule)
      return signalPassFailure();
    Operation *entry = transform::detail::findTransformEntryPoint(
        getOperation(), *schedule);
    if (!entry ||
        failed(transform::applyTransformNamedSequence(
            getOperation(), entry, *schedule,
            transform::TransformOptions().enableExpensiveChecks(false))))
      signalPassFailure();
  }

  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<transform::TransformDialect, densenet::DenseNetDialect>();
  }
};

} // namespace
