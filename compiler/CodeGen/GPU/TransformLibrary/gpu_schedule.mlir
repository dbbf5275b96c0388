// gpu_schedule.mlir - densenetc's NVIDIA GPU schedule as a transform library.
//
// `densenet-gpu-schedule` embeds this file at build time and applies
// @densenet_gpu_kernel once per kernel root on linalg on tensors;
// `densenet-gpu-map-forall` applies @densenet_gpu_map to the bufferized
// module. The library also runs on its own with upstream's passes
//   --transform-preload-library="transform-library-paths=<this file>"
//   --transform-interpreter
// from an entry sequence in the payload file, as
// test/CodeGen/gpu-schedule-library.mlir does.
//
// A kernel computes one convolution: the destination chain of a fill, the
// GEMMs (one per kernel tap, role `gemm`, or one 1x1 GEMM with role
// `gemm_with_prologue` that reads a BN-ReLU `prologue`) and the epilogue
// (folded BN, bias, ReLU) when there is one. Its root is the chain's last
// op. GEMM loops are (n, m, p, c): batch, output channel, pixel, input
// channel; fills and epilogues are (n, m, p).
//
// Blocks compute 32 output channels x 64 pixels with 8 x 16 threads; the
// thread loops use num_threads, so their trip counts stay static on the
// partial tiles at the edges, as the thread mapping requires.

module attributes {transform.with_named_sequence} {

  // Distributes an (n, m, p) op of a block's tile over the block's 8 x 16
  // threads.
  transform.named_sequence @densenet_gpu_distribute_tile(
      %op: !transform.any_op {transform.consumed}) {
    %tiled, %threads = transform.structured.tile_using_forall %op
        num_threads [0, 8, 16]
        (mapping = [#gpu.thread<y>, #gpu.thread<x>])
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }

  // A GEMM of a block: a loop over slices of 16 input channels, each slice
  // distributed over the threads, each thread accumulating its own outputs.
  transform.named_sequence @densenet_gpu_gemm(
      %gemm: !transform.any_op {transform.consumed}) {
    %step, %kloop = transform.structured.tile_using_for %gemm
        tile_sizes [0, 0, 0, 16]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.include @densenet_gpu_distribute_tile failures(propagate)
        (%step) : (!transform.any_op) -> ()
    transform.yield
  }

  // A GEMM with role gemm_with_prologue in the block loop %kernel: its
  // BN-ReLU prologue is fused into the loop over input-channel slices and
  // computed, one 16-channel x 64-pixel slice at a time (the whole input
  // when it has at most 16 channels), by all the threads into a tile of
  // the block's workgroup memory, which the GEMM's threads then read.
  transform.named_sequence @densenet_gpu_gemm_with_prologue(
      %gemm: !transform.any_op {transform.consumed},
      %kernel: !transform.any_op {transform.readonly}) {
    // The GEMM, fused into the block, reads a slice of the prologue.
    %slice = transform.get_producer_of_operand %gemm[1]
        : (!transform.any_op) -> !transform.any_op
    %prologue = transform.get_producer_of_operand %slice[0]
        : (!transform.any_op) -> !transform.any_op
    %inblock, %kernel2 = transform.structured.fuse_into_containing_op
        %prologue into %kernel
        : (!transform.any_op, !transform.any_op)
        -> (!transform.any_op, !transform.any_op)
    %step, %kloop = transform.structured.tile_using_for %gemm
        tile_sizes [0, 0, 0, 16]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    %inslice, %kloop2 = transform.structured.fuse_into_containing_op
        %inblock into %kloop
        : (!transform.any_op, !transform.any_op)
        -> (!transform.any_op, !transform.any_op)
    transform.include @densenet_gpu_distribute_tile failures(propagate)
        (%step) : (!transform.any_op) -> ()
    // The prologue slice's destination, a slice of a slice of a
    // tensor.empty, becomes a tensor.empty of the slice's size: a tile that
    // densenet-gpu-tile-buffers puts in the block's workgroup memory.
    transform.apply_patterns to %kernel {
      transform.apply_patterns.tensor.fold_tensor_empty
    } : !transform.any_op
    transform.apply_dce to %kernel : !transform.any_op
    %prologueslice = transform.structured.match ops{["linalg.generic"]}
        attributes{densenet.role = #densenet.role<prologue>} in %kernel
        : (!transform.any_op) -> !transform.any_op
    %slicetiles, %slicethreads = transform.structured.tile_using_forall
        %prologueslice num_threads [0, 8, 16]
        (mapping = [#gpu.thread<y>, #gpu.thread<x>])
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }

  // One kernel: the loop over output tiles mapped to blocks, with %root's
  // destination chain %chain fused into it.
  transform.named_sequence @densenet_gpu_kernel(
      %root: !transform.any_op {transform.consumed},
      %chain: !transform.any_op {transform.consumed}) {
    %tiled, %blocks = transform.structured.tile_using_forall %root
        tile_sizes [1, 32, 64]
        (mapping = [#gpu.block<z>, #gpu.block<y>, #gpu.block<x>])
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    %fused, %kernel = transform.structured.fuse_into_containing_op
        %chain into %blocks
        : (!transform.any_op, !transform.any_op)
        -> (!transform.any_op, !transform.any_op)
    // Fills and the epilogue, matched before any prologue joins the block.
    %elementwise = transform.structured.match
        ops{["linalg.fill", "linalg.generic"]} in %kernel
        : (!transform.any_op) -> !transform.any_op
    // Fusion first, while the block is small: fuse_into_containing_op
    // prints (and so verifies) the containing op into a diagnostic for every
    // producer it fuses.
    %pgemms = transform.structured.match ops{["linalg.contract"]}
        attributes{densenet.role = #densenet.role<gemm_with_prologue>}
        in %kernel : (!transform.any_op) -> !transform.any_op
    transform.foreach %pgemms : !transform.any_op {
    ^bb0(%gemm: !transform.any_op):
      transform.include @densenet_gpu_gemm_with_prologue failures(propagate)
          (%gemm, %kernel) : (!transform.any_op, !transform.any_op) -> ()
    }
    %gemms = transform.structured.match ops{["linalg.contract"]}
        attributes{densenet.role = #densenet.role<gemm>}
        in %kernel : (!transform.any_op) -> !transform.any_op
    transform.foreach %gemms : !transform.any_op {
    ^bb0(%gemm: !transform.any_op):
      transform.include @densenet_gpu_gemm failures(propagate)
          (%gemm) : (!transform.any_op) -> ()
    }
    transform.foreach %elementwise : !transform.any_op {
    ^bb0(%op: !transform.any_op):
      transform.include @densenet_gpu_distribute_tile failures(propagate)
          (%op) : (!transform.any_op) -> ()
    }
    transform.yield
  }

  // On the bufferized module: each block loop becomes a gpu.launch of
  // 16 x 8 threads, its thread loops thread ids with a barrier after each.
  transform.named_sequence @densenet_gpu_map(
      %root: !transform.any_op {transform.readonly}) {
    %blockloops = transform.structured.match ops{["scf.forall"]}
        attributes{mapping = [#gpu.block<z>, #gpu.block<y>, #gpu.block<x>]}
        in %root : (!transform.any_op) -> !transform.any_op
    transform.foreach %blockloops : !transform.any_op {
    ^bb0(%blockloop: !transform.any_op):
      %launch = transform.gpu.map_forall_to_blocks %blockloop
          generate_gpu_launch : (!transform.any_op) -> !transform.any_op
      %mapped = transform.gpu.map_nested_forall_to_threads %launch
          block_dims = [16, 8, 1] : (!transform.any_op) -> !transform.any_op
    }
    transform.yield
  }
}
