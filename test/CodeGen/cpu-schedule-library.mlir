// RUN: densenet-opt %s \
// RUN:   --transform-preload-library="transform-library-paths=%src_root/compiler/CodeGen/CPU/TransformLibrary/cpu_schedule.mlir" \
// RUN:   --transform-interpreter="entry-point=schedule_8x32" --densenet-cpu-lower-vectors \
// RUN: | FileCheck %s --check-prefix=T8
// RUN: densenet-opt %s \
// RUN:   --transform-preload-library="transform-library-paths=%src_root/compiler/CodeGen/CPU/TransformLibrary/cpu_schedule.mlir" \
// RUN:   --transform-interpreter="entry-point=schedule_4x16" --densenet-cpu-lower-vectors \
// RUN: | FileCheck %s --check-prefix=T4

// The CPU schedule's transform library (what `densenet-cpu-schedule` embeds)
// run by upstream's interpreter alone: the library is preloaded, and each
// entry point below includes @densenet_cpu_schedule with its own tile params
// (tile-m output channels x tile-p pixels), here 8 x 32 and 4 x 16. Loop steps
// and vector shapes follow the params; every marker role is exercised.

#lhs = affine_map<(n, m, p, c) -> (m, c)>
#rhs = affine_map<(n, m, p, c) -> (n, c, p)>
#out = affine_map<(n, m, p, c) -> (n, m, p)>
#id3 = affine_map<(n, c, p) -> (n, c, p)>

module attributes {transform.with_named_sequence} {

// A GEMM (role gemm) with M = 20, P = 88, C = 2. With 8 x 32 blocks: the pixel
// loop (outer, parallel) steps by 32 to 64 and the channel loop by 8 to 16;
// the peeled remainders are a 4-channel block and 24 pixels, which run as a
// 16-pixel and an 8-pixel block.
// T8-LABEL: func.func @gemm_remainders(
// T8-DAG: %[[C8:.*]] = arith.constant 8 : index
// T8-DAG: %[[C16:.*]] = arith.constant 16 : index
// T8-DAG: %[[C32:.*]] = arith.constant 32 : index
// T8-DAG: %[[C64:.*]] = arith.constant 64 : index
// T8: scf.for %{{.*}} = %{{.*}} to %[[C64]] step %[[C32]]
// T8-NEXT: scf.for %{{.*}} = %{{.*}} to %[[C16]] step %[[C8]]
// T8: vector.transfer_read {{.*}} : tensor<1x8x32xf32>, vector<8x32xf32>
// T8-COUNT-8: vector.fma {{.*}} : vector<32xf32>
// T8: vector.transfer_read {{.*}} : tensor<1x4x32xf32>, vector<4x32xf32>
// T8-COUNT-4: vector.fma {{.*}} : vector<32xf32>
// T8: } {densenet.role = #densenet.role<parallel_loop>}
// T8: scf.for %{{.*}} = %{{.*}} to %[[C16]] step %[[C8]]
// T8: vector.transfer_read {{.*}} : tensor<1x8x16xf32>, vector<8x16xf32>
// T8: vector.transfer_read {{.*}} : tensor<1x8x8xf32>, vector<8x8xf32>
// T8: tensor.insert_slice {{.*}}[0, %{{.*}}, 64] [1, 8, 24] [1, 1, 1]
// T8: vector.transfer_read {{.*}} : tensor<1x4x16xf32>, vector<4x16xf32>
// T8: vector.transfer_read {{.*}} : tensor<1x4x8xf32>, vector<4x8xf32>
// T8: tensor.insert_slice {{.*}}[0, 16, 64] [1, 4, 24] [1, 1, 1]
// T8-NOT: linalg.contract
// T8: return
// With 4 x 16 blocks: 20 = 5 * 4 and 88 = 5 * 16 + 8.
// T4-LABEL: func.func @gemm_remainders(
// T4-DAG: %[[C4:.*]] = arith.constant 4 : index
// T4-DAG: %[[C16:.*]] = arith.constant 16 : index
// T4-DAG: %[[C20:.*]] = arith.constant 20 : index
// T4-DAG: %[[C80:.*]] = arith.constant 80 : index
// T4: scf.for %{{.*}} = %{{.*}} to %[[C80]] step %[[C16]]
// T4-NEXT: scf.for %{{.*}} = %{{.*}} to %[[C20]] step %[[C4]]
// T4: vector.transfer_read {{.*}} : tensor<1x4x16xf32>, vector<4x16xf32>
// T4-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// T4-NOT: vector.fma
// T4: } {densenet.role = #densenet.role<parallel_loop>}
// T4: scf.for %{{.*}} = %{{.*}} to %[[C20]] step %[[C4]]
// T4: vector.transfer_read {{.*}} : tensor<1x4x8xf32>, vector<4x8xf32>
// T4-COUNT-4: vector.fma {{.*}} : vector<8xf32>
// T4-NOT: vector.fma
// T4-NOT: linalg.contract
// T4: return
func.func @gemm_remainders(%w: tensor<20x2xf32>, %x: tensor<1x2x88xf32>,
                           %acc: tensor<1x20x88xf32>) -> tensor<1x20x88xf32> {
  %0 = linalg.contract indexing_maps = [#lhs, #rhs, #out] {densenet.role = #densenet.role<gemm>}
         ins(%w, %x : tensor<20x2xf32>, tensor<1x2x88xf32>)
         outs(%acc : tensor<1x20x88xf32>) -> tensor<1x20x88xf32>
  return %0 : tensor<1x20x88xf32>
}

// A GEMM with role gemm_with_prologue reading a prologue (role prologue)
// (a ReLU), over 512 pixels, and its epilogue (role epilogue, another ReLU):
// the prologue is computed inside the pixel loop, one tile-p pixel row at a
// time, into a scratch tensor of tile-p pixels; the epilogue on each register
// block's accumulators, before the block's one store; both the pixel loop and
// the channel-block loop inside it are marked parallel.
// T8-LABEL: func.func @gemm_with_prologue(
// T8-DAG: %[[C8:.*]] = arith.constant 8 : index
// T8-DAG: %[[C16:.*]] = arith.constant 16 : index
// T8-DAG: %[[C32:.*]] = arith.constant 32 : index
// T8-DAG: %[[C512:.*]] = arith.constant 512 : index
// T8: scf.for %{{.*}} = %{{.*}} to %[[C512]] step %[[C32]]
// T8: tensor.empty() : tensor<1x4x32xf32>
// T8: arith.maximumf {{.*}} : vector<32xf32>
// T8: scf.for %{{.*}} = %{{.*}} to %[[C16]] step %[[C8]]
// T8: vector.transfer_read {{.*}} : tensor<1x8x32xf32>, vector<8x32xf32>
// T8-COUNT-8: vector.fma {{.*}} : vector<32xf32>
// T8-NOT: vector.transfer_write
// T8: %[[EPILOGUE:.*]] = arith.maximumf {{.*}} : vector<8x32xf32>
// T8-NEXT: vector.transfer_write %[[EPILOGUE]]
// T8: } {densenet.role = #densenet.role<parallel_loop>}
// T8: } {densenet.role = #densenet.role<parallel_loop>}
// T8-NEXT: return
// T4-LABEL: func.func @gemm_with_prologue(
// T4-DAG: %[[C4:.*]] = arith.constant 4 : index
// T4-DAG: %[[C16:.*]] = arith.constant 16 : index
// T4-DAG: %[[C512:.*]] = arith.constant 512 : index
// T4: scf.for %{{.*}} = %{{.*}} to %[[C512]] step %[[C16]]
// T4: tensor.empty() : tensor<1x4x16xf32>
// T4: arith.maximumf {{.*}} : vector<16xf32>
// T4: scf.for %{{.*}} = %{{.*}} to %[[C16]] step %[[C4]]
// T4: vector.transfer_read {{.*}} : tensor<1x4x16xf32>, vector<4x16xf32>
// T4-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// T4-NOT: vector.transfer_write
// T4: %[[EPILOGUE:.*]] = arith.maximumf {{.*}} : vector<4x16xf32>
// T4-NEXT: vector.transfer_write %[[EPILOGUE]]
// T4: } {densenet.role = #densenet.role<parallel_loop>}
// T4: } {densenet.role = #densenet.role<parallel_loop>}
// T4-NEXT: return
func.func @gemm_with_prologue(%w: tensor<16x4xf32>, %x: tensor<1x4x512xf32>,
                              %acc: tensor<1x16x512xf32>) -> tensor<1x16x512xf32> {
  %e = tensor.empty() : tensor<1x4x512xf32>
  %zero = arith.constant 0.0 : f32
  %a = linalg.generic {indexing_maps = [#id3, #id3],
                       iterator_types = ["parallel", "parallel", "parallel"]}
         ins(%x : tensor<1x4x512xf32>) outs(%e : tensor<1x4x512xf32>)
         attrs = {densenet.role = #densenet.role<prologue>} {
  ^bb0(%in: f32, %o: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x4x512xf32>
  %0 = linalg.contract indexing_maps = [#lhs, #rhs, #out]
         {densenet.role = #densenet.role<gemm_with_prologue>}
         ins(%w, %a : tensor<16x4xf32>, tensor<1x4x512xf32>)
         outs(%acc : tensor<1x16x512xf32>) -> tensor<1x16x512xf32>
  %1 = linalg.generic {indexing_maps = [#id3],
                       iterator_types = ["parallel", "parallel", "parallel"]}
         outs(%0 : tensor<1x16x512xf32>)
         attrs = {densenet.role = #densenet.role<epilogue>} {
  ^bb0(%o: f32):
    %r = arith.maximumf %o, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x16x512xf32>
  return %1 : tensor<1x16x512xf32>
}

// The same over 128 pixels, from 128 to 511: the pixel loop takes blocks of
// 16 whatever tile-p, so that there are enough of them to share out among
// threads.
// T8-LABEL: func.func @gemm_with_prologue_narrow(
// T8-DAG: %[[C8:.*]] = arith.constant 8 : index
// T8-DAG: %[[C16:.*]] = arith.constant 16 : index
// T8-DAG: %[[C128:.*]] = arith.constant 128 : index
// T8: scf.for %{{.*}} = %{{.*}} to %[[C128]] step %[[C16]]
// T8: tensor.empty() : tensor<1x4x16xf32>
// T8: arith.maximumf {{.*}} : vector<16xf32>
// T8: scf.for %{{.*}} = %{{.*}} to %[[C16]] step %[[C8]]
// T8: vector.transfer_read {{.*}} : tensor<1x8x16xf32>, vector<8x16xf32>
// T8-COUNT-8: vector.fma {{.*}} : vector<16xf32>
// T8-NOT: vector.transfer_write
// T8: %[[EPILOGUE:.*]] = arith.maximumf {{.*}} : vector<8x16xf32>
// T8-NEXT: vector.transfer_write %[[EPILOGUE]]
// T8: } {densenet.role = #densenet.role<parallel_loop>}
// T8: } {densenet.role = #densenet.role<parallel_loop>}
// T8-NEXT: return
// T4-LABEL: func.func @gemm_with_prologue_narrow(
// T4-DAG: %[[C4:.*]] = arith.constant 4 : index
// T4-DAG: %[[C16:.*]] = arith.constant 16 : index
// T4-DAG: %[[C128:.*]] = arith.constant 128 : index
// T4: scf.for %{{.*}} = %{{.*}} to %[[C128]] step %[[C16]]
// T4: tensor.empty() : tensor<1x4x16xf32>
// T4: arith.maximumf {{.*}} : vector<16xf32>
// T4: scf.for %{{.*}} = %{{.*}} to %[[C16]] step %[[C4]]
// T4: vector.transfer_read {{.*}} : tensor<1x4x16xf32>, vector<4x16xf32>
// T4-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// T4-NOT: vector.transfer_write
// T4: %[[EPILOGUE:.*]] = arith.maximumf {{.*}} : vector<4x16xf32>
// T4-NEXT: vector.transfer_write %[[EPILOGUE]]
// T4: } {densenet.role = #densenet.role<parallel_loop>}
// T4: } {densenet.role = #densenet.role<parallel_loop>}
// T4-NEXT: return
func.func @gemm_with_prologue_narrow(%w: tensor<16x4xf32>, %x: tensor<1x4x128xf32>,
                              %acc: tensor<1x16x128xf32>) -> tensor<1x16x128xf32> {
  %e = tensor.empty() : tensor<1x4x128xf32>
  %zero = arith.constant 0.0 : f32
  %a = linalg.generic {indexing_maps = [#id3, #id3],
                       iterator_types = ["parallel", "parallel", "parallel"]}
         ins(%x : tensor<1x4x128xf32>) outs(%e : tensor<1x4x128xf32>)
         attrs = {densenet.role = #densenet.role<prologue>} {
  ^bb0(%in: f32, %o: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x4x128xf32>
  %0 = linalg.contract indexing_maps = [#lhs, #rhs, #out]
         {densenet.role = #densenet.role<gemm_with_prologue>}
         ins(%w, %a : tensor<16x4xf32>, tensor<1x4x128xf32>)
         outs(%acc : tensor<1x16x128xf32>) -> tensor<1x16x128xf32>
  %1 = linalg.generic {indexing_maps = [#id3],
                       iterator_types = ["parallel", "parallel", "parallel"]}
         outs(%0 : tensor<1x16x128xf32>)
         attrs = {densenet.role = #densenet.role<epilogue>} {
  ^bb0(%o: f32):
    %r = arith.maximumf %o, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x16x128xf32>
  return %1 : tensor<1x16x128xf32>
}

// Under 128 pixels (64 here, as at 7x7, 63) the prologue is computed whole
// first, its rows (input channels) in a loop marked parallel, and the GEMM's
// register blocks then read it.
// T8-LABEL: func.func @gemm_with_prologue_tiny(
// T8-DAG: %[[C1:.*]] = arith.constant 1 : index
// T8-DAG: %[[C4:.*]] = arith.constant 4 : index
// T8-DAG: %[[C8:.*]] = arith.constant 8 : index
// T8-DAG: %[[C16:.*]] = arith.constant 16 : index
// T8-DAG: %[[C32:.*]] = arith.constant 32 : index
// T8-DAG: %[[C64:.*]] = arith.constant 64 : index
// T8: %[[ACTIVE:.*]] = scf.for %{{.*}} = %{{.*}} to %[[C4]] step %[[C1]]
// T8: arith.maximumf {{.*}} : vector<64xf32>
// T8: } {densenet.role = #densenet.role<parallel_loop>}
// T8: scf.for %{{.*}} = %{{.*}} to %[[C64]] step %[[C32]]
// T8: scf.for %{{.*}} = %{{.*}} to %[[C16]] step %[[C8]]
// T8: tensor.extract_slice %[[ACTIVE]]
// T8-COUNT-8: vector.fma {{.*}} : vector<32xf32>
// T8-NOT: vector.transfer_write
// T8: %[[EPILOGUE:.*]] = arith.maximumf {{.*}} : vector<8x32xf32>
// T8-NEXT: vector.transfer_write %[[EPILOGUE]]
// T8: } {densenet.role = #densenet.role<parallel_loop>}
// T8: } {densenet.role = #densenet.role<parallel_loop>}
// T8-NEXT: return
// T4-LABEL: func.func @gemm_with_prologue_tiny(
// T4-DAG: %[[C1:.*]] = arith.constant 1 : index
// T4-DAG: %[[C4:.*]] = arith.constant 4 : index
// T4-DAG: %[[C16:.*]] = arith.constant 16 : index
// T4-DAG: %[[C64:.*]] = arith.constant 64 : index
// T4: %[[ACTIVE:.*]] = scf.for %{{.*}} = %{{.*}} to %[[C4]] step %[[C1]]
// T4: arith.maximumf {{.*}} : vector<64xf32>
// T4: } {densenet.role = #densenet.role<parallel_loop>}
// T4: scf.for %{{.*}} = %{{.*}} to %[[C64]] step %[[C16]]
// T4: scf.for %{{.*}} = %{{.*}} to %[[C16]] step %[[C4]]
// T4: tensor.extract_slice %[[ACTIVE]]
// T4-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// T4-NOT: vector.transfer_write
// T4: %[[EPILOGUE:.*]] = arith.maximumf {{.*}} : vector<4x16xf32>
// T4-NEXT: vector.transfer_write %[[EPILOGUE]]
// T4: } {densenet.role = #densenet.role<parallel_loop>}
// T4: } {densenet.role = #densenet.role<parallel_loop>}
// T4-NEXT: return
func.func @gemm_with_prologue_tiny(%w: tensor<16x4xf32>, %x: tensor<1x4x64xf32>,
                              %acc: tensor<1x16x64xf32>) -> tensor<1x16x64xf32> {
  %e = tensor.empty() : tensor<1x4x64xf32>
  %zero = arith.constant 0.0 : f32
  %a = linalg.generic {indexing_maps = [#id3, #id3],
                       iterator_types = ["parallel", "parallel", "parallel"]}
         ins(%x : tensor<1x4x64xf32>) outs(%e : tensor<1x4x64xf32>)
         attrs = {densenet.role = #densenet.role<prologue>} {
  ^bb0(%in: f32, %o: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x4x64xf32>
  %0 = linalg.contract indexing_maps = [#lhs, #rhs, #out]
         {densenet.role = #densenet.role<gemm_with_prologue>}
         ins(%w, %a : tensor<16x4xf32>, tensor<1x4x64xf32>)
         outs(%acc : tensor<1x16x64xf32>) -> tensor<1x16x64xf32>
  %1 = linalg.generic {indexing_maps = [#id3],
                       iterator_types = ["parallel", "parallel", "parallel"]}
         outs(%0 : tensor<1x16x64xf32>)
         attrs = {densenet.role = #densenet.role<epilogue>} {
  ^bb0(%o: f32):
    %r = arith.maximumf %o, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x16x64xf32>
  return %1 : tensor<1x16x64xf32>
}

// A reduction with role channel_parallel over 20 channels: one parallel loop
// over blocks of tile-m channels (the last one partial with 8).
// T8-LABEL: func.func @channel_parallel_pool(
// T8-DAG: %[[C8:.*]] = arith.constant 8 : index
// T8-DAG: %[[C20:.*]] = arith.constant 20 : index
// T8: scf.for %{{.*}} = %{{.*}} to %[[C20]] step %[[C8]]
// T8: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x?x7x7xf32>) outs(%{{.*}} : tensor<1x?xf32>)
// T8: } {densenet.role = #densenet.role<parallel_loop>}
// T4-LABEL: func.func @channel_parallel_pool(
// T4-DAG: %[[C4:.*]] = arith.constant 4 : index
// T4-DAG: %[[C20:.*]] = arith.constant 20 : index
// T4: scf.for %{{.*}} = %{{.*}} to %[[C20]] step %[[C4]]
// T4: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x4x7x7xf32>) outs(%{{.*}} : tensor<1x4xf32>)
// T4: } {densenet.role = #densenet.role<parallel_loop>}
func.func @channel_parallel_pool(%x: tensor<1x20x7x7xf32>,
                                 %acc: tensor<1x20xf32>) -> tensor<1x20xf32> {
  %0 = linalg.generic {
         indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>,
                          affine_map<(n, c, h, w) -> (n, c)>],
         iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
         ins(%x : tensor<1x20x7x7xf32>) outs(%acc : tensor<1x20xf32>)
         attrs = {densenet.role = #densenet.role<channel_parallel>} {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<1x20xf32>
  return %0 : tensor<1x20xf32>
}

// Defined by the preloaded library.
transform.named_sequence private @densenet_cpu_schedule(
    %root: !transform.any_op {transform.readonly},
    %tile_m: !transform.param<i64> {transform.readonly},
    %tile_p: !transform.param<i64> {transform.readonly})

transform.named_sequence @schedule_8x32(
    %root: !transform.any_op {transform.readonly}) {
  %tile_m = transform.param.constant 8 : i64 -> !transform.param<i64>
  %tile_p = transform.param.constant 32 : i64 -> !transform.param<i64>
  transform.include @densenet_cpu_schedule failures(propagate)
      (%root, %tile_m, %tile_p)
      : (!transform.any_op, !transform.param<i64>, !transform.param<i64>) -> ()
  transform.yield
}

transform.named_sequence @schedule_4x16(
    %root: !transform.any_op {transform.readonly}) {
  %tile_m = transform.param.constant 4 : i64 -> !transform.param<i64>
  %tile_p = transform.param.constant 16 : i64 -> !transform.param<i64>
  transform.include @densenet_cpu_schedule failures(propagate)
      (%root, %tile_m, %tile_p)
      : (!transform.any_op, !transform.param<i64>, !transform.param<i64>) -> ()
  transform.yield
}

}
