// RUN: densenet-opt %s -split-input-file --densenet-decompose | FileCheck %s
// RUN: densenet-opt %s -split-input-file --densenet-decompose --mlir-print-debuginfo --mlir-print-local-scope | FileCheck %s --check-prefix=LOC

// Every structural densenet op is rewritten into primitive layers. Each case
// carries a named location: the LOC run checks that every op the rewrite
// creates keeps the location of the structural op it came from.

// ImageNet stem: conv 7x7 stride 2 pad 3 -> batch_norm -> relu -> max_pool
// 3x3 stride 2 pad 1. The stem's epsilon is carried to its batch norm.
// CHECK-LABEL: func.func @stem_imagenet(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x3x32x32xf32>, %[[W:[a-zA-Z0-9_]+]]: tensor<8x3x7x7xf32>, %[[N:[a-zA-Z0-9_]+]]: tensor<4x8xf32>)
// CHECK-NEXT: %[[C:.*]] = densenet.conv2d %[[X]], %[[W]] {padding = array<i64: 3, 3, 3, 3>, stride = array<i64: 2, 2>} : tensor<1x3x32x32xf32>, tensor<8x3x7x7xf32> -> tensor<1x8x16x16xf32>
// CHECK-NEXT: %[[B:.*]] = densenet.batch_norm %[[C]], %[[N]] {epsilon = 1.000000e-03 : f64} : tensor<1x8x16x16xf32>, tensor<4x8xf32>
// CHECK-NEXT: %[[R:.*]] = densenet.relu %[[B]] : tensor<1x8x16x16xf32>
// CHECK-NEXT: %[[P:.*]] = densenet.max_pool %[[R]] {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>} : tensor<1x8x16x16xf32> -> tensor<1x8x8x8xf32>
// CHECK-NEXT: return %[[P]] : tensor<1x8x8x8xf32>
// LOC-LABEL: func.func @stem_imagenet(
// LOC: densenet.conv2d {{.*}} loc("stem")
// LOC-NEXT: densenet.batch_norm {{.*}} loc("stem")
// LOC-NEXT: densenet.relu {{.*}} loc("stem")
// LOC-NEXT: densenet.max_pool {{.*}} loc("stem")
func.func @stem_imagenet(%x: tensor<1x3x32x32xf32>, %w: tensor<8x3x7x7xf32>,
                         %n: tensor<4x8xf32>) -> tensor<1x8x8x8xf32> {
  %0 = densenet.stem imagenet %x : tensor<1x3x32x32xf32>
         conv(%w : tensor<8x3x7x7xf32>) norm(%n : tensor<4x8xf32>)
         {epsilon = 1.0e-3 : f64} -> tensor<1x8x8x8xf32> loc("stem")
  return %0 : tensor<1x8x8x8xf32>
}

// -----

// CIFAR stem: one 3x3 stride 1 pad 1 convolution, nothing else.
// CHECK-LABEL: func.func @stem_cifar(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x3x8x8xf32>, %[[W:[a-zA-Z0-9_]+]]: tensor<16x3x3x3xf32>)
// CHECK-NEXT: %[[C:.*]] = densenet.conv2d %[[X]], %[[W]] {padding = array<i64: 1, 1, 1, 1>} : tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32> -> tensor<1x16x8x8xf32>
// CHECK-NEXT: return %[[C]] : tensor<1x16x8x8xf32>
// LOC-LABEL: func.func @stem_cifar(
// LOC: densenet.conv2d {{.*}} loc("cifar_stem")
func.func @stem_cifar(%x: tensor<1x3x8x8xf32>,
                      %w: tensor<16x3x3x3xf32>) -> tensor<1x16x8x8xf32> {
  %0 = densenet.stem cifar %x : tensor<1x3x8x8xf32>
         conv(%w : tensor<16x3x3x3xf32>) -> tensor<1x16x8x8xf32> loc("cifar_stem")
  return %0 : tensor<1x16x8x8xf32>
}

// -----

// Bottleneck dense layer: BN(norm1)-ReLU-Conv1x1(pad 0), then
// BN(norm2)-ReLU-Conv3x3(pad 1). The result is only the k new channels.
// CHECK-LABEL: func.func @dense_layer_bottleneck(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x8x8x8xf32>, %[[N1:[a-zA-Z0-9_]+]]: tensor<4x8xf32>, %[[W1:[a-zA-Z0-9_]+]]: tensor<16x8x1x1xf32>, %[[N2:[a-zA-Z0-9_]+]]: tensor<4x16xf32>, %[[W2:[a-zA-Z0-9_]+]]: tensor<4x16x3x3xf32>)
// CHECK-NEXT: %[[B1:.*]] = densenet.batch_norm %[[X]], %[[N1]] : tensor<1x8x8x8xf32>, tensor<4x8xf32>
// CHECK-NEXT: %[[R1:.*]] = densenet.relu %[[B1]] : tensor<1x8x8x8xf32>
// CHECK-NEXT: %[[C1:.*]] = densenet.conv2d %[[R1]], %[[W1]] : tensor<1x8x8x8xf32>, tensor<16x8x1x1xf32> -> tensor<1x16x8x8xf32>
// CHECK-NEXT: %[[B2:.*]] = densenet.batch_norm %[[C1]], %[[N2]] : tensor<1x16x8x8xf32>, tensor<4x16xf32>
// CHECK-NEXT: %[[R2:.*]] = densenet.relu %[[B2]] : tensor<1x16x8x8xf32>
// CHECK-NEXT: %[[C2:.*]] = densenet.conv2d %[[R2]], %[[W2]] {padding = array<i64: 1, 1, 1, 1>} : tensor<1x16x8x8xf32>, tensor<4x16x3x3xf32> -> tensor<1x4x8x8xf32>
// CHECK-NEXT: return %[[C2]] : tensor<1x4x8x8xf32>
// LOC-LABEL: func.func @dense_layer_bottleneck(
// LOC-COUNT-6: loc("layer")
// LOC-NEXT: return
func.func @dense_layer_bottleneck(%x: tensor<1x8x8x8xf32>, %n1: tensor<4x8xf32>,
                                  %w1: tensor<16x8x1x1xf32>, %n2: tensor<4x16xf32>,
                                  %w2: tensor<4x16x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %0 = densenet.dense_layer %x : tensor<1x8x8x8xf32>
         norm(%n1 : tensor<4x8xf32>) conv(%w1 : tensor<16x8x1x1xf32>)
         norm(%n2 : tensor<4x16xf32>) conv(%w2 : tensor<4x16x3x3xf32>)
         -> tensor<1x4x8x8xf32> loc("layer")
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// Plain dense layer: BN-ReLU-Conv3x3(pad 1); the layer's epsilon is kept.
// CHECK-LABEL: func.func @dense_layer_plain(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x8x8x8xf32>, %[[N:[a-zA-Z0-9_]+]]: tensor<4x8xf32>, %[[W:[a-zA-Z0-9_]+]]: tensor<4x8x3x3xf32>)
// CHECK-NEXT: %[[B:.*]] = densenet.batch_norm %[[X]], %[[N]] {epsilon = 2.000000e-05 : f64} : tensor<1x8x8x8xf32>, tensor<4x8xf32>
// CHECK-NEXT: %[[R:.*]] = densenet.relu %[[B]] : tensor<1x8x8x8xf32>
// CHECK-NEXT: %[[C:.*]] = densenet.conv2d %[[R]], %[[W]] {padding = array<i64: 1, 1, 1, 1>} : tensor<1x8x8x8xf32>, tensor<4x8x3x3xf32> -> tensor<1x4x8x8xf32>
// CHECK-NEXT: return %[[C]] : tensor<1x4x8x8xf32>
func.func @dense_layer_plain(%x: tensor<1x8x8x8xf32>, %n: tensor<4x8xf32>,
                             %w: tensor<4x8x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %0 = densenet.dense_layer %x : tensor<1x8x8x8xf32>
         norm(%n : tensor<4x8xf32>) conv(%w : tensor<4x8x3x3xf32>)
         {epsilon = 2.0e-5 : f64} -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// Dense block of 2 plain layers, k = 4: each layer reads the features so far
// and the block concatenates [features, new channels], features first.
// CHECK-LABEL: func.func @dense_block_plain(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x8x8x8xf32>, %[[N0:[a-zA-Z0-9_]+]]: tensor<4x8xf32>, %[[W0:[a-zA-Z0-9_]+]]: tensor<4x8x3x3xf32>, %[[N1:[a-zA-Z0-9_]+]]: tensor<4x12xf32>, %[[W1:[a-zA-Z0-9_]+]]: tensor<4x12x3x3xf32>)
// CHECK-NEXT: %[[B0:.*]] = densenet.batch_norm %[[X]], %[[N0]] : tensor<1x8x8x8xf32>, tensor<4x8xf32>
// CHECK-NEXT: %[[R0:.*]] = densenet.relu %[[B0]] : tensor<1x8x8x8xf32>
// CHECK-NEXT: %[[C0:.*]] = densenet.conv2d %[[R0]], %[[W0]] {padding = array<i64: 1, 1, 1, 1>} : tensor<1x8x8x8xf32>, tensor<4x8x3x3xf32> -> tensor<1x4x8x8xf32>
// CHECK-NEXT: %[[F1:.*]] = densenet.concat %[[X]], %[[C0]] : tensor<1x8x8x8xf32>, tensor<1x4x8x8xf32> -> tensor<1x12x8x8xf32>
// CHECK-NEXT: %[[B1:.*]] = densenet.batch_norm %[[F1]], %[[N1]] : tensor<1x12x8x8xf32>, tensor<4x12xf32>
// CHECK-NEXT: %[[R1:.*]] = densenet.relu %[[B1]] : tensor<1x12x8x8xf32>
// CHECK-NEXT: %[[C1:.*]] = densenet.conv2d %[[R1]], %[[W1]] {padding = array<i64: 1, 1, 1, 1>} : tensor<1x12x8x8xf32>, tensor<4x12x3x3xf32> -> tensor<1x4x8x8xf32>
// CHECK-NEXT: %[[F2:.*]] = densenet.concat %[[F1]], %[[C1]] : tensor<1x12x8x8xf32>, tensor<1x4x8x8xf32> -> tensor<1x16x8x8xf32>
// CHECK-NEXT: return %[[F2]] : tensor<1x16x8x8xf32>
// Layer l of a block with a name gets the NameLoc "<block>.denselayer<l+1>"
// (torchvision's module name) around the block's location; the concats keep
// the block's location.
// LOC-LABEL: func.func @dense_block_plain(
// LOC-NEXT: densenet.batch_norm {{.*}} loc("block.denselayer1"("block"))
// LOC-NEXT: densenet.relu {{.*}} loc("block.denselayer1"("block"))
// LOC-NEXT: densenet.conv2d {{.*}} loc("block.denselayer1"("block"))
// LOC-NEXT: densenet.concat {{.*}} loc("block")
// LOC-NEXT: densenet.batch_norm {{.*}} loc("block.denselayer2"("block"))
// LOC-NEXT: densenet.relu {{.*}} loc("block.denselayer2"("block"))
// LOC-NEXT: densenet.conv2d {{.*}} loc("block.denselayer2"("block"))
// LOC-NEXT: densenet.concat {{.*}} loc("block")
// LOC-NEXT: return
func.func @dense_block_plain(%x: tensor<1x8x8x8xf32>, %n0: tensor<4x8xf32>,
                             %w0: tensor<4x8x3x3xf32>, %n1: tensor<4x12xf32>,
                             %w1: tensor<4x12x3x3xf32>) -> tensor<1x16x8x8xf32> {
  %0 = densenet.dense_block %x : tensor<1x8x8x8xf32> layers 2 growth_rate 4
         params(%n0, %w0, %n1, %w1 : tensor<4x8xf32>, tensor<4x8x3x3xf32>,
                tensor<4x12xf32>, tensor<4x12x3x3xf32>)
         -> tensor<1x16x8x8xf32> loc("block")
  return %0 : tensor<1x16x8x8xf32>
}

// -----

// Dense block of 2 bottleneck layers: the params are taken 4 per layer
// (norm1, conv1, norm2, conv2) and the block's epsilon reaches every norm.
// CHECK-LABEL: func.func @dense_block_bottleneck(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x8x4x4xf32>,
// CHECK-SAME: %[[A0:[a-zA-Z0-9_]+]]: tensor<4x8xf32>, %[[A1:[a-zA-Z0-9_]+]]: tensor<8x8x1x1xf32>, %[[A2:[a-zA-Z0-9_]+]]: tensor<4x8xf32>, %[[A3:[a-zA-Z0-9_]+]]: tensor<4x8x3x3xf32>,
// CHECK-SAME: %[[B0:[a-zA-Z0-9_]+]]: tensor<4x12xf32>, %[[B1:[a-zA-Z0-9_]+]]: tensor<8x12x1x1xf32>, %[[B2:[a-zA-Z0-9_]+]]: tensor<4x8xf32>, %[[B3:[a-zA-Z0-9_]+]]: tensor<4x8x3x3xf32>)
// CHECK: densenet.batch_norm %[[X]], %[[A0]] {epsilon = 1.000000e-03 : f64}
// CHECK: densenet.conv2d %{{.*}}, %[[A1]] : tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32> -> tensor<1x8x4x4xf32>
// CHECK: densenet.batch_norm %{{.*}}, %[[A2]] {epsilon = 1.000000e-03 : f64}
// CHECK: %[[G0:.*]] = densenet.conv2d %{{.*}}, %[[A3]] {padding = array<i64: 1, 1, 1, 1>}
// CHECK-NEXT: %[[F1:.*]] = densenet.concat %[[X]], %[[G0]] : tensor<1x8x4x4xf32>, tensor<1x4x4x4xf32> -> tensor<1x12x4x4xf32>
// CHECK-NEXT: densenet.batch_norm %[[F1]], %[[B0]] {epsilon = 1.000000e-03 : f64}
// CHECK: densenet.conv2d %{{.*}}, %[[B1]] : tensor<1x12x4x4xf32>, tensor<8x12x1x1xf32> -> tensor<1x8x4x4xf32>
// CHECK: densenet.batch_norm %{{.*}}, %[[B2]] {epsilon = 1.000000e-03 : f64}
// CHECK: %[[G1:.*]] = densenet.conv2d %{{.*}}, %[[B3]] {padding = array<i64: 1, 1, 1, 1>}
// CHECK-NEXT: %[[F2:.*]] = densenet.concat %[[F1]], %[[G1]] : tensor<1x12x4x4xf32>, tensor<1x4x4x4xf32> -> tensor<1x16x4x4xf32>
// CHECK-NEXT: return %[[F2]]
// A block without a name: all 14 ops keep the block's own location.
// LOC-LABEL: func.func @dense_block_bottleneck(
// LOC-NEXT: densenet.batch_norm {{.*}} loc([[BLOCK:"[^"]*decompose.mlir":[0-9]+:[0-9]+]])
// LOC-COUNT-13: loc([[BLOCK]])
// LOC-NEXT: return
func.func @dense_block_bottleneck(
    %x: tensor<1x8x4x4xf32>,
    %a0: tensor<4x8xf32>, %a1: tensor<8x8x1x1xf32>, %a2: tensor<4x8xf32>, %a3: tensor<4x8x3x3xf32>,
    %b0: tensor<4x12xf32>, %b1: tensor<8x12x1x1xf32>, %b2: tensor<4x8xf32>, %b3: tensor<4x8x3x3xf32>)
    -> tensor<1x16x4x4xf32> {
  %0 = densenet.dense_block %x : tensor<1x8x4x4xf32> layers 2 growth_rate 4
         params(%a0, %a1, %a2, %a3, %b0, %b1, %b2, %b3 :
                tensor<4x8xf32>, tensor<8x8x1x1xf32>, tensor<4x8xf32>, tensor<4x8x3x3xf32>,
                tensor<4x12xf32>, tensor<8x12x1x1xf32>, tensor<4x8xf32>, tensor<4x8x3x3xf32>)
         {epsilon = 1.0e-3 : f64} -> tensor<1x16x4x4xf32>
  return %0 : tensor<1x16x4x4xf32>
}

// -----

// Transition: BN-ReLU, then avg_pool 2x2 stride 2 (no padding) BEFORE the
// 1x1 convolution, which therefore runs on the pooled 4x4 map.
// CHECK-LABEL: func.func @transition(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x16x8x8xf32>, %[[N:[a-zA-Z0-9_]+]]: tensor<4x16xf32>, %[[W:[a-zA-Z0-9_]+]]: tensor<8x16x1x1xf32>)
// CHECK-NEXT: %[[B:.*]] = densenet.batch_norm %[[X]], %[[N]] : tensor<1x16x8x8xf32>, tensor<4x16xf32>
// CHECK-NEXT: %[[R:.*]] = densenet.relu %[[B]] : tensor<1x16x8x8xf32>
// CHECK-NEXT: %[[P:.*]] = densenet.avg_pool %[[R]] {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>} : tensor<1x16x8x8xf32> -> tensor<1x16x4x4xf32>
// CHECK-NEXT: %[[C:.*]] = densenet.conv2d %[[P]], %[[W]] : tensor<1x16x4x4xf32>, tensor<8x16x1x1xf32> -> tensor<1x8x4x4xf32>
// CHECK-NEXT: return %[[C]] : tensor<1x8x4x4xf32>
// LOC-LABEL: func.func @transition(
// LOC-COUNT-4: loc("transition")
// LOC-NEXT: return
func.func @transition(%x: tensor<1x16x8x8xf32>, %n: tensor<4x16xf32>,
                      %w: tensor<8x16x1x1xf32>) -> tensor<1x8x4x4xf32> {
  %0 = densenet.transition %x : tensor<1x16x8x8xf32> norm(%n : tensor<4x16xf32>)
         conv(%w : tensor<8x16x1x1xf32>) -> tensor<1x8x4x4xf32> loc("transition")
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Classifier: BN-ReLU, global average pool, linear.
// CHECK-LABEL: func.func @classifier(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x16x4x4xf32>, %[[N:[a-zA-Z0-9_]+]]: tensor<4x16xf32>, %[[W:[a-zA-Z0-9_]+]]: tensor<10x16xf32>, %[[B:[a-zA-Z0-9_]+]]: tensor<10xf32>)
// CHECK-NEXT: %[[BN:.*]] = densenet.batch_norm %[[X]], %[[N]] : tensor<1x16x4x4xf32>, tensor<4x16xf32>
// CHECK-NEXT: %[[R:.*]] = densenet.relu %[[BN]] : tensor<1x16x4x4xf32>
// CHECK-NEXT: %[[G:.*]] = densenet.global_avg_pool %[[R]] : tensor<1x16x4x4xf32> -> tensor<1x16xf32>
// CHECK-NEXT: %[[L:.*]] = densenet.linear %[[G]], %[[W]], %[[B]] : tensor<1x16xf32>, tensor<10x16xf32>, tensor<10xf32> -> tensor<1x10xf32>
// CHECK-NEXT: return %[[L]] : tensor<1x10xf32>
// LOC-LABEL: func.func @classifier(
// LOC-COUNT-4: loc("classifier")
// LOC-NEXT: return
func.func @classifier(%x: tensor<1x16x4x4xf32>, %n: tensor<4x16xf32>,
                      %w: tensor<10x16xf32>, %b: tensor<10xf32>) -> tensor<1x10xf32> {
  %0 = densenet.classifier %x : tensor<1x16x4x4xf32> norm(%n : tensor<4x16xf32>)
         fc(%w, %b : tensor<10x16xf32>, tensor<10xf32>) -> tensor<1x10xf32> loc("classifier")
  return %0 : tensor<1x10xf32>
}

// -----

// Primitive layers are already decomposed: the pass leaves them alone.
// CHECK-LABEL: func.func @primitives_untouched(
// CHECK-NEXT: densenet.batch_norm
// CHECK-NEXT: densenet.relu
// CHECK-NEXT: return
func.func @primitives_untouched(%x: tensor<1x4x2x2xf32>, %n: tensor<4x4xf32>) -> tensor<1x4x2x2xf32> {
  %0 = densenet.batch_norm %x, %n : tensor<1x4x2x2xf32>, tensor<4x4xf32>
  %1 = densenet.relu %0 : tensor<1x4x2x2xf32>
  return %1 : tensor<1x4x2x2xf32>
}
