// cpu_schedule.mlir - densenetc's CPU schedule as a transform library.
//
// `densenet-cpu-schedule` embeds this file at build time and applies
// @densenet_cpu_schedule to the payload module, binding its tile-m and tile-p
// options to %tile_m and %tile_p. The library also runs on its own with
// upstream's passes:
//   --transform-preload-library="transform-library-paths=<this file>"
//   --transform-interpreter[="entry-point=<sequence>"]
// from an entry sequence (@__transform_main unless named) in the payload
// file that includes @densenet_cpu_schedule with its own tile params, as
// test/CodeGen/cpu-schedule-library.mlir does.
//
// The schedule finds its ops by the roles (`densenet.role`, declared in
// dialects/DenseNet/IR/DenseNetAttrs.td) that densenetc's lowering puts on
// them. Each role is matched in exactly one place, the @densenet_match_*
// sequence named after it, and the loops it marks parallel get role
// parallel_loop from @densenet_mark_parallel only.
//
// GEMM loops are (n, m, p, c): batch, output channel, pixel, reduction.
// `transform.structured.tile_using_for` wants one value of a param tile size
// per target op, so ops tiled by %tile_m or %tile_p are tiled one at a time
// in a `transform.foreach`.

module attributes {transform.with_named_sequence} {

  //===--------------------------------------------------------------------===//
  // Marker roles
  //===--------------------------------------------------------------------===//

  // Roles gemm and gemm_with_prologue: every GEMM, tiled into register
  // blocks.
  transform.named_sequence @densenet_match_gemms(
      %root: !transform.any_op {transform.readonly}) -> !transform.any_op {
    %plain = transform.include @densenet_match_plain_gemms failures(propagate)
        (%root) : (!transform.any_op) -> !transform.any_op
    %with_prologue = transform.include @densenet_match_gemms_with_prologue
        failures(propagate) (%root)
        : (!transform.any_op) -> !transform.any_op
    %ops = transform.merge_handles %plain, %with_prologue : !transform.any_op
    transform.yield %ops : !transform.any_op
  }

  // Role gemm: the GEMMs that are not fused into an epilogue.
  transform.named_sequence @densenet_match_plain_gemms(
      %root: !transform.any_op {transform.readonly}) -> !transform.any_op {
    %ops = transform.structured.match ops{["linalg.contract"]}
        attributes{densenet.role = #densenet.role<gemm>} in %root
        : (!transform.any_op) -> !transform.any_op
    transform.yield %ops : !transform.any_op
  }

  // Role gemm_with_prologue: a GEMM whose input operand (1) is produced by an
  // elementwise prologue, to be fused into the GEMM's pixel loop.
  transform.named_sequence @densenet_match_gemms_with_prologue(
      %root: !transform.any_op {transform.readonly}) -> !transform.any_op {
    %ops = transform.structured.match ops{["linalg.contract"]}
        attributes{densenet.role = #densenet.role<gemm_with_prologue>} in %root
        : (!transform.any_op) -> !transform.any_op
    transform.yield %ops : !transform.any_op
  }

  // A structured op over 128 to 511 pixels (dimension 2): fewer than 16
  // blocks of the default 32 pixels, too few to share out evenly among
  // threads, as at 14x14 (7 blocks), but at least 8 blocks of 16.
  transform.named_sequence @densenet_match_narrow(
      %op: !transform.any_op {transform.readonly}) -> !transform.any_op {
    %narrow = transform.match.structured failures(propagate) %op
        : (!transform.any_op) -> !transform.any_op {
    ^bb0(%structured: !transform.any_op):
      %pixels = transform.match.structured.dim %structured[2]
          : (!transform.any_op) -> !transform.param<i64>
      %least = transform.param.constant 128 : i64 -> !transform.param<i64>
      %limit = transform.param.constant 512 : i64 -> !transform.param<i64>
      transform.match.param.cmpi ge %pixels, %least : !transform.param<i64>
      transform.match.param.cmpi lt %pixels, %limit : !transform.param<i64>
      transform.match.structured.yield %structured : !transform.any_op
    }
    transform.yield %narrow : !transform.any_op
  }

  // A structured op over fewer than 128 pixels (dimension 2), as at 7x7: a
  // block or two, whose channel blocks run in parallel instead.
  transform.named_sequence @densenet_match_tiny(
      %op: !transform.any_op {transform.readonly}) -> !transform.any_op {
    %tiny = transform.match.structured failures(propagate) %op
        : (!transform.any_op) -> !transform.any_op {
    ^bb0(%structured: !transform.any_op):
      %pixels = transform.match.structured.dim %structured[2]
          : (!transform.any_op) -> !transform.param<i64>
      %limit = transform.param.constant 128 : i64 -> !transform.param<i64>
      transform.match.param.cmpi lt %pixels, %limit : !transform.param<i64>
      transform.match.structured.yield %structured : !transform.any_op
    }
    transform.yield %tiny : !transform.any_op
  }

  // A structured op over 512 pixels or more (dimension 2).
  transform.named_sequence @densenet_match_wide(
      %op: !transform.any_op {transform.readonly}) -> !transform.any_op {
    %wide = transform.match.structured failures(propagate) %op
        : (!transform.any_op) -> !transform.any_op {
    ^bb0(%structured: !transform.any_op):
      %pixels = transform.match.structured.dim %structured[2]
          : (!transform.any_op) -> !transform.param<i64>
      %limit = transform.param.constant 512 : i64 -> !transform.param<i64>
      transform.match.param.cmpi ge %pixels, %limit : !transform.param<i64>
      transform.match.structured.yield %structured : !transform.any_op
    }
    transform.yield %wide : !transform.any_op
  }

  // Role epilogue: the in-place BN-ReLU after a gemm_with_prologue, the root
  // through which that GEMM is tiled, so that it runs on each register block.
  transform.named_sequence @densenet_match_epilogues(
      %root: !transform.any_op {transform.readonly}) -> !transform.any_op {
    %ops = transform.structured.match ops{["linalg.generic"]}
        attributes{densenet.role = #densenet.role<epilogue>} in %root
        : (!transform.any_op) -> !transform.any_op
    transform.yield %ops : !transform.any_op
  }

  // Role prologue: an elementwise prologue (a layer's BN-ReLU), vectorized row by row.
  transform.named_sequence @densenet_match_prologues(
      %root: !transform.any_op {transform.readonly}) -> !transform.any_op {
    %ops = transform.structured.match ops{["linalg.generic"]}
        attributes{densenet.role = #densenet.role<prologue>} in %root
        : (!transform.any_op) -> !transform.any_op
    transform.yield %ops : !transform.any_op
  }

  // Role channel_parallel: an op whose channels (dimension 1) run in
  // parallel: pooling, the global average pool (and their initial fills),
  // the stem convolution's epilogue, the fills of a zero border.
  transform.named_sequence @densenet_match_channel_parallel(
      %root: !transform.any_op {transform.readonly}) -> !transform.any_op {
    %ops = transform.structured.match ops{["linalg.generic", "linalg.fill"]}
        attributes{densenet.role = #densenet.role<channel_parallel>} in %root
        : (!transform.any_op) -> !transform.any_op
    transform.yield %ops : !transform.any_op
  }

  // Role dot_product: out[n, m] += x[n, c] * W[m, c] (the classifier), c a
  // multiple of 16.
  transform.named_sequence @densenet_match_dot_products(
      %root: !transform.any_op {transform.readonly}) -> !transform.any_op {
    %ops = transform.structured.match ops{["linalg.generic"]}
        attributes{densenet.role = #densenet.role<dot_product>} in %root
        : (!transform.any_op) -> !transform.any_op
    transform.yield %ops : !transform.any_op
  }

  // Role batched_gemm: a batch of independent GEMMs (Winograd's 36).
  transform.named_sequence @densenet_match_batched_gemms(
      %root: !transform.any_op {transform.readonly}) -> !transform.any_op {
    %ops = transform.structured.match ops{["linalg.contract"]}
        attributes{densenet.role = #densenet.role<batched_gemm>} in %root
        : (!transform.any_op) -> !transform.any_op
    transform.yield %ops : !transform.any_op
  }

  // Role row_transform: a rank-4 generic combining whole contiguous rows.
  transform.named_sequence @densenet_match_row_transforms(
      %root: !transform.any_op {transform.readonly}) -> !transform.any_op {
    %ops = transform.structured.match ops{["linalg.generic"]}
        attributes{densenet.role = #densenet.role<row_transform>} in %root
        : (!transform.any_op) -> !transform.any_op
    transform.yield %ops : !transform.any_op
  }

  // Role lane_transpose: a rank-5 transpose of groups of adjacent pixels.
  transform.named_sequence @densenet_match_lane_transposes(
      %root: !transform.any_op {transform.readonly}) -> !transform.any_op {
    %ops = transform.structured.match ops{["linalg.generic"]}
        attributes{densenet.role = #densenet.role<lane_transpose>} in %root
        : (!transform.any_op) -> !transform.any_op
    transform.yield %ops : !transform.any_op
  }

  // Role parallel_loop: a loop whose iterations write disjoint data, which
  // densenet-parallelize-loops runs in parallel after bufferization.
  transform.named_sequence @densenet_mark_parallel(
      %loops: !transform.any_op {transform.readonly}) {
    %role = transform.param.constant #densenet.role<parallel_loop>
        -> !transform.any_param
    transform.annotate %loops "densenet.role" = %role
        : !transform.any_op, !transform.any_param
    transform.yield
  }

  //===--------------------------------------------------------------------===//
  // The schedule
  //===--------------------------------------------------------------------===//

  // The ops through which GEMMs are tiled into register blocks: the
  // epilogues (which fuse their GEMMs) and the plain GEMMs.
  transform.named_sequence @densenet_match_register_roots(
      %root: !transform.any_op {transform.readonly}) -> !transform.any_op {
    %epilogues = transform.include @densenet_match_epilogues
        failures(propagate) (%root) : (!transform.any_op) -> !transform.any_op
    %gemms = transform.include @densenet_match_plain_gemms failures(propagate)
        (%root) : (!transform.any_op) -> !transform.any_op
    %roots = transform.merge_handles %epilogues, %gemms : !transform.any_op
    transform.yield %roots : !transform.any_op
  }

  // The ops through which a pixel block's GEMMs are tiled: the register
  // roots and the batched GEMMs.
  transform.named_sequence @densenet_match_tile_roots(
      %block: !transform.any_op {transform.readonly}) -> !transform.any_op {
    %registerroots = transform.include @densenet_match_register_roots
        failures(propagate) (%block) : (!transform.any_op) -> !transform.any_op
    %batched = transform.include @densenet_match_batched_gemms
        failures(propagate) (%block) : (!transform.any_op) -> !transform.any_op
    %roots = transform.merge_handles %registerroots, %batched
        : !transform.any_op
    transform.yield %roots : !transform.any_op
  }

  // Peels the partial block off a loop over pixel blocks of tile-p; the GEMMs
  // of a remainder (through their epilogues) run as blocks of 16 and 8
  // pixels first, as odd vector widths legalize into shuffles and spills.
  // Fails where a loop divides evenly.
  transform.named_sequence @densenet_peel_pixel_blocks(
      %loop: !transform.any_op {transform.readonly}) {
    %loopfor = transform.cast %loop
        : !transform.any_op to !transform.op<"scf.for">
    %main, %rest = transform.loop.peel %loopfor
        : (!transform.op<"scf.for">) -> (!transform.any_op, !transform.any_op)
    transform.foreach %rest : !transform.any_op {
    ^bb0(%rest32: !transform.any_op):
      %narrow = transform.include @densenet_match_tile_roots
          failures(propagate) (%rest32)
          : (!transform.any_op) -> !transform.any_op
      %t16, %l16 = transform.structured.fuse %narrow tile_sizes [0, 0, 16]
          : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
      %l16for = transform.cast %l16
          : !transform.any_op to !transform.op<"scf.for">
      %main16, %rest16 = transform.loop.peel %l16for
          : (!transform.op<"scf.for">) -> (!transform.any_op, !transform.any_op)
      transform.foreach %rest16 : !transform.any_op {
      ^bb1(%rest8: !transform.any_op):
        %narrower = transform.include @densenet_match_tile_roots
            failures(propagate) (%rest8)
            : (!transform.any_op) -> !transform.any_op
        %t8, %l8 = transform.structured.fuse %narrower tile_sizes [0, 0, 8]
            : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
        %l8for = transform.cast %l8
            : !transform.any_op to !transform.op<"scf.for">
        %main8, %tail = transform.loop.peel %l8for
            : (!transform.op<"scf.for">) -> (!transform.any_op, !transform.any_op)
      }
    }
    transform.yield
  }

  // The epilogue of a GEMM with role gemm_with_prologue, its pixels tiled by
  // %tile in a loop marked parallel, into which its producers are fused: the
  // GEMM, the GEMM's prologue (computed one tile at a time, never
  // materialised whole) and the fill of its accumulator; returns the loop.
  transform.named_sequence @densenet_tile_pixels_with_prologue(
      %epilogue: !transform.any_op {transform.consumed},
      %tile: !transform.param<i64> {transform.readonly}) -> !transform.any_op {
    %epiloguetile, %pixelloop = transform.structured.fuse %epilogue
        tile_sizes [0, 0, %tile]
        : (!transform.any_op, !transform.param<i64>)
        -> (!transform.any_op, !transform.any_op)
    transform.include @densenet_mark_parallel failures(propagate)
        (%pixelloop) : (!transform.any_op) -> ()
    transform.yield %pixelloop : !transform.any_op
  }

  // A GEMM, or an epilogue and its GEMM, tiled into register blocks of
  // %tile_m channels by %tile_p pixels, with the fill of the accumulator
  // fused in (for a 3x3 convolution, into its first tap's GEMM); returns the
  // batch, pixel and channel loops.
  transform.named_sequence @densenet_tile_registers(
      %gemm: !transform.any_op {transform.consumed},
      %tile_m: !transform.param<i64> {transform.readonly},
      %tile_p: !transform.param<i64> {transform.readonly})
      -> (!transform.any_op, !transform.any_op, !transform.any_op) {
    %tiled, %loops:3 = transform.structured.fuse %gemm
        tile_sizes [1, %tile_m, %tile_p] interchange [0, 2, 1]
        : (!transform.any_op, !transform.param<i64>, !transform.param<i64>)
        -> (!transform.any_op, !transform.any_op, !transform.any_op,
            !transform.any_op)
    transform.yield %loops#0, %loops#1, %loops#2
        : !transform.any_op, !transform.any_op, !transform.any_op
  }

  // The fill of a register block's accumulator, fused into its loops,
  // vectorized: its zeros then replace the block's first read of the
  // accumulator, and no pass over the whole output writes zeros first.
  // Fails where the block's accumulator is not a fill.
  transform.named_sequence @densenet_vectorize_fused_fill(
      %block: !transform.any_op {transform.readonly}) {
    %init = transform.get_producer_of_operand %block[2]
        : (!transform.any_op) -> !transform.any_op
    transform.match.operation_name %init ["linalg.fill"] : !transform.any_op
    transform.structured.vectorize %init : !transform.any_op
    transform.yield
  }

  // The schedule, on tensors: %tile_m output channels by %tile_p pixels per
  // register block.
  transform.named_sequence @densenet_cpu_schedule(
      %root: !transform.any_op {transform.readonly},
      %tile_m: !transform.param<i64> {transform.readonly},
      %tile_p: !transform.param<i64> {transform.readonly}) {
    %funcs = transform.structured.match ops{["func.func"]} in %root
        : (!transform.any_op) -> !transform.any_op
    // GEMMs that read an elementwise prologue: tile their pixels first,
    // through their epilogues, and compute the prologue's tile inside that
    // loop, so that it is never materialised whole (except under 128
    // pixels: below).
    %pepilogues = transform.include @densenet_match_epilogues
        failures(propagate) (%root) : (!transform.any_op) -> !transform.any_op
    // The sets are collected before any is tiled, which consumes them.
    %wideepilogues = transform.collect_matching @densenet_match_wide
        in %pepilogues : (!transform.any_op) -> !transform.any_op
    %narrowepilogues = transform.collect_matching @densenet_match_narrow
        in %pepilogues : (!transform.any_op) -> !transform.any_op
    // The GEMMs of maps under 128 pixels, before the others' pixel tiling
    // adds tiles that small.
    %pgemms = transform.include @densenet_match_gemms_with_prologue
        failures(propagate) (%root) : (!transform.any_op) -> !transform.any_op
    %tinygemms = transform.collect_matching @densenet_match_tiny in %pgemms
        : (!transform.any_op) -> !transform.any_op
    %widepixelloops = transform.foreach %wideepilogues : !transform.any_op
        -> !transform.any_op {
    ^bb0(%epilogue: !transform.any_op):
      %pixelloop = transform.include @densenet_tile_pixels_with_prologue
          failures(propagate) (%epilogue, %tile_p)
          : (!transform.any_op, !transform.param<i64>) -> !transform.any_op
      transform.yield %pixelloop : !transform.any_op
    }
    // Over 128 to 511 pixels, blocks of 16 pixels, so that there are enough to
    // share out among threads: at 14x14, 7 blocks of 32 left one of 2 threads
    // idle an eighth of the time. Their register blocks are 16 pixels wide.
    %narrowtile = transform.param.constant 16 : i64 -> !transform.param<i64>
    %narrowpixelloops = transform.foreach %narrowepilogues : !transform.any_op
        -> !transform.any_op {
    ^bb0(%epilogue: !transform.any_op):
      %pixelloop = transform.include @densenet_tile_pixels_with_prologue
          failures(propagate) (%epilogue, %narrowtile)
          : (!transform.any_op, !transform.param<i64>) -> !transform.any_op
      transform.yield %pixelloop : !transform.any_op
    }
    %pixelloops = transform.merge_handles %widepixelloops, %narrowpixelloops
        : !transform.any_op
    transform.foreach %pixelloops : !transform.any_op {
    ^bb0(%pixelloop: !transform.any_op):
      transform.include @densenet_peel_pixel_blocks failures(suppress)
          (%pixelloop) : (!transform.any_op) -> ()
    }
    // A prologue's tile of its tensor.empty becomes a small tensor.empty,
    // a tile-sized scratch buffer.
    transform.apply_patterns to %funcs {
      transform.apply_patterns.tensor.fold_tensor_empty
      transform.apply_patterns.canonicalization
    } : !transform.any_op
    // Under 128 pixels (7x7: 63), a GEMM's prologue is computed whole
    // before it, its rows (input channels) in parallel: tiled by pixels,
    // the map's one or two blocks would compute theirs on one thread while
    // the others wait, one parallel region per block.
    %tinyprologues = transform.get_producer_of_operand %tinygemms[1]
        : (!transform.any_op) -> !transform.any_op
    %tinyrows, %tinyrowloops:2 = transform.structured.tile_using_for
        %tinyprologues tile_sizes [1, 1, 0]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op,
                                  !transform.any_op)
    transform.include @densenet_mark_parallel failures(propagate)
        (%tinyrowloops#1) : (!transform.any_op) -> ()
    transform.structured.vectorize %tinyrows : !transform.any_op
    %prologues = transform.include @densenet_match_prologues
        failures(propagate) (%root) : (!transform.any_op) -> !transform.any_op
    %prologuerows, %prologueloops:2 = transform.structured.tile_using_for
        %prologues tile_sizes [1, 1, 0]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op,
                                  !transform.any_op)
    transform.structured.vectorize %prologuerows : !transform.any_op
    // Pooling and the global average pool: one parallel loop over blocks of
    // %tile_m channels (dimension 1).
    %reductions = transform.include @densenet_match_channel_parallel
        failures(propagate) (%root) : (!transform.any_op) -> !transform.any_op
    transform.foreach %reductions : !transform.any_op {
    ^bb0(%reduction: !transform.any_op):
      %channelblock, %channelloop = transform.structured.tile_using_for
          %reduction tile_sizes [0, %tile_m]
          : (!transform.any_op, !transform.param<i64>)
          -> (!transform.any_op, !transform.any_op)
      transform.include @densenet_mark_parallel failures(propagate)
          (%channelloop) : (!transform.any_op) -> ()
    }
    // Dot products: every output in parallel, as 16 partial sums in vector
    // lanes along the reduction, added up once at the end (a scalar loop
    // would add one product at a time, through memory).
    %dots = transform.include @densenet_match_dot_products
        failures(propagate) (%root) : (!transform.any_op) -> !transform.any_op
    transform.foreach %dots : !transform.any_op {
    ^bb0(%dot: !transform.any_op):
      %output, %outputloops:2 = transform.structured.tile_using_for %dot
          tile_sizes [1, 1]
          : (!transform.any_op) -> (!transform.any_op, !transform.any_op,
                                    !transform.any_op)
      transform.include @densenet_mark_parallel failures(propagate)
          (%outputloops#0) : (!transform.any_op) -> ()
      transform.include @densenet_mark_parallel failures(propagate)
          (%outputloops#1) : (!transform.any_op) -> ()
      %fill, %lanes, %sum, %lanesloop =
          transform.structured.tile_reduction_using_for %output
          by tile_sizes = [0, 0, 16]
          : (!transform.any_op) -> (!transform.any_op, !transform.any_op,
                                    !transform.any_op, !transform.any_op)
      transform.structured.vectorize %fill : !transform.any_op
      transform.structured.vectorize %lanes : !transform.any_op
      transform.structured.vectorize %sum : !transform.any_op
    }
    // GEMMs into register blocks: those with an epilogue through it, so that
    // a block's epilogue runs while the block is in registers.
    %gemms = transform.include @densenet_match_register_roots
        failures(propagate) (%root) : (!transform.any_op) -> !transform.any_op
    %gemmploops, %gemmmloops = transform.foreach %gemms : !transform.any_op
        -> !transform.any_op, !transform.any_op {
    ^bb0(%gemm: !transform.any_op):
      %loops:3 = transform.include @densenet_tile_registers
          failures(propagate) (%gemm, %tile_m, %tile_p)
          : (!transform.any_op, !transform.param<i64>, !transform.param<i64>)
          -> (!transform.any_op, !transform.any_op, !transform.any_op)
      transform.yield %loops#1, %loops#2 : !transform.any_op, !transform.any_op
    }
    // Pixel blocks write disjoint pixels: densenet-parallelize-loops runs
    // them in parallel after bufferization.
    transform.include @densenet_mark_parallel failures(propagate)
        (%gemmploops) : (!transform.any_op) -> ()
    // Batched GEMMs: the same register blocks, the batch in parallel.
    %bgemms = transform.include @densenet_match_batched_gemms
        failures(propagate) (%root) : (!transform.any_op) -> !transform.any_op
    %bploops, %bmloops = transform.foreach %bgemms : !transform.any_op
        -> !transform.any_op, !transform.any_op {
    ^bb0(%gemm: !transform.any_op):
      %loops:3 = transform.include @densenet_tile_registers
          failures(propagate) (%gemm, %tile_m, %tile_p)
          : (!transform.any_op, !transform.param<i64>, !transform.param<i64>)
          -> (!transform.any_op, !transform.any_op, !transform.any_op)
      transform.include @densenet_mark_parallel failures(propagate)
          (%loops#0) : (!transform.any_op) -> ()
      transform.yield %loops#1, %loops#2 : !transform.any_op, !transform.any_op
    }
    %ploops = transform.merge_handles %gemmploops, %bploops : !transform.any_op
    %mloops = transform.merge_handles %gemmmloops, %bmloops : !transform.any_op
    // Row transforms: blocks of 16 lanes of every output row at once (the
    // input rows read once into registers), the partial block of each row
    // peeled off; the second dimension in parallel.
    %rowops = transform.include @densenet_match_row_transforms
        failures(propagate) (%root) : (!transform.any_op) -> !transform.any_op
    transform.foreach %rowops : !transform.any_op {
    ^bb0(%rowop: !transform.any_op):
      %rowtile, %rowloops:3 = transform.structured.tile_using_for %rowop
          tile_sizes [0, 1, 1, 16]
          : (!transform.any_op) -> (!transform.any_op, !transform.any_op,
              !transform.any_op, !transform.any_op)
      transform.include @densenet_mark_parallel failures(propagate)
          (%rowloops#0) : (!transform.any_op) -> ()
      transform.sequence %root : !transform.any_op failures(suppress) {
      ^bb1(%unused: !transform.any_op):
        %lanefor = transform.cast %rowloops#2
            : !transform.any_op to !transform.op<"scf.for">
        %lanemain, %lanerest = transform.loop.peel %lanefor
            : (!transform.op<"scf.for">) -> (!transform.any_op, !transform.any_op)
      }
    }
    // Lane transposes: whole tile rows of lane groups, moved in registers.
    %laneops = transform.include @densenet_match_lane_transposes
        failures(propagate) (%root) : (!transform.any_op) -> !transform.any_op
    transform.foreach %laneops : !transform.any_op {
    ^bb0(%laneop: !transform.any_op):
      %lanetile, %laneloops:3 = transform.structured.tile_using_for %laneop
          tile_sizes [1, 1, 1, 0, 0]
          : (!transform.any_op) -> (!transform.any_op, !transform.any_op,
              !transform.any_op, !transform.any_op)
      transform.include @densenet_mark_parallel failures(propagate)
          (%laneloops#0) : (!transform.any_op) -> ()
    }
    // Peel partial blocks off, inner loop first; loops that divide evenly
    // have none.
    transform.sequence %root : !transform.any_op failures(suppress) {
    ^bb0(%unused: !transform.any_op):
      %mloopsfor = transform.cast %mloops
          : !transform.any_op to !transform.op<"scf.for">
      %mmain, %mrest = transform.loop.peel %mloopsfor
          : (!transform.op<"scf.for">) -> (!transform.any_op, !transform.any_op)
    }
    transform.foreach %ploops : !transform.any_op {
    ^bb0(%ploop: !transform.any_op):
      transform.include @densenet_peel_pixel_blocks failures(suppress)
          (%ploop) : (!transform.any_op) -> ()
    }
    transform.apply_patterns to %funcs {
      transform.apply_patterns.canonicalization
    } : !transform.any_op
    // Every GEMM also marks its channel-block loop: where the feature map is
    // a single pixel block, and in the peeled partial pixel block, those
    // channels run in parallel (inside a parallel pixel loop, the loop stays
    // sequential).
    %pblocks = transform.include @densenet_match_gemms_with_prologue
        failures(propagate) (%root) : (!transform.any_op) -> !transform.any_op
    %plainblocks = transform.include @densenet_match_gemms failures(propagate)
        (%root) : (!transform.any_op) -> !transform.any_op
    %allblocks = transform.merge_handles %pblocks, %plainblocks
        : !transform.any_op
    %channelblockloops = transform.get_parent_op %allblocks
        {op_name = "scf.for", deduplicate, allow_empty_results}
        : (!transform.any_op) -> !transform.any_op
    transform.include @densenet_mark_parallel failures(propagate)
        (%channelblockloops) : (!transform.any_op) -> ()
    %batchedblocks = transform.include @densenet_match_batched_gemms
        failures(propagate) (%root) : (!transform.any_op) -> !transform.any_op
    %blocks = transform.merge_handles %plainblocks, %batchedblocks
        : !transform.any_op
    %rowtiles = transform.include @densenet_match_row_transforms
        failures(propagate) (%root) : (!transform.any_op) -> !transform.any_op
    transform.structured.vectorize %rowtiles : !transform.any_op
    %lanetiles = transform.include @densenet_match_lane_transposes
        failures(propagate) (%root) : (!transform.any_op) -> !transform.any_op
    transform.structured.vectorize %lanetiles : !transform.any_op
    transform.foreach %blocks : !transform.any_op {
    ^bb0(%block: !transform.any_op):
      transform.include @densenet_vectorize_fused_fill failures(suppress)
          (%block) : (!transform.any_op) -> ()
    }
    %steps, %kloops = transform.structured.tile_using_for %blocks
        tile_sizes [0, 0, 0, 1]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.structured.vectorize %steps {create_named_contraction}
        : !transform.any_op
    %epilogueblocks = transform.include @densenet_match_epilogues
        failures(propagate) (%root) : (!transform.any_op) -> !transform.any_op
    transform.structured.vectorize %epilogueblocks : !transform.any_op
    transform.apply_patterns to %funcs {
      transform.apply_patterns.vector.reduction_to_contract
      transform.apply_patterns.vector.cast_away_vector_leading_one_dim
      transform.apply_patterns.canonicalization
    } : !transform.any_op
    %kloops2 = transform.structured.match ops{["scf.for"]} in %root
        : (!transform.any_op) -> !transform.any_op
    transform.loop.hoist_loop_invariant_subsets %kloops2 : !transform.any_op
    // A block's epilogue now reads the accumulators its GEMM's loop yields,
    // which are stored once, after the epilogue.
    transform.apply_patterns to %funcs {
      transform.apply_patterns.canonicalization
    } : !transform.any_op
    transform.yield
  }
}
