// RUN: densenet-opt %s -split-input-file --densenet-cpu-schedule --densenet-cpu-lower-vectors | FileCheck %s
// RUN: densenet-opt %s -split-input-file --densenet-cpu-schedule="tile-m=4 tile-p=16" --densenet-cpu-lower-vectors | FileCheck %s --check-prefix=T16

// The CPU schedule tiles every linalg.contract with role gemm (loops
// n, m, p, c) into register blocks of tile-m output channels x tile-p pixels,
// with the pixel loop outside the channel loop, peels the partial blocks,
// tiles the reduction by one and lowers each step to an outer product:
// tile-m broadcasts of a weight times a vector of tile-p pixels, accumulated
// with vector.fma.

#lhs = affine_map<(n, m, p, c) -> (m, c)>
#rhs = affine_map<(n, m, p, c) -> (n, c, p)>
#out = affine_map<(n, m, p, c) -> (n, m, p)>

// M = 16, P = 64, C = 4: both divide evenly by 8 x 32, so there is one loop
// nest (p step 32, m step 8, c step 1) and no remainder.
// CHECK-LABEL: func.func @gemm_even(
// CHECK-SAME: %[[W:[a-zA-Z0-9_]+]]: tensor<16x4xf32>, %[[X:[a-zA-Z0-9_]+]]: tensor<1x4x64xf32>, %[[ACC:[a-zA-Z0-9_]+]]: tensor<1x16x64xf32>)
// CHECK-NOT: linalg.contract
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG: %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG: %[[C64:.*]] = arith.constant 64 : index
// CHECK: %[[RES:.*]] = scf.for %[[P:.*]] = %[[C0]] to %[[C64]] step %[[C32]] iter_args(%[[A0:.*]] = %[[ACC]]) -> (tensor<1x16x64xf32>)
// CHECK-NEXT: %[[RES1:.*]] = scf.for %[[M:.*]] = %[[C0]] to %[[C16]] step %[[C8]] iter_args(%[[A1:.*]] = %[[A0]]) -> (tensor<1x16x64xf32>)
// CHECK-DAG: %[[WB:.*]] = tensor.extract_slice %[[W]][%[[M]], 0] [8, 4] [1, 1] : tensor<16x4xf32> to tensor<8x4xf32>
// CHECK-DAG: %[[XB:.*]] = tensor.extract_slice %[[X]][0, 0, %[[P]]] [1, 4, 32] [1, 1, 1] : tensor<1x4x64xf32> to tensor<1x4x32xf32>
// CHECK-DAG: %[[OB:.*]] = tensor.extract_slice %[[A1]][0, %[[M]], %[[P]]] [1, 8, 32] [1, 1, 1] : tensor<1x16x64xf32> to tensor<1x8x32xf32>
// The accumulator block stays in a vector<8x32xf32> across the c loop.
// CHECK: %[[VINIT:.*]] = vector.transfer_read %[[OB]]{{.*}} : tensor<1x8x32xf32>, vector<8x32xf32>
// CHECK-NEXT: %[[KLOOP:.*]] = scf.for %[[K:.*]] = %[[C0]] to %[[C4]] step %[[C1]] iter_args(%[[VACC:.*]] = %[[VINIT]]) -> (vector<8x32xf32>)
// CHECK-NEXT: %[[WK:.*]] = tensor.extract_slice %[[WB]][0, %[[K]]] [8, 1] [1, 1] : tensor<8x4xf32> to tensor<8x1xf32>
// CHECK-NEXT: %[[XK:.*]] = tensor.extract_slice %[[XB]][0, %[[K]], 0] [1, 1, 32] [1, 1, 1] : tensor<1x4x32xf32> to tensor<1x1x32xf32>
// CHECK-NEXT: %[[WV:.*]] = vector.transfer_read %[[WK]]{{.*}} : tensor<8x1xf32>, vector<8x1xf32>
// CHECK-NEXT: %[[XV:.*]] = vector.transfer_read %[[XK]]{{.*}} : tensor<1x1x32xf32>, vector<32xf32>
// One broadcast + fma per output channel of the block:
// CHECK:      %[[S0:.*]] = vector.extract %[[WV]][0, 0] : f32 from vector<8x1xf32>
// CHECK-NEXT: %[[B0:.*]] = vector.broadcast %[[S0]] : f32 to vector<32xf32>
// CHECK-NEXT: %[[R0:.*]] = vector.extract %[[VACC]][0] : vector<32xf32> from vector<8x32xf32>
// CHECK-NEXT: %[[F0:.*]] = vector.fma %[[B0]], %[[XV]], %[[R0]] : vector<32xf32>
// CHECK-NEXT: %[[I0:.*]] = vector.insert %[[F0]], %{{.*}} [0] : vector<32xf32> into vector<8x32xf32>
// CHECK:      %[[S1:.*]] = vector.extract %[[WV]][1, 0] : f32 from vector<8x1xf32>
// CHECK-NEXT: %[[B1:.*]] = vector.broadcast %[[S1]] : f32 to vector<32xf32>
// CHECK-NEXT: %[[R1:.*]] = vector.extract %[[VACC]][1] : vector<32xf32> from vector<8x32xf32>
// CHECK-NEXT: %[[F1:.*]] = vector.fma %[[B1]], %[[XV]], %[[R1]] : vector<32xf32>
// CHECK-NEXT: %[[I1:.*]] = vector.insert %[[F1]], %{{.*}} [1] : vector<32xf32> into vector<8x32xf32>
// CHECK:      %[[S2:.*]] = vector.extract %[[WV]][2, 0] : f32 from vector<8x1xf32>
// CHECK-NEXT: %[[B2:.*]] = vector.broadcast %[[S2]] : f32 to vector<32xf32>
// CHECK-NEXT: %[[R2:.*]] = vector.extract %[[VACC]][2] : vector<32xf32> from vector<8x32xf32>
// CHECK-NEXT: %[[F2:.*]] = vector.fma %[[B2]], %[[XV]], %[[R2]] : vector<32xf32>
// CHECK-NEXT: %[[I2:.*]] = vector.insert %[[F2]], %{{.*}} [2] : vector<32xf32> into vector<8x32xf32>
// CHECK:      %[[S3:.*]] = vector.extract %[[WV]][3, 0] : f32 from vector<8x1xf32>
// CHECK-NEXT: %[[B3:.*]] = vector.broadcast %[[S3]] : f32 to vector<32xf32>
// CHECK-NEXT: %[[R3:.*]] = vector.extract %[[VACC]][3] : vector<32xf32> from vector<8x32xf32>
// CHECK-NEXT: %[[F3:.*]] = vector.fma %[[B3]], %[[XV]], %[[R3]] : vector<32xf32>
// CHECK-NEXT: %[[I3:.*]] = vector.insert %[[F3]], %{{.*}} [3] : vector<32xf32> into vector<8x32xf32>
// CHECK:      %[[S4:.*]] = vector.extract %[[WV]][4, 0] : f32 from vector<8x1xf32>
// CHECK-NEXT: %[[B4:.*]] = vector.broadcast %[[S4]] : f32 to vector<32xf32>
// CHECK-NEXT: %[[R4:.*]] = vector.extract %[[VACC]][4] : vector<32xf32> from vector<8x32xf32>
// CHECK-NEXT: %[[F4:.*]] = vector.fma %[[B4]], %[[XV]], %[[R4]] : vector<32xf32>
// CHECK-NEXT: %[[I4:.*]] = vector.insert %[[F4]], %{{.*}} [4] : vector<32xf32> into vector<8x32xf32>
// CHECK:      %[[S5:.*]] = vector.extract %[[WV]][5, 0] : f32 from vector<8x1xf32>
// CHECK-NEXT: %[[B5:.*]] = vector.broadcast %[[S5]] : f32 to vector<32xf32>
// CHECK-NEXT: %[[R5:.*]] = vector.extract %[[VACC]][5] : vector<32xf32> from vector<8x32xf32>
// CHECK-NEXT: %[[F5:.*]] = vector.fma %[[B5]], %[[XV]], %[[R5]] : vector<32xf32>
// CHECK-NEXT: %[[I5:.*]] = vector.insert %[[F5]], %{{.*}} [5] : vector<32xf32> into vector<8x32xf32>
// CHECK:      %[[S6:.*]] = vector.extract %[[WV]][6, 0] : f32 from vector<8x1xf32>
// CHECK-NEXT: %[[B6:.*]] = vector.broadcast %[[S6]] : f32 to vector<32xf32>
// CHECK-NEXT: %[[R6:.*]] = vector.extract %[[VACC]][6] : vector<32xf32> from vector<8x32xf32>
// CHECK-NEXT: %[[F6:.*]] = vector.fma %[[B6]], %[[XV]], %[[R6]] : vector<32xf32>
// CHECK-NEXT: %[[I6:.*]] = vector.insert %[[F6]], %{{.*}} [6] : vector<32xf32> into vector<8x32xf32>
// CHECK:      %[[S7:.*]] = vector.extract %[[WV]][7, 0] : f32 from vector<8x1xf32>
// CHECK-NEXT: %[[B7:.*]] = vector.broadcast %[[S7]] : f32 to vector<32xf32>
// CHECK-NEXT: %[[R7:.*]] = vector.extract %[[VACC]][7] : vector<32xf32> from vector<8x32xf32>
// CHECK-NEXT: %[[F7:.*]] = vector.fma %[[B7]], %[[XV]], %[[R7]] : vector<32xf32>
// CHECK-NEXT: %[[I7:.*]] = vector.insert %[[F7]], %{{.*}} [7] : vector<32xf32> into vector<8x32xf32>
// CHECK-NEXT: scf.yield %[[I7]] : vector<8x32xf32>
// CHECK-NOT: vector.fma
// CHECK: %[[WR:.*]] = vector.transfer_write %[[KLOOP]], %[[OB]]{{.*}} : vector<8x32xf32>, tensor<1x8x32xf32>
// CHECK-NEXT: %[[INS:.*]] = tensor.insert_slice %[[WR]] into %[[A1]][0, %[[M]], %[[P]]] [1, 8, 32] [1, 1, 1] : tensor<1x8x32xf32> into tensor<1x16x64xf32>
// CHECK-NEXT: scf.yield %[[INS]]
// The pixel loop and the channel loop in it are marked for
// densenet-parallelize-loops (which runs only the outer one in parallel).
// CHECK-NEXT: } {densenet.role = #densenet.role<parallel_loop>}
// CHECK: scf.yield %[[RES1]]
// CHECK-NEXT: } {densenet.role = #densenet.role<parallel_loop>}
// CHECK-NOT: scf.for
// CHECK-NOT: linalg.contract
// CHECK: return %[[RES]] : tensor<1x16x64xf32>

// Other tile sizes change the loop steps and the vector shapes.
// T16-LABEL: func.func @gemm_even(
// T16-NOT: vector<32xf32>
// T16-DAG: %[[C4:.*]] = arith.constant 4 : index
// T16-DAG: %[[C16:.*]] = arith.constant 16 : index
// T16-DAG: %[[C64:.*]] = arith.constant 64 : index
// T16: scf.for %{{.*}} = %{{.*}} to %[[C64]] step %[[C16]]
// T16-NEXT: scf.for %{{.*}} = %{{.*}} to %[[C16]] step %[[C4]]
// T16: vector.transfer_read {{.*}} : tensor<1x4x16xf32>, vector<4x16xf32>
// T16: vector.transfer_read {{.*}} : tensor<1x1x16xf32>, vector<16xf32>
// T16-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// T16-NOT: vector.fma
// T16-NOT: vector<32xf32>
// T16-NOT: linalg.contract
// T16: return
func.func @gemm_even(%w: tensor<16x4xf32>, %x: tensor<1x4x64xf32>,
                     %acc: tensor<1x16x64xf32>) -> tensor<1x16x64xf32> {
  %0 = linalg.contract indexing_maps = [#lhs, #rhs, #out] {densenet.role = #densenet.role<gemm>}
         ins(%w, %x : tensor<16x4xf32>, tensor<1x4x64xf32>)
         outs(%acc : tensor<1x16x64xf32>) -> tensor<1x16x64xf32>
  return %0 : tensor<1x16x64xf32>
}

// -----

#lhs = affine_map<(n, m, p, c) -> (m, c)>
#rhs = affine_map<(n, m, p, c) -> (n, c, p)>
#out = affine_map<(n, m, p, c) -> (n, m, p)>

// M = 20, P = 72, C = 2: remainders in both m (20 = 2 * 8 + 4) and p
// (72 = 2 * 32 + 8). Peeling gives four static block shapes: 8x32 in the
// main nest, 4x32 for the m remainder inside the p loop, 8x8 in a loop over m
// for the p remainder, and the 4x8 corner. No masks, no dynamic shapes.
// CHECK-LABEL: func.func @gemm_remainders(
// CHECK-SAME: %[[W:[a-zA-Z0-9_]+]]: tensor<20x2xf32>, %[[X:[a-zA-Z0-9_]+]]: tensor<1x2x72xf32>, %[[ACC:[a-zA-Z0-9_]+]]: tensor<1x20x72xf32>)
// CHECK-NOT: linalg.contract
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG: %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG: %[[C64:.*]] = arith.constant 64 : index
// Main nest, p in [0, 64) step 32, m in [0, 16) step 8: 8x32 blocks.
// CHECK: %[[MAIN:.*]] = scf.for %[[P:.*]] = %[[C0]] to %[[C64]] step %[[C32]] iter_args(%[[A0:.*]] = %[[ACC]])
// CHECK-NEXT: %[[MMAIN:.*]] = scf.for %[[M:.*]] = %[[C0]] to %[[C16]] step %[[C8]] iter_args(%[[A1:.*]] = %[[A0]])
// CHECK: tensor.extract_slice %[[A1]][0, %[[M]], %[[P]]] [1, 8, 32]
// CHECK: scf.for %{{.*}} = %[[C0]] to %[[C2]] step %[[C1]]
// CHECK-COUNT-8: vector.fma {{.*}} : vector<32xf32>
// CHECK-NOT: vector.fma
// CHECK: tensor.insert_slice {{.*}} into %[[A1]][0, %[[M]], %[[P]]] [1, 8, 32]
// m remainder of the main p loop: channels [16, 20), 4x32 blocks.
// CHECK: tensor.extract_slice %[[W]][16, 0] [4, 2] [1, 1] : tensor<20x2xf32> to tensor<4x2xf32>
// CHECK: tensor.extract_slice %[[MMAIN]][0, 16, %[[P]]] [1, 4, 32]
// CHECK: vector<4x32xf32>
// CHECK: scf.for %{{.*}} = %[[C0]] to %[[C2]] step %[[C1]]
// CHECK-COUNT-4: vector.fma {{.*}} : vector<32xf32>
// CHECK-NOT: vector.fma
// CHECK: tensor.insert_slice {{.*}} into %[[MMAIN]][0, 16, %[[P]]] [1, 4, 32]
// p remainder, pixels [64, 72), in a loop over m: 8x8 blocks.
// CHECK: %[[PREST:.*]] = scf.for %[[M2:.*]] = %[[C0]] to %[[C16]] step %[[C8]] iter_args(%[[A2:.*]] = %[[MAIN]])
// CHECK-DAG: tensor.extract_slice %[[X]][0, 0, 64] [1, 2, 8] [1, 1, 1] : tensor<1x2x72xf32> to tensor<1x2x8xf32>
// CHECK-DAG: tensor.extract_slice %[[A2]][0, %[[M2]], 64] [1, 8, 8]
// CHECK: vector<8x8xf32>
// CHECK-COUNT-8: vector.fma {{.*}} : vector<8xf32>
// CHECK-NOT: vector.fma
// CHECK: tensor.insert_slice {{.*}} into %[[A2]][0, %[[M2]], 64] [1, 8, 8]
// The loop over m of the partial pixel block is marked too: there, the
// channel blocks run in parallel.
// CHECK: } {densenet.role = #densenet.role<parallel_loop>}
// The 4x8 corner.
// CHECK: tensor.extract_slice %[[PREST]][0, 16, 64] [1, 4, 8]
// CHECK: vector<4x8xf32>
// CHECK-COUNT-4: vector.fma {{.*}} : vector<8xf32>
// CHECK-NOT: vector.fma
// CHECK: %[[LAST:.*]] = tensor.insert_slice {{.*}} into %[[PREST]][0, 16, 64] [1, 4, 8]
// CHECK-NOT: vector.mask
// CHECK-NOT: linalg.contract
// CHECK: return %[[LAST]] : tensor<1x20x72xf32>
func.func @gemm_remainders(%w: tensor<20x2xf32>, %x: tensor<1x2x72xf32>,
                           %acc: tensor<1x20x72xf32>) -> tensor<1x20x72xf32> {
  %0 = linalg.contract indexing_maps = [#lhs, #rhs, #out] {densenet.role = #densenet.role<gemm>}
         ins(%w, %x : tensor<20x2xf32>, tensor<1x2x72xf32>)
         outs(%acc : tensor<1x20x72xf32>) -> tensor<1x20x72xf32>
  return %0 : tensor<1x20x72xf32>
}

// -----

#lhs = affine_map<(n, m, p, c) -> (m, c)>
#rhs = affine_map<(n, m, p, c) -> (n, c, p)>
#out = affine_map<(n, m, p, c) -> (n, m, p)>

// M = 12, P = 40: a single block in each direction plus the remainders, so
// the one-trip loops fold away and four straight-line blocks remain.
// CHECK-LABEL: func.func @gemm_single_blocks(
// CHECK-NOT: linalg.contract
// CHECK-NOT: scf.for {{.*}} step %c8
// CHECK-NOT: scf.for {{.*}} step %c32
// CHECK: vector.transfer_read {{.*}} : tensor<1x8x32xf32>, vector<8x32xf32>
// CHECK: vector.transfer_read {{.*}} : tensor<1x4x32xf32>, vector<4x32xf32>
// CHECK: vector.transfer_read {{.*}} : tensor<1x8x8xf32>, vector<8x8xf32>
// CHECK: vector.transfer_read {{.*}} : tensor<1x4x8xf32>, vector<4x8xf32>
// CHECK-NOT: linalg.contract
// CHECK: return
// With 4 x 16 blocks: 12 = 3 * 4 and 40 = 2 * 16 + 8.
// T16-LABEL: func.func @gemm_single_blocks(
// T16-DAG: %[[C4:.*]] = arith.constant 4 : index
// T16-DAG: %[[C12:.*]] = arith.constant 12 : index
// T16-DAG: %[[C16:.*]] = arith.constant 16 : index
// T16-DAG: %[[C32:.*]] = arith.constant 32 : index
// T16: scf.for %{{.*}} = %{{.*}} to %[[C32]] step %[[C16]]
// T16-NEXT: scf.for %{{.*}} = %{{.*}} to %[[C12]] step %[[C4]]
// T16: vector.transfer_read {{.*}} : tensor<1x4x16xf32>, vector<4x16xf32>
// T16: tensor.insert_slice {{.*}} [1, 4, 16] [1, 1, 1]
// T16: scf.for %{{.*}} = %{{.*}} to %[[C12]] step %[[C4]]
// T16: vector.transfer_read {{.*}} : tensor<1x4x8xf32>, vector<4x8xf32>
// T16: tensor.insert_slice {{.*}}[0, %{{.*}}, 32] [1, 4, 8] [1, 1, 1]
// T16-NOT: vector<8x{{[0-9]}}
// T16: return
func.func @gemm_single_blocks(%w: tensor<12x2xf32>, %x: tensor<1x2x40xf32>,
                              %acc: tensor<1x12x40xf32>) -> tensor<1x12x40xf32> {
  %0 = linalg.contract indexing_maps = [#lhs, #rhs, #out] {densenet.role = #densenet.role<gemm>}
         ins(%w, %x : tensor<12x2xf32>, tensor<1x2x40xf32>)
         outs(%acc : tensor<1x12x40xf32>) -> tensor<1x12x40xf32>
  return %0 : tensor<1x12x40xf32>
}

// -----

#lhs = affine_map<(n, m, p, c) -> (m, c)>
#rhs = affine_map<(n, m, p, c) -> (n, c, p)>
#out = affine_map<(n, m, p, c) -> (n, m, p)>

// Only contractions with role gemm are scheduled.
// CHECK-LABEL: func.func @untagged_contract(
// CHECK-NOT: scf.for
// CHECK-NOT: vector.
// CHECK: linalg.contract
// CHECK-NOT: scf.for
// CHECK: return
func.func @untagged_contract(%w: tensor<16x4xf32>, %x: tensor<1x4x64xf32>,
                             %acc: tensor<1x16x64xf32>) -> tensor<1x16x64xf32> {
  %0 = linalg.contract indexing_maps = [#lhs, #rhs, #out]
         ins(%w, %x : tensor<16x4xf32>, tensor<1x4x64xf32>)
         outs(%acc : tensor<1x16x64xf32>) -> tensor<1x16x64xf32>
  return %0 : tensor<1x16x64xf32>
}

// -----

// A reduction with role channel_parallel (here a global average pool
// over 20 channels) becomes one loop over blocks of tile-m channels, the
// last one partial, marked for densenet-parallelize-loops.
// CHECK-LABEL: func.func @channel_parallel_pool(
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG: %[[C20:.*]] = arith.constant 20 : index
// CHECK: scf.for %[[CH:.*]] = %{{.*}} to %[[C20]] step %[[C8]]
// CHECK: %[[N:.*]] = affine.min {{.*}}(%[[CH]])
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x?x7x7xf32>) outs(%{{.*}} : tensor<1x?xf32>)
// CHECK: } {densenet.role = #densenet.role<parallel_loop>}
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

// -----

// A dot product (the classifier, here 3 outputs of 48 products each)
// becomes one parallel loop over outputs; each output keeps 16 partial sums
// in a vector along the reduction and adds them up once.
// CHECK-LABEL: func.func @dot_product(
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[C48:.*]] = arith.constant 48 : index
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[C3]]
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[C48]] step %[[C16]] iter_args({{.*}}) -> (vector<16xf32>)
// CHECK-NOT: vector.create_mask
// CHECK: %[[P:.*]] = arith.mulf %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK: arith.addf %{{.*}}, %[[P]] : vector<16xf32>
// CHECK: vector.reduction <add>, %{{.*}}, %{{.*}} : vector<16xf32> into f32
// CHECK: } {densenet.role = #densenet.role<parallel_loop>}
func.func @dot_product(%x: tensor<1x48xf32>, %w: tensor<3x48xf32>,
                       %acc: tensor<1x3xf32>) -> tensor<1x3xf32> {
  %0 = linalg.generic {
         indexing_maps = [affine_map<(n, m, c) -> (n, c)>,
                          affine_map<(n, m, c) -> (m, c)>,
                          affine_map<(n, m, c) -> (n, m)>],
         iterator_types = ["parallel", "parallel", "reduction"]}
         ins(%x, %w : tensor<1x48xf32>, tensor<3x48xf32>)
         outs(%acc : tensor<1x3xf32>)
         attrs = {densenet.role = #densenet.role<dot_product>} {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %out, %p : f32
    linalg.yield %s : f32
  } -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// A fill with role channel_parallel (a pool's initial value) becomes one
// loop over blocks of tile-m channels too, marked for
// densenet-parallelize-loops.
// CHECK-LABEL: func.func @channel_parallel_fill(
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[C16]] step %[[C8]]
// CHECK: linalg.fill {{.*}} -> tensor<1x8x96xf32>
// CHECK: } {densenet.role = #densenet.role<parallel_loop>}
func.func @channel_parallel_fill(%acc: tensor<1x16x96xf32>) -> tensor<1x16x96xf32> {
  %zero = arith.constant 0.0 : f32
  %0 = linalg.fill {densenet.role = #densenet.role<channel_parallel>}
         ins(%zero : f32) outs(%acc : tensor<1x16x96xf32>) -> tensor<1x16x96xf32>
  return %0 : tensor<1x16x96xf32>
}

// -----

// A GEMM whose accumulator is a fill without a role (a convolution's): the
// fill is fused into the register blocks and vectorized, so each block's
// accumulators start as a zero vector, not as a read of zeros written over
// the whole output first.
#lhs = affine_map<(n, m, p, c) -> (m, c)>
#rhs = affine_map<(n, m, p, c) -> (n, c, p)>
#out = affine_map<(n, m, p, c) -> (n, m, p)>
// CHECK-LABEL: func.func @gemm_fused_fill(
// CHECK-NOT: linalg.fill
// CHECK: %[[ZEROS:.*]] = arith.constant dense<0.000000e+00> : vector<8x32xf32>
// CHECK: scf.for {{.*}} -> (tensor<1x16x64xf32>)
// CHECK-NEXT: scf.for {{.*}} -> (tensor<1x16x64xf32>)
// CHECK-NOT: vector.transfer_read {{.*}} vector<8x32xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[ZEROS]]) -> (vector<8x32xf32>)
// CHECK-NOT: linalg.fill
// CHECK: return
func.func @gemm_fused_fill(%w: tensor<16x4xf32>, %x: tensor<1x4x64xf32>,
                           %buf: tensor<1x16x64xf32>) -> tensor<1x16x64xf32> {
  %zero = arith.constant 0.0 : f32
  %acc = linalg.fill ins(%zero : f32) outs(%buf : tensor<1x16x64xf32>) -> tensor<1x16x64xf32>
  %0 = linalg.contract indexing_maps = [#lhs, #rhs, #out] {densenet.role = #densenet.role<gemm>}
         ins(%w, %x : tensor<16x4xf32>, tensor<1x4x64xf32>)
         outs(%acc : tensor<1x16x64xf32>) -> tensor<1x16x64xf32>
  return %0 : tensor<1x16x64xf32>
}
