// RUN: densenet-opt %s | densenet-opt | FileCheck %s
// RUN: densenet-opt %s --mlir-print-op-generic | densenet-opt | FileCheck %s
// RUN: densenet-opt %s --emit-bytecode | densenet-opt | FileCheck %s
// RUN: densenet-opt %s --verify-roundtrip -o /dev/null
// RUN: densenet-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// Round trip of every densenet op through its custom assembly format and
// through the generic form. Each function holds one op; weights are function
// arguments with small shapes. The result types written below are the types
// each op infers, so the round trip also checks shape inference.

//===----------------------------------------------------------------------===//
// Structural ops
//===----------------------------------------------------------------------===//

// imagenet: conv 7x7/2 pad 3 (32 -> 16), max pool 3x3/2 pad 1 (16 -> 8).
// CHECK-LABEL: func.func @stem_imagenet(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x3x32x32xf32>, %[[W:[a-zA-Z0-9_]+]]: tensor<8x3x7x7xf32>, %[[N:[a-zA-Z0-9_]+]]: tensor<4x8xf32>)
// CHECK: %[[R:.*]] = densenet.stem imagenet %[[X]] : tensor<1x3x32x32xf32> conv(%[[W]] : tensor<8x3x7x7xf32>) norm(%[[N]] : tensor<4x8xf32>) -> tensor<1x8x8x8xf32>
// CHECK-NOT: epsilon
// CHECK: return %[[R]] : tensor<1x8x8x8xf32>
// GENERIC-LABEL: sym_name = "stem_imagenet"
// GENERIC: "densenet.stem"(%{{.*}}, %{{.*}}, %{{.*}}) <{epsilon = 1.000000e-05 : f64, kind = 0 : i32}>
func.func @stem_imagenet(%x: tensor<1x3x32x32xf32>, %w: tensor<8x3x7x7xf32>,
                         %n: tensor<4x8xf32>) -> tensor<1x8x8x8xf32> {
  %0 = densenet.stem imagenet %x : tensor<1x3x32x32xf32>
         conv(%w : tensor<8x3x7x7xf32>) norm(%n : tensor<4x8xf32>)
         -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}

// Odd input size, non-default epsilon: conv (15 -> 8), pool (8 -> 4).
// CHECK-LABEL: func.func @stem_imagenet_odd_epsilon(
// CHECK: densenet.stem imagenet %{{.*}} : tensor<2x3x15x15xf32> conv(%{{.*}} : tensor<4x3x7x7xf32>) norm(%{{.*}} : tensor<4x4xf32>) {epsilon = 1.000000e-03 : f64} -> tensor<2x4x4x4xf32>
func.func @stem_imagenet_odd_epsilon(%x: tensor<2x3x15x15xf32>,
                                     %w: tensor<4x3x7x7xf32>,
                                     %n: tensor<4x4xf32>) -> tensor<2x4x4x4xf32> {
  %0 = densenet.stem imagenet %x : tensor<2x3x15x15xf32>
         conv(%w : tensor<4x3x7x7xf32>) norm(%n : tensor<4x4xf32>)
         {epsilon = 1.0e-3 : f64} -> tensor<2x4x4x4xf32>
  return %0 : tensor<2x4x4x4xf32>
}

// cifar: conv 3x3/1 pad 1 only, spatial size kept, no norm.
// CHECK-LABEL: func.func @stem_cifar(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x3x8x8xf32>, %[[W:[a-zA-Z0-9_]+]]: tensor<16x3x3x3xf32>)
// CHECK: %[[R:.*]] = densenet.stem cifar %[[X]] : tensor<1x3x8x8xf32> conv(%[[W]] : tensor<16x3x3x3xf32>) -> tensor<1x16x8x8xf32>
// CHECK: return %[[R]]
// GENERIC-LABEL: sym_name = "stem_cifar"
// GENERIC: "densenet.stem"(%{{.*}}, %{{.*}}) <{epsilon = 1.000000e-05 : f64, kind = 1 : i32}>
func.func @stem_cifar(%x: tensor<1x3x8x8xf32>,
                      %w: tensor<16x3x3x3xf32>) -> tensor<1x16x8x8xf32> {
  %0 = densenet.stem cifar %x : tensor<1x3x8x8xf32>
         conv(%w : tensor<16x3x3x3xf32>) -> tensor<1x16x8x8xf32>
  return %0 : tensor<1x16x8x8xf32>
}

// Bottleneck layer: 8 channels -> 1x1 conv to bn_size*k = 8 -> 3x3 conv to k = 4.
// CHECK-LABEL: func.func @dense_layer_bottleneck(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x8x8x8xf32>, %[[N1:[a-zA-Z0-9_]+]]: tensor<4x8xf32>, %[[W1:[a-zA-Z0-9_]+]]: tensor<8x8x1x1xf32>, %[[N2:[a-zA-Z0-9_]+]]: tensor<4x8xf32>, %[[W2:[a-zA-Z0-9_]+]]: tensor<4x8x3x3xf32>)
// CHECK: %[[R:.*]] = densenet.dense_layer %[[X]] : tensor<1x8x8x8xf32> norm(%[[N1]] : tensor<4x8xf32>) conv(%[[W1]] : tensor<8x8x1x1xf32>) norm(%[[N2]] : tensor<4x8xf32>) conv(%[[W2]] : tensor<4x8x3x3xf32>) -> tensor<1x4x8x8xf32>
// CHECK: return %[[R]]
// GENERIC-LABEL: sym_name = "dense_layer_bottleneck"
// GENERIC: "densenet.dense_layer"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) <{epsilon = 1.000000e-05 : f64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1>}>
func.func @dense_layer_bottleneck(%x: tensor<1x8x8x8xf32>,
                                  %n1: tensor<4x8xf32>, %w1: tensor<8x8x1x1xf32>,
                                  %n2: tensor<4x8xf32>, %w2: tensor<4x8x3x3xf32>)
    -> tensor<1x4x8x8xf32> {
  %0 = densenet.dense_layer %x : tensor<1x8x8x8xf32>
         norm(%n1 : tensor<4x8xf32>) conv(%w1 : tensor<8x8x1x1xf32>)
         norm(%n2 : tensor<4x8xf32>) conv(%w2 : tensor<4x8x3x3xf32>)
         -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// Plain layer: BN-ReLU-Conv3x3 straight to k = 4.
// CHECK-LABEL: func.func @dense_layer_plain(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x6x5x7xf32>, %[[N:[a-zA-Z0-9_]+]]: tensor<4x6xf32>, %[[W:[a-zA-Z0-9_]+]]: tensor<4x6x3x3xf32>)
// CHECK: %[[R:.*]] = densenet.dense_layer %[[X]] : tensor<1x6x5x7xf32> norm(%[[N]] : tensor<4x6xf32>) conv(%[[W]] : tensor<4x6x3x3xf32>) {epsilon = 1.000000e-03 : f64} -> tensor<1x4x5x7xf32>
// CHECK: return %[[R]]
// GENERIC-LABEL: sym_name = "dense_layer_plain"
// GENERIC: "densenet.dense_layer"(%{{.*}}, %{{.*}}, %{{.*}}) <{epsilon = 1.000000e-03 : f64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>}>
func.func @dense_layer_plain(%x: tensor<1x6x5x7xf32>, %n: tensor<4x6xf32>,
                             %w: tensor<4x6x3x3xf32>) -> tensor<1x4x5x7xf32> {
  %0 = densenet.dense_layer %x : tensor<1x6x5x7xf32>
         norm(%n : tensor<4x6xf32>) conv(%w : tensor<4x6x3x3xf32>)
         {epsilon = 1.0e-3 : f64} -> tensor<1x4x5x7xf32>
  return %0 : tensor<1x4x5x7xf32>
}

// Bottleneck block: 2 layers, k = 4, bn_size 2; 8 + 2*4 = 16 channels.
// CHECK-LABEL: func.func @dense_block_bottleneck(
// CHECK: %[[R:.*]] = densenet.dense_block %{{.*}} : tensor<1x8x8x8xf32> layers 2 growth_rate 4 params(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8x8x1x1xf32>, tensor<4x8xf32>, tensor<4x8x3x3xf32>, tensor<4x12xf32>, tensor<8x12x1x1xf32>, tensor<4x8xf32>, tensor<4x8x3x3xf32>) -> tensor<1x16x8x8xf32>
// CHECK: return %[[R]]
func.func @dense_block_bottleneck(
    %x: tensor<1x8x8x8xf32>,
    %a1: tensor<4x8xf32>, %b1: tensor<8x8x1x1xf32>,
    %c1: tensor<4x8xf32>, %d1: tensor<4x8x3x3xf32>,
    %a2: tensor<4x12xf32>, %b2: tensor<8x12x1x1xf32>,
    %c2: tensor<4x8xf32>, %d2: tensor<4x8x3x3xf32>) -> tensor<1x16x8x8xf32> {
  %0 = densenet.dense_block %x : tensor<1x8x8x8xf32> layers 2 growth_rate 4
         params(%a1, %b1, %c1, %d1, %a2, %b2, %c2, %d2 :
                tensor<4x8xf32>, tensor<8x8x1x1xf32>,
                tensor<4x8xf32>, tensor<4x8x3x3xf32>,
                tensor<4x12xf32>, tensor<8x12x1x1xf32>,
                tensor<4x8xf32>, tensor<4x8x3x3xf32>)
         -> tensor<1x16x8x8xf32>
  return %0 : tensor<1x16x8x8xf32>
}

// Plain block: 3 layers, k = 2; 4 + 3*2 = 10 channels.
// CHECK-LABEL: func.func @dense_block_plain(
// CHECK: %[[R:.*]] = densenet.dense_block %{{.*}} : tensor<1x4x6x6xf32> layers 3 growth_rate 2 params(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<4x4xf32>, tensor<2x4x3x3xf32>, tensor<4x6xf32>, tensor<2x6x3x3xf32>, tensor<4x8xf32>, tensor<2x8x3x3xf32>) {epsilon = 1.000000e-03 : f64} -> tensor<1x10x6x6xf32>
// CHECK: return %[[R]]
// GENERIC-LABEL: sym_name = "dense_block_plain"
// GENERIC: "densenet.dense_block"({{.*}}) <{epsilon = 1.000000e-03 : f64, growth_rate = 2 : i64, num_layers = 3 : i64}>
func.func @dense_block_plain(
    %x: tensor<1x4x6x6xf32>,
    %a1: tensor<4x4xf32>, %b1: tensor<2x4x3x3xf32>,
    %a2: tensor<4x6xf32>, %b2: tensor<2x6x3x3xf32>,
    %a3: tensor<4x8xf32>, %b3: tensor<2x8x3x3xf32>) -> tensor<1x10x6x6xf32> {
  %0 = densenet.dense_block %x : tensor<1x4x6x6xf32> layers 3 growth_rate 2
         params(%a1, %b1, %a2, %b2, %a3, %b3 :
                tensor<4x4xf32>, tensor<2x4x3x3xf32>,
                tensor<4x6xf32>, tensor<2x6x3x3xf32>,
                tensor<4x8xf32>, tensor<2x8x3x3xf32>)
         {epsilon = 1.0e-3 : f64} -> tensor<1x10x6x6xf32>
  return %0 : tensor<1x10x6x6xf32>
}

// Default compression 0.5 (elided when printed): 16 -> 8 channels, 8x8 -> 4x4.
// CHECK-LABEL: func.func @transition(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x16x8x8xf32>, %[[N:[a-zA-Z0-9_]+]]: tensor<4x16xf32>, %[[W:[a-zA-Z0-9_]+]]: tensor<8x16x1x1xf32>)
// CHECK: %[[R:.*]] = densenet.transition %[[X]] : tensor<1x16x8x8xf32> norm(%[[N]] : tensor<4x16xf32>) conv(%[[W]] : tensor<8x16x1x1xf32>) -> tensor<1x8x4x4xf32>
// CHECK: return %[[R]]
// GENERIC-LABEL: sym_name = "transition"
// GENERIC: "densenet.transition"(%{{.*}}, %{{.*}}, %{{.*}}) <{compression = 5.000000e-01 : f64, epsilon = 1.000000e-05 : f64}>
func.func @transition(%x: tensor<1x16x8x8xf32>, %n: tensor<4x16xf32>,
                      %w: tensor<8x16x1x1xf32>) -> tensor<1x8x4x4xf32> {
  %0 = densenet.transition %x : tensor<1x16x8x8xf32>
         norm(%n : tensor<4x16xf32>) conv(%w : tensor<8x16x1x1xf32>)
         -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// compression 0.75: floor(0.75 * 10) = 7 channels; odd 7x5 pools to 3x2.
// CHECK-LABEL: func.func @transition_compression(
// CHECK: densenet.transition %{{.*}} : tensor<2x10x7x5xf32> norm(%{{.*}} : tensor<4x10xf32>) conv(%{{.*}} : tensor<7x10x1x1xf32>) {compression = 7.500000e-01 : f64} -> tensor<2x7x3x2xf32>
func.func @transition_compression(%x: tensor<2x10x7x5xf32>, %n: tensor<4x10xf32>,
                                  %w: tensor<7x10x1x1xf32>) -> tensor<2x7x3x2xf32> {
  %0 = densenet.transition %x : tensor<2x10x7x5xf32>
         norm(%n : tensor<4x10xf32>) conv(%w : tensor<7x10x1x1xf32>)
         {compression = 0.75 : f64} -> tensor<2x7x3x2xf32>
  return %0 : tensor<2x7x3x2xf32>
}

// compression 1 (no compression), explicit epsilon.
// CHECK-LABEL: func.func @transition_no_compression(
// CHECK: densenet.transition %{{.*}} : tensor<1x6x4x4xf32> norm(%{{.*}} : tensor<4x6xf32>) conv(%{{.*}} : tensor<6x6x1x1xf32>) {compression = 1.000000e+00 : f64, epsilon = 1.000000e-03 : f64} -> tensor<1x6x2x2xf32>
func.func @transition_no_compression(%x: tensor<1x6x4x4xf32>, %n: tensor<4x6xf32>,
                                     %w: tensor<6x6x1x1xf32>) -> tensor<1x6x2x2xf32> {
  %0 = densenet.transition %x : tensor<1x6x4x4xf32>
         norm(%n : tensor<4x6xf32>) conv(%w : tensor<6x6x1x1xf32>)
         {compression = 1.0 : f64, epsilon = 1.0e-3 : f64} -> tensor<1x6x2x2xf32>
  return %0 : tensor<1x6x2x2xf32>
}

// CHECK-LABEL: func.func @classifier(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<2x16x4x4xf32>, %[[N:[a-zA-Z0-9_]+]]: tensor<4x16xf32>, %[[W:[a-zA-Z0-9_]+]]: tensor<10x16xf32>, %[[B:[a-zA-Z0-9_]+]]: tensor<10xf32>)
// CHECK: %[[R:.*]] = densenet.classifier %[[X]] : tensor<2x16x4x4xf32> norm(%[[N]] : tensor<4x16xf32>) fc(%[[W]], %[[B]] : tensor<10x16xf32>, tensor<10xf32>) -> tensor<2x10xf32>
// CHECK: return %[[R]] : tensor<2x10xf32>
func.func @classifier(%x: tensor<2x16x4x4xf32>, %n: tensor<4x16xf32>,
                      %w: tensor<10x16xf32>, %b: tensor<10xf32>) -> tensor<2x10xf32> {
  %0 = densenet.classifier %x : tensor<2x16x4x4xf32> norm(%n : tensor<4x16xf32>)
         fc(%w, %b : tensor<10x16xf32>, tensor<10xf32>) -> tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// CHECK-LABEL: func.func @classifier_epsilon(
// CHECK: densenet.classifier %{{.*}} : tensor<1x3x1x1xf32> norm(%{{.*}} : tensor<4x3xf32>) fc(%{{.*}}, %{{.*}} : tensor<5x3xf32>, tensor<5xf32>) {epsilon = 1.000000e-03 : f64} -> tensor<1x5xf32>
func.func @classifier_epsilon(%x: tensor<1x3x1x1xf32>, %n: tensor<4x3xf32>,
                              %w: tensor<5x3xf32>, %b: tensor<5xf32>) -> tensor<1x5xf32> {
  %0 = densenet.classifier %x : tensor<1x3x1x1xf32> norm(%n : tensor<4x3xf32>)
         fc(%w, %b : tensor<5x3xf32>, tensor<5xf32>) {epsilon = 1.0e-3 : f64}
         -> tensor<1x5xf32>
  return %0 : tensor<1x5xf32>
}

// CHECK-LABEL: func.func @concat(
// CHECK-SAME: %[[A:[a-zA-Z0-9_]+]]: tensor<1x8x4x4xf32>, %[[B:[a-zA-Z0-9_]+]]: tensor<1x4x4x4xf32>)
// CHECK: %[[R:.*]] = densenet.concat %[[A]], %[[B]] : tensor<1x8x4x4xf32>, tensor<1x4x4x4xf32> -> tensor<1x12x4x4xf32>
// CHECK: return %[[R]]
func.func @concat(%a: tensor<1x8x4x4xf32>,
                  %b: tensor<1x4x4x4xf32>) -> tensor<1x12x4x4xf32> {
  %0 = densenet.concat %a, %b : tensor<1x8x4x4xf32>, tensor<1x4x4x4xf32>
         -> tensor<1x12x4x4xf32>
  return %0 : tensor<1x12x4x4xf32>
}

// CHECK-LABEL: func.func @concat_three(
// CHECK: densenet.concat %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x3x5x6xf32>, tensor<2x1x5x6xf32>, tensor<2x2x5x6xf32> -> tensor<2x6x5x6xf32>
func.func @concat_three(%a: tensor<2x3x5x6xf32>, %b: tensor<2x1x5x6xf32>,
                        %c: tensor<2x2x5x6xf32>) -> tensor<2x6x5x6xf32> {
  %0 = densenet.concat %a, %b, %c
         : tensor<2x3x5x6xf32>, tensor<2x1x5x6xf32>, tensor<2x2x5x6xf32>
         -> tensor<2x6x5x6xf32>
  return %0 : tensor<2x6x5x6xf32>
}

// A single input is a valid (identity) concatenation.
// CHECK-LABEL: func.func @concat_single(
// CHECK: densenet.concat %{{.*}} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
func.func @concat_single(%a: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %0 = densenet.concat %a : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

//===----------------------------------------------------------------------===//
// Primitive layers
//===----------------------------------------------------------------------===//

// Defaults: stride 1, no padding (both elided when printed): 8 - 3 + 1 = 6.
// CHECK-LABEL: func.func @conv2d(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x4x8x8xf32>, %[[W:[a-zA-Z0-9_]+]]: tensor<6x4x3x3xf32>)
// CHECK: %[[R:.*]] = densenet.conv2d %[[X]], %[[W]] : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
// CHECK: return %[[R]]
// GENERIC-LABEL: sym_name = "conv2d"
// GENERIC: "densenet.conv2d"(%{{.*}}, %{{.*}}) <{padding = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}>
func.func @conv2d(%x: tensor<1x4x8x8xf32>,
                  %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  %0 = densenet.conv2d %x, %w : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>
         -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// CHECK-LABEL: func.func @conv2d_bias(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x4x8x8xf32>, %[[W:[a-zA-Z0-9_]+]]: tensor<6x4x1x1xf32>, %[[B:[a-zA-Z0-9_]+]]: tensor<6xf32>)
// CHECK: %[[R:.*]] = densenet.conv2d %[[X]], %[[W]] bias(%[[B]]) : tensor<1x4x8x8xf32>, tensor<6x4x1x1xf32>, tensor<6xf32> -> tensor<1x6x8x8xf32>
// CHECK: return %[[R]]
func.func @conv2d_bias(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x1x1xf32>,
                       %b: tensor<6xf32>) -> tensor<1x6x8x8xf32> {
  %0 = densenet.conv2d %x, %w bias(%b)
         : tensor<1x4x8x8xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>
         -> tensor<1x6x8x8xf32>
  return %0 : tensor<1x6x8x8xf32>
}

// stride 2, pad 1: floor((9 + 2 - 3) / 2) + 1 = 5.
// CHECK-LABEL: func.func @conv2d_stride_padding(
// CHECK: densenet.conv2d %{{.*}}, %{{.*}} bias(%{{.*}}) {padding = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>} : tensor<1x4x9x9xf32>, tensor<6x4x3x3xf32>, tensor<6xf32> -> tensor<1x6x5x5xf32>
func.func @conv2d_stride_padding(%x: tensor<1x4x9x9xf32>, %w: tensor<6x4x3x3xf32>,
                                 %b: tensor<6xf32>) -> tensor<1x6x5x5xf32> {
  %0 = densenet.conv2d %x, %w bias(%b)
         {stride = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
         : tensor<1x4x9x9xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>
         -> tensor<1x6x5x5xf32>
  return %0 : tensor<1x6x5x5xf32>
}

// Asymmetric: H = (8 + 0 + 1 - 3) / 1 + 1 = 7, W = (8 + 2 + 0 - 5) / 2 + 1 = 3.
// CHECK-LABEL: func.func @conv2d_asymmetric(
// CHECK: densenet.conv2d %{{.*}}, %{{.*}} {padding = array<i64: 0, 2, 1, 0>, stride = array<i64: 1, 2>} : tensor<1x2x8x8xf32>, tensor<3x2x3x5xf32> -> tensor<1x3x7x3xf32>
func.func @conv2d_asymmetric(%x: tensor<1x2x8x8xf32>,
                             %w: tensor<3x2x3x5xf32>) -> tensor<1x3x7x3xf32> {
  %0 = densenet.conv2d %x, %w
         {stride = array<i64: 1, 2>, padding = array<i64: 0, 2, 1, 0>}
         : tensor<1x2x8x8xf32>, tensor<3x2x3x5xf32> -> tensor<1x3x7x3xf32>
  return %0 : tensor<1x3x7x3xf32>
}

// The result type of batch_norm is inferred (not written in the format).
// CHECK-LABEL: func.func @batch_norm(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x8x4x4xf32>, %[[N:[a-zA-Z0-9_]+]]: tensor<4x8xf32>)
// CHECK: %[[R:.*]] = densenet.batch_norm %[[X]], %[[N]] : tensor<1x8x4x4xf32>, tensor<4x8xf32>
// CHECK: %[[E:.*]] = densenet.batch_norm %[[R]], %[[N]] {epsilon = 1.000000e-03 : f64} : tensor<1x8x4x4xf32>, tensor<4x8xf32>
// CHECK: return %[[E]] : tensor<1x8x4x4xf32>
func.func @batch_norm(%x: tensor<1x8x4x4xf32>,
                      %n: tensor<4x8xf32>) -> tensor<1x8x4x4xf32> {
  %0 = densenet.batch_norm %x, %n : tensor<1x8x4x4xf32>, tensor<4x8xf32>
  %1 = densenet.batch_norm %0, %n {epsilon = 1.0e-3 : f64}
         : tensor<1x8x4x4xf32>, tensor<4x8xf32>
  return %1 : tensor<1x8x4x4xf32>
}

// relu takes any ranked tensor.
// CHECK-LABEL: func.func @relu(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x8x4x4xf32>, %[[V:[a-zA-Z0-9_]+]]: tensor<2x10xf32>)
// CHECK: %[[R:.*]] = densenet.relu %[[X]] : tensor<1x8x4x4xf32>
// CHECK: %[[S:.*]] = densenet.relu %[[V]] : tensor<2x10xf32>
// CHECK: return %[[R]], %[[S]]
func.func @relu(%x: tensor<1x8x4x4xf32>, %v: tensor<2x10xf32>)
    -> (tensor<1x8x4x4xf32>, tensor<2x10xf32>) {
  %0 = densenet.relu %x : tensor<1x8x4x4xf32>
  %1 = densenet.relu %v : tensor<2x10xf32>
  return %0, %1 : tensor<1x8x4x4xf32>, tensor<2x10xf32>
}

// 3x3/2 pad 1: (8 + 2 - 3) / 2 + 1 = 4.
// CHECK-LABEL: func.func @max_pool(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x8x8x8xf32>)
// CHECK: %[[R:.*]] = densenet.max_pool %[[X]] {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>} : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
// CHECK: return %[[R]]
func.func @max_pool(%x: tensor<1x8x8x8xf32>) -> tensor<1x8x4x4xf32> {
  %0 = densenet.max_pool %x {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>,
                             padding = array<i64: 1, 1, 1, 1>}
         : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// Default padding is elided: 2x3/1x2 on 5x7 -> 4x3.
// CHECK-LABEL: func.func @max_pool_no_padding(
// CHECK: densenet.max_pool %{{.*}} {kernel = array<i64: 2, 3>, stride = array<i64: 1, 2>} : tensor<1x2x5x7xf32> -> tensor<1x2x4x3xf32>
func.func @max_pool_no_padding(%x: tensor<1x2x5x7xf32>) -> tensor<1x2x4x3xf32> {
  %0 = densenet.max_pool %x {kernel = array<i64: 2, 3>, stride = array<i64: 1, 2>}
         : tensor<1x2x5x7xf32> -> tensor<1x2x4x3xf32>
  return %0 : tensor<1x2x4x3xf32>
}

// 2x2/2 on an odd size floors: 7 -> 3.
// CHECK-LABEL: func.func @avg_pool(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x8x7x7xf32>)
// CHECK: %[[R:.*]] = densenet.avg_pool %[[X]] {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>} : tensor<1x8x7x7xf32> -> tensor<1x8x3x3xf32>
// CHECK: return %[[R]]
// GENERIC-LABEL: sym_name = "avg_pool"
// GENERIC: "densenet.avg_pool"(%{{.*}}) <{kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}>
func.func @avg_pool(%x: tensor<1x8x7x7xf32>) -> tensor<1x8x3x3xf32> {
  %0 = densenet.avg_pool %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>}
         : tensor<1x8x7x7xf32> -> tensor<1x8x3x3xf32>
  return %0 : tensor<1x8x3x3xf32>
}

// Asymmetric padding [top, left, bottom, right] = [1, 0, 0, 1]:
// H = 5 + 1 - 3 + 1 = 4, W = 6 + 1 - 3 + 1 = 5.
// CHECK-LABEL: func.func @avg_pool_padding(
// CHECK: densenet.avg_pool %{{.*}} {kernel = array<i64: 3, 3>, padding = array<i64: 1, 0, 0, 1>, stride = array<i64: 1, 1>} : tensor<1x2x5x6xf32> -> tensor<1x2x4x5xf32>
func.func @avg_pool_padding(%x: tensor<1x2x5x6xf32>) -> tensor<1x2x4x5xf32> {
  %0 = densenet.avg_pool %x {kernel = array<i64: 3, 3>, stride = array<i64: 1, 1>,
                             padding = array<i64: 1, 0, 0, 1>}
         : tensor<1x2x5x6xf32> -> tensor<1x2x4x5xf32>
  return %0 : tensor<1x2x4x5xf32>
}

// CHECK-LABEL: func.func @global_avg_pool(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<2x8x4x4xf32>)
// CHECK: %[[R:.*]] = densenet.global_avg_pool %[[X]] : tensor<2x8x4x4xf32> -> tensor<2x8xf32>
// CHECK: return %[[R]] : tensor<2x8xf32>
func.func @global_avg_pool(%x: tensor<2x8x4x4xf32>) -> tensor<2x8xf32> {
  %0 = densenet.global_avg_pool %x : tensor<2x8x4x4xf32> -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// CHECK-LABEL: func.func @linear(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<2x8xf32>, %[[W:[a-zA-Z0-9_]+]]: tensor<10x8xf32>, %[[B:[a-zA-Z0-9_]+]]: tensor<10xf32>)
// CHECK: %[[R:.*]] = densenet.linear %[[X]], %[[W]], %[[B]] : tensor<2x8xf32>, tensor<10x8xf32>, tensor<10xf32> -> tensor<2x10xf32>
// CHECK: return %[[R]] : tensor<2x10xf32>
func.func @linear(%x: tensor<2x8xf32>, %w: tensor<10x8xf32>,
                  %b: tensor<10xf32>) -> tensor<2x10xf32> {
  %0 = densenet.linear %x, %w, %b : tensor<2x8xf32>, tensor<10x8xf32>, tensor<10xf32>
         -> tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// Primitive layers chained the way a dense layer decomposes; checks that
// results feed operands through the round trip.
// CHECK-LABEL: func.func @primitive_chain(
// CHECK-SAME: %[[X:[a-zA-Z0-9_]+]]: tensor<1x4x6x6xf32>, %[[N:[a-zA-Z0-9_]+]]: tensor<4x4xf32>, %[[W:[a-zA-Z0-9_]+]]: tensor<2x4x3x3xf32>)
// CHECK: %[[BN:.*]] = densenet.batch_norm %[[X]], %[[N]]
// CHECK: %[[RELU:.*]] = densenet.relu %[[BN]]
// CHECK: %[[CONV:.*]] = densenet.conv2d %[[RELU]], %[[W]] {padding = array<i64: 1, 1, 1, 1>}
// CHECK: %[[CAT:.*]] = densenet.concat %[[X]], %[[CONV]] : tensor<1x4x6x6xf32>, tensor<1x2x6x6xf32> -> tensor<1x6x6x6xf32>
// CHECK: return %[[CAT]]
func.func @primitive_chain(%x: tensor<1x4x6x6xf32>, %n: tensor<4x4xf32>,
                           %w: tensor<2x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  %0 = densenet.batch_norm %x, %n : tensor<1x4x6x6xf32>, tensor<4x4xf32>
  %1 = densenet.relu %0 : tensor<1x4x6x6xf32>
  %2 = densenet.conv2d %1, %w {padding = array<i64: 1, 1, 1, 1>}
         : tensor<1x4x6x6xf32>, tensor<2x4x3x3xf32> -> tensor<1x2x6x6xf32>
  %3 = densenet.concat %x, %2 : tensor<1x4x6x6xf32>, tensor<1x2x6x6xf32>
         -> tensor<1x6x6x6xf32>
  return %3 : tensor<1x6x6x6xf32>
}
